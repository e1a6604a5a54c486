"""The emulator's Foundry Agent Service (classic) flavor, spoken to with plain ``requests``.

Foundry serves the Assistants v2 wire under ``/api/projects/<project>`` (no ``/openai``),
with its own api-versions and Entra ID bearer tokens only; it can list threads. Every
successful JSON answer is validated against the OpenAI spec (``openai-assistants.json``),
and every error body has Azure's shape.
"""

from __future__ import annotations

import json
from typing import Any, Dict, Iterator, List, Optional, Tuple

import pytest
import requests

from multiassist.testing import DEFAULT_PROJECT, FOUNDRY_API_VERSIONS, Emulator
from tests.spec_validation import validate_openai

DEPLOYMENTS = {"gpt-4o": "dep-4o", "gpt-4o-mini": "dep-mini"}
TOKEN = "foundry-test-token"
UNAUTHORIZED = {
    "code": "401",
    "message": "Unauthorized. Access token is missing, invalid, audience is incorrect "
    "(https://ai.azure.com), or have expired.",
}
NOT_FOUND = {"code": "404", "message": "Resource not found"}

# answer kind -> OpenAI schema
SCHEMAS = {
    "assistant": "AssistantObject",
    "assistant.deleted": "DeleteAssistantResponse",
    "assistant.list": "ListAssistantsResponse",
    "thread": "ThreadObject",
    "thread.deleted": "DeleteThreadResponse",
    "message": "MessageObject",
    "message.list": "ListMessagesResponse",
    "run": "RunObject",
    "run.list": "ListRunsResponse",
    "step": "RunStepObject",
    "step.list": "ListRunStepsResponse",
    "file": "OpenAIFile",
    "file.list": "ListFilesResponse",
    "vector_store": "VectorStoreObject",
    "vector_store.file": "VectorStoreFileObject",
}
Event = Tuple[str, Any]


def _no_null_ids(body: Any) -> Any:
    if isinstance(body, dict) and body.get("object") == "list" and not body["data"]:
        assert body["first_id"] is None and body["last_id"] is None  # the spec says string
        return {**body, "first_id": "", "last_id": ""}
    return body


def check(body: Any, kind: str) -> None:
    """Validate against the OpenAI spec; ``thread.list`` has no OpenAI schema (OpenAI cannot
    list threads), so its envelope is checked here and each item as a ThreadObject."""
    if kind == "thread.list":
        assert set(body) == {"object", "data", "first_id", "last_id", "has_more"}
        assert body["object"] == "list" and isinstance(body["has_more"], bool)
        for item in body["data"]:
            validate_openai(item, "ThreadObject")
        ids = [t["id"] for t in body["data"]]
        assert (body["first_id"], body["last_id"]) == ((ids[0], ids[-1]) if ids else (None, None))
        return
    validate_openai(_no_null_ids(body), SCHEMAS[kind])


def check_gateway_error(body: Dict[str, Any]) -> None:
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}


class FoundryWire:
    """``<origin>/api/projects/<project>`` with a bearer token and an api-version."""

    def __init__(self, emu: Emulator, version: Optional[str] = None) -> None:
        self.emu = emu
        self.prefix = emu.endpoint
        self.version = version or emu.api_version
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {TOKEN}"

    def call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        params = {"api-version": self.version, **kwargs.pop("params", {})}
        return self.session.request(method, self.prefix + path, params=params, timeout=10, **kwargs)

    def ok(self, method: str, path: str, kind: str, **kwargs: Any) -> Any:
        response = self.call(method, path, **kwargs)
        assert response.status_code == 200, response.text
        assert response.headers["apim-request-id"] and response.headers["x-request-id"]
        body = response.json()
        check(body, kind)
        return body

    def fail(self, method: str, path: str, status: int, **kwargs: Any) -> Dict[str, Any]:
        response = self.call(method, path, **kwargs)
        assert response.status_code == status, response.text
        body: Dict[str, Any] = response.json()
        if set(body["error"]) == {"code", "message"}:
            check_gateway_error(body)
        else:
            validate_openai(body, "ErrorResponse")
        error: Dict[str, Any] = body["error"]
        return error

    def settle(self, run: Dict[str, Any]) -> Dict[str, Any]:
        for _ in range(20):
            run = self.ok("GET", f"/threads/{run['thread_id']}/runs/{run['id']}", "run")
            if run["status"] not in ("queued", "in_progress"):
                return run
        raise AssertionError(f"run {run['id']} never settled")


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator("foundry", deployments=DEPLOYMENTS, run_steps_to_complete=1) as running:
        running.accept_token(TOKEN)
        yield running


