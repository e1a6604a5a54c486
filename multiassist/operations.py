"""The catalogue of Assistants API operations: method, path template and whether the
route is part of the beta (``OpenAI-Beta: assistants=v2``) surface.

Paths are provider-neutral (``/threads/{thread_id}/runs``); a backend adds its base URL and
query. :meth:`Operation.render_path` is the single place IDs become URL path segments: each ID
is validated and percent-encoded as exactly one segment, so ``"a/b"`` can never address
another resource.
"""

from __future__ import annotations

import re
from typing import Dict, Mapping
from urllib.parse import quote

import attrs

from multiassist.errors import InvalidRequestError

__all__ = ["OPERATIONS", "Operation", "get_operation"]

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
