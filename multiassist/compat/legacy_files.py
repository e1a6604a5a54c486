# Generated from multiassist/_async/compat/legacy_files.py by scripts/generate_sync.py:
# edit that file and run `python -m scripts.generate_sync`; `make test` fails on drift.
"""The six file methods of the retired Azure SDK (v1 wire), on any backend.

On a v1 api-version they call the real endpoints (``/assistants/{id}/files``,
``/threads/{t}/messages/{m}/files``). On the v2 wire, which has no such endpoints, they are
carried out through what replaced them and return the same ``AssistantFile`` / ``MessageFile``
shapes:

- assistant files are the assistant's ``tool_resources.code_interpreter.file_ids``:
  create/delete read the assistant and update that list (read-modify-write: two concurrent
  writers to one assistant can overwrite each other, as with any client-side update);
- message files are the ``file_id`` values of the message's ``attachments`` (read only).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Mapping, TypeVar

from multiassist.errors import NotFoundError
from multiassist.models import (
    Assistant,
    AssistantFile,
    AssistantFileDeleted,
    MessageFile,
)
from multiassist.pagination import CursorPage
from multiassist.resources._base import list_query

if TYPE_CHECKING:
    from multiassist.core import Core
    from multiassist.resources import Beta

__all__ = ["LegacyFiles"]

T = TypeVar("T")


def _code_file_ids(assistant: Assistant) -> List[str]:
    resources = assistant.to_dict().get("tool_resources") or {}
    return list((resources.get("code_interpreter") or {}).get("file_ids") or [])


def _local_page(items: List[T], ids: List[str], query: Mapping[str, Any]) -> CursorPage[T]:
    """Paginate an in-memory list the way the API does (newest first by default)."""
    pairs = list(zip(ids, items))
    if query.get("order", "desc") == "desc":
        pairs.reverse()
    if "after" in query:
        keys = [k for k, _ in pairs]
        pairs = pairs[keys.index(query["after"]) + 1:] if query["after"] in keys else []
    if "before" in query:
        keys = [k for k, _ in pairs]
        pairs = pairs[: keys.index(query["before"])] if query["before"] in keys else []
    limit = int(query.get("limit", 20))
    window = pairs[:limit]
    following = {k: v for k, v in query.items() if k != "before"}
    def next_page(page: CursorPage[T]) -> CursorPage[T]:
        return _local_page(items, ids, {**following, "after": page.last_id})

    return CursorPage(
        [item for _, item in window],
        first_id=window[0][0] if window else None,
        last_id=window[-1][0] if window else None,
        has_more=len(pairs) > limit,
        fetch_next=next_page,
    )


def _not_found(what: str) -> NotFoundError:
    return NotFoundError(what, status_code=404, code="not_found")


class LegacyFiles:
    """Carries out the v1 file methods for :mod:`multiassist.compat.azure_sdk`."""

    def __init__(self, core: Core, beta: Beta) -> None:
        self._core = core
        self._beta = beta

    @property
    def _v1(self) -> bool:
        return getattr(self._core.backend, "wire", "v2") == "v1"

    def create_assistant_file(self, assistant_id: str, file_id: str) -> AssistantFile:
        if self._v1:
            return self._core.request(
                "assistant_files.create", AssistantFile,
                ids={"assistant_id": assistant_id}, body={"file_id": file_id},
            )
        assistant = self._beta.assistants.retrieve(assistant_id)
        file_ids = _code_file_ids(assistant)
        if file_id not in file_ids:
            self._set_code_files(assistant, [*file_ids, file_id])
        return self._assistant_file(assistant, file_id)

    def get_assistant_file(self, assistant_id: str, file_id: str) -> AssistantFile:
        if self._v1:
            return self._core.request(
                "assistant_files.retrieve", AssistantFile,
                ids={"assistant_id": assistant_id, "file_id": file_id},
            )
        assistant = self._beta.assistants.retrieve(assistant_id)
        if file_id not in _code_file_ids(assistant):
            raise _not_found(f"No file {file_id!r} is attached to assistant {assistant_id!r}.")
        return self._assistant_file(assistant, file_id)

    def list_assistant_files(
        self, assistant_id: str, query: Dict[str, Any]
    ) -> CursorPage[AssistantFile]:
        checked = list_query(**query)
        if self._v1:
            return self._core.list(
                "assistant_files.list", AssistantFile,
                ids={"assistant_id": assistant_id}, query=checked,
            )
        assistant = self._beta.assistants.retrieve(assistant_id)
        file_ids = _code_file_ids(assistant)
        files = [self._assistant_file(assistant, f) for f in file_ids]
        return _local_page(files, file_ids, checked)

    def delete_assistant_file(self, assistant_id: str, file_id: str) -> AssistantFileDeleted:
        if self._v1:
            return self._core.request(
                "assistant_files.delete", AssistantFileDeleted,
                ids={"assistant_id": assistant_id, "file_id": file_id},
            )
        assistant = self._beta.assistants.retrieve(assistant_id)
        file_ids = _code_file_ids(assistant)
        if file_id not in file_ids:
            raise _not_found(f"No file {file_id!r} is attached to assistant {assistant_id!r}.")
        self._set_code_files(assistant, [f for f in file_ids if f != file_id])
        return AssistantFileDeleted.from_dict(
            {"id": file_id, "object": "assistant.file.deleted", "deleted": True}
        )

    def get_message_file(self, thread_id: str, message_id: str, file_id: str) -> MessageFile:
        if self._v1:
            return self._core.request(
                "message_files.retrieve", MessageFile,
                ids={"thread_id": thread_id, "message_id": message_id, "file_id": file_id},
            )
        files = self._message_files(thread_id, message_id)
        for found in files:
            if found.id == file_id:
                return found
        raise _not_found(f"No file {file_id!r} is attached to message {message_id!r}.")

    def list_message_files(
        self, thread_id: str, message_id: str, query: Dict[str, Any]
    ) -> CursorPage[MessageFile]:
        checked = list_query(**query)
        if self._v1:
            return self._core.list(
                "message_files.list", MessageFile,
                ids={"thread_id": thread_id, "message_id": message_id}, query=checked,
            )
        files = self._message_files(thread_id, message_id)
        return _local_page(files, [f.id for f in files], checked)

    def _message_files(self, thread_id: str, message_id: str) -> List[MessageFile]:
        message = self._beta.threads.messages.retrieve(message_id, thread_id=thread_id)
        seen: List[str] = []
        for attachment in message.to_dict().get("attachments") or []:
            file_id = attachment.get("file_id") if isinstance(attachment, dict) else None
            if isinstance(file_id, str) and file_id not in seen:
                seen.append(file_id)
        return [
            MessageFile.from_dict({"id": f, "object": "thread.message.file",
                                   "created_at": message.created_at, "message_id": message.id})
            for f in seen
        ]

    def _set_code_files(self, assistant: Assistant, file_ids: List[str]) -> None:
        resources: Dict[str, Any] = dict(assistant.to_dict().get("tool_resources") or {})
        resources["code_interpreter"] = {"file_ids": file_ids}
        self._beta.assistants.update(assistant.id, tool_resources=resources)

    @staticmethod
    def _assistant_file(assistant: Assistant, file_id: str) -> AssistantFile:
        return AssistantFile.from_dict({"id": file_id, "object": "assistant.file",
                                        "created_at": assistant.created_at,
                                        "assistant_id": assistant.id})
