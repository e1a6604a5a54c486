"""Property tests of the emulator: uploads round-trip any bytes, cursors walk every page."""

from __future__ import annotations

from typing import Any, Dict, Iterator, List

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from multiassist.testing import Emulator

HEADERS = {"Authorization": "Bearer emulator-key", "OpenAI-Beta": "assistants=v2"}
FAST = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator() as running:
        yield running


@FAST
@given(
    payload=st.binary(max_size=2048),
    name=st.text(st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1, max_size=30),
)
def test_upload_download_roundtrip(emu: Emulator, payload: bytes, name: str) -> None:
    created = requests.post(
        emu.base_url + "/files",
        files={"file": (name, payload)},
        data={"purpose": "user_data"},
        headers=HEADERS,
        timeout=10,
    )
    assert created.status_code == 200, created.text
    file_id = created.json()["id"]
    assert created.json()["bytes"] == len(payload)
    content = requests.get(f"{emu.base_url}/files/{file_id}/content", headers=HEADERS, timeout=10)
    assert content.content == payload


@pytest.fixture(scope="module")
def thread_ids(emu: Emulator) -> Dict[int, List[str]]:
    """Threads holding 0..7 messages: [thread id] + the message ids in creation order, as
    each create answered them (not as the emulator lists them: that is under test)."""
    result: Dict[int, List[str]] = {}
    for size in range(8):
        thread = requests.post(emu.base_url + "/threads", json={}, headers=HEADERS, timeout=10)
        thread_id = thread.json()["id"]
        created = [
            requests.post(f"{emu.base_url}/threads/{thread_id}/messages",
                          json={"role": "user", "content": f"m{i}"}, headers=HEADERS,
                          timeout=10).json()["id"]
            for i in range(size)
        ]
        result[size] = [thread_id, *created]
    return result


@FAST
@given(size=st.integers(0, 7), limit=st.integers(1, 8), order=st.sampled_from(["asc", "desc"]))
def test_cursor_walks_cover_the_list(
    emu: Emulator, thread_ids: Dict[int, List[str]], size: int, limit: int, order: str
) -> None:
    thread_id, *ids = thread_ids[size]
    expected = ids if order == "asc" else ids[::-1]
    url = f"{emu.base_url}/threads/{thread_id}/messages"

    def page(**cursor: str) -> Dict[str, Any]:
        params: Dict[str, Any] = {"limit": limit, "order": order, **cursor}
        result: Dict[str, Any] = requests.get(
            url, params=params, headers=HEADERS, timeout=10
        ).json()
        return result

    forward: List[str] = []
    current = page()
    while True:
        forward += [m["id"] for m in current["data"]]
        if not current["has_more"]:
            break
        current = page(after=current["last_id"])
    assert forward == expected

    if expected:
        backward: List[str] = []
        current = page(before=expected[-1])
        backward = [m["id"] for m in current["data"]]
        while current["has_more"]:
            current = page(before=current["first_id"])
            backward = [m["id"] for m in current["data"]] + backward
        assert backward == expected[:-1]
