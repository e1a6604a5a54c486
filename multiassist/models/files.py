"""Uploaded files, and the v1 file attachments of assistants and messages
(Azure ``2024-02-15-preview``)."""

from typing import Optional

import attrs

from multiassist.converter import Model

__all__ = ["AssistantFile", "FileObject", "MessageFile"]


@attrs.define(kw_only=True, repr=False)
class FileObject(Model):
    """An uploaded file (``object`` is ``file``).

    ``purpose`` known values: ``assistants``, ``assistants_output``, ``batch``,
    ``batch_output``, ``fine-tune``, ``fine-tune-results``, ``vision``, ``user_data``.
    ``status`` known values: ``uploaded``, ``processed``, ``error`` (not sent by Azure
    ``2024-02-15-preview``).
    """

    id: str
    object: str
    bytes: int
    created_at: int
    filename: str
    purpose: str
    status: Optional[str] = None
    status_details: Optional[str] = None
    expires_at: Optional[int] = None


@attrs.define(kw_only=True, repr=False)
class AssistantFile(Model):
    """A file attached to an assistant, v1 API (``object`` is ``assistant.file``)."""

    id: str
    object: str
    created_at: int
    assistant_id: str


@attrs.define(kw_only=True, repr=False)
class MessageFile(Model):
    """A file attached to a message, v1 API (``object`` is ``thread.message.file``)."""

    id: str
    object: str
    created_at: int
    message_id: str
