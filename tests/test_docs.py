"""Every Python snippet in README.md and MIGRATION.md runs, against the emulator.

Snippets may use ``endpoint``, ``key``, ``api_version``, ``credential``, ``profile_file`` and
``store_path`` (a file for the Responses bridge's records);
the test binds them to an Azure-flavored emulator (and points OPENAI_* variables at an
OpenAI-flavored one, AZURE_AI_PROJECT_ENDPOINT at a Foundry-flavored one), so the
documentation shows real construction lines and still runs.
"""

from __future__ import annotations

import contextlib
import io
import re
import time
from pathlib import Path
from typing import Any, Dict, Iterator, List, NamedTuple, Tuple

import pytest

from multiassist.testing import Emulator

ROOT = Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


def snippets() -> List[Tuple[str, str]]:
    found = []
    for name in ("README.md", "MIGRATION.md"):
        text = (ROOT / name).read_text(encoding="utf-8")
        for number, match in enumerate(BLOCK.finditer(text), start=1):
            found.append((f"{name}#{number}", match.group(1)))
    return found


class AccessToken(NamedTuple):
    token: str
    expires_on: int


class EmulatorCredential:
    """Stands in for DefaultAzureCredential: a token the emulators accept."""

    def __init__(self, *emulators: Emulator) -> None:
        self.emulators = emulators

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        for emulator in self.emulators:
            emulator.accept_token("docs-token")
        return AccessToken("docs-token", int(time.time()) + 3600)


class Emulators(NamedTuple):
    azure: Emulator
    openai: Emulator
    foundry: Emulator


@pytest.fixture(scope="module")
def emulators() -> Iterator[Emulators]:
    with Emulator(flavor="azure") as azure, Emulator(flavor="openai") as openai, \
            Emulator(flavor="foundry") as foundry:
        yield Emulators(azure, openai, foundry)


def test_the_documents_have_snippets() -> None:
    names = [name for name, _ in snippets()]
    assert sorted(names) == sorted(PRINTS)
    assert sum(n.startswith("MIGRATION") for n in names) >= 6
    assert any(n.startswith("README") for n in names)


# openai-python marks its Assistants namespace deprecated; the README shows it on purpose.
@pytest.mark.filterwarnings("ignore:deprecated:DeprecationWarning")
@pytest.mark.parametrize(("name", "code"), snippets(), ids=[n for n, _ in snippets()])
def test_snippet_runs(
    name: str, code: str, emulators: Emulators, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    azure, openai, foundry = emulators
    monkeypatch.setenv("OPENAI_BASE_URL", openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", openai.api_key)
    monkeypatch.setenv("AZURE_AI_PROJECT_ENDPOINT", foundry.endpoint)
    monkeypatch.setenv("DOCS_AZURE_KEY", azure.api_key)
    for variable in ("AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_API_KEY", "MULTIASSIST_PROFILE"):
        monkeypatch.delenv(variable, raising=False)
    profile_file = tmp_path / "multiassist.toml"
    profile_file.write_text(
        'default_profile = "azure-responses"\n'
        f'[profiles.azure-responses]\nprovider = "azure-responses"\n'
        f'endpoint = "{azure.endpoint}"\napi_key_env = "DOCS_AZURE_KEY"\n'
        f'store = "{tmp_path / "profile.sqlite3"}"\n'
        f'[profiles.azure]\nprovider = "azure"\nendpoint = "{azure.endpoint}"\n'
        f'api_version = "{azure.api_version}"\napi_key_env = "DOCS_AZURE_KEY"\n'
    )
    namespace: Dict[str, Any] = {
        "__name__": "__docs__",
        "endpoint": azure.endpoint,
        "key": azure.api_key,
        "api_version": azure.api_version,
        "credential": EmulatorCredential(azure, foundry),
        "profile_file": profile_file,
        "store_path": tmp_path / "bridge.sqlite3",
    }
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(compile(code, name, "exec"), namespace)
    assert PRINTS[name] in output.getvalue()


#: What each snippet prints (a part of it): the documentation shows working code, not just
#: code that runs. A new snippet needs an entry here.
PRINTS = {
    "README.md#1": "assistant You said: Hello!",
    "README.md#2": "assistant You said: Hello!",
    "README.md#3": "completed You said: Hi",
    "README.md#4": "AssistantsClient(azure-responses at",
    "README.md#5": "conv_",
    "README.md#6": "conv_",
    "README.md#7": "asst_",
    "MIGRATION.md#1": "assistant You said: What is 2 + 2?",
    "MIGRATION.md#2": "CodeInterpreterToolResource(file_ids=['file-",
    "MIGRATION.md#3": "completed ['Hello', 'You said: Hello']",
    "MIGRATION.md#4": "completed",
    "MIGRATION.md#5": "AssistantsClient(azure-responses at",
    "MIGRATION.md#6": "conv_",
    "MIGRATION.md#7": "completed get_weather returned: sunny in Paris",
    "MIGRATION.md#8": "['What did we decide?', 'Ship on Friday.']",
}


def test_the_sample_profile_file_defaults_to_a_live_provider(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from multiassist.config.profiles import load_profile

    [sample] = re.findall(r"^```toml\n(.*?)^```", (ROOT / "MIGRATION.md").read_text(
        encoding="utf-8"), re.MULTILINE | re.DOTALL)
    path = tmp_path / "multiassist.toml"
    path.write_text(sample)
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "docs-key")
    monkeypatch.setenv("OPENAI_API_KEY", "docs-key")
    monkeypatch.delenv("MULTIASSIST_PROFILE", raising=False)
    name, options = load_profile(path)
    assert (name, options["provider"]) == ("azure-responses", "azure-responses")
    # every profile in the sample is usable as written
    for profile in ("openai-responses", "foundry", "azure"):
        assert load_profile(path, profile)[1]["provider"] == profile
    assert load_profile(path, "foundry")[1]["tenant_id"] == "contoso.com"
