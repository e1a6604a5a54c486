"""Credentials and auth policies: the only place a key or token touches a request.

The transport asks an :class:`AuthPolicy` for headers once per logical request and tells it
about a 401. Policies do no I/O except calling the user's credential, are thread-safe, and
never show a secret in ``repr()``, ``str()``, exception text or logs.

Azure credentials are duck-typed: nothing from ``azure.core`` or ``azure.identity`` is imported
here, except inside :func:`default_azure_credential`.
"""

from __future__ import annotations

import base64
import binascii
import logging
import re
import threading
import time
from typing import (
    Any,
    Callable,
    Dict,
    Mapping,
    NamedTuple,
    Optional,
    Protocol,
    Sequence,
    Tuple,
)

from multiassist._types import AsyncTokenProvider
from multiassist.errors import ConfigurationError
from multiassist.worker_loop import await_in_caller_loop, remember_caller_loop

__all__ = [
    "AI_FOUNDRY_SCOPE",
    "AZURE_ML_SCOPE",
    "AZURE_COGNITIVE_SCOPE",
    "ApiKeyPolicy",
    "AuthPolicy",
    "BearerTokenPolicy",
    "KeyCredential",
    "StaticTokenPolicy",
    "TokenProviderPolicy",
    "async_auth_headers",
    "async_on_unauthorized",
    "default_azure_credential",
    "is_key_credential",
    "claims_from_challenge",
    "is_token_credential",
    "redact",
]

AZURE_COGNITIVE_SCOPE = "https://cognitiveservices.azure.com/.default"
AI_FOUNDRY_SCOPE = "https://ai.azure.com/.default"
#: Hub-based projects (the hub-era Agent Service route of azure-ai-projects 1.0.0b*).
AZURE_ML_SCOPE = "https://ml.azure.com/.default"

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


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _unsafe_in_header(value: str) -> bool:
    return value != value.strip() or _CONTROL.search(value) is not None


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

    def on_unauthorized(self, challenge: Optional[str] = None) -> bool:
        """Called after a 401 with its ``WWW-Authenticate`` value (None when absent): drop any
        cached token; True when re-sending can help."""
        ...


# One challenge's scheme (a token not followed by "="), or one auth-param: name=value, the value
# a token or a quoted string (RFC 9110, section 11.6.1).
_SCHEME = re.compile(r"[\s,]*([!#$%&'*+.^_`|~0-9A-Za-z-]+)(?=\s|,|$)(?!\s*=)")
_PARAM = re.compile(r'[\s,]*([!#$%&\'*+.^_`|~0-9A-Za-z-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s,]*)')


def claims_from_challenge(challenge: Optional[str]) -> Optional[str]:
    """The claims a ``WWW-Authenticate`` value asks for, decoded, else None.

    Microsoft Entra ID's claims challenge (Continuous Access Evaluation, Conditional Access) is
    ``Bearer realm="", authorization_uri="...", error="insufficient_claims",
    claims="<base64 JSON>"``; the decoded JSON is what ``get_token(..., claims=...)`` takes. A
    challenge of another scheme, or a claims value that is not base64 text, gives None.
    """
    if not challenge:
        return None
    scheme = ""
    position = 0
    while position < len(challenge):
        found = _SCHEME.match(challenge, position)
        if found is not None:
            scheme, position = found.group(1).lower(), found.end()
            continue
        param = _PARAM.match(challenge, position)
        if param is None or param.end() == position:
            break
        position = param.end()
        if scheme == "bearer" and param.group(1).lower() == "claims":
            value = param.group(2)
            if value.startswith('"'):
                value = re.sub(r"\\(.)", r"\1", value[1:-1])
            return _decode_claims(value)
    return None


