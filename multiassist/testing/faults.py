"""Fault injection: answer chosen requests the way a failing service or network would.

Faults are queued with ``Emulator.inject`` and consumed in FIFO order: each request takes
the oldest queued fault whose method and route match it (a fault queued with ``times=N``
serves N requests before it is used up). The server hands every request to
``FaultInjector.respond`` -- the one point where faults plug into dispatch -- which either
lets the app answer normally or builds the faulty answer.

Routes are matched on the *flavor-neutral* path, the part after the prefix (``/v1``,
``/openai`` or ``/api/projects/<project>``), percent-decoded segment by segment:

- a template string, ``"POST /threads/{thread_id}/messages"``: an optional leading method,
  then ``/``-separated literal segments and ``{name}`` placeholders (one non-empty segment
  each);
- a compiled regular expression, ``re.compile(r"/threads/[^/]+/runs(/.*)?")``, which must
  ``fullmatch`` that path (with its leading ``/``).

``route=None`` matches every path; ``method=None`` every method.

The faults (``name``: options, then what happens; "carried out" means the request reached
the handlers and changed the emulator's state as usual):

=====================  ======================================================================
``status``             ``code`` (required), ``headers``, ``body`` (JSON value or bytes),
                       ``apply`` (default False): answer ``code`` with those headers and
                       ``body`` (default: the wire's error document for that status) WITHOUT
                       carrying the request out -- e.g. 429 + ``retry-after-ms``, 503 +
                       ``x-should-retry: false``, 500; with ``apply=True`` the request is
                       carried out first (a gateway's 502 / 504 after the service acted).
``drop_before_apply``  ``reset`` (bool): read the request, do NOT carry it out, close the
                       connection without an answer (``reset=True``: with a TCP RST).
``drop_after_apply``   ``reset``: carry the request out, then close without an answer.
``delay_after_apply``  ``seconds`` (required): carry the request out, wait, then answer (set
                       it past the client's read timeout; ``Emulator.stop`` cuts the wait).
``malformed_json``     carry the request out, then send its answer (same status and headers)
                       with the JSON body cut in half; on an event stream, the first event's
                       data is cut instead (the rest of the stream follows).
``truncated_stream``   ``after_events`` (default 1): carry the request out; an event stream
                       is cut after that many events -- never reaching the run's last event
                       nor ``done`` -- and the connection dropped; a JSON answer is cut in
                       half (``Content-Length`` promises the whole body) and dropped.
``stream_error_event`` ``after_events`` (default: up to the run's last event), ``code``,
                       ``message``: carry the request out; the event stream stops after that
                       many events with an ``error`` event. Only the answer changes: the run
                       itself went on as usual (``Emulator.script_run(stream_error=True)``
                       makes a run that fails instead). A JSON answer is left unchanged.
``expired_token_401``  ``revoke`` (default True): answer 401 with the wire's expired-token
                       error (Azure: "Access token is missing, invalid, ... or have expired")
                       WITHOUT carrying the request out; with ``revoke``, a bearer token the
                       request carried (Azure, Foundry) is also no longer accepted, so only a
                       newly acquired one (``Emulator.accept_token``) succeeds.
``redirect``           ``location`` (default: the same path and port on ``127.0.0.2``),
                       ``code`` (default 307; 301, 302, 303, 307 or 308): answer a redirect
                       WITHOUT carrying the request out. The location must be on a loopback
                       host (127.0.0.0/8, ::1 or localhost).
=====================  ======================================================================

Which drop is "certainly not processed"? Neither, as far as a client can tell: once the
request has been sent, a closed connection looks the same whether the server acted or not,
so a careful client must treat both as "maybe processed" (reconcile, or say it does not
know). Only an answer can say "not processed" -- ``status`` 429 or 503 -- and only a
connection that fails before the request is sent is certainly harmless. ``drop_before_apply``
checks that a client which reconciles finds nothing and sends the write once more;
``drop_after_apply`` that it finds the write instead of repeating it.

Every fault also takes ``before_answer``, a callable run with no arguments once the fault
has fired -- after the request was carried out, where the fault carries it out -- and before
the client gets anything (an answer, or the closed connection): what others do in the gap
between a failed write and the client's next request, e.g. another program writing newer
objects before the client lists them to find its own. It runs on the server's thread for
that request; other requests (its own included) are served meanwhile.

``Emulator.fault_log`` lists what fired (``FiredFault``), in order.
"""