@pytest.fixture
def fw(emu: Emulator) -> FoundryWire:
    return FoundryWire(emu)


# ---------------------------------------------------------------- configuration


def test_addresses_and_defaults(emu: Emulator) -> None:
    assert emu.flavor == "foundry" and emu.project == DEFAULT_PROJECT == "emulator-project"
    assert emu.endpoint == f"http://127.0.0.1:{emu.port}/api/projects/emulator-project"
    assert emu.base_url == emu.endpoint and emu.origin == f"http://127.0.0.1:{emu.port}"
    assert emu.api_version == "v1"
    assert emu.api_versions == list(FOUNDRY_API_VERSIONS) == ["v1", "2025-05-01",
                                                              "2025-05-15-preview"]
    other = Emulator("foundry", project="team-a", api_version="2025-05-01")
    assert other.api_version == "2025-05-01"
    with other:
        assert other.endpoint.endswith("/api/projects/team-a")
    for bad in ("", "a/b", "a?b"):
        with pytest.raises(ValueError):
            Emulator("foundry", project=bad)
    assert Emulator("azure").api_version == "2025-04-01-preview"


def test_auth_is_entra_id_only(fw: FoundryWire) -> None:
    url = fw.prefix + "/assistants"
    params = {"api-version": "v1"}
    for headers in (
        {},
        {"api-key": fw.emu.api_key},
        {"Authorization": f"Bearer {fw.emu.api_key}"},
        {"Authorization": "Bearer not-registered"},
        {"Authorization": TOKEN},
    ):
        response = requests.get(url, params=params, headers=headers, timeout=10)
        assert response.status_code == 401, headers
        assert response.json() == {"error": UNAUTHORIZED}
    fresh = "foundry-fresh-token"
    bearer = {"Authorization": f"Bearer {fresh}"}
    assert requests.get(url, params=params, headers=bearer, timeout=10).status_code == 401
    fw.emu.accept_token(fresh)
    assert requests.get(url, params=params, headers=bearer, timeout=10).status_code == 200
    fw.emu.revoke_token(fresh)
    assert requests.get(url, params=params, headers=bearer, timeout=10).status_code == 401


def test_api_versions(fw: FoundryWire) -> None:
    response = fw.session.get(fw.prefix + "/assistants", timeout=10)
    assert response.status_code == 400
    assert response.json() == {
        "error": {"code": "BadRequest", "message": "Missing API version parameter."}
    }
    for version in ("2024-05-01-preview", "2025-04-01-preview", "2024-02-15-preview", "v2"):
        error = fw.fail("GET", "/assistants", 400, params={"api-version": version})
        assert error == {"code": "BadRequest", "message": "API version not supported"}
    for version in FOUNDRY_API_VERSIONS:
        fw.ok("GET", "/assistants", "assistant.list", params={"api-version": version})
    with Emulator("foundry", api_versions=["2025-05-01"]) as narrow:
        narrow.accept_token(TOKEN)
        only = FoundryWire(narrow, "2025-05-01")
        only.ok("GET", "/assistants", "assistant.list")
        only.fail("GET", "/assistants", 400, params={"api-version": "v1"})


def test_prefixes_and_projects(fw: FoundryWire) -> None:
    origin = fw.emu.origin
    headers = {"Authorization": f"Bearer {TOKEN}"}
    for path in ("/api/projects/other-project/assistants", "/api/projects/emulator-project",
                 "/openai2/assistants", "/assistants"):
        response = requests.get(origin + path, params={"api-version": "v1"}, headers=headers,
                                timeout=10)
        assert response.status_code == 404 and response.json() == {"error": NOT_FOUND}, path
    assert fw.fail("GET", "/deployments/x/assistants", 404) == NOT_FOUND
    assistant = fw.ok("POST", "/assistants", "assistant", json={"model": "dep-4o"})
    # v1-wire routes do not exist on Foundry
    assert fw.fail("GET", f"/assistants/{assistant['id']}/files", 404) == NOT_FOUND
    # /openai and /v1 are served too (one store), with their own rules
    azure = requests.get(origin + f"/openai/assistants/{assistant['id']}",
                         params={"api-version": "2025-04-01-preview"},
                         headers={"api-key": fw.emu.api_key}, timeout=10)
    assert azure.status_code == 200 and azure.json()["id"] == assistant["id"]


