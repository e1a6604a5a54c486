"""The asyncio transport: one pooled ``aiohttp.ClientSession``, the same retry decisions, auth
policies and error mapping as the blocking transport, and waits that never hold the loop.

aiohttp is the optional extra ``multiassist[async]``; it is imported when the first async
transport is made, and the session is opened on the event loop of the first call (a client
made outside any loop works, and a client used on a later loop gets a session of its own).
Like the blocking transport this never follows redirects (a credential must never reach
another host), and it reads ``HTTP(S)_PROXY`` / ``NO_PROXY`` and ``REQUESTS_CA_BUNDLE`` /
``CURL_CA_BUNDLE`` from the environment as the blocking transport does, once per origin.
aiohttp's own ``trust_env`` stays off: it would also send ``~/.netrc`` passwords and look the
environment up in a worker thread on every request.

Why aiohttp and not httpx: measured at 50 concurrent streamed runs on one loop
(``tests/benchmarks/bench_async.py``), raw httpx costs about 10 ms of CPU per run, more than
half of what ``openai.AsyncOpenAI`` costs in all, and raw aiohttp well under 1 ms.  The httpx
transport the async client started on is gone rather than kept as an alternative: the client
is unreleased, one transport is one set of fault tests, and an httpx transport could never
meet the async client's CPU goal.
"""

from __future__ import annotations

import datetime
import json
import logging
import time
from typing import TYPE_CHECKING, Any, Dict, Optional, Sequence, Tuple, Union

from multiassist._types import Timeout
from multiassist.concurrency import AsyncSleeper, async_sleep
from multiassist.errors import ConfigurationError, InvalidRequestError
from multiassist.http.async_response import AsyncHTTPResponse, SentRequest
from multiassist.http.auth import AuthPolicy, async_auth_headers, async_on_unauthorized
from multiassist.http.error_mapping import aiohttp_connection_error
from multiassist.http.error_mapping import status_error as _status_error
from multiassist.http.messages import AsyncStreamBody, PreparedCall
from multiassist.http.prepare import encode_params
from multiassist.http.redaction import redact_headers, redact_params, redact_url
from multiassist.http.retries import IDEMPOTENT_METHODS, RetryPolicy
from multiassist.http.transport import DEFAULT_MAX_CONNECTIONS, USER_AGENT

if TYPE_CHECKING:
    import asyncio

    import aiohttp

__all__ = ["AsyncTransport", "open_async_body"]

log = logging.getLogger("multiassist.http.async_transport")


def _aiohttp() -> Any:
    try:
        import aiohttp
    except ImportError:  # pragma: no cover - depends on the environment
        raise ConfigurationError(
            "the async client needs aiohttp: pip install 'multiassist[async]'"
        ) from None
    return aiohttp


