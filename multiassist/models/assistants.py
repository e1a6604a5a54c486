"""The assistant object."""

from typing import List, Optional

import attrs

from multiassist.converter import NOT_IN_OPENAI_PYTHON, Model
from multiassist.models.common import Metadata
from multiassist.models.tools import ResponseFormat, Tool, ToolResources

__all__ = ["Assistant"]


@attrs.define(kw_only=True, repr=False)
class Assistant(Model):
    """An assistant: a model, instructions and tools (``object`` is ``assistant``).

    Always present: ``id``, ``object``, ``created_at``, ``model``, ``tools``.
    ``file_ids`` is sent only by Azure ``2024-02-15-preview`` (v1);
    ``tool_resources``, ``temperature``, ``top_p`` and ``response_format`` only by later
    versions.  ``response_format`` is the string ``auto`` or a ``ResponseFormat*`` object.
    """

    id: str
    object: str
    created_at: int
    model: str
    tools: List[Tool]
    name: Optional[str] = None
    description: Optional[str] = None
    instructions: Optional[str] = None
    tool_resources: Optional[ToolResources] = None
    metadata: Optional[Metadata] = None
    temperature: Optional[float] = None
    top_p: Optional[float] = None
    response_format: Optional[ResponseFormat] = None
    file_ids: Optional[List[str]] = attrs.field(default=None, metadata=NOT_IN_OPENAI_PYTHON)
