"""The OpenAI-style namespaces: ``client.beta.assistants``, ``client.beta.threads`` (with
``.messages``, ``.runs`` and ``.runs.steps``), ``client.beta.vector_stores`` (with ``.files``
and ``.file_batches``; also at ``client.vector_stores``) and ``client.files``."""

from __future__ import annotations

from multiassist._async.core import AsyncCore
from multiassist._async.raw_response import AsyncRawCore, AsyncRawResponses
from multiassist._async.resources.assistants import AsyncAssistants
from multiassist._async.resources.file_batches import AsyncFileBatches
from multiassist._async.resources.files import AsyncFiles, FileContent, FileProcessingError
from multiassist._async.resources.messages import AsyncMessages
from multiassist._async.resources.runs import AsyncRuns, AsyncSteps
from multiassist._async.resources.threads import AsyncThreads
from multiassist._async.resources.vector_store_files import AsyncVectorStoreFiles
from multiassist._async.resources.vector_stores import AsyncVectorStores

__all__ = [
    "AsyncAssistants",
    "AsyncBeta",
    "AsyncFileBatches",
    "FileContent",
    "FileProcessingError",
    "AsyncFiles",
    "AsyncMessages",
    "AsyncRuns",
    "AsyncSteps",
    "AsyncThreads",
    "AsyncVectorStoreFiles",
    "AsyncVectorStores",
]


class AsyncBeta:
    """``client.beta``: the AsyncAssistants API namespaces, as openai-python names them."""

    def __init__(self, core: AsyncCore) -> None:
        self._core = core
        self.assistants = AsyncAssistants(core)
        self.threads = AsyncThreads(core)
        self.vector_stores = AsyncVectorStores(core)

    @property
    def with_raw_response(self) -> AsyncRawResponses[AsyncBeta]:
        """``client.beta.with_raw_response.threads.create()``: calls returning raw answers."""
        return AsyncRawResponses(self, AsyncRawCore(self._core))

    @property
    def with_streaming_response(self) -> AsyncRawResponses[AsyncBeta]:
        """Like :attr:`with_raw_response`, bodies left unread until read."""
        return AsyncRawResponses(self, AsyncRawCore(self._core, streamed=True))
