"""Mirror of ``openai.types.beta.threads.runs.tool_call_delta_object``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    ToolCallDelta as ToolCallDelta,
)
from multiassist.models import (
    ToolCallsStepDetailsDelta as ToolCallDeltaObject,
)

__all__ = [
    "ToolCallDelta",
    "ToolCallDeltaObject",
]
