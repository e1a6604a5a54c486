"""A minimal, fast loopback Assistants API server for the benchmark (stdlib only).

It answers canned JSON shaped like the OpenAI spec's objects, precomputed as bytes, so that
the server costs as little as possible and runs in its own process: the client's CPU time is
then measured alone. HTTP/1.1 keep-alive; JSON answers carry a Content-Length, streamed runs
are chunked with one HTTP chunk per SSE event (as the real API flushes them).

Routes (under ``/v1``):

- ``GET  /threads/{id}/messages``: a 20-message page; a thread id ``thread_many_<N>`` fakes
  an N-message thread, paged with ``limit`` and ``after`` cursors.
- ``GET  /threads/{id}/runs/{run_id}``: a completed run.
- ``POST /threads/{id}/messages``: the created message.
- ``POST /threads/{id}/runs`` with ``"stream": true``: a run's event stream; a thread id
  ``thread_events_<N>`` streams N ``thread.message.delta`` events between the usual
  lifecycle events, then ``thread.run.completed`` and ``done``.
- ``GET  /stats``: how many connections were accepted so far.

Run as a script: ``python loopback_server.py`` prints the port on its first stdout line and
serves until stdin closes.
"""

from __future__ import annotations

import json
import socket
import socketserver
import sys
import threading
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import parse_qsl, urlsplit

CREATED_AT = 1_718_000_000
ASSISTANT_ID = "asst_bench0000000000000000001"
RUN_ID = "run_bench000000000000000000001"
STREAM_MESSAGE_ID = "msg_stream00000000000000000001"
STEP_ID = "step_bench00000000000000000001"
LIST_PAGE_SIZE = 20

_SENTENCES = (
    "The quarterly report shows revenue up 12% year over year, driven by the new plans.",
    "Could you summarise the attached contract and flag any unusual termination clauses?",
    "Here is the breakdown by region: EMEA grew fastest, APAC stayed flat, NA grew 9%.",
    "Please draft a polite reply declining the meeting but proposing two other slots.",
)


def message(index: int, thread_id: str) -> Dict[str, Any]:
    """One message object as the API returns it (alternating user / assistant)."""
    assistant = index % 2 == 1
    text = " ".join(_SENTENCES[(index + k) % len(_SENTENCES)] for k in range(2))
    annotations: List[Dict[str, Any]] = []
    if assistant and index % 4 == 1:
        annotations.append({
            "type": "file_citation",
            "text": "【4:0†contract.pdf】",
            "start_index": 40,
            "end_index": 58,
            "file_citation": {"file_id": "file-bench00000000000000001"},
        })
    return {
        "id": f"msg_{index:024d}",
        "object": "thread.message",
        "created_at": CREATED_AT + index,
        "assistant_id": ASSISTANT_ID if assistant else None,
        "thread_id": thread_id,
        "run_id": RUN_ID if assistant else None,
        "role": "assistant" if assistant else "user",
        "content": [{"type": "text", "text": {"value": text, "annotations": annotations}}],
        "attachments": [] if assistant or index % 3 else [{
            "file_id": "file-bench00000000000000001",
            "tools": [{"type": "file_search"}],
        }],
        "metadata": {},
        "status": "completed",
        "incomplete_details": None,
        "completed_at": CREATED_AT + index if assistant else None,
        "incomplete_at": None,
    }


def run(thread_id: str, status: str = "completed") -> Dict[str, Any]:
    """A run object with the fields and tools a typical assistant has."""
    done = status == "completed"
    return {
        "id": RUN_ID,
        "object": "thread.run",
        "created_at": CREATED_AT,
        "assistant_id": ASSISTANT_ID,
        "thread_id": thread_id,
        "status": status,
        "started_at": CREATED_AT + 1 if status != "queued" else None,
        "expires_at": None if done else CREATED_AT + 600,
        "cancelled_at": None,
        "failed_at": None,
        "completed_at": CREATED_AT + 9 if done else None,
        "required_action": None,
        "last_error": None,
        "model": "gpt-4o-2024-08-06",
        "instructions": "You are a helpful analyst. Answer concisely and cite your sources.",
        "tools": [
            {"type": "code_interpreter"},
            {
                "type": "file_search",
                "file_search": {
                    "max_num_results": 20,
                    "ranking_options": {"ranker": "default_2024_08_21", "score_threshold": 0.0},
                },
            },
            {
                "type": "function",
                "function": {
                    "name": "get_weather",
                    "description": "Current weather for a city.",
                    "parameters": {
                        "type": "object",
                        "properties": {
                            "city": {"type": "string"},
                            "unit": {"type": "string", "enum": ["c", "f"]},
                        },
                        "required": ["city"],
                    },
                    "strict": False,
                },
            },
        ],
        "tool_resources": {},
        "metadata": {"user": "bench"},
        "incomplete_details": None,
        "usage": {"prompt_tokens": 1240, "completion_tokens": 385, "total_tokens": 1625}
        if done else None,
        "temperature": 1.0,
        "top_p": 1.0,
        "max_prompt_tokens": None,
        "max_completion_tokens": None,
        "truncation_strategy": {"type": "auto", "last_messages": None},
        "response_format": "auto",
        "tool_choice": "auto",
        "parallel_tool_calls": True,
    }


