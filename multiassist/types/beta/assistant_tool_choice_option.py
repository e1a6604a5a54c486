"""Mirror of ``openai.types.beta.assistant_tool_choice_option``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    NamedToolChoice as AssistantToolChoice,
)
from multiassist.models import (
    ToolChoice as AssistantToolChoiceOption,
)

__all__ = [
    "AssistantToolChoice",
    "AssistantToolChoiceOption",
]
