"""Mirror of ``openai.types.beta.threads.file_citation_delta_annotation``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    FileCitationAnnotationDelta as FileCitationDeltaAnnotation,
)
from multiassist.models import (
    FileCitationDelta as FileCitation,
)

__all__ = [
    "FileCitation",
    "FileCitationDeltaAnnotation",
]
