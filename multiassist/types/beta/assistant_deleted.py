"""Mirror of ``openai.types.beta.assistant_deleted``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import AssistantDeleted as AssistantDeleted

__all__ = [
    "AssistantDeleted",
]
