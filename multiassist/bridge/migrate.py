"""Moving saved Assistants history into a new thread after the sunset.

``copy_messages`` replays messages (dicts in the Assistants message shape, as
``message.to_dict()`` or a JSON export of ``messages.list`` gives them, or Message models)
into a new thread on any client -- typically one on the Responses bridge, where the new
thread is a conversation. Roles, text, metadata and attachments are kept, in chronological
order; content that has no text (images) is kept where the target accepts it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Mapping, Optional, Union

from multiassist.errors import InvalidRequestError
from multiassist.models import Message, Thread

if TYPE_CHECKING:
    from multiassist.client import AssistantsClient

__all__ = ["copy_messages", "copy_thread", "load_export"]


def load_export(path: Union[str, Path]) -> List[Mapping[str, Any]]:
    """Read a JSON export: a list of messages, or a list page ``{"data": [...]}``."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InvalidRequestError(f"{path}: cannot read a JSON message export ({exc})") from None
    messages = data.get("data") if isinstance(data, dict) else data
    if not isinstance(messages, list) or not all(isinstance(m, dict) for m in messages):
        raise InvalidRequestError(
            f"{path}: expected a JSON list of messages or a page with a 'data' list"
        )
    return messages


def _content(message: Mapping[str, Any]) -> Any:
    content = message.get("content")
    if isinstance(content, str):
        return content
    parts = []
    for part in content or []:
        if part.get("type") == "text":
            text = part.get("text")
            parts.append({"type": "text",
                          "text": text.get("value", "") if isinstance(text, Mapping) else text})
        elif part.get("type") in ("image_url", "image_file"):
            parts.append({k: v for k, v in part.items()})
    if not parts:
        raise InvalidRequestError(f"message {message.get('id')!r} has no content to copy")
    return parts


def copy_messages(
    client: AssistantsClient,
    messages: Iterable[Union[Mapping[str, Any], Message]],
    *,
    metadata: Optional[Mapping[str, str]] = None,
) -> Thread:
    """Create a thread on ``client`` holding ``messages`` in chronological order; return it.

    Messages are ordered by ``created_at``; a list that is newest-first throughout (the
    default order of ``messages.list``) is read backwards, so messages created in the same
    second keep their true order.
    """
    rows = [m.to_dict() if isinstance(m, Message) else dict(m) for m in messages]
    stamps = [int(row.get("created_at") or 0) for row in rows]
    if len(rows) > 1 and all(a >= b for a, b in zip(stamps, stamps[1:])):
        rows.reverse()  # newest first, as messages.list returns by default
    rows.sort(key=lambda m: int(m.get("created_at") or 0))  # stable: ties keep their order
    thread = client.beta.threads.create(metadata=dict(metadata or {}))
    for row in rows:
        role = row.get("role")
        if role not in ("user", "assistant"):
            raise InvalidRequestError(f"message {row.get('id')!r} has role {role!r}")
        options: Dict[str, Any] = {}
        if row.get("metadata"):
            options["metadata"] = dict(row["metadata"])
        if row.get("attachments"):
            options["attachments"] = list(row["attachments"])
        client.beta.threads.messages.create(thread.id, role=role, content=_content(row),
                                            **options)
    return thread


def copy_thread(source: AssistantsClient, thread_id: str, target: AssistantsClient) -> Thread:
    """Copy every message of a thread on ``source`` into a new thread on ``target``."""
    messages = list(source.beta.threads.messages.list(thread_id, order="asc", limit=100))
    origin = {"migrated_from": thread_id[:512]}
    return copy_messages(target, messages, metadata=origin)
