"""``make bench`` (async part): runs per second and client CPU per run at 50 concurrent runs.

One "run" is what an asyncio service does per request: post a user message, start a
streamed run and read its events to the end (``thread_events_20``: 20 text deltas plus the
lifecycle events), then retrieve the run -- three HTTP requests.  Each contender runs the
same number of runs, 50 at a time, on one event loop against the loopback server of
:mod:`bench` (its own process, so its CPU is not counted); contenders take turns round by
round and the medians are printed.

Contenders: ``multiassist.AsyncAssistantsClient`` (its aiohttp transport), ``openai.AsyncOpenAI``
when importable, and the two HTTP libraries the async extra could be built on, driven
directly (requests sent, JSON parsed to dicts, SSE lines split): ``httpx.AsyncClient`` and
``aiohttp.ClientSession``.  The issue's goal is printed as PASS/MISS: multiassist at least
openai-python's throughput at no more than half its CPU per run.

    python tests/benchmarks/bench_async.py [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import statistics
import sys
import time
import warnings
from pathlib import Path
from typing import Awaitable, Callable, Dict, List, Optional, Sequence, Tuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench import (  # noqa: E402
    API_KEY,
    ASSISTANT_ID,
    MESSAGE_TEXT,
    RUN_ID,
    import_multiassist,
    loopback_server,
)

CONCURRENCY = 50
STREAM_THREAD = "thread_events_20"
THROUGHPUT_MIN = 1.0  # x openai.AsyncOpenAI's runs per second
CPU_MAX = 0.5  # x openai.AsyncOpenAI's CPU per run

Runner = Callable[[], Awaitable[int]]


class Contender:
    name = ""

    async def start(self, base_url: str) -> None:
        raise NotImplementedError

    async def run(self) -> int:
        """One run; returns how many stream events were read (checked, not timed)."""
        raise NotImplementedError

    async def close(self) -> None:
        pass


class Multiassist(Contender):
    name = "multiassist async (aiohttp)"

    async def start(self, base_url: str) -> None:
        multiassist = import_multiassist()
        self.client = multiassist.AsyncAssistantsClient(
            provider="openai", base_url=base_url, api_key=API_KEY, max_retries=0,
            max_connections=CONCURRENCY)

    async def run(self) -> int:
        runs = self.client.beta.threads.runs
        await self.client.beta.threads.messages.create(
            STREAM_THREAD, role="user", content=MESSAGE_TEXT)
        count = 0
        async with runs.stream(STREAM_THREAD, assistant_id=ASSISTANT_ID) as events:
            async for _ in events:
                count += 1
        await runs.retrieve(RUN_ID, thread_id=STREAM_THREAD)
        return count

    async def close(self) -> None:
        await self.client.close()


class OpenAIPython(Contender):
    name = "openai.AsyncOpenAI"

    async def start(self, base_url: str) -> None:
        import httpx
        import openai

        self.client = openai.AsyncOpenAI(
            api_key=API_KEY, base_url=base_url, max_retries=0,
            http_client=httpx.AsyncClient(limits=httpx.Limits(
                max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)))

    async def run(self) -> int:
        runs = self.client.beta.threads.runs
        await self.client.beta.threads.messages.create(
            STREAM_THREAD, role="user", content=MESSAGE_TEXT)
        count = 0
        async with runs.stream(thread_id=STREAM_THREAD, assistant_id=ASSISTANT_ID) as events:
            async for _ in events:
                count += 1
        await runs.retrieve(RUN_ID, thread_id=STREAM_THREAD)
        return count

    async def close(self) -> None:
        await self.client.close()


HEADERS = {"Authorization": f"Bearer {API_KEY}", "OpenAI-Beta": "assistants=v2",
           "Content-Type": "application/json"}


def _count_events(lines: List[str]) -> int:
    return sum(1 for line in lines if line.startswith("event:") and line != "event: done")


class RawHttpx(Contender):
    name = "raw httpx.AsyncClient"

    async def start(self, base_url: str) -> None:
        import httpx

        self.base = base_url
        self.client = httpx.AsyncClient(limits=httpx.Limits(
            max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY))

    async def run(self) -> int:
        base, client = self.base, self.client
        answer = await client.post(f"{base}/threads/{STREAM_THREAD}/messages", headers=HEADERS,
                                   content=json.dumps({"role": "user", "content": MESSAGE_TEXT}))
        answer.raise_for_status()
        answer.json()
        lines: List[str] = []
        async with client.stream("POST", f"{base}/threads/{STREAM_THREAD}/runs", headers=HEADERS,
                                 content=json.dumps({"assistant_id": ASSISTANT_ID,
                                                     "stream": True})) as streamed:
            async for line in streamed.aiter_lines():
                if line.startswith("data:") and line != "data: [DONE]":
                    json.loads(line[5:])
                lines.append(line)
        answer = await client.get(f"{base}/threads/{STREAM_THREAD}/runs/{RUN_ID}",
                                  headers=HEADERS)
        answer.raise_for_status()
        answer.json()
        return _count_events(lines)

    async def close(self) -> None:
        await self.client.aclose()


class RawAiohttp(Contender):
    name = "raw aiohttp.ClientSession"

    async def start(self, base_url: str) -> None:
        import aiohttp

        self.base = base_url
        self.session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=CONCURRENCY))

    async def run(self) -> int:
        base, session = self.base, self.session
        async with session.post(f"{base}/threads/{STREAM_THREAD}/messages", headers=HEADERS,
                                data=json.dumps({"role": "user",
                                                 "content": MESSAGE_TEXT})) as answer:
            answer.raise_for_status()
            json.loads(await answer.read())
        lines: List[str] = []
        async with session.post(f"{base}/threads/{STREAM_THREAD}/runs", headers=HEADERS,
                                data=json.dumps({"assistant_id": ASSISTANT_ID,
                                                 "stream": True})) as streamed:
            async for raw in streamed.content:
                line = raw.decode("utf-8").rstrip("\r\n")
                if line.startswith("data:") and line != "data: [DONE]":
                    json.loads(line[5:])
                lines.append(line)
        async with session.get(f"{base}/threads/{STREAM_THREAD}/runs/{RUN_ID}",
                               headers=HEADERS) as answer:
            answer.raise_for_status()
            json.loads(await answer.read())
        return _count_events(lines)

    async def close(self) -> None:
        await self.session.close()


async def measure(contender: Contender, runs: int) -> Tuple[float, float, List[int]]:
    """(wall seconds, client CPU seconds, events read per run) for ``runs`` runs,
    ``CONCURRENCY`` at a time."""
    gate = asyncio.Semaphore(CONCURRENCY)

    async def one() -> int:
        async with gate:
            return await contender.run()

    cpu, wall = time.process_time(), time.perf_counter()
    counts = await asyncio.gather(*(one() for _ in range(runs)))
    return time.perf_counter() - wall, time.process_time() - cpu, list(counts)


def available(contenders: Sequence[Contender]) -> List[Contender]:
    usable = []
    for contender in contenders:
        needs = {"openai.AsyncOpenAI": "openai", "raw httpx.AsyncClient": "httpx"}.get(
            contender.name, "aiohttp")
        try:
            importlib.import_module(needs)
        except ImportError:
            print(f"({contender.name}: {needs} is not installed; skipped)")
            continue
        usable.append(contender)
    return usable


async def bench(base_url: str, rounds: int, runs: int) -> Dict[str, Dict[str, float]]:
    contenders = available([Multiassist(), OpenAIPython(), RawHttpx(), RawAiohttp()])
    for contender in contenders:
        await contender.start(base_url)
    samples: Dict[str, List[Tuple[float, float]]] = {c.name: [] for c in contenders}
    events: Dict[str, set] = {c.name: set() for c in contenders}
    try:
        for contender in contenders:  # warm-up: connections, imports, caches
            await measure(contender, CONCURRENCY)
        for _ in range(rounds):
            for contender in contenders:
                wall, cpu, counts = await measure(contender, runs)
                samples[contender.name].append((wall, cpu))
                events[contender.name].update(counts)
    finally:
        for contender in contenders:
            await contender.close()
    results = {}
    for name, pairs in samples.items():
        results[name] = {
            "runs_per_s": statistics.median(runs / wall for wall, _ in pairs),
            "cpu_ms_per_run": statistics.median(cpu / runs * 1000 for _, cpu in pairs),
            "cpu_ms_per_call": statistics.median(cpu / runs / 3 * 1000 for _, cpu in pairs),
        }
    if len({frozenset(found) for found in events.values()}) != 1:
        raise SystemExit(f"contenders read different event counts: {events}")
    return results


def report(results: Dict[str, Dict[str, float]], runs: int, rounds: int) -> int:
    print(f"\nasync: {runs} runs x {rounds} rounds, {CONCURRENCY} concurrent, one event loop; "
          "a run = create message + streamed run (20 deltas) + retrieve run")
    print(f"{'client':30} {'runs/s':>9} {'CPU ms/run':>11} {'CPU ms/call':>12}")
    for name, figures in results.items():
        print(f"{name:30} {figures['runs_per_s']:9.0f} {figures['cpu_ms_per_run']:11.2f} "
              f"{figures['cpu_ms_per_call']:12.2f}")
    ours = results.get(Multiassist.name)
    theirs = results.get(OpenAIPython.name)
    if ours is None or theirs is None:
        print("goal: not checked (openai-python or aiohttp missing)")
        return 0
    speed = ours["runs_per_s"] / theirs["runs_per_s"]
    cpu = ours["cpu_ms_per_run"] / theirs["cpu_ms_per_run"]
    print(f"goal: throughput {speed:.2f}x openai.AsyncOpenAI (>= {THROUGHPUT_MIN}x) "
          f"{'PASS' if speed >= THROUGHPUT_MIN else 'MISS'}; CPU per run {cpu:.2f}x "
          f"(<= {CPU_MAX}x) {'PASS' if cpu <= CPU_MAX else 'MISS'}")
    return 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short smoke run")
    args = parser.parse_args(argv)
    rounds, runs = (1, 100) if args.quick else (5, 500)
    warnings.filterwarnings("ignore", category=DeprecationWarning)  # openai: Assistants API
    with loopback_server() as base_url:
        results = asyncio.run(bench(base_url, rounds, runs))
    return report(results, runs, rounds)


if __name__ == "__main__":
    sys.exit(main())
