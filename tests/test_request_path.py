"""Every call takes one path: per-call options reach the wire the same way on every backend
(HTTP and Responses bridge, plain and streamed), and the transport's fast path is used only on
the ``requests`` releases it was written for."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import pytest
import requests

import multiassist
from multiassist import AssistantsClient
from multiassist.http.prepare import is_tested_requests_release
from multiassist.testing import Emulator
from tests.test_scenarios import BACKENDS, bridge_client

BRIDGES = ("openai-responses", "azure-responses", "azure-responses-no-conversations",
           "foundry-responses")


@pytest.fixture(params=list(BACKENDS))
def backend(request: pytest.FixtureRequest,
            tmp_path: Path) -> Iterator[Tuple[str, Emulator, AssistantsClient]]:
    name = request.param
    with Emulator(deployments={"gpt-4o": "dep-4o"}, **BACKENDS[name]) as emu:
        if name in BRIDGES:
            client = bridge_client(name, emu, tmp_path / "bridge.sqlite3")
        else:
            client = emu.client(deployments={"gpt-4o": "dep-4o"})
        with client:
            yield name, emu, client


OPTIONS: Dict[str, Any] = dict(
    extra_headers={"X-Trace": "t-1"}, extra_query={"trace": "1"}, timeout=30.0,
)


def marked(emu: Emulator, start: int) -> List[Any]:
    return [r for r in emu.requests[start:] if r.headers.get("x-trace") == "t-1"]


def test_per_call_options_reach_the_wire_on_every_backend(
    backend: Tuple[str, Emulator, AssistantsClient]
) -> None:
    name, emu, client = backend
    assistant = client.beta.assistants.create(model="gpt-4o", name="a")
    thread = client.beta.threads.create()
    client.beta.threads.messages.create(thread.id, role="user", content="hello")

    # A plain call: the one request (or every request a bridge makes) carries them.
    start = len(emu.requests)
    client.files.list(**OPTIONS)
    sent = marked(emu, start)
    assert sent and all(r.query.get("trace") == "1" for r in sent)

    # extra_body reaches what the backend maps: the run's metadata, on every backend.
    start = len(emu.requests)
    run = client.beta.threads.runs.create_and_poll(
        thread.id, assistant_id=assistant.id, extra_body={"metadata": {"via": "extra"}},
        **OPTIONS)
    assert run.metadata == {"via": "extra"}
    sent = marked(emu, start)
    assert sent and all(r.query.get("trace") == "1" for r in sent)

    # A streamed run: the same options, the same effect (a bridge used to drop them).
    client.beta.threads.messages.create(thread.id, role="user", content="again")
    start = len(emu.requests)
    with client.beta.threads.runs.stream(
        thread.id, assistant_id=assistant.id, extra_body={"metadata": {"via": "stream"}},
        **OPTIONS,
    ) as stream:
        final = stream.get_final_run()
    assert final.status == "completed"
    assert final.metadata == {"via": "stream"}
    sent = marked(emu, start)
    assert sent, f"{name}: the streamed run sent no request with the extra header"
    assert all(r.query.get("trace") == "1" for r in sent)
    if name not in BRIDGES:
        assert sent[0].json["metadata"] == {"via": "stream"}


def test_a_per_call_timeout_applies_on_a_bridge_too(tmp_path: Path) -> None:
    with Emulator(flavor="openai") as emu:
        client = bridge_client("openai-responses", emu, tmp_path / "b.sqlite3")
        emu.inject("delay_after_apply", route="GET /files", seconds=1.0)
        with client, pytest.raises(multiassist.APITimeoutError):
            client.with_options(max_retries=0).files.list(timeout=0.2)


# --- the transport's fast path --------------------------------------------------------------


def test_the_is_tested_requests_releases() -> None:
    assert is_tested_requests_release("2.28.0")
    assert is_tested_requests_release("2.34.2")
    assert not is_tested_requests_release("2.27.1")
    assert not is_tested_requests_release("2.35.0")
    assert not is_tested_requests_release("3.0.0")
    assert not is_tested_requests_release("garbage")
    assert is_tested_requests_release(requests.__version__), (
        "the installed requests is outside the tested range: test it and widen the range"
    )


def test_an_unis_tested_requests_release_goes_through_session_request(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: List[str] = []
    original = requests.Session.request

    def counting(self: requests.Session, method: str, url: str, **kw: Any) -> Any:
        calls.append(method)
        return original(self, method, url, **kw)

    monkeypatch.setattr(requests.Session, "request", counting)
    with Emulator(flavor="openai") as emu, emu.client() as client:
        client.beta.threads.create()
        assert calls == []  # the direct path on the release it was written for
        monkeypatch.setattr(requests, "__version__", "2.99.0")
        thread = client.beta.threads.create(metadata={"k": "v"})
        assert calls == ["POST"]
        assert client.beta.threads.retrieve(thread.id).metadata == {"k": "v"}
