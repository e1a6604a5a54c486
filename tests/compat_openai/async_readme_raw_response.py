"""openai-python's README on raw responses, with the async client: ``with_raw_response``
answers a response read and parsed already (``parse()``, ``.text`` without ``await``);
``with_streaming_response`` answers one whose methods are awaited.

Stands for: openai/openai-python, ``README.md`` at commit
71f73540d4f0cb21887bedf2cc43516a0ebbe7c9, "Accessing raw response data (e.g. headers)" (a
``LegacyAPIResponse``: ``headers.get(...)``, ``parse()``) and "`.with_streaming_response`"
("In the async client, these are async methods": ``async with ... as response``,
``await response.json()``, ``await response.parse()``, ``async for line in
response.iter_lines()``), applied to Assistants calls as the sync corpus program
``readme_raw_response`` does.
"""

from __future__ import annotations

import json
from typing import Any


async def main(client: Any, sdk: Any, model: str) -> None:
    response = await client.beta.assistants.with_raw_response.create(model=model, name="Raw")
    print("status:", response.status_code)
    print("request:", response.http_request.method, response.http_request.url.path)
    print("has request id header:", bool(response.headers.get("x-request-id")))
    assistant = response.parse()  # get the object that `assistants.create()` would have returned
    print("parsed:", type(assistant).__name__, assistant.name)
    print("text:", json.loads(response.text)["object"])

    thread = await client.beta.threads.create(
        messages=[{"role": "user", "content": "hello there"}]
    )
    print("thread request id:", thread._request_id is not None)

    async with client.beta.threads.runs.with_streaming_response.create(
        thread_id=thread.id, assistant_id=assistant.id
    ) as response:
        print("open inside the block:", not response.is_closed)
        body = await response.json()
        print("json object:", body["object"], body["status"])
        run = await response.parse()
        print("parsed run:", run.id == body["id"])
    print("closed after the block:", response.is_closed)

    await client.beta.threads.runs.poll(run.id, thread_id=thread.id)
    async with client.beta.threads.messages.with_streaming_response.list(
        thread_id=thread.id, order="asc"
    ) as response:
        page = json.loads("".join([line async for line in response.iter_lines()]))
    print("lines joined:", page["object"], [m["role"] for m in page["data"]])
