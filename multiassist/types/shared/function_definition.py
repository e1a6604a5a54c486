"""Mirror of ``openai.types.shared.function_definition``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import FunctionDefinition as FunctionDefinition
from multiassist.types.shared.function_parameters import FunctionParameters as FunctionParameters

__all__ = [
    "FunctionDefinition",
    "FunctionParameters",
]
