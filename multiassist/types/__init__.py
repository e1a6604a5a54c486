"""``openai.types`` for multiassist: the import paths of openai-python's Assistants types,
bound to multiassist's own classes.

A program ported from openai-python changes ``openai.types`` to ``multiassist.types`` in its
imports and keeps its annotations and ``isinstance`` checks::

    from multiassist.types.beta.threads import Message, TextContentBlock
    from multiassist.types.beta.assistant_stream_event import ThreadMessageDelta

    for part in message.content:
        if isinstance(part, TextContentBlock):
            print(part.text.value)

Every name is the very class multiassist decodes into (``multiassist.types.beta.threads.Run``
*is* :class:`multiassist.models.Run`), never a copy, so ``isinstance`` against it is true for
the objects multiassist returns.  ``isinstance(x, openai.types.beta.threads.Message)`` can
never be true for a multiassist object: openai-python's classes are pydantic models
multiassist does not use.  Check against ``multiassist.types`` (or ``multiassist.models``)
instead.

Where openai-python's name differs from multiassist's, the name here is an alias:
``AssistantTool`` is :data:`multiassist.models.Tool`, ``MessageContent`` is
:data:`multiassist.models.ContentPart`, ``MessageDeltaEvent`` is
:class:`multiassist.models.MessageDelta` and ``MessageDelta`` (the ``delta`` member) is
:class:`multiassist.models.MessageDeltaFields`; ``RunStatus``, ``RunStepInclude`` and
``FilePurpose`` are ``Literal`` types.  Tagged unions keep multiassist's ``Unknown*``
member, so a ``type`` the library does not know is never forced into a known class.

Mirrored: ``openai.types`` (files, vector stores, chunking strategies, ``shared``),
``openai.types.vector_stores``, ``openai.types.beta`` (with ``VectorStore`` and
``beta.vector_stores`` where older openai-python releases had them),
``openai.types.beta.threads`` and ``openai.types.beta.threads.runs``, each module file
(``...threads.message``, ``...runs.run_step``, ``beta.assistant_stream_event``...) included.
Not mirrored: the request parameter types (``*Params``, ``*Param``: openai-python's
``TypedDict`` s; pass plain dicts), ``ErrorObject`` (a stream's ``error`` event data is a
plain dict, raised as :class:`multiassist.streaming.stream.StreamError`),
``VectorStoreSearchResponse`` and ``FileContentResponse`` (vector store search and file
content came after the Assistants API; multiassist has neither), and the types of other APIs
(chat, responses, agents, audio...).  ``AttachmentToolAssistantToolsFileSearchTypeOnly`` is
:class:`~multiassist.models.FileSearchTool`, the closest class (it may carry options).
"""

from multiassist.types import beta as beta
from multiassist.types import shared as shared
from multiassist.types import vector_stores as vector_stores
from multiassist.types.file_chunking_strategy import FileChunkingStrategy as FileChunkingStrategy
from multiassist.types.file_content import FileContent as FileContent
from multiassist.types.file_deleted import FileDeleted as FileDeleted
from multiassist.types.file_object import FileObject as FileObject
from multiassist.types.file_purpose import FilePurpose as FilePurpose
from multiassist.types.other_file_chunking_strategy_object import (
    OtherFileChunkingStrategyObject as OtherFileChunkingStrategyObject,
)
from multiassist.types.shared.function_definition import FunctionDefinition as FunctionDefinition
from multiassist.types.shared.function_parameters import FunctionParameters as FunctionParameters
from multiassist.types.shared.metadata import Metadata as Metadata
from multiassist.types.shared.response_format_json_object import (
    ResponseFormatJSONObject as ResponseFormatJSONObject,
)
from multiassist.types.shared.response_format_json_schema import (
    ResponseFormatJSONSchema as ResponseFormatJSONSchema,
)
from multiassist.types.shared.response_format_text import ResponseFormatText as ResponseFormatText
from multiassist.types.static_file_chunking_strategy import (
    StaticFileChunkingStrategy as StaticFileChunkingStrategy,
)
from multiassist.types.static_file_chunking_strategy_object import (
    StaticFileChunkingStrategyObject as StaticFileChunkingStrategyObject,
)
from multiassist.types.vector_store import VectorStore as VectorStore
from multiassist.types.vector_store_deleted import VectorStoreDeleted as VectorStoreDeleted

__all__ = [
    "FileChunkingStrategy",
    "FileContent",
    "FileDeleted",
    "FileObject",
    "FilePurpose",
    "FunctionDefinition",
    "FunctionParameters",
    "Metadata",
    "OtherFileChunkingStrategyObject",
    "ResponseFormatJSONObject",
    "ResponseFormatJSONSchema",
    "ResponseFormatText",
    "StaticFileChunkingStrategy",
    "StaticFileChunkingStrategyObject",
    "VectorStore",
    "VectorStoreDeleted",
    "beta",
    "shared",
    "vector_stores",
]
