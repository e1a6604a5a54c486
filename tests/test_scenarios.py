"""One facade-level scenario, run on every backend the emulator speaks: OpenAI, Azure on the
v2 wire, Azure on the v1 wire (2024-02-15-preview), Foundry Agent Service, and the Responses
bridge on OpenAI, on Azure OpenAI's v1 surface (with Conversations, and without them so the
bridge keeps threads itself) and on a Foundry project endpoint.

The scenario returns a transcript of what a user observes; every backend must produce the
transcript written out in ``EXPECTED`` (literal values, so a bug in the client layer all backends
share cannot pass by agreeing with itself). Where a capability cannot exist on a backend (vector
stores on the v1 wire, listing threads outside Foundry), the test asserts the documented clear
error instead.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple, Union

import pytest

from multiassist import AssistantsClient, AsyncAssistantsClient, UnsupportedOperationError
from multiassist.testing import Emulator

BACKENDS: Dict[str, Dict[str, Any]] = {
    "openai": {"flavor": "openai"},
    "azure-v2": {"flavor": "azure", "api_version": "2025-04-01-preview"},
    "azure-v1": {"flavor": "azure", "api_version": "2024-02-15-preview"},
    "foundry": {"flavor": "foundry"},
    "openai-responses": {"flavor": "openai"},
    "azure-responses": {"flavor": "azure"},
    "azure-responses-no-conversations": {"flavor": "azure", "azure_conversations": False},
    "foundry-responses": {"flavor": "foundry"},
}
#: The bridge rows again, with their records in PostgreSQL instead of an SQLite file.
POSTGRES = "+postgres"
BACKENDS.update({name + POSTGRES: dict(BACKENDS[name]) for name in list(BACKENDS)
                 if "responses" in name})
WEATHER = {"type": "function", "function": {
    "name": "get_weather",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                   "required": ["city"]}}}


def bridge_client(name: str, emu: Emulator, store: Union[Path, str]) -> AssistantsClient:
    """A Responses-bridge client for the emulator, as a user's profile would build it."""
    name = name.replace(POSTGRES, "")
    common: Dict[str, Any] = {"deployments": {"gpt-4o": "dep-4o"}, "store": store}
    if name == "openai-responses":
        return AssistantsClient(provider="openai-responses", base_url=emu.base_url,
                                api_key=emu.api_key, **common)
    if name == "foundry-responses":
        emu.accept_token(emu.client_token)
        return AssistantsClient(provider="azure-responses", endpoint=emu.endpoint,
                                azure_ad_token=emu.client_token, **common)
    return AssistantsClient(provider="azure-responses", endpoint=emu.endpoint,
                            api_key=emu.api_key, **common)


@pytest.fixture(scope="module", params=list(BACKENDS))
def backend(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Tuple[str, AssistantsClient]]:
    name = request.param
    with Emulator(deployments={"gpt-4o": "dep-4o"}, **BACKENDS[name]) as emu:
        if name.endswith(POSTGRES):
            server = request.getfixturevalue("postgres_server")
            client = bridge_client(name, emu, server.database())
        elif name.endswith(("-responses", "-no-conversations")):
            store = tmp_path_factory.mktemp(name) / "bridge.sqlite3"
            client = bridge_client(name, emu, store)
        else:
            client = emu.client(deployments={"gpt-4o": "dep-4o"})
        with client:
            yield name, client


