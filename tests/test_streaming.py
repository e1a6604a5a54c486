"""Streamed runs, as a user sees them: typed events, text deltas, final snapshots, errors
and connection handling.

The first part plays the service with a small scripted HTTP/1.1 server that sends chunked
``text/event-stream`` bodies byte for byte, so the client is tested on its own (including
broken connections the emulator never produces).  The second part runs against the
emulator in both wire flavors.
"""

from __future__ import annotations

import json
import socket
import threading
import typing
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

import pytest

from multiassist import AssistantsClient, BadRequestError, ResponseDecodeError
from multiassist.models import (
    CodeInterpreterLogsOutput,
    CodeInterpreterToolCall,
    FunctionToolCall,
    TextContentBlock,
    ToolCallsStepDetails,
)
from multiassist.operations import get_operation
from multiassist.streaming import (
    AssistantStream,
    AssistantStreamEvent,
    DoneEvent,
    ErrorEvent,
    MessageEvent,
    RunEvent,
    StreamError,
    StreamInterruptedError,
    ThreadCreated,
    ThreadMessageCompleted,
    ThreadMessageCreated,
    ThreadMessageDelta,
    ThreadRunCompleted,
    ThreadRunCreated,
    ThreadRunStepDelta,
    UnknownStreamEvent,
)
from multiassist.testing import Emulator

from spec_validation import OPENAI_SPEC, SPECS_DIR, requires_specs

# --- a scripted streaming server --------------------------------------------------------

