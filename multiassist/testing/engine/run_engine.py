"""The run state machine: how an emulated run moves between statuses, and what it creates.

Polled runs: every retrieve (GET) calls ``RunEngine.advance``, which moves the run one
step: ``queued -> in_progress`` on the first poll, and the model's turn (see
``scripted_model``) on poll number ``steps_to_complete``. ``cancel`` puts an active run
in ``cancelling``; the next poll ends it ``cancelled``. A run past ``expires_at`` becomes
``expired`` on its next poll. ``submit_tool_outputs`` re-queues the run and restarts the
poll count. Streamed runs: ``settle`` runs the same transitions at once until the run
rests (terminal or ``requires_action``), reporting each one to an ``EventSink``.

Call everything with ``Store.lock`` held.
"""

from __future__ import annotations

from collections import deque
from typing import Deque, Dict, FrozenSet, List, Optional, Tuple

from multiassist.testing.engine.objects import add_message, add_step, text_part, usage
from multiassist.testing.engine.run_events import (
    NO_EVENTS,
    EventSink,
    message_delta,
    tool_call_deltas,
)
from multiassist.testing.engine.script_text import count_tokens, text_pieces, truncate_words
from multiassist.testing.engine.scripted_model import (
    BuiltinCall,
    FunctionCall,
    RunScript,
    ScriptedModel,
    Transcript,
    parse_markers,
)
from multiassist.testing.engine.tool_calls import (
    builtin_tool_calls,
    function_tool_calls,
    render_step,
    required_action,
)
from multiassist.testing.object_store import JSONDict, Record, Store
from multiassist.testing.wire.problems import bad_request
from multiassist.testing.wire.validation import missing

TERMINAL: FrozenSet[str] = frozenset({"completed", "cancelled", "failed", "expired", "incomplete"})
ACTIVE: FrozenSet[str] = frozenset({"queued", "in_progress", "requires_action", "cancelling"})
RESTING: FrozenSet[str] = TERMINAL | {"requires_action"}
RUN_TTL_SECONDS = 600
STEP_ERROR_CODES = ("server_error", "rate_limit_exceeded")
_RUN_STAMPS = {"completed": "completed_at", "cancelled": "cancelled_at", "failed": "failed_at"}
_STEP_STAMPS = {
    "completed": "completed_at",
    "cancelled": "cancelled_at",
    "expired": "expired_at",
    "failed": "failed_at",
}