def scenario(client: AssistantsClient) -> List[Any]:
    """What a user sees when running one ordinary session; returned as a transcript."""
    seen: List[Any] = []
    data = client.files.create(file=("facts.txt", b"Paris is in France.\n"),
                               purpose="assistants")
    assistant = client.beta.assistants.create(
        model="gpt-4o", name="Guide", instructions="Answer from the facts.",
        tools=[{"type": "code_interpreter"}, WEATHER],
        tool_resources={"code_interpreter": {"file_ids": [data.id]}},
        metadata={"suite": "scenario"},
    )
    seen.append(("assistant", assistant.model, assistant.name,
                 sorted(t.type for t in assistant.tools), assistant.metadata))
    code_files = assistant.tool_resources.code_interpreter.file_ids  # type: ignore[union-attr]
    seen.append(("code files", code_files == [data.id]))
    seen.append(("renamed", client.beta.assistants.update(assistant.id, name="Guide 2").name))

    thread = client.beta.threads.create(metadata={"user": "u1"})
    for number in range(5):
        client.beta.threads.messages.create(thread.id, role="user", content=f"note {number}")
    page = client.beta.threads.messages.list(thread.id, limit=2, order="asc")
    seen.append(("first page", [m.text for m in page.data], page.has_more))
    seen.append(("all notes", [m.text for m in page]))
    attached = client.beta.threads.messages.create(
        thread.id, role="user", content="What is the capital of France?",
        attachments=[{"file_id": data.id, "tools": [{"type": "code_interpreter"}]}],
    )
    seen.append(("attachment", [a.file_id for a in attached.attachments or []] == [data.id]))

    run = client.beta.threads.runs.create_and_poll(
        thread.id, assistant_id=assistant.id, poll_interval_ms=5)
    reply = client.beta.threads.messages.list(thread.id, run_id=run.id).data[0]
    steps = client.beta.threads.runs.steps.list(run.id, thread_id=thread.id).data
    seen.append(("polled run", run.status, run.model, reply.role, reply.text,
                 [s.type for s in steps]))

    client.beta.threads.messages.create(thread.id, role="user",
                                        content="call get_weather city=Lyon")
    tooled = client.run_tools(thread.id, assistant_id=assistant.id, poll_interval_ms=5,
                              functions={"get_weather": lambda city: f"sunny in {city}"})
    tool_reply = client.beta.threads.messages.list(thread.id, run_id=tooled.id).data[0].text
    seen.append(("tool run", tooled.status, tool_reply))

    client.beta.threads.messages.create(thread.id, role="user", content="stream this please")
    with client.beta.threads.runs.stream(thread.id, assistant_id=assistant.id) as stream:
        streamed = "".join(stream.text_deltas())
        final = stream.get_final_run()
    seen.append(("streamed run", final.status, streamed))

    seen.append(("legacy files",
                 [f.id == data.id for f in client.listAssistantFiles(assistant.id)],
                 client.getMessageFile(thread.id, attached.id, data.id).id == data.id))
    seen.append(("file content", client.files.content(data.id).content))
    seen.append(("run count", len(client.beta.threads.runs.list(thread.id).data)))
    seen.append(("deleted", client.beta.threads.delete(thread.id).deleted,
                 client.beta.assistants.delete(assistant.id).deleted,
                 client.files.delete(data.id).deleted))
    return seen


