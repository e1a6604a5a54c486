"""What the next user of a thread finds after a bridge process died at a precise moment: just
after the service took a request and before the bridge recorded the answer (the worst
moment), or just before the request went out. Each child process dies with ``os._exit`` at
that point; the test then goes on with a fresh client on the same store."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Iterator

import pytest
import requests

from multiassist import AssistantsClient
from multiassist.testing import Emulator

ROOT = Path(__file__).resolve().parents[1]
WEATHER = {"type": "function", "function": {
    "name": "get_weather",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                   "required": ["city"]}}}


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator(flavor="openai", response_seconds_to_complete=0.3) as running:
        yield running


def client_for(emu: Emulator, store: Path) -> AssistantsClient:
    return AssistantsClient(provider="openai-responses", base_url=emu.base_url,
                            api_key=emu.api_key, store=store)


def die_during(emu: Emulator, store: Path, method: str, when: str, action: str) -> None:
    """Run ``action`` in a child whose bridge dies ``when`` ("before"/"after") it calls
    ``ResponsesBridge.<method>``."""
    script = textwrap.dedent(f"""
        import os
        from multiassist import AssistantsClient
        from multiassist.bridge.backend import ResponsesBridge
        real = ResponsesBridge.{method}
        def dying(self, *args, **kwargs):
            if {when!r} == "after":
                real(self, *args, **kwargs)
            os._exit(9)
        ResponsesBridge.{method} = dying
        client = AssistantsClient(provider="openai-responses", base_url={emu.base_url!r},
                                  api_key={emu.api_key!r}, store={str(store)!r})
        {action}
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=ROOT, timeout=60, check=False)
    assert done.returncode == 9, done.stderr


def wait_for_end(client: AssistantsClient, thread_id: str, run_id: str) -> str:
    deadline = time.monotonic() + 30
    while True:
        run = client.beta.threads.runs.retrieve(run_id, thread_id=thread_id)
        if run.status not in ("queued", "in_progress", "cancelling"):
            return str(run.status)
        assert time.monotonic() < deadline, run.status
        time.sleep(0.02)


def test_a_response_the_service_took_is_found_and_becomes_the_runs_reply(
    emu: Emulator, tmp_path: Path
) -> None:
    store = tmp_path / "s.sqlite3"
    with client_for(emu, store) as client:
        assistant = client.beta.assistants.create(model="gpt-4o")
        thread = client.beta.threads.create(
            messages=[{"role": "user", "content": "are you there"}])
    die_during(emu, store, "_post_response", "after",
               f"client.beta.threads.runs.create({thread.id!r}, assistant_id={assistant.id!r})")
    with client_for(emu, store) as client:
        [run] = client.beta.threads.runs.list(thread.id).data
        assert wait_for_end(client, thread.id, run.id) == "completed"
        reply = client.beta.threads.messages.list(thread.id, run_id=run.id).data
        assert [m.text for m in reply] == ["You said: are you there"]
        steps = client.beta.threads.runs.steps.list(run.id, thread_id=thread.id).data
        assert [s.type for s in steps] == ["message_creation"]
        again = client.beta.threads.runs.create_and_poll(
            thread.id, assistant_id=assistant.id, poll_interval_ms=5)
        assert again.status == "completed"


def test_a_lost_tool_call_waits_for_its_output_and_the_thread_goes_on(
    emu: Emulator, tmp_path: Path
) -> None:
    store = tmp_path / "s.sqlite3"
    with client_for(emu, store) as client:
        assistant = client.beta.assistants.create(model="gpt-4o", tools=[WEATHER])
        thread = client.beta.threads.create(
            messages=[{"role": "user", "content": "call get_weather city=Bergen"}])
    die_during(emu, store, "_post_response", "after",
               f"client.beta.threads.runs.create({thread.id!r}, assistant_id={assistant.id!r})")
    with client_for(emu, store) as client:
        [run] = client.beta.threads.runs.list(thread.id).data
        assert wait_for_end(client, thread.id, run.id) == "requires_action"
        waiting = client.beta.threads.runs.retrieve(run.id, thread_id=thread.id)
        [tool_call] = waiting.required_action.submit_tool_outputs.tool_calls  # type: ignore[union-attr]
        assert (tool_call.function.name, tool_call.function.arguments) == (
            "get_weather", '{"city":"Bergen"}')
        done = client.beta.threads.runs.submit_tool_outputs_and_poll(
            tool_outputs=[{"tool_call_id": tool_call.id, "output": "rain"}],
            run_id=run.id, thread_id=thread.id, poll_interval_ms=5)
        assert done.status == "completed"
        reply = client.beta.threads.messages.list(thread.id, run_id=run.id).data[0].text
        assert reply == "get_weather returned: rain"


