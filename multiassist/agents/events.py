# Generated from multiassist/_async/agents/events.py by scripts/generate_sync.py:
# edit that file and run `python -m scripts.generate_sync`; `make test` fails on drift.
"""Streamed runs the way Microsoft's agents SDKs deliver them: :class:`AgentEventHandler`,
whose ``on_*`` hooks a program overrides, and :class:`AgentRunStream`, the context
manager ``runs.stream`` returns, iterating ``(event_type, event_data, hook_return)`` triples.

The events are read by multiassist's :class:`~multiassist.streaming.AssistantStream` (the
one SSE reader, with its decoding, snapshots and connection handling); this module only
maps each event onto the agents hooks:

==========================================  ============================================
event                                       hook
==========================================  ============================================
``thread.run.*``                            ``on_thread_run(ThreadRun)``
``thread.run.step.*`` (not delta)           ``on_run_step(RunStep)``
``thread.run.step.delta``                   ``on_run_step_delta(RunStepDeltaChunk)``
``thread.message.*`` (not delta)            ``on_thread_message(ThreadMessage)``
``thread.message.delta``                    ``on_message_delta(MessageDeltaChunk)``
``error``                                   ``on_error(data: str)``; the stream ends
``done``                                    ``on_done()``
anything else                               ``on_unhandled_event(event_type, data)``
==========================================  ============================================

When function calls are enabled (``enable_auto_function_calls`` or a toolset) and the run
asks for them, the stream answers them through the tool loop and goes on with the events of
the tool outputs' stream. A hook that raises ends the stream (its connection released) and
the exception reaches the caller.
"""

from __future__ import annotations

import json
from types import TracebackType
from typing import Any, Generator, Generic, Iterator, Optional, Tuple, Type, TypeVar

from multiassist.agents.views import wrap
from multiassist.concurrency import call_user
from multiassist.errors import StreamError, ToolCallError
from multiassist.streaming.events import (
    MessageEvent,
    RunEvent,
    RunStepEvent,
    ThreadMessageDelta,
    ThreadRunRequiresAction,
    ThreadRunStepDelta,
    UnknownStreamEvent,
)
from multiassist.streaming.stream import AssistantStream
from multiassist.tool_runner import ToolRunner

__all__ = ["AgentEventHandler", "AgentRunStream", "BaseAgentEventHandler"]

T = TypeVar("T")

#: One item of a stream: (event name, the event's data as a view, what the hook returned).
StreamItem = Tuple[str, Any, Optional[T]]


class AgentEventHandler(Generic[T]):
    """Subclass it and override the hooks you need; each hook's return value is the third
    element of the triple the stream yields (``AgentEventHandler[str]`` when they return
    strings). Pass an instance as ``event_handler=`` to ``runs.stream`` (beta:
    ``create_stream``)."""

    def __init__(self) -> None:
        self._stream: Optional[AgentRunStream[T]] = None

    def on_message_delta(self, delta: Any) -> Optional[T]:
        """A message grew; ``delta.text`` is the text it appends."""
        return None

    def on_thread_message(self, message: Any) -> Optional[T]:
        """A message was created, started, completed or ended incomplete."""
        return None

    def on_thread_run(self, run: Any) -> Optional[T]:
        """The run changed status."""
        return None

    def on_run_step(self, step: Any) -> Optional[T]:
        """A run step was created, started or ended."""
        return None

    def on_run_step_delta(self, delta: Any) -> Optional[T]:
        """A run step grew (tool call arguments, outputs)."""
        return None

    def on_error(self, data: str) -> Optional[T]:
        """The service sent an ``error`` event (``data`` is its JSON); the stream ends."""
        return None

    def on_done(self) -> Optional[T]:
        """The stream finished."""
        return None

    def on_unhandled_event(self, event_type: str, event_data: Any) -> Optional[T]:
        """An event no other hook takes."""
        return None

    def until_done(self) -> None:
        """Read the stream this handler is bound to until it ends."""
        if self._stream is None:
            raise RuntimeError("this event handler is not bound to a stream yet: pass it as "
                               "event_handler= to runs.stream")
        self._stream.until_done()

    def __iter__(self) -> Iterator[StreamItem[T]]:
        if self._stream is None:
            raise RuntimeError("this event handler is not bound to a stream yet")
        return self._stream.__iter__()


