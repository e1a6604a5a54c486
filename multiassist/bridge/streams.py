"""Streamed runs on the Responses bridge: Responses SSE events in, Assistants SSE events out.

The bridge opens ``POST /responses`` with ``stream: true`` (and ``background: true``, so the
response survives a dropped connection and the run can still be polled), reads the Responses
events and writes the Assistants events a stream consumer already knows
(``thread.run.created`` ... ``thread.message.delta`` ... ``thread.run.completed`` /
``thread.run.requires_action``, then ``done``). The result is served to
:class:`~multiassist.streaming.stream.AssistantStream` as an event-stream body, so typed events,
accumulation and error handling are the same as on any other backend.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterator, List, Mapping, Optional

from multiassist.bridge.common import public
from multiassist.bridge.convert import message_from_item
from multiassist.converter import structure
from multiassist.errors import ResponseDecodeError, StreamInterruptedError
from multiassist.http.messages import StreamBody
from multiassist.http.transport import open_body
from multiassist.models import Run
from multiassist.streaming.sse import iter_sse

if TYPE_CHECKING:
    import requests

__all__ = ["event_stream", "translate_stream"]

Call = Callable[..., Any]


def _frame(event: str, data: Any) -> bytes:
    payload = data if isinstance(data, str) else json.dumps(data, separators=(",", ":"))
    return f"event: {event}\ndata: {payload}\n\n".encode()


def translate_stream(
    bridge: Any, call: Call, run: Dict[str, Any], upstream: requests.Response,
    *, thread_created: Optional[Dict[str, Any]] = None,
) -> Iterator[bytes]:
    """Assistants SSE frames for one streamed response of ``run``.

    ``bridge`` is the :class:`~multiassist.bridge.backend.ResponsesBridge` (its store and run
    bookkeeping record the outcome exactly as a polled run would).
    """
    if thread_created is not None:
        yield _frame("thread.created", thread_created)
    try:
        yield from _translate(bridge, call, run, upstream)
    except (ValueError, KeyError, TypeError) as exc:
        raise StreamInterruptedError.because(
            f"the Responses stream sent an event that could not be read ({type(exc).__name__})",
            _run_model(run),
        ) from exc
    finally:
        upstream.close()
        if run["_bridge"].get("intent"):
            # The stream ended before the service named its response: whoever uses the
            # thread next looks for it (see multiassist.bridge.recovery).
            bridge._release(run)


def _run_model(run: Mapping[str, Any]) -> Optional[Run]:
    try:
        return structure(public(run), Run)
    except ResponseDecodeError:
        return None


def _translate(
    bridge: Any, call: Call, run: Dict[str, Any], upstream: requests.Response
) -> Iterator[bytes]:
    steps: Dict[str, Dict[str, Any]] = {}
    tool_step: Optional[Dict[str, Any]] = None
    tool_calls: List[str] = []
    thread_id = run["thread_id"]
    for event in iter_sse(open_body(upstream).chunks):
        data = json.loads(event.data) if event.data and event.data != "[DONE]" else {}
        kind = event.event or data.get("type", "")
        if kind == "response.created":
            response_id = data["response"]["id"]
            outputs = run["_bridge"].setdefault("outputs", {})
            if "" in outputs:
                outputs[response_id] = outputs.pop("")
            run["_bridge"]["responses"].append(response_id)
            run["_bridge"]["intent"] = None
            run["status"] = "queued"
            bridge.store.put("run", run, parent=thread_id)
            yield _frame("thread.run.created", public(run))
            yield _frame("thread.run.queued", public(run))
        elif kind == "response.in_progress":
            run["status"] = "in_progress"
            yield _frame("thread.run.in_progress", public(run))
        elif kind == "response.output_item.added":
            item = data["item"]
            if item.get("type") == "message":
                step = _step(run, "step_" + item["id"], "message_creation",
                             {"message_creation": {"message_id": item["id"]}})
                steps[item["id"]] = step
                yield _frame("thread.run.step.created", step)
                yield _frame("thread.run.step.in_progress", step)
                message = message_from_item(
                    {**item, "content": [], "role": "assistant"}, thread_id=thread_id,
                    meta={"assistant_id": run["assistant_id"], "run_id": run["id"]})
                message["status"] = "in_progress"
                yield _frame("thread.message.created", message)
                yield _frame("thread.message.in_progress", message)
            elif item.get("type") == "function_call":
                if tool_step is None:
                    response_id = run["_bridge"]["responses"][-1]
                    tool_step = _step(run, f"step_{response_id}_{item['call_id']}",
                                      "tool_calls", {"tool_calls": []})
                    yield _frame("thread.run.step.created", tool_step)
                    yield _frame("thread.run.step.in_progress", tool_step)
                tool_calls.append(item["id"])
                yield _frame("thread.run.step.delta", _tool_delta(
                    tool_step["id"], len(tool_calls) - 1,
                    {"id": item["call_id"], "type": "function",
                     "function": {"name": item["name"], "arguments": "", "output": None}}))
        elif kind == "response.output_text.delta":
            yield _frame("thread.message.delta", {
                "id": data["item_id"], "object": "thread.message.delta",
                "delta": {"content": [{"index": data.get("content_index", 0),
                                       "type": "text",
                                       "text": {"value": data.get("delta", "")}}]}})
        elif kind == "response.function_call_arguments.delta" and tool_step is not None:
            index = tool_calls.index(data["item_id"]) if data["item_id"] in tool_calls else 0
            yield _frame("thread.run.step.delta", _tool_delta(
                tool_step["id"], index,
                {"type": "function", "function": {"arguments": data.get("delta", "")}}))
        elif kind == "response.output_item.done":
            item = data["item"]
            if item.get("type") == "message" and item["id"] in steps:
                message = message_from_item(
                    {**item, "role": "assistant"}, thread_id=thread_id,
                    meta={"assistant_id": run["assistant_id"], "run_id": run["id"]})
                yield _frame("thread.message.completed", message)
                step = {**steps[item["id"]], "status": "completed"}
                yield _frame("thread.run.step.completed", step)
        elif kind in ("response.completed", "response.failed", "response.incomplete"):
            final = bridge._apply(call, run, data["response"])
            yield _frame(f"thread.run.{final['status']}", final)
        elif kind == "error":
            yield _frame("error", data)
            return
    yield _frame("done", "[DONE]")


def _step(run: Mapping[str, Any], step_id: str, kind: str,
          details: Mapping[str, Any]) -> Dict[str, Any]:
    return {"id": step_id, "object": "thread.run.step", "created_at": run["created_at"],
            "assistant_id": run["assistant_id"], "thread_id": run["thread_id"],
            "run_id": run["id"], "type": kind, "status": "in_progress",
            "step_details": {"type": kind, **details}, "last_error": None,
            "expired_at": None, "cancelled_at": None, "failed_at": None,
            "completed_at": None, "metadata": {}, "usage": None}


def _tool_delta(step_id: str, index: int, tool_call: Mapping[str, Any]) -> Dict[str, Any]:
    return {"id": step_id, "object": "thread.run.step.delta",
            "delta": {"step_details": {"type": "tool_calls",
                                       "tool_calls": [{"index": index, **tool_call}]}}}


def event_stream(frames: Iterator[bytes], *, cleanup: Callable[[], None]) -> StreamBody:
    """Generated Assistants SSE frames as a streamed body; closing it stops the frames and
    runs ``cleanup`` (which must be safe to run more than once), even when the frames were
    never read -- a generator that never started runs no ``finally``."""
    stop = getattr(frames, "close", None)

    def close() -> None:
        try:
            if stop is not None:
                stop()
        finally:
            cleanup()

    return StreamBody(frames, {"content-type": "text/event-stream"}, close)
