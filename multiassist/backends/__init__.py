"""Provider backends and their registry. ``openai`` and ``azure`` are registered here;
:func:`register_backend` adds more (see :mod:`multiassist.backends.base`)."""

from __future__ import annotations

from typing import Any

from multiassist.backends.azure import DEFAULT_AZURE_API_VERSION, AzureBackend
from multiassist.backends.base import (
    Backend,
    BackendFactory,
    PreparedCall,
    available_backends,
    create_backend,
    register_backend,
)
from multiassist.backends.foundry import FOUNDRY_API_VERSIONS, FoundryBackend
from multiassist.backends.openai import OPENAI_BASE_URL, OpenAIBackend

__all__ = [
    "DEFAULT_AZURE_API_VERSION",
    "FOUNDRY_API_VERSIONS",
    "OPENAI_BASE_URL",
    "AzureBackend",
    "Backend",
    "BackendFactory",
    "FoundryBackend",
    "OpenAIBackend",
    "PreparedCall",
    "available_backends",
    "create_backend",
    "register_backend",
]

register_backend("openai", OpenAIBackend)
register_backend("azure", AzureBackend)
register_backend("foundry", FoundryBackend)


def _responses_bridge(**options: Any) -> Backend:
    # Imported on use: the bridge pulls in sqlite3, which plain clients never need.
    from multiassist.bridge.backend import ResponsesBridge

    return ResponsesBridge(**options)


register_backend("openai-responses", _responses_bridge)
register_backend("azure-responses", _responses_bridge)
