"""The transport: the one place a ``requests.Session`` lives and HTTP errors become ours.

It applies the auth policy, timeouts and the retry policy, never follows redirects (a
credential must never reach another host), and maps failures into :mod:`multiassist.errors`.
Proxy and CA-bundle settings are read from the environment once per client instead of on every
call (``requests`` would otherwise re-scan the environment per request).
"""

from __future__ import annotations

import logging
import os
import time
from typing import TYPE_CHECKING, Any, Dict, Mapping, Optional, Sequence, Tuple, Union
from urllib.parse import urlencode, urlsplit

from ._types import Timeout
from .backends.base import FileField, PreparedCall
from .credentials import AuthPolicy
from .errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    error_class_for_status,
)
from .redaction import redact_headers, redact_url
from .retries import IDEMPOTENT_METHODS, RetryPolicy

if TYPE_CHECKING:
    import requests

# ``requests`` (with urllib3, http.client and email) is imported when the first transport is
# made, not by ``import multiassist``.

__all__ = ["Transport"]

log = logging.getLogger("multiassist.transport")

USER_AGENT = "multiassist/0.1"


class Transport:
    """Sends prepared calls over one pooled ``requests.Session``.

    Args:
        timeout: default connect/read timeouts.
        retry: the default :class:`~multiassist.retries.RetryPolicy`.
        session: an existing session to use (tests mount adapters on it); owned otherwise.
        verify: TLS verification; on unless explicitly turned off.
    """

    def __init__(
        self,
        *,
        timeout: Timeout,
        retry: RetryPolicy,
        session: Optional[requests.Session] = None,
        verify: Union[bool, str, None] = None,
        sleep: Any = time.sleep,
    ) -> None:
        self.timeout = timeout
        self.retry = retry
        self._owns_session = session is None
        if session is None:
            import requests

            session = requests.Session()
        self.session = session
        # Settings from the environment are resolved once, below, not per request.
        self.session.trust_env = False
        self.session.headers["User-Agent"] = USER_AGENT
        if verify is False:
            log.warning("TLS certificate verification is turned off for this client")
        self._verify: Union[bool, str] = (
            verify
            if verify is not None
            else os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
        )
        self._proxies: Dict[Tuple[str, str], Dict[str, str]] = {}
        self._sleep = sleep

    def derive(self, *, timeout: Timeout, retry: RetryPolicy) -> Transport:
        """A transport sharing this one's session and resolved settings, with other defaults."""
        twin = Transport(timeout=timeout, retry=retry, session=self.session,
                         verify=self._verify, sleep=self._sleep)
        twin._proxies = self._proxies
        return twin

    def close(self) -> None:
        if self._owns_session:
            self.session.close()

    def _proxies_for(self, url: str) -> Dict[str, str]:
        parts = urlsplit(url)
        key = (parts.scheme, parts.netloc)
        cached = self._proxies.get(key)
        if cached is None:
            import requests.utils

            cached = dict(requests.utils.get_environ_proxies(url))
            self._proxies[key] = cached
        return cached

    def send(
        self,
        call: PreparedCall,
        auth: AuthPolicy,
        *,
        request_id_headers: Sequence[str],
        timeout: Optional[Timeout] = None,
        retry: Optional[RetryPolicy] = None,
        stream: bool = False,
        idempotent: Optional[bool] = None,
    ) -> requests.Response:
        """Send ``call``; return a 2xx response or raise a :mod:`multiassist.errors` error.

        Auth headers are computed once per call and reused across retry attempts; after a 401
        the policy may drop its cached token, and the call is sent once more with fresh headers.
        """
        import requests

        policy = retry or self.retry
        if idempotent is None:
            idempotent = call.method.upper() in IDEMPOTENT_METHODS
        limits = (timeout or self.timeout).as_requests()
        auth_headers = dict(auth.headers())
        reauthenticated = False
        attempt = 0
        while True:
            headers = {**call.headers, **auth_headers}
            if log.isEnabledFor(logging.DEBUG):
                log.debug(
                    "request %s %s params=%s headers=%s (attempt %d)",
                    call.method, redact_url(call.url), _redacted_params(call.params),
                    redact_headers(headers), attempt + 1,
                )
            started = time.monotonic()
            try:
                response = self.session.request(
                    call.method,
                    call.url,
                    params=call.params or None,
                    json=call.json,
                    data=call.data,
                    files=_multipart(call.files),
                    headers=headers,
                    timeout=limits,
                    allow_redirects=False,
                    stream=stream,
                    proxies=self._proxies_for(call.url),
                    verify=self._verify,
                )
            except requests.exceptions.RequestException as exc:
                error = _connection_error(exc)
                delay = policy.delay_after_connection_error(
                    idempotent, attempt, maybe_sent=error.maybe_sent
                )
                log.debug(
                    "%s %s attempt %d failed: %s (%s)",
                    call.method, redact_url(call.url), attempt + 1, type(exc).__name__,
                    "retrying" if delay is not None else "giving up",
                )
                if delay is None:
                    raise error from exc
                self._sleep(delay)
                attempt += 1
                continue

            elapsed_ms = (time.monotonic() - started) * 1000.0
            request_id = _first_header(response.headers, request_id_headers)
            if log.isEnabledFor(logging.DEBUG):
                log.debug(
                    "response %s %s -> %d in %.0f ms (request id %s, attempt %d)",
                    call.method, redact_url(call.url), response.status_code, elapsed_ms,
                    request_id, attempt + 1,
                )
            if response.status_code < 300:
                return response
            if response.status_code == 401 and not reauthenticated and auth.on_unauthorized():
                reauthenticated = True
                response.close()
                auth_headers = dict(auth.headers())
                continue
            delay = policy.delay_after_status(
                idempotent, attempt, response.status_code, response.headers
            )
            if delay is None:
                raise _status_error(response, request_id)
            log.debug("retrying %s %s after HTTP %d in %.2f s",
                      call.method, redact_url(call.url), response.status_code, delay)
            response.close()
            self._sleep(delay)
            attempt += 1


