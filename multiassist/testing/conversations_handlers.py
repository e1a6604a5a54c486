"""Handlers of the Conversations API: conversations and their items.

Each handler takes the ``ResponsesService`` and the request's ``Ctx`` and runs with the
store lock held.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from multiassist.testing.context import Ctx
from multiassist.testing.pagination import paginate
from multiassist.testing.responses_items import (
    include_values,
    new_id,
    render_item,
    render_items,
    stored_items,
)
from multiassist.testing.responses_requests import (
    ADD_ITEMS,
    CREATE_CONVERSATION,
    UPDATE_CONVERSATION,
)
from multiassist.testing.responses_store import (
    CONVERSATION_ITEMS,
    CONVERSATIONS,
    add_items,
    conversation_items,
    find_conversation,
    find_item,
    item_resolver,
)
from multiassist.testing.store import JSONDict

if TYPE_CHECKING:
    from multiassist.testing.responses_app import ResponsesService


def create_conversation(svc: ResponsesService, ctx: Ctx) -> JSONDict:
    """POST /conversations"""
    body = ctx.payload(CREATE_CONVERSATION)
    items = stored_items(body.get("items"), item_resolver(ctx.store, []))
    conversation: JSONDict = {
        "id": new_id("conversation"),
        "object": "conversation",
        "created_at": ctx.store.now(),
        "metadata": dict(body.get("metadata") or {}),
    }
    ctx.store.table(CONVERSATIONS).add(conversation)
    add_items(ctx.store, conversation["id"], items)
    return conversation


def retrieve_conversation(svc: ResponsesService, ctx: Ctx) -> JSONDict:
    """GET /conversations/{conversation_id}"""
    return find_conversation(ctx.store, ctx.params["conversation_id"]).obj


def update_conversation(svc: ResponsesService, ctx: Ctx) -> JSONDict:
    """POST /conversations/{conversation_id} (metadata only)"""
    body = ctx.payload(UPDATE_CONVERSATION)
    rec = find_conversation(ctx.store, ctx.params["conversation_id"])
    rec.obj["metadata"] = dict(body["metadata"] or {})
    return rec.obj


def delete_conversation(svc: ResponsesService, ctx: Ctx) -> JSONDict:
    """DELETE /conversations/{conversation_id} (its items go with it)"""
    rec = find_conversation(ctx.store, ctx.params["conversation_id"])
    ctx.store.table(CONVERSATIONS).remove(rec.id)
    ctx.store.drop(CONVERSATION_ITEMS, rec.id)
    return {"id": rec.id, "object": "conversation.deleted", "deleted": True}


def create_items(svc: ResponsesService, ctx: Ctx) -> JSONDict:
    """POST /conversations/{conversation_id}/items -> the created items, as a list"""
    include = include_values(ctx.query)
    body = ctx.payload(ADD_ITEMS)
    rec = find_conversation(ctx.store, ctx.params["conversation_id"])
    resolve = item_resolver(ctx.store, conversation_items(ctx.store, rec.id))
    added = add_items(ctx.store, rec.id, stored_items(body["items"], resolve))
    return {
        "object": "list",
        "data": render_items(added, include),
        "first_id": added[0]["id"] if added else None,
        "last_id": added[-1]["id"] if added else None,
        "has_more": False,
    }


def list_items(svc: ResponsesService, ctx: Ctx) -> JSONDict:
    """GET /conversations/{conversation_id}/items (limit / order / after / include)"""
    include = include_values(ctx.query)
    rec = find_conversation(ctx.store, ctx.params["conversation_id"])
    return paginate(
        ctx.store.table(CONVERSATION_ITEMS, rec.id),
        ctx.query,
        allow_before=False,
        render=lambda item: render_item(item.obj, include),
    )


def retrieve_item(svc: ResponsesService, ctx: Ctx) -> JSONDict:
    """GET /conversations/{conversation_id}/items/{item_id}"""
    include = include_values(ctx.query)
    rec = find_conversation(ctx.store, ctx.params["conversation_id"])
    return render_item(find_item(ctx.store, rec.id, ctx.params["item_id"]).obj, include)


def delete_item(svc: ResponsesService, ctx: Ctx) -> JSONDict:
    """DELETE /conversations/{conversation_id}/items/{item_id} -> the conversation"""
    rec = find_conversation(ctx.store, ctx.params["conversation_id"])
    item = find_item(ctx.store, rec.id, ctx.params["item_id"])
    ctx.store.table(CONVERSATION_ITEMS, rec.id).remove(item.id)
    return rec.obj
