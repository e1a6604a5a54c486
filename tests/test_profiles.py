"""Switching providers by configuration: TOML profiles and the environment."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from multiassist import AssistantsClient, ConfigurationError
from multiassist.backends import AzureBackend, FoundryBackend, OpenAIBackend
from multiassist.config.profiles import ProfileError
from multiassist.testing import Emulator


@pytest.fixture(scope="module")
def azure_emulator() -> Iterator[Emulator]:
    with Emulator(flavor="azure", deployments={"gpt-4o": "dep-4o"}) as emu:
        yield emu


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "multiassist.toml"
    path.write_text(text)
    return path


def test_switching_providers_is_a_profile_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, azure_emulator: Emulator
) -> None:
    openai_emulator = Emulator(flavor="openai")
    with openai_emulator:
        path = write(tmp_path, f"""
default_profile = "azure"

[profiles.openai]
provider = "openai"
base_url = "{openai_emulator.base_url}"
api_key_env = "MY_OPENAI_KEY"

[profiles.azure]
provider = "azure"
endpoint = "{azure_emulator.endpoint}"
api_version = "{azure_emulator.api_version}"
auth = "api-key"
api_key_env = "MY_AZURE_KEY"
timeout = {{ connect = 2, read = 30 }}
max_retries = 1
[profiles.azure.deployments]
"gpt-4o" = "dep-4o"
""")
        monkeypatch.setenv("MY_OPENAI_KEY", openai_emulator.api_key)
        monkeypatch.setenv("MY_AZURE_KEY", azure_emulator.api_key)

        def scenario(client: AssistantsClient) -> tuple[str, str]:
            assistant = client.beta.assistants.create(model="gpt-4o", name="same code")
            return assistant.model, client.beta.assistants.retrieve(assistant.id).name or ""

        azure = AssistantsClient.from_config(path)
        assert isinstance(azure.backend, AzureBackend)
        assert scenario(azure) == ("gpt-4o", "same code")
        assert azure_emulator.requests[-2].json["model"] == "dep-4o"

        monkeypatch.setenv("MULTIASSIST_PROFILE", "openai")
        openai = AssistantsClient.from_config(path)
        assert isinstance(openai.backend, OpenAIBackend)
        assert scenario(openai) == ("gpt-4o", "same code")


def test_the_working_directory_file_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, '[profiles.only]\nprovider = "openai"\napi_key_env = "K"\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("K", "sk-from-env")
    monkeypatch.delenv("MULTIASSIST_PROFILE", raising=False)
    client = AssistantsClient.from_config()
    assert client.backend.auth.headers() == {"Authorization": "Bearer sk-from-env"}


@pytest.mark.parametrize("key", ["api_key", "token", "client_secret"])
def test_a_literal_secret_is_refused(tmp_path: Path, key: str) -> None:
    path = write(tmp_path, f'[profiles.p]\nprovider = "openai"\n{key} = "sk-literal-123"\n')
    with pytest.raises(ProfileError) as caught:
        AssistantsClient.from_config(path, "p")
    text = str(caught.value)
    assert str(path) in text and "'p'" in text and repr(key) in text
    assert f"{key}_env" in text and "sk-literal-123" not in text


@pytest.mark.parametrize(
    ("body", "key", "problem"),
    [
        ('provider = "openai"\napi_key_env = "UNSET_VAR_XYZ"', "api_key_env", "UNSET_VAR_XYZ"),
        ('provider = "azure"\nauth = "magic"', "auth", "api-key, entra, bearer"),
        ('provider = "openai"\ntimeout = "slow"\napi_key_env = "K"', "timeout", "seconds"),
        ('provider = "openai"\nmax_retries = -1\napi_key_env = "K"', "max_retries", ">= 0"),
        ('provider = "openai"\nendpoitn = "x"', "endpoitn", "unknown key"),
        ('api_key_env = "K"', "provider", "required"),
        ('provider = "azure"\napi_key_env = "K"\ndeployments = { "gpt-4o" = 5 }',
         "deployments", "table"),
    ],
)
def test_a_broken_profile_names_file_profile_and_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, key: str, problem: str
) -> None:
    monkeypatch.setenv("K", "secret")
    monkeypatch.delenv("UNSET_VAR_XYZ", raising=False)
    path = write(tmp_path, f"[profiles.broken]\n{body}\n")
    with pytest.raises(ProfileError) as caught:
        AssistantsClient.from_config(path, "broken")
    text = str(caught.value)
    assert str(path) in text and "'broken'" in text and repr(key) in text and problem in text


def test_profile_selection_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MULTIASSIST_PROFILE", raising=False)
    path = write(tmp_path, '[profiles.a]\nprovider = "openai"\n[profiles.b]\nprovider = "openai"\n')
    with pytest.raises(ProfileError, match="several profiles"):
        AssistantsClient.from_config(path)
    with pytest.raises(ProfileError, match=r"no profile 'c'.*a, b"):
        AssistantsClient.from_config(path, "c")
    bad = tmp_path / "bad.toml"
    bad.write_text("[profiles\n")
    with pytest.raises(ProfileError, match="not valid TOML"):
        AssistantsClient.from_config(bad)


def test_entra_profiles_build_azure_identity_credentials(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    identity = pytest.importorskip("azure.identity")
    monkeypatch.setenv("SECRET_VAR", "s3cret")
    path = write(tmp_path, """
[profiles.sp]
provider = "azure"
endpoint = "https://r.openai.azure.com"
auth = "entra"
[profiles.sp.entra]
tenant_id = "t"
client_id = "c"
client_secret_env = "SECRET_VAR"

[profiles.default]
provider = "foundry"
endpoint = "https://x.services.ai.azure.com/api/projects/p"
""")
    client = AssistantsClient.from_config(path, "sp")
    assert isinstance(client.backend.auth._credential, identity.ClientSecretCredential)  # type: ignore[attr-defined]
    foundry = AssistantsClient.from_config(path, "default")
    assert isinstance(foundry.backend, FoundryBackend)
    assert isinstance(foundry.backend.auth._credential, identity.DefaultAzureCredential)  # type: ignore[attr-defined]
    assert foundry.backend.auth._scopes == ("https://ai.azure.com/.default",)  # type: ignore[attr-defined]


def test_from_env_reads_openai_python_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_AD_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env")
    monkeypatch.setenv("OPENAI_ORG_ID", "org-1")
    made = AssistantsClient.from_env()
    assert isinstance(made.backend, OpenAIBackend)
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", "https://r.openai.azure.com")
    monkeypatch.setenv("AZURE_OPENAI_AD_TOKEN", "tok")
    monkeypatch.setenv("OPENAI_API_VERSION", "2024-02-15-preview")
    azure = AssistantsClient.from_env()
    assert isinstance(azure.backend, AzureBackend) and azure.backend.wire == "v1"
    assert azure.backend.auth.headers() == {"Authorization": "Bearer tok"}
    monkeypatch.delenv("AZURE_OPENAI_AD_TOKEN")
    with pytest.raises(ConfigurationError, match="AZURE_OPENAI_API_KEY"):
        AssistantsClient.from_env()
