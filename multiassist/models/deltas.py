"""Streaming deltas: the data of ``thread.message.delta`` and ``thread.run.step.delta``
events.

A delta carries only what changed since the previous event.  Every part of it is
optional except the ``index`` that says which content part, annotation, tool call or
code interpreter output it extends.  Content parts, annotations, step details, tool calls
and code interpreter outputs are unions tagged by ``type``, like their full counterparts;
an unknown ``type`` decodes into the union's ``Unknown*Delta`` class, which keeps the raw
data.  :class:`multiassist.streaming.stream.AssistantStream` folds deltas into full
:class:`~multiassist.models.Message` and :class:`~multiassist.models.RunStep` snapshots.
"""

from typing import Any, Dict, List, Optional, Union

import attrs

from multiassist.converter import Model, UnknownVariant

__all__ = [
    "AnnotationDelta",
    "CodeInterpreterCallDelta",
    "CodeInterpreterImageDelta",
    "CodeInterpreterImageOutputDelta",
    "CodeInterpreterLogsOutputDelta",
    "CodeInterpreterOutputDelta",
    "CodeInterpreterToolCallDelta",
    "ContentPartDelta",
    "FileCitationAnnotationDelta",
    "FileCitationDelta",
    "FilePathAnnotationDelta",
    "FilePathDelta",
    "FileSearchToolCallDelta",
    "FunctionDelta",
    "FunctionToolCallDelta",
    "ImageFileContentBlockDelta",
    "ImageFileDelta",
    "ImageURLContentBlockDelta",
    "ImageURLDelta",
    "MessageCreationDelta",
    "MessageCreationStepDetailsDelta",
    "MessageDelta",
    "MessageDeltaFields",
    "RefusalContentBlockDelta",
    "RunStepDelta",
    "RunStepDeltaFields",
    "StepDetailsDelta",
    "TextContentBlockDelta",
    "TextDelta",
    "ToolCallDelta",
    "ToolCallsStepDetailsDelta",
    "UnknownAnnotationDelta",
    "UnknownCodeInterpreterOutputDelta",
    "UnknownContentPartDelta",
    "UnknownStepDetailsDelta",
    "UnknownToolCallDelta",
]


# --- message deltas -------------------------------------------------------------------


@attrs.define(kw_only=True, repr=False)
class FileCitationDelta(Model):
    """The file a streamed citation points to."""

    file_id: Optional[str] = None
    quote: Optional[str] = None


@attrs.define(kw_only=True, repr=False)
class FileCitationAnnotationDelta(Model):
    """A citation added to a text part (``type`` ``file_citation``); ``index`` is its
    position among the part's annotations."""

    index: int
    type: str = "file_citation"
    text: Optional[str] = None
    file_citation: Optional[FileCitationDelta] = None
    start_index: Optional[int] = None
    end_index: Optional[int] = None


@attrs.define(kw_only=True, repr=False)
class FilePathDelta(Model):
    """The file a streamed path annotation points to."""

    file_id: Optional[str] = None


@attrs.define(kw_only=True, repr=False)
class FilePathAnnotationDelta(Model):
    """A file path annotation added to a text part (``type`` ``file_path``)."""

    index: int
    type: str = "file_path"
    text: Optional[str] = None
    file_path: Optional[FilePathDelta] = None
    start_index: Optional[int] = None
    end_index: Optional[int] = None


@attrs.define(kw_only=True, repr=False)
class UnknownAnnotationDelta(UnknownVariant):
    """A streamed annotation whose ``type`` this library does not know."""

    index: Optional[int] = None


#: A streamed text annotation, tagged by ``type``.
AnnotationDelta = Union[
    FileCitationAnnotationDelta, FilePathAnnotationDelta, UnknownAnnotationDelta
]


@attrs.define(kw_only=True, repr=False)
class TextDelta(Model):
    """Text to append to a text part, and annotations added to it."""

    value: Optional[str] = None
    annotations: Optional[List[AnnotationDelta]] = None


@attrs.define(kw_only=True, repr=False)
class TextContentBlockDelta(Model):
    """A change to the text part at ``index`` (``type`` ``text``)."""

    index: int
    type: str = "text"
    text: Optional[TextDelta] = None


@attrs.define(kw_only=True, repr=False)
class ImageFileDelta(Model):
    """A streamed image file reference."""

    file_id: Optional[str] = None
    detail: Optional[str] = None


@attrs.define(kw_only=True, repr=False)
class ImageFileContentBlockDelta(Model):
    """A change to the image file part at ``index`` (``type`` ``image_file``)."""

    index: int
    type: str = "image_file"
    image_file: Optional[ImageFileDelta] = None


@attrs.define(kw_only=True, repr=False)
class ImageURLDelta(Model):
    """A streamed image URL reference."""

    url: Optional[str] = None
    detail: Optional[str] = None


@attrs.define(kw_only=True, repr=False)
class ImageURLContentBlockDelta(Model):
    """A change to the image URL part at ``index`` (``type`` ``image_url``)."""

    index: int
    type: str = "image_url"
    image_url: Optional[ImageURLDelta] = None


@attrs.define(kw_only=True, repr=False)
class RefusalContentBlockDelta(Model):
    """Refusal text to append to the refusal part at ``index`` (``type`` ``refusal``)."""

    index: int
    type: str = "refusal"
    refusal: Optional[str] = None


@attrs.define(kw_only=True, repr=False)
class UnknownContentPartDelta(UnknownVariant):
    """A streamed content part whose ``type`` this library does not know."""

    index: Optional[int] = None


#: A change to one message content part, tagged by ``type``.
ContentPartDelta = Union[
    TextContentBlockDelta,
    ImageFileContentBlockDelta,
    ImageURLContentBlockDelta,
    RefusalContentBlockDelta,
    UnknownContentPartDelta,
]


