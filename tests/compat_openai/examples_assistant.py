"""openai-python's ``examples/assistant.py``: a polled code-interpreter run, messages printed.

Stands for: openai/openai-python, ``examples/assistant.py`` at commit
9173f3d37594ba603c350ac2263e12c5423b51b9 (the last commit before the examples were removed in
release 1.83.0).

Idioms: ``beta.assistants.create`` with ``tools=[{"type": "code_interpreter"}]``,
``beta.threads.create()``, ``beta.threads.messages.create(thread_id=..., role=..., content=...)``,
``beta.threads.runs.create_and_poll(thread_id=..., assistant_id=..., instructions=...)``,
``"..." + run.status``, iterating the page returned by ``messages.list(thread_id=...)``,
``message.content[0].type`` / ``.text.value``, printing a dict per message, then
``beta.assistants.delete(assistant.id)``.
"""

from __future__ import annotations

from typing import Any


def main(client: Any, sdk: Any, model: str) -> None:
    tutor = client.beta.assistants.create(
        name="Math Tutor",
        instructions="You tutor maths. Write and run code to work out the answers.",
        tools=[{"type": "code_interpreter"}],
        model=model,
    )
    thread = client.beta.threads.create()
    client.beta.threads.messages.create(
        thread_id=thread.id,
        role="user",
        content="Please calculate (14 - 11) / 3 so I can solve 3x + 11 = 14.",
    )

    run = client.beta.threads.runs.create_and_poll(
        thread_id=thread.id,
        assistant_id=tutor.id,
        instructions="Call the user Jane Doe; she has a premium account.",
    )
    print("Run completed with status: " + run.status)

    if run.status == "completed":
        messages = client.beta.threads.messages.list(thread_id=thread.id)
        print("messages: ")
        for message in messages:
            assert message.content[0].type == "text"
            print({"role": message.role, "message": message.content[0].text.value})
        client.beta.assistants.delete(tutor.id)
