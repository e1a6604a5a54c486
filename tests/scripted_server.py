"""A tiny scripted HTTP server on 127.0.0.1 for behaviour the emulator is not meant to
produce (arbitrary statuses, redirects, unknown run statuses, slow answers)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional, Tuple

#: A canned assistant object, the answer most scripted tests need.
ASSISTANT = {"id": "asst_1", "object": "assistant", "created_at": 1, "model": "gpt-4o",
             "name": None, "description": None, "instructions": None, "tools": [],
             "metadata": {}}

Reply = Tuple[int, Dict[str, str], Any, float]
"""(status, headers, body bytes or a callable of the requests seen so far, delay seconds)."""


class Scripted:
    """Answers each request with the next scripted reply and records what arrived."""

    def __init__(self) -> None:
        self.replies: List[Reply] = []
        self.seen: List[Dict[str, Any]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                outer.seen.append({"at": time.monotonic(),
                                   "method": self.command, "path": self.path,
                                   "headers": dict(self.headers),
                                   "body": self.rfile.read(length)})
                status, headers, body, delay = outer.replies.pop(0)
                if callable(body):
                    body = json.dumps(body(outer.seen)).encode()
                if delay:
                    time.sleep(delay)
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("content-length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (a timeout test): nothing to answer

            do_GET = do_POST = do_DELETE = _answer

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()

    def reply(self, status: int, body: Any = None, headers: Optional[Dict[str, str]] = None,
              delay: float = 0.0) -> None:
        raw = body if isinstance(body, bytes) or callable(body) else json.dumps(body or {}).encode()
        self.replies.append((status, {"content-type": "application/json", **(headers or {})},
                             raw, delay))

    def sent_json(self, index: int) -> Any:
        """The JSON body of the ``index``-th request received."""
        return json.loads(self.seen[index]["body"] or b"null")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
