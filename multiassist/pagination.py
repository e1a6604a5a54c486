# Generated from multiassist/_async/pagination.py by scripts/generate_sync.py:
# edit that file and run `python -m scripts.generate_sync`; `make test` fails on drift.
"""Cursor pagination: one page of a list endpoint, and iteration across all pages.

Iterating a :class:`CursorPage` yields every item of this page and of the pages after it,
fetching each next page only when the previous one is used up, so memory stays constant
however long the list is.
"""

from __future__ import annotations

from typing import (
    Any,
    Generic,
    Iterator,
    List,
    Optional,
    Protocol,
    Tuple,
    TypeVar,
)

from multiassist._types import PageInfo
from multiassist.dumping import Dumpable, DumpOptions

__all__ = ["CursorPage"]

T = TypeVar("T")


class NextPage(Protocol[T]):
    """Fetches the page after ``page``."""

    def __call__(self, page: CursorPage[T]) -> CursorPage[T]: ...


class CursorPage(Dumpable, Generic[T]):
    """One page of results: ``data``, ``first_id``, ``last_id``, ``has_more``.

    ``page.to_json()``, ``page.model_dump()``... give the API's list object,
    ``{"data": [...], "has_more": ..., "object": "list", "first_id": ..., "last_id": ...}``,
    with this page's items only (see :class:`multiassist.dumping.Dumpable` for the options).

    ``for item in page`` walks this page and every following one (auto-pagination);
    ``page.data`` is just this page. The Azure SDK's camelCase names (``firstId``,
    ``lastId``, ``hasMore``) are available too.

    Example::

        for message in client.beta.threads.messages.list(thread.id, order="asc"):
            print(message.text)
    """

    def __init__(
        self,
        data: List[T],
        *,
        first_id: Optional[str],
        last_id: Optional[str],
        has_more: bool,
        fetch_next: Optional[NextPage[T]] = None,
        backwards: bool = False,
    ) -> None:
        self.data = data
        self.first_id = first_id
        self.last_id = last_id
        self.has_more = has_more
        self._fetch_next = fetch_next
        self._backwards = backwards

    def __repr__(self) -> str:
        return (
            f"CursorPage(len(data)={len(self.data)}, first_id={self.first_id!r}, "
            f"last_id={self.last_id!r}, has_more={self.has_more})"
        )

    def _dump_items(self, options: DumpOptions) -> Iterator[Tuple[str, Any]]:
        # openai-python's order: its page model's fields, then the list object's others.
        yield "data", self.data
        yield "has_more", self.has_more
        yield "object", "list"
        for key, value in (("first_id", self.first_id), ("last_id", self.last_id)):
            if value is not None or not options.exclude_none:
                yield key, value

    @property
    def firstId(self) -> Optional[str]:
        return self.first_id

    @property
    def lastId(self) -> Optional[str]:
        return self.last_id

    @property
    def hasMore(self) -> bool:
        return self.has_more

    def has_next_page(self) -> bool:
        """True when the server said more items follow this page."""
        # A page may be empty yet have more after it (e.g. filtered on the client side):
        # the cursor, not the data, says where the next page starts.
        return bool(self.has_more and self._fetch_next is not None
                    and (self.last_id or self.first_id))

    def next_page_info(self) -> Optional[PageInfo]:
        """The cursor of the next page (None when there is none): ``.params`` is
        ``{"after": last_id}``, or ``{"before": first_id}`` for a list asked ``before=``."""
        if not self.has_next_page():
            return None
        if self._backwards:
            return PageInfo(params={"before": self.first_id})
        return PageInfo(params={"after": self.last_id})

    def get_next_page(self) -> CursorPage[T]:
        """Fetch the page after this one; raises StopIteration when there is none."""
        if not self.has_next_page() or self._fetch_next is None:
            raise StopIteration("no further page")
        return self._fetch_next(self)

    def iter_pages(self) -> Iterator[CursorPage[T]]:
        """Yield this page and each following page, one request per page."""
        page: CursorPage[T] = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = page.get_next_page()

    def __iter__(self) -> Iterator[T]:
        for page in self.iter_pages():
            for item in page.data:
                yield item
