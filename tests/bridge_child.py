"""A bridge user that gets killed: runs bridge scenarios on one thread until stopped.

Run as ``python bridge_child.py BASE_URL API_KEY STORE THREAD_ID ASSISTANT_ID``. It prints
one JSON line per record once the bridge has returned it (``{"kind": "message", "id": ...}``,
``{"kind": "run", ...}``), flushing each line, so the test that kills it knows exactly what
it was told exists. Scenarios take turns: a polled run, a tool round trip, a streamed run.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from multiassist import AssistantsClient


def report(kind: str, id: str, **extra: Any) -> None:
    print(json.dumps({"kind": kind, "id": id, **extra}), flush=True)


def main() -> None:
    base_url, api_key, store, thread_id, assistant_id = sys.argv[1:6]
    with AssistantsClient(provider="openai-responses", base_url=base_url, api_key=api_key,
                          store=store, max_retries=0) as client:
        threads = client.beta.threads
        report("ready", thread_id)
        turn = 0
        while True:
            turn += 1
            kind = ("polled", "tool", "streamed")[turn % 3]
            text = f"call get_weather city=C{turn}" if kind == "tool" else f"turn {turn}"
            message = threads.messages.create(thread_id, role="user", content=text)
            report("message", message.id)
            if kind == "polled":
                run = threads.runs.create_and_poll(thread_id, assistant_id=assistant_id,
                                                   poll_interval_ms=5)
            elif kind == "tool":
                run = client.run_tools(thread_id, assistant_id=assistant_id,
                                       poll_interval_ms=5,
                                       functions={"get_weather": lambda city: f"dry in {city}"})
            else:
                with threads.runs.stream(thread_id, assistant_id=assistant_id) as stream:
                    stream.until_done()
                    run = stream.get_final_run()
            report("run", run.id, status=run.status)
            for reply in threads.messages.list(thread_id, run_id=run.id).data:
                report("message", reply.id)


if __name__ == "__main__":
    main()
