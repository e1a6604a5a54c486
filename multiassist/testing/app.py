"""The wire layer: prefixes, auth, OpenAI-Beta / api-version gates, routing and dispatch.

``/v1/...`` follows the OpenAI wire rules, ``/openai/...`` Azure's and
``/api/projects/<project>/...`` Foundry Agent Service's (Entra ID bearer tokens only, its own
api-versions, ``GET /threads``). Which Assistants wire a request speaks (v1 or v2) is
decided once, by ``versions.assistants_api``; each (prefix, wire) pair has its route table
and v1 answers are rendered by ``views``. Paths are split on ``/`` before each segment is
percent-decoded, so ``thread%2Fx`` is one id ``thread/x``.
"""

from __future__ import annotations

import json
import traceback
import urllib.parse
import uuid
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Set, Tuple

from multiassist.testing import errors as e
from multiassist.testing import (
    handlers_assistants,
    handlers_files,
    handlers_runs,
    handlers_threads,
    handlers_v1,
    handlers_vector_stores,
)
from multiassist.testing.context import Ctx, Handler, Reply, Route, Settings, error_reply
from multiassist.testing.events import EventStream
from multiassist.testing.responses_app import ResponsesService
from multiassist.testing.run_engine import RunEngine
from multiassist.testing.store import Store
from multiassist.testing.versions import ASSISTANTS_V1, ASSISTANTS_V2, assistants_api

ALL_ROUTES: List[Route] = [
    *handlers_assistants.ROUTES,
    *handlers_threads.ROUTES,
    *handlers_runs.ROUTES,
    *handlers_files.ROUTES,
    *handlers_vector_stores.ROUTES,
]
# The v1 wire: no vector stores, no message deletion; assistant and message file routes.
_NOT_ON_V1 = frozenset({("DELETE", "threads/{thread_id}/messages/{message_id}")})
V1_ROUTES: List[Route] = [
    route
    for route in ALL_ROUTES
    if not route[1].startswith("vector_stores") and route[:2] not in _NOT_ON_V1
] + handlers_v1.ROUTES
FOUNDRY_ROUTES: List[Route] = ALL_ROUTES + handlers_threads.FOUNDRY_ROUTES
NO_BETA_ROOTS = frozenset({"files"})


@dataclass
class RawRequest:
    """An HTTP request as read off the socket."""

    method: str
    raw_path: str
    raw_query: str
    headers: Dict[str, str]
    body: bytes


@dataclass
class RawResponse:
    """An HTTP response ready to be written (``stream``: an SSE body sent chunked)."""

    status: int
    body: bytes
    content_type: str = "application/json"
    headers: Dict[str, str] = field(default_factory=dict)
    stream: Optional[EventStream] = None


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
        return e.OPENAI, None, segments[1:]
    if segments[:1] == ["openai"]:
        return e.AZURE, None, segments[1:]
    if segments[:2] == ["api", "projects"] and len(segments) > 3:
        return e.FOUNDRY, segments[2], segments[3:]
    return None, None, segments


def request_id_headers(wire: str) -> Dict[str, str]:
    """Fresh request-id headers for an answer on ``wire`` (Azure and Foundry add apim's)."""
    headers = {"x-request-id": "req_" + uuid.uuid4().hex}
    if wire != e.OPENAI:
        headers["apim-request-id"] = str(uuid.uuid4())
    return headers


class App:
    """Turns RawRequests into RawResponses against one Store."""

    def __init__(
        self,
        *,
        flavor: str,
        api_key: str,
        tokens: Set[str],
        settings: Settings,
        store: Store,
        engine: RunEngine,
        responses: Optional[ResponsesService] = None,
    ) -> None:
        self.flavor = flavor
        self.responses = responses  # the Responses + Conversations APIs (responses_app)
        self.api_key = api_key
        self.tokens = tokens
        self.settings = settings
        self.store = store
        self.engine = engine
        self.routers: Dict[Tuple[str, str], Router] = {
            (e.OPENAI, ASSISTANTS_V2): Router(ALL_ROUTES),
            (e.AZURE, ASSISTANTS_V2): Router(ALL_ROUTES),
            (e.AZURE, ASSISTANTS_V1): Router(V1_ROUTES),
            (e.FOUNDRY, ASSISTANTS_V2): Router(FOUNDRY_ROUTES),
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
        if wire is None or (wire == e.FOUNDRY and project != self.settings.project):
            if (wire or self.flavor) != e.OPENAI:
                raise e.azure_resource_not_found()
            raise e.openai_invalid_url(req.method, req.raw_path)
        below = self.responses.route(wire, rest) if self.responses is not None else None
        if self.responses is not None and below is not None:
            return self.responses.dispatch(self, req, wire, below)
        query = urllib.parse.parse_qs(req.raw_query, keep_blank_values=True)
        version: Optional[str] = None
        if wire == e.OPENAI:
            self._openai_auth(req.headers)
        elif wire == e.AZURE:
            version = self._azure_gates(req.headers, query, rest)
        else:
            version = self._foundry_gates(req.headers, query)
        api = assistants_api(wire, version)
        found = self.routers[(wire, api)].match(req.method, rest)
        if found is None:
            if wire != e.OPENAI:
                raise e.azure_resource_not_found()
            raise e.openai_invalid_url(req.method, req.raw_path)
        handler, params = found
        if wire == e.OPENAI and rest[0] not in NO_BETA_ROOTS:
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
            engine=self.engine,
            settings=self.settings,
            api=api,
        )
        with self.store.lock:
            result = handler(ctx)
            # Serialise while still holding the lock: handlers return live stored dicts.
            if not isinstance(result, Reply):
                return Reply(raw=json.dumps(ctx.view(result)).encode("utf-8"))
            if result.raw is None and result.stream is None and result.body is not None:
                result.raw = json.dumps(ctx.view(result.body)).encode("utf-8")
            return result

    def _openai_auth(self, headers: Dict[str, str]) -> None:
        scheme, _, token = headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise e.openai_missing_key()
        if token.strip() != self.api_key:
            raise e.openai_wrong_key(token.strip())

    def _bearer_ok(self, headers: Dict[str, str]) -> bool:
        scheme, _, token = headers.get("authorization", "").partition(" ")
        return scheme.lower() == "bearer" and token.strip() in self.tokens

    @staticmethod
    def _api_version(query: Dict[str, List[str]], accepted: List[str]) -> str:
        versions = query.get("api-version")
        if not versions or not versions[-1]:
            raise e.azure_missing_api_version()
        if versions[-1] not in accepted:
            raise e.azure_unsupported_api_version()
        return versions[-1]

    def _azure_gates(
        self, headers: Dict[str, str], query: Dict[str, List[str]], rest: List[str]
    ) -> str:
        """Azure OpenAI: api-key or bearer token, then api-version; returns the version."""
        if not (headers.get("api-key") == self.api_key or self._bearer_ok(headers)):
            raise e.azure_access_denied()
        version = self._api_version(query, self.settings.azure_api_versions)
        if "deployments" in rest:
            raise e.azure_resource_not_found()
        return version

    def _foundry_gates(self, headers: Dict[str, str], query: Dict[str, List[str]]) -> str:
        """Foundry: a bearer token only (never api-key), then api-version; returns it."""
        if not self._bearer_ok(headers):
            raise e.foundry_unauthorized()
        return self._api_version(query, self.settings.foundry_api_versions)
