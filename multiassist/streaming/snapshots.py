"""Snapshots of what a stream created, and folding message deltas into them.

Owns how an :class:`~multiassist.streaming.stream.AssistantStream` keeps the messages and run
steps it saw up to date: a :class:`Snapshot` holds the latest full object from the server
plus the deltas that arrived after it, kept compact (:func:`compact_message_delta`) and
folded in only when the snapshot is asked for (:func:`fold_message`); a full object
replaces what was accumulated (:func:`remember`).  Folding never changes the objects it
starts from: :func:`replace` and :func:`put` are the copy-on-write helpers it is built on,
shared with :mod:`multiassist.streaming.step_snapshots` (run step deltas).
"""

from __future__ import annotations

import copy
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, TypeVar, Union

from multiassist.converter import structure
from multiassist.errors import ResponseDecodeError
from multiassist.models import (
    Annotation,
    AnnotationDelta,
    ContentPart,
    ImageFile,
    ImageFileContentBlock,
    ImageFileContentBlockDelta,
    ImageURL,
    ImageURLContentBlock,
    ImageURLContentBlockDelta,
    Message,
    MessageDeltaFields,
    Model,
    RefusalContentBlock,
    RefusalContentBlockDelta,
    Text,
    TextContentBlock,
    TextContentBlockDelta,
    UnknownAnnotation,
    UnknownContentPart,
)

__all__ = [
    "Snapshot",
    "at",
    "compact_message_delta",
    "fold_message",
    "put",
    "remember",
    "replace",
    "without_index",
]


class Snapshot:
    """The latest full object of one message or run step plus the deltas that arrived
    after it; deltas are folded in only when the snapshot is asked for."""

    __slots__ = ("_fold", "deltas", "value")

    def __init__(self, value: Any, fold: Callable[[Any, Sequence[Any]], Any]) -> None:
        self.value = value
        self.deltas: List[Any] = []
        self._fold = fold

    def current(self) -> Any:
        if self.deltas:
            self.value = self._fold(self.value, self.deltas)
            self.deltas = []
        return self.value


def remember(
    snapshots: Dict[str, Snapshot], value: Any, fold: Callable[[Any, Sequence[Any]], Any]
) -> None:
    """Keep ``value``, a full object from the server, as the snapshot of its id: a new
    snapshot, or one that replaces what was accumulated (deltas included)."""
    snapshot = snapshots.get(value.id)
    if snapshot is None:
        snapshots[value.id] = Snapshot(value, fold)
    else:
        snapshot.value = value
        snapshot.deltas = []


_M = TypeVar("_M", bound=Model)


def replace(obj: _M, **changes: Any) -> _M:
    """A shallow copy of a model with some fields changed (keeps ``extra`` and nulls)."""
    new = copy.copy(obj)
    for name, value in changes.items():
        setattr(new, name, value)
    return new


def put(items: List[Any], index: Optional[int], item: Any) -> int:
    """Store ``item`` at ``index`` (appending when the index is new); return its position."""
    if index is not None and 0 <= index < len(items):
        items[index] = item
        return index
    items.append(item)
    return len(items) - 1


def at(items: Sequence[Any], index: Optional[int]) -> Any:
    """The item at ``index``, or ``None`` when there is none."""
    if index is not None and 0 <= index < len(items):
        return items[index]
    return None


def without_index(delta: Model) -> Dict[str, Any]:
    """A delta's wire dict without its ``index``."""
    raw = delta.to_dict()
    raw.pop("index", None)
    return raw


def _slot(items: List[Any], index: Optional[int], kind: type, make: Callable[[], Any]) -> int:
    """The position of the ``kind`` item at ``index``, made with ``make`` if not there."""
    if index is not None and 0 <= index < len(items) and isinstance(items[index], kind):
        return index
    return put(items, index, make())


def _empty_text() -> TextContentBlock:
    return TextContentBlock(text=Text(value="", annotations=[]))


def _empty_refusal() -> RefusalContentBlock:
    return RefusalContentBlock(refusal="")


