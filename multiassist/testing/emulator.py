"""The public ``Emulator``: its lifecycle (start, stop, context manager), the request log,
and the scripting API tests drive it with (faults, run scripts, clock, stored objects,
``client()``).

Its configuration (defaults, api-versions, what each flavor points at) lives in
``emulator_settings``, the request log's entries in ``recording``.
"""

from __future__ import annotations

import copy
import importlib
import threading
import uuid
from types import TracebackType
from typing import Any, Dict, Iterable, List, Mapping, Optional, Set, Type

from multiassist.testing import emulator_settings as config
from multiassist.testing.app import App, RawRequest
from multiassist.testing.context import Settings
from multiassist.testing.emulator_settings import (
    DEFAULT_API_KEY,
    DEFAULT_API_VERSION,
    DEFAULT_DEPLOYMENTS,
    DEFAULT_PROJECT,
)
from multiassist.testing.errors import FOUNDRY, OPENAI
from multiassist.testing.faults import FaultInjector, FiredFault, RouteSpec
from multiassist.testing.recording import RecordedRequest, record_of
from multiassist.testing.responses_app import ResponsesService
from multiassist.testing.run_engine import RUN_TTL_SECONDS, RunEngine
from multiassist.testing.scripted_model import RunScript, ScriptedModel
from multiassist.testing.server import EmulatorHTTPServer
from multiassist.testing.store import Store
from multiassist.testing.versions import (
    AZURE_API_VERSIONS,
    AZURE_V1_API_VERSIONS,
    AZURE_V2_API_VERSIONS,
    FOUNDRY_API_VERSIONS,
)

__all__ = [
    "AZURE_API_VERSIONS",
    "AZURE_V1_API_VERSIONS",
    "AZURE_V2_API_VERSIONS",
    "DEFAULT_API_KEY",
    "DEFAULT_API_VERSION",
    "DEFAULT_PROJECT",
    "FOUNDRY_API_VERSIONS",
    "Emulator",
    "FiredFault",
    "RecordedRequest",
]


