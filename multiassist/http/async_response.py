"""The answer the async transport hands up: an aiohttp response in the shape the core reads.

The code above the transport reads one shape of response on both clients: ``status_code``,
case-insensitive ``headers``, ``json()``, ``text``, ``content`` and, on the async side,
``aread()``, ``aiter_bytes()``, ``aclose()`` and ``is_closed``, plus ``request`` (what was
sent) and ``elapsed``.  :class:`AsyncHTTPResponse` gives an ``aiohttp.ClientResponse`` that
shape; a failure while reading the body raises :class:`~multiassist.errors.APIConnectionError`
(or :class:`~multiassist.errors.APITimeoutError`), never an aiohttp error.
"""

from __future__ import annotations

import datetime
import json
from typing import TYPE_CHECKING, Any, AsyncIterator, Mapping, Optional

from multiassist.http.error_mapping import aiohttp_body_error

if TYPE_CHECKING:
    import aiohttp

__all__ = ["AsyncHTTPResponse", "SentRequest"]


class SentRequest:
    """What a response answers: ``method``, ``url`` and the ``headers`` sent (credentials
    included: redact before showing them)."""

    __slots__ = ("headers", "method", "url")

    def __init__(self, method: str, url: str, headers: Mapping[str, str]) -> None:
        self.method = method
        self.url = url
        self.headers = headers

    def __repr__(self) -> str:
        return f"<SentRequest {self.method} {self.url}>"


class AsyncHTTPResponse:
    """One HTTP answer: its status, headers and body (read already, or still on the wire
    for a streamed call).

    Args:
        response: the aiohttp response, its headers received.
        request: what was sent.
        elapsed: the time from sending to the headers' arrival.
        content: the whole body when it has been read, else None (streamed).
    """

    __slots__ = ("_closed", "_content", "_response", "elapsed", "headers", "request",
                 "status_code")

    def __init__(self, response: aiohttp.ClientResponse, request: SentRequest,
                 elapsed: datetime.timedelta, content: Optional[bytes] = None) -> None:
        self._response = response
        self.status_code: int = response.status
        self.headers: Mapping[str, str] = response.headers
        self.request = request
        self.elapsed = elapsed
        self._content = content
        self._closed = content is not None

    @property
    def reason_phrase(self) -> str:
        return self._response.reason or ""

    @property
    def is_closed(self) -> bool:
        """Whether the body has been read (or dropped) and the connection released."""
        return self._closed

    @property
    def content(self) -> bytes:
        """The whole body; a streamed body must be read first (:meth:`aread`)."""
        if self._content is None:
            raise RuntimeError("the body of a streamed response has not been read: "
                               "await response.aread() first")
        return self._content

    @property
    def text(self) -> str:
        """The body as text, in the charset the Content-Type names (UTF-8 otherwise)."""
        charset = self._response.charset or "utf-8"
        try:
            return self.content.decode(charset, "replace")
        except LookupError:  # a charset Python does not know
            return self.content.decode("utf-8", "replace")

    def json(self) -> Any:
        """The body parsed as JSON (``ValueError`` when it is not JSON)."""
        return json.loads(self.content)

    async def aread(self) -> bytes:
        """The whole body, reading what is still on the wire."""
        if self._content is None:
            try:
                self._content = await self._response.read()
            except BaseException as exc:
                self._drop()
                error = aiohttp_body_error(exc)
                if error is None:
                    raise
                raise error from exc
            self._closed = True
            self._response.release()
        return self._content

    async def aiter_bytes(self, chunk_size: Optional[int] = None) -> AsyncIterator[bytes]:
        """The body as it arrives (in pieces of ``chunk_size`` bytes when given); the
        connection is released at the end."""
        if self._content is not None:
            step = chunk_size or len(self._content) or 1
            for start in range(0, len(self._content), step):
                yield self._content[start:start + step]
            return
        stream = self._response.content
        try:
            if chunk_size:
                while True:
                    chunk = await stream.read(chunk_size)
                    if not chunk:
                        break
                    yield chunk
            else:
                async for chunk in stream.iter_any():
                    yield chunk
        except BaseException as exc:
            self._drop()
            error = aiohttp_body_error(exc, streaming=True)
            if error is None:
                raise
            raise error from exc
        self._closed = True
        self._response.release()

    async def aclose(self) -> None:
        """Release the connection: kept for the next call when the body was read to its end,
        dropped when some of it is still on the wire."""
        if not self._closed:
            self._drop()

    def _drop(self) -> None:
        self._closed = True
        self._response.close()

    def __repr__(self) -> str:
        return f"<AsyncHTTPResponse [{self.status_code}] {self.request.method} {self.request.url}>"
