"""Runs end to end on the emulator, spoken to with plain ``requests`` (not the client).

Scripted model behaviour (function calls, built-in tools, failures, incomplete, expiry),
the poll-after header, and SSE streaming on every streaming endpoint of both prefixes:
event order, every event validated against the spec's ``AssistantStreamEvent`` union,
deltas merging to the final objects, error events and truncated streams.
"""

from __future__ import annotations

import copy
import json
from typing import Any, Dict, Iterator, List, Optional, Set, Tuple

import pytest
import requests

from multiassist.testing import Emulator
from tests.spec_validation import validate_openai

INCLUDE = "step_details.tool_calls[*].file_search.results[*].content"
TERMINAL = ("completed", "failed", "cancelled", "expired", "incomplete")
WEATHER = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}, "unit": {"enum": ["c", "f"]}},
            "required": ["city", "unit"],
        },
    },
}
TIME = {"type": "function", "function": {"name": "get_time", "parameters": {"type": "object"}}}
Event = Tuple[str, Any]


class Wire:
    """One emulator prefix (``/v1`` or ``/openai``) with its auth."""

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

    def call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        params = {**self.params, **kwargs.pop("params", {})}
        return self.session.request(
            method, self.prefix + path, headers=self.headers, params=params, timeout=10, **kwargs
        )

    def ok(self, method: str, path: str, schema: Optional[str] = None, **kwargs: Any) -> Any:
        response = self.call(method, path, **kwargs)
        assert response.status_code == 200, response.text
        body = response.json()
        if schema is not None:
            validate_openai(body, schema)
        return body

    def fail(self, method: str, path: str, status: int, **kwargs: Any) -> Dict[str, Any]:
        response = self.call(method, path, **kwargs)
        assert response.status_code == status, response.text
        error: Dict[str, Any] = response.json()["error"]
        return error

    def stream(self, path: str, body: Dict[str, Any], **params: str) -> List[Event]:
        """POST with ``stream: true``; the events of a stream that must end properly."""
        events, broken = self.stream_raw(path, body, **params)
        assert broken is None, f"stream broke after {[e for e, _ in events]}"
        return events

    def stream_raw(
        self, path: str, body: Dict[str, Any], **params: str
    ) -> Tuple[List[Event], Optional[BaseException]]:
        response = self.session.post(
            self.prefix + path,
            json={**body, "stream": True},
            headers=self.headers,
            params={**self.params, **params},
            stream=True,
            timeout=10,
        )
        assert response.status_code == 200, response.text
        assert response.headers["Content-Type"].startswith("text/event-stream")
        assert response.headers.get("Transfer-Encoding") == "chunked"
        return read_sse(response)

    # -------------------------------------------------------------- shortcuts

    def assistant(self, **extra: Any) -> Dict[str, Any]:
        body: Dict[str, Any] = self.ok("POST", "/assistants", json={"model": "gpt-4o", **extra})
        return body

    def thread(self, *texts: str, **extra: Any) -> Dict[str, Any]:
        messages = [{"role": "user", "content": text} for text in texts]
        body: Dict[str, Any] = self.ok("POST", "/threads", json={"messages": messages, **extra})
        return body

    def run(self, thread: Dict[str, Any], assistant: Dict[str, Any], **extra: Any) -> Any:
        body = {"assistant_id": assistant["id"], **extra}
        return self.ok("POST", f"/threads/{thread['id']}/runs", "RunObject", json=body)

    def poll(self, run: Dict[str, Any]) -> Any:
        return self.ok("GET", f"/threads/{run['thread_id']}/runs/{run['id']}", "RunObject")

    def settle(self, run: Dict[str, Any]) -> Any:
        """Poll until the run is terminal or waits for tool outputs."""
        for _ in range(20):
            run = self.poll(run)
            if run["status"] in (*TERMINAL, "requires_action"):
                return run
        raise AssertionError(f"run stuck in {run['status']}")

    def submit(self, run: Dict[str, Any], outputs: Dict[str, str], **extra: Any) -> Any:
        items = [{"tool_call_id": k, "output": v} for k, v in outputs.items()]
        path = f"/threads/{run['thread_id']}/runs/{run['id']}/submit_tool_outputs"
        return self.ok("POST", path, "RunObject", json={"tool_outputs": items, **extra})

    def steps(self, run: Dict[str, Any], **params: str) -> List[Dict[str, Any]]:
        path = f"/threads/{run['thread_id']}/runs/{run['id']}/steps"
        page = self.ok("GET", path, params={"order": "asc", **params})
        for step in page["data"]:
            validate_openai(step, "RunStepObject")
        data: List[Dict[str, Any]] = page["data"]
        return data

    def replies(self, run: Dict[str, Any]) -> List[Dict[str, Any]]:
        path = f"/threads/{run['thread_id']}/messages"
        page = self.ok("GET", path, params={"run_id": run["id"]})
        for message in page["data"]:
            validate_openai(message, "MessageObject")
        data: List[Dict[str, Any]] = page["data"]
        return data


