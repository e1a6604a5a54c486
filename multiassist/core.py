"""The core: one function per request shape, shared by both name sets.

facade / resources -> :class:`Core` -> backend.prepare (URL, headers, wire shape) ->
transport.send (session, retries, errors) -> backend.normalize_response -> converter -> model.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Dict, Mapping, Optional, Tuple, Type, TypeVar

import attrs

from multiassist._types import NotGiven, RequestOptions, Timeout, compact, to_timeout
from multiassist.backends.base import Backend, FileField, PreparedCall, as_bridge
from multiassist.converter import structure, unstructure
from multiassist.errors import ResponseDecodeError
from multiassist.http.retries import RetryPolicy
from multiassist.http.transport import Transport
from multiassist.http.writes import WRITE_RULES, guarded_write, strip_write_markers
from multiassist.operations import Operation, get_operation
from multiassist.pagination import CursorPage

if TYPE_CHECKING:
    import requests

__all__ = ["Core"]

log = logging.getLogger("multiassist.core")

T = TypeVar("T")

NO_OPTIONS = RequestOptions()
NO_HEADERS: Mapping[str, str] = {}


class Core:
    """Carries out operations by name for one backend over one transport."""

    def __init__(self, backend: Backend, transport: Transport, *,
                 write_markers: bool = True) -> None:
        self.backend = backend
        self.transport = transport
        #: Whether creates carry a ``multiassist_write_id`` metadata marker for reconciliation.
        self.write_markers = write_markers

    def close(self) -> None:
        self.transport.close()

    def send(
        self,
        operation_name: str,
        *,
        ids: Optional[Mapping[str, object]] = None,
        query: Optional[Mapping[str, Any]] = None,
        body: Optional[Mapping[str, Any]] = None,
        files: Optional[Mapping[str, FileField]] = None,
        options: RequestOptions = NO_OPTIONS,
        stream: bool = False,
    ) -> requests.Response:
        """Send one operation and return the successful raw response."""
        operation = get_operation(operation_name)
        path = operation.render_path(ids or {})
        call = self.backend.prepare(
            operation, path, query=_wire_query(query, options), body=_wire_body(body, options),
            files=files,
        )
        return self.http(call, options, stream=stream, idempotent=_idempotent(operation))

    def http(
        self,
        call: PreparedCall,
        options: RequestOptions = NO_OPTIONS,
        *,
        stream: bool = False,
        idempotent: Optional[bool] = None,
    ) -> requests.Response:
        """Send a prepared call through the transport with this backend's auth and the
        per-call options; bridges use it for every request they make."""
        if options.extra_headers:
            call = attrs.evolve(call, headers={**call.headers, **options.extra_headers})
        return self.transport.send(
            call,
            self.backend.auth,
            request_id_headers=self.backend.request_id_headers,
            timeout=_timeout(options),
            retry=self._retry(options),
            stream=stream,
            idempotent=idempotent,
        )

    def payload(
        self,
        operation_name: str,
        *,
        ids: Optional[Mapping[str, object]] = None,
        query: Optional[Mapping[str, Any]] = None,
        body: Optional[Mapping[str, Any]] = None,
        files: Optional[Mapping[str, FileField]] = None,
        options: RequestOptions = NO_OPTIONS,
        keep_markers: bool = False,
    ) -> Tuple[Any, Mapping[str, str]]:
        """Carry out one operation and return its v2-wire JSON payload and headers.

        A bridge backend (one with ``execute``) carries out the operations it handles
        itself, possibly with several requests; everything else is one HTTP request.
        """
        headers: Mapping[str, str] = NO_HEADERS
        bridge = as_bridge(self.backend)
        if bridge is not None and bridge.handles(operation_name):
            operation = get_operation(operation_name)
            operation.render_path(ids or {})  # the same id checks as for HTTP backends
            result = bridge.execute(
                operation, {k: str(v) for k, v in (ids or {}).items()},
                query=_wire_query(query, options), body=_wire_body(body, options),
                call=lambda prepared, **kw: self.http(prepared, options, **kw),
            )
            payload = result
        else:
            response = self.send(
                operation_name, ids=ids, query=query, body=body, files=files, options=options
            )
            payload = self.decode(operation_name, response, keep_markers=True)
            headers = response.headers
        return (payload if keep_markers else strip_write_markers(payload)), headers

    def request(
        self,
        operation_name: str,
        cast: Type[T],
        *,
        ids: Optional[Mapping[str, object]] = None,
        query: Optional[Mapping[str, Any]] = None,
        body: Optional[Mapping[str, Any]] = None,
        files: Optional[Mapping[str, FileField]] = None,
        options: RequestOptions = NO_OPTIONS,
    ) -> T:
        """Send one operation and structure its JSON answer as ``cast``."""
        return self.request_with_headers(
            operation_name, cast, ids=ids, query=query, body=body, files=files, options=options
        )[0]

    def request_with_headers(
        self,
        operation_name: str,
        cast: Type[T],
        *,
        ids: Optional[Mapping[str, object]] = None,
        query: Optional[Mapping[str, Any]] = None,
        body: Optional[Mapping[str, Any]] = None,
        files: Optional[Mapping[str, FileField]] = None,
        options: RequestOptions = NO_OPTIONS,
    ) -> Tuple[T, Mapping[str, str]]:
        """Like :meth:`request`, also returning the response headers (e.g. poll hints).

        Writes follow :mod:`multiassist.http.writes`: never repeated when they may have happened,
        reconciled where possible.
        """

        def send(
            write_body: Optional[Mapping[str, Any]],
        ) -> Tuple[T, Mapping[str, str]]:
            payload, headers = self.payload(
                operation_name, ids=ids, query=query, body=write_body, files=files,
                options=options,
            )
            return structure(payload, cast), headers

        if operation_name in WRITE_RULES:
            return guarded_write(self, operation_name, cast, send, body, ids or {})
        return send(body)

    def request_bytes(
        self,
        operation_name: str,
        *,
        ids: Optional[Mapping[str, object]] = None,
        options: RequestOptions = NO_OPTIONS,
    ) -> bytes:
        """Send one operation whose answer is raw bytes (file content)."""
        return self.send(operation_name, ids=ids, options=options).content

    def list(
        self,
        operation_name: str,
        item: Type[T],
        *,
        ids: Optional[Mapping[str, object]] = None,
        query: Optional[Mapping[str, Any]] = None,
        options: RequestOptions = NO_OPTIONS,
    ) -> CursorPage[T]:
        """Fetch one page of a list operation; iterating the page fetches the rest."""
        base_query = compact(dict(query or {}))
        backwards = "before" in base_query and "after" not in base_query

        def fetch(page_query: Mapping[str, Any]) -> CursorPage[T]:
            payload, _ = self.payload(operation_name, ids=ids, query=page_query, options=options)
            if not isinstance(payload, dict) or not isinstance(payload.get("data"), list):
                raise ResponseDecodeError(
                    f"{operation_name} answered without a 'data' list", body=payload
                )
            items = [structure(entry, item) for entry in payload["data"]]
            return CursorPage(
                items,
                first_id=payload.get("first_id"),
                last_id=payload.get("last_id"),
                has_more=bool(payload.get("has_more")),
                fetch_next=next_page,
            )

        def next_page(page: CursorPage[T]) -> CursorPage[T]:
            follow = dict(base_query)
            if backwards:
                follow["before"] = page.first_id
            else:
                follow.pop("before", None)
                follow["after"] = page.last_id
            return fetch(follow)

        return fetch(base_query)

    def decode(
        self, operation_name: str, response: requests.Response, *, keep_markers: bool = False
    ) -> Any:
        """Parse a JSON answer into the v2 wire shape, hiding write markers unless asked."""
        try:
            payload = response.json()
        except ValueError:
            raise ResponseDecodeError(
                f"{operation_name} answered HTTP {response.status_code} with a body that is not "
                "JSON",
                body=response.text[:2000],
            ) from None
        payload = self.backend.normalize_response(get_operation(operation_name), payload)
        return payload if keep_markers else strip_write_markers(payload)

    def _retry(self, options: RequestOptions) -> Optional[RetryPolicy]:
        if isinstance(options.max_retries, NotGiven):
            return None
        return attrs.evolve(self.transport.retry, max_retries=options.max_retries)


def _wire_query(query: Optional[Mapping[str, Any]], options: RequestOptions) -> Dict[str, Any]:
    merged = compact(dict(query or {}))
    if options.extra_query:
        merged.update(options.extra_query)
    return merged


def _wire_body(
    body: Optional[Mapping[str, Any]], options: RequestOptions
) -> Optional[Dict[str, Any]]:
    if body is None and not options.extra_body:
        return None
    wire: Dict[str, Any] = unstructure(compact(dict(body or {})))
    if options.extra_body:
        wire.update(options.extra_body)
    return wire


def _idempotent(operation: Operation) -> bool:
    # Updates set fields to given values: repeating one cannot duplicate anything.
    return operation.method != "POST" or operation.name.endswith(".update")


def _timeout(options: RequestOptions) -> Optional[Timeout]:
    if isinstance(options.timeout, NotGiven):
        return None
    return to_timeout(options.timeout)
