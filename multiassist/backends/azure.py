"""The Azure OpenAI backend: ``{endpoint}/openai/<path>?api-version=<v>``.

Owns what differs from OpenAI: the endpoint shape (no ``/deployments/`` segment on Assistants
routes), the ``api-version`` query, ``api-key`` or Entra ID bearer auth (the policy is handed in),
and model-name -> deployment-name routing in request bodies, mapped back on responses so code
written against OpenAI sees its own model names.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, Mapping, Optional, Sequence

from multiassist.backends.azure_v1 import V1_ONLY_OPERATIONS, request_to_v1, response_from_v1
from multiassist.backends.azure_versions import DEFAULT_AZURE_API_VERSION, wire_for_api_version
from multiassist.backends.base import FileField, PreparedCall, require_secure_url, unsupported
from multiassist.backends.deployments import DeploymentRouter
from multiassist.errors import ConfigurationError
from multiassist.http.auth import AuthPolicy
from multiassist.operations import Operation

__all__ = ["DEFAULT_AZURE_API_VERSION", "AzureBackend"]

log = logging.getLogger("multiassist.backends.azure")


class AzureBackend:
    """Talks to an Azure OpenAI resource.

    Args:
        endpoint: ``https://<resource>.openai.azure.com`` (a trailing ``/openai`` is accepted).
        auth: an ``api-key`` policy or an Entra ID bearer policy.
        api_version: defaults to :data:`DEFAULT_AZURE_API_VERSION`.
        deployments: ``{model name: deployment name}``; unmapped names pass through unchanged.
    """

    name: str = "azure"
    request_id_headers: Sequence[str] = ("apim-request-id", "x-request-id")
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
        base = require_secure_url(endpoint, parameter="endpoint")
        if "/deployments" in base.lower():
            raise ConfigurationError(
                f"endpoint {endpoint!r} contains a /deployments/ segment, but Assistants routes "
                "have none: pass the resource endpoint such as "
                "'https://<resource>.openai.azure.com' and name the deployment with "
                "deployments={'gpt-4o': '<deployment>'}"
            )
        if base.endswith("/openai"):
            base = base[: -len("/openai")]
        self.endpoint = base
        self.api_version = (api_version or DEFAULT_AZURE_API_VERSION).strip()
        #: "v1" or "v2": which Assistants wire this api-version speaks.
        self.wire = wire_for_api_version(self.api_version)
        if self.wire == "v1":
            log.warning(
                "api-version %s is a deprecated v1-wire preview; multiassist translates to it, "
                "but move to %s (Assistants v2)", self.api_version, DEFAULT_AZURE_API_VERSION,
            )
        self.router = DeploymentRouter(deployments or {})
        self.deployments: Dict[str, str] = self.router.deployments
        self._auth = auth
        self._headers = dict(default_headers or {})

    @property
    def auth(self) -> AuthPolicy:
        return self._auth

    def deployment_for(self, model: str) -> str:
        """The deployment name a model name is routed to (itself when unmapped)."""
        return self.router.deployment_for(model)

    def prepare(
        self,
        operation: Operation,
        path: str,
        *,
        query: Mapping[str, Any],
        body: Optional[Mapping[str, Any]],
        files: Optional[Mapping[str, FileField]] = None,
    ) -> PreparedCall:
        if operation.name == "threads.list":
            raise unsupported(
                self.name, operation,
                "only Foundry Agent Service lists threads; keep thread ids on your side",
            )
        params = dict(query)
        if self.wire == "v1":
            body = request_to_v1(operation.name, body, params, self.api_version)
        elif operation.name in V1_ONLY_OPERATIONS:
            raise unsupported(
                self.name,
                operation,
                f"api-version {self.api_version} speaks the v2 wire, where files are attached "
                "through tool_resources.code_interpreter.file_ids and message attachments",
            )
        params["api-version"] = self.api_version
        url = f"{self.endpoint}/openai{path}"
        if files is not None:
            data = {k: str(v) for k, v in (body or {}).items()}
            return PreparedCall(
                operation.method, url, headers=dict(self._headers), params=params,
                data=data, files=files,
            )
        return PreparedCall(
            operation.method, url, headers=dict(self._headers), params=params,
            json=self.router.route_request(operation.name, body),
        )

    def normalize_response(self, operation: Operation, payload: Any) -> Any:
        if self.wire == "v1":
            payload = response_from_v1(payload)
        return self.router.restore_response(payload)

    def describe(self) -> str:
        return f"azure at {self.endpoint} (api-version {self.api_version})"

