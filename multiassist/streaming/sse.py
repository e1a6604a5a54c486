"""Server-Sent Events: an incremental parser over byte chunks, following the WHATWG
"event stream interpretation" rules.

Line splitting and field parsing only, with no I/O: :class:`SSEDecoder` is fed bytes and
returns the events they complete, so a sync and an async reader share it.  Rules kept:

- A line ends in ``\\n``, ``\\r\\n`` or ``\\r``, even when a ``\\r\\n`` is split across
  two chunks.
- Bytes are decoded as UTF-8 (invalid sequences become U+FFFD) after the line is
  complete, so a character split across chunks survives.  A leading byte order mark is
  ignored.
- ``field: value``: one space after the colon is dropped; a line without a colon is a
  field with an empty value; a line starting with ``:`` is a comment.
- ``data`` lines are joined with ``\\n``; ``event`` names the event (``"message"`` when
  absent); ``id`` sets the last event id, which later events keep until another ``id``
  (an id containing NUL is ignored); ``retry`` takes ASCII digits only; other fields are
  ignored.
- A blank line dispatches the event, unless no ``data`` line was seen (then the block is
  dropped, as browsers do).  At end of input, an event not followed by a blank line is
  not dispatched.

Splitting uses ``bytes.splitlines`` (C speed), never a Python loop over bytes.
"""

from __future__ import annotations

from typing import Iterable, Iterator, List, Optional, Tuple

import attrs

__all__ = ["RawEvent", "SSEDecoder", "ServerSentEvent", "iter_sse", "parse_sse"]

#: One dispatched event as a plain tuple: (event, data, last event id, retry).
RawEvent = Tuple[str, str, Optional[str], Optional[int]]

_BOM = b"\xef\xbb\xbf"
_LF = 10
_CR = 13
_COLON = 58


@attrs.frozen(slots=True)
class ServerSentEvent:
    """One dispatched event.

    Attributes:
        event: the event type (``"message"`` when the block had no ``event`` field).
        data: the ``data`` lines joined with ``\\n``.
        id: the last event id seen so far in the stream (``None`` if none yet).
        retry: the reconnection time in milliseconds given in this event's block, if any.
    """

    event: str
    data: str
    id: Optional[str] = None
    retry: Optional[int] = None


def iter_sse(chunks: Iterable[bytes]) -> Iterator[ServerSentEvent]:
    """Parse a byte stream, delivered in chunks of any size, into events.

    Events are yielded as soon as their terminating blank line arrives, so this can sit
    directly on a network response::

        for sse in iter_sse(response.iter_content(chunk_size=None)):
            print(sse.event, sse.data)
    """
    for event, data, last_id, retry in parse_sse(chunks):
        yield ServerSentEvent(event, data, last_id, retry)


def parse_sse(chunks: Iterable[bytes]) -> Iterator[RawEvent]:
    """:func:`iter_sse` yielding plain ``(event, data, id, retry)`` tuples, for hot loops
    that would otherwise pay for an object per event."""
    decoder = SSEDecoder()
    for chunk in chunks:
        yield from decoder.feed(chunk)


class SSEDecoder:
    """An incremental event-stream parser: :meth:`feed` it chunks of any size; each call
    returns the ``(event, data, id, retry)`` tuples the chunk completed.  An event not
    followed by a blank line is never returned."""

    __slots__ = ("_at_start", "_data", "_event_type", "_has_data", "_last_id", "_partial",
                 "_retry", "_skip_lf")

    def __init__(self) -> None:
        self._partial: List[bytes] = []  # the pieces of an unfinished line
        self._skip_lf = False  # the previous chunk ended in \r: a leading \n completes \r\n
        self._at_start = True  # a byte order mark is dropped from the first line only
        self._event_type = b""
        self._data: List[bytes] = []
        self._has_data = False
        self._last_id: Optional[str] = None
        self._retry: Optional[int] = None

    def feed(self, chunk: bytes) -> List[RawEvent]:
        """Parse ``chunk``; return the events it completed (often none or one)."""
        if not chunk:
            return []
        if self._skip_lf:
            self._skip_lf = False
            if chunk[0] == _LF:
                chunk = chunk[1:]
                if not chunk:
                    return []
        lines = chunk.splitlines()
        last = chunk[-1]
        partial = self._partial
        if last == _CR:
            self._skip_lf = True
            carry = None
        elif last == _LF:
            carry = None
        else:
            carry = lines.pop()
            if not lines:  # no line ending in this chunk at all
                partial.append(carry)
                return []
        if partial:
            partial.append(lines[0])
            lines[0] = b"".join(partial)
            partial = self._partial = []
        if carry is not None:
            partial.append(carry)
        if self._at_start:
            self._at_start = False
            if lines[0].startswith(_BOM):
                lines[0] = lines[0][3:]

        events: List[RawEvent] = []
        event_type = self._event_type
        data = self._data
        has_data = self._has_data
        last_id = self._last_id
        retry = self._retry
        for line in lines:
            if not line:
                if has_data:
                    events.append((
                        event_type.decode("utf-8", "replace") if event_type else "message",
                        b"\n".join(data).decode("utf-8", "replace"),
                        last_id,
                        retry,
                    ))
                    data = []
                    has_data = False
                event_type = b""
                retry = None
                continue
            if line[0] == _COLON:
                continue
            name, _, value = line.partition(b":")
            if value[:1] == b" ":
                value = value[1:]
            if name == b"data":
                data.append(value)
                has_data = True
            elif name == b"event":
                event_type = value
            elif name == b"id":
                if b"\0" not in value:
                    last_id = value.decode("utf-8", "replace")
            elif name == b"retry" and value.isdigit():
                retry = int(value)
        self._event_type = event_type
        self._data = data
        self._has_data = has_data
        self._last_id = last_id
        self._retry = retry
        return events
