"""The walkthrough behind ``make demo``: one flow on the embedded emulator, on both wire
flavors (OpenAI and Azure) and with both name sets (openai-python's and the Azure SDK's)."""

from __future__ import annotations

import time
from typing import Callable, TextIO

from .client import AssistantsClient
from .models import Run

__all__ = ["run_demo"]

TERMINAL = ("completed", "failed", "cancelled", "expired", "incomplete")


def _wait(fetch: Callable[[], Run], *, deadline_s: float = 30.0) -> Run:
    stop = time.monotonic() + deadline_s
    run = fetch()
    while run.status not in TERMINAL:
        if time.monotonic() > stop:
            raise TimeoutError(f"run {run.id} still {run.status} after {deadline_s:.0f} s")
        time.sleep(0.05)
        run = fetch()
    return run


def openai_style(client: AssistantsClient, say: Callable[[str], None]) -> None:
    """The flow written the openai-python way."""
    assistant = client.beta.assistants.create(
        model="gpt-4o", name="Demo helper", instructions="Answer briefly."
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
    run = _wait(lambda: client.beta.threads.runs.retrieve(run.id, thread_id=thread.id))
    say(f"run finished: {run.status}")
    for message in client.beta.threads.messages.list(thread.id, order="asc"):
        say(f"  {message.role:>9}: {message.text}")
    for step in client.beta.threads.runs.steps.list(run.id, thread_id=thread.id):
        say(f"  step {step.id}: {step.type} ({step.status})")
    client.beta.threads.delete(thread.id)
    client.beta.assistants.delete(assistant.id)
    say("deleted thread and assistant")


def azure_style(client: AssistantsClient, say: Callable[[str], None]) -> None:
    """The same flow written with the retired Azure SDK's method names."""
    assistant = client.createAssistant(
        {"model": "gpt-4o", "name": "Demo helper", "instructions": "Answer briefly."}
    )
    say(f"createAssistant -> {assistant.id} (model {assistant.model})")
    thread = client.createThread()
    say(f"createThread -> {thread.id}")
    client.createMessage(thread.id, "user", "What is the capital of France?")
    say("createMessage(thread, 'user', 'What is the capital of France?')")
    run = client.createRun(thread.id, {"assistantId": assistant.id})
    say(f"createRun -> {run.id} ({run.status})")
    run = _wait(lambda: client.getRun(thread.id, run.id))
    say(f"getRun -> {run.status}")
    for message in client.listMessages(thread.id, {"order": "asc"}):
        say(f"  {message.role:>9}: {message.text}")
    for step in client.listRunSteps(thread.id, run.id):
        say(f"  step {step.id}: {step.type} ({step.status})")
    client.deleteThread(thread.id)
    client.deleteAssistant(assistant.id)
    say("deleteThread, deleteAssistant")


def _write(out: TextIO, text: str) -> None:
    out.write(text)


def run_demo(out: TextIO) -> None:
    """Start the emulator in each flavor and walk the flow with each name set."""
    from .testing import Emulator

    for flavor in ("openai", "azure"):
        emulator = Emulator(flavor=flavor, deployments={"gpt-4o": "my-gpt4o-deployment"})
        with emulator as emu, emu.client() as client:
            for label, flow in (("openai-python names", openai_style),
                                ("Azure SDK names", azure_style)):
                out.write(f"\n== {flavor} wire, {label} -- {client!r}\n")
                flow(client, lambda line: _write(out, f"  {line}\n"))
    out.write("\ndemo finished: both wires, both name sets, one client\n")