def test_only_foundry_lists_threads(fw: FoundryWire) -> None:
    origin, key = fw.emu.origin, fw.emu.api_key
    openai = requests.get(origin + "/v1/threads", timeout=10, headers={
        "Authorization": f"Bearer {key}", "OpenAI-Beta": "assistants=v2"})
    assert openai.status_code == 404
    assert openai.json()["error"]["message"] == "Invalid URL (GET /v1/threads)"
    azure = requests.get(origin + "/openai/threads", params={"api-version": "2025-04-01-preview"},
                         headers={"api-key": key}, timeout=10)
    assert azure.status_code == 404 and azure.json() == {"error": NOT_FOUND}
    fw.ok("GET", "/threads", "thread.list")


def test_thread_listing_paginates() -> None:
    with Emulator("foundry", deployments=DEPLOYMENTS) as fresh:
        fresh.accept_token(TOKEN)
        w = FoundryWire(fresh)
        empty = w.ok("GET", "/threads", "thread.list")
        assert empty["data"] == [] and empty["has_more"] is False
        ids = [
            w.ok("POST", "/threads", "thread", json={"metadata": {"n": str(n)}})["id"]
            for n in range(5)
        ]
        newest = w.ok("GET", "/threads", "thread.list")
        assert [t["id"] for t in newest["data"]] == ids[::-1]
        first = w.ok("GET", "/threads", "thread.list", params={"limit": 2, "order": "asc"})
        assert [t["id"] for t in first["data"]] == ids[:2] and first["has_more"] is True
        walked = [t["id"] for t in first["data"]]
        after = first["last_id"]
        while True:
            page = w.ok("GET", "/threads", "thread.list",
                        params={"limit": 2, "order": "asc", "after": after})
            walked += [t["id"] for t in page["data"]]
            if not page["has_more"]:
                break
            after = page["last_id"]
        assert walked == ids
        before = w.ok("GET", "/threads", "thread.list",
                      params={"order": "asc", "before": ids[3], "limit": 2})
        assert [t["id"] for t in before["data"]] == ids[1:3]
        error = w.fail("GET", "/threads", 400, params={"limit": 0})
        assert (error["param"], error["code"]) == ("limit", "integer_below_min_value")
        error = w.fail("GET", "/threads", 400, params={"after": "thread_nope"})
        assert error["param"] == "after"
        error = w.fail("GET", "/threads", 400, params={"order": "sideways"})
        assert error["code"] == "invalid_value"
        w.ok("DELETE", f"/threads/{ids[0]}", "thread.deleted")
        left = w.ok("GET", "/threads", "thread.list", params={"order": "asc"})
        assert [t["id"] for t in left["data"]] == ids[1:]


def test_models_must_be_deployments(fw: FoundryWire) -> None:
    error = fw.fail("POST", "/assistants", 404, json={"model": "gpt-4o"})
    assert error["code"] == "DeploymentNotFound"
    assistant = fw.ok("POST", "/assistants", "assistant", json={"model": "dep-4o"})
    thread = fw.ok("POST", "/threads", "thread", json={})
    error = fw.fail("POST", f"/threads/{thread['id']}/runs", 404,
                    json={"assistant_id": assistant["id"], "model": "gpt-4o"})
    assert error["code"] == "DeploymentNotFound"
    run = fw.ok("POST", f"/threads/{thread['id']}/runs", "run",
                json={"assistant_id": assistant["id"], "model": "dep-mini"})
    assert run["model"] == "dep-mini"


def test_validation_errors_are_openai_shaped(fw: FoundryWire) -> None:
    error = fw.fail("POST", "/assistants", 400, json={"model": "dep-4o", "bogus": 1})
    assert (error["param"], error["code"]) == ("bogus", "unknown_parameter")
    error = fw.fail("POST", "/assistants", 400, json={"model": "dep-4o", "file_ids": []})
    assert error["code"] == "unknown_parameter"  # v2 wire: no v1 file_ids
    error = fw.fail("POST", "/assistants", 400,
                    json={"model": "dep-4o", "tools": [{"type": "retrieval"}]})
    assert error["code"] == "invalid_value"
    assert fw.fail("GET", "/assistants/asst_nope", 404)["message"] == (
        "No assistant found with id 'asst_nope'."
    )


