"""Which bridge store a ``store=`` value names: a file path (SQLite), a ``postgresql://``
URL (PostgreSQL), or a store object, and the methods every store offers."""

from __future__ import annotations

import os
import re
from typing import (
    Any,
    Callable,
    Dict,
    Iterable,
    List,
    Mapping,
    Optional,
    Protocol,
    Tuple,
    Union,
    runtime_checkable,
)

from multiassist.bridge.store import BridgeStore
from multiassist.bridge.store_postgres import URL_SCHEMES, PostgresStore, redact_url
from multiassist.errors import ConfigurationError

__all__ = ["ENV_VAR", "RecordStore", "open_store"]

#: The environment variable naming the store when neither ``store=`` nor a profile does.
ENV_VAR = "MULTIASSIST_BRIDGE_STORE"

JSONDoc = Dict[str, Any]

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")


@runtime_checkable
class RecordStore(Protocol):
    """What the bridge needs of a store; :class:`~multiassist.bridge.store.BridgeStore`
    and :class:`~multiassist.bridge.store_postgres.PostgresStore` both offer it."""

    path: str

    def put(self, kind: str, doc: Mapping[str, Any], *,
            parent: Optional[str] = None) -> JSONDoc: ...

    def put_many(self, kind: str, docs: Iterable[Mapping[str, Any]], *,
                 parent: Optional[str] = None) -> int: ...

    def get(self, kind: str, id: str) -> Optional[JSONDoc]: ...

    def delete(self, kind: str, id: str) -> bool: ...

    def delete_children(self, kind: str, parent: str) -> int: ...

    def delete_tree(self, kind: str, id: str) -> int: ...

    def put_unless(self, kind: str, doc: Mapping[str, Any], *, parent: str,
                   blocks: Callable[[JSONDoc], bool]) -> Optional[JSONDoc]: ...

    def update(self, kind: str, id: str,
               change: Callable[[JSONDoc], JSONDoc]) -> JSONDoc: ...

    def list(self, kind: str, *, parent: Optional[str] = None, limit: int = 20,
             order: str = "desc", after: Optional[str] = None,
             before: Optional[str] = None) -> Tuple[List[JSONDoc], bool]: ...

    def find(self, kind: str, *, field: str, value: str) -> Optional[JSONDoc]: ...

    def close(self) -> None: ...


def open_store(
    value: Union[RecordStore, str, os.PathLike[str], None],
    environ: Mapping[str, str] = os.environ,
) -> RecordStore:
    """The store ``value`` names.

    A store object is used as it is; ``postgresql://...`` (or ``postgres://``) opens a
    :class:`PostgresStore`; any other string or path is an SQLite file
    (:class:`BridgeStore`); None means ``$MULTIASSIST_BRIDGE_STORE`` when set, else the
    default SQLite file. A URL of any other scheme (``mysql://``, ``sqlite://``, ...) is a
    :class:`~multiassist.errors.ConfigurationError`, not a relative path.
    """
    if isinstance(value, (BridgeStore, PostgresStore)) or (
        value is not None and not isinstance(value, (str, os.PathLike))
        and isinstance(value, RecordStore)
    ):
        return value
    if value is None:
        value = environ.get(ENV_VAR) or None
        if value is None:
            return BridgeStore()
    if not isinstance(value, (str, os.PathLike)):
        raise ConfigurationError(
            f"store must be a path, a postgresql:// URL or a store object, "
            f"not {type(value).__name__}")
    text = os.fspath(value)
    scheme = _SCHEME.match(text)
    if scheme is not None:
        name = scheme.group(1).lower()
        if name in URL_SCHEMES:
            return PostgresStore(text)
        raise ConfigurationError(
            f"store {redact_url(text)!r} is a URL of the unsupported scheme {name!r}: "
            f"use a file path (SQLite) or a postgresql:// URL")
    return BridgeStore(text)
