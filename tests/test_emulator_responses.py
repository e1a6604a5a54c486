"""The emulator's Responses and Conversations APIs, spoken to with plain ``requests``.

Every answer is validated against ``openai-responses.json``: responses against
``Response``, conversations against ``ConversationResource`` /
``DeletedConversationResource``, items against ``ConversationItem`` /
``ConversationItemList`` / ``ResponseItemList`` and each streamed event against its
``ResponseStreamEvent`` member. Most tests run on the three surfaces: OpenAI ``/v1``,
the Azure OpenAI v1 surface ``/openai/v1`` and a Foundry project's ``/openai/v1``.
"""

from __future__ import annotations

import functools
import json
from typing import Any, Dict, Iterator, List, Optional, Tuple

import pytest
import requests

from multiassist.testing import Emulator
from tests.spec_validation import spec_path

SPEC = "openai-responses.json"
DEPLOYMENTS = {"gpt-4o": "dep-gpt4o", "gpt-4o-mini": "dep-mini"}
TOKEN = "entra-token-responses"
SURFACES = ("openai", "azure", "foundry")
WEATHER = {
    "type": "function",
    "name": "get_weather",
    "description": "Weather of a city",
    "parameters": {
        "type": "object",
        "properties": {"city": {"type": "string"}, "days": {"type": "integer"}},
        "required": ["city"],
    },
    "strict": False,
}
TIME = {
    "type": "function",
    "name": "get_time",
    "parameters": {"type": "object", "properties": {"zone": {"type": "string"}}},
    "strict": False,
}
Event = Tuple[str, Dict[str, Any]]


# ---------------------------------------------------------------- spec validation


@functools.cache
def _spec() -> Dict[str, Any]:
    spec: Dict[str, Any] = json.loads(spec_path(SPEC).read_text(encoding="utf-8"))
    return spec


@functools.cache
def _validator(pointer: str) -> Any:
    from jsonschema import Draft202012Validator
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    registry = Registry().with_resource("urn:spec", DRAFT202012.create_resource(_spec()))
    return Draft202012Validator({"$ref": f"urn:spec{pointer}"}, registry=registry)


def validate_responses(body: Any, schema_name: str) -> None:
    """Raise ``jsonschema.ValidationError`` unless ``body`` matches the Responses schema."""
    _validator(f"#/components/schemas/{schema_name}").validate(body)


@functools.cache
def _event_schemas() -> Dict[str, str]:
    """Event ``type`` -> the ``ResponseStreamEvent`` member describing it."""
    schemas = _spec()["components"]["schemas"]
    names: Dict[str, str] = {}
    for member in schemas["ResponseStreamEvent"]["anyOf"]:
        name = member["$ref"].rsplit("/", 1)[-1]
        names[schemas[name]["properties"]["type"]["enum"][0]] = name
    return names


def check_list(body: Dict[str, Any], schema_name: str) -> None:
    """A list page; an empty conversation item list has "" first/last ids (the spec
    requires strings), other empty lists null ones."""
    if not body["data"]:
        empty = "" if schema_name == "ConversationItemList" else None
        assert body["first_id"] == empty and body["last_id"] == empty
        body = {**body, "first_id": "", "last_id": ""}
    else:
        assert body["first_id"] == body["data"][0]["id"]
        assert body["last_id"] == body["data"][-1]["id"]
    validate_responses(body, schema_name)


def check_events(events: List[Event]) -> None:
    """Each event against its member and the union; sequence numbers count from 0."""
    for index, (name, data) in enumerate(events):
        assert data["type"] == name
        assert data["sequence_number"] == index
        validate_responses(data, _event_schemas()[name])
        validate_responses(data, "ResponseStreamEvent")


def check_gateway_error(response: requests.Response, status: int) -> Dict[str, Any]:
    assert response.status_code == status, response.text
    body: Dict[str, Any] = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    error: Dict[str, Any] = body["error"]
    return error


# ---------------------------------------------------------------- the three surfaces


class Surface:
    """One surface's root, credentials and model name."""

    def __init__(self, emu: Emulator, kind: str) -> None:
        self.emu = emu
        self.kind = kind
        self.session = requests.Session()
        if kind == "openai":
            self.root = emu.origin + "/v1"
            self.session.headers["Authorization"] = f"Bearer {emu.api_key}"
            self.model = "gpt-4o"
        elif kind == "azure":
            self.root = emu.origin + "/openai/v1"
            self.session.headers["api-key"] = emu.api_key
            self.model = "dep-gpt4o"
        else:
            self.root = f"{emu.origin}/api/projects/{emu.project}/openai/v1"
            self.session.headers["Authorization"] = f"Bearer {TOKEN}"
            self.model = "dep-gpt4o"

    def call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        return self.session.request(method, self.root + path, timeout=10, **kwargs)

    def ok(self, method: str, path: str, schema: Optional[str], **kwargs: Any) -> Any:
        response = self.call(method, path, **kwargs)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("application/json")
        assert response.headers["x-request-id"]
        body = response.json()
        if schema in ("ConversationItemList", "ResponseItemList"):
            check_list(body, schema)
        elif schema is not None:
            validate_responses(body, schema)
        return body

    def fail(self, method: str, path: str, status: int, **kwargs: Any) -> Dict[str, Any]:
        response = self.call(method, path, **kwargs)
        assert response.status_code == status, response.text
        body: Dict[str, Any] = response.json()
        assert set(body["error"]) == {"message", "type", "param", "code"}
        error: Dict[str, Any] = body["error"]
        return error

    def create(self, **fields: Any) -> Dict[str, Any]:
        body: Dict[str, Any] = self.ok("POST", "/responses", "Response", json=self.body(fields))
        return body

    def body(self, fields: Dict[str, Any]) -> Dict[str, Any]:
        return {"model": self.model, **fields}

    def stream(self, **fields: Any) -> Tuple[List[Event], Optional[Exception], str]:
        """The events of a ``stream: true`` create, the error that broke the stream (if
        any) and the raw text read."""
        body = {**self.body(fields), "stream": True}
        response = self.call("POST", "/responses", json=body, stream=True)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("text/event-stream")
        raw: List[str] = []
        broken: Optional[Exception] = None
        try:
            for chunk in response.iter_content(chunk_size=None, decode_unicode=True):
                raw.append(chunk)
        except requests.exceptions.ChunkedEncodingError as error:
            broken = error
        finally:
            response.close()
        text = "".join(raw)
        return parse_sse(text), broken, text

    def item_texts(self, conversation_id: str) -> List[str]:
        page = self.ok(
            "GET",
            f"/conversations/{conversation_id}/items",
            "ConversationItemList",
            params={"order": "asc", "limit": 100},
        )
        return [describe(item) for item in page["data"]]