def _redacted_params(params: Mapping[str, Any]) -> str:
    if not params:
        return "{}"
    return redact_url("http://x/?" + urlencode(params, doseq=True)).split("?", 1)[1]


def _multipart(files: Optional[Mapping[str, FileField]]) -> Any:
    if files is None:
        return None
    return {
        field: (name, content) if content_type is None else (name, content, content_type)
        for field, (name, content, content_type) in files.items()
    }


def _first_header(headers: Mapping[str, str], names: Sequence[str]) -> Optional[str]:
    for name in names:
        value = headers.get(name)
        if value:
            return value
    return None


def _connection_error(exc: requests.exceptions.RequestException) -> APIConnectionError:
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


def _status_error(response: requests.Response, request_id: Optional[str]) -> APIError:
    status = response.status_code
    body: Any
    try:
        body = response.json()
    except ValueError:
        body = response.text[:2000]
    error = body.get("error") if isinstance(body, dict) else None
    if 300 <= status < 400:
        location = urlsplit(response.headers.get("location", ""))
        return APIError(
            f"the server redirected to {location.scheme}://{location.netloc}{location.path}; "
            "multiassist does not follow redirects so credentials never reach another host. "
            "Point the client at the final endpoint instead",
            status_code=status, request_id=request_id, body=body, headers=response.headers,
        )
    if isinstance(error, dict):
        message = str(error.get("message") or response.reason or "error")
        inner = error.get("innererror") or error.get("inner_error")
        code = error.get("code")
        return error_class_for_status(status)(
            message,
            status_code=status,
            code=None if code is None else str(code),
            param=error.get("param"),
            type=error.get("type"),
            request_id=request_id,
            body=body,
            headers=response.headers,
            inner_error=inner if isinstance(inner, dict) else None,
        )
    cls = error_class_for_status(status)
    message = response.reason or "error"
    if cls is AuthenticationError:
        message = "the key or token was refused"
    return cls(message, status_code=status, request_id=request_id, body=body,
               headers=response.headers)
