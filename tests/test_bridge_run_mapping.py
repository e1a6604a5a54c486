"""The bridge's run records as a user reads them back: cancelling a run that waits for tool
outputs, refusing to cancel a finished one, updating a run's metadata, and retrieving one run
step by id, against the emulator's Responses flavor."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator, Tuple

import pytest

from multiassist import AssistantsClient, BadRequestError, NotFoundError
from multiassist.testing import Emulator

WEATHER = {"type": "function", "function": {
    "name": "get_weather", "description": "The weather in a city",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                   "required": ["city"]}}}


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator(flavor="openai") as running:
        yield running


@pytest.fixture
def client(emu: Emulator, tmp_path: Path) -> Iterator[AssistantsClient]:
    with AssistantsClient(provider="openai-responses", base_url=emu.base_url,
                          api_key=emu.api_key, store=tmp_path / "bridge.sqlite3") as made:
        yield made


def finished_run(client: AssistantsClient, text: str = "hello") -> Tuple[str, str]:
    assistant = client.beta.assistants.create(model="gpt-4o")
    thread = client.beta.threads.create(messages=[{"role": "user", "content": text}])
    run = client.beta.threads.runs.create_and_poll(thread.id, assistant_id=assistant.id,
                                                   poll_interval_ms=5)
    assert run.status == "completed"
    return thread.id, run.id


def test_cancelling_a_run_that_waits_for_tool_outputs_ends_it_at_once(
        client: AssistantsClient) -> None:
    assistant = client.beta.assistants.create(model="gpt-4o", tools=[WEATHER])
    thread = client.beta.threads.create(messages=[
        {"role": "user", "content": "call get_weather city=Rome"}])
    run = client.beta.threads.runs.create_and_poll(thread.id, assistant_id=assistant.id,
                                                   poll_interval_ms=5)
    assert run.status == "requires_action"
    cancelled = client.beta.threads.runs.cancel(run.id, thread_id=thread.id)
    assert cancelled.status == "cancelled" and cancelled.required_action is None
    assert cancelled.cancelled_at is not None and cancelled.cancelled_at >= run.created_at
    again = client.beta.threads.runs.retrieve(run.id, thread_id=thread.id)
    assert (again.status, again.required_action, again.cancelled_at) == (
        "cancelled", None, cancelled.cancelled_at)
    assert [(r.id, r.status) for r in client.beta.threads.runs.list(thread.id)] == [
        (run.id, "cancelled")]


def test_a_finished_run_cannot_be_cancelled(client: AssistantsClient) -> None:
    thread_id, run_id = finished_run(client)
    with pytest.raises(BadRequestError) as caught:
        client.beta.threads.runs.cancel(run_id, thread_id=thread_id)
    error = caught.value
    assert error.status_code == 400 and error.type == "invalid_request_error"
    assert "Cannot cancel run with status 'completed'." in str(error)
    assert client.beta.threads.runs.retrieve(run_id, thread_id=thread_id).status == "completed"


def test_a_runs_metadata_is_updated_and_kept(client: AssistantsClient) -> None:
    thread_id, run_id = finished_run(client)
    updated = client.beta.threads.runs.update(run_id, thread_id=thread_id,
                                              metadata={"ticket": "T-1"})
    assert (updated.id, updated.metadata, updated.status) == (run_id, {"ticket": "T-1"},
                                                             "completed")
    kept = client.beta.threads.runs.retrieve(run_id, thread_id=thread_id)
    assert kept.metadata == {"ticket": "T-1"}
    with pytest.raises(NotFoundError):
        client.beta.threads.runs.update(run_id, thread_id="thread_other", metadata={})


def test_one_run_step_is_retrieved_by_id_only_under_its_own_run(
        client: AssistantsClient) -> None:
    thread_id, run_id = finished_run(client, "first")
    other_thread, other_run = finished_run(client, "second")
    listed = client.beta.threads.runs.steps.list(run_id, thread_id=thread_id).data
    assert [step.type for step in listed] == ["message_creation"]
    step = client.beta.threads.runs.steps.retrieve(listed[0].id, thread_id=thread_id,
                                                   run_id=run_id)
    assert (step.id, step.run_id, step.thread_id, step.status) == (
        listed[0].id, run_id, thread_id, "completed")
    with pytest.raises(NotFoundError) as caught:
        client.beta.threads.runs.steps.retrieve(listed[0].id, thread_id=other_thread,
                                                run_id=other_run)
    assert caught.value.status_code == 404 and listed[0].id in str(caught.value)
