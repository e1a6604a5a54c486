"""Mirror of ``openai.types.beta.threads.file_path_delta_annotation``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    FilePathAnnotationDelta as FilePathDeltaAnnotation,
)
from multiassist.models import (
    FilePathDelta as FilePath,
)

__all__ = [
    "FilePath",
    "FilePathDeltaAnnotation",
]
