"""The Emulator object itself: configuration, lifecycle, request log, transport details.

These need no spec files, so they also run in a fresh clone without ``../shared``.
"""

from __future__ import annotations

import http.client
import socket
import threading
from typing import Any, Dict

import pytest
import requests

from multiassist.testing import Emulator
from multiassist.testing.wire.multipart import parse_header_params, parse_multipart

OPENAI_HEADERS = {"Authorization": "Bearer emulator-key", "OpenAI-Beta": "assistants=v2"}


def post(emu: Emulator, path: str, body: Dict[str, Any]) -> Dict[str, Any]:
    response = requests.post(emu.base_url + path, json=body, headers=OPENAI_HEADERS, timeout=10)
    assert response.status_code == 200, response.text
    result: Dict[str, Any] = response.json()
    return result


def test_properties_and_defaults() -> None:
    with pytest.raises(ValueError):
        Emulator("bedrock")
    emu = Emulator("azure", api_key="k1")
    assert emu.api_key == "k1" and emu.api_version == "2025-04-01-preview"
    assert emu.deployments == {"gpt-4o": "gpt-4o", "gpt-4o-mini": "gpt-4o-mini"}
    assert "2024-05-01-preview" in emu.api_versions and "2025-04-01-preview" in emu.api_versions
    with pytest.raises(RuntimeError):
        _ = emu.base_url  # not started yet
    with emu:
        assert emu.endpoint == f"http://127.0.0.1:{emu.port}"
        assert emu.base_url == emu.endpoint + "/openai"
    with Emulator() as openai_emu:
        assert openai_emu.base_url == openai_emu.endpoint + "/v1"
        assert openai_emu.api_key == "emulator-key"


def test_recorded_requests() -> None:
    with Emulator() as emu:
        requests.post(
            emu.base_url + "/threads/thread%2Fx/messages",
            params={"a": "1", "b": ""},
            json={"role": "user", "content": "hi"},
            headers={**OPENAI_HEADERS, "X-Custom": "Yes"},
            timeout=10,
        )
        requests.post(
            emu.base_url + "/files",
            files={"file": ("f.txt", b"abc")},
            data={"purpose": "batch"},
            headers=OPENAI_HEADERS,
            timeout=10,
        )
        first, second = emu.requests
        assert (first.method, first.path) == ("POST", "/v1/threads/thread%2Fx/messages")
        assert first.query == {"a": "1", "b": ""}
        assert first.headers["x-custom"] == "Yes"
        assert first.headers["openai-beta"] == "assistants=v2"
        assert first.json == {"role": "user", "content": "hi"}
        assert first.body == b'{"role": "user", "content": "hi"}'
        assert second.json is None and b"abc" in second.body
        assert second.headers["content-type"].startswith("multipart/form-data")


def test_concurrent_requests_are_all_recorded() -> None:
    with Emulator() as emu:
        thread = post(emu, "/threads", {})

        def worker(index: int) -> None:
            with requests.Session() as session:
                for n in range(5):
                    session.post(
                        f"{emu.base_url}/threads/{thread['id']}/messages",
                        json={"role": "user", "content": f"{index}-{n}"},
                        headers=OPENAI_HEADERS,
                        timeout=10,
                    ).raise_for_status()

        workers = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        assert len(emu.requests) == 1 + 40
        listing = requests.get(
            f"{emu.base_url}/threads/{thread['id']}/messages",
            params={"limit": 100},
            headers=OPENAI_HEADERS,
            timeout=10,
        ).json()
        assert len(listing["data"]) == 40 and len({m["id"] for m in listing["data"]}) == 40


def test_run_steps_to_complete_is_configurable() -> None:
    cases = ((1, ["completed"]), (3, ["in_progress", "in_progress", "completed"]))
    for steps, statuses in cases:
        with Emulator(run_steps_to_complete=steps) as emu:
            assistant = post(emu, "/assistants", {"model": "gpt-4o"})
            run = post(emu, "/threads/runs", {"assistant_id": assistant["id"]})
            url = f"{emu.base_url}/threads/{run['thread_id']}/runs/{run['id']}"
            seen = [
                requests.get(url, headers=OPENAI_HEADERS, timeout=10).json()["status"]
                for _ in statuses
            ]
            assert seen == statuses
    with pytest.raises(ValueError):
        Emulator(run_steps_to_complete=0)


def test_chunked_body_and_head() -> None:
    with Emulator() as emu:
        connection = http.client.HTTPConnection("127.0.0.1", emu.port, timeout=10)
        try:
            chunks = iter([b'{"metadata": ', b'{"via": "chunks"}}'])
            connection.request(
                "POST", "/v1/threads", body=chunks, headers=OPENAI_HEADERS, encode_chunked=True
            )
            response = connection.getresponse()
            assert response.status == 200
            assert b'"via": "chunks"' in response.read()
            connection.request("HEAD", "/v1/assistants", headers=OPENAI_HEADERS)
            response = connection.getresponse()
            assert response.status == 404 and response.read() == b""
        finally:
            connection.close()


def test_stop_releases_the_port() -> None:
    emu = Emulator().start()
    port = emu.port
    session = requests.Session()  # keeps a keep-alive connection open across stop()
    reply = session.get(emu.base_url + "/files", headers=OPENAI_HEADERS, timeout=10)
    assert reply.status_code == 200
    emu.stop()
    emu.stop()  # idempotent
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://127.0.0.1:{port}/v1/files", timeout=2)
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
    again = Emulator(port=port).start()
    try:
        assert again.port == port
    finally:
        again.stop()
        session.close()


def test_multipart_parser_edge_cases() -> None:
    kind, params = parse_header_params(
        'form-data; name="file"; filename="a \\"b\\"; c.txt"; filename*=UTF-8\'\'%C3%A9.txt'
    )
    assert kind == "form-data" and params == {"name": "file", "filename": "é.txt"}
    body = (
        b"--XyZ\r\n"
        b'Content-Disposition: form-data; name="purpose"\r\n\r\n'
        b"assistants\r\n"
        b"--XyZ\r\n"
        b'Content-Disposition: form-data; name="file"; filename="x.bin"\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n"
        b"\r\n--XyZ-not-a-boundary\r\n\r\n"
        b"--XyZ--\r\n"
    )
    purpose, upload = parse_multipart(body, 'multipart/form-data; boundary="XyZ"')
    assert (purpose.name, purpose.text()) == ("purpose", "assistants")
    assert upload.filename == "x.bin" and upload.content_type == "application/octet-stream"
    assert upload.data == b"\r\n--XyZ-not-a-boundary\r\n"


def test_bearer_tokens_can_be_accepted_and_revoked() -> None:
    with Emulator("azure") as emu:
        url = emu.base_url + "/assistants"
        params = {"api-version": emu.api_version}
        bearer = {"Authorization": "Bearer entra-1"}
        assert requests.get(url, params=params, headers=bearer, timeout=10).status_code == 401
        emu.accept_token("entra-1")
        assert requests.get(url, params=params, headers=bearer, timeout=10).status_code == 200
        emu.revoke_token("entra-1")
        emu.revoke_token("never-added")
        assert requests.get(url, params=params, headers=bearer, timeout=10).status_code == 401
        assert emu.requests[-1].raw_path == emu.requests[-1].path == "/openai/assistants"
