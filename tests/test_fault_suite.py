"""The fault suite: each injected fault x representative operations x both wires (and
Foundry's, where threads can be listed).

The emulator's ``inject`` makes the real server fail the way services and networks do; the
client must keep its two promises through every fault: a write is never carried out twice,
and never reported as plainly failed when it happened (or as done when it did not). Each
row records what the server saw and what the user got; the table is printed at the end of
the run.
"""

from __future__ import annotations

import asyncio
import email.utils
import inspect
import re
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterator, List, NamedTuple, Optional, Tuple

import pytest
import requests

from multiassist import (
    APIConnectionError,
    APIError,
    AssistantsClient,
    AsyncAssistantsClient,
    AuthenticationError,
    StreamError,
    StreamInterruptedError,
)
from multiassist.http.writes import WRITE_MARKER, WriteOutcomeUnknownError
from multiassist.testing import Emulator

DEPLOYMENTS = {"gpt-4o": "dep-gpt4o"}
WEATHER = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                       "required": ["city"]},
    },
}
# The faulty client's read timeout on delay_after_apply rows (the fault waits twice as
# long); other rows keep a generous one so a slow machine cannot fake a timeout.
READ_TIMEOUT = 0.4
ENTRA = "azure+entra"


# --------------------------------------------------------------------------- the table


@dataclass
class Row:
    fault: str
    operation: str
    flavor: str
    attempts: str
    outcome: str
    duplicates: Optional[int]
    lost: Optional[int]


class SummaryTable:
    """A pytest plugin that prints the rows after the run (shows under ``-q`` too)."""

    name = "multiassist-fault-suite-table"

    def __init__(self) -> None:
        self.rows: List[Row] = []

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not self.rows:
            return
        order = {name: index for index, name in enumerate(FAULTS)}
        ops = {name: index for index, name in enumerate(OPERATIONS)}
        rows = sorted(self.rows, key=lambda r: (order.get(r.fault, 99),
                                                ops.get(r.operation, 99), r.flavor))
        head = ("fault", "operation", "flavor", "attempts", "outcome", "duplicates",
                "lost writes")
        cells = [head] + [
            (r.fault, r.operation, r.flavor, r.attempts, r.outcome,
             "-" if r.duplicates is None else str(r.duplicates),
             "-" if r.lost is None else str(r.lost))
            for r in rows
        ]
        widths = [max(len(line[i]) for line in cells) for i in range(len(head))]
        terminalreporter.write_sep("=", "fault suite: what the client did under each fault")
        for index, line in enumerate(cells):
            terminalreporter.write_line(
                "  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip()
            )
            if index == 0:
                terminalreporter.write_line("  ".join("-" * width for width in widths))
        bad = sum(1 for r in rows if r.duplicates or r.lost)
        known = sum(1 for r in rows if (r.fault, r.operation) in CLIENT_BUGS)
        terminalreporter.write_line(
            f"{len(rows)} rows, {bad} with duplicates or lost writes; {known} rows are known "
            "client bugs (xfail, see CLIENT_BUGS in tests/test_fault_suite.py)"
        )


@pytest.fixture(scope="module")
def table(request: pytest.FixtureRequest) -> SummaryTable:
    manager = request.config.pluginmanager
    plugin = manager.get_plugin(SummaryTable.name)
    if plugin is None:
        plugin = SummaryTable()
        manager.register(plugin, SummaryTable.name)
    assert isinstance(plugin, SummaryTable)
    return plugin


# --------------------------------------------------------------------------- fixtures


class World(NamedTuple):
    emu: Emulator
    setup: AssistantsClient  # no faults ever reach it: faults target the row's route only
    unmarked: AssistantsClient  # the same, without write markers (as another program writes)
    assistant_id: str
    tool_assistant_id: str


@pytest.fixture(scope="module")
def worlds() -> Iterator[Dict[str, World]]:
    made: Dict[str, World] = {}
    emulators = [Emulator(flavor=f, deployments=DEPLOYMENTS, poll_after_ms=1)
                 for f in ("openai", "azure", "foundry")]
    try:
        for emu in emulators:
            emu.start()
            setup = emu.client(max_retries=0)
            plain = setup.beta.assistants.create(model="gpt-4o", name="plain")
            tools = setup.beta.assistants.create(model="gpt-4o", tools=[WEATHER])
            made[emu.flavor] = World(emu, setup, emu.client(max_retries=0, write_markers=False),
                                     plain.id, tools.id)
        yield made
    finally:
        for world in made.values():
            world.setup.close()
            world.unmarked.close()
        for emu in emulators:
            emu.stop()


