"""A throwaway PostgreSQL server for the tests: started from the machine's server binaries in
a temporary directory, listening on a free port of 127.0.0.1, stopped and removed at the end.

PostgreSQL refuses to run as root, so a root test run starts it as the ``postgres`` user
(``runuser``). Where no server binaries (or no psycopg) exist, :func:`start` returns the
reason instead of a server, and the tests that need one skip with it.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from typing import List, Optional, Tuple, Union

__all__ = ["PostgresServer", "start"]


def _binaries() -> Optional[str]:
    """The directory of ``initdb``/``pg_ctl``/``postgres``: ``$PG_BINDIR``, else the newest
    Debian-style installation, else the one on PATH."""
    candidates = [os.environ.get("PG_BINDIR", "")]
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                         key=lambda p: [int(x) for x in p.split("/")[-2].split(".")
                                        if x.isdigit()], reverse=True)
    found = shutil.which("pg_ctl")
    if found:
        candidates.append(os.path.dirname(found))
    for directory in candidates:
        if directory and all(os.access(os.path.join(directory, name), os.X_OK)
                             for name in ("initdb", "pg_ctl", "postgres")):
            return directory
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PostgresServer:
    """A running server; :meth:`database` makes a fresh database and returns its URL."""

    def __init__(self, bindir: str, as_user: List[str], directory: str, port: int,
                 version: str) -> None:
        self.bindir, self.as_user, self.directory = bindir, as_user, directory
        self.port, self.version = port, version

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_user, *args], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, timeout=120)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://test@127.0.0.1:{self.port}/{database}"

    def database(self) -> str:
        """A new, empty database; its URL."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:16]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run(os.path.join(self.bindir, "pg_ctl"), "stop", "-D",
                      os.path.join(self.directory, "data"), "-m", "immediate", "-w")
        finally:
            shutil.rmtree(self.directory, ignore_errors=True)


def start() -> Union[PostgresServer, str]:
    """A started server, or why none could be started."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed (pip install 'multiassist[postgres]')"
    bindir = _binaries()
    if bindir is None:
        return "no PostgreSQL server binaries (initdb, pg_ctl, postgres) on this machine"
    as_user: List[str] = []
    owner: Optional[Tuple[int, int]] = None
    if os.name == "posix" and os.geteuid() == 0:
        import pwd

        try:
            entry = pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no postgres user to run the server as"
        runuser = shutil.which("runuser")
        if runuser is None:
            return "running as root and runuser is missing (the server refuses root)"
        as_user = [runuser, "-u", "postgres", "--"]
        owner = (entry.pw_uid, entry.pw_gid)
    directory = tempfile.mkdtemp(prefix="multiassist-pg-")
    try:
        if owner is not None:
            os.chown(directory, *owner)
        os.chmod(directory, 0o700)
        data = os.path.join(directory, "data")
        port = _free_port()
        subprocess.run([*as_user, os.path.join(bindir, "initdb"), "-D", data, "-U", "test",
                        "--auth=trust", "-E", "UTF8", "--no-sync"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       timeout=120)
        options = (f"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        subprocess.run([*as_user, os.path.join(bindir, "pg_ctl"), "start", "-D", data, "-w",
                        "-t", "60", "-l", os.path.join(directory, "log"), "-o", options],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       timeout=120)
        version = subprocess.run([os.path.join(bindir, "postgres"), "--version"],
                                 capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError) as exc:
        shutil.rmtree(directory, ignore_errors=True)
        detail = getattr(exc, "stderr", b"") or b""
        if isinstance(detail, bytes):
            detail = detail.decode(errors="replace")
        return f"the PostgreSQL server did not start: {exc} {detail.strip()[:300]}"
    server = PostgresServer(bindir, as_user, directory, port, version)
    deadline = time.monotonic() + 30
    while True:
        try:
            import psycopg

            psycopg.connect(server.url(), connect_timeout=2).close()
            return server
        except Exception as exc:
            if time.monotonic() > deadline:
                server.stop()
                return f"the PostgreSQL server did not accept connections: {exc}"
            time.sleep(0.1)