class AsyncTransport:
    """Sends prepared calls over one pooled ``aiohttp.ClientSession``.

    Args:
        timeout: default connect/read timeouts (read: the longest silence while waiting for
            the answer or between two pieces of a body; no limit on a whole call).
        retry: the default :class:`~multiassist.http.retries.RetryPolicy`.
        http_client: an ``aiohttp.ClientSession`` to use (yours stays open, and its own
            proxy, TLS and connection settings apply); owned otherwise.
        verify: TLS verification; on unless explicitly turned off, or a CA bundle path.
        max_connections: the most connections open at once (default 32); more concurrent
            calls wait for a free one.
    """

    def __init__(
        self,
        *,
        timeout: Timeout,
        retry: RetryPolicy,
        http_client: Optional[aiohttp.ClientSession] = None,
        verify: Union[bool, str, None] = None,
        sleep: AsyncSleeper = async_sleep,
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
    ) -> None:
        if isinstance(max_connections, bool) or not isinstance(max_connections, int) or (
            max_connections < 1
        ):
            raise ConfigurationError(
                f"max_connections must be an integer >= 1, got {max_connections!r}"
            )
        aiohttp = _aiohttp()
        if http_client is not None and not isinstance(http_client, aiohttp.ClientSession):
            raise ConfigurationError(
                "http_client must be an aiohttp.ClientSession (the async client sends with "
                f"aiohttp), got {type(http_client).__name__}; leave it out for a pool of the "
                "client's own"
            )
        if verify is False:
            log.warning("TLS certificate verification is turned off for this client")
        self.timeout = timeout
        self.retry = retry
        self.max_connections = max_connections
        self.verify = verify
        self._pool = _Pool(http_client, verify, max_connections)
        self._owns_client = http_client is None
        self._sleep = sleep

    def derive(self, *, timeout: Timeout, retry: RetryPolicy) -> AsyncTransport:
        """A transport sharing this one's connection pool, with other defaults."""
        twin = AsyncTransport.__new__(AsyncTransport)
        twin.__dict__.update(self.__dict__)
        twin.timeout, twin.retry = timeout, retry
        twin._owns_client = False
        return twin

    async def close(self) -> None:
        if self._owns_client:
            await self._pool.close()

    async def send(
        self,
        call: PreparedCall,
        auth: AuthPolicy,
        *,
        request_id_headers: Sequence[str],
        timeout: Optional[Timeout] = None,
        retry: Optional[RetryPolicy] = None,
        stream: bool = False,
        idempotent: Optional[bool] = None,
    ) -> AsyncHTTPResponse:
        """Send ``call``; return a 2xx response or raise a :mod:`multiassist.errors` error.

        The same contract as :meth:`multiassist.http.transport.Transport.send`: auth headers
        once per call, one more try after a 401 the policy answers with a fresh token, retries
        only where :class:`RetryPolicy` allows, each wait an ``await``.  The body is read
        before returning unless ``stream`` (a body shorter than its Content-Length is a
        broken connection, retried as one).
        """
        policy = retry or self.retry
        method = call.method.upper()
        if idempotent is None:
            idempotent = method in IDEMPOTENT_METHODS
        client_timeout = self._pool.client_timeout(timeout or self.timeout)
        url, body, content_type = _encode(call)
        auth_headers = dict(await async_auth_headers(auth))
        reauthenticated = False
        #: Whether an earlier attempt may have been carried out (its answer was lost).
        uncertain = False
        attempt = 0
        while True:
            headers = {**call.headers, **auth_headers}
            if content_type is not None and not any(
                    name.lower() == "content-type" for name in headers):
                headers["Content-Type"] = content_type
            headers = _checked_headers(headers)
            if log.isEnabledFor(logging.DEBUG):
                log.debug(
                    "request %s %s params=%s headers=%s (attempt %d)",
                    call.method, redact_url(call.url), redact_params(call.params),
                    redact_headers(headers), attempt + 1,
                )
            started = time.monotonic()
            response: Optional[aiohttp.ClientResponse] = None
            try:
                session = self._pool.session()
                response = await session.request(
                    method, url, data=_form(call) if body is None else body,
                    headers=headers, timeout=client_timeout, allow_redirects=False,
                    proxy=self._pool.proxy_for(call.url),
                )
                elapsed = datetime.timedelta(seconds=time.monotonic() - started)
                content = None if stream else await response.read()
            except BaseException as exc:
                if response is None and isinstance(
                        exc, (ValueError, TypeError, _aiohttp().NonHttpUrlClientError)):
                    # aiohttp refuses a bad URL or header before sending anything.
                    raise InvalidRequestError(
                        "the request could not be built: check the URL and header values; "
                        "nothing was sent"
                    ) from None
                if response is not None:
                    response.close()
                error = aiohttp_connection_error(exc)
                if error is None:
                    raise
                uncertain = uncertain or error.maybe_sent
                delay = policy.delay_after_connection_error(
                    idempotent, attempt, maybe_sent=error.maybe_sent
                )
                log.debug("%s %s attempt %d failed: %s (%s)", call.method,
                          redact_url(call.url), attempt + 1, type(exc).__name__,
                          "retrying" if delay is not None else "giving up")
                if delay is None:
                    raise error from exc
                await self._sleep(delay)
                attempt += 1
                continue

            answer = AsyncHTTPResponse(response, SentRequest(method, url, headers), elapsed,
                                       content)
            if content is not None:
                response.release()
            request_id = next((answer.headers[name] for name in request_id_headers
                               if answer.headers.get(name)), None)
            if log.isEnabledFor(logging.DEBUG):
                log.debug("response %s %s -> %d in %.0f ms (request id %s, attempt %d)",
                          call.method, redact_url(call.url), answer.status_code,
                          elapsed.total_seconds() * 1000.0, request_id, attempt + 1)
            if answer.status_code < 300:
                return answer
            if stream:
                await answer.aread()  # the error body is small; the status error reads it
            if answer.status_code == 401 and not reauthenticated:
                again = await async_on_unauthorized(
                    auth, answer.headers.get("WWW-Authenticate"))
            else:
                again = False
            if again:
                reauthenticated = True
                auth_headers = dict(await async_auth_headers(auth))
                continue
            delay = policy.delay_after_status(
                idempotent, attempt, answer.status_code, answer.headers
            )
            if delay is None:
                status_error = _status_error(answer, request_id)
                status_error.after_uncertain_attempt = uncertain
                raise status_error
            log.debug("retrying %s %s after HTTP %d in %.2f s",
                      call.method, redact_url(call.url), answer.status_code, delay)
            await self._sleep(delay)
            attempt += 1


