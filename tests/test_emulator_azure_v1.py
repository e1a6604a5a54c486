"""The emulator's Azure Assistants **v1** wire (2024-02-15/03-01/04-01-preview), spoken to
with plain ``requests``.

Every JSON answer is validated against ``azure-assistants-2024-02-15-preview.json``; what
that TypeSpec-generated file lacks but the v1 service had (``file_ids``, the ``retrieval``
tool, assistant and message files) is checked against the small schemas below, and the
absence of v2-only fields is asserted field by field.
"""

from __future__ import annotations

import json
from typing import Any, Dict, Iterator, List, Optional, Tuple

import jsonschema
import pytest
import requests

from multiassist.testing import AZURE_V1_API_VERSIONS, AZURE_V2_API_VERSIONS, Emulator
from tests.spec_validation import azure_list_pointer, validate_azure

V1 = "2024-02-15-preview"
V2 = "2024-05-01-preview"
SPEC = "2024-02-15-preview"  # the v1 Swagger file every v1 answer must match

# Exact key sets of v1 objects: the v1 definitions' fields plus file_ids, no v2-only ones.
ASSISTANT_KEYS = {
    "id", "object", "created_at", "name", "description", "model", "instructions", "tools",
    "file_ids", "metadata",
}
THREAD_KEYS = {"id", "object", "created_at", "metadata"}
MESSAGE_KEYS = {
    "id", "object", "created_at", "thread_id", "status", "incomplete_details", "completed_at",
    "incomplete_at", "role", "content", "assistant_id", "run_id", "file_ids", "metadata",
}
RUN_KEYS = {
    "id", "object", "created_at", "assistant_id", "thread_id", "status", "started_at",
    "expires_at", "cancelled_at", "failed_at", "completed_at", "required_action", "last_error",
    "model", "instructions", "tools", "file_ids", "metadata", "incomplete_details", "usage",
}  # fmt: skip


def _closed(kind: str, parent: str) -> Dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "id": {"type": "string"},
            "object": {"enum": [kind]},
            "created_at": {"type": "integer"},
            parent: {"type": "string"},
        },
        "required": ["id", "object", "created_at", parent],
        "additionalProperties": False,
    }


# The v1 objects the spec file leaves out, as the v1 service sent them.
EXTRA_SCHEMAS: Dict[str, Dict[str, Any]] = {
    "assistant.file": _closed("assistant.file", "assistant_id"),
    "thread.message.file": _closed("thread.message.file", "message_id"),
    "assistant.file.deleted": {
        "type": "object",
        "properties": {
            "id": {"type": "string"},
            "object": {"enum": ["assistant.file.deleted"]},
            "deleted": {"enum": [True]},
        },
        "required": ["id", "object", "deleted"],
        "additionalProperties": False,
    },
}
for _kind in ("assistant.file", "thread.message.file"):
    EXTRA_SCHEMAS[_kind + ".list"] = {
        "type": "object",
        "properties": {
            "object": {"enum": ["list"]},
            "data": {"type": "array", "items": EXTRA_SCHEMAS[_kind]},
            "first_id": {"type": ["string", "null"]},
            "last_id": {"type": ["string", "null"]},
            "has_more": {"type": "boolean"},
        },
        "required": ["object", "data", "first_id", "last_id", "has_more"],
        "additionalProperties": False,
    }

# Spec definition (or list pointer) per answer kind.
DEFINITIONS = {
    "assistant": "Assistant",
    "assistant.deleted": "AssistantDeletionStatus",
    "assistant.list": azure_list_pointer("/assistants"),
    "thread": "AssistantThread",
    "thread.deleted": "ThreadDeletionStatus",
    "message": "ThreadMessage",
    "message.list": azure_list_pointer("/threads/{threadId}/messages"),
    "run": "ThreadRun",
    "run.list": azure_list_pointer("/threads/{threadId}/runs"),
    "step": "RunStep",
    "step.list": azure_list_pointer("/threads/{threadId}/runs/{runId}/steps"),
    "file": "OpenAIFile",
    "file.deleted": "FileDeletionStatus",
    "file.list": "FileListResponse",
}
Event = Tuple[str, Any]
NOT_FOUND = {"code": "404", "message": "Resource not found"}


def check(body: Any, kind: str) -> None:
    """Validate a v1 answer: spec definitions, or the v1-only schemas above."""
    if kind in EXTRA_SCHEMAS:
        jsonschema.Draft4Validator(EXTRA_SCHEMAS[kind]).validate(body)
        return
    if isinstance(body, dict) and body.get("object") == "list" and not body["data"]:
        assert body["first_id"] is None and body["last_id"] is None  # the spec says string
        body = {**body, "first_id": "", "last_id": ""}
    validate_azure(body, DEFINITIONS[kind], version=SPEC)