class Emulator:
    """An Assistants API server on localhost speaking the OpenAI, Azure OpenAI and Foundry
    Agent Service (classic) wires.

    ``/v1`` (OpenAI), ``/openai`` (Azure) and ``/api/projects/<project>`` (Foundry) are
    served at once, over one shared store; ``flavor`` picks what ``endpoint``, ``base_url``
    and ``client()`` point at. Use as a context manager or call ``start()`` / ``stop()``.

    Versions (``multiassist.testing.versions``): ``/openai`` takes ``api_versions`` (default
    ``AZURE_API_VERSIONS``); the v1 previews among them (``AZURE_V1_API_VERSIONS``) speak
    the retired Assistants v1 wire (``file_ids``, ``retrieval``, assistant and message file
    routes, no vector stores), the rest v2. Foundry takes ``FOUNDRY_API_VERSIONS`` (all v2),
    bearer tokens given to ``accept_token`` only, and also serves ``GET /threads``. For the
    foundry flavor ``api_versions`` narrows Foundry's versions instead. ``api_version`` is
    what ``client()`` sends (default ``2025-04-01-preview``, ``v1`` for foundry).

    Runs: a polled run becomes ``in_progress`` on its first retrieve and takes its turn on
    retrieve number ``run_steps_to_complete``; ``expires_at`` is ``created_at +
    run_expiry_seconds``; run answers carry ``openai-poll-after-ms: <poll_after_ms>``.
    What a run does is scripted (``script_run``, message markers): see
    ``multiassist.testing.scripted_model``. Failures of the service or the network are
    injected per request with ``inject`` (see ``multiassist.testing.faults``).
    """

    def __init__(
        self,
        flavor: str = OPENAI,
        *,
        api_key: str = DEFAULT_API_KEY,
        deployments: Optional[Mapping[str, str]] = None,
        api_versions: Optional[Iterable[str]] = None,
        api_version: Optional[str] = None,
        project: str = DEFAULT_PROJECT,
        host: str = "127.0.0.1",
        port: int = 0,
        run_steps_to_complete: int = 2,
        poll_after_ms: int = 25,
        run_expiry_seconds: int = RUN_TTL_SECONDS,
        response_steps_to_complete: Optional[int] = None,
        azure_conversations: bool = True,
    ) -> None:
        config.check_flavor_and_project(flavor, project)
        self.flavor = flavor
        self.api_key = api_key
        self.project = project
        foundry = flavor == FOUNDRY
        self.api_version: str = api_version or config.default_api_version(flavor)
        self.deployments: Dict[str, str] = dict(
            DEFAULT_DEPLOYMENTS if deployments is None else deployments
        )
        azure_versions, foundry_versions = config.resolve_api_versions(flavor, api_versions)
        #: The api-versions the flavor's own prefix accepts (a live list: edit to change).
        self.api_versions: List[str] = foundry_versions if foundry else azure_versions
        #: The bearer token ``client()`` uses on the foundry flavor (accepted by ``client()``).
        self.client_token = "emulator-entra-" + uuid.uuid4().hex
        self.requests: List[RecordedRequest] = []
        self._host = host
        self._port = port
        self._tokens: Set[str] = set()
        self._log_lock = threading.Lock()
        self._store = Store()
        self._engine = RunEngine(
            self._store, ScriptedModel(), run_steps_to_complete, run_expiry_seconds
        )
        self._settings = Settings(
            deployments=self.deployments,
            azure_api_versions=azure_versions,
            foundry_api_versions=foundry_versions,
            project=project,
            poll_after_ms=poll_after_ms,
        )
        #: The Responses + Conversations APIs (``multiassist.testing.responses_app``):
        #: ``script_response``, ``steps_to_complete``, ``azure_conversations``.
        self.responses = ResponsesService(
            self._store,
            ScriptedModel(),
            steps_to_complete=(
                run_steps_to_complete
                if response_steps_to_complete is None
                else response_steps_to_complete
            ),
            azure_conversations=azure_conversations,
        )
        self._app = App(
            flavor=flavor,
            api_key=api_key,
            tokens=self._tokens,
            settings=self._settings,
            store=self._store,
            engine=self._engine,
            responses=self.responses,
        )
        self._faults = FaultInjector(flavor, self.revoke_token)
        self._server: Optional[EmulatorHTTPServer] = None
        self._thread: Optional[threading.Thread] = None
        self._lifecycle = threading.Lock()

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> Emulator:
        """Bind the port and serve in a background thread (no-op when already running)."""
        with self._lifecycle:
            if self._server is not None:
                return self
            self._faults.rearm()
            server = EmulatorHTTPServer(
                (self._host, self._port), self._app, self._record, self._faults
            )
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"multiassist-emulator-{server.server_address[1]}",
                daemon=True,
            )
            thread.start()
            self._server, self._thread = server, thread
        return self

    def stop(self) -> None:
        """Shut the server down, close its connections and join its thread (idempotent)."""
        with self._lifecycle:
            server, thread = self._server, self._thread
            self._server = self._thread = None
        if server is None:
            return
        self._faults.release()  # delayed answers go out now rather than hold up shutdown
        server.shutdown()
        server.close_connections()
        server.server_close()
        if thread is not None:
            thread.join()

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.stop()

    # ------------------------------------------------------------------ addresses

    @property
    def port(self) -> int:
        """The bound port (raises RuntimeError before ``start()``)."""
        if self._server is None:
            raise RuntimeError("the emulator is not running; call start() first")
        return int(self._server.server_address[1])

    @property
    def origin(self) -> str:
        """``http://127.0.0.1:<port>``: the server root, under which every prefix lives."""
        return f"http://{self._host}:{self.port}"

    @property
    def endpoint(self) -> str:
        """What an Azure or Foundry client takes as its endpoint: ``origin`` (openai and
        azure flavors), ``<origin>/api/projects/<project>`` (foundry)."""
        return config.endpoint_url(self.flavor, self.origin, self.project)

    @property
    def base_url(self) -> str:
        """``<origin>/v1`` (openai), ``<origin>/openai`` (azure), ``endpoint`` (foundry)."""
        return config.base_url(self.flavor, self.origin, self.project)

    @property
    def responses_base_url(self) -> str:
        """Root of the Responses and Conversations APIs: ``<origin>/v1`` (openai),
        ``<origin>/openai/v1`` (azure), ``<endpoint>/openai/v1`` (foundry)."""
        return config.responses_base_url(self.flavor, self.origin, self.project)

    # ------------------------------------------------------------------ auth and log

    def accept_token(self, token: str) -> None:
        """Accept ``Authorization: Bearer <token>`` on the Azure and Foundry wires (Entra ID)."""
        self._tokens.add(token)

    def revoke_token(self, token: str) -> None:
        """Stop accepting a bearer token given to ``accept_token`` (no-op if unknown)."""
        self._tokens.discard(token)

    def _record(self, request: RawRequest) -> None:
        entry = record_of(request)
        with self._log_lock:
            self.requests.append(entry)

    @property
    def failures(self) -> List[str]:
        """Tracebacks of emulator bugs that were answered with HTTP 500 (for debugging)."""
        return list(self._app.failures)

    # ------------------------------------------------------------------ faults and state

    def inject(
        self,
        fault: str,
        *,
        method: Optional[str] = None,
        route: RouteSpec = None,
        times: int = 1,
        **options: Any,
    ) -> None:
        """Queue a fault for the next ``times`` requests matching ``method`` and ``route``.

        ``fault`` is one of ``multiassist.testing.faults.FAULTS`` with its ``options``:
        ``status`` (``code``, ``headers``, ``body``, ``apply``), ``drop_before_apply`` /
        ``drop_after_apply`` (``reset``), ``delay_after_apply`` (``seconds``),
        ``malformed_json``, ``truncated_stream`` (``after_events``), ``stream_error_event``
        (``after_events``, ``code``, ``message``), ``expired_token_401`` (``revoke``) and
        ``redirect`` (``location``, ``code``). ``route`` is a template over the path after
        the prefix, optionally led by the method (``"POST /threads/{thread_id}/messages"``),
        or a compiled regex that must fullmatch that path; None matches every request.
        Faults are consumed first in, first out among those matching a request. Raises
        ValueError / TypeError for an unknown fault, bad options or a bad route::

            emu.inject("status", route="POST /threads/{thread_id}/messages", code=429,
                       headers={"retry-after-ms": "10"})
            emu.inject("drop_after_apply", route="POST /files")
        """
        self._faults.add(fault, method=method, route=route, times=times, options=options)

    def clear_faults(self) -> None:
        """Drop every queued fault that has not fired yet (``fault_log`` is kept)."""
        self._faults.clear()

    @property
    def pending_faults(self) -> int:
        """How many more requests the queued faults will answer."""
        return self._faults.pending

    @property
    def fault_log(self) -> List[FiredFault]:
        """The faults that fired, oldest first: fault, method, path, route, whether the
        request was carried out (``applied``) and the effect in words."""
        return self._faults.log

    def stored(self, kind: str, parent: str = "") -> List[Dict[str, Any]]:
        """Copies of the stored objects of ``kind``, oldest first, as the emulator keeps
        them (v2 shape, write markers in ``metadata`` included).

        ``kind``: ``assistant``, ``thread``, ``file``, ``vector_store``; ``message``,
        ``run`` (``parent`` = thread id); ``step`` (``parent`` = run id); ``vs_file``,
        ``file_batch`` (``parent`` = vector store id)::

            texts = [m["content"][0]["text"]["value"] for m in emu.stored("message", tid)]
        """
        with self._store.lock:
            return [copy.deepcopy(rec.obj) for rec in self._store.table(kind, parent)]

    # ------------------------------------------------------------------ scripting runs

    def script_run(
        self,
        *,
        fail: Optional[Mapping[str, str]] = None,
        status: Optional[str] = None,
        reply: Optional[str] = None,
        stream_error: bool = False,
        stream_truncate_after: Optional[int] = None,
    ) -> None:
        """Queue the outcome of the next run created (FIFO: one call per future run).

        ``fail={"code": "server_error" | "rate_limit_exceeded" | "invalid_prompt",
        "message": ...}`` (message optional) fails the run with that ``last_error``;
        ``status`` is ``"completed"``, ``"failed"`` (= fail with server_error),
        ``"cancelled"``, ``"expired"`` or ``"incomplete"``; ``reply`` replaces the reply
        text; ``stream_error`` / ``stream_truncate_after`` break the run's first stream.
        These win over the markers in the run's message. The full grammar is in
        ``multiassist.testing.scripted_model``. Raises ValueError for bad values.
        """
        script = RunScript.build(
            fail=fail,
            status=status,
            reply=reply,
            stream_error=stream_error,
            stream_truncate_after=stream_truncate_after,
        )
        with self._store.lock:
            self._engine.scripts.append(script)

    def clear_run_scripts(self) -> None:
        """Drop every outcome queued by ``script_run`` that no run has taken yet."""
        with self._store.lock:
            self._engine.scripts.clear()

    def advance_clock(self, seconds: float) -> None:
        """Move the emulator's clock forward (timestamps, ``expires_at`` checks)."""
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        with self._store.lock:
            self._store.clock_offset += seconds

    @property
    def poll_after_ms(self) -> int:
        """The ``openai-poll-after-ms`` header value sent with run objects."""
        return self._settings.poll_after_ms

    @poll_after_ms.setter
    def poll_after_ms(self, value: int) -> None:
        self._settings.poll_after_ms = int(value)

    # ------------------------------------------------------------------ client

    def client(self, **kwargs: Any) -> Any:
        """A ``multiassist.AssistantsClient`` pointed at this emulator (``kwargs`` win).

        foundry: ``provider="foundry"``, ``endpoint``, ``azure_ad_token=client_token``
        (accepted here), ``api_version``, ``deployments``; azure: ``provider="azure"``,
        ``endpoint``, ``api_key``, ``api_version``, ``deployments``; openai:
        ``provider="openai"``, ``base_url``, ``api_key``. Imported lazily so the emulator
        itself never depends on the client.
        """
        module = importlib.import_module("multiassist")
        if self.flavor == FOUNDRY:
            self.accept_token(self.client_token)
        options = config.client_options(
            self.flavor,
            origin=self.origin,
            project=self.project,
            api_key=self.api_key,
            api_version=self.api_version,
            deployments=self.deployments,
            token=self.client_token,
        )
        options.update(kwargs)  # callers may override any default, e.g. api_key="wrong"
        return module.AssistantsClient(**options)

