"""Mirror of ``openai.types.beta.threads.runs.function_tool_call``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    FunctionToolCall as FunctionToolCall,
)
from multiassist.models import (
    FunctionToolCallDetails as Function,
)

__all__ = [
    "Function",
    "FunctionToolCall",
]
