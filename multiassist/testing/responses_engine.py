"""What an emulated response does: its model turn, its statuses and its stream events.

A response is stored as a ``Record`` of the ``"response"`` table (``store: false`` ones are
never stored) whose ``extra`` holds ``base`` (the items the model sees before the request's
input: the conversation's items or the ``previous_response_id`` chain), ``input_items``,
``include``, ``script`` and ``first_turn``. The model's turn follows the grammar of
``scripted_model`` (see ``responses_app`` for how it maps onto responses) and reports each
step to a ``ResponseEvents`` sink (inactive for polled and plain requests).

Background responses (``background: true``) start ``queued``; each retrieve calls
``advance``: the first moves it ``in_progress`` and retrieve number ``steps_to_complete``
takes the turn. Everything else takes its turn at once. Call everything with
``Store.lock`` held.
"""

from __future__ import annotations

import copy
import json
from collections import deque
from dataclasses import replace
from typing import Any, Deque, Dict, FrozenSet, List, Optional, Sequence, Tuple

from .errors import bad_request
from .events import EventStream, frame, json_pieces, text_pieces, truncate_words
from .responses_items import (
    TOOL_ITEM_TYPES,
    content_text,
    item_words_text,
    message_item,
    new_call_id,
    new_id,
    output_text,
    render_item,
    render_items,
    transcript_message,
)
from .run_tools import file_search
from .scripted_args import count_tokens
from .scripted_model import (
    BuiltinCall,
    FunctionCall,
    RunScript,
    ScriptedModel,
    Transcript,
    parse_markers,
)
from .store import JSONDict, Record, Store
from .streaming import STREAM_ERROR_MESSAGE

