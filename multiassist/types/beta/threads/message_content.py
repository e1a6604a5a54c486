"""Mirror of ``openai.types.beta.threads.message_content``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    ContentPart as MessageContent,
)
from multiassist.models import (
    ImageFileContentBlock as ImageFileContentBlock,
)
from multiassist.models import (
    ImageURLContentBlock as ImageURLContentBlock,
)
from multiassist.models import (
    RefusalContentBlock as RefusalContentBlock,
)
from multiassist.models import (
    TextContentBlock as TextContentBlock,
)

__all__ = [
    "ImageFileContentBlock",
    "ImageURLContentBlock",
    "MessageContent",
    "RefusalContentBlock",
    "TextContentBlock",
]
