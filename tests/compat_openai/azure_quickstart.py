"""Microsoft's Azure OpenAI Assistants quickstart (Python): code interpreter, polled run,
the message page printed as JSON.

Stands for: MicrosoftDocs/azure-ai-docs,
``articles/ai-services/openai/includes/assistants-python.md`` at commit
10fd0c19bfaa5a4a6ec35feda2f123d034a609bf (published as
https://learn.microsoft.com/azure/ai-services/openai/assistants-quickstart, "Python" pivot).
Both of its variants are run: ``AzureOpenAI(api_key=..., azure_endpoint=...,
api_version="2024-05-01-preview")`` and the passwordless one,
``AzureOpenAI(azure_ad_token_provider=get_bearer_token_provider(...), ...)``.

Idioms: the model is the *deployment* name; ``tools=[{"type": "code_interpreter"}]``;
``runs.create_and_poll(thread_id=..., assistant_id=..., instructions=...)``;
``"Run completed with status: " + run.status``; ``messages.to_json(indent=2)`` on the page.
"""

from __future__ import annotations

from typing import Any


def main(client: Any, sdk: Any, model: str) -> None:
    assistant = client.beta.assistants.create(
        name="Math Assist",
        instructions="You are an AI assistant that writes code to answer maths questions.",
        tools=[{"type": "code_interpreter"}],
        model=model,
    )
    thread = client.beta.threads.create()
    client.beta.threads.messages.create(
        thread_id=thread.id,
        role="user",
        content="Help me solve 3x + 11 = 14: calculate (14 - 11) / 3.",
    )

    run = client.beta.threads.runs.create_and_poll(
        thread_id=thread.id,
        assistant_id=assistant.id,
        instructions="Call the user Jane Doe; she has a premium account.",
    )
    print("Run completed with status: " + run.status)

    if run.status == "completed":
        messages = client.beta.threads.messages.list(thread_id=thread.id)
        print(messages.to_json(indent=2))
