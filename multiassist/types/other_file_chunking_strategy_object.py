"""Mirror of ``openai.types.other_file_chunking_strategy_object``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import OtherChunkingStrategy as OtherFileChunkingStrategyObject

__all__ = [
    "OtherFileChunkingStrategyObject",
]
