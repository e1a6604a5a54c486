"""The transport: the one place a ``requests.Session`` lives and HTTP errors become ours.

It applies the auth policy, timeouts and the retry policy, never follows redirects (a
credential must never reach another host), and maps failures into :mod:`multiassist.errors`.
Proxy and CA-bundle settings are read from the environment once per client instead of on every
call (``requests`` would otherwise re-scan the environment per request).

On a session the client made itself (and that nobody has given auth, cookies, params, hooks
or proxies since), a JSON or bodiless call skips ``requests.Session.request``: the transport
builds the ``PreparedRequest`` itself, the way ``requests`` would, and hands it to the mounted
adapter, which sends it and builds the ``Response``.  That saves the session's per-request
merging of settings (most of ``requests``' own CPU cost per call).  Multipart uploads and
sessions passed in by the caller always go through ``session.request``.
"""

from __future__ import annotations

import datetime
import logging
import os
import re
import time
from typing import TYPE_CHECKING, Any, Dict, Mapping, Optional, Sequence, Tuple, Union, cast
from urllib.parse import urlencode, urlsplit

from ._types import Timeout
from .backends.base import FileField, PreparedCall
from .credentials import AuthPolicy
from .errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    ConfigurationError,
    InvalidRequestError,
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

#: Pooled connections kept per host (threads beyond this wait for none: they reconnect).
DEFAULT_MAX_CONNECTIONS = 32

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
            except requests.exceptions.RequestException as exc:
                if isinstance(exc, _refused_before_sending()):
                    # Nothing left the machine; the original text may quote a header value.
                    raise InvalidRequestError(
                        f"the request could not be built ({type(exc).__name__}): check the "
                        "URL, header values and JSON body (NaN and infinity are not JSON)"
                    ) from None
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

    # --- the direct send path -------------------------------------------------------------

    def _direct_ok(self) -> bool:
        """Whether ``session.request`` would add nothing to what :meth:`_send_direct` does:
        our own session, with nothing set on it that ``requests`` merges into a request
        (cookies count: once a server sets one, calls go through ``session.request``)."""
        session = self.session
        return (
            self._session_is_ours
            and not session.trust_env
            and session.auth is None
            and not session.params
            and not session.proxies
            and not any(session.hooks.values())
            and not session.cookies
        )

    def _send_direct(
        self,
        call: PreparedCall,
        url: str,
        headers: Mapping[str, Any],
        limits: Any,
        stream: bool,
    ) -> requests.Response:
        """What ``session.request(..., allow_redirects=False)`` does for a JSON or bodiless
        call on a plain session (see :meth:`_direct_ok`) to a plain URL (``url``, the call's
        URL with its query, from :meth:`_direct_url`), minus the settings merging: build the
        ``PreparedRequest``, send it with the mounted adapter (which builds the
        ``Response``), keep any cookie the server set, and read the body unless streaming.
        Raises what ``requests`` raises."""
        import requests
        import requests.compat
        import requests.cookies

        session = self.session
        prepared = requests.PreparedRequest()
        prepared.method = call.method.upper()
        prepared.url = url

        # Session headers, then the call's, case-insensitively (the last spelling of a name
        # wins); a None value removes the header; each is checked as prepare_headers does.
        fields: Dict[str, Tuple[str, Any]] = {}
        for source in (session.headers, headers):
            for name, value in source.items():
                fields[name.lower()] = (name, value)
        prepared_headers: requests.structures.CaseInsensitiveDict[str] = (
            requests.structures.CaseInsensitiveDict()
        )
        check = requests.utils.check_header_validity
        for name, value in fields.values():
            if value is not None:
                check((name, value))
                prepared_headers[name] = value
        prepared.headers = prepared_headers

        if call.json is not None:
            try:
                # requests.compat.json: simplejson when installed, as requests uses
                text = cast(Any, requests.compat).json.dumps(call.json, allow_nan=False)
            except ValueError as exc:
                raise requests.exceptions.InvalidJSONError(exc, request=prepared) from exc
            body = text if isinstance(text, bytes) else text.encode("utf-8")
            prepared.body = body
            prepared_headers["Content-Length"] = str(len(body))
            if "content-type" not in prepared_headers:
                prepared_headers["Content-Type"] = "application/json"
        elif prepared.method not in ("GET", "HEAD") and (
            prepared_headers.get("Content-Length") is None
        ):
            prepared_headers["Content-Length"] = "0"

        adapter = session.get_adapter(url)
        started = time.perf_counter()
        response = adapter.send(
            prepared, stream=stream, timeout=limits, verify=self._verify, cert=session.cert,
            proxies=self._proxies_for(call.url),
        )
        response.elapsed = datetime.timedelta(seconds=time.perf_counter() - started)
        if response.cookies:
            extract = cast(Any, requests.cookies.extract_cookies_to_jar)  # untyped in the stubs
            extract(session.cookies, prepared, response.raw)
        if not stream:
            response.content  # noqa: B018 - read now: a failure mid-body is a connection error
        return response

    def _direct_url(self, url: str, params: Mapping[str, Any]) -> Optional[str]:
        """``url`` with ``params`` as ``PreparedRequest.prepare_url`` would make it, or None
        (send through ``session.request``) when that is not simply ``url`` + the encoded
        query: an origin requests rewrites (IDNA, case, port) or that carries credentials, or
        a path or query needing quoting or normalising."""
        scheme_end = url.find("://")
        path_start = url.find("/", scheme_end + 3) if scheme_end > 0 else -1
        if path_start < 0:
            return None
        origin = url[:path_start]
        plain = self._plain_origins.get(origin)
        if plain is None:
            plain = _plain_origin(origin)
            if len(self._plain_origins) >= 64:
                self._plain_origins.clear()
            self._plain_origins[origin] = plain
        if not plain or "/." in url or not _PLAIN_PATH_AND_QUERY.match(url, path_start):
            return None
        query = _encode_params(params) if params else ""
        if not query:
            return url
        return f"{url}&{query}" if "?" in url else f"{url}?{query}"


