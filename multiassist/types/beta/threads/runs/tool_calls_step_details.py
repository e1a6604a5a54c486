"""Mirror of ``openai.types.beta.threads.runs.tool_calls_step_details``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import ToolCall as ToolCall
from multiassist.models import ToolCallsStepDetails as ToolCallsStepDetails

__all__ = [
    "ToolCall",
    "ToolCallsStepDetails",
]
