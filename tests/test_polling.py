"""Polling helpers: they stop at the right statuses, honour the server's hint, and always
have a deadline."""

from __future__ import annotations

import json
import time
from typing import Any, Callable

import pytest

from multiassist import AssistantsClient
from multiassist.polling import RunTimeoutError, UnexpectedRunStatusError
from multiassist.testing import Emulator

from scripted_server import Scripted


def snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name)


@pytest.fixture(params=["camel", "snake"])
def named(request: pytest.FixtureRequest, client: AssistantsClient) -> Callable[..., Any]:
    def invoke(name: str, *args: Any, **kwargs: Any) -> Any:
        return getattr(client, name if request.param == "camel" else snake(name))(*args, **kwargs)

    return invoke


def test_create_and_poll_returns_the_finished_run(client: AssistantsClient) -> None:
    assistant = client.beta.assistants.create(model="gpt-4o")
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "ping"}])
    run = client.beta.threads.runs.create_and_poll(
        thread.id, assistant_id=assistant.id, poll_interval_ms=5, metadata={"via": "poll"}
    )
    assert run.status == "completed" and run.metadata == {"via": "poll"}
    again = client.beta.threads.runs.poll(run.id, thread_id=thread.id)
    assert again.status == "completed"


def test_create_and_run_poll(client: AssistantsClient) -> None:
    assistant = client.beta.assistants.create(model="gpt-4o")
    run = client.beta.threads.create_and_run_poll(
        assistant_id=assistant.id, thread={"messages": [{"role": "user", "content": "hey"}]},
        poll_interval_ms=5,
    )
    assert run.status == "completed"
    replies = client.beta.threads.messages.list(run.thread_id, run_id=run.id).data
    assert "hey" in replies[0].text


def test_trigger_dev_helpers(named: Callable[..., Any], client: AssistantsClient) -> None:
    assistant = client.beta.assistants.create(model="gpt-4o")
    run = named("createAndRunUntilCompletion", {
        "assistantId": assistant.id,
        "thread": {"messages": [{"role": "user", "content": "one"}]},
    }, poll_interval_ms=5)
    assert run.status == "completed"
    client.beta.threads.messages.create(run.thread_id, role="user", content="two")
    second = named("createAndWaitForCompletion", run.thread_id, {"assistantId": assistant.id},
                   poll_interval_ms=5)
    assert second.status == "completed"
    assert named("waitForCompletion", run.thread_id, second.id).id == second.id
    everything = named("listAll", run.thread_id, {"order": "asc", "limit": 1})
    assert [m.role for m in everything] == ["user", "assistant", "user", "assistant"]


def test_the_deadline_fires_and_carries_the_last_run() -> None:
    with Emulator(run_steps_to_complete=10_000) as emu, emu.client() as client:
        assistant = client.beta.assistants.create(model="gpt-4o")
        thread = client.beta.threads.create(messages=[{"role": "user", "content": "slow"}])
        started = time.monotonic()
        with pytest.raises(RunTimeoutError) as caught:
            client.beta.threads.runs.create_and_poll(
                thread.id, assistant_id=assistant.id, poll_interval_ms=20, max_wait=0.3
            )
        elapsed = time.monotonic() - started
    assert 0.3 <= elapsed < 3
    assert caught.value.run.status in ("queued", "in_progress")
    assert caught.value.run.id in str(caught.value)


RUN = {"id": "run_1", "object": "thread.run", "created_at": 1, "thread_id": "thread_1",
       "assistant_id": "asst_1", "status": "queued", "model": "gpt-4o", "instructions": "",
       "tools": [], "metadata": {}}


def scripted_client(server: Scripted) -> AssistantsClient:
    return AssistantsClient(provider="openai", base_url=server.url + "/v1", api_key="sk-x")


def test_an_unknown_status_stops_polling_at_once(server: Scripted) -> None:
    server.reply(200, {**RUN, "status": "in_progress"})
    server.reply(200, {**RUN, "status": "thinking_hard"})
    with pytest.raises(UnexpectedRunStatusError) as caught:
        scripted_client(server).beta.threads.runs.poll(
            "run_1", thread_id="thread_1", poll_interval_ms=1
        )
    assert caught.value.run.status == "thinking_hard"
    assert len(server.seen) == 2


def test_the_poll_after_hint_is_honoured(server: Scripted) -> None:
    server.reply(200, {**RUN, "status": "in_progress"}, headers={"openai-poll-after-ms": "150"})
    server.reply(200, {**RUN, "status": "completed"})
    started = time.monotonic()
    run = scripted_client(server).beta.threads.runs.poll("run_1", thread_id="thread_1")
    assert run.status == "completed"
    assert time.monotonic() - started >= 0.15


def test_requires_action_stops_polling(server: Scripted) -> None:
    action = {"type": "submit_tool_outputs", "submit_tool_outputs": {"tool_calls": [
        {"id": "call_1", "type": "function",
         "function": {"name": "f", "arguments": json.dumps({"x": 1})}}]}}
    server.reply(200, {**RUN, "status": "requires_action", "required_action": action})
    run = scripted_client(server).beta.threads.runs.poll("run_1", thread_id="thread_1")
    assert run.status == "requires_action"
    assert run.required_action is not None
    assert run.required_action.submit_tool_outputs.tool_calls[0].function.name == "f"


def test_the_poll_hint_sets_the_interval_exactly() -> None:
    from multiassist.models import Run
    from multiassist.polling import wait_for_run

    answers = [({**RUN, "status": "in_progress"}, {"openai-poll-after-ms": "150"}),
               ({**RUN, "status": "in_progress"}, {}),
               ({**RUN, "status": "completed"}, {})]
    sleeps: list = []

    def fetch() -> Any:
        body, headers = answers.pop(0)
        return Run.from_dict(body), headers

    run = wait_for_run(fetch, sleep=sleeps.append)
    assert run.status == "completed"
    assert sleeps == [0.15, 1.0]  # the hint, then the default once no hint came
