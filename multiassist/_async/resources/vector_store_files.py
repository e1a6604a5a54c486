"""``client.beta.vector_stores.files``: attach uploaded files to a vector store, list, retrieve
and detach them, and wait until they are indexed.

Also owns what the vector store namespaces share: the file statuses, the ``filter`` check of
the list calls, the checks of file ids in request bodies, and the per-call options reused by
the polling requests of the ``*_and_poll`` helpers.
"""

from __future__ import annotations

from typing import Any, Callable, FrozenSet, List, Mapping, Optional, Type, TypeVar, Union

from multiassist._async.core import AsyncCore
from multiassist._async.pagination import AsyncPaginator
from multiassist._async.polling import (
    DEFAULT_MAX_WAIT_S,
    HasStatus,
    check_poll_arguments,
    poll_until,
)
from multiassist._async.resources._base import AsyncResource, list_query
from multiassist._async.resources.files import AsyncFiles, FileInput
from multiassist._types import NOT_GIVEN, NotGiven, RequestOptions, TimeoutLike
from multiassist.errors import InvalidRequestError
from multiassist.models import VectorStoreFile, VectorStoreFileDeleted
from multiassist.operations import check_id, get_operation

__all__ = [
    "ACTIVE_STATUSES",
    "FILTER_VALUES",
    "STOPPING_STATUSES",
    "AsyncVectorStoreFiles",
    "check_file_id",
    "check_file_ids",
    "check_ids",
    "wait_for_processing",
    "list_filter",
]

S = TypeVar("S", bound=HasStatus)

#: Statuses of a vector store file or file batch while the server is still indexing.
ACTIVE_STATUSES: FrozenSet[Optional[str]] = frozenset({"in_progress"})
#: Statuses at which the ``poll`` helpers return (check ``status`` to tell success).
STOPPING_STATUSES: FrozenSet[Optional[str]] = frozenset({"completed", "failed", "cancelled"})
#: The values of ``filter`` in the list calls.
FILTER_VALUES = ("in_progress", "completed", "failed", "cancelled")


