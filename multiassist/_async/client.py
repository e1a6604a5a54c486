"""The facade: :class:`AsyncAssistantsClient`, with both name sets over one core.

- OpenAI style: ``client.beta.assistants``, ``client.beta.threads`` (``.messages``, ``.runs``,
  ``.runs.steps``) and ``client.files``, with openai-python's parameter names;
- Azure style: the retired Azure beta SDK's methods (``createAssistant``, ``createMessage``,
  ``listRunSteps``, ...) and their snake_case twins, from :mod:`multiassist.compat.azure_sdk`.

Subclasses with openai-python's constructors: :class:`multiassist.AsyncOpenAI` and
:class:`multiassist.AsyncAzureOpenAI`.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Callable, Mapping, Optional, Union

import attrs

from multiassist._async.compat.azure_sdk import AsyncAzureStyleMethods
from multiassist._async.compat.legacy_files import AsyncLegacyFiles
from multiassist._async.compat.trigger import AsyncTriggerStyleMethods
from multiassist._async.core import AsyncCore
from multiassist._async.polling import DEFAULT_MAX_WAIT_S
from multiassist._async.raw_response import AsyncRawCore, AsyncRawResponses
from multiassist._async.resources import AsyncBeta, AsyncFiles
from multiassist._async.tool_runner import AsyncToolRunner
from multiassist._types import (
    NOT_GIVEN,
    AsyncTokenProvider,
    NotGiven,
    Timeout,
    TimeoutLike,
    to_timeout,
)
from multiassist.backends.base import Backend
from multiassist.config.profiles import client_options_from_env, load_profile
from multiassist.config.settings import ClientSettings, build_backend, settings_from_arguments
from multiassist.errors import ConfigurationError, InvalidRequestError
from multiassist.http.async_transport import AsyncTransport
from multiassist.http.retries import RetryPolicy
from multiassist.http.transport import DEFAULT_MAX_CONNECTIONS
from multiassist.models import Run

if TYPE_CHECKING:
    # unasync: sync-only
    # import requests
    # unasync: end
    # unasync: async-only
    import aiohttp
    # unasync: end

__all__ = ["DEFAULT_TIMEOUT", "AsyncAssistantsClient"]

#: 10 s to connect, 600 s to read (runs and uploads can be slow).
DEFAULT_TIMEOUT = Timeout()


class AsyncAssistantsClient(AsyncAzureStyleMethods, AsyncTriggerStyleMethods):
    """One client for the Assistants API on any registered backend.

    Construct it the Azure SDK way::

        AsyncAssistantsClient(KeyCredential("sk-..."))                      # OpenAI
        AsyncAssistantsClient("https://res.openai.azure.com", KeyCredential(key))  # Azure key
        AsyncAssistantsClient("https://res.openai.azure.com", DefaultAzureCredential())  # Entra ID

    or with keywords::

        AsyncAssistantsClient(provider="azure", endpoint=..., api_key=..., api_version=...,
                         deployments={"gpt-4o": "my-gpt4o-deployment"})

    Args:
        provider: a registered backend name (``"openai"``, ``"azure"``, or one you registered);
            inferred from the other arguments when omitted.
        endpoint: the Azure resource endpoint. ``base_url``: the OpenAI-compatible base URL.
        api_key / credential: a key string, :class:`KeyCredential`, azure-core
            ``AzureKeyCredential``, (Azure) an azure-identity ``TokenCredential``, or a
            callable asked on every request (OpenAI: a bearer token; Azure: the ``api-key``).
        api_version: Azure api-version; defaults to the newest one with Assistants v2.
        deployments: Azure ``{model name: deployment name}``; the key ``"*"`` names the
            deployment for every model the mapping does not name.
        azure_ad_token / azure_ad_token_provider: a static Entra ID token or a callable.
        token_scope: the Entra ID scope (default: ``https://cognitiveservices.azure.com/.default``
            for an Azure OpenAI resource and its ``/openai/v1``, ``https://ai.azure.com/.default``
            for a Foundry project).
        tenant_id: Entra ID: the tenant passed to the credential's ``get_token`` (for a
            credential allowed to sign in to several tenants).
        default_headers / default_query: headers and query parameters sent with every request
            (a call's ``extra_headers`` / ``extra_query`` win).
        timeout: seconds, ``(connect, read)`` or :class:`Timeout`; per call too.
        max_retries: retries of a failed request that is safe to repeat (default 2).
        session: a ``requests.Session`` to use instead of a new one (blocking client).
        http_client: an ``aiohttp.ClientSession`` to use instead of a new one (async client;
            yours stays open and its own proxy and TLS settings apply).
        verify: TLS verification (on unless you pass ``False``) or a CA bundle path.
        max_connections: pooled connections kept per host (default 32); raise it when more
            threads than that share one client.
        backend: a ready :class:`~multiassist.backends.Backend`, bypassing the settings above.
        store / conversations: the Responses bridge's record store -- an SQLite file path,
            a ``postgresql://`` URL (needs ``multiassist[postgres]``) or a store object;
            default ``$MULTIASSIST_BRIDGE_STORE``, else a file under the user data dir --
            and whether to use the Conversations API (default: find out, fall back to the
            store).
        write_markers: let creates carry a hidden ``multiassist_write_id`` metadata marker so
            a write whose answer was lost can be found instead of repeated (see
            :mod:`multiassist.http.writes`); with ``False`` such a write raises
            :class:`~multiassist.http.writes.WriteOutcomeUnknownError`.

    Raises:
        ConfigurationError: a missing or contradictory setting; the message names the parameter
            and the environment variable that would supply it.
    """

    def __init__(
        self,
        endpoint_or_credential: Any = None,
        credential: Any = None,
        *,
        provider: Optional[str] = None,
        endpoint: Optional[str] = None,
        base_url: Optional[str] = None,
        api_key: Any = None,
        api_version: Optional[str] = None,
        deployments: Optional[Mapping[str, str]] = None,
        organization: Optional[str] = None,
        project: Optional[str] = None,
        azure_ad_token: Optional[str] = None,
        azure_ad_token_provider: Optional[AsyncTokenProvider] = None,
        token_scope: Optional[str] = None,
        tenant_id: Optional[str] = None,
        default_headers: Optional[Mapping[str, str]] = None,
        default_query: Optional[Mapping[str, object]] = None,
        timeout: TimeoutLike = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        # unasync: sync-only
        # session: Optional[requests.Session] = None,
        # unasync: end
        # unasync: async-only
        http_client: Optional[aiohttp.ClientSession] = None,
        # unasync: end
        verify: Union[bool, str, None] = None,
        backend: Optional[Backend] = None,
        write_markers: bool = True,
        store: Any = None,
        conversations: Optional[bool] = None,
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
    ) -> None:
        if backend is None:
            settings = settings_from_arguments(
                endpoint_or_credential,
                credential,
                ClientSettings(
                    provider=provider, endpoint=endpoint, base_url=base_url, api_key=api_key,
                    api_version=api_version, deployments=deployments,
                    organization=organization, project=project, azure_ad_token=azure_ad_token,
                    azure_ad_token_provider=azure_ad_token_provider, token_scope=token_scope,
                    tenant_id=tenant_id, default_headers=default_headers, store=store,
                    conversations=conversations,
                ),
            )
            backend = build_backend(settings)
        transport = AsyncTransport(
            timeout=to_timeout(timeout),
            retry=RetryPolicy(max_retries=_check_retries(max_retries)),
            # unasync: sync-only
            # session=session,
            # unasync: end
            # unasync: async-only
            http_client=http_client,
            # unasync: end
            verify=verify,
            max_connections=max_connections,
        )
        self._setup(backend, transport, write_markers, _check_query(default_query))

    def _setup(
        self,
        backend: Backend,
        transport: AsyncTransport,
        write_markers: bool,
        default_query: Optional[Mapping[str, object]] = None,
    ) -> None:
        self._core = AsyncCore(
            backend, transport, write_markers=write_markers, default_query=default_query)
        self.beta = AsyncBeta(self._core)
        self.files = AsyncFiles(self._core)
        self.vector_stores = self.beta.vector_stores
        self._legacy = AsyncLegacyFiles(self._core, self.beta)

    @classmethod
    def from_env(cls, **overrides: Any) -> AsyncAssistantsClient:
        """A client configured from openai-python's environment variables.

        ``AZURE_OPENAI_ENDPOINT`` selects Azure (``AZURE_OPENAI_API_KEY`` or
        ``AZURE_OPENAI_AD_TOKEN``, ``OPENAI_API_VERSION``); otherwise OpenAI
        (``OPENAI_API_KEY``, ``OPENAI_BASE_URL``, ``OPENAI_ORG_ID``, ``OPENAI_PROJECT_ID``).
        Keyword ``overrides`` win over the environment.
        """
        return cls(**{**client_options_from_env(), **overrides})

    @classmethod
    def from_config(
        cls,
        path: Union[str, os.PathLike[str], None] = None,
        profile: Optional[str] = None,
        **overrides: Any,
    ) -> AsyncAssistantsClient:
        """A client from a TOML profile (see :mod:`multiassist.config.profiles` for the format).

        The file is ``path``, else ``./multiassist.toml``, else the user config file; the
        profile is ``profile``, else ``MULTIASSIST_PROFILE``, else the file's
        ``default_profile``. Raises :class:`~multiassist.config.profiles.ProfileError` naming the
        file, the profile and the key at fault.
        """
        _, options = load_profile(path, profile)
        return cls(**{**options, **overrides})

    def with_options(
        self,
        *,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
        max_retries: Union[int, NotGiven] = NOT_GIVEN,
    ) -> AsyncAssistantsClient:
        """A client sharing this one's backend and connection pool, with other defaults.

        Example: ``client.with_options(max_retries=0).beta.threads.create()``.
        """
        copy = AsyncAssistantsClient.__new__(AsyncAssistantsClient)
        copy._share_connections(self, timeout=timeout, max_retries=max_retries,
                                 default_query=self._core.default_query)
        return copy

    def _share_connections(
        self,
        source: AsyncAssistantsClient,
        *,
        timeout: Union[TimeoutLike, NotGiven],
        max_retries: Union[int, NotGiven],
        default_query: Optional[Mapping[str, object]],
        backend: Optional[Backend] = None,
    ) -> None:
        """Set this client up on ``source``'s connection pool (and backend, unless another is
        given), with its own timeout, retries and query parameters."""
        transport = source._core.transport
        retry = transport.retry
        if not isinstance(max_retries, NotGiven):
            retry = attrs.evolve(retry, max_retries=_check_retries(max_retries))
        self._setup(
            source._core.backend if backend is None else backend,
            transport.derive(
                timeout=transport.timeout if isinstance(timeout, NotGiven)
                else to_timeout(timeout),
                retry=retry,
            ),
            source._core.write_markers,
            _check_query(default_query),
        )

    async def run_tools(
        self,
        thread_id: str,
        *,
        assistant_id: str,
        functions: Mapping[str, Callable[..., Any]],
        raise_tool_errors: bool = False,
        max_rounds: int = 20,
        max_wait: float = DEFAULT_MAX_WAIT_S,
        poll_interval_ms: Optional[int] = None,
        stream: bool = False,
        on_text: Optional[Callable[[str], None]] = None,
        **params: Any,
    ) -> Run:
        """Run ``assistant_id`` on the thread, answering function calls with ``functions``.

        ``functions`` maps tool names to callables; JSON arguments arrive as keyword arguments
        and non-string results are JSON-encoded. A tool that raises is answered with an error
        output (or, with ``raise_tool_errors=True``, the run is cancelled and
        :class:`~multiassist.tool_runner.ToolCallError` raised). ``params`` are
        ``runs.create`` arguments. With ``stream=True`` the run is streamed (SSE) and
        ``on_text`` receives the reply text as it arrives. Returns the run once it stops.
        """
        runner = AsyncToolRunner(
            self.beta.threads.runs, functions, raise_tool_errors=raise_tool_errors,
            max_rounds=max_rounds, max_wait=max_wait, poll_interval_ms=poll_interval_ms,
        )
        if stream:
            return await runner.run_streamed(
                thread_id, assistant_id=assistant_id, on_text=on_text, **params
            )
        if on_text is not None:
            raise InvalidRequestError("on_text receives streamed text: pass stream=True too")
        return await runner.run(thread_id, assistant_id=assistant_id, **params)

    runTools = run_tools

    @property
    def with_raw_response(self) -> AsyncRawClient:
        """``client.with_raw_response.beta.threads.create()``: every namespace, its calls
        returning :class:`~multiassist.raw_response.APIResponse` objects."""
        return AsyncRawClient(AsyncRawCore(self._core))

    @property
    def with_streaming_response(self) -> AsyncRawClient:
        """Like :attr:`with_raw_response`, bodies left unread until read; use each answer in
        a ``with`` block so its connection is released."""
        return AsyncRawClient(AsyncRawCore(self._core, streamed=True))

    @property
    def backend(self) -> Backend:
        """The backend this client talks through."""
        return self._core.backend

    async def close(self) -> None:
        """Release pooled connections (the client's own session only)."""
        await self._core.close()

    async def __aenter__(self) -> AsyncAssistantsClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._core.backend.describe()})"


class AsyncRawClient:
    """The client's namespaces with calls that return raw answers (see
    :attr:`AsyncAssistantsClient.with_raw_response`)."""

    def __init__(self, raw: AsyncRawCore) -> None:
        self.beta = AsyncRawResponses(AsyncBeta(raw), raw)
        self.files = AsyncRawResponses(AsyncFiles(raw), raw)
        self.vector_stores = self.beta.vector_stores


def _check_retries(max_retries: int) -> int:
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise ConfigurationError(f"max_retries must be an integer >= 0, got {max_retries!r}")
    return max_retries


def _check_query(query: Optional[Mapping[str, object]]) -> Optional[Mapping[str, object]]:
    if query is not None and not (
        isinstance(query, Mapping) and all(isinstance(key, str) for key in query)
    ):
        raise ConfigurationError(
            "default_query must be a mapping of parameter names (str) to values, got "
            f"{type(query).__name__}"
        )
    return query
