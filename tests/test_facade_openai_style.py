"""Every OpenAI-style method, on both wire flavors, as openai-python users would call it."""

from __future__ import annotations

import time

import pytest

from multiassist import AssistantsClient, NotFoundError
from multiassist.models import Assistant, FileObject, Message, Run, RunStep, Thread
from multiassist.testing import Emulator


def finish(client: AssistantsClient, run: Run) -> Run:
    deadline = time.monotonic() + 10
    while run.status not in ("completed", "failed", "cancelled", "expired", "incomplete"):
        assert time.monotonic() < deadline, f"run stuck in {run.status}"
        run = client.beta.threads.runs.retrieve(run.id, thread_id=run.thread_id)
    return run


def test_assistant_lifecycle(client: AssistantsClient) -> None:
    created = client.beta.assistants.create(
        model="gpt-4o",
        name="Math tutor",
        instructions="Be precise.",
        tools=[{"type": "code_interpreter"}],
        metadata={"team": "a"},
        temperature=0.2,
    )
    assert isinstance(created, Assistant)
    assert created.id.startswith("asst_")
    # On Azure the body carried the deployment name; the caller still sees its model name.
    assert created.model == "gpt-4o"
    assert [tool.type for tool in created.tools] == ["code_interpreter"]

    fetched = client.beta.assistants.retrieve(created.id)
    assert fetched.name == "Math tutor" and fetched.instructions == "Be precise."

    updated = client.beta.assistants.update(created.id, name="Physics tutor", model="gpt-4o-mini")
    assert updated.name == "Physics tutor"
    assert updated.model == "gpt-4o-mini"
    assert updated.instructions == "Be precise."

    listed_ids = [a.id for a in client.beta.assistants.list(limit=100)]
    assert created.id in listed_ids

    deleted = client.beta.assistants.delete(created.id)
    assert deleted.deleted is True and deleted.id == created.id
    with pytest.raises(NotFoundError) as caught:
        client.beta.assistants.retrieve(created.id)
    assert caught.value.status_code == 404
    assert caught.value.request_id


def test_thread_and_message_lifecycle(client: AssistantsClient) -> None:
    thread = client.beta.threads.create(
        messages=[{"role": "user", "content": "first"}], metadata={"k": "v"}
    )
    assert isinstance(thread, Thread) and thread.metadata == {"k": "v"}
    assert client.beta.threads.retrieve(thread.id).id == thread.id
    assert client.beta.threads.update(thread.id, metadata={"k": "w"}).metadata == {"k": "w"}

    message = client.beta.threads.messages.create(thread.id, role="user", content="second")
    assert isinstance(message, Message)
    assert message.text == "second" and message.role == "user"
    assert client.beta.threads.messages.retrieve(message.id, thread_id=thread.id).text == "second"
    updated = client.beta.threads.messages.update(
        message.id, thread_id=thread.id, metadata={"seen": "yes"}
    )
    assert updated.metadata == {"seen": "yes"}

    texts = [m.text for m in client.beta.threads.messages.list(thread.id, order="asc")]
    assert texts == ["first", "second"]
    assert client.beta.threads.messages.delete(message.id, thread_id=thread.id).deleted is True
    texts = [m.text for m in client.beta.threads.messages.list(thread.id)]
    assert texts == ["first"]

    assert client.beta.threads.delete(thread.id).deleted is True


def test_run_lifecycle_with_steps(client: AssistantsClient) -> None:
    assistant = client.beta.assistants.create(model="gpt-4o", instructions="Echo.")
    thread = client.beta.threads.create()
    client.beta.threads.messages.create(thread.id, role="user", content="hello there")
    run = client.beta.threads.runs.create(
        thread.id, assistant_id=assistant.id, metadata={"attempt": "1"}
    )
    assert isinstance(run, Run)
    assert run.status == "queued" and run.assistant_id == assistant.id
    assert run.model == "gpt-4o"

    run = finish(client, run)
    assert run.status == "completed"
    assert run.usage is not None and run.usage.total_tokens > 0

    assert client.beta.threads.runs.update(
        run.id, thread_id=thread.id, metadata={"attempt": "2"}
    ).metadata == {"attempt": "2"}
    assert [r.id for r in client.beta.threads.runs.list(thread.id)] == [run.id]

    reply = client.beta.threads.messages.list(thread.id, run_id=run.id).data
    assert len(reply) == 1 and reply[0].role == "assistant" and "hello there" in reply[0].text

    steps = client.beta.threads.runs.steps.list(run.id, thread_id=thread.id).data
    assert len(steps) == 1
    step = steps[0]
    assert isinstance(step, RunStep) and step.type == "message_creation"
    assert step.step_details.message_creation.message_id == reply[0].id  # type: ignore[union-attr]
    again = client.beta.threads.runs.steps.retrieve(step.id, thread_id=thread.id, run_id=run.id)
    assert again.id == step.id


def test_cancel_and_create_and_run(client: AssistantsClient) -> None:
    assistant = client.beta.assistants.create(model="gpt-4o")
    run = client.beta.threads.create_and_run(
        assistant_id=assistant.id, thread={"messages": [{"role": "user", "content": "hi"}]}
    )
    assert run.thread_id.startswith("thread_")
    cancelled = client.beta.threads.runs.cancel(run.id, thread_id=run.thread_id)
    assert cancelled.status in ("cancelling", "cancelled")
    assert finish(client, cancelled).status == "cancelled"


def test_files_round_trip(client: AssistantsClient, tmp_path: object) -> None:
    uploaded = client.files.create(file=("notes.txt", b"alpha\nbeta\n"), purpose="assistants")
    assert isinstance(uploaded, FileObject)
    assert uploaded.filename == "notes.txt" and uploaded.bytes == 11
    assert client.files.retrieve(uploaded.id).purpose == "assistants"
    assert uploaded.id in [f.id for f in client.files.list(purpose="assistants")]
    assert client.files.content(uploaded.id).content == b"alpha\nbeta\n"
    assert client.files.delete(uploaded.id).deleted is True
    with pytest.raises(NotFoundError):
        client.files.retrieve(uploaded.id)


def test_auto_pagination_walks_every_page(client: AssistantsClient, emulator: Emulator) -> None:
    thread = client.beta.threads.create()
    for number in range(7):
        client.beta.threads.messages.create(thread.id, role="user", content=f"m{number}")
    before = len(emulator.requests)
    page = client.beta.threads.messages.list(thread.id, limit=3, order="asc")
    assert [m.text for m in page.data] == ["m0", "m1", "m2"] and page.has_more
    assert [m.text for m in page] == [f"m{n}" for n in range(7)]
    # one request per page of three: 3 pages
    assert len(emulator.requests) - before == 3
    newest_first = [m.text for m in client.beta.threads.messages.list(thread.id, limit=2)]
    assert newest_first == [f"m{n}" for n in reversed(range(7))]
