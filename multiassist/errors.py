"""Every exception multiassist raises, in one tree rooted at :class:`MultiassistError`.

The tree follows openai-python's where users catch its names, so ``except APIError`` catches
everything that went wrong talking to the service, timeouts included::

    MultiassistError (alias OpenAIError)
    +-- ConfigurationError (ValueError)          the client's settings; ProfileError under it
    +-- InvalidRequestError (ValueError)         an argument, refused before anything was sent
    +-- UnsupportedOperationError                not on this backend or api-version
    +-- APIError                                 talking to the service went wrong
    |   +-- APIConnectionError                   no HTTP response; ``maybe_sent`` says if it
    |   |   +-- APITimeoutError                  may have been processed
    |   +-- APIStatusError                       an error status: BadRequestError (400),
    |   |   +-- ...                              AuthenticationError (401), ..., 5xx
    |   +-- ResponseDecodeError                  a 2xx body that could not be read
    |   |                                        (alias APIResponseValidationError)
    |   +-- StreamError                          an ``error`` event on a started stream
    |   +-- StreamInterruptedError               a stream that ended before the run stopped
    |   +-- WriteOutcomeUnknownError             a write that may have happened; not repeated
    |   +-- FileUploadError                      uploads of a file batch failed; what was
    |                                            uploaded and what was not
    +-- PollTimeoutError (TimeoutError)          a helper's deadline passed; RunTimeoutError
    +-- UnexpectedStatusError                    a status the library does not know
    +-- ToolCallError                            the tool loop could not go on
    +-- FileProcessingError                      the service could not process an upload
    +-- StoreError                               the Responses bridge's record store

No exception text ever contains a credential: messages are built from status, error body and
request id only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, AbstractSet, Any, Dict, List, Mapping, Optional, Tuple, Type

if TYPE_CHECKING:
    from multiassist.models import FileObject, Run
    from multiassist.streaming.events import ErrorEvent

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "FileProcessingError",
    "FileUploadError",
    "InternalServerError",
    "InvalidRequestError",
    "MultiassistError",
    "NotFoundError",
    "OpenAIError",
    "PermissionDeniedError",
    "PollTimeoutError",
    "ProfileError",
    "RateLimitError",
    "ResponseDecodeError",
    "RunTimeoutError",
    "StoreCursorError",
    "StoreError",
    "StoreNotFound",
    "StreamError",
    "StreamInterruptedError",
    "ToolCallError",
    "UnexpectedRunStatusError",
    "UnexpectedStatusError",
    "UnprocessableEntityError",
    "UnsupportedOperationError",
    "WriteOutcomeUnknownError",
    "error_class_for_status",
]


class MultiassistError(Exception):
    """Base class of every exception raised by multiassist."""


#: openai-python's name for the root of its exceptions.
OpenAIError = MultiassistError


# --- raised before anything is sent -------------------------------------------------------


class ConfigurationError(MultiassistError, ValueError):
    """The client was constructed with missing or contradictory settings."""


class ProfileError(ConfigurationError):
    """A profile file could not be used; the message names file, profile and key."""


class InvalidRequestError(MultiassistError, ValueError):
    """An argument was refused before any request was sent."""


class UnsupportedOperationError(MultiassistError):
    """The operation exists in the API surface but not on this backend or api-version.

    The message names the replacement (another method, api-version or backend).
    """


# --- talking to the service ---------------------------------------------------------------


class APIError(MultiassistError):
    """Talking to the service went wrong: no answer, an error status, an unreadable answer,
    a broken stream, or a write whose outcome is unknown.

    Attributes mirror the ``error`` object both OpenAI and Azure return (``message``,
    ``code``, ``param``, ``type``), plus what a support ticket needs: ``status_code`` (None
    when no HTTP status applies), ``request_id``, the raw ``body`` and response ``headers``.
    """

    status_code: Optional[int]

    def __init__(
        self,
        message: str,
        *,
        body: Any = None,
        code: Optional[str] = None,
        param: Optional[str] = None,
        type: Optional[str] = None,
        request_id: Optional[str] = None,
        status_code: Optional[int] = None,
        headers: Optional[Mapping[str, str]] = None,
        inner_error: Optional[Dict[str, Any]] = None,
    ) -> None:
        self.message = message
        self.body = body
        self.code = code
        self.param = param
        self.type = type
        self.request_id = request_id
        self.status_code = status_code
        self.headers: Dict[str, str] = dict(headers or {})
        self.inner_error = inner_error
        super().__init__(self._describe())

    def _describe(self) -> str:
        parts = [] if self.status_code is None else [f"HTTP {self.status_code}"]
        if self.code:
            parts.append(f"code={self.code}")
        if self.param:
            parts.append(f"param={self.param}")
        text = f"{' '.join(parts)}: {self.message}" if parts else self.message
        if self.request_id:
            text += f" (request id {self.request_id})"
        return text

    @property
    def rate_limit(self) -> Dict[str, str]:
        """The rate-limit headers of the response (``x-ratelimit-*``, ``retry-after*``),
        lower-cased, e.g. ``{"x-ratelimit-remaining-requests": "0", "retry-after": "20"}``."""
        return {
            name.lower(): value
            for name, value in self.headers.items()
            if name.lower().startswith(("x-ratelimit-", "retry-after"))
        }

    @property
    def content_filter_results(self) -> Optional[Dict[str, Any]]:
        """Azure's content-filter verdict, when the error carries one."""
        inner = self.inner_error or {}
        found = inner.get("content_filter_results") or inner.get("content_filter_result")
        return found if isinstance(found, dict) else None