def parse_sse(text: str) -> List[Event]:
    """Strict framing: blocks of exactly ``event: <type>`` and ``data: <json>``."""
    events: List[Event] = []
    blocks = text.split("\n\n")
    for block in blocks[:-1]:
        lines = block.split("\n")
        assert len(lines) == 2, block
        assert lines[0].startswith("event: ") and lines[1].startswith("data: "), block
        events.append((lines[0][len("event: ") :], json.loads(lines[1][len("data: ") :])))
    return events


def describe(item: Dict[str, Any]) -> str:
    """A short text for an item: ``user: hi``, ``call get_weather``, ``output 18C`` ..."""
    kind = item["type"]
    if kind == "message":
        text = "\n".join(part.get("text", "") for part in item["content"])
        return f"{item['role']}: {text}"
    if kind == "function_call":
        return f"call {item['name']} {item['arguments']}"
    if kind == "function_call_output":
        return f"output {item['output']}"
    return str(kind)


def reply_text(response: Dict[str, Any]) -> str:
    messages = [item for item in response["output"] if item["type"] == "message"]
    assert len(messages) == 1, response["output"]
    text: str = messages[0]["content"][0]["text"]
    return text


def settle(surface: Surface, response: Dict[str, Any]) -> Dict[str, Any]:
    for _ in range(20):
        response = surface.ok("GET", f"/responses/{response['id']}", "Response")
        if response["status"] not in ("queued", "in_progress"):
            return response
    raise AssertionError(f"response {response['id']} never finished")


@pytest.fixture(scope="module", params=SURFACES)
def surface(request: pytest.FixtureRequest) -> Iterator[Surface]:
    with Emulator(request.param, deployments=DEPLOYMENTS, run_steps_to_complete=2) as emu:
        emu.accept_token(TOKEN)
        yield Surface(emu, request.param)


@pytest.fixture
def openai_surface() -> Iterator[Surface]:
    with Emulator("openai", run_steps_to_complete=2) as emu:
        yield Surface(emu, "openai")


# ---------------------------------------------------------------- plain responses


def test_text_reply_retrieve_and_input_items(surface: Surface) -> None:
    created = surface.create(input="hello there", instructions="Be brief.", metadata={"k": "v"})
    assert created["id"].startswith("resp_") and created["object"] == "response"
    assert created["status"] == "completed" and created["completed_at"] is not None
    assert created["model"] == surface.model and created["metadata"] == {"k": "v"}
    assert created["instructions"] == "Be brief." and created["background"] is False
    assert created["error"] is None and created["incomplete_details"] is None
    message = created["output"][0]
    assert message["id"].startswith("msg_") and message["role"] == "assistant"
    assert message["status"] == "completed"
    assert message["content"] == [
        {"type": "output_text", "text": "You said: hello there", "annotations": [], "logprobs": []}
    ]
    # words: "Be brief." + "hello there" in, "You said: hello there" out
    assert created["usage"]["input_tokens"] == 4 and created["usage"]["output_tokens"] == 4
    assert created["usage"]["total_tokens"] == 8

    again = surface.ok("GET", f"/responses/{created['id']}", "Response")
    assert again == created
    items = surface.ok("GET", f"/responses/{created['id']}/input_items", "ResponseItemList")
    assert [describe(i) for i in items["data"]] == ["user: hello there"]
    assert items["has_more"] is False


def test_item_inputs_and_roles(surface: Surface) -> None:
    created = surface.create(
        input=[
            {"role": "developer", "content": "Answer in French."},
            {"type": "message", "role": "user", "content": "first"},
            {"role": "assistant", "content": "noted"},
            {
                "type": "message",
                "role": "user",
                "content": [{"type": "input_text", "text": "second"}],
            },
        ],
        temperature=0.5,
        top_p=0.9,
        max_output_tokens=64,
    )
    assert reply_text(created) == "You said: second"
    assert (created["temperature"], created["top_p"], created["max_output_tokens"]) == (
        0.5,
        0.9,
        64,
    )
    items = surface.ok(
        "GET",
        f"/responses/{created['id']}/input_items",
        "ResponseItemList",
        params={"order": "asc"},
    )
    assert [describe(i) for i in items["data"]] == [
        "developer: Answer in French.",
        "user: first",
        "assistant: noted",
        "user: second",
    ]
    assistant = items["data"][2]
    assert assistant["content"][0]["type"] == "output_text"
    assert items["data"][0]["content"][0] == {"type": "input_text", "text": "Answer in French."}
    page = surface.ok(
        "GET",
        f"/responses/{created['id']}/input_items",
        "ResponseItemList",
        params={"limit": 2},
    )
    assert [describe(i) for i in page["data"]] == ["user: second", "assistant: noted"]
    assert page["has_more"] is True
    rest = surface.ok(
        "GET",
        f"/responses/{created['id']}/input_items",
        "ResponseItemList",
        params={"limit": 2, "after": page["last_id"]},
    )
    assert [describe(i) for i in rest["data"]] == ["user: first", "developer: Answer in French."]
    assert rest["has_more"] is False


def test_chaining_with_previous_response_id(surface: Surface) -> None:
    first = surface.create(input="one")
    second = surface.create(input="two", previous_response_id=first["id"])
    assert second["previous_response_id"] == first["id"]
    assert reply_text(second) == "You said: two"
    # it saw: one, You said: one, two
    assert second["usage"]["input_tokens"] == 1 + 3 + 1
    inputs = surface.ok("GET", f"/responses/{second['id']}/input_items", "ResponseItemList")
    assert [describe(i) for i in inputs["data"]] == ["user: two"]


def test_delete_and_store_false(surface: Surface) -> None:
    created = surface.create(input="bye")
    deleted = surface.ok("DELETE", f"/responses/{created['id']}", None)
    assert deleted == {"id": created["id"], "object": "response", "deleted": True}
    error = surface.fail("GET", f"/responses/{created['id']}", 404)
    assert error["message"] == f"Response with id '{created['id']}' not found."
    surface.fail("DELETE", f"/responses/{created['id']}", 404)

    unstored = surface.create(input="secret", store=False)
    assert unstored["store"] is False and reply_text(unstored) == "You said: secret"
    surface.fail("GET", f"/responses/{unstored['id']}", 404)
    error = surface.fail(
        "POST",
        "/responses",
        404,
        json=surface.body({"input": "x", "previous_response_id": unstored["id"]}),
    )
    assert error["code"] == "previous_response_not_found"
    assert error["param"] == "previous_response_id"


# ---------------------------------------------------------------- function calls


