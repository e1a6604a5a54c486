"""The bridge backend's own records: JSON documents by kind in an embedded SQLite database.

OpenAI's Responses and Conversations APIs do not keep assistants, runs or run steps, so the
bridge backend keeps them itself, here. A :class:`BridgeStore` holds *documents* (JSON
objects, usually the wire objects the Assistants API would return) grouped by *kind*
(``"assistant"``, ``"thread"``, ``"message"``, ``"run"``, ``"run_step"``, ... -- any
non-empty string) and optionally by a *parent* id (a message's thread, a step's run), and
lists them with the Assistants API's cursor pagination.

Every document needs a string ``id`` (unique within its kind) and an integer
``created_at``. Lists are ordered by ``created_at``, ties broken by the order in which the
documents were first stored; replacing a document keeps its place.

Concurrency
    *Threads*: one connection per store, guarded by a lock (``check_same_thread=False``),
    so a store may be shared freely by the threads of a process; operations are
    serialised, which costs little because SQLite serialises writers anyway.
    *Processes*: any number of processes may open the same file. The database runs in WAL
    mode (readers never block the writer) with a 10 second busy timeout, and
    :meth:`BridgeStore.update` is a read-modify-write inside ``BEGIN IMMEDIATE`` so two
    processes never lose each other's updates. After ``os.fork()`` the child opens its own
    connection on first use (SQLite connections must not cross a fork).


Secrets
    The store keeps whatever documents it is given, in plain text on disk (the file is
    created readable by its owner only). Callers must never put API keys, tokens or other
    credentials in a document.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import threading
import time
from contextlib import contextmanager
from typing import (
    Any,
    Callable,
    ClassVar,
    Dict,
    Iterable,
    Iterator,
    List,
    Mapping,
    Optional,
    Sequence,
    Set,
    Tuple,
    Union,
)

from multiassist.bridge.store_schema import APPLICATION_ID as APPLICATION_ID
from multiassist.bridge.store_schema import BUSY_TIMEOUT_S as BUSY_TIMEOUT_S
from multiassist.bridge.store_schema import FILE_NAME as FILE_NAME
from multiassist.bridge.store_schema import MEMORY as MEMORY
from multiassist.bridge.store_schema import Migration as Migration
from multiassist.bridge.store_schema import connect, default_store_path
from multiassist.bridge.store_schema import create_documents as _create_documents
from multiassist.bridge.store_schema import index_parents as _index_parents
from multiassist.bridge.store_schema import transaction as _transaction
from multiassist.errors import StoreCursorError, StoreError, StoreNotFound

__all__ = [
    "BridgeStore",
    "StoreCursorError",
    "StoreError",
    "StoreNotFound",
    "default_store_path",
]

JSONDoc = Dict[str, Any]

_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


# --- the store --------------------------------------------------------------------------------


class BridgeStore:
    """Documents (JSON objects) by kind, with API-style pagination; safe for several processes.

    ``path`` is the database file (its directory is created if missing); None means
    :func:`default_store_path`; ``":memory:"`` is a private in-memory database that lives
    as long as this object. Use as a context manager, or call :meth:`close`.

    Example::

        with BridgeStore() as store:
            store.put("assistant", {"id": "asst_1", "created_at": 1700000000, ...})
            store.put("message", msg, parent=thread_id)
            page, has_more = store.list("message", parent=thread_id, order="asc")
    """

    #: Ordered schema upgrades: ``MIGRATIONS[n]`` turns version ``n`` into ``n + 1``. Each
    #: runs inside the one transaction that upgrades a file, so a failure leaves it as it
    #: was. Only ever append: a released migration must never change.
    MIGRATIONS: ClassVar[Tuple[Migration, ...]] = (_create_documents, _index_parents)
    #: The schema version this code writes (``PRAGMA user_version``).
    SCHEMA_VERSION: ClassVar[int] = 2

    path: str

    def __init__(self, path: Union[str, os.PathLike[str], None] = None) -> None:
        if len(self.MIGRATIONS) != self.SCHEMA_VERSION:
            raise RuntimeError("SCHEMA_VERSION must equal the number of MIGRATIONS")
        raw = default_store_path() if path is None else os.fspath(path)
        if not raw:
            raise ValueError("path must not be empty (None means the default location)")
        self._memory = raw == MEMORY
        self.path = raw if self._memory else os.path.abspath(raw)
        self._lock = threading.RLock()
        self._pid = os.getpid()
        self._in_change = False
        self._indexed: Set[str] = set()
        self._inherited: List[sqlite3.Connection] = []
        self._conn: Optional[sqlite3.Connection] = self._connect()
        self._json1 = self._has_json1(self._conn)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(path={self.path!r})"

    def __enter__(self) -> BridgeStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the database. Idempotent; any later use raises :class:`StoreError`."""
        self._after_fork()
        with self._lock:
            if self._in_change:
                raise RuntimeError("an update() change function must not close the store")
            conn, self._conn = self._conn, None
            if conn is not None:
                conn.close()

    # --- documents ------------------------------------------------------------------------

    def put(
        self, kind: str, doc: Mapping[str, Any], *, parent: Optional[str] = None
    ) -> JSONDoc:
        """Store ``doc`` under ``kind``, replacing the document with the same ``id``.

        ``doc`` needs a non-empty string ``id`` and an integer ``created_at``; it must be
        JSON-serialisable (else TypeError/ValueError). The stored row becomes exactly
        ``(doc, parent)`` -- replacing with ``parent=None`` detaches it -- but a replaced
        document keeps its place among equal ``created_at`` values. Returns the document
        as :meth:`get` will return it (a fresh copy, JSON round-tripped).
        """
        row = _row(kind, doc, parent)
        with self._connection() as conn:
            conn.execute(_UPSERT, row)
        return _decode(row[4])

    def put_many(
        self, kind: str, docs: Iterable[Mapping[str, Any]], *, parent: Optional[str] = None
    ) -> int:
        """:meth:`put` every document of ``docs``, in order, in one transaction (all or
        none). Much faster than separate puts for large batches. Returns how many."""
        rows = [_row(kind, doc, parent) for doc in docs]
        with self._connection() as conn, _transaction(conn):
            conn.executemany(_UPSERT, rows)
        return len(rows)

    def get(self, kind: str, id: str) -> Optional[JSONDoc]:
        """The document of this kind and id (a fresh copy), or None."""
        with self._connection() as conn:
            row = conn.execute(
                "SELECT body FROM documents WHERE kind = ? AND id = ?", (kind, id)
            ).fetchone()
        return None if row is None else _decode(row[0])

    def delete(self, kind: str, id: str) -> bool:
        """Delete one document; True if it existed. Its children are kept: delete them
        with :meth:`delete_children`."""
        with self._connection() as conn:
            cursor = conn.execute("DELETE FROM documents WHERE kind = ? AND id = ?", (kind, id))
        return cursor.rowcount > 0

    def delete_children(self, kind: str, parent: str) -> int:
        """Delete every document of ``kind`` whose parent is ``parent``; returns how many."""
        with self._connection() as conn:
            cursor = conn.execute(
                "DELETE FROM documents WHERE kind = ? AND parent = ?", (kind, parent)
            )
        return cursor.rowcount

    def delete_tree(self, kind: str, id: str) -> int:
        """Delete one document and everything below it (its children, their children, ...)
        in one transaction; returns how many documents went (0: there was no such document).

        The deleted text does not stay readable in the file: the database overwrites freed
        space with zeros, and the write-ahead log is checkpointed and truncated (when another
        connection is still reading an older snapshot, the log is truncated by the next
        checkpoint once it has finished).
        """
        with self._connection() as conn:
            before = conn.total_changes  # rowcount misses statements that start WITH
            with _transaction(conn):
                conn.execute(DELETE_TREE, (kind, id))
            count = conn.total_changes - before
            if count and not self._memory:
                _scrub_log(conn)
        return max(count, 0)

    def put_unless(
        self, kind: str, doc: Mapping[str, Any], *, parent: str,
        blocks: Callable[[JSONDoc], bool],
    ) -> Optional[JSONDoc]:
        """Store ``doc`` under ``parent`` unless a stored document of ``kind`` under the
        same parent ``blocks`` it; returns that document (and stores nothing), else None.

        The check and the write are one transaction holding the database's write lock, so
        of several threads or processes doing this at once for one parent, exactly one
        stores its document while the others see it. ``blocks`` must be quick and must not
        use the store.
        """
        row = _row(kind, doc, parent)
        with self._connection() as conn, _transaction(conn):
            blocker = first_blocker(conn.execute(
                "SELECT body FROM documents WHERE kind = ? AND parent = ? "
                "ORDER BY created_at, seq", (kind, parent),
            ).fetchall(), row[1], blocks)
            if blocker is not None:
                return blocker
            conn.execute(_UPSERT, row)
        return None

    def update(self, kind: str, id: str, change: Callable[[JSONDoc], JSONDoc]) -> JSONDoc:
        """Atomically replace a document by ``change(current)`` and return the new one.

        The read, ``change`` and the write happen in one ``BEGIN IMMEDIATE`` transaction,
        so concurrent updates from other threads or processes are never lost (they wait).
        ``change`` gets a fresh copy it may modify and return; it must not change ``id``,
        must keep an integer ``created_at``, should be quick, and must not use the store.
        If it raises, nothing is written and the exception propagates. The parent and the
        storing order (the tie-breaker among equal ``created_at``) are kept. Raises
        :class:`StoreNotFound` if there is no such document.
        """
        with self._connection() as conn, _transaction(conn):
            row = conn.execute(
                "SELECT seq, parent, body FROM documents WHERE kind = ? AND id = ?", (kind, id)
            ).fetchone()
            if row is None:
                raise StoreNotFound(kind, id)
            seq, parent, body = row
            self._in_change = True
            try:
                new = change(_decode(body))
            finally:
                self._in_change = False
            created_at, new_body = replacement(kind, id, parent, new)
            conn.execute(
                "UPDATE documents SET created_at = ?, body = ? WHERE seq = ?",
                (created_at, new_body, seq),
            )
        return _decode(new_body)

    def list(
        self,
        kind: str,
        *,
        parent: Optional[str] = None,
        limit: int = 20,
        order: str = "desc",
        after: Optional[str] = None,
        before: Optional[str] = None,
    ) -> Tuple[List[JSONDoc], bool]:
        """One page of documents of ``kind`` and ``(page, has_more)``, as the Assistants API
        pages: sorted by ``created_at`` (ties: first stored first), ``order`` ``"desc"``
        (newest first, the default) or ``"asc"``.

        ``parent`` restricts the list to one parent's children (None: every document of
        the kind). ``after`` / ``before`` are ids of objects in this list bounding the
        page (exclusive); with ``before`` alone the page is the ``limit`` objects just
        before it, still in ``order``. ``has_more`` says whether more objects lie beyond
        the page in the direction of travel. An empty cursor counts as none; an id not in
        this list (unknown, another kind or another parent) raises
        :class:`StoreCursorError` rather than returning a silently wrong page.
        """
        with self._connection() as conn:
            return list_page(lambda sql, args: conn.execute(sql, args).fetchall(), kind,
                             parent=parent, limit=limit, order=order, after=after,
                             before=before)

    def find(self, kind: str, *, field: str, value: str) -> Optional[JSONDoc]:
        """The first stored document of ``kind`` (by ``created_at``, then storing order)
        whose top-level ``field`` is the string ``value``, or None.

        For looking records up by a foreign id (the Responses API id inside a run, ...).
        ``field`` must be an identifier. The first lookup on a field adds an index on it
        (SQLite JSON1 expression index) to the file, so later lookups are fast.
        """
        if not _FIELD_NAME.match(field):
            raise ValueError(f"field must be an identifier, not {field!r}")
        with self._connection() as conn:
            if not self._json1:  # SQLite without JSON1: scan the kind
                for (body,) in conn.execute(
                    "SELECT body FROM documents WHERE kind = ? ORDER BY created_at, seq", (kind,)
                ).fetchall():
                    doc = _decode(body)
                    if isinstance(doc.get(field), str) and doc[field] == value:
                        return doc
                return None
            expression = f"json_extract(body, '$.{field}')"
            if field not in self._indexed:
                try:
                    conn.execute(
                        f"CREATE INDEX IF NOT EXISTS documents_field_{field} "
                        f"ON documents (kind, {expression})"
                    )
                except sqlite3.OperationalError:
                    pass  # read-only file or busy: look up without the index this time
                else:
                    self._indexed.add(field)
            # No ORDER BY: it would tempt the planner into the created_at index. Matches
            # are few (usually one); the first is picked here.
            rows = conn.execute(
                f"SELECT created_at, seq, body FROM documents WHERE kind = ? "
                f"AND {expression} = ? AND json_type(body, '$.{field}') = 'text'",
                (kind, value),
            ).fetchall()
        return _decode(min(rows)[2]) if rows else None

    # --- connection -----------------------------------------------------------------------

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        """The connection, held under the lock; SQLite errors become StoreError."""
        self._after_fork()
        with self._lock:
            if self._in_change:
                raise RuntimeError("an update() change function must not use the store")
            if self._conn is None:
                raise StoreError(f"the bridge store {self.path} is closed", path=self.path)
            try:
                yield self._conn
            except sqlite3.Error as exc:
                raise StoreError(f"bridge store {self.path}: {exc}", path=self.path) from exc

    def _after_fork(self) -> None:
        """In a child process, stop using the parent's lock and connection."""
        if self._pid == os.getpid():
            return
        self._pid = os.getpid()
        self._lock = threading.RLock()  # the parent's may have been held by another thread
        self._in_change = False
        if self._conn is None or self._memory:
            return  # closed, or a private in-memory copy: fine to keep using
        # Never use nor close the inherited connection (closing it could release this
        # process's file locks); keep it referenced so it is not finalised either.
        self._inherited.append(self._conn)
        self._indexed = set()
        self._conn = self._connect()

    def _connect(self) -> sqlite3.Connection:
        """A new connection to the file, set up and migrated (see
        :func:`~multiassist.bridge.store_schema.connect`)."""
        return connect(self.path, memory=self._memory, migrations=self.MIGRATIONS,
                       schema_version=self.SCHEMA_VERSION)

    @staticmethod
    def _has_json1(conn: sqlite3.Connection) -> bool:
        try:
            conn.execute("SELECT json_extract('{\"a\": 1}', '$.a')").fetchone()
        except sqlite3.OperationalError:
            return False
        return True


