"""Small shared types: the NOT_GIVEN sentinel, timeouts and per-request options.

``NOT_GIVEN`` tells "the caller did not pass this" apart from ``None`` (which is sent as JSON
``null``), the same contract openai-python users rely on.
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable, Dict, Mapping, Optional, Tuple, TypeVar, Union

import attrs

from multiassist.errors import InvalidRequestError

__all__ = [
    "NOT_GIVEN",
    "ApiKey",
    "AsyncApiKey",
    "AsyncTokenProvider",
    "NotGiven",
    "PageInfo",
    "RequestOptions",
    "Timeout",
    "TimeoutLike",
    "TokenProvider",
    "compact",
]

T = TypeVar("T")

#: A function asked for a token (or key) on every request: the blocking client calls it.
TokenProvider = Callable[[], str]
#: The async client's: a coroutine function (``azure.identity.aio``'s
#: ``get_bearer_token_provider``) is awaited, a plain function runs in a worker thread.
AsyncTokenProvider = Callable[[], Union[str, Awaitable[str]]]
#: openai-python's ``api_key``: a key, or a provider of one.
ApiKey = Union[str, TokenProvider]
AsyncApiKey = Union[str, AsyncTokenProvider]


class NotGiven:
    """Sentinel type for an argument the caller did not pass."""

    _instance: Optional[NotGiven] = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()


class PageInfo:
    """Where the next page of a list starts, as openai-python's ``page.next_page_info()``
    gives it: ``params`` holds the cursor (``{"after": <last id>}``, or ``{"before": <first
    id>}`` when the list walks backwards)."""

    def __init__(self, *, params: Dict[str, object]) -> None:
        self.params = params

    def __repr__(self) -> str:
        return f"PageInfo(params={self.params!r})"


@attrs.frozen
class Timeout:
    """Connect and read timeouts in seconds (``None`` waits forever, which is rarely wise)."""

    connect: Optional[float] = 10.0
    read: Optional[float] = 600.0

    def as_requests(self) -> Tuple[Optional[float], Optional[float]]:
        return (self.connect, self.read)


TimeoutLike = Union[float, int, Tuple[Optional[float], Optional[float]], Timeout, None]


def to_timeout(value: TimeoutLike, *, name: str = "timeout") -> Timeout:
    """Normalise a float, a (connect, read) pair or a :class:`Timeout` into a :class:`Timeout`."""
    if isinstance(value, Timeout):
        return value
    if value is None:
        return Timeout(None, None)
    if isinstance(value, bool):
        raise InvalidRequestError(f"{name} must be seconds as a number, not a bool")
    if isinstance(value, (int, float)):
        _check_part(value, name)
        return Timeout(connect=min(float(value), 10.0), read=float(value))
    if isinstance(value, tuple) and len(value) == 2:
        for part in value:
            if part is not None:
                _check_part(part, name)
        return Timeout(connect=value[0], read=value[1])
    connect, read = getattr(value, "connect", _ABSENT), getattr(value, "read", _ABSENT)
    if connect is not _ABSENT and read is not _ABSENT:
        # httpx.Timeout (openai.Timeout): its connect and read limits; pool and write do not
        # apply to requests.
        return to_timeout((connect, read), name=name)
    raise InvalidRequestError(
        f"{name} must be seconds, a (connect, read) tuple, multiassist.Timeout or "
        "httpx.Timeout; "
        f"got {type(value).__name__}"
    )


_ABSENT = object()


def _check_part(value: object, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not (
        0 < value < float("inf")
    ):
        raise InvalidRequestError(f"{name} must be positive, finite seconds, got {value!r}")


@attrs.frozen
class RequestOptions:
    """Per-call escape hatches, merged over the client's defaults by the core."""

    extra_headers: Optional[Mapping[str, str]] = None
    extra_query: Optional[Mapping[str, Any]] = None
    extra_body: Optional[Mapping[str, Any]] = None
    timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN


def compact(values: Mapping[str, Any]) -> Dict[str, Any]:
    """Drop NOT_GIVEN entries; keep ``None`` (an explicit JSON null)."""
    return {key: value for key, value in values.items() if not isinstance(value, NotGiven)}