class V1Wire:
    """``/openai`` on one api-version, with the emulator's api-key."""

    def __init__(self, emu: Emulator, version: str = V1) -> None:
        self.emu = emu
        self.version = version
        self.prefix = emu.origin + "/openai"
        self.session = requests.Session()
        self.session.headers["api-key"] = emu.api_key

    def call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        params = {"api-version": self.version, **kwargs.pop("params", {})}
        return self.session.request(method, self.prefix + path, params=params, timeout=10, **kwargs)

    def ok(self, method: str, path: str, kind: str, **kwargs: Any) -> Any:
        response = self.call(method, path, **kwargs)
        assert response.status_code == 200, response.text
        body = response.json()
        check(body, kind)
        return body

    def fail(self, method: str, path: str, status: int, **kwargs: Any) -> Dict[str, Any]:
        response = self.call(method, path, **kwargs)
        assert response.status_code == status, response.text
        error: Dict[str, Any] = response.json()["error"]
        return error

    # -------------------------------------------------------------- shortcuts

    def upload(self, text: str, name: str = "notes.txt", purpose: str = "assistants") -> Any:
        return self.ok(
            "POST", "/files", "file", files={"file": (name, text.encode())},
            data={"purpose": purpose},
        )

    def assistant(self, **extra: Any) -> Dict[str, Any]:
        body: Dict[str, Any] = self.ok(
            "POST", "/assistants", "assistant", json={"model": "gpt-4o", **extra}
        )
        assert set(body) == ASSISTANT_KEYS
        return body

    def thread(self, *messages: Dict[str, Any], **extra: Any) -> Dict[str, Any]:
        body: Dict[str, Any] = self.ok(
            "POST", "/threads", "thread", json={"messages": list(messages), **extra}
        )
        assert set(body) == THREAD_KEYS
        return body

    def messages(self, thread_id: str, **params: Any) -> List[Dict[str, Any]]:
        page = self.ok("GET", f"/threads/{thread_id}/messages", "message.list", params=params)
        for message in page["data"]:
            assert set(message) == MESSAGE_KEYS
        data: List[Dict[str, Any]] = page["data"]
        return data

    def run(self, thread_id: str, assistant_id: str, **extra: Any) -> Dict[str, Any]:
        body: Dict[str, Any] = self.ok(
            "POST", f"/threads/{thread_id}/runs", "run",
            json={"assistant_id": assistant_id, **extra},
        )
        assert set(body) == RUN_KEYS
        return body

    def settle(self, run: Dict[str, Any]) -> Dict[str, Any]:
        for _ in range(20):
            run = self.ok("GET", f"/threads/{run['thread_id']}/runs/{run['id']}", "run")
            assert set(run) == RUN_KEYS
            if run["status"] not in ("queued", "in_progress"):
                return run
        raise AssertionError(f"run {run['id']} never settled")

    def steps(self, run: Dict[str, Any]) -> List[Dict[str, Any]]:
        page = self.ok(
            "GET", f"/threads/{run['thread_id']}/runs/{run['id']}/steps", "step.list",
            params={"order": "asc"},
        )
        data: List[Dict[str, Any]] = page["data"]
        return data

    def stream(self, path: str, body: Dict[str, Any]) -> List[Event]:
        response = self.session.post(
            self.prefix + path, params={"api-version": self.version},
            json={**body, "stream": True}, stream=True, timeout=10,
        )
        assert response.status_code == 200, response.text
        assert response.headers["Content-Type"].startswith("text/event-stream")
        events: List[Event] = []
        name: Optional[str] = None
        for line in response.iter_lines(decode_unicode=True):
            if line.startswith("event: "):
                name = line[len("event: "):]
            elif line.startswith("data: ") and name is not None:
                raw = line[len("data: "):]
                events.append((name, raw if raw == "[DONE]" else json.loads(raw)))
        return events


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator("azure", api_version=V1, run_steps_to_complete=1) as running:
        yield running


@pytest.fixture(params=AZURE_V1_API_VERSIONS)
def v1(request: pytest.FixtureRequest, emu: Emulator) -> V1Wire:
    return V1Wire(emu, request.param)


@pytest.fixture
def w(emu: Emulator) -> V1Wire:
    return V1Wire(emu)