# --- helpers ----------------------------------------------------------------------------------

_UPSERT = (
    "INSERT INTO documents (kind, id, parent, created_at, body) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (kind, id) DO UPDATE SET "
    "parent = excluded.parent, created_at = excluded.created_at, body = excluded.body"
)


#: A document and its descendants (by ``parent``), as one statement (SQLite and PostgreSQL).
DELETE_TREE = (
    "WITH RECURSIVE doomed (seq, id) AS ("
    " SELECT seq, id FROM documents WHERE kind = ? AND id = ?"
    " UNION SELECT d.seq, d.id FROM documents d JOIN doomed ON d.parent = doomed.id)"
    " DELETE FROM documents WHERE seq IN (SELECT seq FROM doomed)"
)


def _scrub_log(conn: sqlite3.Connection) -> None:
    """Copy the write-ahead log into the file and empty it, so that page images written
    before a delete (holding the deleted text) are gone; a few tries while readers finish."""
    for attempt in range(5):
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        if not busy:
            return
        time.sleep(0.01 * (attempt + 1))


#: Runs one statement (``?`` placeholders) on a store's connection and returns its rows.
Query = Callable[[str, Sequence[Any]], List[Any]]


def list_page(
    query: Query, kind: str, *, parent: Optional[str], limit: int, order: str,
    after: Optional[str], before: Optional[str],
) -> Tuple[List[JSONDoc], bool]:
    """The page :meth:`BridgeStore.list` describes, computed with ``query`` (so that every
    store pages the same way)."""
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValueError(f"limit must be a positive integer, not {limit!r}")
    if order not in ("asc", "desc"):
        raise ValueError(f"order must be 'asc' or 'desc', not {order!r}")
    scope = "kind = ?" if parent is None else "kind = ? AND parent = ?"
    scope_args: List[Any] = [kind] if parent is None else [kind, parent]
    newest_first = order == "desc"
    where, args = [scope], list(scope_args)
    for param, cursor, past in (("after", after, True), ("before", before, False)):
        if not cursor:
            continue
        keys = query(f"SELECT created_at, seq FROM documents WHERE {scope} AND id = ?",
                     (*scope_args, cursor))
        if not keys:
            raise StoreCursorError(param, cursor)
        # "past" the cursor in list order is older when newest_first.
        where.append(f"(created_at, seq) {'<' if past == newest_first else '>'} (?, ?)")
        args.extend(keys[0])
    backwards = bool(before) and not after  # the page ends just before `before`
    direction = "DESC" if newest_first != backwards else "ASC"
    rows = query(
        f"SELECT body FROM documents WHERE {' AND '.join(where)} "
        f"ORDER BY created_at {direction}, seq {direction} LIMIT ?",
        (*args, limit + 1),
    )
    has_more = len(rows) > limit
    page = [_decode(body) for (body,) in rows[:limit]]
    if backwards:
        page.reverse()
    return page, has_more


