"""The OpenAI-style namespaces: ``client.beta.assistants``, ``client.beta.threads`` (with
``.messages``, ``.runs`` and ``.runs.steps``), ``client.beta.vector_stores`` (with ``.files``
and ``.file_batches``; also at ``client.vector_stores``) and ``client.files``."""

from __future__ import annotations

from ..core import Core
from .assistants import Assistants
from .file_batches import FileBatches
from .files import FileContent, FileProcessingError, Files
from .messages import Messages
from .runs import Runs, Steps
from .threads import Threads
from .vector_store_files import VectorStoreFiles
from .vector_stores import VectorStores

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
        self.assistants = Assistants(core)
        self.threads = Threads(core)
        self.vector_stores = VectorStores(core)
