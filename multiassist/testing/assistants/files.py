"""Handlers for ``/files``: multipart upload, list, retrieve, delete and content download.

On the v1 wire uploads take only ``file``, ``purpose`` and ``filename``, with the v1
purposes (``request_bodies_v1.FILE_PURPOSES``).
"""

from __future__ import annotations

from typing import Dict, List, Optional

from multiassist.testing.assistants.request_bodies import FILE_PURPOSES
from multiassist.testing.assistants.request_bodies_v1 import FILE_PURPOSES as V1_FILE_PURPOSES
from multiassist.testing.context import Ctx, Reply, Route
from multiassist.testing.engine.objects import deleted
from multiassist.testing.object_store import JSONDict, Record
from multiassist.testing.wire.listing import paginate
from multiassist.testing.wire.multipart import Part, parse_multipart
from multiassist.testing.wire.problems import bad_request, file_not_found, invalid_value
from multiassist.testing.wire.validation import missing, unknown

_V1_FORM_FIELDS = {"file", "purpose", "filename"}
_FORM_FIELDS = _V1_FORM_FIELDS | {"expires_after[anchor]", "expires_after[seconds]"}


def _expiry(fields: Dict[str, Part], created_at: int) -> Optional[int]:
    anchor = fields.get("expires_after[anchor]")
    seconds = fields.get("expires_after[seconds]")
    if anchor is None and seconds is None:
        return None
    if anchor is None:
        raise missing("expires_after.anchor")
    if seconds is None:
        raise missing("expires_after.seconds")
    if anchor.text() != "created_at":
        raise invalid_value(anchor.text(), ["created_at"], "expires_after.anchor")
    try:
        value = int(seconds.text())
    except ValueError:
        raise bad_request(
            "Invalid type for 'expires_after.seconds': expected an integer, but got a string "
            "instead.",
            param="expires_after.seconds",
            code="invalid_type",
        ) from None
    if not 3600 <= value <= 2592000:
        raise bad_request(
            "Invalid 'expires_after.seconds': expected a value between 3600 and 2592000, "
            f"but got {value} instead.",
            param="expires_after.seconds",
            code="invalid_value",
        )
    return created_at + value


def upload(ctx: Ctx) -> JSONDict:
    """POST /files (multipart/form-data with ``file`` and ``purpose``)"""
    parts = parse_multipart(ctx.body, ctx.headers.get("content-type", ""))
    allowed, purposes = (
        (_V1_FORM_FIELDS, V1_FILE_PURPOSES) if ctx.v1 else (_FORM_FIELDS, FILE_PURPOSES)
    )
    fields: Dict[str, Part] = {}
    for part in parts:
        if part.name not in allowed:
            raise unknown(part.name)
        fields[part.name] = part
    if "file" not in fields:
        raise missing("file")
    if "purpose" not in fields:
        raise missing("purpose")
    purpose = fields["purpose"].text()
    if purpose not in purposes:
        raise invalid_value(purpose, purposes, "purpose")
    upload_part = fields["file"]
    filename = upload_part.filename
    if "filename" in fields:
        filename = fields["filename"].text()
    if not filename:
        raise bad_request("The uploaded 'file' has no filename.", param="file")
    now = ctx.store.now()
    obj: JSONDict = {
        "id": ctx.store.new_id("file"),
        "object": "file",
        "bytes": len(upload_part.data),
        "created_at": now,
        "filename": filename,
        "purpose": purpose,
        "status": "processed",
    }
    expires_at = _expiry(fields, now)
    if expires_at is not None:
        obj["expires_at"] = expires_at
    rec = ctx.store.table("file").add(obj)
    ctx.store.blobs[rec.id] = upload_part.data
    return rec.obj


def _file(ctx: Ctx) -> Record:
    rec = ctx.store.table("file").get(ctx.params["file_id"])
    if rec is None:
        raise file_not_found(ctx.params["file_id"])
    return rec


def list_files(ctx: Ctx) -> JSONDict:
    """GET /files (``purpose`` filter; limit 1-10000, default 10000; no ``before``)"""
    records = ctx.store.table("file").records()
    purpose = ctx.q("purpose")
    if purpose:
        records = [r for r in records if r.obj["purpose"] == purpose]
    return paginate(records, ctx.query, default_limit=10000, max_limit=10000, allow_before=False)


def retrieve(ctx: Ctx) -> JSONDict:
    """GET /files/{file_id}"""
    return _file(ctx).obj


def delete(ctx: Ctx) -> JSONDict:
    """DELETE /files/{file_id}"""
    rec = _file(ctx)
    ctx.store.table("file").remove(rec.id)
    ctx.store.blobs.pop(rec.id, None)
    return deleted(rec.id, "file")


def content(ctx: Ctx) -> Reply:
    """GET /files/{file_id}/content -- the raw bytes as uploaded."""
    rec = _file(ctx)
    return Reply(raw=ctx.store.blobs.get(rec.id, b""), content_type="application/octet-stream")


ROUTES: List[Route] = [
    ("POST", "files", upload),
    ("GET", "files", list_files),
    ("GET", "files/{file_id}", retrieve),
    ("DELETE", "files/{file_id}", delete),
    ("GET", "files/{file_id}/content", content),
]
