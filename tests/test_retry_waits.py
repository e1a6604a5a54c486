"""How long the client waits before sending a request again, and when it gives up waiting:
exponential backoff with jitter, the server's ``retry-after-ms`` / ``Retry-After`` (seconds or
an HTTP date), the longest wait honoured, and ``x-should-retry``. A scripted server on
127.0.0.1 plays the service; the client's waits are recorded instead of slept."""

from __future__ import annotations

import email.utils
import os
import time
from typing import Any, Dict, Iterator, List

import pytest

from multiassist import AssistantsClient, InternalServerError, RateLimitError

from scripted_server import ASSISTANT, Scripted

BUSY = {"error": {"message": "busy", "type": "server_error"}}


def waiting_client(server: Scripted, waits: List[float], **kwargs: Any) -> AssistantsClient:
    made = AssistantsClient(provider="openai", base_url=server.url + "/v1", api_key="sk-x",
                            **kwargs)
    made._core.transport._sleep = waits.append
    return made


def retrieved_after(server: Scripted, status: int, headers: Dict[str, str]) -> List[float]:
    """The waits before a GET that first gets ``status`` with ``headers``, then 200."""
    waits: List[float] = []
    server.reply(status, BUSY, headers=headers)
    server.reply(200, ASSISTANT)
    assert waiting_client(server, waits).beta.assistants.retrieve("asst_1").id == "asst_1"
    assert len(server.seen) == 2
    return waits


@pytest.mark.parametrize(("jitter", "expected"), [
    (0.0, [0.375, 0.75, 1.5, 3.0, 6.0, 6.0]),  # 3/4 of 0.5 s doubling, capped at 8 s
    (1.0, [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]),
])
def test_backoff_doubles_from_half_a_second_up_to_eight(
        server: Scripted, monkeypatch: pytest.MonkeyPatch, jitter: float,
        expected: List[float]) -> None:
    monkeypatch.setattr("random.random", lambda: jitter)
    for _ in range(7):
        server.reply(502, BUSY)
    waits: List[float] = []
    with pytest.raises(InternalServerError):
        waiting_client(server, waits, max_retries=6).beta.assistants.retrieve("asst_1")
    assert waits == pytest.approx(expected)
    assert len(server.seen) == 7


def test_retry_after_ms_below_a_second_is_honoured_exactly(server: Scripted) -> None:
    assert retrieved_after(server, 503, {"retry-after-ms": "250"}) == [0.25]


@pytest.mark.parametrize("value", ["inf", "nan"])
def test_an_unusable_retry_after_ms_falls_back_to_retry_after(
        server: Scripted, value: str) -> None:
    assert retrieved_after(server, 503, {"retry-after-ms": value, "Retry-After": "2"}) == [2.0]


@pytest.mark.parametrize(("value", "expected"), [("0", 0.0), ("1.5", 1.5), ("-3", 0.0)])
def test_retry_after_in_seconds_is_honoured(server: Scripted, value: str,
                                            expected: float) -> None:
    assert retrieved_after(server, 429, {"Retry-After": value}) == [expected]


def test_retry_after_as_a_past_http_date_means_now(server: Scripted) -> None:
    past = email.utils.formatdate(time.time() - 3600, usegmt=True)
    assert retrieved_after(server, 503, {"Retry-After": past}) == [0.0]


@pytest.fixture
def new_york_time() -> Iterator[None]:
    """Local time five hours off UTC, so a date read as local time would be far off."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.mark.parametrize("usegmt", [True, False])  # "GMT", or "-0000" (parsed without zone)
def test_retry_after_as_a_future_http_date_is_read_as_utc(
        server: Scripted, new_york_time: None, usegmt: bool) -> None:
    soon = email.utils.formatdate(time.time() + 20, usegmt=usegmt)
    waits = retrieved_after(server, 503, {"Retry-After": soon})
    assert len(waits) == 1 and 17.0 <= waits[0] <= 20.0


def test_a_wait_of_sixty_seconds_is_honoured_and_a_longer_one_gives_up(
        server: Scripted) -> None:
    assert retrieved_after(server, 429, {"Retry-After": "60"}) == [60.0]
    server.seen.clear()
    server.reply(429, {"error": {"message": "come back tomorrow"}},
                 headers={"Retry-After": "61"})
    waits: List[float] = []
    with pytest.raises(RateLimitError):
        waiting_client(server, waits).beta.assistants.retrieve("asst_1")
    assert waits == [] and len(server.seen) == 1


def test_a_post_is_sent_again_after_a_500_when_the_server_says_it_should(
        server: Scripted) -> None:
    waits: List[float] = []
    server.reply(500, BUSY, headers={"x-should-retry": "true", "retry-after-ms": "10"})
    server.reply(200, ASSISTANT)
    client = waiting_client(server, waits, write_markers=False)
    assert client.beta.assistants.create(model="gpt-4o").id == "asst_1"
    assert waits == [0.01] and len(server.seen) == 2