class Listener:
    """A TCP listener on 127.0.0.2 (another loopback host) counting who connects to it."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.2", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.1)
        self.received: List[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.2:{self.sock.getsockname()[1]}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1.0)
                try:
                    self.received.append(conn.recv(65536))
                except OSError:
                    self.received.append(b"")

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


@pytest.fixture(scope="module")
def other_host() -> Iterator[Listener]:
    listener = Listener()
    yield listener
    listener.close()


class FakeCredential:
    """An azure-identity-shaped TokenCredential whose tokens the emulator accepts."""

    def __init__(self, emu: Emulator) -> None:
        self.emu = emu
        self.tokens: List[str] = []
        self._lock = threading.Lock()

    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        token = "entra-" + uuid.uuid4().hex
        with self._lock:
            self.tokens.append(token)
        self.emu.accept_token(token)
        return _AccessToken(token, int(time.time()) + 3600)


class _AccessToken(NamedTuple):
    token: str
    expires_on: int


# --------------------------------------------------------------------------- operations


@dataclass
class Target:
    """What one operation acts on, prepared before the fault is injected."""

    thread_id: str = ""
    run_id: str = ""
    call_id: str = ""
    name: str = field(default_factory=lambda: "fault-" + uuid.uuid4().hex[:12])
    #: Objects of the written kind already there, where reconciliation lists them.
    older: List[str] = field(default_factory=list)
    #: Objects of that kind others wrote after this write, before its listing (crowd rows).
    newer: List[str] = field(default_factory=list)


class Operation(NamedTuple):
    route: str  # the inject() route, also used to count the attempts
    write: bool
    prepare: Callable[[World], Target]
    call: Callable[[AssistantsClient, World, Target], Any]
    created: Callable[[World, Target], int]  # objects the write left on the server
    flavors: Tuple[str, ...] = ("openai", "azure")
    #: Another program writing one object of the same kind (the crowd rows), or None.
    other: Optional[Callable[[AssistantsClient, Target], Any]] = None


def _thread(world: World, *texts: str) -> str:
    thread = world.setup.beta.threads.create()
    for text in texts:
        world.setup.beta.threads.messages.create(thread.id, role="user", content=text)
    return thread.id


def _messages_with(world: World, target: Target) -> int:
    return sum(1 for m in world.emu.stored("message", target.thread_id)
               if m["content"][0]["text"]["value"] == target.name)


# The reconciled creates write where older objects already are: one written without a marker,
# then one carrying the marker of another write (the newest). Reconciliation must return
# this write's object, or send it again when there is none; never one of these.
TAG = "fault_suite_tag"


def _older(world: World, make: Callable[[AssistantsClient, str], Any]) -> List[str]:
    return [make(client, f"older-{uuid.uuid4().hex[:8]}").id
            for client in (world.unmarked, world.setup)]


def _tagged(kind: str, parent: Callable[[Target], str] = lambda t: "") -> Callable[
        [World, Target], int]:
    def count(world: World, target: Target) -> int:
        return sum(1 for obj in world.emu.stored(kind, parent(target))
                   if (obj.get("metadata") or {}).get(TAG) == target.name)
    return count


def _prepare_message(world: World) -> Target:
    thread_id = _thread(world)
    return Target(thread_id=thread_id, older=_older(world, lambda c, text: (
        c.beta.threads.messages.create(thread_id, role="user", content=text))))


def _prepare_older_runs(world: World) -> Target:
    thread_id = _thread(world, "hello")
    return Target(thread_id=thread_id, older=_older(world, lambda c, _: (
        c.beta.threads.runs.create_and_poll(thread_id, assistant_id=world.assistant_id,
                                            poll_interval_ms=1))))


def _stream_run(client: Any, world: World, target: Target) -> Any:
    if isinstance(client, AsyncAssistantsClient):
        return _stream_run_async(client, world, target)
    with client.beta.threads.runs.stream(target.thread_id,
                                         assistant_id=world.assistant_id) as stream:
        return stream.get_final_run()


async def _stream_run_async(client: AsyncAssistantsClient, world: World, target: Target) -> Any:
    async with client.beta.threads.runs.stream(target.thread_id,
                                               assistant_id=world.assistant_id) as stream:
        return await stream.get_final_run()


def _prepare_submit(world: World) -> Target:
    thread_id = _thread(world, "What is the weather? get_weather city=Paris")
    run = world.setup.beta.threads.runs.create_and_poll(
        thread_id, assistant_id=world.tool_assistant_id)
    assert run.status == "requires_action" and run.required_action is not None
    call = run.required_action.submit_tool_outputs.tool_calls[0]
    return Target(thread_id=thread_id, run_id=run.id, call_id=call.id)


def _outputs_arrived(world: World, target: Target) -> int:
    runs = {r["id"]: r for r in world.emu.stored("run", target.thread_id)}
    return int(runs[target.run_id]["status"] != "requires_action")


def _prepare_run(world: World) -> Target:
    thread_id = _thread(world, "hello")
    run = world.setup.beta.threads.runs.create(thread_id, assistant_id=world.assistant_id)
    return Target(thread_id=thread_id, run_id=run.id)


OPERATIONS: Dict[str, Operation] = {
    "create message": Operation(
        "POST /threads/{thread_id}/messages", True,
        _prepare_message,
        lambda c, w, t: c.beta.threads.messages.create(t.thread_id, role="user",
                                                       content=t.name),
        _messages_with,
        other=lambda c, t: c.beta.threads.messages.create(t.thread_id, role="user",
                                                          content="newer"),
    ),
    "create assistant": Operation(
        "POST /assistants", True,
        lambda w: Target(older=_older(w, lambda c, name: c.beta.assistants.create(
            model="gpt-4o", name=name))),
        lambda c, w, t: c.beta.assistants.create(model="gpt-4o", name=t.name,
                                                 metadata={TAG: t.name}),
        _tagged("assistant"),
        other=lambda c, t: c.beta.assistants.create(model="gpt-4o", name="newer"),
    ),
    "create run": Operation(
        "POST /threads/{thread_id}/runs", True,
        _prepare_older_runs,
        lambda c, w, t: c.beta.threads.runs.create(t.thread_id, assistant_id=w.assistant_id,
                                                   metadata={TAG: t.name}),
        _tagged("run", lambda t: t.thread_id),
    ),
    "create vector store": Operation(
        "POST /vector_stores", True,
        lambda w: Target(older=_older(w, lambda c, name: c.vector_stores.create(name=name))),
        lambda c, w, t: c.vector_stores.create(name=t.name, metadata={TAG: t.name}),
        _tagged("vector_store"),
        other=lambda c, t: c.vector_stores.create(name="newer"),
    ),
    "create thread": Operation(  # reconciled where threads can be listed: Foundry
        "POST /threads", True,
        lambda w: Target(older=_older(w, lambda c, name: c.beta.threads.create(
            metadata={"name": name}))),
        lambda c, w, t: c.beta.threads.create(metadata={TAG: t.name}),
        _tagged("thread"),
        flavors=("openai", "azure", "foundry"),
        other=lambda c, t: c.beta.threads.create(metadata={"name": "newer"}),
    ),
    "upload file": Operation(
        "POST /files", True,
        lambda w: Target(),
        lambda c, w, t: c.files.create(file=(t.name, b"fault suite\n"), purpose="assistants"),
        lambda w, t: sum(1 for f in w.emu.stored("file") if f["filename"] == t.name),
    ),
    "submit tool outputs": Operation(
        "POST /threads/{thread_id}/runs/{run_id}/submit_tool_outputs", True,
        _prepare_submit,
        lambda c, w, t: c.beta.threads.runs.submit_tool_outputs(
            t.run_id, thread_id=t.thread_id,
            tool_outputs=[{"tool_call_id": t.call_id, "output": "sunny"}]),
        _outputs_arrived,
    ),
    "retrieve run": Operation(
        "GET /threads/{thread_id}/runs/{run_id}", False,
        _prepare_run,
        lambda c, w, t: c.beta.threads.runs.retrieve(t.run_id, thread_id=t.thread_id),
        lambda w, t: 0,
    ),
    "list messages": Operation(
        "GET /threads/{thread_id}/messages", False,
        lambda w: Target(thread_id=_thread(w, "one", "two")),
        lambda c, w, t: c.beta.threads.messages.list(t.thread_id),
        lambda w, t: 0,
    ),
    "streamed run": Operation(
        "POST /threads/{thread_id}/runs", True,
        lambda w: Target(thread_id=_thread(w, "hello")),
        _stream_run,
        lambda w, t: len(w.emu.stored("run", t.thread_id)),
    ),
}


def _route_regex(op: Operation, target: Target) -> re.Pattern[str]:
    """The operation's concrete path (ids filled in) as a regex over recorded raw paths."""
    method, _, template = op.route.partition(" ")
    path = template.replace("{thread_id}", target.thread_id).replace("{run_id}", target.run_id)
    return re.compile(rf"{method} .*{re.escape(path)}")


