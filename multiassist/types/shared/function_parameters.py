"""Mirror of ``openai.types.shared.function_parameters``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from typing import Dict

#: A JSON Schema object describing a function's parameters.
FunctionParameters = Dict[str, object]

__all__ = [
    "FunctionParameters",
]
