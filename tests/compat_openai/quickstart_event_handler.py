"""The OpenAI Assistants quickstart's streamed run with its ``EventHandler`` class.

Stands for: the Assistants API quickstart, https://platform.openai.com/docs/assistants/quickstart
(now https://developers.openai.com/api/docs/assistants/quickstart), step 4 "Create a Run",
streaming tab; the same handler is in openai/openai-python ``helpers.md`` ("Assistant
Streaming API") at commit 9173f3d37594ba603c350ac2263e12c5423b51b9.

Idioms: ``class EventHandler(AssistantEventHandler)`` overriding ``on_text_created``
(``"\\nassistant > "``), ``on_text_delta`` (``delta.value``), ``on_tool_call_created``
(``tool_call.type``) and ``on_tool_call_delta`` (``delta.type == "code_interpreter"``,
``delta.code_interpreter.input``, ``delta.code_interpreter.outputs``, ``output.type ==
"logs"``, ``output.logs``); ``with client.beta.threads.runs.stream(thread_id=...,
assistant_id=..., instructions=..., event_handler=EventHandler()) as stream:
stream.until_done()``.
"""

from __future__ import annotations

from typing import Any


def main(client: Any, sdk: Any, model: str) -> None:
    class EventHandler(sdk.AssistantEventHandler):
        def on_text_created(self, text: Any) -> None:
            print("\nassistant > ", end="", flush=True)

        def on_text_delta(self, delta: Any, snapshot: Any) -> None:
            print(delta.value, end="", flush=True)

        def on_tool_call_created(self, tool_call: Any) -> None:
            print(f"\nassistant > {tool_call.type}\n", flush=True)

        def on_tool_call_delta(self, delta: Any, snapshot: Any) -> None:
            if delta.type != "code_interpreter":
                return
            if delta.code_interpreter.input:
                print(delta.code_interpreter.input, end="", flush=True)
            if delta.code_interpreter.outputs:
                print("\n\noutput >", flush=True)
                for output in delta.code_interpreter.outputs:
                    if output.type == "logs":
                        print(f"\n{output.logs}", flush=True)

    assistant = client.beta.assistants.create(
        name="Math Tutor",
        instructions="You tutor maths. Write and run code to work out the answers.",
        tools=[{"type": "code_interpreter"}],
        model=model,
    )
    thread = client.beta.threads.create()
    client.beta.threads.messages.create(
        thread_id=thread.id,
        role="user",
        content="I need to solve 3x + 11 = 14. Can you calculate (14 - 11) / 3?",
    )

    with client.beta.threads.runs.stream(
        thread_id=thread.id,
        assistant_id=assistant.id,
        instructions="Call the user Jane Doe; she has a premium account.",
        event_handler=EventHandler(),
    ) as stream:
        stream.until_done()
    print()
