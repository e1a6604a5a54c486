"""Provider backends and their registry. ``openai`` and ``azure`` are registered here;
:func:`register_backend` adds more (see :mod:`multiassist.backends.base`)."""

from __future__ import annotations

from .azure import DEFAULT_AZURE_API_VERSION, AzureBackend
from .base import (
    Backend,
    BackendFactory,
    PreparedCall,
    available_backends,
    create_backend,
    register_backend,
)
from .foundry import FOUNDRY_API_VERSIONS, FoundryBackend
from .openai import OPENAI_BASE_URL, OpenAIBackend

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
