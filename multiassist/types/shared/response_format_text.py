"""Mirror of ``openai.types.shared.response_format_text``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import ResponseFormatText as ResponseFormatText

__all__ = [
    "ResponseFormatText",
]