def _check_result(op_name: str, result: Any, world: World, target: Target) -> None:
    """An ``ok`` must be the real thing: the stored object, markers hidden."""
    if op_name == "create message":
        assert result.metadata == {} and WRITE_MARKER not in str(result)
        ids = [m["id"] for m in world.emu.stored("message", target.thread_id)]
        assert ids == [*target.older, result.id, *target.newer]
    elif op_name in RECONCILED_CREATES:  # this write's object, never an older one
        assert result.metadata == {TAG: target.name} and result.id not in target.older
        kind = {CA: "assistant", CR: "run", CV: "vector_store", CT: "thread"}[op_name]
        mine = [obj["id"] for obj in world.emu.stored(kind, target.thread_id)
                if (obj.get("metadata") or {}).get(TAG) == target.name]
        assert mine == [result.id]
    elif op_name == "upload file":
        assert result.filename == target.name
    elif op_name == "list messages":
        assert len(result.data) == 2
    elif op_name == "streamed run":
        assert result.status == "completed"


# --------------------------------------------------------------------------- faults


class Fault(NamedTuple):
    name: str  # the emulator fault
    options: Callable[[], Dict[str, Any]]  # made at injection time (dates are "now")
    only: Tuple[str, ...] = ()  # operations it applies to (empty: all)
    #: Objects of the written kind others write once the fault fired, before the client
    #: lists to reconcile: more than a listing's default page (20), so a lookup that does
    #: not ask for a page of 100 misses the write and sends it again.
    crowd: int = 0


