"""``vector_stores.file_batches.upload_and_poll(..., max_concurrency=N)`` uploads concurrently
on both clients (asyncio tasks under a semaphore; worker threads), never more than N at once,
and a failed upload is reported with every other file accounted for.

The emulator holds each upload's answer a moment (``delay_after_apply``), so uploads that
may overlap do; the client's own HTTP layer (a requests adapter, aiohttp request tracing, both
public ways to pass a connection pool in) counts the uploads in flight."""

from __future__ import annotations

import asyncio
import threading
from typing import Any, Iterator, List, Tuple

import pytest
import requests

from multiassist import AsyncOpenAI, BadRequestError, FileUploadError, OpenAI
from multiassist.testing import Emulator

aiohttp = pytest.importorskip("aiohttp")

HOLD_S = 0.3
UPLOAD = "POST /files"


class InFlight:
    """Counts uploads on the wire: now, and the most at once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now = 0
        self.peak = 0
        self.started = 0

    def enter(self) -> None:
        with self.lock:
            self.now += 1
            self.started += 1
            self.peak = max(self.peak, self.now)

    def leave(self) -> None:
        with self.lock:
            self.now -= 1


def is_upload(method: str, path: str) -> bool:
    return method == "POST" and path.rstrip("/").endswith("/files")


class CountingAdapter(requests.adapters.HTTPAdapter):
    def __init__(self, counter: InFlight) -> None:
        super().__init__(pool_maxsize=16)
        self.counter = counter

    def send(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        upload = is_upload(request.method, request.path_url.split("?")[0])
        if upload:
            self.counter.enter()
        try:
            return super().send(request, *args, **kwargs)
        finally:
            if upload:
                self.counter.leave()


def blocking_client(emulator: Emulator, counter: InFlight) -> OpenAI:
    session = requests.Session()
    session.trust_env = False
    session.mount("http://", CountingAdapter(counter))
    return OpenAI(api_key=emulator.api_key, base_url=emulator.base_url, session=session,
                  max_retries=0)


def counting_session(counter: InFlight) -> Any:
    """An aiohttp session whose request tracing counts the uploads on the wire."""

    async def on_start(session: Any, context: Any, params: Any) -> None:
        if is_upload(params.method, params.url.path):
            counter.enter()

    async def on_finish(session: Any, context: Any, params: Any) -> None:
        if is_upload(params.method, params.url.path):
            counter.leave()

    tracing = aiohttp.TraceConfig()
    tracing.on_request_start.append(on_start)
    tracing.on_request_end.append(on_finish)
    tracing.on_request_exception.append(on_finish)
    return aiohttp.ClientSession(trace_configs=[tracing])


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator("openai") as emu:
        emu.poll_after_ms = 10
        yield emu


def files(count: int) -> List[Tuple[str, bytes]]:
    return [(f"note-{n}.md", f"note number {n}".encode()) for n in range(count)]


def upload_blocking(emulator: Emulator, counter: InFlight, count: int, **kwargs: Any) -> Any:
    with blocking_client(emulator, counter) as client:
        store = client.beta.vector_stores.create(name="notes")
        return store.id, client.beta.vector_stores.file_batches.upload_and_poll(
            store.id, files=files(count), **kwargs)


def upload_async(emulator: Emulator, counter: InFlight, count: int, **kwargs: Any) -> Any:
    async def program() -> Any:
        async with counting_session(counter) as pool:
            client = AsyncOpenAI(api_key=emulator.api_key, base_url=emulator.base_url,
                                 http_client=pool, max_retries=0)
            store = await client.beta.vector_stores.create(name="notes")
            return store.id, await client.beta.vector_stores.file_batches.upload_and_poll(
                store.id, files=files(count), **kwargs)

    return asyncio.run(program())


UPLOADERS = [pytest.param(upload_blocking, id="blocking"), pytest.param(upload_async, id="async")]


@pytest.mark.parametrize("upload", UPLOADERS)
@pytest.mark.parametrize(("count", "limit"), [(6, 3), (8, None), (3, 1)],
                         ids=["6 files, 3 at once", "8 files, default 5", "3 files, 1 at once"])
def test_uploads_overlap_up_to_max_concurrency(
    emulator: Emulator, upload: Any, count: int, limit: Any
) -> None:
    emulator.inject("delay_after_apply", route=UPLOAD, times=count, seconds=HOLD_S)
    counter = InFlight()
    options = {} if limit is None else {"max_concurrency": limit}
    store_id, batch = upload(emulator, counter, count, **options)
    most = 5 if limit is None else limit
    assert counter.started == count and counter.now == 0
    assert counter.peak <= most
    if most > 1:
        assert counter.peak > 1, "the uploads ran one after another"
    assert (batch.status, batch.file_counts.completed, batch.file_counts.total) == (
        "completed", count, count)
    attached = {f["id"] for f in emulator.stored("vs_file", store_id)}
    assert attached == {f["id"] for f in emulator.stored("file")}
    assert len(attached) == count


@pytest.mark.parametrize("upload", UPLOADERS)
def test_a_failed_upload_is_reported_and_every_other_file_accounted_for(
    emulator: Emulator, upload: Any
) -> None:
    # Faults serve uploads in the order they arrive: the first two are held a second and
    # succeed, the third fails at once, while they are under way; no upload starts after it.
    emulator.inject("delay_after_apply", route=UPLOAD, times=2, seconds=1.0)
    emulator.inject("status", route=UPLOAD, code=400)
    emulator.inject("delay_after_apply", route=UPLOAD, times=6, seconds=HOLD_S)
    counter = InFlight()
    with pytest.raises(FileUploadError) as caught:
        upload(emulator, counter, 6, max_concurrency=3)
    error = caught.value
    [(failed_name, cause)] = error.failures
    assert isinstance(cause, BadRequestError) and error.__cause__ is cause
    assert error.status_code == 400
    stored = {f["id"]: f["filename"] for f in emulator.stored("file")}
    assert set(error.uploaded_file_ids) == set(stored)  # none lost track of
    assert len(stored) >= 2  # the uploads under way when one failed finished
    names = sorted([*stored.values(), *(name for name, _, _ in error.not_uploaded)])
    assert names == sorted(name for name, _ in files(6))  # every file exactly once
    assert failed_name in [name for name, _, _ in error.not_uploaded]
    assert counter.started < 6  # no new upload after the failure
    assert not [r for r in emulator.requests if r.path.endswith("/file_batches")]
    message = str(error)
    assert "1 of 6 upload(s) failed, so no file batch was created" in message
    assert repr(failed_name) in message and "HTTP 400" in message
    assert all(file_id in message for file_id in error.uploaded_file_ids)
    assert "files=error.not_uploaded, file_ids=error.uploaded_file_ids" in message


def test_the_error_says_how_to_finish_and_that_call_works(emulator: Emulator) -> None:
    emulator.inject("status", route=UPLOAD, code=400)
    with blocking_client(emulator, InFlight()) as client:
        store = client.beta.vector_stores.create(name="notes")
        with pytest.raises(FileUploadError) as caught:
            client.beta.vector_stores.file_batches.upload_and_poll(
                store.id, files=files(4), max_concurrency=2)
        error = caught.value
        batch = client.beta.vector_stores.file_batches.upload_and_poll(
            store.id, files=error.not_uploaded, file_ids=error.uploaded_file_ids)
    assert (batch.status, batch.file_counts.completed) == ("completed", 4)
    assert sorted(f["filename"] for f in emulator.stored("file")) == [
        name for name, _ in files(4)]


def test_cancelling_the_async_upload_cancels_the_uploads_in_flight(emulator: Emulator) -> None:
    emulator.inject("delay_after_apply", route=UPLOAD, times=6, seconds=5.0)
    counter = InFlight()

    async def program() -> None:
        async with counting_session(counter) as pool:
            client = AsyncOpenAI(api_key=emulator.api_key, base_url=emulator.base_url,
                                 http_client=pool, max_retries=0)
            store = await client.beta.vector_stores.create(name="notes")
            task = asyncio.ensure_future(client.beta.vector_stores.file_batches.upload_and_poll(
                store.id, files=files(6), max_concurrency=2))
            while counter.started < 2:
                await asyncio.sleep(0.01)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

    asyncio.run(asyncio.wait_for(program(), timeout=4.0))  # not the 15 s of three waves
    assert counter.started == 2
