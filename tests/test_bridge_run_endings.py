"""How a bridged run ends when nobody lets it finish: cancelled while queued, in progress or
waiting for tool outputs, expired after its ten minutes, or ended by a tool-output response
that fails -- what the user reads back, what the conversation on the service is left with,
and whether the thread takes its next run. Against the emulator's Responses flavor, whose
background responses here finish only on their third poll."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest
import requests

import multiassist.bridge.convert as convert_module
import multiassist.bridge.recovery as recovery_module
import multiassist.bridge.runs as runs_module
from multiassist import AssistantsClient, BadRequestError, WriteOutcomeUnknownError
from multiassist.bridge.backend import ResponsesBridge
from multiassist.bridge.store import BridgeStore
from multiassist.models import Run
from multiassist.testing import Emulator

CANCEL = re.compile(r"/responses/[^/]+/cancel")
EXPIRED = "The run expired before tool outputs were submitted."
UNANSWERED = ("The response carrying this tool output failed or was cancelled; "
              "the run ended.")
ABANDONED = "cancelled: the run that asked for this call ended before it was answered"


def tool(name: str) -> Dict[str, Any]:
    return {"type": "function", "function": {
        "name": name, "parameters": {"type": "object", "properties": {}}}}


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator(flavor="openai", response_steps_to_complete=3,
                  response_seconds_to_complete=None) as running:
        yield running


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "bridge.sqlite3"


def open_client(emu: Emulator, store: Path, conversations: bool = True) -> AssistantsClient:
    return AssistantsClient(provider="openai-responses", base_url=emu.base_url,
                            api_key=emu.api_key, store=store, conversations=conversations)


@pytest.fixture
def client(emu: Emulator, store: Path) -> Iterator[AssistantsClient]:
    emu.clear_faults()
    emu.responses.clear_response_scripts()
    with open_client(emu, store) as made:
        yield made


def started(client: AssistantsClient, *, polls: int = 0, text: str = "hello",
            **options: Any) -> Run:
    """A run on a new thread, polled ``polls`` times (1: in progress, 3: finished)."""
    assistant = client.beta.assistants.create(model="gpt-4o", **options)
    thread = client.beta.threads.create(messages=[{"role": "user", "content": text}])
    run = client.beta.threads.runs.create(thread.id, assistant_id=assistant.id)
    for _ in range(polls):
        run = client.beta.threads.runs.retrieve(run.id, thread_id=thread.id)
    return run


def waiting(client: AssistantsClient, *names: str) -> Run:
    """A run waiting for the outputs of calls to the function tools ``names``."""
    run = started(client, polls=3, text="call " + " ".join(names),
                  tools=[tool(name) for name in names])
    assert run.status == "requires_action" and run.required_action is not None
    return run


def call_ids(run: Run) -> List[str]:
    assert run.required_action is not None
    return [c.id for c in run.required_action.submit_tool_outputs.tool_calls]


def outputs_on_service(emu: Emulator, thread_id: str) -> Dict[str, List[str]]:
    """The function call outputs the thread's conversation holds, by call id."""
    found: Dict[str, List[str]] = {}
    for item in emu.stored("conv_item", thread_id):
        if item.get("type") == "function_call_output":
            found.setdefault(item["call_id"], []).append(item["output"])
    return found


def next_run_completes(client: AssistantsClient, thread_id: str, assistant_id: str) -> None:
    client.beta.threads.messages.create(thread_id, role="user", content="and now?")
    run = client.beta.threads.runs.create_and_poll(thread_id, assistant_id=assistant_id,
                                                   poll_interval_ms=1)
    reply = client.beta.threads.messages.list(thread_id, run_id=run.id).data[0]
    assert (run.status, reply.text) == ("completed", "You said: and now?")


def responses_of(emu: Emulator, thread_id: str) -> List[str]:
    return [r["status"] for r in emu.stored("response")
            if (r.get("conversation") or {}).get("id") == thread_id]


def send_outputs(client: AssistantsClient, run: Run, outputs: List[Dict[str, Any]],
                 streamed: bool) -> None:
    """Submit tool outputs to ``run``, streamed (read to the end) or not."""
    runs = client.beta.threads.runs
    if streamed:
        with runs.submit_tool_outputs_stream(run_id=run.id, thread_id=run.thread_id,
                                             tool_outputs=outputs) as stream:
            stream.until_done()
    else:
        runs.submit_tool_outputs(run.id, thread_id=run.thread_id, tool_outputs=outputs)


