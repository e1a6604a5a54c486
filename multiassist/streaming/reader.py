"""Reading an Assistants event stream without I/O: bytes in, typed events out, with the run
and the message and run step snapshots they build."""

from __future__ import annotations

import json
import logging
from json.scanner import make_scanner
from typing import (
    Any,
    Callable,
    Dict,
    Iterator,
    Optional,
    cast,
)

from multiassist.converter import structure
from multiassist.errors import (
    APIConnectionError,
    ResponseDecodeError,
    StreamError,
    StreamInterruptedError,
)
from multiassist.http.messages import StreamBody
from multiassist.models import (
    RUN_STOPPED_STATUSES,
    Run,
)
from multiassist.streaming.events import (
    EVENTS,
    AssistantStreamEvent,
    DoneEvent,
    ErrorEvent,
    MessageEvent,
    RunEvent,
    RunStepEvent,
    ThreadMessageDelta,
    ThreadRunStepDelta,
    UnknownStreamEvent,
)
from multiassist.streaming.snapshots import (
    Snapshot,
    compact_message_delta,
    compact_step_delta,
    fold_message,
    fold_step,
    remember,
)
from multiassist.streaming.sse import SSEDecoder

__all__ = ["StreamReader", "check_event_stream"]

log = logging.getLogger("multiassist.streaming")



class StreamReader:
    """Turns the bytes of an Assistants event stream into typed events, with no I/O.

    :meth:`feed` takes the next chunk and yields the events it completed, each one applied
    (current run, message and run step snapshots) as it is yielded, so a consumer sees the
    state as of that event; :meth:`end` says the body ended.  ``done`` ends the stream: it is
    not yielded (as openai-python), :attr:`finished` becomes True and later bytes are ignored.
    A sync and an async stream share it.

    Raises from :meth:`feed` / :meth:`end`: :class:`StreamError` on an ``error`` event,
    :class:`StreamInterruptedError` for an event that does not decode or a body that ended
    before the run stopped.
    """

    def __init__(
        self,
        *,
        normalize: Optional[Callable[[Any], Any]] = None,
        request_id: Optional[str] = None,
        status_code: int = 200,
        headers: Optional[Dict[str, str]] = None,
    ) -> None:
        self.request_id = request_id
        self.run: Optional[Run] = None
        self.messages: Dict[str, Snapshot] = {}
        self.steps: Dict[str, Snapshot] = {}
        self.finished = False
        self._normalize = normalize
        self._status_code = status_code
        self._headers = headers or {}
        self._decoder = SSEDecoder()
        self._pending: Optional[AssistantStreamEvent] = None

    def feed(self, chunk: bytes) -> Iterator[AssistantStreamEvent]:
        """The events ``chunk`` completed, each applied (:meth:`apply`) once the consumer
        has had it and asks for the next -- so a consumer sees the state as it was before
        the event, and may :meth:`apply` it earlier itself (the hot loop: one dict lookup,
        one JSON scan and one converter call per event)."""
        if self.finished:
            return
        normalize = self._normalize
        event: AssistantStreamEvent
        for name, data, _, _ in self._decoder.feed(chunk):
            if self.finished:
                log.debug("ignoring %r event after done", name)
                continue
            entry = EVENTS.get(name)
            if entry is None:
                event = self._other_event(name, data)
                if isinstance(event, DoneEvent):
                    self.finished = True
                    continue
            else:
                make, model, normalized = entry
                try:
                    payload = _loads(data)
                    if normalized and normalize is not None:
                        payload = normalize(payload)
                    event = make(structure(payload, model))
                except (ValueError, ResponseDecodeError) as exc:
                    # The run exists (HTTP 200): say where to find it, not just the fault.
                    raise StreamInterruptedError.because(
                        f"the {name} event could not be decoded ({type(exc).__name__})",
                        self.run,
                    ) from exc
            self._pending = event
            yield event
            if self._pending is event:
                self.apply(event)

    def apply(self, event: AssistantStreamEvent) -> None:
        """Fold ``event`` into the run and the snapshots (once; :meth:`feed` does it when
        the consumer did not)."""
        self._pending = None
        if isinstance(event, ThreadMessageDelta):
            snapshot = self.messages.get(event.data.id)
            if snapshot is not None:
                snapshot.deltas.append(compact_message_delta(event.data.delta))
        elif isinstance(event, ThreadRunStepDelta):
            snapshot = self.steps.get(event.data.id)
            if snapshot is not None:
                snapshot.deltas.append(compact_step_delta(event.data.delta))
        elif isinstance(event, RunEvent):
            self.run = event.data
        elif isinstance(event, MessageEvent):
            remember(self.messages, event.data, fold_message)
        elif isinstance(event, RunStepEvent):
            remember(self.steps, event.data, fold_step)

    def end(self) -> None:
        """The body ended: fine after ``done`` or once the run stopped; otherwise raises
        :class:`StreamInterruptedError`."""
        if self.finished:
            return
        if self.run is None or self.run.status not in RUN_STOPPED_STATUSES:
            raise StreamInterruptedError.because(
                "the event stream ended before the run finished", self.run)
        self.finished = True

    def interrupted(self, reason: str) -> StreamInterruptedError:
        """The error for a stream that broke or was closed, quoting the run as last seen."""
        return StreamInterruptedError.because(reason, self.run)

    def _other_event(self, name: str, text: str) -> AssistantStreamEvent:
        """``done``, ``error`` (raised) or an event this library does not know."""
        if name == "done":
            return DoneEvent(text)
        try:
            data: Any = json.loads(text)
        except ValueError:
            data = text
        if name == "error":
            raise StreamError.from_event(
                ErrorEvent(data), run=self.run, status_code=self._status_code,
                headers=self._headers, request_id=self.request_id,
            )
        return UnknownStreamEvent(name, data)


def check_event_stream(body: StreamBody) -> None:
    """Refuse (and close) a body that is not ``text/event-stream``: the server did not
    stream.  Raises :class:`~multiassist.errors.ResponseDecodeError` quoting the body."""
    content_type = body.headers.get("content-type", "")
    if content_type and not content_type.lower().startswith("text/event-stream"):
        try:
            text = b"".join(body.chunks).decode("utf-8", "replace")[:2000]
        except APIConnectionError:
            text = ""
        body.close()
        raise ResponseDecodeError(
            f"expected a text/event-stream answer to a streamed request, got "
            f"{content_type!r}: the server did not stream",
            body=text,
        )


# The C scanner behind json.loads, called directly: json.loads spends as long again on
# argument checks and whitespace matching as on scanning a small event.
_scan_json = make_scanner(cast(Any, json.JSONDecoder()))  # stub types the arg oddly


def _loads(text: str) -> Any:
    """``json.loads(text)`` for one event's data, faster on the usual compact JSON."""
    try:
        value, end = _scan_json(text, 0)
    except StopIteration:  # leading whitespace or not JSON: json.loads decides
        return json.loads(text)
    if end != len(text):  # trailing whitespace or garbage: json.loads decides
        return json.loads(text)
    return value
