"""The few primitives that differ between the blocking and the asyncio client, in pairs.

The code above the transport is written once, as asyncio code under
:mod:`multiassist._async`, and the blocking modules are generated from it (see
``scripts/generate_sync.py``): ``async_sleep`` there becomes ``sleep`` here, ``AsyncThunk``
becomes ``Thunk``, and so on.  Each pair below keeps one meaning in both worlds: wait, run
blocking work without stalling an event loop, call a user's function that may be a
coroutine function, or give a bridge backend (blocking code) a stream the caller can read.
"""

from __future__ import annotations

import time
from typing import (
    TYPE_CHECKING,
    Any,
    AsyncIterator,
    Awaitable,
    Callable,
    Dict,
    Generic,
    Iterator,
    List,
    NoReturn,
    Optional,
    Sequence,
    Type,
    TypeVar,
    Union,
)

from multiassist.http.messages import AsyncStreamBody, StreamBody
from multiassist.http.transport import Transport
from multiassist.worker_loop import remember_caller_loop

if TYPE_CHECKING:
    from multiassist._async.pagination import AsyncCursorPage, AsyncPaginator
    from multiassist.http.async_transport import AsyncTransport

# asyncio and inspect are imported where used: the blocking client never needs them.

__all__ = [
    "AsyncSleeper",
    "AsyncStreamManager",
    "AsyncStreamOpened",
    "AsyncThunk",
    "Outcomes",
    "Sleeper",
    "StreamOpened",
    "Thunk",
    "async_bridge_transport_for",
    "async_body_unread",
    "async_call_user",
    "async_close_response",
    "async_iter_content",
    "async_map_bounded",
    "async_open_stream",
    "async_paginate",
    "async_read_content",
    "async_run_blocking",
    "async_sleep",
    "async_sleeper_of",
    "async_stream_from_blocking",
    "bridge_transport_for",
    "body_unread",
    "call_user",
    "close_response",
    "iter_content",
    "map_bounded",
    "open_stream",
    "paginate",
    "read_content",
    "run_blocking",
    "sleep",
    "sleeper_of",
    "stream_from_blocking",
]

T = TypeVar("T")
P = TypeVar("P")
H = TypeVar("H")
H_co = TypeVar("H_co", covariant=True)

Thunk = Callable[[], T]
AsyncThunk = Callable[[], Awaitable[T]]
Sleeper = Callable[[float], None]
AsyncSleeper = Callable[[float], Awaitable[None]]
#: What a streaming helper (``runs.stream``...) returns: the open stream itself (blocking; the
#: ``NoReturn`` member only makes the alias generic), or an :class:`AsyncStreamManager`.
StreamOpened = Union[H, NoReturn]  # noqa: RUF020


def sleep(seconds: float) -> None:
    """Block for ``seconds``."""
    time.sleep(seconds)


async def async_sleep(seconds: float) -> None:
    """Wait ``seconds`` without holding the event loop."""
    import asyncio

    await asyncio.sleep(seconds)


def sleeper_of(clock: Any) -> Sleeper:
    """The blocking wait of ``clock`` (the ``time`` module, or a test's stand-in for it)."""
    sleeper: Sleeper = clock.sleep
    return sleeper


def async_sleeper_of(clock: Any) -> AsyncSleeper:
    """The asyncio wait: :func:`async_sleep` (``clock`` only supplies a blocking wait)."""
    return async_sleep


