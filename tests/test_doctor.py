"""``multiassist doctor`` against the emulator: the Responses bridges (endpoint default, a call
that reaches the service, Conversations, the store) and Assistants endpoints switched off."""

from __future__ import annotations

import os
import re
import socket
from pathlib import Path
from typing import Iterator, List, Tuple

import pytest

from multiassist.cli.main import main
from multiassist.testing import Emulator

KEY = "MULTIASSIST_DOCTOR_TEST_KEY"
ASSISTANTS_PATHS = re.compile(r"/assistants(/.*)?")


def doctor(config: Path, profile: str, capsys: pytest.CaptureFixture[str]
           ) -> Tuple[int, List[Tuple[str, str, str]], str]:
    """Run ``multiassist doctor``; (exit code, [(status, check, detail)], the whole output)."""
    code = main(["doctor", "--config", str(config), "--profile", profile])
    out = capsys.readouterr().out
    rows = re.findall(r"^  (PASS|WARN|FAIL|SKIP)  (\S+(?: \S+)??)\s{2,}(.*)$", out, re.M)
    return code, [(status, name.strip(), detail) for status, name, detail in rows], out


@pytest.fixture(scope="module")
def openai_emulator() -> Iterator[Emulator]:
    with Emulator(flavor="openai") as emu:
        yield emu


def bridge_profile(tmp_path: Path, emulator: Emulator, *, provider: str = "openai-responses",
                   extra: str = "") -> Path:
    where = (f'base_url = "{emulator.responses_base_url}"' if provider == "openai-responses"
             else f'endpoint = "{emulator.endpoint}"')
    path = tmp_path / "multiassist.toml"
    path.write_text(f'[profiles.bridge]\nprovider = "{provider}"\n{where}\n'
                    f'api_key_env = "{KEY}"\nstore = "{tmp_path / "bridge.sqlite3"}"\n{extra}')
    return path


