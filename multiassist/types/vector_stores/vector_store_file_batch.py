"""Mirror of ``openai.types.vector_stores.vector_store_file_batch``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    FileCounts as FileCounts,
)
from multiassist.models import (
    VectorStoreFileBatch as VectorStoreFileBatch,
)

__all__ = [
    "FileCounts",
    "VectorStoreFileBatch",
]
