"""BridgeStore: documents, Assistants-API pagination, lookups, schema versions, threads,
processes, unusable files and speed."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
import types
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multiassist.bridge import (
    BridgeStore,
    StoreCursorError,
    StoreError,
    StoreNotFound,
    default_store_path,
)
from multiassist.bridge.store import APPLICATION_ID
from multiassist.bridge.store_schema import store_path_for as _default_store_path
from multiassist.errors import MultiassistError
from multiassist.testing.object_store import Record
from multiassist.testing.wire.listing import paginate
from multiassist.testing.wire.problems import ApiError

ROOT = Path(__file__).resolve().parent.parent
POSIX = os.name == "posix"
IS_ROOT = POSIX and os.geteuid() == 0
SUBPROCESS_TIMEOUT_S = 60

# The version-1 file format, written out by hand: a file in this shape must stay readable.
V1_SCHEMA = (
    "CREATE TABLE documents (seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL,"
    " id TEXT NOT NULL, parent TEXT, created_at INTEGER NOT NULL, body TEXT NOT NULL,"
    " UNIQUE (kind, id))",
    "CREATE INDEX documents_by_kind ON documents (kind, created_at, seq)",
    "CREATE INDEX documents_by_parent ON documents (kind, parent, created_at, seq)",
)


def doc(id: str, created_at: int = 1700000000, **fields: Any) -> Dict[str, Any]:
    return {"id": id, "created_at": created_at, **fields}


def ids(page: List[Dict[str, Any]]) -> List[str]:
    return [d["id"] for d in page]


@pytest.fixture
def store(tmp_path: Path) -> Any:
    with BridgeStore(tmp_path / "store.sqlite3") as made:
        yield made


def raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(str(path), isolation_level=None)


def header(path: Path) -> Tuple[int, int]:
    conn = raw(path)
    try:
        return (conn.execute("PRAGMA user_version").fetchone()[0],
                conn.execute("PRAGMA application_id").fetchone()[0])
    finally:
        conn.close()


def python(code: str, *args: str) -> subprocess.Popen[str]:
    """Start ``python -c code args`` with this checkout importable."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return subprocess.Popen(
        [sys.executable, "-c", code, *args], env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )


def finish(process: subprocess.Popen[str]) -> str:
    out, err = process.communicate(timeout=SUBPROCESS_TIMEOUT_S)
    assert process.returncode == 0, err
    return out


# --- documents --------------------------------------------------------------------------------


def test_put_get_returns_fresh_copies(store: BridgeStore) -> None:
    stored = store.put("assistant", doc("asst_1", name="Helper", tools=({"type": "x"},)))
    assert stored == doc("asst_1", name="Helper", tools=[{"type": "x"}])  # JSON round trip
    stored["name"] = "changed"
    got = store.get("assistant", "asst_1")
    assert got is not None and got["name"] == "Helper"
    got["name"] = "changed too"
    assert store.get("assistant", "asst_1") == doc("asst_1", name="Helper", tools=[{"type": "x"}])
    assert store.get("assistant", "nope") is None
    assert store.get("thread", "asst_1") is None  # ids are per kind


def test_same_id_in_two_kinds_are_two_documents(store: BridgeStore) -> None:
    store.put("a", doc("x", v=1))
    store.put("b", doc("x", v=2))
    assert store.get("a", "x") == doc("x", v=1)
    assert store.get("b", "x") == doc("x", v=2)


def test_put_replaces_and_keeps_the_place_among_ties(store: BridgeStore) -> None:
    for name in "abc":
        store.put("m", doc(name, 5), parent="t")
    store.put("m", doc("a", 5, edited=True), parent="t")
    page, _ = store.list("m", parent="t", order="asc")
    assert ids(page) == ["a", "b", "c"]
    assert page[0]["edited"] is True


def test_put_replaces_the_parent_too(store: BridgeStore) -> None:
    store.put("m", doc("a"), parent="t1")
    store.put("m", doc("a"), parent="t2")
    assert store.list("m", parent="t1")[0] == []
    assert ids(store.list("m", parent="t2")[0]) == ["a"]
    store.put("m", doc("a"))  # parent=None detaches
    assert store.list("m", parent="t2")[0] == []
    assert ids(store.list("m")[0]) == ["a"]


