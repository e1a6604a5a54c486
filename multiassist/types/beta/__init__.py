"""Mirror of ``openai.types.beta``: assistants, threads, tools and stream events.

``VectorStore`` and ``VectorStoreDeleted`` are here too, where older openai-python releases
had them (newer ones moved them to ``openai.types``).
"""

from multiassist.types.beta import threads as threads
from multiassist.types.beta import vector_stores as vector_stores
from multiassist.types.beta.assistant import Assistant as Assistant
from multiassist.types.beta.assistant_deleted import AssistantDeleted as AssistantDeleted
from multiassist.types.beta.assistant_response_format_option import (
    AssistantResponseFormatOption as AssistantResponseFormatOption,
)
from multiassist.types.beta.assistant_stream_event import (
    AssistantStreamEvent as AssistantStreamEvent,
)
from multiassist.types.beta.assistant_tool import AssistantTool as AssistantTool
from multiassist.types.beta.assistant_tool_choice import AssistantToolChoice as AssistantToolChoice
from multiassist.types.beta.assistant_tool_choice_function import (
    AssistantToolChoiceFunction as AssistantToolChoiceFunction,
)
from multiassist.types.beta.assistant_tool_choice_option import (
    AssistantToolChoiceOption as AssistantToolChoiceOption,
)
from multiassist.types.beta.code_interpreter_tool import CodeInterpreterTool as CodeInterpreterTool
from multiassist.types.beta.file_search_tool import FileSearchTool as FileSearchTool
from multiassist.types.beta.function_tool import FunctionTool as FunctionTool
from multiassist.types.beta.thread import Thread as Thread
from multiassist.types.beta.thread_deleted import ThreadDeleted as ThreadDeleted
from multiassist.types.vector_store import VectorStore as VectorStore
from multiassist.types.vector_store_deleted import VectorStoreDeleted as VectorStoreDeleted

__all__ = [
    "Assistant",
    "AssistantDeleted",
    "AssistantResponseFormatOption",
    "AssistantStreamEvent",
    "AssistantTool",
    "AssistantToolChoice",
    "AssistantToolChoiceFunction",
    "AssistantToolChoiceOption",
    "CodeInterpreterTool",
    "FileSearchTool",
    "FunctionTool",
    "Thread",
    "ThreadDeleted",
    "VectorStore",
    "VectorStoreDeleted",
    "threads",
    "vector_stores",
]
