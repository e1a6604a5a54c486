"""The Responses bridge on what the real services document, against an emulator as strict as
they are: truncation, Entra ID scopes, long store-only threads, content parts, function
``strict``, reasoning effort, built-in tool results, unanswered tool calls and run expiry,
and foreground streams on Azure.

Every test runs on OpenAI, an Azure OpenAI resource's ``/openai/v1`` and a Foundry project
endpoint (``openai-responses`` / ``azure-responses``).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Dict, Iterator, List, NamedTuple, Tuple

import pytest

from multiassist import (
    AssistantsClient,
    AuthenticationError,
    BadRequestError,
    InvalidRequestError,
)
from multiassist.testing import Emulator

COGNITIVE = "https://cognitiveservices.azure.com"
AI_AZURE = "https://ai.azure.com"
BACKENDS = {"openai-responses": "openai", "azure-responses": "azure",
            "foundry-responses": "foundry"}
#: The emulator's context window for the deployment the tests use, in words.
WINDOW = 120
WEATHER = {"type": "function", "function": {
    "name": "get_weather", "description": "The weather in a city",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"},
                                                    "unit": {"type": "string"}},
                   "required": ["city"]}}}


class Bridge(NamedTuple):
    name: str
    emu: Emulator
    store: Path

    def client(self, **options: Any) -> AssistantsClient:
        """A bridge client as a user's profile builds it (``options`` win)."""
        common: Dict[str, Any] = {"deployments": {"gpt-4o": "dep-4o"}, "store": self.store}
        if self.name == "openai-responses":
            common.update(provider="openai-responses", base_url=self.emu.base_url,
                          api_key=self.emu.api_key)
        elif self.name == "foundry-responses":
            self.emu.accept_token(self.emu.client_token, audience=AI_AZURE)
            common.update(provider="azure-responses", endpoint=self.emu.endpoint,
                          azure_ad_token=self.emu.client_token)
        else:
            common.update(provider="azure-responses", endpoint=self.emu.endpoint,
                          api_key=self.emu.api_key)
        common.update(options)
        return AssistantsClient(**common)


@pytest.fixture(scope="module", params=list(BACKENDS))
def service(request: pytest.FixtureRequest) -> Iterator[Tuple[str, Emulator]]:
    with Emulator(flavor=BACKENDS[request.param], deployments={"gpt-4o": "dep-4o"},
                  context_windows={"gpt-4o": WINDOW, "dep-4o": WINDOW}) as emu:
        yield request.param, emu


@pytest.fixture
def bridge(service: Tuple[str, Emulator], tmp_path: Path) -> Bridge:
    name, emu = service
    emu.responses.clear_response_scripts()
    return Bridge(name, emu, tmp_path / "bridge.sqlite3")


def _sent(emu: Emulator, since: int, path_end: str = "/responses") -> List[Any]:
    return [r.json for r in emu.requests[since:]
            if r.method == "POST" and r.path.endswith(path_end)]


# 1. truncation ------------------------------------------------------------------------------

@pytest.mark.parametrize("conversations", [None, False], ids=["conversation", "store-only"])
def test_a_thread_longer_than_the_context_window_is_truncated(
    bridge: Bridge, conversations: Any
) -> None:
    words = " ".join(["word"] * 20)
    with bridge.client(conversations=conversations) as client:
        assistant = client.beta.assistants.create(model="gpt-4o")
        thread = client.beta.threads.create(messages=[
            {"role": "user", "content": f"old {n} {words}"} for n in range(10)])
        client.beta.threads.messages.create(thread.id, role="user", content="newest question")
        run = client.beta.threads.runs.create_and_poll(thread.id, assistant_id=assistant.id,
                                                       poll_interval_ms=5)
        assert run.status == "completed"
        assert run.usage is not None and run.usage.prompt_tokens <= WINDOW
        reply = client.beta.threads.messages.list(thread.id, run_id=run.id).data[0]
        assert reply.text == "You said: newest question"


