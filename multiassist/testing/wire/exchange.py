"""The HTTP exchange between the server and the router: a request as read off the socket
and the response to write back (a JSON body, raw bytes or a chunked event stream)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, Optional

from multiassist.testing.wire.event_stream import EventStream


@dataclass
class RawRequest:
    """An HTTP request as read off the socket."""

    method: str
    raw_path: str
    raw_query: str
    headers: Dict[str, str]
    body: bytes


@dataclass
class RawResponse:
    """An HTTP response ready to be written (``stream``: an SSE body sent chunked)."""

    status: int
    body: bytes
    content_type: str = "application/json"
    headers: Dict[str, str] = field(default_factory=dict)
    stream: Optional[EventStream] = None
