"""Handlers of the Conversations API: conversations and their items.

Each handler takes the request's ``Ctx`` and runs with the store lock held.
"""

from __future__ import annotations

from typing import List

from multiassist.testing.context import Ctx, Route
from multiassist.testing.flavors import AZURE, FOUNDRY
from multiassist.testing.object_store import JSONDict
from multiassist.testing.responses.azure_content import check_azure_content
from multiassist.testing.responses.items import (
    include_values,
    new_id,
    render_item,
    render_items,
    stored_items,
)
from multiassist.testing.responses.request_bodies import (
    ADD_ITEMS,
    CREATE_CONVERSATION,
    UPDATE_CONVERSATION,
)
from multiassist.testing.responses.tables import (
    CONVERSATION_ITEMS,
    CONVERSATIONS,
    add_items,
    conversation_items,
    find_conversation,
    find_item,
    item_resolver,
)
from multiassist.testing.wire.listing import paginate
from multiassist.testing.wire.problems import azure_resource_not_found


def conversations_served(ctx: Ctx) -> None:
    """Azure's 404 when conversations are switched off on the resource surface
    (``Settings.azure_conversations``)."""
    if ctx.wire == AZURE and not ctx.settings.azure_conversations:
        raise azure_resource_not_found()


def _azure_rules(ctx: Ctx, items: List[JSONDict]) -> None:
    if ctx.wire in (AZURE, FOUNDRY):
        check_azure_content(ctx.store, items, "items")


def create_conversation(ctx: Ctx) -> JSONDict:
    """POST /conversations"""
    body = ctx.payload(CREATE_CONVERSATION)
    items = stored_items(body.get("items"), item_resolver(ctx.store, []))
    _azure_rules(ctx, items)
    conversation: JSONDict = {
        "id": new_id("conversation"),
        "object": "conversation",
        "created_at": ctx.store.now(),
        "metadata": dict(body.get("metadata") or {}),
    }
    ctx.store.table(CONVERSATIONS).add(conversation)
    add_items(ctx.store, conversation["id"], items)
    return conversation


def retrieve_conversation(ctx: Ctx) -> JSONDict:
    """GET /conversations/{conversation_id}"""
    return find_conversation(ctx.store, ctx.params["conversation_id"]).obj


def update_conversation(ctx: Ctx) -> JSONDict:
    """POST /conversations/{conversation_id} (metadata only)"""
    body = ctx.payload(UPDATE_CONVERSATION)
    rec = find_conversation(ctx.store, ctx.params["conversation_id"])
    rec.obj["metadata"] = dict(body["metadata"] or {})
    return rec.obj


def delete_conversation(ctx: Ctx) -> JSONDict:
    """DELETE /conversations/{conversation_id}: "Items in the conversation will not be
    deleted" (the spec); they stay in the store, out of reach of the API."""
    rec = find_conversation(ctx.store, ctx.params["conversation_id"])
    ctx.store.table(CONVERSATIONS).remove(rec.id)
    return {"id": rec.id, "object": "conversation.deleted", "deleted": True}


def create_items(ctx: Ctx) -> JSONDict:
    """POST /conversations/{conversation_id}/items -> the created items, as a list"""
    include = include_values(ctx.query)
    body = ctx.payload(ADD_ITEMS)
    rec = find_conversation(ctx.store, ctx.params["conversation_id"])
    resolve = item_resolver(ctx.store, conversation_items(ctx.store, rec.id))
    items = stored_items(body["items"], resolve)
    _azure_rules(ctx, items)
    added = add_items(ctx.store, rec.id, items)
    return {
        "object": "list",
        "data": render_items(added, include),
        "first_id": added[0]["id"] if added else None,
        "last_id": added[-1]["id"] if added else None,
        "has_more": False,
    }


def list_items(ctx: Ctx) -> JSONDict:
    """GET /conversations/{conversation_id}/items (limit / order / after / include)"""
    include = include_values(ctx.query)
    rec = find_conversation(ctx.store, ctx.params["conversation_id"])
    page = paginate(
        ctx.store.table(CONVERSATION_ITEMS, rec.id),
        ctx.query,
        allow_before=False,
        render=lambda item: render_item(item.obj, include),
    )
    # The spec's ConversationItemList requires first_id and last_id as strings, empty or not.
    for key in ("first_id", "last_id"):
        if page[key] is None:
            page[key] = ""
    return page


def retrieve_item(ctx: Ctx) -> JSONDict:
    """GET /conversations/{conversation_id}/items/{item_id}"""
    include = include_values(ctx.query)
    rec = find_conversation(ctx.store, ctx.params["conversation_id"])
    return render_item(find_item(ctx.store, rec.id, ctx.params["item_id"]).obj, include)


def delete_item(ctx: Ctx) -> JSONDict:
    """DELETE /conversations/{conversation_id}/items/{item_id} -> the conversation"""
    rec = find_conversation(ctx.store, ctx.params["conversation_id"])
    item = find_item(ctx.store, rec.id, ctx.params["item_id"])
    ctx.store.table(CONVERSATION_ITEMS, rec.id).remove(item.id)
    return rec.obj


ROUTES: List[Route] = [
    ("POST", "conversations", create_conversation),
    ("GET", "conversations/{conversation_id}", retrieve_conversation),
    ("POST", "conversations/{conversation_id}", update_conversation),
    ("DELETE", "conversations/{conversation_id}", delete_conversation),
    ("POST", "conversations/{conversation_id}/items", create_items),
    ("GET", "conversations/{conversation_id}/items", list_items),
    ("GET", "conversations/{conversation_id}/items/{item_id}", retrieve_item),
    ("DELETE", "conversations/{conversation_id}/items/{item_id}", delete_item),
]
