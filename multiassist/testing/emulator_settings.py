"""An ``Emulator``'s configuration: its defaults and argument checks, the api-versions each
prefix accepts, and what each flavor points at (endpoint, base URLs, ``client()`` options)."""

from __future__ import annotations

import urllib.parse
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple

from multiassist.testing.errors import AZURE, FLAVORS, FOUNDRY, OPENAI
from multiassist.testing.versions import (
    AZURE_API_VERSIONS,
    DEFAULT_AZURE_API_VERSION,
    DEFAULT_FOUNDRY_API_VERSION,
    FOUNDRY_API_VERSIONS,
)

__all__ = [
    "DEFAULT_API_KEY",
    "DEFAULT_API_VERSION",
    "DEFAULT_DEPLOYMENTS",
    "DEFAULT_PROJECT",
    "base_url",
    "check_flavor_and_project",
    "client_options",
    "default_api_version",
    "endpoint_url",
    "resolve_api_versions",
    "responses_base_url",
]

DEFAULT_API_KEY = "emulator-key"
DEFAULT_API_VERSION = DEFAULT_AZURE_API_VERSION
DEFAULT_PROJECT = "emulator-project"
_BAD_PROJECT_CHARS = frozenset("/?#%")
DEFAULT_DEPLOYMENTS: Mapping[str, str] = {"gpt-4o": "gpt-4o", "gpt-4o-mini": "gpt-4o-mini"}


def check_flavor_and_project(flavor: str, project: str) -> None:
    """ValueError unless ``flavor`` is known and ``project`` is one clean path segment."""
    if flavor not in FLAVORS:
        raise ValueError(f"flavor must be one of {FLAVORS}, not {flavor!r}")
    if not isinstance(project, str) or not project or _BAD_PROJECT_CHARS & set(project):
        raise ValueError(f"project must be a non-empty path segment, not {project!r}")


def default_api_version(flavor: str) -> str:
    """What ``client()`` sends when no ``api_version`` is given."""
    return DEFAULT_FOUNDRY_API_VERSION if flavor == FOUNDRY else DEFAULT_API_VERSION


def resolve_api_versions(
    flavor: str, api_versions: Optional[Iterable[str]]
) -> Tuple[List[str], List[str]]:
    """The api-versions ``/openai`` and Foundry accept (fresh lists): ``api_versions``
    narrows Foundry's on the foundry flavor, ``/openai``'s otherwise."""
    azure_versions = list(AZURE_API_VERSIONS)
    foundry_versions = list(FOUNDRY_API_VERSIONS)
    if api_versions is not None and flavor == FOUNDRY:
        foundry_versions = list(api_versions)
    elif api_versions is not None:
        azure_versions = list(api_versions)
    return azure_versions, foundry_versions


def endpoint_url(flavor: str, origin: str, project: str) -> str:
    """``origin`` (openai and azure), ``<origin>/api/projects/<project>`` (foundry)."""
    if flavor == FOUNDRY:
        return f"{origin}/api/projects/{urllib.parse.quote(project)}"
    return origin


def base_url(flavor: str, origin: str, project: str) -> str:
    """``<origin>/v1`` (openai), ``<origin>/openai`` (azure), the endpoint (foundry)."""
    if flavor == FOUNDRY:
        return endpoint_url(flavor, origin, project)
    return origin + ("/openai" if flavor == AZURE else "/v1")


def responses_base_url(flavor: str, origin: str, project: str) -> str:
    """``<origin>/v1`` (openai), ``<origin>/openai/v1`` (azure), ``<endpoint>/openai/v1``
    (foundry)."""
    if flavor == OPENAI:
        return origin + "/v1"
    return endpoint_url(flavor, origin, project) + "/openai/v1"


def client_options(
    flavor: str,
    *,
    origin: str,
    project: str,
    api_key: str,
    api_version: str,
    deployments: Mapping[str, str],
    token: str,
) -> Dict[str, Any]:
    """The ``AssistantsClient`` keyword arguments that point a client at the emulator."""
    options: Dict[str, Any] = {}
    if flavor == FOUNDRY:
        options.update(
            provider="foundry",
            endpoint=endpoint_url(flavor, origin, project),
            azure_ad_token=token,
            api_version=api_version,
            deployments=dict(deployments),
        )
    elif flavor == AZURE:
        options.update(
            api_key=api_key,
            provider="azure",
            endpoint=endpoint_url(flavor, origin, project),
            api_version=api_version,
            deployments=dict(deployments),
        )
    else:
        options.update(
            api_key=api_key, provider="openai", base_url=base_url(flavor, origin, project)
        )
    return options