def test_function_call_round_trip_via_previous_response_id(surface: Surface) -> None:
    first = surface.create(
        input="What is the weather? call get_weather city=Paris days=3", tools=[WEATHER, TIME]
    )
    assert first["status"] == "completed"
    assert first["tools"][0] == WEATHER
    (call,) = first["output"]
    assert call["type"] == "function_call" and call["status"] == "completed"
    assert call["id"].startswith("fc_") and call["call_id"].startswith("call_")
    assert call["name"] == "get_weather"
    assert call["arguments"] == '{"city":"Paris","days":3}'

    second = surface.create(
        previous_response_id=first["id"],
        input=[{"type": "function_call_output", "call_id": call["call_id"], "output": "18C"}],
        tools=[WEATHER, TIME],
    )
    assert second["status"] == "completed"
    assert reply_text(second) == "get_weather returned: 18C"
    inputs = surface.ok("GET", f"/responses/{second['id']}/input_items", "ResponseItemList")
    (output_item,) = inputs["data"]
    assert output_item["type"] == "function_call_output" and output_item["status"] == "completed"
    assert output_item["id"].startswith("fco_")

    # The output must answer a call the model made, and a call needs its output.
    error = surface.fail(
        "POST",
        "/responses",
        400,
        json=surface.body(
            {
                "previous_response_id": first["id"],
                "input": [{"type": "function_call_output", "call_id": "call_nope", "output": "x"}],
            }
        ),
    )
    assert error["message"] == (
        "No tool call found for function call output with call_id call_nope."
    )
    error = surface.fail(
        "POST",
        "/responses",
        400,
        json=surface.body({"previous_response_id": first["id"], "input": "never mind"}),
    )
    assert error["message"] == f"No tool output found for function call {call['call_id']}."


def test_manual_chaining_without_stored_state(surface: Surface) -> None:
    """Passing the whole history back (store: false) works like previous_response_id."""
    first = surface.create(input="call get_time zone=UTC", tools=[TIME], store=False)
    (call,) = first["output"]
    history = [
        {"role": "user", "content": "call get_time zone=UTC"},
        call,
        {"type": "function_call_output", "call_id": call["call_id"], "output": "noon"},
    ]
    second = surface.create(input=history, tools=[TIME], store=False)
    assert reply_text(second) == "get_time returned: noon"


def test_sequential_calls_without_parallel_tool_calls(surface: Surface) -> None:
    tools = [WEATHER, TIME]
    text = "call get_time zone=CET then get_weather city=Oslo"
    first = surface.create(input=text, tools=tools, parallel_tool_calls=False)
    assert first["parallel_tool_calls"] is False
    assert [describe(i) for i in first["output"]] == ['call get_time {"zone":"CET"}']
    second = surface.create(
        previous_response_id=first["id"],
        tools=tools,
        parallel_tool_calls=False,
        input=[
            {
                "type": "function_call_output",
                "call_id": first["output"][0]["call_id"],
                "output": "9",
            }
        ],
    )
    assert [describe(i) for i in second["output"]] == ['call get_weather {"city":"Oslo"}']
    third = surface.create(
        previous_response_id=second["id"],
        tools=tools,
        input=[
            {
                "type": "function_call_output",
                "call_id": second["output"][0]["call_id"],
                "output": "rain",
            }
        ],
    )
    assert reply_text(third) == "get_time returned: 9\nget_weather returned: rain"

    both = surface.create(input=text, tools=tools)
    assert [i["name"] for i in both["output"]] == ["get_time", "get_weather"]


def test_tool_choice(surface: Surface) -> None:
    tools = [WEATHER, TIME]
    forced = surface.create(
        input="hello", tools=tools, tool_choice={"type": "function", "name": "get_time"}
    )
    assert forced["tool_choice"] == {"type": "function", "name": "get_time"}
    assert [describe(i) for i in forced["output"]] == ["call get_time {}"]
    required = surface.create(input="hello", tools=tools, tool_choice="required")
    assert [describe(i) for i in required["output"]] == ['call get_weather {"city":""}']
    none = surface.create(input="call get_weather city=Rome", tools=tools, tool_choice="none")
    assert reply_text(none) == "You said: call get_weather city=Rome"
    allowed = surface.create(
        input="call get_time zone=UTC and get_weather",
        tools=tools,
        tool_choice={
            "type": "allowed_tools",
            "mode": "auto",
            "tools": [{"type": "function", "name": "get_time"}],
        },
    )
    assert [describe(i) for i in allowed["output"]] == ['call get_time {"zone":"UTC"}']


# ---------------------------------------------------------------- conversations


def test_conversation_crud_and_items(surface: Surface) -> None:
    conv = surface.ok(
        "POST",
        "/conversations",
        "ConversationResource",
        json={
            "metadata": {"topic": "demo"},
            "items": [
                {"type": "message", "role": "system", "content": "Be nice."},
                {"role": "user", "content": "hi"},
            ],
        },
    )
    assert conv["id"].startswith("conv_") and conv["object"] == "conversation"
    assert conv["metadata"] == {"topic": "demo"}
    cid = conv["id"]
    assert surface.ok("GET", f"/conversations/{cid}", "ConversationResource") == conv
    updated = surface.ok(
        "POST", f"/conversations/{cid}", "ConversationResource", json={"metadata": {"topic": "x"}}
    )
    assert updated["metadata"] == {"topic": "x"}

    added = surface.ok(
        "POST",
        f"/conversations/{cid}/items",
        "ConversationItemList",
        params={"include": "file_search_call.results"},
        json={
            "items": [
                {"role": "assistant", "content": "hello!"},
                {"role": "user", "content": [{"type": "input_text", "text": "again"}]},
            ]
        },
    )
    assert [describe(i) for i in added["data"]] == ["assistant: hello!", "user: again"]
    assert added["has_more"] is False
    assert added["data"][0]["content"][0] == {
        "type": "output_text",
        "text": "hello!",
        "annotations": [],
        "logprobs": [],
    }

    newest = surface.ok("GET", f"/conversations/{cid}/items", "ConversationItemList")
    assert [describe(i) for i in newest["data"]] == [
        "user: again",
        "assistant: hello!",
        "user: hi",
        "system: Be nice.",
    ]
    page = surface.ok(
        "GET",
        f"/conversations/{cid}/items",
        "ConversationItemList",
        params={"order": "asc", "limit": 3},
    )
    assert page["has_more"] is True and len(page["data"]) == 3
    tail = surface.ok(
        "GET",
        f"/conversations/{cid}/items",
        "ConversationItemList",
        params={
            "order": "asc",
            "after": page["last_id"],
            "include[]": "code_interpreter_call.outputs",
        },
    )
    assert [describe(i) for i in tail["data"]] == ["user: again"] and tail["has_more"] is False

    item_id = page["data"][1]["id"]
    item = surface.ok("GET", f"/conversations/{cid}/items/{item_id}", "ConversationItem")
    assert describe(item) == "user: hi"
    after_delete = surface.ok(
        "DELETE", f"/conversations/{cid}/items/{item_id}", "ConversationResource"
    )
    assert after_delete["id"] == cid
    surface.fail("GET", f"/conversations/{cid}/items/{item_id}", 404)
    assert surface.item_texts(cid) == ["system: Be nice.", "assistant: hello!", "user: again"]

    for params, param in (
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"order": "up"}, "order"),
    ):
        assert (
            surface.fail("GET", f"/conversations/{cid}/items", 400, params=params)["param"] == param
        )
    assert surface.fail("GET", f"/conversations/{cid}/items", 400, params={"include": "x"})
    error = surface.fail(
        "POST",
        f"/conversations/{cid}/items",
        400,
        json={"items": [{"role": "user", "content": "x"}] * 21},
    )
    assert error["code"] == "array_above_max_length"
    assert surface.fail("POST", f"/conversations/{cid}", 400, json={})["param"] == "metadata"

    gone = surface.ok("DELETE", f"/conversations/{cid}", "DeletedConversationResource")
    assert gone == {"id": cid, "object": "conversation.deleted", "deleted": True}
    error = surface.fail("GET", f"/conversations/{cid}", 404)
    assert error["message"] == f"Conversation with id '{cid}' not found."
    surface.fail("GET", f"/conversations/{cid}/items", 404)

    empty = surface.ok("POST", "/conversations", "ConversationResource")
    assert empty["metadata"] == {}
    listed = surface.ok("GET", f"/conversations/{empty['id']}/items", "ConversationItemList")
    assert listed["data"] == [] and listed["has_more"] is False


