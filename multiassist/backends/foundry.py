"""The Azure AI Foundry Agent Service (classic) backend: the Assistants wire on a Foundry
project endpoint, ``https://<aiservices>.services.ai.azure.com/api/projects/<project>``.

Differences from Azure OpenAI: paths have no ``/openai`` prefix, the api-version is ``v1`` by
default (``2025-05-01`` and ``2025-05-15-preview`` also work), only Microsoft Entra ID is
accepted (scope ``https://ai.azure.com/.default``), and threads can be listed. Microsoft keeps
this service on the Assistants wire until 2027-03-31.

A hub-based project (the preview that azure-ai-projects 1.0.0b1..b10 reached through a
connection string) serves the same wire under
``https://<host>/agents/v1.0/subscriptions/<sub>/resourceGroups/<rg>/providers/
Microsoft.MachineLearningServices/workspaces/<project>``, with api-version
``2024-12-01-preview`` (or ``2024-07-01-preview``) and tokens for ``https://ml.azure.com``;
give that URL as the endpoint (:func:`hub_endpoint` builds it).
"""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence
from urllib.parse import quote

from multiassist.backends.azure_v1 import V1_ONLY_OPERATIONS
from multiassist.backends.base import FileField, PreparedCall, require_secure_url, unsupported
from multiassist.backends.deployments import DeploymentRouter
from multiassist.errors import ConfigurationError
from multiassist.http.auth import ApiKeyPolicy, AuthPolicy
from multiassist.operations import Operation

__all__ = ["FOUNDRY_API_VERSIONS", "HUB_API_VERSIONS", "FoundryBackend", "hub_endpoint",
           "is_hub_endpoint"]

FOUNDRY_API_VERSIONS = ("v1", "2025-05-01", "2025-05-15-preview")
#: The hub-era route: the newest first (azure-ai-projects 1.0.0b5..b10), then 1.0.0b1's.
HUB_API_VERSIONS = ("2024-12-01-preview", "2024-07-01-preview")
_HUB_MARK = "/agents/v1.0/subscriptions/"


def hub_endpoint(origin: str, subscription_id: str, resource_group: str, project: str) -> str:
    """The hub-era Agent Service URL of a hub-based project on ``origin`` (``https://host``)."""
    return (f"{origin.rstrip('/')}{_HUB_MARK}{quote(subscription_id, safe='')}/resourceGroups/"
            f"{quote(resource_group, safe='')}/providers/Microsoft.MachineLearningServices/"
            f"workspaces/{quote(project, safe='')}")


def is_hub_endpoint(endpoint: str) -> bool:
    """Whether ``endpoint`` is the hub-era route of a hub-based project."""
    return _HUB_MARK in endpoint and "/workspaces/" in endpoint


class FoundryBackend:
    """Talks to a Foundry project's Agent Service (classic).

    Args:
        endpoint: the project endpoint, ending in ``/api/projects/<project>`` (or a hub-based
            project's hub-era route, see the module docstring).
        auth: an Entra ID policy (a bearer token policy); API keys are refused.
        api_version: ``"v1"`` (default), ``"2025-05-01"`` or ``"2025-05-15-preview"``; on the
            hub-era route ``"2024-12-01-preview"`` (default) or ``"2024-07-01-preview"``.
        deployments: ``{model name: deployment name}`` for the project's model deployments.
    """

    name: str = "foundry"
    request_id_headers: Sequence[str] = ("x-request-id", "apim-request-id")
    wire: str = "v2"

    def __init__(
        self,
        *,
        endpoint: str,
        auth: AuthPolicy,
        api_version: Optional[str] = None,
        deployments: Optional[Mapping[str, str]] = None,
        default_headers: Optional[Mapping[str, str]] = None,
    ) -> None:
        self.endpoint = require_secure_url(endpoint, parameter="endpoint")
        self.hub = is_hub_endpoint(self.endpoint)
        if "/api/projects/" not in self.endpoint and not self.hub:
            raise ConfigurationError(
                f"endpoint {endpoint!r} is not a Foundry project endpoint; it looks like "
                "'https://<aiservices>.services.ai.azure.com/api/projects/<project>'"
            )
        if isinstance(auth, ApiKeyPolicy):
            raise ConfigurationError(
                "Foundry Agent Service accepts only Microsoft Entra ID: pass an azure-identity "
                "credential such as DefaultAzureCredential(), not an API key"
            )
        versions = HUB_API_VERSIONS if self.hub else FOUNDRY_API_VERSIONS
        self.api_version = (api_version or versions[0]).strip()
        if self.api_version not in versions:
            where = "a hub-based project" if self.hub else "Foundry Agent Service"
            raise ConfigurationError(
                f"api_version {self.api_version!r} is not one {where} serves; "
                f"use one of {', '.join(versions)}"
            )
        self.router = DeploymentRouter(deployments or {})
        self._auth = auth
        self._headers = dict(default_headers or {})

    @property
    def auth(self) -> AuthPolicy:
        return self._auth

    def prepare(
        self,
        operation: Operation,
        path: str,
        *,
        query: Mapping[str, Any],
        body: Optional[Mapping[str, Any]],
        files: Optional[Mapping[str, FileField]] = None,
    ) -> PreparedCall:
        if operation.name in V1_ONLY_OPERATIONS:
            raise unsupported(
                self.name, operation,
                "files are attached through tool_resources.code_interpreter.file_ids and "
                "message attachments",
            )
        params = {**query, "api-version": self.api_version}
        url = self.endpoint + path
        if files is not None:
            data = {k: str(v) for k, v in (body or {}).items()}
            return PreparedCall(operation.method, url, headers=dict(self._headers),
                                params=params, data=data, files=files)
        return PreparedCall(operation.method, url, headers=dict(self._headers), params=params,
                            json=self.router.route_request(operation.name, body))

    def normalize_response(self, operation: Operation, payload: Any) -> Any:
        return self.router.restore_response(payload)

    def describe(self) -> str:
        kind = "foundry hub-based project" if self.hub else "foundry"
        return f"{kind} at {self.endpoint} (api-version {self.api_version})"