Reply = Callable[[BaseHTTPRequestHandler], None]


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hanging up mid-answer is part of these tests."""


class StreamServer:
    """Answers each request with the next scripted reply over keep-alive HTTP/1.1 and
    records the requests and how many connections were opened."""

    def __init__(self) -> None:
        self.replies: List[Reply] = []
        self.seen: List[Dict[str, Any]] = []
        self.connections = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                outer.connections += 1

            def _answer(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length)
                outer.seen.append({"method": self.command, "path": self.path,
                                   "body": json.loads(raw) if raw else None})
                outer.replies.pop(0)(self)

            do_GET = do_POST = _answer

            def log_message(self, *args: Any) -> None:
                pass

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02},
                         daemon=True).start()

    def json(self, status: int, body: Any) -> None:
        def reply(handler: BaseHTTPRequestHandler) -> None:
            raw = json.dumps(body).encode()
            handler.send_response(status)
            handler.send_header("content-type", "application/json")
            handler.send_header("content-length", str(len(raw)))
            handler.end_headers()
            handler.wfile.write(raw)

        self.replies.append(reply)

    def sse(self, *chunks: bytes, complete: bool = True,
            content_type: str = "text/event-stream; charset=utf-8") -> None:
        """A chunked body, one HTTP chunk per argument; ``complete=False`` drops the
        connection instead of ending the body (a broken stream)."""

        def reply(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(200)
            handler.send_header("content-type", content_type)
            handler.send_header("transfer-encoding", "chunked")
            handler.send_header("x-request-id", "req_stream_1")
            handler.end_headers()
            for chunk in chunks:
                handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            if complete:
                handler.wfile.write(b"0\r\n\r\n")
            else:
                handler.wfile.flush()
                handler.connection.shutdown(socket.SHUT_RDWR)
                handler.close_connection = True

        self.replies.append(reply)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def server() -> Iterator[StreamServer]:
    made = StreamServer()
    yield made
    made.close()


@pytest.fixture
def scripted(server: StreamServer) -> Iterator[AssistantsClient]:
    with AssistantsClient(provider="openai", base_url=server.url + "/v1", api_key="sk-x",
                          max_retries=0) as made:
        yield made


# --- wire payloads ------------------------------------------------------------------------


def run_json(status: str, **fields: Any) -> Dict[str, Any]:
    return {"id": "run_1", "object": "thread.run", "created_at": 1, "thread_id": "thread_1",
            "assistant_id": "asst_1", "status": status, "model": "gpt-4o",
            "instructions": "", "tools": [], **fields}


def step_json(status: str, details: Dict[str, Any], step_id: str = "step_1") -> Dict[str, Any]:
    return {"id": step_id, "object": "thread.run.step", "created_at": 1, "run_id": "run_1",
            "assistant_id": "asst_1", "thread_id": "thread_1", "type": details["type"],
            "status": status, "step_details": details}


def message_json(status: str, *texts: str) -> Dict[str, Any]:
    return {"id": "msg_1", "object": "thread.message", "created_at": 1,
            "thread_id": "thread_1", "run_id": "run_1", "assistant_id": "asst_1",
            "status": status, "role": "assistant",
            "content": [{"type": "text", "text": {"value": t, "annotations": []}}
                        for t in texts]}


def text_delta(*parts: Tuple[int, str]) -> Dict[str, Any]:
    return {"id": "msg_1", "object": "thread.message.delta", "delta": {"content": [
        {"index": index, "type": "text", "text": {"value": value}} for index, value in parts]}}


def tool_delta(*calls: Dict[str, Any]) -> Dict[str, Any]:
    return {"id": "step_1", "object": "thread.run.step.delta",
            "delta": {"step_details": {"type": "tool_calls", "tool_calls": list(calls)}}}


def frame(event: str, data: Any) -> bytes:
    text = data if isinstance(data, str) else json.dumps(data)
    return f"event: {event}\ndata: {text}\n\n".encode()


MESSAGE_CREATION = {"type": "message_creation", "message_creation": {"message_id": "msg_1"}}
DONE = frame("done", "[DONE]")


def run_start() -> List[bytes]:
    return [frame("thread.run.created", run_json("queued")),
            frame("thread.run.queued", run_json("queued")),
            frame("thread.run.in_progress", run_json("in_progress"))]


def text_run(*deltas: str, final: Optional[str] = None) -> List[bytes]:
    """A run that writes one message, streamed as ``deltas``; ``final`` is the text of the
    server's completed snapshot (omitted when None)."""
    frames = [*run_start(),
              frame("thread.run.step.created", step_json("in_progress", MESSAGE_CREATION)),
              frame("thread.message.created", message_json("in_progress")),
              frame("thread.message.in_progress", message_json("in_progress"))]
    frames += [frame("thread.message.delta", text_delta((0, d))) for d in deltas]
    if final is not None:
        frames.append(frame("thread.message.completed", message_json("completed", final)))
    frames += [frame("thread.run.step.completed", step_json("completed", MESSAGE_CREATION)),
               frame("thread.run.completed", run_json("completed")), DONE]
    return frames


# --- scripted: reading a stream -----------------------------------------------------------


def test_a_streamed_run_gives_typed_events_in_order(
    server: StreamServer, scripted: AssistantsClient
) -> None:
    server.sse(*text_run("Hel", "lo", final="Hello"))
    with scripted.beta.threads.runs.stream("thread_1", assistant_id="asst_1",
                                           instructions="be brief") as stream:
        events = list(stream)
    assert [e.event for e in events] == [
        "thread.run.created", "thread.run.queued", "thread.run.in_progress",
        "thread.run.step.created", "thread.message.created", "thread.message.in_progress",
        "thread.message.delta", "thread.message.delta", "thread.message.completed",
        "thread.run.step.completed", "thread.run.completed",
    ]  # done ends the stream and is not yielded, as in openai-python
    assert isinstance(events[0], ThreadRunCreated) and events[0].data.status == "queued"
    assert isinstance(events[6], ThreadMessageDelta) and events[6].data.text == "Hel"
    assert isinstance(events[-1], ThreadRunCompleted)
    assert not any(isinstance(e, DoneEvent) for e in events)
    assert all(isinstance(e, RunEvent) for e in events[:3])
    assert server.seen[0]["method"] == "POST"
    assert server.seen[0]["path"] == "/v1/threads/thread_1/runs"
    assert server.seen[0]["body"] == {"assistant_id": "asst_1", "instructions": "be brief",
                                      "stream": True}


