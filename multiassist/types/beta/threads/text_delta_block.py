"""Mirror of ``openai.types.beta.threads.text_delta_block``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import TextContentBlockDelta as TextDeltaBlock
from multiassist.models import TextDelta as TextDelta

__all__ = [
    "TextDelta",
    "TextDeltaBlock",
]
