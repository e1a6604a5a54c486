"""The core: the one path every call takes, for both name sets.

resource method -> :class:`~multiassist.operations.Request` (ids checked, per-call extras
merged) -> :meth:`Core.carry_out`, the one place that chooses between a bridge backend and
one HTTP request (backend ``prepare`` -> transport ``send``) -> the v2-wire payload ->
converter -> model.  Writes go through the no-duplicate rules of :mod:`multiassist.http.writes`,
which decide while the core does the sending.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, Optional, Tuple, Type, TypeVar

import attrs

from multiassist._async.pagination import AsyncCursorPage, AsyncPaginator
from multiassist._async.streaming.stream import (
    AsyncAssistantEventHandler,
    AsyncAssistantStream,
    check_event_stream,
)
from multiassist._types import NotGiven, RequestOptions, compact, to_timeout
from multiassist.backends.base import Backend, as_bridge
from multiassist.concurrency import (
    async_bridge_transport_for,
    async_paginate,
    async_read_content,
    async_run_blocking,
    async_stream_from_blocking,
)
from multiassist.converter import Model, structure
from multiassist.errors import (
    InvalidRequestError,
    MultiassistError,
    NotFoundError,
    ResponseDecodeError,
)
from multiassist.http.async_transport import AsyncTransport, open_async_body
from multiassist.http.auth import async_auth_headers
from multiassist.http.messages import AsyncStreamBody, FileField, PreparedCall
from multiassist.http.transport import Transport
from multiassist.http.writes import (
    is_uncertain,
    plan_write,
    stream_outcome_unknown,
    strip_write_markers,
)
from multiassist.operations import Operation, Request

__all__ = ["AsyncCore", "Reply"]

T = TypeVar("T")

NO_OPTIONS = RequestOptions()
NO_HEADERS: Mapping[str, str] = {}


@attrs.frozen
class Reply:
    """What one call answered: its v2-wire JSON payload, the response headers and status,
    and the HTTP response itself where there was exactly one (None on a bridge)."""

    payload: Any
    headers: Mapping[str, str] = NO_HEADERS
    status_code: int = 200
    http_response: Any = None


class AsyncCore:
    """Carries out operations by name for one backend over one transport.

    A bridge backend is blocking code (its store and its own requests): it runs in a worker
    thread over ``bridge_transport``, a blocking transport, so the event loop never waits
    on it.  For the blocking core that is the core's own transport.
    """

    def __init__(self, backend: Backend, transport: AsyncTransport, *,
                 write_markers: bool = True,
                 default_query: Optional[Mapping[str, Any]] = None,
                 bridge_transport: Optional[Transport] = None) -> None:
        self.backend = backend
        self.transport = transport
        #: Whether creates carry a ``multiassist_write_id`` metadata marker for reconciliation.
        self.write_markers = write_markers
        #: Query parameters sent with every request (a call's own parameters win).
        self.default_query: Mapping[str, Any] = dict(default_query or {})
        self._bridge_transport = bridge_transport

    @property
    def bridge_transport(self) -> Transport:
        """The blocking transport a bridge backend sends its requests through."""
        if self._bridge_transport is None:
            self._bridge_transport = async_bridge_transport_for(self.transport)
        return self._bridge_transport

    async def close(self) -> None:
        await self.transport.close()
        if self._bridge_transport is not None:  # (closing a session twice is harmless)
            self._bridge_transport.close()

    # -- the one path ---------------------------------------------------------------------
    async def carry_out(self, request: Request) -> Reply:
        """Carry out ``request`` once: on a bridge backend that handles it, or as one HTTP
        request.  Returns the payload in v2-wire shape, write markers still in it."""
        bridge = as_bridge(self.backend)
        operation = request.operation
        if bridge is not None and bridge.handles(operation.name):
            # unasync: async-only
            await async_auth_headers(self.backend.auth)  # the bridge's thread may need its loop
            # unasync: end
            payload = await async_run_blocking(
                bridge.execute, operation, request.ids, query=request.query,
                body=request.body, call=self._sender(request.options),
            )
            return Reply(payload)
        response = await self.send(request)
        return Reply(self._decode(operation, response), response.headers,
                     response.status_code, response)

    async def send(self, request: Request, *, stream: bool = False) -> Any:
        """Send ``request`` as one HTTP request; return the successful raw response."""
        operation = request.operation
        call = self.backend.prepare(operation, request.path, query=request.query,
                                    body=request.body, files=request.files)
        return await self.http(call, request.options, stream=stream,
                               idempotent=_idempotent(operation))

    async def http(
        self,
        call: PreparedCall,
        options: RequestOptions = NO_OPTIONS,
        *,
        stream: bool = False,
        idempotent: Optional[bool] = None,
    ) -> Any:
        """Send a prepared call through the transport with this backend's auth and the
        per-call headers and timeout."""
        if self.default_query:
            call = attrs.evolve(call, params={**self.default_query, **call.params})
        if options.extra_headers:
            call = attrs.evolve(call, headers={**call.headers, **options.extra_headers})
        timeout = None if isinstance(options.timeout, NotGiven) else to_timeout(options.timeout)
        return await self.transport.send(
            call,
            self.backend.auth,
            request_id_headers=self.backend.request_id_headers,
            timeout=timeout,
            stream=stream,
            idempotent=idempotent,
        )

    def _sender(self, options: RequestOptions) -> Any:
        """How a bridge sends each request of one call: with the call's extra headers,
        extra query parameters and timeout, like the one request of an HTTP backend."""
        extra_query = options.extra_query

        def send(call: PreparedCall, *, stream: bool = False,
                 idempotent: Optional[bool] = None) -> Any:
            if extra_query:
                call = attrs.evolve(call, params={**call.params, **extra_query})
            if self.default_query:
                call = attrs.evolve(call, params={**self.default_query, **call.params})
            if options.extra_headers:
                call = attrs.evolve(call, headers={**call.headers, **options.extra_headers})
            timeout = (None if isinstance(options.timeout, NotGiven)
                       else to_timeout(options.timeout))
            return self.bridge_transport.send(
                call, self.backend.auth, request_id_headers=self.backend.request_id_headers,
                timeout=timeout, stream=stream, idempotent=idempotent,
            )

        return send

    # -- what resources call --------------------------------------------------------------
    async def request(
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
        """Carry out one operation and structure its JSON answer as ``cast``."""
        return (await self.request_with_headers(
            operation_name, cast, ids=ids, query=query, body=body, files=files, options=options
        ))[0]

    async def request_with_headers(
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
        """Like :meth:`request`, also returning the response headers (e.g. poll hints)."""
        request = Request.build(operation_name, ids=ids, query=query, body=body, files=files,
                                options=options)
        reply = await self.answer(request)
        return self.structure_reply(reply, cast), reply.headers

    def structure_reply(self, reply: Reply, cast: Type[T]) -> T:
        """The reply's payload as ``cast``; a model also gets ``_request_id``."""
        result = structure(reply.payload, cast)
        if isinstance(result, Model) and reply.headers:
            for name in self.backend.request_id_headers:
                value = reply.headers.get(name)
                if value:
                    result._request_id = value
                    break
        return result

    async def answer(self, request: Request) -> Reply:
        """:meth:`carry_out` under the write rules: a write whose answer was lost is found
        (or sent once more, or reported as unknown), never silently repeated.  The payload
        comes back without write markers."""
        bridge = as_bridge(self.backend)
        # A caller's extra_body metadata replaces the metadata a marker would go in.
        overridden = "metadata" in (request.options.extra_body or {})
        plan = plan_write(
            request.operation.name, request.body,
            markers=self.write_markers and not overridden,
            bridged=bridge is not None and bridge.handles(request.operation.name),
        )
        if plan is None:
            try:
                reply = await self.carry_out(request)
            except NotFoundError as error:
                gone = _deleted_after_lost_answer(request, error)
                if gone is None:
                    raise
                return Reply(gone)
            strip_write_markers(reply.payload)  # in place
            return reply
        request = request.with_body(plan.body)
        while True:
            try:
                reply = await self.carry_out(request)
            except MultiassistError as error:
                listing = plan.after_failure(error)
                assert listing is not None  # after_failure raises when nothing can be listed
                name, _, list_query = listing
                try:
                    # The lookup goes where the write went: the caller's headers, query
                    # and timeout too (a gateway may need them), not its body.
                    lookup_options = attrs.evolve(request.options, extra_body=None)
                    page: Any = (await self.carry_out(Request.build(
                        name, ids=plan.list_ids(request.ids), query=list_query,
                        options=lookup_options))).payload
                except MultiassistError:  # unsupported listing, or the service still failing
                    page = None
                found = plan.after_listing(error, page)
                if found is not None:
                    return Reply(found)
                continue
            strip_write_markers(reply.payload)  # in place
            return reply

    async def request_bytes(
        self,
        operation_name: str,
        wrap: Callable[[bytes], T],
        *,
        ids: Optional[Mapping[str, object]] = None,
        options: RequestOptions = NO_OPTIONS,
    ) -> T:
        """Send one operation whose answer is raw bytes (file content); return
        ``wrap(content)``."""
        request = Request.build(operation_name, ids=ids, options=options)
        return wrap(await async_read_content(await self.send(request)))

    def list(
        self,
        operation_name: str,
        item: Type[T],
        *,
        ids: Optional[Mapping[str, object]] = None,
        query: Optional[Mapping[str, Any]] = None,
        options: RequestOptions = NO_OPTIONS,
    ) -> AsyncPaginator[T]:
        """One page of a list operation; iterating the page fetches the rest.  The async
        client's answer is also an async iterator over every item (``async for``)."""
        base_query = compact(dict(query or {}))

        async def first() -> AsyncCursorPage[T]:
            payload = (await self.answer(Request.build(
                operation_name, ids=ids, query=base_query, options=options))).payload
            return self.page_of(operation_name, item, payload, ids=ids, query=base_query,
                                options=options)

        return async_paginate(first)

    def page_of(
        self,
        operation_name: str,
        item: Type[T],
        payload: Any,
        *,
        ids: Optional[Mapping[str, object]] = None,
        query: Optional[Mapping[str, Any]] = None,
        options: RequestOptions = NO_OPTIONS,
    ) -> AsyncCursorPage[T]:
        """One page of ``operation_name`` from its list ``payload``; iterating it fetches the
        pages after it with the same ``query``."""
        base_query = compact(dict(query or {}))
        backwards = "before" in base_query and "after" not in base_query

        def build(page_payload: Any) -> AsyncCursorPage[T]:
            if not isinstance(page_payload, dict) or not isinstance(
                    page_payload.get("data"), list):
                raise ResponseDecodeError(
                    f"{operation_name} answered without a 'data' list", body=page_payload
                )
            items = [structure(entry, item) for entry in page_payload["data"]]
            return AsyncCursorPage(
                items,
                first_id=page_payload.get("first_id"),
                last_id=page_payload.get("last_id"),
                has_more=bool(page_payload.get("has_more")),
                fetch_next=next_page,
                backwards=backwards,
            )

        async def fetch(page_query: Mapping[str, Any]) -> AsyncCursorPage[T]:
            return build((await self.answer(Request.build(
                operation_name, ids=ids, query=page_query, options=options))).payload)

        async def next_page(page: AsyncCursorPage[T]) -> AsyncCursorPage[T]:
            follow = dict(base_query)
            if backwards:
                follow["before"] = page.first_id
            else:
                follow.pop("before", None)
                follow["after"] = page.last_id
            return await fetch(follow)

        return build(payload)

    async def stream(
        self,
        operation_name: str,
        *,
        ids: Optional[Mapping[str, object]] = None,
        query: Optional[Mapping[str, Any]] = None,
        body: Mapping[str, Any],
        options: RequestOptions = NO_OPTIONS,
        handler: Optional[AsyncAssistantEventHandler] = None,
    ) -> AsyncAssistantEventHandler:
        """Start ``operation_name`` streamed and return ``handler`` (default: a new
        :class:`~multiassist.streaming.AssistantStream`) reading its events as they arrive.

        Errors before the stream starts (HTTP status, connection) are raised here, as for
        any request; one that leaves the write's outcome unknown raises
        :class:`~multiassist.errors.WriteOutcomeUnknownError`.  A handler already reading
        another stream is refused before anything is sent.
        """
        if handler is not None:
            if not isinstance(handler, AsyncAssistantEventHandler):
                raise InvalidRequestError(
                    "event_handler must be an AssistantEventHandler instance (a subclass "
                    f"with on_* hooks), got {type(handler).__name__}"
                )
            handler.check_unbound()
        request = Request.build(operation_name, ids=ids, query=query,
                                body={**body, "stream": True}, options=options)
        operation = request.operation
        try:
            opened = await self.open_body(request)
        except MultiassistError as error:
            if is_uncertain(error):
                raise stream_outcome_unknown(operation_name) from error
            raise
        await check_event_stream(opened)
        request_id = next(
            (opened.headers[name] for name in self.backend.request_id_headers
             if opened.headers.get(name)),
            None,
        )
        if handler is None:
            return AsyncAssistantStream(opened, normalize=self._normalizer(operation),
                                   request_id=request_id)
        try:
            handler.bind(opened, normalize=self._normalizer(operation), request_id=request_id)
        except BaseException:
            await opened.close()
            raise
        return handler

    async def open_body(self, request: Request) -> AsyncStreamBody:
        """Open ``request``'s streamed body: from a bridge backend that handles it, or from
        one HTTP request."""
        bridge = as_bridge(self.backend)
        operation = request.operation
        if bridge is not None and bridge.handles(operation.name):
            # unasync: async-only
            await async_auth_headers(self.backend.auth)
            # unasync: end
            return async_stream_from_blocking(await async_run_blocking(
                bridge.stream, operation, request.ids, query=request.query,
                body=request.body, call=self._sender(request.options)))
        return open_async_body(await self.send(request, stream=True))

    # -- decoding -------------------------------------------------------------------------
    def _decode(self, operation: Operation, response: Any) -> Any:
        """Parse a JSON answer into the v2 wire shape (write markers left in)."""
        try:
            payload = response.json()
        except ValueError:
            raise ResponseDecodeError(
                f"{operation.name} answered HTTP {response.status_code} with a body that is "
                "not JSON",
                body=response.text[:2000],
            ) from None
        return self.backend.normalize_response(operation, payload)

    def _normalizer(self, operation: Operation) -> Any:
        normalize = self.backend.normalize_response

        def apply(payload: Any) -> Any:
            return strip_write_markers(normalize(operation, payload))

        return apply


#: What a delete answers, by operation: its ``object`` value.
_DELETED_OBJECTS = {
    "assistants.delete": ("assistant_id", "assistant.deleted"),
    "threads.delete": ("thread_id", "thread.deleted"),
    "messages.delete": ("message_id", "thread.message.deleted"),
    "files.delete": ("file_id", "file"),
    "vector_stores.delete": ("vector_store_id", "vector_store.deleted"),
    "vector_store_files.delete": ("file_id", "vector_store.file.deleted"),
}


def _deleted_after_lost_answer(request: Request, error: NotFoundError) -> Optional[Any]:
    """A delete whose first answer was lost and whose repeat found nothing: it was deleted.
    Returns the deletion payload the lost answer held, or None when that is not the case."""
    known = _DELETED_OBJECTS.get(request.operation.name)
    if known is None or not error.after_uncertain_attempt:
        return None
    id_name, kind = known
    return {"id": request.ids[id_name], "object": kind, "deleted": True}


def _idempotent(operation: Operation) -> bool:
    # Updates set fields to given values: repeating one cannot duplicate anything.
    return operation.method != "POST" or operation.name.endswith(".update")
