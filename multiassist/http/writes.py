"""Writes that are never lost and never done twice.

The transport retries a write only when the server certainly did not act on it (the
connection failed before sending, or HTTP 429 / 503). When the outcome is uncertain (a read
timeout, a connection reset after sending, HTTP 500 / 502 / 504), this module decides, per
operation:

=============================  ===============================================================
operation                      on an uncertain outcome
=============================  ===============================================================
assistants.create              reconcile: list assistants, find the write marker
messages.create                reconcile: list the thread's messages
runs.create                    reconcile: list the thread's runs
vector_stores.create           reconcile: list vector stores
threads.create                 reconcile where threads can be listed (Foundry), else raise
threads.create_and_run         raise: the marker is on the run, whose thread is unknown
files.create                   raise: files carry no metadata to recognise an upload by
runs.submit_tool_outputs       raise: retrieve the run to see whether the outputs arrived
runs.cancel                    raise: retrieve the run and check its status
vector_store_files.create,     raise: retrieve the vector store file / batch
file_batches.create
``*.update``, GET, DELETE      retried: repeating them cannot duplicate anything
=============================  ===============================================================

Reconciliation works through a marker: creates that take ``metadata`` get
``metadata["multiassist_write_id"] = <uuid>`` (unless ``write_markers=False`` or the metadata
already has the maximum of 16 keys). After an uncertain failure the newest objects are listed
and the one carrying the marker is returned. When none does after a dropped connection or a
gateway error, the server did not create it, and the request is sent once more with the same
marker; after a read timeout (the server may still be working) or an unreadable 2xx answer
the error is raised instead. The marker is removed from every object the client returns, so
callers never see it (on the server it counts towards the 16 metadata keys). A bridge backend
never reconciles (it records writes only once answered). Where reconciliation is impossible,
:class:`WriteOutcomeUnknownError` says plainly that the write may have happened and how to
check.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, Callable, Dict, Mapping, Optional, Tuple, TypeVar

import attrs

from multiassist._types import NotGiven
from multiassist.backends.base import as_bridge
from multiassist.converter import structure
from multiassist.errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    MultiassistError,
    ResponseDecodeError,
)

if TYPE_CHECKING:
    from multiassist.core import Core

__all__ = ["WRITE_MARKER", "WRITE_RULES", "WriteOutcomeUnknownError", "WriteRule"]

T = TypeVar("T")

WRITE_MARKER = "multiassist_write_id"
_METADATA_LIMIT = 16
_UNCERTAIN_STATUSES = frozenset({408, 500, 502, 504})


class WriteOutcomeUnknownError(MultiassistError):
    """A write may or may not have been carried out; it was not repeated.

    ``operation`` names the write, ``write_id`` the marker placed in its metadata (if any), and
    the message says how to check. The original failure is the ``__cause__``.
    """

    def __init__(self, operation: str, check: str, write_id: Optional[str]) -> None:
        marker = (
            f" It carries metadata {WRITE_MARKER}={write_id!r}." if write_id else ""
        )
        super().__init__(
            f"{operation}: the request may have been carried out, but the answer was lost; "
            f"it was not sent again so nothing is duplicated.{marker} To check: {check}"
        )
        self.operation = operation
        self.write_id = write_id


@attrs.frozen
class WriteRule:
    """How to settle an uncertain outcome of one write operation."""

    check: str
    #: The list operation whose newest page may hold the created object (None: cannot).
    reconcile_with: Optional[str] = None
    #: Path ids of the write that the list operation needs too.
    list_ids: Tuple[str, ...] = ()
    #: Whether the body takes ``metadata`` (so a marker can be placed).
    marks: bool = False


WRITE_RULES: Dict[str, WriteRule] = {
    "assistants.create": WriteRule(
        "list assistants and look for the marker", "assistants.list", marks=True),
    "messages.create": WriteRule(
        "list the thread's messages and look for the marker", "messages.list",
        ("thread_id",), marks=True),
    "runs.create": WriteRule(
        "list the thread's runs and look for the marker", "runs.list", ("thread_id",),
        marks=True),
    "vector_stores.create": WriteRule(
        "list vector stores and look for the marker", "vector_stores.list", marks=True),
    "threads.create": WriteRule(
        "threads cannot be listed on this provider; a thread with the marker may exist",
        "threads.list", marks=True),
    "threads.create_and_run": WriteRule(
        "a run with the marker (and its new thread) may exist; threads cannot be listed "
        "on this provider", marks=True),
    "files.create": WriteRule(
        "list files of this purpose and compare filename and size before uploading again"),
    "runs.submit_tool_outputs": WriteRule(
        "retrieve the run: if it no longer requires_action, the outputs arrived"),
    "runs.cancel": WriteRule("retrieve the run and check its status"),
    "vector_store_files.create": WriteRule("retrieve the vector store file"),
    "file_batches.create": WriteRule("list the vector store's file batches and files"),
}


def is_uncertain(error: BaseException) -> bool:
    """True when a failed write may nevertheless have been carried out."""
    if isinstance(error, ResponseDecodeError):
        return True  # answered 2xx: carried out, only the answer is unreadable
    if isinstance(error, APIConnectionError):
        return error.maybe_sent
    return isinstance(error, APIError) and error.status_code in _UNCERTAIN_STATUSES


def stream_outcome_unknown(operation: str, error: MultiassistError) -> WriteOutcomeUnknownError:
    """The error for a streamed run whose request may have been carried out."""
    return WriteOutcomeUnknownError(
        operation,
        "list the thread's runs (newest first) to see whether the run started, and poll it "
        "(runs.poll) rather than starting another",
        None,
    )


def add_marker(
    body: Optional[Mapping[str, Any]],
) -> Tuple[Optional[Dict[str, Any]], Optional[str]]:
    """Return the body with a fresh write marker in its metadata, and the marker."""
    marked = dict(body or {})
    metadata = marked.get("metadata")
    if metadata is None or isinstance(metadata, NotGiven):
        metadata = {}
    if not isinstance(metadata, Mapping) or len(metadata) >= _METADATA_LIMIT:
        return marked, None
    write_id = uuid.uuid4().hex
    marked["metadata"] = {**metadata, WRITE_MARKER: write_id}
    return marked, write_id


def guarded_write(
    core: Core,
    operation: str,
    cast: type,
    send: Callable[[Optional[Mapping[str, Any]]], Tuple[Any, Mapping[str, str]]],
    body: Optional[Mapping[str, Any]],
    ids: Mapping[str, object],
) -> Tuple[Any, Mapping[str, str]]:
    """Carry out a write under its :data:`WRITE_RULES` entry (see the module docstring)."""
    rule = WRITE_RULES[operation]
    write_id: Optional[str] = None
    if rule.marks and core.write_markers:
        body, write_id = add_marker(body)
    for attempt in (1, 2):
        try:
            return send(body)
        except MultiassistError as error:
            if not is_uncertain(error):
                raise
            bridge = as_bridge(core.backend)
            if bridge is not None and bridge.handles(operation):
                # A bridge records its writes only once answered: its listing proves nothing.
                raise WriteOutcomeUnknownError(operation, rule.check, write_id) from error
            listed, found = _reconcile(core, rule, cast, ids, write_id)
            if found is not None:
                return found, {}
            # Re-send only after a dropped connection or a gateway error. After a read timeout
            # the server may still be working on it; after a 2xx it certainly did it.
            still_possible = isinstance(error, (APITimeoutError, ResponseDecodeError))
            if not listed or still_possible or attempt == 2:
                raise WriteOutcomeUnknownError(operation, rule.check, write_id) from error
            # Not created: sending the same request again cannot make a duplicate.
    raise AssertionError("unreachable")  # pragma: no cover


def _reconcile(
    core: Core, rule: WriteRule, cast: type, ids: Mapping[str, object], write_id: Optional[str]
) -> Tuple[bool, Any]:
    """Look for the marked object: (whether the listing worked, the object or None)."""
    if rule.reconcile_with is None or write_id is None:
        return False, None
    list_ids = {name: ids[name] for name in rule.list_ids}
    try:
        page, _ = core.payload(rule.reconcile_with, ids=list_ids,
                               query={"order": "desc", "limit": 100}, keep_markers=True)
    except MultiassistError:  # unsupported listing, or the service is still failing
        return False, None
    for item in page.get("data") or [] if isinstance(page, dict) else []:
        metadata = item.get("metadata") if isinstance(item, dict) else None
        if isinstance(metadata, dict) and metadata.get(WRITE_MARKER) == write_id:
            return True, structure(strip_write_markers(item), cast)
    return True, None


def strip_write_markers(payload: Any) -> Any:
    """Remove write markers from an object or list page, so callers never see them."""
    if not isinstance(payload, dict):
        return payload
    data = payload.get("data")
    if payload.get("object") == "list" and isinstance(data, list):
        for item in data:
            strip_write_markers(item)
        return payload
    metadata = payload.get("metadata")
    if isinstance(metadata, dict) and WRITE_MARKER in metadata:
        del metadata[WRITE_MARKER]
    return payload