def test_text_deltas_and_final_results(server: StreamServer, scripted: AssistantsClient) -> None:
    server.sse(*text_run("Bonjour", ", le ", "monde", final="Bonjour, le monde"))
    stream = scripted.beta.threads.runs.stream("thread_1", assistant_id="asst_1")
    assert list(stream.text_deltas()) == ["Bonjour", ", le ", "monde"]
    assert stream.get_final_run().status == "completed"
    assert stream.current_run is stream.get_final_run()
    [message] = stream.get_final_messages()
    assert message.text == "Bonjour, le monde" and message.status == "completed"
    [step] = stream.get_final_run_steps()
    assert step.status == "completed" and step.id == "step_1"


def test_deltas_accumulate_when_no_final_snapshot_arrives(
    server: StreamServer, scripted: AssistantsClient
) -> None:
    frames = text_run("Hi", " there", final=None)
    frames.insert(-3, frame("thread.message.delta", text_delta((1, "second"), (0, "!"))))
    server.sse(*frames)
    with scripted.beta.threads.runs.stream("thread_1", assistant_id="asst_1") as stream:
        events = list(stream)
        [message] = stream.get_final_messages()
    assert [p.text.value for p in message.content if isinstance(p, TextContentBlock)] == [
        "Hi there!", "second"]
    assert message.status == "in_progress"  # the last snapshot the server sent
    # Folding deltas never changes the data of an event already handed out.
    assert all(e.data.content == [] for e in events if isinstance(e, MessageEvent))


def test_a_completed_snapshot_replaces_what_was_accumulated(
    server: StreamServer, scripted: AssistantsClient
) -> None:
    server.sse(*text_run("draft", final="the server's final text"))
    with scripted.beta.threads.runs.stream("thread_1", assistant_id="asst_1") as stream:
        events = list(stream)
        assert stream.get_final_messages()[0].text == "the server's final text"
    created = next(e for e in events if isinstance(e, ThreadMessageCreated))
    assert created.data.content == []  # folding deltas never changes an event's data
    completed = next(e for e in events if isinstance(e, ThreadMessageCompleted))
    assert isinstance(completed, MessageEvent)


def test_tool_call_deltas_accumulate_by_index(
    server: StreamServer, scripted: AssistantsClient
) -> None:
    details = {"type": "tool_calls", "tool_calls": []}
    server.sse(
        *run_start(),
        frame("thread.run.step.created", step_json("in_progress", details)),
        frame("thread.run.step.delta", tool_delta(
            {"index": 0, "id": "call_1", "type": "function",
             "function": {"name": "get_weather", "arguments": ""}},
            {"index": 1, "id": "call_2", "type": "code_interpreter",
             "code_interpreter": {"input": "print(", "outputs": []}})),
        frame("thread.run.step.delta", tool_delta(
            {"index": 0, "type": "function", "function": {"arguments": "{\"city\": "}})),
        frame("thread.run.step.delta", tool_delta(
            {"index": 1, "type": "code_interpreter", "code_interpreter": {"input": "6*7)"}})),
        frame("thread.run.step.delta", tool_delta(
            {"index": 0, "type": "function", "function": {"arguments": "\"Paris\"}"}},
            {"index": 1, "type": "code_interpreter", "code_interpreter": {
                "outputs": [{"index": 0, "type": "logs", "logs": "42"}]}})),
        frame("thread.run.requires_action", run_json("requires_action")),
        DONE,
    )
    with scripted.beta.threads.runs.stream("thread_1", assistant_id="asst_1") as stream:
        deltas = [e for e in stream if isinstance(e, ThreadRunStepDelta)]
        [step] = stream.get_final_run_steps()
    assert len(deltas) == 4
    assert isinstance(step.step_details, ToolCallsStepDetails)
    function_call, code_call = step.step_details.tool_calls
    assert isinstance(function_call, FunctionToolCall)
    assert function_call.id == "call_1" and function_call.function.name == "get_weather"
    assert json.loads(function_call.function.arguments) == {"city": "Paris"}
    assert isinstance(code_call, CodeInterpreterToolCall)
    assert code_call.code_interpreter.input == "print(6*7)"
    assert code_call.code_interpreter.outputs == [CodeInterpreterLogsOutput(logs="42")]
    assert stream.get_final_run().status == "requires_action"