def read_sse(response: requests.Response) -> Tuple[List[Event], Optional[BaseException]]:
    """Parse ``event:`` / ``data:`` blocks; also return the error that broke the stream."""
    events: List[Event] = []
    name: Optional[str] = None
    data: List[str] = []
    try:
        for line in response.iter_lines(decode_unicode=True):
            if line == "":
                if name is not None or data:
                    text = "\n".join(data)
                    events.append(
                        (name or "message", text if text == "[DONE]" else json.loads(text))
                    )
                name, data = None, []
            elif line.startswith("event:"):
                name = line[len("event:") :].strip()
            elif line.startswith("data:"):
                data.append(line[len("data:") :].removeprefix(" "))
    except requests.exceptions.ChunkedEncodingError as broken:
        return events, broken
    finally:
        response.close()
    assert name is None and not data, "stream ended inside an event"
    return events, None


_VALIDATED: Set[str] = set()


def check_events(events: List[Event]) -> None:
    """Validate every event against the spec's ``AssistantStreamEvent`` union.

    Message deltas that differ only in their text (an unconstrained string) are the same
    case for the schema, so each such shape is validated once.
    """
    for name, data in events:
        event = {"event": name, "data": data}
        if name == "thread.message.delta":
            blank = copy.deepcopy(event)
            for part in blank["data"]["delta"].get("content", []):
                part.get("text", {})["value"] = ""
            key = json.dumps(blank, sort_keys=True)
            if key in _VALIDATED:
                continue
            _VALIDATED.add(key)
        validate_openai(event, "AssistantStreamEvent")


def names(events: List[Event]) -> List[str]:
    return [name for name, _ in events]


def squeeze(seq: List[str]) -> List[str]:
    """Collapse runs of the same delta event into one entry."""
    out: List[str] = []
    for name in seq:
        if not (out and name == out[-1] and name.endswith(".delta")):
            out.append(name)
    return out


def last(events: List[Event], name: str) -> Any:
    return [data for event, data in events if event == name][-1]


def merged_arguments(events: List[Event]) -> Dict[int, Dict[str, str]]:
    """Tool call id / name / arguments per index, merged from step deltas."""
    calls: Dict[int, Dict[str, str]] = {}
    for name, data in events:
        if name != "thread.run.step.delta":
            continue
        for delta in data["delta"]["step_details"]["tool_calls"]:
            call = calls.setdefault(delta["index"], {"arguments": ""})
            if "id" in delta:
                call["id"] = delta["id"]
            function = delta.get("function") or {}
            call["name"] = function.get("name", call.get("name", ""))
            call["arguments"] += function.get("arguments") or ""
    return calls


@pytest.fixture(scope="module")
def emulators() -> Iterator[Dict[str, Emulator]]:
    with Emulator("openai") as openai_emu, Emulator("azure") as azure_emu:
        yield {"openai": openai_emu, "azure": azure_emu}
        assert openai_emu.failures == [] and azure_emu.failures == []  # no emulator bug (500)


@pytest.fixture(params=["openai", "azure"])
def wire(request: pytest.FixtureRequest, emulators: Dict[str, Emulator]) -> Iterator[Wire]:
    emu = emulators[request.param]
    yield Wire(emu, request.param)
    emu.clear_run_scripts()


@pytest.fixture
def oai(emulators: Dict[str, Emulator]) -> Iterator[Wire]:
    yield Wire(emulators["openai"], "openai")
    emulators["openai"].clear_run_scripts()


# ---------------------------------------------------------------- function tools


def test_function_call_round_trip(wire: Wire) -> None:
    assistant = wire.assistant(tools=[WEATHER], instructions="Be brief.")
    thread = wire.thread("please call get_weather city=Paris")
    run = wire.settle(wire.run(thread, assistant))
    assert run["status"] == "requires_action" and run["usage"] is None
    calls = run["required_action"]["submit_tool_outputs"]["tool_calls"]
    assert run["required_action"]["type"] == "submit_tool_outputs" and len(calls) == 1
    call = calls[0]
    assert call["id"].startswith("call_") and call["type"] == "function"
    assert call["function"] == {"name": "get_weather", "arguments": '{"city":"Paris","unit":"c"}'}
    (step,) = wire.steps(run)
    assert step["type"] == "tool_calls" and step["status"] == "in_progress"
    assert step["usage"] is None and step["completed_at"] is None
    assert step["step_details"]["tool_calls"] == [
        {"id": call["id"], "type": "function", "function": {**call["function"], "output": None}}
    ]

    queued = wire.submit(run, {call["id"]: "18C and sunny"})
    assert queued["status"] == "queued" and queued["required_action"] is None
    done = wire.settle(queued)
    assert done["status"] == "completed" and done["completed_at"] is not None
    (reply,) = wire.replies(done)
    assert reply["content"][0]["text"]["value"] == "get_weather returned: 18C and sunny"
    assert reply["assistant_id"] == assistant["id"] and reply["run_id"] == run["id"]
    tool_step, message_step = wire.steps(done)
    assert tool_step["status"] == "completed" and tool_step["completed_at"] is not None
    assert tool_step["step_details"]["tool_calls"][0]["function"]["output"] == "18C and sunny"
    assert message_step["step_details"]["message_creation"]["message_id"] == reply["id"]
    total = {
        key: tool_step["usage"][key] + message_step["usage"][key]
        for key in ("prompt_tokens", "completion_tokens", "total_tokens")
    }
    assert done["usage"] == total


