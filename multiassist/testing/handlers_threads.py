"""Handlers for ``/threads`` and ``/threads/{id}/messages``."""

from __future__ import annotations

from typing import List

from . import request_schemas as rs
from .context import Ctx, Route
from .errors import bad_request
from .handlers_vector_stores import normalize_tool_resources
from .objects import add_message_from_request, deleted
from .pagination import paginate
from .store import JSONDict, Record


def new_thread(ctx: Ctx, body: JSONDict) -> Record:
    """Create a thread (and its initial messages) from a validated CreateThreadRequest."""
    thread: JSONDict = {
        "id": ctx.store.new_id("thread"),
        "object": "thread",
        "created_at": ctx.store.now(),
        "metadata": dict(body.get("metadata") or {}),
        "tool_resources": normalize_tool_resources(ctx, body.get("tool_resources")),
    }
    rec = ctx.store.table("thread").add(thread)
    for spec in body.get("messages") or []:
        add_message_from_request(ctx.store, rec.id, spec)
    return rec


def thread_of(ctx: Ctx) -> Record:
    """The thread named by the ``thread_id`` path parameter (404 if unknown)."""
    return ctx.need("thread", ctx.params["thread_id"])


def create_thread(ctx: Ctx) -> JSONDict:
    """POST /threads"""
    return new_thread(ctx, ctx.payload(rs.CREATE_THREAD)).obj


def retrieve_thread(ctx: Ctx) -> JSONDict:
    """GET /threads/{thread_id}"""
    return thread_of(ctx).obj


def modify_thread(ctx: Ctx) -> JSONDict:
    """POST /threads/{thread_id}"""
    body = ctx.payload(rs.MODIFY_THREAD)
    rec = thread_of(ctx)
    if "metadata" in body:
        rec.obj["metadata"] = dict(body["metadata"] or {})
    if "tool_resources" in body:
        rec.obj["tool_resources"] = normalize_tool_resources(ctx, body["tool_resources"])
    return rec.obj


def delete_thread(ctx: Ctx) -> JSONDict:
    """DELETE /threads/{thread_id} (its messages, runs and steps go with it)"""
    rec = thread_of(ctx)
    ctx.store.table("thread").remove(rec.id)
    for run in ctx.store.table("run", rec.id):
        ctx.store.drop("step", run.id)
    ctx.store.drop("run", rec.id)
    ctx.store.drop("message", rec.id)
    return deleted(rec.id, "thread.deleted")


def create_message(ctx: Ctx) -> JSONDict:
    """POST /threads/{thread_id}/messages"""
    body = ctx.payload(rs.CREATE_MESSAGE)
    thread = thread_of(ctx)
    active = ctx.engine.active_run(thread.id)
    if active is not None:
        raise bad_request(f"Can't add messages to {thread.id} while a run {active.id} is active.")
    return add_message_from_request(ctx.store, thread.id, body).obj


def list_messages(ctx: Ctx) -> JSONDict:
    """GET /threads/{thread_id}/messages (``run_id`` filter; Azure also spells it ``runId``)"""
    thread = thread_of(ctx)
    records = ctx.store.table("message", thread.id).records()
    run_id = ctx.q("run_id") or ctx.q("runId")
    if run_id:
        records = [r for r in records if r.obj["run_id"] == run_id]
    return paginate(records, ctx.query)


def _message(ctx: Ctx) -> Record:
    thread = thread_of(ctx)
    return ctx.need("message", ctx.params["message_id"], thread.id)


def retrieve_message(ctx: Ctx) -> JSONDict:
    """GET /threads/{thread_id}/messages/{message_id}"""
    return _message(ctx).obj


def modify_message(ctx: Ctx) -> JSONDict:
    """POST /threads/{thread_id}/messages/{message_id}"""
    body = ctx.payload(rs.MODIFY_METADATA_ONLY)
    rec = _message(ctx)
    if "metadata" in body:
        rec.obj["metadata"] = dict(body["metadata"] or {})
    return rec.obj


def delete_message(ctx: Ctx) -> JSONDict:
    """DELETE /threads/{thread_id}/messages/{message_id}"""
    rec = _message(ctx)
    ctx.store.table("message", rec.obj["thread_id"]).remove(rec.id)
    return deleted(rec.id, "thread.message.deleted")


ROUTES: List[Route] = [
    ("POST", "threads", create_thread),
    ("GET", "threads/{thread_id}", retrieve_thread),
    ("POST", "threads/{thread_id}", modify_thread),
    ("DELETE", "threads/{thread_id}", delete_thread),
    ("POST", "threads/{thread_id}/messages", create_message),
    ("GET", "threads/{thread_id}/messages", list_messages),
    ("GET", "threads/{thread_id}/messages/{message_id}", retrieve_message),
    ("POST", "threads/{thread_id}/messages/{message_id}", modify_message),
    ("DELETE", "threads/{thread_id}/messages/{message_id}", delete_message),
]
