"""openai-python's constructors: ``multiassist.OpenAI`` and ``multiassist.AzureOpenAI`` take
its arguments, defaults and environment variables, copy themselves as it does, and refuse what
cannot mean anything here with a TypeError that says what to pass instead."""

from __future__ import annotations

import itertools
from typing import Any, Callable, Dict, Iterator, List

import pytest

import multiassist
from multiassist import AssistantsClient, AzureOpenAI, ConfigurationError, OpenAI
from multiassist.testing import Emulator, RecordedRequest

ENV_VARS = (
    "OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID",
    "OPENAI_WEBHOOK_SECRET", "OPENAI_CUSTOM_HEADERS", "OPENAI_ADMIN_KEY",
    "AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_AD_TOKEN",
    "OPENAI_API_VERSION",
)
DEPLOYMENT = "prod-gpt4o"


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
    with Emulator("azure", deployments={"gpt-4o": DEPLOYMENT, "gpt-4o-mini": "mini"}) as emu:
        yield emu


def sent_since(emulator: Emulator, start: int) -> List[RecordedRequest]:
    return emulator.requests[start:]


def counting(value: Callable[[], str]) -> Any:
    """A key provider that counts its calls."""

    def provider() -> str:
        provider.calls += 1  # type: ignore[attr-defined]
        return value()

    provider.calls = 0  # type: ignore[attr-defined]
    return provider


# -- classes ---------------------------------------------------------------------------------

def test_the_constructors_are_classes_programs_can_check_annotate_and_extend(
    openai_emulator: Emulator,
) -> None:
    class TracingClient(OpenAI):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.label = "traced"

    def assistant_count(client: OpenAI) -> int:  # annotated as openai-python users do
        return len(client.beta.assistants.list().data)

    made = TracingClient(base_url=openai_emulator.base_url, api_key=openai_emulator.api_key)
    assert isinstance(made, (OpenAI, AssistantsClient)) and made.label == "traced"
    made.beta.assistants.create(model="gpt-4o")
    assert assistant_count(made) == 1
    faster = made.with_options(timeout=5)
    assert type(faster) is TracingClient and faster.label == "traced"
    assert assistant_count(faster) == 1
    assert repr(made).startswith("TracingClient(openai at ")
    assert openai_emulator.api_key not in repr(made)

    azure = AzureOpenAI(azure_endpoint="https://r.openai.azure.com", api_key="k",
                        api_version="2025-04-01-preview")
    assert isinstance(azure, OpenAI), "openai-python's AzureOpenAI subclasses OpenAI too"
    assert isinstance(azure, AssistantsClient) and not isinstance(made, AzureOpenAI)


# -- construction with each argument, on the wire ------------------------------------------

def test_openai_arguments_reach_the_wire(openai_emulator: Emulator) -> None:
    client = OpenAI(
        api_key=openai_emulator.api_key, organization="org-1", project="proj-1",
        webhook_secret="whsec", base_url=openai_emulator.base_url + "/", timeout=20.0,
        max_retries=4, default_headers={"X-Team": "blue"}, default_query={"tenant": "t1"},
        _strict_response_validation=True,
    )
    assistant = client.beta.assistants.create(model="gpt-4o")
    [sent] = openai_emulator.requests
    assert sent.path == "/v1/assistants" and sent.query == {"tenant": "t1"}
    assert sent.headers["authorization"] == f"Bearer {openai_emulator.api_key}"
    assert sent.headers["openai-organization"] == "org-1"
    assert sent.headers["openai-project"] == "proj-1"
    assert sent.headers["x-team"] == "blue"
    assert client.beta.assistants.retrieve(assistant.id).model == "gpt-4o"
    assert (client.organization, client.project, client.webhook_secret) == (
        "org-1", "proj-1", "whsec")
    assert client.base_url == openai_emulator.base_url
    assert (client.timeout.read, client.max_retries) == (20.0, 4)
    assert client.api_key == openai_emulator.api_key
    assert client.default_query == {"tenant": "t1"}


