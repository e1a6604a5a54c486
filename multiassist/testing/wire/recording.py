"""The request log's entries: ``RecordedRequest``, one request as the client sent it, and
how a raw request the server read becomes one."""

from __future__ import annotations

import json
import urllib.parse
from typing import Any, Dict, NamedTuple

from multiassist.testing.wire.exchange import RawRequest

__all__ = ["RecordedRequest", "record_of"]


class RecordedRequest(NamedTuple):
    """One request the emulator received, as the client sent it.

    ``path`` is the raw (still percent-encoded) path without the query string; ``query``
    keeps the last value of each parameter; ``headers`` has lower-case names; ``json`` is
    the decoded body when it was JSON, else None; ``body`` is the raw body.
    """

    method: str
    path: str
    query: Dict[str, str]
    headers: Dict[str, str]
    json: Any
    body: bytes

    @property
    def raw_path(self) -> str:
        """Alias of ``path`` (which is already the raw, percent-encoded path)."""
        return self.path


def record_of(request: RawRequest) -> RecordedRequest:
    """The log entry for ``request``."""
    return RecordedRequest(
        method=request.method,
        path=request.raw_path,
        query=_last_values(request.raw_query),
        headers=dict(request.headers),
        json=_decode_json(request.body, request.headers.get("content-type", "")),
        body=request.body,
    )


def _decode_json(body: bytes, content_type: str) -> Any:
    if not body or "multipart/" in content_type:
        return None
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None


def _last_values(raw_query: str) -> Dict[str, str]:
    return {k: v for k, v in urllib.parse.parse_qsl(raw_query, keep_blank_values=True)}
