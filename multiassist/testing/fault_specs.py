"""What faults there are and what each accepts: ``FAULTS`` (name -> required and optional
options), the checks ``Emulator.inject`` runs on a fault's options, and ``FiredFault``, the
fault log's entry. The faults themselves are described in ``faults``."""

from __future__ import annotations

import ipaddress
import urllib.parse
from dataclasses import dataclass, field
from typing import Any, Dict, Mapping, Tuple

__all__ = ["FAULTS", "FiredFault", "check_options"]

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
    if fault not in FAULTS:
        raise ValueError(f"unknown fault {fault!r}; faults: {', '.join(FAULTS)}")
    required, optional = FAULTS[fault]
    missing = required - set(options)
    unknown = set(options) - required - optional
    if missing or unknown:
        raise TypeError(
            f"fault {fault!r} takes {sorted(required) or 'no required'} options "
            f"(optional: {sorted(optional) or 'none'}); "
            f"missing {sorted(missing)}, unknown {sorted(unknown)}"
        )
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
