"""Mirror of ``openai.types.shared``: the shared types an Assistants program uses."""

from multiassist.types.shared.function_definition import FunctionDefinition as FunctionDefinition
from multiassist.types.shared.function_parameters import FunctionParameters as FunctionParameters
from multiassist.types.shared.metadata import Metadata as Metadata
from multiassist.types.shared.response_format_json_object import (
    ResponseFormatJSONObject as ResponseFormatJSONObject,
)
from multiassist.types.shared.response_format_json_schema import (
    ResponseFormatJSONSchema as ResponseFormatJSONSchema,
)
from multiassist.types.shared.response_format_text import ResponseFormatText as ResponseFormatText

__all__ = [
    "FunctionDefinition",
    "FunctionParameters",
    "Metadata",
    "ResponseFormatJSONObject",
    "ResponseFormatJSONSchema",
    "ResponseFormatText",
]
