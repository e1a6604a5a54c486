"""Constructing clients: every accepted form, and clear errors for the wrong ones."""

from __future__ import annotations

from typing import Any

import pytest

import multiassist
from multiassist import AssistantsClient, AzureOpenAI, ConfigurationError, KeyCredential, OpenAI
from multiassist.backends import AzureBackend, OpenAIBackend, available_backends
from multiassist.testing import Emulator


def test_azure_sdk_positional_forms_pick_the_provider() -> None:
    openai_client = AssistantsClient(KeyCredential("sk-test"))
    assert isinstance(openai_client.backend, OpenAIBackend)
    assert openai_client.backend.base_url == "https://api.openai.com/v1"

    azure_client = AssistantsClient("https://res.openai.azure.com", KeyCredential("k"))
    assert isinstance(azure_client.backend, AzureBackend)
    assert azure_client.backend.endpoint == "https://res.openai.azure.com"
    assert azure_client.backend.api_version == "2025-04-01-preview"


def test_azure_core_key_credential_is_accepted() -> None:
    azure_core = pytest.importorskip("azure.core.credentials")
    made = AssistantsClient("https://res.openai.azure.com", azure_core.AzureKeyCredential("k"))
    assert made.backend.auth.headers() == {"api-key": "k"}


def test_openai_python_constructors_return_the_same_facade() -> None:
    made = OpenAI(api_key="sk-1", organization="org-1", project="proj-1")
    assert isinstance(made, AssistantsClient)
    azure = AzureOpenAI(
        azure_endpoint="https://res.openai.azure.com/", api_key="k",
        api_version="2024-05-01-preview",
    )
    assert isinstance(azure.backend, AzureBackend)
    assert azure.backend.api_version == "2024-05-01-preview"


def test_environment_variables_fill_missing_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", "https://env.openai.azure.com")
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "env-key")
    monkeypatch.setenv("OPENAI_API_VERSION", "2024-10-01-preview")
    made = AzureOpenAI()
    assert made.backend.endpoint == "https://env.openai.azure.com"  # type: ignore[attr-defined]
    assert made.backend.api_version == "2024-10-01-preview"  # type: ignore[attr-defined]
    assert made.backend.auth.headers() == {"api-key": "env-key"}


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"provider": "openai"}, ["api_key", "OPENAI_API_KEY"]),
        ({"provider": "azure", "endpoint": "https://r.openai.azure.com"},
         ["api_key", "AZURE_OPENAI_API_KEY"]),
        ({"provider": "azure", "api_key": "k"}, ["endpoint", "AZURE_OPENAI_ENDPOINT"]),
    ],
)
def test_missing_credentials_name_parameter_and_variable(
    monkeypatch: pytest.MonkeyPatch, kwargs: dict[str, Any], named: list[str]
) -> None:
    for var in ("OPENAI_API_KEY", "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_ENDPOINT",
                "AZURE_OPENAI_AD_TOKEN"):
        monkeypatch.delenv(var, raising=False)
    with pytest.raises(ConfigurationError) as caught:
        AssistantsClient(**kwargs)
    for word in named:
        assert word in str(caught.value)


def test_unknown_provider_lists_the_valid_ones() -> None:
    with pytest.raises(ConfigurationError) as caught:
        AssistantsClient(provider="bedrock", api_key="k")
    for name in available_backends():
        assert repr(name) in str(caught.value)


@pytest.mark.parametrize(
    "endpoint",
    ["http://res.openai.azure.com", "http://10.0.0.5", "ftp://res.openai.azure.com"],
)
def test_insecure_or_malformed_endpoints_are_refused(endpoint: str) -> None:
    with pytest.raises(ConfigurationError):
        AssistantsClient(endpoint, KeyCredential("k"))


def test_loopback_http_is_allowed() -> None:
    made = AssistantsClient("http://127.0.0.1:9", KeyCredential("k"))
    assert made.backend.endpoint == "http://127.0.0.1:9"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "endpoint",
    ["https://res.openai.azure.com/openai/deployments/gpt4",
     "https://res.openai.azure.com/openai/deployments"],
)
def test_deployment_urls_are_refused_with_the_reason(endpoint: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        AssistantsClient(endpoint, KeyCredential("k"))
    assert "deployments=" in str(caught.value)


def test_single_string_argument_is_ambiguous() -> None:
    with pytest.raises(ConfigurationError) as caught:
        AssistantsClient("sk-looks-like-a-key")
    assert "sk-looks-like-a-key" not in str(caught.value)
    assert "KeyCredential" in str(caught.value)


def test_reprs_never_show_secrets() -> None:
    secret = "sk-super-secret-value"
    for made in (
        AssistantsClient(KeyCredential(secret)),
        AssistantsClient("https://r.openai.azure.com", KeyCredential(secret)),
        AzureOpenAI(azure_endpoint="https://r.openai.azure.com", azure_ad_token=secret,
                    api_version="2025-04-01-preview"),
    ):
        assert secret not in repr(made)
        assert secret not in repr(made.backend.auth)
    assert secret not in repr(KeyCredential(secret))


def test_custom_backend_can_be_registered(emulator_openai: Emulator) -> None:
    made_with: dict[str, Any] = {}

    def factory(**options: Any) -> OpenAIBackend:
        made_with.update(options)
        return OpenAIBackend(
            auth=multiassist.http.auth.ApiKeyPolicy(
                KeyCredential(emulator_openai.api_key), header_name="Authorization",
                prefix="Bearer ",
            ),
            base_url=emulator_openai.base_url,
        )

    multiassist.register_backend("my-gateway", factory, replace=True)
    made = AssistantsClient(provider="my-gateway", endpoint="https://gateway.example")
    assert made_with["endpoint"] == "https://gateway.example"
    assert made.beta.assistants.create(model="gpt-4o").model == "gpt-4o"


@pytest.fixture(scope="module")
def emulator_openai() -> Any:
    with Emulator(flavor="openai") as emu:
        yield emu


def test_turning_tls_verification_off_is_explicit_and_warned(
    caplog: pytest.LogCaptureFixture,
) -> None:
    import logging

    with caplog.at_level(logging.WARNING, logger="multiassist"):
        AssistantsClient("https://r.openai.azure.com", KeyCredential("k"))
    assert "verification" not in caplog.text  # on by default, silently
    with caplog.at_level(logging.WARNING, logger="multiassist"):
        AssistantsClient("https://r.openai.azure.com", KeyCredential("k"), verify=False)
    assert "TLS certificate verification is turned off" in caplog.text


def test_settings_and_profiles_never_show_secrets() -> None:
    from multiassist.config import ClientSettings

    settings = ClientSettings(provider="azure", api_key="sk-hidden-1", azure_ad_token="tok-2")
    assert "sk-hidden-1" not in repr(settings) and "tok-2" not in repr(settings)
