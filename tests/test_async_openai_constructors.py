"""openai-python's async constructors: ``multiassist.AsyncOpenAI`` and
``multiassist.AsyncAzureOpenAI`` take its arguments (async token providers included), copy
themselves as it does, take the ``aiohttp.ClientSession`` they send with as ``http_client``
(refusing openai-python's httpx clients with that fix), and the blocking classes refuse what
only the async ones can use, naming them."""

from __future__ import annotations

import asyncio
from typing import Any, Awaitable, Callable, Iterator, List, TypeVar

import pytest

import multiassist
from multiassist import (
    AsyncAssistantsClient,
    AsyncAzureOpenAI,
    AsyncOpenAI,
    AzureOpenAI,
    ConfigurationError,
    OpenAI,
)
from multiassist.testing import Emulator

aiohttp = pytest.importorskip("aiohttp")
httpx = pytest.importorskip("httpx")  # what openai-python programs pass as http_client

T = TypeVar("T")
DEPLOYMENT = "prod-gpt4o"
API_VERSION = "2024-05-01-preview"
ENV_VARS = (
    "OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID",
    "OPENAI_CUSTOM_HEADERS", "AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_API_KEY",
    "AZURE_OPENAI_AD_TOKEN", "OPENAI_API_VERSION",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def openai_emulator() -> Iterator[Emulator]:
    with Emulator("openai") as emulator:
        yield emulator


@pytest.fixture
def azure_emulator() -> Iterator[Emulator]:
    with Emulator("azure", deployments={"gpt-4o": DEPLOYMENT}) as emulator:
        emulator.accept_token("entra-token")
        yield emulator


def run(make: Callable[[], Awaitable[T]]) -> T:
    return asyncio.run(make())  # type: ignore[arg-type]


def async_provider(token: str, calls: List[str]) -> Callable[[], Awaitable[str]]:
    """A coroutine-function token provider, as azure.identity.aio hands out; it awaits
    before answering, as a real credential does."""

    async def provider() -> str:
        await asyncio.sleep(0)
        calls.append(token)
        return token

    return provider


def test_the_async_classes_are_exported_and_extend_the_async_client() -> None:
    from multiassist._async.compat import openai_python

    assert multiassist.AsyncOpenAI is openai_python.AsyncOpenAI
    assert issubclass(AsyncOpenAI, AsyncAssistantsClient)
    assert issubclass(AsyncAzureOpenAI, AsyncOpenAI)
    assert not issubclass(AsyncOpenAI, OpenAI) and not issubclass(OpenAI, AsyncOpenAI)

    class Mine(AsyncOpenAI):
        pass

    client = Mine(api_key="sk-x", base_url="http://127.0.0.1:9/v1")
    assert isinstance(client, AsyncOpenAI) and repr(client).startswith("Mine(")
    run(client.close)


def test_async_openai_arguments_and_an_async_api_key_reach_the_wire(
    openai_emulator: Emulator,
) -> None:
    calls: List[str] = []

    async def program() -> None:
        async with AsyncOpenAI(
            api_key=async_provider(openai_emulator.api_key, calls), organization="org-1",
            project="proj-1", base_url=openai_emulator.base_url, max_retries=0,
            default_headers={"X-Team": "blue"}, default_query={"tenant": "t1"},
        ) as client:
            assistant = await client.beta.assistants.create(model="gpt-4o")
            assert (await client.beta.assistants.retrieve(assistant.id)).model == "gpt-4o"
            assert client.api_key == "" and client.default_query == {"tenant": "t1"}

    run(program)
    assert calls == [openai_emulator.api_key] * 2  # asked on every request
    for sent in openai_emulator.requests:
        assert sent.headers["authorization"] == f"Bearer {openai_emulator.api_key}"
        assert sent.headers["openai-organization"] == "org-1"
        assert sent.headers["openai-project"] == "proj-1"
        assert sent.headers["x-team"] == "blue" and sent.query == {"tenant": "t1"}


def test_async_openai_reads_openai_pythons_environment_variables(
    openai_emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", openai_emulator.api_key)
    monkeypatch.setenv("OPENAI_BASE_URL", openai_emulator.base_url)

    async def program() -> str:
        async with AsyncOpenAI() as client:
            return (await client.beta.threads.create()).id

    thread_id = run(program)
    assert [t["id"] for t in openai_emulator.stored("thread")] == [thread_id]
    monkeypatch.delenv("OPENAI_API_KEY")
    with pytest.raises(ConfigurationError, match="OPENAI_API_KEY"):
        AsyncOpenAI()


def test_async_azure_openai_with_an_async_token_provider(azure_emulator: Emulator) -> None:
    calls: List[str] = []

    async def program() -> Any:
        client = AsyncAzureOpenAI(
            azure_endpoint=azure_emulator.endpoint, api_version=API_VERSION,
            azure_ad_token_provider=async_provider("entra-token", calls),
            azure_deployment=DEPLOYMENT, max_retries=0,
        )
        try:
            assistant = await client.beta.assistants.create(model="any-model-name")
            return assistant, client.api_version, client.azure_deployment
        finally:
            await client.close()

    assistant, api_version, deployment = run(program)
    [sent] = azure_emulator.requests
    assert sent.headers["authorization"] == "Bearer entra-token"
    assert "api-key" not in sent.headers and sent.query["api-version"] == API_VERSION
    assert sent.json["model"] == DEPLOYMENT and calls == ["entra-token"]
    assert (api_version, deployment, assistant.model) == (API_VERSION, DEPLOYMENT, DEPLOYMENT)


def test_async_azure_callable_api_key_is_sent_as_api_key(azure_emulator: Emulator) -> None:
    calls: List[str] = []

    async def program() -> None:
        async with AsyncAzureOpenAI(
            azure_endpoint=azure_emulator.endpoint, api_version=API_VERSION,
            api_key=async_provider(azure_emulator.api_key, calls),
        ) as client:
            await client.beta.threads.create()

    run(program)
    [sent] = azure_emulator.requests
    assert sent.headers["api-key"] == azure_emulator.api_key
    assert "authorization" not in sent.headers and calls == [azure_emulator.api_key]


def test_an_async_token_provider_on_the_responses_bridge(azure_emulator: Emulator,
                                                         tmp_path: Any) -> None:
    # The bridge runs in worker threads; the provider is awaited on the caller's loop.
    calls: List[str] = []

    async def program() -> str:
        async with AsyncAzureOpenAI(
            azure_endpoint=azure_emulator.endpoint, provider="azure-responses",
            azure_ad_token_provider=async_provider("entra-token", calls),
            store=str(tmp_path / "bridge.sqlite3"),
        ) as client:
            return (await client.beta.threads.create()).id

    thread_id = run(program)
    assert thread_id.startswith("conv_") and calls
    for sent in azure_emulator.requests:
        assert sent.headers["authorization"] == "Bearer entra-token"
        assert sent.path.startswith("/openai/v1/")


def test_the_blocking_client_refuses_an_async_provider_on_the_bridge_outside_a_loop(
    azure_emulator: Emulator, tmp_path: Any
) -> None:
    # AssistantsClient (no openai-python constructor in front) takes any callable; a
    # coroutine function there has no loop to run on, and says which client can await it.
    async def provider() -> str:
        return "entra-token"

    with multiassist.AssistantsClient(
        provider="azure-responses", endpoint=azure_emulator.endpoint,
        azure_ad_token_provider=provider, store=str(tmp_path / "b.sqlite3"),
    ) as client, pytest.raises(ConfigurationError, match="async client"):
        client.beta.threads.create()
    assert azure_emulator.requests == []


def test_http_client_takes_an_aiohttp_session_that_carries_every_request(
    openai_emulator: Emulator,
) -> None:
    seen: List[str] = []

    async def on_request_start(session: Any, context: Any, params: Any) -> None:
        seen.append(f"{params.method} {params.url.path}")

    async def program() -> None:
        tracing = aiohttp.TraceConfig()
        tracing.on_request_start.append(on_request_start)
        async with aiohttp.ClientSession(trace_configs=[tracing]) as mine:
            client = AsyncOpenAI(api_key=openai_emulator.api_key,
                                 base_url=openai_emulator.base_url, http_client=mine)
            await client.beta.threads.create()
            copied = client.copy(default_headers={"X-Copy": "1"})
            await copied.beta.threads.create()
            await copied.close()
            await client.close()
            assert not mine.closed  # the caller's session stays open
            async with mine.get(openai_emulator.base_url + "/models") as response:
                assert response.status == 401  # and usable (the emulator wants a key)

    run(program)
    assert seen[:2] == ["POST /v1/threads"] * 2
    assert openai_emulator.requests[1].headers["x-copy"] == "1"


def test_copies_share_the_connection_pool_and_closing_one_leaves_the_other_open(
    openai_emulator: Emulator,
) -> None:
    async def program() -> None:
        client = AsyncOpenAI(api_key=openai_emulator.api_key,
                             base_url=openai_emulator.base_url, max_retries=0)
        quick = client.with_options(timeout=5, max_retries=3)
        other = client.copy(organization="org-2", default_query={"q": "1"})
        assert isinstance(other, AsyncOpenAI) and other.organization == "org-2"
        assert (quick.timeout.read, quick.max_retries) == (5.0, 3)
        assert other._core.transport._pool is client._core.transport._pool
        await other.beta.threads.create()
        await other.close()
        await quick.close()
        await client.beta.threads.create()  # the pool is still open
        await client.close()

    run(program)
    first, second = openai_emulator.requests
    assert (first.headers["openai-organization"], first.query) == ("org-2", {"q": "1"})
    assert "openai-organization" not in second.headers and second.query == {}


def test_azure_copy_keeps_the_async_provider_and_switches_api_version(
    azure_emulator: Emulator,
) -> None:
    calls: List[str] = []

    async def program() -> None:
        async with AsyncAzureOpenAI(
            azure_endpoint=azure_emulator.endpoint, api_version=API_VERSION,
            azure_ad_token_provider=async_provider("entra-token", calls),
        ) as client:
            newer = client.copy(api_version="2025-01-01-preview")
            assert isinstance(newer, AsyncAzureOpenAI)
            await newer.beta.threads.create()

    run(program)
    [sent] = azure_emulator.requests
    assert sent.query["api-version"] == "2025-01-01-preview"
    assert sent.headers["authorization"] == "Bearer entra-token"


@pytest.mark.parametrize(
    ("given", "named"),
    [(httpx.AsyncClient(), "an httpx client (AsyncClient), which openai-python takes"),
     (httpx.Client(), "an httpx client (Client)"), (object(), "not object")],
    ids=["httpx.AsyncClient", "httpx.Client", "object"],
)
def test_an_http_client_that_is_not_an_aiohttp_session_is_refused(given: Any,
                                                                   named: str) -> None:
    with pytest.raises(TypeError, match=r"http_client=aiohttp\.ClientSession\(\.\.\.\)") as a:
        AsyncOpenAI(api_key="sk-x", http_client=given)
    assert named in str(a.value)
    with pytest.raises(TypeError, match=r"http_client must be an aiohttp\.ClientSession"):
        AsyncAzureOpenAI(api_key="k", azure_endpoint="https://r.openai.azure.com",
                         http_client=given)
    client = AsyncOpenAI(api_key="sk-x")
    with pytest.raises(TypeError, match=r"http_client must be an aiohttp\.ClientSession"):
        client.copy(http_client=given)


def test_the_blocking_classes_name_the_async_ones_for_what_only_those_take() -> None:
    async def token() -> str:
        return "t"

    with pytest.raises(TypeError, match=r"AsyncOpenAI.*http_client=aiohttp\.ClientSession"):
        OpenAI(api_key="sk-x", http_client=httpx.AsyncClient())
    with pytest.raises(TypeError, match=r"api_key is a coroutine function.*AsyncOpenAI"):
        OpenAI(api_key=token)
    with pytest.raises(TypeError,
                       match=r"azure_ad_token_provider is a coroutine.*AsyncAzureOpenAI"):
        AzureOpenAI(azure_endpoint="https://r.openai.azure.com", azure_ad_token_provider=token)
    client = OpenAI(api_key="sk-x")
    with pytest.raises(TypeError, match="api_key is a coroutine function"):
        client.copy(api_key=token)


def test_unknown_and_meaningless_arguments_are_named() -> None:
    with pytest.raises(TypeError, match="organisation"):
        AsyncOpenAI(api_key="sk-x", organisation="typo")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="websocket_base_url"):
        AsyncOpenAI(api_key="sk-x", websocket_base_url="wss://x")
    with pytest.raises(ConfigurationError, match="mutually exclusive"):
        AsyncAzureOpenAI(azure_endpoint="https://r.openai.azure.com", api_key="k",
                         azure_ad_token="t")
    with pytest.raises(ConfigurationError, match="AsyncAzureOpenAI needs an endpoint"):
        AsyncAzureOpenAI(api_key="k")
    with pytest.raises(TypeError, match="session"):
        AsyncOpenAI(api_key="sk-x", session=object())  # type: ignore[call-arg]