def test_timeouts_as_openai_python_spells_them() -> None:
    openai = pytest.importorskip("openai")
    made = OpenAI(api_key="k", timeout=openai.Timeout(60.0, connect=5.0))
    assert (made.timeout.connect, made.timeout.read) == (5.0, 60.0)
    assert OpenAI(api_key="k", timeout=None).timeout.read is None
    assert OpenAI(api_key="k").timeout == multiassist.Timeout()


def test_azure_arguments_reach_the_wire(azure_emulator: Emulator) -> None:
    client = AzureOpenAI(
        api_version="2024-10-01-preview", azure_endpoint=azure_emulator.endpoint,
        api_key=azure_emulator.api_key, organization="org-1", project="proj-1",
        timeout=30, max_retries=1, default_headers={"X-Team": "blue"},
        default_query={"tenant": "t1", "api-version": "ignored"},
    )
    assistant = client.beta.assistants.create(model=DEPLOYMENT)
    [sent] = azure_emulator.requests
    assert sent.path == "/openai/assistants"
    # As in openai-python, the client's api-version wins over one in default_query.
    assert sent.query == {"tenant": "t1", "api-version": "2024-10-01-preview"}
    assert sent.headers["api-key"] == azure_emulator.api_key
    assert "authorization" not in sent.headers
    assert sent.headers["openai-organization"] == "org-1"
    assert sent.headers["x-team"] == "blue"
    assert assistant.model == DEPLOYMENT
    assert client.api_version == "2024-10-01-preview"
    assert client.base_url == azure_emulator.endpoint + "/openai"


def test_azure_base_url_instead_of_an_endpoint(azure_emulator: Emulator) -> None:
    client = AzureOpenAI(base_url=azure_emulator.endpoint + "/openai",
                         api_key=azure_emulator.api_key, api_version="2025-04-01-preview")
    client.beta.threads.create()
    assert azure_emulator.requests[-1].path == "/openai/threads"
    with pytest.raises(ConfigurationError, match="mutually exclusive"):
        AzureOpenAI(base_url=azure_emulator.endpoint + "/openai",
                    azure_endpoint=azure_emulator.endpoint, api_key="k")


# -- azure_deployment ------------------------------------------------------------------------

def test_azure_deployment_is_where_unmapped_models_go(azure_emulator: Emulator) -> None:
    plain = AzureOpenAI(azure_endpoint=azure_emulator.endpoint, api_key=azure_emulator.api_key,
                        api_version="2025-04-01-preview")
    with pytest.raises(multiassist.NotFoundError):
        plain.beta.assistants.create(model="gpt-4-turbo")  # no deployment has that name

    client = AzureOpenAI(
        azure_endpoint=azure_emulator.endpoint, api_key=azure_emulator.api_key,
        api_version="2025-04-01-preview", azure_deployment=DEPLOYMENT,
        deployments={"gpt-4o-mini": "mini"},
    )
    start = len(azure_emulator.requests)
    routed = client.beta.assistants.create(model="gpt-4-turbo")
    mapped = client.beta.assistants.create(model="gpt-4o-mini")
    bodies = [r.json for r in sent_since(azure_emulator, start)]
    assert [b["model"] for b in bodies] == [DEPLOYMENT, "mini"]
    assert routed.model == DEPLOYMENT  # routed by azure_deployment: the deployment's name
    assert mapped.model == "gpt-4o-mini"  # named in deployments: the caller's model name
    assert client.azure_deployment == DEPLOYMENT
    assert all(r.path == "/openai/assistants" for r in sent_since(azure_emulator, start))


def test_a_deployment_base_url_sets_azure_deployment(azure_emulator: Emulator) -> None:
    client = AzureOpenAI(base_url=f"{azure_emulator.endpoint}/openai/deployments/{DEPLOYMENT}",
                         api_key=azure_emulator.api_key, api_version="2025-04-01-preview")
    assert client.azure_deployment == DEPLOYMENT
    client.beta.assistants.create(model="gpt-4-turbo")
    sent = azure_emulator.requests[-1]
    assert sent.path == "/openai/assistants" and sent.json["model"] == DEPLOYMENT


# -- api_key as a callable --------------------------------------------------------------------

