"""Opening a streamed run and reading its body as it arrives."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Callable, Iterator, Mapping, Optional, cast

from multiassist._types import RequestOptions, compact
from multiassist.backends.base import as_bridge
from multiassist.converter import unstructure
from multiassist.core import NO_OPTIONS, Core
from multiassist.errors import MultiassistError
from multiassist.http.writes import is_uncertain, stream_outcome_unknown
from multiassist.operations import get_operation
from multiassist.streaming.errors import interrupted

if TYPE_CHECKING:
    import requests

    from multiassist.models import Run
    from multiassist.streaming.stream import AssistantStream

__all__ = ["open_stream", "read_chunks"]

#: The most :func:`read_chunks` asks the socket for at once.
READ_SIZE = 1 << 16


def read_chunks(
    response: requests.Response, current_run: Callable[[], Optional[Run]]
) -> Iterator[bytes]:
    """The body of ``response`` as it arrives; a broken connection becomes
    StreamInterruptedError (quoting ``current_run()``, the run as of the break)."""
    # Imported here, not at module level, so ``import multiassist`` stays light.
    import requests
    import urllib3.exceptions

    raw = response.raw
    read1: Optional[Callable[[int], bytes]] = getattr(raw, "read1", None)
    if getattr(raw, "chunked", True) or "content-length" in response.headers:
        read1 = None
    try:
        if read1 is not None:
            # iter_content would wait for the whole body; read1 returns what arrived.
            while True:
                chunk = read1(READ_SIZE)
                if not chunk:
                    return
                yield chunk
        else:
            yield from response.iter_content(chunk_size=None)
    except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError,
            OSError) as exc:
        raise interrupted(
            f"the connection broke while streaming ({type(exc).__name__})", current_run()
        ) from exc


def open_stream(
    core: Core,
    operation_name: str,
    *,
    ids: Optional[Mapping[str, object]] = None,
    query: Optional[Mapping[str, Any]] = None,
    body: Mapping[str, Any],
    options: RequestOptions = NO_OPTIONS,
) -> AssistantStream:
    """Send ``operation_name`` with ``"stream": true`` and wrap the open response.

    Used by the resources (``runs.stream``, ``runs.submit_tool_outputs_stream``,
    ``threads.create_and_run_stream``); errors before the stream starts (HTTP status,
    connection) are raised here, as for any request.
    """
    from multiassist.streaming.stream import AssistantStream  # see the module docstring

    backend = core.backend
    bridge = as_bridge(backend)
    if bridge is not None and bridge.handles(operation_name):
        # A bridge serves the Assistants events itself (e.g. translated from Responses SSE).
        operation = get_operation(operation_name)
        operation.render_path(ids or {})
        try:
            source = bridge.stream(
                operation, {k: str(v) for k, v in (ids or {}).items()}, query=query or {},
                body=unstructure(compact(dict(body))),
                call=lambda prepared, **kw: core.http(prepared, options, **kw),
            )
        except MultiassistError as error:
            if is_uncertain(error):
                raise stream_outcome_unknown(operation_name, error) from error
            raise
        return AssistantStream(cast("requests.Response", source))
    try:
        response = core.send(
            operation_name, ids=ids, query=query, body={**body, "stream": True},
            options=options, stream=True,
        )
    except MultiassistError as error:
        if is_uncertain(error):
            raise stream_outcome_unknown(operation_name, error) from error
        raise
    request_id = next(
        (response.headers[name] for name in backend.request_id_headers
         if response.headers.get(name)),
        None,
    )
    normalize = functools.partial(backend.normalize_response, get_operation(operation_name))
    return AssistantStream(response, normalize=normalize, request_id=request_id)
