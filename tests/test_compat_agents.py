"""The Azure agents compatibility corpus (``tests/compat_agents``): every program runs with
Microsoft's SDK against the emulator's Foundry flavor -- proving the program and the
emulator sound -- and with ``multiassist.agents`` handed in instead, unchanged.

The GA programs (azure-ai-agents 1.x, azure-ai-projects 1.x) run in this process. The beta
programs (azure-ai-projects 1.0.0b10) run in a subprocess with the beta installed by the
Makefile under ``.venv/sdk-beta`` first on PYTHONPATH; they speak the hub-era route
``/agents/v1.0/subscriptions/.../workspaces/<project>``, which the emulator serves.

``multiassist.agents`` runs every program on Foundry Agent Service (classic) as the original
does, and -- with ``MULTIASSIST_PROFILE`` naming a Responses profile -- on the Responses API
bridge, the program unchanged. The async programs (``async def main``, the originals'
``azure.ai.agents.aio`` / ``azure.ai.projects.aio`` samples) are handed
``multiassist.agents.aio``'s class instead and an ``azure.identity.aio``-style credential.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, Dict, Iterator, Set, Tuple

import pytest

from multiassist.testing import Emulator
from multiassist.testing.flavors import COGNITIVE_AUDIENCE, HUB_AUDIENCE
from tests.compat_agents import tally
from tests.compat_agents.program import ProgramEnv
from tests.compat_agents.sdk_runner import credential_for, is_async, run_main, run_with_sdk

ROOT = Path(__file__).resolve().parents[1]
SDK_BETA = ROOT / ".venv" / "sdk-beta"
MODEL = "gpt-4o"
TOKEN = "corpus-entra-token"
SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"
RESOURCE_GROUP = "rg-corpus"
SCOPES = {"ga": "https://ai.azure.com/.default", "beta": "https://ml.azure.com/.default"}

PROGRAMS = [
    "ga_basics",
    "ga_thread_and_process_run",
    "ga_stream_eventhandler",
    "ga_functions",
    "ga_auto_function_calls",
    "ga_vector_store_file_search",
    "ga_code_interpreter",
    "learn_quickstart",
    "user_portal_snippet",
    "beta_basics",
    "beta_functions",
    "beta_stream_eventhandler",
    "beta_vector_store_file_search",
    "beta_code_interpreter",
    "user_beta_toolset",
    "aio_basics",
    "aio_stream_eventhandler",
    "aio_functions",
    "aio_run_with_toolset",
    "aio_vector_store_file_search",
    "beta_aio_stream_eventhandler",
    "beta_aio_run_with_toolset",
]
#: foundry: Agent Service classic, as the originals; then the Responses API bridge on the
#: Foundry project endpoint, on the Azure OpenAI resource, and on OpenAI's /v1.
BACKENDS = ["foundry", "azure-responses", "azure-responses-resource", "openai-responses"]
#: The Entra scope each Responses backend asks for (none: OpenAI takes an API key).
BRIDGE_SCOPES = {
    "azure-responses": {"https://ai.azure.com/.default"},
    "azure-responses-resource": {"https://cognitiveservices.azure.com/.default"},
    "openai-responses": set(),
}
#: (program, backend) pairs multiassist.agents does not run unchanged yet (strict xfails).
NOT_YET: Set[Tuple[str, str]] = set()


def program(name: str) -> ModuleType:
    return importlib.import_module(f"tests.compat_agents.{name}")


def multiassist_case(name: str, backend: str) -> Any:
    if (name, backend) in NOT_YET:
        return pytest.param(name, backend, marks=pytest.mark.xfail(
            strict=True, reason="multiassist.agents does not run it unchanged yet"))
    return pytest.param(name, backend)


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator("foundry", deployments={MODEL: MODEL}, run_steps_to_complete=1) as running:
        running.accept_token(TOKEN)
        running.accept_token(TOKEN, audience=HUB_AUDIENCE)
        running.accept_token(TOKEN, audience=COGNITIVE_AUDIENCE)
        yield running
        assert running.failures == []


def settings(emu: Emulator, workdir: Path) -> Dict[str, str]:
    """What the originals read from their environment, pointing at the emulator."""
    return {
        "endpoint": emu.endpoint,
        "connection_string": emu.hub_connection_string(SUBSCRIPTION, RESOURCE_GROUP),
        "model": MODEL,
        "token": TOKEN,
        "workdir": str(workdir),
    }


def run_beta_in_subprocess(name: str, values: Dict[str, str]) -> Dict[str, Any]:
    if not (SDK_BETA / "azure" / "ai" / "projects").is_dir():
        raise AssertionError(f"{SDK_BETA} has no azure-ai-projects beta: run `make test`")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SDK_BETA), str(ROOT)])}
    done = subprocess.run(
        [sys.executable, "-m", "tests.compat_agents.sdk_runner",
         json.dumps({"program": name, **values})],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    if done.returncode != 0:
        raise AssertionError(f"{name} failed with the beta SDK:\n{done.stderr[-4000:]}")
    result: Dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize("name", PROGRAMS)
def test_program_runs_with_microsofts_sdk(name: str, emu: Emulator, tmp_path: Path) -> None:
    module = program(name)
    tally.OUTCOMES.setdefault((tally.SDK, name), False)
    values = settings(emu, tmp_path)
    if module.GENERATION == "beta":
        result = run_beta_in_subprocess(name, values)
        assert result["version"].startswith("1.0.0b")
    else:
        result = run_with_sdk(name, values)
        assert "b" not in result["version"]
    assert result["transcript"] == module.EXPECTED
    assert set(result["scopes"]) == {SCOPES[module.GENERATION]}
    tally.OUTCOMES[(tally.SDK, name)] = True


def use_profile(backend: str, emu: Emulator, tmp_path: Path,
                monkeypatch: pytest.MonkeyPatch) -> None:
    """Choose ``backend`` the way a user would: a profile file and MULTIASSIST_PROFILE (none
    for foundry, where the programs' own endpoint and credential suffice)."""
    if backend == "foundry":
        monkeypatch.delenv("MULTIASSIST_PROFILE", raising=False)
        return
    where = {
        "azure-responses": f'provider = "azure-responses"\nendpoint = "{emu.endpoint}"\n'
                           'auth = "entra"\n',
        "azure-responses-resource": f'provider = "azure-responses"\nendpoint = "{emu.origin}"\n'
                                    'auth = "entra"\n',
        "openai-responses": f'provider = "openai-responses"\nbase_url = "{emu.origin}/v1"\n'
                            'api_key_env = "CORPUS_OPENAI_KEY"\n',
    }[backend]
    monkeypatch.setenv("CORPUS_OPENAI_KEY", emu.api_key)
    config = tmp_path / "profiles"
    config.mkdir()
    (config / "multiassist.toml").write_text(
        f'[profiles.responses]\n{where}store = "{tmp_path / "bridge.sqlite3"}"\n'
        f'[profiles.responses.deployments]\n"{MODEL}" = "{MODEL}"\n'
    )
    monkeypatch.chdir(config)
    monkeypatch.setenv("MULTIASSIST_PROFILE", "responses")


@pytest.mark.parametrize(("name", "backend"),
                         [multiassist_case(name, backend) for backend in BACKENDS
                          for name in PROGRAMS])
def test_program_runs_unchanged_with_multiassist(
    name: str, backend: str, emu: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = program(name)
    tally.OUTCOMES.setdefault((tally.side(backend), name), False)
    agents = importlib.import_module(
        "multiassist.agents.aio" if is_async(module) else "multiassist.agents")
    models = importlib.import_module("multiassist.agents.models")
    values = settings(emu, tmp_path)
    use_profile(backend, emu, tmp_path, monkeypatch)
    credential = credential_for(module, TOKEN)
    env = ProgramEnv(
        endpoint=values["endpoint"],
        connection_string=values["connection_string"],
        model=MODEL,
        credential=credential,
        workdir=tmp_path,
    )
    seen = len(emu.requests)
    transcript = run_main(module, getattr(agents, module.CLIENT), models, env)
    assert transcript == module.EXPECTED
    paths = [request.path for request in emu.requests[seen:]]
    responses_api = [p for p in paths if p.split("/v1/", 1)[-1].startswith("responses")]
    agent_service = [p for p in paths if "/v1/" not in p]
    if backend == "foundry":
        assert agent_service and not responses_api
        hub = "/providers/Microsoft.MachineLearningServices/workspaces/"
        assert all((hub in p) == (module.GENERATION == "beta") for p in agent_service)
    else:
        assert responses_api and not agent_service
    # The scope Microsoft's SDK would ask for on Foundry; on the bridge the one of the
    # Responses endpoint (a Foundry project's ai.azure.com, a resource's cognitiveservices).
    wanted = {SCOPES[module.GENERATION]} if backend == "foundry" else BRIDGE_SCOPES[backend]
    assert set(credential.scopes) == wanted
    tally.OUTCOMES[(tally.side(backend), name)] = True


@pytest.mark.parametrize(
    ("url", "sent", "https_enforced"),
    [
        ("https://127.0.0.1:8080/agents/v1.0/x", "http://127.0.0.1:8080/agents/v1.0/x", False),
        ("http://localhost:9/api/projects/p/threads", "http://localhost:9/api/projects/p/threads",
         False),
        ("https://eastus2.api.azureml.ms/agents/v1.0/x", "https://eastus2.api.azureml.ms/agents/v1.0/x",
         True),
        ("http://example.com/api/projects/p", "http://example.com/api/projects/p", True),
    ],
)
def test_loopback_policy_relaxes_https_for_loopback_hosts_only(
    url: str, sent: str, https_enforced: bool
) -> None:
    from azure.core.pipeline import PipelineContext, PipelineRequest
    from azure.core.rest import HttpRequest

    from tests.compat_agents.sdk_runner import loopback_policy

    request = PipelineRequest(HttpRequest("GET", url), PipelineContext(None))
    loopback_policy().on_request(request)
    assert request.http_request.url == sent
    assert request.context.get("enforce_https", True) is https_enforced
