"""The emulator's one router: prefixes, auth, api-version and OpenAI-Beta gates, the route
table of each surface, and dispatch to the handlers.

Prefixes: ``/v1/...`` follows the OpenAI wire rules, ``/openai/...`` Azure's and
``/api/projects/<project>/...`` Foundry Agent Service's (Entra ID bearer tokens only, its
own api-versions, ``GET /threads``); the hub-era route of azure-ai-projects 1.0.0b*
(``/agents/v1.0/subscriptions/<sub>/resourceGroups/<rg>/providers/
Microsoft.MachineLearningServices/workspaces/<project>/...``) serves Foundry's routes behind
its own token audience and api-versions. Below a prefix a request lands on one *surface*, whose
gates it passes before its route table is searched:

* the Assistants surface of each prefix, whose api-version also decides (once, by
  ``flavors.assistants_api``) whether it speaks the Assistants v1 or v2 wire; OpenAI's
  ``/v1`` also serves Responses and Conversations here, without the OpenAI-Beta header;
* the v1 surface of Azure (``/openai/v1``) and Foundry (``.../openai/v1``): Responses,
  Conversations, Files and Vector Stores, with an optional api-version.

Every handler has the one signature of ``context.Handler``. Paths are split on ``/`` before
each segment is percent-decoded, so ``thread%2Fx`` is one id ``thread/x``.
"""

from __future__ import annotations

import json
import traceback
import urllib.parse
import uuid
from typing import AbstractSet, Dict, List, Mapping, Optional, Sequence, Tuple

from multiassist.testing.assistants import assistants, files, runs, threads, v1, vector_stores
from multiassist.testing.context import Ctx, Handler, Reply, Route, Settings, error_reply
from multiassist.testing.engine.run_engine import RunEngine
from multiassist.testing.flavors import (
    ASSISTANTS_V1,
    ASSISTANTS_V2,
    AZURE,
    COGNITIVE_AUDIENCE,
    FOUNDRY,
    FOUNDRY_AUDIENCE,
    HUB,
    HUB_API_VERSIONS,
    HUB_AUDIENCE,
    OPENAI,
    V1_SURFACE_VERSIONS,
    assistants_api,
)
from multiassist.testing.object_store import Store
from multiassist.testing.responses import conversations, responses
from multiassist.testing.responses.engine import ResponseEngine
from multiassist.testing.wire import problems as e
from multiassist.testing.wire.exchange import RawRequest, RawResponse
from multiassist.testing.wire.problems import ApiError

#: The key of the v1 surface's route table (Responses, Conversations, Files, Vector Stores).
V1_SURFACE = "v1 surface"

ASSISTANTS_ROUTES: List[Route] = [
    *assistants.ROUTES,
    *threads.ROUTES,
    *runs.ROUTES,
    *files.ROUTES,
    *vector_stores.ROUTES,
]
RESPONSES_ROUTES: List[Route] = [*responses.ROUTES, *conversations.ROUTES]
# The Assistants v1 wire: no vector stores, no message deletion; assistant and message file
# routes.
_NOT_ON_V1 = frozenset({("DELETE", "threads/{thread_id}/messages/{message_id}")})
ASSISTANTS_V1_ROUTES: List[Route] = [
    route
    for route in ASSISTANTS_ROUTES
    if not route[1].startswith("vector_stores") and route[:2] not in _NOT_ON_V1
] + v1.ROUTES
FOUNDRY_ROUTES: List[Route] = ASSISTANTS_ROUTES + threads.FOUNDRY_ROUTES
V1_SURFACE_ROUTES: List[Route] = RESPONSES_ROUTES + files.ROUTES + vector_stores.ROUTES
#: (wire, surface) -> routes; the surface is the Assistants wire version or ``V1_SURFACE``.
ROUTE_TABLES: Dict[Tuple[str, str], List[Route]] = {
    (OPENAI, ASSISTANTS_V2): ASSISTANTS_ROUTES + RESPONSES_ROUTES,
    (AZURE, ASSISTANTS_V2): ASSISTANTS_ROUTES,
    (AZURE, ASSISTANTS_V1): ASSISTANTS_V1_ROUTES,
    (FOUNDRY, ASSISTANTS_V2): FOUNDRY_ROUTES,
    (HUB, ASSISTANTS_V2): FOUNDRY_ROUTES,
    (AZURE, V1_SURFACE): V1_SURFACE_ROUTES,
    (FOUNDRY, V1_SURFACE): V1_SURFACE_ROUTES,
}
#: Roots of OpenAI's ``/v1`` that need no ``OpenAI-Beta: assistants=v2`` header.
NO_BETA_ROOTS = frozenset({"files", "responses", "conversations"})
V1_SURFACE_ROOTS = frozenset({"responses", "conversations", "files", "vector_stores"})


