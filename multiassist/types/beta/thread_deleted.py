"""Mirror of ``openai.types.beta.thread_deleted``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import ThreadDeleted as ThreadDeleted

__all__ = [
    "ThreadDeleted",
]