def _decode_claims(value: str) -> Optional[str]:
    padded = value.strip() + "=" * (-len(value.strip()) % 4)
    try:
        # Entra ID sends standard base64; urlsafe_b64decode reads both alphabets.
        decoded = base64.urlsafe_b64decode(padded).decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    return decoded or None


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
        self._checked: Optional[str] = None  # the key last checked, and its header
        self._header: Mapping[str, str] = {}

    def headers(self) -> Mapping[str, str]:
        """``{header_name: prefix + key}``; ConfigurationError if the key became empty."""
        key = self._credential.key
        if key is self._checked:  # checked already; a rotated key is checked again
            return self._header
        if not isinstance(key, str) or not key or _unsafe_in_header(key):
            raise ConfigurationError(
                f"{type(self._credential).__name__}.key must be a non-empty str without line "
                "breaks, control characters or surrounding whitespace"
            )
        self._header = {self._header_name: self._prefix + key}
        self._checked = key
        return self._header

    def on_unauthorized(self, challenge: Optional[str] = None) -> bool:
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

    def on_unauthorized(self, challenge: Optional[str] = None) -> bool:
        """A fixed token cannot be refreshed: False."""
        return False

    def __repr__(self) -> str:
        return f"StaticTokenPolicy(token={redact(self._token)})"


def _callable_name(fn: object) -> str:
    # Name only: the repr of a partial or lambda closure could show a secret argument.
    return str(getattr(fn, "__qualname__", None) or type(fn).__qualname__)


class TokenProviderPolicy:
    """Calls ``provider()`` for a bearer token (or key) on every logical request.

    Suits ``azure.identity.get_bearer_token_provider(credential, scope)``, which caches itself,
    and openai-python's callable ``api_key``. By default the result is sent as
    ``Authorization: Bearer <token>``; ``header_name="api-key", prefix=""`` sends it as an
    Azure key instead. A result that is not a non-empty str raises ConfigurationError naming
    the provider.
    """

    def __init__(
        self,
        provider: AsyncTokenProvider,
        *,
        header_name: str = "Authorization",
        prefix: str = "Bearer ",
    ) -> None:
        if not callable(provider):
            raise ConfigurationError(
                f"TokenProviderPolicy provider must be callable, not {type(provider).__name__}"
            )
        if not header_name or not isinstance(header_name, str) or not isinstance(prefix, str):
            raise ConfigurationError("TokenProviderPolicy header_name and prefix must be str")
        self._provider = provider
        self._header_name = header_name
        self._prefix = prefix

    def headers(self) -> Mapping[str, str]:
        """``{header_name: prefix + provider()}``; the provider's own errors propagate.  A
        coroutine-function provider is awaited on the async client's event loop when this
        runs in one of its worker threads (a bridge's requests)."""
        import inspect

        token: object = self._provider()
        if inspect.isawaitable(token):
            token = await_in_caller_loop(
                token, f"token provider {_callable_name(self._provider)}")
        return self._bearer(token)

    async def async_headers(self) -> Mapping[str, str]:
        """:meth:`headers` for the async client: an async provider (``azure.identity.aio``'s
        ``get_bearer_token_provider``) is awaited, a blocking one runs in a worker thread."""
        import asyncio
        import inspect

        if inspect.iscoroutinefunction(self._provider):
            token: object = await self._provider()
        else:
            token = await asyncio.to_thread(self._provider)
        if inspect.isawaitable(token):
            token = await token
        return self._bearer(token)

    def _bearer(self, token: object) -> Mapping[str, str]:
        if not isinstance(token, str) or not token or _unsafe_in_header(token):
            problem = (
                type(token).__name__ if not isinstance(token, str)
                else "an empty str" if not token
                else "a str with a line break, control character or surrounding whitespace"
            )
            raise ConfigurationError(
                f"token provider {_callable_name(self._provider)} returned {problem};"
                " it must return a non-empty str"
            )
        return {self._header_name: self._prefix + token}

    def on_unauthorized(self, challenge: Optional[str] = None) -> bool:
        """The provider may hand out a new token: True (a provider takes no claims)."""
        return True

    def __repr__(self) -> str:
        return (
            f"TokenProviderPolicy(provider={_callable_name(self._provider)},"
            f" header_name={self._header_name!r})"
        )


class _Token(NamedTuple):
    value: str
    expires_on: float
    refresh_on: Optional[float]


