"""Streamed runs: typed Assistants stream events and :class:`AssistantStream`, which reads
them off an open ``text/event-stream`` response and folds deltas into snapshots.

Owns what the events mean; :mod:`multiassist.sse` owns the wire format, the converter owns
decoding each event's data.  Entry points are the resources::

    with client.beta.threads.runs.stream(thread.id, assistant_id=assistant.id) as stream:
        for text in stream.text_deltas():
            print(text, end="", flush=True)
    run = stream.get_final_run()

Event classes: one small frozen class per event name of the API (``ThreadRunCompleted``,
``ThreadMessageDelta``...), named as in openai-python.  Each has ``event``, the wire name
(a class constant), and ``data``, the decoded model.  Match on the class to get a typed
``data``: ``isinstance(event, ThreadMessageDelta)``.  The classes sharing a data type
derive from one base (:class:`RunEvent`, :class:`RunStepEvent`, :class:`MessageEvent`,
:class:`ThreadEvent`), so ``isinstance(event, RunEvent)`` catches every run status change.
An event name this library does not know becomes :class:`UnknownStreamEvent` with its raw
JSON: kept, not dropped.  ``done`` is yielded last as :class:`DoneEvent`; ``error`` is
raised as :class:`StreamError` (carrying an :class:`ErrorEvent`).

Errors:

- :class:`StreamError` (an :class:`~multiassist.errors.APIError`, ``status_code`` 200): the
  server sent an ``error`` event; ``code``/``message``/``type``/``param`` come from it.
- :class:`StreamInterruptedError`: the stream ended (end of body or a broken connection)
  before ``done`` or a run event that ends the stream; the run may still be going on the
  server.
- :class:`~multiassist.errors.ResponseDecodeError`: an event's data did not decode.
"""

from __future__ import annotations

import copy
import functools
import json
import logging
from json.scanner import make_scanner
from types import TracebackType
from typing import (
    Any,
    Callable,
    ClassVar,
    Dict,
    Generator,
    Iterator,
    List,
    Literal,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    Type,
    TypeVar,
    Union,
    cast,
)

import attrs
import requests
import urllib3.exceptions

from ._types import RequestOptions
from .converter import structure
from .core import NO_OPTIONS, Core
from .errors import APIError, MultiassistError, ResponseDecodeError
from .models import (
    Annotation,
    AnnotationDelta,
    CodeInterpreterCall,
    CodeInterpreterImage,
    CodeInterpreterImageOutput,
    CodeInterpreterImageOutputDelta,
    CodeInterpreterLogsOutput,
    CodeInterpreterLogsOutputDelta,
    CodeInterpreterOutput,
    CodeInterpreterOutputDelta,
    CodeInterpreterToolCall,
    CodeInterpreterToolCallDelta,
    ContentPart,
    FileSearchCall,
    FileSearchToolCall,
    FileSearchToolCallDelta,
    FunctionToolCall,
    FunctionToolCallDelta,
    FunctionToolCallDetails,
    ImageFile,
    ImageFileContentBlock,
    ImageFileContentBlockDelta,
    ImageURL,
    ImageURLContentBlock,
    ImageURLContentBlockDelta,
    Message,
    MessageCreation,
    MessageCreationStepDetails,
    MessageCreationStepDetailsDelta,
    MessageDelta,
    MessageDeltaFields,
    Model,
    RefusalContentBlock,
    RefusalContentBlockDelta,
    Run,
    RunStep,
    RunStepDelta,
    RunStepDeltaFields,
    StepDetails,
    Text,
    TextContentBlock,
    TextContentBlockDelta,
    Thread,
    ToolCall,
    ToolCallDelta,
    ToolCallsStepDetails,
    ToolCallsStepDetailsDelta,
    UnknownAnnotation,
    UnknownCodeInterpreterOutput,
    UnknownContentPart,
    UnknownStepDetails,
    UnknownToolCall,
)
from .operations import get_operation
from .sse import parse_sse

