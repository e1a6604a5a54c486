"""The asyncio transport: one pooled ``httpx.AsyncClient``, the same retry decisions, auth
policies and error mapping as the blocking transport, and waits that never hold the loop.

httpx is the optional extra ``multiassist[async]``; it is imported when the first async
transport is made.  Like the blocking transport this never follows redirects (a credential
must never reach another host) and reads proxy settings from the environment only through
httpx's own ``trust_env``.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any, AsyncIterator, Dict, Optional, Sequence, Union

from multiassist._types import Timeout
from multiassist.concurrency import AsyncSleeper, async_sleep
from multiassist.errors import (
    APIConnectionError,
    APITimeoutError,
    ConfigurationError,
    InvalidRequestError,
)
from multiassist.http.auth import AuthPolicy, async_auth_headers, async_on_unauthorized
from multiassist.http.error_mapping import status_error as _status_error
from multiassist.http.messages import AsyncStreamBody, PreparedCall
from multiassist.http.redaction import redact_headers, redact_url
from multiassist.http.retries import IDEMPOTENT_METHODS, RetryPolicy
from multiassist.http.transport import DEFAULT_MAX_CONNECTIONS, USER_AGENT

if TYPE_CHECKING:
    import httpx

__all__ = ["AsyncTransport", "open_async_body"]

log = logging.getLogger("multiassist.http.async_transport")


def _httpx() -> Any:
    try:
        import httpx
    except ImportError:  # pragma: no cover - depends on the environment
        raise ConfigurationError(
            "the async client needs httpx: pip install 'multiassist[async]'"
        ) from None
    return httpx


class AsyncTransport:
    """Sends prepared calls over one pooled ``httpx.AsyncClient``.

    Args:
        timeout: default connect/read timeouts.
        retry: the default :class:`~multiassist.http.retries.RetryPolicy`.
        http_client: an ``httpx.AsyncClient`` to use (yours stays open); owned otherwise.
        verify: TLS verification; on unless explicitly turned off, or a CA bundle path.
        max_connections: the most connections open at once (default 32); more concurrent
            calls wait for a free one.
    """

    def __init__(
        self,
        *,
        timeout: Timeout,
        retry: RetryPolicy,
        http_client: Optional[httpx.AsyncClient] = None,
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
        self.timeout = timeout
        self.retry = retry
        self.max_connections = max_connections
        self.verify = verify
        self._owns_client = http_client is None
        if http_client is None:
            httpx = _httpx()
            if verify is False:
                log.warning("TLS certificate verification is turned off for this client")
            http_client = httpx.AsyncClient(
                verify=True if verify is None else verify,
                limits=httpx.Limits(max_connections=max_connections,
                                    max_keepalive_connections=max_connections),
                follow_redirects=False,
                headers={"User-Agent": USER_AGENT},
            )
        self.client = http_client
        self._sleep = sleep

    def derive(self, *, timeout: Timeout, retry: RetryPolicy) -> AsyncTransport:
        """A transport sharing this one's connection pool, with other defaults."""
        twin = AsyncTransport(timeout=timeout, retry=retry, http_client=self.client,
                              verify=self.verify, sleep=self._sleep,
                              max_connections=self.max_connections)
        twin._owns_client = False
        return twin

    async def close(self) -> None:
        if self._owns_client:
            await self.client.aclose()

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
    ) -> httpx.Response:
        """Send ``call``; return a 2xx response or raise a :mod:`multiassist.errors` error.

        The same contract as :meth:`multiassist.http.transport.Transport.send`: auth headers
        once per call, one more try after a 401 the policy answers with a fresh token, retries
        only where :class:`RetryPolicy` allows, each wait an ``await``.
        """
        httpx = _httpx()
        policy = retry or self.retry
        if idempotent is None:
            idempotent = call.method.upper() in IDEMPOTENT_METHODS
        limits = timeout or self.timeout
        http_timeout = httpx.Timeout(connect=limits.connect, read=limits.read,
                                     write=limits.read, pool=limits.read)
        auth_headers = dict(await async_auth_headers(auth))
        reauthenticated = False
        #: Whether an earlier attempt may have been carried out (its answer was lost).
        uncertain = False
        attempt = 0
        while True:
            headers = {**call.headers, **auth_headers}
            if log.isEnabledFor(logging.DEBUG):
                log.debug("request %s %s headers=%s (attempt %d)", call.method,
                          redact_url(call.url), redact_headers(headers), attempt + 1)
            started = time.monotonic()
            try:
                request = self.client.build_request(
                    call.method, call.url,
                    params=_params(call.params) or None,
                    json=call.json,
                    data=call.data,
                    files=_files(call.files),
                    headers=headers,
                    timeout=http_timeout,
                )
                # follow_redirects=False on the call too: a caller's own client may follow them.
                response = await self.client.send(request, stream=stream, follow_redirects=False)
            except (httpx.InvalidURL, httpx.UnsupportedProtocol, TypeError, ValueError):
                raise InvalidRequestError(
                    "the request could not be built: check the URL, header values and JSON "
                    "body (NaN and infinity are not JSON)"
                ) from None
            except httpx.HTTPError as exc:
                error = _connection_error(httpx, exc)
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

            request_id = next((response.headers[name] for name in request_id_headers
                               if response.headers.get(name)), None)
            if log.isEnabledFor(logging.DEBUG):
                log.debug("response %s %s -> %d in %.0f ms (request id %s, attempt %d)",
                          call.method, redact_url(call.url), response.status_code,
                          (time.monotonic() - started) * 1000.0, request_id, attempt + 1)
            if response.status_code < 300:
                return response
            if stream:
                try:
                    await response.aread()  # the error body is small; the status error reads it
                except httpx.HTTPError as exc:
                    # A streamed call reads its error body only now; it broke meanwhile.
                    raise _connection_error(httpx, exc) from exc
            if response.status_code == 401 and not reauthenticated:
                try:
                    again = await async_on_unauthorized(
                        auth, response.headers.get("WWW-Authenticate"))
                except BaseException:
                    await response.aclose()
                    raise
            else:
                again = False
            if again:
                reauthenticated = True
                await response.aclose()
                auth_headers = dict(await async_auth_headers(auth))
                continue
            delay = policy.delay_after_status(
                idempotent, attempt, response.status_code, response.headers
            )
            if delay is None:
                status_error = _status_error(response, request_id)
                status_error.after_uncertain_attempt = uncertain
                raise status_error
            log.debug("retrying %s %s after HTTP %d in %.2f s",
                      call.method, redact_url(call.url), response.status_code, delay)
            await response.aclose()
            await self._sleep(delay)
            attempt += 1


