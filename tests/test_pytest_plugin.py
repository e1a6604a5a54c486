"""The pytest plugin as a user's test suite sees it: fixtures that start the emulator."""

from __future__ import annotations

import configparser
import importlib.metadata
import textwrap
from pathlib import Path

import pytest

from multiassist import AssistantsClient, pytest_plugin
from multiassist.testing import Emulator

pytest_plugins = ["pytester"]

# The plugin's own fixtures, available here whether or not the package is installed (the
# pytest11 entry point registers them only in an installed package). Bound as module
# attributes, they override the entry point's copies instead of registering the plugin twice.
multiassist_emulator = pytest_plugin.multiassist_emulator
multiassist_client = pytest_plugin.multiassist_client

ROOT = Path(__file__).resolve().parents[1]

USER_TESTS = '''
import pytest


def test_the_default_emulator_speaks_the_openai_wire(multiassist_emulator, multiassist_client):
    multiassist_client.beta.assistants.create(model="gpt-4o", name="from a user test")
    assert multiassist_emulator.flavor == "openai"
    assert [a.name for a in multiassist_client.beta.assistants.list()] == ["from a user test"]


def test_each_test_gets_a_fresh_emulator(multiassist_client):
    assert list(multiassist_client.beta.assistants.list()) == []


@pytest.mark.parametrize("multiassist_emulator", ["openai", "azure"], indirect=True)
def test_a_run_on_both_wires(multiassist_emulator, multiassist_client):
    assistant = multiassist_client.beta.assistants.create(model="gpt-4o")
    thread = multiassist_client.beta.threads.create(
        messages=[{"role": "user", "content": "Hello"}])
    run = multiassist_client.beta.threads.runs.create_and_poll(
        thread.id, assistant_id=assistant.id, max_wait=10)
    assert run.status == "completed"
    prefix = "/openai/" if multiassist_emulator.flavor == "azure" else "/v1/"
    assert multiassist_emulator.requests[0].path.startswith(prefix)


@pytest.mark.parametrize(
    "multiassist_emulator",
    [{"flavor": "azure", "api_version": "2024-05-01-preview",
      "deployments": {"gpt-4o": "my-deployment"}}],
    indirect=True,
)
def test_emulator_arguments_as_a_dict(multiassist_emulator, multiassist_client):
    assistant = multiassist_client.createAssistant({"model": "gpt-4o"})
    assert assistant.model == "gpt-4o"
    sent = multiassist_emulator.requests[-1]
    assert sent.query["api-version"] == "2024-05-01-preview"
    assert sent.json["model"] == "my-deployment"
'''


def _installed_entry_point() -> bool:
    entry_points = importlib.metadata.entry_points()
    if hasattr(entry_points, "select"):
        group = entry_points.select(group="pytest11")
    else:  # Python 3.9
        group = entry_points.get("pytest11", [])  # type: ignore[attr-defined]
    return any(ep.value == "multiassist.pytest_plugin" for ep in group)


def test_a_user_suite_uses_the_fixtures_on_both_flavors(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Load the plugin by name, the way `-p` does where autoloading is off; that way the
    # run is the same whether or not this checkout is installed.
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.makepyfile(test_user=USER_TESTS)
    result = pytester.runpytest("-p", "multiassist.pytest_plugin", "-q")
    result.assert_outcomes(passed=5)


@pytest.mark.skipif(not _installed_entry_point(), reason="multiassist is not installed "
                    "(pip install -e .), so its pytest11 entry point is not registered")
def test_the_installed_entry_point_loads_the_plugin_by_itself(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", raising=False)
    pytester.makepyfile(test_user=USER_TESTS)
    pytester.runpytest("-q").assert_outcomes(passed=5)


def test_the_package_declares_the_entry_point() -> None:
    setup = configparser.ConfigParser()
    setup.read(ROOT / "setup.cfg")
    declared = setup["options.entry_points"]["pytest11"].strip()
    assert declared == "multiassist = multiassist.pytest_plugin"


def test_a_bad_parameter_says_what_to_pass(pytester: pytest.Pytester,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.makepyfile(test_bad=textwrap.dedent('''
        import pytest

        @pytest.mark.parametrize("multiassist_emulator", [42], indirect=True)
        def test_it(multiassist_emulator):
            pass
    '''))
    result = pytester.runpytest("-p", "multiassist.pytest_plugin", "-q")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*parametrize multiassist_emulator with a flavor name*"])


@pytest.mark.parametrize("multiassist_emulator", ["azure"], indirect=True)
def test_the_fixtures_in_this_suite(
    multiassist_emulator: Emulator, multiassist_client: AssistantsClient
) -> None:
    thread = multiassist_client.createThread()
    multiassist_client.createMessage(thread.id, "user", "Hi there")
    assert [m.text for m in multiassist_client.listMessages(thread.id)] == ["Hi there"]
    assert multiassist_emulator.requests[0].headers["api-key"] == multiassist_emulator.api_key
