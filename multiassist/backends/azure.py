"""The Azure OpenAI backend: ``{endpoint}/openai/<path>?api-version=<v>``.

Owns what differs from OpenAI: the endpoint shape (no ``/deployments/`` segment on Assistants
routes), the ``api-version`` query, ``api-key`` or Entra ID bearer auth (the policy is handed in),
and model-name -> deployment-name routing in request bodies, mapped back on responses so code
written against OpenAI sees its own model names.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, Mapping, Optional, Sequence

from ..credentials import AuthPolicy
from ..errors import ConfigurationError
from ..operations import Operation
from .base import FileField, PreparedCall, require_secure_url, unsupported

__all__ = ["DEFAULT_AZURE_API_VERSION", "AzureBackend"]

log = logging.getLogger("multiassist.backends.azure")

#: The newest Azure OpenAI api-version that serves Assistants v2.
DEFAULT_AZURE_API_VERSION = "2025-04-01-preview"

#: Operations whose request body names a model (routed to a deployment name).
_MODEL_IN_BODY = frozenset(
    {"assistants.create", "assistants.update", "runs.create", "threads.create_and_run"}
)
#: Response objects whose ``model`` field is mapped back to the caller's model name.
_MODEL_IN_RESPONSE = frozenset({"assistant", "thread.run"})


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
        self.api_version = _check_api_version(api_version or DEFAULT_AZURE_API_VERSION)
        self.deployments: Dict[str, str] = _check_deployments(deployments or {})
        self._models_by_deployment: Dict[str, str] = {}
        for model, deployment in self.deployments.items():
            self._models_by_deployment.setdefault(deployment, model)
        self._auth = auth
        self._headers = dict(default_headers or {})

    @property
    def auth(self) -> AuthPolicy:
        return self._auth

    def deployment_for(self, model: str) -> str:
        """The deployment name a model name is routed to (itself when unmapped)."""
        return self.deployments.get(model, model)

    def prepare(
        self,
        operation: Operation,
        path: str,
        *,
        query: Mapping[str, Any],
        body: Optional[Mapping[str, Any]],
        files: Optional[Mapping[str, FileField]] = None,
    ) -> PreparedCall:
        if operation.name.startswith(("assistant_files.", "message_files.")):
            raise unsupported(
                self.name,
                operation,
                f"api-version {self.api_version} speaks the v2 wire, where files are attached "
                "through tool_resources.code_interpreter.file_ids and message attachments",
            )
        params = dict(query)
        params["api-version"] = self.api_version
        url = f"{self.endpoint}/openai{path}"
        if files is not None:
            data = {k: str(v) for k, v in (body or {}).items()}
            return PreparedCall(
                operation.method, url, headers=dict(self._headers), params=params,
                data=data, files=files,
            )
        if body is not None and operation.name in _MODEL_IN_BODY:
            body = self._route_model(body)
        return PreparedCall(
            operation.method, url, headers=dict(self._headers), params=params, json=body
        )

    def _route_model(self, body: Mapping[str, Any]) -> Dict[str, Any]:
        routed = dict(body)
        model = routed.get("model")
        if isinstance(model, str):
            routed["model"] = self.deployment_for(model)
        return routed

    def normalize_response(self, operation: Operation, payload: Any) -> Any:
        if not self._models_by_deployment or not isinstance(payload, dict):
            return payload
        if payload.get("object") == "list" and isinstance(payload.get("data"), list):
            payload["data"] = [self._unroute_model(item) for item in payload["data"]]
            return payload
        return self._unroute_model(payload)

    def _unroute_model(self, item: Any) -> Any:
        if isinstance(item, dict) and item.get("object") in _MODEL_IN_RESPONSE:
            deployment = item.get("model")
            if isinstance(deployment, str) and deployment in self._models_by_deployment:
                item["model"] = self._models_by_deployment[deployment]
        return item

    def describe(self) -> str:
        return f"azure at {self.endpoint} (api-version {self.api_version})"


def _check_api_version(version: str) -> str:
    if not isinstance(version, str) or not version.strip():
        raise ConfigurationError(
            f"api_version must be a non-empty string such as {DEFAULT_AZURE_API_VERSION!r}"
        )
    return version.strip()


def _check_deployments(deployments: Mapping[str, str]) -> Dict[str, str]:
    if not isinstance(deployments, Mapping):
        raise ConfigurationError(
            "deployments must be a mapping {model name: deployment name}, "
            f"got {type(deployments).__name__}"
        )
    checked: Dict[str, str] = {}
    for model, deployment in deployments.items():
        if not isinstance(model, str) or not isinstance(deployment, str) or not deployment:
            raise ConfigurationError(
                f"deployments entry {model!r}: {deployment!r} must map a model name to a "
                "non-empty deployment name (both strings)"
            )
        checked[model] = deployment
    log.debug("azure deployments: %s", checked)
    return checked
