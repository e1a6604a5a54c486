"""Mirror of ``openai.types.beta.threads.text``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import Annotation as Annotation
from multiassist.models import Text as Text

__all__ = [
    "Annotation",
    "Text",
]
