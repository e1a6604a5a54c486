"""Request inputs named as in Microsoft's agents SDKs: :class:`ToolOutput`,
:class:`ThreadMessageOptions`, :class:`AgentThreadCreationOptions`, :class:`MessageAttachment`.

Each is a ``dict`` of the wire body (so it goes into a request as is) whose keys also read
as attributes (``output.tool_call_id``). Keyword arguments left ``None`` are left out.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Sequence

from multiassist.agents.enums import wire_value
from multiassist.agents.views import unwrap

__all__ = ["AgentThreadCreationOptions", "MessageAttachment", "ThreadMessageOptions",
           "ToolOutput"]


class _Input(Dict[str, Any]):
    """A wire body that also reads as attributes."""

    def __init__(self, **fields: Any) -> None:
        super().__init__({k: _plain(v) for k, v in fields.items() if v is not None})

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self.get(name)

    def __setattr__(self, name: str, value: Any) -> None:
        self[name] = _plain(value)


def _plain(value: Any) -> Any:
    """Enum members as their value, views as their wire form, recursively."""
    value = wire_value(unwrap(value))
    if hasattr(value, "to_dict") and callable(value.to_dict):
        return value.to_dict()
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


class ToolOutput(_Input):
    """The output of one function call: ``ToolOutput(tool_call_id=call.id, output=text)``."""

    def __init__(self, *, tool_call_id: str, output: Optional[str] = None) -> None:
        super().__init__(tool_call_id=tool_call_id, output=output)


class MessageAttachment(_Input):
    """A file attached to a message, with the tools that may use it."""

    def __init__(self, *, file_id: Optional[str] = None,
                 tools: Optional[Sequence[Any]] = None, data_source: Any = None) -> None:
        super().__init__(file_id=file_id, tools=list(tools) if tools is not None else None,
                         data_source=data_source)


class ThreadMessageOptions(_Input):
    """A message to start a thread with: ``role`` (``"user"``/``MessageRole.USER`` or the
    agent's) and ``content``."""

    def __init__(self, *, role: Any, content: Any,
                 attachments: Optional[List[Any]] = None,
                 metadata: Optional[Mapping[str, str]] = None) -> None:
        super().__init__(role=role, content=content, attachments=attachments,
                         metadata=metadata)


class AgentThreadCreationOptions(_Input):
    """The thread ``create_thread_and_run`` creates: its first ``messages``,
    ``tool_resources`` and ``metadata``."""

    def __init__(self, *, messages: Optional[List[Any]] = None, tool_resources: Any = None,
                 metadata: Optional[Mapping[str, str]] = None) -> None:
        super().__init__(messages=messages, tool_resources=tool_resources, metadata=metadata)
