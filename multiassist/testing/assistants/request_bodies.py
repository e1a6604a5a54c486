"""Request body rules, transcribed by hand from the specs' request schemas.

Names follow ``openai-assistants.json`` (CreateAssistantRequest, CreateRunRequest ...);
Azure's ``*Options`` definitions accept the same fields (plus ``description``, which the
OpenAI create schema also has), so one rule set serves both wires.
"""

from __future__ import annotations

from typing import Any, Dict

from multiassist.testing.wire.validation import (
    Check,
    anything,
    array,
    boolean,
    free_object,
    integer,
    metadata,
    nullable,
    number,
    obj,
    string,
    tagged,
    wrong_type,
)

REASONING_EFFORTS = ["none", "minimal", "low", "medium", "high", "xhigh", "max"]
FILE_PURPOSES = ["assistants", "batch", "fine-tune", "vision", "user_data", "evals"]
INCLUDE_VALUES = ["step_details.tool_calls[*].file_search.results[*].content"]

_TYPE = anything()  # the discriminator itself, already checked by `tagged`

TOOL: Check = tagged(
    {
        "code_interpreter": obj({"type": _TYPE}),
        "file_search": obj(
            {
                "type": _TYPE,
                "file_search": obj(
                    {
                        "max_num_results": integer(minimum=1, maximum=50),
                        "ranking_options": obj(
                            {
                                "ranker": string(enum=["auto", "default_2024_08_21"]),
                                "score_threshold": number(minimum=0, maximum=1),
                            },
                            required=["score_threshold"],
                        ),
                    }
                ),
            }
        ),
        "function": obj(
            {
                "type": _TYPE,
                "function": obj(
                    {
                        "name": string(pattern=r"[a-zA-Z0-9_-]{1,64}"),
                        "description": string(),
                        "parameters": free_object(),
                        "strict": nullable(boolean()),
                    },
                    required=["name"],
                ),
            },
            required=["function"],
        ),
    }
)

ATTACHMENT_TOOL: Check = tagged(
    {"code_interpreter": obj({"type": _TYPE}), "file_search": obj({"type": _TYPE})}
)

_CHUNKING: Check = tagged(
    {
        "auto": obj({"type": _TYPE}),
        "static": obj(
            {
                "type": _TYPE,
                "static": obj(
                    {
                        "max_chunk_size_tokens": integer(minimum=100, maximum=4096),
                        "chunk_overlap_tokens": integer(minimum=0),
                    },
                    required=["max_chunk_size_tokens", "chunk_overlap_tokens"],
                ),
            },
            required=["static"],
        ),
    }
)
CHUNKING_STRATEGY = _CHUNKING

_FILE_IDS = array(string(), max_items=20)


def tool_resources(*, allow_new_vector_stores: bool) -> Check:
    """``tool_resources``; creates may also carry the ``vector_stores`` helper."""
    file_search: Dict[str, Check] = {"vector_store_ids": array(string(), max_items=1)}
    if allow_new_vector_stores:
        file_search["vector_stores"] = array(
            obj(
                {
                    "file_ids": array(string()),
                    "chunking_strategy": _CHUNKING,
                    "metadata": metadata(),
                }
            ),
            max_items=1,
        )
    return nullable(
        obj(
            {
                "code_interpreter": obj({"file_ids": _FILE_IDS}),
                "file_search": obj(file_search),
            }
        )
    )


def _response_format(value: Any, param: str) -> None:
    if isinstance(value, str):
        string(enum=["auto"])(value, param)
        return
    tagged(
        {
            "text": obj({"type": _TYPE}),
            "json_object": obj({"type": _TYPE}),
            "json_schema": obj(
                {
                    "type": _TYPE,
                    "json_schema": obj(
                        {
                            "name": string(max_len=64),
                            "description": string(),
                            "schema": free_object(),
                            "strict": nullable(boolean()),
                        },
                        required=["name"],
                    ),
                },
                required=["json_schema"],
            ),
        }
    )(value, param)


def _tool_choice(value: Any, param: str) -> None:
    if isinstance(value, str):
        string(enum=["none", "auto", "required"])(value, param)
        return
    obj(
        {
            "type": string(enum=["function", "code_interpreter", "file_search"]),
            "function": obj({"name": string()}, required=["name"]),
        },
        required=["type"],
    )(value, param)


RESPONSE_FORMAT: Check = nullable(_response_format)
TOOL_CHOICE: Check = nullable(_tool_choice)
TRUNCATION: Check = nullable(
    obj(
        {
            "type": string(enum=["auto", "last_messages"]),
            "last_messages": nullable(integer(minimum=1)),
        },
        required=["type"],
    )
)

_ASSISTANT_FIELDS: Dict[str, Check] = {
    "model": string(),
    "name": nullable(string(max_len=256)),
    "description": nullable(string(max_len=512)),
    "instructions": nullable(string(max_len=256000)),
    "reasoning_effort": nullable(string(enum=REASONING_EFFORTS)),
    "tools": array(TOOL, max_items=128),
    "metadata": metadata(),
    "temperature": nullable(number(minimum=0, maximum=2)),
    "top_p": nullable(number(minimum=0, maximum=1)),
    "response_format": RESPONSE_FORMAT,
}

