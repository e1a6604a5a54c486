"""What an emulated response does: its statuses and its model turn (what it calls, replies
and spends), reported as Responses stream events, with the output items it adds.

A response is stored as a ``Record`` of the ``"response"`` table (``store: false`` ones are
never stored) whose ``extra`` holds ``base`` (the items the model sees before the request's
input: the conversation's items or the ``previous_response_id`` chain), ``input_items``,
``include``, ``script`` and ``first_turn``. The model's turn follows the grammar of
``scripted_model`` (``multiassist.testing.responses`` says how it maps onto responses) and
reports each step to a ``ResponseEvents`` sink (inactive for polled and plain requests).

Background responses (``background: true``) start ``queued`` and finish by themselves, as
the service's do: ``tick`` (called by the emulator's clock thread, and when a test moves the
clock) moves one ``in_progress`` half way through ``seconds_to_complete`` on the emulator's
clock and takes its turn when that time is up. Polling hurries them: each retrieve calls
``advance``, the first moves it ``in_progress`` and retrieve number ``steps_to_complete``
takes the turn. Everything else takes its turn at once. Call everything with
``Store.lock`` held.
"""

from __future__ import annotations

import copy
from collections import deque
from dataclasses import replace
from typing import Any, Deque, Dict, FrozenSet, List, Optional, Sequence

from multiassist.testing.engine.script_text import count_tokens, truncate_words
from multiassist.testing.engine.scripted_model import (
    RunScript,
    ScriptedModel,
    Transcript,
    parse_markers,
)
from multiassist.testing.object_store import JSONDict, Record, Store
from multiassist.testing.responses.items import TOOL_ITEM_TYPES, item_words_text, transcript_message
from multiassist.testing.responses.output import (
    builtin_call,
    function_call,
    reply_message,
    tool_lines,
)
from multiassist.testing.responses.response_events import (
    NO_EVENTS,
    TERMINAL_EVENTS,
    ResponseEvents,
    event_stream,
    view,
)
from multiassist.testing.wire.event_stream import STREAM_ERROR_MESSAGE, EventStream
from multiassist.testing.wire.problems import bad_request

__all__ = [
    "ACTIVE",
    "NO_EVENTS",
    "RESPONSE_STATUSES",
    "TERMINAL_EVENTS",
    "ResponseEngine",
    "ResponseEvents",
    "after_last_user",
    "transcript_of",
    "usage",
    "view",
]

ACTIVE: FrozenSet[str] = frozenset({"queued", "in_progress"})
#: Scripted statuses a response can take (``expired`` has no meaning for responses).
RESPONSE_STATUSES = ("completed", "failed", "cancelled", "incomplete")


def usage(input_tokens: int, output_tokens: int) -> JSONDict:
    """A Responses ``usage`` block (word counts; no cached or reasoning tokens)."""
    return {
        "input_tokens": input_tokens,
        "input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
        "output_tokens": output_tokens,
        "output_tokens_details": {"reasoning_tokens": 0},
        "total_tokens": input_tokens + output_tokens,
    }


def after_last_user(items: Sequence[JSONDict]) -> List[JSONDict]:
    """The items after the newest user message (all of them when there is none)."""
    for index in range(len(items) - 1, -1, -1):
        item = items[index]
        if item.get("type") == "message" and item.get("role") == "user":
            return list(items[index + 1 :])
    return list(items)


def _model_tool(tool: JSONDict) -> JSONDict:
    if tool["type"] == "function":
        return {
            "type": "function",
            "function": {"name": tool["name"], "parameters": tool.get("parameters")},
        }
    return {"type": tool["type"]}


def _allowed(tool: JSONDict, allowed: Sequence[Any]) -> bool:
    for entry in allowed:
        if not isinstance(entry, dict) or entry.get("type") != tool["type"]:
            continue
        if tool["type"] != "function" or entry.get("name") == tool["name"]:
            return True
    return False


def transcript_of(resp: JSONDict, items: Sequence[JSONDict]) -> Transcript:
    """What the scripted model sees of a response: its tools and tool choice in the
    Assistants shapes ``scripted_model`` reads, and the message items as messages."""
    tools: List[JSONDict] = list(resp.get("tools") or [])
    choice: Any = resp.get("tool_choice") or "auto"
    if isinstance(choice, dict) and choice.get("type") == "allowed_tools":
        tools = [t for t in tools if _allowed(t, choice.get("tools") or [])]
        choice = choice.get("mode") or "auto"
    elif isinstance(choice, dict) and choice.get("type") == "function":
        choice = {"type": "function", "function": {"name": choice.get("name")}}
    return Transcript(
        instructions=str(resp.get("instructions") or ""),
        tools=[_model_tool(t) for t in tools],
        messages=[transcript_message(i) for i in items if i.get("type") == "message"],
        tool_choice=choice,
        parallel_tool_calls=resp.get("parallel_tool_calls") is not False,
    )


