"""Cursor pagination shared by every list endpoint (limit / order / after / before).

Semantics as the API defines them: objects sorted by ``created_at`` (ties broken by
creation sequence), ``order`` ``desc`` by default, ``after``/``before`` are object ids
bounding the page, and ``has_more`` tells whether more objects lie beyond the page in
the direction of travel.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence

from multiassist.testing.object_store import JSONDict, Record
from multiassist.testing.wire.problems import ApiError, bad_request, invalid_value

Query = Mapping[str, Sequence[str]]


def query_value(query: Query, name: str) -> Optional[str]:
    """The last value of a query parameter, or None."""
    values = query.get(name)
    return values[-1] if values else None


def _parse_limit(raw: Optional[str], default: int, maximum: int) -> int:
    if raw is None:
        return default
    try:
        limit = int(raw)
    except ValueError:
        raise bad_request(
            "Invalid type for 'limit': expected an integer, but got a string instead.",
            param="limit",
            code="invalid_type",
        ) from None
    if limit < 1:
        raise bad_request(
            f"Invalid 'limit': integer below minimum value. Expected a value >= 1, "
            f"but got {limit} instead.",
            param="limit",
            code="integer_below_min_value",
        )
    if limit > maximum:
        raise bad_request(
            f"Invalid 'limit': integer above maximum value. Expected a value <= {maximum}, "
            f"but got {limit} instead.",
            param="limit",
            code="integer_above_max_value",
        )
    return limit


def _cursor_index(ordered: List[Record], cursor: str, name: str) -> int:
    for index, rec in enumerate(ordered):
        if rec.id == cursor:
            return index
    raise ApiError(
        400,
        f"Invalid '{name}': no object with id '{cursor}' in this list.",
        param=name,
        code="invalid_value",
    )


def paginate(
    records: Iterable[Record],
    query: Query,
    *,
    default_limit: int = 20,
    max_limit: int = 100,
    allow_before: bool = True,
    render: Optional[Callable[[Record], JSONDict]] = None,
) -> Dict[str, Any]:
    """Build a ``{"object": "list", ...}`` page from ``records`` per the query parameters.

    ``render`` turns a record into its wire dict (default: the stored object itself).
    Raises ApiError (400) for a bad ``limit``, ``order`` or unknown cursor id.
    """
    limit = _parse_limit(query_value(query, "limit"), default_limit, max_limit)
    order = query_value(query, "order") or "desc"
    if order not in ("asc", "desc"):
        raise invalid_value(order, ["asc", "desc"], "order")
    ordered = sorted(records, key=lambda r: (r.obj.get("created_at", 0), r.seq))
    if order == "desc":
        ordered.reverse()

    after = query_value(query, "after")
    before = query_value(query, "before") if allow_before else None
    start, stop = 0, len(ordered)
    if after:
        start = _cursor_index(ordered, after, "after") + 1
    if before:
        stop = _cursor_index(ordered, before, "before")
    window = ordered[start:stop] if start < stop else []

    if before and not after:
        # Paging backwards: the page is the `limit` objects just before the cursor.
        page = window[-limit:]
        has_more = len(window) > limit
    else:
        page = window[:limit]
        has_more = len(window) > limit

    draw = render or (lambda rec: rec.obj)
    data = [draw(rec) for rec in page]
    return {
        "object": "list",
        "data": data,
        "first_id": data[0]["id"] if data else None,
        "last_id": data[-1]["id"] if data else None,
        "has_more": has_more,
    }
