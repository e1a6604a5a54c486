"""The typed events of an Assistants stream: one small frozen class per event name of the
API, the :data:`AssistantStreamEvent` union of what a stream yields, and the table that says
which class and data model each event name decodes into.


Event classes are named as in openai-python (``ThreadRunCompleted``,
``ThreadMessageDelta``...).  Each has ``event``, the wire name (a class constant), and
``data``, the decoded model.  Match on the class to get a typed ``data``:
``isinstance(event, ThreadMessageDelta)``.  The classes sharing a data type derive from one
base (:class:`RunEvent`, :class:`RunStepEvent`, :class:`MessageEvent`, :class:`ThreadEvent`),
so ``isinstance(event, RunEvent)`` catches every run status change.  An event name this
library does not know becomes :class:`UnknownStreamEvent` with its raw JSON: kept, not
dropped.  ``done`` is yielded last as :class:`DoneEvent`; ``error`` is raised as
:class:`~multiassist.streaming.stream.StreamError` (carrying an :class:`ErrorEvent`).
"""

from __future__ import annotations

from typing import Any, Callable, ClassVar, Dict, Literal, Sequence, Tuple, Union

import attrs

from multiassist.models import Message, MessageDelta, Run, RunStep, RunStepDelta, Thread

__all__ = [
    "EVENTS",
    "AssistantStreamEvent",
    "DoneEvent",
    "ErrorEvent",
    "MessageEvent",
    "RunEvent",
    "RunStepEvent",
    "ThreadCreated",
    "ThreadEvent",
    "ThreadMessageCompleted",
    "ThreadMessageCreated",
    "ThreadMessageDelta",
    "ThreadMessageInProgress",
    "ThreadMessageIncomplete",
    "ThreadRunCancelled",
    "ThreadRunCancelling",
    "ThreadRunCompleted",
    "ThreadRunCreated",
    "ThreadRunExpired",
    "ThreadRunFailed",
    "ThreadRunInProgress",
    "ThreadRunIncomplete",
    "ThreadRunQueued",
    "ThreadRunRequiresAction",
    "ThreadRunStepCancelled",
    "ThreadRunStepCompleted",
    "ThreadRunStepCreated",
    "ThreadRunStepDelta",
    "ThreadRunStepExpired",
    "ThreadRunStepFailed",
    "ThreadRunStepInProgress",
    "UnknownStreamEvent",
]


@attrs.frozen(slots=True)
class ThreadEvent:
    """Base of the events whose data is a :class:`~multiassist.models.Thread`."""

    data: Thread


@attrs.frozen(slots=True)
class ThreadCreated(ThreadEvent):
    """A thread was created (``create_and_run_stream`` only)."""

    event: ClassVar[Literal["thread.created"]] = "thread.created"


@attrs.frozen(slots=True)
class RunEvent:
    """Base of the events whose data is a :class:`~multiassist.models.Run`."""

    data: Run


@attrs.frozen(slots=True)
class ThreadRunCreated(RunEvent):
    event: ClassVar[Literal["thread.run.created"]] = "thread.run.created"


@attrs.frozen(slots=True)
class ThreadRunQueued(RunEvent):
    event: ClassVar[Literal["thread.run.queued"]] = "thread.run.queued"


@attrs.frozen(slots=True)
class ThreadRunInProgress(RunEvent):
    event: ClassVar[Literal["thread.run.in_progress"]] = "thread.run.in_progress"


@attrs.frozen(slots=True)
class ThreadRunRequiresAction(RunEvent):
    """The run waits for tool outputs; the stream ends after this event.  Answer with
    ``runs.submit_tool_outputs_stream``."""

    event: ClassVar[Literal["thread.run.requires_action"]] = "thread.run.requires_action"


@attrs.frozen(slots=True)
class ThreadRunCompleted(RunEvent):
    event: ClassVar[Literal["thread.run.completed"]] = "thread.run.completed"


@attrs.frozen(slots=True)
class ThreadRunIncomplete(RunEvent):
    event: ClassVar[Literal["thread.run.incomplete"]] = "thread.run.incomplete"


@attrs.frozen(slots=True)
class ThreadRunFailed(RunEvent):
    event: ClassVar[Literal["thread.run.failed"]] = "thread.run.failed"


@attrs.frozen(slots=True)
class ThreadRunCancelling(RunEvent):
    event: ClassVar[Literal["thread.run.cancelling"]] = "thread.run.cancelling"


@attrs.frozen(slots=True)
class ThreadRunCancelled(RunEvent):
    event: ClassVar[Literal["thread.run.cancelled"]] = "thread.run.cancelled"


@attrs.frozen(slots=True)
class ThreadRunExpired(RunEvent):
    event: ClassVar[Literal["thread.run.expired"]] = "thread.run.expired"


@attrs.frozen(slots=True)
class RunStepEvent:
    """Base of the events whose data is a full :class:`~multiassist.models.RunStep`."""

    data: RunStep


@attrs.frozen(slots=True)
class ThreadRunStepCreated(RunStepEvent):
    event: ClassVar[Literal["thread.run.step.created"]] = "thread.run.step.created"


@attrs.frozen(slots=True)
class ThreadRunStepInProgress(RunStepEvent):
    event: ClassVar[Literal["thread.run.step.in_progress"]] = "thread.run.step.in_progress"


