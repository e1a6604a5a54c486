"""Turn the many ways a client can be constructed into one backend.

Accepted shapes (see :class:`multiassist.AssistantsClient`):

- Azure SDK style: ``(KeyCredential)`` for OpenAI, ``(endpoint, KeyCredential)`` for an Azure key,
  ``(endpoint, token_credential)`` for Microsoft Entra ID;
- keyword style: ``provider=``, ``endpoint=`` / ``base_url=``, ``api_key=`` or ``credential=``,
  ``api_version=``, ``deployments=``, ``organization=``, ``project=``, ``azure_ad_token=``,
  ``azure_ad_token_provider=``, ``token_scope=``, ``tenant_id=``.

Missing settings fall back to openai-python's environment variables, and an error names both
the parameter and the variable that would supply it.
"""

from __future__ import annotations

import os
import urllib.parse
from typing import Any, Dict, Mapping, Optional

import attrs

from multiassist._types import AsyncTokenProvider
from multiassist.backends import create_backend
from multiassist.backends.base import Backend
from multiassist.errors import ConfigurationError
from multiassist.http.auth import (
    AI_FOUNDRY_SCOPE,
    AZURE_COGNITIVE_SCOPE,
    AZURE_ML_SCOPE,
    ApiKeyPolicy,
    AuthPolicy,
    BearerTokenPolicy,
    KeyCredential,
    StaticTokenPolicy,
    TokenProviderPolicy,
    is_key_credential,
    is_token_credential,
)

__all__ = ["ClientSettings", "build_backend", "responses_token_scope", "settings_from_arguments"]


@attrs.define(kw_only=True)
class ClientSettings:
    """Construction arguments after the positional Azure-SDK forms are resolved."""

    provider: Optional[str] = None
    endpoint: Optional[str] = None
    base_url: Optional[str] = None
    api_key: Any = attrs.field(default=None, repr=False)
    credential: Any = attrs.field(default=None, repr=False)
    api_version: Optional[str] = None
    deployments: Optional[Mapping[str, str]] = None
    organization: Optional[str] = None
    project: Optional[str] = None
    azure_ad_token: Optional[str] = attrs.field(default=None, repr=False)
    azure_ad_token_provider: Optional[AsyncTokenProvider] = attrs.field(default=None, repr=False)
    token_scope: Optional[str] = None
    #: Entra ID: the tenant passed to the credential's ``get_token``.
    tenant_id: Optional[str] = None
    #: Responses bridge only: the record store (path or BridgeStore) and Conversations use.
    store: Any = None
    conversations: Optional[bool] = None
    default_headers: Optional[Mapping[str, str]] = None
    environ: Mapping[str, str] = attrs.field(factory=lambda: os.environ, repr=False)


def settings_from_arguments(
    first: Any, second: Any, settings: ClientSettings
) -> ClientSettings:
    """Resolve the Azure SDK's positional forms into keyword settings."""
    if first is None:
        # ``credential=`` given by keyword: a plain setting, not the positional Azure form.
        return settings if second is None else attrs.evolve(settings, credential=second)
    if isinstance(first, str):
        if second is None:
            raise ConfigurationError(
                "a single string argument is ambiguous: for OpenAI pass "
                "AssistantsClient(KeyCredential('sk-...')); for Azure pass "
                "AssistantsClient(endpoint, credential)"
            )
        return attrs.evolve(settings, endpoint=first, credential=second,
                            provider=settings.provider or "azure")
    if second is not None:
        raise ConfigurationError(
            "with two positional arguments the first must be the Azure endpoint URL "
            f"(a string), got {type(first).__name__}"
        )
    return attrs.evolve(settings, credential=first, provider=settings.provider or "openai")


