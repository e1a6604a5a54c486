# Generated from multiassist/_async/resources/assistants.py by scripts/generate_sync.py:
# edit that file and run `python -m scripts.generate_sync`; `make test` fails on drift.
"""``client.beta.assistants``: create, retrieve, update, list and delete assistants."""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence, Union

from multiassist._types import NOT_GIVEN, NotGiven, TimeoutLike
from multiassist.models import Assistant, AssistantDeleted
from multiassist.pagination import CursorPage
from multiassist.resources._base import Resource, list_query

__all__ = ["Assistants"]


class Assistants(Resource):
    """Assistants, with openai-python's parameter names (``model``, ``instructions``, ...)."""

    def create(
        self,
        *,
        model: str,
        description: Union[Optional[str], NotGiven] = NOT_GIVEN,
        instructions: Union[Optional[str], NotGiven] = NOT_GIVEN,
        metadata: Union[Optional[Mapping[str, str]], NotGiven] = NOT_GIVEN,
        name: Union[Optional[str], NotGiven] = NOT_GIVEN,
        reasoning_effort: Union[Optional[str], NotGiven] = NOT_GIVEN,
        response_format: Union[Any, NotGiven] = NOT_GIVEN,
        temperature: Union[Optional[float], NotGiven] = NOT_GIVEN,
        tool_resources: Union[Any, NotGiven] = NOT_GIVEN,
        tools: Union[Sequence[Any], NotGiven] = NOT_GIVEN,
        top_p: Union[Optional[float], NotGiven] = NOT_GIVEN,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> Assistant:
        """Create an assistant. On Azure, ``model`` is routed through ``deployments``."""
        return self._core.request(
            "assistants.create",
            Assistant,
            body=dict(
                model=model, description=description, instructions=instructions,
                metadata=metadata, name=name, reasoning_effort=reasoning_effort,
                response_format=response_format, temperature=temperature,
                tool_resources=tool_resources, tools=tools, top_p=top_p,
            ),
            options=self._options(extra_headers, extra_query, extra_body, timeout),
        )

    def retrieve(
        self,
        assistant_id: str,
        *,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> Assistant:
        """Fetch one assistant by id."""
        return self._core.request(
            "assistants.retrieve",
            Assistant,
            ids={"assistant_id": assistant_id},
            options=self._options(extra_headers, extra_query, extra_body, timeout),
        )

    def update(
        self,
        assistant_id: str,
        *,
        model: Union[str, NotGiven] = NOT_GIVEN,
        description: Union[Optional[str], NotGiven] = NOT_GIVEN,
        instructions: Union[Optional[str], NotGiven] = NOT_GIVEN,
        metadata: Union[Optional[Mapping[str, str]], NotGiven] = NOT_GIVEN,
        name: Union[Optional[str], NotGiven] = NOT_GIVEN,
        reasoning_effort: Union[Optional[str], NotGiven] = NOT_GIVEN,
        response_format: Union[Any, NotGiven] = NOT_GIVEN,
        temperature: Union[Optional[float], NotGiven] = NOT_GIVEN,
        tool_resources: Union[Any, NotGiven] = NOT_GIVEN,
        tools: Union[Sequence[Any], NotGiven] = NOT_GIVEN,
        top_p: Union[Optional[float], NotGiven] = NOT_GIVEN,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> Assistant:
        """Modify an assistant; only the arguments given are sent."""
        return self._core.request(
            "assistants.update",
            Assistant,
            ids={"assistant_id": assistant_id},
            body=dict(
                model=model, description=description, instructions=instructions,
                metadata=metadata, name=name, reasoning_effort=reasoning_effort,
                response_format=response_format, temperature=temperature,
                tool_resources=tool_resources, tools=tools, top_p=top_p,
            ),
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
    ) -> CursorPage[Assistant]:
        """List assistants (newest first by default); iterate the page to walk all of them."""
        return self._core.list(
            "assistants.list",
            Assistant,
            query=list_query(after=after, before=before, limit=limit, order=order),
            options=self._options(extra_headers, extra_query, extra_body, timeout),
        )

    def delete(
        self,
        assistant_id: str,
        *,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> AssistantDeleted:
        """Delete an assistant."""
        return self._core.request(
            "assistants.delete",
            AssistantDeleted,
            ids={"assistant_id": assistant_id},
            options=self._options(extra_headers, extra_query, extra_body, timeout),
        )
