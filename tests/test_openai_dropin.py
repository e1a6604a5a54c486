"""openai-python's shapes on multiassist: stream=True, AssistantEventHandler hooks and state,
raw responses and request ids, and the bad input around them, against the emulator."""

from __future__ import annotations

from typing import Any, Iterator, List, Tuple

import pytest

import multiassist
from multiassist import AssistantEventHandler, AssistantsClient, InvalidRequestError
from multiassist.lib.streaming import AssistantEventHandler as LibHandler
from multiassist.streaming import AssistantStream, ThreadMessageDelta, ThreadRunCompleted
from multiassist.testing import Emulator

WEATHER = {"type": "function", "function": {
    "name": "get_weather",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                   "required": ["city"]}}}


@pytest.fixture(params=["openai", "azure"])
def emu(request: pytest.FixtureRequest) -> Iterator[Emulator]:
    with Emulator(flavor=request.param, deployments={"gpt-4o": "dep-4o"}) as made:
        yield made


@pytest.fixture
def client(emu: Emulator) -> Iterator[AssistantsClient]:
    with emu.client(deployments={"gpt-4o": "dep-4o"}) as made:
        yield made


def started(client: AssistantsClient, text: str, **assistant: Any) -> Tuple[str, str]:
    made = client.beta.assistants.create(model="gpt-4o", **assistant)
    thread = client.beta.threads.create(messages=[{"role": "user", "content": text}])
    return made.id, thread.id


