"""Mirror of ``openai.types.beta.threads.file_path_annotation``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import FilePath as FilePath
from multiassist.models import FilePathAnnotation as FilePathAnnotation

__all__ = [
    "FilePath",
    "FilePathAnnotation",
]