def _http_date(seconds_from_now: float) -> str:
    return email.utils.formatdate(time.time() + seconds_from_now, usegmt=True)


FAULTS: Dict[str, Fault] = {
    "429 retry-after-ms": Fault(
        "status", lambda: {"code": 429, "headers": {"retry-after-ms": "1500"}}),
    "503 Retry-After date": Fault(
        "status", lambda: {"code": 503, "headers": {"Retry-After": _http_date(2)}}),
    "503 x-should-retry:false": Fault(
        "status", lambda: {"code": 503, "headers": {"x-should-retry": "false"}}),
    "500": Fault("status", lambda: {"code": 500}),
    "504 after apply": Fault("status", lambda: {"code": 504, "apply": True}),
    "drop_before_apply": Fault("drop_before_apply", dict),
    "drop_before_apply (RST)": Fault("drop_before_apply", lambda: {"reset": True}),
    "drop_after_apply": Fault("drop_after_apply", dict),
    "delay_after_apply": Fault("delay_after_apply", lambda: {"seconds": READ_TIMEOUT * 2}),
    "malformed_json": Fault("malformed_json", dict),
    "truncated_stream": Fault("truncated_stream", lambda: {"after_events": 2}),
    "stream_error_event": Fault("stream_error_event", dict, only=("streamed run",)),
    "expired_token_401": Fault("expired_token_401", dict),
    "redirect": Fault("redirect", dict),
    # Not "create run": a thread holds one active run, and the lost write's run is it.
    "drop_after_apply, 25 newer": Fault("drop_after_apply", dict, crowd=25,
                                        only=("create message", "create assistant",
                                              "create vector store", "create thread")),
    "500 after apply, 25 newer": Fault("status", lambda: {"code": 500, "apply": True},
                                       crowd=25, only=("create message", "create assistant",
                                                       "create vector store",
                                                       "create thread")),
}

CM, UF, ST, RR, LM, SR = ("create message", "upload file", "submit tool outputs",
                          "retrieve run", "list messages", "streamed run")
