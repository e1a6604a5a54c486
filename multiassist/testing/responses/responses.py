"""Handlers of the Responses API: create, retrieve, delete, cancel and list input items.

Each handler takes the request's ``Ctx`` and runs with the store lock held (the router
serialises the answer before releasing it).
"""

from __future__ import annotations

import copy
from typing import Any, Dict, List, Optional

from multiassist.testing.context import Ctx, Reply, Route
from multiassist.testing.flavors import AZURE, FOUNDRY
from multiassist.testing.object_store import JSONDict, Record
from multiassist.testing.responses.azure_content import check_azure_content
from multiassist.testing.responses.context_window import items_dropped
from multiassist.testing.responses.conversations import conversations_served
from multiassist.testing.responses.engine import ACTIVE, ResponseEvents, view
from multiassist.testing.responses.items import include_values, new_id, render_item, stored_items
from multiassist.testing.responses.request_bodies import CREATE_RESPONSE
from multiassist.testing.responses.tables import (
    RESPONSES,
    conversation_items,
    find_conversation,
    find_response,
    item_resolver,
)
from multiassist.testing.wire.event_stream import CONTENT_TYPE, EventStream, frame
from multiassist.testing.wire.listing import paginate, query_value
from multiassist.testing.wire.problems import ApiError, bad_request, not_found

DEFAULT_MAX_NUM_RESULTS = 20


def _conversation_id(value: Any) -> Optional[str]:
    if isinstance(value, dict):
        return str(value["id"])
    return None if value is None else str(value)


def _chain(prev: Record) -> List[JSONDict]:
    """Everything a follow-up of ``prev`` sees before its own input."""
    seen = prev.extra.get("seen")
    if seen is None:
        seen = list(prev.extra["base"]) + list(prev.extra["input_items"])
    return copy.deepcopy(list(seen) + list(prev.obj["output"]))


def _check_tool_round(items: List[JSONDict]) -> None:
    """Every function output answers a call, and every call has its output."""
    calls = [i for i in items if i.get("type") == "function_call"]
    outputs = [i for i in items if i.get("type") == "function_call_output"]
    call_ids = {str(c.get("call_id")) for c in calls}
    output_ids = {str(o.get("call_id")) for o in outputs}
    for output in outputs:
        if str(output.get("call_id")) not in call_ids:
            raise bad_request(
                "No tool call found for function call output with call_id "
                f"{output.get('call_id')}.",
                param="input",
            )
    for call in calls:
        if str(call.get("call_id")) not in output_ids:
            raise bad_request(
                f"No tool output found for function call {call.get('call_id')}.", param="input"
            )


def _tools(ctx: Ctx, tools: List[JSONDict]) -> List[JSONDict]:
    """The request's tools as the response echoes them (defaults filled in)."""
    echoed: List[JSONDict] = []
    for tool in tools:
        if tool["type"] == "function":
            strict = tool.get("strict")
            echoed.append(
                {
                    "type": "function",
                    "name": tool["name"],
                    "description": tool.get("description"),
                    "parameters": copy.deepcopy(tool.get("parameters")),
                    "strict": True if strict is None else strict,
                }
            )
        elif tool["type"] == "file_search":
            for vs_id in tool["vector_store_ids"]:
                if ctx.store.table("vector_store").get(vs_id) is None:
                    raise not_found("vector store", vs_id)
            ranking = {"ranker": "auto", "score_threshold": 0.0}
            ranking.update(tool.get("ranking_options") or {})
            echoed.append(
                {
                    "type": "file_search",
                    "vector_store_ids": list(tool["vector_store_ids"]),
                    "filters": copy.deepcopy(tool.get("filters")),
                    "max_num_results": tool.get("max_num_results", DEFAULT_MAX_NUM_RESULTS),
                    "ranking_options": ranking,
                }
            )
        else:
            echoed.append({"type": tool["type"], "container": copy.deepcopy(tool["container"])})
    return echoed


def _new_response(ctx: Ctx, body: JSONDict, tools: List[JSONDict], conv: Optional[str]) -> JSONDict:
    given_text: JSONDict = body["text"] if isinstance(body.get("text"), dict) else {}
    service_tier = body.get("service_tier")
    return {
        "id": new_id("response"),
        "object": "response",
        "created_at": ctx.store.now(),
        "status": "queued" if body.get("background") else "in_progress",
        "background": bool(body.get("background")),
        "completed_at": None,
        "conversation": None if conv is None else {"id": conv},
        "error": None,
        "incomplete_details": None,
        "instructions": body.get("instructions"),
        "max_output_tokens": body.get("max_output_tokens"),
        "max_tool_calls": body.get("max_tool_calls"),
        "model": body["model"],
        "output": [],
        "parallel_tool_calls": body.get("parallel_tool_calls") is not False,
        "previous_response_id": body.get("previous_response_id"),
        "prompt_cache_key": body.get("prompt_cache_key"),
        "reasoning": copy.deepcopy(body.get("reasoning")) or {"effort": None, "summary": None},
        "safety_identifier": body.get("safety_identifier"),
        "service_tier": "default" if service_tier in (None, "auto") else service_tier,
        "store": body.get("store") is not False,
        "temperature": 1.0 if body.get("temperature") is None else body["temperature"],
        "text": {"format": {"type": "text"}, "verbosity": "medium", **copy.deepcopy(given_text)},
        "tool_choice": copy.deepcopy(body.get("tool_choice")) or "auto",
        "tools": tools,
        "top_logprobs": body.get("top_logprobs") or 0,
        "top_p": 1.0 if body.get("top_p") is None else body["top_p"],
        "truncation": body.get("truncation") or "disabled",
        "metadata": dict(body.get("metadata") or {}),
    }


