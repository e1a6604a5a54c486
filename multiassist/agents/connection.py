"""Where an agents client connects: a Foundry project endpoint (azure-ai-agents 1.x), a
hub-based project's connection string (azure-ai-projects 1.0.0b*), or -- when a multiassist
profile is chosen -- whatever backend that profile names.

Without a profile the agents clients speak Foundry Agent Service (classic), as Microsoft's
SDKs do. With ``MULTIASSIST_PROFILE=<name>`` (or ``profile=``) the profile decides the
provider and its settings (``azure-responses`` on a resource or a Foundry project,
``openai-responses``, ...); the program's endpoint fills in when the profile names none, and
the program's credential is used unless the profile names an API key or token. Moving a
program off Agent Service classic is then a profile change.
"""

from __future__ import annotations

import os
import urllib.parse
from typing import Any, Callable, Dict, Optional, Tuple, TypeVar

from multiassist.backends.base import is_loopback_host
from multiassist.backends.foundry import hub_endpoint, is_hub_endpoint
from multiassist.config.profiles import load_profile
from multiassist.errors import ConfigurationError

__all__ = ["PROJECT_ENDPOINT_FORM", "connect", "hub_endpoint_from_connection_string"]

PROJECT_ENDPOINT_FORM = "https://<account>.services.ai.azure.com/api/projects/<project>"
CONNECTION_STRING_FORM = "<host>;<subscription id>;<resource group>;<project name>"
_AUTH_OPTIONS = ("api_key", "azure_ad_token", "azure_ad_token_provider")

C = TypeVar("C")


def hub_endpoint_from_connection_string(conn_str: str) -> str:
    """The hub-era Agent Service URL a beta connection string names.

    ``https://<host>`` as Microsoft's beta builds it; ``http://`` for a loopback host
    (an emulator). Raises :class:`~multiassist.errors.ConfigurationError` naming the form.
    """
    if not isinstance(conn_str, str) or not conn_str.strip():
        raise ConfigurationError(
            f"a connection string is required: {CONNECTION_STRING_FORM!r}, copied from the "
            "hub-based project's overview page")
    parts = conn_str.strip().split(";")
    if len(parts) != 4 or not all(p.strip() for p in parts):
        raise ConfigurationError(
            f"the connection string has {len(parts)} part(s); it must be "
            f"{CONNECTION_STRING_FORM!r} (four parts separated by ';')")
    host, subscription, group, project = (p.strip() for p in parts)
    if "://" in host or "/" in host:
        raise ConfigurationError(
            f"the connection string's first part must be a host name such as "
            f"'eastus2.api.azureml.ms', not a URL ({host!r})")
    hostname = urllib.parse.urlsplit("//" + host).hostname or ""
    scheme = "http" if is_loopback_host(hostname) else "https"
    return hub_endpoint(f"{scheme}://{host}", subscription, group, project)


def _check_project_endpoint(endpoint: Any, client: str) -> str:
    if not isinstance(endpoint, str) or not endpoint.strip():
        raise ConfigurationError(
            f"{client} needs endpoint=, the Foundry project endpoint {PROJECT_ENDPOINT_FORM!r}"
            " (PROJECT_ENDPOINT in Microsoft's samples)")
    if "/api/projects/" in endpoint or is_hub_endpoint(endpoint):
        return endpoint
    raise ConfigurationError(
        f"{client} needs a Foundry project endpoint, {PROJECT_ENDPOINT_FORM!r}; "
        f"{endpoint!r} has no /api/projects/<project> (a resource URL?). Copy the project "
        "endpoint from the project's overview page, or, to use a resource through the "
        "Responses API, choose a profile with provider = \"azure-responses\" "
        "(MULTIASSIST_PROFILE)")


def connect(build: Callable[..., C], endpoint: Any, credential: Any, *, client: str,
            api_version: Optional[str] = None, credential_scopes: Optional[Any] = None,
            profile: Optional[str] = None, config: Optional[str] = None) -> Tuple[C, str]:
    """A multiassist client for an agents client, made by ``build`` (``AssistantsClient``
    or ``AsyncAssistantsClient``), and a description of where it goes. ``endpoint`` is a
    Foundry project endpoint or a hub-era route."""
    scope = None
    if credential_scopes is not None:
        scopes = [credential_scopes] if isinstance(credential_scopes, str) \
            else list(credential_scopes)
        if len(scopes) != 1:
            raise ConfigurationError("credential_scopes takes one scope, e.g. "
                                     "['https://ai.azure.com/.default']")
        scope = scopes[0]
    chosen = profile or os.environ.get("MULTIASSIST_PROFILE")
    if chosen:
        name, options = load_profile(config, chosen)
        merged: Dict[str, Any] = dict(options)
        if not any(key in merged for key in _AUTH_OPTIONS) and credential is not None:
            merged["credential"] = credential  # the program's, over the profile's Entra one
        if "endpoint" not in merged and "base_url" not in merged:
            if merged.get("provider") == "azure-responses" and is_hub_endpoint(str(endpoint)):
                raise ConfigurationError(
                    f"profile {name!r}: a hub-based project (connection string) has no "
                    "Responses endpoint; set endpoint = the Foundry project endpoint "
                    f"{PROJECT_ENDPOINT_FORM!r} or the resource in the profile")
            if merged.get("provider") != "openai-responses" and merged.get("provider") \
                    != "openai":
                merged["endpoint"] = endpoint
        if merged.get("provider") == "foundry":
            _check_project_endpoint(merged.get("endpoint"), client)
            merged.setdefault("api_version", api_version)
        if scope is not None:
            merged.setdefault("token_scope", scope)
        built = build(**{k: v for k, v in merged.items() if v is not None})
        return built, f"profile {name!r}"
    endpoint = _check_project_endpoint(endpoint, client)
    built = build(provider="foundry", endpoint=endpoint, credential=credential,
                  api_version=api_version, token_scope=scope)
    return built, "foundry"
