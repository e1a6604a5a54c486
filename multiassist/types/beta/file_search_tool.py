"""Mirror of ``openai.types.beta.file_search_tool``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    FileSearchRankingOptions as FileSearchRankingOptions,
)
from multiassist.models import (
    FileSearchTool as FileSearchTool,
)
from multiassist.models import (
    FileSearchToolOptions as FileSearch,
)

__all__ = [
    "FileSearch",
    "FileSearchRankingOptions",
    "FileSearchTool",
]