class Router:
    """Matches decoded path segments against ``METHOD pattern`` routes."""

    def __init__(self, routes: Sequence[Route]) -> None:
        self._routes: List[Tuple[str, List[str], Handler]] = [
            (method, pattern.split("/"), handler) for method, pattern, handler in routes
        ]

    def match(self, method: str, segments: List[str]) -> Optional[Tuple[Handler, Dict[str, str]]]:
        """The best route (most literal segments) for the request, with its path params."""
        best: Optional[Tuple[int, Handler, Dict[str, str]]] = None
        for route_method, pattern, handler in self._routes:
            if route_method != method or len(pattern) != len(segments):
                continue
            params: Dict[str, str] = {}
            literals = 0
            for want, got in zip(pattern, segments):
                if want.startswith("{"):
                    if not got:
                        break  # an empty segment never names an object
                    params[want[1:-1]] = got
                elif want == got:
                    literals += 1
                else:
                    break
            else:
                if best is None or literals > best[0]:
                    best = (literals, handler, params)
        return None if best is None else (best[1], best[2])


def split_path(raw_path: str) -> List[str]:
    """``/v1/threads/a%2Fb`` -> ``["v1", "threads", "a/b"]``."""
    return [urllib.parse.unquote(seg) for seg in raw_path.split("/")[1:]]


def split_prefix(segments: List[str]) -> Tuple[Optional[str], Optional[str], List[str]]:
    """``(wire, Foundry project, rest)``; wire None for a path under no known prefix."""
    if segments[:1] == ["v1"]:
        return OPENAI, None, segments[1:]
    if segments[:1] == ["openai"]:
        return AZURE, None, segments[1:]
    if segments[:2] == ["api", "projects"] and len(segments) > 3:
        return FOUNDRY, segments[2], segments[3:]
    if (segments[:3] == ["agents", "v1.0", "subscriptions"] and len(segments) > 10
            and segments[4] == "resourceGroups"
            and segments[6:9] == ["providers", "Microsoft.MachineLearningServices", "workspaces"]
            and segments[3] and segments[5]):
        return HUB, segments[9], segments[10:]
    return None, None, segments


def v1_surface_path(wire: str, rest: List[str]) -> Optional[List[str]]:
    """The path below ``/openai/v1`` when ``rest`` (the path after the prefix) is on the v1
    surface of Azure or Foundry and names one of its roots, else None."""
    if wire == AZURE and rest[:1] == ["v1"]:
        below = rest[1:]
    elif wire == FOUNDRY and rest[:2] == ["openai", "v1"]:
        below = rest[2:]
    else:
        return None
    return below if below[:1] and below[0] in V1_SURFACE_ROOTS else None


def request_id_headers(wire: str) -> Dict[str, str]:
    """Fresh request-id headers for an answer on ``wire`` (Azure and Foundry add apim's)."""
    headers = {"x-request-id": "req_" + uuid.uuid4().hex}
    if wire != OPENAI:
        headers["apim-request-id"] = str(uuid.uuid4())
    return headers