def build_backend(settings: ClientSettings) -> Backend:
    """Pick the provider, resolve its credentials and build the backend."""
    provider = settings.provider or _infer_provider(settings)
    if provider == "openai":
        return create_backend(
            "openai",
            auth=_openai_auth(settings),
            base_url=settings.base_url or settings.environ.get("OPENAI_BASE_URL"),
            organization=settings.organization or settings.environ.get("OPENAI_ORG_ID"),
            project=settings.project or settings.environ.get("OPENAI_PROJECT_ID"),
            default_headers=settings.default_headers,
        )
    if provider == "azure":
        endpoint = (
            settings.endpoint
            or settings.base_url
            or settings.environ.get("AZURE_OPENAI_ENDPOINT")
        )
        if not endpoint:
            raise ConfigurationError(
                "Azure needs an endpoint: pass endpoint='https://<resource>.openai.azure.com' "
                "(azure_endpoint= in AzureOpenAI) or set AZURE_OPENAI_ENDPOINT"
            )
        return create_backend(
            "azure",
            endpoint=endpoint,
            auth=_azure_auth(settings),
            api_version=settings.api_version or settings.environ.get("OPENAI_API_VERSION"),
            deployments=settings.deployments,
            default_headers=settings.default_headers,
        )
    if provider in ("openai-responses", "azure-responses"):
        return _responses_bridge(provider, settings)
    if provider == "foundry":
        endpoint = (
            settings.endpoint
            or settings.base_url
            or settings.environ.get("AZURE_AI_PROJECT_ENDPOINT")
        )
        if not endpoint:
            raise ConfigurationError(
                "Foundry needs the project endpoint: pass endpoint='https://<aiservices>"
                ".services.ai.azure.com/api/projects/<project>' or set AZURE_AI_PROJECT_ENDPOINT"
            )
        from multiassist.backends.foundry import is_hub_endpoint

        scope = AZURE_ML_SCOPE if is_hub_endpoint(endpoint) else AI_FOUNDRY_SCOPE
        return create_backend(
            "foundry",
            endpoint=endpoint,
            auth=_entra_auth(settings, default_scope=scope),
            api_version=settings.api_version,
            deployments=settings.deployments,
            default_headers=settings.default_headers,
        )
    options: Dict[str, Any] = {
        name: value
        for name, value in attrs.asdict(settings, recurse=False).items()
        if value is not None and name not in ("provider", "environ")
    }
    return create_backend(provider, **options)


def _responses_bridge(provider: str, settings: ClientSettings) -> Backend:
    from multiassist.bridge.backend import ResponsesBridge

    if provider == "openai-responses":
        base_url = (settings.base_url or settings.environ.get("OPENAI_BASE_URL")
                    or "https://api.openai.com/v1")
        auth = _openai_auth(settings)
    else:
        endpoint = (settings.endpoint or settings.base_url
                    or settings.environ.get("AZURE_OPENAI_ENDPOINT"))
        if not endpoint:
            raise ConfigurationError(
                "azure-responses needs an endpoint: the resource "
                "('https://<resource>.openai.azure.com') or a Foundry project endpoint; pass "
                "endpoint= or set AZURE_OPENAI_ENDPOINT"
            )
        endpoint = endpoint.rstrip("/")
        base_url = endpoint if endpoint.endswith("/openai/v1") else endpoint + "/openai/v1"
        scope_settings = attrs.evolve(settings, token_scope=settings.token_scope
                                      or responses_token_scope(base_url))
        auth = _azure_auth(scope_settings)
    return ResponsesBridge(
        auth=auth, base_url=base_url, name=provider, deployments=settings.deployments,
        store=settings.store, conversations=settings.conversations,
        default_headers=settings.default_headers,
    )


def responses_token_scope(base_url: str) -> str:
    """The Entra ID scope Microsoft documents for a Responses endpoint: ``ai.azure.com`` for a
    Foundry project (``.../api/projects/<project>/openai/v1``), ``cognitiveservices.azure.com``
    for an Azure OpenAI (or Foundry) resource's own ``/openai/v1``."""
    path = urllib.parse.urlsplit(base_url).path
    return AI_FOUNDRY_SCOPE if "/api/projects/" in path else AZURE_COGNITIVE_SCOPE


