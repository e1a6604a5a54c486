"""Mirror of ``openai.types.file_deleted``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import FileDeleted as FileDeleted

__all__ = [
    "FileDeleted",
]
