# Generated from multiassist/_async/resources/_base.py by scripts/generate_sync.py:
# edit that file and run `python -m scripts.generate_sync`; `make test` fails on drift.
"""What every OpenAI-style resource shares: the core it calls and per-call options."""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional, TypeVar, Union

from multiassist._types import NOT_GIVEN, NotGiven, RequestOptions, TimeoutLike, compact
from multiassist.core import Core
from multiassist.errors import InvalidRequestError
from multiassist.models import Run
from multiassist.raw_response import RawCore, RawResponses
from multiassist.streaming.stream import AssistantStream

__all__ = ["Resource", "list_query"]

ResourceT = TypeVar("ResourceT", bound="Resource")


class Resource:
    """Base of the OpenAI-style namespaces (``client.beta.threads.runs`` and friends)."""

    def __init__(self, core: Core) -> None:
        self._core = core

    @property
    def with_raw_response(self: ResourceT) -> RawResponses[ResourceT]:
        """This resource's calls returning the raw HTTP answer (an
        :class:`~multiassist.raw_response.APIResponse`: ``headers``, ``status_code``,
        ``request_id``, ``parse()``...)."""
        return RawResponses(self, RawCore(self._core))

    @property
    def with_streaming_response(self: ResourceT) -> RawResponses[ResourceT]:
        """Like :attr:`with_raw_response`, with each body left unread until you read it; use
        each answer in a ``with`` block so its connection is released."""
        return RawResponses(self, RawCore(self._core, streamed=True))

    def _create_or_stream(
        self,
        stream: Union[bool, NotGiven],
        operation_name: str,
        *,
        ids: Optional[Mapping[str, object]] = None,
        query: Optional[Mapping[str, Any]] = None,
        body: Mapping[str, Any],
        options: RequestOptions,
    ) -> Union[Run, AssistantStream]:
        """One run-starting call: the run, or with ``stream=True`` its event stream."""
        if stream is True:
            return self._core.stream(  # type: ignore[return-value]
                operation_name, ids=ids, query=query, body=body, options=options)
        if not (stream is False or isinstance(stream, NotGiven)):
            raise InvalidRequestError(f"stream must be True or False, got {stream!r}")
        return self._core.request(operation_name, Run, ids=ids, query=query,
                                        body=body, options=options)

    @staticmethod
    def _options(
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> RequestOptions:
        return RequestOptions(
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )


def list_query(
    *,
    after: Union[str, NotGiven] = NOT_GIVEN,
    before: Union[str, NotGiven] = NOT_GIVEN,
    limit: Union[int, NotGiven] = NOT_GIVEN,
    order: Union[str, NotGiven] = NOT_GIVEN,
    **filters: Any,
) -> Dict[str, Any]:
    """Validate list parameters before anything is sent, and build the query."""
    if not isinstance(limit, NotGiven) and (
        isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 100
    ):
        raise InvalidRequestError(f"limit must be an integer from 1 to 100, got {limit!r}")
    if not isinstance(order, NotGiven) and order not in ("asc", "desc"):
        raise InvalidRequestError(f"order must be 'asc' or 'desc', got {order!r}")
    for name, cursor in (("after", after), ("before", before)):
        if not isinstance(cursor, NotGiven) and (not isinstance(cursor, str) or not cursor):
            raise InvalidRequestError(f"{name} must be a non-empty object id, got {cursor!r}")
    return compact(dict(after=after, before=before, limit=limit, order=order, **filters))
