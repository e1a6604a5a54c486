"""Runs: the run object, the action it may require, and its truncation strategy."""

from typing import List, Optional

import attrs

from multiassist.converter import NOT_IN_OPENAI_PYTHON, Model
from multiassist.models.common import IncompleteDetails, LastError, Metadata, Usage
from multiassist.models.tools import ResponseFormat, Tool, ToolChoice

__all__ = [
    "RUN_ACTIVE_STATUSES",
    "RUN_STATUSES",
    "RUN_STOPPED_STATUSES",
    "RUN_TERMINAL_STATUSES",
    "FunctionCall",
    "RequiredAction",
    "RequiredActionFunctionToolCall",
    "Run",
    "SubmitToolOutputs",
    "TruncationStrategy",
]


@attrs.define(kw_only=True, repr=False)
class TruncationStrategy(Model):
    """How the thread is cut down before a run.  ``type``: ``auto`` or ``last_messages``
    (then ``last_messages`` says how many)."""

    type: str
    last_messages: Optional[int] = None


@attrs.define(kw_only=True, repr=False)
class FunctionCall(Model):
    """The function the model wants called: its name and JSON-encoded arguments."""

    name: str
    arguments: str


@attrs.define(kw_only=True, repr=False)
class RequiredActionFunctionToolCall(Model):
    """A function call awaiting its output; answer with ``ToolOutput(tool_call_id=id)``."""

    id: str
    type: str
    function: FunctionCall


@attrs.define(kw_only=True, repr=False)
class SubmitToolOutputs(Model):
    """The tool calls whose outputs the run waits for."""

    tool_calls: List[RequiredActionFunctionToolCall]


@attrs.define(kw_only=True, repr=False)
class RequiredAction(Model):
    """What a ``requires_action`` run waits for (``type`` is ``submit_tool_outputs``)."""

    type: str
    submit_tool_outputs: SubmitToolOutputs


#: Run statuses in which the service is still working.
RUN_ACTIVE_STATUSES = frozenset({"queued", "in_progress", "cancelling"})
#: Run statuses after which nothing more happens.
RUN_TERMINAL_STATUSES = frozenset({"completed", "failed", "cancelled", "expired", "incomplete"})
#: Where a run stops and the caller acts: terminal, or ``requires_action`` (tool outputs).
RUN_STOPPED_STATUSES = RUN_TERMINAL_STATUSES | {"requires_action"}
#: Every run status the API documents.
RUN_STATUSES = RUN_ACTIVE_STATUSES | RUN_STOPPED_STATUSES


@attrs.define(kw_only=True, repr=False)
class Run(Model):
    """A run of an assistant on a thread (``object`` is ``thread.run``).

    Always present: ``id``, ``object``, ``created_at``, ``thread_id``, ``assistant_id``,
    ``status``, ``model``, ``instructions``, ``tools``.  ``status`` known values:
    ``queued``, ``in_progress``, ``requires_action``, ``cancelling``, ``cancelled``,
    ``failed``, ``completed``, ``incomplete``, ``expired``.  ``required_action`` is set
    while ``status`` is ``requires_action``.  ``tool_choice`` is a string (``none``,
    ``auto``, ``required``) or :class:`NamedToolChoice`; ``response_format`` is ``auto``
    or a ``ResponseFormat*`` object.  ``file_ids`` is v1 only (Azure
    ``2024-02-15-preview``); ``temperature`` onwards are absent there.
    """

    id: str
    object: str
    created_at: int
    thread_id: str
    assistant_id: str
    status: str
    model: str
    instructions: str
    tools: List[Tool]
    required_action: Optional[RequiredAction] = None
    last_error: Optional[LastError] = None
    expires_at: Optional[int] = None
    started_at: Optional[int] = None
    cancelled_at: Optional[int] = None
    failed_at: Optional[int] = None
    completed_at: Optional[int] = None
    incomplete_details: Optional[IncompleteDetails] = None
    metadata: Optional[Metadata] = None
    usage: Optional[Usage] = None
    temperature: Optional[float] = None
    top_p: Optional[float] = None
    max_prompt_tokens: Optional[int] = None
    max_completion_tokens: Optional[int] = None
    truncation_strategy: Optional[TruncationStrategy] = None
    tool_choice: Optional[ToolChoice] = None
    parallel_tool_calls: Optional[bool] = None
    response_format: Optional[ResponseFormat] = None
    file_ids: Optional[List[str]] = attrs.field(default=None, metadata=NOT_IN_OPENAI_PYTHON)
