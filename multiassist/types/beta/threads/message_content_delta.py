"""Mirror of ``openai.types.beta.threads.message_content_delta``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    ContentPartDelta as MessageContentDelta,
)
from multiassist.models import (
    ImageFileContentBlockDelta as ImageFileDeltaBlock,
)
from multiassist.models import (
    ImageURLContentBlockDelta as ImageURLDeltaBlock,
)
from multiassist.models import (
    RefusalContentBlockDelta as RefusalDeltaBlock,
)
from multiassist.models import (
    TextContentBlockDelta as TextDeltaBlock,
)

__all__ = [
    "ImageFileDeltaBlock",
    "ImageURLDeltaBlock",
    "MessageContentDelta",
    "RefusalDeltaBlock",
    "TextDeltaBlock",
]
