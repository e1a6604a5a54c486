"""Mirror of ``openai.types.beta.threads.text_content_block``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import Text as Text
from multiassist.models import TextContentBlock as TextContentBlock

__all__ = [
    "Text",
    "TextContentBlock",
]