@attrs.define(kw_only=True, repr=False)
class MessageDeltaFields(Model):
    """The fields of a message that changed: ``role`` and/or ``content`` parts."""

    role: Optional[str] = None
    content: Optional[List[ContentPartDelta]] = None


@attrs.define(kw_only=True, repr=False)
class MessageDelta(Model):
    """The data of a ``thread.message.delta`` event (``object`` is ``thread.message.delta``).

    ``id`` is the message's id; ``delta.content`` holds the changed parts, each with the
    ``index`` of the part it extends.
    """

    id: str
    object: str
    delta: MessageDeltaFields

    @property
    def text(self) -> str:
        """The text this delta appends, over all its text parts (``""`` if none)."""
        parts = self.delta.content
        if not parts:
            return ""
        return "".join(
            part.text.value
            for part in parts
            if isinstance(part, TextContentBlockDelta)
            and part.text is not None
            and part.text.value
        )


# --- run step deltas ------------------------------------------------------------------


@attrs.define(kw_only=True, repr=False)
class MessageCreationDelta(Model):
    """The message a streamed ``message_creation`` step created."""

    message_id: Optional[str] = None


@attrs.define(kw_only=True, repr=False)
class MessageCreationStepDetailsDelta(Model):
    """Streamed details of a message creation step (``type`` ``message_creation``)."""

    type: str = "message_creation"
    message_creation: Optional[MessageCreationDelta] = None


@attrs.define(kw_only=True, repr=False)
class CodeInterpreterLogsOutputDelta(Model):
    """Printed text of the code interpreter output at ``index`` (``type`` ``logs``)."""

    index: int
    type: str = "logs"
    logs: Optional[str] = None


@attrs.define(kw_only=True, repr=False)
class CodeInterpreterImageDelta(Model):
    """The file of a streamed code interpreter image."""

    file_id: Optional[str] = None


@attrs.define(kw_only=True, repr=False)
class CodeInterpreterImageOutputDelta(Model):
    """An image output of the code interpreter at ``index`` (``type`` ``image``)."""

    index: int
    type: str = "image"
    image: Optional[CodeInterpreterImageDelta] = None


@attrs.define(kw_only=True, repr=False)
class UnknownCodeInterpreterOutputDelta(UnknownVariant):
    """A streamed code interpreter output whose ``type`` this library does not know."""

    index: Optional[int] = None


#: A change to one code interpreter output, tagged by ``type``.
CodeInterpreterOutputDelta = Union[
    CodeInterpreterLogsOutputDelta,
    CodeInterpreterImageOutputDelta,
    UnknownCodeInterpreterOutputDelta,
]


@attrs.define(kw_only=True, repr=False)
class CodeInterpreterCallDelta(Model):
    """Code to append to the call's ``input`` and outputs it produced."""

    input: Optional[str] = None
    outputs: Optional[List[CodeInterpreterOutputDelta]] = None


@attrs.define(kw_only=True, repr=False)
class CodeInterpreterToolCallDelta(Model):
    """A change to the code interpreter call at ``index`` (``type`` ``code_interpreter``)."""

    index: int
    id: Optional[str] = None
    type: str = "code_interpreter"
    code_interpreter: Optional[CodeInterpreterCallDelta] = None


@attrs.define(kw_only=True, repr=False)
class FileSearchToolCallDelta(Model):
    """A file search call at ``index`` (``type`` ``file_search``); ``file_search`` is the
    raw object (empty today)."""

    index: int
    id: Optional[str] = None
    type: str = "file_search"
    file_search: Optional[Dict[str, Any]] = None


@attrs.define(kw_only=True, repr=False)
class FunctionDelta(Model):
    """A streamed function call: its name (first delta), a piece of its JSON arguments,
    and the submitted output once known."""

    name: Optional[str] = None
    arguments: Optional[str] = None
    output: Optional[str] = None


@attrs.define(kw_only=True, repr=False)
class FunctionToolCallDelta(Model):
    """A change to the function call at ``index`` (``type`` ``function``)."""

    index: int
    id: Optional[str] = None
    type: str = "function"
    function: Optional[FunctionDelta] = None


@attrs.define(kw_only=True, repr=False)
class UnknownToolCallDelta(UnknownVariant):
    """A streamed tool call whose ``type`` this library does not know."""

    index: Optional[int] = None
    id: Optional[str] = None


#: A change to one tool call of a step, tagged by ``type``.
ToolCallDelta = Union[
    CodeInterpreterToolCallDelta,
    FileSearchToolCallDelta,
    FunctionToolCallDelta,
    UnknownToolCallDelta,
]


@attrs.define(kw_only=True, repr=False)
class ToolCallsStepDetailsDelta(Model):
    """Streamed details of a tool calls step (``type`` ``tool_calls``)."""

    type: str = "tool_calls"
    tool_calls: Optional[List[ToolCallDelta]] = None


@attrs.define(kw_only=True, repr=False)
class UnknownStepDetailsDelta(UnknownVariant):
    """Streamed step details whose ``type`` this library does not know."""


#: A change to a run step's details, tagged by ``type``.
StepDetailsDelta = Union[
    MessageCreationStepDetailsDelta, ToolCallsStepDetailsDelta, UnknownStepDetailsDelta
]


@attrs.define(kw_only=True, repr=False)
class RunStepDeltaFields(Model):
    """The fields of a run step that changed (today only ``step_details``)."""

    step_details: Optional[StepDetailsDelta] = None


@attrs.define(kw_only=True, repr=False)
class RunStepDelta(Model):
    """The data of a ``thread.run.step.delta`` event (``object`` is
    ``thread.run.step.delta``); ``id`` is the step's id."""

    id: str
    object: str
    delta: RunStepDeltaFields
