"""Vector stores (v2 API, Azure ``2024-05-01-preview`` and later): the store, its files,
file batches, file counts, expiration policy and chunking strategy."""

from typing import Any, Dict, Optional, Union

import attrs

from multiassist.converter import Model, UnknownVariant
from multiassist.models.common import LastError, Metadata

__all__ = [
    "AutoChunkingStrategy",
    "ChunkingStrategy",
    "ExpiresAfter",
    "FileCounts",
    "OtherChunkingStrategy",
    "StaticChunking",
    "StaticChunkingStrategy",
    "UnknownChunkingStrategy",
    "VectorStore",
    "VectorStoreFile",
    "VectorStoreFileBatch",
]


@attrs.define(kw_only=True, repr=False)
class FileCounts(Model):
    """How many files of a vector store or batch are in each state."""

    in_progress: int
    completed: int
    failed: int
    cancelled: int
    total: int


@attrs.define(kw_only=True, repr=False)
class ExpiresAfter(Model):
    """Expiration policy of a vector store: ``days`` after ``anchor``
    (``last_active_at``)."""

    anchor: str
    days: int


@attrs.define(kw_only=True, repr=False)
class StaticChunking(Model):
    """Chunk size and overlap of the ``static`` chunking strategy."""

    max_chunk_size_tokens: int
    chunk_overlap_tokens: int


@attrs.define(kw_only=True, repr=False)
class StaticChunkingStrategy(Model):
    """Fixed-size chunks (``type`` ``static``)."""

    type: str = "static"
    static: StaticChunking


@attrs.define(kw_only=True, repr=False)
class AutoChunkingStrategy(Model):
    """Let the server choose (``type`` ``auto``); used in requests."""

    type: str = "auto"


@attrs.define(kw_only=True, repr=False)
class OtherChunkingStrategy(Model):
    """The file was chunked before chunking strategies existed (``type`` ``other``)."""

    type: str = "other"


@attrs.define(kw_only=True, repr=False)
class UnknownChunkingStrategy(UnknownVariant):
    """A chunking strategy whose ``type`` this library does not know."""


#: A chunking strategy, tagged by ``type``.
ChunkingStrategy = Union[
    StaticChunkingStrategy, AutoChunkingStrategy, OtherChunkingStrategy, UnknownChunkingStrategy
]


@attrs.define(kw_only=True, repr=False)
class VectorStore(Model):
    """A vector store (``object`` is ``vector_store``).

    Always present: ``id``, ``object``, ``created_at``, ``name``, ``usage_bytes``,
    ``file_counts``, ``status``.  ``status`` known values: ``expired``, ``in_progress``,
    ``completed``.
    """

    id: str
    object: str
    created_at: int
    name: str
    usage_bytes: int
    file_counts: FileCounts
    status: str
    expires_after: Optional[ExpiresAfter] = None
    expires_at: Optional[int] = None
    last_active_at: Optional[int] = None
    metadata: Optional[Metadata] = None


@attrs.define(kw_only=True, repr=False)
class VectorStoreFile(Model):
    """A file in a vector store (``object`` is ``vector_store.file``).

    Always present: ``id``, ``object``, ``usage_bytes``, ``created_at``,
    ``vector_store_id``, ``status``.  ``status`` known values: ``in_progress``,
    ``completed``, ``cancelled``, ``failed`` (then ``last_error`` says why).
    ``attributes`` values are strings, numbers or booleans.
    """

    id: str
    object: str
    usage_bytes: int
    created_at: int
    vector_store_id: str
    status: str
    last_error: Optional[LastError] = None
    chunking_strategy: Optional[ChunkingStrategy] = None
    attributes: Optional[Dict[str, Any]] = None


@attrs.define(kw_only=True, repr=False)
class VectorStoreFileBatch(Model):
    """A batch of files being added to a vector store
    (``object`` is ``vector_store.files_batch``).

    Always present: every field.  ``status`` known values: ``in_progress``,
    ``completed``, ``cancelled``, ``failed``.
    """

    id: str
    object: str
    created_at: int
    vector_store_id: str
    status: str
    file_counts: FileCounts
