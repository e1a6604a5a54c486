"""Vector stores, their files and file batches, and ``client.files.wait_for_processing``, as
openai-python users call them: against the emulator on both wire flavors, and against a
scripted server for what the emulator never does (objects that stay ``in_progress``)."""

from __future__ import annotations

import io
import time
from pathlib import Path
from typing import Any, Callable, Dict, List

import pytest

from multiassist import AssistantsClient, InvalidRequestError, NotFoundError
from multiassist.models import ExpiresAfter, FileObject, VectorStore, VectorStoreFileBatch
from multiassist.polling import PollTimeoutError, UnexpectedStatusError
from multiassist.resources import FileProcessingError
from multiassist.testing import Emulator

from scripted_server import Scripted

STATIC = {"type": "static", "static": {"max_chunk_size_tokens": 400, "chunk_overlap_tokens": 100}}


def upload(client: AssistantsClient, name: str, text: str = "some text") -> FileObject:
    return client.files.create(file=(name, text.encode()), purpose="assistants")


# -- vector stores ---------------------------------------------------------------------------


def test_vector_store_lifecycle(client: AssistantsClient) -> None:
    assert client.vector_stores is client.beta.vector_stores
    store = client.vector_stores.create(
        name="manuals", metadata={"team": "docs"},
        expires_after={"anchor": "last_active_at", "days": 7},
    )
    assert isinstance(store, VectorStore) and store.id.startswith("vs_")
    assert store.name == "manuals" and store.metadata == {"team": "docs"}
    assert store.expires_after == ExpiresAfter(anchor="last_active_at", days=7)
    assert store.expires_at is not None and store.file_counts.total == 0

    fetched = client.beta.vector_stores.retrieve(store.id)
    assert fetched.id == store.id and fetched.name == "manuals"

    renamed = client.vector_stores.update(store.id, name="guides", metadata={"team": "ops"})
    assert renamed.name == "guides" and renamed.metadata == {"team": "ops"}
    assert renamed.expires_after is not None
    no_expiry = client.vector_stores.update(store.id, expires_after=None)
    assert no_expiry.expires_after is None and no_expiry.expires_at is None
    assert no_expiry.name == "guides"

    deleted = client.vector_stores.delete(store.id)
    assert deleted.deleted is True and deleted.id == store.id
    with pytest.raises(NotFoundError):
        client.vector_stores.retrieve(store.id)


def test_a_store_created_with_files_holds_them(client: AssistantsClient) -> None:
    files = [upload(client, f"doc{n}.txt", "x" * (n + 1)) for n in range(2)]
    store = client.vector_stores.create(
        name="seeded", file_ids=[f.id for f in files], chunking_strategy=STATIC
    )
    assert store.file_counts.completed == 2 and store.file_counts.total == 2
    assert store.usage_bytes == 1 + 2
    attached = client.vector_stores.files.retrieve(files[0].id, vector_store_id=store.id)
    assert attached.chunking_strategy is not None
    assert attached.chunking_strategy.to_dict() == STATIC


def test_listing_vector_stores_walks_every_page(
    client: AssistantsClient, emulator: Emulator
) -> None:
    mine = [client.vector_stores.create(name=f"page-{n}").id for n in range(5)]
    first = client.vector_stores.list(limit=2)
    assert len(first.data) == 2 and first.has_more
    assert [s.id for s in first.data] == mine[::-1][:2]  # newest first
    before = len(emulator.requests)
    walked = [s.id for s in client.vector_stores.list(limit=2, order="asc")]
    assert [i for i in walked if i in mine] == mine
    assert len(emulator.requests) - before >= 3  # five of ours alone need three pages
    after_second = client.vector_stores.list(order="asc", after=mine[1], limit=2)
    assert [s.id for s in after_second.data] == mine[2:4]


# -- files in a vector store -----------------------------------------------------------------