class APIConnectionError(APIError):
    """No HTTP response was received.

    ``maybe_sent`` is False when the request certainly never reached the server (for example
    the connection was refused), True when it may have been processed (for example the
    connection dropped while waiting for the answer).
    """

    def __init__(self, message: str, *, maybe_sent: bool = True) -> None:
        super().__init__(message)
        self.maybe_sent = maybe_sent


class APITimeoutError(APIConnectionError):
    """The connect or read timeout expired."""


class APIStatusError(APIError):
    """The server answered with an error status (``status_code``); ``response`` is the HTTP
    response where one is at hand."""

    status_code: int

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        response: Any = None,
        body: Any = None,
        code: Optional[str] = None,
        param: Optional[str] = None,
        type: Optional[str] = None,
        request_id: Optional[str] = None,
        headers: Optional[Mapping[str, str]] = None,
        inner_error: Optional[Dict[str, Any]] = None,
    ) -> None:
        self.response = response
        #: True when an earlier attempt of the same request may have been carried out (its
        #: answer was lost and the request was repeated): a 404 on a repeated delete then
        #: means it was deleted.
        self.after_uncertain_attempt = False
        super().__init__(
            message, body=body, code=code, param=param, type=type, request_id=request_id,
            status_code=status_code, headers=headers, inner_error=inner_error,
        )


class BadRequestError(APIStatusError):
    """HTTP 400."""


class AuthenticationError(APIStatusError):
    """HTTP 401: the key or token was refused."""


class PermissionDeniedError(APIStatusError):
    """HTTP 403."""


class NotFoundError(APIStatusError):
    """HTTP 404."""


class ConflictError(APIStatusError):
    """HTTP 409."""


class UnprocessableEntityError(APIStatusError):
    """HTTP 422."""


class RateLimitError(APIStatusError):
    """HTTP 429."""


class InternalServerError(APIStatusError):
    """HTTP 5xx."""


