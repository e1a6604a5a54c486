"""Folding ``thread.run.step.delta`` events into run step snapshots.

Owns how a run step delta changes the :class:`~multiassist.models.RunStep` it refers to:
tool calls started or extended (function ``arguments`` and code interpreter ``input``
pieces, joined once per fold), code interpreter outputs appended, step details that change
kind.  :mod:`multiassist.streaming.snapshots` holds the snapshots and the copy-on-write helpers;
:class:`~multiassist.streaming.stream.AssistantStream` calls :func:`compact_step_delta` as deltas
arrive and :func:`fold_step` when a snapshot is asked for.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Sequence, Tuple, Union

from multiassist.converter import structure
from multiassist.models import (
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
    FileSearchCall,
    FileSearchToolCall,
    FileSearchToolCallDelta,
    FunctionToolCall,
    FunctionToolCallDelta,
    FunctionToolCallDetails,
    MessageCreation,
    MessageCreationStepDetails,
    MessageCreationStepDetailsDelta,
    RunStep,
    RunStepDeltaFields,
    StepDetails,
    ToolCall,
    ToolCallDelta,
    ToolCallsStepDetails,
    ToolCallsStepDetailsDelta,
    UnknownCodeInterpreterOutput,
    UnknownStepDetails,
    UnknownToolCall,
)
from multiassist.streaming.snapshots import at, put, replace, without_index

__all__ = ["compact_step_delta", "fold_step"]


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
