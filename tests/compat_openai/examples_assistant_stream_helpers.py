"""openai-python's ``examples/assistant_stream_helpers.py``: an ``AssistantEventHandler``
subclass printing the code it runs and the streamed answer.

Stands for: openai/openai-python, ``examples/assistant_stream_helpers.py`` at commit
9173f3d37594ba603c350ac2263e12c5423b51b9.

Idioms: ``from openai import AssistantEventHandler``; annotations from
``openai.types.beta`` (``AssistantStreamEvent``), ``openai.types.beta.threads`` (``Text``,
``TextDelta``) and ``openai.types.beta.threads.runs`` (``RunStep``, ``RunStepDelta``);
overriding ``on_event`` (``event.event == "thread.run.step.created"``,
``event.data.step_details.type``), ``on_text_delta``, ``on_run_step_done``
(``details.tool_calls``, ``tool.type``) and ``on_run_step_delta`` (``delta.step_details``,
``tool.code_interpreter.input``); ``beta.threads.create(messages=[...])``;
``with beta.threads.runs.stream(..., event_handler=EventHandler()) as stream:
stream.until_done()``; ``try/finally`` deleting the assistant.
"""

from __future__ import annotations

from typing import Any


def main(client: Any, sdk: Any, model: str) -> None:
    beta_types = sdk.module("types.beta")
    thread_types = sdk.module("types.beta.threads")
    step_types = sdk.module("types.beta.threads.runs")
    AssistantStreamEvent = beta_types.AssistantStreamEvent
    Text, TextDelta = thread_types.Text, thread_types.TextDelta
    RunStep, RunStepDelta = step_types.RunStep, step_types.RunStepDelta

    class EventHandler(sdk.AssistantEventHandler):
        def on_event(self, event: AssistantStreamEvent) -> None:
            if event.event == "thread.run.step.created":
                if event.data.step_details.type == "tool_calls":
                    print("Generating code to interpret:\n\n```py")
            elif event.event == "thread.message.created":
                print("\nResponse:\n")

        def on_text_delta(self, delta: TextDelta, snapshot: Text) -> None:
            print(delta.value, end="", flush=True)

        def on_run_step_done(self, run_step: RunStep) -> None:
            details = run_step.step_details
            if details.type == "tool_calls":
                for tool in details.tool_calls:
                    if tool.type == "code_interpreter":
                        print("\n```\nExecuting code...")

        def on_run_step_delta(self, delta: RunStepDelta, snapshot: RunStep) -> None:
            details = delta.step_details
            if details is not None and details.type == "tool_calls":
                for tool in details.tool_calls or []:
                    code = tool.code_interpreter if tool.type == "code_interpreter" else None
                    if code and code.input:
                        print(code.input, end="", flush=True)

    tutor = client.beta.assistants.create(
        name="Math Tutor",
        instructions="You tutor maths. Write and run code to work out the answers.",
        tools=[{"type": "code_interpreter"}],
        model=model,
    )
    try:
        question = "Can you calculate (14 - 11) / 3 to solve 3x + 11 = 14?"
        thread = client.beta.threads.create(messages=[{"role": "user", "content": question}])
        print(f"Question: {question}\n")

        with client.beta.threads.runs.stream(
            thread_id=thread.id,
            assistant_id=tutor.id,
            instructions="Call the user Jane Doe; she has a premium account.",
            event_handler=EventHandler(),
        ) as stream:
            stream.until_done()
            print()
    finally:
        client.beta.assistants.delete(tutor.id)