#: A path and query that ``requests`` (``requote_uri``) and urllib3 (``parse_url``) leave as
#: they are: unreserved characters, sub-delimiters, ``:@/`` (and ``?`` in the query); no
#: ``%`` escapes, fragments or empty query.
_PLAIN_PATH_AND_QUERY = re.compile(
    r"/[A-Za-z0-9\-._~!$&'()*+,;=:@/]*(?:\?[A-Za-z0-9\-._~!$&'()*+,;=:@/?]+)?\Z"
)


def _plain_origin(origin: str) -> bool:
    """Whether ``requests`` keeps URLs under ``origin`` (``scheme://host[:port]``) as they
    are: a lower-case http(s) origin without credentials that ``prepare_url`` does not
    rewrite."""
    import requests

    if "@" in origin or not origin.startswith(("http://", "https://")):
        return False
    prepared = requests.PreparedRequest()
    try:
        prepared.prepare_url(origin + "/", None)
    except (requests.exceptions.RequestException, ValueError):
        return False
    return prepared.url == origin + "/"


def _encode_params(params: Mapping[str, Any]) -> str:
    """The query string ``requests`` makes of ``params`` (``RequestEncodingMixin.
    _encode_params`` on a mapping, without its slow protocol checks): a string or a
    non-iterable is one value, an iterable several; None values are left out."""
    pairs = []
    for key, values in params.items():
        if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
            values = (values,)
        for value in values:
            if value is not None:
                pairs.append((
                    key.encode("utf-8") if isinstance(key, str) else key,
                    value.encode("utf-8") if isinstance(value, str) else value,
                ))
    return urlencode(pairs, doseq=True)


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


def _refused_before_sending() -> Tuple[type, ...]:
    import requests

    exceptions = requests.exceptions
    return (exceptions.InvalidHeader, exceptions.InvalidURL, exceptions.InvalidJSONError,
            exceptions.MissingSchema, exceptions.InvalidSchema)


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
