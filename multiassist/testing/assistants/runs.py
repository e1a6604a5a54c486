"""Handlers for runs and run steps, including ``POST /threads/runs`` (create thread and run).

Without ``stream`` creating a run only queues it and ``engine.run_engine.RunEngine`` moves it on
each retrieve; answers about a run carry ``openai-poll-after-ms``. With ``stream: true``
(create, create-and-run, submit_tool_outputs) the whole turn runs at once while the request
holds the store lock (so the run, its steps and messages end as a polled run's would), and
its recorded events are then sent one HTTP chunk each. Scripted stream faults apply there:
``stream_error`` ends the stream with an ``error`` event and fails the run;
``stream_truncate_after=N`` drops the connection after N events.
On the v1 wire bodies follow ``request_bodies_v1``; every run remembers the wire it was
created on and the assistant's files at that moment (``Record.extra["api"]`` and
``["file_ids"]``: the v1 ``file_ids``, which a v1 run's retrieval also searches).
"""

from __future__ import annotations

import copy
from typing import List

from multiassist.testing.assistants import request_bodies as rs
from multiassist.testing.assistants import request_bodies_v1 as rs1
from multiassist.testing.assistants.threads import new_thread, thread_from_v1, thread_of
from multiassist.testing.assistants.v1_views import assistant_file_ids
from multiassist.testing.context import Ctx, Reply, Route
from multiassist.testing.engine.objects import add_message_from_request
from multiassist.testing.engine.run_engine import RunEngine
from multiassist.testing.engine.run_events import EventSink
from multiassist.testing.engine.tool_calls import render_step
from multiassist.testing.object_store import JSONDict, Record
from multiassist.testing.wire.event_stream import (
    CONTENT_TYPE,
    STREAM_ERROR_MESSAGE,
    EventStream,
    done_frame,
    error_data,
    frame,
    truncated,
)
from multiassist.testing.wire.listing import paginate
from multiassist.testing.wire.problems import bad_request, invalid_value
from multiassist.testing.wire.validation import Check

DEFAULT_TRUNCATION: JSONDict = {"type": "auto", "last_messages": None}
POLL_HEADER = "openai-poll-after-ms"


def stream_reply(engine: RunEngine, rec: Record, sink: EventSink) -> Reply:
    """Settle the run (already announced into ``sink``) and answer with its event stream."""
    stream_error, truncate_after = engine.take_stream_fault(rec)
    if stream_error:
        if rec.obj["status"] == "queued":
            engine.start(rec, sink)
        engine.fail(rec, "server_error", STREAM_ERROR_MESSAGE)  # not reported in the stream
        sink.emit("error", error_data("server_error", STREAM_ERROR_MESSAGE))
        chunks = [frame(name, data) for name, data in sink.events]
    else:
        engine.settle(rec, sink)
        chunks = [frame(name, data) for name, data in sink.events] + [done_frame()]
    stream = EventStream(chunks)
    if truncate_after is not None:
        stream = truncated(chunks, truncate_after)
    return Reply(stream=stream, content_type=CONTENT_TYPE, headers={"cache-control": "no-cache"})


def _run_reply(ctx: Ctx, rec: Record) -> Reply:
    """The run (serialised by the router while the lock is held) with the poll-after hint."""
    return Reply(body=rec.obj, headers={POLL_HEADER: str(ctx.settings.poll_after_ms)})


def _include_content(ctx: Ctx) -> bool:
    """Whether ``include[]`` asks for file search result contents (never on v1)."""
    return not ctx.v1 and rs.INCLUDE_VALUES[0] in ctx.query.get("include[]", [])


def _or(body: JSONDict, key: str, fallback: object) -> object:
    value = body.get(key)
    return fallback if value is None else copy.deepcopy(value)


