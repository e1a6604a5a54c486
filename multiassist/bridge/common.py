"""Small helpers shared by the bridge modules: ids, clock, list pages, local errors."""

from __future__ import annotations

import time
import uuid
from typing import Any, Dict, Mapping, Sequence
from urllib.parse import quote

from multiassist.errors import InvalidRequestError, NotFoundError

__all__ = ["new_id", "not_found", "now", "page", "paging", "public", "seg"]


def new_id(prefix: str) -> str:
    """A fresh id in the API's style, e.g. ``asst_3f9c...``."""
    return f"{prefix}{uuid.uuid4().hex[:24]}"


def seg(value: object) -> str:
    """An id as exactly one URL path segment (percent-encoded; ``.``/``..`` refused)."""
    text = str(value)
    if text in (".", ".."):
        raise InvalidRequestError(f"{text!r} is not a valid id")
    return quote(text, safe="")


def now() -> int:
    return int(time.time())


def not_found(kind: str, id: str) -> NotFoundError:
    """The 404 the Assistants API would answer for an unknown id."""
    return NotFoundError(f"No {kind} found with id '{id}'.", status_code=404,
                         type="invalid_request_error")


def page(docs: Sequence[Mapping[str, Any]], has_more: bool) -> Dict[str, Any]:
    """A list page in the Assistants API's shape."""
    data = list(docs)
    return {"object": "list", "data": data,
            "first_id": data[0]["id"] if data else None,
            "last_id": data[-1]["id"] if data else None, "has_more": has_more}


def paging(query: Mapping[str, Any]) -> Dict[str, Any]:
    """The store's list arguments from an Assistants list query."""
    args: Dict[str, Any] = {"limit": int(query.get("limit", 20)),
                            "order": query.get("order", "desc")}
    for key in ("after", "before"):
        if query.get(key):
            args[key] = query[key]
    return args


def public(doc: Mapping[str, Any]) -> Dict[str, Any]:
    """A stored record without the bridge's private fields."""
    return {k: v for k, v in doc.items() if k not in ("conversation", "_bridge")}