__all__ = [
    "AssistantStream",
    "AssistantStreamEvent",
    "DoneEvent",
    "ErrorEvent",
    "MessageEvent",
    "RunEvent",
    "RunStepEvent",
    "StreamError",
    "StreamInterruptedError",
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
    "open_stream",
]

log = logging.getLogger("multiassist.streaming")

_M = TypeVar("_M", bound=Model)


# --- events ---------------------------------------------------------------------------


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
    :class:`StreamError`, which carries this event as ``error.event``.  ``data`` is the
    raw error object (``message``, ``code``, ``type``, ``param``)."""

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


#: Every event an :class:`AssistantStream` yields.
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


_EVENTS = _event_table()

#: Run statuses after which the server ends the stream (stopped, or waiting for outputs).
_STOPPED_STATUSES = frozenset(
    {"requires_action", "completed", "incomplete", "failed", "cancelled", "expired"}
)


# --- errors ---------------------------------------------------------------------------


class StreamError(APIError):
    """The server sent an ``error`` event on a stream that had started (HTTP 200).

    ``code``, ``message``, ``type`` and ``param`` come from the event; ``event`` is the
    :class:`ErrorEvent`; ``run`` is the last run seen on the stream (or ``None``).  The
    stream is closed; retrieve the run to see how it ended.
    """

    def __init__(
        self,
        message: str,
        *,
        event: ErrorEvent,
        run: Optional[Run],
        status_code: int = 200,
        code: Optional[str] = None,
        param: Optional[str] = None,
        type: Optional[str] = None,
        request_id: Optional[str] = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> None:
        self.event = event
        self.run = run
        super().__init__(
            message, status_code=status_code, code=code, param=param, type=type,
            request_id=request_id, body=event.data, headers=headers,
        )


class StreamInterruptedError(MultiassistError):
    """The stream ended before the run stopped (end of body or a broken connection,
    without ``done`` or a final run event), or was closed before it finished.

    The run may still be going on the server: poll ``client.beta.threads.runs.retrieve``.
    ``run`` is the last run seen on the stream (``None`` if none arrived).
    """

    def __init__(self, message: str, *, run: Optional[Run] = None) -> None:
        super().__init__(message)
        self.run = run


def _interrupted(reason: str, run: Optional[Run]) -> StreamInterruptedError:
    if run is None:
        advice = (
            "no run event arrived, but the run may have been created and still be going on "
            "the server: list the thread's runs with client.beta.threads.runs.list(thread_id)"
        )
    else:
        advice = (
            f"run {run.id} was last seen {run.status!r} and may still be going on the server: "
            f"poll it with client.beta.threads.runs.retrieve({run.id!r}, "
            f"thread_id={run.thread_id!r})"
        )
    return StreamInterruptedError(f"{reason}; {advice}", run=run)


# --- snapshots ------------------------------------------------------------------------


def _replace(obj: _M, **changes: Any) -> _M:
    """A shallow copy of a model with some fields changed (keeps ``extra`` and nulls)."""
    new = copy.copy(obj)
    for name, value in changes.items():
        setattr(new, name, value)
    return new


def _put(items: List[Any], index: Optional[int], item: Any) -> int:
    """Store ``item`` at ``index`` (appending when the index is new); return its position."""
    if index is not None and 0 <= index < len(items):
        items[index] = item
        return index
    items.append(item)
    return len(items) - 1


def _slot(items: List[Any], index: Optional[int], kind: type, make: Callable[[], Any]) -> int:
    """The position of the ``kind`` item at ``index``, made with ``make`` if not there."""
    if index is not None and 0 <= index < len(items) and isinstance(items[index], kind):
        return index
    return _put(items, index, make())


def _at(items: Sequence[Any], index: Optional[int]) -> Any:
    if index is not None and 0 <= index < len(items):
        return items[index]
    return None


def _without_index(delta: Model) -> Dict[str, Any]:
    raw = delta.to_dict()
    raw.pop("index", None)
    return raw


def _full_annotation(delta: AnnotationDelta) -> Annotation:
    raw = _without_index(delta)
    try:
        return structure(raw, Annotation)  # type: ignore[arg-type]
    except ResponseDecodeError:  # an incomplete annotation is kept raw rather than lost
        return UnknownAnnotation(type=delta.type, extra={k: v for k, v in raw.items()
                                                         if k != "type"})


def _full_output(delta: CodeInterpreterOutputDelta) -> CodeInterpreterOutput:
    if isinstance(delta, CodeInterpreterLogsOutputDelta):
        return CodeInterpreterLogsOutput(logs=delta.logs or "")
    if isinstance(delta, CodeInterpreterImageOutputDelta):
        file_id = delta.image.file_id if delta.image is not None else None
        return CodeInterpreterImageOutput(image=CodeInterpreterImage(file_id=file_id or ""))
    raw = _without_index(delta)
    raw.pop("type", None)
    return UnknownCodeInterpreterOutput(type=delta.type, extra=raw)


def _empty_text() -> TextContentBlock:
    return TextContentBlock(text=Text(value="", annotations=[]))


def _empty_refusal() -> RefusalContentBlock:
    return RefusalContentBlock(refusal="")


#: A message delta that only appends text to one part, kept as ``(index, text)``.
_TextPiece = Tuple[int, str]


def _compact_message_delta(delta: MessageDeltaFields) -> Union[MessageDeltaFields, _TextPiece]:
    """What a message snapshot keeps of a delta until it is folded.

    Nearly every delta only appends text to one part: keeping just ``(index, text)``
    instead of four models (and their dicts) saves the garbage collector from walking
    thousands of live objects on a long stream.
    """
    parts = delta.content
    if delta.role is None and parts is not None and len(parts) == 1 and not delta.extra:
        part = parts[0]
        if type(part) is TextContentBlockDelta and part.text is not None \
                and not part.text.annotations:
            return (part.index, part.text.value or "")
    return delta


def _fold_message(
    base: Message, deltas: Sequence[Union[MessageDeltaFields, _TextPiece]]
) -> Message:
    """``base`` with ``deltas`` applied, as a new object (``base`` is left untouched).

    Text values are concatenated per content ``index`` (joined once, not per delta),
    annotations and refusal text appended, image references updated.
    """
    content: List[ContentPart] = list(base.content)
    texts: Dict[int, List[str]] = {}
    annotations: Dict[int, List[Annotation]] = {}
    refusals: Dict[int, List[str]] = {}
    role = base.role
    for delta in deltas:
        if isinstance(delta, tuple):
            index, value = delta
            position = _slot(content, index, TextContentBlock, _empty_text)
            if value:
                texts.setdefault(position, []).append(value)
            continue
        if delta.role:
            role = delta.role
        for part in delta.content or ():
            if isinstance(part, TextContentBlockDelta):
                index = _slot(content, part.index, TextContentBlock, _empty_text)
                if part.text is not None:
                    if part.text.value:
                        texts.setdefault(index, []).append(part.text.value)
                    if part.text.annotations:
                        annotations.setdefault(index, []).extend(
                            _full_annotation(a) for a in part.text.annotations
                        )
            elif isinstance(part, RefusalContentBlockDelta):
                index = _slot(content, part.index, RefusalContentBlock, _empty_refusal)
                if part.refusal:
                    refusals.setdefault(index, []).append(part.refusal)
            elif isinstance(part, ImageFileContentBlockDelta):
                old = _at(content, part.index)
                image = old.image_file if isinstance(old, ImageFileContentBlock) else ImageFile(
                    file_id="")
                if part.image_file is not None:
                    image = _replace(image, file_id=part.image_file.file_id or image.file_id,
                                     detail=part.image_file.detail or image.detail)
                _put(content, part.index, ImageFileContentBlock(image_file=image))
            elif isinstance(part, ImageURLContentBlockDelta):
                old = _at(content, part.index)
                url = old.image_url if isinstance(old, ImageURLContentBlock) else ImageURL(url="")
                if part.image_url is not None:
                    url = _replace(url, url=part.image_url.url or url.url,
                                   detail=part.image_url.detail or url.detail)
                _put(content, part.index, ImageURLContentBlock(image_url=url))
            else:
                raw = _without_index(part)
                raw.pop("type", None)
                _put(content, part.index, UnknownContentPart(type=part.type, extra=raw))
    for index in texts.keys() | annotations.keys():
        block = content[index]
        assert isinstance(block, TextContentBlock)
        content[index] = _replace(block, text=_replace(
            block.text,
            value=block.text.value + "".join(texts.get(index, ())),
            annotations=[*block.text.annotations, *annotations.get(index, ())],
        ))
    for index, pieces in refusals.items():
        refusal = content[index]
        assert isinstance(refusal, RefusalContentBlock)
        content[index] = _replace(refusal, refusal=refusal.refusal + "".join(pieces))
    return _replace(base, content=content, role=role)


def _fold_tool_calls(
    calls: List[ToolCall], deltas: Sequence[ToolCallDelta], arguments: Dict[int, List[str]],
    inputs: Dict[int, List[str]],
) -> None:
    """Apply tool call deltas to ``calls`` in place.

    A delta's ``index`` is the call's position (one past the end starts a new call).
    Function argument and code input pieces are collected in ``arguments``/``inputs`` by
    position, to be joined once at the end.
    """
    for delta in deltas:
        old = _at(calls, delta.index)
        if isinstance(delta, FunctionToolCallDelta):
            if not isinstance(old, FunctionToolCall):
                old = FunctionToolCall(
                    id="", function=FunctionToolCallDetails(name="", arguments="")
                )
            position = _put(calls, delta.index, old)
            function = old.function
            change = delta.function
            if change is not None:
                if change.arguments:
                    arguments.setdefault(position, []).append(change.arguments)
                if change.name or change.output is not None:
                    function = _replace(
                        function,
                        name=change.name or function.name,
                        output=change.output if change.output is not None else function.output,
                    )
            calls[position] = _replace(old, id=delta.id or old.id, function=function)
        elif isinstance(delta, CodeInterpreterToolCallDelta):
            if not isinstance(old, CodeInterpreterToolCall):
                old = CodeInterpreterToolCall(
                    id="", code_interpreter=CodeInterpreterCall(input="", outputs=[])
                )
            position = _put(calls, delta.index, old)
            call = old.code_interpreter
            change_ci = delta.code_interpreter
            if change_ci is not None:
                if change_ci.input:
                    inputs.setdefault(position, []).append(change_ci.input)
                if change_ci.outputs:
                    outputs = list(call.outputs)
                    for output in change_ci.outputs:
                        previous = _at(outputs, output.index)
                        if (isinstance(previous, CodeInterpreterLogsOutput)
                                and isinstance(output, CodeInterpreterLogsOutputDelta)):
                            _put(outputs, output.index,
                                 _replace(previous, logs=previous.logs + (output.logs or "")))
                        else:
                            _put(outputs, output.index, _full_output(output))
                    call = _replace(call, outputs=outputs)
            calls[position] = _replace(old, id=delta.id or old.id, code_interpreter=call)
        elif isinstance(delta, FileSearchToolCallDelta):
            found = structure(delta.file_search or {}, FileSearchCall)
            previous_id = old.id if isinstance(old, FileSearchToolCall) else ""
            _put(calls, delta.index,
                 FileSearchToolCall(id=delta.id or previous_id, file_search=found))
        else:
            raw = _without_index(delta)
            raw.pop("type", None)
            raw.pop("id", None)
            _put(calls, delta.index, UnknownToolCall(type=delta.type, id=delta.id, extra=raw))


#: A run step delta that only appends to one tool call's function ``arguments``
#: (``"function"``) or code ``input`` (``"code_interpreter"``): ``(kind, index, text)``.
_ToolPiece = Tuple[str, int, str]


def _compact_step_delta(delta: RunStepDeltaFields) -> Union[RunStepDeltaFields, _ToolPiece]:
    """What a run step snapshot keeps of a delta until it is folded (see
    :func:`_compact_message_delta`)."""
    details = delta.step_details
    if type(details) is not ToolCallsStepDetailsDelta or delta.extra or details.extra:
        return delta
    calls = details.tool_calls
    if calls is None or len(calls) != 1 or calls[0].id is not None or calls[0].extra:
        return delta
    call = calls[0]
    if type(call) is FunctionToolCallDelta and call.function is not None:
        function = call.function
        if (function.arguments and function.name is None and function.output is None
                and not function.extra):
            return ("function", call.index, function.arguments)
    elif type(call) is CodeInterpreterToolCallDelta and call.code_interpreter is not None:
        code = call.code_interpreter
        if code.input and code.outputs is None and not code.extra:
            return ("code_interpreter", call.index, code.input)
    return delta


def _fold_step(
    base: RunStep, deltas: Sequence[Union[RunStepDeltaFields, _ToolPiece]]
) -> RunStep:
    """``base`` with ``deltas`` applied, as a new object (``base`` is left untouched).

    Function ``arguments`` and code interpreter ``input`` are concatenated by tool call
    ``index``; code interpreter outputs are appended.
    """
    details: StepDetails = base.step_details
    calls: Optional[List[ToolCall]] = None
    arguments: Dict[int, List[str]] = {}  # pieces by position in ``calls``
    inputs: Dict[int, List[str]] = {}
    for delta in deltas:
        change = None if isinstance(delta, tuple) else delta.step_details
        if isinstance(delta, tuple) or isinstance(change, ToolCallsStepDetailsDelta):
            if calls is None:
                existing = details if isinstance(details, ToolCallsStepDetails) else None
                calls = list(existing.tool_calls) if existing is not None else []
                details = existing or ToolCallsStepDetails(tool_calls=[])
            if isinstance(delta, tuple):
                _add_piece(calls, delta, arguments, inputs)
            elif isinstance(change, ToolCallsStepDetailsDelta) and change.tool_calls:
                _fold_tool_calls(calls, change.tool_calls, arguments, inputs)
            continue
        if change is None:
            continue
        # The step's details changed kind: what was collected for tool calls is moot.
        calls = None
        arguments.clear()
        inputs.clear()
        if isinstance(change, MessageCreationStepDetailsDelta):
            created = change.message_creation
            if created is not None and created.message_id:
                details = MessageCreationStepDetails(
                    message_creation=MessageCreation(message_id=created.message_id)
                )
        else:
            raw = _without_index(change)
            raw.pop("type", None)
            details = UnknownStepDetails(type=change.type, extra=raw)
    if calls is not None and isinstance(details, ToolCallsStepDetails):
        for position, pieces in arguments.items():
            call = calls[position]
            if isinstance(call, FunctionToolCall):
                calls[position] = _replace(call, function=_replace(
                    call.function, arguments=call.function.arguments + "".join(pieces)))
        for position, pieces in inputs.items():
            ci_call = calls[position]
            if isinstance(ci_call, CodeInterpreterToolCall):
                calls[position] = _replace(ci_call, code_interpreter=_replace(
                    ci_call.code_interpreter,
                    input=ci_call.code_interpreter.input + "".join(pieces)))
        details = _replace(details, tool_calls=calls)
    return _replace(base, step_details=details)


def _add_piece(
    calls: List[ToolCall], piece: _ToolPiece, arguments: Dict[int, List[str]],
    inputs: Dict[int, List[str]],
) -> None:
    kind, index, text = piece
    old = _at(calls, index)
    if kind == "function":
        if not isinstance(old, FunctionToolCall):
            old = FunctionToolCall(id="", function=FunctionToolCallDetails(name="", arguments=""))
        arguments.setdefault(_put(calls, index, old), []).append(text)
    else:
        if not isinstance(old, CodeInterpreterToolCall):
            old = CodeInterpreterToolCall(
                id="", code_interpreter=CodeInterpreterCall(input="", outputs=[])
            )
        inputs.setdefault(_put(calls, index, old), []).append(text)


class _Snapshot:
    """The latest full object of one message or run step plus the deltas that arrived
    after it; deltas are folded in only when the snapshot is asked for."""

    __slots__ = ("_fold", "deltas", "value")

    def __init__(self, value: Any, fold: Callable[[Any, Sequence[Any]], Any]) -> None:
        self.value = value
        self.deltas: List[Any] = []
        self._fold = fold

    def current(self) -> Any:
        if self.deltas:
            self.value = self._fold(self.value, self.deltas)
            self.deltas = []
        return self.value


# --- the stream -----------------------------------------------------------------------


class AssistantStream:
    """The events of one streamed run, read off an open ``text/event-stream`` response.

    Iterate it (or :meth:`events`) to get typed events as they arrive; use it as a context
    manager so the connection is closed even when you stop early.  While it is read, it
    keeps the current run and folds message and run step deltas into snapshots
    (:meth:`get_final_messages`, :meth:`get_final_run_steps`).

    After ``done`` the body is read to its end before ``DoneEvent`` is yielded, so the
    pooled connection is reused.  Closing a stream before then drops the connection (the
    server stops sending; the run itself goes on).

    Raises while iterating: :class:`StreamError` on an ``error`` event,
    :class:`StreamInterruptedError` when the stream ends early,
    :class:`~multiassist.errors.ResponseDecodeError` when an event does not decode.

    Args:
        response: a successful response opened with ``stream=True``.
        normalize: applied to the JSON of full objects (runs, messages...) before
            decoding; the backend's ``normalize_response`` (Azure deployment names).
        request_id: the response's request id, quoted by :class:`StreamError`.
    """

    def __init__(
        self,
        response: requests.Response,
        *,
        normalize: Optional[Callable[[Any], Any]] = None,
        request_id: Optional[str] = None,
    ) -> None:
        self.response = response
        self.request_id = request_id
        self._normalize = normalize
        self._run: Optional[Run] = None
        self._messages: Dict[str, _Snapshot] = {}
        self._steps: Dict[str, _Snapshot] = {}
        self._finished = False
        self._failure: Optional[BaseException] = None
        content_type = response.headers.get("content-type", "")
        if content_type and not content_type.lower().startswith("text/event-stream"):
            body = response.text[:2000]
            response.close()
            raise ResponseDecodeError(
                f"expected a text/event-stream answer to a streamed request, got "
                f"{content_type!r}: the server did not stream",
                body=body,
            )
        self._iterator: Generator[AssistantStreamEvent, None, None] = self._iterate()

    # -- iteration ----------------------------------------------------------------------
    def __iter__(self) -> Iterator[AssistantStreamEvent]:
        return self._iterator

    def __next__(self) -> AssistantStreamEvent:
        return next(self._iterator)

    def events(self) -> Iterator[AssistantStreamEvent]:
        """The events still to come (the same iterator as ``iter(stream)``)."""
        return self._iterator

    def text_deltas(self) -> Iterator[str]:
        """Read the stream on, yielding the text of each message delta as it arrives."""
        for event in self._iterator:
            if type(event) is ThreadMessageDelta:
                for part in event.data.delta.content or ():
                    if (type(part) is TextContentBlockDelta and part.text is not None
                            and part.text.value):
                        yield part.text.value

    def until_done(self) -> AssistantStream:
        """Read every remaining event; return the stream.

        Raises what iterating raises; when the stream already failed or was closed
        before it finished, raises that error (or :class:`StreamInterruptedError`) again.
        """
        for _ in self._iterator:
            pass
        if not self._finished:
            if self._failure is not None:
                raise self._failure
            raise _interrupted("the stream was closed before it finished", self._run)
        return self

    # -- results ------------------------------------------------------------------------
    @property
    def current_run(self) -> Optional[Run]:
        """The run as of the latest run event read (``None`` before the first)."""
        return self._run

    def get_final_run(self) -> Run:
        """Read the stream to its end (:meth:`until_done`) and return the run as the last
        run event showed it: completed, failed, requires_action..."""
        self.until_done()
        if self._run is None:
            raise _interrupted("the stream finished without any run event", None)
        return self._run

    def get_final_messages(self) -> List[Message]:
        """Read the stream to its end and return the messages it created, in order, with
        all deltas applied (the server's final snapshot where one arrived)."""
        self.until_done()
        return [snapshot.current() for snapshot in self._messages.values()]

    def get_final_run_steps(self) -> List[RunStep]:
        """Read the stream to its end and return its run steps, in order, with all deltas
        applied (the server's final snapshot where one arrived)."""
        self.until_done()
        return [snapshot.current() for snapshot in self._steps.values()]

    # -- lifetime -----------------------------------------------------------------------
    def close(self) -> None:
        """Stop reading and release the connection (dropped if the body was not read to
        its end).  Safe to call more than once."""
        self._iterator.close()
        self.response.close()

    def __enter__(self) -> AssistantStream:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()

    # -- internals ----------------------------------------------------------------------
    def _iterate(self) -> Generator[AssistantStreamEvent, None, None]:
        # The hot loop: one dict lookup, json.loads and one converter call per event.
        messages = self._messages
        steps = self._steps
        normalize = self._normalize
        loads = _loads
        event: AssistantStreamEvent
        try:
            sse_events = parse_sse(self._chunks())
            for name, data, _, _ in sse_events:
                entry = _EVENTS.get(name)
                if entry is None:
                    event = self._other_event(name, data)
                else:
                    make, model, normalized = entry
                    try:
                        payload = loads(data)
                    except ValueError:
                        raise ResponseDecodeError(
                            f"the {name} event's data is not JSON", body=data[:2000]
                        ) from None
                    if normalized and normalize is not None:
                        payload = normalize(payload)
                    event = make(structure(payload, model))
                if isinstance(event, ThreadMessageDelta):
                    snapshot = messages.get(event.data.id)
                    if snapshot is not None:
                        snapshot.deltas.append(_compact_message_delta(event.data.delta))
                elif isinstance(event, ThreadRunStepDelta):
                    snapshot = steps.get(event.data.id)
                    if snapshot is not None:
                        snapshot.deltas.append(_compact_step_delta(event.data.delta))
                elif isinstance(event, RunEvent):
                    self._run = event.data
                elif isinstance(event, MessageEvent):
                    self._remember(messages, event.data, _fold_message)
                elif isinstance(event, RunStepEvent):
                    self._remember(steps, event.data, _fold_step)
                elif isinstance(event, DoneEvent):
                    self._finished = True
                    for extra in sse_events:  # nothing should follow; read to the end
                        log.debug("ignoring %r event after done", extra[0])
                    self.response.close()  # body fully read: the connection is reused
                    yield event
                    return
                yield event
            # The body ended without done: fine only once the run stopped.
            if self._run is None or self._run.status not in _STOPPED_STATUSES:
                raise _interrupted("the event stream ended before the run finished",
                                   self._run)
            self._finished = True
        except (StreamError, StreamInterruptedError, ResponseDecodeError) as exc:
            self._failure = exc
            raise
        finally:
            self.response.close()

    @staticmethod
    def _remember(
        snapshots: Dict[str, _Snapshot], value: Any, fold: Callable[[Any, Sequence[Any]], Any]
    ) -> None:
        snapshot = snapshots.get(value.id)
        if snapshot is None:
            snapshots[value.id] = _Snapshot(value, fold)
        else:  # a full object from the server replaces what was accumulated
            snapshot.value = value
            snapshot.deltas = []

    def _other_event(self, name: str, text: str) -> AssistantStreamEvent:
        """``done``, ``error`` (raised) or an event this library does not know."""
        if name == "done":
            return DoneEvent(text)
        try:
            data: Any = json.loads(text)
        except ValueError:
            data = text
        if name == "error":
            raise self._error(data)
        return UnknownStreamEvent(name, data)

    def _error(self, data: Any) -> StreamError:
        details = data.get("error", data) if isinstance(data, dict) else {}
        if not isinstance(details, dict):
            details = {}
        code = details.get("code")
        param = details.get("param")
        kind = details.get("type")
        message = str(details.get("message") or data or "the server reported an error")
        if self._run is not None:
            message += (
                f" (run {self._run.id} may have failed: retrieve it with "
                f"client.beta.threads.runs.retrieve({self._run.id!r}, "
                f"thread_id={self._run.thread_id!r}))"
            )
        return StreamError(
            message,
            event=ErrorEvent(data),
            run=self._run,
            status_code=self.response.status_code,
            code=None if code is None else str(code),
            param=None if param is None else str(param),
            type=None if kind is None else str(kind),
            request_id=self.request_id,
            headers=self.response.headers,
        )

    def _chunks(self) -> Iterator[bytes]:
        """The body as it arrives; a broken connection becomes StreamInterruptedError."""
        response = self.response
        raw = response.raw
        read1: Optional[Callable[[int], bytes]] = getattr(raw, "read1", None)
        if getattr(raw, "chunked", True) or "content-length" in response.headers:
            read1 = None
        try:
            if read1 is not None:
                # iter_content would wait for the whole body; read1 returns what arrived.
                while True:
                    chunk = read1(_READ_SIZE)
                    if not chunk:
                        return
                    yield chunk
            else:
                yield from response.iter_content(chunk_size=None)
        except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError,
                OSError) as exc:
            raise _interrupted(
                f"the connection broke while streaming ({type(exc).__name__})", self._run
            ) from exc


