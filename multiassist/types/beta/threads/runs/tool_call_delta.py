"""Mirror of ``openai.types.beta.threads.runs.tool_call_delta``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    CodeInterpreterToolCallDelta as CodeInterpreterToolCallDelta,
)
from multiassist.models import (
    FileSearchToolCallDelta as FileSearchToolCallDelta,
)
from multiassist.models import (
    FunctionToolCallDelta as FunctionToolCallDelta,
)
from multiassist.models import (
    ToolCallDelta as ToolCallDelta,
)

__all__ = [
    "CodeInterpreterToolCallDelta",
    "FileSearchToolCallDelta",
    "FunctionToolCallDelta",
    "ToolCallDelta",
]
