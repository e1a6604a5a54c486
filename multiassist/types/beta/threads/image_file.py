"""Mirror of ``openai.types.beta.threads.image_file``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import ImageFile as ImageFile

__all__ = [
    "ImageFile",
]