def test_vector_store_files(client: AssistantsClient) -> None:
    store = client.vector_stores.create(name="files")
    uploads = [upload(client, f"f{n}.txt") for n in range(3)]
    for item in uploads:
        attached = client.vector_stores.files.create(
            store.id, file_id=item.id, attributes={"n": item.filename, "ok": True}
        )
        assert attached.id == item.id and attached.vector_store_id == store.id
        assert attached.status == "completed"
        assert attached.attributes == {"n": item.filename, "ok": True}

    page = client.vector_stores.files.list(store.id, limit=2, order="asc")
    assert len(page.data) == 2 and page.has_more
    assert [f.id for f in client.vector_stores.files.list(store.id, limit=1, order="asc")] == [
        u.id for u in uploads
    ]
    assert len(client.vector_stores.files.list(store.id, filter="completed").data) == 3
    assert client.vector_stores.files.list(store.id, filter="failed").data == []

    gone = client.vector_stores.files.delete(uploads[0].id, vector_store_id=store.id)
    assert gone.deleted is True
    assert client.vector_stores.retrieve(store.id).file_counts.total == 2
    assert client.files.retrieve(uploads[0].id).id == uploads[0].id  # the upload remains
    with pytest.raises(NotFoundError):
        client.vector_stores.files.retrieve(uploads[0].id, vector_store_id=store.id)


def test_create_and_poll_returns_at_once_when_already_indexed(
    client: AssistantsClient, emulator: Emulator
) -> None:
    store = client.vector_stores.create(name="instant")
    item = upload(client, "instant.txt")
    before = len(emulator.requests)
    attached = client.vector_stores.files.create_and_poll(
        item.id, vector_store_id=store.id, chunking_strategy={"type": "auto"}
    )
    assert attached.status == "completed"
    assert len(emulator.requests) - before == 1  # the create answer was final: no retrieve
    again = client.vector_stores.files.poll(item.id, vector_store_id=store.id)
    assert again == attached


def test_upload_and_upload_and_poll(client: AssistantsClient, tmp_path: Path) -> None:
    store = client.vector_stores.create(name="uploads")
    path = tmp_path / "notes.md"
    path.write_text("# notes")
    polled = client.vector_stores.files.upload_and_poll(
        vector_store_id=store.id, file=path, attributes={"kind": "notes"}, poll_interval_ms=5
    )
    assert polled.status == "completed" and polled.attributes == {"kind": "notes"}
    assert client.files.retrieve(polled.id).filename == "notes.md"
    plain = client.vector_stores.files.upload(
        vector_store_id=store.id, file=("plain.txt", b"plain")
    )
    assert plain.vector_store_id == store.id
    assert client.vector_stores.retrieve(store.id).file_counts.total == 2


# -- file batches ----------------------------------------------------------------------------


def test_file_batch_create_and_poll(client: AssistantsClient) -> None:
    store = client.vector_stores.create(name="batch")
    uploads = [upload(client, f"b{n}.txt") for n in range(3)]
    batch = client.vector_stores.file_batches.create_and_poll(
        store.id, file_ids=[u.id for u in uploads], attributes={"source": "batch"},
        chunking_strategy=STATIC, poll_interval_ms=5,
    )
    assert isinstance(batch, VectorStoreFileBatch)
    assert batch.status == "completed" and batch.vector_store_id == store.id
    assert (batch.file_counts.completed, batch.file_counts.total) == (3, 3)

    fetched = client.vector_stores.file_batches.retrieve(batch.id, vector_store_id=store.id)
    assert fetched.id == batch.id
    members = client.vector_stores.file_batches.list_files(
        batch.id, vector_store_id=store.id, limit=2, order="asc"
    )
    assert len(members.data) == 2 and members.has_more
    assert sorted(f.id for f in members) == sorted(u.id for u in uploads)
    assert all(f.attributes == {"source": "batch"} for f in members)
    completed = client.vector_stores.file_batches.list_files(
        batch.id, vector_store_id=store.id, filter="completed"
    )
    assert len(completed.data) == 3
    assert client.vector_stores.file_batches.list_files(
        batch.id, vector_store_id=store.id, filter="in_progress"
    ).data == []
    # Cancelling a finished batch leaves it as it was.
    cancelled = client.vector_stores.file_batches.cancel(batch.id, vector_store_id=store.id)
    assert cancelled.status == "completed"
    assert client.vector_stores.retrieve(store.id).file_counts.completed == 3


