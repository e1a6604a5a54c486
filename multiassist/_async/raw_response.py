"""Raw responses: the HTTP answer behind a call, with its headers, status and request id, as
openai-python's ``.with_raw_response`` and ``.with_streaming_response`` give it::

    raw = client.beta.threads.with_raw_response.create()
    print(raw.headers.get("x-request-id"), raw.status_code, raw.http_request.url)
    thread = raw.parse()                      # the Thread the call returns

    with client.beta.threads.messages.with_streaming_response.list(thread.id) as response:
        for line in response.iter_lines():
            ...

On the asyncio client, as in openai-python, ``with_raw_response`` answers once the body is
read (``raw.parse()``, ``raw.content`` and ``raw.text`` are used as they are), and
``with_streaming_response`` answers a response whose body methods are coroutines.

On a bridge backend (which answers from several requests, or none) there is no single HTTP
response: ``status_code`` is 200, ``headers`` are empty and ``http_request`` names the
Assistants operation that was carried out.
"""

from __future__ import annotations

import codecs
import functools
import inspect
import json
from types import TracebackType
from typing import (
    TYPE_CHECKING,
    Any,
    AsyncIterator,
    Callable,
    Dict,
    Generic,
    Mapping,
    Optional,
    Type,
    TypeVar,
)
from urllib.parse import parse_qsl, urlsplit

import attrs

from multiassist._async.core import NO_OPTIONS, AsyncCore, Reply
from multiassist._async.pagination import AsyncCursorPage
from multiassist._async.streaming.stream import AsyncAssistantEventHandler
from multiassist._types import RequestOptions
from multiassist.backends.base import as_bridge
from multiassist.concurrency import (
    AsyncStreamManager,
    AsyncThunk,
    async_body_unread,
    async_close_response,
    async_iter_content,
    async_read_content,
)
from multiassist.converter import Model
from multiassist.errors import InvalidRequestError
from multiassist.http.messages import FileField
from multiassist.http.redaction import redact_headers
from multiassist.http.writes import strip_write_markers
from multiassist.operations import Request

if TYPE_CHECKING:
    from multiassist._async.core import T

__all__ = [
    "URL",
    "AsyncAPIResponse",
    # unasync: async-only
    "AsyncLegacyAPIResponse",
    # unasync: end
    "HTTPRequest",
    "AsyncRawCore",
    "AsyncRawResponses",
    "AsyncStreamingResponses",
]

R = TypeVar("R")
ParsedT = TypeVar("ParsedT")

#: Helpers that make several requests (or stream): they have no single raw response.
_NOT_RAW = frozenset({
    "poll", "create_and_poll", "submit_tool_outputs_and_poll", "create_and_run_poll",
    "upload_and_poll", "wait_for_processing", "stream", "submit_tool_outputs_stream",
    "create_and_run_stream", "upload", "create_and_upload",
})


class URL(str):
    """A request URL: the string, plus its parts as httpx's ``URL`` names them."""

    @property
    def scheme(self) -> str:
        return urlsplit(self).scheme

    @property
    def host(self) -> str:
        return urlsplit(self).hostname or ""

    @property
    def port(self) -> Optional[int]:
        return urlsplit(self).port

    @property
    def path(self) -> str:
        return urlsplit(self).path

    @property
    def query(self) -> bytes:
        return urlsplit(self).query.encode("ascii", "replace")

    @property
    def params(self) -> Dict[str, str]:
        return dict(parse_qsl(urlsplit(self).query, keep_blank_values=True))


@attrs.frozen
class HTTPRequest:
    """The request a raw response answers: ``method``, ``url`` (with ``.path``, ``.host``,
    ``.params``) and the ``headers`` sent, credentials redacted."""

    method: str
    url: URL = attrs.field(converter=URL)
    headers: Mapping[str, str] = attrs.field(factory=dict, repr=False)


