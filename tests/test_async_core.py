"""The asyncio core (multiassist._async) against the emulator: the same operations, backends,
write rules, pagination and stream state as the blocking client, over the aiohttp transport."""

from __future__ import annotations

import asyncio
import time
from typing import Any, Awaitable, Callable, List, TypeVar

import pytest

from multiassist._async.core import AsyncCore
from multiassist._async.streaming.stream import AsyncAssistantEventHandler
from multiassist._types import Timeout
from multiassist.http.async_transport import AsyncTransport
from multiassist.http.retries import RetryPolicy
from multiassist.models import Assistant, Message, Run, Thread
from multiassist.testing import Emulator

pytest.importorskip("aiohttp")

T = TypeVar("T")


def run(body: Callable[[AsyncCore], Awaitable[T]], emulator: Emulator) -> T:
    """Run ``body`` on a fresh event loop with an async core for ``emulator``'s backend."""

    async def main() -> T:
        with emulator.client(max_retries=0) as blocking:
            core = AsyncCore(blocking.backend,
                             AsyncTransport(timeout=Timeout(), retry=RetryPolicy(max_retries=0)))
            try:
                return await body(core)
            finally:
                await core.close()

    return asyncio.run(main())


def test_async_core_creates_lists_and_streams_like_the_blocking_client(
        emulator: Emulator) -> None:
    async def body(core: AsyncCore) -> Any:
        assistant = await core.request("assistants.create", Assistant,
                                       body={"model": "gpt-4o", "name": "async"})
        thread = await core.request("threads.create", Thread, body={})
        for text in ("one", "two", "three"):
            await core.request("messages.create", Message, ids={"thread_id": thread.id},
                               body={"role": "user", "content": text})
        first = await core.list("messages.list", Message, ids={"thread_id": thread.id},
                                query={"limit": 1, "order": "asc"})
        walked = [m async for m in core.list("messages.list", Message,
                                             ids={"thread_id": thread.id},
                                             query={"limit": 1, "order": "asc"})]
        deltas: List[str] = []

        class Collect(AsyncAssistantEventHandler):
            async def on_text_delta(self, delta: Any, snapshot: Any) -> None:
                deltas.append(delta.value or "")

        handler = await core.stream("runs.create", ids={"thread_id": thread.id},
                                    body={"assistant_id": assistant.id}, handler=Collect())
        async with handler:
            final = await handler.get_final_run()
        return assistant, first, walked, deltas, final

    assistant, first, walked, deltas, final = run(body, emulator)
    assert assistant.name == "async"
    assert [m.text for m in first.data] == ["one"] and first.has_more
    assert [m.text for m in walked] == ["one", "two", "three"]
    assert isinstance(final, Run) and final.status == "completed"
    assert "".join(deltas)  # the reply arrived as text deltas


def test_fifty_concurrent_calls_never_stall_the_event_loop(emulator: Emulator) -> None:
    async def body(core: AsyncCore) -> Any:
        gaps: List[float] = []
        stop = asyncio.Event()

        async def ticker() -> None:
            last = time.monotonic()
            while not stop.is_set():
                await asyncio.sleep(0.005)
                now = time.monotonic()
                gaps.append(now - last)
                last = now

        ticking = asyncio.ensure_future(ticker())
        threads = await asyncio.gather(*(
            core.request("threads.create", Thread, body={}) for _ in range(50)))
        stop.set()
        await ticking
        return threads, gaps

    threads, gaps = run(body, emulator)
    assert len({t.id for t in threads}) == 50
    # A blocking call would hold the loop for a whole request; the ticker would see it.
    assert gaps and max(gaps) < 0.25, max(gaps)
