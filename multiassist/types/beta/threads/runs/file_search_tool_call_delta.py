"""Mirror of ``openai.types.beta.threads.runs.file_search_tool_call_delta``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import FileSearchToolCallDelta as FileSearchToolCallDelta

__all__ = [
    "FileSearchToolCallDelta",
]
