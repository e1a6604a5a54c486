"""Request rules of Azure's Assistants **v1** wire, and their translation to stored objects.

The rules follow ``azure-assistants-2024-02-15-preview.json`` (``AssistantCreationOptions``,
``ThreadMessageOptions``, ``CreateRunOptions`` ...) plus what that TypeSpec-generated file
leaves out but the v1 service had: ``file_ids`` on assistants (at most 20) and messages (at
most 10), the ``retrieval`` tool, and ``messages`` on thread creation. Message ``content``
is a string. v2-only fields (``tool_resources``, ``attachments``, ``temperature`` ...) are
``unknown_parameter`` errors; a ``file_search`` tool is an ``invalid_value``. Submitting
tool outputs and modifying metadata take the same bodies as on v2 (``request_bodies``).

The store keeps one (v2-shaped) object per resource, whichever wire wrote it; ``v1_views``
renders it back as v1. The mapping both ways:

* assistant ``file_ids`` <-> ``tool_resources.code_interpreter.file_ids``;
* tool ``retrieval`` <-> ``file_search``;
* message ``file_ids`` <-> ``attachments`` (each file for both code_interpreter and
  file_search, as v1 message files served every enabled tool).
"""

from __future__ import annotations

from typing import Any, Dict, List

from multiassist.testing.object_store import JSONDict
from multiassist.testing.wire.validation import (
    Check,
    anything,
    array,
    boolean,
    free_object,
    metadata,
    nullable,
    obj,
    string,
    tagged,
)

__all__ = [
    "ASSISTANT_FILE_LIMIT",
    "CREATE_ASSISTANT",
    "CREATE_ASSISTANT_FILE",
    "CREATE_MESSAGE",
    "CREATE_RUN",
    "CREATE_THREAD",
    "CREATE_THREAD_AND_RUN",
    "FILE_PURPOSES",
    "MESSAGE_FILE_LIMIT",
    "MODIFY_ASSISTANT",
    "MODIFY_THREAD",
    "stored_message",
    "stored_thread",
    "stored_tools",
]

ASSISTANT_FILE_LIMIT = 20
MESSAGE_FILE_LIMIT = 10
FILE_PURPOSES = ["fine-tune", "fine-tune-results", "assistants", "assistants_output"]
MESSAGE_FILE_TOOLS = ("code_interpreter", "file_search")

_TYPE = anything()  # the discriminator itself, already checked by `tagged`

TOOL: Check = tagged(
    {
        "code_interpreter": obj({"type": _TYPE}),
        "retrieval": obj({"type": _TYPE}),
        "function": obj(
            {
                "type": _TYPE,
                "function": obj(
                    {
                        "name": string(pattern=r"[a-zA-Z0-9_-]{1,64}"),
                        "description": string(),
                        "parameters": free_object(),
                    },
                    required=["name"],
                ),
            },
            required=["function"],
        ),
    }
)

_ASSISTANT_FIELDS: Dict[str, Check] = {
    "model": string(),
    "name": nullable(string(max_len=256)),
    "description": nullable(string(max_len=512)),
    "instructions": nullable(string(max_len=32768)),
    "tools": array(TOOL, max_items=128),
    "file_ids": array(string(), max_items=ASSISTANT_FILE_LIMIT),
    "metadata": metadata(),
}
CREATE_ASSISTANT = obj(_ASSISTANT_FIELDS, required=["model"])
MODIFY_ASSISTANT = obj(_ASSISTANT_FIELDS)
CREATE_ASSISTANT_FILE = obj({"file_id": string()}, required=["file_id"])

CREATE_MESSAGE = obj(
    {
        "role": string(enum=["user", "assistant"]),
        "content": string(),
        "file_ids": array(string(), max_items=MESSAGE_FILE_LIMIT),
        "metadata": metadata(),
    },
    required=["role", "content"],
)
CREATE_THREAD = obj({"messages": array(CREATE_MESSAGE), "metadata": metadata()})
MODIFY_THREAD = obj({"metadata": metadata()})

_RUN_FIELDS: Dict[str, Check] = {
    "assistant_id": string(),
    "model": nullable(string()),
    "instructions": nullable(string()),
    "tools": nullable(array(TOOL, max_items=20)),
    "metadata": metadata(),
    "stream": nullable(boolean()),
}
CREATE_RUN = obj(
    {**_RUN_FIELDS, "additional_instructions": nullable(string())}, required=["assistant_id"]
)
CREATE_THREAD_AND_RUN = obj({**_RUN_FIELDS, "thread": CREATE_THREAD}, required=["assistant_id"])


def stored_tools(tools: Any) -> Any:
    """Validated v1 ``tools`` as stored: ``retrieval`` becomes ``file_search``."""
    if not isinstance(tools, list):
        return tools
    return [{"type": "file_search"} if t.get("type") == "retrieval" else t for t in tools]


def stored_message(spec: JSONDict) -> JSONDict:
    """A validated v1 message body as the (v2) CreateMessageRequest the store takes."""
    stored: JSONDict = {"role": spec["role"], "content": spec["content"]}
    if spec.get("metadata") is not None:
        stored["metadata"] = spec["metadata"]
    file_ids: List[str] = []
    for file_id in spec.get("file_ids") or []:
        if file_id not in file_ids:
            file_ids.append(file_id)
    stored["attachments"] = [
        {"file_id": file_id, "tools": [{"type": kind} for kind in MESSAGE_FILE_TOOLS]}
        for file_id in file_ids
    ]
    return stored


def stored_thread(spec: JSONDict) -> JSONDict:
    """A validated v1 thread body as the (v2) CreateThreadRequest the store takes."""
    stored: JSONDict = {"messages": [stored_message(m) for m in spec.get("messages") or []]}
    if spec.get("metadata") is not None:
        stored["metadata"] = spec["metadata"]
    return stored