def test_submit_tool_outputs_stream_and_create_and_run_stream(
    server: StreamServer, scripted: AssistantsClient
) -> None:
    server.sse(*text_run("done", final="done"))
    with scripted.beta.threads.runs.submit_tool_outputs_stream(
        "run_1", thread_id="thread_1", tool_outputs=[{"tool_call_id": "call_1", "output": "9"}]
    ) as stream:
        assert stream.get_final_run().status == "completed"
    assert server.seen[-1]["path"] == "/v1/threads/thread_1/runs/run_1/submit_tool_outputs"
    assert server.seen[-1]["body"] == {
        "tool_outputs": [{"tool_call_id": "call_1", "output": "9"}], "stream": True}

    thread = {"id": "thread_1", "object": "thread", "created_at": 1}
    server.sse(frame("thread.created", thread), *text_run("hi", final="hi"))
    with scripted.beta.threads.create_and_run_stream(
        assistant_id="asst_1", thread={"messages": [{"role": "user", "content": "hello"}]}
    ) as stream:
        first = next(stream)
        assert isinstance(first, ThreadCreated) and first.data.id == "thread_1"
        assert [m.text for m in stream.get_final_messages()] == ["hi"]
    assert server.seen[-1]["path"] == "/v1/threads/runs"
    assert server.seen[-1]["body"]["thread"] == {"messages": [{"role": "user",
                                                               "content": "hello"}]}


def test_stream_sends_the_body_create_sends(
    server: StreamServer, scripted: AssistantsClient
) -> None:
    params: Dict[str, Any] = dict(
        additional_instructions="x", instructions=None, max_completion_tokens=50,
        metadata={"k": "v"}, model="gpt-4o", parallel_tool_calls=False, temperature=0.5,
        tool_choice="auto", tools=[{"type": "code_interpreter"}], top_p=0.9,
        truncation_strategy={"type": "auto"},
    )
    server.json(200, run_json("queued"))
    scripted.beta.threads.runs.create("thread_1", assistant_id="asst_1", **params)
    server.sse(*text_run(final="ok"))
    scripted.beta.threads.runs.stream("thread_1", assistant_id="asst_1", **params).until_done()
    created, streamed = server.seen
    # A plain create may add a hidden write marker to the metadata (multiassist.http.writes).
    created["body"]["metadata"].pop("multiassist_write_id", None)
    assert streamed["body"] == {**created["body"], "stream": True}


def test_an_unknown_parameter_is_refused_before_sending(
    server: StreamServer, scripted: AssistantsClient
) -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument 'temprature'"):
        scripted.beta.threads.runs.stream("thread_1", assistant_id="asst_1", temprature=0.2)
    with pytest.raises(TypeError, match="unexpected keyword argument 'additional_messages'"):
        scripted.beta.threads.create_and_run_stream(assistant_id="a", additional_messages=[])
    assert server.seen == []


def test_unknown_events_are_kept(server: StreamServer, scripted: AssistantsClient) -> None:
    server.sse(*run_start(), frame("thread.run.step.teleported", {"id": "x", "speed": 9}),
               frame("thread.run.heartbeat", "not json"), *text_run(final="ok")[3:])
    with scripted.beta.threads.runs.stream("thread_1", assistant_id="asst_1") as stream:
        unknown = [e for e in stream if isinstance(e, UnknownStreamEvent)]
    assert unknown == [UnknownStreamEvent("thread.run.step.teleported", {"id": "x", "speed": 9}),
                       UnknownStreamEvent("thread.run.heartbeat", "not json")]


