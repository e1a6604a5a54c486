"""openai-python's constructor arguments, checked and read from the environment, with no I/O.

What ``OpenAI`` / ``AzureOpenAI`` and ``AsyncOpenAI`` / ``AsyncAzureOpenAI`` do alike with
their arguments before a client exists: the refusals of arguments that cannot mean anything
here (each saying what to pass instead), the provider check, Azure's one-credential rule and
environment variables, a deployment inside ``base_url``, and ``OPENAI_CUSTOM_HEADERS``.
"""

from __future__ import annotations

import inspect
import os
from typing import Any, Dict, Mapping, Optional, Tuple
from urllib.parse import urlsplit

from multiassist.errors import ConfigurationError

__all__ = [
    "AZURE_PROVIDERS",
    "DEFAULT_MAX_RETRIES",
    "OPENAI_PROVIDERS",
    "azure_credential",
    "check_async_http_client",
    "check_provider",
    "refuse_coroutine_functions",
    "refuse_http_client",
    "refuse_unusable",
    "split_deployment",
    "with_env_headers",
]

#: openai-python's default number of retries.
DEFAULT_MAX_RETRIES = 2

OPENAI_PROVIDERS = ("openai", "openai-responses")
AZURE_PROVIDERS = ("azure", "azure-responses", "foundry")


def refuse_unusable(
    *,
    websocket_base_url: Any,
    admin_api_key: Any,
    workload_identity: Any,
    data_residency: Any,
) -> None:
    """TypeError for an openai-python argument that cannot mean anything here."""
    if websocket_base_url is not None:
        raise TypeError(
            "websocket_base_url is for openai-python's Realtime API over WebSockets, which "
            "multiassist does not have; leave it out"
        )
    if admin_api_key is not None:
        raise TypeError(
            "admin_api_key authenticates OpenAI's organization admin endpoints, which the "
            "Assistants API does not use; pass api_key= instead"
        )
    if workload_identity is not None:
        raise TypeError(
            "workload_identity is not supported: pass api_key= a key, or a callable that "
            "returns a fresh token on every call"
        )
    if data_residency is not None:
        raise TypeError(
            "data_residency is not supported: pass the regional API root as base_url=, for "
            "example base_url='https://eu.api.openai.com/v1'"
        )


def refuse_http_client(http_client: Any) -> None:
    """The blocking clients send with requests: an HTTP client object has no use there."""
    if http_client is not None:
        raise TypeError(
            "http_client takes an httpx client, which the blocking multiassist clients do not "
            "use (they send with requests): pass session=requests.Session() for your own "
            "connection pool, adapters or proxies, verify= for TLS verification or a CA "
            "bundle, and timeout= / max_retries= for limits; the async clients "
            "(AsyncOpenAI, AsyncAzureOpenAI) take http_client=aiohttp.ClientSession(...)"
        )


def check_async_http_client(http_client: Any) -> Any:
    """``http_client`` if it is an ``aiohttp.ClientSession`` (or None), what the async clients
    send with; a TypeError naming what to pass otherwise (openai-python's httpx clients
    included)."""
    if http_client is None:
        return None
    try:
        import aiohttp
    except ImportError:  # pragma: no cover - aiohttp comes with the async extra
        pass
    else:
        if isinstance(http_client, aiohttp.ClientSession):
            return http_client
    kind = type(http_client)
    what = (f"an httpx client ({kind.__name__}), which openai-python takes"
            if kind.__module__.split(".")[0] in ("httpx", "openai") else kind.__name__)
    raise TypeError(
        f"http_client must be an aiohttp.ClientSession (multiassist's async clients send "
        f"with aiohttp), not {what}: pass http_client=aiohttp.ClientSession(...) for your own "
        "connection pool, proxies or TLS settings, or leave it out and use verify= / "
        "max_connections= / timeout= / max_retries="
    )


def refuse_coroutine_functions(cls: str, **callables: Any) -> None:
    """A blocking client cannot await an async ``api_key`` or token provider: say which
    client can."""
    for name, value in callables.items():
        if inspect.iscoroutinefunction(value):
            raise TypeError(
                f"{name} is a coroutine function, which {cls} cannot await: use "
                f"multiassist.Async{cls}, or pass a plain function that returns the token"
            )


def check_provider(provider: Any, allowed: Tuple[str, ...], cls: str) -> str:
    """The backend name a class takes (its first allowed one when None)."""
    if provider is None:
        return allowed[0]
    if not isinstance(provider, str):
        raise TypeError(
            f"{cls}(provider=...) names a multiassist backend ({', '.join(map(repr, allowed))});"
            f" openai-python's provider objects ({type(provider).__name__}) are not supported:"
            " pass api_key= and base_url= instead"
        )
    if provider not in allowed:
        raise ConfigurationError(
            f"{cls} takes provider={', '.join(map(repr, allowed))}, not {provider!r}; for "
            f"other backends use AssistantsClient(provider={provider!r}, ...)"
        )
    return provider


def azure_credential(
    api_key: Any, azure_ad_token: Optional[str], azure_ad_token_provider: Any
) -> Tuple[Any, Optional[str], Any]:
    """openai-python's rule: at most one credential; with none, ``AZURE_OPENAI_AD_TOKEN``
    wins over ``AZURE_OPENAI_API_KEY``."""
    given = [value is not None for value in (api_key, azure_ad_token, azure_ad_token_provider)]
    if sum(given) > 1:
        raise ConfigurationError(
            "The api_key, azure_ad_token and azure_ad_token_provider arguments are mutually "
            "exclusive; pass only one"
        )
    if not any(given):
        azure_ad_token = os.environ.get("AZURE_OPENAI_AD_TOKEN")
        if azure_ad_token is None:
            api_key = os.environ.get("AZURE_OPENAI_API_KEY")
    if api_key is None and azure_ad_token is None and azure_ad_token_provider is None:
        raise ConfigurationError(
            "Missing credentials: pass one of api_key, azure_ad_token or "
            "azure_ad_token_provider, or set AZURE_OPENAI_API_KEY or AZURE_OPENAI_AD_TOKEN"
        )
    return api_key, azure_ad_token, azure_ad_token_provider


def split_deployment(base_url: str) -> Tuple[str, Optional[str]]:
    """openai-python's Azure ``base_url`` (``{endpoint}/openai`` or
    ``{endpoint}/openai/deployments/<name>``) as the endpoint and the deployment."""
    path = urlsplit(base_url).path.rstrip("/")
    marker = "/openai/deployments/"
    at = path.lower().find(marker)
    if at < 0:
        return base_url, None
    deployment = path[at + len(marker):]
    if not deployment or "/" in deployment:
        raise ConfigurationError(
            f"base_url {base_url!r} should end in /openai/deployments/<deployment name>"
        )
    return base_url[: base_url.lower().find(marker)], deployment


def with_env_headers(headers: Optional[Mapping[str, str]]) -> Dict[str, str]:
    """``OPENAI_CUSTOM_HEADERS`` (``Name: value`` lines) under the explicit ``headers``."""
    merged: Dict[str, str] = {}
    for line in os.environ.get("OPENAI_CUSTOM_HEADERS", "").split("\n"):
        name, colon, value = line.partition(":")
        if colon and name.strip():
            merged[name.strip()] = value.strip()
    explicit = dict(headers or {})
    if any(name.lower() == "authorization" for name in explicit):
        merged = {k: v for k, v in merged.items() if k.lower() != "authorization"}
    merged.update(explicit)
    return merged
