"""AsyncAssistantsClient against the emulator: openai-python's async shapes (awaited calls,
``async for`` pagination, ``*_and_poll``, streams as async context managers, raw responses),
the Azure SDK names awaited, async and blocking tool functions, and the same transcript as
the blocking client."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List, TypeVar

import pytest

import multiassist
from multiassist import AssistantsClient, AsyncAssistantEventHandler, AsyncAssistantsClient
from multiassist.testing import Emulator
from multiassist.testing.emulator import client_options

pytest.importorskip("aiohttp")

T = TypeVar("T")

WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
    },
}


def async_client(emulator: Emulator, **kwargs: Any) -> AsyncAssistantsClient:
    """An async client with the options :meth:`Emulator.client` gives the blocking one."""
    blocking = emulator.client()  # also lets the emulator accept the Foundry token
    blocking.close()
    options = client_options(
        emulator.flavor, origin=emulator.origin, project=emulator.project,
        api_key=emulator.api_key, api_version=emulator.api_version,
        deployments=emulator.deployments, token=emulator.client_token,
    )
    return AsyncAssistantsClient(**{"max_retries": 0, **options, **kwargs})


def run(emulator: Emulator, body: Callable[[AsyncAssistantsClient], Awaitable[T]]) -> T:
    async def main() -> T:
        async with async_client(emulator) as client:
            return await body(client)

    return asyncio.run(main())


def test_the_async_shapes_of_openai_python(emulator: Emulator) -> None:
    async def body(client: AsyncAssistantsClient) -> Dict[str, Any]:
        assistant = await client.beta.assistants.create(model="gpt-4o", name="async")
        thread = await client.beta.threads.create()
        for text in ("one", "two", "three"):
            await client.beta.threads.messages.create(thread.id, role="user", content=text)
        first = await client.beta.threads.messages.list(thread.id, limit=1, order="asc")
        walked = [m.text async for m in client.beta.threads.messages.list(
            thread.id, limit=1, order="asc")]
        run = await client.beta.threads.runs.create_and_poll(
            thread.id, assistant_id=assistant.id, poll_interval_ms=5)
        raw = await client.beta.threads.with_raw_response.retrieve(thread.id)
        parsed = raw.parse()  # read and parsed when awaited, as openai-python's
        streamed: List[str] = []
        async with client.beta.threads.runs.stream(
                thread.id, assistant_id=assistant.id) as stream:
            async for text in stream.text_deltas():
                streamed.append(text)
        final = await stream.get_final_run()
        events = await client.beta.threads.runs.create(
            thread.id, assistant_id=assistant.id, stream=True)
        kinds = [event.event async for event in events]
        return dict(first=first.data, walked=walked, run=run, raw=raw, parsed=parsed,
                    thread=thread, streamed=streamed, final=final, kinds=kinds)

    seen = run(emulator, body)
    assert [m.text for m in seen["first"]] == ["one"]
    assert seen["walked"][:3] == ["one", "two", "three"]
    assert seen["run"].status == "completed"
    assert seen["raw"].status_code == 200 and seen["parsed"].id == seen["thread"].id
    assert "".join(seen["streamed"]) and seen["final"].status == "completed"
    assert seen["kinds"][0] == "thread.run.created" and seen["kinds"][-1] == "thread.run.completed"


def test_azure_sdk_names_are_awaited_too(emulator: Emulator) -> None:
    async def body(client: AsyncAssistantsClient) -> Any:
        assistant = await client.createAssistant({"model": "gpt-4o", "name": "azure"})
        thread = await client.createThread()
        await client.createMessage(thread.id, "user", "hello")
        run = await client.createAndWaitForCompletion(
            thread.id, {"assistantId": assistant.id, "pollIntervalMs": 5})
        page = await client.listMessages(thread.id)
        everything = await client.listAll(thread.id)
        return run, page, everything

    run_, page, everything = run(emulator, body)
    assert run_.status == "completed"
    assert [m.role for m in page.data][-1] == "user"
    assert [m.id for m in everything] == [m.id for m in page.data]


def test_async_and_blocking_tool_functions(emulator: Emulator) -> None:
    seen: List[str] = []

    async def get_weather(city: str) -> Dict[str, Any]:
        await asyncio.sleep(0)
        seen.append(city)
        return {"city": city, "sky": "clear"}

    def blocking_weather(city: str) -> Dict[str, Any]:
        seen.append(city.upper())
        return {"city": city, "sky": "grey"}

    async def body(client: AsyncAssistantsClient) -> Any:
        assistant = await client.beta.assistants.create(model="gpt-4o", tools=[WEATHER_TOOL])
        results = []
        for function, stream in ((get_weather, False), (blocking_weather, True)):
            thread = await client.beta.threads.create(
                messages=[{"role": "user", "content": "call get_weather city=Paris"}])
            texts: List[str] = []

            async def on_text(text: str, texts: List[str] = texts) -> None:
                texts.append(text)

            done = await client.run_tools(
                thread.id, assistant_id=assistant.id, functions={"get_weather": function},
                poll_interval_ms=5, stream=stream, on_text=on_text if stream else None)
            page = await client.beta.threads.messages.list(thread.id, run_id=done.id)
            results.append((done.status, page.data[0].text, "".join(texts)))
        return results

    (status1, reply1, _), (status2, reply2, texts2) = run(emulator, body)
    assert seen == ["Paris", "PARIS"]
    assert status1 == status2 == "completed"
    assert '"sky": "clear"' in reply1 and '"sky": "grey"' in reply2 and texts2


def test_the_blocking_client_refuses_a_coroutine_tool_with_the_fix(
        client: AssistantsClient) -> None:
    assistant = client.beta.assistants.create(model="gpt-4o", tools=[WEATHER_TOOL])
    thread = client.beta.threads.create(
        messages=[{"role": "user", "content": "call get_weather city=Paris"}])

    async def get_weather(city: str) -> str:
        return city

    with pytest.raises(multiassist.ToolCallError, match="AsyncAssistantsClient"):
        client.run_tools(thread.id, assistant_id=assistant.id, poll_interval_ms=5,
                         functions={"get_weather": get_weather}, raise_tool_errors=True)


def _transcript(events: List[str], run: Any, messages: List[Any]) -> List[Any]:
    return [events, run.status, [(m.role, m.text) for m in messages]]


def test_the_async_client_gives_the_blocking_clients_transcript(emulator: Emulator) -> None:
    def blocking() -> List[Any]:
        with emulator.client(max_retries=0) as client:
            assistant = client.beta.assistants.create(model="gpt-4o", tools=[WEATHER_TOOL])
            thread = client.beta.threads.create(
                messages=[{"role": "user", "content": "call get_weather city=Oslo"}])
            with client.beta.threads.runs.stream(thread.id, assistant_id=assistant.id) as s:
                events = [event.event for event in s]
            run = s.get_final_run()
            with client.beta.threads.runs.submit_tool_outputs_stream(
                    run.id, thread_id=thread.id,
                    tool_outputs=[{"tool_call_id": run.required_action.submit_tool_outputs
                                   .tool_calls[0].id, "output": "sunny"}]) as s:
                events += [event.event for event in s]
            run = s.get_final_run()
            return _transcript(events, run, list(client.beta.threads.messages.list(
                thread.id, order="asc")))

    async def body(client: AsyncAssistantsClient) -> List[Any]:
        assistant = await client.beta.assistants.create(model="gpt-4o", tools=[WEATHER_TOOL])
        thread = await client.beta.threads.create(
            messages=[{"role": "user", "content": "call get_weather city=Oslo"}])
        async with client.beta.threads.runs.stream(thread.id, assistant_id=assistant.id) as s:
            events = [event.event async for event in s]
        run = await s.get_final_run()
        async with client.beta.threads.runs.submit_tool_outputs_stream(
                run.id, thread_id=thread.id,
                tool_outputs=[{"tool_call_id": run.required_action.submit_tool_outputs
                               .tool_calls[0].id, "output": "sunny"}]) as s:
            events += [event.event async for event in s]
        run = await s.get_final_run()
        return _transcript(events, run, [m async for m in client.beta.threads.messages.list(
            thread.id, order="asc")])

    expected = blocking()
    assert expected[1] == "completed"
    assert run(emulator, body) == expected


class CountDeltas(AsyncAssistantEventHandler):
    def __init__(self) -> None:
        super().__init__()
        self.deltas = 0

    async def on_text_delta(self, delta: Any, snapshot: Any) -> None:
        self.deltas += 1


async def fifty_runs(client: AsyncAssistantsClient) -> Any:
    """Fifty runs at once (half polled, half streamed) beside a ticker; the runs and the
    ticker's gaps."""
    assistant = await client.beta.assistants.create(model="gpt-4o")
    gaps: List[float] = []
    stop = asyncio.Event()

    async def ticker() -> None:
        last = time.monotonic()
        while not stop.is_set():
            await asyncio.sleep(0.005)
            now = time.monotonic()
            gaps.append(now - last)
            last = now

    async def one(index: int) -> Any:
        thread = await client.beta.threads.create(
            messages=[{"role": "user", "content": f"hello {index}"}])
        if index % 2:
            return await client.beta.threads.runs.create_and_poll(
                thread.id, assistant_id=assistant.id, poll_interval_ms=5)
        handler = CountDeltas()
        async with client.beta.threads.runs.stream(
                thread.id, assistant_id=assistant.id, event_handler=handler) as stream:
            await stream.until_done()
        assert handler.deltas
        return await stream.get_final_run()

    ticking = asyncio.ensure_future(ticker())
    runs = await asyncio.gather(*(one(i) for i in range(50)))
    stop.set()
    await ticking
    return runs, gaps