def test_other_content_and_tool_call_deltas_are_kept(
    server: StreamServer, scripted: AssistantsClient
) -> None:
    def parts(*content: Dict[str, Any]) -> Dict[str, Any]:
        return {"id": "msg_1", "object": "thread.message.delta",
                "delta": {"role": "assistant", "content": list(content)}}

    server.sse(
        *run_start(),
        frame("thread.message.created", message_json("in_progress")),
        frame("thread.message.delta", parts(
            {"index": 0, "type": "image_file", "image_file": {"file_id": "file_img"}},
            {"index": 1, "type": "refusal", "refusal": "I can"},
            {"index": 2, "type": "hologram", "beam": 3},
            {"index": 3, "type": "text", "text": {"value": "see [1]", "annotations": [
                {"index": 0, "type": "file_citation", "text": "[1]", "start_index": 4,
                 "end_index": 7, "file_citation": {"file_id": "file_doc"}}]}})),
        frame("thread.message.delta", parts(
            {"index": 1, "type": "refusal", "refusal": "not."},
            {"index": 0, "type": "image_file", "image_file": {"detail": "high"}})),
        frame("thread.run.step.created", step_json("in_progress", {"type": "tool_calls",
                                                                   "tool_calls": []})),
        frame("thread.run.step.delta", tool_delta(
            {"index": 0, "id": "call_fs", "type": "file_search", "file_search": {}},
            {"index": 1, "id": "call_x", "type": "teleport", "teleport": {"to": "Mars"}})),
        frame("thread.run.completed", run_json("completed")),
        DONE,
    )
    with scripted.beta.threads.runs.stream("thread_1", assistant_id="asst_1") as stream:
        [message] = stream.get_final_messages()
        [step] = stream.get_final_run_steps()
    assert [part.to_dict() for part in message.content] == [
        {"type": "image_file", "image_file": {"file_id": "file_img", "detail": "high"}},
        {"type": "refusal", "refusal": "I cannot."},
        {"type": "hologram", "beam": 3},
        {"type": "text", "text": {"value": "see [1]", "annotations": [
            {"type": "file_citation", "text": "[1]", "start_index": 4, "end_index": 7,
             "file_citation": {"file_id": "file_doc"}}]}},
    ]
    assert step.step_details.to_dict() == {"type": "tool_calls", "tool_calls": [
        {"id": "call_fs", "type": "file_search", "file_search": {}},
        {"id": "call_x", "type": "teleport", "teleport": {"to": "Mars"}},
    ]}


@requires_specs
def test_every_event_of_the_spec_has_a_typed_class() -> None:
    spec = json.loads((SPECS_DIR / OPENAI_SPEC).read_text())
    schemas = spec["components"]["schemas"]
    names = set()
    for member in schemas["AssistantStreamEvent"]["oneOf"]:
        target = schemas[member["$ref"].rsplit("/", 1)[-1]]
        for variant in target.get("oneOf", [target]):
            names.update(variant["properties"]["event"]["enum"])
    classes = {cls.event: cls for cls in typing.get_args(AssistantStreamEvent)
               if cls is not UnknownStreamEvent}
    classes["error"] = ErrorEvent
    assert len(names) == 25 and set(classes) == names


# --- scripted: errors -----------------------------------------------------------------


def test_an_error_event_raises_stream_error(
    server: StreamServer, scripted: AssistantsClient
) -> None:
    error = {"type": "server_error", "code": "server_error", "message": "model overloaded",
             "param": None}
    server.sse(*run_start(), frame("error", error))
    stream = scripted.beta.threads.runs.stream("thread_1", assistant_id="asst_1")
    seen: List[str] = []
    with pytest.raises(StreamError) as caught:
        for event in stream:
            seen.append(event.event)
    assert seen == ["thread.run.created", "thread.run.queued", "thread.run.in_progress"]
    exc = caught.value
    assert exc.status_code == 200 and exc.code == "server_error" and exc.type == "server_error"
    assert exc.request_id == "req_stream_1" and "req_stream_1" in str(exc)
    assert "model overloaded" in str(exc) and "runs.retrieve('run_1'" in str(exc)
    assert exc.event.data == error and exc.run is not None and exc.run.id == "run_1"
    with pytest.raises(StreamError):  # asking for results later re-raises it
        stream.get_final_run()