def test_parallel_calls_in_one_turn(wire: Wire) -> None:
    assistant = wire.assistant(tools=[WEATHER, TIME])
    thread = wire.thread("get_time zone=CET, then get_weather city='New York' unit=f")
    run = wire.settle(wire.run(thread, assistant))
    calls = run["required_action"]["submit_tool_outputs"]["tool_calls"]
    assert [(c["function"]["name"], c["function"]["arguments"]) for c in calls] == [
        ("get_time", '{"zone":"CET"}'),
        ("get_weather", '{"city":"New York","unit":"f"}'),
    ]
    outputs = {calls[1]["id"]: "rain", calls[0]["id"]: "12:00"}  # any order
    done = wire.settle(wire.submit(run, outputs))
    text = wire.replies(done)[0]["content"][0]["text"]["value"]
    assert text == "get_time returned: 12:00\nget_weather returned: rain"


def test_one_call_per_turn_without_parallel_tool_calls(wire: Wire) -> None:
    assistant = wire.assistant(tools=[WEATHER, TIME])
    thread = wire.thread("get_weather city=Oslo and get_time")
    run = wire.settle(wire.run(thread, assistant, parallel_tool_calls=False))
    (first,) = run["required_action"]["submit_tool_outputs"]["tool_calls"]
    assert first["function"]["name"] == "get_weather"
    run = wire.settle(wire.submit(run, {first["id"]: "snow"}))
    assert run["status"] == "requires_action"
    (second,) = run["required_action"]["submit_tool_outputs"]["tool_calls"]
    assert second["function"] == {"name": "get_time", "arguments": "{}"}
    done = wire.settle(wire.submit(run, {second["id"]: "noon"}))
    assert done["status"] == "completed"
    assert [s["type"] for s in wire.steps(done)] == ["tool_calls", "tool_calls", "message_creation"]
    text = wire.replies(done)[0]["content"][0]["text"]["value"]
    assert text == "get_weather returned: snow\nget_time returned: noon"


def test_tool_outputs_must_answer_each_pending_call_once(wire: Wire) -> None:
    assistant = wire.assistant(tools=[WEATHER, TIME])
    run = wire.settle(wire.run(wire.thread("get_weather and get_time"), assistant))
    a, b = (c["id"] for c in run["required_action"]["submit_tool_outputs"]["tool_calls"])
    path = f"/threads/{run['thread_id']}/runs/{run['id']}/submit_tool_outputs"

    def refused(outputs: List[Dict[str, str]]) -> Dict[str, Any]:
        return wire.fail("POST", path, 400, json={"tool_outputs": outputs})

    error = refused([{"tool_call_id": a, "output": "x"}])
    assert error["message"] == f"Expected tool outputs for call_ids {[a, b]!r}, got {[a]!r}"
    assert error["param"] == "tool_outputs"
    error = refused(
        [{"tool_call_id": a, "output": "x"}, {"tool_call_id": "call_nope", "output": "y"}]
    )
    assert error["param"] == "tool_outputs[1].tool_call_id" and "call_nope" in error["message"]
    error = refused([{"tool_call_id": a, "output": "x"}, {"tool_call_id": a, "output": "y"}])
    assert error["param"] == "tool_outputs[1].tool_call_id" and "Duplicate" in error["message"]
    error = refused([{"output": "x"}])
    assert error["code"] == "missing_required_parameter"
    assert wire.poll(run)["status"] == "requires_action"  # nothing was taken
    assert wire.submit(run, {b: "2", a: "1"})["status"] == "queued"


