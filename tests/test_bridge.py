"""The Responses bridge specifics: records that outlive the process, status mapping, the
documented refusals, and moving saved history into a conversation."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Iterator

import pytest

from multiassist import AssistantsClient, BadRequestError, UnsupportedOperationError
from multiassist.bridge.migrate import copy_messages, copy_thread
from multiassist.testing import Emulator

from scripted_server import Scripted

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator(flavor="openai") as running:
        yield running


def bridge(emu: Emulator, store: Path) -> AssistantsClient:
    return AssistantsClient(provider="openai-responses", base_url=emu.base_url,
                            api_key=emu.api_key, store=store)


def test_records_survive_a_process_restart(emu: Emulator, tmp_path: Path) -> None:
    store = tmp_path / "bridge.sqlite3"
    script = textwrap.dedent(f"""
        import json
        from multiassist import AssistantsClient
        client = AssistantsClient(provider="openai-responses", base_url={emu.base_url!r},
                                  api_key={emu.api_key!r}, store={str(store)!r})
        assistant = client.beta.assistants.create(model="gpt-4o", name="Keeper",
                                                  instructions="Remember me.")
        thread = client.beta.threads.create(messages=[{{"role": "user", "content": "hi"}}])
        run = client.beta.threads.runs.create_and_poll(thread.id, assistant_id=assistant.id,
                                                       poll_interval_ms=5)
        print(json.dumps({{"assistant": assistant.id, "thread": thread.id, "run": run.id,
                          "status": run.status}}))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=ROOT, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    made = json.loads(done.stdout)
    assert made["status"] == "completed"

    with bridge(emu, store) as client:  # a new process-level client on the same file
        assistant = client.beta.assistants.retrieve(made["assistant"])
        assert (assistant.name, assistant.instructions) == ("Keeper", "Remember me.")
        run = client.beta.threads.runs.retrieve(made["run"], thread_id=made["thread"])
        assert run.status == "completed" and run.assistant_id == made["assistant"]
        assert [r.id for r in client.beta.threads.runs.list(made["thread"])] == [made["run"]]
        steps = client.beta.threads.runs.steps.list(made["run"], thread_id=made["thread"])
        assert [s.type for s in steps] == ["message_creation"]
        reply = client.beta.threads.messages.list(made["thread"], run_id=made["run"]).data
        assert reply[0].text == "You said: hi"


@pytest.mark.parametrize(
    ("text", "status", "detail"),
    [
        ("[[fail:server_error]] hello", "failed", "server_error"),
        ("[[fail:rate_limit_exceeded]] hello", "failed", "rate_limit_exceeded"),
        ("[[incomplete]] tell me a long story", "incomplete", "max_completion_tokens"),
    ],
)
def test_response_outcomes_map_to_run_statuses(
    emu: Emulator, tmp_path: Path, text: str, status: str, detail: str
) -> None:
    with bridge(emu, tmp_path / "s.sqlite3") as client:
        assistant = client.beta.assistants.create(model="gpt-4o")
        thread = client.beta.threads.create(messages=[{"role": "user", "content": text}])
        run = client.beta.threads.runs.create_and_poll(
            thread.id, assistant_id=assistant.id, poll_interval_ms=5)
    assert run.status == status
    if status == "failed":
        assert run.last_error is not None and run.last_error.code == detail
    else:
        assert run.incomplete_details is not None and run.incomplete_details.reason == detail


