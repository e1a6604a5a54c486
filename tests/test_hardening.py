"""Edge cases found in review: ids that are not one path segment, keys with line breaks,
credentials in URLs, malformed Retry-After, and the Responses bridge under faults."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from multiassist import (
    AssistantsClient,
    BadRequestError,
    ConfigurationError,
    InvalidRequestError,
    KeyCredential,
    NotFoundError,
    StreamInterruptedError,
    WriteOutcomeUnknownError,
)
from multiassist.http.retries import retry_after_seconds
from multiassist.testing import Emulator


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator(flavor="openai") as running:
        yield running


@pytest.fixture(autouse=True)
def _no_leftover_faults(emu: Emulator) -> Iterator[None]:
    yield
    pending = emu.pending_faults
    emu.clear_faults()
    assert pending == 0, "a queued fault never fired"


def bridge(emu: Emulator, tmp_path: Path) -> AssistantsClient:
    return AssistantsClient(provider="openai-responses", base_url=emu.base_url,
                            api_key=emu.api_key, store=tmp_path / "bridge.sqlite3",
                            max_retries=0)


@pytest.mark.parametrize("bad", [".", ".."])
def test_dot_ids_are_refused_before_sending(emu: Emulator, bad: str) -> None:
    with emu.client() as client:
        thread = client.beta.threads.create()
        before = len(emu.requests)
        with pytest.raises(InvalidRequestError, match="not a valid id"):
            client.beta.threads.messages.delete(bad, thread_id=thread.id)
        assert len(emu.requests) == before
        assert client.beta.threads.retrieve(thread.id).id == thread.id


def test_bridge_ids_stay_one_path_segment(emu: Emulator, tmp_path: Path) -> None:
    with bridge(emu, tmp_path) as client:
        thread = client.beta.threads.create(messages=[{"role": "user", "content": "keep"}])
        with pytest.raises(NotFoundError):
            client.beta.threads.messages.delete(f"../../{thread.id}", thread_id=thread.id)
        with pytest.raises(NotFoundError):
            client.beta.threads.messages.retrieve("x?limit=1", thread_id=thread.id)
        # The conversation and its message are still there.
        assert [m.text for m in client.beta.threads.messages.list(thread.id)] == ["keep"]


@pytest.mark.parametrize("key", ["sk-secret-1\n", " sk-secret-1", "sk-sec\r\nret-1"])
def test_keys_with_line_breaks_are_refused_without_echoing_them(key: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        AssistantsClient(KeyCredential(key))
    assert "secret" not in str(caught.value) and "line break" in str(caught.value)


def test_credentials_in_a_url_are_refused_without_echoing_them() -> None:
    with pytest.raises(ConfigurationError) as caught:
        AssistantsClient(provider="openai", base_url="https://user:p4ssw0rd@proxy.example/v1",
                         api_key="sk-x")
    assert "p4ssw0rd" not in str(caught.value)


@pytest.mark.parametrize("value", ["soon", "", "Mon, 99 Foo 2026 25:61:61 GMT"])
def test_a_malformed_retry_after_is_ignored(value: str) -> None:
    assert retry_after_seconds({"Retry-After": value}) is None


def test_an_http_date_retry_after_is_honoured() -> None:
    wait = retry_after_seconds({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"},
                               now=lambda: 1445412470.0)
    assert wait == 10.0


def test_a_lost_answer_on_the_bridge_is_reported_not_repeated(
    emu: Emulator, tmp_path: Path
) -> None:
    with bridge(emu, tmp_path) as client:
        thread = client.beta.threads.create()
        emu.inject("drop_after_apply", route="POST /conversations/{conversation_id}/items")
        with pytest.raises(WriteOutcomeUnknownError):
            client.beta.threads.messages.create(thread.id, role="user", content="once")
        texts = [m.text for m in client.beta.threads.messages.list(thread.id)]
    assert texts == ["once"]  # created once by the server, and never sent again


def test_a_refused_bridge_stream_leaves_no_run_and_bad_events_interrupt(
    emu: Emulator, tmp_path: Path
) -> None:
    with bridge(emu, tmp_path) as client:
        assistant = client.beta.assistants.create(model="gpt-4o")
        thread = client.beta.threads.create(messages=[{"role": "user", "content": "hi"}])
        emu.inject("status", route="POST /responses", code=400)
        with pytest.raises(BadRequestError):
            client.beta.threads.runs.stream(thread.id, assistant_id=assistant.id)
        assert client.beta.threads.runs.list(thread.id).data == []

        emu.inject("malformed_json", route="POST /responses")
        with pytest.raises(StreamInterruptedError), \
                client.beta.threads.runs.stream(thread.id, assistant_id=assistant.id) as stream:
            stream.until_done()


def test_run_filtered_message_pages_keep_paging_on_the_bridge(
    emu: Emulator, tmp_path: Path
) -> None:
    with bridge(emu, tmp_path) as client:
        assistant = client.beta.assistants.create(model="gpt-4o")
        thread = client.beta.threads.create()
        runs = []
        for text in ("first", "second", "third"):
            client.beta.threads.messages.create(thread.id, role="user", content=text)
            runs.append(client.beta.threads.runs.create_and_poll(
                thread.id, assistant_id=assistant.id, poll_interval_ms=5))
        found = [m.text for m in client.beta.threads.messages.list(
            thread.id, run_id=runs[0].id, limit=2)]
    assert found == ["You said: first"]


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.beta.threads.runs.poll("run_1", thread_id="t", max_wait=float("inf")),
        lambda c: c.beta.assistants.retrieve("asst_1", timeout=(1.0, float("nan"))),
        lambda c: c.beta.assistants.retrieve("asst_1", timeout=(0, 5)),
    ],
)
def test_deadlines_and_timeouts_must_be_finite(emu: Emulator, call: object) -> None:
    with emu.client() as client:
        before = len(emu.requests)
        with pytest.raises(InvalidRequestError):
            call(client)  # type: ignore[operator]
        assert len(emu.requests) == before


def test_max_connections_is_checked() -> None:
    with pytest.raises(ConfigurationError, match="max_connections"):
        AssistantsClient(KeyCredential("sk-x"), max_connections=0)


def test_bridge_objects_belong_to_the_ids_given(emu: Emulator, tmp_path: Path) -> None:
    with bridge(emu, tmp_path) as client:
        assistant = client.beta.assistants.create(model="gpt-4o")
        first = client.beta.threads.create(messages=[{"role": "user", "content": "a"}])
        other = client.beta.threads.create()
        run = client.beta.threads.runs.create_and_poll(first.id, assistant_id=assistant.id,
                                                       poll_interval_ms=5)
        with pytest.raises(NotFoundError):
            client.beta.threads.runs.retrieve(run.id, thread_id=other.id)
        step = client.beta.threads.runs.steps.list(run.id, thread_id=first.id).data[0]
        with pytest.raises(NotFoundError):
            client.beta.threads.runs.steps.retrieve(step.id, thread_id=other.id, run_id=run.id)
