"""The bridge store on PostgreSQL: the records of many hosts in one shared database.

:class:`PostgresStore` keeps the same documents as :class:`~multiassist.bridge.store.BridgeStore`
(one ``documents`` table of the same columns, the same schema versions and migrations) and
offers the same methods, so the bridge runs on either. It needs psycopg 3 and psycopg-pool
(``pip install 'multiassist[postgres]'``).

Concurrency
    A pool of connections (``max_connections``, default 10) serves the threads of a
    process; every write is a transaction. :meth:`PostgresStore.update` locks the row it
    changes (``SELECT ... FOR UPDATE``) and :meth:`PostgresStore.put_unless` takes a
    transaction-scoped advisory lock on its parent, so checks and writes made by processes
    on different hosts never interleave. After ``os.fork()`` the child opens its own pool.

Schema
    The version lives in a one-row table ``multiassist_schema`` (PostgreSQL has no
    ``user_version``). A database is upgraded inside one transaction holding an advisory
    lock, so hosts starting at once upgrade it once; a database written by a newer
    multiassist, or one whose ``documents`` table another program made, is refused untouched.

Secrets
    A password in the URL is used to connect and never shown: :attr:`PostgresStore.path`,
    the repr and error messages carry the URL without it. Prefer ``PGPASSWORD`` or a
    ``~/.pgpass`` file, which libpq reads, to a password in the URL.
"""

from __future__ import annotations

import os
import re
import threading
from contextlib import contextmanager
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    ClassVar,
    Iterable,
    Iterator,
    List,
    Mapping,
    Optional,
    Set,
    Tuple,
)
from urllib.parse import urlsplit, urlunsplit

from multiassist.bridge.store import (
    DELETE_TREE,
    JSONDoc,
    _decode,
    _row,
    first_blocker,
    list_page,
    replacement,
)
from multiassist.bridge.store_schema import APPLICATION_ID
from multiassist.errors import ConfigurationError, StoreError, StoreNotFound

if TYPE_CHECKING:
    import psycopg
    from psycopg_pool import ConnectionPool

__all__ = ["PostgresStore", "URL_SCHEMES", "redact_url"]

#: The URL schemes that name a PostgreSQL database (libpq's own).
URL_SCHEMES = ("postgresql", "postgres")

PgMigration = Callable[["psycopg.Connection[Any]"], None]

_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_CONNECT_TIMEOUT_S = 10.0


