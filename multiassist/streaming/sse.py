"""Server-Sent Events: an incremental parser over byte chunks, following the WHATWG
"event stream interpretation" rules.

It owns line splitting and field parsing only; what the events mean is
:mod:`multiassist.streaming.stream`'s business.  Rules kept:

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

__all__ = ["ServerSentEvent", "iter_sse", "parse_sse"]

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


def parse_sse(chunks: Iterable[bytes]) -> Iterator[Tuple[str, str, Optional[str], Optional[int]]]:
    """:func:`iter_sse` yielding plain ``(event, data, id, retry)`` tuples, for hot loops
    that would otherwise pay for an object per event."""
    partial: List[bytes] = []  # the pieces of an unfinished line
    skip_lf = False  # the previous chunk ended in \r: a leading \n here completes \r\n
    at_start = True  # a byte order mark is dropped from the first line only
    event_type = b""
    data: List[bytes] = []
    has_data = False
    last_id: Optional[str] = None
    retry: Optional[int] = None

    for chunk in chunks:
        if not chunk:
            continue
        if skip_lf:
            skip_lf = False
            if chunk[0] == _LF:
                chunk = chunk[1:]
                if not chunk:
                    continue
        lines = chunk.splitlines()
        last = chunk[-1]
        if last == _CR:
            skip_lf = True
            carry = None
        elif last == _LF:
            carry = None
        else:
            carry = lines.pop()
            if not lines:  # no line ending in this chunk at all
                partial.append(carry)
                continue
        if partial:
            partial.append(lines[0])
            lines[0] = b"".join(partial)
            partial = []
        if carry is not None:
            partial.append(carry)
        if at_start:
            at_start = False
            if lines[0].startswith(_BOM):
                lines[0] = lines[0][3:]

        for line in lines:
            if not line:
                if has_data:
                    yield (
                        event_type.decode("utf-8", "replace") if event_type else "message",
                        b"\n".join(data).decode("utf-8", "replace"),
                        last_id,
                        retry,
                    )
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
