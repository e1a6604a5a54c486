"""How stored objects look on Azure's Assistants **v1** wire (see ``request_bodies_v1``).

The store keeps v2-shaped objects. ``render_v1`` turns an answer (one object, a list page
or a stream event's data) into what the v1 service sent: the fields of the
``azure-assistants-2024-02-15-preview.json`` definitions plus ``file_ids``.

* assistant: ``file_ids`` = ``tool_resources.code_interpreter.file_ids``; no
  ``tool_resources`` / ``temperature`` / ``top_p`` / ``response_format``;
* thread: no ``tool_resources``;
* message: ``file_ids`` = the ``attachments``' file ids; no ``attachments``;
* run: ``file_ids`` as copied from the assistant when the run was created; none of the
  v2-only settings; ``incomplete_details`` is the bare reason string (the v1 definition);
* run step (and step delta): ``file_search`` tool calls become
  ``{"id", "type": "retrieval", "retrieval": {}}``;
* tools everywhere: ``file_search`` becomes ``{"type": "retrieval"}``.

Call with ``Store.lock`` held (a run's ``file_ids`` are looked up in the store).
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Sequence

from multiassist.testing.object_store import JSONDict, Store

_FIELDS: Mapping[str, Sequence[str]] = {
    "assistant": (
        "id", "object", "created_at", "name", "description", "model", "instructions",
        "tools", "file_ids", "metadata",
    ),
    "thread": ("id", "object", "created_at", "metadata"),
    "thread.message": (
        "id", "object", "created_at", "thread_id", "status", "incomplete_details",
        "completed_at", "incomplete_at", "role", "content", "assistant_id", "run_id",
        "file_ids", "metadata",
    ),
    "thread.run": (
        "id", "object", "created_at", "assistant_id", "thread_id", "status", "started_at",
        "expires_at", "cancelled_at", "failed_at", "completed_at", "required_action",
        "last_error", "model", "instructions", "tools", "file_ids", "metadata",
        "incomplete_details", "usage",
    ),
}  # fmt: skip


def _unique(values: List[str]) -> List[str]:
    seen: List[str] = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen


def assistant_file_ids(assistant: JSONDict) -> List[str]:
    """An assistant's v1 ``file_ids`` (its code interpreter files)."""
    resources = assistant.get("tool_resources") or {}
    return list((resources.get("code_interpreter") or {}).get("file_ids") or [])


def message_file_ids(message: JSONDict) -> List[str]:
    """A message's v1 ``file_ids`` (the files of its attachments, in order)."""
    return _unique([a["file_id"] for a in message.get("attachments") or []])


def v1_tools(tools: Any) -> Any:
    """Stored tools as v1 lists them (``file_search`` -> ``retrieval``)."""
    if not isinstance(tools, list):
        return tools
    return [{"type": "retrieval"} if t.get("type") == "file_search" else t for t in tools]


def _tool_call(call: JSONDict) -> JSONDict:
    if call.get("type") != "file_search":
        return call
    shown: JSONDict = {key: call[key] for key in ("index", "id") if key in call}
    return {**shown, "type": "retrieval", "retrieval": {}}


def _step_details(details: Any) -> Any:
    if not isinstance(details, dict) or not isinstance(details.get("tool_calls"), list):
        return details
    return {**details, "tool_calls": [_tool_call(c) for c in details["tool_calls"]]}


def _pick(obj: JSONDict, kind: str, derived: Dict[str, Any]) -> JSONDict:
    merged = {**obj, **derived}
    return {name: merged[name] for name in _FIELDS[kind] if name in merged}


def _run_file_ids(store: Store, run: JSONDict) -> List[str]:
    rec = store.table("run", str(run.get("thread_id"))).get(str(run.get("id")))
    return list(rec.extra.get("file_ids") or []) if rec is not None else []


def _incomplete(details: Any) -> Any:
    return details.get("reason") if isinstance(details, dict) else details


def _object(store: Store, obj: Any) -> Any:
    if not isinstance(obj, dict):
        return obj
    kind = obj.get("object")
    if kind == "assistant":
        derived = {"tools": v1_tools(obj.get("tools")), "file_ids": assistant_file_ids(obj)}
        return _pick(obj, kind, derived)
    if kind == "thread":
        return _pick(obj, kind, {})
    if kind == "thread.message":
        return _pick(obj, kind, {"file_ids": message_file_ids(obj)})
    if kind == "thread.run":
        derived = {
            "tools": v1_tools(obj.get("tools")),
            "file_ids": _run_file_ids(store, obj),
            "incomplete_details": _incomplete(obj.get("incomplete_details")),
        }
        return _pick(obj, kind, derived)
    if kind == "thread.run.step":
        return {**obj, "step_details": _step_details(obj.get("step_details"))}
    if kind == "thread.run.step.delta" and isinstance(obj.get("delta"), dict):
        delta = obj["delta"]
        if "step_details" in delta:
            delta = {**delta, "step_details": _step_details(delta["step_details"])}
        return {**obj, "delta": delta}
    return obj


def render_v1(store: Store, body: Any) -> Any:
    """``body`` (an object, a ``list`` page or event data) as the v1 wire shows it."""
    if isinstance(body, dict) and body.get("object") == "list":
        data = body.get("data")
        if isinstance(data, list):
            return {**body, "data": [_object(store, item) for item in data]}
    return _object(store, body)
