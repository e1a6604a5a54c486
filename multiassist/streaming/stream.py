# Generated from multiassist/_async/streaming/stream.py by scripts/generate_sync.py:
# edit that file and run `python -m scripts.generate_sync`; `make test` fails on drift.
"""The object a streamed run hands you: :class:`AssistantEventHandler` (openai-python's name),
whose ``on_*`` hooks you may override, and :class:`AssistantStream`, the handler a stream gets
when you pass none.

Both iterate typed events as they arrive, keep the current run and the snapshots of the
messages and run steps the run creates, and are context managers that release the
connection::

    runs = client.beta.threads.runs
    with runs.stream(thread.id, assistant_id=assistant.id) as stream:
        for text in stream.text_deltas:
            print(text, end="", flush=True)
    run = stream.get_final_run()

    class Printer(AssistantEventHandler):
        def on_text_delta(self, delta, snapshot):
            print(delta.value, end="", flush=True)

    with client.beta.threads.runs.stream(thread.id, assistant_id=a.id,
                                         event_handler=Printer()) as stream:
        stream.until_done()

Errors raised while reading (after ``on_exception`` was called with them; the stream is then
closed): :class:`~multiassist.errors.StreamError` for an ``error`` event,
:class:`~multiassist.errors.StreamInterruptedError` when the stream ends early or the
connection breaks (``on_timeout`` first when it timed out),
:class:`~multiassist.errors.ResponseDecodeError` when the server did not stream.  An exception
raised by a hook reaches the caller the same way.
"""

from __future__ import annotations

from types import TracebackType
from typing import (
    Any,
    Callable,
    Generator,
    Iterator,
    List,
    Optional,
    Type,
    TypeVar,
    Union,
)

from multiassist.errors import (
    APIConnectionError,
    APITimeoutError,
    InvalidRequestError,
    ResponseDecodeError,
    StreamInterruptedError,
)
from multiassist.http.messages import StreamBody
from multiassist.http.transport import open_body
from multiassist.models import (
    RUN_STOPPED_STATUSES,
    ImageFile,
    ImageFileContentBlock,
    Message,
    MessageDeltaFields,
    Run,
    RunStep,
    RunStepDeltaFields,
    Text,
    TextContentBlock,
    TextContentBlockDelta,
    TextDelta,
    ToolCall,
    ToolCallDelta,
    ToolCallsStepDetails,
    ToolCallsStepDetailsDelta,
)
from multiassist.streaming.events import (
    AssistantStreamEvent,
    RunEvent,
    RunStepEvent,
    ThreadMessageCompleted,
    ThreadMessageCreated,
    ThreadMessageDelta,
    ThreadMessageIncomplete,
    ThreadRunStepCreated,
    ThreadRunStepDelta,
    ThreadRunStepInProgress,
)
from multiassist.streaming.reader import StreamReader

__all__ = [
    "AssistantEventHandler",
    "AssistantStream",
    "EventHandlerT",
    "check_event_stream",
]


def check_event_stream(body: StreamBody) -> None:
    """Refuse (and close) a body that is not ``text/event-stream``: the server did not
    stream.  Raises :class:`~multiassist.errors.ResponseDecodeError` quoting the body."""
    content_type = body.headers.get("content-type", "")
    if content_type and not content_type.lower().startswith("text/event-stream"):
        received = []
        try:
            for chunk in body.chunks:
                received.append(chunk)
        except APIConnectionError:
            received = []
        body.close()
        raise ResponseDecodeError(
            f"expected a text/event-stream answer to a streamed request, got "
            f"{content_type!r}: the server did not stream",
            body=b"".join(received).decode("utf-8", "replace")[:2000],
        )

#: Hooks that receive a snapshot as of their event: overriding one makes the handler fold
#: each delta as it arrives (otherwise deltas are folded only when a snapshot is asked for).
_SNAPSHOT_HOOKS = ("on_message_delta", "on_text_created", "on_text_delta", "on_text_done",
                   "on_image_file_done", "on_run_step_delta", "on_tool_call_created",
                   "on_tool_call_delta", "on_tool_call_done")


class _TextDeltas:
    """``stream.text_deltas``: iterate it (openai-python) or call it (earlier multiassist)."""

    __slots__ = ("_handler",)

    def __init__(self, handler: AssistantEventHandler) -> None:
        self._handler = handler

    def __iter__(self) -> Iterator[str]:
        for event in self._handler:
            if type(event) is ThreadMessageDelta:
                for part in event.data.delta.content or ():
                    if (type(part) is TextContentBlockDelta and part.text is not None
                            and part.text.value):
                        yield part.text.value

    def __call__(self) -> Iterator[str]:
        return self.__iter__()