def test_function_call_round_trip_via_conversation(surface: Surface) -> None:
    conv = surface.ok(
        "POST",
        "/conversations",
        "ConversationResource",
        json={"items": [{"role": "developer", "content": "Use tools."}]},
    )
    cid = conv["id"]
    first = surface.create(conversation=cid, input="call get_weather city=Lima", tools=[WEATHER])
    assert first["conversation"] == {"id": cid}
    (call,) = first["output"]
    assert surface.item_texts(cid) == [
        "developer: Use tools.",
        "user: call get_weather city=Lima",
        'call get_weather {"city":"Lima"}',
    ]
    stored_call = surface.ok("GET", f"/conversations/{cid}/items/{call['id']}", "ConversationItem")
    assert stored_call == call

    second = surface.create(
        conversation={"id": cid},
        input=[{"type": "function_call_output", "call_id": call["call_id"], "output": "sunny"}],
        tools=[WEATHER],
    )
    assert second["conversation"] == {"id": cid}
    assert reply_text(second) == "get_weather returned: sunny"
    third = surface.create(conversation=cid, input="thanks")
    assert reply_text(third) == "You said: thanks"
    assert surface.item_texts(cid) == [
        "developer: Use tools.",
        "user: call get_weather city=Lima",
        'call get_weather {"city":"Lima"}',
        "output sunny",
        "assistant: get_weather returned: sunny",
        "user: thanks",
        "assistant: You said: thanks",
    ]
    # The model saw the whole conversation.
    assert third["usage"]["input_tokens"] == 2 + 3 + 1 + 1 + 3 + 1

    error = surface.fail(
        "POST",
        "/responses",
        400,
        json=surface.body({"conversation": cid, "previous_response_id": third["id"], "input": "x"}),
    )
    assert error["code"] == "mutually_exclusive_parameters"
    error = surface.fail(
        "POST", "/responses", 404, json=surface.body({"conversation": "conv_nope", "input": "x"})
    )
    assert error["message"] == "Conversation with id 'conv_nope' not found."


def test_conversation_items_without_input_and_item_references(surface: Surface) -> None:
    """A run-like flow: add the user's message as an item, then respond with no input."""
    cid = surface.ok("POST", "/conversations", "ConversationResource")["id"]
    added = surface.ok(
        "POST",
        f"/conversations/{cid}/items",
        "ConversationItemList",
        json={"items": [{"type": "message", "role": "user", "content": "from items"}]},
    )
    replied = surface.create(conversation=cid, instructions="Be kind.")
    assert reply_text(replied) == "You said: from items"
    assert surface.item_texts(cid) == ["user: from items", "assistant: You said: from items"]
    inputs = surface.ok("GET", f"/responses/{replied['id']}/input_items", "ResponseItemList")
    assert inputs["data"] == []

    referenced = surface.create(input=[{"type": "item_reference", "id": added["data"][0]["id"]}])
    assert reply_text(referenced) == "You said: from items"
    error = surface.fail(
        "POST",
        "/responses",
        404,
        json=surface.body({"input": [{"type": "item_reference", "id": "msg_x"}]}),
    )
    assert error["message"] == "Item with id 'msg_x' not found."
    error = surface.fail(
        "POST", f"/conversations/{cid}/items", 400, json={"items": [added["data"][0]]}
    )
    assert error["message"] == f"Duplicate item found with id {added['data'][0]['id']}."


def test_failed_responses_leave_the_conversation_alone(surface: Surface) -> None:
    cid = surface.ok("POST", "/conversations", "ConversationResource")["id"]
    failed = surface.create(conversation=cid, input="[[fail:server_error]] hi")
    assert failed["status"] == "failed"
    assert surface.item_texts(cid) == []
    cut = surface.create(conversation=cid, input="[[incomplete]] one two three four")
    assert cut["status"] == "incomplete"
    assert surface.item_texts(cid) == [
        "user: [[incomplete]] one two three four",
        "assistant: You said: one",
    ]


def test_conversation_is_locked_by_a_background_response(openai_surface: Surface) -> None:
    surface = openai_surface
    cid = surface.ok("POST", "/conversations", "ConversationResource")["id"]
    queued = surface.create(conversation=cid, input="slow", background=True)
    error = surface.fail(
        "POST", "/responses", 400, json=surface.body({"conversation": cid, "input": "x"})
    )
    assert error["code"] == "conversation_locked"
    assert surface.item_texts(cid) == []
    done = settle(surface, queued)
    assert reply_text(done) == "You said: slow"
    assert surface.item_texts(cid) == ["user: slow", "assistant: You said: slow"]
    assert reply_text(surface.create(conversation=cid, input="next")) == "You said: next"


# ---------------------------------------------------------------- background and cancel


