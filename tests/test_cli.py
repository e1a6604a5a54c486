"""The ``multiassist`` command, run as a user runs it: ``python -m multiassist ...`` in a
subprocess, against an emulator that is itself served by ``multiassist emulator``."""

from __future__ import annotations

import io
import os
import queue
import re
import shlex
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Dict, Iterator, List, NamedTuple, Optional, Tuple

import pytest

from multiassist import AssistantsClient
from multiassist.cli.doctor import FAIL, PASS, SKIP, run_checks
from multiassist.cli.progress import ProgressLine
from multiassist.testing import Emulator

ROOT = Path(__file__).resolve().parents[1]
SECRET = "cli-test-secret-4242"
KEY_VARIABLE = "MULTIASSIST_CLI_TEST_KEY"
TIMEOUT_S = 30


def command_env(**extra: str) -> Dict[str, str]:
    """The environment of a subprocess: this checkout importable, the test key set."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.pop("MULTIASSIST_PROFILE", None)
    env[KEY_VARIABLE] = SECRET
    env.update(extra)
    return env


def multiassist(*args: str, stdin: str = "", cwd: Optional[Path] = None,
                env: Optional[Dict[str, str]] = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "multiassist", *args], input=stdin, capture_output=True,
        text=True, timeout=TIMEOUT_S, cwd=cwd or ROOT, env=env or command_env(),
    )


class Served(NamedTuple):
    process: subprocess.Popen[str]
    lines: List[str]  # what it printed before serving
    endpoint: str


def serve(*args: str) -> Served:
    """Start ``multiassist emulator ARGS`` and read what it prints up to its profile."""
    process = subprocess.Popen(
        [sys.executable, "-m", "multiassist", "emulator", *args],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=command_env(),
    )
    lines: queue.Queue[Optional[str]] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    printed: List[str] = []
    try:
        while not any(line.startswith("export ") for line in printed):
            line = lines.get(timeout=TIMEOUT_S)
            if line is None:
                raise AssertionError(f"the emulator exited: {process.communicate()[1]}")
            printed.append(line)
    except BaseException:
        stop(process)
        raise
    match = re.search(r"(http://[^\s/]+)", printed[0])
    assert match, printed
    return Served(process, printed, match.group(1))


def stop(process: subprocess.Popen[str]) -> int:
    process.terminate()  # SIGTERM on POSIX
    try:
        return process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    """``multiassist emulator --flavor azure`` in a subprocess, for this module's tests."""
    emulator = serve("--flavor", "azure", "--api-key", SECRET, "--deployment", "gpt-4o=dep-4o")
    try:
        yield emulator
    finally:
        stop(emulator.process)


