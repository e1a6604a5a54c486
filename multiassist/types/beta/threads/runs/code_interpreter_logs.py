"""Mirror of ``openai.types.beta.threads.runs.code_interpreter_logs``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import CodeInterpreterLogsOutputDelta as CodeInterpreterLogs

__all__ = [
    "CodeInterpreterLogs",
]
