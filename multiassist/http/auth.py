"""Credentials and auth policies: the only place a key or token touches a request.

The transport asks an :class:`AuthPolicy` for headers once per logical request and tells it
about a 401. Policies do no I/O except calling the user's credential, are thread-safe, and
never show a secret in ``repr()``, ``str()``, exception text or logs.

Azure credentials are duck-typed: nothing from ``azure.core`` or ``azure.identity`` is imported
here, except inside :func:`default_azure_credential`.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any, Callable, Mapping, NamedTuple, Optional, Protocol, Sequence, Tuple

from multiassist.errors import ConfigurationError

__all__ = [
    "AI_FOUNDRY_SCOPE",
    "AZURE_COGNITIVE_SCOPE",
    "ApiKeyPolicy",
    "AuthPolicy",
    "BearerTokenPolicy",
    "KeyCredential",
    "StaticTokenPolicy",
    "TokenProviderPolicy",
    "default_azure_credential",
    "is_key_credential",
    "is_token_credential",
    "redact",
]

AZURE_COGNITIVE_SCOPE = "https://cognitiveservices.azure.com/.default"
AI_FOUNDRY_SCOPE = "https://ai.azure.com/.default"

_REFRESH_WINDOW_SECONDS = 300  # azure-core's DEFAULT_REFRESH_WINDOW_SECONDS
_RETRY_AFTER_FAILED_REFRESH_SECONDS = 30

_log = logging.getLogger("multiassist.http.auth")


def redact(value: str) -> str:
    """Return the placeholder shown instead of a secret: always ``"<redacted>"``."""
    return "<redacted>"


def _check_secret(value: object, what: str) -> str:
    """Return ``value`` when it is a non-empty str; the error text never contains the value."""
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, not {type(value).__name__}")
    if not value:
        raise ConfigurationError(f"{what} must not be empty")
    if _unsafe_in_header(value):
        raise ConfigurationError(
            f"{what} contains a line break, control character or surrounding whitespace "
            "(often a trailing newline from a file); strip it before passing it"
        )
    return value


def _unsafe_in_header(value: str) -> bool:
    return value != value.strip() or any(ord(ch) < 32 or ord(ch) == 127 for ch in value)


class KeyCredential:
    """An API key that can be rotated without rebuilding the client.

    Mirrors ``azure.core.credentials.AzureKeyCredential``::

        cred = KeyCredential(os.environ["AZURE_OPENAI_API_KEY"])
        cred.update(new_key)  # the next request uses new_key

    Raises TypeError for a non-str key and ConfigurationError for an empty one.
    """

    __slots__ = ("_key",)

    def __init__(self, key: str) -> None:
        self._key = _check_secret(key, "KeyCredential key")

    @property
    def key(self) -> str:
        """The current key."""
        return self._key

    def update(self, key: str) -> None:
        """Replace the key; requests prepared afterwards use the new one."""
        self._key = _check_secret(key, "KeyCredential key")

    def __repr__(self) -> str:
        return f"KeyCredential(key={redact(self._key)})"


class AuthPolicy(Protocol):
    """What the transport calls. Implementations are thread-safe and have a redacted repr."""

    def headers(self) -> Mapping[str, str]:
        """Auth headers for one logical request (reused for its retry attempts)."""
        ...

    def on_unauthorized(self) -> bool:
        """Called after a 401: drop any cached token; True when re-sending can help."""
        ...


def is_token_credential(obj: object) -> bool:
    """True when ``obj`` has a callable ``get_token`` or ``get_token_info``."""
    return any(callable(getattr(obj, name, None)) for name in ("get_token", "get_token_info"))


def is_key_credential(obj: object) -> bool:
    """True when ``obj`` has a str ``key`` attribute and is not a token credential."""
    return isinstance(getattr(obj, "key", None), str) and not is_token_credential(obj)


def default_azure_credential(**kwargs: Any) -> Any:
    """Build ``azure.identity.DefaultAzureCredential(**kwargs)``.

    Raises ConfigurationError naming the ``azure-identity`` package when it is not installed.
    """
    try:
        from azure.identity import DefaultAzureCredential
    except ImportError as exc:
        raise ConfigurationError(
            "default_azure_credential() needs the 'azure-identity' package: "
            "pip install azure-identity"
        ) from exc
    return DefaultAzureCredential(**kwargs)


class ApiKeyPolicy:
    """Sends a key from ``credential`` in ``header_name``, after ``prefix``.

    ``credential`` is a :class:`KeyCredential` or anything with a str ``.key``
    (``AzureKeyCredential``); ``.key`` is read on every request so ``update()`` takes effect::

        ApiKeyPolicy(KeyCredential(key))  # Azure: "api-key: <key>"
        ApiKeyPolicy(KeyCredential(key), header_name="Authorization", prefix="Bearer ")  # OpenAI
    """

    def __init__(self, credential: Any, header_name: str = "api-key", prefix: str = "") -> None:
        if not is_key_credential(credential):
            raise ConfigurationError(
                f"ApiKeyPolicy credential must have a str 'key' attribute (use KeyCredential(key)),"
                f" not {type(credential).__name__}"
            )
        if not header_name or not isinstance(header_name, str) or not isinstance(prefix, str):
            raise ConfigurationError("ApiKeyPolicy header_name and prefix must be str")
        self._credential = credential
        self._header_name = header_name
        self._prefix = prefix

    def headers(self) -> Mapping[str, str]:
        """``{header_name: prefix + key}``; ConfigurationError if the key became empty."""
        key = self._credential.key
        if not isinstance(key, str) or not key or _unsafe_in_header(key):
            raise ConfigurationError(
                f"{type(self._credential).__name__}.key must be a non-empty str without line "
                "breaks, control characters or surrounding whitespace"
            )
        return {self._header_name: self._prefix + key}

    def on_unauthorized(self) -> bool:
        """A key has nothing to refresh: False."""
        return False

    def __repr__(self) -> str:
        return (
            f"ApiKeyPolicy(header_name={self._header_name!r}, prefix={self._prefix!r}, "
            f"credential={type(self._credential).__name__})"
        )


class StaticTokenPolicy:
    """Sends a fixed bearer token: ``Authorization: Bearer <token>``."""

    def __init__(self, token: str) -> None:
        self._token = _check_secret(token, "StaticTokenPolicy token")

    def headers(self) -> Mapping[str, str]:
        """``{"Authorization": "Bearer <token>"}``."""
        return {"Authorization": f"Bearer {self._token}"}

    def on_unauthorized(self) -> bool:
        """A fixed token cannot be refreshed: False."""
        return False

    def __repr__(self) -> str:
        return f"StaticTokenPolicy(token={redact(self._token)})"


def _callable_name(fn: object) -> str:
    # Name only: the repr of a partial or lambda closure could show a secret argument.
    return str(getattr(fn, "__qualname__", None) or type(fn).__qualname__)


class TokenProviderPolicy:
    """Calls ``provider()`` for a bearer token on every logical request.

    Suits ``azure.identity.get_bearer_token_provider(credential, scope)``, which caches itself.
    A result that is not a non-empty str raises ConfigurationError naming the provider.
    """

    def __init__(self, provider: Callable[[], str]) -> None:
        if not callable(provider):
            raise ConfigurationError(
                f"TokenProviderPolicy provider must be callable, not {type(provider).__name__}"
            )
        self._provider = provider

    def headers(self) -> Mapping[str, str]:
        """``{"Authorization": "Bearer <provider()>"}``; the provider's own errors propagate."""
        token = self._provider()
        if not isinstance(token, str) or not token:
            problem = "an empty str" if isinstance(token, str) else type(token).__name__
            raise ConfigurationError(
                f"token provider {_callable_name(self._provider)} returned {problem};"
                " it must return a non-empty str"
            )
        return {"Authorization": f"Bearer {token}"}

    def on_unauthorized(self) -> bool:
        """The provider may hand out a new token: True."""
        return True

    def __repr__(self) -> str:
        return f"TokenProviderPolicy(provider={_callable_name(self._provider)})"