def clock_at(monkeypatch: pytest.MonkeyPatch, seconds: int) -> None:
    monkeypatch.setattr(runs_module, "now", lambda: seconds)


# --- cancel ---------------------------------------------------------------------------------

@pytest.mark.parametrize("polls", [0, 1], ids=["queued", "in_progress"])
def test_a_going_run_is_cancelled_on_the_service_and_frees_the_thread(
        client: AssistantsClient, emu: Emulator, polls: int) -> None:
    run = started(client, polls=polls)
    assert run.status == ("queued", "in_progress")[polls]
    cancelled = client.beta.threads.runs.cancel(run.id, thread_id=run.thread_id)
    assert cancelled.status == "cancelled" and cancelled.cancelled_at is not None
    assert responses_of(emu, run.thread_id) == ["cancelled"]
    again = client.beta.threads.runs.retrieve(run.id, thread_id=run.thread_id)
    assert (again.status, again.cancelled_at) == ("cancelled", cancelled.cancelled_at)
    assert [(r.id, r.status) for r in client.beta.threads.runs.list(run.thread_id)] == [
        (run.id, "cancelled")]
    next_run_completes(client, run.thread_id, run.assistant_id)


def test_a_run_read_while_its_cancel_is_on_the_way_is_cancelling(
        client: AssistantsClient, emu: Emulator, store: Path) -> None:
    run = started(client, polls=1)
    seen: List[Any] = []

    def read_meanwhile() -> None:  # another client of the same store, mid-cancel
        with open_client(emu, store) as other:
            seen.append(other.beta.threads.runs.retrieve(run.id, thread_id=run.thread_id)
                        .status)
            seen.append([r.status for r in other.beta.threads.runs.list(run.thread_id)])

    emu.inject("delay_after_apply", route=CANCEL, seconds=0, before_answer=read_meanwhile)
    cancelled = client.beta.threads.runs.cancel(run.id, thread_id=run.thread_id)
    assert seen == ["cancelling", ["cancelling"]]
    assert cancelled.status == "cancelled"
    assert client.beta.threads.runs.retrieve(run.id, thread_id=run.thread_id).status \
        == "cancelled"


