"""A small ``multipart/form-data`` parser (RFC 7578) for file uploads, standard library only."""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from multiassist.testing.wire.problems import bad_request


@dataclass
class Part:
    """One form field: its name, optional filename and content type, and raw bytes."""

    name: str
    data: bytes
    filename: Optional[str] = None
    content_type: Optional[str] = None

    def text(self) -> str:
        """The field's value decoded as UTF-8."""
        return self.data.decode("utf-8", errors="replace")


def parse_header_params(value: str) -> Tuple[str, Dict[str, str]]:
    """Split ``form-data; name="a"; filename="b"`` into ("form-data", {...}).

    Handles quoted strings with backslash escapes and RFC 5987 ``key*=utf-8''...`` values.
    """
    items: List[str] = []
    current: List[str] = []
    quoted = False
    escaped = False
    for index, char in enumerate(value):
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\" and quoted and not _closes_before(value, index):
            escaped = True
        elif char == '"':
            quoted = not quoted
            current.append(char)
        elif char == ";" and not quoted:
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    main = items[0].strip().lower()
    params: Dict[str, str] = {}
    for item in items[1:]:
        if "=" not in item:
            continue
        key, raw = item.split("=", 1)
        key = key.strip().lower()
        raw = raw.strip()
        if len(raw) >= 2 and raw[0] == raw[-1] == '"':
            raw = raw[1:-1]
        if key.endswith("*"):
            charset, _, encoded = raw.partition("'")
            _, _, encoded = encoded.partition("'")
            raw = urllib.parse.unquote(encoded, encoding=charset or "utf-8", errors="replace")
            key = key[:-1]
        params[key] = raw
    return main, params


def _closes_before(value: str, index: int) -> bool:
    """Whether the backslash at ``index`` is literal: it stands before the quote that ends
    the quoted string (HTML5 form encoding, as browsers and urllib3 send it, percent-encodes
    ``"`` and never backslash-escapes, so ``filename="\\"`` is one backslash)."""
    return value[index + 1 : index + 2] == '"' and '"' not in value[index + 2 :]


def _next_delimiter(data: bytes, delimiter: bytes, start: int) -> int:
    """Index of the next real delimiter line (``CRLF--boundary`` then ``--`` or CRLF)."""
    pos = data.find(delimiter, start)
    while pos >= 0:
        after = pos + len(delimiter)
        if data[after : after + 2] == b"--":
            return pos
        eol = data.find(b"\r\n", after)
        if eol >= 0 and not data[after:eol].strip(b" \t"):
            return pos
        pos = data.find(delimiter, pos + 1)  # boundary text inside content: keep looking
    return -1


def _part(raw: bytes) -> Part:
    if raw.startswith(b"\r\n"):
        head, data = b"", raw[2:]
    else:
        head, sep, data = raw.partition(b"\r\n\r\n")
        if not sep:
            raise bad_request("Invalid multipart/form-data body: a part has no header block.")
    headers: Dict[str, str] = {}
    for line in head.decode("utf-8", errors="replace").split("\r\n"):
        if ":" in line:
            name, _, val = line.partition(":")
            headers[name.strip().lower()] = val.strip()
    disposition, params = parse_header_params(headers.get("content-disposition", ""))
    if disposition != "form-data" or "name" not in params:
        raise bad_request("Invalid multipart/form-data body: a part lacks a form-data name.")
    return Part(
        name=params["name"],
        data=data,
        filename=params.get("filename"),
        content_type=headers.get("content-type"),
    )


def parse_multipart(body: bytes, content_type: str) -> List[Part]:
    """Parse a form body; raises ApiError(400) when it is not valid multipart/form-data."""
    kind, params = parse_header_params(content_type)
    if kind != "multipart/form-data":
        raise bad_request(
            f"Invalid Content-Type header ({content_type or 'none'}), expected multipart/form-data."
        )
    boundary = params.get("boundary")
    if not boundary:
        raise bad_request("Invalid multipart/form-data body: the boundary parameter is missing.")
    delimiter = b"\r\n--" + boundary.encode("latin-1")
    data = b"\r\n" + body  # so the first delimiter also starts with CRLF
    pos = _next_delimiter(data, delimiter, 0)
    if pos < 0:
        raise bad_request("Invalid multipart/form-data body: no parts found.")
    parts: List[Part] = []
    while True:
        after = pos + len(delimiter)
        if data[after : after + 2] == b"--":
            return parts  # closing delimiter
        start = data.index(b"\r\n", after) + 2
        end = _next_delimiter(data, delimiter, start)
        if end < 0:
            raise bad_request("Invalid multipart/form-data body: the closing boundary is missing.")
        parts.append(_part(data[start:end]))
        pos = end