ACTIVE: FrozenSet[str] = frozenset({"queued", "in_progress"})
TERMINAL_EVENTS: Dict[str, str] = {
    "completed": "response.completed",
    "incomplete": "response.incomplete",
    "failed": "response.failed",
}
#: Scripted statuses a response can take (``expired`` has no meaning for responses).
RESPONSE_STATUSES = ("completed", "failed", "cancelled", "incomplete")


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

    def __init__(self, store: Store, model: ScriptedModel, steps_to_complete: int) -> None:
        if steps_to_complete < 1:
            raise ValueError("response_steps_to_complete must be >= 1")
        self.store = store
        self.model = model
        self.steps_to_complete = steps_to_complete
        self.scripts: Deque[RunScript] = deque()

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
        chunks = [frame(kind, data) for kind, data in events.events]
        if script.stream_truncate_after is not None:
            keep = min(script.stream_truncate_after, max(0, len(chunks) - 1))
            return EventStream(chunks[:keep], complete=False)
        return EventStream(chunks)

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
                self._builtin(rec, call, transcript, events)
            if script.failing:
                self._fail(rec, *script.error(), events)
                return
        called = [str(i.get("name")) for i in tail if i.get("type") == "function_call"]
        calls = self.model.function_calls(transcript, called, first)
        if calls:
            for function in calls:
                self._function_call(rec, function, events)
            self._end(rec, "completed", events)
            return
        self._reply(rec, transcript, tail, script, events)

    def _add(self, rec: Record, item: JSONDict, events: ResponseEvents) -> int:
        rec.obj["output"].append(item)
        index = len(rec.obj["output"]) - 1
        events.item("response.output_item.added", index, item)
        return index

    def _container(self, rec: Record) -> str:
        for tool in rec.obj.get("tools") or []:
            if tool["type"] == "code_interpreter" and isinstance(tool.get("container"), str):
                return str(tool["container"])
        if "container" not in rec.extra:
            rec.extra["container"] = new_id("container")
        return str(rec.extra["container"])

    def _builtin(
        self, rec: Record, call: BuiltinCall, transcript: Transcript, events: ResponseEvents
    ) -> None:
        if call.kind == "code_interpreter":
            item: JSONDict = {
                "id": new_id("code_interpreter_call"),
                "type": "code_interpreter_call",
                "status": "in_progress",
                "container_id": self._container(rec),
                "code": "",
                "outputs": None,
            }
            index = self._add(rec, item, events)
            ids = {"output_index": index, "item_id": item["id"]}
            events.emit("response.code_interpreter_call.in_progress", **ids)
            for piece in json_pieces(call.code_input):
                events.emit("response.code_interpreter_call_code.delta", **ids, delta=piece)
            item["code"] = call.code_input
            events.emit("response.code_interpreter_call_code.done", **ids, code=call.code_input)
            item["status"] = "interpreting"
            events.emit("response.code_interpreter_call.interpreting", **ids)
            item.update(status="completed", outputs=[{"type": "logs", "logs": call.logs}])
            events.emit("response.code_interpreter_call.completed", **ids)
        else:
            item = {
                "id": new_id("file_search_call"),
                "type": "file_search_call",
                "status": "in_progress",
                "queries": [],
                "results": None,
            }
            index = self._add(rec, item, events)
            ids = {"output_index": index, "item_id": item["id"]}
            events.emit("response.file_search_call.in_progress", **ids)
            item["status"] = "searching"
            events.emit("response.file_search_call.searching", **ids)
            query = transcript.user_text()
            item.update(status="completed", queries=[query], results=self._search(rec, query))
            events.emit("response.file_search_call.completed", **ids)
        events.item("response.output_item.done", index, item)

    def _search(self, rec: Record, query: str) -> List[JSONDict]:
        """``run_tools.file_search`` over the tool's vector stores, as Responses results."""
        tool = next(t for t in rec.obj["tools"] if t["type"] == "file_search")
        options = {
            "max_num_results": tool.get("max_num_results"),
            "ranking_options": tool.get("ranking_options") or {},
        }
        # file_search reads a run: one with no assistant and no thread, whose only
        # vector stores are the tool's.
        spec = {"type": "file_search", "file_search": options}
        run = Record(
            {"assistant_id": "", "thread_id": "", "tools": [spec]},
            0,
            {"tool_resources": {"file_search": {"vector_store_ids": tool["vector_store_ids"]}}},
        )
        _, results, contents = file_search(self.store, run, query)
        return [
            {
                "file_id": hit["file_id"],
                "filename": hit["file_name"],
                "score": hit["score"],
                "text": text,
                "attributes": {},
            }
            for hit, text in zip(results, contents)
        ]

    def _function_call(self, rec: Record, call: FunctionCall, events: ResponseEvents) -> None:
        item: JSONDict = {
            "id": new_id("function_call"),
            "type": "function_call",
            "status": "in_progress",
            "arguments": "",
            "call_id": new_call_id(),
            "name": call.name,
        }
        index = self._add(rec, item, events)
        for piece in json_pieces(call.arguments):
            events.emit(
                "response.function_call_arguments.delta",
                item_id=item["id"],
                output_index=index,
                delta=piece,
            )
        item["arguments"] = call.arguments
        events.emit(
            "response.function_call_arguments.done",
            item_id=item["id"],
            name=call.name,
            output_index=index,
            arguments=call.arguments,
        )
        item["status"] = "completed"
        events.item("response.output_item.done", index, item)

    @staticmethod
    def _tool_lines(items: Sequence[JSONDict]) -> List[str]:
        lines: List[str] = []
        for item in items:
            if item.get("type") == "code_interpreter_call":
                outputs = item.get("outputs") or []
                logs = "".join(str(o.get("logs", "")) for o in outputs if o.get("type") == "logs")
                lines.append(f"code_interpreter output: {logs.rstrip()}")
            elif item.get("type") == "file_search_call":
                results = item.get("results") or []
                names = ", ".join(str(r.get("filename", "")) for r in results)
                line = f"file_search found {len(results)} result(s)"
                lines.append(f"{line}: {names}" if names else line)
        outputs = {
            i.get("call_id"): content_text(i.get("output"))
            for i in items
            if i.get("type") == "function_call_output"
        }
        for item in items:
            if item.get("type") == "function_call" and item.get("call_id") in outputs:
                lines.append(f"{item.get('name')} returned: {outputs[item.get('call_id')]}")
        return lines

    def _reply(
        self,
        rec: Record,
        transcript: Transcript,
        tail: Sequence[JSONDict],
        script: RunScript,
        events: ResponseEvents,
    ) -> None:
        resp = rec.obj
        lines = self._tool_lines(list(tail) + list(resp["output"]))
        text = self.model.reply(transcript, lines, script)
        words = count_tokens(text)
        limit: Optional[int] = resp.get("max_output_tokens")
        cut: Optional[int] = None
        if limit is not None and words > limit:
            cut = int(limit)
        elif script.status == "incomplete":
            cut = max(1, words // 2)
        final = text if cut is None else truncate_words(text, cut)
        item = message_item("assistant", "", status="in_progress")
        item["content"] = []
        index = self._add(rec, item, events)
        part = output_text("")
        where = {"item_id": item["id"], "output_index": index, "content_index": 0}
        events.emit("response.content_part.added", **where, part=part)
        for piece in text_pieces(final):
            events.emit("response.output_text.delta", **where, delta=piece, logprobs=[])
        events.emit("response.output_text.done", **where, text=final, logprobs=[])
        part = output_text(final)
        events.emit("response.content_part.done", **where, part=part)
        item.update(content=[part], status="completed" if cut is None else "incomplete")
        events.item("response.output_item.done", index, item)
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
