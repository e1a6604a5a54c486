"""openai-python's Azure Entra ID example in its async form, carrying the Azure OpenAI
Assistants quickstart: ``AsyncAzureOpenAI`` with an async token provider.

Stands for: openai/openai-python, ``examples/azure_ad.py`` at commit
abc5459c7504eec25a67b35104e2e09e7d8f232c (``async_main``: ``AsyncAzureOpenAI(api_version=...,
azure_endpoint=..., azure_ad_token_provider=token_provider)`` with
``azure.identity.aio.get_bearer_token_provider``, an ``AsyncAzureADTokenProvider``), with the
calls of MicrosoftDocs/azure-ai-docs ``articles/ai-services/openai/includes/
assistants-python.md`` at commit 10fd0c19bfaa5a4a6ec35feda2f123d034a609bf (the quickstart the
blocking corpus runs as ``azure_quickstart``) awaited: ``assistants.create`` with code
interpreter and the deployment name as model, ``runs.create_and_poll(...,
instructions=...)``, ``"Run completed with status: " + run.status``, the message page as
``to_json(indent=2)``; then ``async for`` over the thread's messages.

The example does a chat completion where this program runs the quickstart's Assistants
calls; runs with the Azure key, the async token provider, and on the OpenAI flavor.
"""

from __future__ import annotations

from typing import Any


async def main(client: Any, sdk: Any, model: str) -> None:
    assistant = await client.beta.assistants.create(
        name="Math Assist",
        instructions="You are an AI assistant that writes code to answer maths questions.",
        tools=[{"type": "code_interpreter"}],
        model=model,
    )
    thread = await client.beta.threads.create()
    await client.beta.threads.messages.create(
        thread_id=thread.id,
        role="user",
        content="Help me solve 3x + 11 = 14: calculate (14 - 11) / 3.",
    )

    run = await client.beta.threads.runs.create_and_poll(
        thread_id=thread.id,
        assistant_id=assistant.id,
        instructions="Call the user Jane Doe; she has a premium account.",
    )
    print("Run completed with status: " + run.status)

    if run.status == "completed":
        messages = await client.beta.threads.messages.list(thread_id=thread.id)
        print(messages.to_json(indent=2))

    async for message in client.beta.threads.messages.list(thread_id=thread.id, order="asc"):
        print(f"{message.role}: {message.content[0].text.value}")

    deleted = await client.beta.assistants.delete(assistant.id)
    print("deleted:", deleted.deleted)