_READ_SIZE = 1 << 16

# The C scanner behind json.loads, called directly: json.loads spends as long again on
# argument checks and whitespace matching as on scanning a small event.
_scan_json = make_scanner(cast(Any, json.JSONDecoder()))  # stub types the arg oddly


def _loads(text: str) -> Any:
    """``json.loads(text)`` for one event's data, faster on the usual compact JSON."""
    try:
        value, end = _scan_json(text, 0)
    except StopIteration:  # leading whitespace or not JSON: json.loads decides
        return json.loads(text)
    if end != len(text):  # trailing whitespace or garbage: json.loads decides
        return json.loads(text)
    return value


def open_stream(
    core: Core,
    operation_name: str,
    *,
    ids: Optional[Mapping[str, object]] = None,
    query: Optional[Mapping[str, Any]] = None,
    body: Mapping[str, Any],
    options: RequestOptions = NO_OPTIONS,
) -> AssistantStream:
    """Send ``operation_name`` with ``"stream": true`` and wrap the open response.

    Used by the resources (``runs.stream``, ``runs.submit_tool_outputs_stream``,
    ``threads.create_and_run_stream``); errors before the stream starts (HTTP status,
    connection) are raised here, as for any request.
    """
    response = core.send(
        operation_name, ids=ids, query=query, body={**body, "stream": True}, options=options,
        stream=True,
    )
    backend = core.backend
    request_id = next(
        (response.headers[name] for name in backend.request_id_headers
         if response.headers.get(name)),
        None,
    )
    normalize = functools.partial(backend.normalize_response, get_operation(operation_name))
    return AssistantStream(response, normalize=normalize, request_id=request_id)