def test_last_messages_limits_what_a_store_only_thread_sends(bridge: Bridge) -> None:
    with bridge.client(conversations=False) as client:
        assistant = client.beta.assistants.create(model="gpt-4o")
        thread = client.beta.threads.create(messages=[
            {"role": "user", "content": f"message number {n}"} for n in range(6)])
        since = len(bridge.emu.requests)
        run = client.beta.threads.runs.create_and_poll(
            thread.id, assistant_id=assistant.id, poll_interval_ms=5,
            truncation_strategy={"type": "last_messages", "last_messages": 2})
    assert run.status == "completed"
    sent = _sent(bridge.emu, since)[0]
    assert [item["content"][0]["text"] for item in sent["input"]] == [
        "message number 4", "message number 5"]
    assert sent["truncation"] == "auto"


# 2. Entra ID scope --------------------------------------------------------------------------

class AccessToken(NamedTuple):
    token: str
    expires_on: int


class ScopedCredential:
    """A TokenCredential whose tokens carry the audience they were asked for."""

    def __init__(self, emu: Emulator) -> None:
        self.emu = emu
        self.scopes: List[Tuple[str, ...]] = []

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        self.scopes.append(scopes)
        audience = scopes[0].rsplit("/.default", 1)[0]
        token = f"token-for-{audience.split('//')[1]}"
        self.emu.accept_token(token, audience=audience)
        return AccessToken(token, int(time.time()) + 3600)


def test_entra_id_asks_for_the_scope_of_the_endpoint_kind(bridge: Bridge) -> None:
    if bridge.name == "openai-responses":
        pytest.skip("OpenAI takes API keys, not Entra ID tokens")
    credential = ScopedCredential(bridge.emu)
    with bridge.client(credential=credential, api_key=None, azure_ad_token=None) as client:
        assistant = client.beta.assistants.create(model="gpt-4o")
        thread = client.beta.threads.create(messages=[{"role": "user", "content": "hi"}])
        run = client.beta.threads.runs.create_and_poll(thread.id, assistant_id=assistant.id,
                                                       poll_interval_ms=5)
    assert run.status == "completed"
    expected = AI_AZURE if bridge.name == "foundry-responses" else COGNITIVE
    assert set(credential.scopes) == {(expected + "/.default",)}


def test_a_token_for_the_other_audience_gets_the_services_401(bridge: Bridge) -> None:
    if bridge.name == "openai-responses":
        pytest.skip("OpenAI takes API keys, not Entra ID tokens")
    wrong = AI_AZURE if bridge.name == "azure-responses" else COGNITIVE
    credential = ScopedCredential(bridge.emu)
    with bridge.client(credential=credential, api_key=None, azure_ad_token=None,
                       token_scope=wrong + "/.default", max_retries=0) as client, \
            pytest.raises(AuthenticationError) as caught:
        client.beta.threads.create()
    assert caught.value.status_code == 401


# 3. store-only threads send their newest messages ------------------------------------------

def test_a_long_store_only_thread_answers_the_newest_question(bridge: Bridge) -> None:
    with bridge.client(conversations=False) as client:
        assistant = client.beta.assistants.create(model="gpt-4o")
        thread = client.beta.threads.create()
        for number in range(104):
            client.beta.threads.messages.create(thread.id, role="user", content=f"n{number}")
        client.beta.threads.messages.create(thread.id, role="user", content="the newest one")
        run = client.beta.threads.runs.create_and_poll(thread.id, assistant_id=assistant.id,
                                                       poll_interval_ms=5)
        reply = client.beta.threads.messages.list(thread.id, run_id=run.id).data[0]
    assert (run.status, reply.text) == ("completed", "You said: the newest one")


# 4. content parts ---------------------------------------------------------------------------

