"""Sending a JSON or bodiless call without ``requests.Session.request``: building the
``PreparedRequest`` the way ``requests`` would and handing it to the mounted adapter, which
saves the session's per-request merging of settings (most of ``requests``' own CPU per call).

It leans on how ``requests`` prepares and sends a request, so it is used only with the
``requests`` releases it was written for and tested on (:data:`TESTED_REQUESTS`, checked in CI
on the oldest and newest); any other release goes through ``session.request`` (public API,
slower), as do multipart uploads and sessions a caller passed in.
"""

from __future__ import annotations

import datetime
import functools
import re
import time
from typing import TYPE_CHECKING, Any, Callable, Dict, Mapping, Optional, Tuple, cast
from urllib.parse import urlencode

from multiassist.http.messages import FileField, PreparedCall

if TYPE_CHECKING:
    import requests

# ``requests`` is imported inside the functions: ``import multiassist`` must not load it.

__all__ = [
    "PLAIN_PATH_AND_QUERY",
    "TESTED_REQUESTS",
    "direct_url",
    "encode_params",
    "multipart",
    "plain_origin",
    "plain_session",
    "send_direct",
    "is_tested_requests_release",
]


#: The ``requests`` releases the direct path was written for: 2.28 up to 2.34 (``>=`` lower,
#: ``<`` upper, as (major, minor)).  The install requirement is ``requests>=2.28,<3``.
TESTED_REQUESTS = ((2, 28), (2, 35))


@functools.lru_cache(maxsize=4)
def is_tested_requests_release(version: str) -> bool:
    """Whether the ``requests`` release ``version`` (e.g. ``"2.32.3"``) is one the direct path
    was tested on."""
    try:
        major, minor = (int(part) for part in version.split(".")[:2])
    except ValueError:
        return False
    low, high = TESTED_REQUESTS
    return low <= (major, minor) < high


def plain_session(session: requests.Session) -> bool:
    """Whether ``session`` has nothing set on it that ``requests`` merges into a request
    (cookies count: once a server sets one, calls go through ``session.request``)."""
    import requests

    return (
        is_tested_requests_release(requests.__version__)
        and not session.trust_env
        and session.auth is None
        and not session.params
        and not session.proxies
        and not any(session.hooks.values())
        and not session.cookies
    )


def send_direct(
    session: requests.Session,
    call: PreparedCall,
    url: str,
    headers: Mapping[str, Any],
    limits: Any,
    stream: bool,
    *,
    verify: Any,
    proxies_for: Callable[[str], Dict[str, str]],
) -> requests.Response:
    """What ``session.request(..., allow_redirects=False)`` does for a JSON or bodiless
    call on a plain session (see :func:`plain_session`) to a plain URL (``url``, the call's
    URL with its query, from :func:`direct_url`), minus the settings merging: build the
    ``PreparedRequest``, send it with the mounted adapter (which builds the
    ``Response``), keep any cookie the server set, and read the body unless streaming.
    Raises what ``requests`` raises."""
    import requests
    import requests.compat
    import requests.cookies

    prepared = requests.PreparedRequest()
    prepared.method = call.method.upper()
    prepared.url = url

    # Session headers, then the call's, case-insensitively (the last spelling of a name
    # wins); a None value removes the header; each is checked as prepare_headers does.
    fields: Dict[str, Tuple[str, Any]] = {}
    for source in (session.headers, headers):
        for name, value in source.items():
            fields[name.lower()] = (name, value)
    prepared_headers: requests.structures.CaseInsensitiveDict[str] = (
        requests.structures.CaseInsensitiveDict()
    )
    check = requests.utils.check_header_validity
    for name, value in fields.values():
        if value is not None:
            check((name, value))
            prepared_headers[name] = value
    prepared.headers = prepared_headers

    if call.json is not None:
        try:
            # requests.compat.json: simplejson when installed, as requests uses
            text = cast(Any, requests.compat).json.dumps(call.json, allow_nan=False)
        except ValueError as exc:
            raise requests.exceptions.InvalidJSONError(exc, request=prepared) from exc
        body = text if isinstance(text, bytes) else text.encode("utf-8")
        prepared.body = body
        prepared_headers["Content-Length"] = str(len(body))
        if "content-type" not in prepared_headers:
            prepared_headers["Content-Type"] = "application/json"
    elif prepared.method not in ("GET", "HEAD") and (
        prepared_headers.get("Content-Length") is None
    ):
        prepared_headers["Content-Length"] = "0"

    adapter = session.get_adapter(url)
    started = time.perf_counter()
    response = adapter.send(
        prepared, stream=stream, timeout=limits, verify=verify, cert=session.cert,
        proxies=proxies_for(call.url),
    )
    response.elapsed = datetime.timedelta(seconds=time.perf_counter() - started)
    if response.cookies:
        extract = cast(Any, requests.cookies.extract_cookies_to_jar)  # untyped in the stubs
        extract(session.cookies, prepared, response.raw)
    if not stream:
        response.content  # noqa: B018 - read now: a failure mid-body is a connection error
    return response