from __future__ import annotations

import ipaddress
import json
import re
import threading
import urllib.parse
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Dict, List, Mapping, Optional, Pattern, Tuple, Union

from multiassist.testing.flavors import FOUNDRY, HUB, OPENAI
from multiassist.testing.router import request_id_headers, split_path, split_prefix
from multiassist.testing.wire import problems as e
from multiassist.testing.wire.event_stream import (
    STREAM_ERROR_MESSAGE,
    EventStream,
    error_data,
    frame,
    truncated,
)
from multiassist.testing.wire.exchange import RawRequest, RawResponse

__all__ = ["FAULTS", "HOOK_OPTIONS", "Answer", "FaultInjector", "FiredFault", "RouteSpec"]

# -------------------------------------------------- what faults there are


#: Each fault's options: name -> (required options, optional options).
FAULTS: Mapping[str, Tuple[frozenset[str], frozenset[str]]] = {
    "status": (frozenset({"code"}), frozenset({"headers", "body", "apply"})),
    "drop_before_apply": (frozenset(), frozenset({"reset"})),
    "drop_after_apply": (frozenset(), frozenset({"reset"})),
    "delay_after_apply": (frozenset({"seconds"}), frozenset()),
    "malformed_json": (frozenset(), frozenset()),
    "truncated_stream": (frozenset(), frozenset({"after_events"})),
    "stream_error_event": (frozenset(), frozenset({"after_events", "code", "message"})),
    "expired_token_401": (frozenset(), frozenset({"revoke"})),
    "redirect": (frozenset(), frozenset({"location", "code"})),
}
#: Options every fault takes (see the module docstring).
HOOK_OPTIONS = frozenset({"before_answer"})
_REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class FiredFault:
    """One fault that fired: which, on what request, and whether the request was carried out.

    ``path`` is the raw request path (no query); ``route`` the flavor-neutral decoded path
    it was matched on; ``effect`` says in words what the client got.
    """

    fault: str
    method: str
    path: str
    route: str
    applied: bool
    effect: str
    options: Mapping[str, Any] = field(default_factory=dict)


def check_options(fault: str, options: Dict[str, Any]) -> None:
    """ValueError for an unknown fault or a bad option value, TypeError for options the
    fault does not take or misses."""
    if fault not in FAULTS:
        raise ValueError(f"unknown fault {fault!r}; faults: {', '.join(FAULTS)}")
    required, optional = FAULTS[fault]
    missing = required - set(options)
    unknown = set(options) - required - optional - HOOK_OPTIONS
    if missing or unknown:
        raise TypeError(
            f"fault {fault!r} takes {sorted(required) or 'no required'} options "
            f"(optional: {sorted(optional | HOOK_OPTIONS)}); "
            f"missing {sorted(missing)}, unknown {sorted(unknown)}"
        )
    hook = options.get("before_answer")
    if hook is not None and not callable(hook):
        raise TypeError(f"before_answer must be a callable taking no arguments, not {hook!r}")
    if fault == "status" and not (
        isinstance(options["code"], int) and 100 <= options["code"] <= 599
    ):
        raise ValueError(f"status code must be an int HTTP status, not {options['code']!r}")
    if fault == "delay_after_apply" and not (
        isinstance(options["seconds"], (int, float)) and options["seconds"] >= 0
    ):
        raise ValueError(f"seconds must be a number >= 0, not {options['seconds']!r}")
    after = options.get("after_events")
    if after is not None and not (isinstance(after, int) and after >= 0):
        raise ValueError(f"after_events must be an int >= 0, not {after!r}")
    if fault == "redirect":
        if options.get("code", 307) not in _REDIRECT_CODES:
            raise ValueError(f"redirect code must be one of {sorted(_REDIRECT_CODES)}")
        location = options.get("location")
        if location is not None:
            _check_loopback(location)


