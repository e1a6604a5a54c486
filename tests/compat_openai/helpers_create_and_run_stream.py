"""openai-python's ``helpers.md`` "Assistant Streaming API": iterating events and text
deltas, ``create_and_run_stream`` and the final-state helpers.

Stands for: openai/openai-python ``helpers.md``, sections "An example of iterating over
events", "An example of iterating over text", "Creating Streams" and "Assistant Methods", at
commit 9173f3d37594ba603c350ac2263e12c5423b51b9.

Idioms: ``with client.beta.threads.create_and_run_stream(assistant_id=..., thread={"messages":
[...]}) as stream``; ``for event in stream`` with ``event.event == "thread.message.delta"`` and
``event.data.delta.content[0].text`` (``.value``); ``for text in stream.text_deltas``;
``stream.get_final_run()``, ``stream.get_final_messages()``, ``stream.get_final_run_steps()``;
``stream.current_run`` during iteration; ``beta.threads.runs.stream`` without a handler.
"""

from __future__ import annotations

from typing import Any


def main(client: Any, sdk: Any, model: str) -> None:
    assistant = client.beta.assistants.create(model=model, name="Echo")

    with client.beta.threads.create_and_run_stream(
        assistant_id=assistant.id,
        thread={"messages": [{"role": "user", "content": "stream this answer please"}]},
    ) as stream:
        pieces = []
        for event in stream:
            if event.event == "thread.message.delta" and event.data.delta.content:
                pieces.append(event.data.delta.content[0].text.value)
            if event.event == "thread.run.created":
                print("current run status:", stream.current_run.status)
        print("deltas:", pieces)
        run = stream.get_final_run()
        print("final run:", run.status, run.usage.total_tokens > 0)
        for message in stream.get_final_messages():
            print("final message:", message.role, message.content[0].text.value)
        print("final steps:", [step.type for step in stream.get_final_run_steps()])

    client.beta.threads.messages.create(
        thread_id=run.thread_id, role="user", content="and now only the text"
    )
    with client.beta.threads.runs.stream(
        thread_id=run.thread_id, assistant_id=assistant.id
    ) as stream:
        for text in stream.text_deltas:
            print(repr(text))