def test_background_progression(surface: Surface) -> None:
    queued = surface.create(input="later", background=True)
    assert queued["status"] == "queued" and queued["background"] is True
    assert queued["output"] == [] and "usage" not in queued
    polled = surface.ok("GET", f"/responses/{queued['id']}", "Response")
    assert polled["status"] == "in_progress" and polled["output"] == []
    done = surface.ok("GET", f"/responses/{queued['id']}", "Response")
    assert done["status"] == "completed" and reply_text(done) == "You said: later"
    assert surface.ok("GET", f"/responses/{queued['id']}", "Response") == done

    error = surface.fail(
        "POST",
        "/responses",
        400,
        json=surface.body({"input": "x", "background": True, "store": False}),
    )
    assert error["param"] == "background"


def test_background_steps_are_configurable() -> None:
    with Emulator(response_steps_to_complete=3) as emu:
        surface = Surface(emu, "openai")
        assert emu.responses.steps_to_complete == 3
        queued = surface.create(input="x", background=True)
        statuses = [
            surface.ok("GET", f"/responses/{queued['id']}", "Response")["status"] for _ in range(3)
        ]
        assert statuses == ["in_progress", "in_progress", "completed"]
        emu.responses.steps_to_complete = 1
        queued = surface.create(input="x", background=True)
        assert surface.ok("GET", f"/responses/{queued['id']}", "Response")["status"] == "completed"


def test_cancel(surface: Surface) -> None:
    queued = surface.create(input="never", background=True)
    cancelled = surface.ok("POST", f"/responses/{queued['id']}/cancel", "Response")
    assert cancelled["status"] == "cancelled" and cancelled["output"] == []
    again = surface.ok("POST", f"/responses/{queued['id']}/cancel", "Response")
    assert again == cancelled
    assert surface.ok("GET", f"/responses/{queued['id']}", "Response")["status"] == "cancelled"

    running = surface.create(input="x", background=True)
    surface.ok("GET", f"/responses/{running['id']}", "Response")
    assert (
        surface.ok("POST", f"/responses/{running['id']}/cancel", "Response")["status"]
        == "cancelled"
    )

    finished = settle(surface, surface.create(input="x", background=True))
    assert surface.ok("POST", f"/responses/{finished['id']}/cancel", "Response") == finished

    sync = surface.create(input="x")
    error = surface.fail("POST", f"/responses/{sync['id']}/cancel", 400)
    assert error["message"] == "Cannot cancel a synchronous response."
    surface.fail("POST", "/responses/resp_nope/cancel", 404)

    marked = surface.create(input="[[cancel]] x", background=True)
    assert settle(surface, marked)["status"] == "cancelled"


# ---------------------------------------------------------------- scripted outcomes


def test_markers_and_limits(surface: Surface) -> None:
    failed = surface.create(input="[[fail:rate_limit_exceeded]] hi")
    assert failed["status"] == "failed" and failed["output"] == []
    assert failed["error"] == {
        "code": "rate_limit_exceeded",
        "message": "Rate limit reached. Please try again later.",
    }
    assert failed["completed_at"] is None and "usage" not in failed
    invalid = surface.create(input="[[fail:invalid_prompt]] hi")
    assert invalid["error"]["code"] == "invalid_prompt"

    cut = surface.create(input="[[long:40]] pad me", max_output_tokens=16)
    assert cut["status"] == "incomplete"
    assert cut["incomplete_details"] == {"reason": "max_output_tokens"}
    assert cut["output"][0]["status"] == "incomplete"
    assert len(reply_text(cut).split()) == 16 and cut["usage"]["output_tokens"] == 16
    half = surface.create(input="[[incomplete]] a b c d e f")
    assert half["status"] == "incomplete" and reply_text(half) == "You said: a b"
    long = surface.create(input="[[long:20]] x")
    assert long["status"] == "completed" and len(reply_text(long).split()) == 20


def test_script_response(openai_surface: Surface) -> None:
    surface = openai_surface
    responses = surface.emu.responses
    responses.script_response(reply="Scripted!")
    responses.script_response(fail={"code": "server_error", "message": "boom"})
    responses.script_response(status="completed")
    responses.script_response(status="incomplete")
    assert reply_text(surface.create(input="a")) == "Scripted!"
    failed = surface.create(input="b")
    assert failed["error"] == {"code": "server_error", "message": "boom"}
    assert surface.create(input="[[fail:server_error]] c")["status"] == "completed"
    assert surface.create(input="one two three four")["status"] == "incomplete"
    assert surface.create(input="d")["status"] == "completed"
    responses.script_response(reply="unused")
    responses.clear_response_scripts()
    assert reply_text(surface.create(input="e")) == "You said: e"
    with pytest.raises(ValueError):
        responses.script_response(status="expired")
    with pytest.raises(ValueError):
        responses.script_response(fail={"code": "nope"})


def test_markers_only_act_on_the_first_response_of_a_tool_round(surface: Surface) -> None:
    first = surface.create(input="[[fail:server_error]] call get_time", tools=[TIME])
    assert first["status"] == "failed"
    ok = surface.create(input="call get_time [[long:12]]", tools=[TIME])
    follow = surface.create(
        previous_response_id=ok["id"],
        tools=[TIME],
        input=[
            {"type": "function_call_output", "call_id": ok["output"][0]["call_id"], "output": "1"}
        ],
    )
    assert follow["status"] == "completed"
    assert len(reply_text(follow).split()) == 12  # [[long]] acts on the reply


