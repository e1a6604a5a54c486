"""openai-python's ``examples/assistant_stream.py``: ``stream=True`` and every event dumped.

Stands for: openai/openai-python, ``examples/assistant_stream.py`` at commit
9173f3d37594ba603c350ac2263e12c5423b51b9.

Idioms: ``beta.threads.runs.create(..., stream=True)`` returning an iterable of typed events,
``for event in stream``, ``event.model_dump_json(indent=2, exclude_unset=True)`` (only the keys
the server sent), then ``beta.assistants.delete``.
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
        content="Please calculate 14 - 11 for me.",
    )

    print("starting run stream")
    stream = client.beta.threads.runs.create(
        thread_id=thread.id,
        assistant_id=tutor.id,
        instructions="Call the user Jane Doe; she has a premium account.",
        stream=True,
    )
    for event in stream:
        print(event.model_dump_json(indent=2, exclude_unset=True))

    client.beta.assistants.delete(tutor.id)
