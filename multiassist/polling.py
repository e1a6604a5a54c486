# Generated from multiassist/_async/polling.py by scripts/generate_sync.py:
# edit that file and run `python -m scripts.generate_sync`; `make test` fails on drift.
"""Waiting for a run: explicit statuses, the server's poll hint, and a deadline that always holds.

Unlike a loop on "not completed", :func:`wait_for_run` knows every status the API documents.
It stops at a terminal status or at ``requires_action`` (the caller must act), raises
:class:`RunTimeoutError` carrying the last run seen when the deadline passes, and raises
:class:`UnexpectedRunStatusError` at once for a status it does not know, instead of polling it
forever.

:func:`poll_until` is the same loop for the other objects that finish in the background
(vector store files and file batches, uploaded files); it raises :class:`PollTimeoutError` and
:class:`UnexpectedStatusError`, each carrying the last object seen as ``last``.
"""

from __future__ import annotations

import time
from typing import AbstractSet, Callable, Mapping, Optional, Protocol, Tuple, TypeVar, Union

from multiassist.concurrency import Sleeper, Thunk, sleeper_of
from multiassist.errors import (
    InvalidRequestError,
    PollTimeoutError,
    RunTimeoutError,
    UnexpectedRunStatusError,
    UnexpectedStatusError,
)
from multiassist.models import (
    RUN_ACTIVE_STATUSES,
    RUN_STATUSES,
    RUN_STOPPED_STATUSES,
    Run,
)

__all__ = [
    "DEFAULT_MAX_WAIT_S",
    "check_poll_arguments",
    "PollTimeoutError",
    "RunTimeoutError",
    "UnexpectedRunStatusError",
    "UnexpectedStatusError",
    "poll_hint_seconds",
    "poll_until",
    "wait_for_run",
]

DEFAULT_MAX_WAIT_S = 600.0
DEFAULT_INTERVAL_S = 1.0


def poll_hint_seconds(headers: Mapping[str, str]) -> Optional[float]:
    """The server's ``openai-poll-after-ms`` hint in seconds, if it sent a valid one."""
    raw = headers.get("openai-poll-after-ms")
    if raw is None:
        return None
    try:
        value = float(raw) / 1000.0
    except ValueError:
        return None
    return value if value >= 0 else None






def wait_for_run(
    fetch: Thunk[Tuple[Run, Mapping[str, str]]],
    *,
    poll_interval_ms: Optional[float] = None,
    max_wait: float = DEFAULT_MAX_WAIT_S,
    clock: Optional[Callable[[], float]] = None,
    sleep: Optional[Sleeper] = None,
) -> Run:
    """Poll ``fetch`` until the run is terminal or ``requires_action``; return the run.

    Honours the server's ``openai-poll-after-ms`` hint unless ``poll_interval_ms`` is given.

    Raises:
        RunTimeoutError: the deadline passed; ``error.run`` is the last run seen.
        UnexpectedRunStatusError: the run reported an unknown status.
    """
    interval_s = check_poll_arguments(poll_interval_ms, max_wait)
    try:
        return poll_until(
            fetch,
            active=RUN_ACTIVE_STATUSES,
            stopping=RUN_STOPPED_STATUSES,
            describe=lambda run: f"run {run.id}",
            interval_s=interval_s,
            max_wait=max_wait,
            clock=clock,
            sleep=sleep,
        )
    except PollTimeoutError as timeout:
        raise RunTimeoutError(timeout.last, timeout.waited_s) from None
    except UnexpectedStatusError as unknown:
        raise UnexpectedRunStatusError(unknown.last, RUN_STATUSES) from None


class HasStatus(Protocol):
    """What :func:`poll_until` reads from the object it polls."""

    @property
    def id(self) -> str: ...

    @property
    def status(self) -> Optional[str]: ...


S = TypeVar("S", bound=HasStatus)


def poll_until(
    fetch: Thunk[Tuple[S, Mapping[str, str]]],
    *,
    active: AbstractSet[Optional[str]],
    stopping: AbstractSet[Optional[str]],
    describe: Callable[[S], str],
    first: Optional[S] = None,
    first_headers: Optional[Mapping[str, str]] = None,
    interval_s: Optional[float] = None,
    max_wait: float = DEFAULT_MAX_WAIT_S,
    clock: Optional[Callable[[], float]] = None,
    sleep: Optional[Sleeper] = None,
) -> S:
    """Poll ``fetch`` while the object's ``status`` is in ``active``; return it once the
    status is in ``stopping``.

    Args:
        fetch: retrieves the object and the response headers.
        active: statuses in which the server is still working (polling continues).
        stopping: statuses at which polling returns the object (success or not).
        describe: names the object in error messages, e.g. ``"file batch vsfb_1 of ..."``.
        first: an object already in hand (e.g. from create); no fetch when it has stopped.
        interval_s: fixed interval; when omitted the server's ``openai-poll-after-ms`` hint is
            used, else 1 s.
        max_wait: the overall deadline in seconds, counted from the call.

    Raises:
        InvalidRequestError: ``max_wait`` or ``interval_s`` is not a valid number of seconds
            (before anything is sent).
        PollTimeoutError: the deadline passed; ``error.last`` is the last object seen.
        UnexpectedStatusError: the object reported a status in neither set.
    """
    _check_seconds("max_wait", max_wait, allow_zero=False)
    if interval_s is not None:
        _check_seconds("poll interval", interval_s, allow_zero=True)
    # Looked up per call (not bound at import) so the wait can be observed in tests.
    clock = clock or time.monotonic
    sleep = sleep or sleeper_of(time)
    started = clock()
    deadline = started + max_wait
    item, headers = (first, first_headers or {}) if first is not None else fetch()
    while True:
        if item.status in stopping:
            return item
        if item.status not in active:
            known = {status for status in active | stopping if status is not None}
            raise UnexpectedStatusError(describe(item), item, item.status, known)
        if interval_s is not None:
            delay = interval_s
        else:
            hint = poll_hint_seconds(headers)
            delay = DEFAULT_INTERVAL_S if hint is None else hint
        now = clock()
        if now + delay > deadline:
            remaining = deadline - now
            if remaining <= 0:
                raise PollTimeoutError(describe(item), item, item.status, now - started)
            delay = remaining
        sleep(delay)
        item, headers = fetch()
        now = clock()
        if now >= deadline and item.status in active:
            raise PollTimeoutError(describe(item), item, item.status, now - started)


def check_poll_arguments(poll_interval_ms: Optional[float], max_wait: float) -> Optional[float]:
    """The one check of every polling helper's arguments, made before anything is sent:
    ``max_wait`` positive, finite seconds; ``poll_interval_ms`` None (follow the server's
    hint) or finite milliseconds >= 0.  Returns the interval in seconds (None: the hint).
    Raises :class:`~multiassist.errors.InvalidRequestError` naming the argument."""
    _check_seconds("max_wait", max_wait, allow_zero=False)
    if poll_interval_ms is None:
        return None
    _check_seconds("poll_interval_ms", poll_interval_ms, allow_zero=True, unit="milliseconds")
    return poll_interval_ms / 1000.0


def _check_seconds(name: str, value: Union[int, float], *, allow_zero: bool,
                   unit: str = "seconds") -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidRequestError(f"{name} must be a number of {unit}, got {value!r}")
    if not (0 <= value < float("inf")) or (value == 0 and not allow_zero):  # NaN, inf too
        bound = ">= 0" if allow_zero else "positive"
        raise InvalidRequestError(f"{name} must be {bound}, finite {unit}, got {value!r}")
