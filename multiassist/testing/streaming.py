"""``stream: true`` answers: run the turn at once and send its events as server-sent events.

The whole turn runs while the request holds the store lock (so the run, its steps and
messages end in the same state as a polled run); the recorded events are then written
one HTTP chunk each. Scripted stream faults (``scripted_model``) are applied here:
``stream_error`` ends the stream with an ``error`` event and fails the run;
``stream_truncate_after=N`` drops the connection after N events.
"""

from __future__ import annotations

from typing import List

from multiassist.testing.context import Reply
from multiassist.testing.events import EventSink, EventStream, done_frame, error_data, frame
from multiassist.testing.run_engine import RunEngine
from multiassist.testing.store import Record

CONTENT_TYPE = "text/event-stream; charset=utf-8"
STREAM_ERROR_MESSAGE = "The server had an error while processing your request. Sorry about that!"


def stream_reply(engine: RunEngine, rec: Record, sink: EventSink) -> Reply:
    """Settle the run (already announced into ``sink``) and answer with its event stream."""
    stream_error, truncate_after = engine.take_stream_fault(rec)
    if stream_error:
        if rec.obj["status"] == "queued":
            engine.start(rec, sink)
        engine.fail(rec, "server_error", STREAM_ERROR_MESSAGE)  # not reported in the stream
        sink.emit("error", error_data("server_error", STREAM_ERROR_MESSAGE))
        chunks = [frame(name, data) for name, data in sink.events]
    else:
        engine.settle(rec, sink)
        chunks = [frame(name, data) for name, data in sink.events] + [done_frame()]
    stream = EventStream(chunks)
    if truncate_after is not None:
        stream = truncated(chunks, truncate_after)
    return Reply(stream=stream, content_type=CONTENT_TYPE, headers={"cache-control": "no-cache"})


def truncated(chunks: List[bytes], after_events: int) -> EventStream:
    """The first ``after_events`` events of a run's stream, then a dropped connection.

    The cut never reaches the run's last event (terminal or ``requires_action``) nor
    ``done``, so a client always sees a stream that ended before the run stopped.
    """
    return EventStream(chunks[: min(after_events, max(0, len(chunks) - 2))], complete=False)
