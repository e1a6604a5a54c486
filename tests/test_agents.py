"""``multiassist.agents`` against the emulator: the behaviour Microsoft's agents SDKs give
programs (views with their names, the beta's pages, streaming hooks, function calls) and
what bad input gets -- an unknown agent, a function that raises, a stream handler that
raises, a resource URL where a project endpoint is needed -- on Agent Service classic and on
the Responses bridge."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any, Iterator, List, Optional

import pytest

from multiassist.agents import AgentsClient, AIProjectClient, models
from multiassist.errors import ConfigurationError, NotFoundError
from multiassist.testing import Emulator
from multiassist.testing.flavors import COGNITIVE_AUDIENCE, HUB_AUDIENCE

MODEL = "gpt-4o"
TOKEN = "agents-entra-token"


class Credential:
    """A TokenCredential with one fixed token; records the scopes asked for."""

    def __init__(self) -> None:
        self.scopes: List[str] = []

    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        from azure.core.credentials import AccessToken

        self.scopes.extend(scopes)
        return AccessToken(TOKEN, int(time.time()) + 3600)


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator("foundry", deployments={MODEL: MODEL}, run_steps_to_complete=1) as running:
        for audience in (None, HUB_AUDIENCE, COGNITIVE_AUDIENCE):
            running.accept_token(TOKEN, audience=audience)
        yield running
        assert running.failures == []


@pytest.fixture(params=["foundry", "azure-responses"])
def client(request: pytest.FixtureRequest, emu: Emulator, tmp_path: Path,
           monkeypatch: pytest.MonkeyPatch) -> Iterator[AgentsClient]:
    """An AgentsClient built as a program builds it, on Agent Service classic or (through a
    profile) on the Responses bridge."""
    monkeypatch.delenv("MULTIASSIST_PROFILE", raising=False)
    if request.param == "azure-responses":
        (tmp_path / "multiassist.toml").write_text(
            f'[profiles.bridge]\nprovider = "azure-responses"\nendpoint = "{emu.endpoint}"\n'
            f'auth = "entra"\nstore = "{tmp_path / "store.sqlite3"}"\n')
        monkeypatch.chdir(tmp_path)
        monkeypatch.setenv("MULTIASSIST_PROFILE", "bridge")
    with AgentsClient(endpoint=emu.endpoint, credential=Credential()) as built:
        yield built


def weather(city: str) -> str:
    """Reports the weather.

    :param city: The city to report on.
    """
    return json.dumps({"weather": f"sunny in {city}"})


def explode(city: str) -> str:
    """Always fails.

    :param city: Ignored.
    """
    raise ValueError(f"no forecast for {city}")


def reply_of(client: AgentsClient, thread_id: str) -> Optional[str]:
    last = client.messages.get_last_message_text_by_role(thread_id=thread_id,
                                                         role=models.MessageRole.AGENT)
    return None if last is None else last.text.value


# -- views -------------------------------------------------------------------------------


def test_views_carry_the_sdk_names_over_the_same_models(client: AgentsClient) -> None:
    agent = client.create_agent(model=MODEL, name="views", instructions="Be brief")
    thread = client.threads.create(messages=[
        models.ThreadMessageOptions(role=models.MessageRole.USER, content="Hello there")])
    run = client.runs.create_and_process(thread_id=thread.id, agent_id=agent.id)
    assert isinstance(run, models.ThreadRun)
    assert run.status == models.RunStatus.COMPLETED == "completed"
    assert run.agent_id == agent.id == run["agent_id"]
    assert "assistant_id" not in run.as_dict()
    messages = list(client.messages.list(thread_id=thread.id,
                                         order=models.ListSortOrder.ASCENDING))
    assert [m.role for m in messages] == ["user", "assistant"]
    assert messages[1].agent_id == agent.id
    text = messages[1].text_messages[-1]
    assert isinstance(text, models.MessageTextContent)
    assert text.text.value == "You said: Hello there" == messages[1].content[0]["text"]["value"]
    assert messages[0]["id"] == messages[0].id
    client.delete_agent(agent.id)


def test_beta_pages_answer_like_the_beta(emu: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MULTIASSIST_PROFILE", raising=False)
    credential = Credential()
    project = AIProjectClient.from_connection_string(
        conn_str=emu.hub_connection_string(), credential=credential)
    agents = project.agents
    agent = agents.create_agent(model=MODEL, name="beta")
    thread = agents.create_thread()
    agents.create_message(thread_id=thread.id, role="user", content="one")
    agents.create_and_process_run(thread_id=thread.id, agent_id=agent.id)
    agents.create_message(thread_id=thread.id, role="user", content="two")
    agents.create_and_process_run(thread_id=thread.id, agent_id=agent.id)
    page = agents.list_messages(thread_id=thread.id)
    assert [m.role for m in page.data] == ["assistant", "user", "assistant", "user"]
    assert [t.text.value for t in page.text_messages] == [
        "You said: two", "two", "You said: one", "one"]
    last = page.get_last_text_message_by_role(models.MessageRole.AGENT)
    assert last is not None and last.text.value == "You said: two"
    assert page.get_last_message_by_role("nobody") is None
    assert agents.delete_agent(agent.id).deleted is True
    assert agents.delete_thread(thread.id).deleted is True
    assert set(credential.scopes) == {"https://ml.azure.com/.default"}
    hub = "/providers/Microsoft.MachineLearningServices/workspaces/"
    assert hub in emu.requests[-1].path
    assert emu.requests[-1].query["api-version"] == "2024-12-01-preview"


def test_function_tool_describes_functions_from_signature_and_docstring() -> None:
    tool = models.FunctionTool({weather})
    (definition,) = tool.definitions
    assert definition == {
        "type": "function",
        "function": {
            "name": "weather",
            "description": "Reports the weather.",
            "parameters": {
                "type": "object",
                "properties": {"city": {"type": "string", "description": "The city to report on."}},
                "required": ["city"],
            },
        },
    }
    toolset = models.ToolSet()
    toolset.add(tool)
    with pytest.raises(ValueError, match="already has a FunctionTool"):
        toolset.add(models.FunctionTool([explode]))
    with pytest.raises(TypeError, match="callables"):
        models.FunctionTool(["weather"])  # type: ignore[list-item]


# -- function calls through the tool loop ------------------------------------------------


def test_create_and_process_runs_toolset_functions(client: AgentsClient) -> None:
    toolset = models.ToolSet()
    toolset.add(models.FunctionTool({weather}))
    agent = client.create_agent(model=MODEL, name="tools", toolset=toolset)
    thread = client.threads.create()
    client.messages.create(thread_id=thread.id, role="user", content="Call weather city=Oslo")
    run = client.runs.create_and_process(thread_id=thread.id, agent_id=agent.id)
    assert run.status == "completed"
    assert reply_of(client, thread.id) == 'weather returned: {"weather": "sunny in Oslo"}'


def test_a_toolset_function_that_raises_is_answered_with_its_error(client: AgentsClient) -> None:
    client.enable_auto_function_calls({explode})
    agent = client.create_agent(model=MODEL, name="explodes",
                                tools=models.FunctionTool({explode}).definitions)
    thread = client.threads.create()
    client.messages.create(thread_id=thread.id, role="user", content="Call explode city=Rome")
    run = client.runs.create_and_process(thread_id=thread.id, agent_id=agent.id)
    # The run is not left waiting: the model reads the error as the function's output.
    assert run.status == "completed"
    assert reply_of(client, thread.id) == (
        'explode returned: {"error": "ValueError: no forecast for Rome"}')


def test_a_function_the_run_asks_for_but_nobody_gave_ends_in_tool_call_error(
    client: AgentsClient,
) -> None:
    agent = client.create_agent(model=MODEL, name="unknown-fn",
                                tools=models.FunctionTool({weather}).definitions)
    client.enable_auto_function_calls({explode}, max_retry=2)
    thread = client.threads.create()
    client.messages.create(thread_id=thread.id, role="user", content="Call weather city=Oslo")
    run = client.runs.create_and_process(thread_id=thread.id, agent_id=agent.id)
    # weather was never enabled: the model is told so, once, and finishes.
    assert run.status == "completed"
    reply = reply_of(client, thread.id)
    assert reply is not None and "not among the given functions" in reply
    with pytest.raises(Exception, match="max_retry must be an integer >= 1"):
        client.enable_auto_function_calls({weather}, max_retry=0)


def test_stream_answers_enabled_function_calls(client: AgentsClient) -> None:
    client.enable_auto_function_calls(models.FunctionTool({weather}))
    agent = client.create_agent(model=MODEL, name="stream-tools",
                                tools=models.FunctionTool({weather}).definitions)
    thread = client.threads.create()
    client.messages.create(thread_id=thread.id, role="user", content="Call weather city=Lima")
    events: List[str] = []
    with client.runs.stream(thread_id=thread.id, agent_id=agent.id) as stream:
        for event_type, _data, _returned in stream:
            events.append(event_type)
    assert "thread.run.requires_action" in events
    assert events[-2:] == ["thread.run.completed", "done"]
    assert reply_of(client, thread.id) == 'weather returned: {"weather": "sunny in Lima"}'


# -- bad input ---------------------------------------------------------------------------


def test_an_agent_id_that_does_not_exist(client: AgentsClient) -> None:
    thread = client.threads.create()
    client.messages.create(thread_id=thread.id, role="user", content="Hi")
    with pytest.raises(NotFoundError, match="asst_nope"):
        client.get_agent("asst_nope")
    with pytest.raises(NotFoundError, match="asst_nope"):
        client.runs.create_and_process(thread_id=thread.id, agent_id="asst_nope")
    with pytest.raises(NotFoundError, match="asst_nope"):
        client.runs.stream(thread_id=thread.id, agent_id="asst_nope")


class Exploding(models.AgentEventHandler[str]):
    def __init__(self) -> None:
        super().__init__()
        self.seen: List[str] = []

    def on_thread_run(self, run: Any) -> Optional[str]:
        self.seen.append(run.status)
        return None

    def on_message_delta(self, delta: Any) -> Optional[str]:
        raise RuntimeError("handler bug")


def test_a_stream_handler_that_raises(client: AgentsClient) -> None:
    agent = client.create_agent(model=MODEL, name="handler")
    thread = client.threads.create()
    client.messages.create(thread_id=thread.id, role="user", content="Hello stream")
    handler = Exploding()
    stream = client.runs.stream(thread_id=thread.id, agent_id=agent.id, event_handler=handler)
    with pytest.raises(RuntimeError, match="handler bug"), stream:
        stream.until_done()
    assert "queued" in handler.seen  # hooks before the failing one ran
    # The connection was released and the client goes on working.
    runs = list(client.runs.list(thread_id=thread.id))
    assert len(runs) == 1
    with pytest.raises(ValueError, match="already serves a stream"):
        client.runs.stream(thread_id=thread.id, agent_id=agent.id, event_handler=handler)


def test_a_resource_url_where_a_project_endpoint_is_needed(
    emu: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MULTIASSIST_PROFILE", raising=False)
    sent = len(emu.requests)
    for build in (
        lambda: AgentsClient(endpoint="https://my-resource.openai.azure.com",
                             credential=Credential()),
        lambda: AIProjectClient(endpoint=emu.origin, credential=Credential()),
    ):
        with pytest.raises(ConfigurationError) as caught:
            build()
        message = str(caught.value)
        assert "/api/projects/<project>" in message
        assert "azure-responses" in message
    with pytest.raises(ConfigurationError, match="four parts"):
        AIProjectClient.from_connection_string(conn_str=emu.endpoint, credential=Credential())
    assert len(emu.requests) == sent



def test_ai_project_client_has_the_shape_of_its_generation(
    emu: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MULTIASSIST_PROFILE", raising=False)
    with AIProjectClient(endpoint=emu.endpoint, credential=Credential()) as ga:
        assert type(ga.agents) is AgentsClient
        assert not hasattr(ga.agents, "create_thread")
        assert ga.agents.delete_agent(ga.agents.create_agent(model=MODEL).id) is None
    beta = AIProjectClient.from_connection_string(conn_str=emu.hub_connection_string(),
                                                  credential=Credential())
    agent = beta.agents.create_agent(model=MODEL, name="listed")
    page = beta.agents.list_agents(limit=100)
    assert agent.id in [a.id for a in page.data]
    with pytest.raises(Exception, match="needs functions"):
        beta.agents.enable_auto_function_calls()
    beta.close()
