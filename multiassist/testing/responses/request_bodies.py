"""Request bodies of the Responses and Conversations APIs, checked like the real API does.

Unknown top-level fields are ``unknown_parameter`` 400s. Fields of ``CreateResponse`` the
emulator does not act on (``reasoning``, ``text``, ``truncation``, ``service_tier``,
``prompt_cache_key`` ...) are accepted and echoed or ignored. Tools other than
``function``, ``file_search`` and ``code_interpreter`` and items other than those of
``items.ITEM_TYPES`` are 400 ``invalid_value`` (the emulator cannot run them).
"""

from __future__ import annotations

from typing import Any, Mapping

from multiassist.testing.responses.items import INCLUDE_VALUES
from multiassist.testing.wire.validation import (
    Check,
    anything,
    array,
    boolean,
    free_object,
    integer,
    join,
    metadata,
    missing,
    nullable,
    number,
    obj,
    string,
    tagged,
    wrong_type,
)

ROLES = ("user", "assistant", "system", "developer")
ITEM_STATUSES = ("in_progress", "completed", "incomplete")
MAX_ITEMS_PER_REQUEST = 20


def either(first: Check, second: Check, expected: str, accepts_first: type) -> Check:
    """``first`` for values of type ``accepts_first``, else ``second`` (objects / arrays)."""

    def check(value: Any, param: str) -> None:
        if isinstance(value, accepts_first):
            first(value, param)
        elif isinstance(value, (dict, list)):
            second(value, param)
        else:
            raise wrong_type(param, expected, value)

    return check


_TEXT_PART = obj(
    {
        "type": string(),
        "text": string(),
        "annotations": anything(),
        "logprobs": anything(),
        "prompt_cache_breakpoint": anything(),
    },
    required=["type", "text"],
)
_IMAGE_PART = obj(
    {
        "type": string(),
        "image_url": nullable(string()),
        "file_id": nullable(string()),
        "detail": string(enum=["low", "high", "auto", "original"]),
        "prompt_cache_breakpoint": anything(),
    },
    required=["type"],
)
_FILE_PART = obj(
    {
        "type": string(),
        "file_id": nullable(string()),
        "filename": string(),
        "file_data": string(),
        "file_url": string(),
        "detail": anything(),
        "prompt_cache_breakpoint": anything(),
    },
    required=["type"],
)
_REFUSAL_PART = obj({"type": string(), "refusal": string()}, required=["type", "refusal"])
INPUT_PART = tagged(
    {"input_text": _TEXT_PART, "input_image": _IMAGE_PART, "input_file": _FILE_PART}
)
_OUTPUT_TEXT_PART = obj(
    {
        "type": string(),
        "text": string(),
        "annotations": array(free_object()),
        "logprobs": array(free_object()),
    },
    required=["type", "text", "annotations", "logprobs"],
)
#: An earlier assistant turn is a string (``EasyInputMessage``) or the spec's
#: ``OutputMessage``: ``output_text`` (with ``annotations`` and ``logprobs``) and ``refusal``
#: parts, with the message's ``id`` and ``status``; input parts are refused there.
ASSISTANT_PART = tagged({"output_text": _OUTPUT_TEXT_PART, "refusal": _REFUSAL_PART})
_MESSAGE_FIELDS = obj(
    {
        "type": string(enum=["message"]),
        "id": string(),
        "role": string(enum=ROLES),
        "content": anything(),
        "status": string(enum=ITEM_STATUSES),
        "phase": anything(),
    },
    required=["role", "content"],
)


def _message(value: Any, param: str) -> None:
    _MESSAGE_FIELDS(value, param)
    content = value["content"]
    if isinstance(content, str):
        return
    if value["role"] == "assistant":
        for field in ("type", "id", "status"):
            if field not in value:
                raise missing(join(param, field))
        array(ASSISTANT_PART)(content, join(param, "content"))
        return
    array(INPUT_PART)(content, join(param, "content"))


_FUNCTION_OUTPUT = either(string(), array(INPUT_PART), "a string or an array", str)
_ITEMS: Mapping[str, Check] = {
    "message": _message,
    "function_call": obj(
        {
            "type": string(),
            "id": string(),
            "call_id": string(max_len=64),
            "name": string(),
            "arguments": string(),
            "status": string(enum=ITEM_STATUSES),
            "namespace": anything(),
            "caller": anything(),
        },
        required=["type", "call_id", "name", "arguments"],
    ),
    "function_call_output": obj(
        {
            "type": string(),
            "id": nullable(string()),
            "call_id": string(max_len=64),
            "output": _FUNCTION_OUTPUT,
            "status": nullable(string(enum=ITEM_STATUSES)),
            "name": anything(),
            "namespace": anything(),
            "caller": anything(),
        },
        required=["type", "call_id", "output"],
    ),
    "file_search_call": obj(
        {
            "type": string(),
            "id": string(),
            "status": string(),
            "queries": array(string()),
            "results": anything(),
        },
        required=["type", "id"],
    ),
    "code_interpreter_call": obj(
        {
            "type": string(),
            "id": string(),
            "status": string(),
            "container_id": string(),
            "code": nullable(string()),
            "outputs": anything(),
        },
        required=["type", "id"],
    ),
    "item_reference": obj({"type": nullable(string()), "id": string()}, required=["id"]),
}
_TYPED_ITEM = tagged(_ITEMS)