# ---------------------------------------------------------------- versions and routes


def test_v1_versions_are_accepted_by_default() -> None:
    emulator = Emulator("azure")
    assert set(AZURE_V1_API_VERSIONS) <= set(emulator.api_versions)
    assert set(AZURE_V2_API_VERSIONS) <= set(emulator.api_versions)
    assert AZURE_V1_API_VERSIONS == (
        "2024-02-15-preview", "2024-03-01-preview", "2024-04-01-preview"
    )
    assert Emulator("azure", api_version=V1).api_version == V1


def test_each_v1_version_speaks_v1(v1: V1Wire) -> None:
    assistant = v1.assistant(tools=[{"type": "retrieval"}])
    assert assistant["tools"] == [{"type": "retrieval"}] and assistant["file_ids"] == []
    error = v1.fail("POST", "/assistants", 400, json={"model": "gpt-4o", "top_p": 1})
    assert (error["param"], error["code"]) == ("top_p", "unknown_parameter")
    v1.fail("GET", "/vector_stores", 404)


def test_v1_only_routes_exist_only_on_v1_versions(w: V1Wire) -> None:
    assistant = w.assistant()
    path = f"/assistants/{assistant['id']}/files"
    w.ok("GET", path, "assistant.file.list")
    for version in (V2, "2025-04-01-preview"):
        error = w.fail("GET", path, 404, params={"api-version": version})
        assert error == NOT_FOUND
    openai = requests.get(
        w.emu.origin + "/v1" + path, timeout=10,
        headers={"Authorization": f"Bearer {w.emu.api_key}", "OpenAI-Beta": "assistants=v2"},
    )
    assert openai.status_code == 404
    assert openai.json()["error"]["message"].startswith("Invalid URL")


def test_vector_stores_and_message_deletion_are_v2_only(w: V1Wire) -> None:
    for method, path in (
        ("GET", "/vector_stores"),
        ("POST", "/vector_stores"),
        ("GET", "/vector_stores/vs_1/files"),
    ):
        assert w.fail(method, path, 404, json={}) == NOT_FOUND
    assert w.call("GET", "/vector_stores", params={"api-version": V2}).status_code == 200
    thread = w.thread({"role": "user", "content": "hi"})
    message = w.messages(thread["id"])[0]
    w.fail("DELETE", f"/threads/{thread['id']}/messages/{message['id']}", 404)


# ---------------------------------------------------------------- assistants


def test_assistant_crud_with_file_ids(w: V1Wire) -> None:
    one, two = w.upload("alpha"), w.upload("beta")
    tools = [
        {"type": "code_interpreter"},
        {"type": "retrieval"},
        {"type": "function", "function": {"name": "lookup", "parameters": {"type": "object"}}},
    ]
    created = w.assistant(
        name="Tutor", description="d", instructions="Be brief.", tools=tools,
        file_ids=[one["id"], two["id"]], metadata={"team": "qa"},
    )
    assert created["tools"] == tools and created["file_ids"] == [one["id"], two["id"]]
    assert created["metadata"] == {"team": "qa"} and created["id"].startswith("asst_")
    path = f"/assistants/{created['id']}"
    assert w.ok("GET", path, "assistant") == created
    changed = w.ok("POST", path, "assistant", json={"file_ids": [two["id"]], "name": "R"})
    assert changed["file_ids"] == [two["id"]] and changed["name"] == "R"
    assert set(changed) == ASSISTANT_KEYS
    listing = w.ok("GET", "/assistants", "assistant.list", params={"limit": 100})
    shown = [a for a in listing["data"] if a["id"] == created["id"]]
    assert shown and set(shown[0]) == ASSISTANT_KEYS
    gone = w.ok("DELETE", path, "assistant.deleted")
    assert gone == {"id": created["id"], "object": "assistant.deleted", "deleted": True}
    assert w.fail("GET", path, 404)["message"] == f"No assistant found with id '{created['id']}'."