def test_a_stream_that_ends_before_the_run_stopped_raises_interrupted(
    server: StreamServer, scripted: AssistantsClient
) -> None:
    server.sse(*text_run("partial", final="partial")[:8])  # body ends cleanly, no done
    stream = scripted.beta.threads.runs.stream("thread_1", assistant_id="asst_1")
    with pytest.raises(StreamInterruptedError) as caught:
        list(stream)
    message = str(caught.value)
    assert "may still be going" in message
    assert "runs.retrieve('run_1', thread_id='thread_1')" in message
    assert caught.value.run is not None and caught.value.run.status == "in_progress"


def test_a_broken_connection_raises_interrupted(
    server: StreamServer, scripted: AssistantsClient
) -> None:
    server.sse(*run_start(), b"event: thread.message.del", complete=False)
    with pytest.raises(StreamInterruptedError, match="connection broke") as caught:
        scripted.beta.threads.runs.stream("thread_1", assistant_id="asst_1").until_done()
    assert caught.value.__cause__ is not None


def test_a_stream_ending_after_the_final_run_event_without_done_is_complete(
    server: StreamServer, scripted: AssistantsClient
) -> None:
    server.sse(*text_run(final="ok")[:-1])
    stream = scripted.beta.threads.runs.stream("thread_1", assistant_id="asst_1")
    assert stream.get_final_run().status == "completed"


def test_an_answer_that_is_not_an_event_stream_is_refused(
    server: StreamServer, scripted: AssistantsClient
) -> None:
    server.json(200, run_json("queued"))
    with pytest.raises(ResponseDecodeError, match="did not stream"):
        scripted.beta.threads.runs.stream("thread_1", assistant_id="asst_1")


def test_an_error_status_raises_before_streaming(
    server: StreamServer, scripted: AssistantsClient
) -> None:
    server.json(400, {"error": {"message": "thread busy", "type": "invalid_request_error"}})
    with pytest.raises(BadRequestError, match="thread busy"):
        scripted.beta.threads.runs.stream("thread_1", assistant_id="asst_1")


def test_bad_event_data_says_the_run_may_exist(
    server: StreamServer, scripted: AssistantsClient
) -> None:
    server.sse(frame("thread.run.created", {"id": "run_1"}))
    with pytest.raises(StreamInterruptedError, match="could not be decoded") as caught:
        list(scripted.beta.threads.runs.stream("thread_1", assistant_id="asst_1"))
    assert "runs.list" in str(caught.value)  # HTTP 200: the run may well exist
    cause = caught.value.__cause__
    assert isinstance(cause, ResponseDecodeError) and "Run: required field missing" in str(cause)


def test_results_of_a_stream_closed_early_are_refused(
    server: StreamServer, scripted: AssistantsClient
) -> None:
    server.sse(*text_run("a", "b", final="ab"))
    with scripted.beta.threads.runs.stream("thread_1", assistant_id="asst_1") as stream:
        next(stream)
    with pytest.raises(StreamInterruptedError, match="closed before it finished"):
        stream.get_final_messages()


# --- scripted: connections ------------------------------------------------------------


def test_the_connection_is_reused_after_done(
    server: StreamServer, scripted: AssistantsClient
) -> None:
    for _ in range(3):
        server.sse(*text_run("x", final="x"))
        with scripted.beta.threads.runs.stream("thread_1", assistant_id="asst_1") as stream:
            for _ in stream:
                pass  # the stream ends at done, having read the body to its end
    server.json(200, run_json("completed"))
    scripted.beta.threads.runs.retrieve("run_1", thread_id="thread_1")
    assert server.connections == 1