def test_arguments_are_typed_and_required_ones_filled(oai: Wire) -> None:
    properties = {
        "n": {"type": "integer"},
        "ratio": {"type": "number"},
        "ok": {"type": "boolean"},
        "tags": {"type": "array"},
        "opts": {"type": "object"},
        "name": {"type": ["string", "null"]},
    }
    tool = {
        "type": "function",
        "function": {
            "name": "convert",
            "parameters": {
                "type": "object",
                "properties": properties,
                "required": list(properties),
            },
        },
    }
    assistant = oai.assistant(tools=[tool])
    run = oai.settle(oai.run(oai.thread("convert"), assistant))
    arguments = run["required_action"]["submit_tool_outputs"]["tool_calls"][0]["function"]
    expected = {"n": 0, "ratio": 0, "ok": False, "tags": [], "opts": {}, "name": ""}
    assert json.loads(arguments["arguments"]) == expected
    text = 'convert ratio=1.5 n=3 ok=yes tags=a,b opts={"k":1} name="x y"'
    run = oai.settle(oai.run(oai.thread(text), assistant))
    arguments = run["required_action"]["submit_tool_outputs"]["tool_calls"][0]["function"]
    assert arguments["arguments"] == (
        '{"ratio":1.5,"n":3,"ok":true,"tags":["a","b"],"opts":{"k":1},"name":"x y"}'
    )


def test_tool_choice_and_run_tools_override(oai: Wire) -> None:
    assistant = oai.assistant(tools=[WEATHER, TIME])
    thread = oai.thread("get_weather city=Rome")
    none = oai.settle(oai.run(thread, assistant, tool_choice="none"))
    assert none["status"] == "completed"
    forced = oai.settle(
        oai.run(
            thread, assistant, tool_choice={"type": "function", "function": {"name": "get_time"}}
        )
    )
    (call,) = forced["required_action"]["submit_tool_outputs"]["tool_calls"]
    assert call["function"] == {"name": "get_time", "arguments": '{"city":"Rome"}'}
    oai.settle(oai.submit(forced, {call["id"]: "t"}))
    only_time = oai.settle(oai.run(thread, assistant, tools=[TIME]))  # get_weather not available
    assert only_time["status"] == "completed"
    required = oai.settle(oai.run(oai.thread("hello"), assistant, tool_choice="required"))
    (call,) = required["required_action"]["submit_tool_outputs"]["tool_calls"]
    assert call["function"]["name"] == "get_weather"


# ---------------------------------------------------------------- built-in tools


def test_code_interpreter_step(wire: Wire) -> None:
    assistant = wire.assistant(tools=[{"type": "code_interpreter"}])
    done = wire.settle(wire.run(wire.thread("calculate (2 + 3) * 7 please"), assistant))
    assert done["status"] == "completed"
    tool_step, message_step = wire.steps(done)
    (call,) = tool_step["step_details"]["tool_calls"]
    assert call["type"] == "code_interpreter" and call["id"].startswith("call_")
    assert call["code_interpreter"] == {
        "input": "print((2 + 3) * 7)",
        "outputs": [{"type": "logs", "logs": "35\n"}],
    }
    assert message_step["type"] == "message_creation"
    assert wire.replies(done)[0]["content"][0]["text"]["value"] == "code_interpreter output: 35"
    plain = wire.settle(wire.run(wire.thread("show me some code"), assistant))
    (call,) = wire.steps(plain)[0]["step_details"]["tool_calls"]
    assert call["code_interpreter"]["input"] == "print('show me some code')"


def test_file_search_step_with_and_without_include(wire: Wire) -> None:
    uploads = [
        wire.ok("POST", "/files", files={"file": (name, body)}, data={"purpose": "assistants"})
        for name, body in [("fruit.txt", b"apples and pears"), ("cars.txt", b"engines")]
    ]
    store = wire.ok("POST", "/vector_stores", json={"file_ids": [u["id"] for u in uploads]})
    assistant = wire.assistant(
        tools=[{"type": "file_search"}],
        tool_resources={"file_search": {"vector_store_ids": [store["id"]]}},
    )
    done = wire.settle(wire.run(wire.thread("search my notes about apples"), assistant))
    assert done["status"] == "completed"
    (call,) = wire.steps(done)[0]["step_details"]["tool_calls"]
    assert call["type"] == "file_search"
    search = call["file_search"]
    assert search["ranking_options"] == {"ranker": "default_2024_08_21", "score_threshold": 0.0}
    assert [(r["file_name"], r["score"]) for r in search["results"]] == [
        ("fruit.txt", 0.3333),
        ("cars.txt", 0.0),
    ]
    assert all("content" not in r for r in search["results"])
    with_content = wire.steps(done, **{"include[]": INCLUDE})[0]
    results = with_content["step_details"]["tool_calls"][0]["file_search"]["results"]
    assert results[0]["content"] == [{"type": "text", "text": "apples and pears"}]
    path = f"/threads/{done['thread_id']}/runs/{done['id']}/steps/{with_content['id']}"
    assert wire.ok("GET", path, "RunStepObject", params={"include[]": INCLUDE}) == with_content
    text = wire.replies(done)[0]["content"][0]["text"]["value"]
    assert text == "file_search found 2 result(s): fruit.txt, cars.txt"


