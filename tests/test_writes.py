"""Writes are never sent twice and never silently lost, whatever fails after sending."""

from __future__ import annotations

import uuid
from typing import Any, Callable, Dict, Iterator, List, NamedTuple

import pytest

from multiassist import AssistantsClient, NotFoundError
from multiassist.http.writes import WRITE_MARKER, WriteOutcomeUnknownError
from multiassist.testing import Emulator

from scripted_server import Scripted

MESSAGE = {"id": "msg_1", "object": "thread.message", "created_at": 1, "thread_id": "thread_1",
           "status": "completed", "role": "user",
           "content": [{"type": "text", "text": {"value": "hi", "annotations": []}}],
           "assistant_id": None, "run_id": None, "attachments": [], "metadata": {}}


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


# -- reconciliation among older objects, on the emulator --------------------------------------
#
# The server holds older objects of the same kind, some carrying the markers of other writes
# and some with none. Reconciliation must return the object this call created (or send the
# write again when there is none), never an older or a newer one.

TAG = "tag"


class Reconciled(NamedTuple):
    flavor: str
    kind: str  # Emulator.stored kind
    route: str  # the create, as an inject() route
    list_route: str  # the listing reconciliation reads
    prepare: Callable[[AssistantsClient], Dict[str, str]]  # ids the create needs
    create: Callable[[AssistantsClient, Dict[str, str], str], Any]  # tagged metadata {TAG: tag}
    settle: Callable[[AssistantsClient, Any, Dict[str, str]], None]  # let an older one finish


def _thread_with_message(client: AssistantsClient) -> Dict[str, str]:
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "hello"}])
    assistant = client.beta.assistants.create(model="gpt-4o")
    return {"thread_id": thread.id, "assistant_id": assistant.id}


def _no_settling(client: AssistantsClient, made: Any, ids: Dict[str, str]) -> None:
    return None


def _finish_run(client: AssistantsClient, made: Any, ids: Dict[str, str]) -> None:
    # A thread takes one active run at a time: an older run must end before the next.
    client.beta.threads.runs.poll(made.id, thread_id=ids["thread_id"], poll_interval_ms=1)


RECONCILED: Dict[str, Reconciled] = {
    "assistants.create": Reconciled(
        "openai", "assistant", "POST /assistants", "GET /assistants",
        lambda c: {},
        lambda c, ids, tag: c.beta.assistants.create(model="gpt-4o", name=tag,
                                                     metadata={TAG: tag}),
        _no_settling),
    "messages.create": Reconciled(
        "openai", "message", "POST /threads/{thread_id}/messages",
        "GET /threads/{thread_id}/messages",
        lambda c: {"thread_id": c.beta.threads.create().id},
        lambda c, ids, tag: c.beta.threads.messages.create(
            ids["thread_id"], role="user", content=tag, metadata={TAG: tag}),
        _no_settling),
    "runs.create": Reconciled(
        "azure", "run", "POST /threads/{thread_id}/runs", "GET /threads/{thread_id}/runs",
        _thread_with_message,
        lambda c, ids, tag: c.beta.threads.runs.create(
            ids["thread_id"], assistant_id=ids["assistant_id"], metadata={TAG: tag}),
        _finish_run),
    "vector_stores.create": Reconciled(
        "azure", "vector_store", "POST /vector_stores", "GET /vector_stores",
        lambda c: {},
        lambda c, ids, tag: c.vector_stores.create(name=tag, metadata={TAG: tag}),
        _no_settling),
    "threads.create": Reconciled(  # threads can be listed on Foundry only
        "foundry", "thread", "POST /threads", "GET /threads",
        lambda c: {},
        lambda c, ids, tag: c.beta.threads.create(metadata={TAG: tag}),
        _no_settling),
}


@pytest.fixture(scope="module")
def emulators() -> Iterator[Dict[str, Emulator]]:
    started = {flavor: Emulator(flavor=flavor, deployments={"gpt-4o": "dep-4o"},
                                poll_after_ms=1).start()
               for flavor in ("openai", "azure", "foundry")}
    try:
        yield started
    finally:
        for emu in started.values():
            emu.stop()


def _stored(emu: Emulator, case: Reconciled, ids: Dict[str, str]) -> List[Dict[str, Any]]:
    """What the server holds of the case's kind, where the write lands."""
    parent = ids.get("thread_id", "") if case.kind in ("message", "run") else ""
    return emu.stored(case.kind, parent)


def _stored_tags(emu: Emulator, case: Reconciled, ids: Dict[str, str]) -> Dict[str, str]:
    """{id: tag} of :func:`_stored`."""
    return {obj["id"]: (obj.get("metadata") or {}).get(TAG, "")
            for obj in _stored(emu, case, ids)}


def _server_ids(case: Reconciled, ids: Dict[str, str]) -> Dict[str, str]:
    return {key: value for key, value in ids.items() if "{" + key + "}" in case.route}