CA, CR, CV, CT = "create assistant", "create run", "create vector store", "create thread"
assert set(OPERATIONS) == {CM, UF, ST, RR, LM, SR, CA, CR, CV, CT}
RECONCILED_CREATES = (CA, CR, CV, CT)
WOUE = "WriteOutcomeUnknownError"
_ALL_OK_AFTER_ONE_RETRY = dict.fromkeys(OPERATIONS, ("ok", 2))
# What the rules say the user gets, and how many attempts reach the operation's route.
# retries.py: 429/503 are retried for every method (not processed); 5xx and broken
# connections only for idempotent requests. writes.py: an uncertain create message is
# reconciled through its marker (found: ok after 1 attempt; not found: sent once more);
# an uncertain upload or submit raises WriteOutcomeUnknownError. Streams are not
# reconciled: the error says the run may exist. The other reconciled creates behave as
# create message does ("create thread" only on Foundry, see _expected).
_UNCERTAIN: Dict[str, Dict[str, Tuple[str, int]]] = {
    "not applied": {UF: (WOUE, 1), ST: (WOUE, 1), RR: ("ok", 2), LM: ("ok", 2),
                    SR: (WOUE, 1), **dict.fromkeys((CM, *RECONCILED_CREATES), ("ok", 2))},
    "applied": {UF: (WOUE, 1), ST: (WOUE, 1), RR: ("ok", 2), LM: ("ok", 2), SR: (WOUE, 1),
                **dict.fromkeys((CM, *RECONCILED_CREATES), ("ok", 1))},
}
EXPECTED: Dict[str, Dict[str, Tuple[str, int]]] = {
    "429 retry-after-ms": _ALL_OK_AFTER_ONE_RETRY,
    "503 Retry-After date": _ALL_OK_AFTER_ONE_RETRY,
    "503 x-should-retry:false": dict.fromkeys(OPERATIONS, ("InternalServerError", 1)),
    "500": _UNCERTAIN["not applied"],
    # A gateway timed out after the service acted: as uncertain as a dropped connection.
    "504 after apply": _UNCERTAIN["applied"],
    "drop_before_apply": _UNCERTAIN["not applied"],
    "drop_before_apply (RST)": _UNCERTAIN["not applied"],
    "drop_after_apply": _UNCERTAIN["applied"],
    "delay_after_apply": _UNCERTAIN["applied"],
    # A 200 whose body does not parse: the write happened; reads are not retried.
    "malformed_json": {**_UNCERTAIN["applied"], RR: ("ResponseDecodeError", 1),
                       LM: ("ResponseDecodeError", 1), SR: ("StreamInterruptedError", 1)},
    "truncated_stream": {**_UNCERTAIN["applied"], SR: ("StreamInterruptedError", 1)},
    "stream_error_event": {SR: ("StreamError", 1)},
    "expired_token_401": dict.fromkeys(OPERATIONS, ("AuthenticationError", 1)),
    "redirect": dict.fromkeys(OPERATIONS, ("APIStatusError", 1)),
    "drop_after_apply, 25 newer": _UNCERTAIN["applied"],
    "500 after apply, 25 newer": _UNCERTAIN["applied"],
}
# With an Entra ID credential a 401 drops the token; the request is sent once more with
# a new one (not a retry: it works for POSTs too) and succeeds.
EXPECTED_ENTRA: Dict[str, Dict[str, Tuple[str, int]]] = {
    "expired_token_401": dict.fromkeys(OPERATIONS, ("ok", 2)),
    "redirect": EXPECTED["redirect"],
}



def _expected(fault_name: str, op_name: str, flavor: str) -> Tuple[str, int]:
    if op_name == CT and flavor != "foundry":
        # Threads cannot be listed here: an uncertain create is raised, as an upload is.
        op_name = UF
    return (EXPECTED_ENTRA if flavor == ENTRA else EXPECTED)[fault_name][op_name]


# Rows where the client breaks a promise (strict xfail: they fail once fixed, so the mark
# goes when the bug does). The row still shows in the table. None today.
CLIENT_BUGS: Dict[Tuple[str, str], str] = {}


#: The blocking client, and AsyncAssistantsClient over the same backend (its own transport).
CLIENTS = ("blocking", "async")


def _cases() -> List[Any]:
    cases = []
    for fault_name, fault in FAULTS.items():
        for op_name in fault.only or OPERATIONS:
            flavors = list(OPERATIONS[op_name].flavors)
            if fault_name in EXPECTED_ENTRA:
                flavors.append(ENTRA)
            for flavor in flavors:
                for kind in CLIENTS:
                    bug = CLIENT_BUGS.get((fault_name, op_name))
                    marks = [pytest.mark.xfail(reason=bug, strict=True)] if bug else []
                    suffix = "" if kind == "blocking" else "-async"
                    cases.append(pytest.param(fault_name, op_name, flavor, kind, marks=marks,
                                              id=f"{fault_name}-{op_name}-{flavor}{suffix}"))
    return cases


