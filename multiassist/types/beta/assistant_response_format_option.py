"""Mirror of ``openai.types.beta.assistant_response_format_option``.

Its names, bound to multiassist's own classes (see :mod:`multiassist.types`).
"""

from multiassist.models import (
    ResponseFormat as AssistantResponseFormatOption,
)
from multiassist.models import (
    ResponseFormatJsonObject as ResponseFormatJSONObject,
)
from multiassist.models import (
    ResponseFormatJsonSchema as ResponseFormatJSONSchema,
)
from multiassist.models import (
    ResponseFormatText as ResponseFormatText,
)

__all__ = [
    "AssistantResponseFormatOption",
    "ResponseFormatJSONObject",
    "ResponseFormatJSONSchema",
    "ResponseFormatText",
]
