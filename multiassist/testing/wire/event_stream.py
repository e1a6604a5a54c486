"""Writing ``text/event-stream`` answers: SSE framing, the streamed body, and its cuts.

Framing (one SSE event)::

    event: <name>\\n
    data: <json>\\n
    \\n

An Assistants stream ends with ``event: done`` / ``data: [DONE]``; a Responses stream has
no such event. Bodies are computed at once and written one event per HTTP chunk.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List

CONTENT_TYPE = "text/event-stream; charset=utf-8"
DONE_DATA = "[DONE]"
STREAM_ERROR_MESSAGE = "The server had an error while processing your request. Sorry about that!"


@dataclass
class EventStream:
    """A ``text/event-stream`` body: framed events, written one HTTP chunk each.

    ``complete`` false means the connection is dropped after the last chunk, without the
    chunked body's terminator (a truncated stream).
    """

    chunks: List[bytes]
    complete: bool = True


def frame(event: str, data: str) -> bytes:
    """One SSE event: ``event: <name>\\ndata: <data>\\n\\n`` (data is a single line)."""
    return f"event: {event}\ndata: {data}\n\n".encode()


def done_frame() -> bytes:
    """The event that ends a complete stream."""
    return frame("done", DONE_DATA)


def error_data(code: str, message: str, error_type: str = "server_error") -> Dict[str, Any]:
    """Data of an ``error`` event.

    The spec's ``ErrorEvent`` makes ``data`` an ``Error`` (``type``, ``message``,
    ``param``, ``code``); openai-python only raises when ``data`` has an ``error`` key.
    The emulator sends both shapes in one object so either kind of client sees the error.
    """
    error: Dict[str, Any] = {"type": error_type, "message": message, "param": None, "code": code}
    return {**error, "error": dict(error)}


def truncated(chunks: List[bytes], after_events: int) -> EventStream:
    """The first ``after_events`` events of a run's stream, then a dropped connection.

    The cut never reaches the run's last event (terminal or ``requires_action``) nor
    ``done``, so a client always sees a stream that ended before the run stopped.
    """
    return EventStream(chunks[: min(after_events, max(0, len(chunks) - 2))], complete=False)