def _first_turn_only(script: RunScript) -> RunScript:
    """A marker script stripped of what only acts on a tool round's first response."""
    return RunScript(
        status="incomplete" if script.status == "incomplete" else None,
        long_reply=script.long_reply,
    )


class ResponseEngine:
    """Drives responses stored in ``store`` with ``model``; holds the scripted outcomes."""

    def __init__(
        self,
        store: Store,
        model: ScriptedModel,
        steps_to_complete: int,
        seconds_to_complete: Optional[float] = None,
    ) -> None:
        if steps_to_complete < 1:
            raise ValueError("response_steps_to_complete must be >= 1")
        if seconds_to_complete is not None and not seconds_to_complete > 0:
            raise ValueError("response_seconds_to_complete must be > 0 (or None)")
        self.store = store
        self.model = model
        self.steps_to_complete = steps_to_complete
        #: Emulator-clock seconds a background response takes by itself (None: only polls).
        self.seconds_to_complete = seconds_to_complete
        self.scripts: Deque[RunScript] = deque()
        self._running: Dict[str, Record] = {}

    # ------------------------------------------------------------------ creation

    def prepare(self, rec: Record) -> None:
        """Decide whether the response opens a tool round (``first_turn``) and attach its
        script: the next ``script_response`` entry over the markers of the user text."""
        items = rec.extra["base"] + rec.extra["input_items"]
        first = not any(i.get("type") in TOOL_ITEM_TYPES for i in after_last_user(items))
        rec.extra["first_turn"] = first
        transcript = transcript_of(rec.obj, items)
        markers = parse_markers(transcript.last_user_text())[1]
        if markers.status == "expired":
            markers = replace(markers, status=None)
        if not first:
            markers = _first_turn_only(markers)
        queued = self.scripts.popleft() if self.scripts else RunScript()
        rec.extra["script"] = queued.over(markers)
        rec.extra["polls"] = 0
        if rec.obj.get("background") and self.seconds_to_complete is not None:
            rec.extra["due"] = self.store.clock() + self.seconds_to_complete
            self._running[rec.id] = rec

    def open(self, rec: Record, events: ResponseEvents) -> None:
        """Report ``response.created`` (and ``response.queued`` for a background one)."""
        events.response("response.created", rec)
        if rec.obj["status"] == "queued":
            events.response("response.queued", rec)

    # ------------------------------------------------------------------ transitions

    def advance(self, rec: Record) -> None:
        """Move a background response one step forward (called on each retrieve)."""
        if rec.obj["status"] not in ACTIVE:
            return
        rec.extra["polls"] = int(rec.extra.get("polls", 0)) + 1
        rec.obj["status"] = "in_progress"
        if rec.extra["polls"] >= self.steps_to_complete:
            self._turn(rec, NO_EVENTS)

    def tick(self) -> None:
        """Move background responses along the emulator's clock (nobody need poll them)."""
        if self.seconds_to_complete is None:
            return
        now = self.store.clock()
        for response_id, rec in list(self._running.items()):
            if rec.obj["status"] not in ACTIVE:
                del self._running[response_id]
            elif now >= rec.extra["due"]:
                del self._running[response_id]
                rec.obj["status"] = "in_progress"
                self._turn(rec, NO_EVENTS)
            elif now >= rec.extra["due"] - self.seconds_to_complete / 2:
                rec.obj["status"] = "in_progress"

    def settle(self, rec: Record, events: ResponseEvents = NO_EVENTS) -> None:
        """Take the turn now (the response ends in a terminal status)."""
        rec.obj["status"] = "in_progress"
        events.response("response.in_progress", rec)
        self._turn(rec, events)

    def stream(self, rec: Record, events: ResponseEvents) -> EventStream:
        """Settle the response (already announced into ``events``) as an SSE body,
        applying the script's stream faults."""
        script: RunScript = rec.extra["script"]
        if script.stream_error:
            rec.obj["status"] = "in_progress"
            events.response("response.in_progress", rec)
            self._fail(rec, "server_error", STREAM_ERROR_MESSAGE, NO_EVENTS)
            events.emit("error", code="server_error", message=STREAM_ERROR_MESSAGE, param=None)
        else:
            self.settle(rec, events)
        return event_stream(events, script.stream_truncate_after)

    def cancel(self, rec: Record) -> None:
        """Cancel a background response (a finished one stays as it is)."""
        if not rec.obj.get("background"):
            raise bad_request("Cannot cancel a synchronous response.")
        if rec.obj["status"] in ACTIVE:
            self._end(rec, "cancelled", NO_EVENTS)

    # ------------------------------------------------------------------ the model's turn

    def _turn(self, rec: Record, events: ResponseEvents) -> None:
        resp = rec.obj
        items: List[JSONDict] = rec.extra["base"] + rec.extra["input_items"]
        items = items[int(rec.extra.get("dropped", 0)):]  # truncation "auto"
        rec.extra["seen"] = items
        transcript = transcript_of(resp, items)
        tail = after_last_user(items)
        first = bool(rec.extra["first_turn"])
        script: RunScript = rec.extra["script"]
        if first:
            if script.failing and script.fail_code == "invalid_prompt":
                self._fail(rec, *script.error(), events)
                return
            if script.status == "cancelled" and resp.get("background") and not events.active:
                self._end(rec, "cancelled", events)
                return
            for call in self.model.builtin_calls(transcript):
                builtin_call(self.store, rec, call, transcript, events)
            if script.failing:
                self._fail(rec, *script.error(), events)
                return
        elif script.failing:  # a queued outcome acts on any response, not only the first
            self._fail(rec, *script.error(), events)
            return
        elif script.status == "cancelled" and resp.get("background") and not events.active:
            self._end(rec, "cancelled", events)
            return
        called = [str(i.get("name")) for i in tail if i.get("type") == "function_call"]
        calls = self.model.function_calls(transcript, called, first)
        if calls:
            for function in calls:
                function_call(rec, function, events)
            self._end(rec, "completed", events)
            return
        self._reply(rec, transcript, tail, script, events)

    def _reply(
        self,
        rec: Record,
        transcript: Transcript,
        tail: Sequence[JSONDict],
        script: RunScript,
        events: ResponseEvents,
    ) -> None:
        resp = rec.obj
        lines = tool_lines(list(tail) + list(resp["output"]))
        text = self.model.reply(transcript, lines, script)
        words = count_tokens(text)
        limit: Optional[int] = resp.get("max_output_tokens")
        cut: Optional[int] = None
        if limit is not None and words > limit:
            cut = int(limit)
        elif script.status == "incomplete":
            cut = max(1, words // 2)
        final = text if cut is None else truncate_words(text, cut)
        reply_message(rec, final, cut is not None, events)
        if cut is None:
            self._end(rec, "completed", events)
        else:
            resp["incomplete_details"] = {"reason": "max_output_tokens"}
            self._end(rec, "incomplete", events)

    # ------------------------------------------------------------------ endings

    def _fail(self, rec: Record, code: str, message: str, events: ResponseEvents) -> None:
        rec.obj["error"] = {"code": code, "message": message}
        self._end(rec, "failed", events)

    def _end(self, rec: Record, status: str, events: ResponseEvents) -> None:
        resp = rec.obj
        resp["status"] = status
        if status == "completed":
            resp["completed_at"] = self.store.now()
        if status in ("completed", "incomplete"):
            seen: List[JSONDict] = rec.extra.get("seen") or []
            prompt = [str(resp.get("instructions") or "")] + [item_words_text(i) for i in seen]
            spent = sum(count_tokens(item_words_text(i)) for i in resp["output"])
            resp["usage"] = usage(count_tokens("\n".join(prompt)), spent)
            self._append_to_conversation(rec)
        if status in TERMINAL_EVENTS:
            events.response(TERMINAL_EVENTS[status], rec)

    def _append_to_conversation(self, rec: Record) -> None:
        conversation: Optional[str] = rec.extra.get("conversation")
        if conversation is None or self.store.table("conversation").get(conversation) is None:
            return
        table = self.store.table("conv_item", conversation)
        for item in list(rec.extra["input_items"]) + list(rec.obj["output"]):
            if table.get(str(item["id"])) is None:
                table.add(copy.deepcopy(item))
