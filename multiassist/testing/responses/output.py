"""The output items a response's turn produces -- built-in tool calls, function calls and
the assistant's message -- each added with the Responses stream events that build it."""

from __future__ import annotations

from typing import List, Sequence

from multiassist.testing.engine.script_text import json_pieces, text_pieces
from multiassist.testing.engine.scripted_model import BuiltinCall, FunctionCall, Transcript
from multiassist.testing.engine.tool_calls import file_search
from multiassist.testing.object_store import JSONDict, Record, Store
from multiassist.testing.responses.items import (
    content_text,
    message_item,
    new_call_id,
    new_id,
    output_text,
)
from multiassist.testing.responses.response_events import ResponseEvents

__all__ = ["add_item", "builtin_call", "function_call", "reply_message", "tool_lines"]


def add_item(rec: Record, item: JSONDict, events: ResponseEvents) -> int:
    """Append ``item`` to the response's output and announce it; its output index."""
    rec.obj["output"].append(item)
    index = len(rec.obj["output"]) - 1
    events.item("response.output_item.added", index, item)
    return index


def _container(rec: Record) -> str:
    for tool in rec.obj.get("tools") or []:
        if tool["type"] == "code_interpreter" and isinstance(tool.get("container"), str):
            return str(tool["container"])
    if "container" not in rec.extra:
        rec.extra["container"] = new_id("container")
    return str(rec.extra["container"])


def builtin_call(
    store: Store, rec: Record, call: BuiltinCall, transcript: Transcript, events: ResponseEvents
) -> None:
    """Add a finished ``code_interpreter_call`` or ``file_search_call`` item, with the
    events that stream it."""
    if call.kind == "code_interpreter":
        item: JSONDict = {
            "id": new_id("code_interpreter_call"),
            "type": "code_interpreter_call",
            "status": "in_progress",
            "container_id": _container(rec),
            "code": "",
            "outputs": None,
        }
        index = add_item(rec, item, events)
        ids = {"output_index": index, "item_id": item["id"]}
        events.emit("response.code_interpreter_call.in_progress", **ids)
        for piece in json_pieces(call.code_input):
            events.emit("response.code_interpreter_call_code.delta", **ids, delta=piece)
        item["code"] = call.code_input
        events.emit("response.code_interpreter_call_code.done", **ids, code=call.code_input)
        item["status"] = "interpreting"
        events.emit("response.code_interpreter_call.interpreting", **ids)
        item.update(status="completed", outputs=[{"type": "logs", "logs": call.logs}])
        events.emit("response.code_interpreter_call.completed", **ids)
    else:
        item = {
            "id": new_id("file_search_call"),
            "type": "file_search_call",
            "status": "in_progress",
            "queries": [],
            "results": None,
        }
        index = add_item(rec, item, events)
        ids = {"output_index": index, "item_id": item["id"]}
        events.emit("response.file_search_call.in_progress", **ids)
        item["status"] = "searching"
        events.emit("response.file_search_call.searching", **ids)
        query = transcript.user_text()
        item.update(status="completed", queries=[query], results=_search(store, rec, query))
        events.emit("response.file_search_call.completed", **ids)
    events.item("response.output_item.done", index, item)


def _search(store: Store, rec: Record, query: str) -> List[JSONDict]:
    """``engine.tool_calls.file_search`` over the tool's vector stores, as Responses results."""
    tool = next(t for t in rec.obj["tools"] if t["type"] == "file_search")
    options = {
        "max_num_results": tool.get("max_num_results"),
        "ranking_options": tool.get("ranking_options") or {},
    }
    # file_search reads a run: one with no assistant and no thread, whose only
    # vector stores are the tool's.
    spec = {"type": "file_search", "file_search": options}
    run = Record(
        {"assistant_id": "", "thread_id": "", "tools": [spec]},
        0,
        {"tool_resources": {"file_search": {"vector_store_ids": tool["vector_store_ids"]}}},
    )
    _, results, contents = file_search(store, run, query)
    return [
        {
            "file_id": hit["file_id"],
            "filename": hit["file_name"],
            "score": hit["score"],
            "text": text,
            "attributes": {},
        }
        for hit, text in zip(results, contents)
    ]


def function_call(rec: Record, call: FunctionCall, events: ResponseEvents) -> None:
    """Add a finished ``function_call`` item, with the events that stream its arguments."""
    item: JSONDict = {
        "id": new_id("function_call"),
        "type": "function_call",
        "status": "in_progress",
        "arguments": "",
        "call_id": new_call_id(),
        "name": call.name,
    }
    index = add_item(rec, item, events)
    for piece in json_pieces(call.arguments):
        events.emit(
            "response.function_call_arguments.delta",
            item_id=item["id"],
            output_index=index,
            delta=piece,
        )
    item["arguments"] = call.arguments
    events.emit(
        "response.function_call_arguments.done",
        item_id=item["id"],
        name=call.name,
        output_index=index,
        arguments=call.arguments,
    )
    item["status"] = "completed"
    events.item("response.output_item.done", index, item)


def tool_lines(items: Sequence[JSONDict]) -> List[str]:
    """What the tool items (calls and their outputs) say, one line each, for the reply."""
    lines: List[str] = []
    for item in items:
        if item.get("type") == "code_interpreter_call":
            outputs = item.get("outputs") or []
            logs = "".join(str(o.get("logs", "")) for o in outputs if o.get("type") == "logs")
            lines.append(f"code_interpreter output: {logs.rstrip()}")
        elif item.get("type") == "file_search_call":
            results = item.get("results") or []
            names = ", ".join(str(r.get("filename", "")) for r in results)
            line = f"file_search found {len(results)} result(s)"
            lines.append(f"{line}: {names}" if names else line)
    outputs = {
        i.get("call_id"): content_text(i.get("output"))
        for i in items
        if i.get("type") == "function_call_output"
    }
    for item in items:
        if item.get("type") == "function_call" and item.get("call_id") in outputs:
            lines.append(f"{item.get('name')} returned: {outputs[item.get('call_id')]}")
    return lines


def reply_message(rec: Record, text: str, incomplete: bool, events: ResponseEvents) -> None:
    """Add the assistant's ``message`` item with ``text``, with the events that stream it."""
    item = message_item("assistant", "", status="in_progress")
    item["content"] = []
    index = add_item(rec, item, events)
    part = output_text("")
    where = {"item_id": item["id"], "output_index": index, "content_index": 0}
    events.emit("response.content_part.added", **where, part=part)
    for piece in text_pieces(text):
        events.emit("response.output_text.delta", **where, delta=piece, logprobs=[])
    events.emit("response.output_text.done", **where, text=text, logprobs=[])
    part = output_text(text)
    events.emit("response.content_part.done", **where, part=part)
    item.update(content=[part], status="incomplete" if incomplete else "completed")
    events.item("response.output_item.done", index, item)
