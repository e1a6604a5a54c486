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
:class:`~multiassist.errors.WriteOutcomeUnknownError` says plainly that the write may have
happened and how to check.

This module decides and does no I/O: the core sends the write, and on a failure asks
:meth:`WritePlan.after_failure` what to do (raise, or list to look for the marker), then
:meth:`WritePlan.after_listing` (return what was found, send once more, or raise).
"""

from __future__ import annotations

import uuid
from typing import Any, Dict, Mapping, Optional, Tuple, Union

import attrs

from multiassist._types import NotGiven
from multiassist.errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    MultiassistError,
    ResponseDecodeError,
    WriteOutcomeUnknownError,
)

__all__ = [
    "WRITE_MARKER",
    "WRITE_RULES",
    "Listing",
    "WritePlan",
    "WriteRule",
    "is_uncertain",
    "plan_write",
    "strip_write_markers",
]

WRITE_MARKER = "multiassist_write_id"
_METADATA_LIMIT = 16
_UNCERTAIN_STATUSES = frozenset({408, 500, 502, 504})


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

#: What to list to look for a marked object: (list operation, its ids, its query).
Listing = Tuple[str, Dict[str, str], Dict[str, Any]]


def is_uncertain(error: BaseException) -> bool:
    """True when a failed write may nevertheless have been carried out."""
    if isinstance(error, ResponseDecodeError):
        return True  # answered 2xx: carried out, only the answer is unreadable
    if isinstance(error, APIConnectionError):
        return error.maybe_sent
    return isinstance(error, APIStatusError) and error.status_code in _UNCERTAIN_STATUSES


def stream_outcome_unknown(operation: str) -> WriteOutcomeUnknownError:
    """The error for a streamed write whose request may have been carried out."""
    if operation in ("runs.create", "threads.create_and_run"):
        check = ("list the thread's runs (newest first) to see whether the run started, and "
                 "poll it (runs.poll) rather than starting another")
    else:
        check = WRITE_RULES[operation].check if operation in WRITE_RULES else (
            "retrieve the object to see whether the request was carried out")
    return WriteOutcomeUnknownError(operation, check, None)


@attrs.define
class WritePlan:
    """One write under its rule: the body to send (with a marker where one fits) and the
    decisions after a failure.  ``attempt`` counts the sends so far."""

    operation: str
    rule: WriteRule
    body: Optional[Dict[str, Any]]
    write_id: Optional[str]
    #: True where a bridge carries the write out: its listing proves nothing.
    bridged: bool = False
    attempt: int = 1

    def after_failure(self, error: MultiassistError) -> Optional[Listing]:
        """What to list to look for the write after ``error``; raises ``error`` when the
        write certainly did not happen, and :class:`WriteOutcomeUnknownError` when it may
        have and cannot be looked for."""
        if not is_uncertain(error):
            raise error
        rule = self.rule
        if self.bridged or rule.reconcile_with is None or self.write_id is None:
            raise self.unknown() from error
        return rule.reconcile_with, {}, {"order": "desc", "limit": 100}

    def list_ids(self, ids: Mapping[str, str]) -> Dict[str, str]:
        """The write's ids that its list operation needs."""
        return {name: ids[name] for name in self.rule.list_ids}

    def after_listing(self, error: MultiassistError, page: Any) -> Union[Dict[str, Any], None]:
        """The object carrying this write's marker in ``page`` (a list payload, or None when
        listing failed), with the marker removed.  None means: send the write once more --
        only after a dropped connection or a gateway error on the first attempt, when the
        listing worked and the object is not there.  Otherwise raises
        :class:`WriteOutcomeUnknownError` (from ``error``)."""
        if isinstance(page, dict):
            for item in page.get("data") or []:
                metadata = item.get("metadata") if isinstance(item, dict) else None
                if isinstance(metadata, dict) and metadata.get(WRITE_MARKER) == self.write_id:
                    found: Dict[str, Any] = strip_write_markers(item)
                    return found
        # After a read timeout the server may still be working on it; after a 2xx it did it.
        still_possible = isinstance(error, (APITimeoutError, ResponseDecodeError)) or (
            # a gateway that timed out: the service may still be working on it
            isinstance(error, APIStatusError) and error.status_code in (408, 504))
        if page is None or still_possible or self.attempt >= 2:
            raise self.unknown() from error
        self.attempt += 1
        return None  # not created: the same request again cannot make a duplicate

    def unknown(self) -> WriteOutcomeUnknownError:
        return WriteOutcomeUnknownError(self.operation, self.rule.check, self.write_id)


def plan_write(
    operation: str, body: Optional[Mapping[str, Any]], *, markers: bool, bridged: bool
) -> Optional[WritePlan]:
    """The plan for ``operation`` when it is a write with a rule (None otherwise): its body
    gets a fresh marker when the rule marks and ``markers`` is on."""
    rule = WRITE_RULES.get(operation)
    if rule is None:
        return None
    wire = None if body is None else dict(body)
    write_id = None
    if rule.marks and markers:
        wire, write_id = add_marker(wire)
    return WritePlan(operation, rule, wire, write_id, bridged)


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
