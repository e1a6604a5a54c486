"""The values that cross the transport: the request a backend prepares and the open body of a
streamed answer."""

from __future__ import annotations

from typing import Any, AsyncIterator, Awaitable, Callable, Iterator, Mapping, Optional, Tuple

import attrs

__all__ = ["AsyncStreamBody", "FileField", "PreparedCall", "StreamBody"]

FileField = Tuple[str, bytes, Optional[str]]
"""A multipart file part: (filename, content, content type or None)."""


@attrs.frozen
class PreparedCall:
    """Everything the transport needs to send one request, minus auth headers."""

    method: str
    url: str
    headers: Mapping[str, str] = attrs.field(factory=dict)
    params: Mapping[str, Any] = attrs.field(factory=dict)
    json: Any = None
    data: Optional[Mapping[str, str]] = None
    files: Optional[Mapping[str, FileField]] = None


@attrs.frozen
class StreamBody:
    """A streamed answer whose body has not been read: its status and headers, its bytes as
    they arrive, and how to release it.

    ``chunks`` raises :class:`~multiassist.errors.APIConnectionError` when the connection
    breaks mid-body.  ``close`` may be called more than once; closing before the end drops
    the connection.  The transport makes one of an HTTP response; a bridge backend makes one
    of the events it produces itself.
    """

    chunks: Iterator[bytes]
    headers: Mapping[str, str]
    close: Callable[[], None]
    status_code: int = 200
    #: The underlying HTTP response where there is one (raw-response access), else None.
    http_response: Any = None


@attrs.frozen
class AsyncStreamBody:
    """:class:`StreamBody` for the asyncio client: ``chunks`` is read with ``async for`` and
    ``close`` is awaited."""

    chunks: AsyncIterator[bytes]
    headers: Mapping[str, str]
    close: Callable[[], Awaitable[None]]
    status_code: int = 200
    http_response: Any = None
