"""multiassist: one provider-neutral client for the Assistants API.

    import multiassist
    client = multiassist.AssistantsClient(provider="azure", endpoint=..., api_key=...)
    assistant = client.createAssistant({"model": "gpt-4o", "name": "helper"})   # Azure SDK names
    thread = client.beta.threads.create()                                      # openai-python names

The embedded emulator (:mod:`multiassist.testing`) runs the same code offline.
"""

from __future__ import annotations

from multiassist import models
from multiassist._async.client import AsyncAssistantsClient
from multiassist._async.compat.openai_python import AsyncAzureOpenAI, AsyncOpenAI
from multiassist._async.streaming.stream import AsyncAssistantEventHandler, AsyncAssistantStream
from multiassist._types import NOT_GIVEN, NotGiven, Timeout
from multiassist._version import __version__
from multiassist.backends import available_backends, register_backend
from multiassist.client import AssistantsClient
from multiassist.compat.openai_python import AzureOpenAI, OpenAI
from multiassist.errors import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    FileProcessingError,
    FileUploadError,
    InternalServerError,
    InvalidRequestError,
    MultiassistError,
    NotFoundError,
    OpenAIError,
    PermissionDeniedError,
    PollTimeoutError,
    ProfileError,
    RateLimitError,
    ResponseDecodeError,
    RunTimeoutError,
    StreamError,
    StreamInterruptedError,
    ToolCallError,
    UnexpectedRunStatusError,
    UnexpectedStatusError,
    UnprocessableEntityError,
    UnsupportedOperationError,
    WriteOutcomeUnknownError,
)
from multiassist.http.auth import KeyCredential
from multiassist.pagination import CursorPage
from multiassist.streaming import AssistantEventHandler, AssistantStream

#: The Azure SDK's name for a key credential.
OpenAIKeyCredential = KeyCredential


__all__ = [
    "AsyncAssistantEventHandler",
    "AsyncAssistantStream",
    "AsyncAssistantsClient",
    "AsyncAzureOpenAI",
    "AsyncOpenAI",
    "__version__",
    "NOT_GIVEN",
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AssistantEventHandler",
    "AssistantStream",
    "AssistantsClient",
    "AuthenticationError",
    "AzureOpenAI",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "CursorPage",
    "FileProcessingError",
    "FileUploadError",
    "InternalServerError",
    "InvalidRequestError",
    "KeyCredential",
    "MultiassistError",
    "NotFoundError",
    "NotGiven",
    "OpenAI",
    "OpenAIError",
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
