"""One host of a bridge fleet: a process with its own home and data directories that shares
only the PostgreSQL store with the others.

``python fleet_worker.py PHASE BASE_URL API_KEY STORE_URL ASSISTANT_ID INDEX ARG`` prints one
JSON object:

- ``create`` (ARG: how many threads): creates threads, each with a message and a polled run;
  ``{"threads": [...], "runs": [...], "errors": [...], "seconds": ...}``;
- ``verify`` (ARG: a JSON file of every worker's ``create`` output): lists the store's
  threads, retrieves every thread and run the others made, and runs once more on a thread of
  the next worker; ``{"listed": n, "checked": n, "runs": [...], "errors": [...]}``;
- ``contend`` (ARG: ``THREAD_ID@START_TIME``): at START_TIME, tries to start a run on the
  shared thread; ``{"run": id or null, "refused": message or null}``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Sequence

from multiassist import AssistantsClient, BadRequestError


def _client(base_url: str, api_key: str, store: str) -> AssistantsClient:
    return AssistantsClient(provider="openai-responses", base_url=base_url, api_key=api_key,
                            store=store)


def create(client: AssistantsClient, assistant_id: str, index: int,
           count: int) -> Dict[str, Any]:
    threads, runs, errors = [], [], []
    started = time.perf_counter()
    for n in range(count):
        try:
            thread = client.beta.threads.create(metadata={"worker": str(index)})
            client.beta.threads.messages.create(thread.id, role="user",
                                                content=f"worker {index} thread {n}")
            run = client.beta.threads.runs.create_and_poll(
                thread.id, assistant_id=assistant_id, poll_interval_ms=5)
            if run.status != "completed":
                errors.append(f"run {run.id} ended {run.status}")
            threads.append(thread.id)
            runs.append(run.id)
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
    return {"threads": threads, "runs": runs, "errors": errors,
            "seconds": time.perf_counter() - started}


def verify(client: AssistantsClient, assistant_id: str, index: int,
           made_by: List[Dict[str, Any]]) -> Dict[str, Any]:
    errors: List[str] = []
    listed = {t.id for t in client.beta.threads.list(limit=100)}
    checked = 0
    for other, made in enumerate(made_by):
        if other == index:
            continue
        for thread_id, run_id in zip(made["threads"], made["runs"]):
            try:
                thread = client.beta.threads.retrieve(thread_id)
                run = client.beta.threads.runs.retrieve(run_id, thread_id=thread_id)
                if thread.metadata != {"worker": str(other)} or run.status != "completed":
                    errors.append(f"{thread_id}: {thread.metadata} {run.status}")
                checked += 1
            except Exception as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
    runs = []
    neighbour = made_by[(index + 1) % len(made_by)]["threads"][0]
    try:
        client.beta.threads.messages.create(neighbour, role="user", content=f"from {index}")
        deadline = time.monotonic() + 60
        while True:  # the neighbour's thread may be busy with another worker's run
            try:
                run = client.beta.threads.runs.create_and_poll(
                    neighbour, assistant_id=assistant_id, poll_interval_ms=5)
                break
            except BadRequestError as exc:
                if "already has an active run" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
        runs.append(run.id)
        if run.status != "completed":
            errors.append(f"run {run.id} on {neighbour} ended {run.status}")
    except Exception as exc:
        errors.append(f"{type(exc).__name__}: {exc}")
    return {"listed": len(listed), "checked": checked, "runs": runs, "errors": errors}


def contend(client: AssistantsClient, assistant_id: str, thread_id: str,
            start: float) -> Dict[str, Any]:
    time.sleep(max(0.0, start - time.time()))
    try:
        run = client.beta.threads.runs.create(thread_id, assistant_id=assistant_id)
    except BadRequestError as exc:
        return {"run": None, "refused": exc.message}
    return {"run": run.id, "refused": None}


def spawn(phase: str, common: Sequence[str], args: Sequence[str],
          homes: Sequence[Path]) -> List[Dict[str, Any]]:
    """Run one phase on every worker at once (worker ``i`` gets ``args[i]`` and the home
    ``homes[i]``, with its own data and config directories); their outputs, in order."""
    children = []
    for index, (arg, home) in enumerate(zip(args, homes)):
        env = dict(os.environ, HOME=str(home), XDG_DATA_HOME=str(home / "data"),
                   XDG_CONFIG_HOME=str(home / "config"))
        env.pop("MULTIASSIST_BRIDGE_STORE", None)
        children.append(subprocess.Popen(
            [sys.executable, __file__, phase, *common, str(index), arg],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env))
    results = []
    for child in children:
        out, err = child.communicate(timeout=300)
        if child.returncode != 0:
            raise RuntimeError(f"fleet worker failed ({child.returncode}): {err[-2000:]}")
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def main() -> None:
    phase, base_url, api_key, store, assistant_id, index, arg = sys.argv[1:8]
    with _client(base_url, api_key, store) as client:
        if phase == "create":
            result = create(client, assistant_id, int(index), int(arg))
        elif phase == "verify":
            with open(arg, encoding="utf-8") as made:
                result = verify(client, assistant_id, int(index), json.load(made))
        else:
            thread_id, start = arg.split("@")
            result = contend(client, assistant_id, thread_id, float(start))
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