def run_step(thread_id: str, status: str) -> Dict[str, Any]:
    return {
        "id": STEP_ID,
        "object": "thread.run.step",
        "created_at": CREATED_AT + 2,
        "run_id": RUN_ID,
        "assistant_id": ASSISTANT_ID,
        "thread_id": thread_id,
        "type": "message_creation",
        "status": status,
        "cancelled_at": None,
        "completed_at": CREATED_AT + 8 if status == "completed" else None,
        "expires_at": CREATED_AT + 600,
        "failed_at": None,
        "last_error": None,
        "step_details": {
            "type": "message_creation",
            "message_creation": {"message_id": STREAM_MESSAGE_ID},
        },
        "usage": None,
    }


def stream_message(thread_id: str, status: str, text: str) -> Dict[str, Any]:
    return {
        "id": STREAM_MESSAGE_ID,
        "object": "thread.message",
        "created_at": CREATED_AT + 2,
        "assistant_id": ASSISTANT_ID,
        "thread_id": thread_id,
        "run_id": RUN_ID,
        "role": "assistant",
        "content": [{"type": "text", "text": {"value": text, "annotations": []}}] if text else [],
        "attachments": [],
        "metadata": {},
        "status": status,
        "incomplete_details": None,
        "completed_at": CREATED_AT + 8 if status == "completed" else None,
        "incomplete_at": None,
    }


def _dumps(obj: Any) -> str:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


def _chunk(payload: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(payload), payload)


def sse_stream_body(thread_id: str, deltas: int) -> Tuple[bytes, int]:
    """The chunked body of a streamed run and its number of events (``done`` included)."""
    words = ("Revenue", " grew", " 12%", " year", " over", " year,", " led", " by", " EMEA", ".")
    events: List[Tuple[str, str]] = [
        ("thread.run.created", _dumps(run(thread_id, "queued"))),
        ("thread.run.queued", _dumps(run(thread_id, "queued"))),
        ("thread.run.in_progress", _dumps(run(thread_id, "in_progress"))),
        ("thread.run.step.created", _dumps(run_step(thread_id, "in_progress"))),
        ("thread.run.step.in_progress", _dumps(run_step(thread_id, "in_progress"))),
        ("thread.message.created", _dumps(stream_message(thread_id, "in_progress", ""))),
        ("thread.message.in_progress", _dumps(stream_message(thread_id, "in_progress", ""))),
    ]
    pieces = []
    for n in range(deltas):
        word = words[n % len(words)]
        pieces.append(word)
        text: Dict[str, Any] = {"value": word}
        if n == 0:
            text["annotations"] = []
        events.append(("thread.message.delta", _dumps({
            "id": STREAM_MESSAGE_ID,
            "object": "thread.message.delta",
            "delta": {"content": [{"index": 0, "type": "text", "text": text}]},
        })))
    events += [
        ("thread.message.completed",
         _dumps(stream_message(thread_id, "completed", "".join(pieces)))),
        ("thread.run.step.completed", _dumps(run_step(thread_id, "completed"))),
        ("thread.run.completed", _dumps(run(thread_id, "completed"))),
        ("done", "[DONE]"),
    ]
    body = b"".join(
        _chunk(f"event: {name}\ndata: {data}\n\n".encode()) for name, data in events
    )
    return body + b"0\r\n\r\n", len(events)


def _json_response(obj: Any) -> bytes:
    body = _dumps(obj).encode()
    return (
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
        b"x-request-id: req_bench\r\ncontent-length: %d\r\n\r\n%s" % (len(body), body)
    )


def _error_response(status: int, message: str) -> bytes:
    body = _dumps({"error": {"message": message, "type": "invalid_request_error",
                             "code": None, "param": None}}).encode()
    return (
        b"HTTP/1.1 %d Error\r\ncontent-type: application/json\r\n"
        b"content-length: %d\r\n\r\n%s" % (status, len(body), body)
    )