class AsyncVectorStoreFiles(AsyncResource):
    """AsyncFiles in a vector store, with openai-python's parameter names.

    Example::

        attached = client.beta.vector_stores.files.upload_and_poll(
            vector_store_id=store.id, file="manual.pdf"
        )
        assert attached.status == "completed", attached.last_error
    """

    async def create(
        self,
        vector_store_id: str,
        *,
        file_id: str,
        attributes: Union[Optional[Mapping[str, Union[str, float, bool]]], NotGiven] = NOT_GIVEN,
        chunking_strategy: Union[Any, NotGiven] = NOT_GIVEN,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> VectorStoreFile:
        """Attach an uploaded file (``purpose="assistants"``) to a vector store.

        The answer usually has ``status`` ``in_progress``; :meth:`create_and_poll` waits for
        indexing. ``chunking_strategy`` is ``{"type": "auto"}`` (the default) or
        ``{"type": "static", "static": {"max_chunk_size_tokens": ..., "chunk_overlap_tokens":
        ...}}``. Raises :class:`~multiassist.errors.InvalidRequestError` before sending for an
        empty ``vector_store_id`` or ``file_id``.
        """
        created, _ = await self._create(
            vector_store_id, file_id, attributes, chunking_strategy,
            self._options(extra_headers, extra_query, extra_body, timeout),
        )
        return created

    async def retrieve(
        self,
        file_id: str,
        *,
        vector_store_id: str,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> VectorStoreFile:
        """Fetch one file of a vector store (its indexing ``status`` and ``last_error``)."""
        return await self._core.request(
            "vector_store_files.retrieve",
            VectorStoreFile,
            ids={"vector_store_id": vector_store_id, "file_id": file_id},
            options=self._options(extra_headers, extra_query, extra_body, timeout),
        )

    def list(
        self,
        vector_store_id: str,
        *,
        after: Union[str, NotGiven] = NOT_GIVEN,
        before: Union[str, NotGiven] = NOT_GIVEN,
        filter: Union[str, NotGiven] = NOT_GIVEN,
        limit: Union[int, NotGiven] = NOT_GIVEN,
        order: Union[str, NotGiven] = NOT_GIVEN,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> AsyncPaginator[VectorStoreFile]:
        """List the files of a vector store; iterate the page to walk all of them.

        ``filter`` keeps one status: ``in_progress``, ``completed``, ``failed`` or
        ``cancelled``. Bad ``limit`` / ``order`` / cursor / ``filter`` values raise
        :class:`~multiassist.errors.InvalidRequestError` before sending.
        """
        return self._core.list(
            "vector_store_files.list",
            VectorStoreFile,
            ids={"vector_store_id": vector_store_id},
            query=list_query(
                after=after, before=before, limit=limit, order=order,
                filter=list_filter(filter),
            ),
            options=self._options(extra_headers, extra_query, extra_body, timeout),
        )

    async def delete(
        self,
        file_id: str,
        *,
        vector_store_id: str,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> VectorStoreFileDeleted:
        """Detach a file from a vector store. The uploaded file itself is kept: delete it
        with ``client.files.delete``."""
        return await self._core.request(
            "vector_store_files.delete",
            VectorStoreFileDeleted,
            ids={"vector_store_id": vector_store_id, "file_id": file_id},
            options=self._options(extra_headers, extra_query, extra_body, timeout),
        )

    # -- polling helpers -----------------------------------------------------------------
    async def poll(
        self,
        file_id: str,
        *,
        vector_store_id: str,
        poll_interval_ms: Optional[int] = None,
        max_wait: float = DEFAULT_MAX_WAIT_S,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> VectorStoreFile:
        """Retrieve the file until it is no longer ``in_progress``; return it.

        A ``failed`` file is returned, not raised: check ``status`` and ``last_error``.
        Honours the server's ``openai-poll-after-ms`` hint unless ``poll_interval_ms`` is
        given (else 1 s). Raises :class:`~multiassist.polling.PollTimeoutError` (``.last`` is
        the last file seen) after ``max_wait`` seconds, and
        :class:`~multiassist.polling.UnexpectedStatusError` for an unknown status.
        """
        return await self._wait(
            vector_store_id, file_id, None, None, poll_interval_ms, max_wait,
            self._options(extra_headers, extra_query, extra_body, timeout),
        )

    async def create_and_poll(
        self,
        file_id: str,
        *,
        vector_store_id: str,
        attributes: Union[Optional[Mapping[str, Union[str, float, bool]]], NotGiven] = NOT_GIVEN,
        chunking_strategy: Union[Any, NotGiven] = NOT_GIVEN,
        poll_interval_ms: Optional[int] = None,
        max_wait: float = DEFAULT_MAX_WAIT_S,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> VectorStoreFile:
        """:meth:`create`, then :meth:`poll` (``max_wait`` counts from the create).

        ``extra_body`` goes to the create only; the other per-call options to every request.
        """
        check_ids("vector_store_files.create", vector_store_id=vector_store_id)
        check_poll_arguments(poll_interval_ms, max_wait)
        options = self._options(extra_headers, extra_query, extra_body, timeout)
        created, headers = await self._create(
            vector_store_id, file_id, attributes, chunking_strategy, options
        )
        return await self._wait(
            vector_store_id, file_id, created, headers, poll_interval_ms, max_wait,
            self._options(extra_headers, extra_query, None, timeout),
        )

    async def upload(
        self,
        *,
        vector_store_id: str,
        file: FileInput,
        attributes: Union[Optional[Mapping[str, Union[str, float, bool]]], NotGiven] = NOT_GIVEN,
        chunking_strategy: Union[Any, NotGiven] = NOT_GIVEN,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> VectorStoreFile:
        """Upload ``file`` (``purpose="assistants"``; bytes, a path, a binary file object or
        ``(filename, content[, type])``) and attach it, without waiting for indexing.

        ``vector_store_id`` and the file are checked before the upload. ``extra_body`` goes
        to the attach request only.
        """
        check_ids("vector_store_files.create", vector_store_id=vector_store_id)
        uploaded = await AsyncFiles(self._core).create(
            file=file, purpose="assistants",
            extra_headers=extra_headers, extra_query=extra_query, timeout=timeout,
        )
        return await self.create(
            vector_store_id, file_id=uploaded.id, attributes=attributes,
            chunking_strategy=chunking_strategy, extra_headers=extra_headers,
            extra_query=extra_query, extra_body=extra_body, timeout=timeout,
        )

    async def upload_and_poll(
        self,
        *,
        vector_store_id: str,
        file: FileInput,
        attributes: Union[Optional[Mapping[str, Union[str, float, bool]]], NotGiven] = NOT_GIVEN,
        chunking_strategy: Union[Any, NotGiven] = NOT_GIVEN,
        poll_interval_ms: Optional[int] = None,
        max_wait: float = DEFAULT_MAX_WAIT_S,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> VectorStoreFile:
        """Upload ``file``, attach it and wait for indexing: :meth:`upload`, then
        :meth:`poll` (``max_wait`` counts from the attach)."""
        check_ids("vector_store_files.create", vector_store_id=vector_store_id)
        check_poll_arguments(poll_interval_ms, max_wait)
        uploaded = await AsyncFiles(self._core).create(
            file=file, purpose="assistants",
            extra_headers=extra_headers, extra_query=extra_query, timeout=timeout,
        )
        return await self.create_and_poll(
            uploaded.id, vector_store_id=vector_store_id, attributes=attributes,
            chunking_strategy=chunking_strategy, poll_interval_ms=poll_interval_ms,
            max_wait=max_wait, extra_headers=extra_headers, extra_query=extra_query,
            extra_body=extra_body, timeout=timeout,
        )

    # -- private ---------------------------------------------------------------------------
    async def _create(
        self,
        vector_store_id: str,
        file_id: str,
        attributes: Any,
        chunking_strategy: Any,
        options: RequestOptions,
    ) -> tuple[VectorStoreFile, Mapping[str, str]]:
        check_file_id("file_id", file_id)
        return await self._core.request_with_headers(
            "vector_store_files.create",
            VectorStoreFile,
            ids={"vector_store_id": vector_store_id},
            body=dict(
                file_id=file_id, attributes=attributes, chunking_strategy=chunking_strategy
            ),
            options=options,
        )

    async def _wait(
        self,
        vector_store_id: str,
        file_id: str,
        first: Optional[VectorStoreFile],
        first_headers: Optional[Mapping[str, str]],
        poll_interval_ms: Optional[int],
        max_wait: float,
        options: RequestOptions,
    ) -> VectorStoreFile:
        return await wait_for_processing(
            self._core, "vector_store_files.retrieve", VectorStoreFile,
            {"vector_store_id": vector_store_id, "file_id": file_id},
            describe=lambda f: f"file {f.id} of vector store {f.vector_store_id}",
            first=first, first_headers=first_headers, poll_interval_ms=poll_interval_ms,
            max_wait=max_wait, options=options,
        )


async def wait_for_processing(
    core: AsyncCore,
    operation_name: str,
    cast: Type[S],
    ids: Mapping[str, str],
    *,
    describe: Callable[[S], str],
    first: Optional[S],
    first_headers: Optional[Mapping[str, str]],
    poll_interval_ms: Optional[int],
    max_wait: float,
    options: RequestOptions,
) -> S:
    """Retrieve a vector store file or file batch until it stops processing."""
    return await poll_until(
        lambda: core.request_with_headers(operation_name, cast, ids=ids, options=options),
        active=ACTIVE_STATUSES,
        stopping=STOPPING_STATUSES,
        describe=describe,
        first=first,
        first_headers=first_headers,
        interval_s=check_poll_arguments(poll_interval_ms, max_wait),
        max_wait=max_wait,
    )


def list_filter(value: Union[str, NotGiven]) -> Union[str, NotGiven]:
    """Refuse a ``filter`` that is not a vector store file status, before sending."""
    if not isinstance(value, NotGiven) and value not in FILTER_VALUES:
        raise InvalidRequestError(
            f"filter must be one of {', '.join(FILTER_VALUES)}; got {value!r}"
        )
    return value


def check_ids(operation_name: str, **ids: object) -> None:
    """Refuse the path ids of ``operation_name`` the way sending would, before a helper
    makes its first request (so an upload never happens for a call that cannot finish)."""
    get_operation(operation_name).render_path(ids)


def check_file_ids(name: str, value: Any) -> List[str]:
    """A body list of file ids: a list or tuple of non-empty strings (a bare string is the
    usual slip, so it is refused with a hint)."""
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise InvalidRequestError(
            f"{name} must be a list of file ids such as ['file-abc123'], got {value!r}"
        )
    for item in value:
        check_file_id(f"each of {name}", item)
    return list(value)


def check_file_id(name: str, value: object) -> None:
    """Refuse a bad file id in a body, by the same rule as any id."""
    check_id(name, value)

