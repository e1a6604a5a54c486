"""The scripted "model": what an emulated run does, decided deterministically from its input.

Everything below is a contract that client tests and the demo rely on.

**Input.** The model reads the run's ``tools`` (the run's own ``tools`` when given, else
the assistant's), ``tool_choice``, ``parallel_tool_calls``, the thread's messages and the
run's script. "The user text" is the text of the newest ``role=user`` message of the
thread when the run is created (messages cannot be added while a run is active), with
the markers below removed (when a marker was removed the text is also stripped).

**Markers** in the user text (case-sensitive, anywhere in the text)::

    [[fail:server_error]]  [[fail:rate_limit_exceeded]]  [[fail:invalid_prompt]]
    [[incomplete]]  [[expire]]  [[cancel]]
    [[stream_error]]  [[stream_truncate]]  [[stream_truncate:N]]
    [[long]]  [[long:N]]

A marker with an unknown name or a bad argument is not a marker and stays in the text.
``Emulator.script_run(...)`` queues the same outcomes from Python (FIFO, one entry per
run created, ``POST /threads/{id}/runs`` or ``POST /threads/runs``); a queued entry's
fields win over the markers of that run's message, one by one (``status="completed"``
means "no scripted outcome" and so cancels a marker's). Default ``last_error`` messages:
``server_error`` "Sorry, something went wrong.", ``rate_limit_exceeded`` "Rate limit
reached. Please try again later.", ``invalid_prompt`` "Invalid prompt: your prompt was
flagged as potentially violating our usage policy."

**Turn order.** When a run gets its turn (on the poll that completes it, or at once when
streamed) the first turn goes:

1. ``[[fail:invalid_prompt]]``: the run fails at once (no step).
2. ``[[expire]]`` / ``status="expired"``: the run ends ``expired`` (``expires_at`` =
   that moment; a run also expires when polled at/after its ``expires_at``, see
   ``Emulator.advance_clock``). ``[[cancel]]`` /
   ``status="cancelled"``: the run moves to ``cancelling``, then ``cancelled`` on the next
   poll (a stream shows both events).
3. ``max_prompt_tokens`` set and the prompt (instructions + all message texts) has more
   words than that: the run ends ``incomplete`` with reason ``max_prompt_tokens``.
4. Built-in tools, both only when the tool is in the run's tools:
   ``code_interpreter`` when the user text contains the word ``code`` or ``calculate``
   (whole word, any case); ``file_search`` when it contains the word ``search``. Both go
   into one ``tool_calls`` step (code_interpreter first). The code is ``print(<expr>)``
   for the longest arithmetic expression in the text (logs: its value and a newline),
   else ``print(<user text as a Python literal>)`` (logs: the text and a newline).
   ``file_search`` returns every file of the vector stores of the assistant's, the
   thread's and (create-and-run) the run's ``tool_resources`` plus files attached to the
   thread's messages for ``file_search``; score = share of the user text's distinct
   words (3+ letters, ``search`` excluded, case-folded) found in the file, results below
   the tool's ``score_threshold`` dropped, sorted by score then file name, at most
   ``max_num_results`` (default 20). ``results`` always list ``file_id``,
   ``file_name`` and ``score``; ``content`` only when the request asked for
   ``include[]=step_details.tool_calls[*].file_search.results[*].content``.
5. ``[[fail:server_error]]`` / ``[[fail:rate_limit_exceeded]]`` / ``status="failed"``:
   the run fails with ``last_error`` ``{code, message}`` and ``failed_at``; when step 4
   made a tool step, that step fails too (same ``last_error``).
6. Function tools: every function tool of the run whose name occurs in the user text
   as a whole word (case-sensitive; words are delimited by anything but letters,
   digits, ``_`` and ``-``) is called, in order of first mention, each once per run.
   With ``parallel_tool_calls`` false only the first not-yet-called one is called per
   turn. The run goes ``requires_action`` and a ``tool_calls`` step (``in_progress``,
   ``output: null``) records the calls; after ``submit_tool_outputs`` the step is
   ``completed`` with the outputs and the run is ``queued`` again; its next turn calls
   the next function (non-parallel) or replies.
7. The reply (a ``message_creation`` step and an assistant message with ``assistant_id``
   and ``run_id``), then the run ends ``completed``.

``tool_choice``: ``"none"`` disables steps 4 and 6; ``"required"`` makes a first turn
that triggered no tool call the first tool of the run's tools; ``{"type": "function",
"function": {"name": X}}`` calls only X (mentioned or not); ``{"type":
"code_interpreter"}`` / ``{"type": "file_search"}`` runs only that built-in tool.

**Arguments** of a call: ``key=value`` pairs in the user text (``value`` is ``"..."`` /
``'...'`` quoted, a flat JSON ``{...}`` / ``[...]``, or a run of non-space characters
without a trailing ``, . ; : ! ?``) belong to the function mentioned
closest before them (pairs before any mention: to the first mentioned function; a
function called without being mentioned gets every pair). Values are typed by the
function's JSON-schema property ``type`` (integer, number, boolean
``true/false/yes/no/1/0``, array = JSON or comma-separated, object = JSON) and stay strings
otherwise. Then each ``required`` property not given gets a placeholder: its first
``enum`` value, else ``""`` / ``0`` / ``false`` / ``[]`` / ``{}`` / ``null`` by type.
Arguments are serialised as compact JSON (``json.dumps(args, separators=(",", ":"),
ensure_ascii=False)``), keys in that order: ``call get_weather city=Paris unit=c`` ->
``{"city":"Paris","unit":"c"}``.

**Reply text**: ``Emulator.script_run(reply=...)`` verbatim; else, when the run called
tools, one line per call: ``code_interpreter output: <logs without trailing newline>``,
``file_search found <n> result(s)`` (``: name1, name2`` when n > 0), then
``<function name> returned: <output>`` per function call in call order; else
``You said: <user text>`` (``You said nothing.`` when it is empty). ``[[long:N]]`` pads
the reply with the word ``lorem`` up to N words (``[[long]]`` = 300), never shortening it.

**Tokens** are whitespace-separated words. ``max_completion_tokens`` (spec minimum 256)
smaller than the reply's word count, or ``[[incomplete]]`` / ``status="incomplete"``:
the message keeps its first ``max_completion_tokens`` words (``[[incomplete]]``: the
first half, at least one), is ``incomplete`` with ``incomplete_details.reason
"max_tokens"``, and the run ends ``incomplete`` with reason ``max_completion_tokens``.
Usage: a tool step's prompt is the prompt's words and its completion the words of its
arguments / code; the reply step's prompt also counts the tool outputs, its completion
the reply's words; the run's usage is the sum over its steps (zeros without steps).

**Streams** (only for ``stream: true`` requests): ``[[stream_error]]`` /
``stream_error=True``: after ``thread.run.in_progress`` an ``error`` event, then the
stream ends cleanly without ``done``; the run is ``failed`` (``server_error``). The
error event's data is the spec's ``Error`` (``type``, ``message``, ``param``, ``code``)
plus the same four fields under ``error`` (what openai-python looks for).
``[[stream_truncate:N]]`` / ``stream_truncate_after=N`` (marker default 3): the
connection drops after N events, never reaching the run's last event or ``done``; the run
itself still finishes as usual. A stream fault applies to the first stream of its run
(create, or ``submit_tool_outputs`` of a run created without streaming) and is then used up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from multiassist.testing.engine.objects import message_text
from multiassist.testing.engine.script_text import (
    choice_mode,
    code_for,
    count_tokens,
    derive_arguments,
    first_mention,
    has_word,
    pairs_by_mention,
    serialize_arguments,
)

JSONDict = Dict[str, Any]

FAIL_CODES = ("server_error", "rate_limit_exceeded", "invalid_prompt")
SCRIPTED_STATUSES = ("completed", "failed", "cancelled", "expired", "incomplete")
FAIL_MESSAGES: Mapping[str, str] = {
    "server_error": "Sorry, something went wrong.",
    "rate_limit_exceeded": "Rate limit reached. Please try again later.",
    "invalid_prompt": "Invalid prompt: your prompt was flagged as potentially violating our "
    "usage policy.",
}
LONG_REPLY_WORDS = 300
DEFAULT_TRUNCATE_AFTER = 3
FILLER_WORD = "lorem"
_MARKER = re.compile(r"\s*\[\[([a-z_]+)(?::([A-Za-z0-9_]+))?\]\]")
_NO_ARGUMENT = ("incomplete", "expire", "cancel", "stream_error")


@dataclass(frozen=True)
class RunScript:
    """Scripted outcome of one run, from ``Emulator.script_run`` and/or message markers.

    ``status`` is the outcome (None or ``completed``: whatever the model does; ``failed``
    uses ``fail_code``); fields set by ``script_run`` win over the markers one by one.
    """

    fail_code: Optional[str] = None
    fail_message: Optional[str] = None
    status: Optional[str] = None
    reply: Optional[str] = None
    long_reply: Optional[int] = None
    stream_error: bool = False
    stream_truncate_after: Optional[int] = None

    @classmethod
    def build(
        cls,
        *,
        fail: Optional[Mapping[str, str]] = None,
        status: Optional[str] = None,
        reply: Optional[str] = None,
        stream_error: bool = False,
        stream_truncate_after: Optional[int] = None,
    ) -> RunScript:
        """Validate ``Emulator.script_run`` arguments (ValueError when inconsistent)."""
        if status is not None and status not in SCRIPTED_STATUSES:
            raise ValueError(f"status must be one of {SCRIPTED_STATUSES}, not {status!r}")
        code = message = None
        if fail is not None:
            code = fail.get("code", "server_error")
            if code not in FAIL_CODES:
                raise ValueError(f"fail code must be one of {FAIL_CODES}, not {code!r}")
            message = fail.get("message")
            if status not in (None, "failed"):
                raise ValueError("fail=... only goes with status=None or 'failed'")
            status = "failed"
        elif status == "failed":
            code = "server_error"
        if stream_truncate_after is not None and stream_truncate_after < 0:
            raise ValueError("stream_truncate_after must be >= 0")
        return cls(
            fail_code=code,
            fail_message=message,
            status=status,
            reply=reply,
            stream_error=stream_error,
            stream_truncate_after=stream_truncate_after,
        )

    def over(self, base: RunScript) -> RunScript:
        """This script with ``base`` filling the fields this one leaves unset."""
        merged = base
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if value is not None and value is not False:
                merged = replace(merged, **{name: value})
        return merged

    @property
    def failing(self) -> bool:
        """Whether the run is scripted to fail."""
        return self.status == "failed"

    def error(self) -> Tuple[str, str]:
        """``(code, message)`` of the scripted failure (server_error when none is set)."""
        code = self.fail_code or "server_error"
        return code, self.fail_message or FAIL_MESSAGES[code]


def parse_markers(text: str) -> Tuple[str, RunScript]:
    """``text`` without its markers, and the RunScript they describe."""
    found: Dict[str, Any] = {}

    def take(match: re.Match[str]) -> str:
        name, arg = match.group(1), match.group(2)
        if name == "fail" and arg in FAIL_CODES:
            found.update(status="failed", fail_code=arg)
        elif name in _NO_ARGUMENT and arg is None:
            key = {"incomplete": "status", "expire": "status", "cancel": "status"}.get(name)
            if key:
                found[key] = {"expire": "expired", "cancel": "cancelled"}.get(name, name)
            else:
                found["stream_error"] = True
        elif name in ("stream_truncate", "long") and (arg is None or arg.isdigit()):
            default = DEFAULT_TRUNCATE_AFTER if name == "stream_truncate" else LONG_REPLY_WORDS
            count = default if arg is None else int(arg)
            found["stream_truncate_after" if name == "stream_truncate" else "long_reply"] = count
        else:
            return match.group(0)
        return ""

    clean = _MARKER.sub(take, text)
    return (clean.strip() if found else clean), RunScript(**found)


@dataclass(frozen=True)
class Transcript:
    """What the model sees: instructions, tools, tool options and messages (oldest first)."""

    instructions: str
    tools: List[JSONDict] = field(default_factory=list)
    messages: List[JSONDict] = field(default_factory=list)
    tool_choice: Any = "auto"
    parallel_tool_calls: bool = True

    def last_user_text(self) -> str:
        """Raw text of the newest user message ('' when there is none)."""
        for message in reversed(self.messages):
            if message.get("role") == "user":
                return message_text(message)
        return ""

    def user_text(self) -> str:
        """The user text with markers removed."""
        return parse_markers(self.last_user_text())[0]

    def prompt_text(self) -> str:
        """Everything the model reads, for token counting."""
        return "\n".join([self.instructions] + [message_text(m) for m in self.messages])

    def tool_types(self) -> List[str]:
        """The ``type`` of each tool, in order."""
        return [str(tool.get("type")) for tool in self.tools]

    def functions(self) -> Dict[str, JSONDict]:
        """Function definitions by name, in tool order."""
        return {
            str(t["function"]["name"]): dict(t["function"])
            for t in self.tools
            if t.get("type") == "function" and isinstance(t.get("function"), dict)
        }


@dataclass(frozen=True)
class FunctionCall:
    """One function tool call the model makes."""

    name: str
    arguments: str


@dataclass(frozen=True)
class BuiltinCall:
    """One code_interpreter or file_search call (file search results come from the store)."""

    kind: str
    code_input: str = ""
    logs: str = ""


class ScriptedModel:
    """Deterministic stand-in for the model behind emulated runs (grammar: module doc)."""

    def builtin_calls(self, transcript: Transcript) -> List[BuiltinCall]:
        """Built-in tool calls of a run's first turn (step 4 of the module doc)."""
        mode, forced = choice_mode(transcript.tool_choice)
        available = transcript.tool_types()
        text = transcript.user_text()
        if mode == "none":
            return []
        if mode == "forced":
            wanted = [forced] if forced in ("code_interpreter", "file_search") else []
        else:
            wanted = []
            if has_word(text, "code", "calculate"):
                wanted.append("code_interpreter")
            if has_word(text, "search"):
                wanted.append("file_search")
            if mode == "required" and not self._any_trigger(transcript) and available:
                wanted = [available[0]]  # a function here is function_calls' business
        builtins = ("code_interpreter", "file_search")
        return [self._builtin(k, text) for k in wanted if k in builtins and k in available]

    def function_calls(
        self, transcript: Transcript, called: Sequence[str], first_turn: bool
    ) -> List[FunctionCall]:
        """The function calls of this turn, skipping functions this run already called."""
        mode, forced = choice_mode(transcript.tool_choice)
        functions = transcript.functions()
        text = transcript.user_text()
        mentions = sorted(
            (offset, name)
            for name in functions
            for offset in [first_mention(text, name)]
            if offset is not None
        )
        if mode == "none":
            names: List[str] = []
        elif mode == "forced":
            names = [forced] if forced in functions else []
        else:
            names = [name for _, name in mentions]
            tools = transcript.tools
            untriggered = mode == "required" and first_turn and not self._any_trigger(transcript)
            if untriggered and tools and tools[0].get("type") == "function":
                names = [str(tools[0]["function"]["name"])]
        pending = [name for name in names if name not in called]
        if not transcript.parallel_tool_calls:
            pending = pending[:1]
        grouped = pairs_by_mention(text, mentions)
        calls = []
        for name in pending:
            pairs = grouped.get(name)
            if pairs is None:
                pairs = pairs_by_mention(text, [(0, name)])[name]
            arguments = derive_arguments(pairs, functions[name].get("parameters"))
            calls.append(FunctionCall(name, serialize_arguments(arguments)))
        return calls

    def reply(self, transcript: Transcript, tool_lines: Sequence[str], script: RunScript) -> str:
        """The assistant's reply text (before any max_completion_tokens cut)."""
        if script.reply is not None:
            text = script.reply
        elif tool_lines:
            text = "\n".join(tool_lines)
        else:
            said = transcript.user_text()
            text = f"You said: {said}" if said else "You said nothing."
        missing = (script.long_reply or 0) - count_tokens(text)
        if missing > 0:
            text = (text + " " if text else "") + " ".join([FILLER_WORD] * missing)
        return text

    # ------------------------------------------------------------------ internals

    def _any_trigger(self, transcript: Transcript) -> bool:
        text = transcript.user_text()
        types = transcript.tool_types()
        if "code_interpreter" in types and has_word(text, "code", "calculate"):
            return True
        if "file_search" in types and has_word(text, "search"):
            return True
        return any(first_mention(text, name) is not None for name in transcript.functions())

    @staticmethod
    def _builtin(kind: str, text: str) -> BuiltinCall:
        if kind == "code_interpreter":
            code_input, logs = code_for(text)
            return BuiltinCall(kind, code_input, logs)
        return BuiltinCall(kind)
