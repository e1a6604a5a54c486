""":class:`AIProjectClient`, as both generations of azure-ai-projects shape it: the 1.x client
whose ``.agents`` is an :class:`~multiassist.agents.AgentsClient`, and the 1.0.0b* client
(``from_connection_string``) whose ``.agents`` has the beta's flat methods
(:class:`AgentsOperations`: ``create_thread``, ``create_message``, ``list_messages``...).

The beta's flat methods are the 1.x resource groups under their old names; where the beta
answered differently (deletes return a status with ``.deleted``, lists return one page with
``.data``) :class:`AgentsOperations` answers as the beta did.
"""

from __future__ import annotations

from typing import Any, AsyncIterator, List, Optional

from multiassist._async.agents.client import _PIPELINE_OPTIONS, AgentsClient, given
from multiassist._async.agents.events import AsyncAgentEventHandler, AsyncAgentRunStream
from multiassist._async.client import AsyncAssistantsClient
from multiassist.agents.connection import connect, hub_endpoint_from_connection_string
from multiassist.agents.tools import BaseToolSet
from multiassist.agents.views import (
    Agent,
    AgentDeletionStatus,
    AgentThread,
    FileDeletionStatus,
    FileInfo,
    OpenAIPageableListOfAgent,
    OpenAIPageableListOfAgentThread,
    OpenAIPageableListOfRunStep,
    OpenAIPageableListOfThreadMessage,
    OpenAIPageableListOfThreadRun,
    OpenAIPageableListOfVectorStore,
    OpenAIPageableListOfVectorStoreFile,
    RunStep,
    ThreadDeletionStatus,
    ThreadMessage,
    ThreadRun,
    VectorStore,
    VectorStoreDeletionStatus,
    VectorStoreFile,
    VectorStoreFileDeletionStatus,
)
from multiassist.backends.foundry import hub_endpoint
from multiassist.errors import ConfigurationError
from multiassist.polling import DEFAULT_MAX_WAIT_S

__all__ = ["AIProjectClient", "AgentsOperations"]


