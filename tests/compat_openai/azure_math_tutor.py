"""Azure-Samples' "Assistants API in a box" math tutor notebook: runs polled with
``runs.poll``, message parts told apart with ``isinstance`` on openai's content classes.

Stands for: Azure-Samples/azureai-samples,
``scenarios/Assistants/api-in-a-box/math_tutor/assistant-math_tutor.ipynb`` at commit
62573acaf421e698167702241183f8585396d112.

Idioms: ``AzureOpenAI(api_key=..., api_version=..., azure_endpoint=...)``; ``from
openai.types.beta.threads import Message, TextContentBlock, ImageFileContentBlock`` used for
annotations and ``isinstance(item, TextContentBlock)``; ``runs.create(thread_id=...,
assistant_id=..., instructions=...)`` then ``runs.poll(run_id=..., thread_id=...)``;
``messages.list(thread_id=...)`` walked newest first down to the last user message, then
reversed; ``item.text.value``; ``client.files.content(item.image_file.file_id).read()`` for
images; ``assistants.delete`` / ``threads.delete`` clean-up.
"""

from __future__ import annotations

from typing import Any, Iterable, List


def main(client: Any, sdk: Any, model: str) -> None:
    thread_types = sdk.module("types.beta.threads")
    Message = thread_types.Message
    TextContentBlock = thread_types.TextContentBlock
    ImageFileContentBlock = thread_types.ImageFileContentBlock

    assistant = client.beta.assistants.create(
        name="Math Tutor",
        instructions="You tutor maths. Write and run code to work out the answers.",
        tools=[{"type": "code_interpreter"}],
        model=model,
    )
    thread = client.beta.threads.create()

    def format_messages(messages: Iterable[Message]) -> None:
        newest_first: List[Message] = []
        for message in messages:
            newest_first.append(message)
            if message.role == "user":
                break
        for message in reversed(newest_first):
            for item in message.content:
                if isinstance(item, TextContentBlock):
                    print(f"{message.role}:\n{item.text.value}\n")
                elif isinstance(item, ImageFileContentBlock):
                    data = client.files.content(item.image_file.file_id).read()
                    print(f"{message.role}: [image, {len(data)} bytes]\n")

    def process_message(content: str) -> None:
        client.beta.threads.messages.create(thread_id=thread.id, role="user", content=content)
        run = client.beta.threads.runs.create(
            thread_id=thread.id,
            assistant_id=assistant.id,
            instructions="Call the user Jane Doe; she has a premium account. Be polite.",
        )
        print("processing ...")
        finished = client.beta.threads.runs.poll(run_id=run.id, thread_id=thread.id)
        if finished.status == "completed":
            print("Run completed successfully.")
            format_messages(client.beta.threads.messages.list(thread_id=thread.id))
        elif finished.status == "failed":
            print("Run failed.")
            format_messages(client.beta.threads.messages.list(thread_id=thread.id))
        else:
            print(f"Unexpected run status: {finished.status}")

    process_message("What line goes through the points (1,1) and (5,10)?")
    process_message("Please calculate (14 - 11) / 3 to solve 3x + 11 = 14.")
    process_message("Plot z = r*cos(v) for me. [[fail:server_error]]")

    client.beta.assistants.delete(assistant.id)
    client.beta.threads.delete(thread.id)