class App:
    """Turns RawRequests into RawResponses against one Store."""

    def __init__(
        self,
        *,
        flavor: str,
        api_key: str,
        tokens: Mapping[str, AbstractSet[str]],
        settings: Settings,
        store: Store,
        runs: RunEngine,
        responses: ResponseEngine,
    ) -> None:
        self.flavor = flavor
        self.api_key = api_key
        self.tokens = tokens
        self.settings = settings
        self.store = store
        self.runs = runs
        self.responses = responses
        self.routers: Dict[Tuple[str, str], Router] = {
            key: Router(routes) for key, routes in ROUTE_TABLES.items()
        }
        self.failures: List[str] = []

    def handle(self, req: RawRequest) -> RawResponse:
        """Answer one request (never raises)."""
        wire, project, rest = split_prefix(split_path(req.raw_path))
        headers = request_id_headers(wire or self.flavor)
        try:
            reply = self._dispatch(req, wire, project, rest)
        except e.ApiError as err:
            reply = error_reply(err)
        except Exception:  # a bug in the emulator: answer 500, keep serving
            detail = traceback.format_exc()
            self.failures.append(detail)
            reply = error_reply(
                e.ApiError(500, f"The emulator failed: {detail}", type="server_error")
            )
        headers.update(reply.headers)
        if reply.stream is not None:
            return RawResponse(reply.status, b"", reply.content_type, headers, reply.stream)
        body = reply.raw if reply.raw is not None else json.dumps(reply.body).encode("utf-8")
        return RawResponse(reply.status, body, reply.content_type, headers)

    def _dispatch(
        self, req: RawRequest, wire: Optional[str], project: Optional[str], rest: List[str]
    ) -> Reply:
        if wire is None or (wire in (FOUNDRY, HUB) and project != self.settings.project):
            if (wire or self.flavor) != OPENAI:
                raise e.azure_resource_not_found()
            raise e.openai_invalid_url(req.method, req.raw_path)
        query = urllib.parse.parse_qs(req.raw_query, keep_blank_values=True)
        below = v1_surface_path(wire, rest)
        if below is not None:
            self._v1_surface_gates(req.headers, query, wire)
            surface, api, path = V1_SURFACE, ASSISTANTS_V2, below
        else:
            api = assistants_api(wire, self._assistants_gates(req.headers, query, wire, rest))
            surface, path = api, rest
        found = self.routers[(wire, surface)].match(req.method, path)
        if found is None:
            if wire != OPENAI:
                raise e.azure_resource_not_found()
            raise e.openai_invalid_url(req.method, req.raw_path)
        handler, params = found
        if wire == OPENAI and path[0] not in NO_BETA_ROOTS:
            beta = req.headers.get("openai-beta")
            flags = [flag.strip() for flag in (beta or "").split(",")]
            if "assistants=v2" not in flags:
                raise e.openai_missing_beta(beta)
        ctx = Ctx(
            method=req.method,
            wire=wire,
            params=params,
            query=query,
            headers=req.headers,
            body=req.body,
            store=self.store,
            runs=self.runs,
            responses=self.responses,
            settings=self.settings,
            api=api,
        )
        if path[0] == "conversations":
            conversations.conversations_served(ctx)
        with self.store.lock:
            result = handler(ctx)
            # Serialise while still holding the lock: handlers return live stored dicts.
            if not isinstance(result, Reply):
                return Reply(raw=json.dumps(ctx.view(result)).encode("utf-8"))
            if result.raw is None and result.stream is None and result.body is not None:
                result.raw = json.dumps(ctx.view(result.body)).encode("utf-8")
            return result

    # ------------------------------------------------------------------ gates

    def _bearer(self, headers: Dict[str, str]) -> str:
        """The ``Authorization: Bearer`` token (stripped), or ``""``."""
        scheme, _, token = headers.get("authorization", "").partition(" ")
        return token.strip() if scheme.lower() == "bearer" else ""

    def _bearer_ok(self, headers: Dict[str, str], audience: str) -> bool:
        """Whether the request carries a bearer token given to ``Emulator.accept_token``
        for ``audience`` (a token for another audience is refused, as Entra ID tokens are)."""
        return audience in self.tokens.get(self._bearer(headers), ())

    def _entra_refusal(self, wire: str) -> ApiError:
        """The gateway's 401 for a missing, unknown or wrong-audience token."""
        return e.foundry_unauthorized() if wire in (FOUNDRY, HUB) else e.azure_expired_token()

    def _openai_auth(self, headers: Dict[str, str]) -> None:
        token = self._bearer(headers)
        if not token:
            raise e.openai_missing_key()
        if token != self.api_key:
            raise e.openai_wrong_key(token)

    @staticmethod
    def _api_version(query: Dict[str, List[str]], accepted: List[str]) -> str:
        versions = query.get("api-version")
        if not versions or not versions[-1]:
            raise e.azure_missing_api_version()
        if versions[-1] not in accepted:
            raise e.azure_unsupported_api_version()
        return versions[-1]

    def _assistants_gates(
        self, headers: Dict[str, str], query: Dict[str, List[str]], wire: str, rest: List[str]
    ) -> Optional[str]:
        """Auth and api-version of an Assistants surface; returns the api-version (None on
        OpenAI's ``/v1``, which takes none).

        Azure OpenAI: ``api-key`` or an accepted bearer token, then a required api-version.
        Foundry: an accepted bearer token only (never ``api-key``), then its api-version;
        the hub-era route likewise, with its own audience and api-versions.
        """
        if wire == OPENAI:
            self._openai_auth(headers)
            return None
        if wire == AZURE:
            if headers.get("api-key") != self.api_key \
                    and not self._bearer_ok(headers, COGNITIVE_AUDIENCE):
                if self._bearer(headers) in self.tokens:
                    raise self._entra_refusal(wire)
                raise e.azure_access_denied()
            version = self._api_version(query, self.settings.azure_api_versions)
            if "deployments" in rest:
                raise e.azure_resource_not_found()
            return version
        if wire == HUB:
            if not self._bearer_ok(headers, HUB_AUDIENCE):
                raise e.foundry_unauthorized()
            return self._api_version(query, list(HUB_API_VERSIONS))
        if not self._bearer_ok(headers, FOUNDRY_AUDIENCE):
            raise e.foundry_unauthorized()
        return self._api_version(query, self.settings.foundry_api_versions)

    def _v1_surface_gates(
        self, headers: Dict[str, str], query: Dict[str, List[str]], wire: str
    ) -> None:
        """Auth and api-version of the v1 surface: Azure takes ``api-key``, a bearer token
        accepted for ``https://cognitiveservices.azure.com`` or the API key as a bearer
        token; Foundry a bearer token accepted for ``https://ai.azure.com`` only (the
        audiences Microsoft documents for each). ``api-version`` is optional; when given it
        must be a v1 surface version."""
        token = self._bearer(headers)
        if wire == AZURE:
            key_ok = headers.get("api-key") == self.api_key or (token and token == self.api_key)
            if not (key_ok or self._bearer_ok(headers, COGNITIVE_AUDIENCE)):
                if token in self.tokens:
                    raise self._entra_refusal(wire)
                raise e.azure_access_denied()
        elif not self._bearer_ok(headers, FOUNDRY_AUDIENCE):
            raise e.foundry_unauthorized()
        versions = query.get("api-version")
        if versions and versions[-1] and versions[-1] not in V1_SURFACE_VERSIONS:
            raise e.azure_unsupported_api_version()
