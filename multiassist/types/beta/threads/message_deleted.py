"""Mirror of ``openai.types.beta.threads.message_deleted``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import MessageDeleted as MessageDeleted

__all__ = [
    "MessageDeleted",
]