class Recorder(AssistantEventHandler):
    """Writes down every hook call, as a user's handler would print them."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: List[Tuple[str, Any]] = []

    def on_event(self, event: Any) -> None:
        assert self.current_event is event
        self.calls.append(("event", event.event))

    def on_message_created(self, message: Any) -> None:
        self.calls.append(("message_created", message.role))

    def on_text_created(self, text: Any) -> None:
        self.calls.append(("text_created", text.value))

    def on_text_delta(self, delta: Any, snapshot: Any) -> None:
        assert snapshot.value.endswith(delta.value)  # the snapshot as of this delta
        self.calls.append(("text_delta", delta.value))

    def on_text_done(self, text: Any) -> None:
        self.calls.append(("text_done", text.value))

    def on_message_done(self, message: Any) -> None:
        self.calls.append(("message_done", message.text))

    def on_tool_call_created(self, tool_call: Any) -> None:
        self.calls.append(("tool_call_created", tool_call.function.name))

    def on_tool_call_done(self, tool_call: Any) -> None:
        self.calls.append(("tool_call_done", tool_call.function.arguments))

    def on_run_step_done(self, run_step: Any) -> None:
        self.calls.append(("step_done", run_step.type))

    def on_end(self) -> None:
        self.calls.append(("end", None))

    def kinds(self) -> List[str]:
        return [kind for kind, _ in self.calls]


# --- stream=True ------------------------------------------------------------------------


def test_stream_true_on_runs_create_yields_typed_events_and_ends_at_done(
    client: AssistantsClient
) -> None:
    assistant_id, thread_id = started(client, "hello there")
    stream = client.beta.threads.runs.create(thread_id, assistant_id=assistant_id, stream=True)
    assert isinstance(stream, AssistantStream)
    with stream:
        events = list(stream)
    assert events[0].event == "thread.run.created"
    assert isinstance(events[-1], ThreadRunCompleted)  # done is not an event
    text = "".join(e.data.text for e in events if isinstance(e, ThreadMessageDelta))
    assert text == client.beta.threads.messages.list(thread_id).data[0].text


def test_stream_true_on_create_and_run_and_submit_tool_outputs(client: AssistantsClient) -> None:
    assistant = client.beta.assistants.create(model="gpt-4o", tools=[WEATHER])
    with client.beta.threads.create_and_run(
        assistant_id=assistant.id, stream=True,
        thread={"messages": [{"role": "user", "content": "call get_weather city=Paris"}]},
    ) as stream:
        names = [event.event for event in stream]
    assert names[0] == "thread.created" and names[-1] == "thread.run.requires_action"
    run = stream.current_run
    assert run is not None and run.required_action is not None
    call = run.required_action.submit_tool_outputs.tool_calls[0]
    with client.beta.threads.runs.submit_tool_outputs(
        run.id, thread_id=run.thread_id, stream=True,
        tool_outputs=[{"tool_call_id": call.id, "output": "sunny"}],
    ) as after:
        assert after.get_final_run().status == "completed"


def test_stream_false_returns_the_run(client: AssistantsClient) -> None:
    assistant_id, thread_id = started(client, "hi")
    run = client.beta.threads.runs.create(thread_id, assistant_id=assistant_id, stream=False)
    assert isinstance(run, multiassist.models.Run) and run.status == "queued"


@pytest.mark.parametrize("helper", ["create_and_poll", "create_and_run_poll",
                                    "submit_tool_outputs_and_poll"])
def test_stream_with_a_polling_helper_is_refused_before_sending(
    client: AssistantsClient, emu: Emulator, helper: str
) -> None:
    before = len(emu.requests)
    with pytest.raises(InvalidRequestError, match="stream"):
        if helper == "create_and_poll":
            client.beta.threads.runs.create_and_poll("thread_1", assistant_id="asst_1",
                                                     stream=True)
        elif helper == "create_and_run_poll":
            client.beta.threads.create_and_run_poll(assistant_id="asst_1", stream=True)
        else:
            client.beta.threads.runs.submit_tool_outputs_and_poll(
                "run_1", thread_id="thread_1", tool_outputs=[], stream=True)
    assert len(emu.requests) == before


def test_stream_must_be_a_bool(client: AssistantsClient) -> None:
    with pytest.raises(InvalidRequestError, match="stream"):
        client.beta.threads.runs.create("thread_1", assistant_id="asst_1",
                                        stream="yes")  # type: ignore[call-overload]


# --- event handlers -----------------------------------------------------------------------


def test_a_handler_sees_openai_pythons_hooks_in_order(client: AssistantsClient) -> None:
    assistant_id, thread_id = started(client, "please write three words")
    with client.beta.threads.runs.stream(thread_id, assistant_id=assistant_id,
                                         event_handler=Recorder()) as stream:
        assert isinstance(stream, Recorder)
        stream.until_done()
    kinds = stream.kinds()
    final = client.beta.threads.messages.list(thread_id).data[0].text
    assert kinds[0] == "event" and kinds[-1] == "end"
    created = kinds.index("message_created")
    assert kinds.index("text_created") > created
    assert kinds.index("text_created") < kinds.index("text_delta") < kinds.index("text_done")
    assert kinds.index("text_done") < kinds.index("message_done") < kinds.index("step_done")
    deltas = "".join(value for kind, value in stream.calls if kind == "text_delta")
    assert deltas == final
    assert ("text_done", final) in stream.calls and ("message_done", final) in stream.calls
    assert stream.current_run is not None and stream.current_run.status == "completed"
    assert [m.text for m in stream.get_final_messages()] == [final]
    assert [s.type for s in stream.get_final_run_steps()] == ["message_creation"]


def test_the_documented_tool_pattern_submits_from_inside_on_event(
    client: AssistantsClient
) -> None:
    """openai-python's function-calling guide: submit outputs inside on_event with a new
    handler and until_done() it."""
    printed: List[str] = []

    class Printer(AssistantEventHandler):
        def on_text_delta(self, delta: Any, snapshot: Any) -> None:
            printed.append(delta.value)

    class ToolHandler(AssistantEventHandler):
        def on_event(self, event: Any) -> None:
            if event.event == "thread.run.requires_action":
                run = event.data
                outputs = [{"tool_call_id": call.id, "output": "22C and sunny"}
                           for call in run.required_action.submit_tool_outputs.tool_calls]
                with client.beta.threads.runs.submit_tool_outputs_stream(
                    thread_id=run.thread_id, run_id=run.id, tool_outputs=outputs,
                    event_handler=Printer(),
                ) as after:
                    after.until_done()
                    self.finished = after.get_final_run()

    assistant = client.beta.assistants.create(model="gpt-4o", tools=[WEATHER])
    thread = client.beta.threads.create(
        messages=[{"role": "user", "content": "call get_weather city=Oslo"}])
    handler = ToolHandler()
    with client.beta.threads.runs.stream(thread.id, assistant_id=assistant.id,
                                         event_handler=handler) as stream:
        stream.until_done()
    assert handler.finished.status == "completed"
    assert "".join(printed) == client.beta.threads.messages.list(thread.id).data[0].text


def test_tool_call_hooks_get_the_call_as_it_grows(client: AssistantsClient) -> None:
    assistant = client.beta.assistants.create(model="gpt-4o", tools=[WEATHER])
    thread = client.beta.threads.create(
        messages=[{"role": "user", "content": "call get_weather city=Rome"}])
    with client.beta.threads.runs.stream(thread.id, assistant_id=assistant.id,
                                         event_handler=Recorder()) as stream:
        stream.until_done()
    assert ("tool_call_created", "get_weather") in stream.calls
    done = [value for kind, value in stream.calls if kind == "tool_call_done"]
    assert done and '"Rome"' in done[-1]


def test_a_handler_that_raises_reaches_the_caller_after_on_exception(
    client: AssistantsClient
) -> None:
    seen: List[str] = []

    class Broken(AssistantEventHandler):
        def on_text_delta(self, delta: Any, snapshot: Any) -> None:
            raise RuntimeError("my handler broke")

        def on_exception(self, exception: Exception) -> None:
            seen.append(f"exception: {exception}")

        def on_end(self) -> None:
            seen.append("end")

    assistant_id, thread_id = started(client, "say something")
    stream = client.beta.threads.runs.stream(thread_id, assistant_id=assistant_id,
                                             event_handler=Broken())
    with pytest.raises(RuntimeError, match="my handler broke"):
        stream.until_done()
    assert seen == ["exception: my handler broke", "end"]
    body = stream.body
    assert body is not None and body.http_response is not None
    assert body.http_response.raw.closed  # the stream was closed


def test_one_handler_serves_one_stream(client: AssistantsClient, emu: Emulator) -> None:
    assistant_id, thread_id = started(client, "hi")
    handler = AssistantEventHandler()
    with client.beta.threads.runs.stream(thread_id, assistant_id=assistant_id,
                                         event_handler=handler) as stream:
        stream.until_done()
    before = len(emu.requests)
    with pytest.raises(InvalidRequestError, match="one stream"):
        client.beta.threads.runs.stream(thread_id, assistant_id=assistant_id,
                                        event_handler=handler)
    assert len(emu.requests) == before  # refused before anything was sent
    with pytest.raises(InvalidRequestError, match="AssistantEventHandler"):
        client.beta.threads.runs.stream(thread_id, assistant_id=assistant_id,
                                        event_handler=object())  # type: ignore[call-overload]


def test_text_deltas_is_iterable_and_callable(client: AssistantsClient) -> None:
    assistant_id, thread_id = started(client, "first")
    with client.beta.threads.runs.stream(thread_id, assistant_id=assistant_id) as stream:
        iterated = "".join(stream.text_deltas)
    client.beta.threads.messages.create(thread_id, role="user", content="second")
    with client.beta.threads.runs.stream(thread_id, assistant_id=assistant_id) as stream:
        called = "".join(stream.text_deltas())
    texts = [m.text for m in client.beta.threads.messages.list(thread_id, order="asc")]
    assert [iterated, called] == [texts[1], texts[3]]


def test_the_handler_is_importable_where_openai_programs_import_it() -> None:
    assert LibHandler is AssistantEventHandler is multiassist.AssistantEventHandler
    assert issubclass(AssistantStream, AssistantEventHandler)


# --- raw responses ------------------------------------------------------------------------


def test_with_raw_response_gives_headers_status_request_and_the_parsed_object(
    client: AssistantsClient, emu: Emulator
) -> None:
    raw = client.beta.threads.with_raw_response.create(metadata={"k": "v"})
    assert raw.status_code == 200
    assert raw.http_request.method == "POST"
    assert raw.http_request.url.path.endswith("/threads")
    # x-request-id on OpenAI; Azure's gateway id (apim-request-id) first on Azure
    assert raw.request_id and raw.request_id in (raw.headers.get("x-request-id"),
                                                 raw.headers.get("apim-request-id"))
    thread = raw.parse()
    assert thread.metadata == {"k": "v"} and thread._request_id == raw.request_id
    assert raw.json()["id"] == thread.id and thread.id in raw.text
    assert "api-key" not in {k.lower() for k in raw.http_request.headers if
                             raw.http_request.headers[k] != "<redacted>"}
    # nested namespaces and lists too
    listed = client.beta.threads.with_raw_response.messages.list(thread.id)
    assert listed.parse().data == [] and listed.json()["object"] == "list"
    assert client.with_raw_response.beta.threads.retrieve(thread.id).parse().id == thread.id
    # every returned object carries its request id
    assert client.beta.threads.retrieve(thread.id)._request_id


def test_with_streaming_response_leaves_the_body_unread_until_read(
    client: AssistantsClient
) -> None:
    thread = client.beta.threads.create()
    with client.beta.threads.with_streaming_response.retrieve(thread.id) as response:
        assert not response.is_closed
        lines = list(response.iter_lines())
        assert response.is_closed
    assert thread.id in "".join(lines)
    with client.beta.threads.messages.with_streaming_response.list(thread.id) as response:
        assert response.parse().data == []


def test_helpers_that_make_several_requests_have_no_raw_form(client: AssistantsClient) -> None:
    with pytest.raises(InvalidRequestError, match="several requests"):
        client.beta.threads.runs.with_raw_response.create_and_poll(  # type: ignore[attr-defined]
            "thread_1", assistant_id="asst_1")


def test_status_errors_carry_what_openai_programs_read(client: AssistantsClient) -> None:
    with pytest.raises(multiassist.NotFoundError) as caught:
        client.beta.assistants.retrieve("asst_missing")
    error = caught.value
    assert isinstance(error, multiassist.APIStatusError)
    assert error.status_code == 404 and error.response.status_code == 404
    assert error.body["message"] == error.message and error.request_id
    assert error.code is not None or error.type is not None


def test_raw_calls_send_what_plain_calls_send(emu: Emulator) -> None:
    """A raw view shares the client's settings: default_query reaches its requests too."""
    client = multiassist.OpenAI(base_url=emu.base_url if emu.flavor == "openai" else None,
                                api_key=emu.api_key, default_query={"tenant": "t1"}) \
        if emu.flavor == "openai" else multiassist.AzureOpenAI(
            azure_endpoint=emu.endpoint, api_key=emu.api_key, default_query={"tenant": "t1"})
    with client:
        client.beta.threads.with_raw_response.create()
        assert emu.requests[-1].query.get("tenant") == "t1"
        with client.with_streaming_response.beta.threads.create() as response:
            assert response.status_code == 200
        assert emu.requests[-1].query.get("tenant") == "t1"