@pytest.mark.parametrize(
    ("extra", "param", "code"),
    [
        ({"tool_resources": {}}, "tool_resources", "unknown_parameter"),
        ({"temperature": 0.5}, "temperature", "unknown_parameter"),
        ({"top_p": 0.5}, "top_p", "unknown_parameter"),
        ({"response_format": "auto"}, "response_format", "unknown_parameter"),
        ({"reasoning_effort": "low"}, "reasoning_effort", "unknown_parameter"),
        ({"tools": [{"type": "file_search"}]}, "tools[0].type", "invalid_value"),
        ({"file_ids": "file-1"}, "file_ids", "invalid_type"),
        ({"file_ids": [f"file-{i}" for i in range(21)]}, "file_ids", "array_above_max_length"),
        (
            {"tools": [{"type": "function", "function": {"name": "f", "strict": True}}]},
            "tools[0].function.strict",
            "unknown_parameter",
        ),
    ],
)
def test_assistant_v1_validation(
    w: V1Wire, extra: Dict[str, Any], param: str, code: str
) -> None:
    error = w.fail("POST", "/assistants", 400, json={"model": "gpt-4o", **extra})
    assert (error["param"], error["code"]) == (param, code)
    assert error["type"] == "invalid_request_error"


def test_assistant_file_ids_must_name_files_and_models_deployments(w: V1Wire) -> None:
    error = w.fail("POST", "/assistants", 404, json={"model": "gpt-4o", "file_ids": ["file-x"]})
    assert error["message"] == "No such File object: file-x"
    assert w.fail("POST", "/assistants", 404, json={"model": "gpt-35"})["code"] == (
        "DeploymentNotFound"
    )


def test_assistant_files_routes(w: V1Wire) -> None:
    assistant = w.assistant()
    base = f"/assistants/{assistant['id']}/files"
    files = [w.upload(f"file number {n}", f"f{n}.txt") for n in range(3)]
    attached = []
    for upload in files:
        made = w.ok("POST", base, "assistant.file", json={"file_id": upload["id"]})
        assert made["id"] == upload["id"] and made["assistant_id"] == assistant["id"]
        assert made["object"] == "assistant.file" and isinstance(made["created_at"], int)
        attached.append(made)
    again = w.ok("POST", base, "assistant.file", json={"file_id": files[0]["id"]})
    assert again == attached[0]  # attaching twice changes nothing
    ids = [f["id"] for f in files]
    assert w.ok("GET", f"/assistants/{assistant['id']}", "assistant")["file_ids"] == ids

    first = w.ok("GET", base, "assistant.file.list", params={"limit": 2, "order": "asc"})
    assert [f["id"] for f in first["data"]] == ids[:2] and first["has_more"] is True
    assert (first["first_id"], first["last_id"]) == (ids[0], ids[1])
    rest = w.ok(
        "GET", base, "assistant.file.list", params={"order": "asc", "after": first["last_id"]}
    )
    assert [f["id"] for f in rest["data"]] == ids[2:] and rest["has_more"] is False
    newest = w.ok("GET", base, "assistant.file.list")  # desc by default
    assert [f["id"] for f in newest["data"]] == ids[::-1]

    assert w.ok("GET", f"{base}/{ids[1]}", "assistant.file") == attached[1]
    gone = w.ok("DELETE", f"{base}/{ids[1]}", "assistant.file.deleted")
    assert gone == {"id": ids[1], "object": "assistant.file.deleted", "deleted": True}
    assert w.fail("GET", f"{base}/{ids[1]}", 404)["message"] == (
        f"No assistant file found with id '{ids[1]}'."
    )
    w.fail("DELETE", f"{base}/{ids[1]}", 404)
    assert w.ok("GET", f"/assistants/{assistant['id']}", "assistant")["file_ids"] == [
        ids[0], ids[2]
    ]
    w.ok("GET", f"/files/{ids[1]}", "file")  # detaching keeps the file itself

    missing = w.fail("POST", base, 400, json={})
    assert (missing["param"], missing["code"]) == ("file_id", "missing_required_parameter")
    assert w.fail("POST", base, 404, json={"file_id": "file-nope"})["param"] == "id"
    w.fail("GET", "/assistants/asst_nope/files", 404)


def test_at_most_twenty_files_per_assistant(w: V1Wire) -> None:
    uploads = [w.upload(f"doc {n}", f"d{n}.txt")["id"] for n in range(21)]
    assistant = w.assistant(file_ids=uploads[:20])
    error = w.fail(
        "POST", f"/assistants/{assistant['id']}/files", 400, json={"file_id": uploads[20]}
    )
    assert "maximum of 20" in error["message"] and error["param"] == "file_id"
    page = w.ok(
        "GET", f"/assistants/{assistant['id']}/files", "assistant.file.list",
        params={"limit": 100},
    )
    assert len(page["data"]) == 20


# ---------------------------------------------------------------- threads and messages


