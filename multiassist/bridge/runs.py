"""Runs on the Responses bridge: one run is one or more background responses.

A run record in the store keeps the Assistants run fields plus, under ``_bridge``, the ids of
its responses. Creating a run creates a background response with the conversation (or, for
store-only threads, the thread's messages as input) and the assistant's instructions and
tools. Retrieving a run that is still going polls its newest response; when a response
finishes, its output items become run steps, its message becomes the run's reply, and its
function calls put the run in ``requires_action``. Submitting tool outputs creates the next
response of the same run.

A run expires ``RUN_EXPIRY_SECONDS`` after it was created, as Foundry documents for its runs:
one still waiting (or still going) after that is ``expired``, and function calls it left
unanswered are answered on the conversation so the thread takes the next run. A tool-output
response that fails or is cancelled gets the same treatment for the outputs it carried.
"""

from __future__ import annotations

import copy
import time
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Mapping, Optional, Tuple

from multiassist.bridge.common import new_id, not_found, now, page, paging, public, seg
from multiassist.bridge.convert import (
    response_request,
    run_fields_from_response,
    steps_from_response,
    stored_input_item,
    usage_of,
)
from multiassist.bridge.recovery import ACTIVE_RUN, RecoveryOps, this_owner
from multiassist.bridge.streams import event_stream, translate_stream
from multiassist.errors import APIError, BadRequestError
from multiassist.http.messages import StreamBody

if TYPE_CHECKING:
    from multiassist.backends.deployments import DeploymentRouter
    from multiassist.bridge.store_open import RecordStore

__all__ = ["RunOps"]

Call = Callable[..., Any]

_ACTIVE = ("queued", "in_progress", "cancelling")
_WAITING = ("queued", "in_progress", "requires_action")

#: Foundry: "Runs expire ten minutes after creation" (its function-calling guide).
RUN_EXPIRY_SECONDS = 600
#: Store-only threads send at most this many of their newest messages as input.
STORED_INPUT_WINDOW = 1000
_EXPIRED_OUTPUT = "The run expired before tool outputs were submitted."
_UNANSWERED_OUTPUT = ("The response carrying this tool output failed or was cancelled; "
                      "the run ended.")


