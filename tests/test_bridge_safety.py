"""The bridge as a production store: cancel frees the thread, delete means gone, the store is
private, and ``store=`` names an SQLite file or a PostgreSQL database and nothing else."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path
from typing import Any, Dict, Iterator, Union

import pytest
import requests

from multiassist import AssistantsClient, BadRequestError, ConfigurationError
from multiassist.bridge import BridgeStore, PostgresStore, StoreError
from multiassist.config.profiles import ProfileError, load_profile
from multiassist.testing import Emulator

WEATHER = {"type": "function", "function": {
    "name": "get_weather",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                   "required": ["city"]}}}
POSIX = os.name == "posix"
IS_ROOT = POSIX and os.geteuid() == 0


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator(flavor="openai") as running:
        yield running


def bridge(emu: Emulator, store: Union[Path, str], **options: Any) -> AssistantsClient:
    return AssistantsClient(provider="openai-responses", base_url=emu.base_url,
                            api_key=emu.api_key, store=store, **options)


# --- cancel frees the thread ------------------------------------------------------------------


@pytest.mark.parametrize("conversations", [True, False], ids=["conversation", "store-only"])
def test_cancelling_a_run_that_waits_for_tool_outputs_frees_the_thread(
    emu: Emulator, tmp_path: Path, conversations: bool
) -> None:
    with bridge(emu, tmp_path / "s.sqlite3", conversations=conversations) as client:
        assistant = client.beta.assistants.create(model="gpt-4o", tools=[WEATHER])
        thread = client.beta.threads.create(
            messages=[{"role": "user", "content": "call get_weather city=Oslo"}])
        waiting = client.beta.threads.runs.create_and_poll(
            thread.id, assistant_id=assistant.id, poll_interval_ms=5)
        assert waiting.status == "requires_action"

        cancelled = client.beta.threads.runs.cancel(waiting.id, thread_id=thread.id)
        assert cancelled.status == "cancelled" and cancelled.cancelled_at is not None
        assert cancelled.required_action is None
        steps = client.beta.threads.runs.steps.list(waiting.id, thread_id=thread.id).data
        assert [s.status for s in steps] == ["cancelled"]
        if conversations:  # the service side: the call is answered in the conversation
            items = requests.get(f"{emu.base_url}/conversations/{thread.id}/items?order=asc",
                                 headers={"Authorization": f"Bearer {emu.api_key}"},
                                 timeout=10).json()["data"]
            call_id = waiting.required_action.submit_tool_outputs.tool_calls[0].id  # type: ignore[union-attr]
            assert [i["type"] for i in items if i.get("call_id") == call_id] == [
                "function_call", "function_call_output"]

        client.beta.threads.messages.create(thread.id, role="user", content="hello again")
        after = client.beta.threads.runs.create_and_poll(
            thread.id, assistant_id=assistant.id, poll_interval_ms=5)
        assert after.status == "completed"
        reply = client.beta.threads.messages.list(thread.id, run_id=after.id).data[0]
        assert reply.text == "You said: hello again"


def test_one_active_run_per_thread(emu: Emulator, tmp_path: Path) -> None:
    with bridge(emu, tmp_path / "s.sqlite3") as client:
        assistant = client.beta.assistants.create(model="gpt-4o", tools=[WEATHER])
        thread = client.beta.threads.create(
            messages=[{"role": "user", "content": "call get_weather city=Oslo"}])
        waiting = client.beta.threads.runs.create_and_poll(
            thread.id, assistant_id=assistant.id, poll_interval_ms=5)
        with pytest.raises(BadRequestError, match=f"already has an active run {waiting.id}"):
            client.beta.threads.runs.create(thread.id, assistant_id=assistant.id)
        assert [r.id for r in client.beta.threads.runs.list(thread.id)] == [waiting.id]


# --- delete means gone ------------------------------------------------------------------------


def _file_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def test_deleting_a_thread_leaves_no_record_and_no_text_in_the_file(
    emu: Emulator, tmp_path: Path
) -> None:
    path = tmp_path / "s.sqlite3"
    with bridge(emu, path, conversations=False) as client:
        assistant = client.beta.assistants.create(
            model="gpt-4o", tools=[WEATHER], instructions="Rules: PERSIMMON-INSTRUCTIONS")
        kept = client.beta.threads.create(
            messages=[{"role": "user", "content": "a kept note KUMQUAT-KEPT"}])
        thread = client.beta.threads.create(
            messages=[{"role": "user", "content": "secret PAPAYA-QUESTION"}])
        client.beta.threads.messages.create(thread.id, role="user",
                                            content="call get_weather city=MANGO-CITY")
        run = client.run_tools(thread.id, assistant_id=assistant.id, poll_interval_ms=5,
                               functions={"get_weather": lambda city: "GUAVA-OUTPUT"})
        assert run.status == "completed"
        assert b"GUAVA-OUTPUT" in _file_bytes(path)  # the steps keep the tool output

        client.beta.threads.delete(thread.id)
        with BridgeStore(path) as store:
            for kind in ("message_meta", "run"):
                assert store.list(kind, parent=thread.id)[0] == []
            assert store.list("run_step", parent=run.id)[0] == []
            assert store.get("thread", thread.id) is None
            assert store.get("thread", kept.id) is not None
        written = _file_bytes(path)
        for secret in (b"PAPAYA-QUESTION", b"MANGO-CITY", b"GUAVA-OUTPUT", thread.id.encode()):
            assert secret not in written
        assert b"KUMQUAT-KEPT" in written  # the other thread is untouched

        client.beta.assistants.delete(assistant.id)
        assert b"PERSIMMON-INSTRUCTIONS" not in _file_bytes(path)


# --- private files ----------------------------------------------------------------------------


@pytest.mark.skipif(not POSIX, reason="POSIX permissions")
def test_a_store_file_others_could_read_is_made_private(
    emu: Emulator, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "restored.sqlite3"
    path.touch(mode=0o644)
    path.chmod(0o644)
    with caplog.at_level(logging.WARNING, logger="multiassist.bridge"), \
            bridge(emu, path) as client:
        client.beta.assistants.create(model="gpt-4o")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(Path(f"{path}-wal").stat().st_mode) == 0o600
    assert any(str(path) in r.getMessage() and "0644" in r.getMessage()
               for r in caplog.records)


@pytest.mark.skipif(not IS_ROOT, reason="needs root to make a file another user owns")
def test_a_readable_store_file_of_another_user_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "theirs.sqlite3"
    path.touch()
    path.chmod(0o644)
    os.chown(path, 65534, 65534)
    with pytest.raises(StoreError) as caught:
        BridgeStore(path)
    assert str(path) in str(caught.value) and "0644" in str(caught.value)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


# --- which store a value names ----------------------------------------------------------------


@pytest.mark.parametrize("value", ["mysql://db.example/x", "sqlite:///tmp/x.db",
                                   "https://example.com/store"])
def test_a_url_of_another_scheme_is_a_configuration_error(
    emu: Emulator, tmp_path: Path, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigurationError, match="unsupported scheme"):
        bridge(emu, value)
    assert list(tmp_path.iterdir()) == []  # no directory named after the scheme


def test_an_unreachable_postgresql_store_names_it_without_the_password(
    emu: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    url = "postgresql://ann:hunter2-secret@127.0.0.1:1/records?connect_timeout=2"
    with pytest.raises(StoreError) as caught:
        bridge(emu, url)
    message = str(caught.value)
    assert "postgresql://ann@127.0.0.1:1/records" in message
    assert "hunter2" not in message and "hunter2" not in repr(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_the_store_comes_from_the_environment_when_not_given(
    emu: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "from-env.sqlite3"
    monkeypatch.setenv("MULTIASSIST_BRIDGE_STORE", str(path))
    with bridge(emu, None) as client:  # type: ignore[arg-type]
        assert str(path) in client.backend.describe()  # type: ignore[attr-defined]
    assert path.exists()
    monkeypatch.setenv("MULTIASSIST_BRIDGE_STORE", "redis://x")
    with pytest.raises(ConfigurationError, match="redis"):
        bridge(emu, None)  # type: ignore[arg-type]


def test_a_profile_names_a_postgresql_store_but_never_its_password(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[profiles.shared]\nprovider = "openai-responses"\n'
                      'api_key_env = "KEY"\nstore = "postgresql://svc@db.internal/records"\n')
    _, options = load_profile(config, "shared", environ={"KEY": "k"})
    assert options["store"] == "postgresql://svc@db.internal/records"
    config.write_text('[profiles.shared]\nprovider = "openai-responses"\n'
                      'api_key_env = "KEY"\nstore = "postgresql://svc:pw@db/records"\n')
    with pytest.raises(ProfileError, match="PGPASSWORD") as caught:
        load_profile(config, "shared", environ={"KEY": "k"})
    assert ":pw@" not in str(caught.value)


# --- PostgreSQL -------------------------------------------------------------------------------


def test_the_postgresql_store_keeps_the_same_documents(postgres_url: str) -> None:
    with PostgresStore(postgres_url) as store:
        assert store.schema_version() == BridgeStore.SCHEMA_VERSION
        store.put("thread", {"id": "t", "created_at": 5})
        for n in range(5):
            store.put("message", {"id": f"m{n}", "created_at": 10, "n": n}, parent="t")
        page, more = store.list("message", parent="t", limit=2, order="asc", after="m1")
        assert [d["id"] for d in page] == ["m2", "m3"] and more
        page, more = store.list("message", parent="t", limit=2, before="m2")
        assert [d["id"] for d in page] == ["m4", "m3"] and not more
        assert store.update("message", "m3", lambda d: {**d, "n": 30})["n"] == 30
        assert store.find("message", field="id", value="m3") == {
            "id": "m3", "created_at": 10, "n": 30}
        store.put("run_step", {"id": "s", "created_at": 1}, parent="m4")
        assert store.delete_tree("thread", "t") == 7
        assert store.list("message")[0] == [] and store.get("run_step", "s") is None
    with PostgresStore(postgres_url) as again:  # reopening: already current
        assert again.schema_version() == BridgeStore.SCHEMA_VERSION


def test_a_newer_or_foreign_postgresql_database_is_refused(
    postgres_server: Any
) -> None:
    import psycopg

    newer = postgres_server.database()
    PostgresStore(newer).close()
    with psycopg.connect(newer, autocommit=True) as conn:
        conn.execute("UPDATE multiassist_schema SET version = version + 1")
    with pytest.raises(StoreError, match="newer multiassist"):
        PostgresStore(newer)
    foreign = postgres_server.database()
    with psycopg.connect(foreign, autocommit=True) as conn:
        conn.execute("CREATE TABLE documents (x int)")
    with pytest.raises(StoreError, match="did not make"):
        PostgresStore(foreign)


def test_one_active_run_per_thread_across_connections(postgres_url: str) -> None:
    """Many stores (as on many hosts) claim one thread at once: exactly one gets it."""
    import threading

    stores = [PostgresStore(postgres_url, max_connections=2) for _ in range(8)]
    barrier = threading.Barrier(len(stores))
    won: Dict[int, bool] = {}

    def claim(n: int) -> None:
        barrier.wait()
        blocked = stores[n].put_unless(
            "run", {"id": f"run{n}", "created_at": 1, "status": "queued"}, parent="t",
            blocks=lambda other: other["status"] == "queued")
        won[n] = blocked is None

    workers = [threading.Thread(target=claim, args=(n,)) for n in range(len(stores))]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    for store in stores:
        store.close()
    assert sum(won.values()) == 1
