"""When to send a request again, and after how long.

The rule that matters most: a request that may have been acted on is never sent twice unless
it is safe to repeat. GET and DELETE are idempotent and may be retried after any transient
failure; a POST is retried only when the server certainly did not act on it (the connection
failed before sending, or it answered 429 / 503, which the API documents as not processed).
"""

from __future__ import annotations

import random
import time
from typing import Callable, Mapping, Optional

import attrs

__all__ = ["IDEMPOTENT_METHODS", "RetryPolicy", "retry_after_seconds"]

#: Methods that can be repeated without changing the outcome.
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "DELETE", "OPTIONS"})
#: Statuses worth retrying for idempotent requests.
_TRANSIENT = frozenset({408, 429, 500, 502, 503, 504})
#: Statuses where the server did not act, so even a POST may be retried.
_NOT_PROCESSED = frozenset({429, 503})


def retry_after_seconds(
    headers: Mapping[str, str], *, now: Callable[[], float] = time.time
) -> Optional[float]:
    """Read ``retry-after-ms`` then ``Retry-After`` (seconds or an HTTP date); None if absent."""
    lowered = {k.lower(): v for k, v in headers.items()}
    raw_ms = lowered.get("retry-after-ms")
    if raw_ms:
        try:
            value = float(raw_ms) / 1000.0
            if value == value and value != float("inf"):  # not NaN or infinity
                return max(0.0, value)
        except ValueError:
            pass
    raw = lowered.get("retry-after")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        import datetime
        import email.utils  # only for an HTTP-date Retry-After; keeps ``import multiassist`` light

        try:
            parsed = email.utils.parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError):  # not a date either: ignore the header
            return None
        if parsed is None:
            return None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=datetime.timezone.utc)
        return max(0.0, parsed.timestamp() - now())


@attrs.define
class RetryPolicy:
    """Decide whether attempt ``attempt`` (0-based) deserves another try, and the delay.

    ``idempotent`` says whether repeating the request is harmless (GET, DELETE, updates).

    Args:
        max_retries: further attempts after the first (default 2).
        initial_backoff / max_backoff: exponential backoff bounds in seconds, with jitter.
        max_retry_after: the longest server-requested wait honoured; longer asks give up.
    """

    max_retries: int = 2
    initial_backoff: float = 0.5
    max_backoff: float = 8.0
    max_retry_after: float = 60.0

    def backoff(self, attempt: int) -> float:
        base: float = min(self.max_backoff, self.initial_backoff * (2**attempt))
        return base * (0.75 + random.random() * 0.25)

    def delay_after_status(
        self, idempotent: bool, attempt: int, status: int, headers: Mapping[str, str]
    ) -> Optional[float]:
        """Delay before retrying after an HTTP error status, or None to give up."""
        if attempt >= self.max_retries:
            return None
        should = {k.lower(): v for k, v in headers.items()}.get("x-should-retry")
        if should == "false":
            return None
        safe = idempotent and status in _TRANSIENT
        if not (safe or status in _NOT_PROCESSED or should == "true"):
            return None
        wait = retry_after_seconds(headers)
        if wait is None:
            return self.backoff(attempt)
        return wait if wait <= self.max_retry_after else None

    def delay_after_connection_error(
        self, idempotent: bool, attempt: int, *, maybe_sent: bool
    ) -> Optional[float]:
        """Delay before retrying after a failed connection, or None to give up."""
        if attempt >= self.max_retries:
            return None
        if maybe_sent and not idempotent:
            return None
        return self.backoff(attempt)