# --------------------------------------------------------------------------- verdicts


def _outcome(error: Optional[BaseException]) -> Tuple[str, str]:
    """(the name the table shows, and ok / maybe / failed as the user must read it)."""
    if error is None:
        return "ok", "ok"
    name = type(error).__name__
    if isinstance(error, (WriteOutcomeUnknownError, StreamError, StreamInterruptedError)):
        return name, "maybe"  # each says the write may have happened and how to check
    if isinstance(error, APIConnectionError):
        return name, "maybe" if error.maybe_sent else "failed"
    return name, "failed"


def _client(
    world: World, flavor: str, read_timeout: float, waits: List[float]
) -> Tuple[AssistantsClient, Any]:
    credential: Any = None
    if flavor == ENTRA:
        credential = FakeCredential(world.emu)
        client = AssistantsClient(world.emu.endpoint, credential,
                                  api_version=world.emu.api_version, deployments=DEPLOYMENTS,
                                  max_retries=2, timeout=(2, read_timeout))
    elif flavor == "foundry":
        # A token of its own: an expired_token_401 row revokes it, not the setup client's.
        token = "row-" + uuid.uuid4().hex
        world.emu.accept_token(token)
        client = world.emu.client(azure_ad_token=token, max_retries=2,
                                  timeout=(2, read_timeout))
    else:
        client = world.emu.client(max_retries=2, timeout=(2, read_timeout))
    client._core.transport._sleep = waits.append  # retries wait for nothing, but are seen
    return client, credential


def _call_async(op: Operation, client: AssistantsClient, world: World, target: Target,
                read_timeout: float, waits: List[float]) -> Any:
    """``op`` on an AsyncAssistantsClient sharing ``client``'s backend, awaited."""
    pytest.importorskip("aiohttp")

    async def record(seconds: float) -> None:
        waits.append(seconds)

    async def main() -> Any:
        twin = AsyncAssistantsClient(backend=client.backend, max_retries=2,
                                     timeout=(2, read_timeout))
        twin._core.transport._sleep = record  # retries wait for nothing, but are seen
        try:
            result = op.call(twin, world, target)  # type: ignore[arg-type]
            return await result if inspect.isawaitable(result) else result
        finally:
            await twin.close()

    return asyncio.run(main())


