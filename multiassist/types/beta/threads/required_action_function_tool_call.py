"""Mirror of ``openai.types.beta.threads.required_action_function_tool_call``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    FunctionCall as Function,
)
from multiassist.models import (
    RequiredActionFunctionToolCall as RequiredActionFunctionToolCall,
)

__all__ = [
    "Function",
    "RequiredActionFunctionToolCall",
]
