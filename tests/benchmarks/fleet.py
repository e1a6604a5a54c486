"""Fleet throughput of the Responses bridge on one PostgreSQL store (not part of ``make test``).

Starts a PostgreSQL server (as the tests do, see ``tests/pg_server.py``) and the emulator,
then runs 1, 2 and 4 bridge processes at once, each with its own home directory, sharing
only the database; each creates ``--runs`` threads, each with a message and a polled run.
Prints completed runs per second (all processes together, wall time from the first start to
the last finish) and the errors seen (there should be none).

Run from the checkout: ``.venv/bin/python tests/benchmarks/fleet.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS))

from multiassist import AssistantsClient  # noqa: E402
from multiassist.testing import Emulator  # noqa: E402

import fleet_worker  # noqa: E402
import pg_server  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40, help="runs per process (default 40)")
    parser.add_argument("--processes", default="1,2,4")
    options = parser.parse_args()
    server = pg_server.start()
    if isinstance(server, str):
        raise SystemExit(f"no PostgreSQL server: {server}")
    try:
        with Emulator(flavor="openai") as emu:
            print(f"{server.version}; {options.runs} runs per process")
            for count in (int(n) for n in options.processes.split(",")):
                url = server.database()
                with AssistantsClient(provider="openai-responses", base_url=emu.base_url,
                                      api_key=emu.api_key, store=url) as admin:
                    assistant = admin.beta.assistants.create(model="gpt-4o")
                with tempfile.TemporaryDirectory() as root:
                    homes = []
                    for n in range(count):
                        homes.append(Path(root) / f"host{n}")
                        homes[-1].mkdir()
                    started = time.perf_counter()
                    results = fleet_worker.spawn(
                        "create", [emu.base_url, emu.api_key, url, assistant.id],
                        [str(options.runs)] * count, homes)
                    elapsed = time.perf_counter() - started
                runs = sum(len(r["runs"]) for r in results)
                errors = sum(len(r["errors"]) for r in results)
                print(f"{count} process(es): {runs} runs in {elapsed:.1f} s = "
                      f"{runs / elapsed:.1f} runs/s, {errors} errors")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
