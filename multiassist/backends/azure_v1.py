"""Translation between the v2 wire the facade speaks and Azure's v1 wire (2024-02-15-preview,
2024-03-01-preview, 2024-04-01-preview).

Requests: ``tool_resources.code_interpreter.file_ids`` becomes the assistant's ``file_ids``;
message ``attachments`` become ``file_ids``; the ``file_search`` tool becomes ``retrieval``.
Responses: the reverse, so callers always see v2 shapes. What v1 cannot express (vector
stores, ``tool_resources.file_search``, image content, v2-only run settings) is refused before
sending, with an error naming an api-version that has it.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Mapping, Optional

from multiassist.errors import UnsupportedOperationError

__all__ = ["V1_ONLY_OPERATIONS", "request_to_v1", "response_from_v1"]

V2_HINT = "use api-version 2024-05-01-preview or later (Assistants v2)"

#: Operations that exist only on the v1 wire.
V1_ONLY_OPERATIONS = frozenset(
    {
        "assistant_files.create",
        "assistant_files.list",
        "assistant_files.retrieve",
        "assistant_files.delete",
        "message_files.list",
        "message_files.retrieve",
    }
)

_V2_ONLY_RUN_FIELDS = (
    "additional_messages",
    "max_prompt_tokens",
    "max_completion_tokens",
    "truncation_strategy",
    "tool_choice",
    "response_format",
    "temperature",
    "top_p",
    "parallel_tool_calls",
    "reasoning_effort",
)
_V2_ONLY_ASSISTANT_FIELDS = ("response_format", "temperature", "top_p", "reasoning_effort")


def _refuse(what: str, version: str) -> UnsupportedOperationError:
    return UnsupportedOperationError(
        f"{what} cannot be expressed on api-version {version} (the v1 wire); {V2_HINT}"
    )


def _check_v2_only(body: Dict[str, Any], fields: tuple[str, ...], version: str) -> None:
    for name in fields:
        if name in body:
            if body[name] is None:
                del body[name]
            else:
                raise _refuse(f"{name!r}", version)


def _tools_to_v1(tools: Any) -> Any:
    if not isinstance(tools, list):
        return tools
    return [
        {"type": "retrieval"} if isinstance(t, dict) and t.get("type") == "file_search" else t
        for t in tools
    ]


def _tool_resources_file_ids(resources: Any, version: str, *, allow_code: bool) -> List[str]:
    if not resources:
        return []
    if not isinstance(resources, dict):
        raise _refuse("tool_resources", version)
    search = resources.get("file_search") or {}
    if search.get("vector_store_ids") or search.get("vector_stores"):
        raise _refuse("tool_resources.file_search (vector stores)", version)
    code = resources.get("code_interpreter") or {}
    file_ids = list(code.get("file_ids") or [])
    if file_ids and not allow_code:
        raise _refuse("tool_resources on a thread", version)
    return file_ids


def _assistant_to_v1(body: Dict[str, Any], version: str) -> Dict[str, Any]:
    _check_v2_only(body, _V2_ONLY_ASSISTANT_FIELDS, version)
    if "tool_resources" in body:
        body["file_ids"] = _tool_resources_file_ids(
            body.pop("tool_resources"), version, allow_code=True
        )
    if "tools" in body:
        body["tools"] = _tools_to_v1(body["tools"])
    return body


def _message_to_v1(message: Dict[str, Any], version: str) -> Dict[str, Any]:
    content = message.get("content")
    if isinstance(content, list):
        texts = []
        for part in content:
            if not (isinstance(part, dict) and part.get("type") == "text"):
                raise _refuse("message content other than text", version)
            texts.append(str(part.get("text", "")))
        message["content"] = "\n".join(texts)
    attachments = message.pop("attachments", None)
    if attachments:
        message["file_ids"] = [a["file_id"] for a in attachments if isinstance(a, dict)]
    return message


def _thread_to_v1(body: Dict[str, Any], version: str) -> Dict[str, Any]:
    if "tool_resources" in body:
        _tool_resources_file_ids(body.pop("tool_resources"), version, allow_code=False)
    if isinstance(body.get("messages"), list):
        body["messages"] = [_message_to_v1(dict(m), version) for m in body["messages"]]
    return body


def _run_to_v1(body: Dict[str, Any], version: str) -> Dict[str, Any]:
    _check_v2_only(body, _V2_ONLY_RUN_FIELDS, version)
    if "tools" in body:
        body["tools"] = _tools_to_v1(body["tools"])
    if "tool_resources" in body:
        _tool_resources_file_ids(body.pop("tool_resources"), version, allow_code=False)
    if isinstance(body.get("thread"), dict):
        body["thread"] = _thread_to_v1(dict(body["thread"]), version)
    return body


_REQUESTS: Dict[str, Callable[[Dict[str, Any], str], Dict[str, Any]]] = {
    "assistants.create": _assistant_to_v1,
    "assistants.update": _assistant_to_v1,
    "threads.create": _thread_to_v1,
    "threads.update": _thread_to_v1,
    "messages.create": _message_to_v1,
    "runs.create": _run_to_v1,
    "threads.create_and_run": _run_to_v1,
}


def request_to_v1(
    operation: str, body: Optional[Mapping[str, Any]], query: Dict[str, Any], version: str
) -> Optional[Dict[str, Any]]:
    """Rewrite a v2 request body (and query) for the v1 wire, or refuse it."""
    if operation.startswith(("vector_stores.", "vector_store_files.", "file_batches.")):
        raise _refuse("vector stores", version)
    if query.pop("include[]", None):
        raise _refuse("'include' on run steps", version)
    if body is None:
        return None
    translate = _REQUESTS.get(operation)
    return translate(dict(body), version) if translate else dict(body)


def _tools_from_v1(tools: Any) -> Any:
    if not isinstance(tools, list):
        return tools
    return [
        {"type": "file_search"} if isinstance(t, dict) and t.get("type") == "retrieval" else t
        for t in tools
    ]


def _object_from_v1(item: Any) -> Any:
    if not isinstance(item, dict):
        return item
    kind = item.get("object")
    if kind in ("assistant", "thread.run") and "tools" in item:
        item["tools"] = _tools_from_v1(item["tools"])
    if kind == "assistant":
        file_ids = item.pop("file_ids", None) or []
        item.setdefault("tool_resources", {"code_interpreter": {"file_ids": file_ids}})
    elif kind == "thread.message":
        file_ids = item.pop("file_ids", None) or []
        item.setdefault(
            "attachments",
            [{"file_id": f, "tools": [{"type": "code_interpreter"}]} for f in file_ids],
        )
    elif kind == "thread.run":
        item.pop("file_ids", None)
    elif kind == "thread.run.step":
        details = item.get("step_details")
        if isinstance(details, dict) and isinstance(details.get("tool_calls"), list):
            for call in details["tool_calls"]:
                if isinstance(call, dict) and call.get("type") == "retrieval":
                    call["type"] = "file_search"
                    call["file_search"] = call.pop("retrieval", None) or {}
    return item


def response_from_v1(payload: Any) -> Any:
    """Rewrite a v1 response (an object or a list page) into v2 shapes."""
    if isinstance(payload, dict) and payload.get("object") == "list":
        data = payload.get("data")
        if isinstance(data, list):
            payload["data"] = [_object_from_v1(item) for item in data]
        return payload
    return _object_from_v1(payload)
