"""Mirror of ``openai.types.beta.threads.runs.file_search_tool_call``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    FileSearchCall as FileSearch,
)
from multiassist.models import (
    FileSearchRankingOptions as FileSearchRankingOptions,
)
from multiassist.models import (
    FileSearchResult as FileSearchResult,
)
from multiassist.models import (
    FileSearchResultContent as FileSearchResultContent,
)
from multiassist.models import (
    FileSearchToolCall as FileSearchToolCall,
)

__all__ = [
    "FileSearch",
    "FileSearchRankingOptions",
    "FileSearchResult",
    "FileSearchResultContent",
    "FileSearchToolCall",
]
