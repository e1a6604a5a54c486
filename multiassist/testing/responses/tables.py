"""Where responses and conversations live in the shared ``Store``, and their lookups.

Tables: ``("response", "")`` (responses created with ``store`` true), ``("conversation",
"")`` and ``("conv_item", <conversation id>)`` (the conversation's items in order). A
conversation record's ``extra["active_response"]`` names its last background response,
which locks the conversation while it is queued or in progress. Call everything with
``Store.lock`` held.
"""

from __future__ import annotations

import copy
import itertools
from typing import Callable, Iterable, Iterator, List

from multiassist.testing.object_store import JSONDict, Record, Store
from multiassist.testing.wire.problems import ApiError, bad_request

RESPONSES = "response"
CONVERSATIONS = "conversation"
CONVERSATION_ITEMS = "conv_item"


def response_not_found(response_id: str) -> ApiError:
    """404 for an unknown (or deleted, or never stored) response."""
    return ApiError(404, f"Response with id '{response_id}' not found.")


def find_response(store: Store, response_id: str) -> Record:
    """The stored response with this id, or a 404."""
    rec = store.table(RESPONSES).get(response_id)
    if rec is None:
        raise response_not_found(response_id)
    return rec


def find_conversation(store: Store, conversation_id: str) -> Record:
    """The conversation with this id, or a 404."""
    rec = store.table(CONVERSATIONS).get(conversation_id)
    if rec is None:
        raise ApiError(404, f"Conversation with id '{conversation_id}' not found.")
    return rec


def find_item(store: Store, conversation_id: str, item_id: str) -> Record:
    """The conversation's item with this id, or a 404."""
    rec = store.table(CONVERSATION_ITEMS, conversation_id).get(item_id)
    if rec is None:
        raise ApiError(404, f"Item with id '{item_id}' not found.")
    return rec


def conversation_items(store: Store, conversation_id: str) -> List[JSONDict]:
    """Copies of the conversation's items, oldest first."""
    return [copy.deepcopy(rec.obj) for rec in store.table(CONVERSATION_ITEMS, conversation_id)]


def add_items(store: Store, conversation_id: str, items: Iterable[JSONDict]) -> List[JSONDict]:
    """Append items to a conversation (400 when one's id is already there)."""
    table = store.table(CONVERSATION_ITEMS, conversation_id)
    added = list(items)
    ids = [str(item["id"]) for item in added]
    for item_id in ids:
        if table.get(item_id) is not None or ids.count(item_id) > 1:
            raise bad_request(f"Duplicate item found with id {item_id}.", param="items")
    for item in added:
        table.add(item)
    return added


def _stored_items(store: Store) -> Iterator[JSONDict]:
    """Every stored item: conversation items, then responses' input and output items."""
    for conversation in store.table(CONVERSATIONS):
        for rec in store.table(CONVERSATION_ITEMS, conversation.id):
            yield rec.obj
    for rec in store.table(RESPONSES):
        yield from rec.extra.get("input_items", [])
        yield from rec.obj["output"]


def item_resolver(store: Store, nearby: Iterable[JSONDict]) -> Callable[[str], JSONDict]:
    """Looks up the item an ``item_reference`` names: among ``nearby`` items first, then
    every stored item (404 when none has that id)."""
    first = list(nearby)

    def resolve(item_id: str) -> JSONDict:
        for item in itertools.chain(first, _stored_items(store)):
            if item.get("id") == item_id:
                return item
        raise ApiError(404, f"Item with id '{item_id}' not found.", param="input")

    return resolve
