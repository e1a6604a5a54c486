"""Mirror of ``openai.types.beta.threads``: messages, their content and deltas, runs.

As in openai-python, ``MessageDelta`` here is the ``delta`` member of a message delta
(:class:`multiassist.models.MessageDeltaFields`) and ``MessageDeltaEvent`` the whole
``thread.message.delta`` object (:class:`multiassist.models.MessageDelta`).
"""

from multiassist.types.beta.threads import runs as runs
from multiassist.types.beta.threads.annotation import Annotation as Annotation
from multiassist.types.beta.threads.annotation_delta import AnnotationDelta as AnnotationDelta
from multiassist.types.beta.threads.file_citation_annotation import (
    FileCitationAnnotation as FileCitationAnnotation,
)
from multiassist.types.beta.threads.file_citation_delta_annotation import (
    FileCitationDeltaAnnotation as FileCitationDeltaAnnotation,
)
from multiassist.types.beta.threads.file_path_annotation import (
    FilePathAnnotation as FilePathAnnotation,
)
from multiassist.types.beta.threads.file_path_delta_annotation import (
    FilePathDeltaAnnotation as FilePathDeltaAnnotation,
)
from multiassist.types.beta.threads.image_file import ImageFile as ImageFile
from multiassist.types.beta.threads.image_file_content_block import (
    ImageFileContentBlock as ImageFileContentBlock,
)
from multiassist.types.beta.threads.image_file_delta import ImageFileDelta as ImageFileDelta
from multiassist.types.beta.threads.image_file_delta_block import (
    ImageFileDeltaBlock as ImageFileDeltaBlock,
)
from multiassist.types.beta.threads.image_url import ImageURL as ImageURL
from multiassist.types.beta.threads.image_url_content_block import (
    ImageURLContentBlock as ImageURLContentBlock,
)
from multiassist.types.beta.threads.image_url_delta import ImageURLDelta as ImageURLDelta
from multiassist.types.beta.threads.image_url_delta_block import (
    ImageURLDeltaBlock as ImageURLDeltaBlock,
)
from multiassist.types.beta.threads.message import Message as Message
from multiassist.types.beta.threads.message_content import MessageContent as MessageContent
from multiassist.types.beta.threads.message_content_delta import (
    MessageContentDelta as MessageContentDelta,
)
from multiassist.types.beta.threads.message_deleted import MessageDeleted as MessageDeleted
from multiassist.types.beta.threads.message_delta import MessageDelta as MessageDelta
from multiassist.types.beta.threads.message_delta_event import (
    MessageDeltaEvent as MessageDeltaEvent,
)
from multiassist.types.beta.threads.refusal_content_block import (
    RefusalContentBlock as RefusalContentBlock,
)
from multiassist.types.beta.threads.refusal_delta_block import (
    RefusalDeltaBlock as RefusalDeltaBlock,
)
from multiassist.types.beta.threads.required_action_function_tool_call import (
    RequiredActionFunctionToolCall as RequiredActionFunctionToolCall,
)
from multiassist.types.beta.threads.run import Run as Run
from multiassist.types.beta.threads.run_status import RunStatus as RunStatus
from multiassist.types.beta.threads.text import Text as Text
from multiassist.types.beta.threads.text_content_block import TextContentBlock as TextContentBlock
from multiassist.types.beta.threads.text_delta import TextDelta as TextDelta
from multiassist.types.beta.threads.text_delta_block import TextDeltaBlock as TextDeltaBlock

__all__ = [
    "Annotation",
    "AnnotationDelta",
    "FileCitationAnnotation",
    "FileCitationDeltaAnnotation",
    "FilePathAnnotation",
    "FilePathDeltaAnnotation",
    "ImageFile",
    "ImageFileContentBlock",
    "ImageFileDelta",
    "ImageFileDeltaBlock",
    "ImageURL",
    "ImageURLContentBlock",
    "ImageURLDelta",
    "ImageURLDeltaBlock",
    "Message",
    "MessageContent",
    "MessageContentDelta",
    "MessageDeleted",
    "MessageDelta",
    "MessageDeltaEvent",
    "RefusalContentBlock",
    "RefusalDeltaBlock",
    "RequiredActionFunctionToolCall",
    "Run",
    "RunStatus",
    "Text",
    "TextContentBlock",
    "TextDelta",
    "TextDeltaBlock",
    "runs",
]