def _new_run(ctx: Ctx, thread: Record, assistant: Record, body: JSONDict) -> Record:
    """Queue a run of ``assistant`` on ``thread`` as a CreateRunRequest ``body`` asks."""
    active = ctx.runs.active_run(thread.id)
    if active is not None:
        raise bad_request(f"Thread {thread.id} already has an active run {active.id}.")
    ctx.check_model(body.get("model"))
    a = assistant.obj
    instructions = str(_or(body, "instructions", a.get("instructions") or ""))
    extra = body.get("additional_instructions")
    if extra:
        instructions = f"{instructions}\n{extra}" if instructions else str(extra)
    for spec in body.get("additional_messages") or []:
        add_message_from_request(ctx.store, thread.id, spec)
    now = ctx.store.now()
    run: JSONDict = {
        "id": ctx.store.new_id("run"),
        "object": "thread.run",
        "created_at": now,
        "assistant_id": assistant.id,
        "thread_id": thread.id,
        "status": "queued",
        "started_at": None,
        "expires_at": now + ctx.runs.expiry_seconds,
        "cancelled_at": None,
        "failed_at": None,
        "completed_at": None,
        "required_action": None,
        "last_error": None,
        "model": _or(body, "model", a["model"]),
        "instructions": instructions,
        "tools": _or(body, "tools", a["tools"]),
        "metadata": dict(body.get("metadata") or {}),
        "temperature": _or(body, "temperature", a.get("temperature", 1.0)),
        "top_p": _or(body, "top_p", a.get("top_p", 1.0)),
        "max_prompt_tokens": body.get("max_prompt_tokens"),
        "max_completion_tokens": body.get("max_completion_tokens"),
        "truncation_strategy": _or(body, "truncation_strategy", DEFAULT_TRUNCATION),
        "incomplete_details": None,
        "usage": None,
        "response_format": _or(body, "response_format", a.get("response_format", "auto")),
        "tool_choice": _or(body, "tool_choice", "auto"),
        "parallel_tool_calls": body.get("parallel_tool_calls", True),
    }
    return ctx.store.table("run", thread.id).add(
        run,
        tool_resources=copy.deepcopy(body.get("tool_resources")),
        api=ctx.api,
        file_ids=assistant_file_ids(a),
    )


def _run_body(ctx: Ctx, check_v2: Check, check_v1: Check) -> JSONDict:
    """The run body in the stored (v2) shape (v1: ``retrieval`` tools -> ``file_search``)."""
    if not ctx.v1:
        return ctx.payload(check_v2)
    body = dict(ctx.payload(check_v1))
    if body.get("tools") is not None:
        body["tools"] = rs1.stored_tools(body["tools"])
    if "thread" in body:
        body["thread"] = thread_from_v1(ctx, body["thread"])
    return body


def create_run(ctx: Ctx) -> Reply:
    """POST /threads/{thread_id}/runs"""
    body = _run_body(ctx, rs.CREATE_RUN, rs1.CREATE_RUN)
    _check_include(ctx)
    thread = thread_of(ctx)
    assistant = ctx.need("assistant", body["assistant_id"])
    rec = _new_run(ctx, thread, assistant, body)
    if body.get("stream"):
        sink = ctx.sink(include_file_search_content=_include_content(ctx))
        ctx.runs.prepare(rec, sink)
        return stream_reply(ctx.runs, rec, sink)
    ctx.runs.prepare(rec)
    return _run_reply(ctx, rec)


def create_thread_and_run(ctx: Ctx) -> Reply:
    """POST /threads/runs"""
    body = _run_body(ctx, rs.CREATE_THREAD_AND_RUN, rs1.CREATE_THREAD_AND_RUN)
    assistant = ctx.need("assistant", body["assistant_id"])
    ctx.check_model(body.get("model"))
    thread = new_thread(ctx, body.get("thread") or {})
    rec = _new_run(ctx, thread, assistant, body)
    if body.get("stream"):
        sink = ctx.sink(include_file_search_content=_include_content(ctx))
        sink.emit("thread.created", thread.obj)
        ctx.runs.prepare(rec, sink)
        return stream_reply(ctx.runs, rec, sink)
    ctx.runs.prepare(rec)
    return _run_reply(ctx, rec)


