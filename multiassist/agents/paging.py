# Generated from multiassist/_async/agents/paging.py by scripts/generate_sync.py:
# edit that file and run `python -m scripts.generate_sync`; `make test` fails on drift.
"""The answer of the 1.x SDK's list calls (``messages.list(...)``...): iterating it yields
every item across pages, fetching one page at a time, as azure-core's ``ItemPaged`` does.
"""

from __future__ import annotations

from typing import Any, Callable, Generic, Iterator, List, TypeVar

from multiassist.pagination import CursorPage

__all__ = ["ItemPaged"]

V = TypeVar("V")


class ItemPaged(Generic[V]):
    """Iterate it for every item across pages (one request per page); ``by_page()`` yields
    the pages as lists."""

    def __init__(self, page: CursorPage[Any], convert: Callable[[Any], V]) -> None:
        self._page = page
        self._convert = convert

    def __iter__(self) -> Iterator[V]:
        for item in self._page:
            yield self._convert(item)

    def by_page(self) -> Iterator[List[V]]:
        """Each page's items, one request per page."""
        first = self._page
        for page in first.iter_pages():
            yield [self._convert(item) for item in page.data]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._page!r})"
