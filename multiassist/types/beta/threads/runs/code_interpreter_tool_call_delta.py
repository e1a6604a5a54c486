"""Mirror of ``openai.types.beta.threads.runs.code_interpreter_tool_call_delta``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    CodeInterpreterCallDelta as CodeInterpreter,
)
from multiassist.models import (
    CodeInterpreterImageOutputDelta as CodeInterpreterOutputImage,
)
from multiassist.models import (
    CodeInterpreterLogsOutputDelta as CodeInterpreterLogs,
)
from multiassist.models import (
    CodeInterpreterOutputDelta as CodeInterpreterOutput,
)
from multiassist.models import (
    CodeInterpreterToolCallDelta as CodeInterpreterToolCallDelta,
)

__all__ = [
    "CodeInterpreter",
    "CodeInterpreterLogs",
    "CodeInterpreterOutput",
    "CodeInterpreterOutputImage",
    "CodeInterpreterToolCallDelta",
]
