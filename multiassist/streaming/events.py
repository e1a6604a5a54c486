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

Every event dumps as openai-python's event models do: ``event.model_dump()`` is
``{"data": {...}, "event": "thread.run.created"}`` (also ``model_dump_json``, ``to_dict``,
``to_json``); ``model_validate`` / ``construct`` build one.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from typing import Any, Callable, ClassVar, Dict, Literal, Sequence, Tuple, Type, TypeVar, Union

import attrs

from multiassist.converter import Model, structure
from multiassist.dumping import Dumpable, DumpOptions
from multiassist.models import Message, MessageDelta, Run, RunStep, RunStepDelta, Thread

__all__ = [
    "EVENTS",
    "AssistantStreamEvent",
    "DoneEvent",
    "ErrorEvent",
    "MessageEvent",
    "RunEvent",
    "RunStepEvent",
    "StreamEventModel",
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


_E = TypeVar("_E", bound="StreamEventModel")


class StreamEventModel(Dumpable):
    """Base of every event class: the dump API (``{"data": ..., "event": ...}``) and
    ``model_validate`` / ``construct``, as openai-python's event models have them."""

    __slots__ = ()

    def _event_name(self) -> str:
        name: str = getattr(self, "event")  # noqa: B009  (a class constant, or a field)
        return name

    def _dump_items(self, options: DumpOptions) -> Tuple[Tuple[str, Any], ...]:
        # openai-python's order: data, then event.
        return (("data", getattr(self, "data")), ("event", self._event_name()))  # noqa: B009

    @classmethod
    def _data_type(cls) -> Any:
        return typing.get_type_hints(cls)["data"]

    @classmethod
    def _from_event(cls: Type[_E], obj: Any, build: Callable[[Any, Any], Any]) -> _E:
        if not isinstance(obj, Mapping) or "data" not in obj:
            raise ValueError(
                f"{cls.__name__} is built from {{'event': ..., 'data': {{...}}}}, "
                f"got {type(obj).__name__}"
            )
        name = obj.get("event")
        fixed = getattr(cls, "event", None)
        if isinstance(fixed, str):
            if name is not None and name != fixed:
                raise ValueError(f"{cls.__name__} is the {fixed!r} event, got {name!r}")
            return cls(data=build(obj["data"], cls._data_type()))  # type: ignore[call-arg]
        if not isinstance(name, str):
            raise ValueError(f"{cls.__name__} needs the event name as a string, got {name!r}")
        return cls(event=name, data=build(obj["data"], cls._data_type()))  # type: ignore[call-arg]

    @classmethod
    def model_validate(cls: Type[_E], obj: Any, **_: Any) -> _E:
        """Build this event from ``{"event": ..., "data": {...}}``, checking ``data`` as
        the stream does.  Raises ``ValueError`` for another event's name or a value
        without ``data``, :class:`~multiassist.errors.ResponseDecodeError` for bad data."""
        if isinstance(obj, cls):
            return obj
        return cls._from_event(obj, structure)

    @classmethod
    def construct(cls: Type[_E], _fields_set: Any = None, **values: Any) -> _E:
        """Build this event from ``event=..., data=...`` without checking ``data``
        (see :meth:`multiassist.converter.Model.construct`)."""
        return cls._from_event(values, _construct_data)

    model_construct = construct


def _construct_data(data: Any, data_type: Any) -> Any:
    if isinstance(data_type, type) and issubclass(data_type, Model) and isinstance(data, Mapping):
        return data_type.construct(**data)
    return data


@attrs.frozen(slots=True)
class ThreadEvent(StreamEventModel):
    """Base of the events whose data is a :class:`~multiassist.models.Thread`."""

    data: Thread


@attrs.frozen(slots=True)
class ThreadCreated(ThreadEvent):
    """A thread was created (``create_and_run_stream`` only)."""

    event: ClassVar[Literal["thread.created"]] = "thread.created"


@attrs.frozen(slots=True)
class RunEvent(StreamEventModel):
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
class RunStepEvent(StreamEventModel):
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
class ThreadRunStepDelta(StreamEventModel):
    """Part of a run step changed (e.g. a piece of a function call's arguments)."""

    event: ClassVar[Literal["thread.run.step.delta"]] = "thread.run.step.delta"
    data: RunStepDelta


@attrs.frozen(slots=True)
class MessageEvent(StreamEventModel):
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
class ThreadMessageDelta(StreamEventModel):
    """Part of a message changed; ``data.text`` is the text it appends."""

    event: ClassVar[Literal["thread.message.delta"]] = "thread.message.delta"
    data: MessageDelta


@attrs.frozen(slots=True)
class ErrorEvent(StreamEventModel):
    """The server reported an error mid-stream.  Never yielded: iterating raises
    :class:`~multiassist.streaming.stream.StreamError`, which carries this event as
    ``error.event``.  ``data`` is the raw error object (``message``, ``code``, ``type``,
    ``param``)."""

    event: ClassVar[Literal["error"]] = "error"
    data: Any


@attrs.frozen(slots=True)
class DoneEvent(StreamEventModel):
    """The last event of every stream (``data`` is ``"[DONE]"``)."""

    event: ClassVar[Literal["done"]] = "done"
    data: str


@attrs.frozen(slots=True)
class UnknownStreamEvent(StreamEventModel):
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