@pytest.mark.parametrize(
    ("reason", "expected"),
    [("content_filter", "content_filter"), ("max_output_tokens", "max_completion_tokens")],
)
def test_incomplete_reasons_are_translated(tmp_path: Path, reason: str, expected: str) -> None:
    # The emulator only cuts replies for length, so a scripted service says why it stopped.
    server = Scripted()
    server.reply(200, {"id": "resp_1", "object": "response", "status": "incomplete",
                       "incomplete_details": {"reason": reason}, "output": [],
                       "usage": {"input_tokens": 3, "output_tokens": 0, "total_tokens": 3}})
    try:
        with AssistantsClient(provider="openai-responses", base_url=server.url + "/v1",
                              api_key="sk-x", store=tmp_path / "s.sqlite3",
                              conversations=False) as client:
            assistant = client.beta.assistants.create(model="gpt-4o")
            thread = client.beta.threads.create(messages=[{"role": "user", "content": "x"}])
            run = client.beta.threads.runs.create(thread.id, assistant_id=assistant.id)
            again = client.beta.threads.runs.retrieve(run.id, thread_id=thread.id)
    finally:
        server.close()
    assert [seen["method"] + " " + seen["path"] for seen in server.seen] == [
        "POST /v1/responses"]
    for got in (run, again):
        assert got.status == "incomplete"
        assert got.incomplete_details is not None
        assert got.incomplete_details.reason == expected


def test_cancelling_a_run_that_waits_for_tool_outputs(emu: Emulator, tmp_path: Path) -> None:
    weather = {"type": "function", "function": {
        "name": "get_weather", "parameters": {"type": "object", "properties": {
            "city": {"type": "string"}}, "required": ["city"]}}}
    with bridge(emu, tmp_path / "s.sqlite3") as client:
        assistant = client.beta.assistants.create(model="gpt-4o", tools=[weather])
        thread = client.beta.threads.create(
            messages=[{"role": "user", "content": "call get_weather city=Paris"}])
        waiting = client.beta.threads.runs.create_and_poll(
            thread.id, assistant_id=assistant.id, poll_interval_ms=5)
        assert waiting.status == "requires_action"
        cancelled = client.beta.threads.runs.cancel(waiting.id, thread_id=thread.id)
        # Nothing is left to wait for: the run is cancelled at once, not left cancelling.
        for run in (cancelled, client.beta.threads.runs.retrieve(waiting.id, thread_id=thread.id),
                    client.beta.threads.runs.poll(waiting.id, thread_id=thread.id,
                                                  poll_interval_ms=5, max_wait=5)):
            assert (run.status, run.required_action) == ("cancelled", None)
            assert run.cancelled_at is not None
        listed = client.beta.threads.runs.list(thread.id).data
        assert [(r.id, r.status) for r in listed] == [(waiting.id, "cancelled")]
        with pytest.raises(BadRequestError, match="cancelled"):
            client.beta.threads.runs.submit_tool_outputs(
                waiting.id, thread_id=thread.id,
                tool_outputs=[{"tool_call_id": "call_x", "output": "sunny"}])


def test_cancel_and_the_documented_refusals(emu: Emulator, tmp_path: Path) -> None:
    with bridge(emu, tmp_path / "s.sqlite3") as client:
        assistant = client.beta.assistants.create(model="gpt-4o")
        thread = client.beta.threads.create(messages=[{"role": "user", "content": "x"}])
        run = client.beta.threads.runs.create(thread.id, assistant_id=assistant.id)
        cancelled = client.beta.threads.runs.cancel(run.id, thread_id=thread.id)
        final = client.beta.threads.runs.poll(cancelled.id, thread_id=thread.id,
                                              poll_interval_ms=5)
        assert final.status == "cancelled"
        with pytest.raises(UnsupportedOperationError, match="after="):
            client.beta.threads.messages.list(thread.id, before="msg_x")


def test_saved_history_moves_into_a_conversation(emu: Emulator, tmp_path: Path) -> None:
    with Emulator(flavor="azure") as old, old.client() as legacy, \
            bridge(emu, tmp_path / "s.sqlite3") as client:
        thread = legacy.beta.threads.create(messages=[
            {"role": "user", "content": "first question"}])
        assistant = legacy.beta.assistants.create(model="gpt-4o")
        legacy.beta.threads.runs.create_and_poll(thread.id, assistant_id=assistant.id,
                                                 poll_interval_ms=5)
        export = [m.to_dict() for m in legacy.beta.threads.messages.list(thread.id)]

        copied = copy_messages(client, export)
        assert copied.id.startswith("conv_")
        texts = [(m.role, m.text) for m in client.beta.threads.messages.list(copied.id,
                                                                             order="asc")]
        assert texts == [("user", "first question"),
                         ("assistant", "You said: first question")]

        live = copy_thread(legacy, thread.id, client)
        assert live.metadata == {"migrated_from": thread.id}
        assert len(client.beta.threads.messages.list(live.id).data) == 2


