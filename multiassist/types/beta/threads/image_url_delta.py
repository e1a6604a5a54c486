"""Mirror of ``openai.types.beta.threads.image_url_delta``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import ImageURLDelta as ImageURLDelta

__all__ = [
    "ImageURLDelta",
]
