"""``client.beta.vector_stores`` (also ``client.vector_stores``): create, retrieve, update,
list and delete vector stores; ``.files`` and ``.file_batches`` hold the files in them."""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence, Union

from multiassist._async.core import AsyncCore
from multiassist._async.pagination import AsyncPaginator
from multiassist._async.resources._base import AsyncResource, list_query
from multiassist._async.resources.file_batches import AsyncFileBatches
from multiassist._async.resources.vector_store_files import AsyncVectorStoreFiles, check_file_ids
from multiassist._types import NOT_GIVEN, NotGiven, TimeoutLike
from multiassist.models import VectorStore, VectorStoreDeleted

__all__ = ["AsyncVectorStores"]


class AsyncVectorStores(AsyncResource):
    """Vector stores, with openai-python's parameter names.

    Example::

        store = client.beta.vector_stores.create(
            name="manuals", expires_after={"anchor": "last_active_at", "days": 7}
        )
        client.beta.vector_stores.file_batches.upload_and_poll(store.id, files=["a.pdf"])
    """

    def __init__(self, core: AsyncCore) -> None:
        super().__init__(core)
        self.files = AsyncVectorStoreFiles(core)
        self.file_batches = AsyncFileBatches(core)

    async def create(
        self,
        *,
        chunking_strategy: Union[Any, NotGiven] = NOT_GIVEN,
        description: Union[str, NotGiven] = NOT_GIVEN,
        expires_after: Union[Any, NotGiven] = NOT_GIVEN,
        file_ids: Union[Sequence[str], NotGiven] = NOT_GIVEN,
        metadata: Union[Optional[Mapping[str, str]], NotGiven] = NOT_GIVEN,
        name: Union[str, NotGiven] = NOT_GIVEN,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> VectorStore:
        """Create a vector store, optionally already holding uploaded ``file_ids``.

        ``expires_after`` is ``{"anchor": "last_active_at", "days": 1..365}``;
        ``chunking_strategy`` applies to ``file_ids`` (``{"type": "auto"}`` by default).
        Raises :class:`~multiassist.errors.InvalidRequestError` before sending when
        ``file_ids`` is not a list of non-empty ids.
        """
        if not isinstance(file_ids, NotGiven):
            file_ids = check_file_ids("file_ids", file_ids)
        return await self._core.request(
            "vector_stores.create",
            VectorStore,
            body=dict(
                chunking_strategy=chunking_strategy, description=description,
                expires_after=expires_after, file_ids=file_ids, metadata=metadata, name=name,
            ),
            options=self._options(extra_headers, extra_query, extra_body, timeout),
        )

    async def retrieve(
        self,
        vector_store_id: str,
        *,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> VectorStore:
        """Fetch one vector store (``status``, ``file_counts``, ``usage_bytes``...)."""
        return await self._core.request(
            "vector_stores.retrieve",
            VectorStore,
            ids={"vector_store_id": vector_store_id},
            options=self._options(extra_headers, extra_query, extra_body, timeout),
        )

    async def update(
        self,
        vector_store_id: str,
        *,
        expires_after: Union[Any, NotGiven] = NOT_GIVEN,
        metadata: Union[Optional[Mapping[str, str]], NotGiven] = NOT_GIVEN,
        name: Union[Optional[str], NotGiven] = NOT_GIVEN,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> VectorStore:
        """Modify a vector store; only the arguments given are sent
        (``expires_after=None`` removes the expiration policy)."""
        return await self._core.request(
            "vector_stores.update",
            VectorStore,
            ids={"vector_store_id": vector_store_id},
            body=dict(expires_after=expires_after, metadata=metadata, name=name),
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
    ) -> AsyncPaginator[VectorStore]:
        """List vector stores (newest first by default); iterate the page to walk all."""
        return self._core.list(
            "vector_stores.list",
            VectorStore,
            query=list_query(after=after, before=before, limit=limit, order=order),
            options=self._options(extra_headers, extra_query, extra_body, timeout),
        )

    async def delete(
        self,
        vector_store_id: str,
        *,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> VectorStoreDeleted:
        """Delete a vector store. Its files stay uploaded: delete them with
        ``client.files.delete``."""
        return await self._core.request(
            "vector_stores.delete",
            VectorStoreDeleted,
            ids={"vector_store_id": vector_store_id},
            options=self._options(extra_headers, extra_query, extra_body, timeout),
        )
