"""Contract tests of the embedded emulator, spoken to with plain ``requests``.

Every JSON answer is validated against the published specs (OpenAI's OpenAPI 3.1 file
and Azure's 2024-05-01-preview Swagger file); wire rules (auth, OpenAI-Beta,
api-version, deployments, pagination, URL-encoded ids) are checked on both prefixes.
"""

from __future__ import annotations

import uuid
from typing import Any, Dict, Iterator, List, Optional

import pytest
import requests

from multiassist.testing import Emulator
from tests.spec_validation import (
    azure_list_pointer,
    validate_azure,
    validate_openai,
)

# wire object kind -> (OpenAI schema, Azure 2024-05-01-preview definition or list pointer)
SCHEMAS: Dict[str, tuple[str, Optional[str]]] = {
    "assistant": ("AssistantObject", "Assistant"),
    "thread": ("ThreadObject", "AssistantThread"),
    "message": ("MessageObject", "ThreadMessage"),
    "run": ("RunObject", "ThreadRun"),
    "step": ("RunStepObject", "RunStep"),
    "file": ("OpenAIFile", "OpenAIFile"),
    "vector_store": ("VectorStoreObject", "VectorStore"),
    "vector_store.file": ("VectorStoreFileObject", "VectorStoreFile"),
    "vector_store.files_batch": ("VectorStoreFileBatchObject", "VectorStoreFileBatch"),
    "assistant.deleted": ("DeleteAssistantResponse", "AssistantDeletionStatus"),
    "thread.deleted": ("DeleteThreadResponse", "ThreadDeletionStatus"),
    "thread.message.deleted": ("DeleteMessageResponse", None),
    "file.deleted": ("DeleteFileResponse", "FileDeletionStatus"),
    "vector_store.deleted": ("DeleteVectorStoreResponse", "VectorStoreDeletionStatus"),
    "vector_store.file.deleted": ("DeleteVectorStoreFileResponse", "VectorStoreFileDeletionStatus"),
    "assistant.list": ("ListAssistantsResponse", azure_list_pointer("/assistants")),
    "message.list": ("ListMessagesResponse", azure_list_pointer("/threads/{threadId}/messages")),
    "run.list": ("ListRunsResponse", azure_list_pointer("/threads/{threadId}/runs")),
    "step.list": (
        "ListRunStepsResponse",
        azure_list_pointer("/threads/{threadId}/runs/{runId}/steps"),
    ),
    "file.list": ("ListFilesResponse", "FileListResponse"),
    "vector_store.list": ("ListVectorStoresResponse", azure_list_pointer("/vector_stores")),
    "vector_store.file.list": (
        "ListVectorStoreFilesResponse",
        azure_list_pointer("/vector_stores/{vectorStoreId}/files"),
    ),
}


class Wire:
    """One emulator prefix (``/v1`` or ``/openai``) with its auth and its validators."""

    def __init__(self, emu: Emulator, kind: str) -> None:
        self.emu = emu
        self.kind = kind
        self.session = requests.Session()
        if kind == "openai":
            self.prefix = emu.endpoint + "/v1"
            self.headers = {
                "Authorization": f"Bearer {emu.api_key}",
                "OpenAI-Beta": "assistants=v2",
            }
            self.params: Dict[str, str] = {}
        else:
            self.prefix = emu.endpoint + "/openai"
            self.headers = {"api-key": emu.api_key}
            self.params = {"api-version": emu.api_version}

    def call(
        self,
        method: str,
        path: str,
        *,
        headers: Optional[Dict[str, str]] = None,
        params: Optional[Dict[str, Any]] = None,
        **kwargs: Any,
    ) -> requests.Response:
        merged_headers = {**self.headers, **(headers or {})}
        merged_params = {**self.params, **(params or {})}
        return self.session.request(
            method,
            self.prefix + path,
            headers=merged_headers,
            params=merged_params,
            timeout=10,
            **kwargs,
        )

    def check(self, body: Any, kind: str) -> None:
        openai_schema, azure_schema = SCHEMAS[kind]
        if isinstance(body, dict) and body.get("object") == "list" and not body["data"]:
            # Both specs type first_id/last_id as strings; the live API sends null for an
            # empty page, and so does the emulator.
            assert body["first_id"] is None and body["last_id"] is None
            body = {**body, "first_id": "", "last_id": ""}
        if self.kind == "openai":
            validate_openai(body, openai_schema)
        elif azure_schema is not None:
            validate_azure(body, azure_schema)

    def ok(self, method: str, path: str, kind: str, **kwargs: Any) -> Any:
        response = self.call(method, path, **kwargs)
        assert response.status_code == 200, response.text
        body = response.json()
        self.check(body, kind)
        return body

    def fail(self, method: str, path: str, status: int, **kwargs: Any) -> Dict[str, Any]:
        response = self.call(method, path, **kwargs)
        assert response.status_code == status, response.text
        body = response.json()
        check_error(body, self.kind)
        error: Dict[str, Any] = body["error"]
        return error


