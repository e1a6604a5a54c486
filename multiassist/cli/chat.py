"""``multiassist chat``: talk to an assistant on one thread, replies streamed as they arrive.

Each line read from stdin becomes a user message; the reply's text is printed as it streams
in. When the run calls functions, each call is printed as ``function call: NAME(ARGUMENTS)``
and the next stdin line is submitted as its output (``not available`` once stdin has ended).
``/quit`` (or the end of stdin) ends the chat. Without ``--assistant`` a temporary assistant
is created (with the functions of ``--function``, by default an example ``get_weather``)
and deleted at exit; the thread is deleted at exit too. Without ``--profile`` / ``--config``
the chat runs against an in-process emulator, so it works offline.
"""

from __future__ import annotations

import argparse
import contextlib
from typing import Any, Dict, Iterator, List, Optional, TextIO

from multiassist.cli.common import add_profile_options, client_from_args
from multiassist.cli.progress import ProgressLine
from multiassist.client import AssistantsClient
from multiassist.models import Run, TextContentBlockDelta
from multiassist.streaming import AssistantStream, RunEvent, ThreadMessageDelta

__all__ = ["add_parser", "run"]

QUIT = ("/quit", "/exit")
NOT_AVAILABLE = "not available"
EXAMPLE_FUNCTION: Dict[str, Any] = {
    "name": "get_weather",
    "description": "The current weather in a city.",
    "parameters": {
        "type": "object",
        "properties": {"city": {"type": "string", "description": "the city's name"}},
        "required": ["city"],
    },
}


def add_parser(commands: Any) -> None:
    """Register the ``chat`` subcommand."""
    parser = commands.add_parser(
        "chat", help="chat with an assistant, streaming its replies",
        description="Read lines from stdin, send each as a user message on one thread and "
        "stream the reply. Function calls are printed and answered with the next line you "
        "type. /quit ends. Without --profile/--config it runs on an in-process emulator.",
    )
    parser.add_argument("--assistant", metavar="ID",
                        help="an existing assistant (default: a temporary one, deleted at exit)")
    parser.add_argument("--model", default="gpt-4o",
                        help="the temporary assistant's model (default: gpt-4o)")
    parser.add_argument("--function", action="append", default=[], metavar="NAME",
                        help="give the temporary assistant a function tool NAME taking any "
                        "JSON object (repeatable; default: an example get_weather(city))")
    add_profile_options(parser, what="to chat on (default: an in-process emulator)")


@contextlib.contextmanager
def _client(args: argparse.Namespace) -> Iterator[AssistantsClient]:
    if args.profile is not None or args.config is not None:
        with client_from_args(args) as client:
            yield client
        return
    from multiassist.testing import Emulator

    with Emulator(flavor="openai") as emulator, emulator.client() as client:
        yield client


def _function_tools(names: List[str]) -> List[Dict[str, Any]]:
    if not names:
        return [{"type": "function", "function": EXAMPLE_FUNCTION}]
    return [
        {"type": "function",
         "function": {"name": name, "parameters": {"type": "object", "properties": {}}}}
        for name in names
    ]


def run(args: argparse.Namespace, stdin: TextIO, out: TextIO, err: TextIO) -> int:
    """Chat until ``/quit`` or the end of stdin; returns the exit code (0)."""
    with _client(args) as client:
        assistants = client.beta.assistants
        if args.assistant is not None:
            assistant = assistants.retrieve(args.assistant)
            temporary = False
        else:
            assistant = assistants.create(
                model=args.model, name="multiassist chat (temporary)",
                instructions="You are a helpful assistant.",
                tools=_function_tools(args.function),
            )
            temporary = True
        try:
            thread = client.beta.threads.create()
            try:
                note = " (temporary, deleted at exit)" if temporary else ""
                err.write(f"chatting with assistant {assistant.id}{note} on {client!r}; "
                          "/quit ends\n")
                err.flush()
                Chat(client, assistant.id, thread.id, stdin, out, err).loop()
            finally:
                client.beta.threads.delete(thread.id)
        finally:
            if temporary:
                assistants.delete(assistant.id)
    return 0


class Chat:
    """One conversation: reads stdin, streams replies to ``out``, prompts on ``err`` when
    stdin is a terminal, and draws a progress line on ``err`` when that is a terminal."""

    def __init__(self, client: AssistantsClient, assistant_id: str, thread_id: str,
                 stdin: TextIO, out: TextIO, err: TextIO) -> None:
        self.runs = client.beta.threads.runs
        self.messages = client.beta.threads.messages
        self.assistant_id = assistant_id
        self.thread_id = thread_id
        self.stdin, self.out, self.err = stdin, out, err
        self.interactive = _is_terminal(stdin)
        self.progress = ProgressLine(err)
        self.stdin_ended = False

    def loop(self) -> None:
        """Turns until ``/quit`` or the end of stdin."""
        while not self.stdin_ended:
            line = self._read("you> ")
            if line is None:
                return
            text = line.strip()
            if not text:
                continue
            if text in QUIT:
                return
            self.turn(text)

    def turn(self, text: str) -> Run:
        """Send one user message and stream the run, answering its function calls."""
        self.messages.create(self.thread_id, role="user", content=text)
        run = self._show(self.runs.stream(self.thread_id, assistant_id=self.assistant_id))
        while run.status == "requires_action" and run.required_action is not None:
            outputs = [
                {"tool_call_id": call.id, "output": self._output_for(call.function.name,
                                                                     call.function.arguments)}
                for call in run.required_action.submit_tool_outputs.tool_calls
            ]
            run = self._show(self.runs.submit_tool_outputs_stream(
                run.id, thread_id=self.thread_id, tool_outputs=outputs))
        if run.status != "completed":
            reason = ""
            if run.last_error is not None:
                reason = f": {run.last_error.code}: {run.last_error.message}"
            elif run.incomplete_details is not None:
                reason = f": {run.incomplete_details.reason}"
            self.err.write(f"run {run.id} ended {run.status}{reason}\n")
            self.err.flush()
        return run

    def _show(self, stream: AssistantStream) -> Run:
        """Print the stream's text as it arrives; return the run as the stream left it."""
        wrote = False
        with stream:
            for event in stream:
                if isinstance(event, ThreadMessageDelta):
                    for part in event.data.delta.content or ():
                        if (isinstance(part, TextContentBlockDelta) and part.text is not None
                                and part.text.value):
                            if not wrote:
                                self.progress.clear()
                            self.out.write(part.text.value)
                            self.out.flush()
                            wrote = True
                elif isinstance(event, RunEvent) and not wrote:
                    self.progress.show("assistant", event.data.status)
            run = stream.get_final_run()
        self.progress.clear()
        if wrote:
            self.out.write("\n")
            self.out.flush()
        return run

    def _output_for(self, name: str, arguments: str) -> str:
        self.out.write(f"function call: {name}({arguments})\n")
        self.out.flush()
        if self.stdin_ended:
            return NOT_AVAILABLE
        line = self._read(f"output of {name}> ")
        return NOT_AVAILABLE if line is None else line.rstrip("\r\n")

    def _read(self, prompt: str) -> Optional[str]:
        """The next stdin line, or None at the end of stdin (remembered)."""
        if self.interactive:
            self.err.write(prompt)
            self.err.flush()
        line = self.stdin.readline()
        if not line:
            self.stdin_ended = True
            return None
        return line


def _is_terminal(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