def test_builtin_tools_and_include(surface: Surface) -> None:
    # Files and vector stores live on every surface (OpenAI's /v1 keeps its beta header).
    beta = {"OpenAI-Beta": "assistants=v2"} if surface.kind == "openai" else {}
    upload = surface.ok(
        "POST",
        "/files",
        None,
        files={"file": ("notes.txt", b"The launch code is banana.")},
        data={"purpose": "assistants"},
    )
    store = surface.ok(
        "POST", "/vector_stores", None, json={"file_ids": [upload["id"]]}, headers=beta
    )
    assert surface.ok("GET", f"/vector_stores/{store['id']}/files", None, headers=beta)["data"]
    content = surface.call("GET", f"/files/{upload['id']}/content")
    assert content.status_code == 200 and content.content == b"The launch code is banana."
    tools = [
        {"type": "code_interpreter", "container": {"type": "auto", "file_ids": []}},
        {"type": "file_search", "vector_store_ids": [store["id"]]},
    ]
    text = "search the launch code and calculate 6 * 7"
    plain = surface.create(input=text, tools=tools)
    code, search, message = plain["output"]
    assert code["type"] == "code_interpreter_call" and code["code"] == "print(6 * 7)"
    assert code["outputs"] is None and code["container_id"].startswith("cntr_")
    assert search["type"] == "file_search_call" and search["results"] is None
    assert search["queries"] == [text] and search["status"] == "completed"
    assert message["content"][0]["text"] == (
        "code_interpreter output: 42\nfile_search found 1 result(s): notes.txt"
    )
    assert plain["tools"][1]["max_num_results"] == 20

    full = surface.create(
        input=text,
        tools=tools,
        include=["file_search_call.results", "code_interpreter_call.outputs"],
    )
    assert full["output"][0]["outputs"] == [{"type": "logs", "logs": "42\n"}]
    (hit,) = full["output"][1]["results"]
    assert hit["file_id"] == upload["id"] and hit["filename"] == "notes.txt"
    assert (
        hit["text"] == "The launch code is banana." and hit["score"] == 0.6
    )  # the, launch, code of 5 words
    shown = surface.ok(
        "GET",
        f"/responses/{plain['id']}",
        "Response",
        params={"include[]": ["file_search_call.results"]},
    )
    assert shown["output"][1]["results"] == full["output"][1]["results"]
    assert shown["output"][0]["outputs"] is None

    error = surface.fail(
        "POST",
        "/responses",
        404,
        json=surface.body(
            {"input": "x", "tools": [{"type": "file_search", "vector_store_ids": ["vs_nope"]}]}
        ),
    )
    assert error["message"] == "No vector store found with id 'vs_nope'."

    # In a conversation the tool items are items like any other.
    cid = surface.ok("POST", "/conversations", "ConversationResource")["id"]
    surface.create(conversation=cid, input=text, tools=tools)
    items = surface.ok(
        "GET",
        f"/conversations/{cid}/items",
        "ConversationItemList",
        params={"order": "asc", "include": "code_interpreter_call.outputs"},
    )
    kinds = [item["type"] for item in items["data"]]
    assert kinds == ["message", "code_interpreter_call", "file_search_call", "message"]
    assert items["data"][1]["outputs"] == [{"type": "logs", "logs": "42\n"}]
    assert items["data"][2]["results"] is None

    events, broken, _ = surface.stream(
        input=text, tools=tools, include=["code_interpreter_call.outputs"]
    )
    assert broken is None
    check_events(events)
    names = [name for name, _ in events]
    runs = [name for index, name in enumerate(names) if index == 0 or names[index - 1] != name]
    assert runs[:9] == [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.code_interpreter_call.in_progress",
        "response.code_interpreter_call_code.delta",
        "response.code_interpreter_call_code.done",
        "response.code_interpreter_call.interpreting",
        "response.code_interpreter_call.completed",
        "response.output_item.done",
    ]
    assert runs[9:14] == [
        "response.output_item.added",
        "response.file_search_call.in_progress",
        "response.file_search_call.searching",
        "response.file_search_call.completed",
        "response.output_item.done",
    ]
    deltas = [data["delta"] for name, data in events if name.endswith("call_code.delta")]
    assert "".join(deltas) == "print(6 * 7)"
    done = [data["item"] for name, data in events if name == "response.output_item.done"]
    assert done[0]["outputs"] == [{"type": "logs", "logs": "42\n"}]
    assert done[1]["results"] is None and done[1]["queries"] == [text]
    assert runs[14:] == [
        "response.output_item.added",
        "response.content_part.added",
        "response.output_text.delta",
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.completed",
    ]


# ---------------------------------------------------------------- streaming


def test_stream_text_reply(surface: Surface) -> None:
    events, broken, text = surface.stream(input="stream me please", metadata={"a": "b"})
    assert broken is None and "[DONE]" not in text
    check_events(events)
    names = [name for name, _ in events]
    assert names == [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.content_part.added",
        *["response.output_text.delta"] * 5,
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.completed",
    ]
    created = events[0][1]["response"]
    assert created["status"] == "in_progress" and created["output"] == []
    deltas = "".join(data["delta"] for name, data in events if name == "response.output_text.delta")
    assert deltas == "You said: stream me please"
    assert events[9][1]["text"] == deltas
    added = events[2][1]["item"]
    assert added["status"] == "in_progress" and added["content"] == []
    assert {data["item_id"] for _, data in events[3:11]} == {added["id"]}
    final = events[-1][1]["response"]
    assert final["status"] == "completed" and reply_text(final) == deltas
    assert surface.ok("GET", f"/responses/{final['id']}", "Response") == final


def test_stream_function_call(surface: Surface) -> None:
    events, broken, _ = surface.stream(input="call get_weather city=Paris", tools=[WEATHER])
    assert broken is None
    check_events(events)
    names = [name for name, _ in events]
    assert names[:3] == ["response.created", "response.in_progress", "response.output_item.added"]
    assert names[-3:] == [
        "response.function_call_arguments.done",
        "response.output_item.done",
        "response.completed",
    ]
    assert set(names[3:-3]) == {"response.function_call_arguments.delta"}
    added = events[2][1]["item"]
    assert added["type"] == "function_call" and added["arguments"] == ""
    assert added["status"] == "in_progress"
    arguments = "".join(data["delta"] for _, data in events[3:-3])
    assert arguments == '{"city":"Paris"}'
    done = events[-3][1]
    assert (done["name"], done["arguments"], done["item_id"]) == (
        "get_weather",
        arguments,
        added["id"],
    )
    final = events[-1][1]["response"]
    assert final["output"][0]["call_id"] == added["call_id"]


def test_stream_background_and_failures(surface: Surface) -> None:
    events, broken, _ = surface.stream(input="bg", background=True)
    assert broken is None
    check_events(events)
    assert [name for name, _ in events[:3]] == [
        "response.created",
        "response.queued",
        "response.in_progress",
    ]
    assert events[0][1]["response"]["status"] == "queued"
    assert events[-1][0] == "response.completed"

    events, broken, _ = surface.stream(input="[[fail:server_error]] x")
    check_events(events)
    assert [name for name, _ in events] == [
        "response.created",
        "response.in_progress",
        "response.failed",
    ]
    assert events[-1][1]["response"]["error"]["code"] == "server_error"

    events, broken, _ = surface.stream(input="[[incomplete]] a b c d")
    check_events(events)
    assert events[-1][0] == "response.incomplete"
    assert events[-2][1]["item"]["status"] == "incomplete"

    events, broken, _ = surface.stream(input="[[stream_error]] x")
    assert broken is None
    check_events(events)
    assert [name for name, _ in events] == ["response.created", "response.in_progress", "error"]
    response_id = events[0][1]["response"]["id"]
    failed = surface.ok("GET", f"/responses/{response_id}", "Response")
    assert failed["status"] == "failed" and failed["error"]["code"] == "server_error"

    events, broken, _ = surface.stream(input="[[stream_truncate:4]] one two three")
    assert broken is not None
    check_events(events)
    assert len(events) == 4
    response_id = events[0][1]["response"]["id"]
    finished = surface.ok("GET", f"/responses/{response_id}", "Response")
    assert reply_text(finished) == "You said: one two three"


