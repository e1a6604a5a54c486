"""multiassist: one provider-neutral client for the Assistants API.

    import multiassist
    client = multiassist.AssistantsClient(provider="azure", endpoint=..., api_key=...)
    assistant = client.createAssistant({"model": "gpt-4o", "name": "helper"})   # Azure SDK names
    thread = client.beta.threads.create()                                      # openai-python names

The embedded emulator (:mod:`multiassist.testing`) runs the same code offline.
"""

from __future__ import annotations

from . import models
from ._types import NOT_GIVEN, NotGiven, Timeout
from .backends import available_backends, register_backend
from .client import AssistantsClient, AzureOpenAI, OpenAI
from .credentials import KeyCredential
from .errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    InternalServerError,
    InvalidRequestError,
    MultiassistError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseDecodeError,
    UnprocessableEntityError,
    UnsupportedOperationError,
)
from .pagination import CursorPage
from .polling import (
    PollTimeoutError,
    RunTimeoutError,
    UnexpectedRunStatusError,
    UnexpectedStatusError,
)
from .profiles import ProfileError
from .resources.files import FileProcessingError
from .streaming import AssistantStream, StreamError, StreamInterruptedError
from .tool_runner import ToolCallError
from .writes import WriteOutcomeUnknownError

#: The Azure SDK's name for a key credential.
OpenAIKeyCredential = KeyCredential

__version__ = "0.1.0"

__all__ = [
    "NOT_GIVEN",
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AssistantStream",
    "AssistantsClient",
    "AuthenticationError",
    "AzureOpenAI",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "CursorPage",
    "FileProcessingError",
    "InternalServerError",
    "InvalidRequestError",
    "KeyCredential",
    "MultiassistError",
    "NotFoundError",
    "NotGiven",
    "OpenAI",
    "OpenAIKeyCredential",
    "PermissionDeniedError",
    "PollTimeoutError",
    "ProfileError",
    "RateLimitError",
    "ResponseDecodeError",
    "RunTimeoutError",
    "StreamError",
    "StreamInterruptedError",
    "Timeout",
    "ToolCallError",
    "UnexpectedRunStatusError",
    "UnexpectedStatusError",
    "UnprocessableEntityError",
    "UnsupportedOperationError",
    "WriteOutcomeUnknownError",
    "available_backends",
    "models",
    "register_backend",
]
