"""Mirror of ``openai.types.beta.threads.file_citation_annotation``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    FileCitation as FileCitation,
)
from multiassist.models import (
    FileCitationAnnotation as FileCitationAnnotation,
)

__all__ = [
    "FileCitation",
    "FileCitationAnnotation",
]