class _Pool:
    """The session a transport and its derived twins share, opened on the running loop, with
    the settings resolved once: timeouts per :class:`Timeout`, proxies per origin."""

    def __init__(self, given: Optional[aiohttp.ClientSession], verify: Union[bool, str, None],
                 max_connections: int) -> None:
        self.given = given
        self.verify = verify
        self.max_connections = max_connections
        self._session: Optional[aiohttp.ClientSession] = given
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._timeouts: Dict[Timeout, aiohttp.ClientTimeout] = {}
        self._proxies: Dict[str, Optional[str]] = {}

    def session(self) -> aiohttp.ClientSession:
        if self.given is not None:
            return self.given
        import asyncio

        loop = asyncio.get_running_loop()
        session = self._session
        if session is None or self._loop is not loop:
            if session is not None:
                session.detach()  # its connections belong to a loop that is gone
            session = self._session = self._open()
            self._loop = loop
        return session

    def _open(self) -> aiohttp.ClientSession:
        import aiohttp

        connector = aiohttp.TCPConnector(limit=self.max_connections, ssl=_ssl(self.verify))
        session: aiohttp.ClientSession = aiohttp.ClientSession(
            connector=connector, trust_env=False, headers={"User-Agent": USER_AGENT})
        if hasattr(session, "_retry_connection"):
            # aiohttp would send an idempotent request once more after a broken connection,
            # uncounted; every retry is the retry policy's to decide and to count.
            session._retry_connection = False
        return session

    async def close(self) -> None:
        session, self._session = self._session, None
        if session is not None and session is not self.given:
            await session.close()

    def client_timeout(self, limits: Timeout) -> aiohttp.ClientTimeout:
        found = self._timeouts.get(limits)
        if found is None:
            import aiohttp

            # sock_read: the longest silence (requests' read timeout); connect: the wait for
            # a pooled connection plus connecting, bounded by the read limit too.
            pool_wait = None if limits.read is None else max(limits.read, limits.connect or 0)
            found = aiohttp.ClientTimeout(total=None, connect=pool_wait,
                                          sock_connect=limits.connect, sock_read=limits.read)
            if len(self._timeouts) >= 64:
                self._timeouts.clear()
            self._timeouts[limits] = found
        return found

    def proxy_for(self, url: str) -> Optional[str]:
        """The proxy the environment names for ``url`` (None on a caller's session: its own
        settings apply)."""
        if self.given is not None:
            return None
        scheme_end = url.find("://")
        origin_end = url.find("/", scheme_end + 3) if scheme_end > 0 else -1
        origin = url if origin_end < 0 else url[:origin_end]
        if origin in self._proxies:
            return self._proxies[origin]
        import requests.utils

        proxy = requests.utils.select_proxy(url, requests.utils.get_environ_proxies(url))
        if len(self._proxies) >= 64:
            self._proxies.clear()
        self._proxies[origin] = proxy
        return proxy


