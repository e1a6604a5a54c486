"""Keeping secrets out of logs: redacted copies of headers and URLs for debug lines."""

from __future__ import annotations

from typing import Any, Dict, Mapping
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = ["REDACTED", "redact_headers", "redact_params", "redact_url"]

REDACTED = "<redacted>"
_SECRET_HEADERS = frozenset(
    {"authorization", "api-key", "ocp-apim-subscription-key", "x-api-key", "cookie",
     "proxy-authorization"}
)
_SECRET_QUERY_WORDS = ("key", "token", "sig", "secret", "password", "code")


def redact_headers(headers: Mapping[str, str]) -> Dict[str, str]:
    """A copy of ``headers`` with credential-bearing values replaced by ``<redacted>``."""
    return {
        name: REDACTED if name.lower() in _SECRET_HEADERS else value
        for name, value in headers.items()
    }


def redact_url(url: str) -> str:
    """``url`` without user info and with secret-looking query values replaced."""
    parts = urlsplit(url)
    netloc = parts.hostname or ""
    if parts.port:
        netloc = f"{netloc}:{parts.port}"
    query = urlencode(
        [
            (name, REDACTED if any(w in name.lower() for w in _SECRET_QUERY_WORDS) else value)
            for name, value in parse_qsl(parts.query, keep_blank_values=True)
        ],
        safe="<>",
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


def redact_params(params: Mapping[str, Any]) -> str:
    """Query parameters as a query string, secret-looking values replaced."""
    if not params:
        return "{}"
    return redact_url("http://x/?" + urlencode(params, doseq=True)).split("?", 1)[1]
