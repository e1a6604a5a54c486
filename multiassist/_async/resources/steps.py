"""``client.beta.threads.runs.steps``: the steps of a run (message creation, tool calls)."""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence, Union

from multiassist._async.pagination import AsyncPaginator
from multiassist._async.resources._base import AsyncResource, list_query
from multiassist._types import NOT_GIVEN, NotGiven, TimeoutLike
from multiassist.models import RunStep
from multiassist.resources._params import include_query

__all__ = ["AsyncSteps"]


class AsyncSteps(AsyncResource):
    """Run steps: what a run did (message creation, tool calls)."""

    def list(
        self,
        run_id: str,
        *,
        thread_id: str,
        after: Union[str, NotGiven] = NOT_GIVEN,
        before: Union[str, NotGiven] = NOT_GIVEN,
        include: Union[Sequence[str], NotGiven] = NOT_GIVEN,
        limit: Union[int, NotGiven] = NOT_GIVEN,
        order: Union[str, NotGiven] = NOT_GIVEN,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> AsyncPaginator[RunStep]:
        """List a run's steps; ``include`` may ask for file search result content."""
        query = list_query(after=after, before=before, limit=limit, order=order)
        query.update(include_query(include))
        return self._core.list(
            "steps.list",
            RunStep,
            ids={"thread_id": thread_id, "run_id": run_id},
            query=query,
            options=self._options(extra_headers, extra_query, extra_body, timeout),
        )

    async def retrieve(
        self,
        step_id: str,
        *,
        thread_id: str,
        run_id: str,
        include: Union[Sequence[str], NotGiven] = NOT_GIVEN,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> RunStep:
        """Fetch one run step."""
        return await self._core.request(
            "steps.retrieve",
            RunStep,
            ids={"thread_id": thread_id, "run_id": run_id, "step_id": step_id},
            query=include_query(include),
            options=self._options(extra_headers, extra_query, extra_body, timeout),
        )