def test_image_files_where_the_service_takes_them_and_a_clear_refusal_where_not(
    bridge: Bridge,
) -> None:
    with bridge.client() as client:
        image = client.files.create(file=("dot.png", b"\x89PNG\r\n\x1a\n"), purpose="vision")
        thread = client.beta.threads.create()
        content = [{"type": "text", "text": "what is this"},
                   {"type": "image_file", "image_file": {"file_id": image.id}}]
        if bridge.name == "openai-responses":
            made = client.beta.threads.messages.create(thread.id, role="user", content=content)
            assert [part.type for part in made.content] == ["text", "image_file"]
            return
        since = len(bridge.emu.requests)
        with pytest.raises(InvalidRequestError, match="image_url"):
            client.beta.threads.messages.create(thread.id, role="user", content=content)
        assert bridge.emu.requests[since:] == []  # refused before anything was sent


def test_attachments_reach_the_tools_that_read_them(bridge: Bridge) -> None:
    with bridge.client() as client:
        facts = client.files.create(file=("facts.txt", b"Paris is in France.\n"),
                                    purpose="assistants")
        data = client.files.create(file=("data.csv", b"a,b\n1,2\n"), purpose="assistants")
        assistant = client.beta.assistants.create(
            model="gpt-4o", tools=[{"type": "file_search"}, {"type": "code_interpreter"}])
        thread = client.beta.threads.create(messages=[{
            "role": "user", "content": "search where Paris is",
            "attachments": [{"file_id": facts.id, "tools": [{"type": "file_search"}]},
                            {"file_id": data.id, "tools": [{"type": "code_interpreter"}]}]}])
        resources = thread.tool_resources
        assert resources is not None and resources.code_interpreter is not None
        assert resources.code_interpreter.file_ids == [data.id]
        assert resources.file_search is not None
        (store_id,) = resources.file_search.vector_store_ids or []
        assert [f.id for f in client.beta.vector_stores.files.list(store_id)] == [facts.id]
        since = len(bridge.emu.requests)
        run = client.beta.threads.runs.create_and_poll(thread.id, assistant_id=assistant.id,
                                                       poll_interval_ms=5)
        reply = client.beta.threads.messages.list(thread.id, run_id=run.id).data[0]
    assert run.status == "completed"
    assert "file_search found" in (reply.text or "")
    sent = _sent(bridge.emu, since)[0]
    tools = {tool["type"]: tool for tool in sent["tools"]}
    assert tools["file_search"]["vector_store_ids"] == [store_id]
    assert tools["code_interpreter"]["container"]["file_ids"] == [data.id]
    assert all(part["type"] != "input_file" for item in sent.get("input") or []
               for part in item.get("content") or [] if isinstance(part, dict))


@pytest.mark.parametrize("conversations", [None, False], ids=["conversation", "store-only"])
def test_earlier_assistant_turns_are_sent_as_the_spec_allows(
    bridge: Bridge, conversations: Any
) -> None:
    with bridge.client(conversations=conversations) as client:
        assistant = client.beta.assistants.create(model="gpt-4o")
        thread = client.beta.threads.create(messages=[
            {"role": "user", "content": "hello"},
            {"role": "assistant", "content": [{"type": "text", "text": "Hi, how can I help?"}]},
            {"role": "user", "content": "tell me more"}])
        run = client.beta.threads.runs.create_and_poll(thread.id, assistant_id=assistant.id,
                                                       poll_interval_ms=5)
        texts = [(m.role, m.text) for m in client.beta.threads.messages.list(thread.id,
                                                                             order="asc")]
    assert run.status == "completed"
    assert texts == [("user", "hello"), ("assistant", "Hi, how can I help?"),
                     ("user", "tell me more"), ("assistant", "You said: tell me more")]


# 5. function strict ---------------------------------------------------------------------------

