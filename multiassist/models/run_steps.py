"""Run steps: the step object, its details (``message_creation`` or ``tool_calls``) and
the tool calls a step made.

Step details, tool calls and code interpreter outputs are unions tagged by ``type``;
unknown types decode into the ``Unknown*`` classes here.
"""

from typing import Any, Dict, List, Optional, Union

import attrs

from multiassist.converter import Model, UnknownVariant
from multiassist.models.common import LastError, Metadata, Usage
from multiassist.models.tools import FileSearchRankingOptions

__all__ = [
    "CodeInterpreterCall",
    "CodeInterpreterImage",
    "CodeInterpreterImageOutput",
    "CodeInterpreterLogsOutput",
    "CodeInterpreterOutput",
    "CodeInterpreterToolCall",
    "FileSearchCall",
    "FileSearchResult",
    "FileSearchResultContent",
    "FileSearchToolCall",
    "FunctionToolCall",
    "FunctionToolCallDetails",
    "MessageCreation",
    "MessageCreationStepDetails",
    "RetrievalToolCall",
    "RunStep",
    "StepDetails",
    "ToolCall",
    "ToolCallsStepDetails",
    "UnknownCodeInterpreterOutput",
    "UnknownStepDetails",
    "UnknownToolCall",
]


@attrs.define(kw_only=True, repr=False)
class MessageCreation(Model):
    """The message a ``message_creation`` step created."""

    message_id: str


@attrs.define(kw_only=True, repr=False)
class MessageCreationStepDetails(Model):
    """Details of a step that created a message (``type`` ``message_creation``)."""

    type: str = "message_creation"
    message_creation: MessageCreation


@attrs.define(kw_only=True, repr=False)
class CodeInterpreterLogsOutput(Model):
    """Text the code interpreter printed (``type`` ``logs``)."""

    type: str = "logs"
    logs: str


@attrs.define(kw_only=True, repr=False)
class CodeInterpreterImage(Model):
    """The file holding an image the code interpreter produced."""

    file_id: str


@attrs.define(kw_only=True, repr=False)
class CodeInterpreterImageOutput(Model):
    """An image the code interpreter produced (``type`` ``image``)."""

    type: str = "image"
    image: CodeInterpreterImage


@attrs.define(kw_only=True, repr=False)
class UnknownCodeInterpreterOutput(UnknownVariant):
    """A code interpreter output whose ``type`` this library does not know."""


#: One output of a code interpreter call, tagged by ``type``.
CodeInterpreterOutput = Union[
    CodeInterpreterLogsOutput, CodeInterpreterImageOutput, UnknownCodeInterpreterOutput
]


@attrs.define(kw_only=True, repr=False)
class CodeInterpreterCall(Model):
    """The code the interpreter ran and what it produced."""

    input: str
    outputs: List[CodeInterpreterOutput]


@attrs.define(kw_only=True, repr=False)
class CodeInterpreterToolCall(Model):
    """A code interpreter call made by a step (``type`` ``code_interpreter``)."""

    id: str
    type: str = "code_interpreter"
    code_interpreter: CodeInterpreterCall


@attrs.define(kw_only=True, repr=False)
class FileSearchResultContent(Model):
    """A piece of a file search result's content (``type`` ``text``)."""

    type: Optional[str] = None
    text: Optional[str] = None


@attrs.define(kw_only=True, repr=False)
class FileSearchResult(Model):
    """One file search hit (sent only when the step was fetched with
    ``include[]=step_details.tool_calls[*].file_search.results[*].content``, OpenAI)."""

    file_id: str
    file_name: str
    score: float
    content: Optional[List[FileSearchResultContent]] = None


@attrs.define(kw_only=True, repr=False)
class FileSearchCall(Model):
    """What a file search call did.  Azure sends an empty object."""

    ranking_options: Optional[FileSearchRankingOptions] = None
    results: Optional[List[FileSearchResult]] = None


@attrs.define(kw_only=True, repr=False)
class FileSearchToolCall(Model):
    """A file search call made by a step (``type`` ``file_search``)."""

    id: str
    type: str = "file_search"
    file_search: FileSearchCall


@attrs.define(kw_only=True, repr=False)
class FunctionToolCallDetails(Model):
    """A function call: name, JSON-encoded arguments, and the submitted output
    (``None`` until submitted)."""

    name: str
    arguments: str
    output: Optional[str] = None


@attrs.define(kw_only=True, repr=False)
class FunctionToolCall(Model):
    """A function call made by a step (``type`` ``function``)."""

    id: str
    type: str = "function"
    function: FunctionToolCallDetails


@attrs.define(kw_only=True, repr=False)
class RetrievalToolCall(Model):
    """A v1 retrieval call made by a step (``type`` ``retrieval``; ``retrieval`` is an
    empty object today)."""

    id: str
    type: str = "retrieval"
    retrieval: Optional[Dict[str, Any]] = None


@attrs.define(kw_only=True, repr=False)
class UnknownToolCall(UnknownVariant):
    """A step tool call whose ``type`` this library does not know."""

    id: Optional[str] = None


#: A tool call made by a run step, tagged by ``type``.
ToolCall = Union[
    CodeInterpreterToolCall,
    FileSearchToolCall,
    FunctionToolCall,
    RetrievalToolCall,
    UnknownToolCall,
]


@attrs.define(kw_only=True, repr=False)
class ToolCallsStepDetails(Model):
    """Details of a step that called tools (``type`` ``tool_calls``)."""

    type: str = "tool_calls"
    tool_calls: List[ToolCall]


@attrs.define(kw_only=True, repr=False)
class UnknownStepDetails(UnknownVariant):
    """Step details whose ``type`` this library does not know."""


#: A run step's details, tagged by ``type``.
StepDetails = Union[MessageCreationStepDetails, ToolCallsStepDetails, UnknownStepDetails]


@attrs.define(kw_only=True, repr=False)
class RunStep(Model):
    """One step of a run (``object`` is ``thread.run.step``).

    Always present: ``id``, ``object``, ``created_at``, ``assistant_id``, ``thread_id``,
    ``run_id``, ``type``, ``status``, ``step_details``.  ``type``: ``message_creation`` or
    ``tool_calls``.  ``status`` known values: ``in_progress``, ``cancelled``, ``failed``,
    ``completed``, ``expired``.
    """

    id: str
    object: str
    created_at: int
    assistant_id: str
    thread_id: str
    run_id: str
    type: str
    status: str
    step_details: StepDetails
    last_error: Optional[LastError] = None
    expired_at: Optional[int] = None
    cancelled_at: Optional[int] = None
    failed_at: Optional[int] = None
    completed_at: Optional[int] = None
    metadata: Optional[Metadata] = None
    usage: Optional[Usage] = None