def test_v2_flow_validates_against_the_openai_spec(fw: FoundryWire) -> None:
    upload = fw.ok("POST", "/files", "file", files={"file": ("kb.txt", b"the stork nests")},
                   data={"purpose": "assistants"})
    store = fw.ok("POST", "/vector_stores", "vector_store",
                  json={"name": "kb", "file_ids": [upload["id"]]})
    fw.ok("GET", f"/vector_stores/{store['id']}/files/{upload['id']}", "vector_store.file")
    assistant = fw.ok(
        "POST", "/assistants", "assistant",
        json={
            "model": "dep-4o", "name": "Guide", "temperature": 0.2,
            "tools": [{"type": "file_search"}, {"type": "code_interpreter"}],
            "tool_resources": {"file_search": {"vector_store_ids": [store["id"]]}},
        },
    )
    assert assistant["tool_resources"]["file_search"]["vector_store_ids"] == [store["id"]]
    fw.ok("GET", "/assistants", "assistant.list")
    thread = fw.ok("POST", "/threads", "thread", json={
        "messages": [{"role": "user", "content": "please search stork",
                      "attachments": [{"file_id": upload["id"],
                                       "tools": [{"type": "code_interpreter"}]}]}],
    })
    run = fw.ok("POST", f"/threads/{thread['id']}/runs", "run",
                json={"assistant_id": assistant["id"], "max_completion_tokens": 500})
    done = fw.settle(run)
    assert done["status"] == "completed" and done["max_completion_tokens"] == 500
    fw.ok("GET", f"/threads/{thread['id']}/runs", "run.list")
    steps = fw.ok("GET", f"/threads/{thread['id']}/runs/{run['id']}/steps", "step.list",
                  params={"order": "asc",
                          "include[]": "step_details.tool_calls[*].file_search.results[*].content"})
    call = steps["data"][0]["step_details"]["tool_calls"][0]
    assert call["type"] == "file_search"
    assert call["file_search"]["results"][0]["content"] == [
        {"type": "text", "text": "the stork nests"}
    ]
    messages = fw.ok("GET", f"/threads/{thread['id']}/messages", "message.list")
    reply = messages["data"][0]
    assert reply["content"][0]["text"]["value"] == "file_search found 1 result(s): kb.txt"
    assert messages["data"][1]["attachments"][0]["file_id"] == upload["id"]
    fw.ok("GET", f"/threads/{thread['id']}/messages/{reply['id']}", "message")
    made = fw.ok("POST", "/threads/runs", "run", json={
        "assistant_id": assistant["id"], "thread": {"messages": [{"role": "user",
                                                                  "content": "hi"}]}})
    assert fw.settle(made)["status"] == "completed"
    listed = fw.ok("GET", "/threads", "thread.list", params={"limit": 100})
    assert {thread["id"], made["thread_id"]} <= {t["id"] for t in listed["data"]}
    fw.ok("GET", "/files", "file.list")
    fw.ok("DELETE", f"/assistants/{assistant['id']}", "assistant.deleted")


