"""The bridge backend: Assistants-API-style assistants, threads, messages, runs and run steps
carried out on OpenAI's Responses and Conversations APIs, with the records those APIs do not
keep held locally in :class:`BridgeStore`."""

from __future__ import annotations

from multiassist.bridge.store import (
    BridgeStore,
    StoreCursorError,
    StoreError,
    StoreNotFound,
    default_store_path,
)

__all__ = [
    "BridgeStore",
    "StoreCursorError",
    "StoreError",
    "StoreNotFound",
    "default_store_path",
]
