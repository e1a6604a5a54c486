"""Microsoft's "Azure OpenAI Assistants file search" how-to (the same program as OpenAI's
file-search quickstart): a vector store filled with ``upload_and_poll``, a message attachment,
and a streamed run whose handler prints citations.

Stands for: MicrosoftDocs/azure-ai-docs, ``articles/ai-services/openai/how-to/file-search.md``
at commit a2a723af4301f94a92f4d4a29ac29bc0601c2845 (published as
https://learn.microsoft.com/azure/ai-services/openai/how-to/file-search); OpenAI's page is
https://platform.openai.com/docs/assistants/tools/file-search.

Idioms: ``tools=[{"type": "file_search"}]``; ``vector_stores.create(name=...)``;
``vector_stores.file_batches.upload_and_poll(vector_store_id=..., files=[<open files>])``;
``print(file_batch.status)`` and ``print(file_batch.file_counts)``;
``assistants.update(assistant_id=..., tool_resources={"file_search": {"vector_store_ids":
[...]}})``; ``files.create(file=open(...), purpose="assistants")``;
``threads.create(messages=[{..., "attachments": [{"file_id": ..., "tools": [{"type":
"file_search"}]}]}])`` and ``print(thread.tool_resources.file_search)``; an
``AssistantEventHandler`` with ``on_text_created``, ``on_tool_call_created`` and
``on_message_done`` (``message.content[0].text``, ``.annotations``, ``annotation.text``,
``getattr(annotation, "file_citation", None)``, ``files.retrieve(...).filename``);
``runs.stream(..., event_handler=EventHandler())`` + ``until_done()``.

The original calls ``client.beta.vector_stores``; openai-python moved vector stores to
``client.vector_stores`` (1.66), which is what this program uses so that it runs with today's
openai-python.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

REPORTS = {
    "annual-report.txt": b"Annual report. Shares outstanding last quarter: 1,200,000.\n",
    "cash-flow.txt": b"Cash flow statement. Operating cash flow rose by 12 percent.\n",
}


def main(client: Any, sdk: Any, model: str) -> None:
    class EventHandler(sdk.AssistantEventHandler):
        def on_text_created(self, text: Any) -> None:
            print("\nassistant > ", end="", flush=True)

        def on_tool_call_created(self, tool_call: Any) -> None:
            print(f"\nassistant > {tool_call.type}\n", flush=True)

        def on_message_done(self, message: Any) -> None:
            text = message.content[0].text
            citations = []
            for index, annotation in enumerate(text.annotations):
                text.value = text.value.replace(annotation.text, f"[{index}]")
                file_citation = getattr(annotation, "file_citation", None)
                if file_citation:
                    cited = client.files.retrieve(file_citation.file_id)
                    citations.append(f"[{index}] {cited.filename}")
            print(text.value)
            print("\n".join(citations))

    assistant = client.beta.assistants.create(
        name="Financial Analyst Assistant",
        instructions="You analyse audited financial statements using your knowledge base.",
        model=model,
        tools=[{"type": "file_search"}],
    )

    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for name, body in REPORTS.items():
            path = Path(folder) / name
            path.write_bytes(body)
            paths.append(path)

        vector_store = client.vector_stores.create(name="Financial Statements")
        streams = [open(path, "rb") for path in paths]  # noqa: SIM115 - as the original does
        try:
            file_batch = client.vector_stores.file_batches.upload_and_poll(
                vector_store_id=vector_store.id, files=streams
            )
        finally:
            for stream in streams:
                stream.close()
        print(file_batch.status)
        print(file_batch.file_counts)

        assistant = client.beta.assistants.update(
            assistant_id=assistant.id,
            tool_resources={"file_search": {"vector_store_ids": [vector_store.id]}},
        )

        with open(paths[0], "rb") as attached:
            message_file = client.files.create(file=attached, purpose="assistants")

    thread = client.beta.threads.create(
        messages=[
            {
                "role": "user",
                "content": "Search the reports: how many shares were outstanding last quarter?",
                "attachments": [{"file_id": message_file.id, "tools": [{"type": "file_search"}]}],
            }
        ]
    )
    print(thread.tool_resources.file_search)

    with client.beta.threads.runs.stream(
        thread_id=thread.id,
        assistant_id=assistant.id,
        instructions="Call the user Jane Doe; she has a premium account.",
        event_handler=EventHandler(),
    ) as stream:
        stream.until_done()
