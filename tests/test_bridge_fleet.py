"""A fleet of bridge hosts on one PostgreSQL store: four processes with their own home and
data directories, sharing only the database, create and run on threads that the others then
list and retrieve; and when they all start a run on one thread at once, exactly one gets it."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Iterator, List

import pytest

from multiassist import AssistantsClient
from multiassist.testing import Emulator

import fleet_worker

WORKERS = 4
THREADS_EACH = 5
WEATHER = {"type": "function", "function": {
    "name": "get_weather",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                   "required": ["city"]}}}


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator(flavor="openai") as running:
        yield running


def homes(root: Path, count: int) -> List[Path]:
    made = []
    for n in range(count):
        home = root / f"host{n}"
        home.mkdir()
        made.append(home)
    return made


def test_four_hosts_share_one_postgresql_store(
    emu: Emulator, postgres_url: str, tmp_path: Path
) -> None:
    with AssistantsClient(provider="openai-responses", base_url=emu.base_url,
                          api_key=emu.api_key, store=postgres_url) as admin:
        assistant = admin.beta.assistants.create(model="gpt-4o", tools=[WEATHER])
    common = [emu.base_url, emu.api_key, postgres_url, assistant.id]
    hosts = homes(tmp_path, WORKERS)

    made = fleet_worker.spawn("create", common, [str(THREADS_EACH)] * WORKERS, hosts)
    assert [m["errors"] for m in made] == [[]] * WORKERS
    assert [len(m["threads"]) for m in made] == [THREADS_EACH] * WORKERS
    record = tmp_path / "made.json"
    record.write_text(json.dumps(made))

    checked = fleet_worker.spawn("verify", common, [str(record)] * WORKERS, hosts)
    assert [c["errors"] for c in checked] == [[]] * WORKERS
    assert [c["listed"] for c in checked] == [WORKERS * THREADS_EACH] * WORKERS
    assert [c["checked"] for c in checked] == [(WORKERS - 1) * THREADS_EACH] * WORKERS
    assert not any((home / "data" / "multiassist").exists() for home in hosts)  # no SQLite

    with AssistantsClient(provider="openai-responses", base_url=emu.base_url,
                          api_key=emu.api_key, store=postgres_url) as admin:
        runs = admin.beta.threads.runs
        for made_by in made:  # each thread: its own run, and the neighbour's for the first
            for n, thread_id in enumerate(made_by["threads"]):
                assert len(runs.list(thread_id).data) == (2 if n == 0 else 1)
        shared = admin.beta.threads.create(
            messages=[{"role": "user", "content": "call get_weather city=Rome"}])
        start = time.time() + 2.0
        tries = fleet_worker.spawn("contend", common, [f"{shared.id}@{start}"] * WORKERS, hosts)
        winners = [t["run"] for t in tries if t["run"]]
        assert len(winners) == 1, tries
        assert all("already has an active run" in t["refused"] for t in tries if not t["run"])
        assert [r.id for r in runs.list(shared.id)] == winners