# ---------------------------------------------------------------- request checks and auth


def test_request_validation(surface: Surface) -> None:
    def bad(body: Dict[str, Any]) -> Dict[str, Any]:
        return surface.fail("POST", "/responses", 400, json=body)

    assert bad({"input": "x"})["code"] == "missing_required_parameter"
    assert bad(surface.body({"input": "x", "bogus": 1}))["code"] == "unknown_parameter"
    assert bad(surface.body({"input": "x", "max_output_tokens": 8}))["param"] == "max_output_tokens"
    assert bad(surface.body({"input": 3}))["param"] == "input"
    error = bad(surface.body({"input": [{"role": "robot", "content": "x"}]}))
    assert error["param"] == "input[0].role"
    error = bad(surface.body({"input": "x", "tools": [{"type": "web_search"}]}))
    assert error["param"] == "tools[0].type" and error["code"] == "invalid_value"
    error = bad(surface.body({"input": "x", "include": ["nope"]}))
    assert error["param"] == "include[0]"
    error = surface.fail(
        "POST", "/responses", 400, data=b"{not json", headers={"content-type": "application/json"}
    )
    assert "could not parse the JSON body" in error["message"]
    # Accepted and echoed.
    echoed = surface.create(
        input="x", text={"format": {"type": "text"}}, truncation="auto", service_tier="auto"
    )
    assert echoed["truncation"] == "auto" and echoed["service_tier"] == "default"


def test_unknown_routes(surface: Surface) -> None:
    response = surface.call("GET", "/responses")
    assert response.status_code == 404
    if surface.kind == "openai":
        assert response.json()["error"]["message"] == "Invalid URL (GET /v1/responses)"
    else:
        check_gateway_error(response, 404)


def test_openai_auth(openai_surface: Surface) -> None:
    url = openai_surface.root + "/responses"
    body = {"model": "gpt-4o", "input": "x"}
    assert requests.post(url, json=body, timeout=10).status_code == 401
    wrong = requests.post(url, json=body, headers={"Authorization": "Bearer nope"}, timeout=10)
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "invalid_api_key"
    # No OpenAI-Beta header needed; any model name goes.
    fine = requests.post(
        url,
        json={**body, "model": "anything"},
        headers={"Authorization": "Bearer emulator-key"},
        timeout=10,
    )
    assert fine.status_code == 200 and fine.json()["model"] == "anything"


def test_azure_v1_surface_gates() -> None:
    with Emulator("azure", deployments=DEPLOYMENTS) as emu:
        emu.accept_token(TOKEN)
        url = emu.origin + "/openai/v1/responses"
        body = {"model": "dep-mini", "input": "x"}
        for headers in (
            {"api-key": emu.api_key},
            {"Authorization": f"Bearer {TOKEN}"},
            {"Authorization": f"Bearer {emu.api_key}"},
        ):
            response = requests.post(url, json=body, headers=headers, timeout=10)
            assert response.status_code == 200, response.text
            assert response.headers["apim-request-id"]
        for headers in ({}, {"api-key": "wrong"}, {"Authorization": "Bearer wrong"}):
            check_gateway_error(requests.post(url, json=body, headers=headers, timeout=10), 401)
        key = {"api-key": emu.api_key}
        error = check_gateway_error(
            requests.post(url, json={**body, "model": "gpt-4o"}, headers=key, timeout=10), 404
        )
        assert error["code"] == "DeploymentNotFound"
        for version in ("v1", "preview"):
            ok = requests.post(
                url, params={"api-version": version}, json=body, headers=key, timeout=10
            )
            assert ok.status_code == 200
        for version in ("latest", "2024-05-01-preview"):
            refused = requests.post(
                url, params={"api-version": version}, json=body, headers=key, timeout=10
            )
            check_gateway_error(refused, 400)
        # The dated surface keeps its own rules: no Responses there.
        dated = requests.post(
            emu.origin + "/openai/responses",
            params={"api-version": emu.api_version},
            json=body,
            headers=key,
            timeout=10,
        )
        check_gateway_error(dated, 404)


def test_foundry_surface_gates() -> None:
    with Emulator("foundry", deployments=DEPLOYMENTS) as emu:
        emu.accept_token(TOKEN)
        assert emu.responses_base_url == emu.endpoint + "/openai/v1"
        url = emu.responses_base_url + "/responses"
        body = {"model": "dep-gpt4o", "input": "x"}
        ok = requests.post(url, json=body, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10)
        assert ok.status_code == 200
        for headers in ({"api-key": emu.api_key}, {"Authorization": f"Bearer {emu.api_key}"}, {}):
            check_gateway_error(requests.post(url, json=body, headers=headers, timeout=10), 401)
        other = emu.origin + "/api/projects/other/openai/v1/responses"
        check_gateway_error(
            requests.post(
                other, json=body, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10
            ),
            404,
        )


def test_azure_conversations_switch() -> None:
    with Emulator("azure", deployments=DEPLOYMENTS, azure_conversations=False) as emu:
        emu.accept_token(TOKEN, audience="https://ai.azure.com")  # the Foundry surface's
        assert emu.responses_base_url == emu.origin + "/openai/v1"
        azure = Surface(emu, "azure")
        for method, path in (
            ("POST", "/conversations"),
            ("GET", "/conversations/conv_x"),
            ("GET", "/conversations/conv_x/items"),
            ("DELETE", "/conversations/conv_x/items/msg_x"),
        ):
            error = check_gateway_error(azure.call(method, path), 404)
            assert error == {"code": "404", "message": "Resource not found"}
        # Responses still work there, chained with previous_response_id (the fallback).
        first = azure.create(input="call get_time", tools=[TIME])
        follow = azure.create(
            previous_response_id=first["id"],
            input=[
                {
                    "type": "function_call_output",
                    "call_id": first["output"][0]["call_id"],
                    "output": "5",
                }
            ],
        )
        assert reply_text(follow) == "get_time returned: 5"
        # The other surfaces of the same emulator keep their conversations.
        openai = Surface(emu, "openai")
        cid = openai.ok("POST", "/conversations", "ConversationResource")["id"]
        check_gateway_error(azure.call("GET", f"/conversations/{cid}"), 404)
        check_gateway_error(
            azure.call("POST", "/responses", json=azure.body({"conversation": cid, "input": "x"})),
            404,
        )
        foundry = Surface(emu, "foundry")
        assert foundry.ok("GET", f"/conversations/{cid}", "ConversationResource")["id"] == cid
        emu.responses.azure_conversations = True
        assert azure.ok("GET", f"/conversations/{cid}", "ConversationResource")["id"] == cid