def check_error(body: Dict[str, Any], kind: str) -> None:
    """OpenAI errors match ErrorResponse; Azure gateway errors carry code + message."""
    if kind == "openai" or set(body["error"]) == {"message", "type", "param", "code"}:
        validate_openai(body, "ErrorResponse")
    else:
        assert set(body["error"]) == {"code", "message"}
        assert isinstance(body["error"]["code"], str) and body["error"]["message"]


@pytest.fixture(scope="module")
def emulators() -> Iterator[Dict[str, Emulator]]:
    with Emulator("openai") as openai_emu, Emulator("azure") as azure_emu:
        yield {"openai": openai_emu, "azure": azure_emu}


@pytest.fixture(params=["openai", "azure"])
def wire(request: pytest.FixtureRequest, emulators: Dict[str, Emulator]) -> Wire:
    return Wire(emulators[request.param], request.param)


@pytest.fixture
def oai(emulators: Dict[str, Emulator]) -> Wire:
    return Wire(emulators["openai"], "openai")


@pytest.fixture
def az(emulators: Dict[str, Emulator]) -> Wire:
    return Wire(emulators["azure"], "azure")


def new_assistant(w: Wire, **extra: Any) -> Dict[str, Any]:
    body: Dict[str, Any] = w.ok(
        "POST", "/assistants", "assistant", json={"model": "gpt-4o", **extra}
    )
    return body


def new_thread(w: Wire, *texts: str) -> Dict[str, Any]:
    messages = [{"role": "user", "content": text} for text in texts]
    body: Dict[str, Any] = w.ok("POST", "/threads", "thread", json={"messages": messages})
    return body


def poll(w: Wire, thread_id: str, run_id: str) -> Dict[str, Any]:
    body: Dict[str, Any] = w.ok("GET", f"/threads/{thread_id}/runs/{run_id}", "run")
    return body


# ---------------------------------------------------------------- assistants