def test_put_accepts_any_mapping(store: BridgeStore) -> None:
    store.put("a", types.MappingProxyType(doc("x", v=1)))
    assert store.get("a", "x") == doc("x", v=1)


@pytest.mark.parametrize(
    ("kind", "document", "parent", "error", "match"),
    [
        ("a", {"created_at": 1}, None, ValueError, "'id'"),
        ("a", {"id": "", "created_at": 1}, None, ValueError, "'id'"),
        ("a", {"id": 7, "created_at": 1}, None, ValueError, "'id'"),
        ("a", {"id": "x"}, None, ValueError, "created_at"),
        ("a", {"id": "x", "created_at": "1"}, None, ValueError, "created_at"),
        ("a", {"id": "x", "created_at": 1.5}, None, ValueError, "created_at"),
        ("a", {"id": "x", "created_at": True}, None, ValueError, "created_at"),
        ("", {"id": "x", "created_at": 1}, None, ValueError, "kind"),
        ("a", {"id": "x", "created_at": 1}, "", ValueError, "parent"),
        ("a", [("id", "x")], None, TypeError, "mapping"),
        ("a", {"id": "x", "created_at": 1, "v": object()}, None, TypeError, "serializable"),
        ("a", {"id": "x", "created_at": 1, "v": float("nan")}, None, ValueError, "JSON"),
    ],
)
def test_put_refuses_bad_documents(
    store: BridgeStore, kind: str, document: Any, parent: Optional[str],
    error: type, match: str,
) -> None:
    with pytest.raises(error, match=match):
        store.put(kind, document, parent=parent)
    assert store.list("a")[0] == []


def test_put_many_is_one_transaction(store: BridgeStore) -> None:
    assert store.put_many("m", (doc(f"m{i}", i) for i in range(3)), parent="t") == 3
    assert ids(store.list("m", parent="t", order="asc")[0]) == ["m0", "m1", "m2"]
    with pytest.raises(ValueError, match="created_at"):
        store.put_many("m", [doc("m3", 3), {"id": "m4"}], parent="t")
    assert store.get("m", "m3") is None  # all or none


def test_delete_does_not_cascade_and_delete_children_does(store: BridgeStore) -> None:
    store.put("thread", doc("t1"))
    store.put_many("message", [doc("m1"), doc("m2")], parent="t1")
    store.put("message", doc("m3"), parent="t2")
    assert store.delete("thread", "t1") is True
    assert store.delete("thread", "t1") is False
    assert len(store.list("message")[0]) == 3
    assert store.delete_children("message", "t1") == 2
    assert store.delete_children("message", "t1") == 0
    assert ids(store.list("message")[0]) == ["m3"]


# --- update -----------------------------------------------------------------------------------


def test_update_changes_and_returns_the_document(store: BridgeStore) -> None:
    store.put("run", doc("r1", status="queued"), parent="t")

    def start(run: Dict[str, Any]) -> Dict[str, Any]:
        run["status"] = "in_progress"
        return run

    assert store.update("run", "r1", start)["status"] == "in_progress"
    assert store.get("run", "r1") == doc("r1", status="in_progress")
    assert ids(store.list("run", parent="t")[0]) == ["r1"]  # parent kept


def test_update_can_move_created_at(store: BridgeStore) -> None:
    store.put_many("m", [doc("a", 1), doc("b", 2)])
    store.update("m", "a", lambda d: {**d, "created_at": 3})
    assert ids(store.list("m", order="asc")[0]) == ["b", "a"]


def test_update_of_a_missing_document(store: BridgeStore) -> None:
    with pytest.raises(StoreNotFound) as caught:
        store.update("run", "run_x", lambda d: d)
    error = caught.value
    assert isinstance(error, KeyError) and isinstance(error, StoreError)
    assert isinstance(error, MultiassistError)
    assert str(error) == "no run document with id 'run_x'"
    assert (error.kind, error.id) == ("run", "run_x")