def test_file_batch_with_per_file_settings(client: AssistantsClient) -> None:
    store = client.vector_stores.create(name="per-file")
    first, second = upload(client, "one.txt"), upload(client, "two.txt")
    batch = client.vector_stores.file_batches.create(
        store.id,
        files=[{"file_id": first.id, "attributes": {"n": 1}},
               {"file_id": second.id, "attributes": {"n": 2}, "chunking_strategy": STATIC}],
    )
    assert batch.file_counts.total == 2
    by_id = {f.id: f for f in client.vector_stores.files.list(store.id)}
    assert by_id[first.id].attributes == {"n": 1}
    assert by_id[second.id].attributes == {"n": 2}


def test_file_batch_upload_and_poll(client: AssistantsClient, tmp_path: Path) -> None:
    store = client.vector_stores.create(name="upload-batch")
    on_disk = tmp_path / "disk.txt"
    on_disk.write_text("from disk")
    handle = io.BytesIO(b"from a file object")
    handle.name = "handle.txt"
    earlier = upload(client, "earlier.txt")
    batch = client.beta.vector_stores.file_batches.upload_and_poll(
        store.id,
        files=[on_disk, ("tuple.txt", b"from a tuple"), handle],
        file_ids=[earlier.id],
        poll_interval_ms=5,
    )
    assert batch.status == "completed"
    assert (batch.file_counts.completed, batch.file_counts.total) == (4, 4)
    members = client.vector_stores.file_batches.list_files(batch.id, vector_store_id=store.id)
    names = sorted(client.files.retrieve(f.id).filename for f in members)
    assert names == ["disk.txt", "earlier.txt", "handle.txt", "tuple.txt"]
    assert all(client.files.retrieve(f.id).purpose == "assistants" for f in members)


# -- files.wait_for_processing ---------------------------------------------------------------


def test_wait_for_processing(client: AssistantsClient) -> None:
    item = upload(client, "ready.txt")
    processed = client.files.wait_for_processing(item.id, poll_interval_s=0.01, max_wait=5)
    assert processed.id == item.id and processed.status == "processed"


# -- arguments refused before anything is sent -----------------------------------------------

