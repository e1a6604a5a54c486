"""Tool definitions (what an assistant or run may call), tool resources, tool choice,
response format, and the tool outputs a caller submits.

Unions here are tagged by ``type``; an unknown ``type`` decodes into the union's
``Unknown*`` class (see :class:`multiassist.models.UnknownVariant`).
"""

from typing import Any, Dict, List, Optional, Union

import attrs

from multiassist.converter import Model, UnknownVariant

__all__ = [
    "CodeInterpreterTool",
    "CodeInterpreterToolResource",
    "FileSearchRankingOptions",
    "FileSearchTool",
    "FileSearchToolOptions",
    "FileSearchToolResource",
    "FunctionDefinition",
    "FunctionName",
    "FunctionTool",
    "JSONSchema",
    "NamedToolChoice",
    "ResponseFormat",
    "ResponseFormatJsonObject",
    "ResponseFormatJsonSchema",
    "ResponseFormatText",
    "RetrievalTool",
    "Tool",
    "ToolChoice",
    "ToolOutput",
    "ToolResources",
    "UnknownResponseFormat",
    "UnknownTool",
]


@attrs.define(kw_only=True, repr=False)
class FunctionDefinition(Model):
    """A function the model may call: its name, description and JSON Schema parameters."""

    name: str
    description: Optional[str] = None
    parameters: Optional[Dict[str, Any]] = None
    strict: Optional[bool] = None


@attrs.define(kw_only=True, repr=False)
class FileSearchRankingOptions(Model):
    """Ranking of file search results.  ``ranker`` known values: ``auto``,
    ``default_2024_08_21``."""

    score_threshold: float
    ranker: Optional[str] = None


@attrs.define(kw_only=True, repr=False)
class FileSearchToolOptions(Model):
    """Settings of the file search tool (OpenAI; Azure ``2024-05-01-preview`` has none)."""

    max_num_results: Optional[int] = None
    ranking_options: Optional[FileSearchRankingOptions] = None


@attrs.define(kw_only=True, repr=False)
class CodeInterpreterTool(Model):
    """The code interpreter tool (``type`` ``code_interpreter``)."""

    type: str = "code_interpreter"


@attrs.define(kw_only=True, repr=False)
class FileSearchTool(Model):
    """The file search tool (``type`` ``file_search``), the successor of ``retrieval``."""

    type: str = "file_search"
    file_search: Optional[FileSearchToolOptions] = None


@attrs.define(kw_only=True, repr=False)
class FunctionTool(Model):
    """A function tool (``type`` ``function``).

    Example: ``FunctionTool(function=FunctionDefinition(name="get_weather",
    parameters={"type": "object", "properties": {}}))``.
    """

    type: str = "function"
    function: FunctionDefinition


@attrs.define(kw_only=True, repr=False)
class RetrievalTool(Model):
    """The v1 retrieval tool (``type`` ``retrieval``; Azure ``2024-02-15-preview`` and the
    OpenAI v1 Assistants API).  Later versions use :class:`FileSearchTool`."""

    type: str = "retrieval"


@attrs.define(kw_only=True, repr=False)
class UnknownTool(UnknownVariant):
    """A tool whose ``type`` this library does not know; kept exactly as received."""


#: A tool definition, tagged by ``type``.
Tool = Union[CodeInterpreterTool, FileSearchTool, FunctionTool, RetrievalTool, UnknownTool]


@attrs.define(kw_only=True, repr=False)
class CodeInterpreterToolResource(Model):
    """Files the code interpreter tool can read."""

    file_ids: Optional[List[str]] = None


@attrs.define(kw_only=True, repr=False)
class FileSearchToolResource(Model):
    """Vector stores the file search tool searches (at most one per assistant/thread)."""

    vector_store_ids: Optional[List[str]] = None


@attrs.define(kw_only=True, repr=False)
class ToolResources(Model):
    """Resources made available to an assistant's or a thread's tools."""

    code_interpreter: Optional[CodeInterpreterToolResource] = None
    file_search: Optional[FileSearchToolResource] = None


@attrs.define(kw_only=True, repr=False)
class FunctionName(Model):
    """The name of a function, as used in a named tool choice."""

    name: str


@attrs.define(kw_only=True, repr=False)
class NamedToolChoice(Model):
    """Forces one tool: ``type`` is ``function`` (then ``function`` names it),
    ``code_interpreter`` or ``file_search``."""

    type: str
    function: Optional[FunctionName] = None


#: ``tool_choice``: the strings ``none``, ``auto``, ``required``, or a named tool.
ToolChoice = Union[str, NamedToolChoice]


@attrs.define(kw_only=True, repr=False)
class ResponseFormatText(Model):
    """Plain text output (``type`` ``text``)."""

    type: str = "text"


@attrs.define(kw_only=True, repr=False)
class ResponseFormatJsonObject(Model):
    """JSON mode (``type`` ``json_object``)."""

    type: str = "json_object"


@attrs.define(kw_only=True, repr=False)
class JSONSchema(Model):
    """A named JSON Schema for structured output."""

    name: str
    description: Optional[str] = None
    schema: Optional[Dict[str, Any]] = None
    strict: Optional[bool] = None


@attrs.define(kw_only=True, repr=False)
class ResponseFormatJsonSchema(Model):
    """Structured output following a JSON Schema (``type`` ``json_schema``)."""

    type: str = "json_schema"
    json_schema: JSONSchema


@attrs.define(kw_only=True, repr=False)
class UnknownResponseFormat(UnknownVariant):
    """A response format object whose ``type`` this library does not know."""


#: ``response_format``: the string ``auto`` or an object tagged by ``type``.
ResponseFormat = Union[
    str,
    ResponseFormatText,
    ResponseFormatJsonObject,
    ResponseFormatJsonSchema,
    UnknownResponseFormat,
]


@attrs.define(kw_only=True, repr=False)
class ToolOutput(Model):
    """The output of one tool call, submitted to a run that ``requires_action``."""

    tool_call_id: str
    output: str
