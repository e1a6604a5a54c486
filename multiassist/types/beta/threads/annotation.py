"""Mirror of ``openai.types.beta.threads.annotation``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    Annotation as Annotation,
)
from multiassist.models import (
    FileCitationAnnotation as FileCitationAnnotation,
)
from multiassist.models import (
    FilePathAnnotation as FilePathAnnotation,
)

__all__ = [
    "Annotation",
    "FileCitationAnnotation",
    "FilePathAnnotation",
]
