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
    cast,
)

from multiassist.converter import structure
from multiassist.errors import ResponseDecodeError
from multiassist.models import Message, Run, RunStep, TextContentBlockDelta
from multiassist.streaming.errors import (
    StreamError,
    StreamInterruptedError,
    error_from_event,
    interrupted,
)
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
from multiassist.streaming.opening import READ_SIZE, open_stream, read_chunks
from multiassist.streaming.snapshots import Snapshot, compact_message_delta, fold_message, remember
from multiassist.streaming.sse import parse_sse
from multiassist.streaming.step_snapshots import compact_step_delta, fold_step

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
    "open_stream",
]

log = logging.getLogger("multiassist.streaming.stream")

#: Run statuses after which the server ends the stream (stopped, or waiting for outputs).
_STOPPED_STATUSES = frozenset(
    {"requires_action", "completed", "incomplete", "failed", "cancelled", "expired"}
)


# --- the stream -----------------------------------------------------------------------


class AssistantStream:
    """The events of one streamed run, read off an open ``text/event-stream`` response.

    Iterate it (or :meth:`events`) to get typed events as they arrive; use it as a context
    manager so the connection is closed even when you stop early.  While it is read, it
    keeps the current run and folds message and run step deltas into snapshots
    (:meth:`get_final_messages`, :meth:`get_final_run_steps`).

    After ``done`` the body is read to its end before ``DoneEvent`` is yielded, so the
    pooled connection is reused.  Closing a stream before then drops the connection (the
    server stops sending; the run itself goes on).

    Raises while iterating: :class:`StreamError` on an ``error`` event,
    :class:`StreamInterruptedError` when the stream ends early,
    :class:`~multiassist.errors.ResponseDecodeError` when an event does not decode.

    Args:
        response: a successful response opened with ``stream=True``.
        normalize: applied to the JSON of full objects (runs, messages...) before
            decoding; the backend's ``normalize_response`` (Azure deployment names).
        request_id: the response's request id, quoted by :class:`StreamError`.
    """

    def __init__(
        self,
        response: requests.Response,
        *,
        normalize: Optional[Callable[[Any], Any]] = None,
        request_id: Optional[str] = None,
    ) -> None:
        self.response = response
        self.request_id = request_id
        self._normalize = normalize
        self._run: Optional[Run] = None
        self._messages: Dict[str, Snapshot] = {}
        self._steps: Dict[str, Snapshot] = {}
        self._finished = False
        self._failure: Optional[BaseException] = None
        content_type = response.headers.get("content-type", "")
        if content_type and not content_type.lower().startswith("text/event-stream"):
            body = response.text[:2000]
            response.close()
            raise ResponseDecodeError(
                f"expected a text/event-stream answer to a streamed request, got "
                f"{content_type!r}: the server did not stream",
                body=body,
            )
        self._iterator: Generator[AssistantStreamEvent, None, None] = self._iterate()

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
        if not self._finished:
            if self._failure is not None:
                raise self._failure
            raise interrupted("the stream was closed before it finished", self._run)
        return self

    # -- results ------------------------------------------------------------------------
    @property
    def current_run(self) -> Optional[Run]:
        """The run as of the latest run event read (``None`` before the first)."""
        return self._run

    def get_final_run(self) -> Run:
        """Read the stream to its end (:meth:`until_done`) and return the run as the last
        run event showed it: completed, failed, requires_action..."""
        self.until_done()
        if self._run is None:
            raise interrupted("the stream finished without any run event", None)
        return self._run

    def get_final_messages(self) -> List[Message]:
        """Read the stream to its end and return the messages it created, in order, with
        all deltas applied (the server's final snapshot where one arrived)."""
        self.until_done()
        return [snapshot.current() for snapshot in self._messages.values()]

    def get_final_run_steps(self) -> List[RunStep]:
        """Read the stream to its end and return its run steps, in order, with all deltas
        applied (the server's final snapshot where one arrived)."""
        self.until_done()
        return [snapshot.current() for snapshot in self._steps.values()]

    # -- lifetime -----------------------------------------------------------------------
    def close(self) -> None:
        """Stop reading and release the connection (dropped if the body was not read to
        its end).  Safe to call more than once."""
        self._iterator.close()
        self.response.close()

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
        # The hot loop: one dict lookup, json.loads and one converter call per event.
        messages = self._messages
        steps = self._steps
        normalize = self._normalize
        loads = _loads
        event: AssistantStreamEvent
        try:
            sse_events = parse_sse(self._chunks())
            for name, data, _, _ in sse_events:
                entry = EVENTS.get(name)
                if entry is None:
                    event = self._other_event(name, data)
                else:
                    make, model, normalized = entry
                    try:
                        payload = loads(data)
                        if normalized and normalize is not None:
                            payload = normalize(payload)
                        event = make(structure(payload, model))
                    except (ValueError, ResponseDecodeError) as exc:
                        # The run exists (HTTP 200): say where to find it, not just the fault.
                        raise interrupted(
                            f"the {name} event could not be decoded ({type(exc).__name__})",
                            self._run,
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
                    self._run = event.data
                elif isinstance(event, MessageEvent):
                    remember(messages, event.data, fold_message)
                elif isinstance(event, RunStepEvent):
                    remember(steps, event.data, fold_step)
                elif isinstance(event, DoneEvent):
                    self._finished = True
                    for extra in sse_events:  # nothing should follow; read to the end
                        log.debug("ignoring %r event after done", extra[0])
                    self.response.close()  # body fully read: the connection is reused
                    yield event
                    return
                yield event
            # The body ended without done: fine only once the run stopped.
            if self._run is None or self._run.status not in _STOPPED_STATUSES:
                raise interrupted("the event stream ended before the run finished",
                                  self._run)
            self._finished = True
        except (StreamError, StreamInterruptedError, ResponseDecodeError) as exc:
            self._failure = exc
            raise
        finally:
            self.response.close()

    def _other_event(self, name: str, text: str) -> AssistantStreamEvent:
        """``done``, ``error`` (raised) or an event this library does not know."""
        if name == "done":
            return DoneEvent(text)
        try:
            data: Any = json.loads(text)
        except ValueError:
            data = text
        if name == "error":
            raise error_from_event(data, run=self._run, response=self.response,
                                   request_id=self.request_id)
        return UnknownStreamEvent(name, data)

    def _chunks(self) -> Iterator[bytes]:
        """The body as it arrives; a broken connection becomes StreamInterruptedError."""
        return read_chunks(self.response, lambda: self._run)


_READ_SIZE = READ_SIZE  # the old name

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