def _input_item(value: Any, param: str) -> None:
    if isinstance(value, dict) and value.get("type") is None and "id" in value:
        _ITEMS["item_reference"](value, param)
    elif isinstance(value, dict) and "type" not in value:
        _message(value, param)
    else:
        _TYPED_ITEM(value, param)


INPUT_ITEMS = array(_input_item)
ITEMS_BATCH = array(_input_item, max_items=MAX_ITEMS_PER_REQUEST)

FUNCTION_TOOL = obj(
    {
        "type": string(),
        "name": string(max_len=64, pattern=r"[a-zA-Z0-9_-]+"),
        "description": nullable(string()),
        "parameters": nullable(free_object()),
        "strict": nullable(boolean()),
        "defer_loading": boolean(),
        "output_schema": anything(),
        "allowed_callers": anything(),
    },
    required=["type", "name", "strict", "parameters"],  # the spec's FunctionTool
)
FILE_SEARCH_TOOL = obj(
    {
        "type": string(),
        "vector_store_ids": array(string()),
        "max_num_results": integer(minimum=1, maximum=50),
        "ranking_options": obj(
            {
                "ranker": string(enum=["auto", "default-2024-11-15"]),
                "score_threshold": number(minimum=0, maximum=1),
                "hybrid_search": anything(),
            }
        ),
        "filters": anything(),
    },
    required=["type", "vector_store_ids"],
)
_AUTO_CONTAINER = obj(
    {
        "type": string(enum=["auto"]),
        "file_ids": array(string(), max_items=50),
        "memory_limit": anything(),
        "network_policy": anything(),
    },
    required=["type"],
)
CODE_INTERPRETER_TOOL = obj(
    {
        "type": string(),
        "container": either(string(), _AUTO_CONTAINER, "a string or an object", str),
        "allowed_callers": anything(),
    },
    required=["type", "container"],
)
TOOL = tagged(
    {
        "function": FUNCTION_TOOL,
        "file_search": FILE_SEARCH_TOOL,
        "code_interpreter": CODE_INTERPRETER_TOOL,
    }
)
_TYPE_ONLY = obj({"type": string()}, required=["type"])
TOOL_CHOICE = either(
    string(enum=["none", "auto", "required"]),
    tagged(
        {
            "function": obj({"type": string(), "name": string()}, required=["type", "name"]),
            "file_search": _TYPE_ONLY,
            "code_interpreter": _TYPE_ONLY,
            "allowed_tools": obj(
                {
                    "type": string(),
                    "mode": string(enum=["auto", "required"]),
                    "tools": array(free_object()),
                },
                required=["type", "mode", "tools"],
            ),
        }
    ),
    "a string or an object",
    str,
)
CONVERSATION = either(
    string(), obj({"id": string()}, required=["id"]), "a string or an object", str
)
_INPUT = either(string(), INPUT_ITEMS, "a string or an array", str)

# Accepted and echoed (or ignored): CreateResponse fields the emulator does not act on.
_PASSIVE = (
    "text",
    "reasoning",
    "truncation",
    "user",
    "service_tier",
    "prompt",
    "prompt_cache_key",
    "prompt_cache_retention",
    "prompt_cache_options",
    "safety_identifier",
    "stream_options",
    "top_logprobs",
    "max_tool_calls",
    "context_management",
    "moderation",
)
CREATE_RESPONSE = obj(
    {
        "model": string(),
        "input": _INPUT,
        "instructions": nullable(string()),
        "conversation": nullable(CONVERSATION),
        "previous_response_id": nullable(string()),
        "tools": nullable(array(TOOL)),
        "tool_choice": nullable(TOOL_CHOICE),
        "parallel_tool_calls": nullable(boolean()),
        "max_output_tokens": nullable(integer(minimum=16)),
        "temperature": nullable(number(minimum=0, maximum=2)),
        "top_p": nullable(number(minimum=0, maximum=1)),
        "metadata": metadata(),
        "store": nullable(boolean()),
        "background": nullable(boolean()),
        "stream": nullable(boolean()),
        "include": nullable(array(string(enum=INCLUDE_VALUES))),
        **{name: anything() for name in _PASSIVE},
    },
    required=["model"],
)

CREATE_CONVERSATION = obj({"metadata": metadata(), "items": nullable(ITEMS_BATCH)})
UPDATE_CONVERSATION = obj({"metadata": metadata()}, required=["metadata"])
ADD_ITEMS = obj({"items": ITEMS_BATCH}, required=["items"])
