"""Builders of the Assistants wire objects (message, run step, deleted markers ...) that
runs and handlers create.

Every builder emits each field the specs mark required (the union of OpenAI's
``*Object`` schemas and Azure's definitions), with the real ``object`` names.
"""

from __future__ import annotations

import copy
from typing import Any, Dict, List, Optional

from multiassist.testing.object_store import JSONDict, Record, Store


def text_part(value: str) -> JSONDict:
    """A stored text content part."""
    return {"type": "text", "text": {"value": value, "annotations": []}}


def content_parts(content: Any) -> List[JSONDict]:
    """Request ``content`` (a string or request parts) as stored message content parts."""
    if isinstance(content, str):
        return [text_part(content)]
    parts: List[JSONDict] = []
    for part in content:
        kind = part["type"]
        if kind == "text":
            parts.append(text_part(part["text"]))
        else:
            detail = dict(part[kind])
            detail.setdefault("detail", "auto")
            parts.append({"type": kind, kind: detail})
    return parts


def message_text(message: JSONDict) -> str:
    """The concatenated text parts of a stored message."""
    texts = [p["text"]["value"] for p in message.get("content", []) if p.get("type") == "text"]
    return "\n".join(texts)


def add_message(
    store: Store,
    thread_id: str,
    *,
    role: str,
    content: Any,
    attachments: Optional[List[JSONDict]] = None,
    metadata: Optional[Dict[str, str]] = None,
    assistant_id: Optional[str] = None,
    run_id: Optional[str] = None,
    status: str = "completed",
) -> Record:
    """Append a message (``completed`` unless told otherwise) to a thread; return its record."""
    now = store.now()
    message: JSONDict = {
        "id": store.new_id("message"),
        "object": "thread.message",
        "created_at": now,
        "assistant_id": assistant_id,
        "thread_id": thread_id,
        "run_id": run_id,
        "role": role,
        "content": content_parts(content),
        "attachments": [
            {"file_id": a["file_id"], "tools": copy.deepcopy(a.get("tools", []))}
            for a in (attachments or [])
        ],
        "metadata": dict(metadata or {}),
        "status": status,
        "incomplete_details": None,
        "completed_at": now if run_id and status == "completed" else None,
        "incomplete_at": None,
    }
    return store.table("message", thread_id).add(message)


def add_message_from_request(store: Store, thread_id: str, spec: JSONDict) -> Record:
    """Append a message described by a (validated) CreateMessageRequest body."""
    return add_message(
        store,
        thread_id,
        role=spec["role"],
        content=spec["content"],
        attachments=spec.get("attachments"),
        metadata=spec.get("metadata"),
    )


def add_step(
    store: Store,
    run: JSONDict,
    *,
    step_type: str,
    details: JSONDict,
    status: str = "completed",
    usage: Optional[JSONDict] = None,
) -> Record:
    """Append a run step to ``run``."""
    now = store.now()
    step: JSONDict = {
        "id": store.new_id("step"),
        "object": "thread.run.step",
        "created_at": now,
        "run_id": run["id"],
        "assistant_id": run["assistant_id"],
        "thread_id": run["thread_id"],
        "type": step_type,
        "status": status,
        "cancelled_at": None,
        "completed_at": now if status == "completed" else None,
        "expired_at": None,
        "failed_at": None,
        "last_error": None,
        "step_details": details,
        "usage": usage,
        "metadata": {},
    }
    return store.table("step", run["id"]).add(step)


def deleted(object_id: str, object_name: str) -> JSONDict:
    """A ``*.deleted`` confirmation."""
    return {"id": object_id, "object": object_name, "deleted": True}


def usage(prompt_tokens: int, completion_tokens: int) -> JSONDict:
    """A usage block."""
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
    }
