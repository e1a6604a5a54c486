"""Mirror of ``openai.types.vector_store_deleted``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import VectorStoreDeleted as VectorStoreDeleted

__all__ = [
    "VectorStoreDeleted",
]
