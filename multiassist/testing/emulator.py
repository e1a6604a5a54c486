"""The public ``Emulator``: its configuration, lifecycle (start, stop, context manager), the
request log, and the scripting API tests drive it with (faults, run scripts, clock, stored
objects, ``client()``)."""

from __future__ import annotations

import copy
import importlib
import threading
import urllib.parse
import uuid
from types import TracebackType
from typing import Any, Dict, Iterable, List, Mapping, Optional, Set, Tuple, Type

from multiassist.testing.context import Settings
from multiassist.testing.engine.run_engine import RUN_TTL_SECONDS, RunEngine
from multiassist.testing.engine.scripted_model import RunScript, ScriptedModel
from multiassist.testing.faults import FaultInjector, FiredFault, RouteSpec
from multiassist.testing.flavors import (
    AUDIENCES,
    AZURE,
    AZURE_API_VERSIONS,
    AZURE_V1_API_VERSIONS,
    AZURE_V2_API_VERSIONS,
    COGNITIVE_AUDIENCE,
    DEFAULT_AZURE_API_VERSION,
    DEFAULT_FOUNDRY_API_VERSION,
    FLAVORS,
    FOUNDRY,
    FOUNDRY_API_VERSIONS,
    FOUNDRY_AUDIENCE,
    HUB_API_VERSIONS,
    OPENAI,
)
from multiassist.testing.object_store import Store
from multiassist.testing.responses.service import ResponsesService
from multiassist.testing.router import App
from multiassist.testing.server import EmulatorHTTPServer
from multiassist.testing.wire.exchange import RawRequest
from multiassist.testing.wire.recording import RecordedRequest, record_of

__all__ = [
    "AZURE_API_VERSIONS",
    "AZURE_V1_API_VERSIONS",
    "AZURE_V2_API_VERSIONS",
    "DEFAULT_API_KEY",
    "DEFAULT_API_VERSION",
    "DEFAULT_PROJECT",
    "FOUNDRY_API_VERSIONS",
    "HUB_API_VERSIONS",
    "Emulator",
    "FiredFault",
    "RecordedRequest",
]

DEFAULT_API_KEY = "emulator-key"
DEFAULT_API_VERSION = DEFAULT_AZURE_API_VERSION
DEFAULT_PROJECT = "emulator-project"
#: What ``hub_endpoint`` and ``hub_connection_string`` put in the hub-era route by default
#: (the route accepts any subscription and resource group).
HUB_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"
HUB_RESOURCE_GROUP = "rg-emulator"
_BAD_PROJECT_CHARS = frozenset("/?#%")
DEFAULT_DEPLOYMENTS: Mapping[str, str] = {"gpt-4o": "gpt-4o", "gpt-4o-mini": "gpt-4o-mini"}


def check_flavor_and_project(flavor: str, project: str) -> None:
    """ValueError unless ``flavor`` is known and ``project`` is one clean path segment."""
    if flavor not in FLAVORS:
        raise ValueError(f"flavor must be one of {FLAVORS}, not {flavor!r}")
    if not isinstance(project, str) or not project or _BAD_PROJECT_CHARS & set(project):
        raise ValueError(f"project must be a non-empty path segment, not {project!r}")


def default_api_version(flavor: str) -> str:
    """What ``client()`` sends when no ``api_version`` is given."""
    return DEFAULT_FOUNDRY_API_VERSION if flavor == FOUNDRY else DEFAULT_API_VERSION


def resolve_api_versions(
    flavor: str, api_versions: Optional[Iterable[str]]
) -> Tuple[List[str], List[str]]:
    """The api-versions ``/openai`` and Foundry accept (fresh lists): ``api_versions``
    narrows Foundry's on the foundry flavor, ``/openai``'s otherwise."""
    azure_versions = list(AZURE_API_VERSIONS)
    foundry_versions = list(FOUNDRY_API_VERSIONS)
    if api_versions is not None and flavor == FOUNDRY:
        foundry_versions = list(api_versions)
    elif api_versions is not None:
        azure_versions = list(api_versions)
    return azure_versions, foundry_versions


def endpoint_url(flavor: str, origin: str, project: str) -> str:
    """``origin`` (openai and azure), ``<origin>/api/projects/<project>`` (foundry)."""
    if flavor == FOUNDRY:
        return f"{origin}/api/projects/{urllib.parse.quote(project)}"
    return origin


def base_url(flavor: str, origin: str, project: str) -> str:
    """``<origin>/v1`` (openai), ``<origin>/openai`` (azure), the endpoint (foundry)."""
    if flavor == FOUNDRY:
        return endpoint_url(flavor, origin, project)
    return origin + ("/openai" if flavor == AZURE else "/v1")