def test_responses_base_url_and_assistants_untouched(openai_surface: Surface) -> None:
    emu = openai_surface.emu
    assert emu.responses_base_url == emu.origin + "/v1"
    # The Assistants wire still needs its beta header.
    threads = requests.post(
        emu.origin + "/v1/threads",
        json={},
        headers={"Authorization": f"Bearer {emu.api_key}"},
        timeout=10,
    )
    assert threads.status_code == 400 and threads.json()["error"]["code"] == "invalid_beta"
    assert emu.failures == []


# ---------------------------------------------------------------- strict where the services are


def test_entra_tokens_carry_their_audience() -> None:
    cognitive, foundry = "token-cognitive", "token-foundry"
    with Emulator("azure", deployments=DEPLOYMENTS) as emu:
        emu.accept_token(cognitive, audience="https://cognitiveservices.azure.com")
        emu.accept_token(foundry, audience="https://ai.azure.com")
        body = {"model": "dep-mini", "input": "x"}
        resource = emu.origin + "/openai/v1/responses"
        project = f"{emu.origin}/api/projects/{emu.project}/openai/v1/responses"
        for url, right, wrong, audience in ((resource, cognitive, foundry, "cognitiveservices"),
                                            (project, foundry, cognitive, "ai.azure.com")):
            ok = requests.post(url, json=body, timeout=10,
                               headers={"Authorization": f"Bearer {right}"})
            assert ok.status_code == 200, ok.text
            refused = requests.post(url, json=body, timeout=10,
                                    headers={"Authorization": f"Bearer {wrong}"})
            assert audience in check_gateway_error(refused, 401)["message"]
        with pytest.raises(ValueError, match="audience"):
            emu.accept_token("t", audience="https://management.azure.com")


def test_function_tools_need_strict_and_parameters(surface: Surface) -> None:
    for missing in ("strict", "parameters"):
        tool = {k: v for k, v in WEATHER.items() if k != missing}
        error = surface.fail("POST", "/responses", 400,
                             json=surface.body({"input": "x", "tools": [tool]}))
        assert (error["code"], error["param"]) == (
            "missing_required_parameter", f"tools[0].{missing}")


def test_the_context_window_refuses_or_truncates(surface: Surface) -> None:
    surface.emu.context_windows[surface.model] = 30
    try:
        items = [{"role": "user", "content": f"message {n} " + "word " * 8} for n in range(5)]
        error = surface.fail("POST", "/responses", 400, json=surface.body({"input": items}))
        assert (error["code"], error["param"]) == ("context_length_exceeded", "input")
        cut = surface.create(input=items, truncation="auto")
        assert cut["truncation"] == "auto" and cut["usage"]["input_tokens"] <= 30
        assert reply_text(cut).startswith("You said: message 4")
    finally:
        surface.emu.context_windows.pop(surface.model)


def test_assistant_turns_must_be_strings_or_output_messages(surface: Surface) -> None:
    said = {"type": "output_text", "text": "Hi.", "annotations": [], "logprobs": []}
    good = [
        {"role": "assistant", "content": "Hi."},
        {"type": "message", "id": "msg_1", "status": "completed", "role": "assistant",
         "content": [said]},
    ]
    for earlier in good:
        reply = surface.create(input=[earlier, {"role": "user", "content": "more"}])
        assert reply_text(reply) == "You said: more"
    bad = [
        ({"role": "assistant", "content": [said]}, "input[0].type"),
        ({"type": "message", "role": "assistant", "status": "completed",
          "content": [said]}, "input[0].id"),
        ({"type": "message", "id": "msg_2", "status": "completed", "role": "assistant",
          "content": [{"type": "output_text", "text": "Hi."}]},
         "input[0].content[0].annotations"),
        ({"type": "message", "id": "msg_3", "status": "completed", "role": "assistant",
          "content": [{"type": "input_file", "file_id": "file-x"}]}, "input[0].content[0].type"),
    ]
    for earlier, param in bad:
        error = surface.fail("POST", "/responses", 400, json=surface.body({"input": [earlier]}))
        assert error["param"] == param


def test_azure_refuses_images_by_file_id_and_files_other_than_pdf(surface: Surface) -> None:
    files = {}
    for name in ("photo.png", "doc.pdf", "notes.txt"):
        uploaded = requests.post(surface.root + "/files", headers=dict(surface.session.headers),
                                 files={"file": (name, b"data")}, data={"purpose": "assistants"},
                                 timeout=10)
        assert uploaded.status_code == 200, uploaded.text
        files[name] = uploaded.json()["id"]

    def message(part: Dict[str, Any]) -> List[Dict[str, Any]]:
        return [{"role": "user", "content": [{"type": "input_text", "text": "look"}, part]}]

    image = message({"type": "input_image", "file_id": files["photo.png"], "detail": "auto"})
    pdf = message({"type": "input_file", "file_id": files["doc.pdf"]})
    text = message({"type": "input_file", "file_id": files["notes.txt"]})
    assert surface.create(input=pdf)["status"] == "completed"
    for refused in (image, text):
        if surface.kind == "openai":
            assert surface.create(input=refused)["status"] == "completed"
            continue
        error = surface.fail("POST", "/responses", 400, json=surface.body({"input": refused}))
        assert error["param"].startswith("input[0].content[1]")
        conv = surface.ok("POST", "/conversations", "ConversationResource")
        surface.fail("POST", f"/conversations/{conv['id']}/items", 400,
                     json={"items": refused})


def test_deleting_a_conversation_keeps_its_items(surface: Surface) -> None:
    conv = surface.ok("POST", "/conversations", "ConversationResource",
                      json={"items": [{"role": "user", "content": "keep me"}]})
    surface.ok("DELETE", f"/conversations/{conv['id']}", None)
    surface.fail("GET", f"/conversations/{conv['id']}/items", 404)
    kept = surface.emu.stored("conv_item", conv["id"])
    assert [item["content"][0]["text"] for item in kept] == ["keep me"]


def test_a_queued_failure_acts_on_a_tool_output_response(surface: Surface) -> None:
    first = surface.create(input="call get_time", tools=[TIME])
    surface.emu.responses.script_response(fail={"code": "server_error"})
    follow = surface.create(previous_response_id=first["id"], tools=[TIME], input=[
        {"type": "function_call_output", "call_id": first["output"][0]["call_id"],
         "output": "5"}])
    assert (follow["status"], follow["error"]["code"]) == ("failed", "server_error")
