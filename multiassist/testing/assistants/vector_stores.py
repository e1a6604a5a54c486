"""Handlers for ``/vector_stores`` (stores, their files and file batches) and tool_resources.

Indexing is instantaneous: files attach with status ``completed``.
``normalize_tool_resources`` turns the ``vector_stores`` create helper of an assistant's or
thread's ``tool_resources`` into vector store ids.
"""

from __future__ import annotations

import copy
from typing import Any, List, Optional

from multiassist.testing.assistants import request_bodies as rs
from multiassist.testing.context import Ctx, Route
from multiassist.testing.engine.objects import deleted
from multiassist.testing.object_store import JSONDict, Record
from multiassist.testing.wire.listing import paginate
from multiassist.testing.wire.problems import file_not_found, not_found
from multiassist.testing.wire.validation import free_object, missing, nullable, obj

DEFAULT_CHUNKING: JSONDict = {
    "type": "static",
    "static": {"max_chunk_size_tokens": 800, "chunk_overlap_tokens": 400},
}


def _file_counts(files: List[Record]) -> JSONDict:
    counts = {"in_progress": 0, "completed": 0, "failed": 0, "cancelled": 0}
    for rec in files:
        counts[rec.obj["status"]] = counts.get(rec.obj["status"], 0) + 1
    return {**counts, "total": len(files)}


def _refresh(ctx: Ctx, store_rec: Record) -> None:
    files = ctx.store.table("vs_file", store_rec.id).records()
    store_rec.obj["file_counts"] = _file_counts(files)
    store_rec.obj["usage_bytes"] = sum(int(f.obj["usage_bytes"]) for f in files)


def _require_files(ctx: Ctx, file_ids: List[str]) -> None:
    for file_id in file_ids:
        if ctx.store.table("file").get(file_id) is None:
            raise file_not_found(file_id)


def attach_file(ctx: Ctx, vs: Record, file_id: str, spec: Optional[JSONDict] = None) -> Record:
    """Add an uploaded file to a vector store (404 for an unknown file)."""
    upload = ctx.store.table("file").get(file_id)
    if upload is None:
        raise file_not_found(file_id)
    spec = spec or {}
    table = ctx.store.table("vs_file", vs.id)
    table.remove(file_id)
    chunking = spec.get("chunking_strategy")
    if not chunking or chunking.get("type") == "auto":
        chunking = DEFAULT_CHUNKING
    rec = table.add(
        {
            "id": file_id,
            "object": "vector_store.file",
            "usage_bytes": upload.obj["bytes"],
            "created_at": ctx.store.now(),
            "vector_store_id": vs.id,
            "status": "completed",
            "last_error": None,
            "chunking_strategy": copy.deepcopy(chunking),
            "attributes": dict(spec.get("attributes") or {}),
        }
    )
    _refresh(ctx, vs)
    return rec


def new_vector_store(ctx: Ctx, body: JSONDict) -> Record:
    """Create a vector store from a (validated) CreateVectorStoreRequest body."""
    _require_files(ctx, list(body.get("file_ids") or []))
    now = ctx.store.now()
    obj: JSONDict = {
        "id": ctx.store.new_id("vector_store"),
        "object": "vector_store",
        "created_at": now,
        "name": body.get("name") or "",
        "usage_bytes": 0,
        "file_counts": _file_counts([]),
        "status": "completed",
        "expires_at": None,
        "last_active_at": now,
        "metadata": dict(body.get("metadata") or {}),
    }
    if body.get("expires_after"):
        obj["expires_after"] = dict(body["expires_after"])
        obj["expires_at"] = now + 86400 * int(body["expires_after"]["days"])
    rec = ctx.store.table("vector_store").add(obj)
    for file_id in body.get("file_ids") or []:
        attach_file(ctx, rec, file_id, {"chunking_strategy": body.get("chunking_strategy")})
    return rec


def normalize_tool_resources(ctx: Ctx, value: Any) -> JSONDict:
    """Stored form of request ``tool_resources``: ``vector_stores`` helpers become ids."""
    if not value:
        return {}
    result: JSONDict = {}
    if "code_interpreter" in value:
        result["code_interpreter"] = {
            "file_ids": list(value["code_interpreter"].get("file_ids") or [])
        }
    if "file_search" in value:
        search = value["file_search"]
        ids = list(search.get("vector_store_ids") or [])
        for spec in search.get("vector_stores") or []:
            ids.append(new_vector_store(ctx, spec).id)
        result["file_search"] = {"vector_store_ids": ids}
    return result


def _vs(ctx: Ctx) -> Record:
    return ctx.need("vector_store", ctx.params["vector_store_id"])


def create_store(ctx: Ctx) -> JSONDict:
    """POST /vector_stores"""
    return new_vector_store(ctx, ctx.payload(rs.CREATE_VECTOR_STORE)).obj


def list_stores(ctx: Ctx) -> JSONDict:
    """GET /vector_stores"""
    return paginate(ctx.store.table("vector_store"), ctx.query)


def get_store(ctx: Ctx) -> JSONDict:
    """GET /vector_stores/{id}"""
    return _vs(ctx).obj


def modify_store(ctx: Ctx) -> JSONDict:
    """POST /vector_stores/{id}"""
    body = ctx.payload(rs.MODIFY_VECTOR_STORE)
    rec = _vs(ctx)
    if "name" in body:
        rec.obj["name"] = body["name"] or ""
    if "metadata" in body:
        rec.obj["metadata"] = dict(body["metadata"] or {})
    if "expires_after" in body:
        if body["expires_after"]:
            rec.obj["expires_after"] = dict(body["expires_after"])
            rec.obj["expires_at"] = ctx.store.now() + 86400 * int(body["expires_after"]["days"])
        else:
            rec.obj.pop("expires_after", None)
            rec.obj["expires_at"] = None
    return rec.obj