#: The SDKs' base name.
BaseAgentEventHandler = AgentEventHandler


class AgentRunStream(Generic[T]):
    """One streamed run: use it as a context manager and iterate it, or call
    :meth:`until_done`. Built by ``runs.stream`` (beta ``create_stream``)."""

    def __init__(self, stream: AssistantStream, handler: Optional[AgentEventHandler[T]],
                 *, runs: Any, functions: Any, max_rounds: int) -> None:
        self._stream = stream
        self.event_handler: AgentEventHandler[T] = (
            handler if handler is not None else AgentEventHandler())
        if self.event_handler._stream is not None:
            raise ValueError("this event handler already serves a stream: pass a new instance")
        self.event_handler._stream = self
        self._runs = runs
        self._functions = functions
        self._max_rounds = max_rounds
        self._items = self._read()

    def __iter__(self) -> Iterator[StreamItem[T]]:
        return self._items

    def __next__(self) -> StreamItem[T]:
        return self._items.__next__()

    def until_done(self) -> None:
        """Read every remaining event (calling the hooks)."""
        for _ in self._items:
            pass

    def close(self) -> None:
        """Stop reading and release the connection."""
        self._items.close()
        self._stream.close()

    def __enter__(self) -> AgentRunStream[T]:
        return self

    def __exit__(self, exc_type: Optional[Type[BaseException]],
                        exc: Optional[BaseException], tb: Optional[TracebackType]) -> None:
        self.close()

    def _read(self) -> Generator[StreamItem[T], None]:
        handler = self.event_handler
        rounds = 0
        try:
            while True:
                asked: Any = None
                try:
                    for event in self._stream:
                        if isinstance(event, ThreadRunRequiresAction) and self._functions:
                            asked = event.data
                        yield self._deliver(handler, event)
                except StreamError as exc:
                    data = exc.event.data if exc.event is not None else {"message": str(exc)}
                    text = data if isinstance(data, str) else json.dumps(data)
                    yield "error", data, call_user(handler.on_error, text)
                    return
                if asked is None:
                    break
                rounds += 1
                if rounds > self._max_rounds:
                    self._runs.cancel(asked.id, thread_id=asked.thread_id)
                    raise ToolCallError(
                        f"run {asked.id} still asked for tools after {self._max_rounds} "
                        "rounds; cancelled it (raise max_retry if this is expected)",
                        run=asked)
                runner = ToolRunner(self._runs, self._functions,
                                         max_rounds=self._max_rounds)
                self._stream = self._runs.submit_tool_outputs_stream(
                    asked.id, thread_id=asked.thread_id,
                    tool_outputs=runner.outputs_for(asked))
            yield "done", "[DONE]", call_user(handler.on_done)
        finally:
            self._stream.close()

    @staticmethod
    def _deliver(handler: AgentEventHandler[T], event: Any) -> StreamItem[T]:
        name = str(event.event)
        data = wrap(event.data)
        if isinstance(event, RunEvent):
            return name, data, call_user(handler.on_thread_run, data)
        if isinstance(event, ThreadRunStepDelta):
            return name, data, call_user(handler.on_run_step_delta, data)
        if isinstance(event, RunStepEvent):
            return name, data, call_user(handler.on_run_step, data)
        if isinstance(event, ThreadMessageDelta):
            return name, data, call_user(handler.on_message_delta, data)
        if isinstance(event, MessageEvent):
            return name, data, call_user(handler.on_thread_message, data)
        if isinstance(event, UnknownStreamEvent):
            return name, event.data, call_user(handler.on_unhandled_event, name,
                                                           event.data)
        return name, data, call_user(handler.on_unhandled_event, name, data)