class AgentsOperations(AgentsClient):
    """``project_client.agents`` of azure-ai-projects 1.0.0b*: the 1.x groups plus the
    beta's flat methods, answering as the beta did."""

    # -- agents (beta answers) -----------------------------------------------------------
    async def list_agents(self, *, limit: Optional[int] = None, order: Any = None,
                          after: Optional[str] = None, before: Optional[str] = None,
                          **kwargs: Any) -> OpenAIPageableListOfAgent:
        """One page of agents (``.data``)."""
        page = await self._client.beta.assistants.list(
            **given(limit=limit, order=order, after=after, before=before), **kwargs)
        return OpenAIPageableListOfAgent(page, Agent)

    async def delete_agent(self, agent_id: str, **kwargs: Any) -> AgentDeletionStatus:
        """Delete an agent; ``.deleted`` says it is gone."""
        status = await self._client.beta.assistants.delete(agent_id, **kwargs)
        self._agent_functions.pop(agent_id, None)
        return AgentDeletionStatus(status)

    # -- threads -------------------------------------------------------------------------
    async def create_thread(self, **fields: Any) -> AgentThread:
        """``threads.create``."""
        return await self.threads.create(**fields)

    async def get_thread(self, thread_id: str, **kwargs: Any) -> AgentThread:
        """``threads.get``."""
        return await self.threads.get(thread_id, **kwargs)

    async def list_threads(self, *, limit: Optional[int] = None, order: Any = None,
                           after: Optional[str] = None, before: Optional[str] = None,
                           **kwargs: Any) -> OpenAIPageableListOfAgentThread:
        """One page of threads (``.data``)."""
        page = await self._client.beta.threads.list(
            **given(limit=limit, order=order, after=after, before=before), **kwargs)
        return OpenAIPageableListOfAgentThread(page, AgentThread)

    async def update_thread(self, thread_id: str, **fields: Any) -> AgentThread:
        """``threads.update``."""
        return await self.threads.update(thread_id, **fields)

    async def delete_thread(self, thread_id: str, **kwargs: Any) -> ThreadDeletionStatus:
        """Delete a thread; ``.deleted`` says it is gone."""
        return ThreadDeletionStatus(await self._client.beta.threads.delete(thread_id, **kwargs))

    # -- messages ------------------------------------------------------------------------
    async def create_message(self, thread_id: str, *, role: Any, content: Any,
                             **fields: Any) -> ThreadMessage:
        """``messages.create``."""
        return await self.messages.create(thread_id, role=role, content=content, **fields)

    async def get_message(self, thread_id: str, message_id: str, **kwargs: Any) -> ThreadMessage:
        """``messages.get``."""
        return await self.messages.get(thread_id, message_id, **kwargs)

    async def update_message(self, thread_id: str, message_id: str, **fields: Any) -> ThreadMessage:
        """``messages.update``."""
        return await self.messages.update(thread_id, message_id, **fields)

    async def list_messages(self, thread_id: str, *, run_id: Optional[str] = None,
                            limit: Optional[int] = None, order: Any = None,
                            after: Optional[str] = None, before: Optional[str] = None,
                            **kwargs: Any) -> OpenAIPageableListOfThreadMessage:
        """One page of messages (``.data``, newest first by default) with the beta's
        helpers: ``text_messages``, ``get_last_text_message_by_role``..."""
        page = await self._client.beta.threads.messages.list(
            thread_id, **given(run_id=run_id, limit=limit, order=order, after=after,
                               before=before), **kwargs)
        return OpenAIPageableListOfThreadMessage(page, ThreadMessage)

    # -- runs ----------------------------------------------------------------------------
    async def create_run(self, thread_id: str, *, agent_id: str, **params: Any) -> ThreadRun:
        """``runs.create``."""
        return await self.runs.create(thread_id, agent_id=agent_id, **params)

    async def get_run(self, thread_id: str, run_id: str, **kwargs: Any) -> ThreadRun:
        """``runs.get``."""
        return await self.runs.get(thread_id, run_id, **kwargs)

    async def list_runs(self, thread_id: str, *, limit: Optional[int] = None, order: Any = None,
                        after: Optional[str] = None, before: Optional[str] = None,
                        **kwargs: Any) -> OpenAIPageableListOfThreadRun:
        """One page of a thread's runs."""
        page = await self._client.beta.threads.runs.list(
            thread_id, **given(limit=limit, order=order, after=after, before=before), **kwargs)
        return OpenAIPageableListOfThreadRun(page, ThreadRun)

    async def update_run(self, thread_id: str, run_id: str, **fields: Any) -> ThreadRun:
        """``runs.update``."""
        return await self.runs.update(thread_id, run_id, **fields)

    async def cancel_run(self, thread_id: str, run_id: str, **kwargs: Any) -> ThreadRun:
        """``runs.cancel``."""
        return await self.runs.cancel(thread_id, run_id, **kwargs)

    async def submit_tool_outputs_to_run(self, thread_id: str, run_id: str, *,
                                         tool_outputs: List[Any], **kwargs: Any) -> ThreadRun:
        """``runs.submit_tool_outputs``."""
        return await self.runs.submit_tool_outputs(thread_id, run_id, tool_outputs=tool_outputs,
                                                   **kwargs)

    async def submit_tool_outputs_to_stream(self, thread_id: str, run_id: str, *,
                                            tool_outputs: List[Any],
                                            event_handler: AsyncAgentEventHandler[Any],
                                            **kwargs: Any) -> None:
        """``runs.submit_tool_outputs_stream``."""
        await self.runs.submit_tool_outputs_stream(thread_id, run_id, tool_outputs=tool_outputs,
                                                   event_handler=event_handler, **kwargs)

    async def create_and_process_run(self, thread_id: str, *, agent_id: str,
                                     toolset: Optional[BaseToolSet] = None,
                                     sleep_interval: Optional[float] = None,
                                     **params: Any) -> ThreadRun:
        """``runs.create_and_process`` (``sleep_interval`` is its ``polling_interval``)."""
        return await self.runs.create_and_process(thread_id, agent_id=agent_id, toolset=toolset,
                                                  polling_interval=sleep_interval, **params)

    async def create_stream(self, thread_id: str, *, agent_id: str,
                            event_handler: Optional[AsyncAgentEventHandler[Any]] = None,
                            **params: Any) -> AsyncAgentRunStream[Any]:
        """``runs.stream``."""
        return await self.runs.stream(thread_id, agent_id=agent_id, event_handler=event_handler,
                                      **params)

    # -- run steps -----------------------------------------------------------------------
    async def get_run_step(self, thread_id: str, run_id: str, step_id: str,
                           **kwargs: Any) -> RunStep:
        """``run_steps.get``."""
        return await self.run_steps.get(thread_id, run_id, step_id, **kwargs)

    async def list_run_steps(self, thread_id: str, run_id: str, *, include: Any = None,
                             limit: Optional[int] = None, order: Any = None,
                             after: Optional[str] = None, before: Optional[str] = None,
                             **kwargs: Any) -> OpenAIPageableListOfRunStep:
        """One page of a run's steps (``.data``, newest first by default)."""
        page = await self._client.beta.threads.runs.steps.list(
            run_id, thread_id=thread_id,
            **given(include=include, limit=limit, order=order, after=after, before=before),
            **kwargs)
        return OpenAIPageableListOfRunStep(page, RunStep)

    # -- files ---------------------------------------------------------------------------
    async def upload_file(self, *, file_path: Optional[str] = None, file: Any = None, purpose: Any,
                          filename: Optional[str] = None, **kwargs: Any) -> FileInfo:
        """``files.upload``."""
        return await self.files.upload(file_path=file_path, file=file, purpose=purpose,
                                       filename=filename, **kwargs)

    async def upload_file_and_poll(self, *, file_path: Optional[str] = None, file: Any = None,
                                   purpose: Any, filename: Optional[str] = None,
                                   sleep_interval: Optional[float] = None,
                                   **kwargs: Any) -> FileInfo:
        """``files.upload_and_poll`` (``sleep_interval`` is its ``polling_interval``)."""
        return await self.files.upload_and_poll(file_path=file_path, file=file, purpose=purpose,
                                                filename=filename, polling_interval=sleep_interval,
                                                **kwargs)

    async def get_file(self, file_id: str, **kwargs: Any) -> FileInfo:
        """``files.get``."""
        return await self.files.get(file_id, **kwargs)

    async def list_files(self, *, purpose: Any = None, **kwargs: Any) -> Any:
        """``files.list``."""
        return await self.files.list(purpose=purpose, **kwargs)

    async def delete_file(self, file_id: str, **kwargs: Any) -> FileDeletionStatus:
        """Delete a file; ``.deleted`` says it is gone."""
        return FileDeletionStatus(await self._client.files.delete(file_id, **kwargs))

    async def get_file_content(self, file_id: str, **kwargs: Any) -> AsyncIterator[bytes]:
        """``files.get_content``."""
        return await self.files.get_content(file_id, **kwargs)

    async def save_file(self, file_id: str, file_name: str,
                        target_dir: Optional[str] = None) -> None:
        """``files.save``."""
        await self.files.save(file_id, file_name, target_dir)

    # -- vector stores -------------------------------------------------------------------
    async def create_vector_store(self, **fields: Any) -> VectorStore:
        """``vector_stores.create``."""
        return await self.vector_stores.create(**fields)

    async def create_vector_store_and_poll(self, *, sleep_interval: Optional[float] = None,
                                           **fields: Any) -> VectorStore:
        """``vector_stores.create_and_poll``."""
        return await self.vector_stores.create_and_poll(polling_interval=sleep_interval, **fields)

    async def get_vector_store(self, vector_store_id: str, **kwargs: Any) -> VectorStore:
        """``vector_stores.get``."""
        return await self.vector_stores.get(vector_store_id, **kwargs)

    async def list_vector_stores(self, *, limit: Optional[int] = None, order: Any = None,
                                 after: Optional[str] = None, before: Optional[str] = None,
                                 **kwargs: Any) -> OpenAIPageableListOfVectorStore:
        """One page of vector stores."""
        page = await self._client.beta.vector_stores.list(
            **given(limit=limit, order=order, after=after, before=before), **kwargs)
        return OpenAIPageableListOfVectorStore(page, VectorStore)

    async def modify_vector_store(self, vector_store_id: str, **fields: Any) -> VectorStore:
        """``vector_stores.modify``."""
        return await self.vector_stores.modify(vector_store_id, **fields)

    async def delete_vector_store(self, vector_store_id: str,
                                  **kwargs: Any) -> VectorStoreDeletionStatus:
        """Delete a vector store; ``.deleted`` says it is gone."""
        return VectorStoreDeletionStatus(
            await self._client.beta.vector_stores.delete(vector_store_id, **kwargs))

    async def create_vector_store_file(self, vector_store_id: str, *, file_id: str,
                                       **fields: Any) -> VectorStoreFile:
        """``vector_store_files.create``."""
        return await self.vector_store_files.create(vector_store_id, file_id=file_id, **fields)

    async def create_vector_store_file_and_poll(self, vector_store_id: str, *, file_id: str,
                                                sleep_interval: Optional[float] = None,
                                                **fields: Any) -> VectorStoreFile:
        """``vector_store_files.create_and_poll``."""
        return await self.vector_store_files.create_and_poll(vector_store_id, file_id=file_id,
                                                             polling_interval=sleep_interval,
                                                             **fields)

    async def get_vector_store_file(self, vector_store_id: str, file_id: str,
                                    **kwargs: Any) -> VectorStoreFile:
        """``vector_store_files.get``."""
        return await self.vector_store_files.get(vector_store_id, file_id, **kwargs)

    async def list_vector_store_files(self, vector_store_id: str, *, filter: Any = None,
                                      limit: Optional[int] = None, order: Any = None,
                                      after: Optional[str] = None, before: Optional[str] = None,
                                      **kwargs: Any) -> OpenAIPageableListOfVectorStoreFile:
        """One page of a vector store's files."""
        page = await self._client.beta.vector_stores.files.list(
            vector_store_id, **given(filter=filter, limit=limit, order=order, after=after,
                                     before=before), **kwargs)
        return OpenAIPageableListOfVectorStoreFile(page, VectorStoreFile)

    async def delete_vector_store_file(self, vector_store_id: str, file_id: str,
                                       **kwargs: Any) -> VectorStoreFileDeletionStatus:
        """Remove a file from a vector store; ``.deleted`` says it is gone."""
        return VectorStoreFileDeletionStatus(await self._client.beta.vector_stores.files.delete(
            file_id, vector_store_id=vector_store_id, **kwargs))


