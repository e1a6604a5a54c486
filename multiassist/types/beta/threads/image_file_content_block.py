"""Mirror of ``openai.types.beta.threads.image_file_content_block``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    ImageFile as ImageFile,
)
from multiassist.models import (
    ImageFileContentBlock as ImageFileContentBlock,
)

__all__ = [
    "ImageFile",
    "ImageFileContentBlock",
]