class AsyncAPIResponse(Generic[ParsedT]):
    """The HTTP answer of one call: ``status_code``, ``headers``, ``request_id``,
    ``http_request``, the body (``read()``, ``json()``, ``iter_bytes()``, ``iter_lines()``,
    ``text``), and :meth:`parse` for what the call itself returns."""

    def __init__(self, reply: Reply, http_request: HTTPRequest,
                 parse: AsyncThunk[ParsedT], *, request_id_headers: Any = ()) -> None:
        self._reply = reply
        self._parse = parse
        self._parsed: Any = _UNPARSED
        self.http_request = http_request
        self._request_id_headers = tuple(request_id_headers)
        self._closed = (reply.http_response is None
                        or not async_body_unread(reply.http_response))

    @property
    def status_code(self) -> int:
        return self._reply.status_code

    @property
    def headers(self) -> Mapping[str, str]:
        """The response headers (case-insensitive on an HTTP backend)."""
        return self._reply.headers

    @property
    def request_id(self) -> Optional[str]:
        """The service's id for this request (``x-request-id`` and the like), if sent."""
        for name in self._request_id_headers or ("x-request-id",):
            value = self.headers.get(name)
            if value:
                return value
        return None

    @property
    def url(self) -> str:
        return self.http_request.url

    @property
    def method(self) -> str:
        return self.http_request.method

    @property
    def http_response(self) -> Any:
        """The ``requests.Response`` (None on a bridge backend)."""
        return self._reply.http_response

    @property
    def elapsed(self) -> Any:
        response = self._reply.http_response
        return None if response is None else response.elapsed

    @property
    def is_closed(self) -> bool:
        """Whether the body has been read and the connection released."""
        return self._closed

    async def parse(self) -> ParsedT:
        """What the call returns without ``with_raw_response`` (a model, a page...)."""
        if self._parsed is _UNPARSED:
            self._parsed = await self._parse()
            if self._reply.http_response is not None and not async_body_unread(
                    self._reply.http_response):
                self._closed = True
        parsed: ParsedT = self._parsed
        return parsed

    # unasync: sync-only
    # @property
    # def content(self) -> bytes:
    #     """The body as bytes (read now if it was not yet)."""
    #     return self.read()
    # unasync: end

    async def read(self) -> bytes:
        """The body as bytes (read now if it was not yet)."""
        response = self._reply.http_response
        if response is not None:
            body = await async_read_content(response)
            self._closed = True
            return body
        return json.dumps(self._reply.payload).encode("utf-8")

    # unasync: sync-only
    # @property
    # def text(self) -> _Text:
    #     """The body as text; also callable (``response.text()``, as openai-python's
    #     streaming responses have it)."""
    #     return _Text(self.read().decode("utf-8", "replace"))
    # unasync: end
    # unasync: async-only
    async def text(self) -> str:
        """The body as text."""
        return (await self.read()).decode("utf-8", "replace")
    # unasync: end

    async def json(self) -> Any:
        """The body as JSON, without multiassist's hidden write markers."""
        if self._reply.http_response is None:
            return self._reply.payload
        return strip_write_markers(json.loads(await self.read()))

    async def iter_bytes(self, chunk_size: Optional[int] = None) -> AsyncIterator[bytes]:
        response = self._reply.http_response
        if response is not None and not self._closed:
            try:
                async for chunk in async_iter_content(response, chunk_size):  # noqa: UP028, RUF100
                    yield chunk
            finally:
                self._closed = True
                await async_close_response(response)
            return
        body = await self.read()
        step = chunk_size or len(body) or 1
        for start in range(0, len(body), step):
            yield body[start:start + step]

    async def iter_text(self, chunk_size: Optional[int] = None) -> AsyncIterator[str]:
        decoder = codecs.getincrementaldecoder("utf-8")("replace")  # a character may span chunks
        async for chunk in self.iter_bytes(chunk_size):
            text = decoder.decode(chunk)
            if text:
                yield text
        rest = decoder.decode(b"", final=True)
        if rest:
            yield rest

    async def iter_lines(self) -> AsyncIterator[str]:
        pending = ""
        async for text in self.iter_text():
            pending += text
            *lines, pending = pending.split("\n")
            for line in lines:
                yield line.rstrip("\r")
        if pending:
            yield pending

    async def close(self) -> None:
        response = self._reply.http_response
        if response is not None:
            await async_close_response(response)
        self._closed = True

    async def __aenter__(self) -> AsyncAPIResponse[ParsedT]:
        return self

    async def __aexit__(
        self, exc_type: Optional[Type[BaseException]], exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        await self.close()

    def __repr__(self) -> str:
        return (f"<AsyncAPIResponse [{self.status_code}] {self.http_request.method} "
                f"{self.http_request.url}>")


_UNPARSED: Any = object()
# unasync: async-only


class AsyncLegacyAPIResponse(Generic[ParsedT]):
    """What ``with_raw_response`` answers on the async client, as openai-python's does: the
    call was awaited, its body read and parsed, so ``parse()``, ``content``, ``text`` and
    ``json()`` need no ``await``. (``with_streaming_response`` answers an
    :class:`AsyncAPIResponse`, whose body waits to be read.)

    Example::

        raw = await client.beta.threads.with_raw_response.create()
        print(raw.headers.get("x-request-id"), raw.status_code)
        thread = raw.parse()
    """

    def __init__(self, response: AsyncAPIResponse[ParsedT], parsed: ParsedT,
                 body: Optional[bytes]) -> None:
        self._response = response
        self._parsed = parsed
        self._body = body

    @property
    def status_code(self) -> int:
        return self._response.status_code

    @property
    def headers(self) -> Mapping[str, str]:
        """The response headers (case-insensitive on an HTTP backend)."""
        return self._response.headers

    @property
    def request_id(self) -> Optional[str]:
        """The service's id for this request (``x-request-id`` and the like), if sent."""
        return self._response.request_id

    @property
    def http_request(self) -> HTTPRequest:
        return self._response.http_request

    @property
    def url(self) -> str:
        return self._response.url

    @property
    def method(self) -> str:
        return self._response.method

    @property
    def http_response(self) -> Any:
        """The HTTP response (None on a bridge backend)."""
        return self._response.http_response

    @property
    def elapsed(self) -> Any:
        return self._response.elapsed

    @property
    def is_closed(self) -> bool:
        """Always True: the body was read when the call was awaited."""
        return True

    def parse(self) -> ParsedT:
        """What the call returns without ``with_raw_response`` (a model, a page...)."""
        return self._parsed

    @property
    def content(self) -> bytes:
        """The body as bytes."""
        if self._body is None:
            raise InvalidRequestError(
                "a streamed call's body is its events: iterate parse() instead"
            )
        return self._body

    @property
    def text(self) -> _Text:
        """The body as text; also callable (``response.text()``)."""
        return _Text(self.content.decode("utf-8", "replace"))

    def json(self) -> Any:
        """The body as JSON, without multiassist's hidden write markers."""
        if self.http_response is None:
            return self._response._reply.payload
        return strip_write_markers(json.loads(self.content))

    def __repr__(self) -> str:
        return (f"<AsyncLegacyAPIResponse [{self.status_code}] {self.http_request.method} "
                f"{self.http_request.url}>")
# unasync: end


class _Text(str):
    """A body's text that can also be called, for code written either way."""

    def __call__(self) -> str:
        return str(self)


class AsyncRawCore(AsyncCore):
    """A core whose calls return :class:`AsyncAPIResponse` objects instead of what they parse
    to; it shares the backend, transport and settings of the core it was made from."""

    def __init__(self, core: AsyncCore, *, streamed: bool = False) -> None:
        super().__init__(core.backend, core.transport, write_markers=core.write_markers,
                         default_query=core.default_query,
                         bridge_transport=core.bridge_transport)
        self._plain = core
        #: Whether bodies are left unread until asked for (``with_streaming_response``).
        self.streamed = streamed

    async def _reply(self, request: Request) -> Reply:
        """The reply to ``request``; streamed, an HTTP body stays unread until parsed (no
        reconciliation then: an uncertain write is reported, never sent twice)."""
        bridge = as_bridge(self.backend)
        if not self.streamed or (bridge is not None and bridge.handles(request.operation.name)):
            return await self.answer(request)
        response = await self.send(request, stream=True)
        return Reply(_UNREAD, response.headers, response.status_code, response)

    async def _payload(self, request: Request, reply: Reply) -> Any:
        if reply.payload is not _UNREAD:
            return reply.payload
        await async_read_content(reply.http_response)
        return strip_write_markers(self._decode(request.operation, reply.http_response))

    async def _raw(
        self, request: Request, reply: Reply, parse: AsyncThunk[Any], *, events: bool = False
    ) -> Any:
        response = reply.http_response
        sent = getattr(response, "request", None) if response is not None else None
        if sent is not None:
            http_request = HTTPRequest(str(sent.method), str(sent.url),
                                       redact_headers(dict(sent.headers)))
        else:
            http_request = HTTPRequest(request.operation.method, request.path)
        raw = AsyncAPIResponse(
            reply, http_request, parse, request_id_headers=self.backend.request_id_headers)
        # unasync: async-only
        if not self.streamed:
            # openai-python's async with_raw_response: read and parsed already, no awaits.
            parsed = await raw.parse()
            return AsyncLegacyAPIResponse(raw, parsed, None if events else await raw.read())
        # unasync: end
        return raw

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
    ) -> Any:
        request = Request.build(operation_name, ids=ids, query=query, body=body, files=files,
                                options=options)
        reply = await self._reply(request)

        async def parse() -> Any:
            return self._plain.structure_reply(
                attrs.evolve(reply, payload=await self._payload(request, reply)), cast)

        return await self._raw(request, reply, parse), {}

    async def request(
        self, operation_name: str, cast: Type[T], **kwargs: Any
    ) -> Any:
        return (await self.request_with_headers(operation_name, cast, **kwargs))[0]

    async def list(  # type: ignore[override, unused-ignore]
        self,
        operation_name: str,
        item: Type[T],
        *,
        ids: Optional[Mapping[str, object]] = None,
        query: Optional[Mapping[str, Any]] = None,
        options: RequestOptions = NO_OPTIONS,
    ) -> Any:
        request = Request.build(operation_name, ids=ids, query=query, options=options)
        reply = await self._reply(request)

        async def parse() -> AsyncCursorPage[Any]:
            return self._plain.page_of(operation_name, item, await self._payload(request, reply),
                                       ids=ids, query=query, options=options)

        return await self._raw(request, reply, parse)

    async def request_bytes(
        self,
        operation_name: str,
        wrap: Callable[[bytes], T],
        *,
        ids: Optional[Mapping[str, object]] = None,
        options: RequestOptions = NO_OPTIONS,
    ) -> Any:
        request = Request.build(operation_name, ids=ids, options=options)
        response = await self.send(request, stream=self.streamed)
        reply = Reply(None, response.headers, response.status_code, response)

        async def parse() -> Any:
            return wrap(await async_read_content(response))

        return await self._raw(request, reply, parse)

    async def stream(
        self,
        operation_name: str,
        *,
        ids: Optional[Mapping[str, object]] = None,
        query: Optional[Mapping[str, Any]] = None,
        body: Mapping[str, Any],
        options: RequestOptions = NO_OPTIONS,
        handler: Optional[AsyncAssistantEventHandler] = None,
    ) -> Any:
        opened = await self._plain.stream(operation_name, ids=ids, query=query, body=body,
                                    options=options, handler=handler)
        request = Request.build(operation_name, ids=ids, query=query, body=body,
                                options=options)
        body_of = opened.body
        assert body_of is not None
        reply = Reply(None, body_of.headers, body_of.status_code, body_of.http_response)

        async def parse() -> Any:
            return opened

        return await self._raw(request, reply, parse, events=True)