REFUSED: Dict[str, Callable[[AssistantsClient], Any]] = {
    "empty store id": lambda c: c.vector_stores.retrieve(""),
    "blank store id": lambda c: c.vector_stores.update("  ", name="x"),
    "limit 0": lambda c: c.vector_stores.list(limit=0),
    "limit 101": lambda c: c.vector_stores.files.list("vs_x", limit=101),
    "bad order": lambda c: c.vector_stores.list(order="newest"),
    "bad filter": lambda c: c.vector_stores.files.list("vs_x", filter="done"),
    "bad batch filter": lambda c: c.vector_stores.file_batches.list_files(
        "vsfb_x", vector_store_id="vs_x", filter="processing"),
    "empty batch id": lambda c: c.vector_stores.file_batches.retrieve("", vector_store_id="vs_x"),
    "file_ids as a string": lambda c: c.vector_stores.create(file_ids="file-abc"),
    "empty file id": lambda c: c.vector_stores.files.create("vs_x", file_id=""),
    "empty file id in list": lambda c: c.vector_stores.create(file_ids=["file-a", ""]),
    "batch without files": lambda c: c.vector_stores.file_batches.create("vs_x"),
    "batch with both": lambda c: c.vector_stores.file_batches.create(
        "vs_x", file_ids=["file-a"], files=[{"file_id": "file-b"}]),
    "batch of nothing": lambda c: c.vector_stores.file_batches.create("vs_x", file_ids=[]),
    "file spec without id": lambda c: c.vector_stores.file_batches.create(
        "vs_x", files=[{"attributes": {}}]),
    "max_wait 0": lambda c: c.vector_stores.file_batches.create_and_poll(
        "vs_x", file_ids=["file-a"], max_wait=0),
    "negative interval": lambda c: c.vector_stores.files.create_and_poll(
        "file-a", vector_store_id="vs_x", poll_interval_ms=-1),
    "upload to no store": lambda c: c.vector_stores.files.upload_and_poll(
        vector_store_id="", file=("a.txt", b"a")),
    "batch upload to no store": lambda c: c.vector_stores.file_batches.upload_and_poll(
        "", files=[("a.txt", b"a")]),
    "batch upload of a missing path": lambda c: c.vector_stores.file_batches.upload_and_poll(
        "vs_x", files=[("a.txt", b"a"), "/no/such/file.txt"]),
    "batch upload of a bare string": lambda c: c.vector_stores.file_batches.upload_and_poll(
        "vs_x", files="a.txt"),
    "batch upload of nothing": lambda c: c.vector_stores.file_batches.upload_and_poll(
        "vs_x", files=[]),
    "max_concurrency 0": lambda c: c.vector_stores.file_batches.upload_and_poll(
        "vs_x", files=[("a.txt", b"a")], max_concurrency=0),
    "wait with max_wait -1": lambda c: c.files.wait_for_processing("file-a", max_wait=-1),
    "wait on no file": lambda c: c.files.wait_for_processing(""),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_bad_arguments_are_refused_before_sending(
    case: str, client: AssistantsClient, emulator: Emulator
) -> None:
    before = len(emulator.requests)
    with pytest.raises(InvalidRequestError):
        REFUSED[case](client)
    assert len(emulator.requests) == before


# -- request bodies match the OpenAI spec ----------------------------------------------------


def test_request_bodies_match_the_openai_spec(
    client: AssistantsClient, emulator: Emulator
) -> None:
    from tests import spec_validation

    if not spec_validation.SPECS_DIR.is_dir():
        pytest.skip(spec_validation.SKIP_REASON)
    uploads = [upload(client, f"spec{n}.txt") for n in range(4)]
    start = len(emulator.requests)
    store = client.vector_stores.create(
        name="spec", description="checked", file_ids=[uploads[0].id], chunking_strategy=STATIC,
        expires_after={"anchor": "last_active_at", "days": 30}, metadata={"k": "v"},
    )
    client.vector_stores.update(store.id, name=None, expires_after=None, metadata={"k": "w"})
    client.vector_stores.files.create(
        store.id, file_id=uploads[1].id, chunking_strategy={"type": "auto"},
        attributes={"s": "x", "n": 1.5, "b": False},
    )
    client.vector_stores.file_batches.create(
        store.id, file_ids=[uploads[2].id], attributes={"k": "v"}, chunking_strategy=STATIC
    )
    client.vector_stores.file_batches.create(
        store.id, files=[{"file_id": uploads[3].id, "attributes": {"k": 1}}]
    )
    schemas = {
        "vector_stores": "CreateVectorStoreRequest",
        "vector_stores/{id}": "UpdateVectorStoreRequest",
        "vector_stores/{id}/files": "CreateVectorStoreFileRequest",
        "vector_stores/{id}/file_batches": "CreateVectorStoreFileBatchRequest",
    }
    checked: List[str] = []
    for sent in emulator.requests[start:]:
        parts = sent.path.split("/")[2:]
        shape = "/".join("{id}" if i % 2 else p for i, p in enumerate(parts))
        if sent.method == "POST" and shape in schemas:
            spec_validation.validate_openai(sent.json, schemas[shape])
            checked.append(schemas[shape])
    assert sorted(checked) == sorted([*schemas.values(), "CreateVectorStoreFileBatchRequest"])


# -- what the emulator never does: a scripted server -----------------------------------------

FILE = {"id": "file-1", "object": "vector_store.file", "usage_bytes": 0, "created_at": 1,
        "vector_store_id": "vs_1", "status": "in_progress", "last_error": None}
COUNTS = {"in_progress": 2, "completed": 0, "failed": 0, "cancelled": 0, "total": 2}
BATCH = {"id": "vsfb_1", "object": "vector_store.files_batch", "created_at": 1,
         "vector_store_id": "vs_1", "status": "in_progress", "file_counts": COUNTS}
UPLOAD = {"id": "file-1", "object": "file", "bytes": 3, "created_at": 1, "filename": "a.txt",
          "purpose": "assistants", "status": "uploaded"}


def scripted_client(server: Scripted) -> AssistantsClient:
    return AssistantsClient(
        provider="openai", base_url=server.url + "/v1", api_key="sk-x", max_retries=0
    )


def test_file_poll_deadline_carries_the_last_file(server: Scripted) -> None:
    for _ in range(200):
        server.reply(200, FILE)
    started = time.monotonic()
    with pytest.raises(PollTimeoutError) as caught:
        scripted_client(server).vector_stores.files.poll(
            "file-1", vector_store_id="vs_1", poll_interval_ms=20, max_wait=0.3
        )
    elapsed = time.monotonic() - started
    assert 0.3 <= elapsed < 3
    assert isinstance(caught.value, TimeoutError)
    assert caught.value.last.status == "in_progress" and caught.value.last.id == "file-1"
    assert "file-1" in str(caught.value) and "vs_1" in str(caught.value)
    assert 2 <= len(server.seen) <= 20


def test_batch_create_and_poll_deadline(server: Scripted) -> None:
    for _ in range(200):
        server.reply(200, BATCH)
    started = time.monotonic()
    with pytest.raises(PollTimeoutError) as caught:
        scripted_client(server).vector_stores.file_batches.create_and_poll(
            "vs_1", file_ids=["file-1", "file-2"], poll_interval_ms=20, max_wait=0.3
        )
    assert 0.3 <= time.monotonic() - started < 3
    assert caught.value.last.file_counts.in_progress == 2
    assert server.seen[0]["method"] == "POST" and server.seen[1]["method"] == "GET"
    assert server.seen[1]["path"] == "/v1/vector_stores/vs_1/file_batches/vsfb_1"


def _gaps(server: Scripted) -> List[float]:
    """Seconds between consecutive requests, as the server saw them."""
    times = [seen["at"] for seen in server.seen]
    return [later - earlier for earlier, later in zip(times, times[1:])]


POLLS: Dict[str, Callable[[AssistantsClient], Any]] = {
    "file": lambda c: c.vector_stores.files.poll("file-1", vector_store_id="vs_1"),
    "batch": lambda c: c.vector_stores.file_batches.poll("vsfb_1", vector_store_id="vs_1"),
}
WORKING = {"file": FILE, "batch": BATCH}
DONE = {"file": {**FILE, "status": "completed"},
        "batch": {**BATCH, "status": "completed",
                  "file_counts": {**COUNTS, "in_progress": 0, "completed": 2}}}


@pytest.mark.parametrize("kind", list(POLLS))
def test_a_poll_hint_longer_than_the_default_is_waited_out(server: Scripted, kind: str) -> None:
    # 1.2 s: longer than the 1 s used without a hint, so a fixed interval shows.
    server.reply(200, WORKING[kind], headers={"openai-poll-after-ms": "1200"})
    server.reply(200, DONE[kind])
    done = POLLS[kind](scripted_client(server))
    assert done.status == "completed"
    assert len(server.seen) == 2
    assert _gaps(server)[0] >= 1.2


@pytest.mark.parametrize("kind", list(POLLS))
def test_a_short_poll_hint_is_not_stretched(server: Scripted, kind: str) -> None:
    for _ in range(3):
        server.reply(200, WORKING[kind], headers={"openai-poll-after-ms": "20"})
    server.reply(200, DONE[kind])
    assert POLLS[kind](scripted_client(server)).status == "completed"
    gaps = _gaps(server)
    assert len(gaps) == 3 and min(gaps) >= 0.02
    # Three polls 20 ms apart; the 1 s default (or any fixed interval) would take 3 s or more.
    assert sum(gaps) < 2.0


def test_a_failed_file_is_returned_not_raised(server: Scripted) -> None:
    server.reply(200, FILE)
    server.reply(200, {**FILE, "status": "failed",
                       "last_error": {"code": "unsupported_file", "message": "bad"}})
    done = scripted_client(server).vector_stores.files.poll(
        "file-1", vector_store_id="vs_1", poll_interval_ms=1
    )
    assert done.status == "failed"
    assert done.last_error is not None and done.last_error.code == "unsupported_file"


def test_an_unknown_status_stops_polling_at_once(server: Scripted) -> None:
    server.reply(200, FILE)
    server.reply(200, {**FILE, "status": "reticulating"})
    with pytest.raises(UnexpectedStatusError) as caught:
        scripted_client(server).vector_stores.files.poll(
            "file-1", vector_store_id="vs_1", poll_interval_ms=1
        )
    assert caught.value.last.status == "reticulating"
    assert len(server.seen) == 2


def test_wait_for_processing_raises_on_error(server: Scripted) -> None:
    server.reply(200, UPLOAD)
    server.reply(200, {**UPLOAD, "status": "error", "status_details": "not a text file"})
    with pytest.raises(FileProcessingError) as caught:
        scripted_client(server).files.wait_for_processing("file-1", poll_interval_s=0.01)
    assert caught.value.file.status == "error"
    assert "not a text file" in str(caught.value) and "file-1" in str(caught.value)


def test_wait_for_processing_deadline(server: Scripted) -> None:
    for _ in range(200):
        server.reply(200, UPLOAD)
    started = time.monotonic()
    with pytest.raises(PollTimeoutError) as caught:
        scripted_client(server).files.wait_for_processing(
            "file-1", poll_interval_s=0.02, max_wait=0.3
        )
    assert 0.3 <= time.monotonic() - started < 3
    assert caught.value.last.status == "uploaded"


def test_wait_for_processing_returns_a_file_without_status(server: Scripted) -> None:
    server.reply(200, {k: v for k, v in UPLOAD.items() if k != "status"})
    done = scripted_client(server).files.wait_for_processing("file-1")
    assert done.status is None and len(server.seen) == 1


class _VirtualTime:
    """Stands in for the ``time`` module the poll helpers read: records each wait exactly
    and moves a virtual clock instead of sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.waits: List[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds


@pytest.mark.parametrize("kind", list(POLLS))
@pytest.mark.parametrize(("hint_ms", "expected"), [("1200", 1.2), ("20", 0.02), (None, 1.0)])
def test_the_poll_interval_is_the_servers_hint_exactly(
    server: Scripted, kind: str, hint_ms: Any, expected: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiassist.polling

    virtual = _VirtualTime()
    monkeypatch.setattr(multiassist.polling, "time", virtual)
    headers = {"openai-poll-after-ms": hint_ms} if hint_ms else {}
    for _ in range(3):
        server.reply(200, WORKING[kind], headers=headers)
    server.reply(200, DONE[kind])
    assert POLLS[kind](scripted_client(server)).status == "completed"
    # No hint: the documented 1 s default; a hint: exactly that, never stretched or clipped.
    assert virtual.waits == [expected] * 3
