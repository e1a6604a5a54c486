"""The retired Azure SDK's method set (camelCase and snake_case), on both wire flavors."""

from __future__ import annotations

import time
from typing import Any, Callable

import pytest

from multiassist import AssistantsClient, NotFoundError
from multiassist.compat.azure_sdk import AzureStyleMethods

AZURE_SDK_METHODS = [
    "cancelRun", "createAssistant", "createAssistantFile", "createMessage", "createRun",
    "createThread", "createThreadAndRun", "deleteAssistant", "deleteAssistantFile",
    "deleteFile", "deleteThread", "getAssistant", "getAssistantFile", "getFile", "getMessage",
    "getMessageFile", "getRun", "getRunStep", "getThread", "listAssistantFiles",
    "listAssistants", "listFiles", "listMessageFiles", "listMessages", "listRuns",
    "listRunSteps", "submitToolOutputsToRun", "updateAssistant", "updateMessage", "updateRun",
    "updateThread", "uploadFile",
]


def snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name)


def test_every_sdk_name_has_a_snake_case_twin_bound_to_the_same_function() -> None:
    assert len(AZURE_SDK_METHODS) == 32
    for name in AZURE_SDK_METHODS:
        camel = getattr(AzureStyleMethods, name)
        assert getattr(AzureStyleMethods, snake(name)) is camel, name


@pytest.fixture(params=["camel", "snake"])
def call(request: pytest.FixtureRequest, client: AssistantsClient) -> Callable[..., Any]:
    """Call an SDK method by its camelCase name, or by its snake_case twin."""

    def invoke(name: str, *args: Any, **kwargs: Any) -> Any:
        attr = name if request.param == "camel" else snake(name)
        return getattr(client, attr)(*args, **kwargs)

    return invoke


def test_assistants(call: Callable[..., Any]) -> None:
    assistant = call("createAssistant", {"model": "gpt-4o", "name": "a", "instructions": "x"})
    assert assistant.model == "gpt-4o"
    assert call("getAssistant", assistant.id).name == "a"
    assert call("updateAssistant", assistant.id, {"name": "b"}).name == "b"
    assert assistant.id in [a.id for a in call("listAssistants", {"limit": 100})]
    assert call("deleteAssistant", assistant.id).deleted is True


def test_threads_messages_runs_and_steps(call: Callable[..., Any]) -> None:
    assistant = call("createAssistant", {"model": "gpt-4o"})
    thread = call("createThread", {"metadata": {"origin": "sdk"}})
    assert call("getThread", thread.id).metadata == {"origin": "sdk"}
    assert call("updateThread", thread.id, {"metadata": {"origin": "v2"}}).metadata == {
        "origin": "v2"
    }

    message = call("createMessage", thread.id, "user", "How far is the moon?")
    assert call("getMessage", thread.id, message.id).text == "How far is the moon?"
    updated = call("updateMessage", thread.id, message.id, {"metadata": {"a": "1"}})
    assert updated.metadata == {"a": "1"}

    run = call("createRun", thread.id, {"assistantId": assistant.id})
    assert run.status == "queued"
    deadline = time.monotonic() + 10
    while run.status != "completed":
        assert time.monotonic() < deadline
        run = call("getRun", thread.id, run.id)
    assert call("updateRun", thread.id, run.id, {"metadata": {"n": "1"}}).metadata == {"n": "1"}
    assert [r.id for r in call("listRuns", thread.id)] == [run.id]

    replies = call("listMessages", thread.id, {"runId": run.id})
    assert [m.role for m in replies] == ["assistant"]
    steps = call("listRunSteps", thread.id, run.id).data
    assert call("getRunStep", thread.id, run.id, steps[0].id).type == "message_creation"

    assert call("deleteThread", thread.id).deleted is True


def test_create_thread_and_run_cancel_and_tool_outputs(call: Callable[..., Any]) -> None:
    assistant = call("createAssistant", {"model": "gpt-4o"})
    run = call(
        "createThreadAndRun",
        {"assistantId": assistant.id, "thread": {"messages": [{"role": "user", "content": "hi"}]}},
    )
    assert run.status == "queued"
    cancelled = call("cancelRun", run.thread_id, run.id)
    assert cancelled.status in ("cancelling", "cancelled")
    # Submitting outputs to a run that is not waiting for them is refused by the service.
    with pytest.raises(Exception) as refused:
        call("submitToolOutputsToRun", run.thread_id, run.id,
             [{"toolCallId": "call_1", "output": "42"}])
    assert getattr(refused.value, "status_code", None) == 400


def test_files(call: Callable[..., Any]) -> None:
    uploaded = call("uploadFile", b"hello", "assistants", {"filename": "hello.txt"})
    assert uploaded.filename == "hello.txt"
    assert call("getFile", uploaded.id).bytes == 5
    assert uploaded.id in [f.id for f in call("listFiles", {"purpose": "assistants"})]
    assert call("deleteFile", uploaded.id).deleted is True
    with pytest.raises(NotFoundError):
        call("getFile", uploaded.id)


def test_assistant_files_map_to_code_interpreter_files_on_v2(
    call: Callable[..., Any], client: AssistantsClient
) -> None:
    first = call("uploadFile", b"a", "assistants", {"filename": "a.txt"})
    second = call("uploadFile", b"b", "assistants", {"filename": "b.txt"})
    assistant = call(
        "createAssistant", {"model": "gpt-4o", "tools": [{"type": "code_interpreter"}]}
    )

    attached = call("createAssistantFile", assistant.id, first.id)
    assert (attached.id, attached.assistant_id) == (first.id, assistant.id)
    call("createAssistantFile", assistant.id, second.id)
    call("createAssistantFile", assistant.id, second.id)  # attaching twice changes nothing
    resources = client.beta.assistants.retrieve(assistant.id).to_dict()["tool_resources"]
    assert resources["code_interpreter"]["file_ids"] == [first.id, second.id]

    assert call("getAssistantFile", assistant.id, first.id).id == first.id
    page = call("listAssistantFiles", assistant.id, {"limit": 1, "order": "asc"})
    assert [f.id for f in page.data] == [first.id] and page.has_more
    assert [f.id for f in call("listAssistantFiles", assistant.id)] == [second.id, first.id]

    assert call("deleteAssistantFile", assistant.id, first.id).deleted is True
    with pytest.raises(NotFoundError):
        call("getAssistantFile", assistant.id, first.id)
    resources = client.beta.assistants.retrieve(assistant.id).to_dict()["tool_resources"]
    assert resources["code_interpreter"]["file_ids"] == [second.id]


def test_message_files_are_the_message_attachments_on_v2(call: Callable[..., Any]) -> None:
    uploaded = call("uploadFile", b"data", "assistants", {"filename": "d.csv"})
    thread = call("createThread")
    message = call("createMessage", thread.id, "user", "see file", {
        "attachments": [{"file_id": uploaded.id, "tools": [{"type": "code_interpreter"}]}]})
    found = call("getMessageFile", thread.id, message.id, uploaded.id)
    assert (found.id, found.message_id) == (uploaded.id, message.id)
    assert [f.id for f in call("listMessageFiles", thread.id, message.id)] == [uploaded.id]
    with pytest.raises(NotFoundError):
        call("getMessageFile", thread.id, message.id, "file-missing")


def test_pages_answer_to_the_sdk_names_too(call: Callable[..., Any]) -> None:
    for name in ("a", "b", "c"):
        call("createAssistant", {"model": "gpt-4o", "name": name})
    page = call("listAssistants", {"limit": 2})
    assert (page.firstId, page.lastId, page.hasMore) == (
        page.data[0].id, page.data[-1].id, True)
