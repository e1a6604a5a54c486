"""Mirror of ``openai.types.vector_stores.vector_store_file``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    ChunkingStrategy as FileChunkingStrategy,
)
from multiassist.models import (
    LastError as LastError,
)
from multiassist.models import (
    VectorStoreFile as VectorStoreFile,
)

__all__ = [
    "FileChunkingStrategy",
    "LastError",
    "VectorStoreFile",
]