@pytest.mark.parametrize(("fault_name", "op_name", "flavor", "kind"), _cases())
def test_fault(
    fault_name: str,
    op_name: str,
    flavor: str,
    kind: str,
    worlds: Dict[str, World],
    other_host: Listener,
    table: SummaryTable,
) -> None:
    world = worlds["azure" if flavor == ENTRA else flavor]
    emu, op, fault = world.emu, OPERATIONS[op_name], FAULTS[fault_name]
    target = op.prepare(world)
    options = fault.options()
    if fault.name == "redirect":
        options["location"] = other_host.url + "/v1/assistants"
    waits: List[float] = []
    read_timeout = READ_TIMEOUT if fault.name == "delay_after_apply" else 10.0
    client, credential = _client(world, flavor, read_timeout, waits)
    heard_before = len(other_host.received)
    before, fired_before = len(emu.requests), len(emu.fault_log)
    crowd: List[int] = []  # where the requests of the others' writes start and end
    if fault.crowd:
        write_one, others_client = op.other, world.unmarked
        assert write_one is not None

        def others_write() -> None:
            crowd.append(len(emu.requests))
            for _ in range(fault.crowd):
                target.newer.append(write_one(others_client, target).id)
            crowd.append(len(emu.requests))

        options["before_answer"] = others_write
    emu.inject(fault.name, route=op.route, **options)

    error: Optional[BaseException] = None
    result: Any = None
    try:
        if kind == "async":
            result = _call_async(op, client, world, target, read_timeout, waits)
        else:
            result = op.call(client, world, target)
    except Exception as exc:  # the row records whatever the user got
        error = exc
    finally:
        emu.clear_faults()
        client.close()

    requests_seen = emu.requests[before:]
    if crowd:  # the others' writes are not this client's attempts
        del requests_seen[crowd[0] - before:crowd[1] - before]
    seen = [f"{r.method} {r.path}" for r in requests_seen]
    own = _route_regex(op, target)
    attempts = sum(1 for line in seen if own.fullmatch(line))
    others = len(seen) - attempts
    outcome, verdict = _outcome(error)
    created = op.created(world, target) if op.write else None
    applied = attempts - sum(1 for f in emu.fault_log[fired_before:] if not f.applied)
    duplicates = None
    lost = None
    if created is not None:
        duplicates = max(0, created - 1, applied - 1 if op_name == ST else 0)
        lost = int((verdict == "ok" and created == 0) or (verdict == "failed" and created > 0))
    table.rows.append(Row(fault_name, op_name, flavor + ("/async" if kind == "async" else ""),
                          f"{attempts}" + (f" (+{others} list)" if others else ""),
                          outcome, duplicates, lost))

    expected_outcome, expected_attempts = _expected(fault_name, op_name, flavor)
    assert (outcome, attempts) == (expected_outcome, expected_attempts), repr(error)
    assert not duplicates and not lost
    if created is not None:  # exactly one object when any attempt was carried out
        assert created == min(applied, 1)
    if error is None:
        _check_result(op_name, result, world, target)
    if fault_name == "429 retry-after-ms":
        assert waits == [1.5]  # retry-after-ms honoured to the millisecond
    if fault_name == "503 Retry-After date":
        assert len(waits) == 1 and 0 < waits[0] <= 2.0
    if fault.name == "redirect":
        assert isinstance(error, APIError) and error.status_code == 307
        assert "127.0.0.2" in str(error)
        assert len(other_host.received) == heard_before  # the other host heard nothing
    if credential is not None and fault.name == "expired_token_401":
        first, second = credential.tokens
        sent = [r.headers["authorization"] for r in emu.requests[before:]]
        assert sent == [f"Bearer {first}", f"Bearer {second}"]
    if isinstance(error, WriteOutcomeUnknownError):
        assert "may have been carried out" in str(error)
    if isinstance(error, AuthenticationError):
        assert created in (None, 0)


# --------------------------------------------------------------------------- the API


def test_faults_are_taken_first_in_first_out_by_matching_requests() -> None:
    with Emulator(flavor="azure") as emu:
        session = requests.Session()
        session.headers["api-key"] = emu.api_key
        url = f"{emu.base_url}/threads"
        params = {"api-version": emu.api_version}
        thread_id = session.post(url, params=params, json={}).json()["id"]
        messages = f"{url}/{thread_id}/messages"
        emu.inject("status", route="POST /threads/{thread_id}/messages", code=500, times=2)
        emu.inject("status", method="POST", route=re.compile(r"/threads/[^/]+/messages"),
                   code=503)
        emu.inject("status", route="GET /threads/{thread_id}", code=502)
        assert emu.pending_faults == 4
        assert session.get(f"{url}/{thread_id}", params=params).status_code == 502
        assert session.get(f"{url}/{thread_id}", params=params).status_code == 200
        statuses = [session.post(messages, params=params,
                                 json={"role": "user", "content": "hi"}).status_code
                    for _ in range(4)]
        assert statuses == [500, 500, 503, 200]
        assert len(emu.stored("message", thread_id)) == 1  # the faulted ones did nothing
        log = emu.fault_log
        assert [(f.fault, f.options["code"], f.applied) for f in log] == [
            ("status", 502, False), ("status", 500, False), ("status", 500, False),
            ("status", 503, False)]
        assert log[1].route == f"/threads/{thread_id}/messages"
        assert log[1].path == f"/openai/threads/{thread_id}/messages"
        assert emu.pending_faults == 0


def test_clear_faults_and_bad_injections() -> None:
    with Emulator() as emu:
        emu.inject("drop_after_apply", times=3)
        emu.clear_faults()
        assert emu.pending_faults == 0
        with pytest.raises(ValueError, match="unknown fault"):
            emu.inject("explode")
        with pytest.raises(TypeError, match="missing"):
            emu.inject("status")
        with pytest.raises(ValueError, match="loopback"):
            emu.inject("redirect", location="http://example.com/v1")
        with pytest.raises(ValueError, match="names POST"):
            emu.inject("status", method="GET", route="POST /files", code=500)
        with pytest.raises(ValueError, match="times"):
            emu.inject("malformed_json", times=0)
        with pytest.raises(TypeError, match="before_answer must be a callable"):
            emu.inject("drop_after_apply", before_answer="newer objects")
