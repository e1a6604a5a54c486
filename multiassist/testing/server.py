"""The HTTP transport: a ThreadingHTTPServer that reads requests, records them and asks the router.

Speaks HTTP/1.1 with keep-alive, accepts ``Content-Length`` or chunked request bodies,
logs nothing, and can close every open connection on shutdown. Event streams go out with
``Transfer-Encoding: chunked``, one SSE event per chunk, flushed as written; a truncated
stream closes the connection without the terminating zero-size chunk. A client that goes
away mid-stream only ends that connection (write errors are swallowed). Every request is
answered through ``FaultInjector.respond`` (``faults``), which may delay the answer, cut
its body, or close the connection without one.
"""

from __future__ import annotations

import contextlib
import os
import socket
import struct
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, Set, Tuple

from multiassist.testing.faults import Answer, FaultInjector
from multiassist.testing.router import App
from multiassist.testing.wire.exchange import RawRequest, RawResponse

IDLE_TIMEOUT_SECONDS = 30.0


class EmulatorHTTPServer(ThreadingHTTPServer):
    """ThreadingHTTPServer that knows its router (``App``), a request recorder and its live
    sockets."""

    daemon_threads = True
    allow_reuse_address = True
    # socketserver's default backlog of 5 resets connections when many clients (threads)
    # connect at once; a real server queues them.
    request_queue_size = socket.SOMAXCONN

    def __init__(
        self,
        address: Tuple[str, int],
        app: App,
        record: Callable[[RawRequest], None],
        faults: FaultInjector,
    ) -> None:
        self.app = app
        self.record = record
        self.faults = faults
        self._live: Set[socket.socket] = set()
        self._live_lock = threading.Lock()
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay silent on broken connections (the default prints to stderr)."""

    def track(self, sock: socket.socket, alive: bool) -> None:
        """Remember (or forget) a connection so ``close_connections`` can end it."""
        with self._live_lock:
            if alive:
                self._live.add(sock)
            else:
                self._live.discard(sock)

    def close_connections(self) -> None:
        """Shut down every connection still open (idle keep-alive clients)."""
        with self._live_lock:
            live = list(self._live)
            self._live.clear()
        for sock in live:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "multiassist-emulator"
    sys_version = ""
    timeout = IDLE_TIMEOUT_SECONDS
    wbufsize = 1 << 16  # buffered: headers and body leave together on flush
    server: EmulatorHTTPServer

    def setup(self) -> None:
        super().setup()
        # Never let Nagle's algorithm hold back a small answer.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.track(self.connection, True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.track(self.connection, False)

    def log_message(self, format: str, *args: Any) -> None:
        """Log nothing."""

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size_line = self.rfile.readline(65537).split(b";", 1)[0].strip()
                size = int(size_line or b"0", 16)
                if size == 0:
                    while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                        pass
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline(65537)
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _handle(self) -> None:
        try:
            body = self._read_body()
        except (ValueError, OSError):
            self.close_connection = True
            return
        raw_path, _, raw_query = self.path.partition("?")
        headers: Dict[str, str] = {k.lower(): v for k, v in self.headers.items()}
        request = RawRequest(self.command, raw_path, raw_query, headers, body)
        self.server.record(request)
        answer = self.server.faults.respond(request, self.server.app.handle)
        if answer.delay:
            self.server.faults.wait(answer.delay)
        response = answer.response
        if response is None:
            self._drop(answer.reset)
            return
        if response.stream is not None:
            self._send_stream(response)
            return
        self._send(response, answer)

    def _send(self, response: RawResponse, answer: Answer) -> None:
        try:
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            for name, value in response.headers.items():
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(response.body[: answer.cut_body_at])
            self.wfile.flush()
        except OSError:  # the client gave up (e.g. a delayed answer after its timeout)
            self.close_connection = True
            return
        if answer.cut_body_at is not None:
            self._drop(False)

    def _drop(self, reset: bool) -> None:
        """End the connection without (the rest of) an answer: FIN, or RST with ``reset``."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            if not reset:
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            # Linger 0 makes close() abort the connection with an RST. The fd is closed
            # here and now: socket.close() would wait for rfile / wfile to be closed first.
            self.connection.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
            )
            os.close(self.connection.detach())

    def _send_stream(self, response: RawResponse) -> None:
        stream = response.stream
        assert stream is not None
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Transfer-Encoding", "chunked")
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        try:
            self.wfile.flush()
            for chunk in stream.chunks:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.flush()
            if stream.complete:
                self.wfile.write(b"0\r\n\r\n")
                self.wfile.flush()
            else:
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:  # the client went away (or the socket timed out)
            self.close_connection = True

    do_GET = _handle
    do_POST = _handle
    do_DELETE = _handle
    do_PUT = _handle
    do_PATCH = _handle
    do_HEAD = _handle
    do_OPTIONS = _handle
