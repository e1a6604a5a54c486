"""Crash safety on the Responses bridge: intents recorded before service calls, and what the
next user of a thread does with the intents a stopped process left behind.

Before the bridge asks the service to start a response (a run, a tool-output round) or to
answer function calls (cancelling a run that waits for tool outputs), it records an *intent*
in the run record (for a new message, a ``message_intent`` record under the thread): what
it is about to do, when, which process (host, pid and a per-process token) and the newest
conversation item it knew. When the call returns, the outcome replaces
the intent. A process that dies in between leaves the intent; the next process to use the
thread *settles* it:

- a response it started is looked for in the conversation: replies and function calls that
  no record knows, after the item the intent named, become the run's output (the run
  completes, or waits for tool outputs); while none is found the run shows ``in_progress``
  and is looked for again on each retrieve, for up to ``recovery_window`` seconds after the
  request, then it is marked ``failed`` with a ``last_error`` saying so (threads kept in the
  store have no conversation to look in: failed at once);
- function calls it was answering are answered (only the ones still unanswered);
- a response it was cancelling is polled as any cancelling run is;
- a message it was adding gets the metadata and attachments recorded for it.

A conversation still busy with a response no record knows answers ``conversation_locked``:
new responses wait for it (up to ``lock_wait`` seconds); function calls it leaves unanswered
are answered as abandoned when the service refuses the next response for them.

An intent is only settled by others once its process is gone: on the same host, when its pid
no longer runs; on another host, once it is older than :data:`FOREIGN_GRACE_S`.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Mapping, Optional, Set, Tuple

from multiassist.bridge.common import now, seg
from multiassist.errors import APIError, BadRequestError, NotFoundError

if TYPE_CHECKING:
    from multiassist.bridge.store_open import RecordStore

__all__ = ["FOREIGN_GRACE_S", "RecoveryOps", "owner_alive", "this_owner"]

Call = Callable[..., Any]

#: How old an intent of another host must be before it counts as abandoned (seconds).
FOREIGN_GRACE_S = 600
#: What the bridge answers for a function call nobody will answer any more.
ABANDONED_OUTPUT = "cancelled: the run that asked for this call ended before it was answered"
#: Run statuses that hold the thread (no other run may start).
ACTIVE_RUN = ("queued", "in_progress", "requires_action", "cancelling")

_token: Tuple[int, str] = (0, "")


def _process_token() -> str:
    """A token unique to this process (a fresh one after a fork)."""
    global _token
    if _token[0] != os.getpid():
        _token = (os.getpid(), uuid.uuid4().hex)
    return _token[1]


def this_owner() -> Dict[str, Any]:
    """Who is making a call: host, pid, this process's token and the time."""
    return {"host": socket.gethostname(), "pid": os.getpid(), "token": _process_token(),
            "at": time.time()}


def _pid_runs(pid: int) -> bool:
    if os.name != "posix":
        return True  # no safe liveness probe: rely on the age bound
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def owner_alive(owner: Optional[Mapping[str, Any]]) -> bool:
    """Whether the process that recorded an intent may still be carrying it out."""
    if not owner:
        return False  # released: the call failed and its outcome is unknown
    if owner.get("token") == _process_token():
        return True
    if time.time() - float(owner.get("at") or 0) > FOREIGN_GRACE_S:
        return False
    if owner.get("host") != socket.gethostname():
        return True
    return _pid_runs(int(owner.get("pid") or 0))


def _is_locked(exc: APIError) -> bool:
    return exc.code == "conversation_locked"


def _is_dangling(exc: APIError) -> bool:
    return isinstance(exc, BadRequestError) and "no tool output found" in exc.message.lower()


