"""Mirror of ``openai.types.shared.metadata``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import Metadata as Metadata

__all__ = [
    "Metadata",
]
