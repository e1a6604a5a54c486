"""Mirror of ``openai.types.beta.threads.annotation_delta``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    AnnotationDelta as AnnotationDelta,
)
from multiassist.models import (
    FileCitationAnnotationDelta as FileCitationDeltaAnnotation,
)
from multiassist.models import (
    FilePathAnnotationDelta as FilePathDeltaAnnotation,
)

__all__ = [
    "AnnotationDelta",
    "FileCitationDeltaAnnotation",
    "FilePathDeltaAnnotation",
]
