"""The bridge backend: Assistants-API-style assistants, threads, messages, runs and run steps
carried out on OpenAI's Responses and Conversations APIs, with the records those APIs do not
keep held locally in a store: :class:`BridgeStore` (an SQLite file, the default) or
:class:`PostgresStore` (one database shared by many hosts)."""

from __future__ import annotations

from multiassist.bridge.store import (
    BridgeStore,
    StoreCursorError,
    StoreError,
    StoreNotFound,
    default_store_path,
)
from multiassist.bridge.store_open import RecordStore, open_store
from multiassist.bridge.store_postgres import PostgresStore

__all__ = [
    "BridgeStore",
    "PostgresStore",
    "RecordStore",
    "StoreCursorError",
    "StoreError",
    "StoreNotFound",
    "default_store_path",
    "open_store",
]
