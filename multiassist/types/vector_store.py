"""Mirror of ``openai.types.vector_store``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    ExpiresAfter as ExpiresAfter,
)
from multiassist.models import (
    FileCounts as FileCounts,
)
from multiassist.models import (
    Metadata as Metadata,
)
from multiassist.models import (
    VectorStore as VectorStore,
)

__all__ = [
    "ExpiresAfter",
    "FileCounts",
    "Metadata",
    "VectorStore",
]