def test_update_rolls_back_when_change_fails(store: BridgeStore) -> None:
    store.put("run", doc("r1", n=0))

    def boom(d: Dict[str, Any]) -> Dict[str, Any]:
        raise LookupError("boom")

    with pytest.raises(LookupError, match="boom"):
        store.update("run", "r1", boom)
    with pytest.raises(ValueError, match="'id'"):
        store.update("run", "r1", lambda d: {**d, "id": "r2"})
    with pytest.raises(ValueError, match="created_at"):
        store.update("run", "r1", lambda d: {**d, "created_at": None})
    with pytest.raises(TypeError, match="return the document"):
        store.update("run", "r1", lambda d: None)  # type: ignore[arg-type,return-value]
    assert store.get("run", "r1") == doc("r1", n=0)
    assert store.get("run", "r2") is None
    assert store.update("run", "r1", lambda d: {**d, "n": 1})["n"] == 1  # still usable


def test_change_must_not_use_the_store(store: BridgeStore) -> None:
    store.put("run", doc("r1", n=0))

    def nested(d: Dict[str, Any]) -> Dict[str, Any]:
        store.get("run", "r1")
        return d

    with pytest.raises(RuntimeError, match="must not use the store"):
        store.update("run", "r1", nested)
    with pytest.raises(RuntimeError, match="must not close the store"):
        store.update("run", "r1", lambda d: store.close() or d)  # type: ignore[func-returns-value]
    assert store.update("run", "r1", lambda d: {**d, "n": 1})["n"] == 1


# --- list: the Assistants API's pagination ----------------------------------------------------


