# Generated from multiassist/_async/resources/files.py by scripts/generate_sync.py:
# edit that file and run `python -m scripts.generate_sync`; `make test` fails on drift.
"""``client.files``: upload, list, retrieve, delete and download files, and wait until an
upload is processed."""

from __future__ import annotations

import os
from typing import IO, Any, Mapping, Optional, Tuple, Union

from multiassist._types import NOT_GIVEN, NotGiven, TimeoutLike
from multiassist.backends.base import FileField
from multiassist.errors import FileProcessingError, InvalidRequestError
from multiassist.models import FileDeleted, FileObject
from multiassist.pagination import CursorPage
from multiassist.polling import DEFAULT_MAX_WAIT_S, poll_until
from multiassist.resources._base import Resource, list_query

__all__ = ["FileContent", "FileInput", "FileProcessingError", "Files", "read_file_input"]

FileInput = Union[
    bytes,
    str,
    "os.PathLike[str]",
    IO[bytes],
    Tuple[str, Any],
    Tuple[str, Any, Optional[str]],
]
"""``file=`` takes bytes, a path, a binary file object or ``(filename, content[, type])``."""

PURPOSES = ("assistants", "batch", "fine-tune", "vision", "user_data", "evals")

#: File statuses while the server is still processing (``pending`` / ``running``: Azure).
PROCESSING_STATUSES = frozenset({"uploaded", "pending", "running"})
#: File statuses at which processing is over without success (``deleting``/``deleted``: Azure).
FAILED_STATUSES = frozenset({"error", "deleting", "deleted"})



class FileContent:
    """A downloaded file: ``.content`` bytes, ``.text``, ``.read()`` and ``.write_to_file()``."""

    def __init__(self, content: bytes) -> None:
        self.content = content

    def __repr__(self) -> str:
        return f"FileContent({len(self.content)} bytes)"

    @property
    def text(self) -> str:
        return self.content.decode("utf-8")

    def read(self) -> bytes:
        return self.content

    def write_to_file(self, path: Union[str, os.PathLike[str]]) -> None:
        with open(path, "wb") as handle:
            handle.write(self.content)


class Files(Resource):
    """Files, with openai-python's parameter names."""

    def create(
        self,
        *,
        file: FileInput,
        purpose: str,
        filename: Optional[str] = None,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> FileObject:
        """Upload a file. The content is read once, so a retry re-sends the same bytes."""
        if purpose not in PURPOSES:
            raise InvalidRequestError(
                f"purpose must be one of {', '.join(PURPOSES)}; got {purpose!r}"
            )
        return self._core.request(
            "files.create",
            FileObject,
            body={"purpose": purpose},
            files={"file": read_file_input(file, filename)},
            options=self._options(extra_headers, extra_query, extra_body, timeout),
        )

    def retrieve(
        self,
        file_id: str,
        *,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> FileObject:
        """Fetch a file's metadata."""
        return self._core.request(
            "files.retrieve",
            FileObject,
            ids={"file_id": file_id},
            options=self._options(extra_headers, extra_query, extra_body, timeout),
        )

    def list(
        self,
        *,
        purpose: Union[str, NotGiven] = NOT_GIVEN,
        after: Union[str, NotGiven] = NOT_GIVEN,
        limit: Union[int, NotGiven] = NOT_GIVEN,
        order: Union[str, NotGiven] = NOT_GIVEN,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> CursorPage[FileObject]:
        """List files, optionally of one ``purpose``."""
        return self._core.list(
            "files.list",
            FileObject,
            query=list_query(after=after, limit=limit, order=order, purpose=purpose),
            options=self._options(extra_headers, extra_query, extra_body, timeout),
        )

    def delete(
        self,
        file_id: str,
        *,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> FileDeleted:
        """Delete a file."""
        return self._core.request(
            "files.delete",
            FileDeleted,
            ids={"file_id": file_id},
            options=self._options(extra_headers, extra_query, extra_body, timeout),
        )

    def content(
        self,
        file_id: str,
        *,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> FileContent:
        """Download a file's bytes."""
        return self._core.request_bytes(
            "files.content",
            FileContent,
            ids={"file_id": file_id},
            options=self._options(extra_headers, extra_query, extra_body, timeout),
        )

    def wait_for_processing(
        self,
        file_id: str,
        *,
        poll_interval_s: Optional[float] = None,
        max_wait: float = DEFAULT_MAX_WAIT_S,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        timeout: Union[TimeoutLike, NotGiven] = NOT_GIVEN,
    ) -> FileObject:
        """Retrieve the file until it is ``processed``; return it.

        Polls every ``poll_interval_s`` seconds (default: the server's
        ``openai-poll-after-ms`` hint, else 1 s). A file whose server reports no ``status``
        (Azure ``2024-02-15-preview``) is returned at once.

        Raises:
            FileProcessingError: the status became ``error`` (``status_details`` says why),
                or the file is being deleted.
            multiassist.polling.PollTimeoutError: still not processed after ``max_wait``
                seconds; ``.last`` is the last file seen.
            multiassist.polling.UnexpectedStatusError: a status this library does not know.
        """
        options = self._options(extra_headers, extra_query, extra_body, timeout)
        ids = {"file_id": file_id}
        done = poll_until(
            lambda: self._core.request_with_headers(
                "files.retrieve", FileObject, ids=ids, options=options
            ),
            active=PROCESSING_STATUSES,
            stopping=FAILED_STATUSES | {"processed", None},
            describe=lambda f: f"file {f.id} ({f.filename!r})",
            interval_s=poll_interval_s,
            max_wait=max_wait,
        )
        if done.status in FAILED_STATUSES:
            raise FileProcessingError(done)
        return done


def read_file_input(file: Any, filename: Optional[str] = None) -> FileField:
    """Turn any accepted ``file=`` value into (filename, bytes, content type)."""
    content_type: Optional[str] = None
    if isinstance(file, tuple):
        if len(file) not in (2, 3) or not isinstance(file[0], str):
            raise InvalidRequestError("a file tuple must be (filename, content[, content_type])")
        filename = filename or file[0]
        content_type = file[2] if len(file) == 3 else None
        file = file[1]
    if isinstance(file, (str, os.PathLike)):
        path = os.fspath(file)
        if not os.path.isfile(path):
            raise InvalidRequestError(f"file {path!r} does not exist or is not a regular file")
        with open(path, "rb") as handle:
            data = handle.read()
        filename = filename or os.path.basename(path)
    elif isinstance(file, (bytes, bytearray, memoryview)):
        data = bytes(file)
    elif hasattr(file, "read"):
        data = file.read()
        if not isinstance(data, bytes):
            raise InvalidRequestError("file objects must be opened in binary mode ('rb')")
        name = getattr(file, "name", None)
        if not filename and isinstance(name, str):
            filename = os.path.basename(name)
    else:
        raise InvalidRequestError(
            "file must be bytes, a path, a binary file object or (filename, content); "
            f"got {type(file).__name__}"
        )
    if not filename:
        raise InvalidRequestError(
            "a filename is needed for uploads of raw bytes: pass filename='name.ext' "
            "or file=('name.ext', data)"
        )
    return (filename, data, content_type)
