# Generated from multiassist/_async/compat/openai_python.py by scripts/generate_sync.py:
# edit that file and run `python -m scripts.generate_sync`; `make test` fails on drift.
"""openai-python's client classes, :class:`OpenAI` and :class:`AzureOpenAI`, on the
facade.

They take openai-python's constructor arguments with its defaults and environment variables,
and its ``copy()`` / ``with_options()``, so a program ports by changing its import::

    from multiassist import OpenAI          # was: from openai import OpenAI
    client = OpenAI()                       # OPENAI_API_KEY, OPENAI_BASE_URL, ...

Both are :class:`~multiassist.AssistantsClient` subclasses (and ``AzureOpenAI``
subclasses ``OpenAI``, as in openai-python), so ``isinstance``, subclassing and
annotations work.

What differs, argument by argument:

- ``api_key`` may be a callable; ``OpenAI`` calls it on every request and sends the
  result as ``Authorization: Bearer`` (so ``get_bearer_token_provider(credential, scope)``
  works, as in Microsoft's samples for the Azure OpenAI v1 endpoint); ``AzureOpenAI``
  sends it as ``api-key``, as openai-python does.
- ``azure_deployment``: Assistants routes carry no ``/deployments/<name>`` segment (openai-python
  drops it on them too), so here it names the deployment that every request's ``model`` is
  routed to unless ``deployments={model: deployment}`` names that model. Responses then show
  the deployment name as the model.
- ``api_version`` defaults to the newest Azure api-version with Assistants v2 instead of being
  required.
- ``http_client``: the asyncio classes send with aiohttp and take an ``aiohttp.ClientSession``,
  which then carries every request; an httpx client (what openai-python takes there, such as
  its ``DefaultAsyncHttpxClient``) is refused with that fix. The blocking classes send with
  requests and refuse it, saying what to pass instead (``session=`` takes a
  ``requests.Session``).
- A callable ``api_key`` or ``azure_ad_token_provider`` may be a coroutine function on the
  asyncio classes (``azure.identity.aio.get_bearer_token_provider``): it is awaited; a plain
  function runs in a worker thread. The blocking classes refuse a coroutine function.
- ``websocket_base_url`` (the Realtime API), ``admin_api_key``, ``workload_identity``,
  ``data_residency`` and openai-python's ``provider`` objects mean nothing here: a
  ``TypeError`` says what to pass instead.
- ``_strict_response_validation`` is accepted and changes nothing: responses are always checked
  the same way.
- multiassist's own options are keyword arguments too: ``provider`` (a backend name, such as
  ``"openai-responses"`` for the Responses bridge), ``verify``, ``max_connections``,
  ``write_markers``, ``store``, ``conversations``; ``AzureOpenAI`` also takes
  ``deployments``, ``token_scope`` and ``tenant_id``.
"""

from __future__ import annotations

import copy as _copy
import os
from typing import TYPE_CHECKING, Any, Dict, Mapping, Optional, Tuple, Type, TypeVar, Union

from multiassist._types import (
    NOT_GIVEN,
    ApiKey,
    NotGiven,
    Timeout,
    TimeoutLike,
    TokenProvider,
    to_timeout,
)
from multiassist.backends.deployments import ANY_MODEL
from multiassist.backends.openai import OPENAI_BASE_URL
from multiassist.client import DEFAULT_TIMEOUT, AssistantsClient
from multiassist.compat import openai_arguments
from multiassist.compat.openai_arguments import (
    AZURE_PROVIDERS,
    DEFAULT_MAX_RETRIES,
    OPENAI_PROVIDERS,
    azure_credential,
    check_provider,
    refuse_unusable,
    split_deployment,
    with_env_headers,
)
from multiassist.errors import ConfigurationError
from multiassist.http.transport import DEFAULT_MAX_CONNECTIONS

if TYPE_CHECKING:
    import requests

__all__ = ["DEFAULT_MAX_RETRIES", "AzureOpenAI", "OpenAI"]

_C = TypeVar("_C", bound="OpenAI")
_A = TypeVar("_A", bound="AzureOpenAI")


