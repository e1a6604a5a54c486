"""Items of the Responses and Conversations APIs: ids, stored shapes and what a request shows.

Items are kept as the JSON dicts the API sends (``Message``, ``FunctionToolCall`` ...),
always complete; ``render_item`` drops what only ``include`` asks for (file search
``results``, code interpreter ``outputs``). Request items (a string, easy messages, typed
items) become stored items with ``stored_items``. Nothing here touches the store.
"""

from __future__ import annotations

import copy
import uuid
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence

from multiassist.testing.engine.objects import text_part
from multiassist.testing.wire.problems import invalid_value

JSONDict = Dict[str, Any]

#: The ``include`` values the spec defines (``IncludeEnum``).
INCLUDE_VALUES = (
    "file_search_call.results",
    "web_search_call.results",
    "web_search_call.action.sources",
    "message.input_image.image_url",
    "computer_call_output.output.image_url",
    "code_interpreter_call.outputs",
    "reasoning.encrypted_content",
    "message.output_text.logprobs",
)
FILE_SEARCH_RESULTS = "file_search_call.results"
CODE_OUTPUTS = "code_interpreter_call.outputs"
#: The item types the emulator stores and understands.
ITEM_TYPES = (
    "message",
    "function_call",
    "function_call_output",
    "file_search_call",
    "code_interpreter_call",
    "item_reference",
)
#: Items a model turn produces besides messages (they open a tool round).
TOOL_ITEM_TYPES = frozenset(
    {"function_call", "function_call_output", "file_search_call", "code_interpreter_call"}
)
_PREFIXES: Dict[str, str] = {
    "response": "resp_",
    "conversation": "conv_",
    "message": "msg_",
    "function_call": "fc_",
    "function_call_output": "fco_",
    "file_search_call": "fs_",
    "code_interpreter_call": "ci_",
    "container": "cntr_",
}


def new_id(kind: str) -> str:
    """A fresh id with the real API's prefix for ``kind`` and 48 hex digits."""
    return _PREFIXES[kind] + uuid.uuid4().hex + uuid.uuid4().hex[:16]


def new_call_id() -> str:
    """A fresh ``call_id`` for a function call."""
    return "call_" + uuid.uuid4().hex[:24]


def input_text(text: str) -> JSONDict:
    """An ``input_text`` content part."""
    return {"type": "input_text", "text": text}


def output_text(text: str) -> JSONDict:
    """An ``output_text`` content part (no annotations, no logprobs)."""
    return {"type": "output_text", "text": text, "annotations": [], "logprobs": []}


def message_item(
    role: str, text: str, *, status: str = "completed", item_id: Optional[str] = None
) -> JSONDict:
    """A message item with one text part (``output_text`` for the assistant)."""
    part = output_text(text) if role == "assistant" else input_text(text)
    return {
        "id": item_id or new_id("message"),
        "type": "message",
        "status": status,
        "role": role,
        "content": [part],
    }


def _stored_part(role: str, part: JSONDict) -> JSONDict:
    stored = copy.deepcopy(part)
    kind = stored.get("type")
    if role == "assistant" and kind in ("input_text", "output_text"):
        part_out = output_text(str(stored.get("text", "")))
        for key in ("annotations", "logprobs"):
            if isinstance(stored.get(key), list):
                part_out[key] = stored[key]
        return part_out
    if kind == "input_image":
        stored.setdefault("detail", "auto")
    return stored


def _stored_message(raw: JSONDict) -> JSONDict:
    role = str(raw["role"])
    content = raw["content"]
    if isinstance(content, str):
        parts = [output_text(content) if role == "assistant" else input_text(content)]
    else:
        parts = [_stored_part(role, part) for part in content]
    return {
        "id": raw.get("id") or new_id("message"),
        "type": "message",
        "status": raw.get("status") or "completed",
        "role": role,
        "content": parts,
    }


def stored_item(raw: JSONDict, resolve: Callable[[str], JSONDict]) -> JSONDict:
    """The stored form of one (validated) request item; ``resolve`` looks up the item an
    ``item_reference`` names (raising a 404 ApiError when there is none)."""
    kind = raw.get("type") or "message"
    if kind == "message":
        return _stored_message(raw)
    if kind == "item_reference":
        return copy.deepcopy(resolve(str(raw["id"])))
    item = copy.deepcopy(raw)
    item["id"] = raw.get("id") or new_id(kind)
    item["status"] = raw.get("status") or "completed"
    if kind == "code_interpreter_call":
        item.setdefault("container_id", "")
        item.setdefault("code", None)
        item.setdefault("outputs", None)
    if kind == "file_search_call":
        item.setdefault("queries", [])
    return item


def stored_items(value: Any, resolve: Callable[[str], JSONDict]) -> List[JSONDict]:
    """Request ``input`` / ``items`` (a string or a list of items) as stored items."""
    if value is None:
        return []
    if isinstance(value, str):
        return [message_item("user", value)]
    return [stored_item(raw, resolve) for raw in value]


def render_item(item: JSONDict, include: Sequence[str]) -> JSONDict:
    """An item as a request shows it: tool results and outputs only when included."""
    if item.get("type") == "file_search_call" and FILE_SEARCH_RESULTS not in include:
        return {**item, "results": None}
    if item.get("type") == "code_interpreter_call" and CODE_OUTPUTS not in include:
        return {**item, "outputs": None}
    return item


def render_items(items: Iterable[JSONDict], include: Sequence[str]) -> List[JSONDict]:
    """``render_item`` over a list."""
    return [render_item(item, include) for item in items]


def content_text(content: Any) -> str:
    """The text of a message's content (or of a function output): text parts joined."""
    if isinstance(content, str):
        return content
    texts = [
        str(part.get("text", ""))
        for part in content or []
        if isinstance(part, dict) and part.get("type") in ("input_text", "output_text")
    ]
    return "\n".join(texts)


def item_words_text(item: JSONDict) -> str:
    """What the model reads of an item, for token counting."""
    kind = item.get("type")
    if kind == "message":
        return content_text(item.get("content"))
    if kind == "function_call":
        return str(item.get("arguments", ""))
    if kind == "function_call_output":
        return content_text(item.get("output"))
    if kind == "code_interpreter_call":
        return str(item.get("code") or "")
    return ""


def transcript_message(item: JSONDict) -> JSONDict:
    """A message item as the scripted model's ``Transcript`` reads messages."""
    return {"role": item.get("role"), "content": [text_part(content_text(item.get("content")))]}


def include_values(query: Dict[str, List[str]]) -> List[str]:
    """``include`` / ``include[]`` query values, each checked against ``INCLUDE_VALUES``."""
    values = list(query.get("include", [])) + list(query.get("include[]", []))
    for index, value in enumerate(values):
        if value not in INCLUDE_VALUES:
            raise invalid_value(value, INCLUDE_VALUES, f"include[{index}]")
    return values
