"""The API's unions tagged by ``type``: which members each union has, the ``Unknown*``
class an unknown tag decodes into, and the structure hooks that pick a member by its tag
(``response_format`` and ``tool_choice`` also accept a bare string).

Owns the union table (:data:`TAGGED_UNIONS`) and the union hooks; :mod:`multiassist.converter`
owns the one converter and calls :func:`register_unions` on it once, at import, after its
own hooks (scalars, containers, ``Optional``, models) are in place.  This module keeps no
converter of its own.

The union hooks are registered at import, but each union's tag -> member-hook table is built
when that union is first decoded: generating the members' hooks (and the hooks of every model
they contain) for all unions up front would cost most of the converter's import time.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import attrs
import cattrs

from multiassist.models import (
    Annotation,
    AnnotationDelta,
    AutoChunkingStrategy,
    ChunkingStrategy,
    CodeInterpreterImageOutput,
    CodeInterpreterImageOutputDelta,
    CodeInterpreterLogsOutput,
    CodeInterpreterLogsOutputDelta,
    CodeInterpreterOutput,
    CodeInterpreterOutputDelta,
    CodeInterpreterTool,
    CodeInterpreterToolCall,
    CodeInterpreterToolCallDelta,
    ContentPart,
    ContentPartDelta,
    FileCitationAnnotation,
    FileCitationAnnotationDelta,
    FilePathAnnotation,
    FilePathAnnotationDelta,
    FileSearchTool,
    FileSearchToolCall,
    FileSearchToolCallDelta,
    FunctionTool,
    FunctionToolCall,
    FunctionToolCallDelta,
    ImageFileContentBlock,
    ImageFileContentBlockDelta,
    ImageURLContentBlock,
    ImageURLContentBlockDelta,
    MessageCreationStepDetails,
    MessageCreationStepDetailsDelta,
    NamedToolChoice,
    OtherChunkingStrategy,
    RefusalContentBlock,
    RefusalContentBlockDelta,
    ResponseFormat,
    ResponseFormatJsonObject,
    ResponseFormatJsonSchema,
    ResponseFormatText,
    RetrievalTool,
    RetrievalToolCall,
    StaticChunkingStrategy,
    StepDetails,
    StepDetailsDelta,
    TextContentBlock,
    TextContentBlockDelta,
    Tool,
    ToolCall,
    ToolCallDelta,
    ToolCallsStepDetails,
    ToolCallsStepDetailsDelta,
    ToolChoice,
    UnknownAnnotation,
    UnknownAnnotationDelta,
    UnknownChunkingStrategy,
    UnknownCodeInterpreterOutput,
    UnknownCodeInterpreterOutputDelta,
    UnknownContentPart,
    UnknownContentPartDelta,
    UnknownResponseFormat,
    UnknownStepDetails,
    UnknownStepDetailsDelta,
    UnknownTool,
    UnknownToolCall,
    UnknownToolCallDelta,
)

__all__ = ["TAGGED_UNIONS", "register_unions", "tagged_union"]

#: A cattrs structure hook: ``hook(value, type)``.
StructureHook = Callable[[Any, Any], Any]
#: The converter's (cached) structure hook for a type.
HookFor = Callable[[Any], StructureHook]
#: The error for a value of the wrong JSON type: ``wrong("object", value)``.
WrongType = Callable[[str, Any], Exception]

#: Every union tagged by ``type``: (union, its members, the class an unknown tag decodes
#: into, whether a bare string is accepted).  A member's hook is generated, binding the hooks
#: of the unions in its fields, when its union is first decoded (all unions are registered by
#: then).
TAGGED_UNIONS: Sequence[Tuple[Any, Sequence[type], type, bool]] = (
    (Annotation, (FileCitationAnnotation, FilePathAnnotation), UnknownAnnotation, False),
    (ContentPart,
     (TextContentBlock, ImageFileContentBlock, ImageURLContentBlock, RefusalContentBlock),
     UnknownContentPart, False),
    (CodeInterpreterOutput, (CodeInterpreterLogsOutput, CodeInterpreterImageOutput),
     UnknownCodeInterpreterOutput, False),
    (ToolCall,
     (CodeInterpreterToolCall, FileSearchToolCall, FunctionToolCall, RetrievalToolCall),
     UnknownToolCall, False),
    (StepDetails, (MessageCreationStepDetails, ToolCallsStepDetails), UnknownStepDetails,
     False),
    (Tool, (CodeInterpreterTool, FileSearchTool, FunctionTool, RetrievalTool), UnknownTool,
     False),
    (ResponseFormat, (ResponseFormatText, ResponseFormatJsonObject, ResponseFormatJsonSchema),
     UnknownResponseFormat, True),
    (ChunkingStrategy, (StaticChunkingStrategy, AutoChunkingStrategy, OtherChunkingStrategy),
     UnknownChunkingStrategy, False),
    # Streaming deltas (``thread.message.delta`` / ``thread.run.step.delta`` event data).
    (AnnotationDelta, (FileCitationAnnotationDelta, FilePathAnnotationDelta),
     UnknownAnnotationDelta, False),
    (ContentPartDelta,
     (TextContentBlockDelta, ImageFileContentBlockDelta, ImageURLContentBlockDelta,
      RefusalContentBlockDelta),
     UnknownContentPartDelta, False),
    (CodeInterpreterOutputDelta, (CodeInterpreterLogsOutputDelta, CodeInterpreterImageOutputDelta),
     UnknownCodeInterpreterOutputDelta, False),
    (ToolCallDelta, (CodeInterpreterToolCallDelta, FileSearchToolCallDelta, FunctionToolCallDelta),
     UnknownToolCallDelta, False),
    (StepDetailsDelta, (MessageCreationStepDetailsDelta, ToolCallsStepDetailsDelta),
     UnknownStepDetailsDelta, False),
)


def tagged_union(
    members: Sequence[type],
    unknown: type,
    *,
    hook_for: HookFor,
    wrong: WrongType,
    allow_string: bool = False,
) -> StructureHook:
    """A structure hook for a union tagged by ``type``.

    cattrs' ``configure_tagged_union`` is not used: on unstructure it rewrites the tag
    from the class, which would replace an unknown member's real ``type``; and its
    default-tag table is a defaultdict that remembers every unknown tag ever seen.

    The tags are checked now; the members' hooks are generated on the first call (see the
    module docstring).  Two threads making that first call at once may both generate them,
    which is harmless: the converter caches one hook per member, and the table's entries
    are the same either way.
    """
    tagged: List[Tuple[str, type]] = []
    for member in members:
        tag = attrs.fields_dict(member)["type"].default
        if not isinstance(tag, str):
            raise TypeError(f"{member.__name__}.type must default to its tag")
        tagged.append((tag, member))
    # Filled on first use: by_tag with every member, then built with the fallback, last, so
    # a non-empty ``built`` means the table is complete.
    by_tag: Dict[str, Tuple[StructureHook, type]] = {}
    built: List[Tuple[StructureHook, type]] = []

    def lookup(tag: Any) -> Tuple[StructureHook, type]:
        """The slow path: a tag not (yet) in the table; builds the table on first use."""
        if not built:
            for member_tag, member in tagged:
                by_tag[member_tag] = (hook_for(member), member)
            built.append((hook_for(unknown), unknown))
        fallback = built[0]
        return by_tag.get(tag, fallback) if isinstance(tag, str) else fallback

    def structure_union(value: Any, _: Any) -> Any:
        if allow_string and isinstance(value, str):
            return value
        if value.__class__ is not dict and not isinstance(value, Mapping):
            expected = "string or object" if allow_string else "object"
            raise wrong(expected, value)
        tag = value.get("type")
        entry = by_tag.get(tag) if isinstance(tag, str) else None
        if entry is None:
            entry = lookup(tag)
        return entry[0](value, entry[1])

    return structure_union


def register_unions(conv: cattrs.Converter, *, hook_for: HookFor, wrong: WrongType) -> None:
    """Register on ``conv`` the hook of every union in :data:`TAGGED_UNIONS` and of
    ``tool_choice`` (a string or a named tool), each also for ``Optional[union]``.

    ``hook_for`` gets ``conv``'s hook for a member class; ``wrong`` builds the error for a
    value of the wrong JSON type (so the converter reports it as it reports its own).
    """
    named_tool_choice: List[StructureHook] = []  # generated on first use, like the unions'

    def structure_tool_choice(value: Any, _: Any) -> Any:
        if isinstance(value, str):
            return value
        if not isinstance(value, Mapping):
            raise wrong("string or object", value)
        if not named_tool_choice:
            named_tool_choice.append(hook_for(NamedToolChoice))
        return named_tool_choice[0](value, NamedToolChoice)

    for union, members, unknown, allow_string in TAGGED_UNIONS:
        hook = tagged_union(
            members, unknown, hook_for=hook_for, wrong=wrong, allow_string=allow_string
        )
        _register(conv, union, hook)
    _register(conv, ToolChoice, structure_tool_choice)


def _register(conv: cattrs.Converter, union: Any, hook: StructureHook) -> None:
    """Register ``hook`` for ``union`` and for ``Optional[union]``."""

    def structure_optional(value: Any, cl: Any) -> Any:
        return None if value is None else hook(value, cl)

    conv.register_structure_hook(union, hook)
    conv.register_structure_hook(Optional[union], structure_optional)
