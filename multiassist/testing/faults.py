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

``Emulator.fault_log`` lists what fired (``FiredFault``), in order.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Dict, List, Optional

from multiassist.testing.app import RawRequest, RawResponse, split_path, split_prefix
from multiassist.testing.fault_effects import Answer, build_answer
from multiassist.testing.fault_routes import RouteSpec, Rule, parse_route
from multiassist.testing.fault_specs import FAULTS, FiredFault, check_options

__all__ = ["FAULTS", "Answer", "FaultInjector", "FiredFault", "RouteSpec"]


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
        return answer