def test_callable_api_key_is_asked_on_every_request_and_sent_as_bearer(
    openai_emulator: Emulator,
) -> None:
    provider = counting(lambda: openai_emulator.api_key)
    client = OpenAI(base_url=openai_emulator.base_url, api_key=provider)
    thread = client.beta.threads.create()
    client.beta.threads.messages.create(thread.id, role="user", content="hi")
    client.beta.threads.messages.list(thread.id)
    assert provider.calls == 3
    assert [r.headers["authorization"] for r in openai_emulator.requests] == [
        f"Bearer {openai_emulator.api_key}"] * 3
    assert client.api_key == ""


def test_a_rejected_token_is_asked_for_again_once(openai_emulator: Emulator) -> None:
    tokens = itertools.chain(["expired-token"], itertools.repeat(openai_emulator.api_key))
    provider = counting(lambda: next(tokens))
    client = OpenAI(base_url=openai_emulator.base_url, api_key=provider, max_retries=0)
    client.beta.threads.create()
    assert provider.calls == 2
    assert [r.headers["authorization"] for r in openai_emulator.requests] == [
        "Bearer expired-token", f"Bearer {openai_emulator.api_key}"]


def test_microsofts_v1_idiom_a_token_provider_as_api_key_on_the_bridge() -> None:
    # OpenAI(base_url="https://<resource>.openai.azure.com/openai/v1/",
    #        api_key=get_bearer_token_provider(DefaultAzureCredential(), scope))
    with Emulator("azure") as emulator:
        emulator.accept_token("entra-token")
        provider = counting(lambda: "entra-token")
        client = OpenAI(base_url=emulator.responses_base_url + "/", api_key=provider,
                        provider="openai-responses", store=":memory:")
        assistant = client.beta.assistants.create(model="gpt-4o")
        thread = client.beta.threads.create(messages=[{"role": "user", "content": "hi"}])
        run = client.beta.threads.runs.create_and_poll(
            thread_id=thread.id, assistant_id=assistant.id, poll_interval_ms=10)
        assert run.status == "completed"
        assert provider.calls == len(emulator.requests) > 0
        assert {r.headers.get("authorization") for r in emulator.requests} == {
            "Bearer entra-token"}


def test_azure_callable_api_key_is_sent_as_api_key(azure_emulator: Emulator) -> None:
    provider = counting(lambda: azure_emulator.api_key)
    client = AzureOpenAI(azure_endpoint=azure_emulator.endpoint, api_key=provider,
                         api_version="2025-04-01-preview")
    client.beta.threads.create()
    client.beta.threads.create()
    assert provider.calls == 2
    assert [r.headers.get("api-key") for r in azure_emulator.requests] == [
        azure_emulator.api_key] * 2


# -- default_query -----------------------------------------------------------------------------

def test_default_query_reaches_every_request(openai_emulator: Emulator) -> None:
    client = OpenAI(base_url=openai_emulator.base_url, api_key=openai_emulator.api_key,
                    default_query={"tenant": "t1"})
    assistant = client.beta.assistants.create(model="gpt-4o")
    uploaded = client.files.create(file=("notes.txt", b"alpha\n"), purpose="assistants")
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "hi"}])
    with client.beta.threads.runs.stream(thread_id=thread.id,
                                         assistant_id=assistant.id) as stream:
        stream.until_done()
    list(client.beta.threads.messages.list(thread.id, limit=1))  # follows pages
    client.files.delete(uploaded.id)
    client.beta.threads.messages.list(thread.id, extra_query={"tenant": "t2"})
    paths = [(r.method, r.path) for r in openai_emulator.requests]
    assert ("POST", f"/v1/threads/{thread.id}/runs") in paths
    assert ("POST", "/v1/files") in paths
    assert all(r.query.get("tenant") == "t1" for r in openai_emulator.requests[:-1]), paths
    assert openai_emulator.requests[-1].query["tenant"] == "t2"  # a call's own value wins


