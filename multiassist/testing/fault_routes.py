"""Which requests a queued fault answers: ``RouteSpec`` (a route template, a compiled
regex or None), its validation, and ``Rule``, a queued fault that matches requests by
method and flavor-neutral path."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Pattern, Tuple, Union

__all__ = ["METHODS", "RouteSpec", "Rule", "parse_route"]

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