def redact_url(url: str) -> str:
    """``url`` without the password of its user part (``postgresql://ann@db/x``), and
    without any ``password=`` query parameter."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        user, _, host = netloc.rpartition("@")
        netloc = f"{user.split(':', 1)[0]}@{host}"
    query = re.sub(r"(?i)(^|&)password=[^&]*", r"\1password=***", parts.query)
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def _create_documents(conn: psycopg.Connection[Any]) -> None:
    """Version 1: the documents table, as in the SQLite store."""
    conn.execute(
        "CREATE TABLE documents ("
        " seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
        " kind TEXT NOT NULL,"
        " id TEXT NOT NULL,"
        " parent TEXT,"
        " created_at BIGINT NOT NULL,"
        " body TEXT NOT NULL,"
        " UNIQUE (kind, id))"
    )
    conn.execute("CREATE INDEX documents_by_kind ON documents (kind, created_at, seq)")
    conn.execute(
        "CREATE INDEX documents_by_parent ON documents (kind, parent, created_at, seq)"
    )


def _index_parents(conn: psycopg.Connection[Any]) -> None:
    """Version 2: an index on ``parent`` alone (deleting a record's tree)."""
    conn.execute("CREATE INDEX documents_parent ON documents (parent)")


_UPSERT = (
    "INSERT INTO documents (kind, id, parent, created_at, body) VALUES (%s, %s, %s, %s, %s) "
    "ON CONFLICT (kind, id) DO UPDATE SET "
    "parent = excluded.parent, created_at = excluded.created_at, body = excluded.body"
)


class PostgresStore:
    """Documents (JSON objects) by kind in a PostgreSQL database; safe for many hosts.

    ``url`` is a libpq URL (``postgresql://user@host:5432/dbname``, with any libpq
    parameters in its query). Use as a context manager, or call :meth:`close`.
    """

    #: Ordered schema upgrades, one for each of the SQLite store's (same versions).
    MIGRATIONS: ClassVar[Tuple[PgMigration, ...]] = (_create_documents, _index_parents)
    SCHEMA_VERSION: ClassVar[int] = 2

    path: str

    def __init__(self, url: str, *, max_connections: int = 10) -> None:
        if len(self.MIGRATIONS) != self.SCHEMA_VERSION:
            raise RuntimeError("SCHEMA_VERSION must equal the number of MIGRATIONS")
        if urlsplit(url).scheme.lower() not in URL_SCHEMES:
            raise ConfigurationError(
                f"a PostgreSQL store needs a postgresql:// URL, not {redact_url(url)!r}")
        if isinstance(max_connections, bool) or not isinstance(max_connections, int) \
                or max_connections < 1:
            raise ConfigurationError(
                f"max_connections must be a positive integer, not {max_connections!r}")
        self._url = url
        self.path = redact_url(url)
        self._max = max_connections
        self._lock = threading.Lock()
        self._pid = os.getpid()
        self._indexed: Set[str] = set()
        self._inherited: List[ConnectionPool[Any]] = []
        self._pool: Optional[ConnectionPool[Any]] = self._open_pool()
        try:
            self._migrate()
        except BaseException:
            self.close()
            raise

    def __repr__(self) -> str:
        return f"{type(self).__name__}(path={self.path!r})"

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the pool. Idempotent; any later use raises :class:`StoreError`."""
        self._after_fork()
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()

    # --- documents (the same contract as BridgeStore's) -----------------------------------

    def put(self, kind: str, doc: Mapping[str, Any], *, parent: Optional[str] = None) -> JSONDoc:
        """Store ``doc`` under ``kind``, replacing the document with the same ``id``."""
        row = _row(kind, doc, parent)
        with self._connection() as conn:
            conn.execute(_UPSERT, row)
        return _decode(row[4])

    def put_many(
        self, kind: str, docs: Iterable[Mapping[str, Any]], *, parent: Optional[str] = None
    ) -> int:
        """Store every document of ``docs`` in one transaction (all or none)."""
        rows = [_row(kind, doc, parent) for doc in docs]
        with self._connection() as conn, conn.transaction(), conn.cursor() as cursor:
            cursor.executemany(_UPSERT, rows)
        return len(rows)

    def get(self, kind: str, id: str) -> Optional[JSONDoc]:
        """The document of this kind and id (a fresh copy), or None."""
        with self._connection() as conn:
            row = conn.execute(
                "SELECT body FROM documents WHERE kind = %s AND id = %s", (kind, id)
            ).fetchone()
        return None if row is None else _decode(row[0])

    def delete(self, kind: str, id: str) -> bool:
        """Delete one document (its children are kept); True if it existed."""
        with self._connection() as conn:
            cursor = conn.execute("DELETE FROM documents WHERE kind = %s AND id = %s",
                                  (kind, id))
        return cursor.rowcount > 0

    def delete_children(self, kind: str, parent: str) -> int:
        """Delete every document of ``kind`` whose parent is ``parent``; returns how many."""
        with self._connection() as conn:
            cursor = conn.execute("DELETE FROM documents WHERE kind = %s AND parent = %s",
                                  (kind, parent))
        return cursor.rowcount

    def delete_tree(self, kind: str, id: str) -> int:
        """Delete one document and everything below it, in one transaction."""
        with self._connection() as conn:
            cursor = conn.execute(DELETE_TREE.replace("?", "%s"), (kind, id))
        return max(cursor.rowcount, 0)

    def put_unless(
        self, kind: str, doc: Mapping[str, Any], *, parent: str,
        blocks: Callable[[JSONDoc], bool],
    ) -> Optional[JSONDoc]:
        """Store ``doc`` under ``parent`` unless a document of ``kind`` under the same parent
        ``blocks`` it (returned, nothing stored); one at a time per parent across hosts."""
        row = _row(kind, doc, parent)
        with self._connection() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
                         (f"{kind}/{parent}",))
            blocker = first_blocker(conn.execute(
                "SELECT body FROM documents WHERE kind = %s AND parent = %s "
                "ORDER BY created_at, seq", (kind, parent),
            ).fetchall(), row[1], blocks)
            if blocker is not None:
                return blocker
            conn.execute(_UPSERT, row)
        return None

    def update(self, kind: str, id: str, change: Callable[[JSONDoc], JSONDoc]) -> JSONDoc:
        """Atomically replace a document by ``change(current)`` (the row stays locked from
        the read to the write) and return the new one; :class:`StoreNotFound` if missing."""
        with self._connection() as conn, conn.transaction():
            row = conn.execute(
                "SELECT seq, parent, body FROM documents WHERE kind = %s AND id = %s "
                "FOR UPDATE", (kind, id),
            ).fetchone()
            if row is None:
                raise StoreNotFound(kind, id)
            seq, parent, body = row
            created_at, new_body = replacement(kind, id, parent, change(_decode(body)))
            conn.execute("UPDATE documents SET created_at = %s, body = %s WHERE seq = %s",
                         (created_at, new_body, seq))
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
        """One page of documents of ``kind`` and ``(page, has_more)``, exactly as
        :meth:`BridgeStore.list <multiassist.bridge.store.BridgeStore.list>` pages."""
        with self._connection() as conn:
            return list_page(
                lambda sql, args: conn.execute(sql.replace("?", "%s"), args).fetchall(),
                kind, parent=parent, limit=limit, order=order, after=after, before=before)

    def find(self, kind: str, *, field: str, value: str) -> Optional[JSONDoc]:
        """The first stored document of ``kind`` whose top-level ``field`` is the string
        ``value``, or None (an expression index on the field is added on first use)."""
        if not _FIELD_NAME.match(field):
            raise ValueError(f"field must be an identifier, not {field!r}")
        expression = f"(body::jsonb ->> '{field}')"
        with self._connection() as conn:
            if field not in self._indexed:
                conn.execute(f"CREATE INDEX IF NOT EXISTS documents_field_{field} "
                             f"ON documents (kind, {expression})")
                self._indexed.add(field)
            row = conn.execute(
                f"SELECT body FROM documents WHERE kind = %s AND {expression} = %s "
                f"AND jsonb_typeof(body::jsonb -> '{field}') = 'string' "
                "ORDER BY created_at, seq LIMIT 1", (kind, value),
            ).fetchone()
        return None if row is None else _decode(row[0])

    # --- connections -----------------------------------------------------------------------

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection[Any]]:
        """A pooled connection (autocommit; ``conn.transaction()`` for a transaction);
        database errors become StoreError naming the store without its password."""
        import psycopg

        self._after_fork()
        pool = self._pool
        if pool is None:
            raise StoreError(f"the bridge store {self.path} is closed", path=self.path)
        try:
            with pool.connection(timeout=_CONNECT_TIMEOUT_S) as conn:
                yield conn
        except psycopg.Error as exc:  # PoolTimeout is one too
            raise StoreError(f"bridge store {self.path}: {self._clean(exc)}",
                             path=self.path) from exc

    def _clean(self, exc: BaseException) -> str:
        text = str(exc).strip() or type(exc).__name__
        password = urlsplit(self._url).password
        return text.replace(password, "***") if password else text

    def _open_pool(self) -> ConnectionPool[Any]:
        try:
            import psycopg
            from psycopg_pool import ConnectionPool
        except ImportError:
            raise ConfigurationError(
                f"the bridge store {self.path} is a PostgreSQL database, which needs "
                "psycopg 3 and psycopg-pool: pip install 'multiassist[postgres]'"
            ) from None
        try:  # one plain connection first: it fails fast, with libpq's own reason
            psycopg.connect(self._url, autocommit=True).close()
        except psycopg.Error as exc:
            raise StoreError(
                f"cannot connect to the bridge store {self.path}: {self._clean(exc)}; "
                "check that the server runs and the URL, user and password are right",
                path=self.path,
            ) from None
        pool: ConnectionPool[Any] = ConnectionPool(
            self._url, min_size=1, max_size=self._max, open=False,
            kwargs={"autocommit": True}, name="multiassist-bridge",
        )
        pool.open(wait=False)
        return pool

    def _after_fork(self) -> None:
        if self._pid == os.getpid():
            return
        self._pid = os.getpid()
        self._lock = threading.Lock()
        if self._pool is not None:
            self._inherited.append(self._pool)  # the parent's sockets: never touch them
            self._pool = self._open_pool()

    # --- schema ----------------------------------------------------------------------------

    def _migrate(self) -> None:
        with self._connection() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (APPLICATION_ID,))
            conn.execute(
                "CREATE TABLE IF NOT EXISTS multiassist_schema ("
                " application_id INTEGER PRIMARY KEY, version INTEGER NOT NULL)")
            row = conn.execute("SELECT version FROM multiassist_schema "
                               "WHERE application_id = %s", (APPLICATION_ID,)).fetchone()
            version = 0 if row is None else int(row[0])
            if version > self.SCHEMA_VERSION:
                raise StoreError(
                    f"the bridge store {self.path} was created by a newer multiassist "
                    f"(schema version {version}; this version knows up to "
                    f"{self.SCHEMA_VERSION}); upgrade multiassist to use it", path=self.path)
            taken = conn.execute("SELECT to_regclass('documents') IS NOT NULL").fetchone()
            if version == 0 and taken is not None and taken[0]:
                raise StoreError(
                    f"{self.path} has a table named documents that multiassist did not "
                    "make; choose another database or schema (options=-csearch_path=...)",
                    path=self.path)
            for migration in self.MIGRATIONS[version:]:
                migration(conn)
            conn.execute(
                "INSERT INTO multiassist_schema (application_id, version) VALUES (%s, %s) "
                "ON CONFLICT (application_id) DO UPDATE SET version = excluded.version",
                (APPLICATION_ID, self.SCHEMA_VERSION))

    def schema_version(self) -> int:
        """The schema version recorded in the database."""
        with self._connection() as conn:
            row = conn.execute("SELECT version FROM multiassist_schema "
                               "WHERE application_id = %s", (APPLICATION_ID,)).fetchone()
        return 0 if row is None else int(row[0])