def direct_url(
    url: str, params: Mapping[str, Any], plain_origins: Dict[str, bool]
) -> Optional[str]:
    """``url`` with ``params`` as ``PreparedRequest.prepare_url`` would make it, or None
    (send through ``session.request``) when that is not simply ``url`` + the encoded
    query: an origin requests rewrites (IDNA, case, port) or that carries credentials, or
    a path or query needing quoting or normalising.  ``plain_origins`` caches
    :func:`plain_origin` per origin (it is cleared once it holds 64)."""
    scheme_end = url.find("://")
    path_start = url.find("/", scheme_end + 3) if scheme_end > 0 else -1
    if path_start < 0:
        return None
    origin = url[:path_start]
    plain = plain_origins.get(origin)
    if plain is None:
        plain = plain_origin(origin)
        if len(plain_origins) >= 64:
            plain_origins.clear()
        plain_origins[origin] = plain
    if not plain or "/." in url or not PLAIN_PATH_AND_QUERY.match(url, path_start):
        return None
    query = encode_params(params) if params else ""
    if not query:
        return url
    return f"{url}&{query}" if "?" in url else f"{url}?{query}"


#: A path and query that ``requests`` (``requote_uri``) and urllib3 (``parse_url``) leave as
#: they are: unreserved characters, sub-delimiters, ``:@/`` (and ``?`` in the query); no
#: ``%`` escapes, fragments or empty query.
PLAIN_PATH_AND_QUERY = re.compile(
    r"/[A-Za-z0-9\-._~!$&'()*+,;=:@/]*(?:\?[A-Za-z0-9\-._~!$&'()*+,;=:@/?]+)?\Z"
)


def plain_origin(origin: str) -> bool:
    """Whether ``requests`` keeps URLs under ``origin`` (``scheme://host[:port]``) as they
    are: a lower-case http(s) origin without credentials that ``prepare_url`` does not
    rewrite."""
    import requests

    if "@" in origin or not origin.startswith(("http://", "https://")):
        return False
    prepared = requests.PreparedRequest()
    try:
        prepared.prepare_url(origin + "/", None)
    except (requests.exceptions.RequestException, ValueError):
        return False
    return prepared.url == origin + "/"


def encode_params(params: Mapping[str, Any]) -> str:
    """The query string ``requests`` makes of ``params`` (``RequestEncodingMixin.
    _encode_params`` on a mapping, without its slow protocol checks): a string or a
    non-iterable is one value, an iterable several; None values are left out."""
    pairs = []
    for key, values in params.items():
        if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
            values = (values,)
        for value in values:
            if value is not None:
                pairs.append((
                    key.encode("utf-8") if isinstance(key, str) else key,
                    value.encode("utf-8") if isinstance(value, str) else value,
                ))
    return urlencode(pairs, doseq=True)


def multipart(files: Optional[Mapping[str, FileField]]) -> Any:
    """A call's file fields as ``requests``' ``files=`` argument (None: no upload)."""
    if files is None:
        return None
    return {
        field: (name, content) if content_type is None else (name, content, content_type)
        for field, (name, content, content_type) in files.items()
    }
