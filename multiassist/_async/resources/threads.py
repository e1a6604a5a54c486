"""``client.beta.threads``: threads, plus ``.messages``, ``.runs`` and ``create_and_run``."""

from __future__ import annotations

from typing import Any, Literal, Mapping, Optional, Sequence, Union, overload

from multiassist._async.core import AsyncCore
from multiassist._async.pagination import AsyncPaginator
from multiassist._async.polling import DEFAULT_MAX_WAIT_S, check_poll_arguments
from multiassist._async.resources._base import AsyncResource, list_query
from multiassist._async.resources.messages import AsyncMessages
from multiassist._async.resources.runs import AsyncRuns
from multiassist._async.streaming.stream import (
    AsyncAssistantEventHandler,
    AsyncAssistantStream,
    AsyncEventHandlerT,
)
from multiassist._types import NOT_GIVEN, NotGiven, TimeoutLike
from multiassist.concurrency import AsyncStreamOpened, async_open_stream
from multiassist.models import Run, Thread, ThreadDeleted
from multiassist.resources._params import (
    body_parameter_names,
    checked_body,
    refuse_stream,
    request_options,
    require_id,
)

__all__ = ["AsyncThreads"]


class AsyncThreads(AsyncResource):
    """AsyncThreads, with openai-python's parameter names."""

    def __init__(self, core: AsyncCore) -> None:
        super().__init__(core)
        self.messages = AsyncMessages(core)
        self.runs = AsyncRuns(core)

    async def create(
        self,
        *,
        messages: Union[Sequence[Any], NotGiven] = NOT_GIVEN,
        metadata: Union[Optional[Mapping[str, str]], NotGiven] = NOT_GIVEN,
        tool_resources: Union[Any, NotGiven] = NOT_GIVEN,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> Thread:
        """Create a thread, optionally seeded with ``messages``."""
        return await self._core.request(
            "threads.create",
            Thread,
            body=dict(messages=messages, metadata=metadata, tool_resources=tool_resources),
            options=self._options(extra_headers, extra_query, extra_body, timeout),
        )

    async def retrieve(
        self,
        thread_id: str,
        *,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> Thread:
        """Fetch a thread."""
        return await self._core.request(
            "threads.retrieve",
            Thread,
            ids={"thread_id": thread_id},
            options=self._options(extra_headers, extra_query, extra_body, timeout),
        )

    async def update(
        self,
        thread_id: str,
        *,
        metadata: Union[Optional[Mapping[str, str]], NotGiven] = NOT_GIVEN,
        tool_resources: Union[Any, NotGiven] = NOT_GIVEN,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> Thread:
        """Modify a thread's metadata or tool resources."""
        return await self._core.request(
            "threads.update",
            Thread,
            ids={"thread_id": thread_id},
            body=dict(metadata=metadata, tool_resources=tool_resources),
            options=self._options(extra_headers, extra_query, extra_body, timeout),
        )

    def list(
        self,
        *,
        after: Union[str, NotGiven] = NOT_GIVEN,
        before: Union[str, NotGiven] = NOT_GIVEN,
        limit: Union[int, NotGiven] = NOT_GIVEN,
        order: Union[str, NotGiven] = NOT_GIVEN,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> AsyncPaginator[Thread]:
        """List threads -- only Foundry Agent Service can; OpenAI and Azure OpenAI raise
        :class:`~multiassist.errors.UnsupportedOperationError` before sending."""
        return self._core.list(
            "threads.list",
            Thread,
            query=list_query(after=after, before=before, limit=limit, order=order),
            options=self._options(extra_headers, extra_query, extra_body, timeout),
        )

    async def delete(
        self,
        thread_id: str,
        *,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> ThreadDeleted:
        """Delete a thread and its messages."""
        return await self._core.request(
            "threads.delete",
            ThreadDeleted,
            ids={"thread_id": thread_id},
            options=self._options(extra_headers, extra_query, extra_body, timeout),
        )

    @overload
    async def create_and_run(
        self,
        *,
        assistant_id: str,
        instructions: Union[Optional[str], NotGiven] = NOT_GIVEN,
        max_completion_tokens: Union[Optional[int], NotGiven] = NOT_GIVEN,
        max_prompt_tokens: Union[Optional[int], NotGiven] = NOT_GIVEN,
        metadata: Union[Optional[Mapping[str, str]], NotGiven] = NOT_GIVEN,
        model: Union[Optional[str], NotGiven] = NOT_GIVEN,
        parallel_tool_calls: Union[bool, NotGiven] = NOT_GIVEN,
        response_format: Union[Any, NotGiven] = NOT_GIVEN,
        temperature: Union[Optional[float], NotGiven] = NOT_GIVEN,
        thread: Union[Mapping[str, Any], NotGiven] = NOT_GIVEN,
        tool_choice: Union[Any, NotGiven] = NOT_GIVEN,
        tool_resources: Union[Any, NotGiven] = NOT_GIVEN,
        tools: Union[Optional[Sequence[Any]], NotGiven] = NOT_GIVEN,
        top_p: Union[Optional[float], NotGiven] = NOT_GIVEN,
        truncation_strategy: Union[Any, NotGiven] = NOT_GIVEN,
        stream: Union[Literal[False], NotGiven] = NOT_GIVEN,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> Run: ...

    @overload
    async def create_and_run(
        self,
        *,
        assistant_id: str,
        instructions: Union[Optional[str], NotGiven] = NOT_GIVEN,
        max_completion_tokens: Union[Optional[int], NotGiven] = NOT_GIVEN,
        max_prompt_tokens: Union[Optional[int], NotGiven] = NOT_GIVEN,
        metadata: Union[Optional[Mapping[str, str]], NotGiven] = NOT_GIVEN,
        model: Union[Optional[str], NotGiven] = NOT_GIVEN,
        parallel_tool_calls: Union[bool, NotGiven] = NOT_GIVEN,
        response_format: Union[Any, NotGiven] = NOT_GIVEN,
        temperature: Union[Optional[float], NotGiven] = NOT_GIVEN,
        thread: Union[Mapping[str, Any], NotGiven] = NOT_GIVEN,
        tool_choice: Union[Any, NotGiven] = NOT_GIVEN,
        tool_resources: Union[Any, NotGiven] = NOT_GIVEN,
        tools: Union[Optional[Sequence[Any]], NotGiven] = NOT_GIVEN,
        top_p: Union[Optional[float], NotGiven] = NOT_GIVEN,
        truncation_strategy: Union[Any, NotGiven] = NOT_GIVEN,
        stream: Literal[True],
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> AsyncAssistantStream: ...

    @overload
    async def create_and_run(
        self,
        *,
        assistant_id: str,
        instructions: Union[Optional[str], NotGiven] = NOT_GIVEN,
        max_completion_tokens: Union[Optional[int], NotGiven] = NOT_GIVEN,
        max_prompt_tokens: Union[Optional[int], NotGiven] = NOT_GIVEN,
        metadata: Union[Optional[Mapping[str, str]], NotGiven] = NOT_GIVEN,
        model: Union[Optional[str], NotGiven] = NOT_GIVEN,
        parallel_tool_calls: Union[bool, NotGiven] = NOT_GIVEN,
        response_format: Union[Any, NotGiven] = NOT_GIVEN,
        temperature: Union[Optional[float], NotGiven] = NOT_GIVEN,
        thread: Union[Mapping[str, Any], NotGiven] = NOT_GIVEN,
        tool_choice: Union[Any, NotGiven] = NOT_GIVEN,
        tool_resources: Union[Any, NotGiven] = NOT_GIVEN,
        tools: Union[Optional[Sequence[Any]], NotGiven] = NOT_GIVEN,
        top_p: Union[Optional[float], NotGiven] = NOT_GIVEN,
        truncation_strategy: Union[Any, NotGiven] = NOT_GIVEN,
        stream: bool,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> Union[Run, AsyncAssistantStream]: ...

    async def create_and_run(
        self,
        *,
        assistant_id: str,
        instructions: Union[Optional[str], NotGiven] = NOT_GIVEN,
        max_completion_tokens: Union[Optional[int], NotGiven] = NOT_GIVEN,
        max_prompt_tokens: Union[Optional[int], NotGiven] = NOT_GIVEN,
        metadata: Union[Optional[Mapping[str, str]], NotGiven] = NOT_GIVEN,
        model: Union[Optional[str], NotGiven] = NOT_GIVEN,
        parallel_tool_calls: Union[bool, NotGiven] = NOT_GIVEN,
        response_format: Union[Any, NotGiven] = NOT_GIVEN,
        temperature: Union[Optional[float], NotGiven] = NOT_GIVEN,
        thread: Union[Mapping[str, Any], NotGiven] = NOT_GIVEN,
        tool_choice: Union[Any, NotGiven] = NOT_GIVEN,
        tool_resources: Union[Any, NotGiven] = NOT_GIVEN,
        tools: Union[Optional[Sequence[Any]], NotGiven] = NOT_GIVEN,
        top_p: Union[Optional[float], NotGiven] = NOT_GIVEN,
        truncation_strategy: Union[Any, NotGiven] = NOT_GIVEN,
        stream: Union[bool, NotGiven] = NOT_GIVEN,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> Union[Run, AsyncAssistantStream]:
        """Create a thread (from ``thread={"messages": [...]}``) and start a run on it.

        With ``stream=True`` the run's events are streamed instead (the first is
        ``thread.created``): returns an open :class:`~multiassist.streaming.AsyncAssistantStream`.
        """
        require_id("assistant_id", assistant_id)
        return await self._create_or_stream(
            stream,
            "threads.create_and_run",
            body=dict(
                assistant_id=assistant_id,
                instructions=instructions,
                max_completion_tokens=max_completion_tokens,
                max_prompt_tokens=max_prompt_tokens,
                metadata=metadata,
                model=model,
                parallel_tool_calls=parallel_tool_calls,
                response_format=response_format,
                temperature=temperature,
                thread=thread,
                tool_choice=tool_choice,
                tool_resources=tool_resources,
                tools=tools,
                top_p=top_p,
                truncation_strategy=truncation_strategy,
            ),
            options=self._options(extra_headers, extra_query, extra_body, timeout),
        )

    async def create_and_run_poll(
        self,
        *,
        assistant_id: str,
        poll_interval_ms: Optional[int] = None,
        max_wait: float = DEFAULT_MAX_WAIT_S,
        **params: Any,
    ) -> Run:
        """:meth:`create_and_run` (taking all its arguments), then poll the run until it stops."""
        refuse_stream("create_and_run_poll", params)
        check_poll_arguments(poll_interval_ms, max_wait)
        run = await self.create_and_run(assistant_id=assistant_id, **params)
        return await self.runs.poll(
            run.id, thread_id=run.thread_id, poll_interval_ms=poll_interval_ms,
            max_wait=max_wait, **request_options(params),
        )

    @overload
    def create_and_run_stream(
        self,
        *,
        assistant_id: str,
        event_handler: None = None,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
        **params: Any,
    ) -> AsyncStreamOpened[AsyncAssistantStream]: ...

    @overload
    def create_and_run_stream(
        self,
        *,
        assistant_id: str,
        event_handler: AsyncEventHandlerT,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
        **params: Any,
    ) -> AsyncStreamOpened[AsyncEventHandlerT]: ...

    def create_and_run_stream(
        self,
        *,
        assistant_id: str,
        event_handler: Optional[AsyncAssistantEventHandler] = None,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
        **params: Any,
    ) -> AsyncStreamOpened[AsyncAssistantEventHandler]:
        """:meth:`create_and_run` (same arguments), streaming the run's events; the first
        is ``thread.created``.

        Returns the open :class:`~multiassist.streaming.stream.AsyncAssistantStream` (see
        ``runs.stream``).  A keyword :meth:`create_and_run` does not take raises
        ``TypeError`` before anything is sent.
        """
        require_id("assistant_id", assistant_id)
        body = {"assistant_id": assistant_id,
                **checked_body("create_and_run_stream", params, _CREATE_AND_RUN_BODY_NAMES)}
        options = self._options(extra_headers, extra_query, extra_body, timeout)
        return async_open_stream(lambda: self._core.stream(
            "threads.create_and_run", body=body, options=options, handler=event_handler,
        ))


#: What ``create_and_run_stream`` accepts besides ``assistant_id``: ``create_and_run``'s body.
_CREATE_AND_RUN_BODY_NAMES = body_parameter_names(
    AsyncThreads.create_and_run, exclude=("assistant_id",)
)