class RunEngine:
    """Drives runs stored in ``store`` using ``model``; holds the ``script_run`` queue."""

    def __init__(
        self,
        store: Store,
        model: ScriptedModel,
        steps_to_complete: int,
        expiry_seconds: int = RUN_TTL_SECONDS,
    ) -> None:
        if steps_to_complete < 1:
            raise ValueError("run_steps_to_complete must be >= 1")
        self.store = store
        self.model = model
        self.steps_to_complete = steps_to_complete
        self.expiry_seconds = expiry_seconds
        self.scripts: Deque[RunScript] = deque()

    # ------------------------------------------------------------------ queries

    def active_run(self, thread_id: str) -> Optional[Record]:
        """The thread's run that is not finished yet, if any."""
        for rec in self.store.table("run", thread_id):
            if rec.obj["status"] in ACTIVE:
                return rec
        return None

    # ------------------------------------------------------------------ creation

    def prepare(self, rec: Record, sink: EventSink = NO_EVENTS) -> None:
        """Attach a new run's script (next queued one over its message's markers) and
        report ``thread.run.created`` and ``thread.run.queued``."""
        markers = parse_markers(self._transcript(rec.obj).last_user_text())[1]
        queued = self.scripts.popleft() if self.scripts else RunScript()
        rec.extra["script"] = queued.over(markers)
        rec.extra["stream_fault_pending"] = True
        sink.emit("thread.run.created", rec.obj)
        sink.emit("thread.run.queued", rec.obj)

    def take_stream_fault(self, rec: Record) -> Tuple[bool, Optional[int]]:
        """``(stream_error, truncate_after)`` for the run's first stream (then used up)."""
        if not rec.extra.pop("stream_fault_pending", False):
            return False, None
        script: RunScript = rec.extra["script"]
        return script.stream_error, script.stream_truncate_after

    # ------------------------------------------------------------------ transitions

    def advance(self, rec: Record, sink: EventSink = NO_EVENTS) -> None:
        """Move the run one step forward (called on each retrieve)."""
        run = rec.obj
        status = run["status"]
        if status in TERMINAL:
            return
        if status == "cancelling":
            self._end(rec, "cancelled", sink)
            return
        if run.get("expires_at") is not None and self.store.now() >= run["expires_at"]:
            self._end(rec, "expired", sink)
            return
        if status == "requires_action":
            return  # waits for submit_tool_outputs
        polls = int(rec.extra.get("polls", 0)) + 1
        rec.extra["polls"] = polls
        if status == "queued":
            self.start(rec, sink)
        if polls >= self.steps_to_complete:
            self._turn(rec, sink)

    def start(self, rec: Record, sink: EventSink = NO_EVENTS) -> None:
        """``queued -> in_progress`` (``started_at`` is set the first time)."""
        run = rec.obj
        run["status"] = "in_progress"
        if run.get("started_at") is None:
            run["started_at"] = self.store.now()
        sink.emit("thread.run.in_progress", run)

    def settle(self, rec: Record, sink: EventSink) -> None:
        """Run all transitions now, until the run is terminal or ``requires_action``."""
        if rec.obj["status"] == "queued":
            self.start(rec, sink)
        for _ in range(100):
            status = rec.obj["status"]
            if status in RESTING:
                return
            if status == "cancelling":
                self._end(rec, "cancelled", sink)
            else:
                self._turn(rec, sink)
        raise RuntimeError(f"run {rec.id} did not settle")

    def cancel(self, rec: Record) -> None:
        """Ask an active run to stop (400 for a finished one)."""
        status = rec.obj["status"]
        if status in TERMINAL or status == "cancelling":
            raise bad_request(f"Cannot cancel run with status '{status}'.")
        rec.obj["status"] = "cancelling"

    def fail(self, rec: Record, code: str, message: str, sink: EventSink = NO_EVENTS) -> None:
        """End the run ``failed`` with ``last_error`` (steps in progress fail too)."""
        rec.obj["last_error"] = {"code": code, "message": message}
        self._end(rec, "failed", sink)

    def submit_tool_outputs(
        self, rec: Record, outputs: List[JSONDict], sink: EventSink = NO_EVENTS
    ) -> None:
        """Accept the outputs of every pending call (each exactly once) and re-queue the run."""
        run = rec.obj
        if run["status"] != "requires_action":
            raise bad_request(f'Runs in status "{run["status"]}" do not accept tool outputs.')
        pending = [c["id"] for c in run["required_action"]["submit_tool_outputs"]["tool_calls"]]
        given: Dict[str, str] = {}
        for index, item in enumerate(outputs):
            param = f"tool_outputs[{index}].tool_call_id"
            call_id = item.get("tool_call_id")
            if call_id is None:
                raise missing(param)
            if call_id not in pending:
                raise bad_request(
                    f"Invalid '{param}': '{call_id}' is not a tool call this run is waiting "
                    f"for (pending: {pending}).",
                    param=param,
                    code="invalid_value",
                )
            if call_id in given:
                raise bad_request(
                    f"Duplicate '{param}': outputs for '{call_id}' were already given.",
                    param=param,
                    code="invalid_value",
                )
            given[call_id] = str(item.get("output") or "")
        if set(given) != set(pending):
            raise bad_request(
                f"Expected tool outputs for call_ids {pending}, got {list(given)}",
                param="tool_outputs",
            )
        step = self.store.table("step", run["id"]).get(rec.extra["waiting_step"])
        assert step is not None
        for call in step.obj["step_details"]["tool_calls"]:
            output = call["function"]["output"] = given[call["id"]]
            rec.extra.setdefault("outputs", []).append((call["function"]["name"], output))
        self._close_step(step, "completed", sink)
        run["required_action"] = None
        run["status"] = "queued"
        rec.extra["polls"] = 0
        sink.emit("thread.run.queued", run)

    # ------------------------------------------------------------------ the model's turn

    def _turn(self, rec: Record, sink: EventSink) -> None:
        run = rec.obj
        script: RunScript = rec.extra["script"]
        transcript = self._transcript(run)
        first = not rec.extra.get("turned")
        rec.extra["turned"] = True
        if first:
            if script.failing and script.fail_code == "invalid_prompt":
                self.fail(rec, *script.error(), sink)
                return
            if script.status == "expired":
                self._end(rec, "expired", sink)
                return
            if script.status == "cancelled":
                run["status"] = "cancelling"
                sink.emit("thread.run.cancelling", run)
                return
            limit = run.get("max_prompt_tokens")
            if limit is not None and count_tokens(transcript.prompt_text()) > limit:
                run["incomplete_details"] = {"reason": "max_prompt_tokens"}
                self._end(rec, "incomplete", sink)
                return
            builtins = self.model.builtin_calls(transcript)
            step = self._builtin_step(rec, transcript, builtins, sink) if builtins else None
            if script.failing:
                self.fail(rec, *script.error(), sink)
                return
            if step is not None:
                self._close_step(step, "completed", sink)
        called: List[str] = rec.extra.setdefault("called", [])
        calls = self.model.function_calls(transcript, called, first)
        if calls:
            self._function_step(rec, transcript, calls, sink)
            return
        self._reply(rec, transcript, script, sink)

    def _builtin_step(
        self, rec: Record, transcript: Transcript, calls: List[BuiltinCall], sink: EventSink
    ) -> Record:
        tool_calls, contents, lines = builtin_tool_calls(
            self.store, rec, calls, transcript.user_text()
        )
        rec.extra.setdefault("tool_lines", []).extend(lines)
        step = self._open_step(rec, {"type": "tool_calls", "tool_calls": []}, sink)
        step.extra["contents"] = contents
        prompt = count_tokens(transcript.prompt_text())
        step.extra["usage"] = usage(prompt, sum(count_tokens(c.code_input) for c in calls))
        if sink.active:
            for delta in tool_call_deltas(step.id, tool_calls):
                sink.emit("thread.run.step.delta", delta)
        step.obj["step_details"]["tool_calls"] = tool_calls
        return step

    def _function_step(
        self, rec: Record, transcript: Transcript, calls: List[FunctionCall], sink: EventSink
    ) -> None:
        run = rec.obj
        tool_calls = function_tool_calls(self.store, calls)
        step = self._open_step(rec, {"type": "tool_calls", "tool_calls": []}, sink)
        prompt = count_tokens(transcript.prompt_text())
        step.extra["usage"] = usage(prompt, sum(count_tokens(c.arguments) for c in calls))
        if sink.active:
            for delta in tool_call_deltas(step.id, tool_calls):
                sink.emit("thread.run.step.delta", delta)
        step.obj["step_details"]["tool_calls"] = tool_calls
        rec.extra["called"].extend(call.name for call in calls)
        rec.extra["waiting_step"] = step.id
        run["status"] = "requires_action"
        run["required_action"] = required_action(tool_calls)
        sink.emit("thread.run.requires_action", run)

    def _reply(
        self, rec: Record, transcript: Transcript, script: RunScript, sink: EventSink
    ) -> None:
        run = rec.obj
        outputs: List[Tuple[str, str]] = rec.extra.get("outputs", [])
        lines = list(rec.extra.get("tool_lines", []))
        lines += [f"{name} returned: {output}" for name, output in outputs]
        text = self.model.reply(transcript, lines, script)
        words = count_tokens(text)
        limit = run.get("max_completion_tokens")
        cut: Optional[int] = None
        if limit is not None and words > limit:
            cut = int(limit)
        elif script.status == "incomplete":
            cut = max(1, words // 2)
        final = text if cut is None else truncate_words(text, cut)
        prompt = count_tokens(transcript.prompt_text()) + sum(count_tokens(o) for _, o in outputs)
        message = add_message(
            self.store,
            run["thread_id"],
            role="assistant",
            content=[],
            assistant_id=run["assistant_id"],
            run_id=run["id"],
            status="in_progress",
        )
        details = {"type": "message_creation", "message_creation": {"message_id": message.id}}
        step = self._open_step(rec, details, sink)
        step.extra["usage"] = usage(prompt, count_tokens(final))
        sink.emit("thread.message.created", message.obj)
        sink.emit("thread.message.in_progress", message.obj)
        if sink.active:
            for piece in text_pieces(final):
                sink.emit("thread.message.delta", message_delta(message.id, piece))
        message.obj["content"] = [text_part(final)]
        now = self.store.now()
        if cut is None:
            message.obj.update(status="completed", completed_at=now)
            sink.emit("thread.message.completed", message.obj)
        else:
            message.obj.update(
                status="incomplete", incomplete_at=now, incomplete_details={"reason": "max_tokens"}
            )
            sink.emit("thread.message.incomplete", message.obj)
        self._close_step(step, "completed", sink)
        if cut is None:
            self._end(rec, "completed", sink)
        else:
            run["incomplete_details"] = {"reason": "max_completion_tokens"}
            self._end(rec, "incomplete", sink)

    # ------------------------------------------------------------------ steps and endings

    def _open_step(self, rec: Record, details: JSONDict, sink: EventSink) -> Record:
        step = add_step(
            self.store, rec.obj, step_type=details["type"], details=details, status="in_progress"
        )
        self._emit_step(sink, "thread.run.step.created", step)
        self._emit_step(sink, "thread.run.step.in_progress", step)
        return step

    def _emit_step(self, sink: EventSink, event: str, step: Record) -> None:
        if sink.active:
            sink.emit(event, render_step(step, sink.include_file_search_content))

    def _close_step(
        self, step: Record, status: str, sink: EventSink, error: Optional[JSONDict] = None
    ) -> None:
        step.obj["status"] = status
        step.obj[_STEP_STAMPS[status]] = self.store.now()
        step.obj["usage"] = step.extra.get("usage")
        if error is not None and error["code"] in STEP_ERROR_CODES:
            step.obj["last_error"] = dict(error)
        self._emit_step(sink, f"thread.run.step.{status}", step)

    def _end(self, rec: Record, status: str, sink: EventSink) -> None:
        run = rec.obj
        run["status"] = status
        now = self.store.now()
        if status in _RUN_STAMPS:
            run[_RUN_STAMPS[status]] = now
        if status == "expired":  # when it expired (earlier than planned if scripted)
            run["expires_at"] = min(run.get("expires_at") or now, now)
        else:
            run["expires_at"] = None
        run["required_action"] = None
        step_status = status if status in ("cancelled", "expired", "failed") else "completed"
        spent = [0, 0]
        for step in self.store.table("step", run["id"]):
            if step.obj["status"] == "in_progress":
                self._close_step(step, step_status, sink, run.get("last_error"))
            if step.obj.get("usage"):
                spent[0] += step.obj["usage"]["prompt_tokens"]
                spent[1] += step.obj["usage"]["completion_tokens"]
        run["usage"] = usage(spent[0], spent[1])
        sink.emit(f"thread.run.{status}", run)

    def _transcript(self, run: JSONDict) -> Transcript:
        messages = sorted(
            self.store.table("message", run["thread_id"]),
            key=lambda r: (r.obj["created_at"], r.seq),
        )
        return Transcript(
            instructions=run.get("instructions") or "",
            tools=list(run.get("tools") or []),
            messages=[m.obj for m in messages],
            tool_choice=run.get("tool_choice") or "auto",
            parallel_tool_calls=run.get("parallel_tool_calls", True) is not False,
        )