def test_migrate_thread_command(emu: Emulator, tmp_path: Path) -> None:
    export = tmp_path / "export.json"
    export.write_text(json.dumps({"object": "list", "data": [
        {"id": "msg_2", "role": "assistant", "created_at": 2,
         "content": [{"type": "text", "text": {"value": "an answer", "annotations": []}}]},
        {"id": "msg_1", "role": "user", "created_at": 1, "content": "a question"},
    ]}))
    profile = tmp_path / "multiassist.toml"
    profile.write_text(
        f'[profiles.bridge]\nprovider = "openai-responses"\nbase_url = "{emu.base_url}"\n'
        f'api_key_env = "BRIDGE_KEY"\nstore = "{tmp_path / "cli.sqlite3"}"\n')
    done = subprocess.run(
        [sys.executable, "-m", "multiassist", "migrate-thread", "--export", str(export),
         "--profile", "bridge", "--config", str(profile)],
        capture_output=True, text=True, cwd=ROOT, timeout=60, check=False,
        env={**__import__("os").environ, "BRIDGE_KEY": emu.api_key},
    )
    assert done.returncode == 0, done.stderr
    thread_id = done.stdout.strip()
    with bridge(emu, tmp_path / "cli.sqlite3") as client:
        texts = [m.text for m in client.beta.threads.messages.list(thread_id, order="asc")]
    assert texts == ["a question", "an answer"]


def test_the_demo_runs_on_the_emulators_responses_flavor(emu: Emulator, tmp_path: Path) -> None:
    profile = tmp_path / "multiassist.toml"
    profile.write_text(
        f'[profiles.after-sunset]\nprovider = "openai-responses"\nbase_url = "{emu.base_url}"\n'
        f'api_key_env = "BRIDGE_KEY"\nstore = "{tmp_path / "demo.sqlite3"}"\n')
    done = subprocess.run(
        [sys.executable, "-m", "multiassist", "demo", "--profile", "after-sunset",
         "--config", str(profile)],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
        env={**__import__("os").environ, "BRIDGE_KEY": emu.api_key},
    )
    assert done.returncode == 0, done.stderr
    assert "openai-responses at" in done.stdout
    assert "getRun -> completed" in done.stdout
    assert "assistant (streamed): get_weather returned: sunny, 21 C" in done.stdout
    assert "demo finished" in done.stdout


def test_a_stream_closed_before_its_first_event_frees_the_thread(tmp_path: Path) -> None:
    from multiassist.testing import Emulator as _Emulator

    with _Emulator(flavor="openai") as emu:
        client = AssistantsClient(provider="openai-responses", base_url=emu.base_url,
                                  api_key=emu.api_key, store=tmp_path / "b.sqlite3")
        with client:
            assistant = client.beta.assistants.create(model="gpt-4o")
            thread = client.beta.threads.create(
                messages=[{"role": "user", "content": "hello"}])
            with client.beta.threads.runs.stream(thread.id, assistant_id=assistant.id):
                pass  # closed before anything was read
            # The thread takes another run, and the first one is accounted for.
            run = client.beta.threads.runs.create_and_poll(
                thread.id, assistant_id=assistant.id, poll_interval_ms=5, max_wait=20)
            assert run.status == "completed"
            statuses = [r.status for r in client.beta.threads.runs.list(thread.id)]
            assert statuses[0] == "completed" and len(statuses) == 2