def _check_loopback(location: object) -> None:
    """A redirect target must stay on this machine: absolute http(s) URL, loopback host."""
    if not isinstance(location, str):
        raise TypeError(f"location must be a str URL, not {type(location).__name__}")
    parts = urllib.parse.urlsplit(location)
    host = parts.hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if parts.scheme not in ("http", "https") or not loopback:
        raise ValueError(
            f"redirect location must be an http(s) URL on a loopback host "
            f"(127.0.0.0/8, ::1, localhost), not {location!r}"
        )


# -------------------------------------------------- which requests a fault answers


RouteSpec = Union[str, Pattern[str], None]
METHODS = frozenset({"GET", "POST", "DELETE", "PUT", "PATCH", "HEAD", "OPTIONS"})


@dataclass
class Rule:
    """A queued fault: what it is, which requests it matches, how many more it answers."""

    fault: str
    method: Optional[str]
    route: RouteSpec
    segments: Optional[List[str]]
    remaining: int
    options: Dict[str, Any]

    def matches(self, method: str, rest: List[str]) -> bool:
        if self.method is not None and self.method != method:
            return False
        if self.route is None:
            return True
        if self.segments is None:
            assert not isinstance(self.route, str) and self.route is not None
            return self.route.fullmatch("/" + "/".join(rest)) is not None
        if len(self.segments) != len(rest):
            return False
        return all(
            bool(got) if want.startswith("{") and want.endswith("}") else want == got
            for want, got in zip(self.segments, rest)
        )


def parse_route(method: Optional[str], route: RouteSpec) -> Tuple[Optional[str], Any]:
    """Validate ``method`` and ``route``: (method, template segments or None for a regex)."""
    if method is not None:
        method = method.upper()
        if method not in METHODS:
            raise ValueError(f"method must be one of {sorted(METHODS)}, not {method!r}")
    if route is None or isinstance(route, re.Pattern):
        return method, None
    if not isinstance(route, str):
        raise TypeError(f"route must be a str template or a compiled regex, not {route!r}")
    head, _, tail = route.strip().partition(" ")
    if tail and head.upper() in METHODS:
        if method is not None and method != head.upper():
            raise ValueError(f"route {route!r} names {head.upper()}, but method={method!r}")
        method, route = head.upper(), tail.strip()
    segments = route.strip("/").split("/")
    if not route.startswith("/") or any(not seg for seg in segments):
        raise ValueError(
            f"route template must look like '/threads/{{thread_id}}/messages', not {route!r}"
        )
    return method, segments


# -------------------------------------------------- what a fired fault does


_STATUS_ERRORS: Mapping[int, Tuple[str, str, str]] = {
    # status -> (message, OpenAI error type, code)
    408: ("The request timed out.", "timeout", "timeout"),
    429: ("Rate limit reached for requests. Please try again later.", "requests",
          "rate_limit_exceeded"),
    500: ("The server had an error while processing your request. Sorry about that!",
          "server_error", "server_error"),
    502: ("Bad gateway.", "server_error", "bad_gateway"),
    503: ("The engine is currently overloaded, please try again later.", "server_error",
          "service_unavailable"),
    504: ("Gateway timeout.", "server_error", "gateway_timeout"),
}


@dataclass
class Answer:
    """What the server sends for one request.

    ``response`` None: close the connection without answering (``reset``: with a TCP RST).
    ``delay``: seconds to wait before answering. ``cut_body_at``: send only that many bytes
    of the body (headers promise all of it), then drop the connection.
    """

    response: Optional[RawResponse]
    delay: float = 0.0
    reset: bool = False
    cut_body_at: Optional[int] = None


