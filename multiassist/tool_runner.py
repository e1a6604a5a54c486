# Generated from multiassist/_async/tool_runner.py by scripts/generate_sync.py:
# edit that file and run `python -m scripts.generate_sync`; `make test` fails on drift.
"""The tool-call loop: run an assistant, answer its function calls with Python callables, and
repeat until the run stops.

The loop never leaves a run hanging in ``requires_action``: a tool that raises produces an
error output the model can read (or, with ``raise_tool_errors=True``, the run is cancelled and
:class:`ToolCallError` raised); an unknown function name and arguments that are not JSON are
answered the same way; a loop that exceeds ``max_rounds`` cancels the run before raising.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Callable, Dict, List, Mapping, Optional

from multiassist.concurrency import call_user
from multiassist.errors import MultiassistError, ToolCallError
from multiassist.models import RequiredActionFunctionToolCall, Run
from multiassist.polling import DEFAULT_MAX_WAIT_S, check_poll_arguments

__all__ = ["ToolRunner", "ToolCallError", "call_tool"]

log = logging.getLogger("multiassist.tools")

ToolFunction = Callable[..., Any]


def call_tool(
    call: RequiredActionFunctionToolCall, functions: Mapping[str, ToolFunction]
) -> str:
    """Run one function tool call and return its output text.

    JSON-object arguments become keyword arguments; a non-string result is JSON-encoded.
    Raises whatever the function raises, and :class:`ToolCallError` for an unknown name or
    arguments that are not JSON.
    """
    name = call.function.name
    function = functions.get(name)
    if function is None:
        raise ToolCallError(
            f"the run asked for function {name!r}, which is not among the given functions "
            f"({', '.join(sorted(functions)) or 'none'})"
        )
    try:
        arguments = json.loads(call.function.arguments or "{}")
    except ValueError as exc:
        raise ToolCallError(f"arguments for {name!r} are not JSON: {exc}") from None
    pending = (call_user(function, **arguments) if isinstance(arguments, dict)
               else call_user(function, arguments))
    result = pending
    return result if isinstance(result, str) else json.dumps(result, default=str)


class ToolRunner:
    """Drives a run through its tool calls on a ``client.beta.threads.runs`` resource.

    Use :meth:`multiassist.AssistantsClient.run_tools` rather than building one directly.
    """

    def __init__(
        self,
        runs: Any,
        functions: Mapping[str, ToolFunction],
        *,
        raise_tool_errors: bool = False,
        max_rounds: int = 20,
        max_wait: float = DEFAULT_MAX_WAIT_S,
        poll_interval_ms: Optional[int] = None,
    ) -> None:
        for name, function in functions.items():
            if not callable(function):
                raise TypeError(f"functions[{name!r}] is not callable")
        check_poll_arguments(poll_interval_ms, max_wait)
        self._runs = runs
        self._functions = dict(functions)
        self._raise = raise_tool_errors
        self._max_rounds = max_rounds
        self._poll = {"max_wait": max_wait, "poll_interval_ms": poll_interval_ms}

    def run(self, thread_id: str, *, assistant_id: str, **params: Any) -> Run:
        """Create a run and answer its tool calls until it stops; return the final run."""
        run = self._runs.create_and_poll(
            thread_id, assistant_id=assistant_id, **self._poll, **params
        )
        return self.resume(run)

    def run_streamed(
        self,
        thread_id: str,
        *,
        assistant_id: str,
        on_text: Optional[Callable[[str], None]] = None,
        **params: Any,
    ) -> Run:
        """Like :meth:`run`, over SSE streams: ``on_text`` receives reply text as it arrives."""
        stream = self._runs.stream(thread_id, assistant_id=assistant_id, **params)
        rounds = 0
        while True:
            with stream as opened:
                for text in opened.text_deltas():
                    if on_text is not None:
                        call_user(on_text, text)
                run: Run = opened.get_final_run()
            if run.status != "requires_action":
                return run
            rounds += 1
            if rounds > self._max_rounds:
                self._cancel(run)
                raise ToolCallError(
                    f"run {run.id} still asked for tools after {self._max_rounds} rounds; "
                    "cancelled it (raise max_rounds if this is expected)",
                    run=run,
                )
            stream = self._runs.submit_tool_outputs_stream(
                run.id, thread_id=run.thread_id, tool_outputs=self.outputs_for(run)
            )

    def resume(self, run: Run) -> Run:
        """Continue an existing run (for example one found in ``requires_action``)."""
        rounds = 0
        while run.status == "requires_action":
            rounds += 1
            if rounds > self._max_rounds:
                self._cancel(run)
                raise ToolCallError(
                    f"run {run.id} still asked for tools after {self._max_rounds} rounds; "
                    "cancelled it (raise max_rounds if this is expected)",
                    run=run,
                )
            outputs = self.outputs_for(run)
            run = self._runs.submit_tool_outputs_and_poll(
                run.id, thread_id=run.thread_id, tool_outputs=outputs, **self._poll
            )
        return run

    def outputs_for(self, run: Run) -> List[Dict[str, str]]:
        """Call every requested function of ``run`` and build the tool outputs."""
        action = run.required_action
        if action is None or action.submit_tool_outputs is None:
            self._cancel(run)
            raise ToolCallError(
                f"run {run.id} requires an action other than submit_tool_outputs; cancelled it",
                run=run,
            )
        outputs: List[Dict[str, str]] = []
        for call in action.submit_tool_outputs.tool_calls:
            try:
                output = call_tool(call, self._functions)
            except Exception as exc:
                if self._raise:
                    self._cancel(run)
                    raise ToolCallError(
                        f"tool {call.function.name!r} (call {call.id}) failed: "
                        f"{type(exc).__name__}: {exc}; the run was cancelled",
                        run=run,
                    ) from exc
                log.debug("tool %s failed: %s", call.function.name, type(exc).__name__)
                output = json.dumps({"error": f"{type(exc).__name__}: {exc}"})
            outputs.append({"tool_call_id": call.id, "output": output})
        return outputs

    def _cancel(self, run: Run) -> None:
        try:
            self._runs.cancel(run.id, thread_id=run.thread_id)
        except MultiassistError as exc:  # the original problem matters more
            log.warning("could not cancel run %s: %s", run.id, type(exc).__name__)
