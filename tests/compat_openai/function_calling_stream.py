"""The Assistants function-calling guide's streamed tool loop.

Stands for: "Assistants function calling", https://platform.openai.com/docs/assistants/tools/function-calling
(now https://developers.openai.com/api/docs/assistants/tools/function-calling), quickstart
steps 1-4 with the streaming tab (weather bot with ``get_current_temperature`` and
``get_rain_probability``).

Idioms: ``tools=[{"type": "function", "function": {...}}]`` on the assistant; an
``AssistantEventHandler`` subclass whose ``on_event`` reacts to
``event.event == "thread.run.requires_action"`` by reading ``event.data.id`` and
``event.data.required_action.submit_tool_outputs.tool_calls`` (``tool.function.name``,
``tool.id``) and, still inside the handler, opening
``client.beta.threads.runs.submit_tool_outputs_stream(thread_id=self.current_run.thread_id,
run_id=self.current_run.id, tool_outputs=..., event_handler=EventHandler())`` and printing
``for text in stream.text_deltas``; the outer run is
``with client.beta.threads.runs.stream(..., event_handler=EventHandler()) as stream:
stream.until_done()``.
"""

from __future__ import annotations

from typing import Any, Dict, List

WEATHER_TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "get_current_temperature",
            "description": "Current temperature at a place",
            "parameters": {
                "type": "object",
                "properties": {
                    "location": {"type": "string", "description": "City and state"},
                    "unit": {"type": "string", "enum": ["Celsius", "Fahrenheit"]},
                },
                "required": ["location", "unit"],
            },
        },
    },
    {
        "type": "function",
        "function": {
            "name": "get_rain_probability",
            "description": "Chance of rain at a place",
            "parameters": {
                "type": "object",
                "properties": {"location": {"type": "string", "description": "City and state"}},
                "required": ["location"],
            },
        },
    },
]


def main(client: Any, sdk: Any, model: str) -> None:
    class EventHandler(sdk.AssistantEventHandler):
        def on_event(self, event: Any) -> None:
            if event.event == "thread.run.requires_action":
                self.answer_tool_calls(event.data, event.data.id)

        def answer_tool_calls(self, run: Any, run_id: str) -> None:
            outputs: List[Dict[str, str]] = []
            for tool in run.required_action.submit_tool_outputs.tool_calls:
                if tool.function.name == "get_current_temperature":
                    outputs.append({"tool_call_id": tool.id, "output": "57"})
                elif tool.function.name == "get_rain_probability":
                    outputs.append({"tool_call_id": tool.id, "output": "0.06"})
            self.send_outputs(outputs, run_id)

        def send_outputs(self, outputs: List[Dict[str, str]], run_id: str) -> None:
            assert run_id == self.current_run.id
            with client.beta.threads.runs.submit_tool_outputs_stream(
                thread_id=self.current_run.thread_id,
                run_id=self.current_run.id,
                tool_outputs=outputs,
                event_handler=EventHandler(),
            ) as stream:
                for text in stream.text_deltas:
                    print(text, end="", flush=True)
                print()

    assistant = client.beta.assistants.create(
        instructions="You are a weather bot. Answer with the functions you are given.",
        model=model,
        tools=WEATHER_TOOLS,
    )
    thread = client.beta.threads.create()
    client.beta.threads.messages.create(
        thread_id=thread.id,
        role="user",
        content=(
            "How warm is it in San Francisco today (get_current_temperature "
            'location="San Francisco, CA" unit=Fahrenheit) and will it rain '
            '(get_rain_probability location="San Francisco, CA")?'
        ),
    )

    with client.beta.threads.runs.stream(
        thread_id=thread.id,
        assistant_id=assistant.id,
        event_handler=EventHandler(),
    ) as stream:
        stream.until_done()
