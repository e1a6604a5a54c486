"""Mirror of ``openai.types.static_file_chunking_strategy_object``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    StaticChunking as StaticFileChunkingStrategy,
)
from multiassist.models import (
    StaticChunkingStrategy as StaticFileChunkingStrategyObject,
)

__all__ = [
    "StaticFileChunkingStrategy",
    "StaticFileChunkingStrategyObject",
]
