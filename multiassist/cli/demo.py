"""The walkthrough behind ``make demo``: one flow on the embedded emulator, on both wire
flavors (OpenAI and Azure) and with both name sets (openai-python's and the Azure SDK's).

``multiassist demo --profile NAME`` walks the same flow on a configured provider instead
(see :mod:`multiassist.config.profiles`); it creates one assistant and one thread and deletes them.
"""

from __future__ import annotations

import functools
import os
import time
from typing import Callable, List, Optional, TextIO, Union

from multiassist.client import AssistantsClient
from multiassist.models import Run
from multiassist.polling import RunTimeoutError

__all__ = ["run_demo"]

TERMINAL = ("completed", "failed", "cancelled", "expired", "incomplete")

#: Waits for a run: takes the function that fetches it, returns it once it stopped.
Wait = Callable[[Callable[[], Run]], Run]
#: Called with every run fetched while waiting (the command draws its progress line).
ProgressHook = Callable[[Run], None]


def _wait(
    fetch: Callable[[], Run],
    *,
    deadline_s: float = 30.0,
    interval_s: float = 0.05,
    progress: Optional[ProgressHook] = None,
) -> Run:
    stop = time.monotonic() + deadline_s
    started = time.monotonic()
    run = fetch()
    while True:
        if progress is not None:
            progress(run)
        if run.status in TERMINAL:
            return run
        if time.monotonic() > stop:
            raise RunTimeoutError(run, time.monotonic() - started)
        time.sleep(interval_s)
        run = fetch()


def openai_style(
    client: AssistantsClient, say: Callable[[str], None], *, wait: Wait = _wait,
    model: str = "gpt-4o",
) -> None:
    """The flow written the openai-python way."""
    assistant = client.beta.assistants.create(
        model=model, name="Demo helper", instructions="Answer briefly."
    )
    say(f"created assistant {assistant.id} (model {assistant.model})")
    thread = client.beta.threads.create()
    say(f"created thread {thread.id}")
    client.beta.threads.messages.create(
        thread.id, role="user", content="What is the capital of France?"
    )
    say("added user message: What is the capital of France?")
    run = client.beta.threads.runs.create(thread.id, assistant_id=assistant.id)
    say(f"started run {run.id} ({run.status})")
    run = wait(lambda: client.beta.threads.runs.retrieve(run.id, thread_id=thread.id))
    say(f"run finished: {run.status}")
    for message in client.beta.threads.messages.list(thread.id, order="asc"):
        say(f"  {message.role:>9}: {message.text}")
    for step in client.beta.threads.runs.steps.list(run.id, thread_id=thread.id):
        say(f"  step {step.id}: {step.type} ({step.status})")
    client.beta.threads.delete(thread.id)
    client.beta.assistants.delete(assistant.id)
    say("deleted thread and assistant")


def azure_style(
    client: AssistantsClient, say: Callable[[str], None], *, wait: Wait = _wait,
    model: str = "gpt-4o",
) -> None:
    """The same flow written with the retired Azure SDK's method names."""
    assistant = client.createAssistant(
        {"model": model, "name": "Demo helper", "instructions": "Answer briefly."}
    )
    say(f"createAssistant -> {assistant.id} (model {assistant.model})")
    thread = client.createThread()
    say(f"createThread -> {thread.id}")
    client.createMessage(thread.id, "user", "What is the capital of France?")
    say("createMessage(thread, 'user', 'What is the capital of France?')")
    run = client.createRun(thread.id, {"assistantId": assistant.id})
    say(f"createRun -> {run.id} ({run.status})")
    run = wait(lambda: client.getRun(thread.id, run.id))
    say(f"getRun -> {run.status}")
    for message in client.listMessages(thread.id, {"order": "asc"}):
        say(f"  {message.role:>9}: {message.text}")
    for step in client.listRunSteps(thread.id, run.id):
        say(f"  step {step.id}: {step.type} ({step.status})")
    client.deleteThread(thread.id)
    client.deleteAssistant(assistant.id)
    say("deleteThread, deleteAssistant")


WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather for a city",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                       "required": ["city"]},
    },
}


def streaming_tools(client: AssistantsClient, out: TextIO, *, model: str = "gpt-4o") -> None:
    """A function-calling run in streaming mode: the tool runs locally, the reply streams."""
    assistant = client.beta.assistants.create(model=model, tools=[WEATHER_TOOL],
                                              instructions="Use get_weather for weather.")
    thread = client.beta.threads.create(
        messages=[{"role": "user", "content": "What is the weather? call get_weather city=Paris"}]
    )

    def get_weather(city: str) -> str:
        out.write(f"  tool call: get_weather(city={city!r}) -> 'sunny, 21 C'\n")
        return "sunny, 21 C"

    started: List[bool] = []

    def show(piece: str) -> None:
        if not started:
            started.append(True)
            out.write("  assistant (streamed): ")
        out.write(piece)
        out.flush()

    run = client.run_tools(
        thread.id, assistant_id=assistant.id, functions={"get_weather": get_weather},
        stream=True, on_text=show,
    )
    out.write(f"\n  run {run.id} finished: {run.status}\n")
    client.beta.threads.delete(thread.id)
    client.beta.assistants.delete(assistant.id)


def _write(out: TextIO, text: str) -> None:
    out.write(text)


def run_demo(
    out: TextIO,
    *,
    profile: Optional[str] = None,
    config: Union[str, os.PathLike[str], None] = None,
    model: str = "gpt-4o",
    progress: Optional[ProgressHook] = None,
) -> None:
    """Start the emulator in each flavor and walk the flow with each name set.

    With ``profile`` (or ``config``), walk it on that configured provider instead, with
    ``model`` (a model name the profile's ``deployments`` map, on Azure). ``progress`` is
    called with each run fetched while one is polled. Raises what the client raises
    (:class:`~multiassist.errors.MultiassistError`).
    """
    if profile is not None or config is not None:
        wait = functools.partial(_wait, deadline_s=120.0, interval_s=0.5, progress=progress)
        with AssistantsClient.from_config(config, profile) as client:
            for label, flow in (("openai-python names", openai_style),
                                ("Azure SDK names", azure_style)):
                out.write(f"\n== {label} -- {client!r}\n")
                flow(client, lambda line: _write(out, f"  {line}\n"), wait=wait, model=model)
            out.write(f"\n== function calling, streamed -- {client!r}\n")
            streaming_tools(client, out, model=model)
        out.write("\ndemo finished: both name sets, one client, your provider\n")
        return

    from multiassist.testing import Emulator

    wait = functools.partial(_wait, progress=progress)
    for flavor in ("openai", "azure"):
        emulator = Emulator(flavor=flavor, deployments={"gpt-4o": "my-gpt4o-deployment"})
        with emulator as emu, emu.client() as client:
            for label, flow in (("openai-python names", openai_style),
                                ("Azure SDK names", azure_style)):
                out.write(f"\n== {flavor} wire, {label} -- {client!r}\n")
                flow(client, lambda line: _write(out, f"  {line}\n"), wait=wait)
            out.write(f"\n== {flavor} wire, function calling, streamed -- {client!r}\n")
            streaming_tools(client, out)
    out.write("\ndemo finished: both wires, both name sets, one client\n")
