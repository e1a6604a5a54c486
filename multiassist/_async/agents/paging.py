"""The answer of the 1.x SDK's list calls (``messages.list(...)``...): iterating it yields
every item across pages, fetching one page at a time, as azure-core's ``AsyncItemPaged`` does.
"""

from __future__ import annotations

from typing import Any, AsyncIterator, Callable, Generic, List, TypeVar

from multiassist._async.pagination import AsyncPaginator

__all__ = ["AsyncItemPaged"]

V = TypeVar("V")


class AsyncItemPaged(Generic[V]):
    """Iterate it for every item across pages (one request per page); ``by_page()`` yields
    the pages as lists."""

    def __init__(self, page: AsyncPaginator[Any], convert: Callable[[Any], V]) -> None:
        self._page = page
        self._convert = convert

    async def __aiter__(self) -> AsyncIterator[V]:
        async for item in self._page:
            yield self._convert(item)

    async def by_page(self) -> AsyncIterator[List[V]]:
        """Each page's items, one request per page."""
        first = await self._page
        async for page in first.iter_pages():
            yield [self._convert(item) for item in page.data]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._page!r})"