def test_threads_and_messages_carry_file_ids(w: V1Wire) -> None:
    upload = w.upload("the pelican migrates in winter")
    thread = w.thread(
        {"role": "user", "content": "first", "file_ids": [upload["id"]], "metadata": {"k": "v"}},
        {"role": "assistant", "content": "second"},
        metadata={"topic": "birds"},
    )
    assert thread["metadata"] == {"topic": "birds"}
    path = f"/threads/{thread['id']}"
    assert w.ok("GET", path, "thread") == thread
    changed = w.ok("POST", path, "thread", json={"metadata": {"topic": "fish"}})
    assert set(changed) == THREAD_KEYS and changed["metadata"] == {"topic": "fish"}

    first, second = w.messages(thread["id"], order="asc")
    assert first["file_ids"] == [upload["id"]] and first["metadata"] == {"k": "v"}
    assert second["file_ids"] == [] and second["role"] == "assistant"
    assert first["content"] == [{"type": "text", "text": {"value": "first", "annotations": []}}]

    added = w.ok(
        "POST", f"{path}/messages", "message",
        json={"role": "user", "content": "third", "file_ids": [upload["id"], upload["id"]]},
    )
    assert set(added) == MESSAGE_KEYS and added["file_ids"] == [upload["id"]]
    fetched = w.ok("GET", f"{path}/messages/{added['id']}", "message")
    assert fetched == added
    updated = w.ok(
        "POST", f"{path}/messages/{added['id']}", "message", json={"metadata": {"a": "b"}}
    )
    assert updated["metadata"] == {"a": "b"} and set(updated) == MESSAGE_KEYS

    files = f"{path}/messages/{added['id']}/files"
    page = w.ok("GET", files, "thread.message.file.list")
    assert page["data"] == [
        {
            "id": upload["id"],
            "object": "thread.message.file",
            "created_at": added["created_at"],
            "message_id": added["id"],
        }
    ]
    one = w.ok("GET", f"{files}/{upload['id']}", "thread.message.file")
    assert one == page["data"][0]
    assert w.fail("GET", f"{files}/file-other", 404)["message"] == (
        "No message file found with id 'file-other'."
    )
    empty = w.ok("GET", f"{path}/messages/{second['id']}/files", "thread.message.file.list")
    assert empty["data"] == [] and empty["first_id"] is None
    w.fail("GET", f"{path}/messages/msg_nope/files", 404)
    w.fail("POST", f"{path}/messages/{added['id']}/files", 404, json={"file_id": upload["id"]})
    assert w.ok("DELETE", path, "thread.deleted")["deleted"] is True


@pytest.mark.parametrize(
    ("path", "body", "param", "code"),
    [
        ("/threads", {"tool_resources": {}}, "tool_resources", "unknown_parameter"),
        (
            "/threads",
            {"messages": [{"role": "user", "content": "x", "attachments": []}]},
            "messages[0].attachments",
            "unknown_parameter",
        ),
        (
            "/threads",
            {"messages": [{"role": "user", "content": [{"type": "text", "text": "x"}]}]},
            "messages[0].content",
            "invalid_type",
        ),
        (
            "/threads",
            {"messages": [{"role": "user", "content": "x", "file_ids": ["f"] * 11}]},
            "messages[0].file_ids",
            "array_above_max_length",
        ),
        ("/threads/{t}", {"tool_resources": {}}, "tool_resources", "unknown_parameter"),
        (
            "/threads/{t}/messages",
            {"role": "user", "content": [{"type": "text", "text": "x"}]},
            "content",
            "invalid_type",
        ),
        (
            "/threads/{t}/messages",
            {"role": "user", "content": "x", "attachments": []},
            "attachments",
            "unknown_parameter",
        ),
        ("/threads/{t}/messages", {"role": "system", "content": "x"}, "role", "invalid_value"),
    ],
)
def test_thread_and_message_v1_validation(
    w: V1Wire, path: str, body: Dict[str, Any], param: str, code: str
) -> None:
    thread = w.thread()
    error = w.fail("POST", path.replace("{t}", thread["id"]), 400, json=body)
    assert (error["param"], error["code"]) == (param, code)


def test_message_file_ids_must_name_files(w: V1Wire) -> None:
    thread = w.thread()
    w.fail(
        "POST", f"/threads/{thread['id']}/messages", 404,
        json={"role": "user", "content": "x", "file_ids": ["file-gone"]},
    )
    w.fail(
        "POST", "/threads", 404,
        json={"messages": [{"role": "user", "content": "x", "file_ids": ["file-gone"]}]},
    )