def replacement(kind: str, id: str, parent: Optional[str], new: Any) -> Tuple[int, str]:
    """The (created_at, body) an update's ``change`` result is stored as, once checked."""
    if not isinstance(new, Mapping):
        raise TypeError(f"update of {kind} {id!r}: change must return the document")
    if new.get("id") != id:
        raise ValueError(f"update of {kind} {id!r}: change must not alter 'id'")
    _, _, _, created_at, body = _row(kind, new, parent)
    return created_at, body


def first_blocker(rows: Iterable[Any], doc_id: str,
                  blocks: Callable[[JSONDoc], bool]) -> Optional[JSONDoc]:
    """The first document of ``rows`` (``(body,)`` tuples), other than ``doc_id``, that
    ``blocks`` the one being stored (see :meth:`BridgeStore.put_unless`)."""
    for (body,) in rows:
        other = _decode(body)
        if other.get("id") != doc_id and blocks(other):
            return other
    return None


def _row(
    kind: str, doc: Mapping[str, Any], parent: Optional[str]
) -> Tuple[str, str, Optional[str], int, str]:
    """Validate a document; the (kind, id, parent, created_at, body) it is stored as."""
    if not isinstance(kind, str) or not kind:
        raise ValueError(f"kind must be a non-empty string, not {kind!r}")
    if not isinstance(doc, Mapping):
        raise TypeError(f"a {kind} document must be a mapping, not {type(doc).__name__}")
    doc_id = doc.get("id")
    if not isinstance(doc_id, str) or not doc_id:
        raise ValueError(f"a {kind} document needs a non-empty string 'id'")
    created_at = doc.get("created_at")
    if isinstance(created_at, bool) or not isinstance(created_at, int):
        raise ValueError(f"{kind} {doc_id!r} needs an integer 'created_at'")
    if parent is not None and (not isinstance(parent, str) or not parent):
        raise ValueError(f"parent of {kind} {doc_id!r} must be a non-empty string or None")
    body = json.dumps(dict(doc), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return kind, doc_id, parent, created_at, body


def _decode(body: str) -> JSONDoc:
    doc: JSONDoc = json.loads(body)
    return doc

