"""Mirror of ``openai.types.shared.response_format_json_object``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import ResponseFormatJsonObject as ResponseFormatJSONObject

__all__ = [
    "ResponseFormatJSONObject",
]