def create_response(ctx: Ctx) -> Any:
    """POST /responses"""
    body = ctx.payload(CREATE_RESPONSE)
    ctx.check_model(body["model"])
    conv_id = _conversation_id(body.get("conversation"))
    prev_id: Optional[str] = body.get("previous_response_id")
    background = bool(body.get("background"))
    if conv_id is not None and prev_id is not None:
        raise bad_request(
            "Mutually exclusive parameters: Ensure you are only providing one of: "
            "'previous_response_id' or 'conversation'.",
            param="conversation",
            code="mutually_exclusive_parameters",
        )
    if background and body.get("store") is False:
        raise bad_request("Background mode requires 'store' to be true.", param="background")
    base: List[JSONDict] = []
    conversation: Optional[Record] = None
    if conv_id is not None:
        conversations_served(ctx)
        conversation = find_conversation(ctx.store, conv_id)
        locker = ctx.store.table(RESPONSES).get(conversation.extra.get("active_response", ""))
        if locker is not None and locker.obj["status"] in ACTIVE:
            raise ApiError(
                400,
                "Another process is currently operating on this conversation. Please retry "
                "in a few seconds.",
                param="conversation",
                code="conversation_locked",
            )
        base = conversation_items(ctx.store, conv_id)
    if prev_id is not None:
        prev = ctx.store.table(RESPONSES).get(prev_id)
        if prev is None:
            raise ApiError(
                404,
                f"Previous response with id '{prev_id}' not found.",
                param="previous_response_id",
                code="previous_response_not_found",
            )
        if prev.obj["status"] in ACTIVE:
            raise bad_request(
                f"Previous response with id '{prev_id}' is still in progress.",
                param="previous_response_id",
            )
        base = _chain(prev)
    input_items = stored_items(body.get("input"), item_resolver(ctx.store, base))
    if ctx.wire in (AZURE, FOUNDRY):
        check_azure_content(ctx.store, input_items, "input")
    _check_tool_round(base + input_items)
    dropped = items_dropped(ctx.settings.context_windows, body["model"],
                            body.get("instructions"), base + input_items, body.get("truncation"))
    resp = _new_response(ctx, body, _tools(ctx, body.get("tools") or []), conv_id)
    extra: Dict[str, Any] = {
        "base": base,
        "input_items": input_items,
        "conversation": conv_id,
        "dropped": dropped,
    }
    stored = resp["store"]
    rec = ctx.store.table(RESPONSES).add(resp, **extra) if stored else Record(resp, 0, extra)
    ctx.responses.prepare(rec)
    if background and conversation is not None:
        conversation.extra["active_response"] = rec.id
    include = list(body.get("include") or [])
    if body.get("stream"):
        events = ResponseEvents(include=include)
        ctx.responses.open(rec, events)
        stream = ctx.responses.stream(rec, events)
        if background:
            rec.extra["events"] = events  # GET ...?stream=true&starting_after=n resumes it
        headers = {"cache-control": "no-cache"}
        return Reply(stream=stream, content_type=CONTENT_TYPE, headers=headers)
    if not background:
        ctx.responses.settle(rec)
    return view(rec, include)


def retrieve_response(ctx: Ctx) -> Any:
    """GET /responses/{response_id} -- each retrieve advances a background response;
    ``stream=true`` (with ``starting_after``) streams a background response's events again."""
    include = include_values(ctx.query)
    rec = find_response(ctx.store, ctx.params["response_id"])
    if query_value(ctx.query, "stream") in ("true", "True", "1"):
        return _resume(rec, query_value(ctx.query, "starting_after"))
    ctx.responses.advance(rec)
    return view(rec, include)


def _resume(rec: Record, starting_after: Optional[str]) -> Reply:
    """The events of a streamed background response after sequence number
    ``starting_after`` (all of them without it), as an event stream."""
    events: Optional[ResponseEvents] = rec.extra.get("events")
    if events is None:
        raise bad_request(
            "Only background responses created with 'stream' true can be streamed again.",
            param="stream",
        )
    after = -1
    if starting_after is not None:
        try:
            after = int(starting_after)
        except ValueError:
            raise bad_request(
                "Invalid type for 'starting_after': expected an integer, but got a string "
                "instead.",
                param="starting_after",
                code="invalid_type",
            ) from None
    chunks = [frame(kind, data) for number, (kind, data) in enumerate(events.events)
              if number > after]
    return Reply(stream=EventStream(chunks), content_type=CONTENT_TYPE,
                 headers={"cache-control": "no-cache"})


def delete_response(ctx: Ctx) -> JSONDict:
    """DELETE /responses/{response_id}"""
    rec = find_response(ctx.store, ctx.params["response_id"])
    ctx.store.table(RESPONSES).remove(rec.id)
    return {"id": rec.id, "object": "response", "deleted": True}


def cancel_response(ctx: Ctx) -> JSONDict:
    """POST /responses/{response_id}/cancel"""
    rec = find_response(ctx.store, ctx.params["response_id"])
    ctx.responses.cancel(rec)
    return view(rec, [])


def list_input_items(ctx: Ctx) -> JSONDict:
    """GET /responses/{response_id}/input_items"""
    include = include_values(ctx.query)
    rec = find_response(ctx.store, ctx.params["response_id"])
    records = [Record(item, index) for index, item in enumerate(rec.extra["input_items"])]
    return paginate(
        records, ctx.query, allow_before=False, render=lambda r: render_item(r.obj, include)
    )


ROUTES: List[Route] = [
    ("POST", "responses", create_response),
    ("GET", "responses/{response_id}", retrieve_response),
    ("DELETE", "responses/{response_id}", delete_response),
    ("POST", "responses/{response_id}/cancel", cancel_response),
    ("GET", "responses/{response_id}/input_items", list_input_items),
]
