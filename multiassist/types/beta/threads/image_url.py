"""Mirror of ``openai.types.beta.threads.image_url``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import ImageURL as ImageURL

__all__ = [
    "ImageURL",
]
