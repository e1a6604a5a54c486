"""Runs one corpus program with Microsoft's SDK against a loopback server: in the calling
process (``run_with_sdk``) or as ``python -m tests.compat_agents.sdk_runner '<json>'``,
which the harness uses for the beta SDK, kept in its own ``--target`` folder put first on
PYTHONPATH (the beta and the GA ``azure-ai-projects`` cannot share one environment).

Only the client's transport is adjusted, never the program: a per-call pipeline policy
lets bearer tokens go over plain http to loopback hosts (``enforce_https`` off) and, since
the beta's ``from_connection_string`` always builds ``https://<host>``, sends loopback
requests over http. The credential stands for ``DefaultAzureCredential()`` and records the
scopes it was asked for.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Tuple
from urllib.parse import urlsplit, urlunsplit

from tests.compat_agents.program import ProgramEnv

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})

# (generation, client class) -> (module of the client class, models module); an async
# program (``async def main``) takes the class from that module's ``.aio``.
SDK_MODULES: Dict[Tuple[str, str], Tuple[str, str]] = {
    ("ga", "AgentsClient"): ("azure.ai.agents", "azure.ai.agents.models"),
    ("ga", "AIProjectClient"): ("azure.ai.projects", "azure.ai.agents.models"),
    ("beta", "AIProjectClient"): ("azure.ai.projects", "azure.ai.projects.models"),
}


def is_async(module: Any) -> bool:
    """Whether a corpus program is written for the async clients (``async def main``)."""
    return inspect.iscoroutinefunction(module.main)


class StaticTokenCredential:
    """A TokenCredential handing out one fixed token; remembers the scopes asked for."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.scopes: List[str] = []

    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        from azure.core.credentials import AccessToken

        self.scopes.extend(scopes)
        return AccessToken(self.token, int(time.time()) + 3600)


class AsyncStaticTokenCredential(StaticTokenCredential):
    """The ``azure.identity.aio`` kind (awaited ``get_token``, ``async with``), standing for
    ``azure.identity.aio.DefaultAzureCredential()`` in the async programs."""

    async def get_token(self, *scopes: str, **kwargs: Any) -> Any:  # type: ignore[override]
        return StaticTokenCredential.get_token(self, *scopes, **kwargs)

    async def close(self) -> None:
        return None

    async def __aenter__(self) -> AsyncStaticTokenCredential:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()


def credential_for(module: Any, token: str) -> StaticTokenCredential:
    """The credential a program's original builds: async for an async program."""
    return AsyncStaticTokenCredential(token) if is_async(module) else StaticTokenCredential(token)


def run_main(module: Any, client_class: Any, models: Any, env: ProgramEnv) -> List[str]:
    """Run a program's ``main``, in a fresh event loop when it is async."""
    if is_async(module):
        transcript: List[str] = asyncio.run(module.main(client_class, models, env))
        return transcript
    result: List[str] = module.main(client_class, models, env)
    return result


def loopback_policy() -> Any:
    from azure.core.pipeline.policies import SansIOHTTPPolicy

    class LoopbackPolicy(SansIOHTTPPolicy):  # type: ignore[misc]
        """Plain http (and so bearer tokens over http) for loopback hosts only."""

        def on_request(self, request: Any) -> None:
            parts = urlsplit(request.http_request.url)
            if parts.hostname not in LOOPBACK_HOSTS:
                return
            request.context["enforce_https"] = False
            if parts.scheme == "https":
                request.http_request.url = urlunsplit(("http", *parts[1:]))

    return LoopbackPolicy()


def with_loopback(client_class: Any) -> Any:
    """``client_class`` whose instances add ``loopback_policy()`` to their pipelines."""

    class Loopback(client_class):  # type: ignore[misc,valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["per_call_policies"] = [*kwargs.get("per_call_policies", []),
                                           loopback_policy()]
            super().__init__(*args, **kwargs)

    Loopback.__name__ = Loopback.__qualname__ = client_class.__name__
    return Loopback


def run_with_sdk(program: str, settings: Dict[str, str]) -> Dict[str, Any]:
    """Run ``tests.compat_agents.<program>`` with Microsoft's SDK; returns its transcript,
    the token scopes requested and the SDK's version."""
    module = importlib.import_module(f"tests.compat_agents.{program}")
    package, models_module = SDK_MODULES[(module.GENERATION, module.CLIENT)]
    client_module = f"{package}.aio" if is_async(module) else package
    client_class = with_loopback(getattr(importlib.import_module(client_module), module.CLIENT))
    credential = credential_for(module, settings["token"])
    env = ProgramEnv(
        endpoint=settings["endpoint"],
        connection_string=settings["connection_string"],
        model=settings["model"],
        credential=credential,
        workdir=Path(settings["workdir"]),
    )
    transcript = run_main(module, client_class, importlib.import_module(models_module), env)
    sdk_version = importlib.import_module(package).__version__
    return {"transcript": transcript, "scopes": credential.scopes, "version": sdk_version}


if __name__ == "__main__":
    arguments = json.loads(sys.argv[1])
    result = run_with_sdk(arguments.pop("program"), arguments)
    print(json.dumps(result))
