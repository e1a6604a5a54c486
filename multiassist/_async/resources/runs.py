"""``client.beta.threads.runs``: runs of an assistant on a thread, with their polling
(``*_and_poll``) and streaming (``stream``, ``submit_tool_outputs_stream``) variants.

``runs.steps`` is :class:`~multiassist.resources.steps.AsyncSteps`; the parameter checks the
methods share live in :mod:`multiassist.resources._params`.  Both stay importable from here.
"""

from __future__ import annotations

from typing import Any, Literal, Mapping, Optional, Sequence, Union, overload

from multiassist._async.pagination import AsyncPaginator
from multiassist._async.polling import DEFAULT_MAX_WAIT_S, check_poll_arguments, wait_for_run
from multiassist._async.resources._base import AsyncResource, list_query
from multiassist._async.resources.steps import AsyncSteps
from multiassist._async.streaming.stream import (
    AsyncAssistantEventHandler,
    AsyncAssistantStream,
    AsyncEventHandlerT,
)
from multiassist._types import NOT_GIVEN, NotGiven, TimeoutLike
from multiassist.concurrency import AsyncStreamOpened, async_open_stream
from multiassist.models import Run
from multiassist.resources._params import (
    body_parameter_names,
    check_tool_outputs,
    checked_body,
    include_query,
    refuse_stream,
    require_id,
)
from multiassist.resources._params import request_options as _request_options

__all__ = ["AsyncRuns", "AsyncSteps", "check_tool_outputs"]