def build_answer(
    fault: str,
    opts: Dict[str, Any],
    request: RawRequest,
    wire: str,
    handle: Callable[[RawRequest], RawResponse],
    revoke_token: Callable[[str], None],
) -> Tuple[Answer, str]:
    """The faulty answer to ``request`` and the effect in words; ``handle`` (the app)
    carries the request out for the faults that apply it."""
    reset = bool(opts.get("reset", False))
    if fault == "status":
        code = int(opts["code"])
        if opts.get("apply", False):
            handle(request)  # carried out; its answer is replaced
            return Answer(_status_response(wire, code, opts)), f"applied, answered {code}"
        return Answer(_status_response(wire, code, opts)), f"answered {code}, not applied"
    if fault == "drop_before_apply":
        return Answer(None, reset=reset), "connection closed, not applied"
    if fault == "expired_token_401":
        return _expired_token(request, wire, opts, revoke_token), "answered 401, not applied"
    if fault == "redirect":
        code = int(opts.get("code", 307))
        location = opts.get("location") or _default_location(request)
        headers = {**request_id_headers(wire), "Location": location}
        response = RawResponse(code, b"", "text/plain; charset=utf-8", headers)
        return Answer(response), f"answered {code} -> {location}, not applied"
    response = handle(request)  # every fault below carries the request out first
    if fault == "drop_after_apply":
        return Answer(None, reset=reset), "applied, connection closed without an answer"
    if fault == "delay_after_apply":
        seconds = float(opts["seconds"])
        return Answer(response, delay=seconds), f"applied, answered after {seconds:g} s"
    if fault == "malformed_json":
        effect = f"applied, answered {response.status} with bad JSON"
        return Answer(_malformed(response)), effect
    if fault == "truncated_stream":
        if response.stream is None:
            cut = len(response.body) // 2
            return Answer(response, cut_body_at=cut), f"applied, body cut after {cut} bytes"
        after = int(opts.get("after_events", 1))
        response.stream = truncated(response.stream.chunks, after)
        sent = len(response.stream.chunks)
        return Answer(response), f"applied, stream cut after {sent} events"
    # stream_error_event
    if response.stream is None:
        return Answer(response), "applied, not an event stream: answered unchanged"
    chunks = response.stream.chunks
    until = opts.get("after_events")
    keep = chunks[: max(0, len(chunks) - 2) if until is None else int(until)]
    data = error_data(str(opts.get("code", "server_error")),
                      str(opts.get("message", STREAM_ERROR_MESSAGE)))
    response.stream = EventStream([*keep, frame("error", json.dumps(data))])
    return Answer(response), f"applied, error event after {len(keep)} events"



def _expired_token(
    request: RawRequest, wire: str, opts: Dict[str, Any], revoke_token: Callable[[str], None]
) -> Answer:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    bearer = token.strip() if scheme.lower() == "bearer" else ""
    if bearer and wire != OPENAI and opts.get("revoke", True):
        revoke_token(bearer)
    if wire == OPENAI:
        error = e.openai_wrong_key(bearer)
    elif wire in (FOUNDRY, HUB):
        error = e.foundry_unauthorized()
    else:
        error = e.azure_expired_token()
    body = json.dumps(error.body()).encode("utf-8")
    return Answer(RawResponse(401, body, headers=request_id_headers(wire)))


def _status_response(wire: str, code: int, opts: Mapping[str, Any]) -> RawResponse:
    body = opts.get("body")
    if body is None:
        message, kind, error_code = _STATUS_ERRORS.get(
            code, (f"The service answered HTTP {code}.", "server_error", str(code))
        )
        gateway = wire != OPENAI
        body = e.ApiError(
            code, message, type=kind, code=str(code) if gateway else error_code, gateway=gateway
        ).body()
    raw = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
    headers = {**request_id_headers(wire), **dict(opts.get("headers") or {})}
    return RawResponse(code, raw, "application/json", headers)


def _default_location(request: RawRequest) -> str:
    """The same path (and query) on 127.0.0.2, at the port the request was sent to."""
    host = request.headers.get("host", "")
    port = host.rpartition(":")[2] if ":" in host else "80"
    query = f"?{request.raw_query}" if request.raw_query else ""
    return f"http://127.0.0.2:{port}{request.raw_path}{query}"