class OpenAI(AssistantsClient):
    """openai-python's ``OpenAI`` client: the same constructor, on multiassist's backends.

    Environment variables fill what is not passed, as in openai-python: ``api_key`` from
    ``OPENAI_API_KEY``, ``organization`` from ``OPENAI_ORG_ID``, ``project`` from
    ``OPENAI_PROJECT_ID``, ``base_url`` from ``OPENAI_BASE_URL``, ``webhook_secret`` from
    ``OPENAI_WEBHOOK_SECRET``, and extra headers from ``OPENAI_CUSTOM_HEADERS`` (one
    ``Name: value`` per line; ``default_headers`` win).

    Args:
        api_key: a key, or a callable returning a key or token, called on every request and
            sent as a bearer token.
        organization / project: sent as ``OpenAI-Organization`` / ``OpenAI-Project``.
        webhook_secret: kept as ``client.webhook_secret``; Assistants calls do not use it.
        base_url: the API root (default ``https://api.openai.com/v1``).
        timeout: seconds, ``(connect, read)``, :class:`~multiassist.Timeout` or an
            ``httpx.Timeout``; ``None`` waits forever.
        max_retries: retries of a failed request that is safe to repeat (default 2).
        default_headers / default_query: sent with every request.
        provider: ``"openai"`` (default) or ``"openai-responses"`` (the Responses bridge).
        http_client: on the asyncio classes, an ``aiohttp.ClientSession`` that carries every
            request (yours stays open when the client closes); the blocking classes refuse it.
        session: on the blocking classes, a ``requests.Session`` to send with.
        verify / max_connections / write_markers / store / conversations: as for
            :class:`~multiassist.AssistantsClient`.

    Raises:
        ConfigurationError: no API key, or another missing or contradictory setting.
        TypeError: an argument that means nothing here (the message says what to pass
            instead), or one openai-python does not have either.
    """

    _extras: Dict[str, Any]

    def __init__(
        self,
        *,
        api_key: Optional[ApiKey] = None,
        organization: Optional[str] = None,
        project: Optional[str] = None,
        webhook_secret: Optional[str] = None,
        base_url: Optional[str] = None,
        websocket_base_url: Optional[str] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Optional[Mapping[str, str]] = None,
        default_query: Optional[Mapping[str, object]] = None,
        http_client: Any = None,
        _strict_response_validation: bool = False,
        admin_api_key: Optional[str] = None,
        workload_identity: Any = None,
        data_residency: Optional[str] = None,
        provider: Optional[str] = None,
        session: Optional[requests.Session] = None,
        verify: Union[bool, str, None] = None,
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
        write_markers: bool = True,
        store: Any = None,
        conversations: Optional[bool] = None,
    ) -> None:
        refuse_unusable(
            websocket_base_url=websocket_base_url, admin_api_key=admin_api_key,
            workload_identity=workload_identity, data_residency=data_residency,
        )
        openai_arguments.refuse_http_client(http_client)
        openai_arguments.refuse_coroutine_functions("OpenAI", api_key=api_key)
        provider = check_provider(provider, OPENAI_PROVIDERS, "OpenAI")
        if api_key is None:
            api_key = os.environ.get("OPENAI_API_KEY")
        if organization is None:
            organization = os.environ.get("OPENAI_ORG_ID")
        if project is None:
            project = os.environ.get("OPENAI_PROJECT_ID")
        if webhook_secret is None:
            webhook_secret = os.environ.get("OPENAI_WEBHOOK_SECRET")
        if base_url is None:
            base_url = os.environ.get("OPENAI_BASE_URL") or OPENAI_BASE_URL
        headers = with_env_headers(default_headers)
        self._set_openai_options(
            api_key=api_key, organization=organization, project=project,
            webhook_secret=webhook_secret, base_url=base_url, timeout=timeout,
            max_retries=max_retries, headers=default_headers, query=default_query,
            strict=_strict_response_validation,
            extras=dict(provider=provider, verify=verify, max_connections=max_connections,
                        write_markers=write_markers, store=store, conversations=conversations),
        )
        self._extras["session"] = session
        AssistantsClient.__init__(
            self, provider=provider, api_key=api_key, organization=organization,
            project=project, base_url=base_url, default_headers=headers,
            default_query=default_query, timeout=self.timeout, max_retries=max_retries,
            session=session,
            verify=verify, max_connections=max_connections,
            write_markers=write_markers, store=store, conversations=conversations,
        )
        self.base_url = str(getattr(self._core.backend, "base_url", base_url))

    def _set_openai_options(
        self,
        *,
        api_key: Any,
        organization: Optional[str],
        project: Optional[str],
        webhook_secret: Optional[str],
        base_url: str,
        timeout: Union[TimeoutLike, NotGiven],
        max_retries: int,
        headers: Optional[Mapping[str, str]],
        query: Optional[Mapping[str, object]],
        strict: bool,
        extras: Dict[str, Any],
    ) -> None:
        self._api_key = api_key
        #: ``OpenAI-Organization`` / ``OpenAI-Project`` sent with every request (or None).
        self.organization = organization
        self.project = project
        #: Kept for code that reads it; Assistants calls never use it.
        self.webhook_secret = webhook_secret
        #: The API root requests go to.
        self.base_url = base_url
        #: The default timeouts of each request.
        self.timeout: Timeout = (
            DEFAULT_TIMEOUT if isinstance(timeout, NotGiven) else to_timeout(timeout)
        )
        #: Retries of a failed request that is safe to repeat.
        self.max_retries = max_retries
        self._custom_headers: Dict[str, str] = dict(headers or {})
        self._custom_query: Dict[str, object] = dict(query or {})
        self._strict_response_validation = bool(strict)
        self._extras = extras

    @property
    def api_key(self) -> str:
        """The API key ("" when a callable supplies it per request)."""
        return self._api_key if isinstance(self._api_key, str) else ""

    @property
    def default_query(self) -> Dict[str, object]:
        """The query parameters sent with every request."""
        return dict(self._core.default_query)

    @classmethod
    def from_env(cls: Type[_C], **overrides: Any) -> _C:
        """The client the constructor makes: it reads openai-python's environment variables
        itself; keyword ``overrides`` are constructor arguments."""
        return cls(**overrides)

    @classmethod
    def from_config(
        cls,
        path: Union[str, os.PathLike[str], None] = None,
        profile: Optional[str] = None,
        **overrides: Any,
    ) -> AssistantsClient:
        """An :class:`~multiassist.AssistantsClient` from a TOML profile, which may name any
        provider (see :meth:`AssistantsClient.from_config`)."""
        return AssistantsClient.from_config(path, profile, **overrides)

    def copy(
        self: _C,
        *,
        api_key: Optional[ApiKey] = None,
        organization: Optional[str] = None,
        project: Optional[str] = None,
        webhook_secret: Optional[str] = None,
        websocket_base_url: Optional[str] = None,
        base_url: Optional[str] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
        http_client: Any = None,
        max_retries: Union[int, NotGiven] = NOT_GIVEN,
        default_headers: Optional[Mapping[str, str]] = None,
        set_default_headers: Optional[Mapping[str, str]] = None,
        default_query: Optional[Mapping[str, object]] = None,
        set_default_query: Optional[Mapping[str, object]] = None,
        admin_api_key: Optional[str] = None,
        workload_identity: Any = None,
        data_residency: Optional[str] = None,
    ) -> _C:
        """A new client with this one's settings, overriding the ones given (openai-python's
        semantics): ``default_headers`` / ``default_query`` are merged over this client's,
        ``set_default_headers`` / ``set_default_query`` replace them. The new client shares
        this one's connection pool; closing it leaves this one open.

        Example: ``client.with_options(timeout=5, max_retries=0).beta.threads.create()``.
        """
        refuse_unusable(
            websocket_base_url=websocket_base_url, admin_api_key=admin_api_key,
            workload_identity=workload_identity, data_residency=data_residency,
        )
        openai_arguments.refuse_http_client(http_client)
        openai_arguments.refuse_coroutine_functions("OpenAI", api_key=api_key)
        headers, query = self._merged_defaults(
            default_headers, set_default_headers, default_query, set_default_query
        )
        changes = (api_key, organization, project, base_url, http_client)
        if all(value is None for value in changes) and headers is None:
            copied = _copy.copy(self)
            copied._adopt_settings(self, timeout, max_retries, query, webhook_secret)
            return copied
        options = dict(
            api_key=api_key or self._api_key,
            organization=organization or self.organization,
            project=project or self.project,
            webhook_secret=webhook_secret or self.webhook_secret,
            base_url=base_url or self.base_url,
            default_headers=self._custom_headers if headers is None else headers,
            **self._extras,
        )
        return self._rebuilt(options, timeout, max_retries, query)

    with_options = copy

    # -- what copy() does ---------------------------------------------------------------
    def _merged_defaults(
        self,
        default_headers: Optional[Mapping[str, str]],
        set_default_headers: Optional[Mapping[str, str]],
        default_query: Optional[Mapping[str, object]],
        set_default_query: Optional[Mapping[str, object]],
    ) -> Tuple[Optional[Dict[str, str]], Dict[str, object]]:
        """The copy's headers (None: unchanged) and query, as openai-python merges them."""
        if default_headers is not None and set_default_headers is not None:
            raise ValueError(
                "The `default_headers` and `set_default_headers` arguments are mutually exclusive"
            )
        if default_query is not None and set_default_query is not None:
            raise ValueError(
                "The `default_query` and `set_default_query` arguments are mutually exclusive"
            )
        headers: Optional[Dict[str, str]] = None
        if default_headers is not None:
            headers = {**self._custom_headers, **default_headers}
        elif set_default_headers is not None:
            headers = dict(set_default_headers)
        query = dict(self._custom_query)
        if default_query is not None:
            query.update(default_query)
        elif set_default_query is not None:
            query = dict(set_default_query)
        return headers, query

    def _adopt_settings(
        self,
        parent: OpenAI,
        timeout: Union[TimeoutLike, NotGiven],
        max_retries: Union[int, NotGiven],
        query: Dict[str, object],
        webhook_secret: Optional[str],
    ) -> None:
        """Finish a copy made with ``copy.copy``: this client's backend and connection pool,
        with the new timeout, retries and query."""
        if not isinstance(timeout, NotGiven):
            self.timeout = to_timeout(timeout)
        if not isinstance(max_retries, NotGiven):
            self.max_retries = max_retries
        if webhook_secret is not None:
            self.webhook_secret = webhook_secret
        self._custom_query = query
        self._share_connections(parent, timeout=self.timeout, max_retries=self.max_retries,
                                default_query=query)

    def _rebuilt(
        self: _C,
        options: Dict[str, Any],
        timeout: Union[TimeoutLike, NotGiven],
        max_retries: Union[int, NotGiven],
        query: Dict[str, object],
    ) -> _C:
        """A client of this class built from ``options``, sharing this one's connection pool
        (and, on the Responses bridge, its record store)."""
        store = getattr(self._core.backend, "store", None)
        if store is not None:
            options = {**options, "store": store}
        copied = type(self)(
            timeout=self.timeout if isinstance(timeout, NotGiven) else timeout,
            max_retries=self.max_retries if isinstance(max_retries, NotGiven) else max_retries,
            default_query=query,
            **options,
        )
        own = copied._core.transport
        if own.session is self._core.transport.session:
            return copied  # the caller's session, shared already
        own.close()  # made by the constructor and never used
        copied._share_connections(
            self, timeout=own.timeout, max_retries=own.retry.max_retries,
            default_query=copied._core.default_query, backend=copied._core.backend,
        )
        return copied


