"""Request bodies the client sends validate against the official request schemas, and the
responses it parses validate against the response schemas (skipped without ../shared/specs)."""

from __future__ import annotations

import pytest

from multiassist import AssistantsClient
from multiassist.testing import Emulator
from tests import spec_validation


@pytest.fixture(autouse=True)
def _specs_present() -> None:
    if not spec_validation.SPECS_DIR.is_dir():
        pytest.skip(spec_validation.SKIP_REASON)


def test_request_bodies_match_the_openai_spec(client: AssistantsClient, emulator: Emulator) -> None:
    start = len(emulator.requests)
    assistant = client.beta.assistants.create(
        model="gpt-4o", name="n", instructions="i", metadata={"a": "b"},
        tools=[{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}],
        response_format="auto", temperature=1.0, top_p=1.0,
    )
    client.beta.assistants.update(assistant.id, name="m")
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "hi"}])
    client.beta.threads.update(thread.id, metadata={"x": "y"})
    message = client.beta.threads.messages.create(thread.id, role="user", content="hello")
    client.beta.threads.messages.update(message.id, thread_id=thread.id, metadata={"k": "v"})
    run = client.beta.threads.runs.create(
        thread.id, assistant_id=assistant.id, additional_instructions="more",
        max_completion_tokens=500, truncation_strategy={"type": "auto"}, tool_choice="auto",
    )
    client.beta.threads.runs.update(run.id, thread_id=thread.id, metadata={"k": "v"})
    client.beta.threads.create_and_run(
        assistant_id=assistant.id, thread={"messages": [{"role": "user", "content": "x"}]}
    )
    schemas = {
        ("POST", "assistants"): "CreateAssistantRequest",
        ("POST", "assistants/{id}"): "ModifyAssistantRequest",
        ("POST", "threads"): "CreateThreadRequest",
        ("POST", "threads/{id}"): "ModifyThreadRequest",
        ("POST", "threads/{id}/messages"): "CreateMessageRequest",
        ("POST", "threads/{id}/messages/{id}"): "ModifyMessageRequest",
        ("POST", "threads/{id}/runs"): "CreateRunRequest",
        ("POST", "threads/{id}/runs/{id}"): "ModifyRunRequest",
        ("POST", "threads/runs"): "CreateThreadAndRunRequest",
    }
    checked = set()
    for sent in emulator.requests[start:]:
        parts = sent.path.split("/")[2:]
        shape = "/".join(p if i % 2 == 0 or (p == "runs" and i == 1) else "{id}"
                         for i, p in enumerate(parts))
        schema = schemas.get((sent.method, shape))
        if schema:
            spec_validation.validate_openai(sent.json, schema)
            checked.add(schema)
    assert checked == set(schemas.values())
