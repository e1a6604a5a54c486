"""Mirror of ``openai.types.beta.assistant_tool``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    CodeInterpreterTool as CodeInterpreterTool,
)
from multiassist.models import (
    FileSearchTool as FileSearchTool,
)
from multiassist.models import (
    FunctionTool as FunctionTool,
)
from multiassist.models import (
    Tool as AssistantTool,
)

__all__ = [
    "AssistantTool",
    "CodeInterpreterTool",
    "FileSearchTool",
    "FunctionTool",
]
