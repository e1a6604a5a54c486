"""The one handler interface: what every endpoint handler receives (``Ctx``) and may return
(``Reply`` or a JSON dict), and the live settings it consults."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Tuple, Union

from multiassist.testing.assistants.v1_views import render_v1
from multiassist.testing.engine.run_engine import RunEngine
from multiassist.testing.engine.run_events import EventSink
from multiassist.testing.flavors import ASSISTANTS_V1, ASSISTANTS_V2, AZURE, FOUNDRY, HUB
from multiassist.testing.object_store import JSONDict, Record, Store
from multiassist.testing.responses.engine import ResponseEngine
from multiassist.testing.wire.event_stream import EventStream
from multiassist.testing.wire.problems import (
    ApiError,
    azure_deployment_not_found,
    invalid_json,
    not_found,
)
from multiassist.testing.wire.validation import Check, validate

KIND_NAMES = {"step": "run step", "vector_store": "vector store", "file_batch": "file batch"}


@dataclass
class Settings:
    """Configuration the router and the handlers consult (live: the ``Emulator`` edits it).

    ``azure_conversations`` false makes every ``/openai/v1/conversations`` path and a
    ``conversation`` parameter there answer Azure's 404. ``context_windows`` holds each
    model's context window (``DEFAULT_CONTEXT_WINDOW`` for the others).
    """

    deployments: Dict[str, str]
    azure_api_versions: List[str]
    foundry_api_versions: List[str]
    project: str
    poll_after_ms: int = 25
    azure_conversations: bool = True
    #: Context window per model or deployment name, in words (the emulator's tokens).
    context_windows: Dict[str, int] = field(default_factory=dict)


@dataclass
class Reply:
    """A non-default answer: another status, raw bytes instead of JSON, extra headers, or
    a server-sent event stream (``stream``, which replaces the body)."""

    body: Any = None
    status: int = 200
    raw: Optional[bytes] = None
    content_type: str = "application/json"
    headers: Dict[str, str] = field(default_factory=dict)
    stream: Optional[EventStream] = None


@dataclass
class Ctx:
    """One request as a handler sees it.

    ``wire`` is the prefix's flavor (openai / azure / foundry); ``api`` the Assistants wire
    the request speaks, ``"v1"`` or ``"v2"`` (decided by ``flavors.assistants_api``);
    ``runs`` and ``responses`` are the engines of runs and of responses.
    """

    method: str
    wire: str
    params: Dict[str, str]
    query: Dict[str, List[str]]
    headers: Dict[str, str]
    body: bytes
    store: Store
    runs: RunEngine
    responses: ResponseEngine
    settings: Settings
    api: str = ASSISTANTS_V2
    _json: Any = field(default=None, repr=False)
    _parsed: bool = field(default=False, repr=False)

    def json(self) -> Any:
        """The decoded JSON body; an empty body counts as ``{}``; bad JSON is a 400."""
        if not self._parsed:
            if not self.body.strip():
                self._json = {}
            else:
                try:
                    self._json = json.loads(self.body)
                except (ValueError, UnicodeDecodeError):
                    raise invalid_json() from None
            self._parsed = True
        return self._json

    def payload(self, check: Check) -> JSONDict:
        """The JSON body after validating it with ``check``."""
        body = self.json()
        validate(check, body)
        result: JSONDict = body
        return result

    @property
    def v1(self) -> bool:
        """Whether this request speaks the Assistants v1 wire (Azure v1 api-versions)."""
        return self.api == ASSISTANTS_V1

    def view(self, body: Any) -> Any:
        """An answer as this request's wire shows it (stored objects are v2-shaped)."""
        return render_v1(self.store, body) if self.v1 else body

    def sink(self, *, include_file_search_content: bool = False) -> EventSink:
        """An active EventSink whose event data is rendered for this request's wire."""
        return EventSink(
            include_file_search_content=include_file_search_content,
            render=self.view if self.v1 else None,
        )

    def q(self, name: str) -> Optional[str]:
        """Last value of a query parameter, or None."""
        values = self.query.get(name)
        return values[-1] if values else None

    def check_model(self, model: Optional[str]) -> None:
        """On the Azure and Foundry wires, ``model`` must name a configured deployment."""
        if model is None or self.wire not in (AZURE, FOUNDRY, HUB):
            return
        if model not in self.settings.deployments.values():
            raise azure_deployment_not_found()

    def need(self, kind: str, object_id: str, parent: str = "") -> Record:
        """The record of ``kind`` with this id, or a 404 naming it."""
        rec = self.store.table(kind, parent).get(object_id)
        if rec is None:
            raise not_found(KIND_NAMES.get(kind, kind), object_id)
        return rec


Handler = Callable[[Ctx], Union[Reply, JSONDict]]
Route = Tuple[str, str, Handler]


def error_reply(err: ApiError) -> Reply:
    """The Reply for an ApiError."""
    return Reply(body=err.body(), status=err.status)
