"""Model name -> deployment name routing, shared by the Azure-hosted backends.

Requests that name a model carry the deployment instead; responses get the caller's model name
back, so code written against OpenAI model names keeps seeing them.
"""

from __future__ import annotations

from typing import Any, Dict, Mapping

from multiassist.errors import ConfigurationError

__all__ = ["ANY_MODEL", "DeploymentRouter"]

#: Operations whose request body names a model.
MODEL_IN_BODY = frozenset(
    {"assistants.create", "assistants.update", "runs.create", "threads.create_and_run"}
)
#: Response objects whose ``model`` field is mapped back.
MODEL_IN_RESPONSE = frozenset({"assistant", "thread.run"})


#: The ``deployments`` key naming the deployment for every model the mapping does not name.
ANY_MODEL = "*"


class DeploymentRouter:
    """Routes ``model`` through ``{model name: deployment name}``; unmapped names pass through,
    or go to the deployment under the key ``"*"`` when there is one (openai-python's
    ``azure_deployment``). Responses show the caller's model name for named entries only:
    a model routed by ``"*"`` comes back as the deployment name."""

    def __init__(self, deployments: Mapping[str, str]) -> None:
        if not isinstance(deployments, Mapping):
            raise ConfigurationError(
                "deployments must be a mapping {model name: deployment name}, "
                f"got {type(deployments).__name__}"
            )
        self.deployments: Dict[str, str] = {}
        for model, deployment in deployments.items():
            if not isinstance(model, str) or not isinstance(deployment, str) or not deployment:
                raise ConfigurationError(
                    f"deployments entry {model!r}: {deployment!r} must map a model name to a "
                    "non-empty deployment name (both strings)"
                )
            self.deployments[model] = deployment
        self._fallback = self.deployments.get(ANY_MODEL)
        self._models: Dict[str, str] = {}
        for model, deployment in self.deployments.items():
            if model != ANY_MODEL:
                self._models.setdefault(deployment, model)

    def deployment_for(self, model: str) -> str:
        """The deployment a model name is routed to (the ``"*"`` entry, else itself, when
        unmapped)."""
        found = self.deployments.get(model)
        if found is not None and model != ANY_MODEL:
            return found
        return self._fallback or model

    def route_request(self, operation: str, body: Any) -> Any:
        """Replace the model name in a request body by its deployment."""
        if operation not in MODEL_IN_BODY or not isinstance(body, Mapping):
            return body
        model = body.get("model")
        if not isinstance(model, str):
            return body
        return {**body, "model": self.deployment_for(model)}

    def restore_response(self, payload: Any) -> Any:
        """Put the caller's model names back into a response object or list page."""
        if not self._models or not isinstance(payload, dict):
            return payload
        if payload.get("object") == "list" and isinstance(payload.get("data"), list):
            for item in payload["data"]:
                self._restore(item)
            return payload
        self._restore(payload)
        return payload

    def _restore(self, item: Any) -> None:
        if isinstance(item, dict) and item.get("object") in MODEL_IN_RESPONSE:
            deployment = item.get("model")
            if isinstance(deployment, str) and deployment in self._models:
                item["model"] = self._models[deployment]
