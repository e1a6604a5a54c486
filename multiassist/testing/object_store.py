"""The emulator's in-memory store: tables of wire objects behind one lock, ids and the clock.

Every handler runs while holding ``Store.lock``, so tables need no locking of their own.
Objects are kept as the JSON dicts sent on the wire; ``Record.seq`` orders objects that
share a ``created_at`` second.
"""

from __future__ import annotations

import itertools
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

JSONDict = Dict[str, Any]

ID_PREFIXES: Dict[str, str] = {
    "assistant": "asst_",
    "thread": "thread_",
    "message": "msg_",
    "run": "run_",
    "step": "step_",
    "file": "file-",
    "vector_store": "vs_",
    "file_batch": "vsfb_",
    "tool_call": "call_",
}


@dataclass
class Record:
    """One stored object: its wire dict, creation sequence and private emulator state."""

    obj: JSONDict
    seq: int
    extra: Dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        """The object's id."""
        return str(self.obj["id"])


class Table:
    """An insertion-ordered id -> Record map."""

    def __init__(self, seq: Callable[[], int]) -> None:
        self._rows: Dict[str, Record] = {}
        self._seq = seq

    def add(self, obj: JSONDict, **extra: Any) -> Record:
        """Store ``obj`` (which must carry its ``id``)."""
        rec = Record(obj, self._seq(), dict(extra))
        self._rows[rec.id] = rec
        return rec

    def get(self, object_id: str) -> Optional[Record]:
        """The record with this id, or None."""
        return self._rows.get(object_id)

    def remove(self, object_id: str) -> Optional[Record]:
        """Delete and return the record with this id (None if absent)."""
        return self._rows.pop(object_id, None)

    def records(self) -> List[Record]:
        """All records in creation order."""
        return list(self._rows.values())

    def __iter__(self) -> Iterator[Record]:
        return iter(list(self._rows.values()))

    def __len__(self) -> int:
        return len(self._rows)


class Store:
    """All emulator state. Hold ``lock`` while reading or writing anything."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.lock = threading.RLock()
        self._clock = clock
        self.clock_offset = 0.0
        self._counter = itertools.count(1)
        self._tables: Dict[Tuple[str, str], Table] = {}
        self.blobs: Dict[str, bytes] = {}

    def now(self) -> int:
        """Current unix time in whole seconds (plus ``clock_offset``)."""
        return int(self.clock())

    def clock(self) -> float:
        """The emulator's clock: unix time plus ``clock_offset``, in fractional seconds."""
        return self._clock() + self.clock_offset

    def new_id(self, kind: str) -> str:
        """A fresh id with the real API's prefix for ``kind``."""
        return ID_PREFIXES[kind] + uuid.uuid4().hex[:24]

    def _next_seq(self) -> int:
        return next(self._counter)

    def table(self, kind: str, parent: str = "") -> Table:
        """The table of ``kind`` objects under ``parent`` (e.g. messages of one thread)."""
        key = (kind, parent)
        tab = self._tables.get(key)
        if tab is None:
            tab = Table(self._next_seq)
            self._tables[key] = tab
        return tab

    def drop(self, kind: str, parent: str) -> None:
        """Forget a whole child table (e.g. the messages of a deleted thread)."""
        self._tables.pop((kind, parent), None)
