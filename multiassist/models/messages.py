"""Messages: the message object, its content parts, text annotations and attachments.

Content parts are tagged by ``type`` (``text``, ``image_file``, ``image_url``,
``refusal``); text annotations by ``type`` (``file_citation``, ``file_path``).  Unknown
types decode into :class:`UnknownContentPart` / :class:`UnknownAnnotation`.
"""

from typing import List, Optional, Union

import attrs

from multiassist.converter import NOT_IN_OPENAI_PYTHON, Model, UnknownVariant
from multiassist.models.common import IncompleteDetails, Metadata
from multiassist.models.tools import Tool

__all__ = [
    "Annotation",
    "Attachment",
    "ContentPart",
    "FileCitation",
    "FileCitationAnnotation",
    "FilePath",
    "FilePathAnnotation",
    "ImageFile",
    "ImageFileContentBlock",
    "ImageURL",
    "ImageURLContentBlock",
    "Message",
    "RefusalContentBlock",
    "Text",
    "TextContentBlock",
    "UnknownAnnotation",
    "UnknownContentPart",
]


@attrs.define(kw_only=True, repr=False)
class FileCitation(Model):
    """The file a citation points to.  ``quote`` is sent by Azure only."""

    file_id: str
    quote: Optional[str] = attrs.field(default=None, metadata=NOT_IN_OPENAI_PYTHON)


@attrs.define(kw_only=True, repr=False)
class FileCitationAnnotation(Model):
    """A citation of a file found by file search / retrieval (``type`` ``file_citation``).

    ``text`` is the placeholder in the message text that the citation replaces;
    ``start_index``/``end_index`` locate it (always sent by OpenAI, optional in Azure's
    specification).
    """

    type: str = "file_citation"
    text: str
    file_citation: FileCitation
    start_index: Optional[int] = None
    end_index: Optional[int] = None


@attrs.define(kw_only=True, repr=False)
class FilePath(Model):
    """The file a path annotation points to."""

    file_id: str


@attrs.define(kw_only=True, repr=False)
class FilePathAnnotation(Model):
    """A link to a file the code interpreter generated (``type`` ``file_path``)."""

    type: str = "file_path"
    text: str
    file_path: FilePath
    start_index: Optional[int] = None
    end_index: Optional[int] = None


@attrs.define(kw_only=True, repr=False)
class UnknownAnnotation(UnknownVariant):
    """A text annotation whose ``type`` this library does not know."""


#: A text annotation, tagged by ``type``.
Annotation = Union[FileCitationAnnotation, FilePathAnnotation, UnknownAnnotation]


@attrs.define(kw_only=True, repr=False)
class Text(Model):
    """The text of a text part and its annotations."""

    value: str
    annotations: List[Annotation]


@attrs.define(kw_only=True, repr=False)
class TextContentBlock(Model):
    """A text part of a message (``type`` ``text``)."""

    type: str = "text"
    text: Text


@attrs.define(kw_only=True, repr=False)
class ImageFile(Model):
    """An image stored as an uploaded file.  ``detail``: ``auto``, ``low``, ``high``."""

    file_id: str
    detail: Optional[str] = None


@attrs.define(kw_only=True, repr=False)
class ImageFileContentBlock(Model):
    """An image part referring to an uploaded file (``type`` ``image_file``)."""

    type: str = "image_file"
    image_file: ImageFile


@attrs.define(kw_only=True, repr=False)
class ImageURL(Model):
    """An image at a URL.  ``detail``: ``auto``, ``low``, ``high``."""

    url: str
    detail: Optional[str] = None


@attrs.define(kw_only=True, repr=False)
class ImageURLContentBlock(Model):
    """An image part referring to a URL (``type`` ``image_url``)."""

    type: str = "image_url"
    image_url: ImageURL


@attrs.define(kw_only=True, repr=False)
class RefusalContentBlock(Model):
    """The model's refusal to answer (``type`` ``refusal``)."""

    type: str = "refusal"
    refusal: str


@attrs.define(kw_only=True, repr=False)
class UnknownContentPart(UnknownVariant):
    """A message content part whose ``type`` this library does not know."""


#: A message content part, tagged by ``type``.
ContentPart = Union[
    TextContentBlock,
    ImageFileContentBlock,
    ImageURLContentBlock,
    RefusalContentBlock,
    UnknownContentPart,
]


@attrs.define(kw_only=True, repr=False)
class Attachment(Model):
    """A file attached to a message and the tools that may use it (v2 API)."""

    file_id: str
    tools: Optional[List[Tool]] = None


@attrs.define(kw_only=True, repr=False)
class Message(Model):
    """A message in a thread (``object`` is ``thread.message``).

    Always present: ``id``, ``object``, ``created_at``, ``thread_id``, ``status``,
    ``role``, ``content``.  ``status`` known values: ``in_progress``, ``incomplete``,
    ``completed``.  ``role``: ``user`` or ``assistant``.  ``attachments`` is v2;
    ``file_ids`` is v1 (Azure ``2024-02-15-preview``).
    """

    id: str
    object: str
    created_at: int
    thread_id: str
    status: str
    role: str
    content: List[ContentPart]
    incomplete_details: Optional[IncompleteDetails] = None
    completed_at: Optional[int] = None
    incomplete_at: Optional[int] = None
    assistant_id: Optional[str] = None
    run_id: Optional[str] = None
    attachments: Optional[List[Attachment]] = None
    metadata: Optional[Metadata] = None
    file_ids: Optional[List[str]] = attrs.field(default=None, metadata=NOT_IN_OPENAI_PYTHON)

    @property
    def text(self) -> str:
        """The message's text: the ``value`` of every text part, concatenated in order
        with nothing in between.  Image, refusal and unknown parts are skipped; a message
        with no text part gives ``""``."""
        return "".join(
            part.text.value for part in self.content if isinstance(part, TextContentBlock)
        )