def test_a_request_that_never_left_fails_the_run_clearly(
    emu: Emulator, tmp_path: Path
) -> None:
    store = tmp_path / "s.sqlite3"
    with client_for(emu, store) as client:
        assistant = client.beta.assistants.create(model="gpt-4o")
        thread = client.beta.threads.create(messages=[{"role": "user", "content": "hi"}])
    die_during(emu, store, "_post_response", "before",
               f"client.beta.threads.runs.create({thread.id!r}, assistant_id={assistant.id!r})")
    with client_for(emu, store) as client:
        client.backend.recovery_window = 0.5  # type: ignore[attr-defined]
        [run] = client.beta.threads.runs.list(thread.id).data
        assert run.status in ("queued", "in_progress")  # still looked for
        time.sleep(0.6)
        failed = client.beta.threads.runs.retrieve(run.id, thread_id=thread.id)
        assert failed.status == "failed" and failed.last_error is not None
        assert "stopped before the service confirmed" in failed.last_error.message
        after = client.beta.threads.runs.create_and_poll(
            thread.id, assistant_id=assistant.id, poll_interval_ms=5)
        assert after.status == "completed"


def test_a_lost_tool_output_round_is_found(emu: Emulator, tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    with client_for(emu, store) as client:
        assistant = client.beta.assistants.create(model="gpt-4o", tools=[WEATHER])
        thread = client.beta.threads.create(
            messages=[{"role": "user", "content": "call get_weather city=Turku"}])
        run = client.beta.threads.runs.create_and_poll(
            thread.id, assistant_id=assistant.id, poll_interval_ms=5)
        call_id = run.required_action.submit_tool_outputs.tool_calls[0].id  # type: ignore[union-attr]
    die_during(emu, store, "_post_response", "after",
               f"client.beta.threads.runs.submit_tool_outputs({run.id!r}, "
               f"thread_id={thread.id!r}, tool_outputs=[{{'tool_call_id': {call_id!r}, "
               "'output': 'snow'}])")
    with client_for(emu, store) as client:
        assert wait_for_end(client, thread.id, run.id) == "completed"
        reply = client.beta.threads.messages.list(thread.id, run_id=run.id).data[0].text
        assert reply == "get_weather returned: snow"


def test_a_message_added_just_before_the_process_died_keeps_its_metadata(
    emu: Emulator, tmp_path: Path
) -> None:
    store = tmp_path / "s.sqlite3"
    with client_for(emu, store) as client:
        thread = client.beta.threads.create()
    die_during(emu, store, "record_message", "before",
               f"client.beta.threads.messages.create({thread.id!r}, role='user', "
               "content='kept', metadata={'source': 'crash'})")
    with client_for(emu, store) as client:
        [message] = client.beta.threads.messages.list(thread.id).data
        assert (message.text, message.metadata) == ("kept", {"source": "crash"})


@pytest.mark.parametrize("question", ["what time is it", "call get_weather city=Oulu"],
                         ids=["reply", "tool call"])
def test_a_conversation_busy_with_an_unknown_response_is_waited_for_and_freed(
    emu: Emulator, tmp_path: Path, question: str
) -> None:
    with client_for(emu, tmp_path / "s.sqlite3") as client:
        assistant = client.beta.assistants.create(model="gpt-4o", tools=[WEATHER])
        thread = client.beta.threads.create()
        # A response no record knows (another program, or a process that died before
        # writing anything) is running on the thread's conversation.
        stranger = requests.post(
            f"{emu.base_url}/responses", timeout=10,
            headers={"Authorization": f"Bearer {emu.api_key}"},
            json={"model": "gpt-4o", "background": True, "conversation": thread.id,
                  "input": question, "tools": [{"type": "function", "name": "get_weather",
                                                "strict": False,
                                                "parameters": WEATHER["function"]["parameters"]}]},
        ).json()
        assert stranger["status"] == "queued"
        client.beta.threads.messages.create(thread.id, role="user", content="my turn")
        run = client.beta.threads.runs.create_and_poll(
            thread.id, assistant_id=assistant.id, poll_interval_ms=5)
        assert run.status == "completed"
        reply = client.beta.threads.messages.list(thread.id, run_id=run.id).data[0].text
        posts = [r for r in emu.requests if r.method == "POST"
                 and r.path.endswith("/responses")
                 and (r.json or {}).get("conversation") == thread.id]
        assert len(posts) >= 3  # the stranger's, at least one refused, the run's
        # The stranger's input joined the conversation when it finished, after "my turn";
        # a call it left unanswered was answered as abandoned.
        assert reply == ("You said: what time is it" if "time" in question else
                         "get_weather returned: cancelled: the run that asked for this call "
                         "ended before it was answered")
