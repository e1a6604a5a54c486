# Generated from multiassist/_async/raw_response.py by scripts/generate_sync.py:
# edit that file and run `python -m scripts.generate_sync`; `make test` fails on drift.
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
import json
from types import TracebackType
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Dict,
    Generic,
    Iterator,
    Mapping,
    Optional,
    Type,
    TypeVar,
)
from urllib.parse import parse_qsl, urlsplit

import attrs

from multiassist._types import RequestOptions
from multiassist.backends.base import as_bridge
from multiassist.concurrency import (
    Thunk,
    body_unread,
    close_response,
    iter_content,
    read_content,
)
from multiassist.converter import Model
from multiassist.core import NO_OPTIONS, Core, Reply
from multiassist.errors import InvalidRequestError
from multiassist.http.messages import FileField
from multiassist.http.redaction import redact_headers
from multiassist.http.writes import strip_write_markers
from multiassist.operations import Request
from multiassist.pagination import CursorPage
from multiassist.streaming.stream import AssistantEventHandler

if TYPE_CHECKING:
    from multiassist.core import T

__all__ = [
    "URL",
    "APIResponse",
    "HTTPRequest",
    "RawCore",
    "RawResponses",
    "StreamingResponses",
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


class APIResponse(Generic[ParsedT]):
    """The HTTP answer of one call: ``status_code``, ``headers``, ``request_id``,
    ``http_request``, the body (``read()``, ``json()``, ``iter_bytes()``, ``iter_lines()``,
    ``text``), and :meth:`parse` for what the call itself returns."""

    def __init__(self, reply: Reply, http_request: HTTPRequest,
                 parse: Thunk[ParsedT], *, request_id_headers: Any = ()) -> None:
        self._reply = reply
        self._parse = parse
        self._parsed: Any = _UNPARSED
        self.http_request = http_request
        self._request_id_headers = tuple(request_id_headers)
        self._closed = (reply.http_response is None
                        or not body_unread(reply.http_response))

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

    def parse(self) -> ParsedT:
        """What the call returns without ``with_raw_response`` (a model, a page...)."""
        if self._parsed is _UNPARSED:
            self._parsed = self._parse()
            if self._reply.http_response is not None and not body_unread(
                    self._reply.http_response):
                self._closed = True
        parsed: ParsedT = self._parsed
        return parsed

    @property
    def content(self) -> bytes:
        """The body as bytes (read now if it was not yet)."""
        return self.read()

    def read(self) -> bytes:
        """The body as bytes (read now if it was not yet)."""
        response = self._reply.http_response
        if response is not None:
            body = read_content(response)
            self._closed = True
            return body
        return json.dumps(self._reply.payload).encode("utf-8")

    @property
    def text(self) -> _Text:
        """The body as text; also callable (``response.text()``, as openai-python's
        streaming responses have it)."""
        return _Text(self.read().decode("utf-8", "replace"))

    def json(self) -> Any:
        """The body as JSON, without multiassist's hidden write markers."""
        if self._reply.http_response is None:
            return self._reply.payload
        return strip_write_markers(json.loads(self.read()))

    def iter_bytes(self, chunk_size: Optional[int] = None) -> Iterator[bytes]:
        response = self._reply.http_response
        if response is not None and not self._closed:
            try:
                for chunk in iter_content(response, chunk_size):  # noqa: UP028, RUF100
                    yield chunk
            finally:
                self._closed = True
                close_response(response)
            return
        body = self.read()
        step = chunk_size or len(body) or 1
        for start in range(0, len(body), step):
            yield body[start:start + step]

    def iter_text(self, chunk_size: Optional[int] = None) -> Iterator[str]:
        decoder = codecs.getincrementaldecoder("utf-8")("replace")  # a character may span chunks
        for chunk in self.iter_bytes(chunk_size):
            text = decoder.decode(chunk)
            if text:
                yield text
        rest = decoder.decode(b"", final=True)
        if rest:
            yield rest

    def iter_lines(self) -> Iterator[str]:
        pending = ""
        for text in self.iter_text():
            pending += text
            *lines, pending = pending.split("\n")
            for line in lines:
                yield line.rstrip("\r")
        if pending:
            yield pending

    def close(self) -> None:
        response = self._reply.http_response
        if response is not None:
            close_response(response)
        self._closed = True

    def __enter__(self) -> APIResponse[ParsedT]:
        return self

    def __exit__(
        self, exc_type: Optional[Type[BaseException]], exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return (f"<APIResponse [{self.status_code}] {self.http_request.method} "
                f"{self.http_request.url}>")


_UNPARSED: Any = object()


class _Text(str):
    """A body's text that can also be called, for code written either way."""

    def __call__(self) -> str:
        return str(self)


class RawCore(Core):
    """A core whose calls return :class:`APIResponse` objects instead of what they parse
    to; it shares the backend, transport and settings of the core it was made from."""

    def __init__(self, core: Core, *, streamed: bool = False) -> None:
        super().__init__(core.backend, core.transport, write_markers=core.write_markers,
                         default_query=core.default_query,
                         bridge_transport=core.bridge_transport)
        self._plain = core
        #: Whether bodies are left unread until asked for (``with_streaming_response``).
        self.streamed = streamed

    def _reply(self, request: Request) -> Reply:
        """The reply to ``request``; streamed, an HTTP body stays unread until parsed (no
        reconciliation then: an uncertain write is reported, never sent twice)."""
        bridge = as_bridge(self.backend)
        if not self.streamed or (bridge is not None and bridge.handles(request.operation.name)):
            return self.answer(request)
        response = self.send(request, stream=True)
        return Reply(_UNREAD, response.headers, response.status_code, response)

    def _payload(self, request: Request, reply: Reply) -> Any:
        if reply.payload is not _UNREAD:
            return reply.payload
        read_content(reply.http_response)
        return strip_write_markers(self._decode(request.operation, reply.http_response))

    def _raw(
        self, request: Request, reply: Reply, parse: Thunk[Any], *, events: bool = False
    ) -> Any:
        response = reply.http_response
        sent = getattr(response, "request", None) if response is not None else None
        if sent is not None:
            http_request = HTTPRequest(str(sent.method), str(sent.url),
                                       redact_headers(dict(sent.headers)))
        else:
            http_request = HTTPRequest(request.operation.method, request.path)
        raw = APIResponse(
            reply, http_request, parse, request_id_headers=self.backend.request_id_headers)
        return raw

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
    ) -> Any:
        request = Request.build(operation_name, ids=ids, query=query, body=body, files=files,
                                options=options)
        reply = self._reply(request)

        def parse() -> Any:
            return self._plain.structure_reply(
                attrs.evolve(reply, payload=self._payload(request, reply)), cast)

        return self._raw(request, reply, parse), {}

    def request(
        self, operation_name: str, cast: Type[T], **kwargs: Any
    ) -> Any:
        return (self.request_with_headers(operation_name, cast, **kwargs))[0]

    def list(  # type: ignore[override, unused-ignore]
        self,
        operation_name: str,
        item: Type[T],
        *,
        ids: Optional[Mapping[str, object]] = None,
        query: Optional[Mapping[str, Any]] = None,
        options: RequestOptions = NO_OPTIONS,
    ) -> Any:
        request = Request.build(operation_name, ids=ids, query=query, options=options)
        reply = self._reply(request)

        def parse() -> CursorPage[Any]:
            return self._plain.page_of(operation_name, item, self._payload(request, reply),
                                       ids=ids, query=query, options=options)

        return self._raw(request, reply, parse)

    def request_bytes(
        self,
        operation_name: str,
        wrap: Callable[[bytes], T],
        *,
        ids: Optional[Mapping[str, object]] = None,
        options: RequestOptions = NO_OPTIONS,
    ) -> Any:
        request = Request.build(operation_name, ids=ids, options=options)
        response = self.send(request, stream=self.streamed)
        reply = Reply(None, response.headers, response.status_code, response)

        def parse() -> Any:
            return wrap(read_content(response))

        return self._raw(request, reply, parse)

    def stream(
        self,
        operation_name: str,
        *,
        ids: Optional[Mapping[str, object]] = None,
        query: Optional[Mapping[str, Any]] = None,
        body: Mapping[str, Any],
        options: RequestOptions = NO_OPTIONS,
        handler: Optional[AssistantEventHandler] = None,
    ) -> Any:
        opened = self._plain.stream(operation_name, ids=ids, query=query, body=body,
                                    options=options, handler=handler)
        request = Request.build(operation_name, ids=ids, query=query, body=body,
                                options=options)
        body_of = opened.body
        assert body_of is not None
        reply = Reply(None, body_of.headers, body_of.status_code, body_of.http_response)

        def parse() -> Any:
            return opened

        return self._raw(request, reply, parse, events=True)


class RawResponses(Generic[R]):
    """``resource.with_raw_response``: the resource's calls, each returning an
    :class:`APIResponse` (call :meth:`APIResponse.parse` for the usual result);
    nested resources too (``client.beta.threads.with_raw_response.runs.retrieve(...)``).

    ``with_streaming_response`` is the same view: each :class:`APIResponse` is also a
    context manager that releases the connection.
    """

    def __init__(self, resource: R, core: RawCore) -> None:
        self._resource: Any = (resource if getattr(resource, "_core", None) is core
                               else type(resource)(core))  # type: ignore[call-arg]

    def __getattr__(self, name: str) -> Any:
        if name in _NOT_RAW:
            raise InvalidRequestError(
                f"{name} makes several requests (or streams), so it has no single raw "
                f"response; call the single-request methods with_raw_response instead"
            )
        value = getattr(self._resource, name)
        core = getattr(value, "_core", None)
        if isinstance(core, RawCore) and not isinstance(value, Model):
            return RawResponses(value, core)  # a nested resource
        return value


#: ``with_streaming_response`` gives the same view over a streamed :class:`RawCore`.
StreamingResponses = RawResponses
_UNREAD: Any = object()