class AzureOpenAI(OpenAI):
    """openai-python's ``AzureOpenAI`` client: the same constructor, on multiassist's backends.

    Environment variables fill what is not passed, as in openai-python: ``azure_endpoint``
    from ``AZURE_OPENAI_ENDPOINT``, ``api_version`` from ``OPENAI_API_VERSION``, and, when no
    credential is passed, ``AZURE_OPENAI_AD_TOKEN``, else ``AZURE_OPENAI_API_KEY``;
    ``organization`` / ``project`` from ``OPENAI_ORG_ID`` / ``OPENAI_PROJECT_ID``.

    Args:
        api_version: the Azure api-version (default: the newest one with Assistants v2).
        azure_endpoint: ``https://<resource>.openai.azure.com``.
        azure_deployment: the deployment every request's model is routed to, unless
            ``deployments`` names the model (Assistants routes have no deployment in the URL).
        api_key: a key, or a callable returning one (sent as ``api-key`` on every request).
        azure_ad_token / azure_ad_token_provider: a Microsoft Entra ID token, or a callable
            returning one on every request (e.g. ``get_bearer_token_provider(...)``). Pass at
            most one of ``api_key``, ``azure_ad_token`` and ``azure_ad_token_provider``.
        base_url: ``{endpoint}/openai``, or ``{endpoint}/openai/deployments/<name>`` (which
            sets ``azure_deployment``); not together with ``azure_endpoint``.
        deployments: ``{model name: deployment name}``; responses show your model names.
        provider: ``"azure"`` (default), ``"azure-responses"`` (the Responses bridge) or
            ``"foundry"`` (Foundry Agent Service classic, Entra ID only; ``azure_endpoint`` is
            then the project endpoint).
        token_scope / tenant_id: the Entra ID scope, and the tenant, for azure-identity
            credentials passed as ``api_key``.
        The rest: as for :class:`OpenAI`.

    Raises:
        ConfigurationError: no endpoint, no credential or more than one, or another
            contradictory setting.
        TypeError: as for :class:`OpenAI`.
    """

    def __init__(
        self,
        *,
        api_version: Optional[str] = None,
        azure_endpoint: Optional[str] = None,
        azure_deployment: Optional[str] = None,
        api_key: Optional[ApiKey] = None,
        azure_ad_token: Optional[str] = None,
        azure_ad_token_provider: Optional[TokenProvider] = None,
        organization: Optional[str] = None,
        project: Optional[str] = None,
        webhook_secret: Optional[str] = None,
        websocket_base_url: Optional[str] = None,
        base_url: Optional[str] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Optional[Mapping[str, str]] = None,
        default_query: Optional[Mapping[str, object]] = None,
        http_client: Any = None,
        _strict_response_validation: bool = False,
        admin_api_key: Optional[str] = None,
        workload_identity: Any = None,
        provider: Optional[str] = None,
        deployments: Optional[Mapping[str, str]] = None,
        token_scope: Optional[str] = None,
        tenant_id: Optional[str] = None,
        session: Optional[requests.Session] = None,
        verify: Union[bool, str, None] = None,
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
        write_markers: bool = True,
        store: Any = None,
        conversations: Optional[bool] = None,
    ) -> None:
        refuse_unusable(
            websocket_base_url=websocket_base_url, admin_api_key=admin_api_key,
            workload_identity=workload_identity, data_residency=None,
        )
        openai_arguments.refuse_http_client(http_client)
        openai_arguments.refuse_coroutine_functions(
            "AzureOpenAI", api_key=api_key, azure_ad_token_provider=azure_ad_token_provider)
        provider = check_provider(provider, AZURE_PROVIDERS, "AzureOpenAI")
        api_key, azure_ad_token, azure_ad_token_provider = azure_credential(
            api_key, azure_ad_token, azure_ad_token_provider
        )
        if api_version is None:
            api_version = os.environ.get("OPENAI_API_VERSION")
        if base_url is not None:
            if azure_endpoint is not None:
                raise ConfigurationError("base_url and azure_endpoint are mutually exclusive")
            azure_endpoint, in_url = split_deployment(base_url)
            azure_deployment = azure_deployment or in_url
        elif azure_endpoint is None:
            azure_endpoint = os.environ.get("AZURE_OPENAI_ENDPOINT")
        if azure_endpoint is None:
            raise ConfigurationError(
                "SyncAzureOpenAI needs an endpoint: pass azure_endpoint='https://<resource>"
                ".openai.azure.com' (or base_url=) or set AZURE_OPENAI_ENDPOINT"
            )
        if organization is None:
            organization = os.environ.get("OPENAI_ORG_ID")
        if project is None:
            project = os.environ.get("OPENAI_PROJECT_ID")
        headers: Dict[str, str] = {}
        if organization is not None:
            headers["OpenAI-Organization"] = organization
        if project is not None:
            headers["OpenAI-Project"] = project
        headers.update(with_env_headers(default_headers))
        routes: Dict[str, str] = {}
        if azure_deployment is not None:
            routes[ANY_MODEL] = azure_deployment
        routes.update(deployments or {})

        self._set_openai_options(
            api_key=api_key, organization=organization, project=project,
            webhook_secret=webhook_secret, base_url=azure_endpoint.rstrip("/") + "/openai",
            timeout=timeout, max_retries=max_retries, headers=default_headers,
            query=default_query, strict=_strict_response_validation,
            extras=dict(provider=provider, token_scope=token_scope, tenant_id=tenant_id,
                        verify=verify, max_connections=max_connections,
                        write_markers=write_markers, store=store, conversations=conversations),
        )
        self._extras["session"] = session
        self._api_version = api_version
        self._azure_ad_token = azure_ad_token
        self._azure_ad_token_provider = azure_ad_token_provider
        self._azure_endpoint = azure_endpoint
        #: The deployment unmapped models are routed to (None: models pass through).
        self.azure_deployment = azure_deployment
        self._deployments = dict(deployments or {})
        AssistantsClient.__init__(
            self, provider=provider, endpoint=azure_endpoint, api_key=api_key,
            api_version=api_version, deployments=routes, azure_ad_token=azure_ad_token,
            azure_ad_token_provider=azure_ad_token_provider, token_scope=token_scope,
            tenant_id=tenant_id, default_headers=headers, default_query=default_query,
            timeout=self.timeout, max_retries=max_retries,
            session=session,
            verify=verify, max_connections=max_connections, write_markers=write_markers,
            store=store, conversations=conversations,
        )
        backend: Any = self._core.backend
        self.base_url = str(
            getattr(backend, "base_url", None)
            or (backend.endpoint + "/openai" if provider == "azure" else backend.endpoint)
        )

    @property
    def api_version(self) -> str:
        """The api-version requests carry."""
        return str(getattr(self._core.backend, "api_version", self._api_version or ""))

    def copy(
        self: _A,
        *,
        api_key: Optional[ApiKey] = None,
        organization: Optional[str] = None,
        project: Optional[str] = None,
        webhook_secret: Optional[str] = None,
        websocket_base_url: Optional[str] = None,
        base_url: Optional[str] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
        http_client: Any = None,
        max_retries: Union[int, NotGiven] = NOT_GIVEN,
        default_headers: Optional[Mapping[str, str]] = None,
        set_default_headers: Optional[Mapping[str, str]] = None,
        default_query: Optional[Mapping[str, object]] = None,
        set_default_query: Optional[Mapping[str, object]] = None,
        admin_api_key: Optional[str] = None,
        workload_identity: Any = None,
        data_residency: Optional[str] = None,
        api_version: Optional[str] = None,
        azure_ad_token: Optional[str] = None,
        azure_ad_token_provider: Optional[TokenProvider] = None,
        azure_endpoint: Optional[str] = None,
        azure_deployment: Optional[str] = None,
        deployments: Optional[Mapping[str, str]] = None,
    ) -> _A:
        """A new client with this one's settings, overriding the ones given (openai-python's
        semantics, see :meth:`OpenAI.copy`). Passing any of ``api_key``, ``azure_ad_token``
        and ``azure_ad_token_provider`` replaces the credential (at most one of them);
        otherwise the copy keeps this client's."""
        if data_residency is not None:
            raise TypeError(
                "data_residency selects an OpenAI regional endpoint; an AzureOpenAI client "
                "keeps its azure_endpoint"
            )
        refuse_unusable(
            websocket_base_url=websocket_base_url, admin_api_key=admin_api_key,
            workload_identity=workload_identity, data_residency=None,
        )
        openai_arguments.refuse_http_client(http_client)
        openai_arguments.refuse_coroutine_functions(
            "AzureOpenAI", api_key=api_key, azure_ad_token_provider=azure_ad_token_provider)
        headers, query = self._merged_defaults(
            default_headers, set_default_headers, default_query, set_default_query
        )
        changes = (api_key, azure_ad_token, azure_ad_token_provider, organization, project,
                   base_url, api_version, azure_endpoint, azure_deployment, deployments,
                   http_client)
        if all(value is None for value in changes) and headers is None:
            copied = _copy.copy(self)
            copied._adopt_settings(self, timeout, max_retries, query, webhook_secret)
            return copied
        if api_key is None and azure_ad_token is None and azure_ad_token_provider is None:
            api_key, azure_ad_token = self._api_key, self._azure_ad_token
            azure_ad_token_provider = self._azure_ad_token_provider
        endpoint: Dict[str, Any] = (
            {"base_url": base_url} if base_url is not None
            else {"azure_endpoint": azure_endpoint or self._azure_endpoint}
        )
        options = dict(
            api_key=api_key,
            azure_ad_token=azure_ad_token,
            azure_ad_token_provider=azure_ad_token_provider,
            organization=organization or self.organization,
            project=project or self.project,
            webhook_secret=webhook_secret or self.webhook_secret,
            api_version=api_version or self._api_version,
            azure_deployment=azure_deployment or (
                self.azure_deployment if base_url is None else None),
            deployments=self._deployments if deployments is None else deployments,
            default_headers=self._custom_headers if headers is None else headers,
            **endpoint,
            **self._extras,
        )
        return self._rebuilt(options, timeout, max_retries, query)

    with_options = copy
