"""Snapshots of what a stream created: the messages and run steps it reports, with the deltas
that arrived after each full object folded in.

A :class:`Snapshot` holds the latest full object from the server plus the deltas since, kept
compact (:func:`compact_message_delta`, :func:`compact_step_delta`: nearly every delta only
appends text) and folded in only when the snapshot is asked for (:func:`fold_message`,
:func:`fold_step`); a full object replaces what was accumulated (:func:`remember`).  Folding
never changes the objects it starts from.
"""

from __future__ import annotations

import copy
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, TypeVar, Union

from multiassist.converter import structure
from multiassist.errors import ResponseDecodeError
from multiassist.models import (
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
    MessageDeltaFields,
    Model,
    RefusalContentBlock,
    RefusalContentBlockDelta,
    RunStep,
    RunStepDeltaFields,
    StepDetails,
    Text,
    TextContentBlock,
    TextContentBlockDelta,
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

__all__ = [
    "Snapshot",
    "compact_step_delta",
    "fold_step",
    "at",
    "compact_message_delta",
    "fold_message",
    "put",
    "remember",
    "replace",
    "without_index",
]


class Snapshot:
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


def remember(
    snapshots: Dict[str, Snapshot], value: Any, fold: Callable[[Any, Sequence[Any]], Any]
) -> None:
    """Keep ``value``, a full object from the server, as the snapshot of its id: a new
    snapshot, or one that replaces what was accumulated (deltas included)."""
    snapshot = snapshots.get(value.id)
    if snapshot is None:
        snapshots[value.id] = Snapshot(value, fold)
    else:
        snapshot.value = value
        snapshot.deltas = []


_M = TypeVar("_M", bound=Model)


def replace(obj: _M, **changes: Any) -> _M:
    """A shallow copy of a model with some fields changed (keeps ``extra`` and nulls)."""
    new = copy.copy(obj)
    for name, value in changes.items():
        setattr(new, name, value)
    return new


def put(items: List[Any], index: Optional[int], item: Any) -> int:
    """Store ``item`` at ``index`` (appending when the index is new); return its position."""
    if index is not None and 0 <= index < len(items):
        items[index] = item
        return index
    items.append(item)
    return len(items) - 1


def at(items: Sequence[Any], index: Optional[int]) -> Any:
    """The item at ``index``, or ``None`` when there is none."""
    if index is not None and 0 <= index < len(items):
        return items[index]
    return None


def without_index(delta: Model) -> Dict[str, Any]:
    """A delta's wire dict without its ``index``."""
    raw = delta.to_dict()
    raw.pop("index", None)
    return raw


def _slot(items: List[Any], index: Optional[int], kind: type, make: Callable[[], Any]) -> int:
    """The position of the ``kind`` item at ``index``, made with ``make`` if not there."""
    if index is not None and 0 <= index < len(items) and isinstance(items[index], kind):
        return index
    return put(items, index, make())


def _empty_text() -> TextContentBlock:
    return TextContentBlock(text=Text(value="", annotations=[]))


def _empty_refusal() -> RefusalContentBlock:
    return RefusalContentBlock(refusal="")


def _full_annotation(delta: AnnotationDelta) -> Annotation:
    raw = without_index(delta)
    try:
        return structure(raw, Annotation)  # type: ignore[arg-type]
    except ResponseDecodeError:  # an incomplete annotation is kept raw rather than lost
        return UnknownAnnotation(type=delta.type, extra={k: v for k, v in raw.items()
                                                         if k != "type"})


#: A message delta that only appends text to one part, kept as ``(index, text)``.
_TextPiece = Tuple[int, str]


def compact_message_delta(delta: MessageDeltaFields) -> Union[MessageDeltaFields, _TextPiece]:
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


def fold_message(
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
                old = at(content, part.index)
                image = old.image_file if isinstance(old, ImageFileContentBlock) else ImageFile(
                    file_id="")
                if part.image_file is not None:
                    image = replace(image, file_id=part.image_file.file_id or image.file_id,
                                     detail=part.image_file.detail or image.detail)
                put(content, part.index, ImageFileContentBlock(image_file=image))
            elif isinstance(part, ImageURLContentBlockDelta):
                old = at(content, part.index)
                url = old.image_url if isinstance(old, ImageURLContentBlock) else ImageURL(url="")
                if part.image_url is not None:
                    url = replace(url, url=part.image_url.url or url.url,
                                   detail=part.image_url.detail or url.detail)
                put(content, part.index, ImageURLContentBlock(image_url=url))
            else:
                raw = without_index(part)
                raw.pop("type", None)
                put(content, part.index, UnknownContentPart(type=part.type, extra=raw))
    for index in texts.keys() | annotations.keys():
        block = content[index]
        assert isinstance(block, TextContentBlock)
        content[index] = replace(block, text=replace(
            block.text,
            value=block.text.value + "".join(texts.get(index, ())),
            annotations=[*block.text.annotations, *annotations.get(index, ())],
        ))
    for index, pieces in refusals.items():
        refusal = content[index]
        assert isinstance(refusal, RefusalContentBlock)
        content[index] = replace(refusal, refusal=refusal.refusal + "".join(pieces))
    return replace(base, content=content, role=role)


# --- run steps ------------------------------------------------------------------------


#: A run step delta that only appends to one tool call's function ``arguments``
#: (``"function"``) or code ``input`` (``"code_interpreter"``): ``(kind, index, text)``.
_ToolPiece = Tuple[str, int, str]


def compact_step_delta(delta: RunStepDeltaFields) -> Union[RunStepDeltaFields, _ToolPiece]:
    """What a run step snapshot keeps of a delta until it is folded (see
    :func:`~multiassist.streaming.snapshots.compact_message_delta`)."""
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


def fold_step(
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
            raw = without_index(change)
            raw.pop("type", None)
            details = UnknownStepDetails(type=change.type, extra=raw)
    if calls is not None and isinstance(details, ToolCallsStepDetails):
        for position, pieces in arguments.items():
            call = calls[position]
            if isinstance(call, FunctionToolCall):
                calls[position] = replace(call, function=replace(
                    call.function, arguments=call.function.arguments + "".join(pieces)))
        for position, pieces in inputs.items():
            ci_call = calls[position]
            if isinstance(ci_call, CodeInterpreterToolCall):
                calls[position] = replace(ci_call, code_interpreter=replace(
                    ci_call.code_interpreter,
                    input=ci_call.code_interpreter.input + "".join(pieces)))
        details = replace(details, tool_calls=calls)
    return replace(base, step_details=details)


def _add_piece(
    calls: List[ToolCall], piece: _ToolPiece, arguments: Dict[int, List[str]],
    inputs: Dict[int, List[str]],
) -> None:
    kind, index, text = piece
    old = at(calls, index)
    if kind == "function":
        if not isinstance(old, FunctionToolCall):
            old = FunctionToolCall(id="", function=FunctionToolCallDetails(name="", arguments=""))
        arguments.setdefault(put(calls, index, old), []).append(text)
    else:
        if not isinstance(old, CodeInterpreterToolCall):
            old = CodeInterpreterToolCall(
                id="", code_interpreter=CodeInterpreterCall(input="", outputs=[])
            )
        inputs.setdefault(put(calls, index, old), []).append(text)


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
        old = at(calls, delta.index)
        if isinstance(delta, FunctionToolCallDelta):
            if not isinstance(old, FunctionToolCall):
                old = FunctionToolCall(
                    id="", function=FunctionToolCallDetails(name="", arguments="")
                )
            position = put(calls, delta.index, old)
            function = old.function
            change = delta.function
            if change is not None:
                if change.arguments:
                    arguments.setdefault(position, []).append(change.arguments)
                if change.name or change.output is not None:
                    function = replace(
                        function,
                        name=change.name or function.name,
                        output=change.output if change.output is not None else function.output,
                    )
            calls[position] = replace(old, id=delta.id or old.id, function=function)
        elif isinstance(delta, CodeInterpreterToolCallDelta):
            if not isinstance(old, CodeInterpreterToolCall):
                old = CodeInterpreterToolCall(
                    id="", code_interpreter=CodeInterpreterCall(input="", outputs=[])
                )
            position = put(calls, delta.index, old)
            call = old.code_interpreter
            change_ci = delta.code_interpreter
            if change_ci is not None:
                if change_ci.input:
                    inputs.setdefault(position, []).append(change_ci.input)
                if change_ci.outputs:
                    outputs = list(call.outputs)
                    for output in change_ci.outputs:
                        previous = at(outputs, output.index)
                        if (isinstance(previous, CodeInterpreterLogsOutput)
                                and isinstance(output, CodeInterpreterLogsOutputDelta)):
                            put(outputs, output.index,
                                 replace(previous, logs=previous.logs + (output.logs or "")))
                        else:
                            put(outputs, output.index, _full_output(output))
                    call = replace(call, outputs=outputs)
            calls[position] = replace(old, id=delta.id or old.id, code_interpreter=call)
        elif isinstance(delta, FileSearchToolCallDelta):
            found = structure(delta.file_search or {}, FileSearchCall)
            previous_id = old.id if isinstance(old, FileSearchToolCall) else ""
            put(calls, delta.index,
                 FileSearchToolCall(id=delta.id or previous_id, file_search=found))
        else:
            raw = without_index(delta)
            raw.pop("type", None)
            raw.pop("id", None)
            put(calls, delta.index, UnknownToolCall(type=delta.type, id=delta.id, extra=raw))


def _full_output(delta: CodeInterpreterOutputDelta) -> CodeInterpreterOutput:
    if isinstance(delta, CodeInterpreterLogsOutputDelta):
        return CodeInterpreterLogsOutput(logs=delta.logs or "")
    if isinstance(delta, CodeInterpreterImageOutputDelta):
        file_id = delta.image.file_id if delta.image is not None else None
        return CodeInterpreterImageOutput(image=CodeInterpreterImage(file_id=file_id or ""))
    raw = without_index(delta)
    raw.pop("type", None)
    return UnknownCodeInterpreterOutput(type=delta.type, extra=raw)