def test_functions_are_not_strict_unless_asked(bridge: Bridge) -> None:
    strict = {"type": "function", "function": {
        "name": "lookup", "strict": True,
        "parameters": {"type": "object", "properties": {"q": {"type": "string"}},
                       "required": ["q"], "additionalProperties": False}}}
    bare = {"type": "function", "function": {"name": "ping"}}
    with bridge.client() as client:
        assistant = client.beta.assistants.create(model="gpt-4o",
                                                  tools=[WEATHER, strict, bare])
        thread = client.beta.threads.create(messages=[
            {"role": "user", "content": "call get_weather city=Oslo"}])
        since = len(bridge.emu.requests)
        run = client.run_tools(thread.id, assistant_id=assistant.id, poll_interval_ms=5,
                               functions={"get_weather": lambda city, unit="C": f"mild {unit}"})
        reply = client.beta.threads.messages.list(thread.id, run_id=run.id).data[0]
    assert (run.status, reply.text) == ("completed", "get_weather returned: mild C")
    tools = {tool["name"]: tool for tool in _sent(bridge.emu, since)[0]["tools"]}
    assert (tools["get_weather"]["strict"], tools["lookup"]["strict"],
            tools["ping"]["strict"]) == (False, True, False)
    assert tools["ping"]["parameters"] == {"type": "object", "properties": {}}


# 6. reasoning effort -----------------------------------------------------------------------

def test_reasoning_effort_is_sent_as_reasoning_effort(bridge: Bridge) -> None:
    with bridge.client() as client:
        assistant = client.beta.assistants.create(model="gpt-4o", reasoning_effort="low")
        thread = client.beta.threads.create(messages=[{"role": "user", "content": "think"}])
        since = len(bridge.emu.requests)
        first = client.beta.threads.runs.create_and_poll(
            thread.id, assistant_id=assistant.id, poll_interval_ms=5)
        second = client.beta.threads.runs.create_and_poll(
            thread.id, assistant_id=assistant.id, poll_interval_ms=5, reasoning_effort="high")
    assert (first.status, second.status) == ("completed", "completed")
    assert [body["reasoning"] for body in _sent(bridge.emu, since)] == [
        {"effort": "low"}, {"effort": "high"}]


# 7. built-in tool results in run steps -------------------------------------------------------

def test_run_steps_show_search_results_and_interpreter_logs(bridge: Bridge) -> None:
    content = "step_details.tool_calls[*].file_search.results[*].content"
    with bridge.client() as client:
        facts = client.files.create(file=("facts.txt", b"Paris is in France.\n"),
                                    purpose="assistants")
        store = client.beta.vector_stores.create(name="kb", file_ids=[facts.id])
        assistant = client.beta.assistants.create(
            model="gpt-4o", tools=[{"type": "file_search"}, {"type": "code_interpreter"}],
            tool_resources={"file_search": {"vector_store_ids": [store.id]}})
        thread = client.beta.threads.create(messages=[
            {"role": "user", "content": "search Paris and calculate 6*7"}])
        run = client.beta.threads.runs.create_and_poll(thread.id, assistant_id=assistant.id,
                                                       poll_interval_ms=5)
        plain = client.beta.threads.runs.steps.list(run.id, thread_id=thread.id)
        full = client.beta.threads.runs.steps.list(run.id, thread_id=thread.id,
                                                   include=[content])
    assert run.status == "completed"

    def calls(page: Any) -> Dict[str, Any]:
        return {call.type: call for step in page.data if step.type == "tool_calls"
                for call in step.step_details.tool_calls}

    plain_calls, full_calls = calls(plain), calls(full)
    results = plain_calls["file_search"].file_search.results
    assert [r.file_id for r in results] == [facts.id]
    assert results[0].content is None
    shown = full_calls["file_search"].file_search.results[0].content
    assert shown is not None and "Paris is in France." in shown[0].text
    logs = plain_calls["code_interpreter"].code_interpreter.outputs
    assert [out.logs for out in logs] == ["42\n"]


# 8. unanswered tool calls and run expiry ----------------------------------------------------

def _waiting_run(client: AssistantsClient) -> Tuple[str, Any]:
    assistant = client.beta.assistants.create(model="gpt-4o", tools=[WEATHER])
    thread = client.beta.threads.create(messages=[
        {"role": "user", "content": "call get_weather city=Rome"}])
    run = client.beta.threads.runs.create_and_poll(thread.id, assistant_id=assistant.id,
                                                   poll_interval_ms=5)
    assert run.status == "requires_action"
    return assistant.id, run