# ---------------------------------------------------------------- scripted outcomes


def test_scripted_failures_by_api_and_marker(wire: Wire) -> None:
    assistant = wire.assistant(tools=[{"type": "code_interpreter"}])
    wire.emu.script_run(fail={"code": "rate_limit_exceeded", "message": "Slow down."})
    failed = wire.settle(wire.run(wire.thread("hi"), assistant))
    assert failed["status"] == "failed" and failed["failed_at"] is not None
    assert failed["last_error"] == {"code": "rate_limit_exceeded", "message": "Slow down."}
    assert failed["usage"] == {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}
    assert wire.steps(failed) == [] and wire.replies(failed) == []

    failed = wire.settle(wire.run(wire.thread("calculate 1+1 [[fail:server_error]]"), assistant))
    assert failed["last_error"] == {
        "code": "server_error",
        "message": "Sorry, something went wrong.",
    }
    (step,) = wire.steps(failed)
    assert step["status"] == "failed" and step["failed_at"] is not None
    assert step["last_error"] == failed["last_error"]

    failed = wire.settle(wire.run(wire.thread("calculate 2+2 [[fail:invalid_prompt]]"), assistant))
    assert failed["last_error"]["code"] == "invalid_prompt" and wire.steps(failed) == []

    wire.emu.script_run(status="failed")
    assert (
        wire.settle(wire.run(wire.thread("x"), assistant))["last_error"]["code"] == "server_error"
    )
    with pytest.raises(ValueError):
        wire.emu.script_run(fail={"code": "nope"})
    with pytest.raises(ValueError):
        wire.emu.script_run(status="requires_action")


def test_scripted_statuses_and_reply(wire: Wire) -> None:
    assistant = wire.assistant()
    wire.emu.script_run(status="expired")
    wire.emu.script_run(status="completed", reply="Exactly this.")
    expired = wire.settle(wire.run(wire.thread("a"), assistant))
    assert expired["status"] == "expired" and expired["expires_at"] is not None
    scripted = wire.settle(wire.run(wire.thread("b [[expire]]"), assistant))  # queue wins
    assert scripted["status"] == "completed"
    assert wire.replies(scripted)[0]["content"][0]["text"]["value"] == "Exactly this."
    assert wire.settle(wire.run(wire.thread("c [[expire]]"), assistant))["status"] == "expired"

    cancelling = wire.run(wire.thread("d [[cancel]]"), assistant)
    assert [wire.poll(cancelling)["status"] for _ in range(2)] == ["in_progress", "cancelling"]
    cancelled = wire.poll(cancelling)
    assert cancelled["status"] == "cancelled" and cancelled["cancelled_at"] is not None

    incomplete = wire.settle(wire.run(wire.thread("one two three four [[incomplete]]"), assistant))
    assert incomplete["status"] == "incomplete"
    assert incomplete["incomplete_details"] == {"reason": "max_completion_tokens"}
    (message,) = wire.replies(incomplete)
    assert message["status"] == "incomplete" and message["incomplete_at"] is not None
    assert message["incomplete_details"] == {"reason": "max_tokens"}
    assert message["content"][0]["text"]["value"] == "You said: one"  # half of 6 words


def test_max_completion_and_prompt_tokens(wire: Wire) -> None:
    assistant = wire.assistant()
    long = wire.settle(wire.run(wire.thread("hi [[long]]"), assistant))
    assert long["status"] == "completed" and long["usage"]["completion_tokens"] == 300
    text = wire.replies(long)[0]["content"][0]["text"]["value"]
    assert text.startswith("You said: hi lorem lorem") and len(text.split()) == 300

    cut = wire.settle(
        wire.run(wire.thread("hi [[long:400]]"), assistant, max_completion_tokens=256)
    )
    assert cut["status"] == "incomplete"
    assert cut["incomplete_details"] == {"reason": "max_completion_tokens"}
    assert cut["usage"]["completion_tokens"] == 256
    (message,) = wire.replies(cut)
    assert len(message["content"][0]["text"]["value"].split()) == 256
    assert message["status"] == "incomplete"
    assert [s["status"] for s in wire.steps(cut)] == ["completed"]

    fits = wire.settle(
        wire.run(wire.thread("hi [[long:256]]"), assistant, max_completion_tokens=256)
    )
    assert fits["status"] == "completed"

    wordy = wire.thread(" ".join(["word"] * 300))
    over = wire.settle(wire.run(wordy, assistant, max_prompt_tokens=256))
    assert over["status"] == "incomplete"
    assert over["incomplete_details"] == {"reason": "max_prompt_tokens"}
    assert wire.replies(over) == []


