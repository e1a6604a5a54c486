"""Routes only Azure's Assistants v1 wire has, and the v1 request helpers of ``/assistants``.

``/assistants/{id}/files`` manages the assistant's ``file_ids`` (stored as its
``tool_resources.code_interpreter.file_ids``, at most 20); each attachment remembers when
it was made (``Record.extra["file_times"]``). ``/threads/{t}/messages/{m}/files`` lists a
message's ``file_ids`` (read only; ``created_at`` is the message's).
"""

from __future__ import annotations

from typing import Dict, Iterable, List, Optional

from multiassist.testing.assistants import request_bodies_v1 as rs1
from multiassist.testing.assistants.v1_views import assistant_file_ids, message_file_ids
from multiassist.testing.context import Ctx, Route
from multiassist.testing.engine.objects import deleted
from multiassist.testing.object_store import JSONDict, Record
from multiassist.testing.wire.listing import paginate
from multiassist.testing.wire.problems import bad_request, file_not_found, not_found


def require_files(ctx: Ctx, file_ids: Iterable[str]) -> None:
    """404 (Files API wording) for the first id that names no uploaded file."""
    for file_id in file_ids:
        if ctx.store.table("file").get(file_id) is None:
            raise file_not_found(file_id)


def assistant_request(ctx: Ctx, body: JSONDict, current: Optional[JSONDict]) -> JSONDict:
    """A validated v1 assistant body as the v2 body the handlers apply: ``file_ids``
    replace ``tool_resources.code_interpreter.file_ids`` (the rest of ``current``'s
    ``tool_resources`` stays) and ``retrieval`` tools become ``file_search``."""
    stored = {key: value for key, value in body.items() if key != "file_ids"}
    if "tools" in body:
        stored["tools"] = rs1.stored_tools(body["tools"])
    if "file_ids" in body:
        file_ids: List[str] = []
        for file_id in body["file_ids"]:
            if file_id not in file_ids:
                file_ids.append(file_id)
        require_files(ctx, file_ids)
        resources = dict((current or {}).get("tool_resources") or {})
        resources["code_interpreter"] = {"file_ids": file_ids}
        stored["tool_resources"] = resources
    return stored


def stamp_files(ctx: Ctx, rec: Record) -> None:
    """Remember when each of the assistant's files was attached (new ones: now)."""
    times: Dict[str, int] = rec.extra.get("file_times") or {}
    now = ctx.store.now()
    rec.extra["file_times"] = {f: times.get(f, now) for f in assistant_file_ids(rec.obj)}


def _assistant(ctx: Ctx) -> Record:
    return ctx.need("assistant", ctx.params["assistant_id"])


def _assistant_file(rec: Record, file_id: str) -> JSONDict:
    times: Dict[str, int] = rec.extra.get("file_times") or {}
    return {
        "id": file_id,
        "object": "assistant.file",
        "created_at": times.get(file_id, rec.obj["created_at"]),
        "assistant_id": rec.id,
    }


def _set_files(ctx: Ctx, rec: Record, file_ids: List[str]) -> None:
    resources = dict(rec.obj.get("tool_resources") or {})
    resources["code_interpreter"] = {"file_ids": file_ids}
    rec.obj["tool_resources"] = resources
    stamp_files(ctx, rec)


def create_assistant_file(ctx: Ctx) -> JSONDict:
    """POST /assistants/{assistant_id}/files (attaching an attached file again is a no-op)"""
    body = ctx.payload(rs1.CREATE_ASSISTANT_FILE)
    rec = _assistant(ctx)
    file_id = body["file_id"]
    require_files(ctx, [file_id])
    file_ids = assistant_file_ids(rec.obj)
    if file_id not in file_ids:
        if len(file_ids) >= rs1.ASSISTANT_FILE_LIMIT:
            raise bad_request(
                f"Assistant {rec.id} already has the maximum of {rs1.ASSISTANT_FILE_LIMIT} "
                "files attached.",
                param="file_id",
            )
        _set_files(ctx, rec, [*file_ids, file_id])
    return _assistant_file(rec, file_id)


def list_assistant_files(ctx: Ctx) -> JSONDict:
    """GET /assistants/{assistant_id}/files"""
    rec = _assistant(ctx)
    files = [
        Record(_assistant_file(rec, file_id), seq)
        for seq, file_id in enumerate(assistant_file_ids(rec.obj))
    ]
    return paginate(files, ctx.query)


def _attached(ctx: Ctx, rec: Record) -> str:
    file_id = ctx.params["file_id"]
    if file_id not in assistant_file_ids(rec.obj):
        raise not_found("assistant file", file_id)
    return file_id


def retrieve_assistant_file(ctx: Ctx) -> JSONDict:
    """GET /assistants/{assistant_id}/files/{file_id}"""
    rec = _assistant(ctx)
    return _assistant_file(rec, _attached(ctx, rec))


def delete_assistant_file(ctx: Ctx) -> JSONDict:
    """DELETE /assistants/{assistant_id}/files/{file_id} (the file itself stays)"""
    rec = _assistant(ctx)
    file_id = _attached(ctx, rec)
    _set_files(ctx, rec, [f for f in assistant_file_ids(rec.obj) if f != file_id])
    return deleted(file_id, "assistant.file.deleted")


def _message(ctx: Ctx) -> Record:
    thread = ctx.need("thread", ctx.params["thread_id"])
    return ctx.need("message", ctx.params["message_id"], thread.id)


def _message_file(rec: Record, file_id: str) -> JSONDict:
    return {
        "id": file_id,
        "object": "thread.message.file",
        "created_at": rec.obj["created_at"],
        "message_id": rec.id,
    }


def list_message_files(ctx: Ctx) -> JSONDict:
    """GET /threads/{thread_id}/messages/{message_id}/files"""
    rec = _message(ctx)
    files = [
        Record(_message_file(rec, file_id), seq)
        for seq, file_id in enumerate(message_file_ids(rec.obj))
    ]
    return paginate(files, ctx.query)


def retrieve_message_file(ctx: Ctx) -> JSONDict:
    """GET /threads/{thread_id}/messages/{message_id}/files/{file_id}"""
    rec = _message(ctx)
    file_id = ctx.params["file_id"]
    if file_id not in message_file_ids(rec.obj):
        raise not_found("message file", file_id)
    return _message_file(rec, file_id)


ROUTES: List[Route] = [
    ("POST", "assistants/{assistant_id}/files", create_assistant_file),
    ("GET", "assistants/{assistant_id}/files", list_assistant_files),
    ("GET", "assistants/{assistant_id}/files/{file_id}", retrieve_assistant_file),
    ("DELETE", "assistants/{assistant_id}/files/{file_id}", delete_assistant_file),
    ("GET", "threads/{thread_id}/messages/{message_id}/files", list_message_files),
    ("GET", "threads/{thread_id}/messages/{message_id}/files/{file_id}", retrieve_message_file),
]