def _ssl(verify: Union[bool, str, None]) -> Any:
    """aiohttp's ``ssl=``: False (no verification), True (the default trust store), or a
    context for a CA bundle (``verify``, else ``REQUESTS_CA_BUNDLE`` / ``CURL_CA_BUNDLE``)."""
    import os

    if verify is False:
        return False
    bundle = verify if isinstance(verify, str) else (
        os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE"))
    if not bundle:
        return True
    import ssl

    if os.path.isdir(bundle):
        return ssl.create_default_context(capath=bundle)
    try:
        return ssl.create_default_context(cafile=bundle)
    except (OSError, ssl.SSLError) as exc:
        raise ConfigurationError(
            f"the CA bundle {bundle!r} could not be loaded ({exc}); pass verify= the path "
            "of a PEM file, or fix REQUESTS_CA_BUNDLE"
        ) from None


def _encode(call: PreparedCall) -> Tuple[str, Optional[bytes], Optional[str]]:
    """The URL with its query, the body (None: a multipart form, made per attempt) and its
    content type, as the blocking transport sends them; a body that is not JSON is refused
    before anything is sent."""
    query = encode_params(call.params) if call.params else ""
    url = call.url
    if query:
        url = f"{url}&{query}" if "?" in url else f"{url}?{query}"
    if call.files:
        return url, None, None
    if call.json is not None:
        try:
            text = json.dumps(call.json, allow_nan=False)
        except (TypeError, ValueError):
            raise InvalidRequestError(
                "the request body is not JSON (NaN and infinity are not JSON either); "
                "nothing was sent"
            ) from None
        return url, text.encode("utf-8"), "application/json"
    if call.data:
        return url, encode_params(call.data).encode("ascii"), (
            "application/x-www-form-urlencoded")
    return url, b"", None


def _form(call: PreparedCall) -> Any:
    """A multipart body of the call's fields and files (a form is sent once: one per try)."""
    import aiohttp

    form = aiohttp.FormData()
    for name, value in (call.data or {}).items():
        form.add_field(name, value)
    for name, (filename, content, content_type) in (call.files or {}).items():
        form.add_field(name, content, filename=filename,
                       content_type=content_type or "application/octet-stream")
    return form


def _checked_headers(headers: Dict[str, Any]) -> Dict[str, str]:
    """``headers`` without the None-valued ones (a None removes a header, as with
    ``requests``); a header HTTP cannot carry is refused before anything is sent (aiohttp
    would send a non-ASCII value as UTF-8 instead of failing)."""
    for name, value in headers.items():
        if isinstance(value, str) and isinstance(name, str) and (name + value).isascii() and (
                name + value).isprintable():
            continue
        if value is None:
            return _checked_headers({k: v for k, v in headers.items() if v is not None})
        if not isinstance(value, str):
            raise InvalidRequestError(
                f"the header {name!r} has a {type(value).__name__} value; header values are "
                "strings (None leaves the header out); nothing was sent"
            )
        if not (isinstance(name, str) and name.isascii() and name.isprintable() and value.isascii()
                and not any(c in value for c in "\r\n\0")):
            raise InvalidRequestError(
                "a header value holds a character HTTP headers cannot carry (often a "
                "typographic quote pasted into a key or extra_headers); nothing was sent"
            )
    return headers


def open_async_body(response: AsyncHTTPResponse) -> AsyncStreamBody:
    """The body of a response sent with ``stream=True``, as it arrives."""
    return AsyncStreamBody(response.aiter_bytes(), response.headers, response.aclose,
                           response.status_code, response)
