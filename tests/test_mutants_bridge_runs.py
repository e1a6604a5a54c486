"""What the bridge sends and lists for a run, as a user sees it: the input window of a
store-only thread (its own newest messages, as many as the truncation strategy allows) and
paging of runs and run steps, against the emulator's Responses flavor. Written for surviving
mutants of multiassist/bridge/runs.py (tests/MUTATION.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

from multiassist import AssistantsClient, NotFoundError
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
def store_only(emu: Emulator, tmp_path: Path) -> Iterator[AssistantsClient]:
    with AssistantsClient(provider="openai-responses", base_url=emu.base_url,
                          api_key=emu.api_key, store=tmp_path / "bridge.sqlite3",
                          conversations=False) as made:
        yield made


def reply(client: AssistantsClient, thread_id: str, assistant_id: str,
          **options: Any) -> str:
    run = client.beta.threads.runs.create_and_poll(thread_id, assistant_id=assistant_id,
                                                   poll_interval_ms=5, **options)
    assert run.status == "completed"
    newest = client.beta.threads.messages.list(thread_id, order="desc", limit=1).data[0]
    assert newest.role == "assistant" and newest.run_id == run.id
    return str(newest.text)


def test_a_store_only_run_reads_the_newest_messages_of_its_own_thread(
        store_only: AssistantsClient) -> None:
    assistant = store_only.beta.assistants.create(model="gpt-4o")
    mine = store_only.beta.threads.create(messages=[
        {"role": "user", "content": "first"}, {"role": "user", "content": "second"}])
    # Another thread written after this one: its messages must not reach this run.
    store_only.beta.threads.create(messages=[{"role": "user", "content": "elsewhere"}])
    last_one: Dict[str, Any] = {"type": "last_messages", "last_messages": 1}
    assert reply(store_only, mine.id, assistant.id,
                 truncation_strategy=last_one) == "You said: second"


def test_an_auto_truncation_strategy_sends_the_whole_thread(
        store_only: AssistantsClient) -> None:
    assistant = store_only.beta.assistants.create(model="gpt-4o")
    words: List[Dict[str, Any]] = [{"role": "user", "content": f"word{n}"} for n in range(4)]
    whole = store_only.beta.threads.create(messages=words)
    cut = store_only.beta.threads.create(messages=words)
    store_only.beta.threads.runs.create_and_poll(
        whole.id, assistant_id=assistant.id, poll_interval_ms=5,
        truncation_strategy={"type": "auto"})
    store_only.beta.threads.runs.create_and_poll(
        cut.id, assistant_id=assistant.id, poll_interval_ms=5,
        truncation_strategy={"type": "auto", "last_messages": 1})
    full = store_only.beta.threads.runs.list(whole.id).data[0].usage
    same = store_only.beta.threads.runs.list(cut.id).data[0].usage
    assert full is not None and same is not None
    # last_messages counts only with type "last_messages": both runs saw four messages.
    assert same.prompt_tokens == full.prompt_tokens


def test_runs_and_run_steps_are_listed_a_page_at_a_time(store_only: AssistantsClient) -> None:
    assistant = store_only.beta.assistants.create(model="gpt-4o")
    thread = store_only.beta.threads.create(messages=[{"role": "user", "content": "one"}])
    first = store_only.beta.threads.runs.create_and_poll(
        thread.id, assistant_id=assistant.id, poll_interval_ms=5)
    second = store_only.beta.threads.runs.create_and_poll(
        thread.id, assistant_id=assistant.id, poll_interval_ms=5)
    page = store_only.beta.threads.runs.list(thread.id, limit=1)
    assert [run.id for run in page.data] == [second.id] and page.has_more
    older = store_only.beta.threads.runs.list(thread.id, limit=1, after=second.id)
    assert [run.id for run in older.data] == [first.id] and not older.has_more



def test_run_steps_are_listed_a_page_at_a_time(store_only: AssistantsClient) -> None:
    assistant = store_only.beta.assistants.create(model="gpt-4o", tools=[WEATHER])
    thread = store_only.beta.threads.create(messages=[
        {"role": "user", "content": "call get_weather city=Rome"}])
    waiting = store_only.beta.threads.runs.create_and_poll(
        thread.id, assistant_id=assistant.id, poll_interval_ms=5)
    assert waiting.status == "requires_action" and waiting.required_action is not None
    calls = waiting.required_action.submit_tool_outputs.tool_calls
    done = store_only.beta.threads.runs.submit_tool_outputs_and_poll(
        tool_outputs=[{"tool_call_id": c.id, "output": "sunny"} for c in calls],
        run_id=waiting.id, thread_id=thread.id, poll_interval_ms=5)
    assert done.status == "completed"
    steps = store_only.beta.threads.runs.steps.list(done.id, thread_id=thread.id, order="asc")
    assert [s.type for s in steps.data] == ["tool_calls", "message_creation"]
    first = store_only.beta.threads.runs.steps.list(done.id, thread_id=thread.id, limit=1,
                                                     order="asc")
    assert [s.id for s in first.data] == [steps.data[0].id] and first.has_more


def test_a_step_asked_for_under_another_run_is_named_in_the_404(
        store_only: AssistantsClient) -> None:
    assistant = store_only.beta.assistants.create(model="gpt-4o")
    thread = store_only.beta.threads.create(messages=[{"role": "user", "content": "one"}])
    first = store_only.beta.threads.runs.create_and_poll(
        thread.id, assistant_id=assistant.id, poll_interval_ms=5)
    second = store_only.beta.threads.runs.create_and_poll(
        thread.id, assistant_id=assistant.id, poll_interval_ms=5)
    step = store_only.beta.threads.runs.steps.list(first.id, thread_id=thread.id).data[0]
    with pytest.raises(NotFoundError) as caught:
        store_only.beta.threads.runs.steps.retrieve(step.id, thread_id=thread.id,
                                                    run_id=second.id)
    assert f"No run step found with id '{step.id}'." in str(caught.value)