def test_cancel_while_waiting_for_tool_outputs(wire: Wire) -> None:
    assistant = wire.assistant(tools=[WEATHER])
    run = wire.settle(wire.run(wire.thread("get_weather"), assistant))
    path = f"/threads/{run['thread_id']}/runs/{run['id']}/cancel"
    assert wire.ok("POST", path, "RunObject")["status"] == "cancelling"
    cancelled = wire.poll(run)
    assert cancelled["status"] == "cancelled" and cancelled["required_action"] is None
    (step,) = wire.steps(run)
    assert step["status"] == "cancelled" and step["cancelled_at"] is not None


def test_expiry_with_advance_clock(wire: Wire) -> None:
    assistant = wire.assistant(tools=[WEATHER])
    run = wire.settle(wire.run(wire.thread("get_weather"), assistant))
    assert run["expires_at"] == run["created_at"] + 600
    wire.emu.advance_clock(590)
    assert wire.poll(run)["status"] == "requires_action"
    wire.emu.advance_clock(20)
    expired = wire.poll(run)
    assert expired["status"] == "expired" and expired["required_action"] is None
    (step,) = wire.steps(run)
    assert step["status"] == "expired" and step["expired_at"] is not None
    call_id = step["step_details"]["tool_calls"][0]["id"]
    path = f"/threads/{run['thread_id']}/runs/{run['id']}/submit_tool_outputs"
    wire.fail("POST", path, 400, json={"tool_outputs": [{"tool_call_id": call_id, "output": "x"}]})
    with pytest.raises(ValueError):
        wire.emu.advance_clock(-1)


def test_expiry_setting_and_poll_after_header() -> None:
    with Emulator(run_expiry_seconds=30, poll_after_ms=7, run_steps_to_complete=1) as emu:
        w = Wire(emu, "openai")
        assistant = w.assistant(tools=[WEATHER])
        thread = w.thread("get_weather")
        created = w.call(
            "POST", f"/threads/{thread['id']}/runs", json={"assistant_id": assistant["id"]}
        )
        run = created.json()
        assert created.headers["openai-poll-after-ms"] == "7"
        assert run["expires_at"] == run["created_at"] + 30
        emu.poll_after_ms = 9
        polled = w.call("GET", f"/threads/{thread['id']}/runs/{run['id']}")
        assert polled.headers["openai-poll-after-ms"] == "9"
        assert polled.json()["status"] == "requires_action"  # one poll is enough here
        call_id = polled.json()["required_action"]["submit_tool_outputs"]["tool_calls"][0]["id"]
        submitted = w.call(
            "POST",
            f"/threads/{thread['id']}/runs/{run['id']}/submit_tool_outputs",
            json={"tool_outputs": [{"tool_call_id": call_id, "output": "ok"}]},
        )
        assert submitted.headers["openai-poll-after-ms"] == "9"
        assert "openai-poll-after-ms" not in w.call("GET", f"/threads/{thread['id']}").headers
    assert Emulator().poll_after_ms == 25


# ---------------------------------------------------------------- streaming

REPLY_EVENTS = [
    "thread.run.step.created",
    "thread.run.step.in_progress",
    "thread.message.created",
    "thread.message.in_progress",
    "thread.message.delta",
    "thread.message.completed",
    "thread.run.step.completed",
]
RUN_START = ["thread.run.created", "thread.run.queued", "thread.run.in_progress"]


def assert_same_final_state(wire: Wire, events: List[Event]) -> None:
    """What the stream said last about each object is what the API now returns."""
    run = [data for name, data in events if name.startswith("thread.run.") and "step" not in name][
        -1
    ]
    assert wire.poll(run) == run
    for message in [
        d for n, d in events if n in ("thread.message.completed", "thread.message.incomplete")
    ]:
        path = f"/threads/{run['thread_id']}/messages/{message['id']}"
        assert wire.ok("GET", path) == message
    finished = {d["id"]: d for n, d in events if n == "thread.run.step.completed"}
    for step in wire.steps(run):
        if step["id"] in finished:
            assert step == finished[step["id"]]


def test_stream_create_run(wire: Wire) -> None:
    assistant = wire.assistant(instructions="Echo.")
    thread = wire.thread("stream this reply please")
    events = wire.stream(f"/threads/{thread['id']}/runs", {"assistant_id": assistant["id"]})
    check_events(events)
    assert squeeze(names(events)) == RUN_START + REPLY_EVENTS + ["thread.run.completed", "done"]
    assert events[-1] == ("done", "[DONE]")
    deltas = [d for n, d in events if n == "thread.message.delta"]
    assert len(deltas) == 6
    text = "".join(d["delta"]["content"][0]["text"]["value"] for d in deltas)
    assert all(d["delta"]["content"][0]["index"] == 0 for d in deltas)
    message = last(events, "thread.message.completed")
    assert text == message["content"][0]["text"]["value"] == "You said: stream this reply please"
    created = last(events, "thread.message.created")
    assert created["status"] == "in_progress" and created["content"] == []
    run = last(events, "thread.run.completed")
    assert run["status"] == "completed" and run["usage"]["completion_tokens"] == 6
    assert last(events, "thread.run.created")["status"] == "queued"
    assert_same_final_state(wire, events)


