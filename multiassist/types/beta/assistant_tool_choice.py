"""Mirror of ``openai.types.beta.assistant_tool_choice``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    FunctionName as AssistantToolChoiceFunction,
)
from multiassist.models import (
    NamedToolChoice as AssistantToolChoice,
)

__all__ = [
    "AssistantToolChoice",
    "AssistantToolChoiceFunction",
]
