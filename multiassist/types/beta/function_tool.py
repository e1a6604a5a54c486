"""Mirror of ``openai.types.beta.function_tool``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    FunctionDefinition as FunctionDefinition,
)
from multiassist.models import (
    FunctionTool as FunctionTool,
)

__all__ = [
    "FunctionDefinition",
    "FunctionTool",
]