def test_assistants_client_takes_default_query_too(azure_emulator: Emulator) -> None:
    client = AssistantsClient(azure_emulator.endpoint,
                              multiassist.KeyCredential(azure_emulator.api_key),
                              default_query={"tenant": "t1"})
    client.createThread()
    client.with_options(max_retries=0).beta.threads.create()
    assert [r.query["tenant"] for r in azure_emulator.requests] == ["t1", "t1"]
    with pytest.raises(ConfigurationError, match="default_query"):
        AssistantsClient(azure_emulator.endpoint, multiassist.KeyCredential("k"),
                         default_query=["tenant"])  # type: ignore[arg-type]


def test_default_query_reaches_the_bridges_requests() -> None:
    with Emulator("openai") as emulator:
        client = OpenAI(base_url=emulator.base_url, api_key=emulator.api_key,
                        provider="openai-responses", store=":memory:",
                        default_query={"tenant": "t1"})
        assistant = client.beta.assistants.create(model="gpt-4o")
        thread = client.beta.threads.create(messages=[{"role": "user", "content": "hi"}])
        client.beta.threads.runs.create_and_poll(
            thread_id=thread.id, assistant_id=assistant.id, poll_interval_ms=10)
        assert any(r.path == "/v1/responses" for r in emulator.requests)
        assert all(r.query.get("tenant") == "t1" for r in emulator.requests)

        # A copy with other settings keeps the bridge's records (here: in memory).
        other = client.copy(organization="org-2", set_default_query={})
        assert other.beta.assistants.retrieve(assistant.id).id == assistant.id
        assert other.backend is not client.backend


# -- copy() and with_options() -----------------------------------------------------------------

def test_with_options_overrides_and_shares_the_connection_pool(
    openai_emulator: Emulator,
) -> None:
    client = OpenAI(base_url=openai_emulator.base_url, api_key=openai_emulator.api_key,
                    default_headers={"X-A": "1"}, default_query={"a": "1"}, max_retries=2)
    quick = client.with_options(timeout=3, max_retries=0, default_query={"b": "2"})
    assert (quick.timeout.read, quick.max_retries) == (3.0, 0)
    assert (client.timeout.read, client.max_retries) == (600.0, 2)
    assert quick.backend is client.backend
    assert quick._core.transport.session is client._core.transport.session
    quick.beta.threads.create()
    client.beta.threads.create()
    merged, original = openai_emulator.requests
    assert merged.query == {"a": "1", "b": "2"} and original.query == {"a": "1"}
    assert merged.headers["x-a"] == original.headers["x-a"] == "1"

    replaced = client.copy(set_default_query={"c": "3"}, set_default_headers={"X-B": "2"})
    replaced.beta.threads.create()
    sent = openai_emulator.requests[-1]
    assert sent.query == {"c": "3"}
    assert "x-a" not in sent.headers and sent.headers["x-b"] == "2"

    quick.close()  # a copy does not close the pool it shares
    client.beta.threads.create()


def test_copy_with_other_credentials_and_identity(openai_emulator: Emulator) -> None:
    client = OpenAI(base_url=openai_emulator.base_url, api_key="wrong-key", organization="o1",
                    max_retries=0)
    with pytest.raises(multiassist.AuthenticationError):
        client.beta.threads.create()
    fixed = client.copy(api_key=openai_emulator.api_key, project="p2",
                        default_headers={"X-C": "3"})
    fixed.beta.threads.create()
    sent = openai_emulator.requests[-1]
    assert sent.headers["authorization"] == f"Bearer {openai_emulator.api_key}"
    assert (sent.headers["openai-organization"], sent.headers["openai-project"]) == ("o1", "p2")
    assert sent.headers["x-c"] == "3"
    assert fixed.max_retries == 0 and fixed.base_url == client.base_url
    assert client.api_key == "wrong-key"  # the original is unchanged
    assert fixed._core.transport.session is client._core.transport.session


def test_copy_refuses_both_ways_of_setting_defaults() -> None:
    client = OpenAI(api_key="k")
    with pytest.raises(ValueError, match="default_headers` and `set_default_headers"):
        client.copy(default_headers={"a": "1"}, set_default_headers={"b": "2"})
    with pytest.raises(ValueError, match="default_query` and `set_default_query"):
        client.with_options(default_query={"a": "1"}, set_default_query={"b": "2"})