class AsyncRawResponses(Generic[R]):
    """``resource.with_raw_response``: the resource's calls, each returning an
    :class:`AsyncAPIResponse` (call :meth:`AsyncAPIResponse.parse` for the usual result);
    nested resources too (``client.beta.threads.with_raw_response.runs.retrieve(...)``).

    ``with_streaming_response`` is the same view: each :class:`AsyncAPIResponse` is also a
    context manager that releases the connection.
    """

    def __init__(self, resource: R, core: AsyncRawCore) -> None:
        self._resource: Any = (resource if getattr(resource, "_core", None) is core
                               else type(resource)(core))  # type: ignore[call-arg]
        # unasync: async-only
        self._streamed = core.streamed
        # unasync: end

    def __getattr__(self, name: str) -> Any:
        if name in _NOT_RAW:
            raise InvalidRequestError(
                f"{name} makes several requests (or streams), so it has no single raw "
                f"response; call the single-request methods with_raw_response instead"
            )
        value = getattr(self._resource, name)
        core = getattr(value, "_core", None)
        if isinstance(core, AsyncRawCore) and not isinstance(value, Model):
            return AsyncRawResponses(value, core)  # a nested resource
        # unasync: async-only
        if self._streamed and callable(value):
            return _used_with_async_with(value)
        # unasync: end
        return value
# unasync: async-only


def _used_with_async_with(method: Callable[..., Any]) -> Callable[..., Any]:
    """``method`` of ``with_streaming_response``, whose answer is used as openai-python's:
    ``async with client....with_streaming_response.create(...) as response`` (closed on
    leaving), or awaited."""

    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        answer = method(*args, **kwargs)
        if not inspect.isawaitable(answer):
            return answer
        return AsyncStreamManager(lambda: answer)

    return call
# unasync: end


#: ``with_streaming_response`` gives the same view over a streamed :class:`AsyncRawCore`.
AsyncStreamingResponses = AsyncRawResponses
_UNREAD: Any = object()