def test_assistant_crud(wire: Wire) -> None:
    tools = [
        {"type": "code_interpreter"},
        {"type": "file_search", "file_search": {"max_num_results": 5}},
        {"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}},
    ]
    created = new_assistant(
        wire,
        name="Tutor",
        description="d",
        instructions="Be brief.",
        tools=tools,
        metadata={"team": "qa"},
        temperature=0.5,
        response_format={"type": "json_object"},
    )
    assert created["id"].startswith("asst_") and created["object"] == "assistant"
    assert isinstance(created["created_at"], int)
    assert created["tools"] == tools and created["metadata"] == {"team": "qa"}
    assert created["temperature"] == 0.5 and created["top_p"] == 1.0
    path = f"/assistants/{created['id']}"
    assert wire.ok("GET", path, "assistant") == created
    changed = wire.ok("POST", path, "assistant", json={"name": "Renamed", "metadata": {}})
    assert changed["name"] == "Renamed" and changed["metadata"] == {}
    assert changed["instructions"] == "Be brief."
    listing = wire.ok("GET", "/assistants", "assistant.list", params={"limit": 100})
    assert created["id"] in [a["id"] for a in listing["data"]]
    gone = wire.ok("DELETE", path, "assistant.deleted")
    assert gone == {"id": created["id"], "object": "assistant.deleted", "deleted": True}
    error = wire.fail("GET", path, 404)
    assert error["message"] == f"No assistant found with id '{created['id']}'."
    assert error["type"] == "invalid_request_error"


@pytest.mark.parametrize(
    ("body", "param", "code"),
    [
        ({}, "model", "missing_required_parameter"),
        ({"model": "gpt-4o", "bogus": 1}, "bogus", "unknown_parameter"),
        ({"model": 4}, "model", "invalid_type"),
        ({"model": "gpt-4o", "tools": [{"type": "web"}]}, "tools[0].type", "invalid_value"),
        (
            {"model": "gpt-4o", "tools": [{"type": "function"}]},
            "tools[0].function",
            "missing_required_parameter",
        ),
        ({"model": "gpt-4o", "temperature": 3}, "temperature", "decimal_above_max_value"),
        ({"model": "gpt-4o", "name": "n" * 257}, "name", "string_above_max_length"),
        (
            {"model": "gpt-4o", "metadata": {f"k{i}": "v" for i in range(17)}},
            "metadata",
            "object_above_max_properties",
        ),
        (
            {"model": "gpt-4o", "metadata": {"k" * 65: "v"}},
            "metadata." + "k" * 65,
            "string_above_max_length",
        ),
        (
            {"model": "gpt-4o", "metadata": {"k": "v" * 513}},
            "metadata.k",
            "string_above_max_length",
        ),
        ({"model": "gpt-4o", "response_format": "xml"}, "response_format", "invalid_value"),
    ],
)
def test_assistant_validation(wire: Wire, body: Dict[str, Any], param: str, code: str) -> None:
    error = wire.fail("POST", "/assistants", 400, json=body)
    assert (error["param"], error["code"]) == (param, code)


def test_invalid_json_is_400(wire: Wire) -> None:
    error = wire.fail(
        "POST", "/assistants", 400, data=b"{nope", headers={"Content-Type": "application/json"}
    )
    assert "parse the JSON body" in error["message"]


# ---------------------------------------------------------------- threads and messages


def test_threads_and_messages(wire: Wire) -> None:
    upload = wire.ok(
        "POST",
        "/files",
        "file",
        files={"file": ("pic.png", b"\x89PNG")},
        data={"purpose": "vision"},
    )
    thread = wire.ok(
        "POST",
        "/threads",
        "thread",
        json={
            "messages": [{"role": "user", "content": "first"}],
            "metadata": {"k": "v"},
            "tool_resources": {"code_interpreter": {"file_ids": [upload["id"]]}},
        },
    )
    assert thread["id"].startswith("thread_") and thread["metadata"] == {"k": "v"}
    assert thread["tool_resources"] == {"code_interpreter": {"file_ids": [upload["id"]]}}
    base = f"/threads/{thread['id']}"
    assert wire.ok("GET", base, "thread") == thread
    assert wire.ok("POST", base, "thread", json={"metadata": {"x": "y"}})["metadata"] == {"x": "y"}

    parts = [
        {"type": "text", "text": "look"},
        {"type": "image_url", "image_url": {"url": "https://example.com/a.png", "detail": "low"}},
        {"type": "image_file", "image_file": {"file_id": upload["id"]}},
    ]
    message = wire.ok(
        "POST",
        f"{base}/messages",
        "message",
        json={
            "role": "user",
            "content": parts,
            "metadata": {"n": "1"},
            "attachments": [{"file_id": upload["id"], "tools": [{"type": "code_interpreter"}]}],
        },
    )
    assert message["id"].startswith("msg_") and message["thread_id"] == thread["id"]
    assert message["content"] == [
        {"type": "text", "text": {"value": "look", "annotations": []}},
        {"type": "image_url", "image_url": {"url": "https://example.com/a.png", "detail": "low"}},
        {"type": "image_file", "image_file": {"file_id": upload["id"], "detail": "auto"}},
    ]
    assert message["attachments"][0]["file_id"] == upload["id"]
    assert message["assistant_id"] is None and message["run_id"] is None

    listing = wire.ok("GET", f"{base}/messages", "message.list", params={"order": "asc"})
    assert [m["content"][0]["text"]["value"] for m in listing["data"]] == ["first", "look"]
    one = f"{base}/messages/{message['id']}"
    assert wire.ok("GET", one, "message") == message
    assert wire.ok("POST", one, "message", json={"metadata": {"n": "2"}})["metadata"] == {"n": "2"}
    if wire.kind == "openai":  # Azure's 2024-05-01-preview file has no message deletion
        assert wire.ok("DELETE", one, "thread.message.deleted")["deleted"] is True
    else:
        assert wire.call("DELETE", one).json()["object"] == "thread.message.deleted"
    assert wire.fail("GET", one, 404)["message"] == f"No message found with id '{message['id']}'."
    assert wire.ok("DELETE", base, "thread.deleted")["object"] == "thread.deleted"
    wire.fail("GET", f"{base}/messages", 404)


@pytest.mark.parametrize(
    ("body", "param", "code"),
    [
        ({"content": "x"}, "role", "missing_required_parameter"),
        ({"role": "system", "content": "x"}, "role", "invalid_value"),
        ({"role": "user", "content": []}, "content", "empty_array"),
        ({"role": "user", "content": 5}, "content", "invalid_type"),
        (
            {"role": "user", "content": [{"type": "text"}]},
            "content[0].text",
            "missing_required_parameter",
        ),
        ({"role": "user", "content": "x", "file_ids": []}, "file_ids", "unknown_parameter"),
    ],
)
def test_message_validation(wire: Wire, body: Dict[str, Any], param: str, code: str) -> None:
    thread = new_thread(wire)
    error = wire.fail("POST", f"/threads/{thread['id']}/messages", 400, json=body)
    assert (error["param"], error["code"]) == (param, code)


def test_url_encoded_ids_are_single_segments(wire: Wire) -> None:
    error = wire.fail("GET", "/threads/thread%2Fx", 404)
    assert error["message"] == "No thread found with id 'thread/x'."
    error = wire.fail("GET", "/threads/thread%2Fx/messages", 404)
    assert error["message"] == "No thread found with id 'thread/x'."
    error = wire.fail("GET", "/assistants/asst%20%3F%23", 404)
    assert error["message"] == "No assistant found with id 'asst ?#'."


# ---------------------------------------------------------------- runs and steps


def test_run_progression_reply_and_step(wire: Wire) -> None:
    assistant = new_assistant(wire, instructions="Echo.")
    thread = new_thread(wire, "hello emulator")
    base = f"/threads/{thread['id']}/runs"
    run = wire.ok(
        "POST", base, "run", json={"assistant_id": assistant["id"], "metadata": {"r": "1"}}
    )
    assert run["id"].startswith("run_") and run["status"] == "queued"
    assert run["model"] == "gpt-4o" and run["instructions"] == "Echo."
    assert run["expires_at"] == run["created_at"] + 600 and run["usage"] is None
    assert poll(wire, thread["id"], run["id"])["status"] == "in_progress"
    done = poll(wire, thread["id"], run["id"])
    assert done["status"] == "completed" and done["completed_at"] is not None
    assert done["started_at"] is not None and done["expires_at"] is None
    assert done["usage"] == {"prompt_tokens": 3, "completion_tokens": 4, "total_tokens": 7}
    assert poll(wire, thread["id"], run["id"])["status"] == "completed"

    replies = wire.ok(
        "GET", f"/threads/{thread['id']}/messages", "message.list", params={"run_id": run["id"]}
    )["data"]
    assert len(replies) == 1
    reply = replies[0]
    assert reply["role"] == "assistant" and reply["assistant_id"] == assistant["id"]
    assert reply["run_id"] == run["id"]
    assert reply["content"][0]["text"]["value"] == "You said: hello emulator"

    steps = wire.ok(
        "GET",
        f"{base}/{run['id']}/steps",
        "step.list",
        params={"include[]": "step_details.tool_calls[*].file_search.results[*].content"},
    )
    assert len(steps["data"]) == 1
    step = steps["data"][0]
    assert step["id"].startswith("step_") and step["type"] == "message_creation"
    assert step["status"] == "completed" and step["usage"] == done["usage"]
    assert step["step_details"]["message_creation"]["message_id"] == reply["id"]
    assert wire.ok("GET", f"{base}/{run['id']}/steps/{step['id']}", "step") == step
    wire.fail("GET", f"{base}/{run['id']}/steps/step_nope", 404)
    wire.fail("GET", f"{base}/{run['id']}/steps", 400, params={"include[]": "everything"})

    runs = wire.ok("GET", base, "run.list")
    assert [r["id"] for r in runs["data"]] == [run["id"]]
    modified = wire.ok("POST", f"{base}/{run['id']}", "run", json={"metadata": {"r": "2"}})
    assert modified["metadata"] == {"r": "2"}


def test_run_overrides_and_additional_messages(wire: Wire) -> None:
    assistant = new_assistant(wire, instructions="Base.", tools=[{"type": "code_interpreter"}])
    thread = new_thread(wire)
    run = wire.ok(
        "POST",
        f"/threads/{thread['id']}/runs",
        "run",
        json={
            "assistant_id": assistant["id"],
            "model": "gpt-4o-mini",
            "instructions": "Other.",
            "additional_instructions": "Extra.",
            "tools": [],
            "temperature": 0.2,
            "additional_messages": [{"role": "user", "content": "added"}],
            "truncation_strategy": {"type": "last_messages", "last_messages": 3},
            "tool_choice": "none",
            "parallel_tool_calls": False,
        },
    )
    assert run["model"] == "gpt-4o-mini" and run["instructions"] == "Other.\nExtra."
    assert run["tools"] == [] and run["temperature"] == 0.2 and run["tool_choice"] == "none"
    assert run["parallel_tool_calls"] is False
    error = wire.fail(
        "POST", f"/threads/{thread['id']}/messages", 400, json={"role": "user", "content": "again"}
    )
    assert (
        error["message"]
        == f"Can't add messages to {thread['id']} while a run {run['id']} is active."
    )
    error = wire.fail(
        "POST", f"/threads/{thread['id']}/runs", 400, json={"assistant_id": assistant["id"]}
    )
    assert "already has an active run" in error["message"]
    poll(wire, thread["id"], run["id"])
    poll(wire, thread["id"], run["id"])
    texts = [
        m["content"][0]["text"]["value"]
        for m in wire.call(
            "GET", f"/threads/{thread['id']}/messages", params={"order": "asc"}
        ).json()["data"]
    ]
    assert texts == ["added", "You said: added"]


def test_cancel_and_tool_output_states(wire: Wire) -> None:
    assistant = new_assistant(wire)
    thread = new_thread(wire, "stop me")
    base = f"/threads/{thread['id']}/runs"
    run = wire.ok("POST", base, "run", json={"assistant_id": assistant["id"]})
    error = wire.fail(
        "POST",
        f"{base}/{run['id']}/submit_tool_outputs",
        400,
        json={"tool_outputs": [{"tool_call_id": "call_1", "output": "x"}]},
    )
    assert error["message"] == 'Runs in status "queued" do not accept tool outputs.'
    assert wire.ok("POST", f"{base}/{run['id']}/cancel", "run")["status"] == "cancelling"
    cancelled = poll(wire, thread["id"], run["id"])
    assert cancelled["status"] == "cancelled" and cancelled["cancelled_at"] is not None
    error = wire.fail("POST", f"{base}/{run['id']}/cancel", 400)
    assert error["message"] == "Cannot cancel run with status 'cancelled'."
    assert wire.ok("GET", f"{base}/{run['id']}/steps", "step.list")["data"] == []


def test_create_thread_and_run(wire: Wire) -> None:
    assistant = new_assistant(wire)
    run = wire.ok(
        "POST",
        "/threads/runs",
        "run",
        json={
            "assistant_id": assistant["id"],
            "thread": {
                "messages": [{"role": "user", "content": "one shot"}],
                "metadata": {"a": "b"},
            },
        },
    )
    assert run["status"] == "queued" and run["thread_id"].startswith("thread_")
    assert wire.ok("GET", f"/threads/{run['thread_id']}", "thread")["metadata"] == {"a": "b"}
    poll(wire, run["thread_id"], run["id"])
    assert poll(wire, run["thread_id"], run["id"])["status"] == "completed"


def test_run_errors(wire: Wire) -> None:
    assistant = new_assistant(wire)
    thread = new_thread(wire, "x")
    base = f"/threads/{thread['id']}/runs"
    assert wire.fail("POST", base, 404, json={"assistant_id": "asst_nope"})["message"] == (
        "No assistant found with id 'asst_nope'."
    )
    wire.fail("POST", "/threads/thread_nope/runs", 404, json={"assistant_id": assistant["id"]})
    assert wire.fail("POST", base, 400, json={})["param"] == "assistant_id"
    assert (
        wire.fail("POST", base, 400, json={"assistant_id": assistant["id"], "stream": "yes"})[
            "param"
        ]
        == "stream"
    )
    assert wire.fail("GET", f"{base}/run_nope", 404)["message"] == (
        "No run found with id 'run_nope'."
    )


# ---------------------------------------------------------------- files


def test_file_upload_download_roundtrip(wire: Wire) -> None:
    payload = bytes(range(256)) * 3 + b"\r\n--not-a-boundary\r\n"
    created = wire.ok(
        "POST",
        "/files",
        "file",
        files={"file": ("data.bin", payload)},
        data={"purpose": "assistants"},
    )
    assert created["id"].startswith("file-") and created["object"] == "file"
    assert created["bytes"] == len(payload) and created["filename"] == "data.bin"
    assert created["purpose"] == "assistants" and created["status"] == "processed"
    path = f"/files/{created['id']}"
    assert wire.ok("GET", path, "file") == created
    content = wire.call("GET", f"{path}/content")
    assert content.status_code == 200 and content.content == payload
    assert content.headers["Content-Type"] == "application/octet-stream"

    other = wire.ok(
        "POST", "/files", "file", files={"file": ("b.jsonl", b"{}\n")}, data={"purpose": "batch"}
    )
    only_batch = wire.ok("GET", "/files", "file.list", params={"purpose": "batch"})
    assert other["id"] in [f["id"] for f in only_batch["data"]]
    assert all(f["purpose"] == "batch" for f in only_batch["data"])
    assert wire.ok("DELETE", path, "file.deleted") == {
        "id": created["id"],
        "object": "file",
        "deleted": True,
    }
    error = wire.fail("GET", path, 404)
    assert error["message"] == f"No such File object: {created['id']}"
    wire.fail("GET", f"{path}/content", 404)


def test_file_upload_errors(wire: Wire) -> None:
    error = wire.fail(
        "POST", "/files", 400, files={"file": ("a.txt", b"x")}, data={"purpose": "nonsense"}
    )
    assert (error["param"], error["code"]) == ("purpose", "invalid_value")
    error = wire.fail("POST", "/files", 400, files={"purpose": (None, "assistants")})
    assert (error["param"], error["code"]) == ("file", "missing_required_parameter")
    error = wire.fail("POST", "/files", 400, json={"purpose": "assistants"})
    assert "multipart/form-data" in error["message"]


def test_file_expiry_and_list_limits(oai: Wire) -> None:
    created = oai.ok(
        "POST",
        "/files",
        "file",
        files={"file": ("e.txt", b"e")},
        data={
            "purpose": "user_data",
            "expires_after[anchor]": "created_at",
            "expires_after[seconds]": "3600",
        },
    )
    assert created["expires_at"] == created["created_at"] + 3600
    assert oai.ok("GET", "/files", "file.list", params={"limit": 10000})["data"]
    assert oai.fail("GET", "/files", 400, params={"limit": 10001})["param"] == "limit"


# ---------------------------------------------------------------- vector stores


def test_vector_stores(wire: Wire) -> None:
    upload = wire.ok(
        "POST",
        "/files",
        "file",
        files={"file": ("doc.txt", b"some text")},
        data={"purpose": "assistants"},
    )
    store = wire.ok(
        "POST",
        "/vector_stores",
        "vector_store",
        json={"name": "docs", "file_ids": [upload["id"]], "metadata": {"a": "1"}},
    )
    assert store["id"].startswith("vs_") and store["file_counts"]["completed"] == 1
    assert store["usage_bytes"] == len(b"some text")
    base = f"/vector_stores/{store['id']}"
    assert wire.ok("POST", base, "vector_store", json={"name": "renamed"})["name"] == "renamed"
    files = wire.ok("GET", f"{base}/files", "vector_store.file.list")
    assert [f["id"] for f in files["data"]] == [upload["id"]]
    attached = wire.ok("GET", f"{base}/files/{upload['id']}", "vector_store.file")
    assert attached["vector_store_id"] == store["id"] and attached["status"] == "completed"
    batch = wire.ok(
        "POST",
        f"{base}/file_batches",
        "vector_store.files_batch",
        json={"file_ids": [upload["id"]]},
    )
    assert batch["status"] == "completed" and batch["file_counts"]["total"] == 1
    assert wire.ok("GET", f"{base}/file_batches/{batch['id']}", "vector_store.files_batch") == batch
    assert wire.ok("DELETE", f"{base}/files/{upload['id']}", "vector_store.file.deleted")["deleted"]
    assert wire.ok("GET", "/vector_stores", "vector_store.list", params={"limit": 100})["data"]
    assert wire.ok("DELETE", base, "vector_store.deleted")["deleted"] is True
    wire.fail("GET", base, 404)
    before = len(wire.call("GET", "/vector_stores", params={"limit": 100}).json()["data"])
    error = wire.fail("POST", "/vector_stores", 404, json={"file_ids": ["file-nope"]})
    assert error["message"] == "No such File object: file-nope"
    after = len(wire.call("GET", "/vector_stores", params={"limit": 100}).json()["data"])
    assert after == before  # nothing half-created


def test_vector_store_helper_in_tool_resources(oai: Wire) -> None:
    upload = oai.ok(
        "POST", "/files", "file", files={"file": ("k.md", b"# k")}, data={"purpose": "assistants"}
    )
    assistant = new_assistant(
        oai,
        tools=[{"type": "file_search"}],
        tool_resources={"file_search": {"vector_stores": [{"file_ids": [upload["id"]]}]}},
    )
    ids = assistant["tool_resources"]["file_search"]["vector_store_ids"]
    assert len(ids) == 1 and ids[0].startswith("vs_")
    oai.ok("GET", f"/vector_stores/{ids[0]}", "vector_store")


# ---------------------------------------------------------------- pagination


def test_pagination_semantics(wire: Wire) -> None:
    thread = new_thread(wire, "m0", "m1", "m2", "m3", "m4")
    path = f"/threads/{thread['id']}/messages"

    def texts(page: Dict[str, Any]) -> List[str]:
        return [m["content"][0]["text"]["value"] for m in page["data"]]

    everything = wire.ok("GET", path, "message.list")
    assert texts(everything) == ["m4", "m3", "m2", "m1", "m0"]  # default order: desc
    assert everything["has_more"] is False
    ids = [m["id"] for m in everything["data"]]
    page = wire.ok("GET", path, "message.list", params={"limit": 2})
    assert texts(page) == ["m4", "m3"] and page["has_more"] is True
    assert (page["first_id"], page["last_id"]) == (ids[0], ids[1])
    page = wire.ok("GET", path, "message.list", params={"limit": 2, "after": page["last_id"]})
    assert texts(page) == ["m2", "m1"] and page["has_more"] is True
    page = wire.ok("GET", path, "message.list", params={"limit": 2, "after": page["last_id"]})
    assert texts(page) == ["m0"] and page["has_more"] is False
    page = wire.ok("GET", path, "message.list", params={"limit": 2, "before": ids[4]})
    assert texts(page) == ["m2", "m1"] and page["has_more"] is True
    page = wire.ok("GET", path, "message.list", params={"limit": 2, "before": ids[1]})
    assert texts(page) == ["m4"] and page["has_more"] is False
    page = wire.ok("GET", path, "message.list", params={"order": "asc", "limit": 3})
    assert texts(page) == ["m0", "m1", "m2"] and page["has_more"] is True
    page = wire.ok("GET", path, "message.list", params={"order": "asc", "after": ids[1]})
    assert texts(page) == ["m4"] and page["has_more"] is False
    page = wire.ok("GET", path, "message.list", params={"order": "asc", "after": ids[0]})
    assert texts(page) == [] and page["has_more"] is False
    empty = wire.ok("GET", f"/threads/{new_thread(wire)['id']}/messages", "message.list")
    assert empty == {
        "object": "list",
        "data": [],
        "first_id": None,
        "last_id": None,
        "has_more": False,
    }
    assert wire.ok("GET", path, "message.list", params={"limit": 100})["data"]


@pytest.mark.parametrize(
    ("params", "param", "code"),
    [
        ({"limit": 0}, "limit", "integer_below_min_value"),
        ({"limit": 101}, "limit", "integer_above_max_value"),
        ({"limit": "ten"}, "limit", "invalid_type"),
        ({"order": "sideways"}, "order", "invalid_value"),
        ({"after": "msg_unknown"}, "after", "invalid_value"),
    ],
)
def test_pagination_errors(wire: Wire, params: Dict[str, Any], param: str, code: str) -> None:
    thread = new_thread(wire, "x")
    error = wire.fail("GET", f"/threads/{thread['id']}/messages", 400, params=params)
    assert (error["param"], error["code"]) == (param, code)


def test_default_limit_is_20(oai: Wire) -> None:
    thread = new_thread(oai, *[f"t{i}" for i in range(21)])
    page = oai.ok("GET", f"/threads/{thread['id']}/messages", "message.list")
    assert len(page["data"]) == 20 and page["has_more"] is True


# ---------------------------------------------------------------- OpenAI wire rules


def test_openai_auth(oai: Wire) -> None:
    error = oai.fail("GET", "/assistants", 401, headers={"Authorization": ""})
    assert "didn't provide an API key" in error["message"]
    error = oai.fail("GET", "/assistants", 401, headers={"Authorization": "Bearer sk-wrong-key"})
    assert error["code"] == "invalid_api_key" and "Incorrect API key provided" in error["message"]
    assert "sk-wrong-key" not in error["message"]
    oai.fail("GET", "/files", 401, headers={"Authorization": "Basic abc"})


def test_openai_beta_header(oai: Wire) -> None:
    error = oai.fail("GET", "/assistants", 400, headers={"OpenAI-Beta": ""})
    assert "OpenAI-Beta" in error["message"] and error["code"] == "invalid_beta"
    error = oai.fail("POST", "/threads", 400, headers={"OpenAI-Beta": "assistants=v1"})
    assert "deprecated" in error["message"]
    oai.ok("GET", "/assistants", "assistant.list", headers={"OpenAI-Beta": "x=1, assistants=v2"})
    oai.ok("GET", "/files", "file.list", headers={"OpenAI-Beta": ""})  # files need no beta


def test_openai_unknown_routes(oai: Wire) -> None:
    error = oai.fail("GET", "/nothing/here", 404)
    assert error["message"] == "Invalid URL (GET /v1/nothing/here)"
    assert oai.fail("PATCH", "/assistants", 404)["message"] == "Invalid URL (PATCH /v1/assistants)"
    assert oai.fail("GET", "/assistants/", 404)["message"].startswith("Invalid URL")
    response = oai.session.get(oai.emu.endpoint + "/elsewhere", timeout=10)
    assert response.status_code == 404
    check_error(response.json(), "openai")


def test_openai_response_headers(oai: Wire) -> None:
    for response in (oai.call("GET", "/assistants"), oai.call("GET", "/assistants/asst_x")):
        request_id = response.headers["x-request-id"]
        assert request_id.startswith("req_") and int(request_id[4:], 16) >= 0
        assert "apim-request-id" not in response.headers


# ---------------------------------------------------------------- Azure wire rules


def test_azure_auth_and_tokens(az: Wire) -> None:
    error = az.fail("GET", "/assistants", 401, headers={"api-key": ""})
    assert error["code"] == "401" and error["message"].startswith("Access denied")
    az.fail("GET", "/assistants", 401, headers={"api-key": "wrong"})
    token = f"entra-{uuid.uuid4().hex}"
    bearer = {"api-key": "", "Authorization": f"Bearer {token}"}
    az.fail("GET", "/assistants", 401, headers=bearer)
    az.emu.accept_token(token)
    az.ok("GET", "/assistants", "assistant.list", headers=bearer)


def test_azure_api_version(az: Wire) -> None:
    response = az.session.get(az.prefix + "/assistants", headers=az.headers, timeout=10)
    assert response.status_code == 400
    assert response.json() == {
        "error": {"code": "BadRequest", "message": "Missing API version parameter."}
    }
    error = az.fail("GET", "/assistants", 400, params={"api-version": "2023-05-15"})
    assert error == {"code": "BadRequest", "message": "API version not supported"}
    for version in ("2024-05-01-preview", "2024-10-01-preview", "2025-04-01-preview"):
        az.ok("GET", "/assistants", "assistant.list", params={"api-version": version})
    with Emulator("azure", api_versions=["2024-05-01-preview"]) as narrow:
        only = Wire(narrow, "azure")
        only.fail("GET", "/assistants", 400)  # the default 2025-04-01-preview is not accepted
        only.ok(
            "GET", "/assistants", "assistant.list", params={"api-version": "2024-05-01-preview"}
        )


def test_azure_needs_no_beta_header_and_sends_apim_id(az: Wire) -> None:
    response = az.call("GET", "/assistants", headers={"OpenAI-Beta": ""})
    assert response.status_code == 200
    assert uuid.UUID(response.headers["apim-request-id"])
    assert response.headers["x-request-id"]


def test_azure_deployments(az: Wire) -> None:
    error = az.fail("POST", "/assistants", 404, json={"model": "gpt-35-turbo"})
    assert error["code"] == "DeploymentNotFound"
    assistant = new_assistant(az)
    path = f"/assistants/{assistant['id']}"
    assert az.fail("POST", path, 404, json={"model": "nope"})["code"] == "DeploymentNotFound"
    thread = new_thread(az, "x")
    az.fail(
        "POST",
        f"/threads/{thread['id']}/runs",
        404,
        json={"assistant_id": assistant["id"], "model": "gpt-4"},
    )
    az.fail("POST", "/threads/runs", 404, json={"assistant_id": assistant["id"], "model": "x"})
    assert az.ok("POST", path, "assistant", json={"model": "gpt-4o-mini"})["model"] == "gpt-4o-mini"
    error = az.fail("POST", "/deployments/gpt-4o/assistants", 404, json={"model": "gpt-4o"})
    assert error == {"code": "404", "message": "Resource not found"}
    assert az.fail("GET", "/nothing", 404) == {"code": "404", "message": "Resource not found"}
    with Emulator("azure", deployments={"gpt-4o": "prod-4o"}) as custom:
        wire = Wire(custom, "azure")
        wire.fail("POST", "/assistants", 404, json={"model": "gpt-4o"})
        assert new_assistant(wire, model="prod-4o")["model"] == "prod-4o"


def test_openai_wire_accepts_any_model(oai: Wire) -> None:
    assert new_assistant(oai, model="gpt-35-turbo")["model"] == "gpt-35-turbo"