def test_closing_a_stream_early_drops_only_that_connection(
    server: StreamServer, scripted: AssistantsClient
) -> None:
    server.sse(*text_run("a", "b", final="ab"))
    with scripted.beta.threads.runs.stream("thread_1", assistant_id="asst_1") as stream:
        assert isinstance(next(stream), ThreadRunCreated)
    server.json(200, run_json("completed"))
    assert scripted.beta.threads.runs.retrieve("run_1", thread_id="thread_1").id == "run_1"
    assert server.connections == 2


# --- scripted: Azure ------------------------------------------------------------------


def test_azure_deployment_names_come_back_as_model_names(server: StreamServer) -> None:
    server.sse(frame("thread.run.created", run_json("queued", model="dep-gpt4o")),
               *text_run(final="ok")[1:])
    with AssistantsClient(provider="azure", endpoint=server.url, api_key="k",
                          deployments={"gpt-4o": "dep-gpt4o"}, max_retries=0) as azure:
        stream = azure.beta.threads.runs.stream("thread_1", assistant_id="asst_1",
                                                model="gpt-4o")
        first = next(stream)
        stream.until_done()
    assert isinstance(first, ThreadRunCreated) and first.data.model == "gpt-4o"
    assert server.seen[0]["path"].startswith("/openai/threads/thread_1/runs?api-version=")
    assert server.seen[0]["body"]["model"] == "dep-gpt4o"


def test_a_stream_can_wrap_any_response_object() -> None:
    """AssistantStream only needs a requests.Response (e.g. from a mounted test adapter)."""
    import io

    import requests

    response = requests.Response()
    response.status_code = 200
    response.headers["content-type"] = "text/event-stream"
    response.raw = io.BytesIO(b"".join(text_run("a", "b", final="ab")))
    stream = AssistantStream(response)
    assert "".join(stream.text_deltas()) == "ab"
    assert [m.text for m in stream.get_final_messages()] == ["ab"]


# --- against the emulator (both wire flavors) ---------------------------------------

WEATHER_TOOL = {"type": "function", "function": {
    "name": "get_weather", "description": "Current weather",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                   "required": ["city"]}}}


def new_thread(client: AssistantsClient, text: str, **assistant: Any) -> Tuple[str, str]:
    made = client.beta.assistants.create(model="gpt-4o", **assistant)
    thread = client.beta.threads.create(messages=[{"role": "user", "content": text}])
    return made.id, thread.id


def new_connections(client: AssistantsClient) -> int:
    """How many connections the client's pool has opened so far."""
    core = client._core
    url = core.backend.prepare(  # any URL of the emulator: one pool per host
        get_operation("threads.create"), "/threads", query={}, body=None).url
    pool = core.transport.session.get_adapter(url).poolmanager.connection_from_url(url)
    return int(pool.num_connections)


def test_emulator_full_streamed_run(client: AssistantsClient) -> None:
    assistant_id, thread_id = new_thread(client, "please tell me about streaming events")
    with client.beta.threads.runs.stream(thread_id, assistant_id=assistant_id) as stream:
        events = list(stream)
    names = [e.event for e in events]
    assert names[:3] == ["thread.run.created", "thread.run.queued", "thread.run.in_progress"]
    assert names[-1] == "thread.run.completed"
    deltas = [e for e in events if isinstance(e, ThreadMessageDelta)]
    assert len(deltas) > 3  # the reply arrives in several pieces
    streamed_text = "".join(d.data.text for d in deltas)

    run = stream.get_final_run()
    assert run == client.beta.threads.runs.retrieve(run.id, thread_id=thread_id)
    assert run.model == "gpt-4o"  # on Azure, mapped back from the deployment name
    [message] = stream.get_final_messages()
    [listed] = [m for m in client.beta.threads.messages.list(thread_id) if m.role == "assistant"]
    assert message == listed and message.text == streamed_text == "You said: please tell me " \
        "about streaming events"
    steps = stream.get_final_run_steps()
    assert steps == list(client.beta.threads.runs.steps.list(run.id, thread_id=thread_id))