class _Token(NamedTuple):
    value: str
    expires_on: float
    refresh_on: Optional[float]


class BearerTokenPolicy:
    """Bearer tokens from an azure ``TokenCredential``, cached and refreshed like azure-core.

    Uses ``get_token_info(*scopes)`` when the credential has it, else ``get_token(*scopes)``.
    A token is refreshed at its ``refresh_on`` when given, otherwise when under 300 s remain.
    Concurrent callers share one acquisition. When a refresh fails while the cached token
    has not expired, the cached token keeps being used (a warning is logged, and the next
    attempt waits 30 s); once it has expired, the credential's error is raised::

        policy = BearerTokenPolicy(DefaultAzureCredential(), [AZURE_COGNITIVE_SCOPE])
    """

    def __init__(
        self,
        credential: Any,
        scopes: Sequence[str],
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not is_token_credential(credential):
            raise ConfigurationError(
                "BearerTokenPolicy credential must have get_token or get_token_info,"
                f" not {type(credential).__name__}"
            )
        if isinstance(scopes, str) or not scopes or not all(isinstance(s, str) for s in scopes):
            raise ConfigurationError(
                "BearerTokenPolicy scopes must be a non-empty sequence of str, e.g."
                f" [{AZURE_COGNITIVE_SCOPE!r}]"
            )
        self._credential = credential
        self._scopes: Tuple[str, ...] = tuple(scopes)
        self._clock = clock
        self._lock = threading.Lock()
        self._token: Optional[_Token] = None
        self._retry_after = 0.0  # after a failed refresh, keep the cached token until then

    def headers(self) -> Mapping[str, str]:
        """``{"Authorization": "Bearer <token>"}``, acquiring or refreshing when due."""
        token = self._token
        if token is None or self._due(token, self._clock()):
            token = self._refresh()
        return {"Authorization": f"Bearer {token.value}"}

    def on_unauthorized(self) -> bool:
        """Drop the cached token so the next :meth:`headers` acquires a new one: True."""
        with self._lock:
            self._token = None
            self._retry_after = 0.0
        return True

    @staticmethod
    def _due(token: _Token, now: float) -> bool:
        if now >= token.expires_on:
            return True
        if token.refresh_on is not None:
            return now >= token.refresh_on
        return token.expires_on - now < _REFRESH_WINDOW_SECONDS

    def _refresh(self) -> _Token:
        with self._lock:
            now = self._clock()
            cached = self._token
            if cached is not None and (not self._due(cached, now) or now < self._retry_after):
                return cached  # another thread refreshed, or a failed refresh is backing off
            try:
                token = self._acquire()
            except Exception as exc:
                if cached is None or now >= cached.expires_on:
                    raise
                self._retry_after = now + _RETRY_AFTER_FAILED_REFRESH_SECONDS
                _log.warning(
                    "token refresh for %s failed (%s); using the cached token, valid %.0f s more",
                    ", ".join(self._scopes),
                    type(exc).__name__,
                    cached.expires_on - now,
                )
                return cached
            self._token = token
            self._retry_after = 0.0
            _log.debug(
                "acquired token for %s, expires in %.0f s",
                ", ".join(self._scopes),
                token.expires_on - now,
            )
            return token

    def _acquire(self) -> _Token:
        get_token_info = getattr(self._credential, "get_token_info", None)
        if callable(get_token_info):
            result = get_token_info(*self._scopes)
        else:
            result = self._credential.get_token(*self._scopes)
        value, expires_on = getattr(result, "token", None), getattr(result, "expires_on", None)
        if not value or not isinstance(value, str) or not isinstance(expires_on, (int, float)):
            raise ConfigurationError(
                f"{type(self._credential).__name__} returned {type(result).__name__};"
                " expected an access token with a non-empty str 'token' and a numeric 'expires_on'"
            )
        refresh_on = getattr(result, "refresh_on", None)  # AccessTokenInfo only
        if not isinstance(refresh_on, (int, float)) or refresh_on <= 0:
            refresh_on = None
        return _Token(value, expires_on, refresh_on)

    def __repr__(self) -> str:
        return (
            f"BearerTokenPolicy(credential={type(self._credential).__name__},"
            f" scopes={list(self._scopes)!r})"
        )
