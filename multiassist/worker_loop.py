"""The event loop a worker thread of the async client works for, and awaiting on it.

The async client runs blocking code (a bridge backend, its store and HTTP calls) in worker
threads.  That code may meet an awaitable it cannot await itself: a coroutine-function token
provider passed to ``AsyncAzureOpenAI(azure_ad_token_provider=...)`` or an
``azure.identity.aio`` credential.  Those belong to the caller's event loop (their HTTP
sessions are bound to it), so a worker thread hands them back to that loop and waits.
"""

from __future__ import annotations

import contextvars
from typing import TYPE_CHECKING, Any, Awaitable, Optional, TypeVar

from multiassist.errors import ConfigurationError

if TYPE_CHECKING:
    import asyncio

__all__ = ["await_in_caller_loop", "remember_caller_loop"]

T = TypeVar("T")

_CALLER_LOOP: contextvars.ContextVar[Optional[asyncio.AbstractEventLoop]] = (
    contextvars.ContextVar("multiassist_caller_loop", default=None)
)


def remember_caller_loop() -> None:
    """Called on the event loop before handing work to a worker thread: the threads that
    ``asyncio.to_thread`` starts from this task (they copy its context) can then reach the
    loop with :func:`await_in_caller_loop`."""
    import asyncio

    _CALLER_LOOP.set(asyncio.get_running_loop())


def await_in_caller_loop(awaitable: Awaitable[T], what: str, fix: Optional[str] = None) -> T:
    """Run ``awaitable`` on the event loop that started this worker thread and wait for its
    result.  Where there is no such loop (blocking code outside the async client) or this is
    the loop's own thread (waiting would deadlock it), a :class:`ConfigurationError` names
    ``what`` made the awaitable and says ``fix`` (by default: use the async client or a plain
    function)."""
    import asyncio

    loop = _CALLER_LOOP.get()
    try:
        running: Any = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if loop is None or loop.is_closed() or running is not None:
        close = getattr(awaitable, "close", None)
        if callable(close):
            close()  # a coroutine never awaited would only warn later
        raise ConfigurationError(
            f"{what} returned an awaitable, which blocking code cannot wait for here: "
            + (fix or "use it with the async client (AsyncAssistantsClient, AsyncOpenAI, "
               "AsyncAzureOpenAI), or pass a plain function that returns the token")
        )

    async def awaited() -> T:
        return await awaitable

    return asyncio.run_coroutine_threadsafe(awaited(), loop).result()