@pytest.fixture(scope="module")
def profiles(served: Served, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A multiassist.toml with a working profile and a broken one for the served emulator."""
    path = tmp_path_factory.mktemp("cli") / "multiassist.toml"
    path.write_text(f'''
[profiles.emu]
provider = "azure"
endpoint = "{served.endpoint}"
api_version = "2025-04-01-preview"
api_key_env = "{KEY_VARIABLE}"
[profiles.emu.deployments]
"gpt-4o" = "dep-4o"

[profiles.broken]
provider = "azure"
endpoint = "{served.endpoint}"
api_version = "2024-02-15-preview"
api_key_env = "{KEY_VARIABLE}"
[profiles.broken.deployments]
"gpt-4o" = "dep-4o"
"gpt-4o-mini" = "missing-deployment"
''')
    return path


def test_emulator_prints_what_a_client_needs_and_stops_on_sigterm(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    emulator = serve("--flavor", "openai")
    try:
        url_line, export_line = emulator.lines[0], emulator.lines[1]
        assert url_line == f"multiassist emulator (openai wire) at {emulator.endpoint}/v1"
        for assignment in shlex.split(export_line)[1:]:
            name, _, value = assignment.partition("=")
            monkeypatch.setenv(name, value)
        monkeypatch.delenv("AZURE_OPENAI_ENDPOINT", raising=False)
        with AssistantsClient.from_env() as client:  # exactly what the user exported
            assert client.beta.assistants.create(model="gpt-4o").model == "gpt-4o"
    finally:
        code = stop(emulator.process)
    if sys.platform != "win32":
        assert code == 0
        assert "emulator stopped" in emulator.process.communicate()[1]


def test_ls_lists_what_the_provider_holds(served: Served, profiles: Path) -> None:
    with AssistantsClient(provider="azure", endpoint=served.endpoint, api_key=SECRET,
                          deployments={"gpt-4o": "dep-4o"}) as client:
        made = [client.beta.assistants.create(model="gpt-4o", name=f"ls probe {n}")
                for n in range(3)]
    result = multiassist("ls", "assistants", "--profile", "emu", "--config", str(profiles))
    assert result.returncode == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    listed = {row[0]: row[1] for row in rows}
    assert {a.id: a.name for a in made}.items() <= listed.items()
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", row[2]) for row in rows)

    limited = multiassist("ls", "assistants", "--limit", "2", "--profile", "emu",
                          "--config", str(profiles))
    assert len(limited.stdout.splitlines()) == 2


def test_doctor_passes_a_working_profile(profiles: Path) -> None:
    result = multiassist("doctor", "--profile", "emu", "--config", str(profiles))
    assert result.returncode == 0, result.stdout + result.stderr
    rows = re.findall(r"^  (PASS|WARN|FAIL|SKIP)  (\S+(?: gpt\S*)?)", result.stdout, re.M)
    assert rows == [("PASS", "config"), ("PASS", "endpoint"), ("PASS", "credential"),
                    ("PASS", "api-version"), ("PASS", "auth"), ("PASS", "deployment gpt-4o")]
    assert f"API key from {KEY_VARIABLE} present (not validated until a request)" in (
        result.stdout)
    assert result.stdout.endswith("all checks passed.\n")
    assert SECRET not in result.stdout + result.stderr


def test_doctor_names_the_failing_deployment_and_its_fix(profiles: Path) -> None:
    result = multiassist("doctor", "--profile", "broken", "--config", str(profiles))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    failing = next(i for i, line in enumerate(lines) if line.startswith("  FAIL"))
    assert "deployment gpt-4o-mini" in lines[failing]
    assert "'missing-deployment' not found" in lines[failing]
    assert "DeploymentNotFound" in lines[failing]
    assert "fix: create a deployment named 'missing-deployment'" in lines[failing + 1]
    assert any(line.startswith("  WARN  api-version") for line in lines)  # a v1-wire version
    assert "1 check(s) failed." in lines[-1]
    assert SECRET not in result.stdout + result.stderr


def test_doctor_reports_an_unusable_profile_without_going_further(tmp_path: Path) -> None:
    path = tmp_path / "multiassist.toml"
    path.write_text('[profiles.p]\nprovider = "azure"\nendpoint = "https://x.invalid"\n'
                    'api_key_env = "MULTIASSIST_CLI_TEST_UNSET"\n')
    checks = run_checks(str(path), "p", environ={})
    assert checks[0].status == FAIL
    assert "MULTIASSIST_CLI_TEST_UNSET is not set" in checks[0].detail
    assert checks[0].fix.startswith("export MULTIASSIST_CLI_TEST_UNSET=")
    assert {check.status for check in checks[1:]} == {SKIP}


def test_doctor_asks_an_entra_credential_once_and_never_prints_the_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import azure.identity
    from azure.core.credentials import AccessToken

    token = "entra-token-never-printed"
    asked: List[Tuple[str, ...]] = []

    class SignedIn:  # stands in for DefaultAzureCredential after `az login`
        def __init__(self, **kwargs: object) -> None:
            pass

        def get_token(self, *scopes: str, **kwargs: object) -> AccessToken:
            asked.append(scopes)
            return AccessToken(token, int(time.time()) + 3600)

    monkeypatch.setattr(azure.identity, "DefaultAzureCredential", SignedIn)
    with Emulator(flavor="azure", deployments={"gpt-4o": "dep-4o"}) as emulator:
        emulator.accept_token(token)
        path = tmp_path / "multiassist.toml"
        path.write_text(f'[profiles.entra]\nprovider = "azure"\nendpoint = "{emulator.endpoint}"'
                        '\nauth = "entra"\n[profiles.entra.deployments]\n"gpt-4o" = "dep-4o"\n')
        checks = run_checks(str(path), "entra", environ={})
    assert [check.status for check in checks] == [PASS] * 6
    credential = checks[2]
    assert credential.name == "credential"
    assert re.fullmatch(r"SignedIn issued a token for https://cognitiveservices\.azure\.com/"
                        r"\.default, expires at \S+Z \(in (59|60) min\)", credential.detail)
    assert asked == [("https://cognitiveservices.azure.com/.default",)]
    assert not any(token in check.detail + check.fix for check in checks)


@pytest.mark.parametrize(("flavor", "scope"), [
    ("azure", "https://cognitiveservices.azure.com/.default"),
    ("foundry", "https://ai.azure.com/.default"),
])
def test_doctor_asks_for_the_scope_of_a_responses_endpoint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flavor: str, scope: str
) -> None:
    import azure.identity
    from azure.core.credentials import AccessToken

    asked: List[Tuple[str, ...]] = []

    class SignedIn:
        def __init__(self, **kwargs: object) -> None:
            pass

        def get_token(self, *scopes: str, **kwargs: object) -> AccessToken:
            asked.append(scopes)
            return AccessToken("entra-token", int(time.time()) + 3600)

    monkeypatch.setattr(azure.identity, "DefaultAzureCredential", SignedIn)
    with Emulator(flavor=flavor, deployments={"gpt-4o": "dep-4o"}) as emulator:
        path = tmp_path / "multiassist.toml"
        path.write_text(f'[profiles.bridge]\nprovider = "azure-responses"\n'
                        f'endpoint = "{emulator.endpoint}"\nauth = "entra"\n'
                        f'store = "{tmp_path / "bridge.sqlite3"}"\n')
        checks = run_checks(str(path), "bridge", environ={})
    credential = next(check for check in checks if check.name == "credential")
    assert credential.status == PASS and scope in credential.detail
    assert asked[0] == (scope,)


def test_chat_streams_replies_and_answers_function_calls() -> None:
    typed = "hello\nwhat is the weather? call get_weather city=Paris\nsunny\n/quit\n"
    result = multiassist("chat", stdin=typed)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "You said: hello",
        'function call: get_weather({"city":"Paris"})',
        "get_weather returned: sunny",
    ]
    # stdin ends while a function call waits: it is answered "not available"
    cut_short = multiassist("chat", "--function", "lookup", stdin="please lookup id=7\n")
    assert cut_short.returncode == 0, cut_short.stderr
    assert cut_short.stdout.splitlines() == [
        'function call: lookup({"id":"7"})',
        "lookup returned: not available",
    ]


def test_demo_prints_results_only() -> None:
    result = multiassist("demo")
    assert result.returncode == 0, result.stderr
    assert "== openai wire, openai-python names" in result.stdout
    assert "== azure wire, Azure SDK names" in result.stdout
    for flavor in ("openai", "azure"):
        assert f"== {flavor} wire, function calling, streamed" in result.stdout
    assert result.stdout.count(
        "assistant (streamed): get_weather returned: sunny, 21 C") == 2
    assert result.stdout.rstrip().endswith("demo finished: both wires, both name sets, "
                                           "one client")
    assert "\r" not in result.stdout
    assert result.stderr == ""  # no progress line: stderr is not a terminal


def test_demo_runs_on_a_configured_provider(profiles: Path) -> None:
    result = multiassist("demo", "--profile", "emu", "--config", str(profiles))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("run finished: completed") == 1
    assert "getRun -> completed" in result.stdout
    assert "demo finished" in result.stdout


def test_an_error_is_one_line_and_exit_code_2(profiles: Path) -> None:
    result = multiassist("ls", "files", "--profile", "nope", "--config", str(profiles))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"multiassist ls: error: {profiles}: no profile 'nope'; the file has: broken, emu"
    ]


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_demo_draws_a_progress_line_on_a_terminal() -> None:
    import pty

    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "multiassist", "demo"], stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=follower, env=command_env(), text=True,
    )
    os.close(follower)
    drawn = bytearray()
    try:
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # EIO: the process closed the terminal
                break
            if not chunk:
                break
            drawn += chunk
        out, _ = process.communicate(timeout=TIMEOUT_S)
    finally:
        os.close(leader)
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0
    assert re.search(rb"\rrun run_\w+: (queued|in_progress) \(\d+\.\d s\)", drawn), drawn
    assert "\r" not in out


def test_the_progress_line_stays_off_when_not_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    ticks = iter([10.0, 11.5])
    terminal = Terminal()
    line = ProgressLine(terminal, clock=lambda: next(ticks))
    line.show("run run_1", "queued")
    line.show("run run_1", "in_progress")
    line.clear()
    assert terminal.getvalue() == (
        "\rrun run_1: queued (0.0 s)\rrun run_1: in_progress (1.5 s)"
        + "\r" + " " * len("run run_1: in_progress (1.5 s)") + "\r"
    )
    redirected = io.StringIO()
    ProgressLine(redirected).show("run run_1", "queued")
    assert redirected.getvalue() == ""
