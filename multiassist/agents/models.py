"""The models and helpers of Microsoft's agents SDKs, by the names programs import from
``azure.ai.agents.models`` (1.x) or ``azure.ai.projects.models`` (1.0.0b*): change the
import to ``from multiassist.agents.models import ...`` and the names stay.

Answers are views of :mod:`multiassist.models` objects (:mod:`multiassist.agents.views`);
enums are ``str`` enums (:mod:`multiassist.agents.enums`); tool helpers come from
:mod:`multiassist.agents.tools`, request inputs from :mod:`multiassist.agents.inputs` and
the streaming handler from :mod:`multiassist.agents.events`; the async client's helpers
(``AsyncAgentEventHandler``, ``AsyncFunctionTool``, ``AsyncToolSet``) are here too, as in
``azure.ai.agents.models``.
"""

from multiassist._async.agents.events import (
    AsyncAgentEventHandler,
    AsyncAgentRunStream,
    BaseAsyncAgentEventHandler,
)
from multiassist._async.agents.tool_calls import AsyncFunctionTool, AsyncToolSet
from multiassist.agents.enums import (
    AgentStreamEvent,
    FilePurpose,
    FileState,
    ListSortOrder,
    MessageRole,
    MessageStatus,
    RunStatus,
    RunStepStatus,
    RunStepType,
    VectorStoreStatus,
)
from multiassist.agents.events import AgentEventHandler, AgentRunStream, BaseAgentEventHandler
from multiassist.agents.inputs import (
    AgentThreadCreationOptions,
    MessageAttachment,
    ThreadMessageOptions,
    ToolOutput,
)
from multiassist.agents.paging import ItemPaged
from multiassist.agents.tool_calls import FunctionTool, ToolSet
from multiassist.agents.tools import (
    BaseFunctionTool,
    BaseToolSet,
    CodeInterpreterTool,
    FileSearchTool,
    Tool,
)
from multiassist.agents.views import (
    Agent,
    AgentDeletionStatus,
    AgentThread,
    FileDeletionStatus,
    FileInfo,
    MessageDeltaChunk,
    MessageImageFileContent,
    MessageTextContent,
    OpenAIFile,
    OpenAIPageableListOfAgent,
    OpenAIPageableListOfAgentThread,
    OpenAIPageableListOfRunStep,
    OpenAIPageableListOfThreadMessage,
    OpenAIPageableListOfThreadRun,
    OpenAIPageableListOfVectorStore,
    OpenAIPageableListOfVectorStoreFile,
    RequiredFunctionToolCall,
    RunStep,
    RunStepDeltaChunk,
    SubmitToolOutputsAction,
    SubmitToolOutputsDetails,
    ThreadDeletionStatus,
    ThreadMessage,
    ThreadRun,
    VectorStore,
    VectorStoreDeletionStatus,
    VectorStoreFile,
    VectorStoreFileDeletionStatus,
)

__all__ = [
    "Agent",
    "AgentDeletionStatus",
    "AgentEventHandler",
    "AgentRunStream",
    "AgentStreamEvent",
    "AgentThread",
    "AgentThreadCreationOptions",
    "AsyncAgentEventHandler",
    "AsyncAgentRunStream",
    "AsyncFunctionTool",
    "AsyncToolSet",
    "BaseAgentEventHandler",
    "BaseAsyncAgentEventHandler",
    "BaseFunctionTool",
    "BaseToolSet",
    "CodeInterpreterTool",
    "FileDeletionStatus",
    "FileInfo",
    "FilePurpose",
    "FileSearchTool",
    "FileState",
    "FunctionTool",
    "ItemPaged",
    "ListSortOrder",
    "MessageAttachment",
    "MessageDeltaChunk",
    "MessageImageFileContent",
    "MessageRole",
    "MessageStatus",
    "MessageTextContent",
    "OpenAIFile",
    "OpenAIPageableListOfAgent",
    "OpenAIPageableListOfAgentThread",
    "OpenAIPageableListOfRunStep",
    "OpenAIPageableListOfThreadMessage",
    "OpenAIPageableListOfThreadRun",
    "OpenAIPageableListOfVectorStore",
    "OpenAIPageableListOfVectorStoreFile",
    "RequiredFunctionToolCall",
    "RunStatus",
    "RunStep",
    "RunStepDeltaChunk",
    "RunStepStatus",
    "RunStepType",
    "SubmitToolOutputsAction",
    "SubmitToolOutputsDetails",
    "ThreadDeletionStatus",
    "ThreadMessage",
    "ThreadMessageOptions",
    "ThreadRun",
    "Tool",
    "ToolOutput",
    "ToolSet",
    "VectorStore",
    "VectorStoreDeletionStatus",
    "VectorStoreFile",
    "VectorStoreFileDeletionStatus",
    "VectorStoreStatus",
]
