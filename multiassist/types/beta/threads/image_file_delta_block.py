"""Mirror of ``openai.types.beta.threads.image_file_delta_block``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    ImageFileContentBlockDelta as ImageFileDeltaBlock,
)
from multiassist.models import (
    ImageFileDelta as ImageFileDelta,
)

__all__ = [
    "ImageFileDelta",
    "ImageFileDeltaBlock",
]