def _check_fifty(runs: List[Any], gaps: List[float]) -> None:
    assert len({r.id for r in runs}) == 50 and {r.status for r in runs} == {"completed"}
    # A blocking call would hold the loop for a whole request or poll; the ticker would see it.
    assert gaps and max(gaps) < 0.25, max(gaps)


def test_fifty_concurrent_runs_never_stall_the_event_loop(emulator: Emulator) -> None:
    _check_fifty(*run(emulator, fifty_runs))


def test_fifty_concurrent_runs_on_the_bridge_never_stall_the_event_loop(tmp_path: Path) -> None:
    """The Responses bridge is blocking code (its store, its HTTP): the async client runs it
    in worker threads, so fifty runs on it still leave the loop free, even while the service
    takes 0.4 s to answer (a bridge call run on the loop would stall the ticker that long)."""
    with Emulator(flavor="openai") as emulator:
        emulator.inject("delay_after_apply", method="POST", times=10, seconds=0.4)
        async def main() -> Any:
            async with AsyncAssistantsClient(
                    provider="openai-responses", base_url=emulator.base_url,
                    api_key=emulator.api_key, store=tmp_path / "bridge.sqlite3",
                    max_retries=0) as client:
                return await fifty_runs(client)

        _check_fifty(*asyncio.run(main()))
