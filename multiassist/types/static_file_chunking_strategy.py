"""Mirror of ``openai.types.static_file_chunking_strategy``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import StaticChunking as StaticFileChunkingStrategy

__all__ = [
    "StaticFileChunkingStrategy",
]