def test_azure_copy_switches_credential_and_api_version(azure_emulator: Emulator) -> None:
    azure_emulator.accept_token("entra-token")
    client = AzureOpenAI(azure_endpoint=azure_emulator.endpoint, api_key=azure_emulator.api_key,
                         api_version="2025-04-01-preview", azure_deployment=DEPLOYMENT)
    entra = client.copy(azure_ad_token_provider=lambda: "entra-token",
                        api_version="2024-10-01-preview")
    entra.beta.assistants.create(model="anything")
    sent = azure_emulator.requests[-1]
    assert sent.headers["authorization"] == "Bearer entra-token"
    assert "api-key" not in sent.headers
    assert sent.query["api-version"] == "2024-10-01-preview"
    assert sent.json["model"] == DEPLOYMENT  # the deployment is kept
    same = client.with_options(max_retries=0)
    same.beta.threads.create()
    assert azure_emulator.requests[-1].headers["api-key"] == azure_emulator.api_key
    with pytest.raises(ConfigurationError, match="mutually exclusive"):
        client.copy(api_key="k", azure_ad_token="t")


# -- environment variables ---------------------------------------------------------------------

def test_openai_environment_variables(
    openai_emulator: Emulator, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", openai_emulator.api_key)
    monkeypatch.setenv("OPENAI_BASE_URL", openai_emulator.base_url)
    monkeypatch.setenv("OPENAI_ORG_ID", "org-env")
    monkeypatch.setenv("OPENAI_PROJECT_ID", "proj-env")
    monkeypatch.setenv("OPENAI_WEBHOOK_SECRET", "whsec-env")
    monkeypatch.setenv("OPENAI_CUSTOM_HEADERS", "X-Env: one\nX-Both: env")
    client = OpenAI(default_headers={"X-Both": "explicit"})
    client.beta.threads.create()
    sent = openai_emulator.requests[-1]
    assert sent.headers["openai-organization"] == "org-env"
    assert sent.headers["openai-project"] == "proj-env"
    assert (sent.headers["x-env"], sent.headers["x-both"]) == ("one", "explicit")
    assert client.webhook_secret == "whsec-env"
    OpenAI(organization="org-arg").beta.threads.create()  # an argument wins
    assert openai_emulator.requests[-1].headers["openai-organization"] == "org-arg"
    assert type(OpenAI.from_env()) is OpenAI


def test_missing_openai_key_names_the_argument_and_variable() -> None:
    with pytest.raises(ConfigurationError) as caught:
        OpenAI()
    assert "api_key" in str(caught.value) and "OPENAI_API_KEY" in str(caught.value)


def test_azure_environment_variables(
    azure_emulator: Emulator, monkeypatch: pytest.MonkeyPatch,
) -> None:
    azure_emulator.accept_token("env-token")
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", azure_emulator.endpoint)
    monkeypatch.setenv("OPENAI_API_VERSION", "2024-10-01-preview")
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", azure_emulator.api_key)
    AzureOpenAI().beta.threads.create()
    sent = azure_emulator.requests[-1]
    assert sent.headers["api-key"] == azure_emulator.api_key
    assert sent.query["api-version"] == "2024-10-01-preview"

    # As in openai-python, the token variable wins over the key variable...
    monkeypatch.setenv("AZURE_OPENAI_AD_TOKEN", "env-token")
    AzureOpenAI().beta.threads.create()
    sent = azure_emulator.requests[-1]
    assert sent.headers["authorization"] == "Bearer env-token" and "api-key" not in sent.headers
    # ...and an explicit credential over both.
    AzureOpenAI(api_key=azure_emulator.api_key).beta.threads.create()
    assert "authorization" not in azure_emulator.requests[-1].headers


def test_azure_missing_settings_name_the_arguments_and_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(ConfigurationError) as caught:
        AzureOpenAI(api_key="k")
    assert "azure_endpoint" in str(caught.value)
    assert "AZURE_OPENAI_ENDPOINT" in str(caught.value)
    with pytest.raises(ConfigurationError) as caught:
        AzureOpenAI(azure_endpoint="https://r.openai.azure.com")
    for name in ("api_key", "azure_ad_token", "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_AD_TOKEN"):
        assert name in str(caught.value)
    with pytest.raises(ConfigurationError, match="mutually exclusive"):
        AzureOpenAI(azure_endpoint="https://r.openai.azure.com", api_key="k",
                    azure_ad_token_provider=lambda: "t")


# -- other providers -------------------------------------------------------------------------

def test_azure_openai_on_foundry_classic() -> None:
    with Emulator("foundry") as emulator:
        emulator.accept_token("entra-token")
        client = AzureOpenAI(azure_endpoint=emulator.endpoint, provider="foundry",
                             azure_ad_token_provider=lambda: "entra-token", api_version="v1")
        client.beta.threads.create()
        assert emulator.requests[-1].headers["authorization"] == "Bearer entra-token"
    with pytest.raises(ConfigurationError, match="AssistantsClient"):
        OpenAI(api_key="k", provider="azure")


# -- TypeErrors ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("argument", "value", "advice"),
    [
        ("http_client", object(), "session=requests.Session()"),
        ("websocket_base_url", "wss://example", "Realtime"),
        ("admin_api_key", "sk-admin", "api_key="),
        ("workload_identity", {"provider": "x"}, "api_key="),
        ("data_residency", "eu", "base_url="),
        ("provider", object(), "api_key= and base_url="),
    ],
)
def test_arguments_that_mean_nothing_here_say_what_to_pass(
    argument: str, value: Any, advice: str,
) -> None:
    with pytest.raises(TypeError) as caught:
        OpenAI(api_key="k", **{argument: value})
    assert argument.split("_")[0] in str(caught.value) and advice in str(caught.value)
    if argument not in ("provider", "data_residency"):
        with pytest.raises(TypeError, match=argument):
            AzureOpenAI(azure_endpoint="https://r.openai.azure.com", api_key="k",
                        **{argument: value})
        with pytest.raises(TypeError, match=argument):
            OpenAI(api_key="k").with_options(**{argument: value})
    assert "session=" in str(_type_error(lambda: OpenAI(api_key="k").copy(
        http_client=object())))


