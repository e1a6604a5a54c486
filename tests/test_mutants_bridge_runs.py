"""What the bridge sends and lists for a run, as a user sees it: the input window of a
store-only thread (its own newest messages, as many as the truncation strategy allows) and
paging of runs and run steps, against the emulator's Responses flavor. Written for surviving
mutants of multiassist/bridge/runs.py (tests/MUTATION.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import pytest

from multiassist import AssistantsClient, BadRequestError, NotFoundError
from multiassist.models import Run
from multiassist.streaming import ThreadCreated
from multiassist.testing import Emulator

WEATHER = {"type": "function", "function": {
    "name": "get_weather", "description": "The weather in a city",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                   "required": ["city"]}}}


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator(flavor="openai") as running:
        yield running


def bridge_client(emu: Emulator, tmp_path: Path, conversations: bool) -> AssistantsClient:
    return AssistantsClient(provider="openai-responses", base_url=emu.base_url,
                            api_key=emu.api_key, store=tmp_path / "bridge.sqlite3",
                            conversations=conversations)


@pytest.fixture
def store_only(emu: Emulator, tmp_path: Path) -> Iterator[AssistantsClient]:
    with bridge_client(emu, tmp_path, False) as made:
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


def two_runs(client: AssistantsClient) -> Tuple[str, Run, Run]:
    """A thread with two finished runs, oldest first."""
    assistant = client.beta.assistants.create(model="gpt-4o")
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "one"}])
    runs = [client.beta.threads.runs.create_and_poll(thread.id, assistant_id=assistant.id,
                                                     poll_interval_ms=5) for _ in range(2)]
    return thread.id, runs[0], runs[1]


def test_runs_and_run_steps_are_listed_a_page_at_a_time(store_only: AssistantsClient) -> None:
    thread_id, first, second = two_runs(store_only)
    page = store_only.beta.threads.runs.list(thread_id, limit=1)
    assert [run.id for run in page.data] == [second.id] and page.has_more
    older = store_only.beta.threads.runs.list(thread_id, limit=1, after=second.id)
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
    tool_step = steps.data[0]
    assert tool_step.status == "completed" and tool_step.completed_at is not None
    outputs = [(c.function.name, c.function.output)
               for c in getattr(tool_step.step_details, "tool_calls", [])]
    assert outputs == [("get_weather", "sunny")]
    first = store_only.beta.threads.runs.steps.list(done.id, thread_id=thread.id, limit=1,
                                                     order="asc")
    assert [s.id for s in first.data] == [steps.data[0].id] and first.has_more


def test_a_step_asked_for_under_another_run_is_named_in_the_404(
        store_only: AssistantsClient) -> None:
    thread_id, first, second = two_runs(store_only)
    step = store_only.beta.threads.runs.steps.list(first.id, thread_id=thread_id).data[0]
    with pytest.raises(NotFoundError) as caught:
        store_only.beta.threads.runs.steps.retrieve(step.id, thread_id=thread_id,
                                                    run_id=second.id)
    assert f"No run step found with id '{step.id}'." in str(caught.value)


@pytest.mark.parametrize("conversations", [True, False], ids=["conversation", "store-only"])
def test_a_run_keeps_the_options_it_was_created_with(
        emu: Emulator, tmp_path: Path, conversations: bool) -> None:
    with bridge_client(emu, tmp_path, conversations) as client:
        check_the_options_of_a_run(client)


def check_the_options_of_a_run(store_only: AssistantsClient) -> None:
    assistant = store_only.beta.assistants.create(
        model="gpt-4o", instructions="Be brief.", temperature=0.5, top_p=0.9,
        response_format={"type": "json_object"})
    thread = store_only.beta.threads.create()
    run = store_only.beta.threads.runs.create_and_poll(
        thread.id, assistant_id=assistant.id, poll_interval_ms=5, model="gpt-4o-mini",
        additional_instructions="Answer in French.", tools=[WEATHER],
        metadata={"ticket": "T-7"}, temperature=0.2, top_p=0.3, max_prompt_tokens=5000,
        max_completion_tokens=4000, response_format={"type": "text"}, tool_choice="none",
        parallel_tool_calls=False,
        additional_messages=[{"role": "user", "content": "added text",
                              "metadata": {"source": "form"}}])
    assert run.status == "completed" and run.id.startswith("run_")
    assert run.object == "thread.run"
    assert (run.model, run.instructions) == ("gpt-4o-mini", "Be brief.\n\nAnswer in French.")
    assert [tool.type for tool in run.tools] == ["function"]
    assert (run.metadata, run.temperature, run.top_p) == ({"ticket": "T-7"}, 0.2, 0.3)
    assert (run.max_prompt_tokens, run.max_completion_tokens) == (5000, 4000)
    assert getattr(run.response_format, "type", None) == "text"
    assert (run.tool_choice, run.parallel_tool_calls) == ("none", False)
    assert run.truncation_strategy is not None
    assert (run.truncation_strategy.type, run.truncation_strategy.last_messages) == (
        "auto", None)
    messages = store_only.beta.threads.messages.list(thread.id, order="asc").data
    assert [(m.role, m.text, m.metadata, m.attachments, m.run_id, m.assistant_id)
            for m in messages] == [
        ("user", "added text", {"source": "form"}, [], None, None),
        ("assistant", "You said: added text", {}, [], run.id, assistant.id)]


def test_a_run_takes_what_it_is_not_given_from_its_assistant(
        store_only: AssistantsClient) -> None:
    assistant = store_only.beta.assistants.create(
        model="gpt-4o", instructions="Be brief.", temperature=0.5, top_p=0.9,
        tools=[WEATHER], response_format={"type": "json_object"})
    thread = store_only.beta.threads.create(messages=[{"role": "user", "content": "hi"}])
    run = store_only.beta.threads.runs.create_and_poll(
        thread.id, assistant_id=assistant.id, poll_interval_ms=5,
        additional_messages=[{"content": "role left out"}])
    assert run.status == "completed"
    assert (run.model, run.instructions, run.temperature, run.top_p) == (
        "gpt-4o", "Be brief.", 0.5, 0.9)
    assert [tool.type for tool in run.tools] == ["function"]
    assert getattr(run.response_format, "type", None) == "json_object"
    assert (run.metadata, run.tool_choice, run.parallel_tool_calls) == ({}, "auto", True)
    added = store_only.beta.threads.messages.list(thread.id, order="asc").data[1]
    assert (added.role, added.text, added.metadata) == ("user", "role left out", {})


def test_a_run_of_an_assistant_without_instructions_has_none(
        store_only: AssistantsClient) -> None:
    assistant = store_only.beta.assistants.create(model="gpt-4o")
    thread = store_only.beta.threads.create(messages=[{"role": "user", "content": "hi"}])
    run = store_only.beta.threads.runs.create_and_poll(thread.id, assistant_id=assistant.id,
                                                       poll_interval_ms=5)
    assert (run.status, run.instructions) == ("completed", "")


def test_a_streamed_create_and_run_makes_its_thread_first(
        store_only: AssistantsClient) -> None:
    assistant = store_only.beta.assistants.create(model="gpt-4o")
    with store_only.beta.threads.create_and_run_stream(
        assistant_id=assistant.id,
        thread={"messages": [{"role": "user", "content": "streamed"}],
                "metadata": {"origin": "stream"}},
    ) as stream:
        first = next(stream)
        assert isinstance(first, ThreadCreated)
        run = stream.get_final_run()
    assert run.thread_id == first.data.id and run.status == "completed"
    assert first.data.metadata == {"origin": "stream"}
    assert [m.text for m in stream.get_final_messages()] == ["You said: streamed"]
    thread = store_only.beta.threads.retrieve(first.data.id)
    assert thread.metadata == {"origin": "stream"}
    texts = [(m.role, m.text) for m in
             store_only.beta.threads.messages.list(thread.id, order="asc").data]
    assert texts == [("user", "streamed"), ("assistant", "You said: streamed")]


def test_tool_outputs_for_a_finished_run_are_refused_by_name(
        store_only: AssistantsClient) -> None:
    assistant = store_only.beta.assistants.create(model="gpt-4o")
    thread = store_only.beta.threads.create(messages=[{"role": "user", "content": "hi"}])
    run = store_only.beta.threads.runs.create_and_poll(thread.id, assistant_id=assistant.id,
                                                       poll_interval_ms=5)
    with pytest.raises(BadRequestError) as caught:
        store_only.beta.threads.runs.submit_tool_outputs(
            run.id, thread_id=thread.id, tool_outputs=[{"tool_call_id": "call_1",
                                                        "output": "x"}])
    error = caught.value
    assert (error.status_code, error.type, error.param) == (
        400, "invalid_request_error", "tool_outputs")
    assert "Runs in status 'completed' do not accept tool outputs." in str(error)


@pytest.fixture
def conversational(emu: Emulator, tmp_path: Path) -> Iterator[AssistantsClient]:
    with bridge_client(emu, tmp_path, True) as made:
        yield made


def test_a_second_run_is_refused_while_one_is_active_and_adds_nothing(
        conversational: AssistantsClient) -> None:
    client = conversational
    assistant = client.beta.assistants.create(model="gpt-4o")
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "one"}])
    first = client.beta.threads.runs.create(thread.id, assistant_id=assistant.id)
    with pytest.raises(BadRequestError) as caught:
        client.beta.threads.runs.create(
            thread.id, assistant_id=assistant.id,
            additional_messages=[{"role": "user", "content": "not added"}])
    error = caught.value
    assert (error.status_code, error.type) == (400, "invalid_request_error")
    assert f"Thread {thread.id} already has an active run {first.id}." in str(error)
    assert [m.text for m in client.beta.threads.messages.list(thread.id).data] == ["one"]
    done = client.beta.threads.runs.poll(first.id, thread_id=thread.id, poll_interval_ms=5)
    assert done.status == "completed"


def test_instructions_given_to_a_run_replace_its_assistants(
        store_only: AssistantsClient) -> None:
    assistant = store_only.beta.assistants.create(model="gpt-4o", instructions="Be brief.")
    thread = store_only.beta.threads.create(messages=[{"role": "user", "content": "hi"}])
    run = store_only.beta.threads.runs.create_and_poll(
        thread.id, assistant_id=assistant.id, poll_interval_ms=5, instructions="Only this.",
        additional_instructions="Also this.")
    assert (run.status, run.instructions) == ("completed", "Only this.\n\nAlso this.")


@pytest.mark.parametrize("conversations", [True, False], ids=["conversation", "store-only"])
def test_added_messages_keep_their_role_and_attachments(
        emu: Emulator, tmp_path: Path, conversations: bool) -> None:
    with bridge_client(emu, tmp_path, conversations) as client:
        data = client.files.create(file=("data.csv", b"a,b\n1,2\n"), purpose="assistants")
        attached = [{"file_id": data.id, "tools": [{"type": "code_interpreter"}]}]
        assistant = client.beta.assistants.create(model="gpt-4o")
        thread = client.beta.threads.create()
        run = client.beta.threads.runs.create_and_poll(
            thread.id, assistant_id=assistant.id, poll_interval_ms=5, additional_messages=[
                {"role": "assistant", "content": "an earlier answer"},
                {"role": "user", "content": "the data", "attachments": attached}])
        assert run.status == "completed"
        messages = client.beta.threads.messages.list(thread.id, order="asc").data
    shown = [(m.role, m.text, [(a.file_id, [t.type for t in a.tools or []])
                               for a in m.attachments or []]) for m in messages[:2]]
    assert shown == [("assistant", "an earlier answer", []),
                     ("user", "the data", [(data.id, ["code_interpreter"])])]


def test_a_run_keeps_its_reasoning_effort_when_its_assistant_changes(
        emu: Emulator, conversational: AssistantsClient) -> None:
    client = conversational
    assistant = client.beta.assistants.create(model="gpt-4o", reasoning_effort="low",
                                              tools=[WEATHER])
    thread = client.beta.threads.create(messages=[
        {"role": "user", "content": "call get_weather city=Rome"}])
    since = len(emu.requests)
    waiting = client.beta.threads.runs.create_and_poll(thread.id, assistant_id=assistant.id,
                                                       poll_interval_ms=5)
    assert waiting.status == "requires_action" and waiting.required_action is not None
    client.beta.assistants.update(assistant.id, reasoning_effort="high")
    calls = waiting.required_action.submit_tool_outputs.tool_calls
    done = client.beta.threads.runs.submit_tool_outputs_and_poll(
        tool_outputs=[{"tool_call_id": c.id, "output": "sunny"} for c in calls],
        run_id=waiting.id, thread_id=thread.id, poll_interval_ms=5)
    assert done.status == "completed"
    sent = [r.json["reasoning"] for r in emu.requests[since:]
            if r.method == "POST" and r.path.endswith("/responses")]
    assert sent == [{"effort": "low"}, {"effort": "low"}]


def test_a_streamed_create_and_run_gives_its_new_thread_the_tool_resources(
        conversational: AssistantsClient) -> None:
    client = conversational
    data = client.files.create(file=("data.csv", b"a,b\n1,2\n"), purpose="assistants")
    assistant = client.beta.assistants.create(model="gpt-4o",
                                              tools=[{"type": "code_interpreter"}])
    with client.beta.threads.create_and_run_stream(
            assistant_id=assistant.id,
            tool_resources={"code_interpreter": {"file_ids": [data.id]}}) as stream:
        first = next(stream)
        assert isinstance(first, ThreadCreated)
        run = stream.get_final_run()
    assert run.status == "completed" and run.thread_id == first.data.id
    thread = client.beta.threads.retrieve(run.thread_id)
    resources = thread.tool_resources
    assert resources is not None and resources.code_interpreter is not None
    assert resources.code_interpreter.file_ids == [data.id]


def test_a_streamed_run_adds_its_messages_to_a_conversation_thread(
        conversational: AssistantsClient) -> None:
    client = conversational
    assistant = client.beta.assistants.create(model="gpt-4o")
    thread = client.beta.threads.create()
    with client.beta.threads.runs.stream(
            thread.id, assistant_id=assistant.id,
            additional_messages=[{"role": "user", "content": "streamed words"}]) as stream:
        run = stream.get_final_run()
    assert run.status == "completed"
    texts = [(m.role, m.text) for m in
             client.beta.threads.messages.list(thread.id, order="asc").data]
    assert texts == [("user", "streamed words"), ("assistant", "You said: streamed words")]


def test_one_run_step_shows_search_result_text_only_when_asked(
        store_only: AssistantsClient) -> None:
    content = "step_details.tool_calls[*].file_search.results[*].content"
    facts = store_only.files.create(file=("facts.txt", b"Paris is in France.\n"),
                                    purpose="assistants")
    kb = store_only.beta.vector_stores.create(name="kb", file_ids=[facts.id])
    assistant = store_only.beta.assistants.create(
        model="gpt-4o", tools=[{"type": "file_search"}],
        tool_resources={"file_search": {"vector_store_ids": [kb.id]}})
    thread = store_only.beta.threads.create(messages=[
        {"role": "user", "content": "search Paris"}])
    run = store_only.beta.threads.runs.create_and_poll(thread.id, assistant_id=assistant.id,
                                                       poll_interval_ms=5)
    steps = store_only.beta.threads.runs.steps
    (step_id,) = [s.id for s in steps.list(run.id, thread_id=thread.id).data
                  if s.type == "tool_calls"]

    def result_text(**options: Any) -> Any:
        step = steps.retrieve(step_id, thread_id=thread.id, run_id=run.id, **options)
        (search,) = getattr(step.step_details, "tool_calls", [])
        (result,) = search.file_search.results
        assert result.file_id == facts.id
        return result.content

    assert result_text() is None
    shown = result_text(include=[content])
    assert shown is not None and "Paris is in France." in shown[0].text


def test_a_run_and_its_added_message_carry_every_field_the_wire_names(
        store_only: AssistantsClient) -> None:
    # Fields the Assistants API always sends, null or not: a program reading the JSON (raw
    # responses, openai-python's model_dump) must find them.
    assistant = store_only.beta.assistants.create(model="gpt-4o")
    thread = store_only.beta.threads.create()
    run = store_only.beta.threads.runs.create_and_poll(
        thread.id, assistant_id=assistant.id, poll_interval_ms=5,
        additional_messages=[{"role": "user", "content": "added"}])
    raw = store_only.beta.threads.runs.with_raw_response.retrieve(run.id, thread_id=thread.id)
    shown = raw.json()
    assert {k: shown[k] for k in ("status", "required_action", "last_error",
                                  "incomplete_details")} == {
        "status": "completed", "required_action": None, "last_error": None,
        "incomplete_details": None}
    assert shown["truncation_strategy"] == {"type": "auto", "last_messages": None}
    listed = store_only.beta.threads.messages.with_raw_response.list(thread.id, order="asc")
    added, reply = listed.json()["data"]
    fields = ("role", "metadata", "attachments", "assistant_id", "run_id")
    assert {k: added[k] for k in fields} == {
        "role": "user", "metadata": {}, "attachments": [], "assistant_id": None,
        "run_id": None}
    assert {k: reply[k] for k in fields} == {
        "role": "assistant", "metadata": {}, "attachments": [], "assistant_id": assistant.id,
        "run_id": run.id}


def test_a_run_asked_for_under_another_thread_is_named_in_the_404(
        store_only: AssistantsClient) -> None:
    thread_id, run, _ = two_runs(store_only)
    other = store_only.beta.threads.create()
    with pytest.raises(NotFoundError) as caught:
        store_only.beta.threads.runs.retrieve(run.id, thread_id=other.id)
    assert caught.value.message == f"No run found with id '{run.id}'."
    assert store_only.beta.threads.runs.retrieve(run.id, thread_id=thread_id).id == run.id
