"""What goes wrong on a stream that has started, as exceptions that say where the run may
be: :class:`StreamError` (the server sent an ``error`` event) and
:class:`StreamInterruptedError` (the stream ended early or was closed).

Owns those two exceptions and their messages; :class:`~multiassist.streaming.stream.AssistantStream`
raises them, and both are importable from :mod:`multiassist.streaming.stream` and the package root.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Optional

from multiassist.errors import APIError, MultiassistError
from multiassist.models import Run
from multiassist.streaming.events import ErrorEvent

if TYPE_CHECKING:
    import requests

__all__ = ["StreamError", "StreamInterruptedError", "error_from_event", "interrupted"]


class StreamError(APIError):
    """The server sent an ``error`` event on a stream that had started (HTTP 200).

    ``code``, ``message``, ``type`` and ``param`` come from the event; ``event`` is the
    :class:`ErrorEvent`; ``run`` is the last run seen on the stream (or ``None``).  The
    stream is closed; retrieve the run to see how it ended.
    """

    def __init__(
        self,
        message: str,
        *,
        event: ErrorEvent,
        run: Optional[Run],
        status_code: int = 200,
        code: Optional[str] = None,
        param: Optional[str] = None,
        type: Optional[str] = None,
        request_id: Optional[str] = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> None:
        self.event = event
        self.run = run
        super().__init__(
            message, status_code=status_code, code=code, param=param, type=type,
            request_id=request_id, body=event.data, headers=headers,
        )


class StreamInterruptedError(MultiassistError):
    """The stream ended before the run stopped (end of body or a broken connection,
    without ``done`` or a final run event), or was closed before it finished.

    The run may still be going on the server: poll ``client.beta.threads.runs.retrieve``.
    ``run`` is the last run seen on the stream (``None`` if none arrived).
    """

    def __init__(self, message: str, *, run: Optional[Run] = None) -> None:
        super().__init__(message)
        self.run = run


def interrupted(reason: str, run: Optional[Run]) -> StreamInterruptedError:
    """A :class:`StreamInterruptedError` for ``reason``, telling how to find the run."""
    if run is None:
        advice = (
            "no run event arrived, but the run may have been created and still be going on "
            "the server: list the thread's runs with client.beta.threads.runs.list(thread_id)"
        )
    else:
        advice = (
            f"run {run.id} was last seen {run.status!r} and may still be going on the server: "
            f"poll it with client.beta.threads.runs.retrieve({run.id!r}, "
            f"thread_id={run.thread_id!r})"
        )
    return StreamInterruptedError(f"{reason}; {advice}", run=run)


def error_from_event(
    data: Any, *, run: Optional[Run], response: requests.Response, request_id: Optional[str]
) -> StreamError:
    """The :class:`StreamError` for an ``error`` event's decoded ``data`` (an error object,
    possibly wrapped in ``{"error": ...}``) on the stream read from ``response``."""
    details = data.get("error", data) if isinstance(data, dict) else {}
    if not isinstance(details, dict):
        details = {}
    code = details.get("code")
    param = details.get("param")
    kind = details.get("type")
    message = str(details.get("message") or data or "the server reported an error")
    if run is not None:
        message += (
            f" (run {run.id} may have failed: retrieve it with "
            f"client.beta.threads.runs.retrieve({run.id!r}, "
            f"thread_id={run.thread_id!r}))"
        )
    return StreamError(
        message,
        event=ErrorEvent(data),
        run=run,
        status_code=response.status_code,
        code=None if code is None else str(code),
        param=None if param is None else str(param),
        type=None if kind is None else str(kind),
        request_id=request_id,
        headers=response.headers,
    )
