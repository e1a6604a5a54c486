"""Shared fixtures: the emulator in each wire flavor, a client pointed at it, and a scripted
server for answers the emulator does not give."""

from __future__ import annotations

import os
from typing import Any, Dict, Iterator

import pytest

from multiassist import AssistantsClient
from multiassist.testing import Emulator

import pg_server
from scripted_server import Scripted

# Test traffic stays on this machine even where a proxy is configured (subprocesses inherit it).
for _name in ("NO_PROXY", "no_proxy"):
    os.environ[_name] = ",".join(
        filter(None, [os.environ.get(_name), "127.0.0.1", "127.0.0.2", "localhost"]))

FLAVORS = ("openai", "azure")
DEPLOYMENTS = {"gpt-4o": "dep-gpt4o", "gpt-4o-mini": "dep-mini"}


@pytest.fixture(scope="module", params=FLAVORS)
def emulator(request: pytest.FixtureRequest) -> Iterator[Emulator]:
    """A running emulator, once per flavor; its state is shared within a test module."""
    with Emulator(flavor=request.param, deployments=DEPLOYMENTS, run_steps_to_complete=2) as emu:
        yield emu


@pytest.fixture
def client(emulator: Emulator) -> Iterator[AssistantsClient]:
    with emulator.client(max_retries=0) as made:
        yield made


@pytest.fixture
def server() -> Iterator[Scripted]:
    """A :class:`~scripted_server.Scripted` server on 127.0.0.1, closed after the test."""
    scripted = Scripted()
    yield scripted
    scripted.close()


_COMPAT_TEST = "test_compat_openai.py::test_program_runs_unchanged_with_multiassist"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Close the session with the corpus lines (openai-python programs, Azure agents
    programs) and whether the PostgreSQL tests ran."""
    _openai_corpus_line(terminalreporter)
    from tests.compat_agents import tally

    line = tally.summary()
    if line:
        terminalreporter.write_line(line)
    _postgres_line(terminalreporter)


def _openai_corpus_line(terminalreporter: pytest.TerminalReporter) -> None:
    """How many corpus programs (tests/compat_openai) ran unchanged with multiassist."""
    outcomes = {}
    for key in ("passed", "failed", "xfailed", "xpassed", "error", "skipped"):
        for report in terminalreporter.stats.get(key, []):
            nodeid = getattr(report, "nodeid", "")
            if _COMPAT_TEST in nodeid:
                passed = key == "passed" and report.when == "call"
                outcomes[nodeid] = outcomes.get(nodeid, True) and passed
    if outcomes:
        unchanged = sum(outcomes.values())
        terminalreporter.write_line(
            f"openai-python programs: {unchanged}/{len(outcomes)} run unchanged"
        )


# --- a real PostgreSQL server, for the bridge's PostgreSQL store ---------------------------------

_POSTGRES: Dict[str, Any] = {}


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[pg_server.PostgresServer]:
    """A PostgreSQL server started for this test session (skips, with the reason, where
    this machine has none)."""
    started = pg_server.start()
    if isinstance(started, str):
        _POSTGRES["skipped"] = started
        pytest.skip(f"PostgreSQL tests skipped: {started}")
    _POSTGRES["ran"] = f"{started.version} on 127.0.0.1:{started.port}"
    try:
        yield started
    finally:
        started.stop()


@pytest.fixture
def postgres_url(postgres_server: pg_server.PostgresServer) -> str:
    """The URL of a new, empty database on the session's PostgreSQL server."""
    return postgres_server.database()


def _postgres_line(terminalreporter: pytest.TerminalReporter) -> None:
    """Say whether the PostgreSQL tests ran (and against what), or why not."""
    if "ran" in _POSTGRES:
        line = f"PostgreSQL tests: ran against {_POSTGRES['ran']}"
    elif "skipped" in _POSTGRES:
        line = f"PostgreSQL tests: SKIPPED ({_POSTGRES['skipped']})"
    else:
        line = "PostgreSQL tests: not selected in this run"
    terminalreporter.write_line(line)