def test_a_cancel_the_service_never_got_lets_the_run_finish(
        client: AssistantsClient, emu: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    run = started(client, polls=1)
    emu.inject("drop_before_apply", route=CANCEL)
    with pytest.raises(WriteOutcomeUnknownError):
        client.beta.threads.runs.cancel(run.id, thread_id=run.thread_id)
    clock_at(monkeypatch, run.created_at + 600)  # a cancelling run does not expire
    with pytest.raises(BadRequestError, match="Runs in status 'cancelling' do not accept"):
        client.beta.threads.runs.submit_tool_outputs(
            run.id, thread_id=run.thread_id,
            tool_outputs=[{"tool_call_id": "call_none", "output": "x"}])
    monkeypatch.undo()
    statuses = [client.beta.threads.runs.retrieve(run.id, thread_id=run.thread_id).status
                for _ in range(2)]
    assert statuses == ["cancelling", "completed"]
    reply = client.beta.threads.messages.list(run.thread_id, run_id=run.id).data[0]
    assert reply.text == "You said: hello"


@pytest.mark.parametrize("going", ["queued", "in_progress"])
def test_a_run_whose_response_goes_on_after_the_cancel_is_polled_to_its_end(
        client: AssistantsClient, emu: Emulator, going: str) -> None:
    run = started(client, polls=1)
    (response,) = [r for r in emu.stored("response")
                   if (r.get("conversation") or {}).get("id") == run.thread_id]
    # The service answers the cancel with the response still going (it stops later, or not).
    emu.inject("status", route=CANCEL, code=200, body={**response, "status": going})
    cancelling = client.beta.threads.runs.cancel(run.id, thread_id=run.thread_id)
    assert cancelling.status == "cancelling"
    statuses = [client.beta.threads.runs.retrieve(run.id, thread_id=run.thread_id).status
                for _ in range(2)]
    assert statuses == ["cancelling", "completed"]


@pytest.mark.parametrize("starting", ["create", "tool outputs"])
def test_a_run_is_not_cancelled_while_its_response_is_being_started(
        client: AssistantsClient, emu: Emulator, store: Path, starting: str) -> None:
    run = waiting(client, "get_weather") if starting == "tool outputs" else None
    assistant_id = run.assistant_id if run else \
        client.beta.assistants.create(model="gpt-4o").id
    thread_id = run.thread_id if run else client.beta.threads.create(
        messages=[{"role": "user", "content": "hello"}]).id
    refused: List[BadRequestError] = []

    def cancel_meanwhile() -> None:
        with open_client(emu, store) as other:
            (being_started,) = other.beta.threads.runs.list(thread_id).data
            assert (being_started.status, being_started.required_action) == ("queued", None)
            with pytest.raises(BadRequestError) as caught:
                other.beta.threads.runs.cancel(being_started.id, thread_id=thread_id)
            refused.append(caught.value)

    emu.inject("delay_after_apply", route="POST /responses", seconds=0,
               before_answer=cancel_meanwhile)
    if run is None:
        run = client.beta.threads.runs.create(thread_id, assistant_id=assistant_id)
    else:
        client.beta.threads.runs.submit_tool_outputs(
            run.id, thread_id=thread_id,
            tool_outputs=[{"tool_call_id": call_ids(run)[0], "output": "sunny"}])
    (error,) = refused
    assert (error.status_code, error.type) == (400, "invalid_request_error")
    assert error.message == \
        "The run's response is still being started; cancel it once it is queued."
    assert client.beta.threads.runs.cancel(run.id, thread_id=thread_id).status == "cancelled"


def test_a_waiting_run_read_while_its_calls_are_being_answered_is_cancelling(
        client: AssistantsClient, emu: Emulator, store: Path) -> None:
    run = waiting(client, "get_weather")
    seen: List[Any] = []

    def read_meanwhile() -> None:
        with open_client(emu, store) as other:
            seen.append(other.beta.threads.runs.retrieve(run.id, thread_id=run.thread_id)
                        .status)
            seen.append([r.status for r in other.beta.threads.runs.list(run.thread_id)])

    emu.inject("delay_after_apply", route="POST /conversations/{id}/items", seconds=0,
               before_answer=read_meanwhile)
    cancelled = client.beta.threads.runs.cancel(run.id, thread_id=run.thread_id)
    assert seen == ["cancelling", ["cancelling"]]
    assert cancelled.status == "cancelled"


def test_a_cancel_interrupted_before_answering_the_calls_is_finished_by_the_next_reader(
        client: AssistantsClient, emu: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    run = waiting(client, "get_weather", "get_time")
    real = ResponsesBridge._answer_missing

    def interrupted(self: Any, *args: Any, **kwargs: Any) -> Any:
        monkeypatch.setattr(ResponsesBridge, "_answer_missing", real)
        raise KeyboardInterrupt

    monkeypatch.setattr(ResponsesBridge, "_answer_missing", interrupted)
    with pytest.raises(KeyboardInterrupt):
        client.beta.threads.runs.cancel(run.id, thread_id=run.thread_id)
    assert outputs_on_service(emu, run.thread_id) == {}
    again = client.beta.threads.runs.retrieve(run.id, thread_id=run.thread_id)
    assert (again.status, again.required_action) == ("cancelled", None)
    assert outputs_on_service(emu, run.thread_id) == {c: [ABANDONED] for c in call_ids(run)}
    next_run_completes(client, run.thread_id, run.assistant_id)


def test_a_cancelled_waiting_run_read_by_a_later_process_costs_no_service_call(
        client: AssistantsClient, emu: Emulator, store: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    run = waiting(client, "get_weather")
    client.beta.threads.runs.cancel(run.id, thread_id=run.thread_id)
    monkeypatch.setattr(recovery_module, "owner_alive", lambda owner: False)  # it has exited
    with open_client(emu, store) as later:
        sent = len(emu.requests)
        again = later.beta.threads.runs.retrieve(run.id, thread_id=run.thread_id)
        assert [r.status for r in later.beta.threads.runs.list(run.thread_id)] == [
            "cancelled"]
    assert again.status == "cancelled" and len(emu.requests) == sent


# --- expiry ---------------------------------------------------------------------------------

def test_a_run_still_going_after_ten_minutes_expires_and_frees_the_thread(
        client: AssistantsClient, emu: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    run = started(client)
    assert run.expires_at == run.created_at + 600
    clock_at(monkeypatch, run.created_at + 599)
    assert client.beta.threads.runs.retrieve(run.id, thread_id=run.thread_id).status \
        == "in_progress"
    clock_at(monkeypatch, run.created_at + 600)
    expired = client.beta.threads.runs.retrieve(run.id, thread_id=run.thread_id)
    assert (expired.status, expired.expires_at) == ("expired", run.created_at + 600)
    assert responses_of(emu, run.thread_id) == ["cancelled"]
    assert [(r.id, r.status) for r in client.beta.threads.runs.list(run.thread_id)] == [
        (run.id, "expired")]
    assert client.beta.threads.runs.retrieve(run.id, thread_id=run.thread_id).status \
        == "expired"
    next_run_completes(client, run.thread_id, run.assistant_id)


@pytest.mark.parametrize("streamed", [False, True], ids=["plain", "streamed"])
def test_a_queued_run_past_its_ten_minutes_expires_when_given_outputs(
        client: AssistantsClient, emu: Emulator, monkeypatch: pytest.MonkeyPatch,
        streamed: bool) -> None:
    run = started(client)
    clock_at(monkeypatch, run.created_at + 600)
    outputs = [{"tool_call_id": "call_none", "output": "late"}]
    with pytest.raises(BadRequestError, match="Runs in status 'expired' do not accept"):
        send_outputs(client, run, outputs, streamed)
    assert responses_of(emu, run.thread_id) == ["cancelled"]
    assert client.beta.threads.runs.retrieve(run.id, thread_id=run.thread_id).status \
        == "expired"


def test_outputs_still_being_answered_when_the_run_expires_are_answered_on_the_thread(
        client: AssistantsClient, emu: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    run = waiting(client, "get_weather")
    (call_id,) = call_ids(run)
    going = client.beta.threads.runs.submit_tool_outputs(
        run.id, thread_id=run.thread_id, tool_outputs=[{"tool_call_id": call_id,
                                                        "output": "sunny"}])
    assert going.status == "queued"
    clock_at(monkeypatch, run.created_at + 600)
    expired = client.beta.threads.runs.retrieve(run.id, thread_id=run.thread_id)
    assert expired.status == "expired"
    assert outputs_on_service(emu, run.thread_id) == {call_id: [EXPIRED]}
    monkeypatch.undo()
    next_run_completes(client, run.thread_id, run.assistant_id)


@pytest.mark.parametrize("conversations", [True, False], ids=["conversation", "store-only"])
def test_every_call_of_a_waiting_run_that_expires_is_answered_once(
        emu: Emulator, store: Path, monkeypatch: pytest.MonkeyPatch,
        conversations: bool) -> None:
    names = [f"tool{n:02}" for n in range(21)]  # more than the 20 items of one request
    with open_client(emu, store, conversations) as client:
        run = waiting(client, *names)
        assert len(call_ids(run)) == 21
        clock_at(monkeypatch, run.created_at + 600)
        since = len(emu.requests)
        expired = client.beta.threads.runs.retrieve(run.id, thread_id=run.thread_id)
        # its response has finished: nothing to cancel on the service
        assert not [r for r in emu.requests[since:] if CANCEL.search(r.path)]
        assert (expired.status, expired.required_action) == ("expired", None)
        answered = outputs_on_service(emu, run.thread_id)
        assert answered == ({c: [EXPIRED] for c in call_ids(run)} if conversations else {})
        (step,) = client.beta.threads.runs.steps.list(run.id, thread_id=run.thread_id).data
        assert step.status == "expired" and step.expired_at == run.created_at + 600


def test_outputs_whose_response_failed_unseen_are_answered_when_the_run_expires(
        client: AssistantsClient, emu: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    run = waiting(client, "get_weather")
    (call_id,) = call_ids(run)
    emu.responses.script_response(fail={"code": "server_error"})
    client.beta.threads.runs.submit_tool_outputs(
        run.id, thread_id=run.thread_id, tool_outputs=[{"tool_call_id": call_id,
                                                        "output": "sunny"}])
    newest = emu.stored("response")[-1]["id"]
    for _ in range(3):  # polled by someone else: it fails unseen by the bridge
        requests.get(f"{emu.base_url}/responses/{newest}", timeout=10,
                     headers={"Authorization": f"Bearer {emu.api_key}"}).raise_for_status()
    assert responses_of(emu, run.thread_id)[-1] == "failed"
    clock_at(monkeypatch, run.created_at + 600)
    with pytest.raises(BadRequestError, match="Runs in status 'expired' do not accept"):
        client.beta.threads.runs.submit_tool_outputs(
            run.id, thread_id=run.thread_id, tool_outputs=[{"tool_call_id": call_id,
                                                            "output": "again"}])
    assert outputs_on_service(emu, run.thread_id) == {call_id: [EXPIRED]}


@pytest.mark.parametrize("streamed", [False, True], ids=["plain", "streamed"])
def test_tool_outputs_sent_after_the_run_expired_are_refused(
        client: AssistantsClient, emu: Emulator, monkeypatch: pytest.MonkeyPatch,
        streamed: bool) -> None:
    run = waiting(client, "get_weather")
    (call_id,) = call_ids(run)
    clock_at(monkeypatch, run.created_at + 600)
    outputs = [{"tool_call_id": call_id, "output": "late"}]
    with pytest.raises(BadRequestError, match="Runs in status 'expired' do not accept"):
        send_outputs(client, run, outputs, streamed)
    assert outputs_on_service(emu, run.thread_id) == {call_id: [EXPIRED]}


# --- a tool-output response that fails -------------------------------------------------------

@pytest.mark.parametrize("ending", ["failed", "cancelled", "failed, streamed"])
def test_outputs_whose_response_failed_are_answered_on_the_thread(
        client: AssistantsClient, emu: Emulator, ending: str) -> None:
    run = waiting(client, "get_weather", "get_time")
    calls = call_ids(run)
    if ending.startswith("failed"):
        emu.responses.script_response(fail={"code": "server_error"})
    else:  # the service stopped the response itself
        emu.responses.script_response(status="cancelled")
    outputs = [{"tool_call_id": c, "output": "warm"} for c in calls]
    if ending.endswith("streamed"):
        send_outputs(client, run, outputs, streamed=True)
        failed = client.beta.threads.runs.retrieve(run.id, thread_id=run.thread_id)
    else:
        failed = client.beta.threads.runs.submit_tool_outputs_and_poll(
            run_id=run.id, thread_id=run.thread_id, poll_interval_ms=1, tool_outputs=outputs)
    assert failed.status == ending.split(",")[0]
    assert outputs_on_service(emu, run.thread_id) == {c: [UNANSWERED] for c in calls}
    next_run_completes(client, run.thread_id, run.assistant_id)


# --- tool steps ------------------------------------------------------------------------------

def test_cancelling_a_waiting_run_closes_its_own_tool_step_only(
        client: AssistantsClient) -> None:
    other = waiting(client, "get_weather")
    run = waiting(client, "get_weather")
    cancelled = client.beta.threads.runs.cancel(run.id, thread_id=run.thread_id)
    assert (cancelled.status, cancelled.expires_at) == ("cancelled", None)
    (step,) = client.beta.threads.runs.steps.list(run.id, thread_id=run.thread_id).data
    assert (step.status, step.cancelled_at) == ("cancelled", cancelled.cancelled_at)
    (untouched,) = client.beta.threads.runs.steps.list(other.id,
                                                       thread_id=other.thread_id).data
    assert (untouched.status, untouched.cancelled_at) == ("in_progress", None)


def test_tool_outputs_complete_their_own_runs_tool_step_only(
        client: AssistantsClient) -> None:
    other = waiting(client, "get_weather")
    run = waiting(client, "get_weather")
    (call_id,) = call_ids(run)
    client.beta.threads.runs.submit_tool_outputs(
        run.id, thread_id=run.thread_id, tool_outputs=[{"tool_call_id": call_id}])
    (step,) = client.beta.threads.runs.steps.list(run.id, thread_id=run.thread_id).data
    assert step.status == "completed"
    (answered,) = getattr(step.step_details, "tool_calls", [])
    assert answered.function.output == ""  # an output given without one is empty
    (untouched,) = client.beta.threads.runs.steps.list(other.id,
                                                       thread_id=other.thread_id).data
    assert untouched.status == "in_progress"


# --- what a run shows of its life: when it started and ended, and what it used ------------

def usage_on_service(emu: Emulator, thread_id: str) -> List[Dict[str, int]]:
    return [r["usage"] for r in emu.stored("response")
            if (r.get("conversation") or {}).get("id") == thread_id and r.get("usage")]


def test_a_polled_run_shows_when_it_started_and_completed_and_no_expiry_once_done(
        client: AssistantsClient, emu: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    clock_at(monkeypatch, 1_000)
    run = started(client)
    read = client.beta.threads.runs.retrieve
    assert (run.status, run.started_at, run.expires_at, run.usage) == (
        "queued", None, 1_600, None)
    seen = []
    for second in (1_010, 1_020, 1_030):
        clock_at(monkeypatch, second)
        seen.append(read(run.id, thread_id=run.thread_id))
    assert [(r.status, r.started_at, r.completed_at, r.expires_at) for r in seen] == [
        ("in_progress", 1_010, None, 1_600),
        ("in_progress", 1_010, None, 1_600),
        ("completed", 1_010, 1_030, None)]
    done = seen[-1]
    assert (done.failed_at, done.cancelled_at) == (None, None)
    (used,) = usage_on_service(emu, run.thread_id)
    assert done.usage is not None and (done.usage.prompt_tokens, done.usage.completion_tokens,
                                       done.usage.total_tokens) == (
        used["input_tokens"], used["output_tokens"], used["total_tokens"])
    (step,) = client.beta.threads.runs.steps.list(run.id, thread_id=run.thread_id).data
    assert (step.type, step.status) == ("message_creation", "completed")
    reply = client.beta.threads.messages.list(run.thread_id, run_id=run.id).data[0]
    assert reply.text == "You said: hello"


def test_a_run_first_seen_finished_started_when_it_was_seen(
        store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Emulator(flavor="openai", response_steps_to_complete=1,
                  response_seconds_to_complete=None) as quick, \
            open_client(quick, store) as client:
        clock_at(monkeypatch, 3_000)
        run = started(client)
        clock_at(monkeypatch, 3_007)
        done = client.beta.threads.runs.retrieve(run.id, thread_id=run.thread_id)
    assert (run.status, run.started_at) == ("queued", None)
    assert (done.status, done.started_at, done.completed_at) == ("completed", 3_007, 3_007)


@pytest.mark.parametrize("ending", ["failed", "incomplete"])
def test_a_run_that_fails_or_stops_short_shows_when_and_no_expiry(
        client: AssistantsClient, emu: Emulator, monkeypatch: pytest.MonkeyPatch,
        ending: str) -> None:
    if ending == "failed":
        emu.responses.script_response(fail={"code": "server_error"})
    else:
        emu.responses.script_response(status="incomplete")
    clock_at(monkeypatch, 2_000)
    run = started(client, polls=1)
    clock_at(monkeypatch, 2_050)
    for _ in range(2):
        run = client.beta.threads.runs.retrieve(run.id, thread_id=run.thread_id)
    assert (run.status, run.started_at, run.expires_at, run.completed_at,
            run.cancelled_at) == (ending, 2_000, None, None, None)
    assert run.failed_at == (2_050 if ending == "failed" else None)


def test_a_cancelled_run_has_no_expiry(client: AssistantsClient) -> None:
    run = started(client, polls=1)
    cancelled = client.beta.threads.runs.cancel(run.id, thread_id=run.thread_id)
    again = client.beta.threads.runs.retrieve(run.id, thread_id=run.thread_id)
    assert [(r.status, r.expires_at) for r in (cancelled, again)] == [
        ("cancelled", None), ("cancelled", None)]


def test_a_runs_usage_is_the_sum_of_its_responses_and_reading_it_adds_nothing(
        client: AssistantsClient, emu: Emulator) -> None:
    run = waiting(client, "get_weather")
    for _ in range(3):  # a waiting run read again and again
        run = client.beta.threads.runs.retrieve(run.id, thread_id=run.thread_id)
    (first,) = usage_on_service(emu, run.thread_id)
    assert run.usage is not None and (run.usage.prompt_tokens, run.usage.completion_tokens) \
        == (first["input_tokens"], first["output_tokens"])
    done = client.beta.threads.runs.submit_tool_outputs_and_poll(
        run_id=run.id, thread_id=run.thread_id, poll_interval_ms=1,
        tool_outputs=[{"tool_call_id": c, "output": "warm"} for c in call_ids(run)])
    for _ in range(2):
        done = client.beta.threads.runs.retrieve(run.id, thread_id=run.thread_id)
    used = usage_on_service(emu, run.thread_id)
    assert len(used) == 2 and done.status == "completed" and done.usage is not None
    assert (done.usage.prompt_tokens, done.usage.completion_tokens,
            done.usage.total_tokens) == tuple(
        sum(u[k] for u in used) for k in ("input_tokens", "output_tokens", "total_tokens"))
    assert done.usage.prompt_tokens > first["input_tokens"]  # the second response counted


def test_a_run_an_older_bridge_left_without_a_response_reads_as_failed_for_everyone(
        client: AssistantsClient, emu: Emulator, store: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Bridges before run intents recorded a streamed run's response only once the stream
    named it; a stream that broke first left an active run with nothing to poll."""
    run = started(client, polls=1)

    def as_left_by_an_older_bridge(doc: Dict[str, Any]) -> Dict[str, Any]:
        doc["_bridge"].update(responses=[], intent=None)
        return doc

    with BridgeStore(store) as records:
        records.update("run", run.id, as_left_by_an_older_bridge)
    clock_at(monkeypatch, 4_000)
    failed = client.beta.threads.runs.retrieve(run.id, thread_id=run.thread_id)
    assert (failed.status, failed.failed_at) == ("failed", 4_000)
    assert failed.last_error is not None and (failed.last_error.code,
                                              failed.last_error.message) == (
        "server_error", "the run's stream ended before its response was created")
    monkeypatch.undo()
    with open_client(emu, store) as other:
        assert [(r.id, r.status, r.failed_at) for r in other.beta.threads.runs.list(
            run.thread_id)] == [(run.id, "failed", 4_000)]


# --- a process stopped while the service took a request ---------------------------------------

def stop_after_the_service_took_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """The next ``POST /responses`` reaches the service, then the caller is interrupted
    (Ctrl-C) before the bridge records the answer."""
    real = ResponsesBridge._post_response

    def interrupted(self: Any, *args: Any, **kwargs: Any) -> Any:
        real(self, *args, **kwargs)
        monkeypatch.setattr(ResponsesBridge, "_post_response", real)
        raise KeyboardInterrupt

    monkeypatch.setattr(ResponsesBridge, "_post_response", interrupted)


def test_a_run_whose_start_was_interrupted_is_found_going_and_not_cancelled_blindly(
        client: AssistantsClient, emu: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    assistant = client.beta.assistants.create(model="gpt-4o")
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "hello"}])
    stop_after_the_service_took_it(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        client.beta.threads.runs.create(thread.id, assistant_id=assistant.id)
    assert responses_of(emu, thread.id) == ["queued"]
    (run,) = client.beta.threads.runs.list(thread.id).data
    assert run.status == "in_progress"  # the service took it: it may be going
    with pytest.raises(BadRequestError, match="still being started"):
        client.beta.threads.runs.cancel(run.id, thread_id=thread.id)
    assert responses_of(emu, thread.id) == ["queued"]


@pytest.mark.parametrize("starting", ["create", "tool outputs"])
def test_a_run_interrupted_just_after_its_response_was_named_goes_on_for_the_next_reader(
        client: AssistantsClient, emu: Emulator, monkeypatch: pytest.MonkeyPatch,
        starting: str) -> None:
    """Ctrl-C after the bridge recorded the service's answer, before it read the answer's
    state: the run is not left waiting for a process that is gone."""
    run = waiting(client, "get_weather") if starting == "tool outputs" else None
    assistant_id = run.assistant_id if run else \
        client.beta.assistants.create(model="gpt-4o").id
    thread_id = run.thread_id if run else client.beta.threads.create(
        messages=[{"role": "user", "content": "hello"}]).id
    real = convert_module.run_fields_from_response

    def interrupted(response: Any) -> Any:
        monkeypatch.setattr(runs_module, "run_fields_from_response", real)
        raise KeyboardInterrupt

    monkeypatch.setattr(runs_module, "run_fields_from_response", interrupted)
    with pytest.raises(KeyboardInterrupt):
        if run is None:
            client.beta.threads.runs.create(thread_id, assistant_id=assistant_id)
        else:
            client.beta.threads.runs.submit_tool_outputs(
                run.id, thread_id=thread_id,
                tool_outputs=[{"tool_call_id": c, "output": "sunny"} for c in call_ids(run)])
    (listed,) = client.beta.threads.runs.list(thread_id).data
    statuses = [client.beta.threads.runs.retrieve(listed.id, thread_id=thread_id).status
                for _ in range(3)]
    assert statuses == ["in_progress", "in_progress", "completed"]
    assert len(responses_of(emu, thread_id)) == (1 if run is None else 2)


@pytest.mark.parametrize("streamed", [False, True], ids=["plain", "streamed"])
def test_tool_outputs_whose_answer_was_interrupted_are_not_sent_again(
        client: AssistantsClient, emu: Emulator, monkeypatch: pytest.MonkeyPatch,
        streamed: bool) -> None:
    run = waiting(client, "get_weather")
    outputs = [{"tool_call_id": call_ids(run)[0], "output": "sunny"}]
    stop_after_the_service_took_it(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        client.beta.threads.runs.submit_tool_outputs(run.id, thread_id=run.thread_id,
                                                     tool_outputs=outputs)
    sent = len(responses_of(emu, run.thread_id))
    with pytest.raises(BadRequestError, match="Runs in status 'in_progress' do not accept"):
        send_outputs(client, run, outputs, streamed)
    assert len(responses_of(emu, run.thread_id)) == sent


@pytest.mark.parametrize("ending", ["cancel", "outputs"])
def test_the_tool_step_of_a_runs_22nd_round_of_calls_is_closed(
        client: AssistantsClient, ending: str) -> None:
    names = [f"tool{n:02}" for n in range(22)]  # one call a round: more than 20 steps
    assistant = client.beta.assistants.create(model="gpt-4o",
                                              tools=[tool(name) for name in names])
    thread = client.beta.threads.create(messages=[
        {"role": "user", "content": "call " + " ".join(names)}])
    runs = client.beta.threads.runs
    run = runs.create_and_poll(thread.id, assistant_id=assistant.id, poll_interval_ms=1,
                               parallel_tool_calls=False)
    for _ in range(21):
        run = runs.submit_tool_outputs_and_poll(
            run_id=run.id, thread_id=thread.id, poll_interval_ms=1,
            tool_outputs=[{"tool_call_id": c, "output": "done"} for c in call_ids(run)])
    assert run.status == "requires_action"
    if ending == "cancel":
        runs.cancel(run.id, thread_id=thread.id)
    else:
        runs.submit_tool_outputs(run.id, thread_id=thread.id, tool_outputs=[
            {"tool_call_id": c, "output": "done"} for c in call_ids(run)])
    steps = runs.steps.list(run.id, thread_id=thread.id, order="asc", limit=100).data
    assert len(steps) == 22
    expected = "cancelled" if ending == "cancel" else "completed"
    assert [s.status for s in steps] == ["completed"] * 21 + [expected]


def test_tool_outputs_the_service_refused_leave_the_run_waiting_as_it_was(
        client: AssistantsClient, emu: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    run = waiting(client, "get_weather")
    outputs = [{"tool_call_id": call_ids(run)[0], "output": "sunny"}]
    emu.inject("status", route="POST /responses", code=400)
    with pytest.raises(BadRequestError):
        client.beta.threads.runs.submit_tool_outputs(run.id, thread_id=run.thread_id,
                                                     tool_outputs=outputs)
    # Even once this process is gone, nothing is left to look for.
    monkeypatch.setattr(recovery_module, "owner_alive", lambda owner: False)
    again = client.beta.threads.runs.retrieve(run.id, thread_id=run.thread_id)
    assert (again.status, call_ids(again)) == ("requires_action", call_ids(run))
    assert [(r.id, r.status) for r in client.beta.threads.runs.list(run.thread_id)] == [
        (run.id, "requires_action")]
    monkeypatch.undo()
    done = client.beta.threads.runs.submit_tool_outputs_and_poll(
        run_id=run.id, thread_id=run.thread_id, tool_outputs=outputs, poll_interval_ms=1)
    assert done.status == "completed"


def test_of_two_runs_started_on_one_thread_at_once_the_later_is_refused(
        client: AssistantsClient, emu: Emulator, store: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    assistant = client.beta.assistants.create(model="gpt-4o")
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "hello"}])
    real = ResponsesBridge._new_run
    others: List[Run] = []

    def racing(self: Any, *args: Any, **kwargs: Any) -> Any:
        made = real(self, *args, **kwargs)  # checked: no active run yet
        monkeypatch.setattr(ResponsesBridge, "_new_run", real)
        with open_client(emu, store) as other:  # another process gets in first
            others.append(other.beta.threads.runs.create(thread.id, assistant_id=assistant.id))
        return made

    monkeypatch.setattr(ResponsesBridge, "_new_run", racing)
    with pytest.raises(BadRequestError) as caught:
        client.beta.threads.runs.create(thread.id, assistant_id=assistant.id)
    (first,) = others
    error = caught.value
    assert (error.status_code, error.type) == (400, "invalid_request_error")
    assert error.message == f"Thread {thread.id} already has an active run {first.id}."
    assert [r.id for r in client.beta.threads.runs.list(thread.id).data] == [first.id]


def test_a_run_the_service_refused_to_start_leaves_no_run(
        client: AssistantsClient, emu: Emulator) -> None:
    assistant = client.beta.assistants.create(model="gpt-4o")
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "hello"}])
    emu.inject("status", route="POST /responses", code=400)
    with pytest.raises(BadRequestError):
        client.beta.threads.runs.create(thread.id, assistant_id=assistant.id)
    assert client.beta.threads.runs.list(thread.id).data == []
    run = client.beta.threads.runs.create_and_poll(thread.id, assistant_id=assistant.id,
                                                   poll_interval_ms=1)
    assert run.status == "completed"