def _infer_provider(settings: ClientSettings) -> str:
    if settings.endpoint and "/api/projects/" in settings.endpoint:
        return "foundry"
    if settings.endpoint or settings.azure_ad_token or settings.azure_ad_token_provider:
        return "azure"
    if is_token_credential(settings.credential):
        return "azure"
    return "openai"


def _openai_auth(settings: ClientSettings) -> AuthPolicy:
    credential = settings.credential if settings.credential is not None else settings.api_key
    if credential is None:
        credential = settings.environ.get("OPENAI_API_KEY")
    if credential is None or credential == "":
        raise ConfigurationError(
            "OpenAI needs an API key: pass api_key='sk-...' (or a KeyCredential, or a "
            "callable returning a key or token) or set OPENAI_API_KEY"
        )
    if _is_key_provider(credential):
        # openai-python's callable api_key: asked on every request, sent as a bearer token.
        return TokenProviderPolicy(credential)
    return ApiKeyPolicy(_as_key(credential, "api_key"), header_name="Authorization",
                        prefix="Bearer ")


def _azure_auth(settings: ClientSettings) -> AuthPolicy:
    credential = settings.credential if settings.credential is not None else settings.api_key
    scope = settings.token_scope or AZURE_COGNITIVE_SCOPE
    if credential is not None:
        if is_token_credential(credential):
            return BearerTokenPolicy(credential, [scope], tenant_id=settings.tenant_id)
        if _is_key_provider(credential):
            # As openai-python's AzureOpenAI: a callable api_key's result is the api-key.
            return TokenProviderPolicy(credential, header_name="api-key", prefix="")
        return ApiKeyPolicy(_as_key(credential, "credential"), header_name="api-key")
    if settings.azure_ad_token_provider is not None:
        return TokenProviderPolicy(settings.azure_ad_token_provider)
    if settings.azure_ad_token:
        return StaticTokenPolicy(settings.azure_ad_token)
    env_key = settings.environ.get("AZURE_OPENAI_API_KEY")
    if env_key:
        return ApiKeyPolicy(KeyCredential(env_key), header_name="api-key")
    env_token = settings.environ.get("AZURE_OPENAI_AD_TOKEN")
    if env_token:
        return StaticTokenPolicy(env_token)
    raise ConfigurationError(
        "Azure needs a credential: pass api_key= (or credential=KeyCredential(...)), an "
        "azure-identity credential such as DefaultAzureCredential() for Microsoft Entra ID, "
        "azure_ad_token= or azure_ad_token_provider=; or set AZURE_OPENAI_API_KEY or "
        "AZURE_OPENAI_AD_TOKEN"
    )


def _entra_auth(settings: ClientSettings, *, default_scope: str) -> AuthPolicy:
    scope = settings.token_scope or default_scope
    credential = settings.credential
    if credential is not None and is_token_credential(credential):
        return BearerTokenPolicy(credential, [scope], tenant_id=settings.tenant_id)
    if credential is not None or settings.api_key is not None:
        raise ConfigurationError(
            "this provider accepts only Microsoft Entra ID: pass credential= an azure-identity "
            "credential such as DefaultAzureCredential(), not an API key"
        )
    if settings.azure_ad_token_provider is not None:
        return TokenProviderPolicy(settings.azure_ad_token_provider)
    if settings.azure_ad_token:
        return StaticTokenPolicy(settings.azure_ad_token)
    raise ConfigurationError(
        "Microsoft Entra ID is required: pass credential=DefaultAzureCredential() (or another "
        "azure-identity credential), azure_ad_token= or azure_ad_token_provider="
    )


def _is_key_provider(value: Any) -> bool:
    """A plain callable (a function returning a key or token), not a credential object."""
    return (callable(value) and not isinstance(value, str) and not is_key_credential(value)
            and not is_token_credential(value))


def _as_key(value: Any, parameter: str) -> Any:
    if isinstance(value, str):
        return KeyCredential(value)
    if is_key_credential(value):
        return value
    raise ConfigurationError(
        f"{parameter} must be a key string, a KeyCredential, an azure-core "
        f"AzureKeyCredential or a callable returning a key; got {type(value).__name__}"
    )