class AsyncRuns(AsyncResource):
    """AsyncRuns, with openai-python's parameter names. ``runs.steps`` lists their steps."""

    def __init__(self, core: Any) -> None:
        super().__init__(core)
        self.steps = AsyncSteps(core)

    @overload
    async def create(
        self,
        thread_id: str,
        *,
        assistant_id: str,
        include: Union[Sequence[str], NotGiven] = NOT_GIVEN,
        additional_instructions: Union[Optional[str], NotGiven] = NOT_GIVEN,
        additional_messages: Union[Optional[Sequence[Any]], NotGiven] = NOT_GIVEN,
        instructions: Union[Optional[str], NotGiven] = NOT_GIVEN,
        max_completion_tokens: Union[Optional[int], NotGiven] = NOT_GIVEN,
        max_prompt_tokens: Union[Optional[int], NotGiven] = NOT_GIVEN,
        metadata: Union[Optional[Mapping[str, str]], NotGiven] = NOT_GIVEN,
        model: Union[Optional[str], NotGiven] = NOT_GIVEN,
        parallel_tool_calls: Union[bool, NotGiven] = NOT_GIVEN,
        reasoning_effort: Union[Optional[str], NotGiven] = NOT_GIVEN,
        response_format: Union[Any, NotGiven] = NOT_GIVEN,
        temperature: Union[Optional[float], NotGiven] = NOT_GIVEN,
        tool_choice: Union[Any, NotGiven] = NOT_GIVEN,
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
    async def create(
        self,
        thread_id: str,
        *,
        assistant_id: str,
        include: Union[Sequence[str], NotGiven] = NOT_GIVEN,
        additional_instructions: Union[Optional[str], NotGiven] = NOT_GIVEN,
        additional_messages: Union[Optional[Sequence[Any]], NotGiven] = NOT_GIVEN,
        instructions: Union[Optional[str], NotGiven] = NOT_GIVEN,
        max_completion_tokens: Union[Optional[int], NotGiven] = NOT_GIVEN,
        max_prompt_tokens: Union[Optional[int], NotGiven] = NOT_GIVEN,
        metadata: Union[Optional[Mapping[str, str]], NotGiven] = NOT_GIVEN,
        model: Union[Optional[str], NotGiven] = NOT_GIVEN,
        parallel_tool_calls: Union[bool, NotGiven] = NOT_GIVEN,
        reasoning_effort: Union[Optional[str], NotGiven] = NOT_GIVEN,
        response_format: Union[Any, NotGiven] = NOT_GIVEN,
        temperature: Union[Optional[float], NotGiven] = NOT_GIVEN,
        tool_choice: Union[Any, NotGiven] = NOT_GIVEN,
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
    async def create(
        self,
        thread_id: str,
        *,
        assistant_id: str,
        include: Union[Sequence[str], NotGiven] = NOT_GIVEN,
        additional_instructions: Union[Optional[str], NotGiven] = NOT_GIVEN,
        additional_messages: Union[Optional[Sequence[Any]], NotGiven] = NOT_GIVEN,
        instructions: Union[Optional[str], NotGiven] = NOT_GIVEN,
        max_completion_tokens: Union[Optional[int], NotGiven] = NOT_GIVEN,
        max_prompt_tokens: Union[Optional[int], NotGiven] = NOT_GIVEN,
        metadata: Union[Optional[Mapping[str, str]], NotGiven] = NOT_GIVEN,
        model: Union[Optional[str], NotGiven] = NOT_GIVEN,
        parallel_tool_calls: Union[bool, NotGiven] = NOT_GIVEN,
        reasoning_effort: Union[Optional[str], NotGiven] = NOT_GIVEN,
        response_format: Union[Any, NotGiven] = NOT_GIVEN,
        temperature: Union[Optional[float], NotGiven] = NOT_GIVEN,
        tool_choice: Union[Any, NotGiven] = NOT_GIVEN,
        tools: Union[Optional[Sequence[Any]], NotGiven] = NOT_GIVEN,
        top_p: Union[Optional[float], NotGiven] = NOT_GIVEN,
        truncation_strategy: Union[Any, NotGiven] = NOT_GIVEN,
        stream: bool,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> Union[Run, AsyncAssistantStream]: ...

    async def create(
        self,
        thread_id: str,
        *,
        assistant_id: str,
        include: Union[Sequence[str], NotGiven] = NOT_GIVEN,
        additional_instructions: Union[Optional[str], NotGiven] = NOT_GIVEN,
        additional_messages: Union[Optional[Sequence[Any]], NotGiven] = NOT_GIVEN,
        instructions: Union[Optional[str], NotGiven] = NOT_GIVEN,
        max_completion_tokens: Union[Optional[int], NotGiven] = NOT_GIVEN,
        max_prompt_tokens: Union[Optional[int], NotGiven] = NOT_GIVEN,
        metadata: Union[Optional[Mapping[str, str]], NotGiven] = NOT_GIVEN,
        model: Union[Optional[str], NotGiven] = NOT_GIVEN,
        parallel_tool_calls: Union[bool, NotGiven] = NOT_GIVEN,
        reasoning_effort: Union[Optional[str], NotGiven] = NOT_GIVEN,
        response_format: Union[Any, NotGiven] = NOT_GIVEN,
        temperature: Union[Optional[float], NotGiven] = NOT_GIVEN,
        tool_choice: Union[Any, NotGiven] = NOT_GIVEN,
        tools: Union[Optional[Sequence[Any]], NotGiven] = NOT_GIVEN,
        top_p: Union[Optional[float], NotGiven] = NOT_GIVEN,
        truncation_strategy: Union[Any, NotGiven] = NOT_GIVEN,
        stream: Union[bool, NotGiven] = NOT_GIVEN,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> Union[Run, AsyncAssistantStream]:
        """Start a run of ``assistant_id`` on the thread; it begins ``queued``.

        With ``stream=True`` the run's events are streamed instead: returns an open
        :class:`~multiassist.streaming.AsyncAssistantStream` (iterate it; use it in a ``with``).
        """
        require_id("assistant_id", assistant_id)
        return await self._create_or_stream(
            stream,
            "runs.create",
            ids={"thread_id": thread_id},
            query=include_query(include),
            body=dict(
                assistant_id=assistant_id,
                additional_instructions=additional_instructions,
                additional_messages=additional_messages,
                instructions=instructions,
                max_completion_tokens=max_completion_tokens,
                max_prompt_tokens=max_prompt_tokens,
                metadata=metadata,
                model=model,
                parallel_tool_calls=parallel_tool_calls,
                reasoning_effort=reasoning_effort,
                response_format=response_format,
                temperature=temperature,
                tool_choice=tool_choice,
                tools=tools,
                top_p=top_p,
                truncation_strategy=truncation_strategy,
            ),
            options=self._options(extra_headers, extra_query, extra_body, timeout),
        )

    async def retrieve(
        self,
        run_id: str,
        *,
        thread_id: str,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> Run:
        """Fetch a run (its current status)."""
        return await self._core.request(
            "runs.retrieve",
            Run,
            ids={"thread_id": thread_id, "run_id": run_id},
            options=self._options(extra_headers, extra_query, extra_body, timeout),
        )

    async def update(
        self,
        run_id: str,
        *,
        thread_id: str,
        metadata: Union[Optional[Mapping[str, str]], NotGiven] = NOT_GIVEN,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> Run:
        """Modify a run's metadata."""
        return await self._core.request(
            "runs.update",
            Run,
            ids={"thread_id": thread_id, "run_id": run_id},
            body=dict(metadata=metadata),
            options=self._options(extra_headers, extra_query, extra_body, timeout),
        )

    def list(
        self,
        thread_id: str,
        *,
        after: Union[str, NotGiven] = NOT_GIVEN,
        before: Union[str, NotGiven] = NOT_GIVEN,
        limit: Union[int, NotGiven] = NOT_GIVEN,
        order: Union[str, NotGiven] = NOT_GIVEN,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> AsyncPaginator[Run]:
        """List a thread's runs (newest first by default)."""
        return self._core.list(
            "runs.list",
            Run,
            ids={"thread_id": thread_id},
            query=list_query(after=after, before=before, limit=limit, order=order),
            options=self._options(extra_headers, extra_query, extra_body, timeout),
        )

    async def cancel(
        self,
        run_id: str,
        *,
        thread_id: str,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> Run:
        """Ask a run to stop; it passes through ``cancelling`` to ``cancelled``."""
        return await self._core.request(
            "runs.cancel",
            Run,
            ids={"thread_id": thread_id, "run_id": run_id},
            options=self._options(extra_headers, extra_query, extra_body, timeout),
        )

    @overload
    async def submit_tool_outputs(
        self,
        run_id: str,
        *,
        thread_id: str,
        tool_outputs: Sequence[Any],
        stream: Union[Literal[False], NotGiven] = NOT_GIVEN,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> Run: ...

    @overload
    async def submit_tool_outputs(
        self,
        run_id: str,
        *,
        thread_id: str,
        tool_outputs: Sequence[Any],
        stream: Literal[True],
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> AsyncAssistantStream: ...

    @overload
    async def submit_tool_outputs(
        self,
        run_id: str,
        *,
        thread_id: str,
        tool_outputs: Sequence[Any],
        stream: bool,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> Union[Run, AsyncAssistantStream]: ...

    async def submit_tool_outputs(
        self,
        run_id: str,
        *,
        thread_id: str,
        tool_outputs: Sequence[Any],
        stream: Union[bool, NotGiven] = NOT_GIVEN,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> Union[Run, AsyncAssistantStream]:
        """Answer a run in ``requires_action`` with ``[{"tool_call_id", "output"}, ...]``.

        With ``stream=True`` the rest of the run's events are streamed (see :meth:`create`).
        """
        return await self._create_or_stream(
            stream,
            "runs.submit_tool_outputs",
            ids={"thread_id": thread_id, "run_id": run_id},
            body={"tool_outputs": check_tool_outputs(tool_outputs)},
            options=self._options(extra_headers, extra_query, extra_body, timeout),
        )

    # -- polling helpers -----------------------------------------------------------------
    async def poll(
        self,
        run_id: str,
        *,
        thread_id: str,
        poll_interval_ms: Optional[int] = None,
        max_wait: float = DEFAULT_MAX_WAIT_S,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> Run:
        """Retrieve the run until it is terminal or ``requires_action``.

        Honours the server's ``openai-poll-after-ms`` hint unless ``poll_interval_ms`` is given.
        Raises :class:`~multiassist.polling.RunTimeoutError` (carrying the last run seen) after
        ``max_wait`` seconds, and :class:`~multiassist.polling.UnexpectedRunStatusError` for a
        status the library does not know.
        """
        options = self._options(extra_headers, extra_query, extra_body, timeout)
        ids = {"thread_id": thread_id, "run_id": run_id}
        return await wait_for_run(
            lambda: self._core.request_with_headers("runs.retrieve", Run, ids=ids,
                                                    options=options),
            poll_interval_ms=poll_interval_ms,
            max_wait=max_wait,
        )

    async def create_and_poll(
        self,
        thread_id: str,
        *,
        assistant_id: str,
        poll_interval_ms: Optional[int] = None,
        max_wait: float = DEFAULT_MAX_WAIT_S,
        **params: Any,
    ) -> Run:
        """:meth:`create` (taking all its arguments), then :meth:`poll`."""
        refuse_stream("create_and_poll", params)
        check_poll_arguments(poll_interval_ms, max_wait)
        run = await self.create(thread_id, assistant_id=assistant_id, **params)
        return await self.poll(
            run.id, thread_id=thread_id, poll_interval_ms=poll_interval_ms, max_wait=max_wait,
            **_request_options(params),
        )

    async def submit_tool_outputs_and_poll(
        self,
        run_id: str,
        *,
        thread_id: str,
        tool_outputs: Sequence[Any],
        poll_interval_ms: Optional[int] = None,
        max_wait: float = DEFAULT_MAX_WAIT_S,
        **options: Any,
    ) -> Run:
        """:meth:`submit_tool_outputs`, then :meth:`poll`."""
        refuse_stream("submit_tool_outputs_and_poll", options)
        check_poll_arguments(poll_interval_ms, max_wait)
        run = await self.submit_tool_outputs(
            run_id, thread_id=thread_id, tool_outputs=tool_outputs, **options
        )
        return await self.poll(
            run.id, thread_id=thread_id, poll_interval_ms=poll_interval_ms, max_wait=max_wait,
            **_request_options(options),
        )

    # -- streaming -----------------------------------------------------------------------
    @overload
    def stream(
        self,
        thread_id: str,
        *,
        assistant_id: str,
        include: Union[Sequence[str], NotGiven] = NOT_GIVEN,
        event_handler: None = None,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
        **params: Any,
    ) -> AsyncStreamOpened[AsyncAssistantStream]: ...

    @overload
    def stream(
        self,
        thread_id: str,
        *,
        assistant_id: str,
        include: Union[Sequence[str], NotGiven] = NOT_GIVEN,
        event_handler: AsyncEventHandlerT,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
        **params: Any,
    ) -> AsyncStreamOpened[AsyncEventHandlerT]: ...

    def stream(
        self,
        thread_id: str,
        *,
        assistant_id: str,
        include: Union[Sequence[str], NotGiven] = NOT_GIVEN,
        event_handler: Optional[AsyncAssistantEventHandler] = None,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
        **params: Any,
    ) -> AsyncStreamOpened[AsyncAssistantEventHandler]:
        """Start a run like :meth:`create` (same arguments) and stream its events.

        Returns the open :class:`~multiassist.streaming.stream.AsyncAssistantStream`; use it
        as a context manager::

            async with client.beta.threads.runs.stream(thread_id, assistant_id=a.id) as stream:
                async for text in stream.text_deltas():
                    print(text, end="")
            run = await stream.get_final_run()

        A keyword :meth:`create` does not take raises ``TypeError`` before anything is sent.
        """
        require_id("assistant_id", assistant_id)
        body = {"assistant_id": assistant_id,
                **checked_body("stream", params, _CREATE_BODY_NAMES)}
        options = self._options(extra_headers, extra_query, extra_body, timeout)
        return async_open_stream(lambda: self._core.stream(
            "runs.create", ids={"thread_id": thread_id}, query=include_query(include),
            body=body, options=options, handler=event_handler,
        ))

    @overload
    def submit_tool_outputs_stream(
        self,
        run_id: str,
        *,
        thread_id: str,
        tool_outputs: Sequence[Any],
        event_handler: None = None,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> AsyncStreamOpened[AsyncAssistantStream]: ...

    @overload
    def submit_tool_outputs_stream(
        self,
        run_id: str,
        *,
        thread_id: str,
        tool_outputs: Sequence[Any],
        event_handler: AsyncEventHandlerT,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> AsyncStreamOpened[AsyncEventHandlerT]: ...

    def submit_tool_outputs_stream(
        self,
        run_id: str,
        *,
        thread_id: str,
        tool_outputs: Sequence[Any],
        event_handler: Optional[AsyncAssistantEventHandler] = None,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> AsyncStreamOpened[AsyncAssistantEventHandler]:
        """:meth:`submit_tool_outputs`, streaming the rest of the run's events.

        Returns the open :class:`~multiassist.streaming.stream.AsyncAssistantStream` (see
        :meth:`stream`).
        """
        body = {"tool_outputs": check_tool_outputs(tool_outputs)}
        options = self._options(extra_headers, extra_query, extra_body, timeout)
        return async_open_stream(lambda: self._core.stream(
            "runs.submit_tool_outputs", ids={"thread_id": thread_id, "run_id": run_id},
            body=body, options=options, handler=event_handler,
        ))


#: What ``runs.stream`` accepts besides ``assistant_id`` and ``include``: ``create``'s body.
_CREATE_BODY_NAMES = body_parameter_names(AsyncRuns.create, exclude=("assistant_id", "include"))
