"""The bridge store's database file: where it lives, how it is opened, and its schema.

The default location (:func:`default_store_path`), opening a file safely
(:func:`connect`: the SQLite version check, creating the file owner-only, refusing files of a
newer multiassist or of another program before anything is written, WAL mode, turning open
failures into :class:`~multiassist.errors.StoreError`), the schema versions and
their migrations (:func:`create_documents`, :func:`migrate`), and the write transaction
(:func:`transaction`) that migrations and the store's writes share.

Durability
    ``synchronous=NORMAL`` in WAL mode: a committed write survives the process crashing;
    the last few commits may be lost if the machine loses power.

Schema
    Versioned with ``PRAGMA user_version`` and marked as ours with ``PRAGMA
    application_id``. Opening an older file upgrades it in one transaction (see
    :attr:`~multiassist.bridge.store.BridgeStore.MIGRATIONS`); a file from a newer multiassist,
    an SQLite database of another program, or a file that is not a database at all raise
    :class:`~multiassist.errors.StoreError` and are left untouched.
"""

from __future__ import annotations

import logging
import ntpath
import os
import posixpath
import sqlite3
import stat
import sys
import time
from contextlib import contextmanager, suppress
from typing import Callable, Iterator, Mapping, Sequence, Tuple

from multiassist.errors import StoreError

__all__ = [
    "APPLICATION_ID",
    "BUSY_TIMEOUT_S",
    "FILE_NAME",
    "MEMORY",
    "MIN_SQLITE",
    "Migration",
    "check_identity",
    "connect",
    "create_documents",
    "index_parents",
    "make_private",
    "default_store_path",
    "enable_wal",
    "header",
    "migrate",
    "store_path_for",
    "transaction",
]

log = logging.getLogger("multiassist.bridge")

Migration = Callable[[sqlite3.Connection], None]

#: ``PRAGMA application_id`` of a bridge store ("MaBr"); tells our files from others.
APPLICATION_ID = 0x4D614272
BUSY_TIMEOUT_S = 10.0
FILE_NAME = "bridge.sqlite3"
MEMORY = ":memory:"
MIN_SQLITE = (3, 24, 0)  # INSERT ... ON CONFLICT DO UPDATE


# --- where the file lives ---------------------------------------------------------------------


def default_store_path() -> str:
    """The default database file, in the user's data directory.

    ``$XDG_DATA_HOME/multiassist/bridge.sqlite3`` (else ``~/.local/share/multiassist/...``)
    on Linux and other Unixes, ``%LOCALAPPDATA%\\multiassist\\bridge.sqlite3`` on Windows,
    ``~/Library/Application Support/multiassist/bridge.sqlite3`` on macOS.
    """
    return store_path_for(sys.platform, os.environ, os.path.expanduser("~"))


def store_path_for(platform: str, environ: Mapping[str, str], home: str) -> str:
    """:func:`default_store_path` on ``platform`` with ``environ`` and ``home``."""
    if platform == "win32":
        base = environ.get("LOCALAPPDATA") or ntpath.join(home, "AppData", "Local")
        return ntpath.join(base, "multiassist", FILE_NAME)
    if platform == "darwin":
        return posixpath.join(home, "Library", "Application Support", "multiassist", FILE_NAME)
    xdg = environ.get("XDG_DATA_HOME", "")
    # The XDG spec says a relative value is invalid and must be ignored.
    base = xdg if posixpath.isabs(xdg) else posixpath.join(home, ".local", "share")
    return posixpath.join(base, "multiassist", FILE_NAME)


# --- schema -----------------------------------------------------------------------------------


def create_documents(conn: sqlite3.Connection) -> None:
    """Version 1: one table of documents, unique by (kind, id), listed by created_at, seq."""
    conn.execute(
        "CREATE TABLE documents ("
        " seq INTEGER PRIMARY KEY AUTOINCREMENT,"  # first-stored order; kept on replace
        " kind TEXT NOT NULL,"
        " id TEXT NOT NULL,"
        " parent TEXT,"
        " created_at INTEGER NOT NULL,"
        " body TEXT NOT NULL,"  # the document as compact JSON
        " UNIQUE (kind, id))"
    )
    conn.execute("CREATE INDEX documents_by_kind ON documents (kind, created_at, seq)")
    conn.execute(
        "CREATE INDEX documents_by_parent ON documents (kind, parent, created_at, seq)"
    )


def index_parents(conn: sqlite3.Connection) -> None:
    """Version 2: an index on ``parent`` alone, so a record's whole tree (a thread's
    messages, runs and their steps) is found and deleted without scanning the table."""
    conn.execute("CREATE INDEX documents_parent ON documents (parent)")


# --- opening the file -------------------------------------------------------------------------


def connect(
    path: str, *, memory: bool, migrations: Sequence[Migration], schema_version: int
) -> sqlite3.Connection:
    """A connection to the store at ``path`` (``memory``: a private in-memory database),
    its file created if missing, checked to be ours and brought to ``schema_version``."""
    if sqlite3.sqlite_version_info < MIN_SQLITE:
        raise StoreError(
            f"the bridge store needs SQLite {'.'.join(map(str, MIN_SQLITE))} or newer; "
            f"this Python has {sqlite3.sqlite_version}",
            path=path,
        )
    if not memory:
        _prepare_file(path)
    try:
        conn = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_S, isolation_level=None,
            check_same_thread=False,
        )
    except sqlite3.Error as exc:
        raise _open_error(path, exc) from exc
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        check_identity(conn, path, schema_version)  # before anything writes to the file
        if not memory:
            enable_wal(conn)
            conn.execute("PRAGMA synchronous = NORMAL")
        # Deleted records are overwritten with zeros, not left in free pages.
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn, path, migrations, schema_version)
    except BaseException as exc:
        conn.close()
        if isinstance(exc, sqlite3.Error):
            raise _open_error(path, exc) from exc
        raise
    return conn


