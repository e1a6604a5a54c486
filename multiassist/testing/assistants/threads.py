"""Handlers for ``/threads`` and ``/threads/{id}/messages``.

v1-wire bodies (``request_bodies_v1``) are translated to the stored (v2) shape first.
``GET /threads`` (list) exists only on Foundry (``FOUNDRY_ROUTES``).
"""

from __future__ import annotations

from typing import Any, List

from multiassist.testing.assistants import request_bodies as rs
from multiassist.testing.assistants import request_bodies_v1 as rs1
from multiassist.testing.assistants.v1 import require_files
from multiassist.testing.assistants.vector_stores import (
    attach_file,
    new_vector_store,
    normalize_tool_resources,
)
from multiassist.testing.context import Ctx, Route
from multiassist.testing.engine.objects import add_message_from_request, deleted
from multiassist.testing.object_store import JSONDict, Record
from multiassist.testing.wire.listing import paginate
from multiassist.testing.wire.problems import bad_request
from multiassist.testing.wire.validation import Check


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
        index_attachments(ctx, rec, spec.get("attachments"))
    return rec


def index_attachments(ctx: Ctx, thread: Record, attachments: Any) -> None:
    """Files attached for ``file_search`` go into the thread's vector store, made on first
    need (as the service does: ``thread.tool_resources.file_search.vector_store_ids``)."""
    file_ids = [a["file_id"] for a in attachments or []
                if any(tool.get("type") == "file_search" for tool in a.get("tools") or [])]
    if not file_ids:
        return
    resources = thread.obj.setdefault("tool_resources", {})
    search = resources.setdefault("file_search", {})
    ids = search.setdefault("vector_store_ids", [])
    store = ctx.store.table("vector_store").get(ids[0]) if ids else None
    if store is None:
        store = new_vector_store(ctx, {"name": f"vector store for {thread.id}",
                                       "expires_after": {"anchor": "last_active_at",
                                                         "days": 7}})
        ids[:] = [store.id]
    for file_id in file_ids:
        attach_file(ctx, store, file_id)


def thread_request(ctx: Ctx, check_v2: Check, check_v1: Check) -> JSONDict:
    """The thread body (``CREATE_THREAD``-like) of this request in the stored (v2) shape."""
    if not ctx.v1:
        return ctx.payload(check_v2)
    return thread_from_v1(ctx, ctx.payload(check_v1))


def thread_from_v1(ctx: Ctx, body: JSONDict) -> JSONDict:
    """A validated v1 thread body (also ``thread`` of create-and-run) in the stored shape."""
    for spec in body.get("messages") or []:
        require_files(ctx, spec.get("file_ids") or [])
    return rs1.stored_thread(body)


def thread_of(ctx: Ctx) -> Record:
    """The thread named by the ``thread_id`` path parameter (404 if unknown)."""
    return ctx.need("thread", ctx.params["thread_id"])


def create_thread(ctx: Ctx) -> JSONDict:
    """POST /threads"""
    return new_thread(ctx, thread_request(ctx, rs.CREATE_THREAD, rs1.CREATE_THREAD)).obj


def list_threads(ctx: Ctx) -> JSONDict:
    """GET /threads (Foundry only)"""
    return paginate(ctx.store.table("thread"), ctx.query)


def retrieve_thread(ctx: Ctx) -> JSONDict:
    """GET /threads/{thread_id}"""
    return thread_of(ctx).obj


def modify_thread(ctx: Ctx) -> JSONDict:
    """POST /threads/{thread_id}"""
    body = ctx.payload(rs1.MODIFY_THREAD if ctx.v1 else rs.MODIFY_THREAD)
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
    if ctx.v1:
        checked = ctx.payload(rs1.CREATE_MESSAGE)
        require_files(ctx, checked.get("file_ids") or [])
        body = rs1.stored_message(checked)
    else:
        body = ctx.payload(rs.CREATE_MESSAGE)
    thread = thread_of(ctx)
    active = ctx.runs.active_run(thread.id)
    if active is not None:
        raise bad_request(f"Can't add messages to {thread.id} while a run {active.id} is active.")
    message = add_message_from_request(ctx.store, thread.id, body)
    index_attachments(ctx, thread, body.get("attachments"))
    return message.obj


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
FOUNDRY_ROUTES: List[Route] = [("GET", "threads", list_threads)]