async def async_scenario(client: AsyncAssistantsClient) -> List[Any]:
    """:func:`scenario` on the async client, awaited call for call."""
    seen: List[Any] = []
    data = await client.files.create(file=("facts.txt", b"Paris is in France.\n"),
                                     purpose="assistants")
    assistant = await client.beta.assistants.create(
        model="gpt-4o", name="Guide", instructions="Answer from the facts.",
        tools=[{"type": "code_interpreter"}, WEATHER],
        tool_resources={"code_interpreter": {"file_ids": [data.id]}},
        metadata={"suite": "scenario"},
    )
    seen.append(("assistant", assistant.model, assistant.name,
                 sorted(t.type for t in assistant.tools), assistant.metadata))
    code_files = assistant.tool_resources.code_interpreter.file_ids  # type: ignore[union-attr]
    seen.append(("code files", code_files == [data.id]))
    seen.append(("renamed",
                 (await client.beta.assistants.update(assistant.id, name="Guide 2")).name))

    thread = await client.beta.threads.create(metadata={"user": "u1"})
    for number in range(5):
        await client.beta.threads.messages.create(thread.id, role="user",
                                                  content=f"note {number}")
    page = await client.beta.threads.messages.list(thread.id, limit=2, order="asc")
    seen.append(("first page", [m.text for m in page.data], page.has_more))
    seen.append(("all notes", [m.text async for m in page]))
    attached = await client.beta.threads.messages.create(
        thread.id, role="user", content="What is the capital of France?",
        attachments=[{"file_id": data.id, "tools": [{"type": "code_interpreter"}]}],
    )
    seen.append(("attachment", [a.file_id for a in attached.attachments or []] == [data.id]))

    run = await client.beta.threads.runs.create_and_poll(
        thread.id, assistant_id=assistant.id, poll_interval_ms=5)
    reply = (await client.beta.threads.messages.list(thread.id, run_id=run.id)).data[0]
    steps = (await client.beta.threads.runs.steps.list(run.id, thread_id=thread.id)).data
    seen.append(("polled run", run.status, run.model, reply.role, reply.text,
                 [s.type for s in steps]))

    await client.createMessage(thread.id, "user", "call get_weather city=Lyon")

    async def get_weather(city: str) -> str:
        return f"sunny in {city}"

    tooled = await client.run_tools(thread.id, assistant_id=assistant.id, poll_interval_ms=5,
                                    functions={"get_weather": get_weather})
    tool_reply = (await client.beta.threads.messages.list(
        thread.id, run_id=tooled.id)).data[0].text
    seen.append(("tool run", tooled.status, tool_reply))

    await client.beta.threads.messages.create(thread.id, role="user",
                                              content="stream this please")
    async with client.beta.threads.runs.stream(thread.id, assistant_id=assistant.id) as stream:
        streamed = "".join([text async for text in stream.text_deltas()])
        final = await stream.get_final_run()
    seen.append(("streamed run", final.status, streamed))

    seen.append(("legacy files",
                 [f.id == data.id async for f in await client.listAssistantFiles(assistant.id)],
                 (await client.getMessageFile(thread.id, attached.id, data.id)).id == data.id))
    seen.append(("file content", (await client.files.content(data.id)).content))
    seen.append(("run count", len((await client.beta.threads.runs.list(thread.id)).data)))
    seen.append(("deleted", (await client.beta.threads.delete(thread.id)).deleted,
                 (await client.beta.assistants.delete(assistant.id)).deleted,
                 (await client.files.delete(data.id)).deleted))
    return seen


#: What the user sees, row by row (ids differ per backend, so rows compare them to the ids the
#: scenario was given). The emulator's model answers "You said: <last user message>".
EXPECTED: List[Any] = [
    ("assistant", "gpt-4o", "Guide", ["code_interpreter", "function"], {"suite": "scenario"}),
    ("code files", True),
    ("renamed", "Guide 2"),
    ("first page", ["note 0", "note 1"], True),  # 5 notes, limit=2: more to come
    ("all notes", ["note 0", "note 1", "note 2", "note 3", "note 4"]),
    ("attachment", True),
    # The model name the caller gave, never the deployment name it was sent as.
    ("polled run", "completed", "gpt-4o", "assistant",
     "You said: What is the capital of France?", ["message_creation"]),
    ("tool run", "completed", "get_weather returned: sunny in Lyon"),
    ("streamed run", "completed", "You said: stream this please"),
    ("legacy files", [True], True),  # exactly the one file, found both ways
    ("file content", b"Paris is in France.\n"),
    ("run count", 3),  # polled, tool and streamed runs
    ("deleted", True, True, True),
]


def test_the_scenario_shows_what_the_user_should_see(
    backend: Tuple[str, AssistantsClient],
) -> None:
    _, client = backend
    transcript = scenario(client)
    assert [row[0] for row in transcript] == [row[0] for row in EXPECTED]
    for got, expected in zip(transcript, EXPECTED):
        assert got == expected


