"""Mirror of ``openai.types.vector_stores.vector_store_file_deleted``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import VectorStoreFileDeleted as VectorStoreFileDeleted

__all__ = [
    "VectorStoreFileDeleted",
]
