"""Mirror of ``openai.types.beta.threads.message``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    Attachment as Attachment,
)
from multiassist.models import (
    CodeInterpreterTool as CodeInterpreterTool,
)
from multiassist.models import (
    ContentPart as MessageContent,
)
from multiassist.models import (
    FileSearchTool as AttachmentToolAssistantToolsFileSearchTypeOnly,
)
from multiassist.models import (
    IncompleteDetails as IncompleteDetails,
)
from multiassist.models import (
    Message as Message,
)
from multiassist.models import (
    Metadata as Metadata,
)
from multiassist.models import (
    Tool as AttachmentTool,
)

__all__ = [
    "Attachment",
    "AttachmentTool",
    "AttachmentToolAssistantToolsFileSearchTypeOnly",
    "CodeInterpreterTool",
    "IncompleteDetails",
    "Message",
    "MessageContent",
    "Metadata",
]
