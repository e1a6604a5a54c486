"""Mirror of ``openai.types.beta.threads.runs.tool_call``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    CodeInterpreterToolCall as CodeInterpreterToolCall,
)
from multiassist.models import (
    FileSearchToolCall as FileSearchToolCall,
)
from multiassist.models import (
    FunctionToolCall as FunctionToolCall,
)
from multiassist.models import (
    ToolCall as ToolCall,
)

__all__ = [
    "CodeInterpreterToolCall",
    "FileSearchToolCall",
    "FunctionToolCall",
    "ToolCall",
]