def _full_annotation(delta: AnnotationDelta) -> Annotation:
    raw = without_index(delta)
    try:
        return structure(raw, Annotation)  # type: ignore[arg-type]
    except ResponseDecodeError:  # an incomplete annotation is kept raw rather than lost
        return UnknownAnnotation(type=delta.type, extra={k: v for k, v in raw.items()
                                                         if k != "type"})


#: A message delta that only appends text to one part, kept as ``(index, text)``.
_TextPiece = Tuple[int, str]


def compact_message_delta(delta: MessageDeltaFields) -> Union[MessageDeltaFields, _TextPiece]:
    """What a message snapshot keeps of a delta until it is folded.

    Nearly every delta only appends text to one part: keeping just ``(index, text)``
    instead of four models (and their dicts) saves the garbage collector from walking
    thousands of live objects on a long stream.
    """
    parts = delta.content
    if delta.role is None and parts is not None and len(parts) == 1 and not delta.extra:
        part = parts[0]
        if type(part) is TextContentBlockDelta and part.text is not None \
                and not part.text.annotations:
            return (part.index, part.text.value or "")
    return delta


def fold_message(
    base: Message, deltas: Sequence[Union[MessageDeltaFields, _TextPiece]]
) -> Message:
    """``base`` with ``deltas`` applied, as a new object (``base`` is left untouched).

    Text values are concatenated per content ``index`` (joined once, not per delta),
    annotations and refusal text appended, image references updated.
    """
    content: List[ContentPart] = list(base.content)
    texts: Dict[int, List[str]] = {}
    annotations: Dict[int, List[Annotation]] = {}
    refusals: Dict[int, List[str]] = {}
    role = base.role
    for delta in deltas:
        if isinstance(delta, tuple):
            index, value = delta
            position = _slot(content, index, TextContentBlock, _empty_text)
            if value:
                texts.setdefault(position, []).append(value)
            continue
        if delta.role:
            role = delta.role
        for part in delta.content or ():
            if isinstance(part, TextContentBlockDelta):
                index = _slot(content, part.index, TextContentBlock, _empty_text)
                if part.text is not None:
                    if part.text.value:
                        texts.setdefault(index, []).append(part.text.value)
                    if part.text.annotations:
                        annotations.setdefault(index, []).extend(
                            _full_annotation(a) for a in part.text.annotations
                        )
            elif isinstance(part, RefusalContentBlockDelta):
                index = _slot(content, part.index, RefusalContentBlock, _empty_refusal)
                if part.refusal:
                    refusals.setdefault(index, []).append(part.refusal)
            elif isinstance(part, ImageFileContentBlockDelta):
                old = at(content, part.index)
                image = old.image_file if isinstance(old, ImageFileContentBlock) else ImageFile(
                    file_id="")
                if part.image_file is not None:
                    image = replace(image, file_id=part.image_file.file_id or image.file_id,
                                     detail=part.image_file.detail or image.detail)
                put(content, part.index, ImageFileContentBlock(image_file=image))
            elif isinstance(part, ImageURLContentBlockDelta):
                old = at(content, part.index)
                url = old.image_url if isinstance(old, ImageURLContentBlock) else ImageURL(url="")
                if part.image_url is not None:
                    url = replace(url, url=part.image_url.url or url.url,
                                   detail=part.image_url.detail or url.detail)
                put(content, part.index, ImageURLContentBlock(image_url=url))
            else:
                raw = without_index(part)
                raw.pop("type", None)
                put(content, part.index, UnknownContentPart(type=part.type, extra=raw))
    for index in texts.keys() | annotations.keys():
        block = content[index]
        assert isinstance(block, TextContentBlock)
        content[index] = replace(block, text=replace(
            block.text,
            value=block.text.value + "".join(texts.get(index, ())),
            annotations=[*block.text.annotations, *annotations.get(index, ())],
        ))
    for index, pieces in refusals.items():
        refusal = content[index]
        assert isinstance(refusal, RefusalContentBlock)
        content[index] = replace(refusal, refusal=refusal.refusal + "".join(pieces))
    return replace(base, content=content, role=role)
