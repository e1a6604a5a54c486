"""Mirror of ``openai.types.beta.threads.text_delta``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import AnnotationDelta as AnnotationDelta
from multiassist.models import TextDelta as TextDelta

__all__ = [
    "AnnotationDelta",
    "TextDelta",
]