# ---------------------------------------------------------------- runs and steps


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("temperature", 0.5),
        ("top_p", 0.5),
        ("max_prompt_tokens", 500),
        ("max_completion_tokens", 500),
        ("truncation_strategy", {"type": "auto"}),
        ("tool_choice", "auto"),
        ("parallel_tool_calls", True),
        ("response_format", "auto"),
        ("additional_messages", []),
        ("reasoning_effort", "low"),
        ("tool_resources", {}),
    ],
)
def test_v2_only_run_fields_are_unknown(w: V1Wire, field: str, value: Any) -> None:
    assistant = w.assistant()
    thread = w.thread()
    body = {"assistant_id": assistant["id"], field: value}
    error = w.fail("POST", f"/threads/{thread['id']}/runs", 400, json=body)
    assert (error["param"], error["code"]) == (field, "unknown_parameter")
    error = w.fail("POST", "/threads/runs", 400, json=body)
    assert (error["param"], error["code"]) == (field, "unknown_parameter")


def test_run_lifecycle_on_v1(w: V1Wire) -> None:
    upload = w.upload("numbers")
    assistant = w.assistant(
        instructions="Be kind.", tools=[{"type": "code_interpreter"}], file_ids=[upload["id"]]
    )
    thread = w.thread({"role": "user", "content": "hello there"})
    run = w.run(
        thread["id"], assistant["id"], additional_instructions="Extra.", metadata={"m": "1"}
    )
    assert run["status"] == "queued" and run["file_ids"] == [upload["id"]]
    assert run["instructions"] == "Be kind.\nExtra." and run["metadata"] == {"m": "1"}
    assert run["tools"] == [{"type": "code_interpreter"}]
    # file_ids were copied when the run was created: later changes to the assistant stay out
    w.ok("POST", f"/assistants/{assistant['id']}", "assistant", json={"file_ids": []})
    done = w.settle(run)
    assert done["status"] == "completed" and done["file_ids"] == [upload["id"]]
    assert done["usage"]["total_tokens"] > 0 and done["incomplete_details"] is None
    runs = w.ok("GET", f"/threads/{thread['id']}/runs", "run.list")
    assert [r["id"] for r in runs["data"]] == [run["id"]] and set(runs["data"][0]) == RUN_KEYS
    modified = w.ok(
        "POST", f"/threads/{thread['id']}/runs/{run['id']}", "run", json={"metadata": {"x": "y"}}
    )
    assert set(modified) == RUN_KEYS and modified["metadata"] == {"x": "y"}
    (step,) = w.steps(done)
    assert step["type"] == "message_creation"
    w.ok("GET", f"/threads/{thread['id']}/runs/{run['id']}/steps/{step['id']}", "step")
    reply = w.messages(thread["id"])[0]
    assert reply["role"] == "assistant" and reply["run_id"] == run["id"]
    assert reply["content"][0]["text"]["value"] == "You said: hello there"


def test_retrieval_step(w: V1Wire) -> None:
    doc = w.upload("the pelican migrates south in winter", "birds.txt")
    other = w.upload("nothing relevant here", "other.txt")
    assistant = w.assistant(tools=[{"type": "retrieval"}], file_ids=[doc["id"]])
    thread = w.thread(
        {"role": "user", "content": "please search: where does the pelican go in winter",
         "file_ids": [other["id"]]},
    )
    run = w.settle(w.run(thread["id"], assistant["id"]))
    assert run["status"] == "completed" and run["tools"] == [{"type": "retrieval"}]
    tool_step, message_step = w.steps(run)
    assert tool_step["type"] == "tool_calls"
    (call,) = tool_step["step_details"]["tool_calls"]
    assert set(call) == {"id", "type", "retrieval"}
    assert call["type"] == "retrieval" and call["retrieval"] == {}
    assert call["id"].startswith("call_")
    assert message_step["type"] == "message_creation"
    reply = w.messages(thread["id"])[0]["content"][0]["text"]["value"]
    assert reply.startswith("retrieval found 2 result(s): birds.txt")  # assistant + message files
    # without the retrieval tool there is no retrieval call
    plain = w.assistant(tools=[{"type": "code_interpreter"}], file_ids=[doc["id"]])
    thread = w.thread({"role": "user", "content": "please search pelican"})
    run = w.settle(w.run(thread["id"], plain["id"]))
    assert [s["type"] for s in w.steps(run)] == ["message_creation"]