def test_stream_create_thread_and_run(wire: Wire) -> None:
    assistant = wire.assistant()
    body = {
        "assistant_id": assistant["id"],
        "thread": {"messages": [{"role": "user", "content": "hey"}]},
    }
    events = wire.stream("/threads/runs", body)
    check_events(events)
    expected = ["thread.created", *RUN_START, *REPLY_EVENTS, "thread.run.completed", "done"]
    assert squeeze(names(events)) == expected
    thread = events[0][1]
    assert last(events, "thread.run.completed")["thread_id"] == thread["id"]
    assert_same_final_state(wire, events)


def test_stream_function_calls_and_submit(wire: Wire) -> None:
    assistant = wire.assistant(tools=[WEATHER, TIME])
    thread = wire.thread("get_weather city=Lima and get_time")
    events = wire.stream(f"/threads/{thread['id']}/runs", {"assistant_id": assistant["id"]})
    check_events(events)
    tool_part = ["thread.run.step.created", "thread.run.step.in_progress", "thread.run.step.delta"]
    assert squeeze(names(events)) == RUN_START + tool_part + ["thread.run.requires_action", "done"]
    run = last(events, "thread.run.requires_action")
    required = run["required_action"]["submit_tool_outputs"]["tool_calls"]
    merged = merged_arguments(events)
    assert [merged[0]["id"], merged[1]["id"]] == [c["id"] for c in required]
    for index, call in enumerate(required):
        assert merged[index]["name"] == call["function"]["name"]
        assert merged[index]["arguments"] == call["function"]["arguments"]
    arg_deltas = [
        d
        for n, d in events
        if n == "thread.run.step.delta"
        and d["delta"]["step_details"]["tool_calls"][0].get("function", {}).get("arguments")
    ]
    assert len(arg_deltas) > 2  # '{"city":"Lima"}' arrives in pieces
    assert_same_final_state(wire, events)

    outputs = [{"tool_call_id": c["id"], "output": f"out{i}"} for i, c in enumerate(required)]
    path = f"/threads/{thread['id']}/runs/{run['id']}/submit_tool_outputs"
    after = wire.stream(path, {"tool_outputs": outputs})
    check_events(after)
    expected = ["thread.run.step.completed", "thread.run.queued", "thread.run.in_progress"]
    assert squeeze(names(after)) == expected + REPLY_EVENTS + ["thread.run.completed", "done"]
    tool_step = after[0][1]
    assert [c["function"]["output"] for c in tool_step["step_details"]["tool_calls"]] == [
        "out0",
        "out1",
    ]
    text = last(after, "thread.message.completed")["content"][0]["text"]["value"]
    assert text == "get_weather returned: out0\nget_time returned: out1"
    assert_same_final_state(wire, after)


def test_stream_builtin_tools(oai: Wire) -> None:
    upload = oai.ok(
        "POST", "/files", files={"file": ("a.txt", b"alpha beta")}, data={"purpose": "assistants"}
    )
    assistant = oai.assistant(tools=[{"type": "code_interpreter"}, {"type": "file_search"}])
    thread = oai.thread(
        "search and calculate 3*3",
        tool_resources={"file_search": {"vector_stores": [{"file_ids": [upload["id"]]}]}},
    )
    path = f"/threads/{thread['id']}/runs"
    events = oai.stream(path, {"assistant_id": assistant["id"]}, **{"include[]": INCLUDE})
    check_events(events)
    tool_part = ["thread.run.step.created", "thread.run.step.in_progress", "thread.run.step.delta"]
    done_part = ["thread.run.step.completed", *REPLY_EVENTS, "thread.run.completed", "done"]
    assert squeeze(names(events)) == RUN_START + tool_part + done_part
    inputs: Dict[int, str] = {}
    for name, data in events:
        if name == "thread.run.step.delta":
            (delta,) = data["delta"]["step_details"]["tool_calls"]
            if delta["type"] == "code_interpreter":
                inputs[delta["index"]] = inputs.get(delta["index"], "") + delta[
                    "code_interpreter"
                ].get("input", "")
    assert inputs == {0: "print(3*3)"}
    step = next(d for n, d in events if n == "thread.run.step.completed")
    code, search = step["step_details"]["tool_calls"]
    assert code["code_interpreter"]["outputs"] == [{"type": "logs", "logs": "9\n"}]
    assert search["file_search"]["results"][0]["content"] == [
        {"type": "text", "text": "alpha beta"}
    ]
    text = last(events, "thread.message.completed")["content"][0]["text"]["value"]
    assert text == "code_interpreter output: 9\nfile_search found 1 result(s): a.txt"