_STREAM_HEAD = (
    b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream; charset=utf-8\r\n"
    b"cache-control: no-cache\r\nx-request-id: req_bench\r\ntransfer-encoding: chunked\r\n\r\n"
)


class Responses:
    """Precomputed answers, built on first use and kept."""

    def __init__(self) -> None:
        self._cache: Dict[Tuple[Any, ...], bytes] = {}
        self._lock = threading.Lock()
        self.connections = 0

    def _cached(self, key: Tuple[Any, ...], build: Any) -> bytes:
        answer = self._cache.get(key)
        if answer is None:
            answer = build()
            with self._lock:
                self._cache[key] = answer
        return answer

    def answer(self, method: str, target: str, body: bytes) -> bytes:
        parts = urlsplit(target)
        segments = parts.path.strip("/").split("/")
        if segments[:1] == ["v1"]:
            segments = segments[1:]
        query = dict(parse_qsl(parts.query))
        if segments == ["stats"]:
            return _json_response({"connections": self.connections})
        if len(segments) < 3 or segments[0] != "threads":
            return _error_response(404, f"no route for {method} {parts.path}")
        thread_id, kind = segments[1], segments[2]
        if kind == "messages" and len(segments) == 3:
            if method == "POST":
                return self._cached(("created", thread_id), lambda: _json_response(
                    {**message(0, thread_id), "content": [{"type": "text", "text": {
                        "value": json.loads(body).get("content", ""), "annotations": []}}]}))
            return self._list(thread_id, query)
        if kind == "runs" and len(segments) == 4 and method == "GET":
            return self._cached(("run", thread_id), lambda: _json_response(run(thread_id)))
        if kind == "runs" and len(segments) == 3 and method == "POST":
            if not json.loads(body or b"{}").get("stream"):
                return self._cached(("run-created", thread_id),
                                    lambda: _json_response(run(thread_id, "queued")))
            deltas = int(thread_id.rsplit("_", 1)[1]) if thread_id.startswith(
                "thread_events_") else 10
            return self._cached(("stream", thread_id),
                                lambda: _STREAM_HEAD + sse_stream_body(thread_id, deltas)[0])
        return _error_response(404, f"no route for {method} {parts.path}")

    def _list(self, thread_id: str, query: Dict[str, str]) -> bytes:
        if not thread_id.startswith("thread_many_"):
            return self._cached(("page", thread_id), lambda: _json_response(
                _page(thread_id, 0, LIST_PAGE_SIZE, LIST_PAGE_SIZE)))
        total = int(thread_id.rsplit("_", 1)[1])
        limit = int(query.get("limit", "20"))
        after = query.get("after")
        start = int(after[4:]) + 1 if after else 0
        return self._cached(("many", thread_id, start, limit), lambda: _json_response(
            _page(thread_id, start, limit, total)))


def _page(thread_id: str, start: int, limit: int, total: int) -> Dict[str, Any]:
    data = [message(i, thread_id) for i in range(start, min(start + limit, total))]
    return {
        "object": "list",
        "data": data,
        "first_id": data[0]["id"] if data else None,
        "last_id": data[-1]["id"] if data else None,
        "has_more": start + limit < total,
    }


class _Handler(socketserver.BaseRequestHandler):
    """One keep-alive connection: parse just enough HTTP/1.1 to route, answer precomputed
    bytes."""

    server: _Server

    def handle(self) -> None:
        sock: socket.socket = self.request
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        responses = self.server.responses
        with self.server.lock:
            responses.connections += 1
        reader = sock.makefile("rb", buffering=65536)
        try:
            while True:
                request_line = reader.readline(65536)
                if not request_line:
                    return
                method, target, _ = request_line.decode("latin-1").split(" ", 2)
                length = 0
                close = False
                while True:
                    line = reader.readline(65536)
                    if line in (b"\r\n", b"\n", b""):
                        break
                    name, _, value = line.partition(b":")
                    name = name.strip().lower()
                    if name == b"content-length":
                        length = int(value)
                    elif name == b"connection" and value.strip().lower() == b"close":
                        close = True
                body = reader.read(length) if length else b""
                sock.sendall(responses.answer(method, target, body))
                if close:
                    return
        except (ConnectionError, OSError):
            return
        finally:
            reader.close()


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.responses = Responses()
        self.lock = threading.Lock()


def serve(port_out: Optional[Any] = None) -> None:
    server = _Server()
    print(server.server_address[1], file=port_out or sys.stdout, flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()  # serve until the parent closes our stdin (or exits)
    server.shutdown()


if __name__ == "__main__":
    serve()
