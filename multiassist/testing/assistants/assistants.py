"""Handlers for ``/assistants``: create, list, retrieve, modify, delete.

On the v1 wire the body follows ``request_bodies_v1`` and is translated to the stored
(v2) shape first; ``v1_views`` renders the answer back.
"""

from __future__ import annotations

import copy
from typing import List

from multiassist.testing.assistants import request_bodies as rs
from multiassist.testing.assistants import request_bodies_v1 as rs1
from multiassist.testing.assistants.v1 import assistant_request, stamp_files
from multiassist.testing.assistants.vector_stores import normalize_tool_resources
from multiassist.testing.context import Ctx, Route
from multiassist.testing.engine.objects import deleted
from multiassist.testing.object_store import JSONDict, Record
from multiassist.testing.wire.listing import paginate


def _apply(ctx: Ctx, target: JSONDict, body: JSONDict) -> None:
    for key in ("model", "name", "description", "instructions"):
        if key in body:
            target[key] = body[key]
    if "tools" in body:
        target["tools"] = copy.deepcopy(body["tools"])
    if "tool_resources" in body:
        target["tool_resources"] = normalize_tool_resources(ctx, body["tool_resources"])
    if "metadata" in body:
        target["metadata"] = dict(body["metadata"] or {})
    for key, default in (("temperature", 1.0), ("top_p", 1.0)):
        if key in body:
            target[key] = default if body[key] is None else body[key]
    if "response_format" in body:
        target["response_format"] = copy.deepcopy(body["response_format"] or "auto")


def create(ctx: Ctx) -> JSONDict:
    """POST /assistants"""
    if ctx.v1:
        body = assistant_request(ctx, ctx.payload(rs1.CREATE_ASSISTANT), None)
    else:
        body = ctx.payload(rs.CREATE_ASSISTANT)
    ctx.check_model(body["model"])
    assistant: JSONDict = {
        "id": ctx.store.new_id("assistant"),
        "object": "assistant",
        "created_at": ctx.store.now(),
        "name": None,
        "description": None,
        "model": body["model"],
        "instructions": None,
        "tools": [],
        "top_p": 1.0,
        "temperature": 1.0,
        "tool_resources": {},
        "metadata": {},
        "response_format": "auto",
    }
    _apply(ctx, assistant, body)
    rec = ctx.store.table("assistant").add(assistant)
    rec.extra["reasoning_effort"] = body.get("reasoning_effort")
    stamp_files(ctx, rec)
    return rec.obj


def _assistant(ctx: Ctx) -> Record:
    return ctx.need("assistant", ctx.params["assistant_id"])


def list_all(ctx: Ctx) -> JSONDict:
    """GET /assistants"""
    return paginate(ctx.store.table("assistant"), ctx.query)


def retrieve(ctx: Ctx) -> JSONDict:
    """GET /assistants/{assistant_id}"""
    return _assistant(ctx).obj


def modify(ctx: Ctx) -> JSONDict:
    """POST /assistants/{assistant_id}"""
    if ctx.v1:
        checked = ctx.payload(rs1.MODIFY_ASSISTANT)
        rec = _assistant(ctx)
        body = assistant_request(ctx, checked, rec.obj)
    else:
        body = ctx.payload(rs.MODIFY_ASSISTANT)
        rec = _assistant(ctx)
    if "model" in body:
        ctx.check_model(body["model"])
    _apply(ctx, rec.obj, body)
    if "reasoning_effort" in body:
        rec.extra["reasoning_effort"] = body["reasoning_effort"]
    stamp_files(ctx, rec)
    return rec.obj


def delete(ctx: Ctx) -> JSONDict:
    """DELETE /assistants/{assistant_id}"""
    rec = _assistant(ctx)
    ctx.store.table("assistant").remove(rec.id)
    return deleted(rec.id, "assistant.deleted")


ROUTES: List[Route] = [
    ("POST", "assistants", create),
    ("GET", "assistants", list_all),
    ("GET", "assistants/{assistant_id}", retrieve),
    ("POST", "assistants/{assistant_id}", modify),
    ("DELETE", "assistants/{assistant_id}", delete),
]