def responses_base_url(flavor: str, origin: str, project: str) -> str:
    """``<origin>/v1`` (openai), ``<origin>/openai/v1`` (azure), ``<endpoint>/openai/v1``
    (foundry)."""
    if flavor == OPENAI:
        return origin + "/v1"
    return endpoint_url(flavor, origin, project) + "/openai/v1"


def client_options(
    flavor: str,
    *,
    origin: str,
    project: str,
    api_key: str,
    api_version: str,
    deployments: Mapping[str, str],
    token: str,
) -> Dict[str, Any]:
    """The ``AssistantsClient`` keyword arguments that point a client at the emulator."""
    options: Dict[str, Any] = {}
    if flavor == FOUNDRY:
        options.update(
            provider="foundry",
            endpoint=endpoint_url(flavor, origin, project),
            azure_ad_token=token,
            api_version=api_version,
            deployments=dict(deployments),
        )
    elif flavor == AZURE:
        options.update(
            api_key=api_key,
            provider="azure",
            endpoint=endpoint_url(flavor, origin, project),
            api_version=api_version,
            deployments=dict(deployments),
        )
    else:
        options.update(
            api_key=api_key, provider="openai", base_url=base_url(flavor, origin, project)
        )
    return options


class Emulator:
    """An Assistants API server on localhost speaking the OpenAI, Azure OpenAI and Foundry
    Agent Service (classic) wires.

    ``/v1`` (OpenAI), ``/openai`` (Azure) and ``/api/projects/<project>`` (Foundry) are
    served at once, over one shared store; ``flavor`` picks what ``endpoint``, ``base_url``
    and ``client()`` point at. Use as a context manager or call ``start()`` / ``stop()``.

    Versions (``multiassist.testing.flavors``): ``/openai`` takes ``api_versions`` (default
    ``AZURE_API_VERSIONS``); the v1 previews among them (``AZURE_V1_API_VERSIONS``) speak
    the retired Assistants v1 wire (``file_ids``, ``retrieval``, assistant and message file
    routes, no vector stores), the rest v2. Foundry takes ``FOUNDRY_API_VERSIONS`` (all v2),
    bearer tokens given to ``accept_token`` only, and also serves ``GET /threads``. For the
    foundry flavor ``api_versions`` narrows Foundry's versions instead. ``api_version`` is
    what ``client()`` sends (default ``2025-04-01-preview``, ``v1`` for foundry).

    Runs: a polled run becomes ``in_progress`` on its first retrieve and takes its turn on
    retrieve number ``run_steps_to_complete``; ``expires_at`` is ``created_at +
    run_expiry_seconds``; run answers carry ``openai-poll-after-ms: <poll_after_ms>``.
    Background responses finish by themselves ``response_seconds_to_complete`` after they
    were created, on the emulator's clock (None: only when polled), or on retrieve number
    ``response_steps_to_complete`` (default ``run_steps_to_complete``) if that comes first.
    Responses: ``context_windows`` maps a model (or deployment) name to its context window
    in words (default ``DEFAULT_CONTEXT_WINDOW``); see ``multiassist.testing.responses``.
    What a run does is scripted (``script_run``, message markers): see
    ``multiassist.testing.engine.scripted_model``. Failures of the service or the network are
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
        response_seconds_to_complete: Optional[float] = 1.0,
        azure_conversations: bool = True,
        context_windows: Optional[Mapping[str, int]] = None,
    ) -> None:
        check_flavor_and_project(flavor, project)
        self.flavor = flavor
        self.api_key = api_key
        self.project = project
        foundry = flavor == FOUNDRY
        self.api_version: str = api_version or default_api_version(flavor)
        self.deployments: Dict[str, str] = dict(
            DEFAULT_DEPLOYMENTS if deployments is None else deployments
        )
        azure_versions, foundry_versions = resolve_api_versions(flavor, api_versions)
        #: The api-versions the flavor's own prefix accepts (a live list: edit to change).
        self.api_versions: List[str] = foundry_versions if foundry else azure_versions
        #: The bearer token ``client()`` uses on the foundry flavor (accepted by ``client()``).
        self.client_token = "emulator-entra-" + uuid.uuid4().hex
        self.requests: List[RecordedRequest] = []
        self._host = host
        self._port = port
        self._tokens: Dict[str, Set[str]] = {}
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
            azure_conversations=azure_conversations,
            context_windows=dict(context_windows or {}),
        )
        #: Context window per model or deployment name, in words (a live dict: edit to
        #: change); models not named get ``DEFAULT_CONTEXT_WINDOW``.
        self.context_windows: Dict[str, int] = self._settings.context_windows
        #: The Responses + Conversations APIs (``multiassist.testing.responses``):
        #: ``script_response``, ``steps_to_complete``, ``azure_conversations``.
        self.responses = ResponsesService(
            self._store,
            ScriptedModel(),
            self._settings,
            steps_to_complete=(
                run_steps_to_complete
                if response_steps_to_complete is None
                else response_steps_to_complete
            ),
            seconds_to_complete=response_seconds_to_complete,
        )
        self._app = App(
            flavor=flavor,
            api_key=api_key,
            tokens=self._tokens,
            settings=self._settings,
            store=self._store,
            runs=self._engine,
            responses=self.responses.engine,
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
            self.responses.start_clock()
        return self

    def stop(self) -> None:
        """Shut the server down, close its connections and join its thread (idempotent)."""
        with self._lifecycle:
            server, thread = self._server, self._thread
            self._server = self._thread = None
        if server is None:
            return
        self.responses.stop_clock()
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
        return endpoint_url(self.flavor, self.origin, self.project)

    @property
    def base_url(self) -> str:
        """``<origin>/v1`` (openai), ``<origin>/openai`` (azure), ``endpoint`` (foundry)."""
        return base_url(self.flavor, self.origin, self.project)

    def hub_endpoint(self, subscription: str = HUB_SUBSCRIPTION,
                     resource_group: str = HUB_RESOURCE_GROUP) -> str:
        """The hub-era Agent Service route of this emulator's project, as azure-ai-projects
        1.0.0b* builds it from a connection string (any subscription and resource group)."""
        return (f"{self.origin}/agents/v1.0/subscriptions/{subscription}/resourceGroups/"
                f"{resource_group}/providers/Microsoft.MachineLearningServices/workspaces/"
                f"{self.project}")

    def hub_connection_string(self, subscription: str = HUB_SUBSCRIPTION,
                              resource_group: str = HUB_RESOURCE_GROUP) -> str:
        """``<host>:<port>;<subscription>;<resource group>;<project>``: the connection string
        ``AIProjectClient.from_connection_string`` takes for the hub-era route."""
        host = self.origin.split("://", 1)[1]
        return f"{host};{subscription};{resource_group};{self.project}"

    @property
    def responses_base_url(self) -> str:
        """Root of the Responses and Conversations APIs: ``<origin>/v1`` (openai),
        ``<origin>/openai/v1`` (azure), ``<endpoint>/openai/v1`` (foundry)."""
        return responses_base_url(self.flavor, self.origin, self.project)

    # ------------------------------------------------------------------ auth and log

    def accept_token(self, token: str, audience: Optional[str] = None) -> None:
        """Accept ``Authorization: Bearer <token>`` (Entra ID) where its ``audience`` is
        taken: ``https://cognitiveservices.azure.com`` on Azure OpenAI (``/openai`` and
        ``/openai/v1``), ``https://ai.azure.com`` on a Foundry project (Agent Service and its
        ``/openai/v1``), ``https://ml.azure.com`` on the hub-era route (``hub_endpoint``). A
        token elsewhere gets that gateway's 401, as a token for the wrong scope does.
        Default: the audience of this emulator's flavor (Foundry's for ``foundry``, else Azure
        OpenAI's). Accepting a token again for another audience adds that audience."""
        if audience is None:
            audience = FOUNDRY_AUDIENCE if self.flavor == FOUNDRY else COGNITIVE_AUDIENCE
        if audience not in AUDIENCES:
            raise ValueError(
                f"audience must be one of {', '.join(map(repr, AUDIENCES))}, not {audience!r}")
        self._tokens.setdefault(token, set()).add(audience)

    def revoke_token(self, token: str) -> None:
        """Stop accepting a bearer token given to ``accept_token`` (no-op if unknown)."""
        self._tokens.pop(token, None)

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
        ``redirect`` (``location``, ``code``); every fault also takes ``before_answer``, a
        callable run once it fired and before the client gets anything. ``route`` is a
        template over the path after the prefix, optionally led by the method
        (``"POST /threads/{thread_id}/messages"``), or a compiled regex that must fullmatch
        that path; None matches every request.
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
        ``file_batch`` (``parent`` = vector store id); ``conversation``, ``response``;
        ``conv_item`` (``parent`` = conversation id, kept after the conversation is deleted)::

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
        ``multiassist.testing.engine.scripted_model``. Raises ValueError for bad values.
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
        """Move the emulator's clock forward (timestamps, ``expires_at`` checks, background
        responses that finish by themselves)."""
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        with self._store.lock:
            self._store.clock_offset += seconds
            self.responses.engine.tick()

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
        options = client_options(
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