def _malformed(response: RawResponse) -> RawResponse:
    """The answer with its JSON cut in half (an event stream: its first event's data)."""
    if response.stream is None:
        return replace(response, body=response.body[: len(response.body) // 2] or b"{")
    chunks = list(response.stream.chunks)
    if chunks:
        name, _, rest = chunks[0].decode("utf-8").partition("\ndata: ")
        data = rest.rstrip("\n")
        chunks[0] = f"{name}\ndata: {data[: len(data) // 2]}\n\n".encode()
    return replace(response, stream=EventStream(chunks, response.stream.complete))


# -------------------------------------------------- the queue and the log


class FaultInjector:
    """The queue of faults and the log of those that fired (thread-safe).

    ``flavor`` picks the error shape for paths under no known prefix; ``revoke_token``
    is called for ``expired_token_401`` with ``revoke``.
    """

    def __init__(self, flavor: str, revoke_token: Callable[[str], None]) -> None:
        self._flavor = flavor
        self._revoke_token = revoke_token
        self._lock = threading.Lock()
        self._rules: List[Rule] = []
        self._log: List[FiredFault] = []
        self._released = threading.Event()

    # ------------------------------------------------------------------ queue

    def add(
        self,
        fault: str,
        *,
        method: Optional[str],
        route: RouteSpec,
        times: int,
        options: Dict[str, Any],
    ) -> None:
        """Queue ``fault`` (see the module docstring); ValueError / TypeError for bad input."""
        check_options(fault, options)
        if not isinstance(times, int) or isinstance(times, bool) or times < 1:
            raise ValueError(f"times must be an int >= 1, not {times!r}")
        method, segments = parse_route(method, route)
        if segments is not None:
            assert isinstance(route, str)
            route = "/" + "/".join(segments)
        rule = Rule(fault, method, route, segments, times, dict(options))
        with self._lock:
            self._rules.append(rule)

    def clear(self) -> None:
        """Drop every queued fault (the log is kept)."""
        with self._lock:
            self._rules.clear()

    @property
    def pending(self) -> int:
        """How many more requests the queued faults will answer."""
        with self._lock:
            return sum(rule.remaining for rule in self._rules)

    @property
    def log(self) -> List[FiredFault]:
        """The faults that fired, oldest first (a copy)."""
        with self._lock:
            return list(self._log)

    def release(self) -> None:
        """Cut every ``delay_after_apply`` wait short (the emulator is stopping)."""
        self._released.set()

    def rearm(self) -> None:
        """Let delays wait again (the emulator is starting)."""
        self._released.clear()

    def wait(self, seconds: float) -> None:
        """Sleep ``seconds`` unless ``release`` is called meanwhile."""
        self._released.wait(seconds)

    def _take(self, method: str, rest: List[str]) -> Optional[Rule]:
        with self._lock:
            for index, rule in enumerate(self._rules):
                if rule.matches(method, rest):
                    rule.remaining -= 1
                    if rule.remaining == 0:
                        del self._rules[index]
                    return rule
        return None

    # ------------------------------------------------------------------ answering

    def respond(
        self, request: RawRequest, handle: Callable[[RawRequest], RawResponse]
    ) -> Answer:
        """Answer ``request``: through ``handle`` (the app) unless a queued fault matches."""
        wire, _, rest = split_prefix(split_path(request.raw_path))
        rule = self._take(request.method, rest)
        if rule is None:
            return Answer(handle(request))
        wire = wire or self._flavor
        opts = rule.options
        applied = rule.fault not in (
            "status", "drop_before_apply", "expired_token_401", "redirect"
        ) or bool(opts.get("apply", False))
        answer, effect = build_answer(
            rule.fault, opts, request, wire, handle, self._revoke_token
        )
        fired = FiredFault(
            rule.fault, request.method, request.raw_path, "/" + "/".join(rest), applied,
            effect, dict(opts),
        )
        with self._lock:
            self._log.append(fired)
        hook = opts.get("before_answer")
        if hook is not None:
            hook()
        return answer