_BY_STATUS: Dict[int, Type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def error_class_for_status(status: int) -> Type[APIStatusError]:
    """Return the exception class used for an HTTP error status."""
    if status >= 500:
        return InternalServerError
    return _BY_STATUS.get(status, APIStatusError)


class ResponseDecodeError(APIError):
    """A successful response had a body that could not be parsed into the expected model."""

    def __init__(self, message: str, *, body: Any = None) -> None:
        super().__init__(message, body=body)


#: openai-python's name for an answer that does not fit the expected model.
APIResponseValidationError = ResponseDecodeError


class StreamError(APIError):
    """The server sent an ``error`` event on a stream that had started (HTTP 200).

    ``code``, ``message``, ``type`` and ``param`` come from the event; ``event`` is the
    :class:`~multiassist.streaming.ErrorEvent`; ``run`` is the last run seen on the stream (or
    ``None``).  The stream is closed; retrieve the run to see how it ended.
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

    @classmethod
    def from_event(
        cls, event: ErrorEvent, *, run: Optional[Run], status_code: int,
        headers: Optional[Mapping[str, str]], request_id: Optional[str],
    ) -> StreamError:
        """The error for an ``error`` event, whose data is an error object, possibly wrapped
        in ``{"error": ...}``; the message says how to find the run, when one was seen."""
        data = event.data
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
                f"client.beta.threads.runs.retrieve({run.id!r}, thread_id={run.thread_id!r}))"
            )
        return cls(
            message, event=event, run=run, status_code=status_code,
            code=None if code is None else str(code),
            param=None if param is None else str(param),
            type=None if kind is None else str(kind),
            request_id=request_id, headers=headers,
        )


class StreamInterruptedError(APIError):
    """The stream ended before the run stopped (end of body or a broken connection,
    without ``done`` or a final run event), or was closed before it finished.

    The run may still be going on the server: poll ``client.beta.threads.runs.retrieve``.
    ``run`` is the last run seen on the stream (``None`` if none arrived).
    """

    def __init__(self, message: str, *, run: Optional[Run] = None) -> None:
        super().__init__(message)
        self.run = run

    @classmethod
    def because(cls, reason: str, run: Optional[Run]) -> StreamInterruptedError:
        """The error for ``reason``, telling how to find the run (``run``: last seen)."""
        if run is None:
            advice = (
                "no run event arrived, but the run may have been created and still be going "
                "on the server: list the thread's runs with "
                "client.beta.threads.runs.list(thread_id)"
            )
        else:
            advice = (
                f"run {run.id} was last seen {run.status!r} and may still be going on the "
                f"server: poll it with client.beta.threads.runs.retrieve({run.id!r}, "
                f"thread_id={run.thread_id!r})"
            )
        return cls(f"{reason}; {advice}", run=run)


class WriteOutcomeUnknownError(APIError):
    """A write may or may not have been carried out; it was not repeated.

    ``operation`` names the write, ``write_id`` the marker placed in its metadata (if any), and
    the message says how to check. The original failure is the ``__cause__``.
    """

    def __init__(self, operation: str, check: str, write_id: Optional[str],
                 *, marker_key: str = "multiassist_write_id") -> None:
        marker = f" It carries metadata {marker_key}={write_id!r}." if write_id else ""
        super().__init__(
            f"{operation}: the request may have been carried out, but the answer was lost; "
            f"it was not sent again so nothing is duplicated.{marker} To check: {check}"
        )
        self.operation = operation
        self.write_id = write_id


class FileUploadError(APIError):
    """Uploads of ``file_batches.upload_and_poll`` failed, so no batch was created.

    The uploads run concurrently; after the first failure no new one starts and the ones
    under way finish. Attributes, each in the order the files were given:

    - ``failures``: ``(filename, exception)`` for each upload that failed;
    - ``uploaded_file_ids``: the files that were uploaded -- they stay in ``client.files``;
    - ``not_uploaded``: the files that failed or were never tried, as
      ``(filename, content, content_type)`` tuples that ``files=`` takes again.

    The first failure is the ``__cause__``; its ``status_code``, ``code``, ``param``,
    ``type``, ``request_id`` and ``body`` are this error's (None when it was not an
    :class:`APIError`).
    """

    def __init__(
        self,
        vector_store_id: str,
        failures: List[Tuple[str, BaseException]],
        uploaded_file_ids: List[str],
        not_uploaded: List[Any],
        tried: int,
    ) -> None:
        first = failures[0][1]
        described = "; ".join(f"{name!r}: {exc}" for name, exc in failures)
        total = len(uploaded_file_ids) + len(not_uploaded)
        kept = (
            f"{len(uploaded_file_ids)} file(s) were uploaded and stay in client.files "
            f"({', '.join(uploaded_file_ids)})" if uploaded_file_ids else "no file was uploaded"
        )
        untried = total - tried
        super().__init__(
            f"{len(failures)} of {total} upload(s) failed, so no file batch was created for "
            f"vector store {vector_store_id}: {described}. {kept}"
            + (f"; {untried} were not tried" if untried else "")
            + f". To finish: upload_and_poll({vector_store_id!r}, "
            "files=error.not_uploaded, file_ids=error.uploaded_file_ids)",
            **(
                dict(body=first.body, code=first.code, param=first.param, type=first.type,
                     request_id=first.request_id, status_code=first.status_code,
                     headers=first.headers)
                if isinstance(first, APIError) else {}
            ),
        )
        self.failures = failures
        self.uploaded_file_ids = uploaded_file_ids
        self.not_uploaded = not_uploaded

    def _describe(self) -> str:
        return self.message  # the failures already carry their statuses and request ids


# --- helpers that wait, and the tool loop -------------------------------------------------


class PollTimeoutError(MultiassistError, TimeoutError):
    """An object was still being processed when the deadline passed.

    ``last`` is the last object seen, ``waited_s`` how long the helper waited. The work goes
    on on the server: poll again, raise ``max_wait``, or cancel it.
    """

    def __init__(self, what: str, last: object, status: Optional[str], waited_s: float) -> None:
        super().__init__(
            f"{what} was still {status!r} after {waited_s:.1f} s; the server is still "
            "working on it: poll it again or raise max_wait"
        )
        self.last: Any = last  # the polled model: Run, VectorStoreFile, FileObject...
        self.waited_s = waited_s


class RunTimeoutError(PollTimeoutError):
    """The run did not reach a stopping status before the deadline. ``run`` is the last seen."""

    def __init__(self, run: Run, waited_s: float) -> None:
        super().__init__(f"run {run.id} on thread {run.thread_id}", run, run.status, waited_s)
        self.run = run


class UnexpectedStatusError(MultiassistError):
    """The polled object reported a status this library does not know; ``last`` carries it."""

    def __init__(
        self, what: str, last: object, status: Optional[str], known: AbstractSet[str]
    ) -> None:
        super().__init__(
            f"{what} reported status {status!r}, which multiassist does not know; stopped "
            f"polling instead of waiting forever (known: {', '.join(sorted(known))})"
        )
        self.last: Any = last


class UnexpectedRunStatusError(UnexpectedStatusError):
    """The run reported a status this library does not know; ``run`` carries it."""

    def __init__(self, run: Run, known: AbstractSet[str]) -> None:
        super().__init__(f"run {run.id}", run, run.status, known)
        self.run = run


class ToolCallError(MultiassistError):
    """A tool failed and ``raise_tool_errors`` was set, or the loop could not go on.

    ``run`` is the run as last seen (cancelled by the loop where it could be).
    """

    def __init__(self, message: str, *, run: Optional[Run] = None) -> None:
        super().__init__(message)
        self.run = run


class FileProcessingError(MultiassistError):
    """The server could not process an uploaded file; ``file`` is the file object (its
    ``status`` and ``status_details`` say why)."""

    def __init__(self, file: FileObject) -> None:
        details = f": {file.status_details}" if file.status_details else ""
        super().__init__(
            f"file {file.id} ({file.filename!r}) was not processed: status "
            f"{file.status!r}{details}"
        )
        self.file = file


# --- the Responses bridge's record store --------------------------------------------------


class StoreError(MultiassistError):
    """The bridge store cannot be used: the file is not a database, is not a bridge store,
    cannot be opened (permission denied, a directory, ...), was written by a newer
    multiassist, or the database failed (locked for longer than the busy timeout, disk
    full, ...). The message names the file. Also the base of the store's other errors."""

    def __init__(self, message: str, *, path: Optional[str] = None) -> None:
        super().__init__(message)
        self.path = path


class StoreNotFound(StoreError, KeyError):
    """:meth:`BridgeStore.update` was given the id of a document that is not stored."""

    def __init__(self, kind: str, id: str) -> None:
        super().__init__(f"no {kind} document with id {id!r}")
        self.kind = kind
        self.id = id

    def __str__(self) -> str:  # KeyError would show the message's repr
        return str(self.args[0])


class StoreCursorError(StoreError, ValueError):
    """A list cursor (``after`` / ``before``) is not the id of an object in that list.

    ``param`` is ``"after"`` or ``"before"``; the message is the API's own wording, so a
    backend can answer it as the 400 error the API gives.
    """

    def __init__(self, param: str, cursor: str) -> None:
        super().__init__(f"Invalid '{param}': no object with id '{cursor}' in this list.")
        self.param = param
        self.cursor = cursor