CREATE_ASSISTANT = obj(
    {**_ASSISTANT_FIELDS, "tool_resources": tool_resources(allow_new_vector_stores=True)},
    required=["model"],
)
MODIFY_ASSISTANT = obj(
    {**_ASSISTANT_FIELDS, "tool_resources": tool_resources(allow_new_vector_stores=False)}
)


def _content_part() -> Check:
    detail = string(enum=["auto", "low", "high"])
    return tagged(
        {
            "text": obj({"type": _TYPE, "text": string()}, required=["text"]),
            "image_file": obj(
                {
                    "type": _TYPE,
                    "image_file": obj(
                        {"file_id": string(), "detail": detail}, required=["file_id"]
                    ),
                },
                required=["image_file"],
            ),
            "image_url": obj(
                {
                    "type": _TYPE,
                    "image_url": obj({"url": string(), "detail": detail}, required=["url"]),
                },
                required=["image_url"],
            ),
        }
    )


_PARTS = array(_content_part(), min_items=1)


def _message_content(value: Any, param: str) -> None:
    if isinstance(value, str):
        return
    if isinstance(value, list):
        _PARTS(value, param)
        return
    raise wrong_type(param, "one of a string or an array", value)


CREATE_MESSAGE = obj(
    {
        "role": string(enum=["user", "assistant"]),
        "content": _message_content,
        "attachments": nullable(
            array(obj({"file_id": string(), "tools": array(ATTACHMENT_TOOL)}, required=["file_id"]))
        ),
        "metadata": metadata(),
    },
    required=["role", "content"],
)
MODIFY_METADATA_ONLY = obj({"metadata": metadata()})

CREATE_THREAD = obj(
    {
        "messages": array(CREATE_MESSAGE),
        "tool_resources": tool_resources(allow_new_vector_stores=True),
        "metadata": metadata(),
    }
)
MODIFY_THREAD = obj(
    {
        "tool_resources": tool_resources(allow_new_vector_stores=False),
        "metadata": metadata(),
    }
)

_RUN_FIELDS: Dict[str, Check] = {
    "assistant_id": string(),
    "model": nullable(string()),
    "instructions": nullable(string()),
    "tools": nullable(array(TOOL, max_items=20)),
    "metadata": metadata(),
    "temperature": nullable(number(minimum=0, maximum=2)),
    "top_p": nullable(number(minimum=0, maximum=1)),
    "stream": nullable(boolean()),
    "max_prompt_tokens": nullable(integer(minimum=256)),
    "max_completion_tokens": nullable(integer(minimum=256)),
    "truncation_strategy": TRUNCATION,
    "tool_choice": TOOL_CHOICE,
    "parallel_tool_calls": boolean(),
    "response_format": RESPONSE_FORMAT,
}

CREATE_RUN = obj(
    {
        **_RUN_FIELDS,
        "reasoning_effort": nullable(string(enum=REASONING_EFFORTS)),
        "additional_instructions": nullable(string()),
        "additional_messages": nullable(array(CREATE_MESSAGE)),
    },
    required=["assistant_id"],
)
CREATE_THREAD_AND_RUN = obj(
    {
        **_RUN_FIELDS,
        "thread": CREATE_THREAD,
        "tool_resources": tool_resources(allow_new_vector_stores=False),
    },
    required=["assistant_id"],
)
SUBMIT_TOOL_OUTPUTS = obj(
    {
        "tool_outputs": array(obj({"tool_call_id": string(), "output": string()})),
        "stream": nullable(boolean()),
    },
    required=["tool_outputs"],
)

_EXPIRES_AFTER = obj(
    {
        "anchor": string(enum=["last_active_at"]),
        "days": integer(minimum=1, maximum=365),
    },
    required=["anchor", "days"],
)
CREATE_VECTOR_STORE = obj(
    {
        "file_ids": array(string(), max_items=500),
        "name": string(),
        "description": string(),
        "expires_after": _EXPIRES_AFTER,
        "chunking_strategy": _CHUNKING,
        "metadata": metadata(),
    }
)
MODIFY_VECTOR_STORE = obj(
    {
        "name": nullable(string()),
        "expires_after": nullable(_EXPIRES_AFTER),
        "metadata": metadata(),
    }
)
_ATTRIBUTES = nullable(free_object())
CREATE_VECTOR_STORE_FILE = obj(
    {"file_id": string(), "chunking_strategy": _CHUNKING, "attributes": _ATTRIBUTES},
    required=["file_id"],
)
CREATE_FILE_BATCH = obj(
    {
        "file_ids": array(string(), min_items=1, max_items=2000),
        "files": array(CREATE_VECTOR_STORE_FILE, min_items=1, max_items=2000),
        "chunking_strategy": _CHUNKING,
        "attributes": _ATTRIBUTES,
    }
)
