"""Mirror of ``openai.types.beta.threads.runs.code_interpreter_tool_call``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    CodeInterpreterCall as CodeInterpreter,
)
from multiassist.models import (
    CodeInterpreterImage as CodeInterpreterOutputImageImage,
)
from multiassist.models import (
    CodeInterpreterImageOutput as CodeInterpreterOutputImage,
)
from multiassist.models import (
    CodeInterpreterLogsOutput as CodeInterpreterOutputLogs,
)
from multiassist.models import (
    CodeInterpreterOutput as CodeInterpreterOutput,
)
from multiassist.models import (
    CodeInterpreterToolCall as CodeInterpreterToolCall,
)

__all__ = [
    "CodeInterpreter",
    "CodeInterpreterOutput",
    "CodeInterpreterOutputImage",
    "CodeInterpreterOutputImageImage",
    "CodeInterpreterOutputLogs",
    "CodeInterpreterToolCall",
]
