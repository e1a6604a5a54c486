"""Every Python snippet in README.md and MIGRATION.md runs, against the emulator.

Snippets may use ``endpoint``, ``key``, ``api_version``, ``credential`` (``async_credential``
for ``azure.identity.aio``), ``profile_file`` (in
the working directory), ``store_path`` (a file for the Responses bridge's records) and
``conn_str`` (a hub-based project's connection string); the test binds them to an
Azure-flavored emulator (and points OPENAI_* variables at an OpenAI-flavored one,
AZURE_AI_PROJECT_ENDPOINT and ``conn_str`` at a Foundry-flavored one), so the documentation
shows real construction lines and still runs.
"""

from __future__ import annotations

import contextlib
import io
import re
import time
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, NamedTuple, Tuple

import pytest

import multiassist.testing
from multiassist.testing import Emulator, RecordedRequest

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
    """Stands in for DefaultAzureCredential: a token the emulators accept for the scope
    asked for."""

    def __init__(self, *emulators: Emulator) -> None:
        self.emulators = emulators

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        audience = scopes[0].rsplit("/.default", 1)[0]
        for emulator in self.emulators:
            emulator.accept_token("docs-token", audience=audience)
        return AccessToken("docs-token", int(time.time()) + 3600)


class AsyncEmulatorCredential:
    """Stands in for azure.identity.aio.DefaultAzureCredential: an async ``get_token``."""

    def __init__(self, *emulators: Emulator) -> None:
        self.sync = EmulatorCredential(*emulators)

    async def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return self.sync.get_token(*scopes, **kwargs)

    async def close(self) -> None:
        pass


class Emulators(NamedTuple):
    azure: Emulator
    openai: Emulator
    foundry: Emulator


@pytest.fixture(scope="module")
def emulators() -> Iterator[Emulators]:
    with Emulator(flavor="azure") as azure, Emulator(flavor="openai") as openai, \
            Emulator(flavor="foundry") as foundry:
        yield Emulators(azure, openai, foundry)


class Seen(NamedTuple):
    """What a snippet did: its printed output, and what the emulators received and hold."""

    output: str
    azure: Emulator
    azure_requests: List[RecordedRequest]  # received while the snippet ran
    made: List[Emulator]  # emulators the snippet started itself


