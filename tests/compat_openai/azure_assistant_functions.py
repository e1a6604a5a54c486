"""Microsoft's "Azure OpenAI Assistants function calling" how-to: a weather function answered
with ``submit_tool_outputs_and_poll``, the thread printed with ``to_json``.

Stands for: MicrosoftDocs/azure-ai-docs,
``articles/ai-services/openai/how-to/assistant-functions.md`` at commit
0ebf80ce9b0638985164d7feb6363e130e4f743f (published as
https://learn.microsoft.com/azure/ai-services/openai/how-to/assistant-functions); the run is
started with ``create_and_poll`` as in the polling tab of OpenAI's function-calling guide.

Idioms: ``AzureOpenAI(api_key=..., api_version="2024-07-01-preview", azure_endpoint=...)``;
a function tool; ``for tool in run.required_action.submit_tool_outputs.tool_calls`` with
``tool.function.name`` / ``tool.id``; ``runs.submit_tool_outputs_and_poll(thread_id=...,
run_id=..., tool_outputs=...)`` in ``try/except Exception``; ``print("run status: ",
run.status)``; ``messages.to_json(indent=2)``; else ``run.last_error.message``.
"""

from __future__ import annotations

from typing import Any, Dict, List

WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "The weather at a place",
        "parameters": {
            "type": "object",
            "properties": {
                "location": {"type": "string", "description": "A city, e.g. Seattle"}
            },
            "required": ["location"],
        },
    },
}


def get_weather() -> str:
    return "It's 80 degrees F and slightly cloudy."


def main(client: Any, sdk: Any, model: str) -> None:
    assistant = client.beta.assistants.create(
        name="Weather Bot",
        instructions="You are a weather bot. Answer with the functions you are given.",
        model=model,
        tools=[WEATHER_TOOL],
    )
    thread = client.beta.threads.create()
    client.beta.threads.messages.create(
        thread_id=thread.id, role="user", content="Use get_weather location=Seattle please."
    )
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
    print("run status: ", run.status)

    tool_outputs: List[Dict[str, str]] = []
    for tool in run.required_action.submit_tool_outputs.tool_calls:
        if tool.function.name == "get_weather":
            tool_outputs.append({"tool_call_id": tool.id, "output": get_weather()})

    if tool_outputs:
        try:
            run = client.beta.threads.runs.submit_tool_outputs_and_poll(
                thread_id=thread.id, run_id=run.id, tool_outputs=tool_outputs
            )
            print("Tool outputs submitted successfully.")
        except Exception as e:
            print("Failed to submit tool outputs:", e)
    else:
        print("No tool outputs to submit.")

    if run.status == "completed":
        print("run status: ", run.status)
        messages = client.beta.threads.messages.list(thread_id=thread.id)
        print(messages.to_json(indent=2))
    else:
        print("run status: ", run.status)
        print(run.last_error.message)