class RecoveryOps:
    """Intents and their settlement, for :class:`~multiassist.bridge.runs.RunOps`."""

    store: RecordStore
    #: How long a new response waits for a conversation busy with another one (seconds).
    lock_wait: float = 60.0
    #: How long after a stopped process's request its response is looked for in the
    #: conversation before the run is marked failed (seconds).
    recovery_window: float = 30.0

    if TYPE_CHECKING:
        def api(self, call: Call, method: str, path: str, *, json: Any = None,
                query: Optional[Mapping[str, Any]] = None,
                idempotent: Optional[bool] = None,
                headers: Optional[Mapping[str, str]] = None) -> Any: ...

        def api_stream(self, call: Call, path: str, json: Any) -> Any: ...

        def need(self, kind: str, id: str) -> Dict[str, Any]: ...

        def _apply(self, call: Call, run: Dict[str, Any],
                   response: Mapping[str, Any]) -> Any: ...

        def _poll(self, call: Call, run: Dict[str, Any]) -> Any: ...

    # --- intents ---------------------------------------------------------------------------

    def _intent(self, thread: Mapping[str, Any], op: str, **fields: Any) -> Dict[str, Any]:
        """An intent to record in a run before calling the service."""
        return {"op": op, "at": time.time(), "owner": this_owner(),
                "after": self._newest_item(thread), **fields}

    def _newest_item(self, thread: Mapping[str, Any]) -> Optional[str]:
        docs, _ = self.store.list("message_meta", parent=str(thread["id"]), limit=1)
        return str(docs[0]["id"]) if docs else None

    def _release(self, run: Dict[str, Any]) -> None:
        """The call of the run's intent failed without a clear answer: let anyone settle it."""
        intent = run["_bridge"].get("intent")
        if intent:
            intent["owner"] = None
            self.store.put("run", run, parent=run["thread_id"])

    # --- settling what a stopped process left ------------------------------------------------

    def _settle_messages(self, call: Call, thread: Mapping[str, Any]) -> None:
        """Give user messages added by a stopped process the metadata and attachments it
        recorded for them (or drop the record if the item never reached the service)."""
        pending, _ = self.store.list("message_intent", parent=str(thread["id"]), limit=100,
                                     order="asc")
        abandoned = [p for p in pending if not owner_alive(p.get("owner"))]
        if not abandoned:
            return
        claimed: Set[str] = set()
        for intent in abandoned:
            for item in self._scan(call, thread, intent.get("after")):
                if item.get("type") == "message" and item.get("role") == "user" \
                        and item["id"] not in claimed \
                        and self.store.get("message_meta", str(item["id"])) is None:
                    claimed.add(str(item["id"]))
                    self.store.put("message_meta", {"id": item["id"], **intent["meta"]},
                                   parent=str(thread["id"]))
                    break
            self.store.delete("message_intent", intent["id"])

    def _recover_thread(self, call: Call, thread_id: str) -> None:
        """Bring the thread's active runs up to date: settle abandoned intents, poll the
        responses of runs whose process stopped polling."""
        self._settle_messages(call, self.need("thread", thread_id))
        docs, _ = self.store.list("run", parent=thread_id, limit=100)
        for run in docs:
            if run["status"] in ACTIVE_RUN:
                self._settle(call, run, poll=True)

    def _settle(self, call: Call, run: Dict[str, Any], *, poll: bool = False) -> Dict[str, Any]:
        """The run with an abandoned intent settled; with ``poll``, also a run that is
        going on the service brought up to date. Returns the run record."""
        intent = run["_bridge"].get("intent")
        if intent and not owner_alive(intent.get("owner")) and self._claim(run):
            intent = run["_bridge"]["intent"]
            op = intent["op"]
            if op in ("response", "outputs"):
                self._find_response(call, run, intent)
            elif op == "answer":
                self._finish_answer(call, run, intent)
            else:  # "cancel": the response is known; polling finds its outcome
                run["_bridge"]["intent"] = None
                self.store.put("run", run, parent=run["thread_id"])
        if poll and run["status"] in ("queued", "in_progress", "cancelling") \
                and not run["_bridge"].get("intent") and run["_bridge"]["responses"]:
            self._poll(call, run)
        return run

    def _claim(self, run: Dict[str, Any]) -> bool:
        """Take over the run's abandoned intent (atomically: of several processes settling
        it at once, one does); ``run`` becomes the stored record either way."""
        seen = run["_bridge"]["intent"]
        taken: List[bool] = []

        def change(doc: Dict[str, Any]) -> Dict[str, Any]:
            current = doc["_bridge"].get("intent")
            if current and current.get("at") == seen.get("at") \
                    and not owner_alive(current.get("owner")):
                current["owner"] = this_owner()
                taken.append(True)
            return doc

        fresh = self.store.update("run", str(run["id"]), change)
        run.clear()
        run.update(fresh)
        return bool(taken)

    def _find_response(self, call: Call, run: Dict[str, Any], intent: Mapping[str, Any]) -> None:
        thread = self.need("thread", run["thread_id"])
        output: List[Dict[str, Any]] = []
        if thread["conversation"]:
            items = self._scan(call, thread, intent.get("after"))
            unknown, pending = self._unaccounted(items)
            # Calls this run already showed (the ones a lost tool-output round answers)
            # are not new output.
            shown = set(intent.get("call_ids") or []) | self._shown_calls(run)
            output = [item for item in items if item in unknown
                      or (item in pending and str(item.get("call_id")) not in shown)]
        if not output and thread["conversation"] \
                and time.time() - float(intent.get("at") or 0) < self.recovery_window:
            # Not (yet) there: the response may still be running. Look again next time
            # (whoever looks: the intent is let go again).
            run["status"] = "in_progress"
            run["_bridge"]["intent"]["owner"] = None
            self.store.put("run", run, parent=run["thread_id"])
            return
        run["_bridge"]["intent"] = None
        if output:
            found = {"id": f"resp_recovered_{len(run['_bridge']['done'])}_{run['id']}",
                     "status": "completed", "output": output, "usage": None}
            run["status"] = "in_progress"
            self._apply(call, run, found)
            return
        where = ("in its conversation" if thread["conversation"]
                 else "(threads kept in the store have no conversation to look in)")
        run.update(status="failed", failed_at=now(), required_action=None, last_error={
            "code": "server_error",
            "message": "the process carrying out this run stopped before the service "
                       f"confirmed its response, and no reply from it was found {where}; "
                       "create a new run"})
        run["_bridge"]["unconfirmed"] = True
        self.store.put("run", run, parent=run["thread_id"])

    def _shown_calls(self, run: Mapping[str, Any]) -> Set[str]:
        docs, _ = self.store.list("run_step", parent=str(run["id"]), limit=100)
        return {str(tool_call["id"]) for step in docs
                for tool_call in (step["step_details"].get("tool_calls") or [])}

    def _finish_answer(self, call: Call, run: Dict[str, Any], intent: Mapping[str, Any]) -> None:
        thread = self.need("thread", run["thread_id"])
        self._answer_missing(call, thread, list(intent.get("call_ids") or []),
                           after=intent.get("after"))
        run["_bridge"]["intent"] = None
        run.update(status="cancelled", required_action=None,
                   cancelled_at=run.get("cancelled_at") or now())
        self.store.put("run", run, parent=run["thread_id"])

    # --- the conversation ----------------------------------------------------------------------

    def _scan(self, call: Call, thread: Mapping[str, Any],
              after: Optional[str]) -> List[Dict[str, Any]]:
        """The conversation's items after ``after`` (all of them if it is None or gone),
        oldest first."""
        path = f"/conversations/{seg(thread['id'])}/items"
        items: List[Dict[str, Any]] = []
        cursor = after
        for _ in range(1000):
            query: Dict[str, Any] = {"order": "asc", "limit": 100}
            if cursor:
                query["after"] = cursor
            try:
                listed = self.api(call, "GET", path, query=query)
            except (NotFoundError, BadRequestError):
                if cursor is None or items:
                    raise
                cursor = after = None  # the item was deleted: look at everything
                continue
            data = list(listed.get("data") or [])
            items.extend(data)
            if not listed.get("has_more") or not data:
                break
            cursor = str(data[-1]["id"])
        return items

    def _unaccounted(
        self, items: List[Dict[str, Any]]
    ) -> Tuple[List[Dict[str, Any]], List[Dict[str, Any]]]:
        """(assistant messages no record knows, function calls without an output)."""
        answered: Set[str] = {str(i.get("call_id")) for i in items
                              if i.get("type") == "function_call_output"}
        unknown = [i for i in items if i.get("type") == "message"
                   and i.get("role") == "assistant"
                   and self.store.get("message_meta", str(i["id"])) is None]
        pending = [i for i in items if i.get("type") == "function_call"
                   and str(i.get("call_id")) not in answered]
        return unknown, pending

    def _answer_missing(self, call: Call, thread: Mapping[str, Any], call_ids: List[str], *,
                      after: Optional[str], output: str = ABANDONED_OUTPUT) -> None:
        """Add an output for each of ``call_ids`` the conversation has not answered yet."""
        if not call_ids or not thread["conversation"]:
            return
        answered = {str(i.get("call_id")) for i in self._scan(call, thread, after)
                    if i.get("type") == "function_call_output"}
        missing = [c for c in call_ids if c not in answered]
        for start in range(0, len(missing), 20):  # the Conversations API takes 20 at a time
            self.api(call, "POST", f"/conversations/{seg(thread['id'])}/items",
                     json={"items": [{"type": "function_call_output", "call_id": c,
                                      "output": output} for c in missing[start:start + 20]]})

    def _answer_dangling(self, call: Call, thread: Mapping[str, Any]) -> None:
        """Answer every function call of the conversation that has no output (left by a
        response no record knows), so that it accepts new responses."""
        items = self._scan(call, thread, None)
        _, pending = self._unaccounted(items)
        self._answer_missing(call, thread, [str(i["call_id"]) for i in pending], after=None)

    def _post_response(self, call: Call, thread: Mapping[str, Any], request: Mapping[str, Any],
                       *, stream: bool = False) -> Any:
        """``POST /responses``, waiting out a conversation busy with another response and
        answering calls a lost response left unanswered (once)."""
        deadline = time.monotonic() + self.lock_wait
        delay = 0.05
        swept = False
        while True:
            try:
                if stream:
                    return self.api_stream(call, "/responses", {**request, "stream": True})
                return self.api(call, "POST", "/responses", json=request)
            except APIError as exc:
                if _is_locked(exc) and time.monotonic() + delay < deadline:
                    time.sleep(delay)
                    delay = min(delay * 2, 1.0)
                    continue
                if thread["conversation"] and not swept and _is_dangling(exc):
                    self._answer_dangling(call, thread)
                    swept = True
                    continue
                raise
