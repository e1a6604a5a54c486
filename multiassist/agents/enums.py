"""The string enums of Microsoft's agents SDKs (``MessageRole``, ``RunStatus``, ...), with the
member names and wire values programs written against those SDKs use.

Each is a ``str`` enum: a member equals its wire value (``RunStatus.COMPLETED ==
"completed"``), so programs may compare with plain strings, and members may be passed
wherever a string is taken.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Optional

__all__ = [
    "AgentStreamEvent",
    "FilePurpose",
    "FileState",
    "ListSortOrder",
    "MessageRole",
    "MessageStatus",
    "RunStatus",
    "RunStepStatus",
    "RunStepType",
    "VectorStoreStatus",
    "wire_value",
]


class _WireEnum(str, Enum):
    """A str enum whose members also match their value case-insensitively by name."""

    @classmethod
    def _missing_(cls, value: Any) -> Optional[_WireEnum]:
        if isinstance(value, str):
            for member in cls:
                if member.value == value.lower() or member.name == value.upper():
                    return member
        return None


class ListSortOrder(_WireEnum):
    """``order=`` of list calls: by creation time."""

    ASCENDING = "asc"
    DESCENDING = "desc"


class MessageRole(_WireEnum):
    """Who wrote a message; the agent's role is ``"assistant"`` on the wire."""

    USER = "user"
    AGENT = "assistant"


class MessageStatus(_WireEnum):
    """Where a message is in its lifecycle."""

    IN_PROGRESS = "in_progress"
    INCOMPLETE = "incomplete"
    COMPLETED = "completed"


class RunStatus(_WireEnum):
    """Where a run is in its lifecycle."""

    QUEUED = "queued"
    IN_PROGRESS = "in_progress"
    REQUIRES_ACTION = "requires_action"
    CANCELLING = "cancelling"
    CANCELLED = "cancelled"
    FAILED = "failed"
    COMPLETED = "completed"
    EXPIRED = "expired"
    INCOMPLETE = "incomplete"


class RunStepStatus(_WireEnum):
    """Where a run step is in its lifecycle."""

    IN_PROGRESS = "in_progress"
    CANCELLED = "cancelled"
    FAILED = "failed"
    COMPLETED = "completed"
    EXPIRED = "expired"


class RunStepType(_WireEnum):
    """What a run step did."""

    MESSAGE_CREATION = "message_creation"
    TOOL_CALLS = "tool_calls"


class FilePurpose(_WireEnum):
    """``purpose=`` of an upload; ``AGENTS`` is the Assistants API's ``"assistants"``."""

    FINE_TUNE = "fine-tune"
    FINE_TUNE_RESULTS = "fine-tune-results"
    AGENTS = "assistants"
    AGENTS_OUTPUT = "assistants_output"
    BATCH = "batch"
    BATCH_OUTPUT = "batch_output"
    VISION = "vision"


class FileState(_WireEnum):
    """An uploaded file's processing status."""

    UPLOADED = "uploaded"
    PENDING = "pending"
    RUNNING = "running"
    PROCESSED = "processed"
    ERROR = "error"
    DELETING = "deleting"
    DELETED = "deleted"


class VectorStoreStatus(_WireEnum):
    """A vector store's indexing status."""

    EXPIRED = "expired"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


class AgentStreamEvent(_WireEnum):
    """The event names a run stream carries (``event_type`` of the stream's triples)."""

    THREAD_CREATED = "thread.created"
    THREAD_RUN_CREATED = "thread.run.created"
    THREAD_RUN_QUEUED = "thread.run.queued"
    THREAD_RUN_IN_PROGRESS = "thread.run.in_progress"
    THREAD_RUN_REQUIRES_ACTION = "thread.run.requires_action"
    THREAD_RUN_COMPLETED = "thread.run.completed"
    THREAD_RUN_INCOMPLETE = "thread.run.incomplete"
    THREAD_RUN_FAILED = "thread.run.failed"
    THREAD_RUN_CANCELLING = "thread.run.cancelling"
    THREAD_RUN_CANCELLED = "thread.run.cancelled"
    THREAD_RUN_EXPIRED = "thread.run.expired"
    THREAD_RUN_STEP_CREATED = "thread.run.step.created"
    THREAD_RUN_STEP_IN_PROGRESS = "thread.run.step.in_progress"
    THREAD_RUN_STEP_DELTA = "thread.run.step.delta"
    THREAD_RUN_STEP_COMPLETED = "thread.run.step.completed"
    THREAD_RUN_STEP_FAILED = "thread.run.step.failed"
    THREAD_RUN_STEP_CANCELLED = "thread.run.step.cancelled"
    THREAD_RUN_STEP_EXPIRED = "thread.run.step.expired"
    THREAD_MESSAGE_CREATED = "thread.message.created"
    THREAD_MESSAGE_IN_PROGRESS = "thread.message.in_progress"
    THREAD_MESSAGE_DELTA = "thread.message.delta"
    THREAD_MESSAGE_COMPLETED = "thread.message.completed"
    THREAD_MESSAGE_INCOMPLETE = "thread.message.incomplete"
    ERROR = "error"
    DONE = "done"


def wire_value(value: Any) -> Any:
    """``value`` with enum members (these or any other str enum) replaced by their value."""
    return value.value if isinstance(value, Enum) else value