def test_stream_failure_and_incomplete_events(oai: Wire) -> None:
    assistant = oai.assistant()
    thread = oai.thread("x [[fail:server_error]]")
    events = oai.stream(f"/threads/{thread['id']}/runs", {"assistant_id": assistant["id"]})
    check_events(events)
    assert names(events) == [*RUN_START, "thread.run.failed", "done"]
    thread = oai.thread("y [[cancel]]")
    events = oai.stream(f"/threads/{thread['id']}/runs", {"assistant_id": assistant["id"]})
    assert names(events) == [*RUN_START, "thread.run.cancelling", "thread.run.cancelled", "done"]
    thread = oai.thread("z [[long:300]]")
    body = {"assistant_id": assistant["id"], "max_completion_tokens": 256}
    events = oai.stream(f"/threads/{thread['id']}/runs", body)
    check_events(events)
    assert names(events)[-4:] == [
        "thread.message.incomplete",
        "thread.run.step.completed",
        "thread.run.incomplete",
        "done",
    ]
    pieces = [
        d["delta"]["content"][0]["text"]["value"] for n, d in events if n == "thread.message.delta"
    ]
    assert len(pieces) == 256
    assert (
        "".join(pieces) == last(events, "thread.message.incomplete")["content"][0]["text"]["value"]
    )
    assert_same_final_state(oai, events)


@pytest.mark.parametrize("how", ["api", "marker"])
def test_stream_error_event(wire: Wire, how: str) -> None:
    assistant = wire.assistant()
    if how == "api":
        wire.emu.script_run(stream_error=True)
    thread = wire.thread("boom" + (" [[stream_error]]" if how == "marker" else ""))
    events = wire.stream(f"/threads/{thread['id']}/runs", {"assistant_id": assistant["id"]})
    check_events(events)
    assert names(events) == [*RUN_START, "error"]
    error = events[-1][1]
    assert error["code"] == "server_error" and error["type"] == "server_error" and error["message"]
    assert error["error"] == {k: error[k] for k in ("type", "message", "param", "code")}
    run = wire.poll(events[0][1])
    assert run["status"] == "failed" and run["last_error"]["code"] == "server_error"


def test_truncated_streams(wire: Wire) -> None:
    assistant = wire.assistant(tools=[WEATHER])
    wire.emu.script_run(stream_truncate_after=5)
    thread = wire.thread("no tools here")
    events, broken = wire.stream_raw(
        f"/threads/{thread['id']}/runs", {"assistant_id": assistant["id"]}
    )
    assert broken is not None and len(events) == 5 and names(events)[:3] == RUN_START
    check_events(events)
    assert wire.poll(events[0][1])["status"] == "completed"  # the run itself went on

    thread = wire.thread("hi [[stream_truncate:100]]")  # capped: never the last event
    events, broken = wire.stream_raw(
        f"/threads/{thread['id']}/runs", {"assistant_id": assistant["id"]}
    )
    assert broken is not None and names(events)[-1] == "thread.run.step.completed"

    # A run created without streaming keeps its fault for its first stream: submit's.
    run = wire.settle(wire.run(wire.thread("get_weather [[stream_truncate]]"), assistant))
    call_id = run["required_action"]["submit_tool_outputs"]["tool_calls"][0]["id"]
    path = f"/threads/{run['thread_id']}/runs/{run['id']}/submit_tool_outputs"
    body = {"tool_outputs": [{"tool_call_id": call_id, "output": "ok"}]}
    events, broken = wire.stream_raw(path, body)
    assert broken is not None and len(events) == 3
    assert wire.poll(run)["status"] == "completed"


def test_stream_client_going_away_does_not_block_the_server(oai: Wire) -> None:
    assistant = oai.assistant()
    thread = oai.thread("hi [[long:2000]]")
    response = requests.post(
        f"{oai.prefix}/threads/{thread['id']}/runs",
        json={"assistant_id": assistant["id"], "stream": True},
        headers=oai.headers,
        stream=True,
        timeout=10,
    )
    response.close()  # hang up without reading
    assert oai.ok("GET", f"/threads/{thread['id']}")["id"] == thread["id"]
    run = oai.ok("GET", f"/threads/{thread['id']}/runs")["data"][0]
    assert run["status"] == "completed"


def test_stream_request_errors_are_plain_json(oai: Wire) -> None:
    response = oai.call(
        "POST", "/threads/thread_nope/runs", json={"assistant_id": "a", "stream": True}
    )
    assert response.status_code == 404 and response.headers["Content-Type"] == "application/json"