def _params(params: Any) -> Dict[str, Any]:
    # requests drops None-valued params and sends booleans as True/False; keep that.
    return {key: value for key, value in dict(params or {}).items() if value is not None}


def _files(files: Any) -> Any:
    if not files:
        return None
    return {name: (filename, content, content_type or "application/octet-stream")
            for name, (filename, content, content_type) in files.items()}


def _connection_error(httpx: Any, exc: Exception) -> APIConnectionError:
    if isinstance(exc, (httpx.ConnectTimeout, httpx.PoolTimeout)):
        return APITimeoutError("timed out connecting to the server", maybe_sent=False)
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(
            "timed out waiting for the response; the server may have processed the request",
            maybe_sent=True,
        )
    if isinstance(exc, httpx.ConnectError):
        return APIConnectionError(f"could not connect: {type(exc).__name__}", maybe_sent=False)
    return APIConnectionError(
        f"connection failed ({type(exc).__name__}); the server may have processed the request",
        maybe_sent=True,
    )


def open_async_body(response: httpx.Response) -> AsyncStreamBody:
    """The body of a response sent with ``stream=True``, as it arrives."""
    return AsyncStreamBody(_read_chunks(response), response.headers, response.aclose,
                           response.status_code, response)


async def _read_chunks(response: httpx.Response) -> AsyncIterator[bytes]:
    httpx = _httpx()
    try:
        async for chunk in response.aiter_bytes():
            if chunk:
                yield chunk
    except httpx.TimeoutException as exc:
        raise APITimeoutError(
            "the server sent nothing for longer than the read timeout while streaming "
            f"({type(exc).__name__})"
        ) from exc
    except httpx.HTTPError as exc:
        raise APIConnectionError(
            f"the connection broke while streaming ({type(exc).__name__})"
        ) from exc