def test_the_async_client_shows_the_same(backend: Tuple[str, AssistantsClient]) -> None:
    """The same scenario on AsyncAssistantsClient over the same backend (a bridge's store
    included): the same transcript, row for row."""
    pytest.importorskip("aiohttp")
    _, client = backend

    async def main() -> List[Any]:
        async with AsyncAssistantsClient(backend=client.backend, max_retries=0) as twin:
            return await async_scenario(twin)

    transcript = asyncio.run(main())
    assert [row[0] for row in transcript] == [row[0] for row in EXPECTED]
    for got, expected in zip(transcript, EXPECTED):
        assert got == expected


def test_vector_stores_or_the_documented_refusal(backend: Tuple[str, AssistantsClient]) -> None:
    name, client = backend
    if name == "azure-v1":
        with pytest.raises(UnsupportedOperationError) as caught:
            client.beta.vector_stores.create(name="kb")
        assert "2024-05-01-preview" in str(caught.value)
        return
    store = client.beta.vector_stores.create(name="kb")
    assert client.beta.vector_stores.retrieve(store.id).name == "kb"
    assert client.beta.vector_stores.delete(store.id).deleted is True


def test_thread_listing_only_where_the_service_has_it(
    backend: Tuple[str, AssistantsClient],
) -> None:
    name, client = backend
    thread = client.beta.threads.create()
    if name == "foundry" or "responses" in name:
        # Foundry lists threads; the bridge lists the threads it keeps records of.
        assert thread.id in [t.id for t in client.beta.threads.list(limit=100)]
        return
    with pytest.raises(UnsupportedOperationError) as caught:
        client.beta.threads.list()
    assert "Foundry" in str(caught.value)


def test_openai_python_shapes_on_every_backend(backend: Tuple[str, AssistantsClient]) -> None:
    """stream=True, an event handler with the documented submit-inside-on_event pattern, and
    raw responses: the same observable results on every backend, the bridges included."""
    from multiassist import AssistantEventHandler

    _, client = backend
    assistant = client.beta.assistants.create(model="gpt-4o", tools=[WEATHER])
    thread = client.beta.threads.create()

    raw = client.beta.threads.messages.with_raw_response.create(
        thread.id, role="user", content="raw hello")
    message = raw.parse()
    assert (raw.status_code, message.text, raw.json()["id"]) == (200, "raw hello", message.id)

    with client.beta.threads.runs.create(thread.id, assistant_id=assistant.id,
                                         stream=True) as stream:
        names = [event.event for event in stream]
    assert names[0] == "thread.run.created" and names[-1] == "thread.run.completed"
    assert "done" not in names

    texts: List[str] = []

    class Reply(AssistantEventHandler):
        def on_text_delta(self, delta: Any, snapshot: Any) -> None:
            texts.append(delta.value)

    class Tools(AssistantEventHandler):
        def on_event(self, event: Any) -> None:
            if event.event == "thread.run.requires_action":
                run = event.data
                outputs = [{"tool_call_id": call.id, "output": f"sunny in Lyon ({call.type})"}
                           for call in run.required_action.submit_tool_outputs.tool_calls]
                with client.beta.threads.runs.submit_tool_outputs_stream(
                        thread_id=run.thread_id, run_id=run.id, tool_outputs=outputs,
                        event_handler=Reply()) as after:
                    after.until_done()

    client.beta.threads.messages.create(thread.id, role="user",
                                        content="call get_weather city=Lyon")
    with client.beta.threads.runs.stream(thread.id, assistant_id=assistant.id,
                                         event_handler=Tools()) as handled:
        handled.until_done()
    assert "".join(texts) == "get_weather returned: sunny in Lyon (function)"
    runs = client.beta.threads.runs.list(thread.id).data
    assert [run.status for run in runs] == ["completed", "completed"]
