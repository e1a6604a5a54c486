"""Reading a streamed run: typed Assistants events off an open ``text/event-stream`` body, the
run they report and the messages and run steps their deltas build.

Entry points are the resources::

    with client.beta.threads.runs.stream(thread.id, assistant_id=assistant.id) as stream:
        for text in stream.text_deltas():
            print(text, end="", flush=True)
    run = stream.get_final_run()

Errors:

- :class:`StreamError` (an :class:`~multiassist.errors.APIError`, ``status_code`` 200): the
  server sent an ``error`` event; ``code``/``message``/``type``/``param`` come from it.
- :class:`StreamInterruptedError`: the stream ended (end of body or a broken connection)
  before ``done`` or a run event that ends the stream; the run may still be going on the
  server.
- :class:`~multiassist.errors.ResponseDecodeError`: an event's data did not decode.
"""

from __future__ import annotations

import json
import logging
from json.scanner import make_scanner
from types import TracebackType
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Dict,
    Generator,
    Iterator,
    List,
    Optional,
    Type,
    Union,
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
from multiassist.http.transport import open_body
from multiassist.models import Message, Run, RunStep, TextContentBlockDelta
from multiassist.streaming.events import (
    EVENTS,
    AssistantStreamEvent,
    DoneEvent,
    ErrorEvent,
    MessageEvent,
    RunEvent,
    RunStepEvent,
    ThreadCreated,
    ThreadEvent,
    ThreadMessageCompleted,
    ThreadMessageCreated,
    ThreadMessageDelta,
    ThreadMessageIncomplete,
    ThreadMessageInProgress,
    ThreadRunCancelled,
    ThreadRunCancelling,
    ThreadRunCompleted,
    ThreadRunCreated,
    ThreadRunExpired,
    ThreadRunFailed,
    ThreadRunIncomplete,
    ThreadRunInProgress,
    ThreadRunQueued,
    ThreadRunRequiresAction,
    ThreadRunStepCancelled,
    ThreadRunStepCompleted,
    ThreadRunStepCreated,
    ThreadRunStepDelta,
    ThreadRunStepExpired,
    ThreadRunStepFailed,
    ThreadRunStepInProgress,
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

if TYPE_CHECKING:
    import requests

__all__ = [
    "AssistantStream",
    "AssistantStreamEvent",
    "DoneEvent",
    "ErrorEvent",
    "MessageEvent",
    "RunEvent",
    "RunStepEvent",
    "StreamError",
    "StreamInterruptedError",
    "StreamReader",
    "ThreadCreated",
    "ThreadEvent",
    "ThreadMessageCompleted",
    "ThreadMessageCreated",
    "ThreadMessageDelta",
    "ThreadMessageInProgress",
    "ThreadMessageIncomplete",
    "ThreadRunCancelled",
    "ThreadRunCancelling",
    "ThreadRunCompleted",
    "ThreadRunCreated",
    "ThreadRunExpired",
    "ThreadRunFailed",
    "ThreadRunInProgress",
    "ThreadRunIncomplete",
    "ThreadRunQueued",
    "ThreadRunRequiresAction",
    "ThreadRunStepCancelled",
    "ThreadRunStepCompleted",
    "ThreadRunStepCreated",
    "ThreadRunStepDelta",
    "ThreadRunStepExpired",
    "ThreadRunStepFailed",
    "ThreadRunStepInProgress",
    "UnknownStreamEvent",
]

log = logging.getLogger("multiassist.streaming")

#: Run statuses after which the server ends the stream (stopped, or waiting for outputs).
_STOPPED_STATUSES = frozenset(
    {"requires_action", "completed", "incomplete", "failed", "cancelled", "expired"}
)


class StreamReader:
    """Turns the bytes of an Assistants event stream into typed events, with no I/O.

    :meth:`feed` takes the next chunk and returns the events it completed; :meth:`end` says
    the body ended.  Along the way it keeps the current run and folds message and run step
    deltas into snapshots.  After ``done``, :attr:`finished` is True and later bytes are
    ignored.  A sync and an async stream share it.

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

    def feed(self, chunk: bytes) -> List[AssistantStreamEvent]:
        """The events ``chunk`` completed (the hot loop: one dict lookup, one JSON scan and
        one converter call per event)."""
        if self.finished:
            return []
        events: List[AssistantStreamEvent] = []
        messages = self.messages
        steps = self.steps
        normalize = self._normalize
        event: AssistantStreamEvent
        for name, data, _, _ in self._decoder.feed(chunk):
            if self.finished:
                log.debug("ignoring %r event after done", name)
                continue
            entry = EVENTS.get(name)
            if entry is None:
                event = self._other_event(name, data)
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
            if isinstance(event, ThreadMessageDelta):
                snapshot = messages.get(event.data.id)
                if snapshot is not None:
                    snapshot.deltas.append(compact_message_delta(event.data.delta))
            elif isinstance(event, ThreadRunStepDelta):
                snapshot = steps.get(event.data.id)
                if snapshot is not None:
                    snapshot.deltas.append(compact_step_delta(event.data.delta))
            elif isinstance(event, RunEvent):
                self.run = event.data
            elif isinstance(event, MessageEvent):
                remember(messages, event.data, fold_message)
            elif isinstance(event, RunStepEvent):
                remember(steps, event.data, fold_step)
            elif isinstance(event, DoneEvent):
                self.finished = True
            events.append(event)
        return events

    def end(self) -> None:
        """The body ended: fine after ``done`` or once the run stopped; otherwise raises
        :class:`StreamInterruptedError`."""
        if self.finished:
            return
        if self.run is None or self.run.status not in _STOPPED_STATUSES:
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


class AssistantStream:
    """The events of one streamed run, read as they arrive.

    Iterate it (or :meth:`events`) to get typed events; use it as a context manager so the
    connection is closed even when you stop early.  While it is read, it keeps the current
    run and folds message and run step deltas into snapshots (:meth:`get_final_messages`,
    :meth:`get_final_run_steps`).

    After ``done`` the body is read to its end before ``DoneEvent`` is yielded, so the
    pooled connection is reused.  Closing a stream before then drops the connection (the
    server stops sending; the run itself goes on).

    Raises while iterating: :class:`StreamError` on an ``error`` event,
    :class:`StreamInterruptedError` when the stream ends early or the connection breaks,
    :class:`~multiassist.errors.ResponseDecodeError` when an event does not decode.

    Args:
        body: the open body (from the transport, or from a bridge backend), or a
            ``requests.Response`` opened with ``stream=True``.
        normalize: applied to the JSON of full objects (runs, messages...) before
            decoding; the backend's ``normalize_response`` (Azure deployment names).
        request_id: the response's request id, quoted by :class:`StreamError`.
    """

    def __init__(
        self,
        body: Union[StreamBody, requests.Response],
        *,
        normalize: Optional[Callable[[Any], Any]] = None,
        request_id: Optional[str] = None,
    ) -> None:
        if not isinstance(body, StreamBody):
            body = open_body(body)
        check_event_stream(body)
        self.body = body
        self.request_id = request_id
        self._reader = StreamReader(normalize=normalize, request_id=request_id,
                                    status_code=body.status_code, headers=dict(body.headers))
        self._failure: Optional[BaseException] = None
        self._iterator: Generator[AssistantStreamEvent, None, None] = self._iterate()

    @property
    def response(self) -> Any:
        """The HTTP response the events are read from (None on a bridge backend)."""
        return self.body.http_response

    # -- iteration ----------------------------------------------------------------------
    def __iter__(self) -> Iterator[AssistantStreamEvent]:
        return self._iterator

    def __next__(self) -> AssistantStreamEvent:
        return next(self._iterator)

    def events(self) -> Iterator[AssistantStreamEvent]:
        """The events still to come (the same iterator as ``iter(stream)``)."""
        return self._iterator

    def text_deltas(self) -> Iterator[str]:
        """Read the stream on, yielding the text of each message delta as it arrives."""
        for event in self._iterator:
            if type(event) is ThreadMessageDelta:
                for part in event.data.delta.content or ():
                    if (type(part) is TextContentBlockDelta and part.text is not None
                            and part.text.value):
                        yield part.text.value

    def until_done(self) -> AssistantStream:
        """Read every remaining event; return the stream.

        Raises what iterating raises; when the stream already failed or was closed
        before it finished, raises that error (or :class:`StreamInterruptedError`) again.
        """
        for _ in self._iterator:
            pass
        if not self._reader.finished:
            if self._failure is not None:
                raise self._failure
            raise self._reader.interrupted("the stream was closed before it finished")
        return self

    # -- results ------------------------------------------------------------------------
    @property
    def current_run(self) -> Optional[Run]:
        """The run as of the latest run event read (``None`` before the first)."""
        return self._reader.run

    def get_final_run(self) -> Run:
        """Read the stream to its end (:meth:`until_done`) and return the run as the last
        run event showed it: completed, failed, requires_action..."""
        self.until_done()
        run = self._reader.run
        if run is None:
            raise StreamInterruptedError.because(
                "the stream finished without any run event", None)
        return run

    def get_final_messages(self) -> List[Message]:
        """Read the stream to its end and return the messages it created, in order, with
        all deltas applied (the server's final snapshot where one arrived)."""
        self.until_done()
        return [snapshot.current() for snapshot in self._reader.messages.values()]

    def get_final_run_steps(self) -> List[RunStep]:
        """Read the stream to its end and return its run steps, in order, with all deltas
        applied (the server's final snapshot where one arrived)."""
        self.until_done()
        return [snapshot.current() for snapshot in self._reader.steps.values()]

    # -- lifetime -----------------------------------------------------------------------
    def close(self) -> None:
        """Stop reading and release the connection (dropped if the body was not read to
        its end).  Safe to call more than once."""
        self._iterator.close()
        self.body.close()

    def __enter__(self) -> AssistantStream:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()

    # -- internals ----------------------------------------------------------------------
    def _iterate(self) -> Generator[AssistantStreamEvent, None, None]:
        reader = self._reader
        body = self.body
        try:
            try:
                for chunk in body.chunks:
                    events = reader.feed(chunk)
                    if reader.finished:
                        for _ in body.chunks:  # nothing should follow done; read to the end
                            pass
                        body.close()  # body fully read: the connection is reused
                        yield from events
                        return
                    yield from events
            except APIConnectionError as exc:
                raise reader.interrupted(str(exc)) from exc
            reader.end()
        except (StreamError, StreamInterruptedError, ResponseDecodeError) as exc:
            self._failure = exc
            raise
        finally:
            body.close()


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
