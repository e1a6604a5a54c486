"""The transport: the one place a ``requests.Session`` lives and HTTP errors become ours.

It applies the auth policy, timeouts and the retry policy, never follows redirects (a
credential must never reach another host), and maps failures into :mod:`multiassist.errors`.
Proxy and CA-bundle settings are read from the environment once per client instead of on every
call (``requests`` would otherwise re-scan the environment per request).

On a session the client made itself (and that nobody has given auth, cookies, params, hooks
or proxies since), a JSON or bodiless call skips ``requests.Session.request``: the transport
builds the ``PreparedRequest`` itself, the way ``requests`` would, and hands it to the mounted
adapter (see :mod:`multiassist.http.prepare`).  Multipart uploads and sessions passed in by
the caller always go through ``session.request``.
"""

from __future__ import annotations

import logging
import os
import time
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Dict,
    Iterator,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    Union,
)
from urllib.parse import urlsplit

from multiassist._types import Timeout
from multiassist._version import __version__
from multiassist.errors import (
    APIConnectionError,
    APITimeoutError,
    ConfigurationError,
    InvalidRequestError,
)
from multiassist.http.auth import AuthPolicy
from multiassist.http.error_mapping import connection_error as _connection_error
from multiassist.http.error_mapping import refused_before_sending as _refused_before_sending
from multiassist.http.error_mapping import status_error as _status_error
from multiassist.http.messages import PreparedCall, StreamBody
from multiassist.http.prepare import direct_url, plain_session, send_direct
from multiassist.http.prepare import multipart as _multipart
from multiassist.http.redaction import redact_headers, redact_params, redact_url
from multiassist.http.retries import IDEMPOTENT_METHODS, RetryPolicy

if TYPE_CHECKING:
    import requests

# ``requests`` (with urllib3, http.client and email) is imported when the first transport is
# made, not by ``import multiassist``.

__all__ = ["Transport", "open_body"]

log = logging.getLogger("multiassist.http.transport")

#: Pooled connections kept per host (threads beyond this wait for none: they reconnect).
DEFAULT_MAX_CONNECTIONS = 32

USER_AGENT = f"multiassist/{__version__}"

#: The most :func:`open_body` asks the socket for at once.
READ_SIZE = 1 << 16


class Transport:
    """Sends prepared calls over one pooled ``requests.Session``.

    Args:
        timeout: default connect/read timeouts.
        retry: the default :class:`~multiassist.http.retries.RetryPolicy`.
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
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
    ) -> None:
        self.timeout = timeout
        self.retry = retry
        self._owns_session = session is None
        if isinstance(max_connections, bool) or not isinstance(max_connections, int) or (
            max_connections < 1
        ):
            raise ConfigurationError(
                f"max_connections must be an integer >= 1, got {max_connections!r}"
            )
        if session is None:
            import requests
            import requests.adapters

            session = requests.Session()
            # urllib3 keeps 10 connections per host by default; a client shared by more
            # threads would open and drop connections (a TLS handshake each) past that.
            adapter = requests.adapters.HTTPAdapter(pool_connections=4,
                                                    pool_maxsize=max_connections)
            session.mount("https://", adapter)
            session.mount("http://", adapter)
        self.session = session
        if self._owns_session:
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
        #: Whether this client made the session (and so may send past ``session.request``).
        self._session_is_ours = self._owns_session
        #: scheme://host[:port] -> whether ``requests`` leaves URLs with it unchanged.
        self._plain_origins: Dict[str, bool] = {}

    def derive(self, *, timeout: Timeout, retry: RetryPolicy) -> Transport:
        """A transport sharing this one's session and resolved settings, with other defaults."""
        twin = Transport(timeout=timeout, retry=retry, session=self.session,
                         verify=self._verify, sleep=self._sleep)
        twin._proxies = self._proxies
        twin._session_is_ours = self._session_is_ours
        twin._plain_origins = self._plain_origins
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
        #: Whether an earlier attempt may have been carried out (its answer was lost).
        uncertain = False
        attempt = 0
        while True:
            headers = {**call.headers, **auth_headers}
            if log.isEnabledFor(logging.DEBUG):
                log.debug(
                    "request %s %s params=%s headers=%s (attempt %d)",
                    call.method, redact_url(call.url), redact_params(call.params),
                    redact_headers(headers), attempt + 1,
                )
            started = time.monotonic()
            try:
                direct_url = (
                    self._direct_url(call.url, call.params)
                    if call.files is None and not call.data and self._direct_ok()
                    else None
                )
                if direct_url is not None:
                    response = self._send_direct(call, direct_url, headers, limits, stream)
                else:
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
                if not stream:
                    _check_length(response)
            except UnicodeEncodeError:
                raise InvalidRequestError(
                    "a header value holds a character HTTP headers cannot carry (often a "
                    "typographic quote pasted into a key or extra_headers); nothing was sent"
                ) from None
            except requests.exceptions.RequestException as exc:
                if isinstance(exc, _refused_before_sending()):
                    # Nothing left the machine; the original text may quote a header value.
                    raise InvalidRequestError(
                        f"the request could not be built ({type(exc).__name__}): check the "
                        "URL, header values and JSON body (NaN and infinity are not JSON)"
                    ) from None
                error = _connection_error(exc)
                uncertain = uncertain or error.maybe_sent
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
            if response.status_code == 401 and not reauthenticated and _reauthenticate(
                auth, response
            ):
                reauthenticated = True
                response.close()
                auth_headers = dict(auth.headers())
                continue
            delay = policy.delay_after_status(
                idempotent, attempt, response.status_code, response.headers
            )
            if delay is None:
                try:
                    status_error = _status_error(response, request_id)
                except requests.exceptions.RequestException as exc:
                    # A streamed call reads its error body only now; it broke meanwhile.
                    raise _connection_error(exc) from exc
                status_error.after_uncertain_attempt = uncertain
                raise status_error
            log.debug("retrying %s %s after HTTP %d in %.2f s",
                      call.method, redact_url(call.url), response.status_code, delay)
            response.close()
            self._sleep(delay)
            attempt += 1

    # --- the direct send path (:mod:`multiassist.http.prepare`) ---------------------------

    def _direct_ok(self) -> bool:
        """Whether ``session.request`` would add nothing to what :meth:`_send_direct` does:
        our own session, with nothing set on it that ``requests`` merges into a request."""
        return self._session_is_ours and plain_session(self.session)

    def _send_direct(
        self,
        call: PreparedCall,
        url: str,
        headers: Mapping[str, Any],
        limits: Any,
        stream: bool,
    ) -> requests.Response:
        """Send ``call`` to ``url`` past ``session.request`` (see
        :func:`~multiassist.http.prepare.send_direct`)."""
        return send_direct(self.session, call, url, headers, limits, stream,
                           verify=self._verify, proxies_for=self._proxies_for)

    def _direct_url(self, url: str, params: Mapping[str, Any]) -> Optional[str]:
        """``url`` with ``params`` when ``requests`` would send just that, else None (see
        :func:`~multiassist.http.prepare.direct_url`)."""
        return direct_url(url, params, self._plain_origins)


