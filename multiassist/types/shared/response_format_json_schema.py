"""Mirror of ``openai.types.shared.response_format_json_schema``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    JSONSchema as JSONSchema,
)
from multiassist.models import (
    ResponseFormatJsonSchema as ResponseFormatJSONSchema,
)

__all__ = [
    "JSONSchema",
    "ResponseFormatJSONSchema",
]
