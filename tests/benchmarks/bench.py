"""``make bench``: multiassist's client-side cost against raw requests+json and openai-python.

A loopback server (:mod:`loopback_server`, in its own process so its CPU is not counted)
answers canned, spec-shaped JSON. For each operation this script measures the client
process's CPU time (``time.process_time``) and wall time per call, with the clients taking
turns round by round, and prints medians, ratios and the issue's targets as PASS/MISS:

- ``import multiassist`` <= 0.4x ``import openai`` (fresh interpreters, bytecode on);
- per-call CPU <= 0.45x openai-python and <= 1.35x raw ``requests.Session`` + ``json``;
- typed stream events/s >= 5x openai-python's;
- auto-pagination memory constant (peak for 10,000 messages ~ peak for 1,000).

Needs only the standard library, requests and multiassist; openai-python is measured when
it is importable. ``--quick`` for a smoke run, ``--profile`` for a cProfile of multiassist's
side of each operation. Run from anywhere: ``python tests/benchmarks/bench.py``.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime
import gc
import http.client
import importlib
import io
import json
import os
import platform
import pstats
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
import warnings
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple

import requests
import requests.sessions
import requests.utils

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SERVER_SCRIPT = HERE / "loopback_server.py"

API_KEY = "sk-bench-not-a-real-key"
THREAD_ID = "thread_bench"
RUN_ID = "run_bench000000000000000000001"
ASSISTANT_ID = "asst_bench0000000000000000001"
MESSAGE_TEXT = "Please summarise the attached quarterly report in three bullet points."
LIFECYCLE_EVENTS = 11  # run/step/message lifecycle events and done around the deltas

# Targets from the issue "CLI, fixture, logging, benchmark", item 4.
IMPORT_RATIO_MAX = 0.4
CPU_VS_OPENAI_MAX = 0.45
CPU_VS_RAW_MAX = 1.35
STREAM_SPEEDUP_MIN = 5.0
MEMORY_GROWTH_MAX = 1.25  # peak(10k messages) / peak(1k messages) still counts as constant

ENV_LOOKUP_CALLS = 20

OPERATIONS = ("list 20 messages", "retrieve run", "create message")


def import_multiassist() -> Any:
    """multiassist as installed, else from this checkout."""
    try:
        return importlib.import_module("multiassist")
    except ImportError:
        sys.path.insert(0, str(REPO))
        return importlib.import_module("multiassist")


def import_openai() -> Optional[Any]:
    try:
        return importlib.import_module("openai")
    except ImportError:
        return None


# --- the server -----------------------------------------------------------------------


@contextlib.contextmanager
def loopback_server() -> Iterator[str]:
    """Start the server in a subprocess; yield its base URL (``http://127.0.0.1:<port>/v1``)."""
    process = subprocess.Popen(
        [sys.executable, str(SERVER_SCRIPT)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert process.stdout is not None
        port = int(process.stdout.readline())
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        assert process.stdin is not None
        process.stdin.close()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class ServerStats:
    """Reads the server's accepted-connection count over one connection of its own."""

    def __init__(self, base_url: str) -> None:
        host_port = base_url.split("//", 1)[1].split("/", 1)[0]
        self._connection = http.client.HTTPConnection(host_port)

    def connections(self) -> int:
        self._connection.request("GET", "/v1/stats")
        return int(json.loads(self._connection.getresponse().read())["connections"])

    def close(self) -> None:
        self._connection.close()


# --- the clients under test -----------------------------------------------------------


class BenchClient:
    """One way of making the four calls; each method returns a count to check results."""

    name = ""

    def list_messages(self) -> int:
        raise NotImplementedError

    def retrieve_run(self) -> int:
        raise NotImplementedError

    def create_message(self) -> int:
        raise NotImplementedError

    def stream(self, thread_id: str) -> int:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def operation(self, name: str) -> Callable[[], int]:
        return {
            "list 20 messages": self.list_messages,
            "retrieve run": self.retrieve_run,
            "create message": self.create_message,
        }[name]


class MultiassistBench(BenchClient):
    name = "multiassist"

    def __init__(self, base_url: str) -> None:
        multiassist = import_multiassist()
        self.client = multiassist.AssistantsClient(
            provider="openai", base_url=base_url, api_key=API_KEY, max_retries=0
        )

    def list_messages(self) -> int:
        return len(self.client.beta.threads.messages.list(THREAD_ID, limit=20).data)

    def retrieve_run(self) -> int:
        return len(self.client.beta.threads.runs.retrieve(RUN_ID, thread_id=THREAD_ID).tools)

    def create_message(self) -> int:
        return len(self.client.beta.threads.messages.create(
            THREAD_ID, role="user", content=MESSAGE_TEXT).content)

    def stream(self, thread_id: str) -> int:
        count = 0
        with self.client.beta.threads.runs.stream(thread_id, assistant_id=ASSISTANT_ID) as events:
            for _ in events:
                count += 1
        return count + 1  # like openai-python, the stream ends at `done` without yielding it

    def close(self) -> None:
        self.client.close()


class RawBench(BenchClient):
    """The floor: the same requests with a ``requests.Session``, JSON parsed into dicts."""

    name = "raw requests"

    def __init__(self, base_url: str, *, trust_env: bool = True) -> None:
        self.base_url = base_url
        self.session = requests.Session()
        self.session.trust_env = trust_env
        if not trust_env:
            self.name = "raw, trust_env=False"
        self.headers = {"Authorization": f"Bearer {API_KEY}", "OpenAI-Beta": "assistants=v2"}

    def _get(self, path: str, **kwargs: Any) -> Any:
        response = self.session.get(self.base_url + path, headers=self.headers, **kwargs)
        response.raise_for_status()
        return response.json()

    def list_messages(self) -> int:
        return len(self._get(f"/threads/{THREAD_ID}/messages", params={"limit": 20})["data"])

    def retrieve_run(self) -> int:
        return len(self._get(f"/threads/{THREAD_ID}/runs/{RUN_ID}")["tools"])

    def create_message(self) -> int:
        response = self.session.post(
            f"{self.base_url}/threads/{THREAD_ID}/messages", headers=self.headers,
            json={"role": "user", "content": MESSAGE_TEXT},
        )
        response.raise_for_status()
        return len(response.json()["content"])

    def stream(self, thread_id: str) -> int:
        response = self.session.post(
            f"{self.base_url}/threads/{thread_id}/runs", headers=self.headers,
            json={"assistant_id": ASSISTANT_ID, "stream": True}, stream=True,
        )
        response.raise_for_status()
        events: List[Tuple[str, Any]] = []
        pending = b""
        with response:
            for chunk in response.iter_content(chunk_size=None):
                pending += chunk
                *blocks, pending = pending.split(b"\n\n")
                for block in blocks:
                    name, data = "message", []
                    for line in block.split(b"\n"):
                        if line.startswith(b"event:"):
                            name = line[6:].strip().decode()
                        elif line.startswith(b"data:"):
                            data.append(line[5:].strip())
                    payload = b"\n".join(data)
                    events.append((name, payload if name == "done" else json.loads(payload)))
        return len(events)

    def close(self) -> None:
        self.session.close()


class OpenAIBench(BenchClient):
    name = "openai-python"

    def __init__(self, base_url: str) -> None:
        openai = import_openai()
        assert openai is not None
        self.client = openai.OpenAI(base_url=base_url, api_key=API_KEY, max_retries=0)

    def list_messages(self) -> int:
        return len(self.client.beta.threads.messages.list(THREAD_ID, limit=20).data)

    def retrieve_run(self) -> int:
        return len(self.client.beta.threads.runs.retrieve(RUN_ID, thread_id=THREAD_ID).tools)

    def create_message(self) -> int:
        return len(self.client.beta.threads.messages.create(
            THREAD_ID, role="user", content=MESSAGE_TEXT).content)

    def stream(self, thread_id: str) -> int:
        count = 0
        for _ in self.client.beta.threads.runs.create(
            thread_id, assistant_id=ASSISTANT_ID, stream=True
        ):
            count += 1
        return count + 1  # openai-python consumes `done` without yielding it

    def close(self) -> None:
        self.client.close()


# --- measuring ------------------------------------------------------------------------


def timed_batch(call: Callable[[], int], calls: int) -> Tuple[float, float]:
    """(CPU seconds, wall seconds) per call over ``calls`` calls."""
    gc.collect()
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(calls):
        call()
    return (time.process_time() - cpu) / calls, (time.perf_counter() - wall) / calls


Samples = Dict[Tuple[str, str], Dict[str, List[float]]]


def measure_calls(clients: Sequence[BenchClient], rounds: int, calls: int) -> Samples:
    """Per-call CPU and wall samples for each (operation, client), clients taking turns."""
    samples: Samples = {}
    expected = {"list 20 messages": 20, "retrieve run": 3, "create message": 1}
    for client in clients:  # warm-up: connections, converter hooks, lazy imports
        for operation in OPERATIONS:
            got = client.operation(operation)()
            if got != expected[operation]:
                raise SystemExit(f"{client.name} {operation}: got {got}, "
                                 f"want {expected[operation]}")
            timed_batch(client.operation(operation), 5)
    for _ in range(rounds):
        for operation in OPERATIONS:
            for client in clients:
                cpu, wall = timed_batch(client.operation(operation), calls)
                entry = samples.setdefault((operation, client.name), {"cpu": [], "wall": []})
                entry["cpu"].append(cpu)
                entry["wall"].append(wall)
    return samples


def measure_streams(clients: Sequence[BenchClient], rounds: int, deltas: int) -> Samples:
    """CPU and wall seconds to consume one streamed run of ``deltas`` delta events."""
    thread_id = f"thread_events_{deltas}"
    want = deltas + LIFECYCLE_EVENTS
    for client in clients:
        got = client.stream(thread_id)
        if got != want:
            raise SystemExit(f"{client.name} stream: got {got} events, want {want}")
    samples: Samples = {}
    for _ in range(rounds):
        for client in clients:
            cpu, wall = timed_batch(lambda client=client: client.stream(thread_id), 1)
            entry = samples.setdefault(("stream", client.name), {"cpu": [], "wall": []})
            entry["cpu"].append(cpu)
            entry["wall"].append(wall)
    return samples


def count_env_lookups(client: BenchClient, calls: int) -> int:
    """Proxy / netrc environment lookups over ``calls`` calls, the first included (requests
    does them on every request when ``trust_env`` is on)."""
    counter = [0]
    patched = [
        (requests.sessions, "get_environ_proxies"),
        (requests.sessions, "get_netrc_auth"),
        (requests.utils, "get_environ_proxies"),
        (requests.utils, "get_netrc_auth"),
    ]
    originals = [getattr(module, name) for module, name in patched]

    def counting(original: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            counter[0] += 1
            return original(*args, **kwargs)
        return wrapper

    for (module, name), original in zip(patched, originals):
        setattr(module, name, counting(original))
    try:
        for _ in range(calls):
            client.retrieve_run()
    finally:
        for (module, name), original in zip(patched, originals):
            setattr(module, name, original)
    return counter[0]


def connections_per_stream(client: BenchClient, stats: ServerStats, streams: int) -> float:
    """New TCP connections the client opens per streamed run (after a warm one)."""
    client.stream("thread_events_10")
    client.retrieve_run()
    before = stats.connections()
    for _ in range(streams):
        client.stream("thread_events_10")
        client.retrieve_run()
    return (stats.connections() - before) / streams


#: What a fresh interpreter runs per library: the import, then a client and its resource tree
#: (openai-python defers most of its imports to first use, so ``import`` alone flatters it).
STARTUP_CODE = {
    "multiassist": (
        "import multiassist",
        "c = multiassist.AssistantsClient(provider='openai', base_url='http://127.0.0.1:9/v1', "
        "api_key='sk-x'); c.beta.threads.runs.steps; c.beta.threads.messages",
    ),
    "openai": (
        "import openai",
        "c = openai.OpenAI(base_url='http://127.0.0.1:9/v1', api_key='sk-x'); "
        "c.beta.threads.runs.steps; c.beta.threads.messages",
    ),
}


def import_seconds(modules: Sequence[str], repeats: int) -> Dict[str, List[Tuple[float, float]]]:
    """(import, import + client + resources) seconds in fresh interpreters with bytecode
    caching on (this machine's PYTHONDONTWRITEBYTECODE is dropped): one untimed warm-up
    each, then ``repeats`` runs each, the modules taking turns."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))

    def run(module: str) -> Tuple[float, float]:
        load, use = STARTUP_CODE[module]
        code = (f"import time, warnings; warnings.simplefilter('ignore'); "
                f"t = time.perf_counter(); {load}; i = time.perf_counter() - t; {use}; "
                "print(i, time.perf_counter() - t)")
        result = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                                capture_output=True, text=True)
        loaded, used = result.stdout.split()
        return float(loaded), float(used)

    for module in modules:
        run(module)  # writes the .pyc files
    times: Dict[str, List[Tuple[float, float]]] = {module: [] for module in modules}
    for _ in range(repeats):
        for module in modules:
            times[module].append(run(module))
    return times


def memory_child(base_url: str, total: int) -> None:
    """(In a fresh process.) Auto-paginate a ``total``-message thread; print peak memory."""
    multiassist = import_multiassist()
    client = multiassist.AssistantsClient(
        provider="openai", base_url=base_url, api_key=API_KEY, max_retries=0
    )
    for _ in client.beta.threads.messages.list("thread_many_150", limit=100):
        pass  # warm-up: converter hooks, connection
    gc.collect()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    count = 0
    for _ in client.beta.threads.messages.list(f"thread_many_{total}", limit=100):
        count += 1
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"count": count, "peak": peak, "maxrss_kb": rss_after,
                      "maxrss_growth_kb": rss_after - rss_before}))


def measure_memory(base_url: str, total: int) -> Dict[str, int]:
    result = subprocess.run(
        [sys.executable, __file__, "--memory-child", base_url, str(total)],
        check=True, capture_output=True, text=True,
    )
    data: Dict[str, int] = json.loads(result.stdout)
    if data["count"] != total:
        raise SystemExit(f"auto-pagination returned {data['count']} of {total} messages")
    return data


def profile_multiassist(base_url: str, calls: int, deltas: int, top: int) -> None:
    """cProfile multiassist's side of each operation; print the top functions by own time."""
    client = MultiassistBench(base_url)
    thread_id = f"thread_events_{deltas}"
    work: List[Tuple[str, Callable[[], int], int]] = [
        (operation, client.operation(operation), calls) for operation in OPERATIONS
    ]
    work.append((f"stream ({deltas} deltas)", lambda: client.stream(thread_id), 1))
    for title, call, count in work:
        timed_batch(call, 5 if count > 1 else 1)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(count):
            call()
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("tottime").print_stats(top)
        per = "per call" if count > 1 else "per stream"
        print(f"\n=== profile: multiassist {title} ({count} calls; times are totals, divide "
              f"by {count} for {per}) ===")
        print("\n".join(line for line in out.getvalue().splitlines()[4:] if line.strip()))
    client.close()


# --- reporting ------------------------------------------------------------------------


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def versions() -> str:
    found = [f"requests {requests.__version__}"]
    multiassist = import_multiassist()
    found.insert(0, f"multiassist {multiassist.__version__}")
    openai = import_openai()
    if openai is not None:
        found.append(f"openai {openai.__version__}")
    return ", ".join(found)


def print_report(
    *,
    names: Sequence[str],
    calls: Samples,
    streams: Samples,
    deltas: int,
    imports: Dict[str, List[Tuple[float, float]]],
    memory: Dict[int, Dict[str, int]],
    env_lookups: Dict[str, int],
    connections: Dict[str, float],
    settings: str,
) -> bool:
    has_openai = "openai-python" in names
    rule = "-" * 100
    targets: List[Tuple[str, str, bool]] = []
    print(rule)
    print(f"multiassist benchmark  {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
    print(f"machine: {platform.platform()} ({platform.machine()}), "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()} "
          f"({platform.python_implementation()})")
    print(f"versions: {versions()}")
    print(f"settings: {settings}")
    print(rule)

    header = f"{'operation':<20}{'client':<22}{'CPU/call':>11}{'wall/call':>11}{'CPU vs raw':>12}"
    print(header + (f"{'CPU vs openai':>15}" if has_openai else ""))
    floor_vs_openai: List[float] = []
    for operation in OPERATIONS:
        cpu = {name: median(calls[(operation, name)]["cpu"]) for name in names}
        wall = {name: median(calls[(operation, name)]["wall"]) for name in names}
        for index, name in enumerate(names):
            label = operation if index == 0 else ""
            line = f"{label:<20}{name:<22}{cpu[name] * 1e6:>9.0f}µs{wall[name] * 1e6:>9.0f}µs"
            line += f"{cpu[name] / cpu['raw requests']:>11.2f}x"
            if has_openai:
                line += f"{cpu[name] / cpu['openai-python']:>14.2f}x"
            print(line)
        vs_raw = cpu["multiassist"] / cpu["raw requests"]
        targets.append((f"{operation}: CPU <= {CPU_VS_RAW_MAX}x raw requests+json",
                        f"{vs_raw:.2f}x", vs_raw <= CPU_VS_RAW_MAX))
        if has_openai:
            vs_openai = cpu["multiassist"] / cpu["openai-python"]
            targets.append((f"{operation}: CPU <= {CPU_VS_OPENAI_MAX}x openai-python",
                            f"{vs_openai:.2f}x", vs_openai <= CPU_VS_OPENAI_MAX))
            floor_vs_openai.append(cpu["raw, trust_env=False"] / cpu["openai-python"])
    print("multiassist vs raw with trust_env=False (the strict floor): " + ", ".join(
        f"{operation} " + format(median(calls[(operation, "multiassist")]["cpu"])
                                 / median(calls[(operation, "raw, trust_env=False")]["cpu"]),
                                 ".2f") + "x"
        for operation in OPERATIONS))
    if floor_vs_openai and max(floor_vs_openai) > CPU_VS_OPENAI_MAX:
        print(f"note: raw requests with trust_env=False (no multiassist work at all) costs up to "
              f"{max(floor_vs_openai):.2f}x openai-python per call: a {CPU_VS_OPENAI_MAX}x target "
              "needs a send path leaner than requests.Session.request")
    print(rule)

    events = deltas + LIFECYCLE_EVENTS
    print(f"stream: {deltas:,} thread.message.delta + {LIFECYCLE_EVENTS} lifecycle events "
          "(typed events for multiassist / openai-python, dicts for raw)")
    print(f"{'client':<22}{'CPU/stream':>12}{'wall/stream':>13}{'events/s (CPU)':>16}"
          f"{'events/s (wall)':>17}{'µs/event':>10}")
    rate: Dict[str, float] = {}
    wall_rate: Dict[str, float] = {}
    for name in names:
        cpu = median(streams[("stream", name)]["cpu"])
        wall = median(streams[("stream", name)]["wall"])
        rate[name] = events / cpu
        wall_rate[name] = events / wall
        print(f"{name:<22}{cpu * 1e3:>10.0f}ms{wall * 1e3:>11.0f}ms{rate[name]:>16,.0f}"
              f"{wall_rate[name]:>17,.0f}{cpu / events * 1e6:>10.1f}")
    print(f"multiassist vs raw: {rate['raw requests'] / rate['multiassist']:.2f}x the CPU per "
          "event", end="")
    if has_openai:
        speedup = rate["multiassist"] / rate["openai-python"]
        wall_speedup = wall_rate["multiassist"] / wall_rate["openai-python"]
        print(f"; vs openai-python: {speedup:.1f}x the events/s by CPU, "
              f"{wall_speedup:.1f}x by wall time")
        targets.append((f"typed stream events/s >= {STREAM_SPEEDUP_MIN:.0f}x openai-python (CPU)",
                        f"{speedup:.1f}x", speedup >= STREAM_SPEEDUP_MIN))
    else:
        print()
    print(rule)

    ma_import = median([loaded for loaded, _ in imports["multiassist"]])
    ma_startup = median([used for _, used in imports["multiassist"]])
    print(f"import multiassist: {ma_import * 1e3:.0f} ms", end="")
    if "openai" in imports:
        oa_import = median([loaded for loaded, _ in imports["openai"]])
        oa_startup = median([used for _, used in imports["openai"]])
        ratio = ma_import / oa_import
        print(f"; import openai: {oa_import * 1e3:.0f} ms; ratio {ratio:.2f} (median of "
              f"{len(imports['multiassist'])} fresh interpreters each, bytecode cached)")
        print(f"import + client + resource tree: multiassist {ma_startup * 1e3:.0f} ms, "
              f"openai {oa_startup * 1e3:.0f} ms; ratio {ma_startup / oa_startup:.2f} "
              "(openai-python defers imports to first use)")
        targets.append((f"import multiassist <= {IMPORT_RATIO_MAX}x import openai",
                        f"{ratio:.2f}x", ratio <= IMPORT_RATIO_MAX))
    else:
        print(f"; import + client + resource tree: {ma_startup * 1e3:.0f} ms")

    small, large = sorted(memory)
    growth = memory[large]["peak"] / memory[small]["peak"]
    print(f"auto-pagination (limit=100), tracemalloc peak: {small:,} messages "
          f"{memory[small]['peak'] / 1024:.0f} KiB, {large:,} messages "
          f"{memory[large]['peak'] / 1024:.0f} KiB ({growth:.2f}x); max RSS "
          f"{memory[small]['maxrss_kb'] / 1024:.1f} / {memory[large]['maxrss_kb'] / 1024:.1f} MiB")
    targets.append((f"auto-pagination peak memory constant ({large:,} vs {small:,} messages)",
                    f"{growth:.2f}x", growth <= MEMORY_GROWTH_MAX))

    print(f"proxy/netrc environment lookups in {ENV_LOOKUP_CALLS} requests (first included): "
          + ", ".join(f"{name} {count}" for name, count in env_lookups.items()))
    print("new TCP connections per streamed run (+1 retrieve): " + ", ".join(
        f"{name} {count:g}" for name, count in connections.items()))
    print(rule)
    print(f"{'target':<72}{'measured':>12}{'':>4}result")
    for title, measured, ok in targets:
        print(f"{title:<72}{measured:>12}{'':>4}{verdict(ok)}")
    if not has_openai:
        print("(openai-python is not installed: its comparisons were skipped)")
    print(rule)
    return all(ok for _, _, ok in targets)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short smoke run")
    parser.add_argument("--profile", action="store_true",
                        help="also print a cProfile of multiassist's side of each operation")
    parser.add_argument("--memory-child", nargs=2, metavar=("BASE_URL", "TOTAL"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    # openai-python warns on every Assistants call that the API is deprecated.
    warnings.simplefilter("ignore", DeprecationWarning)
    if args.memory_child:
        memory_child(args.memory_child[0], int(args.memory_child[1]))
        return 0

    rounds, calls, stream_rounds, deltas, import_repeats = 15, 40, 5, 10_000, 7
    if args.quick:
        rounds, calls, stream_rounds, deltas, import_repeats = 3, 5, 1, 1_000, 2
    settings = (f"{rounds} interleaved rounds x {calls} calls per operation, {stream_rounds} "
                f"rounds of one {deltas:,}-delta stream; medians; CPU = client process only")
    print(f"benchmarking ({settings}) ...", file=sys.stderr)

    with loopback_server() as base_url:
        clients: List[BenchClient] = [
            MultiassistBench(base_url),
            RawBench(base_url),
            RawBench(base_url, trust_env=False),
        ]
        if import_openai() is not None:
            clients.append(OpenAIBench(base_url))
        names = [client.name for client in clients]
        stats = ServerStats(base_url)
        env_lookups = {c.name: count_env_lookups(c, ENV_LOOKUP_CALLS) for c in clients[:3]}
        connections = {c.name: connections_per_stream(c, stats, 3) for c in clients}
        call_samples = measure_calls(clients, rounds, calls)
        stream_samples = measure_streams(clients, stream_rounds, deltas)
        for client in clients:
            client.close()
        stats.close()
        memory = {total: measure_memory(base_url, total) for total in (1_000, 10_000)}
        if args.profile:
            profile_multiassist(base_url, calls=200, deltas=deltas, top=25)

    modules = ["multiassist"] + (["openai"] if import_openai() is not None else [])
    imports = import_seconds(modules, import_repeats)

    ok = print_report(
        names=names, calls=call_samples, streams=stream_samples, deltas=deltas,
        imports=imports, memory=memory, env_lookups=env_lookups, connections=connections,
        settings=settings,
    )
    print("all targets met" if ok else "some targets missed (see MISS above)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