def test_list_pages_like_the_api(store: BridgeStore) -> None:
    # m0..m5, created in pairs within the same second: ties keep creation order
    store.put_many("message", [doc(f"m{i}", 100 + i // 2) for i in range(6)], parent="t")
    assert store.list("message", parent="t") == (
        store.list("message", parent="t", order="desc", limit=20)
    )
    page, more = store.list("message", parent="t", limit=2)
    assert (ids(page), more) == (["m5", "m4"], True)
    page, more = store.list("message", parent="t", limit=2, after="m4")
    assert (ids(page), more) == (["m3", "m2"], True)
    page, more = store.list("message", parent="t", limit=2, after="m2")
    assert (ids(page), more) == (["m1", "m0"], False)
    page, more = store.list("message", parent="t", limit=3, order="asc")
    assert (ids(page), more) == (["m0", "m1", "m2"], True)
    page, more = store.list("message", parent="t", limit=3, order="asc", after="m2")
    assert (ids(page), more) == (["m3", "m4", "m5"], False)
    # before alone: the `limit` objects just before the cursor, in the list's order
    page, more = store.list("message", parent="t", limit=2, before="m1")
    assert (ids(page), more) == (["m3", "m2"], True)
    page, more = store.list("message", parent="t", limit=2, order="asc", before="m4")
    assert (ids(page), more) == (["m2", "m3"], True)
    page, more = store.list("message", parent="t", limit=5, order="asc", before="m2")
    assert (ids(page), more) == (["m0", "m1"], False)
    # both: the window between them
    page, more = store.list("message", parent="t", limit=2, after="m5", before="m0")
    assert (ids(page), more) == (["m4", "m3"], True)
    page, more = store.list("message", parent="t", after="m1", before="m4")
    assert (ids(page), more) == ([], False)


def test_list_by_parent_and_by_kind(store: BridgeStore) -> None:
    store.put_many("message", [doc("a1", 1), doc("a2", 3)], parent="ta")
    store.put_many("message", [doc("b1", 2)], parent="tb")
    store.put("run", doc("r1", 4), parent="ta")
    assert ids(store.list("message", parent="ta")[0]) == ["a2", "a1"]
    assert ids(store.list("message", order="asc")[0]) == ["a1", "b1", "a2"]
    assert store.list("message", parent="nobody") == ([], False)
    assert store.list("nothing") == ([], False)


def test_cursors_must_be_in_the_list(store: BridgeStore) -> None:
    store.put("message", doc("a1"), parent="ta")
    store.put("message", doc("b1"), parent="tb")
    store.put("run", doc("r1"), parent="ta")
    for cursor in ("nope", "b1", "r1"):  # unknown, another parent, another kind
        with pytest.raises(StoreCursorError) as caught:
            store.list("message", parent="ta", after=cursor)
        assert str(caught.value) == f"Invalid 'after': no object with id '{cursor}' in this list."
        assert (caught.value.param, caught.value.cursor) == ("after", cursor)
        assert isinstance(caught.value, ValueError)
    with pytest.raises(StoreCursorError, match="'before'"):
        store.list("message", before="r1")
    assert ids(store.list("message", parent="ta", after="", before="")[0]) == ["a1"]


@pytest.mark.parametrize("limit", [0, -1, True, 2.0])
def test_list_refuses_a_bad_limit(store: BridgeStore, limit: Any) -> None:
    with pytest.raises(ValueError, match="limit"):
        store.list("m", limit=limit)


def test_list_refuses_a_bad_order(store: BridgeStore) -> None:
    with pytest.raises(ValueError, match="order"):
        store.list("m", order="DESC")


PUTS = st.lists(
    st.tuples(st.integers(0, 7), st.integers(0, 3), st.sampled_from(["a", "b"])), max_size=14
)


@settings(max_examples=300, deadline=None)
@given(
    puts=PUTS,
    parent=st.sampled_from([None, "a", "b"]),
    limit=st.integers(1, 5),
    order=st.sampled_from(["asc", "desc"]),
    after=st.one_of(st.none(), st.integers(0, 8)),
    before=st.one_of(st.none(), st.integers(0, 8)),
)
def test_list_agrees_with_the_emulator(
    puts: List[Tuple[int, int, str]], parent: Optional[str], limit: int, order: str,
    after: Optional[int], before: Optional[int],
) -> None:
    """Every page equals the one the embedded emulator's pagination builds (the reference
    for the API's semantics), including replaced documents and unknown cursors."""
    records: Dict[str, Tuple[Record, str]] = {}
    with BridgeStore(":memory:") as memory:
        for number, (n, created_at, owner) in enumerate(puts):
            d = doc(f"m{n}", created_at, v=number)
            memory.put("m", d, parent=owner)
            seq = records[d["id"]][0].seq if d["id"] in records else number
            records[d["id"]] = (Record(d, seq), owner)
        query = {"limit": [str(limit)], "order": [order]}
        if after is not None:
            query["after"] = [f"m{after}"]
        if before is not None:
            query["before"] = [f"m{before}"]
        listed = [rec for rec, owner in records.values() if parent in (None, owner)]
        try:
            expected = paginate(listed, query, max_limit=100)
        except ApiError as error:
            with pytest.raises(StoreCursorError) as caught:
                memory.list("m", parent=parent, limit=limit, order=order,
                            after=query.get("after", [None])[0],
                            before=query.get("before", [None])[0])
            assert str(caught.value) == error.message
            return
        page, has_more = memory.list(
            "m", parent=parent, limit=limit, order=order,
            after=query.get("after", [None])[0], before=query.get("before", [None])[0],
        )
    assert (page, has_more) == (expected["data"], expected["has_more"])


# --- find -------------------------------------------------------------------------------------


def test_find_by_a_top_level_string_field(store: BridgeStore) -> None:
    store.put("run", doc("r1", 2, response_id="resp_1"), parent="t")
    store.put("run", doc("r2", 1, response_id="resp_2", n=5, o={"x": 1}), parent="t")
    store.put("run", doc("r3", 1, response_id="resp_2"), parent="t")
    store.put("message", doc("m1", 0, response_id="resp_1"), parent="t")
    found = store.find("run", field="response_id", value="resp_1")
    assert found is not None and found["id"] == "r1"
    found = store.find("run", field="response_id", value="resp_2")
    assert found is not None and found["id"] == "r2"  # the first stored of the oldest
    assert store.find("run", field="response_id", value="resp_9") is None
    assert store.find("run", field="n", value="5") is None  # only strings match
    assert store.find("run", field="o", value='{"x":1}') is None
    assert store.find("run", field="missing", value="") is None


def test_find_indexes_the_field(store: BridgeStore) -> None:
    store.put("run", doc("r1", response_id="resp_1"))
    store.find("run", field="response_id", value="resp_1")
    conn = raw(Path(store.path))
    try:
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        assert "documents_field_response_id" in names
        plan = conn.execute(
            "EXPLAIN QUERY PLAN SELECT created_at, seq, body FROM documents WHERE kind = ? "
            "AND json_extract(body, '$.response_id') = ? "
            "AND json_type(body, '$.response_id') = 'text'",
            ("run", "resp_1"),
        ).fetchall()
    finally:
        conn.close()
    assert "documents_field_response_id" in str(plan)
    store.put("run", doc("r2", response_id="resp_2"))  # the index follows new documents
    found = store.find("run", field="response_id", value="resp_2")
    assert found is not None and found["id"] == "r2"


def test_find_without_json1(store: BridgeStore) -> None:
    store.put("run", doc("r1", 2, response_id="resp_1", n=5))
    store.put("run", doc("r0", 1, response_id="resp_1"))
    store._json1 = False  # what a Python whose SQLite lacks JSON1 does
    found = store.find("run", field="response_id", value="resp_1")
    assert found is not None and found["id"] == "r0"
    assert store.find("run", field="n", value="5") is None
    assert store.find("run", field="response_id", value="resp_2") is None


@pytest.mark.parametrize("field", ["", "a.b", "x') --", "1a", "a b"])
def test_find_refuses_a_field_that_is_not_an_identifier(store: BridgeStore, field: str) -> None:
    with pytest.raises(ValueError, match="identifier"):
        store.find("run", field=field, value="v")


# --- opening: where, how, and files that cannot be used ---------------------------------------


@pytest.mark.parametrize(
    ("platform", "environ", "expected"),
    [
        ("linux", {"XDG_DATA_HOME": "/xdg"}, "/xdg/multiassist/bridge.sqlite3"),
        ("linux", {"XDG_DATA_HOME": "rel"}, "/h/.local/share/multiassist/bridge.sqlite3"),
        ("linux", {}, "/h/.local/share/multiassist/bridge.sqlite3"),
        ("freebsd13", {}, "/h/.local/share/multiassist/bridge.sqlite3"),
        ("darwin", {"XDG_DATA_HOME": "/xdg"},
         "/h/Library/Application Support/multiassist/bridge.sqlite3"),
        ("win32", {"LOCALAPPDATA": r"C:\Users\u\AppData\Local"},
         r"C:\Users\u\AppData\Local\multiassist\bridge.sqlite3"),
        ("win32", {}, r"/h\AppData\Local\multiassist\bridge.sqlite3"),
    ],
)
def test_default_path_per_platform(
    platform: str, environ: Dict[str, str], expected: str
) -> None:
    assert _default_store_path(platform, environ, "/h") == expected


def test_no_path_means_the_default_location(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    expected = tmp_path / "data" / "multiassist" / "bridge.sqlite3"
    assert default_store_path() == str(expected)
    with BridgeStore() as made:
        assert made.path == str(expected)
        made.put("a", doc("x"))
    assert expected.is_file()
    assert repr(made) == f"BridgeStore(path={str(expected)!r})"


def test_connection_settings(store: BridgeStore, tmp_path: Path) -> None:
    conn = store._conn
    assert conn is not None
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 10000
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    assert header(tmp_path / "store.sqlite3") == (BridgeStore.SCHEMA_VERSION, APPLICATION_ID)


def test_relative_paths_are_made_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with BridgeStore(os.path.join("sub", "s.db")) as made:
        assert made.path == str(tmp_path / "sub" / "s.db")


@pytest.mark.skipif(not POSIX, reason="POSIX permissions")
def test_new_files_are_private(tmp_path: Path) -> None:
    path = tmp_path / "new-dir" / "s.db"
    with BridgeStore(path) as made:
        made.put("a", doc("x"))
        assert (path.stat().st_mode & 0o777) == 0o600
        assert (Path(f"{path}-wal").stat().st_mode & 0o777) == 0o600
        assert (path.parent.stat().st_mode & 0o777) == 0o700


def test_in_memory(tmp_path: Path) -> None:
    with BridgeStore(":memory:") as memory:
        assert memory.path == ":memory:"
        memory.put("a", doc("x"))
        assert memory.get("a", "x") == doc("x")
    assert not list(tmp_path.iterdir())
    with BridgeStore(":memory:") as other:
        assert other.get("a", "x") is None


def test_empty_path_is_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        BridgeStore("")


def test_a_closed_store(tmp_path: Path) -> None:
    made = BridgeStore(tmp_path / "s.db")
    with made:
        made.put("a", doc("x"))
    made.close()  # idempotent
    with pytest.raises(StoreError, match=r"s\.db is closed"):
        made.get("a", "x")


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    content = b"these are my notes, not a database\n" * 200
    path.write_bytes(content)
    with pytest.raises(StoreError, match="not an SQLite database") as caught:
        BridgeStore(path)
    assert str(path) in str(caught.value) and caught.value.path == str(path)
    assert path.read_bytes() == content


def test_a_directory(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a directory") as caught:
        BridgeStore(tmp_path)
    assert str(tmp_path) in str(caught.value)


def test_a_directory_that_cannot_be_made(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match="cannot create the directory") as caught:
        BridgeStore(tmp_path / "file" / "s.db")
    assert str(tmp_path / "file" / "s.db") in str(caught.value)


@pytest.mark.skipif(not POSIX or IS_ROOT, reason="needs POSIX permissions that apply to us")
def test_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    BridgeStore(path).close()
    path.chmod(0)
    try:
        with pytest.raises(StoreError, match=r"permission denied|unable to open") as caught:
            BridgeStore(path)
        assert str(path) in str(caught.value)
    finally:
        path.chmod(0o600)


def test_another_programs_database_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = raw(path)
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.execute("INSERT INTO notes VALUES ('hello')")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="another program") as caught:
        BridgeStore(path)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == before  # not even switched to WAL
    conn = raw(path)
    conn.execute("PRAGMA application_id = 12345")
    conn.execute("DROP TABLE notes")
    conn.close()
    with pytest.raises(StoreError, match="another program"):
        BridgeStore(path)


# --- schema versions --------------------------------------------------------------------------


def _v2_add_updated_at(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE documents ADD COLUMN updated_at INTEGER")
    conn.execute("UPDATE documents SET updated_at = created_at")


class FutureStore(BridgeStore):
    """A later multiassist whose schema version 2 adds a column."""

    MIGRATIONS = (*BridgeStore.MIGRATIONS, _v2_add_updated_at)
    SCHEMA_VERSION = BridgeStore.SCHEMA_VERSION + 1


def _v2_broken(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE half_done (x)")
    conn.execute("ALTER TABLE no_such_table ADD COLUMN y")


class BrokenFutureStore(BridgeStore):
    MIGRATIONS = (*BridgeStore.MIGRATIONS, _v2_broken)
    SCHEMA_VERSION = BridgeStore.SCHEMA_VERSION + 1


def build_v1(path: Path) -> None:
    """A version-1 store made by hand, holding two messages of thread t (a tie)."""
    conn = raw(path)
    for statement in V1_SCHEMA:
        conn.execute(statement)
    conn.executemany(
        "INSERT INTO documents (kind, id, parent, created_at, body) VALUES (?, ?, ?, ?, ?)",
        [("message", "m1", "t", 10, '{"id":"m1","created_at":10,"text":"hi"}'),
         ("message", "m2", "t", 10, '{"id":"m2","created_at":10,"text":"ho"}')],
    )
    conn.execute("PRAGMA user_version = 1")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.close()


@pytest.mark.parametrize("shape", ["zero bytes", "header only"])
def test_a_version_0_database_is_upgraded(tmp_path: Path, shape: str) -> None:
    path = tmp_path / "v0.db"
    if shape == "zero bytes":
        path.write_bytes(b"")
    else:
        conn = raw(path)
        conn.execute("CREATE TABLE scratch (x)")
        conn.execute("DROP TABLE scratch")
        conn.close()
        assert path.stat().st_size > 0 and header(path) == (0, 0)
    with BridgeStore(path) as made:
        made.put("a", doc("x"))
    assert header(path) == (BridgeStore.SCHEMA_VERSION, APPLICATION_ID)


def test_a_hand_made_version_1_database_is_read_and_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    build_v1(path)
    with BridgeStore(path) as current:
        assert current.get("message", "m1") == {"id": "m1", "created_at": 10, "text": "hi"}
        current.put("message", doc("m3", 10), parent="t")
        assert ids(current.list("message", parent="t", order="asc")[0]) == ["m1", "m2", "m3"]
    assert header(path) == (BridgeStore.SCHEMA_VERSION, APPLICATION_ID)

    with FutureStore(path) as future:
        assert ids(future.list("message", parent="t", order="asc")[0]) == ["m1", "m2", "m3"]
        future.put("message", doc("m4", 11), parent="t")
    assert header(path) == (FutureStore.SCHEMA_VERSION, APPLICATION_ID)
    conn = raw(path)
    try:
        assert conn.execute("SELECT id, updated_at FROM documents ORDER BY seq").fetchall() == [
            ("m1", 10), ("m2", 10), ("m3", 10), ("m4", None)]
    finally:
        conn.close()
    FutureStore(path).close()  # already current: nothing to do
    assert header(path) == (FutureStore.SCHEMA_VERSION, APPLICATION_ID)


def test_a_failed_upgrade_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    build_v1(path)
    with pytest.raises(StoreError, match="no_such_table") as caught:
        BrokenFutureStore(path)
    assert str(path) in str(caught.value)
    assert header(path) == (1, APPLICATION_ID)
    conn = raw(path)
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    finally:
        conn.close()
    assert "half_done" not in tables
    with BridgeStore(path) as current:
        assert len(current.list("message")[0]) == 2


def test_a_newer_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    build_v1(path)
    FutureStore(path).close()
    with pytest.raises(StoreError, match="created by a newer multiassist") as caught:
        BridgeStore(path)
    message = str(caught.value)
    assert str(path) in message and "upgrade multiassist" in message
    assert f"schema version {FutureStore.SCHEMA_VERSION}" in message
    assert header(path) == (FutureStore.SCHEMA_VERSION, APPLICATION_ID)
    with FutureStore(path) as future:
        assert len(future.list("message")[0]) == 2


def test_migrations_must_match_the_version() -> None:
    class Inconsistent(BridgeStore):
        SCHEMA_VERSION = BridgeStore.SCHEMA_VERSION + 1

    with pytest.raises(RuntimeError, match="SCHEMA_VERSION"):
        Inconsistent(":memory:")


def test_many_connections_creating_one_file_at_once(tmp_path: Path) -> None:
    """Separate connections racing to create, switch to WAL and migrate the same new file."""
    path = tmp_path / "new.db"
    barrier = threading.Barrier(6)
    errors: List[BaseException] = []

    def open_and_put(n: int) -> None:
        try:
            barrier.wait()
            with BridgeStore(path) as own:
                own.put("a", doc(f"x{n}"))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_and_put, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with BridgeStore(path) as made:
        assert len(made.list("a")[0]) == 6


# --- threads and processes --------------------------------------------------------------------


def increment(d: Dict[str, Any]) -> Dict[str, Any]:
    return {**d, "n": d["n"] + 1}


def test_threads_share_one_store(store: BridgeStore) -> None:
    store.put("counter", doc("c", n=0))
    errors: List[BaseException] = []
    barrier = threading.Barrier(8)

    def work(n: int) -> None:
        try:
            barrier.wait()
            for i in range(100):
                store.update("counter", "c", increment)
                store.put("item", doc(f"t{n}-{i}", i), parent=f"t{n}")
                page, _ = store.list("item", parent=f"t{n}", limit=5)
                assert page[0]["id"] == f"t{n}-{i}"
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert store.get("counter", "c") == doc("c", n=800)
    assert len(store.list("item", limit=1000)[0]) == 800


INCREMENTS = """
import os, sys, time
from multiassist.bridge import BridgeStore
path, ready, go = sys.argv[1:4]
with BridgeStore(path) as store:
    open(ready, "w").close()
    deadline = time.monotonic() + 30
    while not os.path.exists(go):
        if time.monotonic() > deadline:
            sys.exit("never told to go")
        time.sleep(0.001)
    me = os.getpid()
    for _ in range(200):
        store.update("counter", "c", lambda d: {
            **d, "n": d["n"] + 1, "last": me,
            "switches": d["switches"] + (d["last"] not in (None, me))})
        time.sleep(0.001)  # outside the transaction: lets the other process in
"""


def test_two_processes_never_lose_an_update(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    with BridgeStore(path) as made:
        made.put("counter", doc("c", n=0, last=None, switches=0))
    go = tmp_path / "go"
    workers = [python(INCREMENTS, str(path), str(tmp_path / f"ready{n}"), str(go))
               for n in range(2)]
    deadline = time.monotonic() + SUBPROCESS_TIMEOUT_S
    while not all((tmp_path / f"ready{n}").exists() for n in range(2)):
        assert time.monotonic() < deadline and all(w.poll() is None for w in workers), [
            w.communicate() for w in workers if w.poll() is not None]
        time.sleep(0.005)
    go.touch()  # both have the database open: start together
    for worker in workers:
        finish(worker)
    with BridgeStore(path) as made:
        counter = made.get("counter", "c")
    assert counter is not None and counter["n"] == 400
    assert counter["last"] in {w.pid for w in workers}
    # The updates really did interleave (typically a few hundred hand-overs); without
    # update()'s transaction, a get-then-put loop lost a quarter to a third of them in trials.
    assert counter["switches"] >= 2, counter


CREATE_RECORDS = """
import sys
from multiassist.bridge import BridgeStore
with BridgeStore(sys.argv[1]) as store:
    store.put("assistant", {"id": "asst_1", "created_at": 1, "object": "assistant",
                            "name": "Helper", "model": "gpt-4o"})
    store.put("thread", {"id": "thread_1", "created_at": 2, "object": "thread"})
    store.put("run", {"id": "run_1", "created_at": 3, "object": "run", "status": "queued",
                      "assistant_id": "asst_1", "thread_id": "thread_1",
                      "response_id": "resp_1"}, parent="thread_1")
print("done")
"""


def test_records_outlive_the_process_that_made_them(tmp_path: Path) -> None:
    path = tmp_path / "persist" / "bridge.sqlite3"
    assert finish(python(CREATE_RECORDS, str(path))).strip() == "done"
    with BridgeStore(path) as made:
        assistant = made.get("assistant", "asst_1")
        assert assistant is not None and assistant["name"] == "Helper"
        runs, more = made.list("run", parent="thread_1")
        assert (ids(runs), more) == (["run_1"], False)
        found = made.find("run", field="response_id", value="resp_1")
        assert found is not None and found["assistant_id"] == "asst_1"
        assert made.update("run", "run_1", lambda r: {**r, "status": "completed"})[
            "status"] == "completed"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_forked_child_uses_its_own_connection(tmp_path: Path) -> None:
    with BridgeStore(tmp_path / "fork.db") as made:
        made.put("counter", doc("c", n=0))
        inherited = made._conn
        pid = os.fork()
        if pid == 0:  # the child: must not touch the parent's connection
            code = 1
            try:
                for _ in range(100):
                    made.update("counter", "c", increment)
                code = 0 if made._conn is not inherited else 2
            finally:
                os._exit(code)
        for _ in range(100):
            made.update("counter", "c", increment)
        _, status = os.waitpid(pid, 0)
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
        assert made._conn is inherited
        assert made.get("counter", "c") == doc("c", n=200)


# --- volume (speed figures belong to the benchmark, not to tests) ---------------------------


def test_ten_thousand_documents_store_and_page(store: BridgeStore) -> None:
    for i in range(10_000):
        store.put("message", doc(f"msg_{i}", i // 10, role="user", text="x" * 100), parent="t")
    store.put_many("step", (doc(f"step_{i}", i // 10, n=i) for i in range(10_000)), parent="r")
    page, more = store.list("message", parent="t", limit=100, after="msg_5000")
    assert (page[0]["id"], len(page), more) == ("msg_4999", 100, True)
    steps, more = store.list("step", parent="r", limit=100, order="asc")
    assert (steps[0]["n"], len(steps), more) == (0, 100, True)
