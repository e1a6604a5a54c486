"""Tool-call objects of run steps: built-in calls, file search over the store, step views.

A ``file_search`` call's results are stored on the step without their ``content``; the
contents live in the step record's ``extra["contents"]`` and ``render_step`` adds them
only when the request asked for ``include[]=step_details.tool_calls[*].file_search.
results[*].content``. A run created on the v1 wire (``Record.extra["api"] == "v1"``) searches
its ``file_ids`` too (v1 retrieval read the assistant's files) and its reply calls the tool
``retrieval``; ``assistants.v1_views`` shows its calls as ``retrieval`` ones.
"""

from __future__ import annotations

import copy
import re
from typing import Any, Dict, List, Optional, Sequence, Set, Tuple

from multiassist.testing.engine.scripted_model import BuiltinCall, FunctionCall
from multiassist.testing.object_store import JSONDict, Record, Store

DEFAULT_RANKER = "default_2024_08_21"
DEFAULT_MAX_RESULTS = 20
CONTENT_CHARS = 2000
_WORD = re.compile(r"[^\W_]{3,}")


def _tool(tools: Sequence[JSONDict], kind: str) -> JSONDict:
    for tool in tools:
        if tool.get("type") == kind:
            return tool
    return {"type": kind}


def _vector_store_ids(store: Store, run: Record) -> List[str]:
    sources: List[Any] = []
    assistant = store.table("assistant").get(run.obj["assistant_id"])
    thread = store.table("thread").get(run.obj["thread_id"])
    for holder in (assistant.obj if assistant else None, thread.obj if thread else None):
        sources.append((holder or {}).get("tool_resources"))
    sources.append(run.extra.get("tool_resources"))
    ids: List[str] = []
    for resources in sources:
        search = (resources or {}).get("file_search") or {}
        for vs_id in search.get("vector_store_ids") or []:
            if vs_id not in ids:
                ids.append(vs_id)
    return ids


def _v1_run(run: Record) -> bool:
    return run.extra.get("api") == "v1"


def _searchable_files(store: Store, run: Record) -> List[str]:
    file_ids: List[str] = list(run.extra.get("file_ids") or []) if _v1_run(run) else []
    for vs_id in _vector_store_ids(store, run):
        file_ids.extend(rec.id for rec in store.table("vs_file", vs_id))
    for message in store.table("message", run.obj["thread_id"]):
        for attachment in message.obj.get("attachments") or []:
            if any(t.get("type") == "file_search" for t in attachment.get("tools") or []):
                file_ids.append(attachment["file_id"])
    unique: List[str] = []
    for file_id in file_ids:
        if file_id not in unique and store.table("file").get(file_id) is not None:
            unique.append(file_id)
    return unique


def _words(text: str) -> Set[str]:
    return {w.casefold() for w in _WORD.findall(text)}


def file_search(
    store: Store, run: Record, user_text: str
) -> Tuple[JSONDict, List[JSONDict], List[str]]:
    """``(ranking_options, results without content, contents)`` of a file_search call."""
    tool = _tool(run.obj.get("tools") or [], "file_search").get("file_search") or {}
    ranking = tool.get("ranking_options") or {}
    ranker = ranking.get("ranker") or "auto"
    options: JSONDict = {
        "ranker": DEFAULT_RANKER if ranker == "auto" else ranker,
        "score_threshold": float(ranking.get("score_threshold", 0.0)),
    }
    query = _words(user_text) - {"search"}
    found: List[Tuple[float, str, str, str]] = []
    for file_id in _searchable_files(store, run):
        upload = store.table("file").get(file_id)
        assert upload is not None
        text = store.blobs.get(file_id, b"").decode("utf-8", errors="replace")
        score = round(len(query & _words(text)) / len(query), 4) if query else 0.0
        if score >= options["score_threshold"]:
            found.append((score, str(upload.obj.get("filename", "")), file_id, text))
    found.sort(key=lambda hit: (-hit[0], hit[1], hit[2]))
    found = found[: int(tool.get("max_num_results") or DEFAULT_MAX_RESULTS)]
    results = [{"file_id": fid, "file_name": name, "score": score} for score, name, fid, _ in found]
    return options, results, [text[:CONTENT_CHARS] for *_, text in found]


def builtin_tool_calls(
    store: Store, run: Record, calls: Sequence[BuiltinCall], user_text: str
) -> Tuple[List[JSONDict], Dict[str, List[str]], List[str]]:
    """``(tool_calls, contents by call id, reply lines)`` for the built-in calls of a step."""
    tool_calls: List[JSONDict] = []
    contents: Dict[str, List[str]] = {}
    lines: List[str] = []
    for call in calls:
        call_id = store.new_id("tool_call")
        if call.kind == "code_interpreter":
            tool_calls.append(
                {
                    "id": call_id,
                    "type": "code_interpreter",
                    "code_interpreter": {
                        "input": call.code_input,
                        "outputs": [{"type": "logs", "logs": call.logs}],
                    },
                }
            )
            lines.append(f"code_interpreter output: {call.logs.rstrip()}")
        else:
            options, results, texts = file_search(store, run, user_text)
            tool_calls.append(
                {
                    "id": call_id,
                    "type": "file_search",
                    "file_search": {"ranking_options": options, "results": results},
                }
            )
            contents[call_id] = texts
            names = ", ".join(r["file_name"] for r in results)
            tool = "retrieval" if _v1_run(run) else "file_search"
            line = f"{tool} found {len(results)} result(s)"
            lines.append(f"{line}: {names}" if names else line)
    return tool_calls, contents, lines


def function_tool_calls(store: Store, calls: Sequence[FunctionCall]) -> List[JSONDict]:
    """Step tool calls (``output: null``) for function calls."""
    return [
        {
            "id": store.new_id("tool_call"),
            "type": "function",
            "function": {"name": call.name, "arguments": call.arguments, "output": None},
        }
        for call in calls
    ]


def required_action(step_calls: Sequence[JSONDict]) -> JSONDict:
    """The run's ``required_action`` for a step's function calls."""
    calls = [
        {
            "id": call["id"],
            "type": "function",
            "function": {
                "name": call["function"]["name"],
                "arguments": call["function"]["arguments"],
            },
        }
        for call in step_calls
    ]
    return {"type": "submit_tool_outputs", "submit_tool_outputs": {"tool_calls": calls}}


def render_step(rec: Record, include_content: bool) -> JSONDict:
    """A run step as sent on the wire (file search contents only when asked for)."""
    contents: Optional[Dict[str, List[str]]] = rec.extra.get("contents")
    if not include_content or not contents:
        return rec.obj
    step = copy.deepcopy(rec.obj)
    for call in step["step_details"].get("tool_calls", []):
        texts = contents.get(call["id"])
        if call["type"] == "file_search" and texts is not None:
            for result, text in zip(call["file_search"]["results"], texts):
                result["content"] = [{"type": "text", "text": text}]
    return step
