"""Mirror of ``openai.types.beta.code_interpreter_tool``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import CodeInterpreterTool as CodeInterpreterTool

__all__ = [
    "CodeInterpreterTool",
]
