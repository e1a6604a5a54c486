"""What can be asked of the Assistants API: the catalogue of operations (method, path
template, beta or not) and :class:`Request`, the one value a call becomes before it is sent.

Paths are provider-neutral (``/threads/{thread_id}/runs``); a backend adds its base URL and
query. :meth:`Operation.render_path` is the single place IDs become URL path segments: each ID
is validated and percent-encoded as exactly one segment, so ``"a/b"`` can never address
another resource.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Mapping, Optional
from urllib.parse import quote

import attrs

from multiassist._types import RequestOptions, compact
from multiassist.converter import unstructure
from multiassist.errors import InvalidRequestError
from multiassist.http.messages import FileField

__all__ = ["OPERATIONS", "Operation", "Request", "get_operation"]

#: No per-call options.
NO_OPTIONS = RequestOptions()

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@attrs.frozen
class Operation:
    """One API operation: name, HTTP method, path template, beta header or not."""

    name: str
    method: str
    path: str
    beta: bool = True

    @property
    def path_params(self) -> tuple[str, ...]:
        return tuple(_PLACEHOLDER.findall(self.path))

    def render_path(self, ids: Mapping[str, object]) -> str:
        """Fill the template with URL-encoded IDs; refuse empty or non-string IDs."""

        def fill(match: re.Match[str]) -> str:
            key = match.group(1)
            value = ids.get(key)
            if not isinstance(value, str):
                raise InvalidRequestError(
                    f"{key} must be a non-empty string for {self.name}, "
                    f"got {type(value).__name__}"
                )
            if not value.strip():
                raise InvalidRequestError(
                    f"{key} must be a non-empty string for {self.name}, got {value!r}"
                )
            if value in (".", ".."):
                # URL normalisation would turn these into a different path, not one segment.
                raise InvalidRequestError(f"{key} {value!r} is not a valid id for {self.name}")
            return quote(value, safe="")

        return _PLACEHOLDER.sub(fill, self.path)


_TABLE = [
    Operation("assistants.create", "POST", "/assistants"),
    Operation("assistants.list", "GET", "/assistants"),
    Operation("assistants.retrieve", "GET", "/assistants/{assistant_id}"),
    Operation("assistants.update", "POST", "/assistants/{assistant_id}"),
    Operation("assistants.delete", "DELETE", "/assistants/{assistant_id}"),
    Operation("assistant_files.create", "POST", "/assistants/{assistant_id}/files"),
    Operation("assistant_files.list", "GET", "/assistants/{assistant_id}/files"),
    Operation("assistant_files.retrieve", "GET", "/assistants/{assistant_id}/files/{file_id}"),
    Operation("assistant_files.delete", "DELETE", "/assistants/{assistant_id}/files/{file_id}"),
    Operation("threads.create", "POST", "/threads"),
    Operation("threads.list", "GET", "/threads"),
    Operation("threads.create_and_run", "POST", "/threads/runs"),
    Operation("threads.retrieve", "GET", "/threads/{thread_id}"),
    Operation("threads.update", "POST", "/threads/{thread_id}"),
    Operation("threads.delete", "DELETE", "/threads/{thread_id}"),
    Operation("messages.create", "POST", "/threads/{thread_id}/messages"),
    Operation("messages.list", "GET", "/threads/{thread_id}/messages"),
    Operation("messages.retrieve", "GET", "/threads/{thread_id}/messages/{message_id}"),
    Operation("messages.update", "POST", "/threads/{thread_id}/messages/{message_id}"),
    Operation("messages.delete", "DELETE", "/threads/{thread_id}/messages/{message_id}"),
    Operation(
        "message_files.list", "GET", "/threads/{thread_id}/messages/{message_id}/files"
    ),
    Operation(
        "message_files.retrieve",
        "GET",
        "/threads/{thread_id}/messages/{message_id}/files/{file_id}",
    ),
    Operation("runs.create", "POST", "/threads/{thread_id}/runs"),
    Operation("runs.list", "GET", "/threads/{thread_id}/runs"),
    Operation("runs.retrieve", "GET", "/threads/{thread_id}/runs/{run_id}"),
    Operation("runs.update", "POST", "/threads/{thread_id}/runs/{run_id}"),
    Operation("runs.cancel", "POST", "/threads/{thread_id}/runs/{run_id}/cancel"),
    Operation(
        "runs.submit_tool_outputs",
        "POST",
        "/threads/{thread_id}/runs/{run_id}/submit_tool_outputs",
    ),
    Operation("steps.list", "GET", "/threads/{thread_id}/runs/{run_id}/steps"),
    Operation("steps.retrieve", "GET", "/threads/{thread_id}/runs/{run_id}/steps/{step_id}"),
    Operation("files.create", "POST", "/files", beta=False),
    Operation("files.list", "GET", "/files", beta=False),
    Operation("files.retrieve", "GET", "/files/{file_id}", beta=False),
    Operation("files.delete", "DELETE", "/files/{file_id}", beta=False),
    Operation("files.content", "GET", "/files/{file_id}/content", beta=False),
    Operation("vector_stores.create", "POST", "/vector_stores"),
    Operation("vector_stores.list", "GET", "/vector_stores"),
    Operation("vector_stores.retrieve", "GET", "/vector_stores/{vector_store_id}"),
    Operation("vector_stores.update", "POST", "/vector_stores/{vector_store_id}"),
    Operation("vector_stores.delete", "DELETE", "/vector_stores/{vector_store_id}"),
    Operation("vector_store_files.create", "POST", "/vector_stores/{vector_store_id}/files"),
    Operation("vector_store_files.list", "GET", "/vector_stores/{vector_store_id}/files"),
    Operation(
        "vector_store_files.retrieve", "GET", "/vector_stores/{vector_store_id}/files/{file_id}"
    ),
    Operation(
        "vector_store_files.delete",
        "DELETE",
        "/vector_stores/{vector_store_id}/files/{file_id}",
    ),
    Operation(
        "file_batches.create", "POST", "/vector_stores/{vector_store_id}/file_batches"
    ),
    Operation(
        "file_batches.retrieve",
        "GET",
        "/vector_stores/{vector_store_id}/file_batches/{batch_id}",
    ),
    Operation(
        "file_batches.cancel",
        "POST",
        "/vector_stores/{vector_store_id}/file_batches/{batch_id}/cancel",
    ),
    Operation(
        "file_batches.list_files",
        "GET",
        "/vector_stores/{vector_store_id}/file_batches/{batch_id}/files",
    ),
]

OPERATIONS: Dict[str, Operation] = {op.name: op for op in _TABLE}


def get_operation(name: str) -> Operation:
    """Look up an operation by name; a typo is a programming error, so it raises KeyError."""
    return OPERATIONS[name]


@attrs.frozen
class Request:
    """One call, ready for a backend: the operation, its ids (checked and encoded into
    ``path``), the query and JSON body with the caller's ``extra_query`` / ``extra_body``
    already merged in, file parts, and the per-call options (headers, timeout).

    Build it with :meth:`build`, the one place per-call options are merged, so every backend
    -- HTTP or bridge, streamed or not -- sees the same query and body.
    """

    operation: Operation
    ids: Mapping[str, str]
    path: str
    query: Mapping[str, Any]
    body: Optional[Mapping[str, Any]]
    files: Optional[Mapping[str, FileField]] = None
    options: RequestOptions = NO_OPTIONS

    @classmethod
    def build(
        cls,
        operation_name: str,
        *,
        ids: Optional[Mapping[str, object]] = None,
        query: Optional[Mapping[str, Any]] = None,
        body: Optional[Mapping[str, Any]] = None,
        files: Optional[Mapping[str, FileField]] = None,
        options: RequestOptions = NO_OPTIONS,
    ) -> Request:
        """Check the ids, drop ``NOT_GIVEN`` values, turn models in the body into JSON and
        merge the per-call extras. Raises :class:`InvalidRequestError` for a bad id."""
        operation = get_operation(operation_name)
        given = ids or {}
        path = operation.render_path(given)
        wire_query = compact(dict(query or {}))
        if options.extra_query:
            wire_query.update(options.extra_query)
        wire_body: Optional[Dict[str, Any]] = None
        if body is not None or options.extra_body:
            wire_body = unstructure(compact(dict(body or {})))
            if options.extra_body:
                wire_body.update(options.extra_body)
        return cls(operation, {k: str(v) for k, v in given.items()}, path, wire_query,
                   wire_body, files, options)

    def with_body(self, body: Optional[Mapping[str, Any]]) -> Request:
        """The same request with another JSON body (already in wire form)."""
        return attrs.evolve(self, body=body)
