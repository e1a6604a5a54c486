"""Mirror of ``openai.types.beta.threads.image_url_content_block``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import ImageURL as ImageURL
from multiassist.models import ImageURLContentBlock as ImageURLContentBlock

__all__ = [
    "ImageURL",
    "ImageURLContentBlock",
]