class BearerTokenPolicy:
    """Bearer tokens from an azure ``TokenCredential``, cached and refreshed like azure-core.

    Uses ``get_token_info(*scopes, options={...})`` when the credential has it, else
    ``get_token(*scopes, **options)``; the options carry ``tenant_id`` when given (a token from
    that tenant, for a credential allowed to sign in to several) and, after a claims challenge,
    ``claims``. A token is refreshed at its ``refresh_on`` when given, otherwise when under 300 s
    remain. Concurrent callers share one acquisition. When a refresh fails while the cached
    token has not expired, the cached token keeps being used (a warning is logged, and the next
    attempt waits 30 s); once it has expired, the credential's error is raised.

    A 401 drops the cached token; when it carries a claims challenge
    (``WWW-Authenticate: Bearer ..., claims="..."``), a new token is requested with those
    claims at once (the credential's error, e.g. a sign-in that needs the user, is raised)::

        policy = BearerTokenPolicy(DefaultAzureCredential(), [AZURE_COGNITIVE_SCOPE])
    """

    def __init__(
        self,
        credential: Any,
        scopes: Sequence[str],
        *,
        tenant_id: Optional[str] = None,
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
        if tenant_id is not None and (not isinstance(tenant_id, str) or not tenant_id.strip()):
            raise ConfigurationError(
                "BearerTokenPolicy tenant_id must be a non-empty str (a directory id or domain)"
            )
        self._credential = credential
        self._scopes: Tuple[str, ...] = tuple(scopes)
        self._tenant_id = tenant_id
        self._clock = clock
        self._lock = threading.Lock()
        self._token: Optional[_Token] = None
        self._retry_after = 0.0  # after a failed refresh, keep the cached token until then
        self._async_lock: Any = None  # (loop, asyncio.Lock), made inside the running loop

    def headers(self) -> Mapping[str, str]:
        """``{"Authorization": "Bearer <token>"}``, acquiring or refreshing when due."""
        token = self._token
        if token is None or self._due(token, self._clock()):
            token = self._refresh()
        return {"Authorization": f"Bearer {token.value}"}

    @property
    def scopes(self) -> Tuple[str, ...]:
        """The scopes tokens are requested for."""
        return self._scopes

    @property
    def tenant_id(self) -> Optional[str]:
        """The tenant passed to the credential, if any."""
        return self._tenant_id

    @property
    def expires_on(self) -> Optional[float]:
        """When the cached token expires (Unix seconds), or None before the first token."""
        token = self._token
        return None if token is None else token.expires_on

    async def async_headers(self) -> Mapping[str, str]:
        """:meth:`headers` for the async client.  A valid cached token costs nothing; an
        ``azure.identity.aio`` credential is awaited under one asyncio lock, so any number of
        concurrent tasks share one acquisition; a blocking credential runs in a worker thread
        (its own lock shares the acquisition there)."""
        import asyncio

        token = self._token
        if token is not None and not self._due(token, self._clock()):
            return {"Authorization": f"Bearer {token.value}"}
        if not self._async_credential():
            return await asyncio.to_thread(self.headers)
        loop = asyncio.get_running_loop()
        if self._async_lock is None or self._async_lock[0] is not loop:
            # An asyncio lock belongs to one loop; a client reused by a later asyncio.run
            # gets a new one there.
            self._async_lock = (loop, asyncio.Lock())
        async with self._async_lock[1]:
            token = await self._async_refresh()
        return {"Authorization": f"Bearer {token.value}"}

    def _async_credential(self) -> bool:
        import inspect

        getter = getattr(self._credential, "get_token_info", None)
        if not callable(getter):
            getter = getattr(self._credential, "get_token", None)
        return inspect.iscoroutinefunction(getter)

    async def _async_refresh(self) -> _Token:
        now = self._clock()
        cached = self._still_usable(now)
        if cached is not None:
            return cached
        try:
            token = self._token_from(await self._ask(self._options()))
        except Exception as exc:
            cached = self._kept_after_failure(exc, now)
            if cached is None:
                raise
            return cached
        return self._keep(token, now)

    def on_unauthorized(self, challenge: Optional[str] = None) -> bool:
        """Drop the cached token so the next :meth:`headers` acquires a new one: True.

        With a claims challenge in ``challenge`` (the 401's ``WWW-Authenticate`` value), the
        new token is requested here, with those claims; the credential's error propagates.
        """
        claims = claims_from_challenge(challenge)
        with self._lock:
            self._token = None
            self._retry_after = 0.0
            if claims is not None:
                self._token = self._acquire(claims=claims)
                _log.debug("acquired token for %s with the claims the service asked for",
                           ", ".join(self._scopes))
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
            cached = self._still_usable(now)
            if cached is not None:
                return cached
            try:
                token = self._acquire()
            except Exception as exc:
                cached = self._kept_after_failure(exc, now)
                if cached is None:
                    raise
                return cached
            return self._keep(token, now)

    # The steps below are shared by the blocking and the async refresh; only the wait for
    # the credential's answer differs between them.

    def _still_usable(self, now: float) -> Optional[_Token]:
        """The cached token, if it is not due or a failed refresh is backing off."""
        cached = self._token
        if cached is not None and (not self._due(cached, now) or now < self._retry_after):
            return cached  # another caller refreshed, or a failed refresh is backing off
        return None

    def _kept_after_failure(self, exc: Exception, now: float) -> Optional[_Token]:
        """After a failed refresh: the cached token while it is valid (retried in 30 s), or
        None when the credential's error must be raised."""
        cached = self._token
        if cached is None or now >= cached.expires_on:
            return None
        self._retry_after = now + _RETRY_AFTER_FAILED_REFRESH_SECONDS
        _log.warning(
            "token refresh for %s failed (%s); using the cached token, valid %.0f s more",
            ", ".join(self._scopes), type(exc).__name__, cached.expires_on - now,
        )
        return cached

    def _keep(self, token: _Token, now: float) -> _Token:
        self._token = token
        self._retry_after = 0.0
        _log.debug("acquired token for %s, expires in %.0f s", ", ".join(self._scopes),
                   token.expires_on - now)
        return token

    def _options(self, claims: Optional[str] = None) -> Dict[str, str]:
        options: Dict[str, str] = {}
        if self._tenant_id is not None:
            options["tenant_id"] = self._tenant_id
        if claims is not None:
            options["claims"] = claims
        return options

    def _ask(self, options: Dict[str, str]) -> Any:
        """The credential's answer (an awaitable from an async credential): ``get_token_info``
        when it has one (with ``options`` only when there are some), else ``get_token``."""
        get_token_info = getattr(self._credential, "get_token_info", None)
        if callable(get_token_info):
            return (get_token_info(*self._scopes, options=options) if options
                    else get_token_info(*self._scopes))
        return self._credential.get_token(*self._scopes, **options)

    def _acquire(self, claims: Optional[str] = None) -> _Token:
        import inspect

        result = self._ask(self._options(claims))
        if inspect.isawaitable(result):  # an azure.identity.aio credential: on a worker thread
            # of the async client (a bridge's), awaited on the client's loop
            result = await_in_caller_loop(
                result, f"{type(self._credential).__name__} (an azure.identity.aio credential)",
                fix="the blocking client needs a blocking credential (azure.identity), or use "
                    "the async client (AsyncAssistantsClient, multiassist.agents.aio)")
        return self._token_from(result)

    def _token_from(self, result: Any) -> _Token:
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
            f" scopes={list(self._scopes)!r}"
            + (f", tenant_id={self._tenant_id!r})" if self._tenant_id else ")")
        )


async def async_auth_headers(policy: AuthPolicy) -> Mapping[str, str]:
    """``policy``'s headers for the async transport: its ``async_headers`` when it has one
    (policies that may wait on a credential), else its ``headers`` (keys, static tokens)."""
    async_headers = getattr(policy, "async_headers", None)
    if async_headers is not None:
        headers: Mapping[str, str] = await async_headers()
        return headers
    return policy.headers()


async def async_on_unauthorized(policy: AuthPolicy, challenge: Optional[str] = None) -> bool:
    """``policy.on_unauthorized(challenge)`` for the async transport; a policy that may ask
    its credential for a token there (a claims challenge) runs in a worker thread, which
    hands an ``azure.identity.aio`` credential's request back to this loop."""
    if challenge and hasattr(policy, "async_headers"):
        import asyncio

        remember_caller_loop()
        return await asyncio.to_thread(policy.on_unauthorized, challenge)
    return policy.on_unauthorized(challenge)
