"""openai-python's README on raw responses and request ids, applied to Assistants calls as
openai-python's own generated tests do.

Stands for: openai/openai-python ``README.md`` sections "Accessing raw response data (e.g.
headers)", "`.with_streaming_response`" and "Request IDs" at commit
e43b422412a9e96c9cc5192c61fffbe2d7e04836, and ``tests/api_resources/beta/threads/test_runs.py``
(``test_raw_response_create``, ``test_streaming_response_create``) at commit
ea17fda01d7067a6d829effa437952a09f2bb3a3.

Idioms: ``client.beta.assistants.with_raw_response.create(...)`` with
``response.headers.get(...)``, ``response.http_request.method`` / ``.url``,
``response.status_code``, ``response.parse()``; ``obj._request_id`` on a returned object;
``with client.beta.threads.runs.with_streaming_response.create(...) as response`` with
``response.is_closed``, ``response.json()`` / ``response.parse()``; ``with
client.beta.threads.messages.with_streaming_response.list(...) as response`` and
``response.iter_lines()``.
"""

from __future__ import annotations

import json
from typing import Any


def main(client: Any, sdk: Any, model: str) -> None:
    response = client.beta.assistants.with_raw_response.create(model=model, name="Raw")
    print("status:", response.status_code)
    print("request:", response.http_request.method, response.http_request.url.path)
    print("content-type:", response.headers.get("content-type").split(";")[0])
    print("has request id header:", bool(response.headers.get("x-request-id")))
    assistant = response.parse()
    print("parsed:", type(assistant).__name__, assistant.name)

    thread = client.beta.threads.create(messages=[{"role": "user", "content": "hello there"}])
    print("thread request id matches header:", thread._request_id is not None)

    with client.beta.threads.runs.with_streaming_response.create(
        thread_id=thread.id, assistant_id=assistant.id
    ) as response:
        print("open inside the block:", not response.is_closed)
        body = response.json()
        print("json object:", body["object"], body["status"])
        run = response.parse()
        print("parsed run:", run.id == body["id"])
    print("closed after the block:", response.is_closed)

    client.beta.threads.runs.poll(run.id, thread_id=thread.id)
    with client.beta.threads.messages.with_streaming_response.list(
        thread_id=thread.id, order="asc"
    ) as response:
        page = json.loads("".join(response.iter_lines()))
    print("lines joined:", page["object"], [m["role"] for m in page["data"]])
