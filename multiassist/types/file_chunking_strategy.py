"""Mirror of ``openai.types.file_chunking_strategy``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    ChunkingStrategy as FileChunkingStrategy,
)
from multiassist.models import (
    OtherChunkingStrategy as OtherFileChunkingStrategyObject,
)
from multiassist.models import (
    StaticChunkingStrategy as StaticFileChunkingStrategyObject,
)

__all__ = [
    "FileChunkingStrategy",
    "OtherFileChunkingStrategyObject",
    "StaticFileChunkingStrategyObject",
]
