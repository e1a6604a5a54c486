"""When a write's answer is lost and the listing does not show it: sent once more only after a
gateway error and only once; raised as unknown after a read timeout or an unreadable 2xx,
naming the write and its marker so the caller can look for it; only the object carrying the
write's own marker is ever taken for it. A scripted server on 127.0.0.1 plays the service."""

from __future__ import annotations

import json
from typing import Any, Dict, List

import pytest

from multiassist import AssistantsClient
from multiassist.http.writes import WRITE_MARKER, WriteOutcomeUnknownError

from scripted_server import Scripted

MESSAGE = {"id": "msg_new", "object": "thread.message", "created_at": 2,
           "thread_id": "thread_1", "status": "completed", "role": "user",
           "content": [{"type": "text", "text": {"value": "hi", "annotations": []}}],
           "assistant_id": None, "run_id": None, "attachments": [], "metadata": {}}
OLDER = {**MESSAGE, "id": "msg_old", "created_at": 1, "metadata": {"topic": "older"}}
GATEWAY = {"error": {"message": "bad gateway"}}


def listing(*items: Any) -> Dict[str, Any]:
    return {"object": "list", "data": list(items), "first_id": None, "last_id": None,
            "has_more": False}


def make_client(server: Scripted, **kwargs: Any) -> AssistantsClient:
    client = AssistantsClient(provider="openai", base_url=server.url + "/v1", api_key="sk-x",
                              **kwargs)
    client._core.transport._sleep = lambda seconds: None
    return client


def methods(server: Scripted) -> List[str]:
    return [seen["method"] for seen in server.seen]


def marker_sent(server: Scripted) -> str:
    marker: str = json.loads(server.seen[0]["body"])["metadata"][WRITE_MARKER]
    return marker


def test_a_write_is_sent_at_most_twice_when_the_gateway_keeps_failing(
        server: Scripted) -> None:
    for _ in range(2):
        server.reply(502, GATEWAY)
        server.reply(200, listing(OLDER))
    with pytest.raises(WriteOutcomeUnknownError) as caught:
        make_client(server).beta.threads.messages.create("thread_1", role="user", content="hi")
    assert methods(server) == ["POST", "GET", "POST", "GET"]
    marker = marker_sent(server)
    assert json.loads(server.seen[2]["body"])["metadata"][WRITE_MARKER] == marker
    assert caught.value.write_id == marker and caught.value.operation == "messages.create"


def test_a_listing_with_only_other_objects_does_not_stand_for_the_write(
        server: Scripted) -> None:
    other_write = {**OLDER, "metadata": {WRITE_MARKER: "0" * 32}}
    server.reply(500, {"error": {"message": "boom", "type": "server_error"}})
    server.reply(200, listing(other_write, OLDER, 42))
    server.reply(200, MESSAGE)
    message = make_client(server).beta.threads.messages.create(
        "thread_1", role="user", content="hi")
    assert message.id == "msg_new"
    assert methods(server) == ["POST", "GET", "POST"]


@pytest.mark.parametrize("first_answer", [
    (200, MESSAGE, 0.6),  # read timeout: the server may still be creating it
    (200, b"<html>proxy</html>", 0.0),  # a 2xx that cannot be read: it was created
])
def test_after_a_timeout_or_an_unreadable_success_a_missing_write_is_not_sent_again(
        server: Scripted, first_answer: Any) -> None:
    status, body, delay = first_answer
    server.reply(status, body, delay=delay)
    server.reply(200, listing(OLDER))
    client = make_client(server, timeout=(2.0, 0.3))
    with pytest.raises(WriteOutcomeUnknownError) as caught:
        client.beta.threads.messages.create("thread_1", role="user", content="hi")
    assert methods(server) == ["POST", "GET"]
    marker = marker_sent(server)
    error = caught.value
    assert error.operation == "messages.create" and error.write_id == marker
    assert str(error).startswith("messages.create: the request may have been carried out")
    assert f"{WRITE_MARKER}='{marker}'" in str(error)
    assert "list the thread's messages and look for the marker" in str(error)


