"""The Server-Sent Events parser: WHATWG line and field rules, whatever the chunking."""

from __future__ import annotations

from typing import Iterable, List, Optional, Sequence, Tuple

from hypothesis import given, settings
from hypothesis import strategies as st

from multiassist.streaming.sse import ServerSentEvent, iter_sse


def parse(*chunks: bytes) -> List[ServerSentEvent]:
    return list(iter_sse(chunks))


def test_an_event_is_dispatched_on_a_blank_line() -> None:
    assert parse(b"event: thread.run.created\ndata: {}\n\n") == [
        ServerSentEvent("thread.run.created", "{}")
    ]


def test_data_lines_are_joined_with_newlines() -> None:
    assert parse(b"data: one\ndata: two\ndata:\n\n") == [ServerSentEvent("message", "one\ntwo\n")]


def test_only_one_space_after_the_colon_is_dropped() -> None:
    assert [e.data for e in parse(b"data:x\n\ndata: x\n\ndata:  x\n\n")] == ["x", "x", " x"]


def test_the_event_type_defaults_to_message_and_resets_after_each_event() -> None:
    events = parse(b"event: a\ndata: 1\n\ndata: 2\n\n")
    assert [(e.event, e.data) for e in events] == [("a", "1"), ("message", "2")]


def test_all_three_line_endings_are_accepted_and_may_be_mixed() -> None:
    events = parse(b"event: a\r\ndata: 1\r\n\r\nevent: b\rdata: 2\r\rdata: 3\n\n")
    assert [(e.event, e.data) for e in events] == [("a", "1"), ("b", "2"), ("message", "3")]


def test_a_crlf_split_across_chunks_is_one_line_ending() -> None:
    # Were the \n after the \r taken as a second line ending, the event would be
    # dispatched after "data: 1" alone and "data: 2" would start a new one.
    events = parse(b"data: 1\r", b"\ndata: 2\r", b"\n\r", b"\n")
    assert events == [ServerSentEvent("message", "1\n2")]


def test_a_cr_at_the_end_of_a_chunk_dispatches_without_waiting_for_more() -> None:
    def chunks() -> Iterable[bytes]:
        yield b"data: now\r\r"
        raise AssertionError("the parser read past the event it could already dispatch")

    assert next(iter_sse(chunks())) == ServerSentEvent("message", "now")


def test_comments_and_unknown_fields_are_ignored() -> None:
    events = parse(b": keep-alive\n\n:comment\ndata: 1\nfoo: bar\nignored\n\n")
    assert events == [ServerSentEvent("message", "1")]


def test_a_line_without_a_colon_is_a_field_with_an_empty_value() -> None:
    assert parse(b"data\ndata\n\n") == [ServerSentEvent("message", "\n")]


def test_a_block_without_data_is_not_dispatched() -> None:
    assert parse(b"event: ping\n\nid: 7\n\n") == []


def test_an_event_not_followed_by_a_blank_line_at_the_end_is_dropped() -> None:
    assert parse(b"data: 1\n\ndata: 2\n") == [ServerSentEvent("message", "1")]
    assert parse(b"data: 1\n\ndata: 2") == [ServerSentEvent("message", "1")]


def test_the_last_event_id_carries_over_until_replaced() -> None:
    events = parse(b"id: 1\ndata: a\n\ndata: b\n\nid: 2\ndata: c\n\nid: x\0y\ndata: d\n\n")
    assert [(e.data, e.id) for e in events] == [("a", "1"), ("b", "1"), ("c", "2"), ("d", "2")]


def test_retry_takes_ascii_digits_only_and_belongs_to_its_event() -> None:
    events = parse(b"retry: 1500\ndata: a\n\nretry: 1.5\ndata: b\n\ndata: c\n\n")
    assert [(e.data, e.retry) for e in events] == [("a", 1500), ("b", None), ("c", None)]


def test_multibyte_characters_split_across_chunks_survive() -> None:
    body = "data: héllo 漢字 😀\n\n".encode()
    one_byte_chunks = [body[i:i + 1] for i in range(len(body))]
    assert parse(*one_byte_chunks) == [ServerSentEvent("message", "héllo 漢字 😀")]


def test_invalid_utf8_becomes_the_replacement_character() -> None:
    assert parse(b"data: a\xffb\n\n") == [ServerSentEvent("message", "a\ufffdb")]


def test_a_leading_byte_order_mark_is_ignored_even_when_split() -> None:
    assert parse(b"\xef\xbb", b"\xbfdata: 1\n\n") == [ServerSentEvent("message", "1")]
    assert parse(b"data: \xef\xbb\xbf1\n\n") == [ServerSentEvent("message", "\ufeff1")]


def test_empty_chunks_change_nothing() -> None:
    assert parse(b"", b"data: 1\r", b"", b"\n", b"", b"\n") == [ServerSentEvent("message", "1")]


def test_a_long_line_in_many_small_chunks() -> None:
    value = "x" * 100_000
    body = f"data: {value}\n\n".encode()
    chunks = [body[i:i + 7] for i in range(0, len(body), 7)]
    assert parse(*chunks) == [ServerSentEvent("message", value)]


# --- any chunking gives the same events -------------------------------------------------

_line_text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=12
)
_sample_text = st.sampled_from(["é", "漢", "😀", "{\"a\": 1}", " lead", ":", ""])
_text = st.one_of(_line_text, _sample_text)


@st.composite
def _streams(draw: st.DrawFn) -> Tuple[bytes, List[ServerSentEvent]]:
    """A byte stream of random events (each with its own line ending) and the events a
    correct parser finds in it."""
    body: List[str] = []
    expected: List[ServerSentEvent] = []
    last_id: Optional[str] = None
    for _ in range(draw(st.integers(0, 6))):
        eol = draw(st.sampled_from(["\n", "\r\n", "\r"]))
        name = draw(st.one_of(st.none(), _text))
        lines: Sequence[str] = draw(st.lists(_text, min_size=1, max_size=3))
        event_id = draw(st.one_of(st.none(), _text.filter(lambda t: "\0" not in t)))
        if draw(st.booleans()):
            body.append(f": comment{eol}")
        if name is not None:
            body.append(f"event: {name}{eol}")
        if event_id is not None:
            body.append(f"id: {event_id}{eol}")
            last_id = event_id
        body.extend(f"data: {line}{eol}" for line in lines)
        body.append(eol)
        expected.append(ServerSentEvent(name or "message", "\n".join(lines), last_id))
    return "".join(body).encode(), expected


@settings(max_examples=300, deadline=None)
@given(stream=_streams(), data=st.data())
def test_the_same_events_come_out_however_the_bytes_are_split(
    stream: Tuple[bytes, List[ServerSentEvent]], data: st.DataObject
) -> None:
    body, expected = stream
    cuts = sorted(set(data.draw(st.lists(st.integers(0, len(body)), max_size=20))))
    bounds = [0, *cuts, len(body)]
    chunks = [body[start:end] for start, end in zip(bounds, bounds[1:])]
    assert list(iter_sse(chunks)) == expected
    assert list(iter_sse([body])) == expected
