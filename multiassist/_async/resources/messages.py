"""``client.beta.threads.messages``: messages on a thread."""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence, Union

from multiassist._async.pagination import AsyncPaginator
from multiassist._async.resources._base import AsyncResource, list_query
from multiassist._types import NOT_GIVEN, NotGiven, TimeoutLike
from multiassist.errors import InvalidRequestError
from multiassist.models import Message, MessageDeleted

__all__ = ["AsyncMessages"]

_ROLES = ("user", "assistant")


class AsyncMessages(AsyncResource):
    """AsyncMessages, with openai-python's parameter names."""

    async def create(
        self,
        thread_id: str,
        *,
        content: Union[str, Sequence[Any]],
        role: str,
        attachments: Union[Optional[Sequence[Any]], NotGiven] = NOT_GIVEN,
        metadata: Union[Optional[Mapping[str, str]], NotGiven] = NOT_GIVEN,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> Message:
        """Add a message. ``content`` is text or a list of content parts; ``role`` is
        ``"user"`` or ``"assistant"``."""
        if role not in _ROLES:
            raise InvalidRequestError(f"role must be 'user' or 'assistant', got {role!r}")
        if not isinstance(content, (str, list, tuple)):
            raise InvalidRequestError(
                "content must be a string or a list of content parts, "
                f"got {type(content).__name__}"
            )
        return await self._core.request(
            "messages.create",
            Message,
            ids={"thread_id": thread_id},
            body=dict(content=content, role=role, attachments=attachments, metadata=metadata),
            options=self._options(extra_headers, extra_query, extra_body, timeout),
        )

    async def retrieve(
        self,
        message_id: str,
        *,
        thread_id: str,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> Message:
        """Fetch one message."""
        return await self._core.request(
            "messages.retrieve",
            Message,
            ids={"thread_id": thread_id, "message_id": message_id},
            options=self._options(extra_headers, extra_query, extra_body, timeout),
        )

    async def update(
        self,
        message_id: str,
        *,
        thread_id: str,
        metadata: Union[Optional[Mapping[str, str]], NotGiven] = NOT_GIVEN,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> Message:
        """Modify a message's metadata."""
        return await self._core.request(
            "messages.update",
            Message,
            ids={"thread_id": thread_id, "message_id": message_id},
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
        run_id: Union[str, NotGiven] = NOT_GIVEN,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> AsyncPaginator[Message]:
        """List a thread's messages (newest first by default), optionally of one run."""
        return self._core.list(
            "messages.list",
            Message,
            ids={"thread_id": thread_id},
            query=list_query(after=after, before=before, limit=limit, order=order, run_id=run_id),
            options=self._options(extra_headers, extra_query, extra_body, timeout),
        )

    async def delete(
        self,
        message_id: str,
        *,
        thread_id: str,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> MessageDeleted:
        """Delete a message."""
        return await self._core.request(
            "messages.delete",
            MessageDeleted,
            ids={"thread_id": thread_id, "message_id": message_id},
            options=self._options(extra_headers, extra_query, extra_body, timeout),
        )