@attrs.frozen(slots=True)
class ThreadRunStepCompleted(RunStepEvent):
    event: ClassVar[Literal["thread.run.step.completed"]] = "thread.run.step.completed"


@attrs.frozen(slots=True)
class ThreadRunStepFailed(RunStepEvent):
    event: ClassVar[Literal["thread.run.step.failed"]] = "thread.run.step.failed"


@attrs.frozen(slots=True)
class ThreadRunStepCancelled(RunStepEvent):
    event: ClassVar[Literal["thread.run.step.cancelled"]] = "thread.run.step.cancelled"


@attrs.frozen(slots=True)
class ThreadRunStepExpired(RunStepEvent):
    event: ClassVar[Literal["thread.run.step.expired"]] = "thread.run.step.expired"


@attrs.frozen(slots=True)
class ThreadRunStepDelta:
    """Part of a run step changed (e.g. a piece of a function call's arguments)."""

    event: ClassVar[Literal["thread.run.step.delta"]] = "thread.run.step.delta"
    data: RunStepDelta


@attrs.frozen(slots=True)
class MessageEvent:
    """Base of the events whose data is a full :class:`~multiassist.models.Message`."""

    data: Message


@attrs.frozen(slots=True)
class ThreadMessageCreated(MessageEvent):
    event: ClassVar[Literal["thread.message.created"]] = "thread.message.created"


@attrs.frozen(slots=True)
class ThreadMessageInProgress(MessageEvent):
    event: ClassVar[Literal["thread.message.in_progress"]] = "thread.message.in_progress"


@attrs.frozen(slots=True)
class ThreadMessageCompleted(MessageEvent):
    event: ClassVar[Literal["thread.message.completed"]] = "thread.message.completed"


@attrs.frozen(slots=True)
class ThreadMessageIncomplete(MessageEvent):
    event: ClassVar[Literal["thread.message.incomplete"]] = "thread.message.incomplete"


@attrs.frozen(slots=True)
class ThreadMessageDelta:
    """Part of a message changed; ``data.text`` is the text it appends."""

    event: ClassVar[Literal["thread.message.delta"]] = "thread.message.delta"
    data: MessageDelta


@attrs.frozen(slots=True)
class ErrorEvent:
    """The server reported an error mid-stream.  Never yielded: iterating raises
    :class:`~multiassist.streaming.stream.StreamError`, which carries this event as
    ``error.event``.  ``data`` is the raw error object (``message``, ``code``, ``type``,
    ``param``)."""

    event: ClassVar[Literal["error"]] = "error"
    data: Any


@attrs.frozen(slots=True)
class DoneEvent:
    """The last event of every stream (``data`` is ``"[DONE]"``)."""

    event: ClassVar[Literal["done"]] = "done"
    data: str


@attrs.frozen(slots=True)
class UnknownStreamEvent:
    """An event this library does not know; ``data`` is its decoded JSON (or the raw text
    when it is not JSON)."""

    event: str
    data: Any


#: Every event an :class:`~multiassist.streaming.stream.AssistantStream` yields.
AssistantStreamEvent = Union[
    ThreadCreated,
    ThreadRunCreated,
    ThreadRunQueued,
    ThreadRunInProgress,
    ThreadRunRequiresAction,
    ThreadRunCompleted,
    ThreadRunIncomplete,
    ThreadRunFailed,
    ThreadRunCancelling,
    ThreadRunCancelled,
    ThreadRunExpired,
    ThreadRunStepCreated,
    ThreadRunStepInProgress,
    ThreadRunStepDelta,
    ThreadRunStepCompleted,
    ThreadRunStepFailed,
    ThreadRunStepCancelled,
    ThreadRunStepExpired,
    ThreadMessageCreated,
    ThreadMessageInProgress,
    ThreadMessageDelta,
    ThreadMessageCompleted,
    ThreadMessageIncomplete,
    DoneEvent,
    UnknownStreamEvent,
]

_EventFactory = Callable[[Any], AssistantStreamEvent]


def _event_table() -> Dict[str, Tuple[_EventFactory, type, bool]]:
    """event name -> (event class, data model, whether the backend normalizes the data:
    full objects only; deltas never carry what a backend rewrites)."""
    groups: Sequence[Tuple[type, Sequence[Any]]] = (
        (Thread, (ThreadCreated,)),
        (Run, (ThreadRunCreated, ThreadRunQueued, ThreadRunInProgress, ThreadRunRequiresAction,
               ThreadRunCompleted, ThreadRunIncomplete, ThreadRunFailed, ThreadRunCancelling,
               ThreadRunCancelled, ThreadRunExpired)),
        (RunStep, (ThreadRunStepCreated, ThreadRunStepInProgress, ThreadRunStepCompleted,
                   ThreadRunStepFailed, ThreadRunStepCancelled, ThreadRunStepExpired)),
        (RunStepDelta, (ThreadRunStepDelta,)),
        (Message, (ThreadMessageCreated, ThreadMessageInProgress, ThreadMessageCompleted,
                   ThreadMessageIncomplete)),
        (MessageDelta, (ThreadMessageDelta,)),
    )
    return {
        cls.event: (cls, model, model not in (MessageDelta, RunStepDelta))
        for model, classes in groups
        for cls in classes
    }


#: event name -> (event class, data model, whether the backend normalizes the data).
#: Names not in it (``done``, ``error``, unknown ones) are decoded by the stream itself.
EVENTS = _event_table()
