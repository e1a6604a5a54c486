"""The exception hierarchy of multiassist: every error the library raises derives from
:class:`MultiassistError`.

Split the way a caller needs to decide what to do next:

- :class:`ConfigurationError` / :class:`InvalidRequestError` -- raised before anything is sent;
  the message names the argument at fault and how to fix it.
- :class:`APIConnectionError` -- the request never produced an HTTP response.
  :attr:`APIConnectionError.maybe_sent` says whether the server may have acted on it.
- :class:`APIError` -- the server answered with an error status; subclasses per status.
- :class:`ResponseDecodeError` -- the server answered 2xx with a body we could not understand.

No exception text ever contains a credential: messages are built from status, error body
and request id only.
"""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional, Type

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "InternalServerError",
    "InvalidRequestError",
    "MultiassistError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseDecodeError",
    "UnprocessableEntityError",
    "UnsupportedOperationError",
    "error_class_for_status",
]


class MultiassistError(Exception):
    """Base class of every exception raised by multiassist."""


class ConfigurationError(MultiassistError, ValueError):
    """The client was constructed with missing or contradictory settings."""


class InvalidRequestError(MultiassistError, ValueError):
    """An argument was refused before any request was sent."""


class UnsupportedOperationError(MultiassistError):
    """The operation exists in the API surface but not on this backend or api-version.

    The message names the replacement (another method, api-version or backend).
    """


class ResponseDecodeError(MultiassistError):
    """A successful response had a body that could not be parsed into the expected model."""

    def __init__(self, message: str, *, body: Any = None) -> None:
        super().__init__(message)
        self.body = body


class APIConnectionError(MultiassistError):
    """No HTTP response was received.

    ``maybe_sent`` is False when the request certainly never reached the server (for example
    the connection was refused), True when it may have been processed (for example the
    connection dropped while waiting for the answer).
    """

    def __init__(self, message: str, *, maybe_sent: bool = True) -> None:
        super().__init__(message)
        self.maybe_sent = maybe_sent


class APITimeoutError(APIConnectionError):
    """The connect or read timeout expired."""


class APIError(MultiassistError):
    """The server answered with an error status.

    Attributes mirror the ``error`` object both OpenAI and Azure return, plus transport
    facts a support ticket needs (status code, request id, raw body, response headers).
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        code: Optional[str] = None,
        param: Optional[str] = None,
        type: Optional[str] = None,
        request_id: Optional[str] = None,
        body: Any = None,
        headers: Optional[Mapping[str, str]] = None,
        inner_error: Optional[Dict[str, Any]] = None,
    ) -> None:
        self.message = message
        self.status_code = status_code
        self.code = code
        self.param = param
        self.type = type
        self.request_id = request_id
        self.body = body
        self.headers: Dict[str, str] = dict(headers or {})
        self.inner_error = inner_error
        super().__init__(self._describe())

    def _describe(self) -> str:
        parts = [f"HTTP {self.status_code}"]
        if self.code:
            parts.append(f"code={self.code}")
        if self.param:
            parts.append(f"param={self.param}")
        text = f"{' '.join(parts)}: {self.message}"
        if self.request_id:
            text += f" (request id {self.request_id})"
        return text

    @property
    def rate_limit(self) -> Dict[str, str]:
        """The rate-limit headers of the response (``x-ratelimit-*``, ``retry-after*``),
        lower-cased, e.g. ``{"x-ratelimit-remaining-requests": "0", "retry-after": "20"}``."""
        return {
            name.lower(): value
            for name, value in self.headers.items()
            if name.lower().startswith(("x-ratelimit-", "retry-after"))
        }

    @property
    def content_filter_results(self) -> Optional[Dict[str, Any]]:
        """Azure's content-filter verdict, when the error carries one."""
        inner = self.inner_error or {}
        found = inner.get("content_filter_results") or inner.get("content_filter_result")
        return found if isinstance(found, dict) else None


APIStatusError = APIError


class BadRequestError(APIError):
    """HTTP 400."""


class AuthenticationError(APIError):
    """HTTP 401: the key or token was refused."""


class PermissionDeniedError(APIError):
    """HTTP 403."""


class NotFoundError(APIError):
    """HTTP 404."""


class ConflictError(APIError):
    """HTTP 409."""


class UnprocessableEntityError(APIError):
    """HTTP 422."""


class RateLimitError(APIError):
    """HTTP 429."""


class InternalServerError(APIError):
    """HTTP 5xx."""


_BY_STATUS: Dict[int, Type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def error_class_for_status(status: int) -> Type[APIError]:
    """Return the exception class used for an HTTP error status."""
    if status >= 500:
        return InternalServerError
    return _BY_STATUS.get(status, APIError)
