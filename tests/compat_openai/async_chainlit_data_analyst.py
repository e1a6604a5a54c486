"""Chainlit's "OpenAI Data Analyst" cookbook app: an ``AsyncAssistantEventHandler`` that
streams a run into a chat UI, with code interpreter steps.

Stands for: Chainlit/cookbook, ``openai-data-analyst/app.py`` at commit
5f4c219976ec7529597cbbb5766f37c88117eafa.

Idioms: ``from openai import AsyncAssistantEventHandler, AsyncOpenAI``; a handler subclass
with its own ``__init__(assistant_name)`` calling ``super().__init__()`` and the async hooks
``on_run_step_created``, ``on_text_created`` / ``on_text_delta`` / ``on_text_done`` (reading
``text.annotations``), ``on_tool_call_created`` (``tool_call.id``, ``tool_call.type``),
``on_tool_call_delta`` (``snapshot.id``, ``snapshot.type``, ``delta.code_interpreter.input``
and ``.outputs`` with ``output.type == "logs"``), ``on_tool_call_done``, ``on_event``
(``event.event == "error"``), ``on_exception`` and ``on_image_file_done``;
``await client.files.create(file=Path(...), purpose="assistants")``; ``attachments`` with
per-file tools on ``messages.create``; ``async with client.beta.threads.runs.stream(...,
event_handler=EventHandler(assistant_name=assistant.name)) as stream: await
stream.until_done()``; ``run_step.thread_id`` / ``run_step.run_id`` kept for a stop button.

Chainlit's UI objects (``cl.Message``, ``cl.Step``, the user session) are replaced by small
stand-ins that print what the UI would show; the app's assistant, retrieved by id with a
second (blocking) client, is created here with the async one.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, Dict, List, Optional


class UIMessage:
    """Stands in for ``cl.Message``."""

    def __init__(self, author: str, content: str = "") -> None:
        self.author = author
        self.content = content

    async def send(self) -> UIMessage:
        print(f"\n[{self.author}] ", end="")
        return self

    async def stream_token(self, token: str) -> None:
        self.content += token
        print(token, end="")

    async def update(self) -> None:
        print(f"\n[{self.author}, final] {self.content}")


class UIStep:
    """Stands in for ``cl.Step``."""

    def __init__(self, name: str, type: str) -> None:
        self.name = name
        self.type = type
        self.output = ""
        self.language: Optional[str] = None

    async def send(self) -> None:
        print(f"\n<{self.type} {self.name}>")

    async def stream_token(self, token: str, is_input: bool = False) -> None:
        print(token, end="")

    async def update(self) -> None:
        print(f"\n</{self.type} {self.name}> {self.language}: {self.output.strip()}")


USER_SESSION: Dict[str, Any] = {}


async def main(client: Any, sdk: Any, model: str) -> None:
    class EventHandler(sdk.AsyncAssistantEventHandler):
        def __init__(self, assistant_name: str) -> None:
            super().__init__()
            self.current_message: Any = None
            self.current_step: Any = None
            self.current_tool_call: Any = None
            self.assistant_name = assistant_name

        async def on_run_step_created(self, run_step: Any) -> None:
            USER_SESSION["run_step"] = run_step

        async def on_text_created(self, text: Any) -> None:
            self.current_message = await UIMessage(author=self.assistant_name).send()

        async def on_text_delta(self, delta: Any, snapshot: Any) -> None:
            if delta.value:
                await self.current_message.stream_token(delta.value)

        async def on_text_done(self, text: Any) -> None:
            await self.current_message.update()
            for annotation in text.annotations or []:
                print("annotation:", annotation.type)

        async def on_tool_call_created(self, tool_call: Any) -> None:
            self.current_tool_call = tool_call.id
            self.current_step = UIStep(name=tool_call.type, type="tool")
            await self.current_step.send()

        async def on_tool_call_delta(self, delta: Any, snapshot: Any) -> None:
            if snapshot.id != self.current_tool_call:
                self.current_tool_call = snapshot.id
                self.current_step = UIStep(name=delta.type, type="tool")
                await self.current_step.send()
            if delta.type == "code_interpreter":
                if delta.code_interpreter.outputs:
                    for output in delta.code_interpreter.outputs:
                        if output.type == "logs":
                            self.current_step.output += output.logs
                            self.current_step.language = "markdown"
                            await self.current_step.update()
                elif delta.code_interpreter.input:
                    await self.current_step.stream_token(
                        delta.code_interpreter.input, is_input=True
                    )

        async def on_event(self, event: Any) -> None:
            if event.event == "error":
                print("error:", event.data.message)

        async def on_exception(self, exception: Exception) -> None:
            print("exception:", exception)

        async def on_tool_call_done(self, tool_call: Any) -> None:
            print(f"\n(tool call {tool_call.type} done)")

        async def on_image_file_done(self, image_file: Any) -> None:
            print("image:", image_file.file_id)

    assistant = await client.beta.assistants.create(
        name="Data Analyst",
        instructions="You analyse the data files you are given by writing and running code.",
        tools=[{"type": "code_interpreter"}, {"type": "file_search"}],
        model=model,
    )

    # on_chat_start
    thread = await client.beta.threads.create()
    USER_SESSION["thread_id"] = thread.id

    # on_message, with one uploaded CSV
    with tempfile.TemporaryDirectory() as folder:
        csv = Path(folder) / "tesla-stock-price.csv"
        csv.write_text("date,close\n2024-01-02,248.42\n2024-01-03,238.45\n", encoding="utf-8")
        elements = [{"path": csv, "mime": "text/csv"}]
        file_ids: List[str] = []
        for element in elements:
            uploaded_file = await client.files.create(
                file=Path(element["path"]), purpose="assistants"
            )
            file_ids.append(uploaded_file.id)
    attachments = [
        {
            "file_id": file_id,
            "tools": [{"type": "code_interpreter"}, {"type": "file_search"}]
            if element["mime"] in ("text/markdown", "application/pdf", "text/plain")
            else [{"type": "code_interpreter"}],
        }
        for file_id, element in zip(file_ids, elements)
    ]
    await client.beta.threads.messages.create(
        thread_id=USER_SESSION["thread_id"],
        role="user",
        content="Make a data analysis of the CSV: calculate (248.42 + 238.45) / 2.",
        attachments=attachments,
    )

    async with client.beta.threads.runs.stream(
        thread_id=USER_SESSION["thread_id"],
        assistant_id=assistant.id,
        event_handler=EventHandler(assistant_name=assistant.name),
    ) as stream:
        await stream.until_done()

    # on_stop: the app cancels the run the last step belongs to; here it has finished.
    run_step = USER_SESSION["run_step"]
    run = await client.beta.threads.runs.retrieve(run_step.run_id, thread_id=run_step.thread_id)
    print("\nrun of the last step:", run.status, run_step.thread_id == thread.id)
