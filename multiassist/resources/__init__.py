# Generated from multiassist/_async/resources/__init__.py by scripts/generate_sync.py:
# edit that file and run `python -m scripts.generate_sync`; `make test` fails on drift.
"""The OpenAI-style namespaces: ``client.beta.assistants``, ``client.beta.threads`` (with
``.messages``, ``.runs`` and ``.runs.steps``), ``client.beta.vector_stores`` (with ``.files``
and ``.file_batches``; also at ``client.vector_stores``) and ``client.files``."""

from __future__ import annotations

from multiassist.core import Core
from multiassist.raw_response import RawCore, RawResponses
from multiassist.resources.assistants import Assistants
from multiassist.resources.file_batches import FileBatches
from multiassist.resources.files import FileContent, FileProcessingError, Files
from multiassist.resources.messages import Messages
from multiassist.resources.runs import Runs, Steps
from multiassist.resources.threads import Threads
from multiassist.resources.vector_store_files import VectorStoreFiles
from multiassist.resources.vector_stores import VectorStores

__all__ = [
    "Assistants",
    "Beta",
    "FileBatches",
    "FileContent",
    "FileProcessingError",
    "Files",
    "Messages",
    "Runs",
    "Steps",
    "Threads",
    "VectorStoreFiles",
    "VectorStores",
]


class Beta:
    """``client.beta``: the Assistants API namespaces, as openai-python names them."""

    def __init__(self, core: Core) -> None:
        self._core = core
        self.assistants = Assistants(core)
        self.threads = Threads(core)
        self.vector_stores = VectorStores(core)

    @property
    def with_raw_response(self) -> RawResponses[Beta]:
        """``client.beta.with_raw_response.threads.create()``: calls returning raw answers."""
        return RawResponses(self, RawCore(self._core))

    @property
    def with_streaming_response(self) -> RawResponses[Beta]:
        """Like :attr:`with_raw_response`, bodies left unread until read."""
        return RawResponses(self, RawCore(self._core, streamed=True))
