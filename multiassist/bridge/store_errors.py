"""The errors of the bridge store (:mod:`multiassist.bridge.store`).

Owns :class:`StoreError` and its two refinements; all three are importable from
:mod:`multiassist.bridge.store` and :mod:`multiassist.bridge`.  Kept apart so that the
store's file handling (:mod:`multiassist.bridge.store_schema`) and the store itself raise
the same classes without importing each other.
"""

from __future__ import annotations

from typing import Optional

from multiassist.errors import MultiassistError

__all__ = ["StoreCursorError", "StoreError", "StoreNotFound"]


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
