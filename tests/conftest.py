"""Shared fixtures: the emulator in each wire flavor and a client pointed at it."""

from __future__ import annotations

import os
from typing import Iterator

import pytest

from multiassist import AssistantsClient
from multiassist.testing import Emulator

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


_COMPAT_TEST = "test_compat_openai.py::test_program_runs_unchanged_with_multiassist"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Close the session with the corpus lines: openai-python programs, Azure agents programs."""
    _openai_corpus_line(terminalreporter)
    from tests.compat_agents import tally

    line = tally.summary()
    if line:
        terminalreporter.write_line(line)


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