def test_emulator_text_deltas_concatenate_to_the_final_text(client: AssistantsClient) -> None:
    assistant_id, thread_id = new_thread(client, "one two three [[long:40]]")
    with client.beta.threads.runs.stream(thread_id, assistant_id=assistant_id) as stream:
        pieces = list(stream.text_deltas())
        [message] = stream.get_final_messages()
    assert len(pieces) >= 40 and "".join(pieces) == message.text
    assert stream.get_final_run().status == "completed"


def test_emulator_requires_action_then_submit_tool_outputs_stream(
    client: AssistantsClient,
) -> None:
    assistant_id, thread_id = new_thread(client, "call get_weather city=Paris",
                                         tools=[WEATHER_TOOL])
    with client.beta.threads.runs.stream(thread_id, assistant_id=assistant_id) as stream:
        argument_deltas = [e for e in stream if isinstance(e, ThreadRunStepDelta)]
    run = stream.get_final_run()
    assert run.status == "requires_action" and run.required_action is not None
    [call] = run.required_action.submit_tool_outputs.tool_calls
    assert len(argument_deltas) > 2  # the arguments came in several pieces
    [step] = stream.get_final_run_steps()
    assert isinstance(step.step_details, ToolCallsStepDetails)
    [streamed_call] = step.step_details.tool_calls
    assert isinstance(streamed_call, FunctionToolCall) and streamed_call.id == call.id
    assert streamed_call.function.name == "get_weather"
    assert streamed_call.function.arguments == call.function.arguments == '{"city":"Paris"}'

    with client.beta.threads.runs.submit_tool_outputs_stream(
        run.id, thread_id=thread_id, tool_outputs=[{"tool_call_id": call.id, "output": "sunny"}]
    ) as stream:
        assert "".join(stream.text_deltas()) == "get_weather returned: sunny"
    assert stream.get_final_run().status == "completed"
    assert client.beta.threads.runs.retrieve(run.id, thread_id=thread_id).status == "completed"


def test_emulator_create_and_run_stream(client: AssistantsClient) -> None:
    assistant = client.beta.assistants.create(model="gpt-4o")
    with client.beta.threads.create_and_run_stream(
        assistant_id=assistant.id, thread={"messages": [{"role": "user", "content": "hi"}]}
    ) as stream:
        first = next(stream)
        assert isinstance(first, ThreadCreated)
        run = stream.get_final_run()
    assert run.thread_id == first.data.id and run.status == "completed"
    assert [m.text for m in stream.get_final_messages()] == ["You said: hi"]


def test_emulator_error_event_raises(client: AssistantsClient, emulator: Emulator) -> None:
    assistant_id, thread_id = new_thread(client, "hello")
    emulator.script_run(stream_error=True)
    stream = client.beta.threads.runs.stream(thread_id, assistant_id=assistant_id)
    with pytest.raises(StreamError) as caught:
        stream.until_done()
    assert caught.value.code == "server_error" and caught.value.status_code == 200
    assert caught.value.run is not None
    run = client.beta.threads.runs.retrieve(caught.value.run.id, thread_id=thread_id)
    assert run.status == "failed"


def test_emulator_truncated_stream_raises_interrupted(
    client: AssistantsClient, emulator: Emulator
) -> None:
    assistant_id, thread_id = new_thread(client, "hello [[stream_truncate:5]]")
    stream = client.beta.threads.runs.stream(thread_id, assistant_id=assistant_id)
    with pytest.raises(StreamInterruptedError, match=r"runs\.retrieve") as caught:
        list(stream)
    run = caught.value.run
    assert run is not None  # as advised: the run goes on; polling it finds how it ended
    assert client.beta.threads.runs.poll(run.id, thread_id=thread_id,
                                         poll_interval_ms=0).status == "completed"


def test_emulator_streams_reuse_the_connection(client: AssistantsClient) -> None:
    assistant_id, thread_id = new_thread(client, "hello")
    opened = new_connections(client)
    for _ in range(3):
        with client.beta.threads.runs.stream(thread_id, assistant_id=assistant_id) as stream:
            stream.until_done()
        client.beta.threads.messages.list(thread_id)
    assert new_connections(client) == opened
