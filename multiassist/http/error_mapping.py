"""How failed HTTP calls become multiassist errors: an error status becomes the
:class:`~multiassist.errors.APIStatusError` subclass for it, a connection failure an
:class:`~multiassist.errors.APIConnectionError` saying whether the request may have been sent,
and some ``requests`` errors mean nothing was sent at all because the request could not be
built.  The blocking transport's failures are ``requests``' errors, the async transport's are
aiohttp's; both map onto the same errors with the same ``maybe_sent`` reading."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, Tuple
from urllib.parse import urlsplit

from multiassist.errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    error_class_for_status,
)

if TYPE_CHECKING:
    import requests

# ``requests`` is imported inside the functions: ``import multiassist`` must not load it.

__all__ = [
    "aiohttp_body_error",
    "aiohttp_connection_error",
    "connection_error",
    "refused_before_sending",
    "status_error",
]


def refused_before_sending() -> Tuple[type, ...]:
    """The ``requests`` errors raised before anything left the machine (a bad URL, header
    value or JSON body)."""
    import requests

    exceptions = requests.exceptions
    return (exceptions.InvalidHeader, exceptions.InvalidURL, exceptions.InvalidJSONError,
            exceptions.MissingSchema, exceptions.InvalidSchema)


def connection_error(exc: requests.exceptions.RequestException) -> APIConnectionError:
    import requests

    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return APITimeoutError("timed out connecting to the server", maybe_sent=False)
    if isinstance(exc, requests.exceptions.Timeout):
        return APITimeoutError(
            "timed out waiting for the response; the server may have processed the request",
            maybe_sent=True,
        )
    text = str(exc)
    refused = "NewConnectionError" in text or "Connection refused" in text
    if refused:
        return APIConnectionError(f"could not connect: {type(exc).__name__}", maybe_sent=False)
    return APIConnectionError(
        f"connection failed ({type(exc).__name__}); the server may have processed the request",
        maybe_sent=True,
    )


def aiohttp_connection_error(exc: BaseException) -> Optional[APIConnectionError]:
    """The error for an aiohttp failure before the response headers arrived (None: not a
    connection failure; raise ``exc`` as it is).  Only a failure to connect means the request
    certainly was not sent."""
    import asyncio

    import aiohttp

    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return APITimeoutError("timed out connecting to the server", maybe_sent=False)
    if isinstance(exc, asyncio.TimeoutError):  # aiohttp's read timeouts are these too
        return APITimeoutError(
            "timed out waiting for the response; the server may have processed the request",
            maybe_sent=True,
        )
    if isinstance(exc, aiohttp.ClientConnectorError):
        return APIConnectionError(f"could not connect: {type(exc).__name__}", maybe_sent=False)
    if isinstance(exc, (aiohttp.ClientError, OSError)):
        return APIConnectionError(
            f"connection failed ({type(exc).__name__}); the server may have processed the "
            "request",
            maybe_sent=True,
        )
    return None


def aiohttp_body_error(exc: BaseException, *, streaming: bool = False
                       ) -> Optional[APIConnectionError]:
    """The error for an aiohttp failure while reading a body, a short one included (None:
    raise ``exc`` as it is).  The request was sent, so it may have been carried out."""
    if not streaming:
        return aiohttp_connection_error(exc)
    import asyncio

    import aiohttp

    if isinstance(exc, asyncio.TimeoutError):
        return APITimeoutError(
            "the server sent nothing for longer than the read timeout while streaming "
            f"({type(exc).__name__})")
    if isinstance(exc, (aiohttp.ClientError, OSError)):
        return APIConnectionError(f"the connection broke while streaming ({type(exc).__name__})")
    return None


def status_error(response: Any, request_id: Optional[str]) -> APIStatusError:
    status = response.status_code
    body: Any
    try:
        body = response.json()
    except ValueError:
        body = response.text[:2000]
    error = body.get("error") if isinstance(body, dict) else None
    if 300 <= status < 400:
        location = urlsplit(response.headers.get("location", ""))
        return APIStatusError(
            f"the server redirected to {location.scheme}://{location.netloc}{location.path}; "
            "multiassist does not follow redirects so credentials never reach another host. "
            "Point the client at the final endpoint instead",
            status_code=status, request_id=request_id, body=body, headers=response.headers,
            response=response,
        )
    if isinstance(error, dict):
        message = str(error.get("message") or _reason(response) or "error")
        inner = error.get("innererror") or error.get("inner_error")
        code = error.get("code")
        return error_class_for_status(status)(
            message,
            status_code=status,
            code=None if code is None else str(code),
            param=error.get("param"),
            type=error.get("type"),
            request_id=request_id,
            body=error,  # the error object, as openai-python's .body
            headers=response.headers,
            inner_error=inner if isinstance(inner, dict) else None,
            response=response,
        )
    cls = error_class_for_status(status)
    message = _reason(response) or "error"
    if cls is AuthenticationError:
        message = "the key or token was refused"
    return cls(message, status_code=status, request_id=request_id, body=body,
               headers=response.headers, response=response)


def _reason(response: Any) -> str:
    # requests calls the status text ``reason``, the async response ``reason_phrase``.
    return str(getattr(response, "reason", None) or getattr(response, "reason_phrase", "") or "")
