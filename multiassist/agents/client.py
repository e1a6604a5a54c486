# Generated from multiassist/_async/agents/client.py by scripts/generate_sync.py:
# edit that file and run `python -m scripts.generate_sync`; `make test` fails on drift.
""":class:`AgentsClient`: azure-ai-agents 1.x's client and its resource groups (``threads``,
``messages``, ``runs``, ``run_steps``, ``files``, ``vector_stores``, ``vector_store_files``),
carried out by a :class:`multiassist.AssistantsClient` on any backend.

Keyword names are the SDK's (``agent_id``, ``order=ListSortOrder.ASCENDING``, ``file_path=``);
arguments left ``None`` are not sent. Answers are views (:mod:`multiassist.agents.views`) of
multiassist's models. ``runs.create_and_process`` and ``create_thread_and_process_run`` run
functions through the one tool loop (:class:`multiassist.tool_runner.ToolRunner`),
and ``runs.stream`` reads through :class:`multiassist.AssistantStream`.
"""

from __future__ import annotations

import logging
import os
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple

from multiassist.agents.connection import connect
from multiassist.agents.enums import wire_value
from multiassist.agents.events import AgentEventHandler, AgentRunStream
from multiassist.agents.inputs import _plain
from multiassist.agents.paging import ItemPaged
from multiassist.agents.tools import BaseToolSet, functions_of
from multiassist.agents.views import (
    Agent,
    AgentThread,
    FileInfo,
    MessageTextContent,
    RunStep,
    ThreadMessage,
    ThreadRun,
    VectorStore,
    VectorStoreFile,
    newest_by_role,
)
from multiassist.client import AssistantsClient
from multiassist.concurrency import run_blocking
from multiassist.errors import InvalidRequestError
from multiassist.models import VectorStore as VectorStoreModel
from multiassist.polling import DEFAULT_MAX_WAIT_S, poll_until
from multiassist.tool_runner import ToolRunner

__all__ = ["AgentsClient"]

log = logging.getLogger("multiassist.agents")

#: azure-core pipeline options Microsoft's clients take; they have no meaning here.
_PIPELINE_OPTIONS = frozenset({
    "logging_enable", "user_agent", "user_agent_overwrite", "per_call_policies",
    "per_retry_policies", "transport", "retry_total", "retry_mode", "connection_timeout",
    "read_timeout", "connection_verify", "headers", "http_logging_policy",
})
DEFAULT_MAX_RETRY = 10


def given(**fields: Any) -> Dict[str, Any]:
    """The fields that are not ``None``, as wire values (enums, views and inputs plain)."""
    return {name: _plain(value) for name, value in fields.items() if value is not None}


def poll_ms(polling_interval: Optional[float]) -> Optional[int]:
    """A polling interval in seconds as the core's milliseconds (None: the server's hint)."""
    return None if polling_interval is None else int(polling_interval * 1000)


