"""``client.beta.vector_stores.file_batches``: attach many files to a vector store in one
request, follow the batch, cancel it, list its files, and upload-then-attach helpers."""

from __future__ import annotations

from typing import Any, Iterable, List, Mapping, Optional, Sequence, Union

from multiassist._async.pagination import AsyncPaginator
from multiassist._async.polling import DEFAULT_MAX_WAIT_S, check_poll_arguments
from multiassist._async.resources._base import AsyncResource, list_query
from multiassist._async.resources.files import AsyncFiles, FileInput, read_file_input
from multiassist._async.resources.vector_store_files import (
    check_file_id,
    check_file_ids,
    check_ids,
    list_filter,
    wait_for_processing,
)
from multiassist._types import NOT_GIVEN, NotGiven, RequestOptions, TimeoutLike
from multiassist.backends.base import FileField
from multiassist.concurrency import async_map_bounded
from multiassist.errors import FileUploadError, InvalidRequestError
from multiassist.models import VectorStoreFile, VectorStoreFileBatch

__all__ = ["AsyncFileBatches"]

Attributes = Optional[Mapping[str, Union[str, float, bool]]]


class AsyncFileBatches(AsyncResource):
    """Vector store file batches, with openai-python's parameter names.

    Example::

        batch = client.beta.vector_stores.file_batches.upload_and_poll(
            store.id, files=["a.md", "b.md"]
        )
        print(batch.status, batch.file_counts.completed, "of", batch.file_counts.total)
    """

    async def create(
        self,
        vector_store_id: str,
        *,
        file_ids: Union[Sequence[str], NotGiven] = NOT_GIVEN,
        files: Union[Sequence[Mapping[str, Any]], NotGiven] = NOT_GIVEN,
        attributes: Union[Attributes, NotGiven] = NOT_GIVEN,
        chunking_strategy: Union[Any, NotGiven] = NOT_GIVEN,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> VectorStoreFileBatch:
        """Attach uploaded files to a vector store as one batch.

        Pass either ``file_ids`` (``attributes`` and ``chunking_strategy`` then apply to
        every file) or ``files``: one ``{"file_id": ..., "attributes": ...,
        "chunking_strategy": ...}`` per file. Raises
        :class:`~multiassist.errors.InvalidRequestError` before sending when neither or both
        are given, or an id is empty.
        """
        created, _ = await self._create(
            vector_store_id, file_ids, files, attributes, chunking_strategy,
            self._options(extra_headers, extra_query, extra_body, timeout),
        )
        return created

    async def retrieve(
        self,
        batch_id: str,
        *,
        vector_store_id: str,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> VectorStoreFileBatch:
        """Fetch a batch: its ``status`` and ``file_counts``."""
        return await self._core.request(
            "file_batches.retrieve",
            VectorStoreFileBatch,
            ids={"vector_store_id": vector_store_id, "batch_id": batch_id},
            options=self._options(extra_headers, extra_query, extra_body, timeout),
        )

    async def cancel(
        self,
        batch_id: str,
        *,
        vector_store_id: str,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> VectorStoreFileBatch:
        """Ask the server to stop processing the batch's files as soon as possible."""
        return await self._core.request(
            "file_batches.cancel",
            VectorStoreFileBatch,
            ids={"vector_store_id": vector_store_id, "batch_id": batch_id},
            options=self._options(extra_headers, extra_query, extra_body, timeout),
        )

    def list_files(
        self,
        batch_id: str,
        *,
        vector_store_id: str,
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
        """List the files of a batch; ``filter`` keeps one status (``in_progress``,
        ``completed``, ``failed`` or ``cancelled``). Bad list arguments raise
        :class:`~multiassist.errors.InvalidRequestError` before sending."""
        return self._core.list(
            "file_batches.list_files",
            VectorStoreFile,
            ids={"vector_store_id": vector_store_id, "batch_id": batch_id},
            query=list_query(
                after=after, before=before, limit=limit, order=order,
                filter=list_filter(filter),
            ),
            options=self._options(extra_headers, extra_query, extra_body, timeout),
        )

    # -- polling helpers -----------------------------------------------------------------
    async def poll(
        self,
        batch_id: str,
        *,
        vector_store_id: str,
        poll_interval_ms: Optional[int] = None,
        max_wait: float = DEFAULT_MAX_WAIT_S,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> VectorStoreFileBatch:
        """Retrieve the batch until it is no longer ``in_progress``; return it.

        A ``failed`` or ``cancelled`` batch is returned, not raised: check ``status`` and
        ``file_counts``. Honours ``openai-poll-after-ms`` unless ``poll_interval_ms`` is given
        (else 1 s). Raises :class:`~multiassist.polling.PollTimeoutError` (``.last`` is the
        last batch seen) after ``max_wait`` seconds, and
        :class:`~multiassist.polling.UnexpectedStatusError` for an unknown status.
        """
        return await self._wait(
            vector_store_id, batch_id, None, None, poll_interval_ms, max_wait,
            self._options(extra_headers, extra_query, extra_body, timeout),
        )

    async def create_and_poll(
        self,
        vector_store_id: str,
        *,
        file_ids: Union[Sequence[str], NotGiven] = NOT_GIVEN,
        files: Union[Sequence[Mapping[str, Any]], NotGiven] = NOT_GIVEN,
        attributes: Union[Attributes, NotGiven] = NOT_GIVEN,
        chunking_strategy: Union[Any, NotGiven] = NOT_GIVEN,
        poll_interval_ms: Optional[int] = None,
        max_wait: float = DEFAULT_MAX_WAIT_S,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> VectorStoreFileBatch:
        """:meth:`create`, then :meth:`poll` (``max_wait`` counts from the create).

        ``extra_body`` goes to the create only; the other per-call options to every request.
        """
        check_poll_arguments(poll_interval_ms, max_wait)
        created, headers = await self._create(
            vector_store_id, file_ids, files, attributes, chunking_strategy,
            self._options(extra_headers, extra_query, extra_body, timeout),
        )
        return await self._wait(
            vector_store_id, created.id, created, headers, poll_interval_ms, max_wait,
            self._options(extra_headers, extra_query, None, timeout),
        )

    async def upload_and_poll(
        self,
        vector_store_id: str,
        *,
        files: Iterable[FileInput],
        file_ids: Sequence[str] = (),
        max_concurrency: int = 5,
        attributes: Union[Attributes, NotGiven] = NOT_GIVEN,
        chunking_strategy: Union[Any, NotGiven] = NOT_GIVEN,
        poll_interval_ms: Optional[int] = None,
        max_wait: float = DEFAULT_MAX_WAIT_S,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> VectorStoreFileBatch:
        """Upload ``files`` (``purpose="assistants"``), then attach them together with the
        already uploaded ``file_ids`` as one batch and wait for it (:meth:`create_and_poll`).

        Every argument is checked, and every file read, before the first upload, so a bad
        path or id sends nothing. Up to ``max_concurrency`` uploads run at once (asyncio
        tasks on the async client, worker threads on the blocking one). If one fails, no new
        upload starts, the ones under way finish, no batch is created, and
        :class:`~multiassist.errors.FileUploadError` says which failed and why, which were
        uploaded (they stay in ``client.files``) and which were not, with the call that
        finishes the job. ``max_wait`` counts from the batch create, not the uploads.
        """
        check_ids("file_batches.create", vector_store_id=vector_store_id)
        check_poll_arguments(poll_interval_ms, max_wait)
        if isinstance(max_concurrency, bool) or not isinstance(max_concurrency, int) or (
            max_concurrency < 1
        ):
            raise InvalidRequestError(
                f"max_concurrency must be a positive integer, got {max_concurrency!r}"
            )
        if isinstance(files, (str, bytes)) or not isinstance(files, Iterable):
            raise InvalidRequestError(
                "files must be a list of file inputs (paths, bytes with names, binary file "
                f"objects or (filename, content) tuples), got {type(files).__name__}"
            )
        existing = check_file_ids("file_ids", file_ids)
        contents = [read_file_input(file) for file in files]
        if not contents and not existing:
            raise InvalidRequestError("upload_and_poll needs at least one file or file id")
        uploader = AsyncFiles(self._core)

        async def upload(content: FileField) -> str:
            uploaded = await uploader.create(
                file=content, purpose="assistants",
                extra_headers=extra_headers, extra_query=extra_query, timeout=timeout,
            )
            return uploaded.id

        outcomes = await async_map_bounded(upload, contents, max_concurrency)
        uploaded_ids = [outcomes.results[i] for i in range(len(contents)) if i in outcomes.results]
        if outcomes.errors:
            raise FileUploadError(
                vector_store_id,
                failures=[(contents[i][0], outcomes.errors[i]) for i in sorted(outcomes.errors)],
                uploaded_file_ids=uploaded_ids,
                not_uploaded=[c for i, c in enumerate(contents) if i not in outcomes.results],
                tried=len(contents) - len(outcomes.skipped),
            ) from outcomes.errors[min(outcomes.errors)]
        return await self.create_and_poll(
            vector_store_id, file_ids=[*existing, *uploaded_ids], attributes=attributes,
            chunking_strategy=chunking_strategy, poll_interval_ms=poll_interval_ms,
            max_wait=max_wait, extra_headers=extra_headers, extra_query=extra_query,
            extra_body=extra_body, timeout=timeout,
        )

    # -- private ---------------------------------------------------------------------------
    async def _create(
        self,
        vector_store_id: str,
        file_ids: Union[Sequence[str], NotGiven],
        files: Union[Sequence[Mapping[str, Any]], NotGiven],
        attributes: Any,
        chunking_strategy: Any,
        options: RequestOptions,
    ) -> tuple[VectorStoreFileBatch, Mapping[str, str]]:
        if isinstance(file_ids, NotGiven) == isinstance(files, NotGiven):
            raise InvalidRequestError(
                "pass file_ids (a list of file ids) or files (one {'file_id': ...} per file), "
                "exactly one of them"
            )
        body = dict(attributes=attributes, chunking_strategy=chunking_strategy)
        if not isinstance(file_ids, NotGiven):
            body["file_ids"] = _non_empty("file_ids", check_file_ids("file_ids", file_ids))
        if not isinstance(files, NotGiven):
            body["files"] = _non_empty("files", _check_file_specs(files))
        return await self._core.request_with_headers(
            "file_batches.create",
            VectorStoreFileBatch,
            ids={"vector_store_id": vector_store_id},
            body=body,
            options=options,
        )

    async def _wait(
        self,
        vector_store_id: str,
        batch_id: str,
        first: Optional[VectorStoreFileBatch],
        first_headers: Optional[Mapping[str, str]],
        poll_interval_ms: Optional[int],
        max_wait: float,
        options: RequestOptions,
    ) -> VectorStoreFileBatch:
        return await wait_for_processing(
            self._core, "file_batches.retrieve", VectorStoreFileBatch,
            {"vector_store_id": vector_store_id, "batch_id": batch_id},
            describe=lambda b: f"file batch {b.id} of vector store {b.vector_store_id}",
            first=first, first_headers=first_headers, poll_interval_ms=poll_interval_ms,
            max_wait=max_wait, options=options,
        )


def _check_file_specs(files: Any) -> List[Any]:
    if isinstance(files, (str, bytes, Mapping)) or not isinstance(files, (list, tuple)):
        raise InvalidRequestError(
            "files must be a list of {'file_id': ..., 'attributes': ..., "
            f"'chunking_strategy': ...}} objects, got {type(files).__name__}"
        )
    for spec in files:
        if not isinstance(spec, Mapping):
            raise InvalidRequestError(
                f"each of files must be a mapping with a 'file_id', got {spec!r}"
            )
        check_file_id("file_id of each of files", spec.get("file_id"))
    return list(files)


def _non_empty(name: str, items: List[Any]) -> List[Any]:
    if not items:
        raise InvalidRequestError(f"{name} must list at least one file")
    return items