RUN_CHECK = ("list the thread's runs (newest first) to see whether the run started, and "
             "poll it (runs.poll) rather than starting another")


@pytest.mark.parametrize(("operation", "check"), [
    ("runs.create", RUN_CHECK),
    ("threads.create_and_run", RUN_CHECK),
    ("runs.submit_tool_outputs",
     "retrieve the run: if it no longer requires_action, the outputs arrived"),
])
def test_a_streamed_run_whose_answer_is_lost_is_reported_not_restarted(
        server: Scripted, operation: str, check: str) -> None:
    server.reply(502, GATEWAY)
    runs = make_client(server).beta.threads.runs
    with pytest.raises(WriteOutcomeUnknownError) as caught:
        if operation == "runs.create":
            runs.create("thread_1", assistant_id="asst_1", stream=True)
        elif operation == "threads.create_and_run":
            make_client(server).beta.threads.create_and_run(assistant_id="asst_1",
                                                            stream=True)
        else:
            runs.submit_tool_outputs("run_1", thread_id="thread_1", stream=True,
                                     tool_outputs=[{"tool_call_id": "call_1", "output": "x"}])
    assert methods(server) == ["POST"]
    error = caught.value
    assert error.operation == operation and error.write_id is None
    assert str(error) == (
        f"{operation}: the request may have been carried out, but the answer was lost; it "
        f"was not sent again so nothing is duplicated. To check: {check}")


@pytest.mark.parametrize("status", [408, 504])
def test_after_a_gateway_timeout_a_missing_write_is_not_sent_again(
        server: Scripted, status: int) -> None:
    # The gateway gave up waiting: the service may still be creating it.
    server.reply(status, {"error": {"message": "timed out"}})
    server.reply(200, listing(OLDER))
    with pytest.raises(WriteOutcomeUnknownError) as caught:
        make_client(server, max_retries=0).beta.threads.messages.create(
            "thread_1", role="user", content="hi")
    assert methods(server) == ["POST", "GET"]
    assert caught.value.write_id == marker_sent(server)


@pytest.mark.parametrize("keys", [15, 16])
def test_a_write_whose_metadata_is_full_is_sent_without_a_marker(
        server: Scripted, keys: int) -> None:
    metadata = {f"key{n}": "v" for n in range(keys)}
    server.reply(200, MESSAGE)
    make_client(server).beta.threads.messages.create("thread_1", role="user", content="hi",
                                                     metadata=metadata)
    sent = json.loads(server.seen[0]["body"])["metadata"]
    # The service takes at most 16 keys: a marker goes only where there is room for it.
    assert len(sent) == 16 and (WRITE_MARKER in sent) == (keys == 15)
    assert {k: v for k, v in sent.items() if k != WRITE_MARKER} == metadata


def test_a_write_whose_metadata_the_caller_replaces_is_not_looked_for_by_a_marker(
        server: Scripted) -> None:
    # extra_body's metadata replaces the body's, marker and all: no marker could be found
    # by a listing, so a lost answer is reported, never sent again.
    server.reply(502, GATEWAY)
    with pytest.raises(WriteOutcomeUnknownError) as caught:
        make_client(server).beta.threads.messages.create(
            "thread_1", role="user", content="hi", extra_body={"metadata": {"mine": "1"}})
    assert methods(server) == ["POST"]
    assert json.loads(server.seen[0]["body"])["metadata"] == {"mine": "1"}
    assert caught.value.write_id is None


def test_the_lookup_after_a_lost_write_carries_none_of_its_body(server: Scripted) -> None:
    server.reply(502, GATEWAY)
    server.reply(200, listing(OLDER))
    server.reply(200, MESSAGE)
    make_client(server).beta.threads.messages.create(
        "thread_1", role="user", content="hi", extra_body={"note": "for the write only"})
    assert methods(server) == ["POST", "GET", "POST"]
    assert b"for the write only" in server.seen[0]["body"]
    assert not server.seen[1]["body"]