def _type_error(call: Callable[[], Any]) -> TypeError:
    with pytest.raises(TypeError) as caught:
        call()
    return caught.value


def test_unknown_keywords_are_named_everywhere(openai_emulator: Emulator) -> None:
    client = OpenAI(base_url=openai_emulator.base_url, api_key=openai_emulator.api_key)
    azure = AzureOpenAI(azure_endpoint="https://r.openai.azure.com", api_key="k")
    thread = client.beta.threads.create()
    sent = len(openai_emulator.requests)
    calls: Dict[str, Callable[[], Any]] = {
        "OpenAI": lambda: OpenAI(api_key="k", api_keys="k"),
        "AzureOpenAI": lambda: AzureOpenAI(azure_endpoint="https://r.openai.azure.com",
                                           api_key="k", deployment="d"),
        "copy": lambda: client.copy(org="o"),
        "with_options": lambda: azure.with_options(retries=1),
        "assistants.create": lambda: client.beta.assistants.create(model="m", temprature=1),
        "messages.create": lambda: client.beta.threads.messages.create(
            thread.id, role="user", content="hi", attachment=[]),
        "runs.create": lambda: client.beta.threads.runs.create(
            thread.id, assistant_id="asst_1", stream_mode=True),
        "messages.list": lambda: client.beta.threads.messages.list(thread.id, sort="asc"),
        "files.create": lambda: client.files.create(file=("a.txt", b"a"), purpose="assistants",
                                                    name="a"),
    }
    unknown = {"OpenAI": "api_keys", "AzureOpenAI": "deployment", "copy": "org",
               "with_options": "retries", "assistants.create": "temprature",
               "messages.create": "attachment", "runs.create": "stream_mode",
               "messages.list": "sort", "files.create": "name"}
    for where, call in calls.items():
        assert f"'{unknown[where]}'" in str(_type_error(call)), where
    assert len(openai_emulator.requests) == sent, "nothing is sent for a refused call"
