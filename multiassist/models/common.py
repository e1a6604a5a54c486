"""Small objects shared by several resources: token usage, errors, incomplete details,
and the deletion statuses every ``DELETE`` returns."""

from typing import Dict, Optional

import attrs

from multiassist.converter import Model

__all__ = [
    "AssistantDeleted",
    "AssistantFileDeleted",
    "DeletionStatus",
    "FileDeleted",
    "IncompleteDetails",
    "LastError",
    "MessageDeleted",
    "Metadata",
    "RunStepUsage",
    "ThreadDeleted",
    "Usage",
    "VectorStoreDeleted",
    "VectorStoreFileDeleted",
]

#: Up to 16 string key/value pairs attached to an object by the caller.
Metadata = Dict[str, str]


@attrs.define(kw_only=True, repr=False)
class Usage(Model):
    """Token counts of a run (``RunCompletionUsage``) or a run step
    (``RunStepCompletionUsage``)."""

    completion_tokens: int
    prompt_tokens: int
    total_tokens: int


#: A run step's usage has the same shape as a run's.
RunStepUsage = Usage


@attrs.define(kw_only=True, repr=False)
class LastError(Model):
    """Why a run, a run step or a vector store file failed.

    ``code`` known values: ``server_error``, ``rate_limit_exceeded``, ``invalid_prompt``
    (runs); ``unsupported_file``, ``invalid_file`` (vector store files).
    """

    code: str
    message: str


@attrs.define(kw_only=True, repr=False)
class IncompleteDetails(Model):
    """Why a run or a message ended ``incomplete``.

    ``reason`` known values: ``max_completion_tokens``, ``max_prompt_tokens`` (runs);
    ``content_filter``, ``max_tokens``, ``run_cancelled``, ``run_expired``, ``run_failed``
    (messages).
    """

    reason: Optional[str] = None


@attrs.define(kw_only=True, repr=False)
class DeletionStatus(Model):
    """What a ``DELETE`` returns: the id, whether it is gone, and the ``object`` tag."""

    id: str
    object: str
    deleted: bool


@attrs.define(kw_only=True, repr=False)
class AssistantDeleted(DeletionStatus):
    """Result of deleting an assistant (``object`` is ``assistant.deleted``)."""


@attrs.define(kw_only=True, repr=False)
class ThreadDeleted(DeletionStatus):
    """Result of deleting a thread (``object`` is ``thread.deleted``)."""


@attrs.define(kw_only=True, repr=False)
class MessageDeleted(DeletionStatus):
    """Result of deleting a message (``object`` is ``thread.message.deleted``)."""


@attrs.define(kw_only=True, repr=False)
class FileDeleted(DeletionStatus):
    """Result of deleting a file (``object`` is ``file``)."""


@attrs.define(kw_only=True, repr=False)
class VectorStoreDeleted(DeletionStatus):
    """Result of deleting a vector store (``object`` is ``vector_store.deleted``)."""


@attrs.define(kw_only=True, repr=False)
class VectorStoreFileDeleted(DeletionStatus):
    """Result of removing a file from a vector store
    (``object`` is ``vector_store.file.deleted``)."""


@attrs.define(kw_only=True, repr=False)
class AssistantFileDeleted(DeletionStatus):
    """Result of detaching a file from an assistant, Azure ``2024-02-15-preview`` only
    (``object`` is ``assistant.file.deleted``)."""
