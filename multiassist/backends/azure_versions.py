"""Which Azure OpenAI api-versions serve Assistants, and on which wire.

- v1 wire (``file_ids`` on assistants and messages, the ``retrieval`` tool, assistant and
  message file endpoints): 2024-02-15-preview, 2024-03-01-preview, 2024-04-01-preview.
- v2 wire (``tool_resources``, ``attachments``, ``file_search``, vector stores):
  2024-05-01-preview and every later preview through 2025-04-01-preview.

GA versions never carried Assistants and are refused with a version that works; an unknown
preview newer than the newest known one is assumed to be v2 (and logged at debug level).
"""

from __future__ import annotations

import logging
import re

from multiassist.errors import ConfigurationError

__all__ = [
    "DEFAULT_AZURE_API_VERSION",
    "V1_WIRE_VERSIONS",
    "V2_WIRE_VERSIONS",
    "wire_for_api_version",
]

log = logging.getLogger("multiassist.backends.azure")

V1_WIRE_VERSIONS = ("2024-02-15-preview", "2024-03-01-preview", "2024-04-01-preview")
V2_WIRE_VERSIONS = (
    "2024-05-01-preview",
    "2024-07-01-preview",
    "2024-08-01-preview",
    "2024-09-01-preview",
    "2024-10-01-preview",
    "2024-12-01-preview",
    "2025-01-01-preview",
    "2025-02-01-preview",
    "2025-03-01-preview",
    "2025-04-01-preview",
)
#: The newest Azure OpenAI api-version that serves Assistants v2.
DEFAULT_AZURE_API_VERSION = V2_WIRE_VERSIONS[-1]

_DATED = re.compile(r"^(\d{4}-\d{2}-\d{2})(-preview)?$")


def wire_for_api_version(version: str) -> str:
    """Return ``"v1"`` or ``"v2"`` for an api-version; refuse one without Assistants."""
    if not isinstance(version, str) or not version.strip():
        raise ConfigurationError(
            f"api_version must be a non-empty string such as {DEFAULT_AZURE_API_VERSION!r}"
        )
    version = version.strip()
    if version in V1_WIRE_VERSIONS:
        return "v1"
    if version in V2_WIRE_VERSIONS:
        return "v2"
    match = _DATED.match(version)
    if match and match.group(2) and match.group(1) > DEFAULT_AZURE_API_VERSION[:10]:
        log.debug("api-version %s is newer than the known ones; assuming the v2 wire", version)
        return "v2"
    if match and not match.group(2):
        reason = f"{version} is a GA api-version, and no GA api-version serves Assistants"
    elif version in ("v1", "latest", "preview"):
        reason = (
            f"api-version {version!r} is Azure's v1 surface (/openai/v1), which has no "
            "Assistants routes; use the Responses backend for it"
        )
    else:
        reason = f"api-version {version!r} does not serve Assistants"
    raise ConfigurationError(
        f"{reason}. Use {DEFAULT_AZURE_API_VERSION!r} (Assistants v2) or, for code written "
        f"against the v1 wire, {V1_WIRE_VERSIONS[0]!r}"
    )
