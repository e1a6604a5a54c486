"""Mirror of ``openai.types.beta.assistant_tool_choice_function``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import FunctionName as AssistantToolChoiceFunction

__all__ = [
    "AssistantToolChoiceFunction",
]
