"""Writes are never sent twice and never silently lost, whatever fails after sending."""

from __future__ import annotations

from typing import Any, Dict, Iterator, List

import pytest

from multiassist import AssistantsClient
from multiassist.http.writes import WRITE_MARKER, WriteOutcomeUnknownError

from scripted_server import Scripted

MESSAGE = {"id": "msg_1", "object": "thread.message", "created_at": 1, "thread_id": "thread_1",
           "status": "completed", "role": "user",
           "content": [{"type": "text", "text": {"value": "hi", "annotations": []}}],
           "assistant_id": None, "run_id": None, "attachments": [], "metadata": {}}


@pytest.fixture
def server() -> Iterator[Scripted]:
    scripted = Scripted()
    yield scripted
    scripted.close()


def make_client(server: Scripted, **kwargs: Any) -> AssistantsClient:
    client = AssistantsClient(provider="openai", base_url=server.url + "/v1", api_key="sk-x",
                              **kwargs)
    client._core.transport._sleep = lambda seconds: None
    return client


def posts(server: Scripted) -> List[Dict[str, Any]]:
    return [seen for seen in server.seen if seen["method"] == "POST"]


def message_page_with_marker(seen: List[Dict[str, Any]]) -> Dict[str, Any]:
    """What the server would list if the first POST had in fact created the message."""
    import json

    marker = json.loads(seen[0]["body"])["metadata"][WRITE_MARKER]
    stored = {**MESSAGE, "metadata": {"topic": "x", WRITE_MARKER: marker}}
    return {"object": "list", "data": [stored], "first_id": "msg_1", "last_id": "msg_1",
            "has_more": False}


def test_a_create_that_happened_is_found_not_repeated(server: Scripted) -> None:
    server.reply(500, {"error": {"message": "upstream timeout", "type": "server_error"}})
    server.reply(200, message_page_with_marker)
    message = make_client(server).beta.threads.messages.create(
        "thread_1", role="user", content="hi", metadata={"topic": "x"})
    assert message.id == "msg_1"
    assert message.metadata == {"topic": "x"}  # the marker never reaches the caller
    assert len(posts(server)) == 1
    assert server.seen[1]["method"] == "GET" and "order=desc" in server.seen[1]["path"]


def test_a_create_that_did_not_happen_is_sent_once_more_with_the_same_marker(
    server: Scripted,
) -> None:
    server.reply(502, {"error": {"message": "bad gateway"}})
    server.reply(200, {"object": "list", "data": [], "first_id": None, "last_id": None,
                       "has_more": False})
    server.reply(200, MESSAGE)
    message = make_client(server).beta.threads.messages.create(
        "thread_1", role="user", content="hi")
    assert message.id == "msg_1"
    sent = posts(server)
    assert len(sent) == 2
    first, second = server.sent_json(0), server.sent_json(2)
    assert first["metadata"][WRITE_MARKER] == second["metadata"][WRITE_MARKER]


def test_a_read_timeout_on_a_run_create_is_reconciled(server: Scripted) -> None:
    run = {"id": "run_1", "object": "thread.run", "created_at": 1, "thread_id": "thread_1",
           "assistant_id": "asst_1", "status": "queued", "model": "gpt-4o",
           "instructions": "", "tools": []}

    def page(seen: List[Dict[str, Any]]) -> Dict[str, Any]:
        import json

        marker = json.loads(seen[0]["body"])["metadata"][WRITE_MARKER]
        return {"object": "list", "data": [{**run, "metadata": {WRITE_MARKER: marker}}],
                "first_id": "run_1", "last_id": "run_1", "has_more": False}

    server.reply(200, run, delay=0.6)
    server.reply(200, page)
    client = make_client(server, timeout=(2.0, 0.2))
    found = client.beta.threads.runs.create("thread_1", assistant_id="asst_1")
    assert found.id == "run_1" and found.metadata == {}
    assert len(posts(server)) == 1


@pytest.mark.parametrize(
    ("call", "check"),
    [
        (lambda c: c.files.create(file=("a.txt", b"x"), purpose="assistants"), "list files"),
        (lambda c: c.beta.threads.runs.submit_tool_outputs(
            "run_1", thread_id="thread_1", tool_outputs=[{"tool_call_id": "c", "output": "1"}]),
         "requires_action"),
        (lambda c: c.beta.threads.create(), "threads cannot be listed"),
    ],
)
def test_writes_that_cannot_be_reconciled_say_so_plainly(
    server: Scripted, call: Any, check: str
) -> None:
    server.reply(504, {"error": {"message": "gateway timeout"}})
    server.reply(404, {"error": {"message": "no such route"}})  # a listing attempt, if any
    with pytest.raises(WriteOutcomeUnknownError) as caught:
        call(make_client(server))
    text = str(caught.value)
    assert "may have been carried out" in text and "not sent again" in text and check in text
    assert len(posts(server)) == 1


def test_write_markers_can_be_turned_off(server: Scripted) -> None:
    server.reply(500, {"error": {"message": "boom"}})
    client = make_client(server, write_markers=False)
    with pytest.raises(WriteOutcomeUnknownError) as caught:
        client.beta.assistants.create(model="gpt-4o")
    assert caught.value.write_id is None
    assert "metadata" not in server.sent_json(0)
    assert len(server.seen) == 1


def test_updates_are_retried_because_repeating_them_is_harmless(server: Scripted) -> None:
    server.reply(500, {"error": {"message": "boom"}})
    server.reply(200, {**MESSAGE, "metadata": {"k": "v"}})
    updated = make_client(server).beta.threads.messages.update(
        "msg_1", thread_id="thread_1", metadata={"k": "v"})
    assert updated.metadata == {"k": "v"}
    assert len(posts(server)) == 2
