"""The emulator's background responses behave as the service's: they finish by themselves on
the emulator's clock (no one need poll them, and the conversation they lock is freed), a
streamed one can be resumed with ``starting_after``, and an empty conversation item list
answers as the spec says."""

from __future__ import annotations

import time
from typing import Any, Dict, Iterator

import pytest
import requests
from openai import OpenAI

from multiassist.testing import Emulator
from tests.test_emulator_responses import validate_responses


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator(flavor="openai", response_seconds_to_complete=5.0) as running:
        yield running


def call(emu: Emulator, method: str, path: str, **kwargs: Any) -> Dict[str, Any]:
    answer = requests.request(method, emu.base_url + path, timeout=10,
                              headers={"Authorization": f"Bearer {emu.api_key}"}, **kwargs)
    body: Dict[str, Any] = answer.json()
    return body


def test_a_background_response_finishes_without_being_polled(emu: Emulator) -> None:
    conversation = call(emu, "POST", "/conversations", json={})["id"]
    first = call(emu, "POST", "/responses", json={
        "model": "gpt-4o", "background": True, "conversation": conversation,
        "input": "first question"})
    assert first["status"] == "queued"
    locked = call(emu, "POST", "/responses", json={
        "model": "gpt-4o", "conversation": conversation, "input": "second"})
    assert locked["error"]["code"] == "conversation_locked"

    emu.advance_clock(5.0)  # nobody retrieves the response: the service finishes it
    items = call(emu, "GET", f"/conversations/{conversation}/items?order=asc")["data"]
    assert [i["role"] for i in items] == ["user", "assistant"]
    assert items[1]["content"][0]["text"] == "You said: first question"
    second = call(emu, "POST", "/responses", json={
        "model": "gpt-4o", "conversation": conversation, "input": "second"})
    assert second["status"] == "completed"
    assert call(emu, "GET", f"/responses/{first['id']}")["status"] == "completed"


def test_the_clock_runs_in_real_time_too() -> None:
    with Emulator(flavor="openai", response_seconds_to_complete=0.2) as emu:
        created = call(emu, "POST", "/responses", json={
            "model": "gpt-4o", "background": True, "input": "hello"})
        deadline = time.monotonic() + 10
        status = created["status"]
        while status != "completed" and time.monotonic() < deadline:
            time.sleep(0.02)  # looking at the stored object does not move it
            status = next(r["status"] for r in emu.stored("response")
                          if r["id"] == created["id"])
        assert status == "completed"


def test_without_a_clock_only_polls_move_it() -> None:
    with Emulator(flavor="openai", response_seconds_to_complete=None) as emu:
        created = call(emu, "POST", "/responses", json={
            "model": "gpt-4o", "background": True, "input": "hello"})
        emu.advance_clock(3600)
        assert call(emu, "GET", f"/responses/{created['id']}")["status"] == "in_progress"
        assert call(emu, "GET", f"/responses/{created['id']}")["status"] == "completed"


def test_a_background_stream_resumes_after_a_sequence_number(emu: Emulator) -> None:
    client = OpenAI(base_url=emu.base_url, api_key=emu.api_key, max_retries=0)
    stream = client.responses.create(model="gpt-4o", input="tell me more", background=True,
                                     stream=True)
    seen = []
    for event in stream:
        seen.append(event)
        if event.type == "response.output_text.delta":
            break  # the connection drops here
    stream.close()
    response_id = seen[0].response.id  # type: ignore[union-attr]
    cut = seen[-1].sequence_number

    resumed = list(client.responses.retrieve(response_id, stream=True, starting_after=cut))
    assert [e.sequence_number for e in resumed] == list(range(cut + 1, cut + 1 + len(resumed)))
    assert resumed[-1].type == "response.completed"
    text = "".join(e.delta for e in [*seen, *resumed]  # type: ignore[union-attr]
                   if e.type == "response.output_text.delta")
    assert text == "You said: tell me more"
    everything = list(client.responses.retrieve(response_id, stream=True))
    assert [e.sequence_number for e in everything][:cut + 1] == [
        e.sequence_number for e in seen]

    polled = client.responses.create(model="gpt-4o", input="x", background=True)
    refused = requests.get(f"{emu.base_url}/responses/{polled.id}?stream=true", timeout=10,
                           headers={"Authorization": f"Bearer {emu.api_key}"})
    assert refused.status_code == 400 and refused.json()["error"]["param"] == "stream"


def test_an_empty_conversation_item_list_matches_the_spec(emu: Emulator) -> None:
    conversation = call(emu, "POST", "/conversations", json={})["id"]
    page = call(emu, "GET", f"/conversations/{conversation}/items")
    assert page == {"object": "list", "data": [], "first_id": "", "last_id": "",
                    "has_more": False}
    validate_responses(page, "ConversationItemList")