def test_the_documents_have_snippets() -> None:
    names = [name for name, _ in snippets()]
    assert sorted(names) == sorted(CHECKS)
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
    monkeypatch.setenv("MULTIASSIST_PROFILE", "")  # restored after, whatever a snippet sets
    for variable in ("AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_API_KEY", "MULTIASSIST_PROFILE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.chdir(tmp_path)
    made: List[Emulator] = []

    class SeenEmulator(Emulator):
        """The Emulator a snippet imports: the same, but the test can look at it after."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(multiassist.testing, "Emulator", SeenEmulator)
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
        "async_credential": AsyncEmulatorCredential(azure, foundry),
        "profile_file": profile_file,
        "store_path": tmp_path / "bridge.sqlite3",
        "conn_str": foundry.hub_connection_string(),
    }
    output = io.StringIO()
    start = len(azure.requests)
    with contextlib.redirect_stdout(output):
        exec(compile(code, name, "exec"), namespace)
    CHECKS[name](Seen(output.getvalue(), azure, azure.requests[start:], made))


def _printed(expected: str) -> Callable[[Seen], None]:
    def check(seen: Seen) -> None:
        assert seen.output == expected
    return check


def _ids(text: str, prefix: str) -> List[str]:
    return re.findall(rf"id='({prefix}[^']+)'", text)


def _newest(emulator: Emulator, kind: str, count: int) -> List[str]:
    return [obj["id"] for obj in emulator.stored(kind)][::-1][:count]


def _by_key(seen: Seen) -> None:
    assert seen.azure_requests
    for sent in seen.azure_requests:
        assert sent.headers.get("api-key") == seen.azure.api_key
        assert sent.query.get("api-version") == seen.azure.api_version


def _by_token(seen: Seen) -> None:
    assert seen.azure_requests
    for sent in seen.azure_requests:
        assert sent.headers.get("authorization") == "Bearer docs-token"
        assert "api-key" not in sent.headers


def _profile_lists_assistants(seen: Seen) -> None:
    # The profile's endpoint, api-version and key (read from the variable it names) are used.
    _by_key(seen)
    assert [(r.method, r.query.get("limit")) for r in seen.azure_requests] == [("GET", "5")]
    listed = _ids(seen.output, "asst_")
    assert listed and listed == _newest(seen.azure, "assistant", 5)


def _entra_creates_a_thread(seen: Seen) -> None:
    _by_token(seen)
    assert seen.output.strip() in [t["id"] for t in seen.azure.stored("thread")]


def _openai_python_on_the_emulator(seen: Seen) -> None:
    # openai-python itself (its own User-Agent) created the assistant the snippet printed.
    (emulator,) = seen.made
    assert [a["id"] for a in emulator.stored("assistant")] == [seen.output.strip()]
    (sent,) = [r for r in emulator.requests if r.method == "POST"]
    assert sent.headers["user-agent"].startswith("OpenAI/Python")


def _legacy_file_is_a_code_interpreter_file(seen: Seen) -> None:
    listed, resources = seen.output.splitlines()
    match = re.fullmatch(r"\['(file-[^']+)'\]", listed)
    assert match, listed
    assert f"code_interpreter=ToolResourcesCodeInterpreter(file_ids=['{match.group(1)}'])" \
        in resources
    uploaded = {f["id"]: f["filename"] for f in seen.azure.stored("file")}
    assert uploaded[match.group(1)] == "data.csv"


def _profile_repr(seen: Seen) -> None:
    # The file's default profile: the Azure Responses bridge on the emulator's endpoint.
    assert seen.output.startswith(f"AssistantsClient(azure-responses at {seen.azure.endpoint}")
    assert seen.azure.api_key not in seen.output


def _entra_lists_assistants(seen: Seen) -> None:
    _by_token(seen)
    assert _ids(seen.output, "asst_") == _newest(seen.azure, "assistant", 1)


def _bridge_by_key(expected: str) -> Callable[[Seen], None]:
    def check(seen: Seen) -> None:
        assert seen.output == expected
        assert seen.azure_requests  # the bridge reached the service with the key
        for sent in seen.azure_requests:
            assert sent.headers.get("api-key") == seen.azure.api_key
            assert sent.path.startswith("/openai/v1/")
    return check


def _bridge_thread_by_token(seen: Seen) -> None:
    # A conversation made on the service with the Entra token, its id printed.
    _by_token(seen)
    (created,) = [r for r in seen.azure_requests
                  if r.method == "POST" and r.path.endswith("/conversations")]
    assert seen.output.strip().startswith("conv_") and created.path.startswith("/openai/v1/")


def _async_entra_streams(seen: Seen) -> None:
    # azure.identity.aio's token provider, awaited by AsyncAzureOpenAI on every request.
    assert seen.output == "You said: Hi\n"
    _by_token(seen)
    assert all(r.query.get("api-version") == seen.azure.api_version
               for r in seen.azure_requests)


#: What each snippet exists to show, checked: its whole output where that is fixed, else what
#: the emulators received and hold. A new snippet needs an entry here.
CHECKS: Dict[str, Callable[[Seen], None]] = {
    "README.md#1": _printed("user Hello!\nassistant You said: Hello!\n"),
    "README.md#2": _bridge_by_key("user Hello!\nassistant You said: Hello!\n"),
    "README.md#3": _printed("completed You said: Hi\n"),
    "README.md#4": _profile_repr,
    "README.md#5": _bridge_thread_by_token,
    "README.md#6": _bridge_thread_by_token,
    "README.md#7": _openai_python_on_the_emulator,
    "README.md#8": _printed("user Hi\nassistant You said: Hi\n"),
    "README.md#9": _async_entra_streams,
    "MIGRATION.md#1": _bridge_by_key("completed You said: Hi\n"),
    "MIGRATION.md#2": _printed("You said: Stream me\n"),
    "MIGRATION.md#3": _printed("completed user Hi\ncompleted assistant You said: Hi\n"),
    "MIGRATION.md#4": _bridge_by_key(
        "user What is 2 + 2?\nassistant You said: What is 2 + 2?\n"),
    "MIGRATION.md#5": _legacy_file_is_a_code_interpreter_file,
    "MIGRATION.md#6": _printed(
        "('completed', ['You said: Hello'], 'AgentsClient(foundry')\n"
        "('completed', ['You said: Hello'], \"AgentsClient(profile 'responses'\")\n"),
    "MIGRATION.md#7": _printed("completed True You said: Hi\nTrue\n"),
    "MIGRATION.md#8": _printed("completed assistant get_weather returned: sunny in Paris\n"),
    "MIGRATION.md#9": _bridge_by_key("completed ['Hello', 'You said: Hello']\n"),
    "MIGRATION.md#10": _profile_repr,
    "MIGRATION.md#11": _bridge_thread_by_token,
    "MIGRATION.md#12": _printed("completed get_weather returned: sunny in Paris\n"),
    "MIGRATION.md#13": _printed("['What did we decide?', 'Ship on Friday.']\n"),
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
