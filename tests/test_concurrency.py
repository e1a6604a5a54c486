"""One client shared by many threads: no errors, no crossed answers, one Entra ID token.

16 threads x 500 calls each (8,000 in all) against the emulator on the Azure wire with an
Entra ID credential, mixing writes and reads: every thread works on its own Assistants
thread, creating messages and reading them back (retrieve and list), so each answer can be
checked against what that thread wrote. About 7 s on 2 vCPUs; the client's threads use
about 70% of the CPU, the emulator the rest.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from typing import Any, Iterator, List, NamedTuple, Tuple

import pytest

from multiassist import AssistantsClient
from multiassist.models import Message, TextContentBlock
from multiassist.testing import Emulator

THREADS = 16
CALLS_PER_THREAD = 500
DEPLOYMENTS = {"gpt-4o": "dep-gpt4o"}


class AccessToken(NamedTuple):
    token: str
    expires_on: int


class CountingCredential:
    """An azure-identity-shaped TokenCredential counting ``get_token`` calls."""

    def __init__(self, emu: Emulator) -> None:
        self.emu = emu
        self.calls = 0
        self.last = ""
        self._lock = threading.Lock()

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        with self._lock:
            self.calls += 1
        time.sleep(0.05)  # a slow token endpoint: the moment a thundering herd would form
        token = self.last = "entra-" + uuid.uuid4().hex
        self.emu.accept_token(token)
        return AccessToken(token, int(time.time()) + 3600)


def _text(message: Message) -> str:
    part = message.content[0]
    assert isinstance(part, TextContentBlock)
    return part.text.value


def _work(client: AssistantsClient, index: int) -> int:
    """500 calls on one Assistants thread: a create, then alternately a retrieve and a list.

    Returns the number of calls made; raises AssertionError on a crossed answer.
    """
    thread = client.beta.threads.create(metadata={"worker": str(index)})
    calls = 1
    written: List[str] = []
    last_id = ""
    while calls < CALLS_PER_THREAD:
        step = calls % 3
        if step == 1:
            text = f"worker {index} message {len(written)}"
            message = client.beta.threads.messages.create(thread.id, role="user", content=text)
            assert message.thread_id == thread.id
            written.append(text)
            last_id = message.id
        elif step == 2:
            got = client.beta.threads.messages.retrieve(last_id, thread_id=thread.id)
            assert _text(got) == written[-1]
        else:
            page = client.beta.threads.messages.list(thread.id, limit=5)
            assert _text(page.data[0]) == written[-1]
        calls += 1
    return calls


def _hammer(client: AssistantsClient) -> Tuple[int, List[BaseException], float]:
    """Run the workers; (calls made, errors raised, seconds taken)."""
    counts: List[int] = []
    errors: List[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def worker(index: int) -> None:
        start.wait()
        try:
            made = _work(client, index)
        except BaseException as exc:  # every failure is reported, none is lost in a thread
            with lock:
                errors.append(exc)
            return
        with lock:
            counts.append(made)

    workers = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    began = time.perf_counter()
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    return sum(counts), errors, time.perf_counter() - began


@pytest.fixture(scope="module")
def azure() -> Iterator[Emulator]:
    with Emulator(flavor="azure", deployments=DEPLOYMENTS) as emu:
        yield emu


def test_one_client_shared_by_16_threads_with_one_entra_token(
    azure: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    credential = CountingCredential(azure)
    before = len(azure.requests)
    with AssistantsClient(azure.endpoint, credential, api_version=azure.api_version,
                          max_retries=0) as client, \
            caplog.at_level(logging.WARNING, logger="urllib3"):
        calls, errors, seconds = _hammer(client)
    # The pool holds a connection for every thread: none is dropped and reopened.
    assert "Connection pool is full" not in caplog.text
    assert errors == []
    assert calls == THREADS * CALLS_PER_THREAD
    sent = azure.requests[before:]
    assert len(sent) == calls  # every call is one request: no retry hid a failure
    assert credential.calls == 1  # 16 threads asked at once; one acquisition served all
    assert {r.headers["authorization"] for r in sent} == {f"Bearer {credential.last}"}
    assert azure.failures == []
    print(f"{calls} calls from {THREADS} threads in {seconds:.1f} s")