def test_a_bridge_profile_with_the_right_key_passes(
    tmp_path: Path, openai_emulator: Emulator, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(KEY, openai_emulator.api_key)
    code, rows, out = doctor(bridge_profile(tmp_path, openai_emulator), "bridge", capsys)
    assert code == 0, out
    assert [(status, name) for status, name, _ in rows] == [
        ("PASS", "config"), ("PASS", "endpoint"), ("PASS", "store"), ("PASS", "credential"),
        ("SKIP", "api-version"), ("PASS", "auth"), ("PASS", "conversations")]
    assert rows[5][2].startswith("GET /files answered")
    assert openai_emulator.api_key not in out
    assert not openai_emulator.responses.store.table("conversation", "")  # probe deleted


def test_a_bridge_profile_with_a_wrong_key_fails(
    tmp_path: Path, openai_emulator: Emulator, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(KEY, "sk-not-the-key")
    code, rows, out = doctor(bridge_profile(tmp_path, openai_emulator), "bridge", capsys)
    assert code == 1
    auth = next(row for row in rows if row[1] == "auth")
    assert auth[0] == "FAIL" and "HTTP 401" in auth[2]
    assert f"fix: the key in {KEY} was refused" in out
    assert ("SKIP", "conversations", "needs a working auth check") in rows
    assert "sk-not-the-key" not in out


def test_a_resource_without_conversations_warns_that_threads_stay_in_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    with Emulator(flavor="azure", azure_conversations=False) as emulator:
        monkeypatch.setenv(KEY, emulator.api_key)
        path = bridge_profile(tmp_path, emulator, provider="azure-responses")
        code, rows, out = doctor(path, "bridge", capsys)
        assert code == 0, out
        assert rows[5][:2] == ("PASS", "auth")
        assert rows[6][:2] == ("WARN", "conversations")
        assert "kept in the store" in rows[6][2]

        path.write_text(path.read_text() + "conversations = true\n")
        code, rows, out = doctor(path, "bridge", capsys)
    assert code == 1
    assert rows[6][:2] == ("FAIL", "conversations")
    assert "fix: set conversations = false in [profiles.bridge]" in out


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_store_others_can_read_is_made_private_again(
    tmp_path: Path, openai_emulator: Emulator, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(KEY, openai_emulator.api_key)
    path = bridge_profile(tmp_path, openai_emulator)
    assert doctor(path, "bridge", capsys)[0] == 0
    store = tmp_path / "bridge.sqlite3"
    assert store.stat().st_mode & 0o777 == 0o600
    store.chmod(0o644)  # a restore or a touch widened it
    code, rows, _ = doctor(path, "bridge", capsys)
    # Opening the store tightens it (with a warning naming path and mode), so the check
    # finds it owner-only again.
    assert code == 0
    assert rows[2][:2] == ("PASS", "store") and "owner-only (mode 0600)" in rows[2][2]
    assert store.stat().st_mode & 0o777 == 0o600


def test_openai_responses_without_an_endpoint_uses_openais_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    # Nothing may leave this machine: the check's request goes to a proxy port nobody serves.
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    for name in ("HTTPS_PROXY", "https_proxy"):
        monkeypatch.setenv(name, f"http://127.0.0.1:{port}")
    for name in ("NO_PROXY", "no_proxy", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(KEY, "sk-anything")
    path = tmp_path / "multiassist.toml"
    path.write_text(f'[profiles.p]\nprovider = "openai-responses"\napi_key_env = "{KEY}"\n'
                    f'store = "{tmp_path / "bridge.sqlite3"}"\n')
    code, rows, _ = doctor(path, "p", capsys)
    assert code == 1
    status, name, detail = rows[1]
    assert (status, name) == ("FAIL", "endpoint")
    assert detail.startswith("https://api.openai.com/v1 (OpenAI's default): cannot connect")


@pytest.mark.parametrize(("flavor", "provider", "status", "successor"), [
    ("openai", "openai", 404, "openai-responses"),
    ("azure", "azure", 404, "azure-responses"),
    ("azure", "azure", 410, "azure-responses"),
    ("foundry", "foundry", 404, "azure-responses"),
])
def test_assistants_switched_off_names_the_profile_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    flavor: str, provider: str, status: int, successor: str,
) -> None:
    with Emulator(flavor=flavor) as emulator:
        emulator.inject("status", route=ASSISTANTS_PATHS, code=status, times=5)
        monkeypatch.setenv(KEY, emulator.api_key)
        monkeypatch.setenv("DOCTOR_TOKEN", emulator.client_token)
        emulator.accept_token(emulator.client_token)
        where = (f'base_url = "{emulator.base_url}"\napi_key_env = "{KEY}"' if flavor == "openai"
                 else f'endpoint = "{emulator.endpoint}"\n'
                 + ('auth = "bearer"\ntoken_env = "DOCTOR_TOKEN"' if flavor == "foundry"
                    else f'api_key_env = "{KEY}"'))
        path = tmp_path / "multiassist.toml"
        path.write_text(f'[profiles.old]\nprovider = "{provider}"\n{where}\n')
        code, rows, out = doctor(path, "old", capsys)
    assert code == 1
    auth = next(row for row in rows if row[1] == "auth")
    assert auth[0] == "FAIL"
    assert f"GET /assistants answered HTTP {status}" in auth[2]
    assert "2026-08-26" in auth[2]
    assert f'fix: in [profiles.old] set provider = "{successor}"' in out




def test_a_store_that_cannot_be_opened_fails_the_store_check(
    tmp_path: Path, openai_emulator: Emulator, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(KEY, openai_emulator.api_key)
    (tmp_path / "not-a-directory").write_text("")
    path = tmp_path / "multiassist.toml"
    path.write_text(f'[profiles.p]\nprovider = "openai-responses"\n'
                    f'base_url = "{openai_emulator.responses_base_url}"\napi_key_env = "{KEY}"\n'
                    f'store = "{tmp_path / "not-a-directory" / "bridge.sqlite3"}"\n')
    code, rows, out = doctor(path, "p", capsys)
    assert code == 1
    assert rows[2][:2] == ("FAIL", "store")
    assert "not-a-directory" in rows[2][2]
    assert "fix: choose a writable place with store = " in out
    assert rows[-1][:2] == ("SKIP", "auth")