def run_blocking(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run blocking ``function`` here (the caller is blocking code already)."""
    return function(*args, **kwargs)


async def async_run_blocking(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run blocking ``function`` (a bridge's store and HTTP calls) in a worker thread, so the
    event loop keeps serving other tasks meanwhile."""
    import asyncio

    remember_caller_loop()
    return await asyncio.to_thread(function, *args, **kwargs)


def call_user(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call a user's function (a tool, a text callback).  A coroutine function cannot be
    awaited by the blocking client: it is refused with the fix."""
    import inspect

    if inspect.iscoroutinefunction(function):
        raise TypeError(
            f"{getattr(function, '__name__', function)!r} is a coroutine function; use the "
            "async client (AsyncAssistantsClient) to call async tools"
        )
    return function(*args, **kwargs)


async def async_call_user(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call a user's function (a tool, a text callback), awaiting it when it is a coroutine
    function or returns an awaitable."""
    import inspect

    result = function(*args, **kwargs)
    if inspect.isawaitable(result):
        result = await result
    return result


def stream_from_blocking(body: StreamBody) -> StreamBody:
    """A bridge's streamed body, as the blocking client reads it: unchanged."""
    return body


def async_stream_from_blocking(body: StreamBody) -> AsyncStreamBody:
    """A bridge's (blocking) streamed body read from the event loop: each chunk is pulled in
    a worker thread, so waiting for the next event never stalls the loop."""
    import asyncio

    chunks = iter(body.chunks)

    async def pull() -> AsyncIterator[bytes]:
        remember_caller_loop()  # the bridge may ask an async token provider for a token
        while True:
            chunk = await asyncio.to_thread(_next_or_none, chunks)
            if chunk is None:
                return
            yield chunk

    async def close() -> None:
        remember_caller_loop()
        await asyncio.to_thread(body.close)

    return AsyncStreamBody(pull(), body.headers, close, body.status_code, body.http_response)


def _next_or_none(chunks: Iterator[bytes]) -> Any:
    # StopIteration cannot cross a thread's future; None marks the end instead.
    return next(chunks, None)


def bridge_transport_for(transport: Transport) -> Transport:
    """The blocking transport a bridge backend sends through: the client's own."""
    return transport


def async_bridge_transport_for(transport: AsyncTransport) -> Transport:
    """The blocking transport a bridge backend sends through from its worker threads, with
    the async transport's timeouts, retries and TLS setting."""
    return Transport(timeout=transport.timeout, retry=transport.retry,
                     verify=transport.verify, max_connections=transport.max_connections)


def read_content(response: Any) -> bytes:
    """A whole response body (file content)."""
    content: bytes = response.content
    return content


async def async_read_content(response: Any) -> bytes:
    """A whole response body (file content), read without holding the loop."""
    content: bytes = await response.aread()
    return content


def iter_content(response: Any, chunk_size: Optional[int] = None) -> Iterator[bytes]:
    """A response body in chunks as they arrive."""
    chunks: Iterator[bytes] = response.iter_content(chunk_size=chunk_size)
    return chunks


def async_iter_content(response: Any, chunk_size: Optional[int] = None) -> AsyncIterator[bytes]:
    """A response body in chunks as they arrive, without holding the loop."""
    chunks: AsyncIterator[bytes] = response.aiter_bytes(chunk_size)
    return chunks


def close_response(response: Any) -> None:
    """Release a response's connection."""
    response.close()


async def async_close_response(response: Any) -> None:
    """Release a response's connection."""
    await response.aclose()


def body_unread(response: Any) -> bool:
    """Whether a response's body is still on the wire (sent with ``stream=True``, not read)."""
    return not getattr(response, "_content_consumed", True)


def async_body_unread(response: Any) -> bool:
    """Whether a response's body is still on the wire (sent with ``stream=True``, not read)."""
    return not getattr(response, "is_closed", True)


class Outcomes(Generic[T]):
    """What :func:`map_bounded` / :func:`async_map_bounded` did with each item, by index:
    its ``results``, the ``errors`` it raised, and the indexes ``skipped`` because an
    earlier item had failed."""

    def __init__(self) -> None:
        self.results: Dict[int, T] = {}
        self.errors: Dict[int, Exception] = {}
        self.skipped: List[int] = []


def map_bounded(function: Callable[[P], T], items: Sequence[P], limit: int) -> Outcomes[T]:
    """Call ``function`` on every item, at most ``limit`` at once in worker threads.  After
    the first failure no new call starts; the ones under way finish and are reported."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    outcomes: Outcomes[T] = Outcomes()
    failed = threading.Event()

    def one(index: int, item: P) -> None:
        if failed.is_set():
            outcomes.skipped.append(index)
            return
        try:
            outcomes.results[index] = function(item)
        except Exception as exc:
            outcomes.errors[index] = exc
            failed.set()

    if limit == 1 or len(items) < 2:
        for index, item in enumerate(items):
            one(index, item)
        return outcomes
    with ThreadPoolExecutor(max_workers=min(limit, len(items)),
                            thread_name_prefix="multiassist-upload") as pool:
        for index, item in enumerate(items):
            pool.submit(one, index, item)
    return outcomes


async def async_map_bounded(
    function: Callable[[P], Awaitable[T]], items: Sequence[P], limit: int
) -> Outcomes[T]:
    """Await ``function`` on every item as asyncio tasks, at most ``limit`` at once (a
    semaphore).  After the first failure no new call starts; the ones under way finish and
    are reported.  Cancelling the caller cancels every task."""
    import asyncio

    outcomes: Outcomes[T] = Outcomes()
    semaphore = asyncio.Semaphore(limit)
    failed = asyncio.Event()

    async def one(index: int, item: P) -> None:
        async with semaphore:
            if failed.is_set():
                outcomes.skipped.append(index)
                return
            try:
                outcomes.results[index] = await function(item)
            except Exception as exc:
                outcomes.errors[index] = exc
                failed.set()

    await asyncio.gather(*(one(index, item) for index, item in enumerate(items)))
    return outcomes


def paginate(first: Thunk[P]) -> P:
    """A list call's answer for the blocking client: its first page, fetched now."""
    return first()


def async_paginate(first: AsyncThunk[AsyncCursorPage[T]]) -> AsyncPaginator[T]:
    """A list call's answer for the async client: awaitable (the first page) and an async
    iterator over every item; nothing is sent until it is used."""
    from multiassist._async.pagination import AsyncPaginator

    return AsyncPaginator(first)


def open_stream(start: Thunk[H]) -> H:
    """A streaming helper's answer for the blocking client: the stream, opened now."""
    return start()


def async_open_stream(start: AsyncThunk[H]) -> AsyncStreamOpened[H]:
    """A streaming helper's answer for the async client: nothing is sent until it is used
    with ``async with`` (closed on leaving) or awaited."""
    return AsyncStreamManager(start)


class AsyncStreamManager(Generic[H_co]):
    """What ``runs.stream(...)`` and the other streaming helpers return on the async client::

        async with client.beta.threads.runs.stream(thread.id, assistant_id=a.id) as stream:
            async for text in stream.text_deltas():
                print(text, end="")

    ``await`` it instead to get the open stream and close it yourself.
    """

    def __init__(self, start: AsyncThunk[H_co]) -> None:
        self._start = start
        self._opened: Any = None

    def __await__(self) -> Any:
        return self._start().__await__()

    async def __aenter__(self) -> H_co:
        opened = await self._start()
        self._opened = opened
        return opened

    async def __aexit__(self, exc_type: Optional[Type[BaseException]],
                        exc: Optional[BaseException], tb: Any) -> None:
        if self._opened is not None:
            await self._opened.close()


AsyncStreamOpened = AsyncStreamManager[H]
