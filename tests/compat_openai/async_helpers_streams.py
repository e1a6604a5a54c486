"""openai-python's streaming helpers for Assistants, in their async form: an
``AsyncAssistantEventHandler``, iterating events and text deltas with ``async for``, the three
stream-creating helpers, and the final-state getters.

Stands for: openai/openai-python, ``helpers.md`` at commit
063375b7a12f3f3a0de10aec829c0416651be8cc, "Assistant Streaming API": "An example of creating
a run and subscribing to some events" (the ``EventHandler`` with ``on_text_created``,
``on_text_delta``, ``on_tool_call_created``, ``on_tool_call_delta`` printing code interpreter
input and ``logs`` outputs), "An example of iterating over events", "An example of
iterating over text", "Creating Streams" (``runs.stream``, ``threads.create_and_run_stream``,
``runs.submit_tool_outputs_stream``) and "Methods" (``until_done()``, ``get_final_run()``,
``get_final_messages()``, ``current_run``). helpers.md writes them for ``OpenAI`` and says
the async client's equivalents take ``await`` / ``async with`` / ``async for`` and
``AsyncAssistantEventHandler``, as here.

Changed: the events example prints ``...content[0].text.value`` where helpers.md prints the
``TextDelta`` model itself (its repr is pydantic's).
"""

from __future__ import annotations

from typing import Any, Dict, List

CLOCK_TOOL = {
    "type": "function",
    "function": {
        "name": "read_clock",
        "description": "The time in a city",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
        },
    },
}


async def main(client: Any, sdk: Any, model: str) -> None:
    thread_types = sdk.module("types.beta.threads")
    step_types = sdk.module("types.beta.threads.runs")
    Text, TextDelta = thread_types.Text, thread_types.TextDelta
    ToolCall, ToolCallDelta = step_types.ToolCall, step_types.ToolCallDelta

    class EventHandler(sdk.AsyncAssistantEventHandler):
        async def on_text_created(self, text: Text) -> None:
            print("\nassistant > ", end="", flush=True)

        async def on_text_delta(self, delta: TextDelta, snapshot: Text) -> None:
            print(delta.value, end="", flush=True)

        async def on_tool_call_created(self, tool_call: ToolCall) -> None:
            print(f"\nassistant > {tool_call.type}\n", flush=True)

        async def on_tool_call_delta(self, delta: ToolCallDelta, snapshot: ToolCall) -> None:
            if delta.type == "code_interpreter" and delta.code_interpreter:
                if delta.code_interpreter.input:
                    print(delta.code_interpreter.input, end="", flush=True)
                if delta.code_interpreter.outputs:
                    print("\n\noutput >", flush=True)
                    for output in delta.code_interpreter.outputs:
                        if output.type == "logs":
                            print(f"\n{output.logs}", flush=True)

    assistant = await client.beta.assistants.create(
        name="Stream helper",
        instructions="You write and run code to answer; you call read_clock for the time.",
        tools=[{"type": "code_interpreter"}, CLOCK_TOOL],
        model=model,
    )
    thread = await client.beta.threads.create(
        messages=[{"role": "user", "content": "Please calculate (14 - 11) / 3."}]
    )

    async with client.beta.threads.runs.stream(
        thread_id=thread.id,
        assistant_id=assistant.id,
        event_handler=EventHandler(),
    ) as stream:
        await stream.until_done()
    print()

    await client.beta.threads.messages.create(
        thread_id=thread.id, role="user", content="Stream this answer please"
    )
    async with client.beta.threads.runs.stream(
        thread_id=thread.id,
        assistant_id=assistant.id,
    ) as stream:
        async for event in stream:
            # Print the text from text delta events
            if event.event == "thread.message.delta" and event.data.delta.content:
                print(event.data.delta.content[0].text.value)

    await client.beta.threads.messages.create(
        thread_id=thread.id, role="user", content="And now only the text"
    )
    async with client.beta.threads.runs.stream(
        thread_id=thread.id,
        assistant_id=assistant.id,
    ) as stream:
        async for text in stream.text_deltas:
            print(text)

    async with client.beta.threads.create_and_run_stream(
        assistant_id=assistant.id,
        thread={"messages": [{"role": "user", "content": "A new thread, streamed"}]},
    ) as stream:
        await stream.until_done()
        run = await stream.get_final_run()
        messages = await stream.get_final_messages()
    print("create_and_run_stream:", run.status, [m.content[0].text.value for m in messages])

    class ToolHandler(sdk.AsyncAssistantEventHandler):
        async def on_event(self, event: Any) -> None:
            if event.event == "thread.run.requires_action":
                outputs: List[Dict[str, str]] = []
                for tool in event.data.required_action.submit_tool_outputs.tool_calls:
                    if tool.function.name == "read_clock":
                        outputs.append({"tool_call_id": tool.id, "output": "07:31"})
                async with client.beta.threads.runs.submit_tool_outputs_stream(
                    thread_id=self.current_run.thread_id,
                    run_id=self.current_run.id,
                    tool_outputs=outputs,
                    event_handler=ToolHandler(),
                ) as stream:
                    async for text in stream.text_deltas:
                        print(text, end="", flush=True)
                    print()

    await client.beta.threads.messages.create(
        thread_id=thread.id, role="user", content='What time is it? (read_clock city="Oslo")'
    )
    async with client.beta.threads.runs.stream(
        thread_id=thread.id,
        assistant_id=assistant.id,
        event_handler=ToolHandler(),
    ) as stream:
        await stream.until_done()
        final = await stream.get_final_run()
    print("tool run:", final.status, final.required_action is not None)