def delete_store(ctx: Ctx) -> JSONDict:
    """DELETE /vector_stores/{id}"""
    rec = _vs(ctx)
    ctx.store.table("vector_store").remove(rec.id)
    ctx.store.drop("vs_file", rec.id)
    ctx.store.drop("file_batch", rec.id)
    return deleted(rec.id, "vector_store.deleted")


def add_file(ctx: Ctx) -> JSONDict:
    """POST /vector_stores/{id}/files"""
    body = ctx.payload(rs.CREATE_VECTOR_STORE_FILE)
    return attach_file(ctx, _vs(ctx), body["file_id"], body).obj


def _filtered(ctx: Ctx, records: List[Record]) -> List[Record]:
    wanted = ctx.q("filter")
    if wanted:
        return [r for r in records if r.obj["status"] == wanted]
    return records


def list_files(ctx: Ctx) -> JSONDict:
    """GET /vector_stores/{id}/files"""
    vs = _vs(ctx)
    return paginate(_filtered(ctx, ctx.store.table("vs_file", vs.id).records()), ctx.query)


def _vs_file(ctx: Ctx) -> Record:
    vs = _vs(ctx)
    rec = ctx.store.table("vs_file", vs.id).get(ctx.params["file_id"])
    if rec is None:
        raise not_found("vector store file", ctx.params["file_id"])
    return rec


def get_file(ctx: Ctx) -> JSONDict:
    """GET /vector_stores/{id}/files/{file_id}"""
    return _vs_file(ctx).obj


def update_file(ctx: Ctx) -> JSONDict:
    """POST /vector_stores/{id}/files/{file_id} (attributes)"""
    body = ctx.payload(obj({"attributes": nullable(free_object())}, required=["attributes"]))
    rec = _vs_file(ctx)
    rec.obj["attributes"] = dict(body["attributes"] or {})
    return rec.obj


def remove_file(ctx: Ctx) -> JSONDict:
    """DELETE /vector_stores/{id}/files/{file_id}"""
    rec = _vs_file(ctx)
    vs = _vs(ctx)
    ctx.store.table("vs_file", vs.id).remove(rec.id)
    _refresh(ctx, vs)
    return deleted(rec.id, "vector_store.file.deleted")


def create_batch(ctx: Ctx) -> JSONDict:
    """POST /vector_stores/{id}/file_batches"""
    body = ctx.payload(rs.CREATE_FILE_BATCH)
    vs = _vs(ctx)
    specs: List[JSONDict] = [
        {
            "file_id": fid,
            "chunking_strategy": body.get("chunking_strategy"),
            "attributes": body.get("attributes"),
        }
        for fid in body.get("file_ids") or []
    ] + list(body.get("files") or [])
    if not specs:
        raise missing("file_ids")
    _require_files(ctx, [spec["file_id"] for spec in specs])
    attached = [attach_file(ctx, vs, spec["file_id"], spec) for spec in specs]
    batch = ctx.store.table("file_batch", vs.id).add(
        {
            "id": ctx.store.new_id("file_batch"),
            "object": "vector_store.files_batch",
            "created_at": ctx.store.now(),
            "vector_store_id": vs.id,
            "status": "completed",
            "file_counts": _file_counts(attached),
        },
        file_ids=[r.id for r in attached],
    )
    return batch.obj


def _batch(ctx: Ctx) -> Record:
    vs = _vs(ctx)
    return ctx.need("file_batch", ctx.params["batch_id"], vs.id)


def get_batch(ctx: Ctx) -> JSONDict:
    """GET /vector_stores/{id}/file_batches/{batch_id}"""
    return _batch(ctx).obj


def cancel_batch(ctx: Ctx) -> JSONDict:
    """POST /vector_stores/{id}/file_batches/{batch_id}/cancel (already done: unchanged)"""
    return _batch(ctx).obj


def list_batch_files(ctx: Ctx) -> JSONDict:
    """GET /vector_stores/{id}/file_batches/{batch_id}/files"""
    batch = _batch(ctx)
    table = ctx.store.table("vs_file", batch.obj["vector_store_id"])
    members = [r for r in (table.get(fid) for fid in batch.extra["file_ids"]) if r is not None]
    return paginate(_filtered(ctx, members), ctx.query)


ROUTES: List[Route] = [
    ("POST", "vector_stores", create_store),
    ("GET", "vector_stores", list_stores),
    ("GET", "vector_stores/{vector_store_id}", get_store),
    ("POST", "vector_stores/{vector_store_id}", modify_store),
    ("DELETE", "vector_stores/{vector_store_id}", delete_store),
    ("POST", "vector_stores/{vector_store_id}/files", add_file),
    ("GET", "vector_stores/{vector_store_id}/files", list_files),
    ("GET", "vector_stores/{vector_store_id}/files/{file_id}", get_file),
    ("POST", "vector_stores/{vector_store_id}/files/{file_id}", update_file),
    ("DELETE", "vector_stores/{vector_store_id}/files/{file_id}", remove_file),
    ("POST", "vector_stores/{vector_store_id}/file_batches", create_batch),
    ("GET", "vector_stores/{vector_store_id}/file_batches/{batch_id}", get_batch),
    ("POST", "vector_stores/{vector_store_id}/file_batches/{batch_id}/cancel", cancel_batch),
    ("GET", "vector_stores/{vector_store_id}/file_batches/{batch_id}/files", list_batch_files),
]
