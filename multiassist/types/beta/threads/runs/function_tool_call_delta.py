"""Mirror of ``openai.types.beta.threads.runs.function_tool_call_delta``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    FunctionDelta as Function,
)
from multiassist.models import (
    FunctionToolCallDelta as FunctionToolCallDelta,
)

__all__ = [
    "Function",
    "FunctionToolCallDelta",
]
