"""multiassist.agents.aio, the azure.ai.agents.aio shape on the async client: awaited calls,
``async for`` lists, async tools in the one tool loop, an async event handler, the async
credential reaching a bridge that runs in worker threads -- and the refusals that keep the
two name sets apart (a blocking FunctionTool in an AsyncToolSet, an async credential on the
blocking client)."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any, Iterator, List, Optional

import pytest

from multiassist.agents import AgentsClient as BlockingAgentsClient
from multiassist.agents import models
from multiassist.agents.aio import AgentsClient, AIProjectClient
from multiassist.errors import ConfigurationError, NotFoundError
from multiassist.testing import Emulator
from multiassist.testing.flavors import COGNITIVE_AUDIENCE, HUB_AUDIENCE

MODEL = "gpt-4o"
TOKEN = "agents-aio-token"


class AsyncCredential:
    """An azure.identity.aio-style credential: awaited get_token; counts its calls and the
    threads they ran on."""

    def __init__(self) -> None:
        self.calls = 0

    async def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        from azure.core.credentials import AccessToken

        self.calls += 1
        await asyncio.sleep(0)
        return AccessToken(TOKEN, int(time.time()) + 3600)


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator("foundry", deployments={MODEL: MODEL}, run_steps_to_complete=1) as running:
        for audience in (None, HUB_AUDIENCE, COGNITIVE_AUDIENCE):
            running.accept_token(TOKEN, audience=audience)
        yield running
        assert running.failures == []


@pytest.fixture(params=["foundry", "azure-responses"])
def backend(request: pytest.FixtureRequest, emu: Emulator, tmp_path: Path,
            monkeypatch: pytest.MonkeyPatch) -> str:
    """Agent Service classic, or (through a profile) the Responses bridge, whose blocking
    code runs in worker threads and must still reach the async credential."""
    monkeypatch.delenv("MULTIASSIST_PROFILE", raising=False)
    if request.param == "azure-responses":
        (tmp_path / "multiassist.toml").write_text(
            f'[profiles.bridge]\nprovider = "azure-responses"\nendpoint = "{emu.endpoint}"\n'
            f'auth = "entra"\nstore = "{tmp_path / "store.sqlite3"}"\n')
        monkeypatch.chdir(tmp_path)
        monkeypatch.setenv("MULTIASSIST_PROFILE", "bridge")
    return str(request.param)


def weather(city: str) -> str:
    """Reports the weather.

    :param city: The city to report on.
    """
    return json.dumps({"weather": f"sunny in {city}"})


async def slow_weather(city: str) -> str:
    """Reports the weather after asking a slow service.

    :param city: The city to report on.
    """
    await asyncio.sleep(0.01)
    return json.dumps({"weather": f"foggy in {city}"})


async def exploding(city: str) -> str:
    """Always fails.

    :param city: Ignored.
    """
    await asyncio.sleep(0)
    raise ValueError(f"no forecast for {city}")


async def reply_of(client: AgentsClient, thread_id: str) -> Optional[str]:
    last = await client.messages.get_last_message_text_by_role(
        thread_id=thread_id, role=models.MessageRole.AGENT)
    return None if last is None else last.text.value


def test_async_tools_run_in_create_and_process(backend: str, emu: Emulator) -> None:
    credential = AsyncCredential()

    async def scenario() -> None:
        async with AgentsClient(endpoint=emu.endpoint, credential=credential) as client:
            toolset = models.AsyncToolSet()
            toolset.add(models.AsyncFunctionTool({weather, slow_weather, exploding}))
            agent = await client.create_agent(model=MODEL, name="aio-tools", toolset=toolset)
            thread = await client.threads.create()
            await client.messages.create(
                thread_id=thread.id, role="user",
                content="Call slow_weather city=Oslo then weather city=Rome then "
                        "exploding city=Paris")
            run = await client.runs.create_and_process(thread_id=thread.id, agent_id=agent.id)
            assert run.status == "completed"
            assert await reply_of(client, thread.id) == (
                'slow_weather returned: {"weather": "foggy in Oslo"}\n'
                'weather returned: {"weather": "sunny in Rome"}\n'
                'exploding returned: {"error": "ValueError: no forecast for Paris"}')
            listed = [m.role async for m in client.messages.list(thread_id=thread.id)]
            assert listed == ["assistant", "user"]
            await client.delete_agent(agent.id)
            with pytest.raises(NotFoundError, match=agent.id):
                await client.get_agent(agent.id)

    asyncio.run(scenario())
    assert credential.calls == 1  # one acquisition, shared by the bridge's worker threads


class Recording(models.AsyncAgentEventHandler[str]):
    async def on_thread_run(self, run: Any) -> Optional[str]:
        return f"run {run.status}"

    async def on_done(self) -> Optional[str]:
        return "done"


class Exploding(models.AsyncAgentEventHandler[str]):
    async def on_message_delta(self, delta: Any) -> Optional[str]:
        raise RuntimeError("handler bug")


def test_stream_with_an_async_handler_answers_async_tools(backend: str, emu: Emulator) -> None:
    async def scenario() -> List[Optional[str]]:
        async with AgentsClient(endpoint=emu.endpoint, credential=AsyncCredential()) as client:
            client.enable_auto_function_calls(models.AsyncFunctionTool({slow_weather}))
            agent = await client.create_agent(
                model=MODEL, name="aio-stream",
                tools=models.AsyncFunctionTool({slow_weather}).definitions)
            thread = await client.threads.create()
            await client.messages.create(thread_id=thread.id, role="user",
                                         content="Call slow_weather city=Lima")
            returned: List[Optional[str]] = []
            async with await client.runs.stream(
                thread_id=thread.id, agent_id=agent.id, event_handler=Recording()
            ) as stream:
                async for _type, _data, answer in stream:
                    if answer:
                        returned.append(answer)
            assert await reply_of(client, thread.id) == (
                'slow_weather returned: {"weather": "foggy in Lima"}')

            # A hook that raises reaches the caller; the client goes on working.
            await client.messages.create(thread_id=thread.id, role="user", content="Hello")
            stream = await client.runs.stream(thread_id=thread.id, agent_id=agent.id,
                                              event_handler=Exploding())
            with pytest.raises(RuntimeError, match="handler bug"):
                async with stream:
                    await stream.until_done()
            runs = [run async for run in client.runs.list(thread_id=thread.id)]
            assert len(runs) == 2
            return returned

    returned = asyncio.run(scenario())
    assert "run requires_action" in returned
    assert returned[-2:] == ["run completed", "done"]


def test_beta_flat_methods_are_awaited(emu: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MULTIASSIST_PROFILE", raising=False)

    async def scenario() -> None:
        project = AIProjectClient.from_connection_string(
            conn_str=emu.hub_connection_string("sub", "rg"), credential=AsyncCredential())
        async with project:
            agent = await project.agents.create_agent(model=MODEL, name="beta-aio")
            thread = await project.agents.create_thread()
            await project.agents.create_message(thread_id=thread.id, role="user", content="Hi")
            run = await project.agents.create_and_process_run(thread_id=thread.id,
                                                              agent_id=agent.id)
            assert run.status == "completed"
            page = await project.agents.list_messages(thread_id=thread.id)
            assert [m.role for m in page.data] == ["assistant", "user"]
            assert (await project.agents.delete_agent(agent.id)).deleted is True

    asyncio.run(scenario())


def test_each_tool_set_takes_its_own_function_tool() -> None:
    with pytest.raises(ValueError, match="AsyncToolSet holds AsyncFunctionTool, not FunctionTool"):
        models.AsyncToolSet().add(models.FunctionTool({weather}))
    with pytest.raises(ValueError, match=r"^ToolSet holds FunctionTool, not AsyncFunctionTool"):
        models.ToolSet().add(models.AsyncFunctionTool({weather}))

    async def run_calls() -> Any:
        toolset = models.AsyncToolSet()
        toolset.add(models.AsyncFunctionTool({slow_weather}))
        call = {"id": "call_1", "type": "function",
                "function": {"name": "slow_weather", "arguments": '{"city": "Kyiv"}'}}
        from multiassist.agents.views import wrap
        from multiassist.converter import structure
        from multiassist.models import RequiredActionFunctionToolCall

        return await toolset.execute_tool_calls(
            [wrap(structure(call, RequiredActionFunctionToolCall))])

    assert asyncio.run(run_calls()) == [
        {"tool_call_id": "call_1", "output": '{"weather": "foggy in Kyiv"}'}]


def test_an_async_credential_on_the_blocking_client_names_the_fix(emu: Emulator) -> None:
    client = BlockingAgentsClient(endpoint=emu.endpoint, credential=AsyncCredential())
    with client, pytest.raises(ConfigurationError, match=r"azure\.identity\.aio.*async client"):
        client.threads.create()
