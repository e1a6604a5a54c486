"""What a fired fault does to the answer: ``Answer`` (what the server sends, down to
delays, cut bodies and dropped or reset connections) and ``build_answer``, which turns a
fault and its options into one -- error documents, redirects, malformed JSON, truncated or
erroring event streams."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any, Callable, Dict, Mapping, Optional, Tuple

from multiassist.testing import errors as e
from multiassist.testing.app import RawRequest, RawResponse, request_id_headers
from multiassist.testing.events import EventStream, error_data, frame
from multiassist.testing.streaming import STREAM_ERROR_MESSAGE, truncated

__all__ = ["Answer", "build_answer"]

_STATUS_ERRORS: Mapping[int, Tuple[str, str, str]] = {
    # status -> (message, OpenAI error type, code)
    408: ("The request timed out.", "timeout", "timeout"),
    429: ("Rate limit reached for requests. Please try again later.", "requests",
          "rate_limit_exceeded"),
    500: ("The server had an error while processing your request. Sorry about that!",
          "server_error", "server_error"),
    502: ("Bad gateway.", "server_error", "bad_gateway"),
    503: ("The engine is currently overloaded, please try again later.", "server_error",
          "service_unavailable"),
    504: ("Gateway timeout.", "server_error", "gateway_timeout"),
}


@dataclass
class Answer:
    """What the server sends for one request.

    ``response`` None: close the connection without answering (``reset``: with a TCP RST).
    ``delay``: seconds to wait before answering. ``cut_body_at``: send only that many bytes
    of the body (headers promise all of it), then drop the connection.
    """

    response: Optional[RawResponse]
    delay: float = 0.0
    reset: bool = False
    cut_body_at: Optional[int] = None


def build_answer(
    fault: str,
    opts: Dict[str, Any],
    request: RawRequest,
    wire: str,
    handle: Callable[[RawRequest], RawResponse],
    revoke_token: Callable[[str], None],
) -> Tuple[Answer, str]:
    """The faulty answer to ``request`` and the effect in words; ``handle`` (the app)
    carries the request out for the faults that apply it."""
    reset = bool(opts.get("reset", False))
    if fault == "status":
        code = int(opts["code"])
        if opts.get("apply", False):
            handle(request)  # carried out; its answer is replaced
            return Answer(_status_response(wire, code, opts)), f"applied, answered {code}"
        return Answer(_status_response(wire, code, opts)), f"answered {code}, not applied"
    if fault == "drop_before_apply":
        return Answer(None, reset=reset), "connection closed, not applied"
    if fault == "expired_token_401":
        return _expired_token(request, wire, opts, revoke_token), "answered 401, not applied"
    if fault == "redirect":
        code = int(opts.get("code", 307))
        location = opts.get("location") or _default_location(request)
        headers = {**request_id_headers(wire), "Location": location}
        response = RawResponse(code, b"", "text/plain; charset=utf-8", headers)
        return Answer(response), f"answered {code} -> {location}, not applied"
    response = handle(request)  # every fault below carries the request out first
    if fault == "drop_after_apply":
        return Answer(None, reset=reset), "applied, connection closed without an answer"
    if fault == "delay_after_apply":
        seconds = float(opts["seconds"])
        return Answer(response, delay=seconds), f"applied, answered after {seconds:g} s"
    if fault == "malformed_json":
        effect = f"applied, answered {response.status} with bad JSON"
        return Answer(_malformed(response)), effect
    if fault == "truncated_stream":
        if response.stream is None:
            cut = len(response.body) // 2
            return Answer(response, cut_body_at=cut), f"applied, body cut after {cut} bytes"
        after = int(opts.get("after_events", 1))
        response.stream = truncated(response.stream.chunks, after)
        sent = len(response.stream.chunks)
        return Answer(response), f"applied, stream cut after {sent} events"
    # stream_error_event
    if response.stream is None:
        return Answer(response), "applied, not an event stream: answered unchanged"
    chunks = response.stream.chunks
    until = opts.get("after_events")
    keep = chunks[: max(0, len(chunks) - 2) if until is None else int(until)]
    data = error_data(str(opts.get("code", "server_error")),
                      str(opts.get("message", STREAM_ERROR_MESSAGE)))
    response.stream = EventStream([*keep, frame("error", json.dumps(data))])
    return Answer(response), f"applied, error event after {len(keep)} events"



def _expired_token(
    request: RawRequest, wire: str, opts: Dict[str, Any], revoke_token: Callable[[str], None]
) -> Answer:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    bearer = token.strip() if scheme.lower() == "bearer" else ""
    if bearer and wire != e.OPENAI and opts.get("revoke", True):
        revoke_token(bearer)
    if wire == e.OPENAI:
        error = e.openai_wrong_key(bearer)
    elif wire == e.FOUNDRY:
        error = e.foundry_unauthorized()
    else:
        error = e.azure_expired_token()
    body = json.dumps(error.body()).encode("utf-8")
    return Answer(RawResponse(401, body, headers=request_id_headers(wire)))


def _status_response(wire: str, code: int, opts: Mapping[str, Any]) -> RawResponse:
    body = opts.get("body")
    if body is None:
        message, kind, error_code = _STATUS_ERRORS.get(
            code, (f"The service answered HTTP {code}.", "server_error", str(code))
        )
        gateway = wire != e.OPENAI
        body = e.ApiError(
            code, message, type=kind, code=str(code) if gateway else error_code, gateway=gateway
        ).body()
    raw = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
    headers = {**request_id_headers(wire), **dict(opts.get("headers") or {})}
    return RawResponse(code, raw, "application/json", headers)


def _default_location(request: RawRequest) -> str:
    """The same path (and query) on 127.0.0.2, at the port the request was sent to."""
    host = request.headers.get("host", "")
    port = host.rpartition(":")[2] if ":" in host else "80"
    query = f"?{request.raw_query}" if request.raw_query else ""
    return f"http://127.0.0.2:{port}{request.raw_path}{query}"


def _malformed(response: RawResponse) -> RawResponse:
    """The answer with its JSON cut in half (an event stream: its first event's data)."""
    if response.stream is None:
        return replace(response, body=response.body[: len(response.body) // 2] or b"{")
    chunks = list(response.stream.chunks)
    if chunks:
        name, _, rest = chunks[0].decode("utf-8").partition("\ndata: ")
        data = rest.rstrip("\n")
        chunks[0] = f"{name}\ndata: {data[: len(data) // 2]}\n\n".encode()
    return replace(response, stream=EventStream(chunks, response.stream.complete))