def _reauthenticate(auth: AuthPolicy, response: requests.Response) -> bool:
    """Tell the policy about a 401 and its challenge (Entra ID may ask for claims there);
    True when the call should be sent once more."""
    try:
        return auth.on_unauthorized(response.headers.get("WWW-Authenticate"))
    except BaseException:
        response.close()
        raise


def _first_header(headers: Mapping[str, str], names: Sequence[str]) -> Optional[str]:
    for name in names:
        value = headers.get(name)
        if value:
            return value
    return None


def open_body(response: requests.Response) -> StreamBody:
    """The body of a response opened with ``stream=True``, as it arrives."""
    return StreamBody(_read_chunks(response), response.headers, response.close,
                      response.status_code, response)


def _read_chunks(response: requests.Response) -> Iterator[bytes]:
    """The body of ``response`` as it arrives; a broken connection becomes
    :class:`~multiassist.errors.APIConnectionError`."""
    import requests
    import urllib3.exceptions

    raw = response.raw
    read1: Optional[Callable[[int], bytes]] = getattr(raw, "read1", None)
    if getattr(raw, "chunked", True) or "content-length" in response.headers or \
            response.headers.get("content-encoding"):
        read1 = None  # read1 would return the still-compressed bytes
    try:
        if read1 is not None:
            # iter_content would wait for the whole body; read1 returns what arrived.
            while True:
                chunk = read1(READ_SIZE)
                if not chunk:
                    return
                yield chunk
        else:
            yield from response.iter_content(chunk_size=None)
    except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError,
            OSError) as exc:
        timed_out = isinstance(exc, (requests.exceptions.Timeout, TimeoutError,
                                     urllib3.exceptions.TimeoutError)) or (
            "timed out" in str(exc).lower())
        if timed_out:
            raise APITimeoutError(
                f"the server sent nothing for longer than the read timeout while streaming "
                f"({type(exc).__name__})"
            ) from exc
        raise APIConnectionError(
            f"the connection broke while streaming ({type(exc).__name__})"
        ) from exc


def _check_length(response: requests.Response) -> None:
    """Raise ``ChunkedEncodingError`` when a read body is shorter than its Content-Length.

    urllib3 2 refuses such a body itself; urllib3 1.26 (with requests 2.28) returns it short,
    and a truncated answer must fail as a broken connection, not as bad JSON."""
    declared = response.headers.get("content-length")
    if declared is None or response.headers.get("content-encoding") or \
            response.request.method == "HEAD" or not declared.isdigit():
        return
    if len(response.content) < int(declared):
        import requests

        response.close()
        raise requests.exceptions.ChunkedEncodingError(
            f"the body ended after {len(response.content)} of {declared} bytes")