def _prepare_file(path: str) -> None:
    """Create the directory (owner-only) and the empty file (owner-only, with its WAL
    and shared-memory files following its permissions); tighten an existing file (and its
    WAL and shared-memory files) that others could read, or refuse it."""
    directory = os.path.dirname(path)
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"cannot create the directory of the bridge store {path}: "
            f"{exc.strerror or exc}",
            path=path,
        ) from exc
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    except OSError as exc:
        raise StoreError(
            f"cannot create the bridge store {path}: {exc.strerror or exc}",
            path=path,
        ) from exc
    for name in (path, path + "-wal", path + "-shm"):
        make_private(name, store=path)


def make_private(name: str, *, store: str) -> None:
    """Take group and other permissions off an existing file of the store ``store``.

    A file someone else owns, or whose mode cannot be changed, is refused with a
    :class:`StoreError` naming it and its mode. Nothing to do on Windows (no POSIX modes)
    or for a file that does not exist.
    """
    if os.name != "posix":
        return
    try:
        info = os.stat(name)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"cannot check the permissions of {name}: {exc.strerror or exc}",
                         path=store) from exc
    mode = stat.S_IMODE(info.st_mode)
    if not mode & 0o077:
        return
    if stat.S_ISDIR(info.st_mode):
        raise StoreError(f"cannot open the bridge store {store}: {name} is a directory",
                         path=store)
    try:
        if info.st_uid != os.geteuid():
            raise PermissionError(f"owned by uid {info.st_uid}, not by this user")
        os.chmod(name, mode & 0o700)
    except OSError as exc:
        raise StoreError(
            f"the bridge store file {name} has mode {mode:04o}, so other users can read it, "
            f"and it cannot be made private ({exc.strerror or exc}); run "
            f"`chmod 600 {name}` as its owner or choose another path",
            path=store,
        ) from exc
    log.warning("the bridge store file %s had mode %04o (readable by others); "
                "changed it to %04o", name, mode, mode & 0o700)


def _open_error(path: str, exc: sqlite3.Error) -> StoreError:
    reason = str(exc)
    if os.path.isdir(path):
        reason = "it is a directory"
    elif reason.startswith("file is not a database"):
        reason = "the file is not an SQLite database"
    elif os.path.exists(path) and not os.access(path, os.R_OK | os.W_OK):
        reason = f"permission denied ({exc})"
    return StoreError(f"cannot open the bridge store {path}: {reason}", path=path)


def check_identity(conn: sqlite3.Connection, path: str, schema_version: int) -> None:
    """Refuse files from a newer multiassist or from another program (read-only)."""
    version, app_id, has_objects = header(conn)
    if version > schema_version:
        raise StoreError(
            f"the bridge store {path} was created by a newer multiassist (schema "
            f"version {version}; this version knows up to {schema_version}); "
            "upgrade multiassist to use it",
            path=path,
        )
    if app_id != APPLICATION_ID and (app_id != 0 or version != 0 or has_objects):
        raise StoreError(
            f"{path} is an SQLite database of another program, not a multiassist "
            "bridge store; choose another path",
            path=path,
        )


def migrate(
    conn: sqlite3.Connection, path: str, migrations: Sequence[Migration], schema_version: int
) -> None:
    """Bring the file to ``schema_version`` in one transaction (another process may be
    doing the same: the version is read again once the write lock is held)."""
    if header(conn)[:2] == (schema_version, APPLICATION_ID):
        return
    with transaction(conn):
        check_identity(conn, path, schema_version)
        version = header(conn)[0]
        for migration in migrations[version:]:
            migration(conn)
        conn.execute(f"PRAGMA user_version = {int(schema_version)}")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def header(conn: sqlite3.Connection) -> Tuple[int, int, bool]:
    """(user_version, application_id, whether it holds any table or index), read in one
    statement so that all three come from the same snapshot even while another process
    is creating the file."""
    version, app_id, has_objects = conn.execute(
        "SELECT (SELECT user_version FROM pragma_user_version),"
        " (SELECT application_id FROM pragma_application_id),"
        " EXISTS (SELECT 1 FROM sqlite_master)"
    ).fetchone()
    return int(version), int(app_id), bool(has_objects)


def enable_wal(conn: sqlite3.Connection) -> None:
    """Switch the file to WAL mode (persistent: usually done once, by its creator).

    Switching needs an exclusive lock, and when several connections race to switch a new
    file SQLite may answer "database is locked" at once instead of waiting (it does not
    call the busy handler where waiting could deadlock), so this retries up to the busy
    timeout. WAL cannot be used on some network file systems; SQLite then keeps its
    rollback journal, which is slower but just as safe.
    """
    if conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
        return
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    delay = 0.001
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL").fetchone()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.05)


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """A write transaction taking the write lock up front (waits up to the busy timeout)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            with suppress(sqlite3.Error):  # the original error matters more
                conn.execute("ROLLBACK")
        raise
