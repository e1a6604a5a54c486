"""Azure-Samples' "Assistants API in a box" personal finance notebook: a CSV for code
interpreter, two functions, and a hand-written polling loop that answers tool calls.

Stands for: Azure-Samples/azureai-samples,
``scenarios/Assistants/api-in-a-box/personal_finance/assistant-personal_finance.ipynb`` at
commit 62573acaf421e698167702241183f8585396d112.

Idioms: ``from openai.types import FileObject``, ``from openai.types.beta.threads import
Message, TextContentBlock, Run``, ``from openai.types.beta.thread import Thread`` for
annotations; ``client.files.create(file=<open binary file>, purpose="assistants")``;
``assistants.create(..., tools=[code_interpreter, function, function],
tool_resources={"code_interpreter": {"file_ids": [...]}})``; a ``while True`` loop over
``runs.retrieve`` checking ``completed`` / ``failed`` / ``expired`` / ``cancelled`` /
``requires_action``; ``run.required_action.submit_tool_outputs.model_dump()`` read as a dict
(``action["function"]["name"]``, ``json.loads(action["function"]["arguments"])``,
``action["id"]``); ``runs.submit_tool_outputs(thread_id=..., run_id=..., tool_outputs=...)``;
``isinstance(item, TextContentBlock)``; clean-up with ``files.delete``.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import Any, Iterable, List

PORTFOLIO_CSV = b"symbol,shares,cost\nMSFT,10,250.00\nAAPL,5,150.00\n"

FINANCE_TOOLS = [
    {"type": "code_interpreter"},
    {
        "type": "function",
        "function": {
            "name": "get_stock_price",
            "description": "Latest closing price of a stock, by ticker symbol.",
            "parameters": {
                "type": "object",
                "properties": {"symbol": {"type": "string", "description": "Ticker symbol"}},
                "required": ["symbol"],
            },
        },
    },
    {
        "type": "function",
        "function": {
            "name": "send_email",
            "description": "Sends an email.",
            "parameters": {
                "type": "object",
                "properties": {
                    "to": {"type": "string", "description": "Recipient address"},
                    "content": {"type": "string", "description": "Body of the email"},
                },
                "required": ["to", "content"],
            },
        },
    },
]

PRICES = {"MSFT": 410.5, "AAPL": 190.25}


def main(client: Any, sdk: Any, model: str) -> None:
    FileObject = sdk.module("types").FileObject
    thread_types = sdk.module("types.beta.threads")
    Message, TextContentBlock, Run = (
        thread_types.Message, thread_types.TextContentBlock, thread_types.Run
    )
    Thread = sdk.module("types.beta.thread").Thread

    def upload_file(path: Path) -> FileObject:
        with path.open("rb") as f:
            return client.files.create(file=f, purpose="assistants")

    with tempfile.TemporaryDirectory() as folder:
        csv_path = Path(folder) / "portfolio.csv"
        csv_path.write_bytes(PORTFOLIO_CSV)
        uploaded = [upload_file(csv_path)]
    file_ids = [f.id for f in uploaded]

    assistant = client.beta.assistants.create(
        name="Portfolio Management Assistant",
        instructions="You help with a securities portfolio; use the CSV file you were given.",
        tools=FINANCE_TOOLS,
        model=model,
        tool_resources={"code_interpreter": {"file_ids": file_ids}},
    )
    thread = client.beta.threads.create()

    def call_functions(thread: Thread, run: Run) -> None:
        print("Function Calling")
        required = run.required_action.submit_tool_outputs.model_dump()
        print(required)
        outputs = []
        for action in required["tool_calls"]:
            name = action["function"]["name"]
            arguments = json.loads(action["function"]["arguments"])
            if name == "get_stock_price":
                outputs.append(
                    {"tool_call_id": action["id"], "output": str(PRICES[arguments["symbol"]])}
                )
            elif name == "send_email":
                print("Sending email...")
                print("Email sent to: " + arguments["to"])
                outputs.append({"tool_call_id": action["id"], "output": "Email sent"})
            else:
                raise ValueError(f"Unknown function: {name}")
        print("Submitting outputs back to the Assistant...")
        client.beta.threads.runs.submit_tool_outputs(
            thread_id=thread.id, run_id=run.id, tool_outputs=outputs
        )

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

    def process_message(content: str) -> None:
        client.beta.threads.messages.create(thread_id=thread.id, role="user", content=content)
        run = client.beta.threads.runs.create(
            thread_id=thread.id,
            assistant_id=assistant.id,
            instructions="Today is a trading day.",
        )
        print("processing...")
        while True:
            run = client.beta.threads.runs.retrieve(thread_id=thread.id, run_id=run.id)
            if run.status in ("completed", "failed"):
                format_messages(client.beta.threads.messages.list(thread_id=thread.id))
                break
            if run.status in ("expired", "cancelled"):
                break
            if run.status == "requires_action":
                call_functions(thread, run)
            else:
                time.sleep(0.01)

    process_message("Which investments do I own? Use code to read the CSV.")
    process_message("What does MSFT trade at? Use get_stock_price symbol=MSFT.")
    process_message(
        "Report prices with get_stock_price symbol=AAPL, then send_email to=me@contoso.com "
        'content="AAPL report".'
    )

    client.beta.assistants.delete(assistant.id)
    client.beta.threads.delete(thread.id)
    for f in uploaded:
        client.files.delete(f.id)