def _read_file(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _file_input(file_path: Optional[str], file: Any, filename: Optional[str]) -> Any:
    if (file_path is None) == (file is None):
        raise InvalidRequestError("upload takes exactly one of file_path= and file=")
    if file_path is not None:
        content = run_blocking(_read_file, file_path)
        return (filename or os.path.basename(file_path), content)
    if isinstance(file, tuple):
        return file
    return (filename, file) if filename else file


def _one_chunk(content: bytes) -> Iterator[bytes]:
    yield content


class _Group:
    def __init__(self, agents: AgentsClient) -> None:
        self._agents = agents
        self._beta = agents._client.beta


class ThreadsOperations(_Group):
    """``client.threads``."""

    def create(self, *, messages: Optional[List[Any]] = None, tool_resources: Any = None,
                     metadata: Optional[Dict[str, str]] = None, **kwargs: Any) -> AgentThread:
        """Create a thread, optionally with its first messages."""
        return AgentThread(self._beta.threads.create(
            **given(messages=messages, tool_resources=tool_resources, metadata=metadata),
            **kwargs))

    def get(self, thread_id: str, **kwargs: Any) -> AgentThread:
        """Fetch a thread."""
        return AgentThread(self._beta.threads.retrieve(thread_id, **kwargs))

    def list(self, *, limit: Optional[int] = None, order: Any = None,
             before: Optional[str] = None, **kwargs: Any) -> ItemPaged[AgentThread]:
        """Every thread of the project (Foundry; the Responses bridge lists its own)."""
        page = self._beta.threads.list(**given(limit=limit, order=order, before=before),
                                       **kwargs)
        return ItemPaged(page, AgentThread)

    def update(self, thread_id: str, *, tool_resources: Any = None,
                     metadata: Optional[Dict[str, str]] = None, **kwargs: Any) -> AgentThread:
        """Change a thread's tool resources or metadata."""
        return AgentThread(self._beta.threads.update(
            thread_id, **given(tool_resources=tool_resources, metadata=metadata), **kwargs))

    def delete(self, thread_id: str, **kwargs: Any) -> None:
        """Delete a thread."""
        self._beta.threads.delete(thread_id, **kwargs)


class MessagesOperations(_Group):
    """``client.messages``."""

    def create(self, thread_id: str, *, role: Any, content: Any,
                     attachments: Optional[List[Any]] = None,
                     metadata: Optional[Dict[str, str]] = None, **kwargs: Any) -> ThreadMessage:
        """Add a message to a thread (``role``: ``"user"`` or ``MessageRole.USER``)."""
        return ThreadMessage(self._beta.threads.messages.create(
            thread_id, **given(role=role, content=content, attachments=attachments,
                               metadata=metadata), **kwargs))

    def get(self, thread_id: str, message_id: str, **kwargs: Any) -> ThreadMessage:
        """Fetch a message."""
        return ThreadMessage(self._beta.threads.messages.retrieve(
            message_id, thread_id=thread_id, **kwargs))

    def list(self, thread_id: str, *, run_id: Optional[str] = None, limit: Optional[int] = None,
             order: Any = None, before: Optional[str] = None,
             **kwargs: Any) -> ItemPaged[ThreadMessage]:
        """A thread's messages, newest first unless ``order=ListSortOrder.ASCENDING``."""
        page = self._beta.threads.messages.list(
            thread_id, **given(run_id=run_id, limit=limit, order=order, before=before),
            **kwargs)
        return ItemPaged(page, ThreadMessage)

    def update(self, thread_id: str, message_id: str, *,
                     metadata: Optional[Dict[str, str]] = None, **kwargs: Any) -> ThreadMessage:
        """Change a message's metadata."""
        return ThreadMessage(self._beta.threads.messages.update(
            message_id, thread_id=thread_id, **given(metadata=metadata), **kwargs))

    def get_last_message_by_role(self, thread_id: str, role: Any,
                                       **kwargs: Any) -> Optional[ThreadMessage]:
        """The newest message of the thread written by ``role``, or None."""
        page = self._beta.threads.messages.list(thread_id, order="desc", **kwargs)
        return newest_by_role([ThreadMessage(m) for m in page.data], wire_value(role))

    def get_last_message_text_by_role(self, thread_id: str, role: Any,
                                            **kwargs: Any) -> Optional[MessageTextContent]:
        """The last text part of :meth:`get_last_message_by_role`, or None."""
        message = self.get_last_message_by_role(thread_id, role, **kwargs)
        texts = [] if message is None else message.text_messages
        return texts[-1] if texts else None


class RunsOperations(_Group):
    """``client.runs``."""

    def create(self, thread_id: str, *, agent_id: str,
                     include: Optional[Sequence[str]] = None, **params: Any) -> ThreadRun:
        """Start a run of ``agent_id`` on the thread (it begins ``queued``)."""
        return ThreadRun(self._beta.threads.runs.create(
            thread_id, assistant_id=agent_id, **given(include=include, **params)))

    def get(self, thread_id: str, run_id: str, **kwargs: Any) -> ThreadRun:
        """Fetch a run (its current status)."""
        return ThreadRun(self._beta.threads.runs.retrieve(
            run_id, thread_id=thread_id, **kwargs))

    def list(self, thread_id: str, *, limit: Optional[int] = None, order: Any = None,
             before: Optional[str] = None, **kwargs: Any) -> ItemPaged[ThreadRun]:
        """A thread's runs."""
        page = self._beta.threads.runs.list(
            thread_id, **given(limit=limit, order=order, before=before), **kwargs)
        return ItemPaged(page, ThreadRun)

    def update(self, thread_id: str, run_id: str, *,
                     metadata: Optional[Dict[str, str]] = None, **kwargs: Any) -> ThreadRun:
        """Change a run's metadata."""
        return ThreadRun(self._beta.threads.runs.update(
            run_id, thread_id=thread_id, **given(metadata=metadata), **kwargs))

    def cancel(self, thread_id: str, run_id: str, **kwargs: Any) -> ThreadRun:
        """Cancel a run."""
        return ThreadRun(self._beta.threads.runs.cancel(
            run_id, thread_id=thread_id, **kwargs))

    def submit_tool_outputs(self, thread_id: str, run_id: str, *,
                                  tool_outputs: List[Any], **kwargs: Any) -> ThreadRun:
        """Answer the function calls a run waits for (``ToolOutput`` objects)."""
        return ThreadRun(self._beta.threads.runs.submit_tool_outputs(
            run_id, thread_id=thread_id, tool_outputs=_plain(list(tool_outputs)), **kwargs))

    def submit_tool_outputs_stream(
        self, thread_id: str, run_id: str, *, tool_outputs: List[Any],
        event_handler: AgentEventHandler[Any], **kwargs: Any,
    ) -> None:
        """Answer the function calls and stream the rest of the run into ``event_handler``
        (read it with ``event_handler.until_done()``)."""
        stream = self._beta.threads.runs.submit_tool_outputs_stream(
            run_id, thread_id=thread_id, tool_outputs=_plain(list(tool_outputs)), **kwargs)
        self._agents._stream_of(stream, event_handler, None)

    def create_and_process(self, thread_id: str, *, agent_id: str,
                                 toolset: Optional[BaseToolSet] = None,
                                 polling_interval: Optional[float] = None,
                                 **params: Any) -> ThreadRun:
        """Create a run and carry it to its end, answering function calls with the functions
        of ``enable_auto_function_calls``, the agent's toolset and ``toolset``. Returns the
        final run whatever its status (check ``run.status``)."""
        runner = self._agents._runner(agent_id, toolset, polling_interval)
        return ThreadRun(runner.run(thread_id, assistant_id=agent_id, **given(**params)))

    def stream(self, thread_id: str, *, agent_id: str,
                     event_handler: Optional[AgentEventHandler[Any]] = None,
                     **params: Any) -> AgentRunStream[Any]:
        """Start a run and stream its events into ``event_handler``; use the answer as a
        context manager and iterate it (``(event_type, event_data, hook_return)``)."""
        stream = self._beta.threads.runs.stream(thread_id, assistant_id=agent_id,
                                                      **given(**params))
        return self._agents._stream_of(stream, event_handler, agent_id)


class RunStepsOperations(_Group):
    """``client.run_steps``."""

    def get(self, thread_id: str, run_id: str, step_id: str, *,
                  include: Optional[Sequence[str]] = None, **kwargs: Any) -> RunStep:
        """Fetch one step of a run."""
        return RunStep(self._beta.threads.runs.steps.retrieve(
            step_id, thread_id=thread_id, run_id=run_id, **given(include=include), **kwargs))

    def list(self, thread_id: str, run_id: str, *, include: Optional[Sequence[str]] = None,
             limit: Optional[int] = None, order: Any = None, before: Optional[str] = None,
             **kwargs: Any) -> ItemPaged[RunStep]:
        """A run's steps (newest first by default)."""
        page = self._beta.threads.runs.steps.list(
            run_id, thread_id=thread_id,
            **given(include=include, limit=limit, order=order, before=before), **kwargs)
        return ItemPaged(page, RunStep)


class FilesOperations(_Group):
    """``client.files``."""

    def upload(self, *, file_path: Optional[str] = None, file: Any = None, purpose: Any,
                     filename: Optional[str] = None, **kwargs: Any) -> FileInfo:
        """Upload a file from ``file_path`` or ``file`` (bytes, a binary file, or a
        ``(name, bytes)`` tuple)."""
        return FileInfo(self._agents._client.files.create(
            file=_file_input(file_path, file, filename), purpose=wire_value(purpose),
            **kwargs))

    def upload_and_poll(self, *, file_path: Optional[str] = None, file: Any = None,
                              purpose: Any, filename: Optional[str] = None,
                              polling_interval: Optional[float] = None,
                              timeout: Optional[float] = None, **kwargs: Any) -> FileInfo:
        """:meth:`upload`, then wait until the file is processed."""
        uploaded = self.upload(file_path=file_path, file=file, purpose=purpose,
                                     filename=filename, **kwargs)
        return FileInfo(self._agents._client.files.wait_for_processing(
            uploaded.id, poll_interval_s=polling_interval,
            max_wait=timeout or DEFAULT_MAX_WAIT_S))

    def get(self, file_id: str, **kwargs: Any) -> FileInfo:
        """Fetch a file's record."""
        return FileInfo(self._agents._client.files.retrieve(file_id, **kwargs))

    def list(self, *, purpose: Any = None, **kwargs: Any) -> Any:
        """The uploaded files (one answer with ``.data``)."""
        page = self._agents._client.files.list(**given(purpose=purpose), **kwargs)
        return _Listing([FileInfo(f) for f in page.data])

    def delete(self, file_id: str, **kwargs: Any) -> None:
        """Delete a file."""
        self._agents._client.files.delete(file_id, **kwargs)

    def get_content(self, file_id: str, **kwargs: Any) -> Iterator[bytes]:
        """A file's bytes (one chunk)."""
        content = self._agents._client.files.content(file_id, **kwargs)
        return _one_chunk(content.read())

    def save(self, file_id: str, file_name: str, target_dir: Optional[str] = None) -> None:
        """Write a file's content to ``target_dir/file_name`` (default: the working dir)."""
        path = os.path.join(target_dir or os.getcwd(), file_name)
        content = self._agents._client.files.content(file_id)
        run_blocking(content.write_to_file, path)


class _Listing:
    """An answer with ``data`` (``files.list``), iterable too."""

    def __init__(self, data: List[Any]) -> None:
        self.data = data

    def __iter__(self) -> Iterator[Any]:
        return iter(self.data)


class VectorStoresOperations(_Group):
    """``client.vector_stores``."""

    def create(self, *, file_ids: Optional[List[str]] = None, name: Optional[str] = None,
                     expires_after: Any = None, chunking_strategy: Any = None,
                     metadata: Optional[Dict[str, str]] = None, **kwargs: Any) -> VectorStore:
        """Create a vector store, optionally with uploaded files."""
        return VectorStore(self._beta.vector_stores.create(
            **given(file_ids=file_ids, name=name, expires_after=expires_after,
                    chunking_strategy=chunking_strategy, metadata=metadata), **kwargs))

    def create_and_poll(self, *, polling_interval: Optional[float] = None,
                              **fields: Any) -> VectorStore:
        """:meth:`create`, then wait until its files are indexed."""
        store = self.create(**fields)
        return self._wait(store.id, polling_interval)

    def _wait(self, store_id: str, polling_interval: Optional[float]) -> VectorStore:
        resource = self._beta.vector_stores

        def fetch() -> Tuple[VectorStoreModel, Dict[str, str]]:
            return resource.retrieve(store_id), {}

        done = poll_until(
            fetch, active={"in_progress"}, stopping={"completed", "expired"},
            describe=lambda s: f"vector store {s.id}", interval_s=polling_interval or 0.2,
            max_wait=self._agents._max_wait,
        )
        return VectorStore(done)

    def get(self, vector_store_id: str, **kwargs: Any) -> VectorStore:
        """Fetch a vector store."""
        return VectorStore(self._beta.vector_stores.retrieve(vector_store_id, **kwargs))

    def list(self, *, limit: Optional[int] = None, order: Any = None,
             before: Optional[str] = None, **kwargs: Any) -> ItemPaged[VectorStore]:
        """The vector stores."""
        page = self._beta.vector_stores.list(**given(limit=limit, order=order, before=before),
                                             **kwargs)
        return ItemPaged(page, VectorStore)

    def modify(self, vector_store_id: str, *, name: Optional[str] = None,
                     expires_after: Any = None, metadata: Optional[Dict[str, str]] = None,
                     **kwargs: Any) -> VectorStore:
        """Change a vector store's name, expiry or metadata."""
        return VectorStore(self._beta.vector_stores.update(
            vector_store_id, **given(name=name, expires_after=expires_after, metadata=metadata),
            **kwargs))

    def delete(self, vector_store_id: str, **kwargs: Any) -> None:
        """Delete a vector store."""
        self._beta.vector_stores.delete(vector_store_id, **kwargs)


class VectorStoreFilesOperations(_Group):
    """``client.vector_store_files``."""

    def create(self, vector_store_id: str, *, file_id: str, chunking_strategy: Any = None,
                     **kwargs: Any) -> VectorStoreFile:
        """Add an uploaded file to a vector store."""
        return VectorStoreFile(self._beta.vector_stores.files.create(
            vector_store_id, file_id=file_id, **given(chunking_strategy=chunking_strategy),
            **kwargs))

    def create_and_poll(self, vector_store_id: str, *, file_id: str,
                              chunking_strategy: Any = None,
                              polling_interval: Optional[float] = None,
                              **kwargs: Any) -> VectorStoreFile:
        """:meth:`create`, then wait until the file is indexed."""
        return VectorStoreFile(self._beta.vector_stores.files.create_and_poll(
            file_id, vector_store_id=vector_store_id, poll_interval_ms=poll_ms(polling_interval),
            max_wait=self._agents._max_wait, **given(chunking_strategy=chunking_strategy),
            **kwargs))

    def get(self, vector_store_id: str, file_id: str, **kwargs: Any) -> VectorStoreFile:
        """Fetch a vector store file."""
        return VectorStoreFile(self._beta.vector_stores.files.retrieve(
            file_id, vector_store_id=vector_store_id, **kwargs))

    def list(self, vector_store_id: str, *, filter: Any = None, limit: Optional[int] = None,
             order: Any = None, before: Optional[str] = None,
             **kwargs: Any) -> ItemPaged[VectorStoreFile]:
        """The files of a vector store."""
        page = self._beta.vector_stores.files.list(
            vector_store_id, **given(filter=filter, limit=limit, order=order, before=before),
            **kwargs)
        return ItemPaged(page, VectorStoreFile)

    def delete(self, vector_store_id: str, file_id: str, **kwargs: Any) -> None:
        """Remove a file from a vector store (the file itself stays)."""
        self._beta.vector_stores.files.delete(file_id, vector_store_id=vector_store_id,
                                                    **kwargs)


class AgentsClient:
    """azure-ai-agents 1.x's ``AgentsClient``, on any multiassist backend.

    ``AgentsClient(endpoint=PROJECT_ENDPOINT, credential=DefaultAzureCredential())`` talks to
    Foundry Agent Service (classic) like Microsoft's client; with ``MULTIASSIST_PROFILE``
    (or ``profile=``) set, the named profile picks the backend (see
    :mod:`multiassist.agents.connection`), so the same program runs on the Responses bridge.

    Args:
        endpoint: the Foundry project endpoint
            (``https://<account>.services.ai.azure.com/api/projects/<project>``).
        credential: an azure-identity credential (Entra ID; ``azure.identity.aio``'s on the
            async client, where a blocking one runs in a worker thread).
        api_version / credential_scopes: as Microsoft's client takes them.
        profile / config: a multiassist profile (and its file) choosing another backend.
        max_wait: the deadline in seconds of ``create_and_process`` and the other waits.

    Raises:
        ConfigurationError: a resource URL or anything else that is not a project endpoint
            (the message names the expected form), before any request.
    """

    def __init__(self, endpoint: Optional[str] = None, credential: Any = None, *,
                 api_version: Optional[str] = None, credential_scopes: Any = None,
                 profile: Optional[str] = None, config: Optional[str] = None,
                 max_wait: float = DEFAULT_MAX_WAIT_S, **kwargs: Any) -> None:
        unknown = set(kwargs) - _PIPELINE_OPTIONS
        if unknown:
            raise TypeError(f"AgentsClient got unexpected keyword(s): {', '.join(sorted(unknown))}")
        client, where = connect(AssistantsClient, endpoint, credential,
                                client=type(self).__name__, api_version=api_version,
                                credential_scopes=credential_scopes, profile=profile,
                                config=config)
        self._setup(client, where, max_wait)

    def _setup(self, client: AssistantsClient, where: str, max_wait: float) -> None:
        self._client = client
        self._where = where
        self._max_wait = max_wait
        self._auto_functions: Dict[str, Callable[..., Any]] = {}
        self._agent_functions: Dict[str, Dict[str, Callable[..., Any]]] = {}
        self._max_retry = DEFAULT_MAX_RETRY
        self.threads = ThreadsOperations(self)
        self.messages = MessagesOperations(self)
        self.runs = RunsOperations(self)
        self.run_steps = RunStepsOperations(self)
        self.files = FilesOperations(self)
        self.vector_stores = VectorStoresOperations(self)
        self.vector_store_files = VectorStoreFilesOperations(self)

    @property
    def assistants_client(self) -> AssistantsClient:
        """The multiassist client doing the work (its full API, same connection)."""
        return self._client

    # -- agents --------------------------------------------------------------------------
    def create_agent(self, *, model: str, name: Optional[str] = None,
                           description: Optional[str] = None, instructions: Optional[str] = None,
                           tools: Optional[List[Any]] = None, tool_resources: Any = None,
                           toolset: Optional[BaseToolSet] = None,
                           temperature: Optional[float] = None, top_p: Optional[float] = None,
                           response_format: Any = None, metadata: Optional[Dict[str, str]] = None,
                           **kwargs: Any) -> Agent:
        """Create an agent. A ``toolset`` gives its tools and resources, and its functions
        are run by ``create_and_process`` for this agent."""
        if toolset is not None:
            if tools is not None or tool_resources is not None:
                raise InvalidRequestError("pass toolset= or tools=/tool_resources=, not both")
            tools, tool_resources = toolset.definitions, toolset.resources or None
        agent = self._client.beta.assistants.create(
            **given(model=model, name=name, description=description, instructions=instructions,
                    tools=tools, tool_resources=tool_resources, temperature=temperature,
                    top_p=top_p, response_format=response_format, metadata=metadata),
            **kwargs)
        if toolset is not None and toolset.functions:
            self._agent_functions[agent.id] = toolset.functions
        return Agent(agent)

    def get_agent(self, agent_id: str, **kwargs: Any) -> Agent:
        """Fetch an agent (:class:`~multiassist.errors.NotFoundError` if there is none)."""
        return Agent(self._client.beta.assistants.retrieve(agent_id, **kwargs))

    def list_agents(self, *, limit: Optional[int] = None, order: Any = None,
                    before: Optional[str] = None, **kwargs: Any) -> Any:
        """The project's agents."""
        page = self._client.beta.assistants.list(
            **given(limit=limit, order=order, before=before), **kwargs)
        return ItemPaged(page, Agent)

    def update_agent(self, agent_id: str, *, toolset: Optional[BaseToolSet] = None,
                           **fields: Any) -> Agent:
        """Change an agent (same fields as :meth:`create_agent`)."""
        if toolset is not None:
            fields.update(tools=toolset.definitions, tool_resources=toolset.resources or None)
            self._agent_functions[agent_id] = toolset.functions
        return Agent(self._client.beta.assistants.update(agent_id, **given(**fields)))

    def delete_agent(self, agent_id: str, **kwargs: Any) -> Any:
        """Delete an agent."""
        self._client.beta.assistants.delete(agent_id, **kwargs)
        self._agent_functions.pop(agent_id, None)

    # -- runs with functions -------------------------------------------------------------
    def enable_auto_function_calls(
        self, tools: Any = None, max_retry: int = DEFAULT_MAX_RETRY, *, functions: Any = None,
        function_tool: Any = None, toolset: Optional[BaseToolSet] = None,
    ) -> None:
        """Let ``runs.create_and_process`` and ``runs.stream`` run these functions when a
        run calls them: a tool set, a function tool or a set of callables (the beta's
        ``functions=``, ``function_tool=``, ``toolset=`` keywords work too). ``max_retry``
        bounds the rounds of tool calls per run."""
        chosen = [t for t in (tools, functions, function_tool, toolset) if t is not None]
        if not chosen:
            raise InvalidRequestError(
                "enable_auto_function_calls needs functions: a ToolSet, a FunctionTool or a "
                "set of callables")
        if isinstance(max_retry, bool) or not isinstance(max_retry, int) or max_retry < 1:
            raise InvalidRequestError(f"max_retry must be an integer >= 1, got {max_retry!r}")
        for item in chosen:
            self._auto_functions.update(functions_of(item))
        self._max_retry = max_retry

    def _functions_for(self, agent_id: Optional[str],
                       toolset: Optional[BaseToolSet]) -> Dict[str, Callable[..., Any]]:
        functions = dict(self._auto_functions)
        if agent_id is not None:
            functions.update(self._agent_functions.get(agent_id, {}))
        if toolset is not None:
            functions.update(toolset.functions)
        return functions

    def _runner(self, agent_id: Optional[str], toolset: Optional[BaseToolSet],
                polling_interval: Optional[float]) -> ToolRunner:
        return ToolRunner(
            self._client.beta.threads.runs, self._functions_for(agent_id, toolset),
            max_rounds=self._max_retry, max_wait=self._max_wait,
            poll_interval_ms=poll_ms(polling_interval))

    def _stream_of(self, stream: Any, handler: Optional[AgentEventHandler[Any]],
                   agent_id: Optional[str]) -> AgentRunStream[Any]:
        return AgentRunStream(stream, handler, runs=self._client.beta.threads.runs,
                                   functions=self._functions_for(agent_id, None),
                                   max_rounds=self._max_retry)

    def create_thread_and_run(self, *, agent_id: str, thread: Any = None,
                                    toolset: Any = None, **params: Any) -> ThreadRun:
        """Create a thread (``AgentThreadCreationOptions``) and start a run on it."""
        if toolset is not None:
            params.update(tools=toolset.definitions, tool_resources=toolset.resources or None)
        return ThreadRun(self._client.beta.threads.create_and_run(
            assistant_id=agent_id, **given(thread=thread, **params)))

    def create_thread_and_process_run(self, *, agent_id: str, thread: Any = None,
                                            toolset: Optional[BaseToolSet] = None,
                                            polling_interval: Optional[float] = None,
                                            **params: Any) -> ThreadRun:
        """:meth:`create_thread_and_run`, then carry the run to its end like
        ``runs.create_and_process``."""
        runner = self._runner(agent_id, toolset, polling_interval)
        if toolset is not None:
            params.update(tools=toolset.definitions, tool_resources=toolset.resources or None)
        run = self._client.beta.threads.create_and_run_poll(
            assistant_id=agent_id, poll_interval_ms=poll_ms(polling_interval),
            max_wait=self._max_wait, **given(thread=thread, **params))
        return ThreadRun(runner.resume(run))

    # -- lifetime ------------------------------------------------------------------------
    def close(self) -> None:
        """Release pooled connections."""
        self._client.close()

    def __enter__(self) -> AgentsClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._where}: {self._client.backend.describe()})"