def test_streamed_run(fw: FoundryWire) -> None:
    assistant = fw.ok("POST", "/assistants", "assistant", json={"model": "dep-4o"})
    thread = fw.ok("POST", "/threads", "thread",
                   json={"messages": [{"role": "user", "content": "hello"}]})
    response = fw.session.post(
        fw.prefix + f"/threads/{thread['id']}/runs", params={"api-version": "v1"},
        json={"assistant_id": assistant["id"], "stream": True}, stream=True, timeout=10,
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/event-stream")
    events: List[Event] = []
    name = None
    for line in response.iter_lines(decode_unicode=True):
        if line.startswith("event: "):
            name = line[len("event: "):]
        elif line.startswith("data: ") and name is not None:
            raw = line[len("data: "):]
            events.append((name, raw if raw == "[DONE]" else json.loads(raw)))
    assert events[-1] == ("done", "[DONE]")
    schemas = {"thread.run": "RunObject", "thread.run.step": "RunStepObject",
               "thread.message": "MessageObject", "thread.message.delta": "MessageDeltaObject"}
    for _, data in events[:-1]:
        validate_openai(data, schemas[data["object"]])
    assert events[-2][0] == "thread.run.completed"


def test_client_for_the_foundry_flavor() -> None:
    with Emulator("foundry", deployments=DEPLOYMENTS, run_steps_to_complete=1) as emu:
        with emu.client(max_retries=0) as client:
            assert client.backend.name == "foundry"
            assistant = client.beta.assistants.create(model="gpt-4o")
            thread = client.beta.threads.create(messages=[{"role": "user", "content": "hi"}])
            run = client.beta.threads.runs.create_and_poll(
                thread_id=thread.id, assistant_id=assistant.id
            )
            assert run.status == "completed"
            reply = client.beta.threads.messages.list(thread_id=thread.id).data[0]
            assert reply.content[0].text.value == "You said: hi"
            assert [t.id for t in client.beta.threads.list()] == [thread.id]
        assert emu.requests
        for sent in emu.requests:
            assert sent.path.startswith("/api/projects/emulator-project/")
            assert sent.query["api-version"] == "v1"
            assert sent.headers["authorization"] == f"Bearer {emu.client_token}"
            assert "api-key" not in sent.headers
        created = next(r for r in emu.requests if r.path.endswith("/assistants"))
        assert created.json["model"] == "dep-4o"  # the client maps models to deployments
        with emu.client(api_version="2025-05-15-preview", max_retries=0) as other:
            other.beta.assistants.list()
        assert emu.requests[-1].query["api-version"] == "2025-05-15-preview"


# -- the hub-era route (azure-ai-projects 1.0.0b*) ---------------------------------------

HUB_TOKEN = "hub-test-token"


def test_hub_route_serves_the_foundry_wire_behind_its_own_gates() -> None:
    with Emulator("foundry", deployments=DEPLOYMENTS) as emu:
        emu.accept_token(HUB_TOKEN, audience="https://ml.azure.com")
        emu.accept_token(TOKEN)  # a Foundry (ai.azure.com) token
        hub = emu.hub_endpoint("sub-1", "rg-1")
        assert hub == (f"{emu.origin}/agents/v1.0/subscriptions/sub-1/resourceGroups/rg-1/"
                       f"providers/Microsoft.MachineLearningServices/workspaces/{emu.project}")

        def send(method: str, url: str, token: str = HUB_TOKEN,
                 version: Optional[str] = "2024-12-01-preview", **kw: Any) -> requests.Response:
            params = {} if version is None else {"api-version": version}
            return requests.request(method, url, params=params, timeout=10,
                                    headers={"Authorization": f"Bearer {token}"}, **kw)

        made = send("POST", hub + "/assistants", json={"model": "dep-4o"})
        assert made.status_code == 200, made.text
        assert made.json()["object"] == "assistant"
        assert made.headers["apim-request-id"]
        # Same store as the project endpoint: what the hub route made, Foundry lists.
        listed = requests.get(emu.endpoint + "/assistants", params={"api-version": "v1"},
                              headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10)
        assert [a["id"] for a in listed.json()["data"]] == [made.json()["id"]]
        assert send("GET", hub + "/threads", version="2024-07-01-preview").status_code == 200
        # Its own api-versions, audience and project.
        assert send("GET", hub + "/threads", version=None).status_code == 400
        assert send("GET", hub + "/threads", version="v1").status_code in (400, 404)
        refused = send("GET", hub + "/threads", token=TOKEN)
        assert (refused.status_code, refused.json()["error"]["code"]) == (401, "401")
        key = requests.get(hub + "/threads", params={"api-version": "2024-12-01-preview"},
                           headers={"api-key": emu.api_key}, timeout=10)
        assert key.status_code == 401
        other = hub.replace(f"workspaces/{emu.project}", "workspaces/someone-else")
        assert send("GET", other + "/threads").status_code == 404
        lowered = hub.replace("resourceGroups", "resourcegroups")
        assert send("GET", lowered + "/threads").status_code == 404
        assert emu.hub_connection_string("s", "g") == (
            f"{emu.origin.split('://', 1)[1]};s;g;{emu.project}")
