"""The Responses stream's events: ``ResponseEvents``, the sink a response's turn reports
each step to (numbered ``(type, JSON text)`` events, or nothing when inactive), the
lifecycle event each terminal status sends, ``view`` (the response as a request's
``include`` list shows it) and the SSE body built from the events."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Sequence, Tuple

from multiassist.testing.object_store import JSONDict, Record
from multiassist.testing.responses.items import render_item, render_items
from multiassist.testing.wire.event_stream import EventStream, frame

__all__ = ["NO_EVENTS", "TERMINAL_EVENTS", "ResponseEvents", "event_stream", "view"]

TERMINAL_EVENTS: Dict[str, str] = {
    "completed": "response.completed",
    "incomplete": "response.incomplete",
    "failed": "response.failed",
}


class ResponseEvents:
    """Collects Responses stream events (``(type, JSON text)``) with their
    ``sequence_number``; an inactive sink drops everything. ``include`` is the creating
    request's ``include`` list (what item snapshots show)."""

    def __init__(self, *, active: bool = True, include: Sequence[str] = ()) -> None:
        self.active = active
        self.include = list(include)
        self.events: List[Tuple[str, str]] = []

    def emit(self, kind: str, **fields: Any) -> None:
        """Record one event: ``{"type": kind, **fields, "sequence_number": n}``."""
        if self.active:
            data = {"type": kind, **fields, "sequence_number": len(self.events)}
            self.events.append((kind, json.dumps(data)))

    def response(self, kind: str, rec: Record) -> None:
        """A ``response.*`` lifecycle event carrying a snapshot of the response."""
        if self.active:
            self.emit(kind, response=view(rec, self.include))

    def item(self, kind: str, index: int, item: JSONDict) -> None:
        """``response.output_item.added`` / ``.done`` for output item ``index``."""
        if self.active:
            self.emit(kind, output_index=index, item=render_item(item, self.include))


NO_EVENTS = ResponseEvents(active=False)


def view(rec: Record, include: Sequence[str]) -> JSONDict:
    """The response as a request with this ``include`` list sees it (a copy)."""
    body = dict(rec.obj)
    body["output"] = render_items(rec.obj["output"], include)
    return body



def event_stream(events: ResponseEvents, truncate_after: Optional[int]) -> EventStream:
    """The SSE body of ``events``; ``truncate_after`` cuts it (never past the last event)
    and marks it incomplete."""
    chunks = [frame(kind, data) for kind, data in events.events]
    if truncate_after is not None:
        keep = min(truncate_after, max(0, len(chunks) - 1))
        return EventStream(chunks[:keep], complete=False)
    return EventStream(chunks)