# --- edges found in review ----------------------------------------------------------------


def test_write_markers_never_reach_stream_events_or_raw_json(client: AssistantsClient) -> None:
    assistant = client.beta.assistants.create(model="gpt-4o", tools=[WEATHER])
    thread = client.beta.threads.create(
        messages=[{"role": "user", "content": "call get_weather city=Oslo"}])
    run = client.beta.threads.runs.create_and_poll(thread.id, assistant_id=assistant.id,
                                                   metadata={"k": "v"}, poll_interval_ms=5)
    call = run.required_action.submit_tool_outputs.tool_calls[0]  # type: ignore[union-attr]
    with client.beta.threads.runs.submit_tool_outputs_stream(
            run.id, thread_id=thread.id,
            tool_outputs=[{"tool_call_id": call.id, "output": "x"}]) as stream:
        assert stream.get_final_run().metadata == {"k": "v"}
    raw = client.beta.threads.with_raw_response.create(metadata={"k": "v"})
    assert raw.json()["metadata"] == {"k": "v"} == raw.parse().metadata


def test_hooks_at_a_content_block_change_follow_openai_python() -> None:
    """created and delta of the new block come before done of the previous one; on_event
    sees the state as it was before its event."""
    import json as _json

    from multiassist.http.messages import StreamBody

    message = {"id": "msg_1", "object": "thread.message", "created_at": 1, "thread_id": "t",
               "role": "assistant", "content": [], "status": "in_progress",
               "assistant_id": "a", "run_id": "r", "attachments": [], "metadata": {}}

    def frame(name: str, data: Any) -> bytes:
        return f"event: {name}\ndata: {_json.dumps(data)}\n\n".encode()

    def delta(part: Any) -> bytes:
        return frame("thread.message.delta",
                     {"id": "msg_1", "object": "thread.message.delta",
                      "delta": {"content": [part]}})

    body = [frame("thread.message.created", message),
            delta({"index": 0, "type": "image_file", "image_file": {"file_id": "file-1"}}),
            delta({"index": 1, "type": "text", "text": {"value": "Hi"}}),
            frame("done", "[DONE]")]
    calls: List[str] = []

    class Log(AssistantEventHandler):
        def on_event(self, event: Any) -> None:
            snapshot = self.current_message_snapshot
            calls.append(f"event {event.event} ({len(snapshot.content) if snapshot else '-'})")

        def on_text_created(self, text: Any) -> None:
            calls.append("text_created")

        def on_text_delta(self, delta: Any, snapshot: Any) -> None:
            calls.append(f"text_delta {delta.value}")

        def on_image_file_done(self, image_file: Any) -> None:
            calls.append(f"image_file_done {image_file.file_id}")

    handler = Log()
    handler.bind(StreamBody(iter(body), {"content-type": "text/event-stream"}, lambda: None))
    list(handler)
    assert calls == [
        "event thread.message.created (-)",
        "event thread.message.delta (0)",
        "event thread.message.delta (1)",
        "text_created", "text_delta Hi", "image_file_done file-1",
    ]


def test_raw_file_content_and_text_as_a_method(client: AssistantsClient) -> None:
    uploaded = client.files.create(file=("notes.txt", "café ünïcode".encode()),
                                   purpose="assistants")
    raw = client.files.with_raw_response.content(uploaded.id)
    assert raw.status_code == 200 and raw.parse().text == "café ünïcode"
    with client.files.with_streaming_response.content(uploaded.id) as response:
        assert response.text() == "café ünïcode" == response.text


def test_iter_text_keeps_characters_split_across_chunks() -> None:
    import io

    import requests as _requests

    from multiassist.core import Reply
    from multiassist.raw_response import APIResponse, HTTPRequest

    response = _requests.Response()
    response.status_code = 200
    response.raw = io.BytesIO("é€😀".encode() * 5)
    response._content_consumed = False
    raw: APIResponse[Any] = APIResponse(Reply(None, {}, 200, response),
                                        HTTPRequest("GET", "http://127.0.0.1/x"), lambda: None)
    assert "".join(raw.iter_text(chunk_size=1)) == "é€😀" * 5