def _run(ctx: Ctx) -> Record:
    thread = thread_of(ctx)
    return ctx.need("run", ctx.params["run_id"], thread.id)


def list_runs(ctx: Ctx) -> JSONDict:
    """GET /threads/{thread_id}/runs"""
    thread = thread_of(ctx)
    return paginate(ctx.store.table("run", thread.id), ctx.query)


def retrieve_run(ctx: Ctx) -> Reply:
    """GET /threads/{thread_id}/runs/{run_id} -- each retrieve advances the run one step."""
    rec = _run(ctx)
    ctx.runs.advance(rec)
    return _run_reply(ctx, rec)


def modify_run(ctx: Ctx) -> JSONDict:
    """POST /threads/{thread_id}/runs/{run_id}"""
    body = ctx.payload(rs.MODIFY_METADATA_ONLY)
    rec = _run(ctx)
    if "metadata" in body:
        rec.obj["metadata"] = dict(body["metadata"] or {})
    return rec.obj


def cancel_run(ctx: Ctx) -> Reply:
    """POST /threads/{thread_id}/runs/{run_id}/cancel"""
    rec = _run(ctx)
    ctx.runs.cancel(rec)
    return _run_reply(ctx, rec)


def submit_tool_outputs(ctx: Ctx) -> Reply:
    """POST /threads/{thread_id}/runs/{run_id}/submit_tool_outputs"""
    body = ctx.payload(rs.SUBMIT_TOOL_OUTPUTS)
    rec = _run(ctx)
    if body.get("stream"):
        sink = ctx.sink(include_file_search_content=_include_content(ctx))
        ctx.runs.submit_tool_outputs(rec, list(body["tool_outputs"]), sink)
        return stream_reply(ctx.runs, rec, sink)
    ctx.runs.submit_tool_outputs(rec, list(body["tool_outputs"]))
    return _run_reply(ctx, rec)


def _check_include(ctx: Ctx) -> None:
    if ctx.v1:
        return  # the v1 wire has no include[] (ignored like any unknown query parameter)
    for index, value in enumerate(ctx.query.get("include[]", [])):
        if value not in rs.INCLUDE_VALUES:
            raise invalid_value(value, rs.INCLUDE_VALUES, f"include[{index}]")


def list_steps(ctx: Ctx) -> JSONDict:
    """GET /threads/{thread_id}/runs/{run_id}/steps"""
    _check_include(ctx)
    run = _run(ctx)
    include = _include_content(ctx)
    return paginate(
        ctx.store.table("step", run.id), ctx.query, render=lambda rec: render_step(rec, include)
    )


def retrieve_step(ctx: Ctx) -> JSONDict:
    """GET /threads/{thread_id}/runs/{run_id}/steps/{step_id}"""
    _check_include(ctx)
    run = _run(ctx)
    return render_step(ctx.need("step", ctx.params["step_id"], run.id), _include_content(ctx))


ROUTES: List[Route] = [
    ("POST", "threads/runs", create_thread_and_run),
    ("POST", "threads/{thread_id}/runs", create_run),
    ("GET", "threads/{thread_id}/runs", list_runs),
    ("GET", "threads/{thread_id}/runs/{run_id}", retrieve_run),
    ("POST", "threads/{thread_id}/runs/{run_id}", modify_run),
    ("POST", "threads/{thread_id}/runs/{run_id}/cancel", cancel_run),
    ("POST", "threads/{thread_id}/runs/{run_id}/submit_tool_outputs", submit_tool_outputs),
    ("GET", "threads/{thread_id}/runs/{run_id}/steps", list_steps),
    ("GET", "threads/{thread_id}/runs/{run_id}/steps/{step_id}", retrieve_step),
]