def test_run_tools_override_and_function_round_trip(w: V1Wire) -> None:
    assistant = w.assistant()
    weather = {
        "type": "function",
        "function": {
            "name": "get_weather",
            "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
        },
    }
    thread = w.thread({"role": "user", "content": "get_weather city=Paris"})
    run = w.run(thread["id"], assistant["id"], tools=[weather, {"type": "retrieval"}])
    assert run["tools"] == [weather, {"type": "retrieval"}]
    waiting = w.settle(run)
    assert waiting["status"] == "requires_action"
    (call,) = waiting["required_action"]["submit_tool_outputs"]["tool_calls"]
    assert call["function"] == {"name": "get_weather", "arguments": '{"city":"Paris"}'}
    submitted = w.ok(
        "POST", f"/threads/{thread['id']}/runs/{run['id']}/submit_tool_outputs", "run",
        json={"tool_outputs": [{"tool_call_id": call["id"], "output": "sunny"}]},
    )
    assert set(submitted) == RUN_KEYS
    done = w.settle(submitted)
    assert done["status"] == "completed"
    function_step = w.steps(done)[0]
    assert function_step["step_details"]["tool_calls"][0]["function"]["output"] == "sunny"
    error = w.fail(
        "POST", f"/threads/{thread['id']}/runs", 400,
        json={"assistant_id": assistant["id"], "tools": [{"type": "file_search"}]},
    )
    assert (error["param"], error["code"]) == ("tools[0].type", "invalid_value")


def test_create_thread_and_run_on_v1(w: V1Wire) -> None:
    doc = w.upload("the heron stands still", "heron.txt")
    assistant = w.assistant(tools=[{"type": "retrieval"}])
    run = w.ok(
        "POST", "/threads/runs", "run",
        json={
            "assistant_id": assistant["id"],
            "instructions": "Answer.",
            "thread": {
                "messages": [{"role": "user", "content": "search heron", "file_ids": [doc["id"]]}],
                "metadata": {"via": "create_and_run"},
            },
        },
    )
    assert set(run) == RUN_KEYS and run["instructions"] == "Answer." and run["file_ids"] == []
    thread = w.ok("GET", f"/threads/{run['thread_id']}", "thread")
    assert thread["metadata"] == {"via": "create_and_run"}
    done = w.settle(run)
    assert done["status"] == "completed"
    assert w.messages(run["thread_id"])[0]["content"][0]["text"]["value"].startswith(
        "retrieval found 1 result(s): heron.txt"
    )
    error = w.fail(
        "POST", "/threads/runs", 400,
        json={"assistant_id": assistant["id"], "thread": {"tool_resources": {}}},
    )
    assert (error["param"], error["code"]) == ("thread.tool_resources", "unknown_parameter")


def test_scripted_outcomes_render_as_v1(w: V1Wire) -> None:
    assistant = w.assistant()
    thread = w.thread({"role": "user", "content": "hi [[fail:server_error]]"})
    failed = w.settle(w.run(thread["id"], assistant["id"]))
    assert failed["status"] == "failed"
    assert failed["last_error"] == {
        "code": "server_error", "message": "Sorry, something went wrong."
    }
    thread = w.thread({"role": "user", "content": "hi"})
    run = w.run(thread["id"], assistant["id"])
    cancelling = w.ok("POST", f"/threads/{thread['id']}/runs/{run['id']}/cancel", "run")
    assert cancelling["status"] == "cancelling" and set(cancelling) == RUN_KEYS
    assert w.settle(cancelling)["status"] == "cancelled"


def test_streamed_v1_run(w: V1Wire) -> None:
    doc = w.upload("the crane dances", "crane.txt")
    assistant = w.assistant(tools=[{"type": "retrieval"}], file_ids=[doc["id"]])
    thread = w.thread({"role": "user", "content": "search crane"})
    events = w.stream(f"/threads/{thread['id']}/runs", {"assistant_id": assistant["id"]})
    assert events[-1] == ("done", "[DONE]")
    names = [name for name, _ in events]
    assert names[:3] == ["thread.run.created", "thread.run.queued", "thread.run.in_progress"]
    assert names[-2] == "thread.run.completed"
    kinds = {"thread.run": "run", "thread.run.step": "step", "thread.message": "message"}
    for name, data in events[:-1]:
        assert name.startswith(data["object"])  # thread.run.step.delta -> thread.run.step
        if data["object"] in kinds:
            check(data, kinds[data["object"]])
        if data["object"] == "thread.run":
            assert set(data) == RUN_KEYS and data["tools"] == [{"type": "retrieval"}]
            assert data["file_ids"] == [doc["id"]]
        elif data["object"] == "thread.message":
            assert set(data) == MESSAGE_KEYS
    deltas = [d for n, d in events if n == "thread.run.step.delta"]
    (call,) = deltas[0]["delta"]["step_details"]["tool_calls"]
    assert call == {"index": 0, "id": call["id"], "type": "retrieval", "retrieval": {}}
    completed = [d for n, d in events if n == "thread.run.step.completed"]
    assert completed[0]["step_details"]["tool_calls"][0]["type"] == "retrieval"
    streamed = next(d for n, d in events if n == "thread.run.completed")
    polled = w.ok("GET", f"/threads/{thread['id']}/runs/{streamed['id']}", "run")
    assert polled == streamed