def _next_run_completes(client: AssistantsClient, assistant_id: str, thread_id: str) -> None:
    client.beta.threads.messages.create(thread_id, role="user", content="and now?")
    run = client.beta.threads.runs.create_and_poll(thread_id, assistant_id=assistant_id,
                                                   poll_interval_ms=5)
    reply = client.beta.threads.messages.list(thread_id, run_id=run.id).data[0]
    assert (run.status, reply.text) == ("completed", "You said: and now?")


def test_a_failed_tool_output_response_does_not_strand_the_thread(bridge: Bridge) -> None:
    with bridge.client() as client:
        assistant_id, run = _waiting_run(client)
        call = run.required_action.submit_tool_outputs.tool_calls[0]
        bridge.emu.responses.script_response(fail={"code": "server_error"})
        failed = client.beta.threads.runs.submit_tool_outputs_and_poll(
            run_id=run.id, thread_id=run.thread_id, poll_interval_ms=5,
            tool_outputs=[{"tool_call_id": call.id, "output": "warm"}])
        assert failed.status == "failed"
        _next_run_completes(client, assistant_id, run.thread_id)


def test_runs_expire_after_ten_minutes_and_free_the_thread(
    bridge: Bridge, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiassist.bridge.runs as runs_module

    with bridge.client() as client:
        assistant_id, run = _waiting_run(client)
        assert run.expires_at == run.created_at + 600
        call = run.required_action.submit_tool_outputs.tool_calls[0]
        start = runs_module.now()
        monkeypatch.setattr(runs_module, "now", lambda: start + 601)
        listed = client.beta.threads.runs.list(run.thread_id).data
        assert [(r.id, r.status) for r in listed] == [(run.id, "expired")]
        expired = client.beta.threads.runs.retrieve(run.id, thread_id=run.thread_id)
        assert (expired.status, expired.required_action) == ("expired", None)
        with pytest.raises(BadRequestError, match="expired"):
            client.beta.threads.runs.submit_tool_outputs(
                run_id=run.id, thread_id=run.thread_id,
                tool_outputs=[{"tool_call_id": call.id, "output": "late"}])
        steps = client.beta.threads.runs.steps.list(run.id, thread_id=run.thread_id).data
        assert [s.status for s in steps] == ["expired"]
        _next_run_completes(client, assistant_id, run.thread_id)


# 9. streams without background mode on Azure ------------------------------------------------

def test_streamed_runs_are_background_only_on_openai(bridge: Bridge) -> None:
    with bridge.client() as client:
        assistant = client.beta.assistants.create(model="gpt-4o")
        thread = client.beta.threads.create(messages=[{"role": "user", "content": "stream"}])
        since = len(bridge.emu.requests)
        with client.beta.threads.runs.stream(thread.id, assistant_id=assistant.id) as stream:
            text = "".join(stream.text_deltas())
            final = stream.get_final_run()
        polled = client.beta.threads.runs.retrieve(final.id, thread_id=thread.id)
    assert (final.status, text, polled.status) == ("completed", "You said: stream",
                                                   "completed")
    (sent,) = _sent(bridge.emu, since)
    assert sent["stream"] is True
    assert sent["background"] is (bridge.name == "openai-responses")


# the conversation goes with the thread ------------------------------------------------------

def test_deleting_a_thread_leaves_no_items_on_the_service(bridge: Bridge) -> None:
    with bridge.client() as client:
        notes = client.files.create(file=("notes.txt", b"private notes\n"),
                                    purpose="assistants")
        thread = client.beta.threads.create(messages=[{
            "role": "user", "content": "private words",
            "attachments": [{"file_id": notes.id, "tools": [{"type": "file_search"}]}]}])
        (made,) = thread.tool_resources.file_search.vector_store_ids  # type: ignore[union-attr]
        client.beta.threads.delete(thread.id)
    assert thread.id.startswith("conv_")
    assert bridge.emu.stored("conv_item", thread.id) == []
    assert made not in [store["id"] for store in bridge.emu.stored("vector_store")]
