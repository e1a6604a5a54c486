"""Mirror of ``openai.types.vector_stores``: vector store files and file batches."""

from multiassist.types.vector_stores.vector_store_file import VectorStoreFile as VectorStoreFile
from multiassist.types.vector_stores.vector_store_file_batch import (
    VectorStoreFileBatch as VectorStoreFileBatch,
)
from multiassist.types.vector_stores.vector_store_file_deleted import (
    VectorStoreFileDeleted as VectorStoreFileDeleted,
)

__all__ = [
    "VectorStoreFile",
    "VectorStoreFileBatch",
    "VectorStoreFileDeleted",
]
