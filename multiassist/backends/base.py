"""The backend protocol and the registry of backends by name.

A backend knows everything that differs between providers and nothing else: the URL of an
operation, the headers and auth policy, how the request body is shaped on its wire, and how
response payloads are normalised back to the v2 wire the facade speaks. It does no I/O; the
transport sends what :meth:`Backend.prepare` returns.

Adding a provider::

    from multiassist.backends import register_backend

    class MyBackend:
        name = "my-provider"
        ...  # the Backend protocol below

    register_backend("my-provider", lambda **options: MyBackend(**options))
    client = multiassist.AssistantsClient(provider="my-provider", ...)
"""

from __future__ import annotations

import ipaddress
from typing import Any, Callable, Dict, List, Mapping, Optional, Protocol, Sequence
from urllib.parse import urlsplit

from multiassist.errors import ConfigurationError, UnsupportedOperationError
from multiassist.http.auth import AuthPolicy
from multiassist.http.messages import FileField, PreparedCall, StreamBody
from multiassist.operations import Operation

__all__ = [
    "Backend",
    "BackendFactory",
    "Bridge",
    "FileField",
    "PreparedCall",
    "StreamBody",
    "as_bridge",
    "available_backends",
    "create_backend",
    "register_backend",
    "require_secure_url",
]

class Backend(Protocol):
    """What a provider backend implements. See the module docstring for registration."""

    name: str
    #: Response headers that carry the request id, most specific first.
    request_id_headers: Sequence[str]
    #: "v2", or "v1" for a backend speaking the v1 Assistants wire (assistant/message files).
    wire: str

    @property
    def auth(self) -> AuthPolicy:
        """The auth policy the transport applies to every request of this backend."""
        ...

    def prepare(
        self,
        operation: Operation,
        path: str,
        *,
        query: Mapping[str, Any],
        body: Optional[Mapping[str, Any]],
        files: Optional[Mapping[str, FileField]] = None,
    ) -> PreparedCall:
        """Build the request for ``operation`` whose path (IDs already encoded) is ``path``.

        Raises :class:`~multiassist.errors.UnsupportedOperationError` when the operation or a
        body field cannot be expressed on this backend.
        """
        ...

    def normalize_response(self, operation: Operation, payload: Any) -> Any:
        """Rewrite a decoded JSON response into the v2 wire shape (e.g. deployment -> model)."""
        ...

    def describe(self) -> str:
        """A one-line, secret-free description used in reprs and logs."""
        ...


class Bridge(Backend, Protocol):
    """A backend that carries out some operations itself, with several requests and state of
    its own (for example the Responses bridge, which keeps assistants and runs locally).

    Operations for which :meth:`handles` is False go through :meth:`Backend.prepare` as usual.
    """

    def handles(self, operation_name: str) -> bool:
        """Whether :meth:`execute` carries out this operation."""
        ...

    def execute(
        self,
        operation: Operation,
        ids: Mapping[str, str],
        *,
        query: Mapping[str, Any],
        body: Optional[Mapping[str, Any]],
        call: Callable[..., Any],
    ) -> Any:
        """Carry out ``operation`` and return its v2-wire JSON payload.

        ``call(prepared_call, stream=False, idempotent=None)`` sends one request through the
        client's transport (auth, retries, error mapping) and returns the response.
        """
        ...


    def stream(
        self,
        operation: Operation,
        ids: Mapping[str, str],
        *,
        query: Mapping[str, Any],
        body: Optional[Mapping[str, Any]],
        call: Callable[..., Any],
    ) -> StreamBody:
        """Open a streamed run: return its body as Assistants ``text/event-stream`` bytes.

        ``query`` and ``body`` are what an HTTP backend would send, per-call extras included.
        """
        ...


def as_bridge(backend: Backend) -> Optional[Bridge]:
    """``backend`` as a :class:`Bridge` when it is one, else None."""
    return backend if callable(getattr(backend, "execute", None)) else None  # type: ignore[return-value]


BackendFactory = Callable[..., Backend]

_REGISTRY: Dict[str, BackendFactory] = {}


def register_backend(name: str, factory: BackendFactory, *, replace: bool = False) -> None:
    """Make ``AssistantsClient(provider=name, ...)`` call ``factory(**options)``."""
    if not name or not isinstance(name, str):
        raise ConfigurationError("backend name must be a non-empty string")
    if name in _REGISTRY and not replace:
        raise ConfigurationError(
            f"a backend named {name!r} is already registered; pass replace=True to override it"
        )
    _REGISTRY[name] = factory


def available_backends() -> List[str]:
    """Names accepted as ``provider=``, sorted."""
    return sorted(_REGISTRY)


def create_backend(name: str, **options: Any) -> Backend:
    """Build the backend registered as ``name``; an unknown name lists the valid ones."""
    try:
        factory = _REGISTRY[name]
    except KeyError:
        valid = ", ".join(repr(n) for n in available_backends())
        raise ConfigurationError(
            f"unknown provider {name!r}; valid providers are: {valid}"
        ) from None
    return factory(**options)


def is_loopback_host(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def require_secure_url(url: str, *, parameter: str) -> str:
    """Return ``url`` without a trailing slash; refuse non-HTTPS unless the host is loopback."""
    if not isinstance(url, str) or not url.strip():
        raise ConfigurationError(f"{parameter} must be a non-empty URL string")
    parts = urlsplit(url.strip())
    if parts.username is not None or parts.password is not None:
        raise ConfigurationError(
            f"{parameter} must not carry a user name or password: requests would send them as "
            "Basic auth in place of the API credential; pass credentials separately"
        )
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ConfigurationError(
            f"{parameter} must be an absolute http(s) URL such as "
            f"'https://my-resource.openai.azure.com', got {url!r}"
        )
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        raise ConfigurationError(
            f"{parameter} {url!r} uses plain http; credentials would travel unencrypted. "
            "Use https (plain http is accepted only for loopback hosts such as 127.0.0.1)."
        )
    if parts.query or parts.fragment:
        raise ConfigurationError(f"{parameter} must not contain a query or fragment: {url!r}")
    return url.strip().rstrip("/")


def unsupported(backend: str, operation: Operation, replacement: str) -> UnsupportedOperationError:
    """Build the error for an operation a backend cannot carry out."""
    return UnsupportedOperationError(
        f"{operation.name} is not available on the {backend} backend; {replacement}"
    )
