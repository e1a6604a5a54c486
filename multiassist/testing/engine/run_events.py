"""What a run reports while it moves: the event sink its transitions emit into, and the
``thread.message.delta`` / ``thread.run.step.delta`` objects of a streamed turn.

``RunEngine`` reports every transition to an ``EventSink``. Polled runs pass the
inactive ``NO_EVENTS`` sink (nothing is recorded); streamed runs pass a fresh active one
whose events the runs handlers frame and send. Each event's data is serialised when it is
emitted, so it is a snapshot of the object at that moment.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Dict, List, Optional, Tuple

from multiassist.testing.engine.script_text import json_pieces


class EventSink:
    """Collects ``(event name, JSON text)`` pairs; an inactive sink drops everything.

    ``include_file_search_content`` mirrors the ``include[]`` query parameter of the
    request that opened the stream (run step snapshots then carry result contents);
    ``render`` (if given) turns each event's data into what the request's wire shows.
    """

    def __init__(
        self,
        *,
        active: bool = True,
        include_file_search_content: bool = False,
        render: Optional[Callable[[Any], Any]] = None,
    ) -> None:
        self.active = active
        self.include_file_search_content = include_file_search_content
        self.render = render
        self.events: List[Tuple[str, str]] = []

    def emit(self, event: str, data: Any) -> None:
        """Record ``event`` with a JSON snapshot of ``data`` (no-op when inactive)."""
        if self.active:
            shown = self.render(data) if self.render is not None else data
            self.events.append((event, json.dumps(shown)))


NO_EVENTS = EventSink(active=False)


def message_delta(message_id: str, piece: str) -> Dict[str, Any]:
    """A ``thread.message.delta`` object adding ``piece`` to text content part 0."""
    part = {"index": 0, "type": "text", "text": {"value": piece, "annotations": []}}
    return {"id": message_id, "object": "thread.message.delta", "delta": {"content": [part]}}


def _call_delta_bodies(index: int, call: Dict[str, Any]) -> List[Dict[str, Any]]:
    kind = call["type"]
    head: Dict[str, Any] = {"index": index, "id": call["id"], "type": kind}
    pieces: List[Dict[str, Any]] = []
    if kind == "function":
        fn = call["function"]
        head["function"] = {"name": fn["name"], "arguments": "", "output": None}
        pieces = [{"function": {"arguments": p}} for p in json_pieces(fn["arguments"])]
    elif kind == "code_interpreter":
        code = call["code_interpreter"]
        head["code_interpreter"] = {"input": "", "outputs": []}
        pieces = [{"code_interpreter": {"input": p}} for p in json_pieces(code["input"])]
        logs = [{"index": i, **out} for i, out in enumerate(code["outputs"])]
        pieces.append({"code_interpreter": {"outputs": logs}})
    else:
        head["file_search"] = {}
    return [head] + [{"index": index, "type": kind, **piece} for piece in pieces]


def tool_call_deltas(step_id: str, calls: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """``thread.run.step.delta`` objects streaming a step's tool calls.

    Per call (``index`` = its position): a first delta with ``id``, ``type`` and empty
    ``arguments`` / ``input`` (file_search: ``{}``), then the function arguments or the
    code input in ``json_pieces``, then (code_interpreter) the outputs with their
    ``index``. Concatenating a call's ``arguments`` pieces gives its arguments.
    """
    deltas = []
    for index, call in enumerate(calls):
        for body in _call_delta_bodies(index, call):
            delta = {"step_details": {"type": "tool_calls", "tool_calls": [body]}}
            deltas.append({"id": step_id, "object": "thread.run.step.delta", "delta": delta})
    return deltas