class AssistantEventHandler:
    """Reads one streamed run and calls its ``on_*`` hooks; subclass it and override the
    hooks you need (each does nothing here).

    Pass an instance as ``event_handler=`` to ``runs.stream``,
    ``runs.submit_tool_outputs_stream`` or ``threads.create_and_run_stream``; the call returns
    that same instance, bound to the stream (``with ... as stream`` gives it back).  One
    instance serves one stream: passing it again raises
    :class:`~multiassist.errors.InvalidRequestError` before anything is sent.

    Iterating it yields the events (``done`` ends the iteration and is not yielded);
    :meth:`until_done` reads to the end; ``text_deltas`` iterates just the text.
    """

    def __init__(self) -> None:
        self._reader: Optional[StreamReader] = None
        self._body: Optional[StreamBody] = None
        self._failure: Optional[BaseException] = None
        self._current_event: Optional[AssistantStreamEvent] = None
        self._message_id: Optional[str] = None
        self._step_id: Optional[str] = None
        self._content_index: Optional[int] = None
        self._content: Any = None
        self._tool_call_index: Optional[int] = None
        self._tool_call: Optional[ToolCall] = None
        self._eager = any(
            getattr(type(self), name) is not getattr(AssistantEventHandler, name)
            for name in _SNAPSHOT_HOOKS)
        self._iterator: Generator[AssistantStreamEvent, None] = self._iterate()

    # -- binding ---------------------------------------------------------------------------
    def check_unbound(self) -> None:
        """Raise :class:`~multiassist.errors.InvalidRequestError` if this handler already
        reads a stream (called before a stream's request is sent)."""
        if self._body is not None:
            raise InvalidRequestError(
                f"this {type(self).__name__} already reads a stream; one event handler serves "
                "one stream: pass a new instance (e.g. event_handler=MyHandler())"
            )

    def bind(
        self,
        body: Union[StreamBody, Any],
        *,
        normalize: Optional[Callable[[Any], Any]] = None,
        request_id: Optional[str] = None,
    ) -> None:
        """Start reading ``body`` (a :class:`~multiassist.http.messages.StreamBody`, or a
        ``requests.Response`` opened with ``stream=True``); the resources do this for you."""
        self.check_unbound()
        if not isinstance(body, StreamBody):
            body = open_body(body)
        self._body = body
        self._reader = StreamReader(normalize=normalize, request_id=request_id,
                                    status_code=body.status_code, headers=dict(body.headers))

    @property
    def body(self) -> Optional[StreamBody]:
        """The body the events are read from (None before the stream starts)."""
        return self._body

    @property
    def response(self) -> Any:
        """The HTTP response the events are read from (None on a bridge backend)."""
        return None if self._body is None else self._body.http_response

    @property
    def request_id(self) -> Optional[str]:
        """The stream's request id, when the service sent one."""
        return None if self._reader is None else self._reader.request_id

    # -- iteration -------------------------------------------------------------------------
    def __iter__(self) -> Iterator[AssistantStreamEvent]:
        return self._iterator

    def __next__(self) -> AssistantStreamEvent:
        return self._iterator.__next__()

    def events(self) -> Iterator[AssistantStreamEvent]:
        """The events still to come (the same iterator as ``iter(stream)``)."""
        return self._iterator

    @property
    def text_deltas(self) -> _TextDeltas:
        """The text of each message delta as it arrives: ``for text in stream.text_deltas``
        (``stream.text_deltas()`` works too)."""
        return _TextDeltas(self)

    def until_done(self) -> AssistantEventHandler:
        """Read every remaining event; return this handler.

        Raises what iterating raises; when the stream already failed, or was closed before
        it finished, raises that error (or :class:`StreamInterruptedError`) again.
        """
        for _ in self._iterator:
            pass
        reader = self._need_reader()
        if not reader.finished:
            if self._failure is not None:
                raise self._failure
            raise reader.interrupted("the stream was closed before it finished")
        return self

    # -- state -----------------------------------------------------------------------------
    @property
    def current_event(self) -> Optional[AssistantStreamEvent]:
        """The event whose hooks are running (None between events)."""
        return self._current_event

    @property
    def current_run(self) -> Optional[Run]:
        """The run as of the latest run event read (``None`` before the first)."""
        return None if self._reader is None else self._reader.run

    @property
    def current_message_snapshot(self) -> Optional[Message]:
        """The message being written, with every delta so far applied."""
        if self._reader is None or self._message_id is None:
            return None
        snapshot = self._reader.messages.get(self._message_id)
        return None if snapshot is None else snapshot.current()

    @property
    def current_run_step_snapshot(self) -> Optional[RunStep]:
        """The run step in progress, with every delta so far applied."""
        if self._reader is None or self._step_id is None:
            return None
        snapshot = self._reader.steps.get(self._step_id)
        return None if snapshot is None else snapshot.current()

    def get_final_run(self) -> Run:
        """Read the stream to its end and return the run as the last run event showed it:
        completed, failed, requires_action..."""
        self.until_done()
        run = self._need_reader().run
        if run is None:
            raise StreamInterruptedError.because(
                "the stream finished without any run event", None)
        return run

    def get_final_messages(self) -> List[Message]:
        """Read the stream to its end and return the messages it created, in order, with
        all deltas applied (the server's final snapshot where one arrived)."""
        self.until_done()
        return [s.current() for s in self._need_reader().messages.values()]

    def get_final_run_steps(self) -> List[RunStep]:
        """Read the stream to its end and return its run steps, in order, with all deltas
        applied (the server's final snapshot where one arrived)."""
        self.until_done()
        return [s.current() for s in self._need_reader().steps.values()]

    # -- lifetime --------------------------------------------------------------------------
    def close(self) -> None:
        """Stop reading and release the connection (dropped if the body was not read to its
        end).  Safe to call more than once."""
        self._iterator.close()
        if self._body is not None:
            self._body.close()

    def __enter__(self: EventHandlerT) -> EventHandlerT:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()

    # -- hooks: override the ones you need -------------------------------------------------
    def on_event(self, event: AssistantStreamEvent) -> None:
        """Every event, before the more specific hooks."""

    def on_run_step_created(self, run_step: RunStep) -> None:
        """A run step was created."""

    def on_run_step_delta(self, delta: RunStepDeltaFields, snapshot: RunStep) -> None:
        """A run step changed; ``snapshot`` is the step with the delta applied."""

    def on_run_step_done(self, run_step: RunStep) -> None:
        """A run step completed, failed, was cancelled or expired."""

    def on_tool_call_created(self, tool_call: ToolCall) -> None:
        """A tool call began (as of its first delta)."""

    def on_tool_call_delta(self, delta: ToolCallDelta, snapshot: ToolCall) -> None:
        """A tool call grew (function arguments, code input, outputs)."""

    def on_tool_call_done(self, tool_call: ToolCall) -> None:
        """A tool call is complete (the next one began, its step ended, or the run stopped)."""

    def on_message_created(self, message: Message) -> None:
        """A message was created."""

    def on_message_delta(self, delta: MessageDeltaFields, snapshot: Message) -> None:
        """A message grew; ``snapshot`` is the message with the delta applied."""

    def on_message_done(self, message: Message) -> None:
        """A message is complete (or incomplete, and will not grow)."""

    def on_text_created(self, text: Text) -> None:
        """A text content block began."""

    def on_text_delta(self, delta: TextDelta, snapshot: Text) -> None:
        """Text arrived; ``snapshot`` is the block's text so far."""

    def on_text_done(self, text: Text) -> None:
        """A text content block is complete."""

    def on_image_file_done(self, image_file: ImageFile) -> None:
        """An image file content block is complete."""

    def on_exception(self, exception: Exception) -> None:
        """Reading failed with ``exception`` (raised to the caller after this)."""

    def on_timeout(self) -> None:
        """The connection timed out while reading (``on_exception`` follows)."""

    def on_end(self) -> None:
        """The stream ended: read to its end, failed, or closed."""

    # -- internals -------------------------------------------------------------------------
    def _need_reader(self) -> StreamReader:
        if self._reader is None:
            raise InvalidRequestError(
                "this event handler has no stream yet: pass it as event_handler= to a "
                "streaming call (runs.stream, runs.submit_tool_outputs_stream, "
                "threads.create_and_run_stream)"
            )
        return self._reader

    def _iterate(self) -> Generator[AssistantStreamEvent, None]:
        reader = self._need_reader()
        body = self._body
        assert body is not None
        dispatch = self._dispatch
        try:
            try:
                for chunk in body.chunks:
                    for event in reader.feed(chunk):
                        dispatch(event)
                        yield event
                    if reader.finished:
                        try:
                            for _ in body.chunks:  # nothing should follow done; read on
                                pass
                        except APIConnectionError:
                            pass  # the run is finished; the connection is dropped, not reused
                        return
                reader.end()
            except APIConnectionError as exc:
                if isinstance(exc, APITimeoutError):
                    self.on_timeout()
                raise reader.interrupted(str(exc)) from exc
        except Exception as exc:
            self._failure = exc
            self.on_exception(exc)
            raise
        finally:
            body.close()  # after done the body was read to its end: the connection is reused
            self.on_end()

    def _dispatch(self, event: AssistantStreamEvent) -> None:
        """Call the hooks for ``event``, in openai-python's order: ``on_event`` with the state
        as it was before the event, then the event folded in, then the specific hooks."""
        self._current_event = event
        self.on_event(event)
        reader = self._reader
        assert reader is not None
        reader.apply(event)
        if isinstance(event, RunEvent):
            if event.data.status in RUN_STOPPED_STATUSES and self._tool_call is not None:
                self.on_tool_call_done(self._tool_call)
        elif isinstance(event, ThreadMessageCreated):
            self._message_id = event.data.id
            self.on_message_created(event.data)
        elif isinstance(event, ThreadMessageDelta):
            self._message_delta(event, reader)
        elif isinstance(event, (ThreadMessageCompleted, ThreadMessageIncomplete)):
            self._message_id = event.data.id
            index = self._content_index
            if index is not None and index < len(event.data.content):
                self._content_done(event.data.content[index])
            self._content_index = None
            self._content = None
            self.on_message_done(event.data)
        elif isinstance(event, ThreadRunStepCreated):
            self._step_id = event.data.id
            self.on_run_step_created(event.data)
        elif isinstance(event, ThreadRunStepInProgress):
            self._step_id = event.data.id
        elif isinstance(event, ThreadRunStepDelta):
            self._step_delta(event, reader)
        elif isinstance(event, RunStepEvent):  # completed, failed, cancelled, expired
            if self._tool_call is not None:
                self.on_tool_call_done(self._tool_call)
            self.on_run_step_done(event.data)
            self._step_id = None
        self._current_event = None

    def _message_delta(self, event: ThreadMessageDelta, reader: StreamReader) -> None:
        self._message_id = event.data.id
        if not self._eager:
            return
        parts = event.data.delta.content or ()
        held = reader.messages.get(event.data.id)
        if held is None:
            return
        snapshot: Message = held.current()
        for part in parts:
            index = part.index
            if index is None or not 0 <= index < len(snapshot.content):
                continue
            block = snapshot.content[index]
            new_block = index != self._content_index
            if new_block and isinstance(block, TextContentBlock):
                self.on_text_created(block.text)
            if (isinstance(part, TextContentBlockDelta) and part.text is not None
                    and isinstance(block, TextContentBlock)):
                self.on_text_delta(part.text, block.text)
            if new_block:  # the block before this one is complete
                if self._content is not None:
                    self._content_done(self._content)
                self._content_index = index
            self._content = block
        self.on_message_delta(event.data.delta, snapshot)

    def _content_done(self, content: Any) -> None:
        if isinstance(content, TextContentBlock):
            self.on_text_done(content.text)
        elif isinstance(content, ImageFileContentBlock):
            self.on_image_file_done(content.image_file)

    def _step_delta(self, event: ThreadRunStepDelta, reader: StreamReader) -> None:
        if not self._eager:
            return
        details = event.data.delta.step_details
        calls = details.tool_calls if isinstance(details, ToolCallsStepDetailsDelta) else None
        held = reader.steps.get(event.data.id)
        if held is None:
            return
        snapshot: RunStep = held.current()
        step_details = snapshot.step_details
        known = step_details.tool_calls if isinstance(step_details, ToolCallsStepDetails) else []
        for call in calls or ():
            index = call.index
            if index is None or not 0 <= index < len(known):
                continue
            if index == self._tool_call_index:
                self.on_tool_call_delta(call, known[index])
            else:
                if self._tool_call is not None:
                    self.on_tool_call_done(self._tool_call)
                self._tool_call_index = index
                self._tool_call = known[index]
                self.on_tool_call_created(known[index])
            self._tool_call = known[index]
        self.on_run_step_delta(event.data.delta, snapshot)


EventHandlerT = TypeVar("EventHandlerT", bound=AssistantEventHandler)


class AssistantStream(AssistantEventHandler):
    """The events of one streamed run, as the streaming calls return them when given no
    ``event_handler`` (see :class:`AssistantEventHandler` for everything it offers).

    Args:
        body: the open body (from the transport, or from a bridge backend), or a
            ``requests.Response`` opened with ``stream=True``.
        normalize: applied to the JSON of full objects (runs, messages...) before
            decoding; the backend's ``normalize_response`` (Azure deployment names).
        request_id: the response's request id, quoted by
            :class:`~multiassist.errors.StreamError`.
    """

    def __init__(
        self,
        body: Union[StreamBody, Any],
        *,
        normalize: Optional[Callable[[Any], Any]] = None,
        request_id: Optional[str] = None,
    ) -> None:
        super().__init__()
        self.bind(body, normalize=normalize, request_id=request_id)
