"""Mirror of ``openai.types.file_object``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import FileObject as FileObject

__all__ = [
    "FileObject",
]