class RunOps(RecoveryOps):
    """The run and run step operations of :class:`~multiassist.bridge.backend.ResponsesBridge`."""

    store: RecordStore
    router: DeploymentRouter
    #: Whether streamed runs are background responses too (resumable; polled if the stream
    #: breaks). False on Azure OpenAI and Foundry.
    background_streams: bool = True

    if TYPE_CHECKING:
        def api(self, call: Call, method: str, path: str, *, json: Any = None,
                query: Optional[Mapping[str, Any]] = None,
                idempotent: Optional[bool] = None,
                headers: Optional[Mapping[str, str]] = None) -> Any: ...

        def need(self, kind: str, id: str) -> Dict[str, Any]: ...

        def add_message(self, call: Call, thread: Mapping[str, Any], role: str,
                        content: Any, meta: Dict[str, Any]) -> Dict[str, Any]: ...

        def record_message(self, thread: Mapping[str, Any], item: Mapping[str, Any],
                           meta: Dict[str, Any]) -> Dict[str, Any]: ...

        def api_stream(self, call: Call, path: str, json: Any) -> Any: ...

        def op_threads_create(self, call: Call, ids: Dict[str, str], query: Dict[str, Any],
                              body: Dict[str, Any]) -> Any: ...

    def op_runs_create(self, call: Call, ids: Dict[str, str], query: Dict[str, Any],
                       body: Dict[str, Any]) -> Any:
        run, request, thread = self._new_run(call, ids["thread_id"], body)
        response = self._start(call, run, thread, request, new=True)
        return self._apply(call, run, response)

    def stream_run(self, call: Call, operation: str, ids: Dict[str, str],
                   body: Dict[str, Any]) -> StreamBody:
        """Open a streamed run (create, create-and-run or submit outputs) as Assistants SSE."""
        thread_created = None
        if operation == "threads.create_and_run":
            thread_body = dict(body.pop("thread", None) or {})
            if body.get("tool_resources"):
                thread_body["tool_resources"] = body.pop("tool_resources")
            thread_created = self.op_threads_create(call, {}, {}, thread_body)
            ids = {"thread_id": thread_created["id"]}
        new = operation != "runs.submit_tool_outputs"
        if not new:
            run = self._settle(call, self._run_of(ids))
            self._expire_if_due(call, run)
            thread = self.need("thread", run["thread_id"])
            request = self._outputs_request(run, list(body.get("tool_outputs") or []))
        else:
            run, request, thread = self._new_run(call, ids["thread_id"], body)
        if not self.background_streams:
            # Azure documents background mode for long reasoning runs, with a known
            # performance issue when combined with streaming: stream in the foreground.
            request["background"] = False
        upstream = self._start(call, run, thread, request, new=new, stream=True)

        def cleanup() -> None:
            upstream.close()
            if run["_bridge"].get("intent"):
                # Closed before the service named its response: whoever uses the thread
                # next looks for it (see multiassist.bridge.recovery).
                self._release(run)

        return event_stream(
            translate_stream(self, call, run, upstream, thread_created=thread_created),
            cleanup=cleanup)

    def _start(self, call: Call, run: Dict[str, Any], thread: Mapping[str, Any],
               request: Dict[str, Any], *, new: bool, stream: bool = False) -> Any:
        """Start a response of ``run``: the intent recorded first (a new run claims its
        thread with it), then ``POST /responses``, then its outcome. A refused request
        leaves things as they were (a new run is removed); an unknown outcome leaves the
        intent for whoever uses the thread next (see :mod:`multiassist.bridge.recovery`)."""
        previous = copy.deepcopy(run)
        waiting = ((run.get("required_action") or {}).get("submit_tool_outputs") or {})
        run["_bridge"]["intent"] = self._intent(
            thread, "response" if new else "outputs",
            call_ids=[c["id"] for c in waiting.get("tool_calls") or []])
        if not new:
            self._carried(run, "", request)  # keyed by the response id once it is known
        run.update(status="queued", required_action=None)
        if new:
            active = self.store.put_unless("run", run, parent=run["thread_id"],
                                           blocks=lambda other: other["status"] in ACTIVE_RUN)
            if active is not None:
                raise BadRequestError(
                    f"Thread {run['thread_id']} already has an active run {active['id']}.",
                    status_code=400, type="invalid_request_error")
        else:
            self.store.put("run", run, parent=run["thread_id"])
        try:
            answer = self._post_response(call, thread, request, stream=stream)
        except APIError:
            if new:
                self.store.delete_tree("run", run["id"])
            else:
                self.store.put("run", previous, parent=previous["thread_id"])
            raise
        except BaseException:
            self._release(run)
            raise
        if not new:
            self._complete_tool_step(run, request["input"])
        if stream:
            return answer  # the stream's response.created event records the response
        if not new:
            run["_bridge"]["outputs"][answer["id"]] = run["_bridge"]["outputs"].pop("")
        run["_bridge"]["responses"].append(answer["id"])
        run["_bridge"]["intent"] = None
        self.store.put("run", run, parent=run["thread_id"])
        return answer

    def _new_run(self, call: Call, thread_id: str, body: Dict[str, Any]
                 ) -> Tuple[Dict[str, Any], Dict[str, Any], Dict[str, Any]]:
        thread = self.need("thread", thread_id)
        assistant = self.need("assistant", body["assistant_id"])
        self._recover_thread(call, thread_id)
        docs, _ = self.store.list("run", parent=thread_id, limit=100)
        for other in docs:
            if other["status"] in ACTIVE_RUN:
                raise BadRequestError(
                    f"Thread {thread_id} already has an active run {other['id']}.",
                    status_code=400, type="invalid_request_error")
        for message in body.pop("additional_messages", None) or []:
            self.add_message(call, thread, message.get("role", "user"), message.get("content"),
                             {"created_at": now(), "metadata": message.get("metadata") or {},
                              "attachments": message.get("attachments") or [],
                              "assistant_id": None, "run_id": None})
        instructions = body.get("instructions")
        if instructions is None:
            instructions = assistant.get("instructions") or ""
        if body.get("additional_instructions"):
            instructions = f"{instructions}\n\n{body['additional_instructions']}".strip()
        model = body.get("model") or assistant["model"]
        created = now()
        run: Dict[str, Any] = {
            "id": new_id("run_"), "object": "thread.run", "created_at": created,
            "thread_id": thread["id"], "assistant_id": assistant["id"], "status": "queued",
            "model": model, "instructions": instructions,
            "tools": body.get("tools") if body.get("tools") is not None
            else assistant.get("tools") or [],
            "metadata": dict(body.get("metadata") or {}),
            "temperature": body.get("temperature", assistant.get("temperature")),
            "top_p": body.get("top_p", assistant.get("top_p")),
            "max_prompt_tokens": body.get("max_prompt_tokens"),
            "max_completion_tokens": body.get("max_completion_tokens"),
            "truncation_strategy": body.get("truncation_strategy")
            or {"type": "auto", "last_messages": None},
            "response_format": body.get("response_format") or assistant.get("response_format"),
            "tool_choice": body.get("tool_choice") or "auto",
            "parallel_tool_calls": body.get("parallel_tool_calls", True),
            "required_action": None, "last_error": None, "incomplete_details": None,
            "usage": None, "expires_at": created + RUN_EXPIRY_SECONDS, "started_at": None,
            "cancelled_at": None, "failed_at": None, "completed_at": None,
            "_bridge": {"responses": [], "done": [], "outputs": {}, "intent": None,
                        "reasoning_effort": body.get("reasoning_effort")
                        or assistant.get("reasoning_effort")},
        }
        request = response_request(run, assistant, thread,
                                   model=self.router.deployment_for(model))
        run["_bridge"]["include"] = list(request.get("include") or [])
        if thread["conversation"]:
            request["conversation"] = thread["id"]
            request["input"] = []
        else:
            request["input"] = self._stored_input(thread, run["truncation_strategy"])
        return run, request, thread

    def _stored_input(self, thread: Mapping[str, Any],
                      strategy: Mapping[str, Any]) -> List[Dict[str, Any]]:
        """The newest messages of a store-only thread, oldest first, as input items."""
        window = STORED_INPUT_WINDOW
        if strategy.get("type") == "last_messages" and strategy.get("last_messages"):
            window = min(window, int(strategy["last_messages"]))
        docs, _ = self.store.list("message_meta", parent=str(thread["id"]), limit=window,
                                  order="desc")
        return [stored_input_item(doc["item"]) for doc in reversed(docs)]

    def _run_of(self, ids: Mapping[str, str]) -> Dict[str, Any]:
        """The run ``ids["run_id"]``, if it belongs to ``ids["thread_id"]`` (else a 404)."""
        run = self.need("run", ids["run_id"])
        if run["thread_id"] != ids.get("thread_id", run["thread_id"]):
            raise not_found("run", ids["run_id"])
        return run

    def op_runs_retrieve(self, call: Call, ids: Dict[str, str], query: Dict[str, Any],
                         body: Dict[str, Any]) -> Any:
        run = self._settle(call, self._run_of(ids))
        if run["status"] in _ACTIVE and not run["_bridge"]["responses"] \
                and not run["_bridge"].get("intent"):
            # Its stream broke before the service named a response: nothing to poll.
            run.update(status="failed", failed_at=now(), last_error={
                "code": "server_error",
                "message": "the run's stream ended before its response was created"})
            self.store.put("run", run, parent=run["thread_id"])
        if run["status"] in _ACTIVE and not run["_bridge"].get("intent"):
            applied = self._poll(call, run)
            if run["status"] not in _WAITING or not self._expire_if_due(call, run):
                return applied
        elif run["status"] == "requires_action":
            self._expire_if_due(call, run)
        return public(run)

    def _poll(self, call: Call, run: Dict[str, Any]) -> Any:
        """Fold the state of the run's newest response into it."""
        # Built-in tool results come back only when asked for, on every retrieve.
        include = run["_bridge"].get("include") or []
        response = self.api(call, "GET", f"/responses/{seg(run['_bridge']['responses'][-1])}",
                            query={"include[]": include} if include else None)
        return self._apply(call, run, response)

    def _expire_if_due(self, call: Call, run: Dict[str, Any]) -> bool:
        """Expire ``run`` if it is still waiting after ``expires_at``; True if it expired."""
        if run["status"] not in _WAITING or run.get("expires_at") is None \
                or now() < run["expires_at"]:
            return False
        responses = run["_bridge"]["responses"]
        if run["status"] in ("queued", "in_progress") and responses:
            ended = self.api(call, "POST", f"/responses/{seg(responses[-1])}/cancel")
            carried = run["_bridge"].get("outputs", {}).get(responses[-1])
            if carried and ended.get("status") in ("failed", "cancelled"):
                self._answer_calls(call, run, [(c, _EXPIRED_OUTPUT) for c in carried])
        if run["status"] == "requires_action":
            calls = run["required_action"]["submit_tool_outputs"]["tool_calls"]
            self._answer_calls(call, run, [(c["id"], _EXPIRED_OUTPUT) for c in calls])
            self._close_tool_step(run, "expired")
        run.update(status="expired", required_action=None)
        self.store.put("run", run, parent=run["thread_id"])
        return True

    def _answer_calls(self, call: Call, run: Mapping[str, Any],
                      answers: List[Tuple[str, str]]) -> None:
        """Answer function calls on the run's conversation, so the thread is not left
        waiting for tool output (store-only threads keep no calls on the service)."""
        thread = self.need("thread", run["thread_id"])
        if not thread["conversation"] or not answers:
            return
        items = [{"type": "function_call_output", "call_id": call_id, "output": output}
                 for call_id, output in answers]
        for start in range(0, len(items), 20):  # the Conversations API takes 20 at a time
            self.api(call, "POST", f"/conversations/{seg(thread['id'])}/items",
                     json={"items": items[start:start + 20]})

    def _close_tool_step(self, run: Mapping[str, Any], status: str) -> None:
        docs, _ = self.store.list("run_step", parent=str(run["id"]), limit=100, order="asc")
        for step in docs:
            if step["status"] == "in_progress":
                step.update(status=status, **{f"{status}_at": now()})
                self.store.put("run_step", step, parent=str(run["id"]))

    def _apply(self, call: Call, run: Dict[str, Any], response: Mapping[str, Any]) -> Any:
        """Fold a response's state into the run record; record steps and replies once."""
        fields = run_fields_from_response(response)
        if run["status"] == "cancelling" and fields["status"] in ("queued", "in_progress"):
            fields["status"] = "cancelling"
        run.update(fields)
        stamp = now()
        if run["status"] == "in_progress" and run["started_at"] is None:
            run["started_at"] = stamp
        finished = response.get("status") not in ("queued", "in_progress")
        if finished and response["id"] not in run["_bridge"]["done"]:
            run["_bridge"]["done"].append(response["id"])
            run["started_at"] = run["started_at"] or stamp
            self._record_output(run, response, stamp)
            usage = usage_of(response)
            if run["usage"]:
                usage = {k: usage[k] + run["usage"][k] for k in usage}
            run["usage"] = usage
            carried = run["_bridge"].get("outputs", {}).get(response["id"])
            if carried and response.get("status") in ("failed", "cancelled"):
                # A failed or cancelled response adds nothing to its conversation, which
                # would keep waiting for these outputs: answer the calls there.
                self._answer_calls(call, run, [(c, _UNANSWERED_OUTPUT) for c in carried])
        if run["status"] in ("completed", "failed", "cancelled", "incomplete"):
            run["expires_at"] = None
        status_stamp = {"completed": "completed_at", "failed": "failed_at",
                        "cancelled": "cancelled_at"}.get(run["status"])
        if status_stamp:
            run[status_stamp] = run[status_stamp] or stamp
        self.store.put("run", run, parent=run["thread_id"])
        return public(run)

    def _record_output(self, run: Dict[str, Any], response: Mapping[str, Any],
                       stamp: int) -> None:
        thread = self.need("thread", run["thread_id"])
        for item in response.get("output") or []:
            if item.get("type") != "message":
                continue
            meta = {"created_at": stamp, "metadata": {}, "attachments": [],
                    "assistant_id": run["assistant_id"], "run_id": run["id"]}
            self.record_message(thread, {**item, "role": "assistant"}, meta)
        for step in steps_from_response(response, run, created_at=stamp):
            self.store.put("run_step", step, parent=run["id"])

    def op_runs_list(self, call: Call, ids: Dict[str, str], query: Dict[str, Any],
                     body: Dict[str, Any]) -> Any:
        self.need("thread", ids["thread_id"])
        docs, more = self.store.list("run", parent=ids["thread_id"], **paging(query))
        for doc in docs:
            if doc["_bridge"].get("intent"):
                self._settle(call, doc)
            if doc["status"] == "requires_action":  # waiting on the caller: may be past due
                self._expire_if_due(call, doc)
        return page([public(doc) for doc in docs], more)

    def op_runs_update(self, call: Call, ids: Dict[str, str], query: Dict[str, Any],
                       body: Dict[str, Any]) -> Any:
        self._run_of(ids)
        updated = self.store.update(
            "run", ids["run_id"],
            lambda doc: {**doc, "metadata": dict(body.get("metadata") or {})})
        return public(updated)

    def op_runs_cancel(self, call: Call, ids: Dict[str, str], query: Dict[str, Any],
                       body: Dict[str, Any]) -> Any:
        run = self._settle(call, self._run_of(ids))
        if run["status"] not in ("queued", "in_progress", "requires_action"):
            raise BadRequestError(f"Cannot cancel run with status '{run['status']}'.",
                                  status_code=400, type="invalid_request_error")
        thread = self.need("thread", run["thread_id"])
        if run["status"] == "requires_action":
            # The conversation holds the run's function calls: answer them, or it refuses
            # every later response.
            calls = [c["id"] for c in run["required_action"]["submit_tool_outputs"]
                     ["tool_calls"]]
            run["status"] = "cancelling"
            run["_bridge"]["intent"] = self._intent(thread, "answer", call_ids=calls)
            self.store.put("run", run, parent=run["thread_id"])
            try:
                self._answer_missing(call, thread, calls,
                                     after=run["_bridge"]["intent"]["after"])
            except BaseException:
                self._release(run)
                raise
            run.update(status="cancelled", required_action=None, cancelled_at=now(),
                       expires_at=None)
            run["_bridge"]["intent"] = None
            self.store.put("run", run, parent=run["thread_id"])
            self._close_tool_step(run, "cancelled")
            return public(run)
        if run["_bridge"].get("intent") or not run["_bridge"]["responses"]:
            raise BadRequestError(
                "The run's response is still being started; cancel it once it is queued.",
                status_code=400, type="invalid_request_error")
        run["status"] = "cancelling"
        run["_bridge"]["intent"] = {"op": "cancel", "at": time.time(), "owner": this_owner()}
        self.store.put("run", run, parent=run["thread_id"])
        try:
            response = self.api(call, "POST",
                                f"/responses/{seg(run['_bridge']['responses'][-1])}/cancel")
        except BaseException:
            self._release(run)
            raise
        run["_bridge"]["intent"] = None
        return self._apply(call, run, response)

    def op_runs_submit_tool_outputs(self, call: Call, ids: Dict[str, str],
                                    query: Dict[str, Any], body: Dict[str, Any]) -> Any:
        run = self._settle(call, self._run_of(ids))
        self._expire_if_due(call, run)
        thread = self.need("thread", run["thread_id"])
        request = self._outputs_request(run, list(body.get("tool_outputs") or []))
        response = self._start(call, run, thread, request, new=False)
        return self._apply(call, run, response)

    @staticmethod
    def _carried(run: Dict[str, Any], response_id: str, request: Mapping[str, Any]) -> None:
        """Remember which call ids a tool-output response answers."""
        run["_bridge"].setdefault("outputs", {})[response_id] = [
            item["call_id"] for item in request.get("input") or []
            if item.get("type") == "function_call_output"]

    def _outputs_request(self, run: Dict[str, Any], outputs: List[Any]) -> Dict[str, Any]:
        """The follow-up response request carrying tool outputs; checks the run's state."""
        if run["status"] != "requires_action":
            raise BadRequestError(
                f"Runs in status '{run['status']}' do not accept tool outputs.",
                status_code=400, param="tool_outputs", type="invalid_request_error")
        thread = self.need("thread", run["thread_id"])
        assistant = self.need("assistant", run["assistant_id"])
        request = response_request(run, assistant, thread,
                                   model=self.router.deployment_for(run["model"]))
        request["input"] = [{"type": "function_call_output", "call_id": o["tool_call_id"],
                             "output": str(o.get("output", ""))} for o in outputs]
        if thread["conversation"]:
            request["conversation"] = thread["id"]
        else:
            request["previous_response_id"] = run["_bridge"]["responses"][-1]
        return request

    def _complete_tool_step(self, run: Mapping[str, Any], outputs: List[Any]) -> None:
        """Put the submitted outputs (``function_call_output`` items) into the waiting step."""
        answers = {o["call_id"]: o["output"] for o in outputs}
        docs, _ = self.store.list("run_step", parent=str(run["id"]), limit=100, order="asc")
        for step in docs:
            if step["status"] != "in_progress":
                continue
            for tool_call in step["step_details"]["tool_calls"]:
                if tool_call["id"] in answers:
                    tool_call["function"]["output"] = answers[tool_call["id"]]
            step.update(status="completed", completed_at=now())
            self.store.put("run_step", step, parent=str(run["id"]))

    def op_steps_list(self, call: Call, ids: Dict[str, str], query: Dict[str, Any],
                      body: Dict[str, Any]) -> Any:
        self._run_of(ids)
        content = _wants_content(query.pop("include[]", None))
        docs, more = self.store.list("run_step", parent=ids["run_id"], **paging(query))
        return page([_shown_step(doc, content) for doc in docs], more)

    def op_steps_retrieve(self, call: Call, ids: Dict[str, str], query: Dict[str, Any],
                          body: Dict[str, Any]) -> Any:
        self._run_of(ids)
        step = self.need("run_step", ids["step_id"])
        if step["run_id"] != ids["run_id"]:
            raise not_found("run step", ids["step_id"])
        return _shown_step(step, _wants_content(query.get("include[]")))


_RESULT_CONTENT = "step_details.tool_calls[*].file_search.results[*].content"


def _wants_content(include: Any) -> bool:
    values = include if isinstance(include, (list, tuple)) else [include]
    return _RESULT_CONTENT in values


def _shown_step(step: Dict[str, Any], content: bool) -> Dict[str, Any]:
    """A run step as listed: file search results carry their text only when asked for."""
    if content or step.get("type") != "tool_calls":
        return step
    calls = []
    for tool_call in step["step_details"]["tool_calls"]:
        if tool_call.get("type") == "file_search":
            search = dict(tool_call["file_search"])
            search["results"] = [{k: v for k, v in result.items() if k != "content"}
                                 for result in search.get("results") or []]
            tool_call = {**tool_call, "file_search": search}
        calls.append(tool_call)
    return {**step, "step_details": {**step["step_details"], "tool_calls": calls}}