# ---------------------------------------------------------------- files and cross-wire


def test_files_on_v1(w: V1Wire) -> None:
    upload = w.upload("data", "a.txt")
    assert w.ok("GET", f"/files/{upload['id']}", "file") == upload
    assert w.call("GET", f"/files/{upload['id']}/content").content == b"data"
    listing = w.ok("GET", "/files", "file.list", params={"purpose": "assistants"})
    assert upload["id"] in [f["id"] for f in listing["data"]]
    error = w.fail(
        "POST", "/files", 400, files={"file": ("v.png", b"x")}, data={"purpose": "vision"}
    )
    assert (error["param"], error["code"]) == ("purpose", "invalid_value")
    error = w.fail(
        "POST", "/files", 400, files={"file": ("x.txt", b"x")},
        data={"purpose": "assistants", "expires_after[anchor]": "created_at",
              "expires_after[seconds]": "3600"},
    )
    assert error["code"] == "unknown_parameter"
    assert w.ok("DELETE", f"/files/{upload['id']}", "file.deleted")["deleted"] is True


def test_one_store_two_wires(w: V1Wire) -> None:
    """What v1 writes, v2 reads in v2 shapes (and the other way round)."""
    doc = w.upload("shared")
    assistant = w.assistant(tools=[{"type": "retrieval"}], file_ids=[doc["id"]])
    v2 = V1Wire(w.emu, V2)
    as_v2 = v2.call("GET", f"/assistants/{assistant['id']}").json()
    validate_azure(as_v2, "Assistant")  # the 2024-05-01-preview definition
    assert as_v2["tools"] == [{"type": "file_search"}] and "file_ids" not in as_v2
    assert as_v2["tool_resources"] == {"code_interpreter": {"file_ids": [doc["id"]]}}
    made_on_v2 = v2.call(
        "POST", "/assistants",
        json={"model": "gpt-4o", "tools": [{"type": "file_search"}], "temperature": 0.3,
              "tool_resources": {"code_interpreter": {"file_ids": [doc["id"]]}}},
    ).json()
    as_v1 = w.ok("GET", f"/assistants/{made_on_v2['id']}", "assistant")
    assert set(as_v1) == ASSISTANT_KEYS
    assert as_v1["tools"] == [{"type": "retrieval"}] and as_v1["file_ids"] == [doc["id"]]
    thread = w.thread({"role": "user", "content": "x", "file_ids": [doc["id"]]})
    message = v2.call("GET", f"/threads/{thread['id']}/messages").json()["data"][0]
    validate_azure(message, "ThreadMessage")
    assert [a["file_id"] for a in message["attachments"]] == [doc["id"]]


def test_client_talks_v1_through_the_emulator() -> None:
    """``Emulator(flavor="azure", api_version=<v1>)``: ``client()`` speaks the v1 wire."""
    with Emulator("azure", api_version=V1, run_steps_to_complete=1) as emu:
        with emu.client(max_retries=0) as client:
            upload = client.files.create(file=("birds.txt", b"the ibis wades"),
                                         purpose="assistants")
            assistant = client.beta.assistants.create(
                model="gpt-4o", tools=[{"type": "file_search"}],
                tool_resources={"code_interpreter": {"file_ids": [upload.id]}},
            )
            thread = client.beta.threads.create(
                messages=[{"role": "user", "content": "search ibis"}]
            )
            run = client.beta.threads.runs.create_and_poll(
                thread_id=thread.id, assistant_id=assistant.id
            )
            assert run.status == "completed"
            reply = client.beta.threads.messages.list(thread_id=thread.id).data[0]
            assert reply.content[0].text.value.startswith("retrieval found 1 result(s)")
        sent = [r for r in emu.requests if r.method == "POST" and r.path == "/openai/assistants"]
        assert sent[0].query["api-version"] == V1
        assert sent[0].json["file_ids"] == [upload.id]
        assert sent[0].json["tools"] == [{"type": "retrieval"}]
        assert "tool_resources" not in sent[0].json