class AIProjectClient:
    """azure-ai-projects' ``AIProjectClient``, for its agents.

    - 1.x: ``AIProjectClient(endpoint=PROJECT_ENDPOINT, credential=...)``; ``.agents`` is an
      :class:`~multiassist.agents.AgentsClient`.
    - 1.0.0b*: ``AIProjectClient.from_connection_string(conn_str=..., credential=...)`` or
      ``AIProjectClient(endpoint=, subscription_id=, resource_group_name=, project_name=,
      credential=)``; ``.agents`` has the beta's flat methods (:class:`AgentsOperations`) and
      talks to the hub-based project's route (api-version ``2024-12-01-preview``, Entra
      scope ``https://ml.azure.com/.default``).

    A multiassist profile (``MULTIASSIST_PROFILE`` or ``profile=``) picks another backend
    for either shape. ``.inference``, ``.connections``, ``.telemetry`` and
    ``.evaluations`` are not provided.
    """

    def __init__(self, endpoint: Optional[str] = None, credential: Any = None, *,
                 subscription_id: Optional[str] = None,
                 resource_group_name: Optional[str] = None,
                 project_name: Optional[str] = None, api_version: Optional[str] = None,
                 credential_scopes: Any = None, profile: Optional[str] = None,
                 config: Optional[str] = None, max_wait: float = DEFAULT_MAX_WAIT_S,
                 **kwargs: Any) -> None:
        unknown = set(kwargs) - _PIPELINE_OPTIONS
        if unknown:
            raise TypeError(
                f"AIProjectClient got unexpected keyword(s): {', '.join(sorted(unknown))}")
        hub = [subscription_id, resource_group_name, project_name]
        if any(part is not None for part in hub):
            if not all(hub) or not endpoint:
                raise ConfigurationError(
                    "the beta's AIProjectClient takes endpoint=, subscription_id=, "
                    "resource_group_name= and project_name= together (or use "
                    "AIProjectClient.from_connection_string(conn_str=...))")
            assert subscription_id and resource_group_name and project_name
            endpoint = hub_endpoint(endpoint, subscription_id, resource_group_name,
                                    project_name)
        client, where = connect(AsyncAssistantsClient, endpoint, credential,
                                client="AIProjectClient", api_version=api_version,
                                credential_scopes=credential_scopes, profile=profile,
                                config=config)
        shape = AgentsOperations if any(part is not None for part in hub) else AgentsClient
        agents = shape.__new__(shape)
        agents._setup(client, where, max_wait)
        self._agents: AgentsClient = agents

    @classmethod
    def from_connection_string(cls, conn_str: str, credential: Any = None,
                               **kwargs: Any) -> AIProjectClient:
        """The beta's client for a hub-based project: ``conn_str`` is
        ``<host>;<subscription id>;<resource group>;<project name>``."""
        endpoint = hub_endpoint_from_connection_string(conn_str)
        prefix, _, _ = endpoint.partition("/agents/v1.0/")
        parts = [p.strip() for p in conn_str.strip().split(";")]
        return cls(prefix, credential, subscription_id=parts[1],
                   resource_group_name=parts[2], project_name=parts[3], **kwargs)

    @property
    def agents(self) -> Any:
        """The agents client (1.x: an AgentsClient; beta: AgentsOperations)."""
        return self._agents

    async def close(self) -> None:
        """Release pooled connections."""
        await self._agents.close()

    async def __aenter__(self) -> AIProjectClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    def __repr__(self) -> str:
        return f"AIProjectClient({self._agents!r})"