@pytest.mark.parametrize("older", ["marked", "unmarked"])
@pytest.mark.parametrize("outcome", ["not carried out", "carried out",
                                     "carried out, then another write"])
@pytest.mark.parametrize("operation", list(RECONCILED))
def test_reconciliation_picks_this_write_among_older_objects(
    emulators: Dict[str, Emulator], operation: str, outcome: str, older: str
) -> None:
    case = RECONCILED[operation]
    emu = emulators[case.flavor]
    with emu.client(max_retries=2) as client, \
            emu.client(write_markers=older == "marked") as other:
        ids = case.prepare(other)
        older_ids = []
        for number in range(3):  # the other writes, each with its own marker or none
            made = case.create(other, ids, f"older-{number}-{uuid.uuid4().hex[:6]}")
            case.settle(other, made, ids)
            older_ids.append(made.id)
        before = _stored_tags(emu, case, ids)
        markers = [obj["metadata"].get(WRITE_MARKER) for obj in _stored(emu, case, ids)
                   if obj["id"] in older_ids]
        assert len(markers) == 3 and all(markers) == (older == "marked")
        interloper: List[str] = []

        def another_write(seconds: float) -> None:
            # Runs while this client waits to retry its listing: someone else's write lands.
            if outcome.endswith("another write") and not interloper:
                if case.kind == "run":
                    newest = emu.stored("run", ids["thread_id"])[-1]["id"]
                    other.beta.threads.runs.poll(newest, thread_id=ids["thread_id"],
                                                 poll_interval_ms=1)
                interloper.append(case.create(other, ids, "interloper").id)

        client._core.transport._sleep = another_write
        if outcome == "not carried out":
            emu.inject("status", route=case.route, code=500)
        else:
            emu.inject("drop_after_apply", route=case.route)
            if outcome.endswith("another write"):
                emu.inject("status", route=case.list_route, code=503,
                           headers={"retry-after-ms": "1"})
        start = len(emu.requests)
        tag = "this-write-" + uuid.uuid4().hex[:8]
        try:
            result = case.create(client, ids, tag)
        finally:
            emu.clear_faults()

    after = _stored_tags(emu, case, ids)
    mine = [obj_id for obj_id, obj_tag in after.items() if obj_tag == tag]
    assert len(mine) == 1, f"{len(mine)} objects carry this write's tag"  # none lost, no twin
    assert result.id == mine[0] and result.id not in before
    assert result.metadata == {TAG: tag}  # this write's object, marker removed
    expected_new = {mine[0], *interloper}
    assert set(after) - set(before) == expected_new and set(before) <= set(after)
    method, _, template = case.route.partition(" ")
    path = template.format(**_server_ids(case, ids))
    posts = [r for r in emu.requests[start:] if r.method == method and r.path.endswith(path)]
    assert len(posts) == (2 if outcome == "not carried out" else 1) + len(interloper)
    if outcome.endswith("another write"):
        assert len(interloper) == 1 and interloper[0] != result.id


def test_the_lookup_for_a_lost_write_carries_the_callers_headers_and_query() -> None:
    """A gateway or project header the write needed is needed by its lookup too."""
    with Emulator(flavor="openai") as emu, emu.client() as client:
        thread = client.beta.threads.create()
        emu.inject("drop_after_apply", route="POST /threads/{thread_id}/messages")
        start = len(emu.requests)
        found = client.beta.threads.messages.create(
            thread.id, role="user", content="hello", extra_headers={"X-Gateway": "g1"},
            extra_query={"tenant": "t1"})
        sent = emu.requests[start:]
        assert [r.method for r in sent] == ["POST", "GET"]  # the write, then its lookup
        assert all(r.headers.get("x-gateway") == "g1" for r in sent)
        assert all(r.query.get("tenant") == "t1" for r in sent)
        assert found.text == "hello"
        assert [m.text for m in client.beta.threads.messages.list(thread.id)] == ["hello"]


@pytest.mark.parametrize("what", ["thread", "assistant", "file"])
def test_a_delete_whose_answer_was_lost_reports_deleted_not_missing(what: str) -> None:
    with Emulator(flavor="openai") as emu, emu.client() as client:
        client._core.transport._sleep = lambda seconds: None
        if what == "thread":
            made_id = client.beta.threads.create().id
            route, delete = "DELETE /threads/{thread_id}", client.beta.threads.delete
        elif what == "assistant":
            made_id = client.beta.assistants.create(model="gpt-4o").id
            route, delete = "DELETE /assistants/{assistant_id}", client.beta.assistants.delete
        else:
            made_id = client.files.create(file=("a.txt", b"a"), purpose="assistants").id
            route, delete = "DELETE /files/{file_id}", client.files.delete
        emu.inject("drop_after_apply", route=route)
        gone = delete(made_id)  # deleted; the answer lost; the repeat finds nothing
        assert (gone.id, gone.deleted) == (made_id, True)
        with pytest.raises(NotFoundError):
            delete(made_id)  # a delete of something already gone is still a 404

