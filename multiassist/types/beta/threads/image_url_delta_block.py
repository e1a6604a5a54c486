"""Mirror of ``openai.types.beta.threads.image_url_delta_block``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    ImageURLContentBlockDelta as ImageURLDeltaBlock,
)
from multiassist.models import (
    ImageURLDelta as ImageURLDelta,
)

__all__ = [
    "ImageURLDelta",
    "ImageURLDeltaBlock",
]
