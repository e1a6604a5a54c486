"""Generate the blocking client's modules from their asyncio source with ``unasync``.

The code above the transport is written once, under ``multiassist/_async/``; each module there
listed in :data:`MODULES` becomes the blocking module at the same path without ``_async/``
(``multiassist/_async/resources/runs.py`` -> ``multiassist/resources/runs.py``).  unasync drops
``async``/``await``, maps ``async for``/``async with``/``__aiter__``..., and renames the names
in :data:`RENAMES`; ``multiassist._async.`` in imports becomes ``multiassist.``; ruff then sorts
the imports the renames moved.

    python -m scripts.generate_sync            # rewrite the generated modules
    python -m scripts.generate_sync --check    # exit 1 and name the files that drifted
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Dict, List

import tokenize_rt
import unasync

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "multiassist" / "_async"

#: The async modules that have a generated blocking twin (relative to ``multiassist/_async``).
MODULES = [
    "core.py",
    "pagination.py",
    "polling.py",
    "tool_runner.py",
    "raw_response.py",
    "streaming/stream.py",
    "resources/__init__.py",
    "resources/_base.py",
    "resources/assistants.py",
    "resources/steps.py",
    "resources/messages.py",
    "resources/runs.py",
    "resources/threads.py",
    "resources/files.py",
    "resources/vector_store_files.py",
    "resources/file_batches.py",
    "resources/vector_stores.py",
    "compat/azure_sdk.py",
    "compat/legacy_files.py",
    "compat/trigger.py",
    "compat/openai_python.py",
    "client.py",
]

#: Async name -> blocking name, beyond unasync's own (``__aiter__``, ``AsyncIterator``...).
RENAMES: Dict[str, str] = {
    # the transport and what crosses it
    "AsyncTransport": "Transport",
    "AsyncStreamBody": "StreamBody",
    "open_async_body": "open_body",
    "aclose": "close",
    "async_transport": "transport",
    # the flavour primitives (multiassist.concurrency)
    "AsyncThunk": "Thunk",
    "AsyncSleeper": "Sleeper",
    "async_sleep": "sleep",
    "async_sleeper_of": "sleeper_of",
    "async_run_blocking": "run_blocking",
    "async_call_user": "call_user",
    "async_stream_from_blocking": "stream_from_blocking",
    "async_paginate": "paginate",
    "async_open_stream": "open_stream",
    "AsyncStreamOpened": "StreamOpened",
    "async_bridge_transport_for": "bridge_transport_for",
    "async_read_content": "read_content",
    "async_iter_content": "iter_content",
    "async_close_response": "close_response",
    "async_body_unread": "body_unread",
    "async_map_bounded": "map_bounded",
    # the layers written once
    "AsyncCore": "Core",
    "AsyncReply": "Reply",
    "AsyncCursorPage": "CursorPage",
    "AsyncNextPage": "NextPage",
    "AsyncPaginator": "CursorPage",
    "AsyncAssistantEventHandler": "AssistantEventHandler",
    "AsyncAssistantStream": "AssistantStream",
    "AsyncEventHandlerT": "EventHandlerT",
    "AsyncTextDeltas": "_TextDeltas",
    "AsyncRawCore": "RawCore",
    "AsyncRawResponses": "RawResponses",
    "AsyncStreamingResponses": "StreamingResponses",
    "AsyncAPIResponse": "APIResponse",
    "AsyncRawClient": "RawClient",
    "AsyncToolRunner": "ToolRunner",
    "AsyncResource": "Resource",
    "AsyncBeta": "Beta",
    "AsyncAssistants": "Assistants",
    "AsyncThreads": "Threads",
    "AsyncMessages": "Messages",
    "AsyncRuns": "Runs",
    "AsyncSteps": "Steps",
    "AsyncFiles": "Files",
    "AsyncFileBatches": "FileBatches",
    "AsyncVectorStores": "VectorStores",
    "AsyncVectorStoreFiles": "VectorStoreFiles",
    "AsyncAzureStyleMethods": "AzureStyleMethods",
    "AsyncTriggerStyleMethods": "TriggerStyleMethods",
    "AsyncLegacyFiles": "LegacyFiles",
    "AsyncAssistantsClient": "AssistantsClient",
    "AsyncApiKey": "ApiKey",
    "AsyncTokenProvider": "TokenProvider",
    "AsyncOpenAI": "OpenAI",
    "AsyncAzureOpenAI": "AzureOpenAI",
}

# multiassist.agents (Microsoft's agents SDK shapes): the I/O-bearing modules, whose async
# class names are azure.ai.agents' own (AsyncAgentEventHandler, AsyncToolSet...).
MODULES += [
    "agents/paging.py",
    "agents/tool_calls.py",
    "agents/events.py",
    "agents/client.py",
    "agents/project.py",
]
RENAMES.update({
    "AsyncItemPaged": "ItemPaged",
    "AsyncFunctionTool": "FunctionTool",
    "AsyncToolSet": "ToolSet",
    "AsyncAgentEventHandler": "AgentEventHandler",
    "BaseAsyncAgentEventHandler": "BaseAgentEventHandler",
    "AsyncAgentRunStream": "AgentRunStream",
})

HEADER = (
    "# Generated from multiassist/_async/{name} by scripts/generate_sync.py:\n"
    "# edit that file and run `python -m scripts.generate_sync`; `make test` fails on drift.\n"
)


def _drop_async_only(text: str) -> str:
    """The text without its ``# unasync: async-only`` ... ``# unasync: end`` blocks (code
    with no blocking twin, e.g. the awaitable paginator), and with the lines of its
    ``# unasync: sync-only`` ... ``# unasync: end`` blocks uncommented (blocking shapes with
    no async twin, e.g. a body read by a property, kept as comments in the async source)."""
    kept, mode = [], ""
    for line in text.splitlines(keepends=True):
        marker = line.strip()
        if marker in ("# unasync: async-only", "# unasync: sync-only"):
            mode = marker.rsplit(" ", 1)[1]
        elif marker == "# unasync: end" and mode:
            mode = ""
        elif mode == "sync-only":
            kept.append(re.sub(r"^(\s*)# ?", r"\1", line, count=1))
        elif not mode:
            kept.append(line)
    return "".join(kept).rstrip("\n") + "\n"


_PROSE = [(re.compile(r"\basync (for|with|def)\b"), r"\1"), (re.compile(r"\bawait "), ""),
          (re.compile(r"\b(" + "|".join(sorted(RENAMES, key=len, reverse=True)) + r")\b"),
           lambda match: RENAMES[match.group(1)])]


def _unasync_prose(text: str) -> str:
    """Docstrings and comments say the same with the blocking names and without awaits."""
    for pattern, replacement in _PROSE:
        text = pattern.sub(replacement, text)  # type: ignore[arg-type]
    return text


def _unasync_source(name: str, text: str) -> str:
    text = _drop_async_only(text)
    rule = unasync.Rule("/_async/", "/", additional_replacements=RENAMES)
    tokens = [
        # (Python 3.12+ splits an f-string into FSTRING_START/MIDDLE/END tokens.)
        token._replace(src=_unasync_prose(token.src))
        if token.name in ("STRING", "COMMENT", "FSTRING_MIDDLE")
        else token
        for token in rule._unasync_tokens(tokenize_rt.src_to_tokens(text))
    ]
    result: str = tokenize_rt.tokens_to_src(tokens)
    result = result.replace("multiassist._async.", "multiassist.")
    return HEADER.format(name=name) + result


def generate(target_root: Path) -> List[Path]:
    """Write every generated module under ``target_root`` (the repository root or a copy of
    its layout); return the paths written."""
    written = []
    for name in MODULES:
        text = (SOURCE / name).read_text(encoding="utf-8")
        out = target_root / "multiassist" / name
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(_unasync_source(name, text), encoding="utf-8")
        written.append(out)
    # The renames can reorder imports; sort them as ruff wants, with the project's settings.
    subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--quiet", "--fix-only", "--select", "I,F401",
         "--config", str(ROOT / "pyproject.toml"), *map(str, written)],
        check=True, cwd=ROOT,
    )
    return written


def drifted() -> List[str]:
    """The generated modules whose checked-in text differs from a fresh generation."""
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp))
        return [
            name for name in MODULES
            if (Path(tmp) / "multiassist" / name).read_text(encoding="utf-8")
            != (ROOT / "multiassist" / name).read_text(encoding="utf-8")
        ]


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="only report modules that differ from a fresh generation")
    args = parser.parse_args(argv)
    if args.check:
        stale = drifted()
        for name in stale:
            print(f"multiassist/{name} differs from multiassist/_async/{name}: "
                  "run python -m scripts.generate_sync", file=sys.stderr)
        return 1 if stale else 0
    for path in generate(ROOT):
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
