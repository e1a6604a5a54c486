"""The tool helpers of Microsoft's agents SDKs: what a function tool (Python functions as
function tools) and a tool set are, :class:`CodeInterpreterTool` and :class:`FileSearchTool`.

Each gives ``definitions`` (the ``tools=`` list of an agent) and ``resources`` (its
``tool_resources=``). Running the calls a run asks for is I/O-bearing and written once for
both clients: ``FunctionTool``/``ToolSet`` and ``AsyncFunctionTool``/``AsyncToolSet`` in
:mod:`multiassist.agents.tool_calls`, built on :class:`BaseFunctionTool` and
:class:`BaseToolSet` here.
"""

from __future__ import annotations

import inspect
import re
from typing import Any, Callable, ClassVar, Dict, Iterable, List, Mapping, Optional, Sequence, Type

__all__ = ["BaseFunctionTool", "BaseToolSet", "CodeInterpreterTool", "FileSearchTool", "Tool",
           "functions_of"]

_JSON_TYPES: Mapping[Any, str] = {
    str: "string", int: "integer", float: "number", bool: "boolean", list: "array",
    dict: "object", "str": "string", "int": "integer", "float": "number", "bool": "boolean",
    "list": "array", "dict": "object",
}
_PARAM_LINE = re.compile(r"^\s*:param\s+(?:\w+\s+)?(\w+)\s*:\s*(.*)$")


class Tool:
    """Base of the tool helpers: ``definitions`` and ``resources``."""

    @property
    def definitions(self) -> List[Dict[str, Any]]:
        """The tool definitions for ``create_agent(tools=...)``."""
        raise NotImplementedError

    @property
    def resources(self) -> Dict[str, Any]:
        """The tool resources for ``create_agent(tool_resources=...)`` (may be empty)."""
        return {}


def _json_type(annotation: Any) -> str:
    origin = getattr(annotation, "__origin__", None)
    if origin is not None:
        annotation = origin
    return _JSON_TYPES.get(annotation, "string")


def _describe(function: Callable[..., Any]) -> Dict[str, Any]:
    """The function tool definition of ``function``: its name, the docstring's first
    paragraph as description, and a JSON schema from its signature and ``:param x:`` lines."""
    doc = inspect.getdoc(function) or ""
    summary = doc.split("\n\n", 1)[0].strip() if doc else ""
    if summary.startswith(":"):
        summary = ""
    param_docs: Dict[str, str] = {}
    for line in doc.splitlines():
        match = _PARAM_LINE.match(line)
        if match:
            param_docs[match.group(1)] = match.group(2).strip()
    properties: Dict[str, Any] = {}
    required: List[str] = []
    for name, parameter in inspect.signature(function).parameters.items():
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            continue
        schema: Dict[str, Any] = {"type": _json_type(parameter.annotation)}
        if name in param_docs:
            schema["description"] = param_docs[name]
        properties[name] = schema
        if parameter.default is parameter.empty:
            required.append(name)
    return {
        "type": "function",
        "function": {
            "name": function.__name__,
            "description": summary,
            "parameters": {"type": "object", "properties": properties, "required": required},
        },
    }


class BaseFunctionTool(Tool):
    """Python functions offered to the agent as function tools.

    ``FunctionTool({fetch_weather, send_email})`` or ``FunctionTool(functions=[...])``.
    Raises :class:`TypeError` for something that is not callable, :class:`ValueError` for
    two functions with one name.
    """

    def __init__(self, functions: Iterable[Callable[..., Any]]) -> None:
        self._functions: Dict[str, Callable[..., Any]] = {}
        for function in functions:
            if not callable(function):
                raise TypeError(f"{type(self).__name__} takes callables; got "
                                f"{type(function).__name__}")
            name = function.__name__
            if name in self._functions and self._functions[name] is not function:
                raise ValueError(f"two functions are named {name!r}; tool names must differ")
            self._functions[name] = function
        self._definitions = [_describe(f) for f in self._functions.values()]

    @property
    def functions(self) -> Dict[str, Callable[..., Any]]:
        """``{tool name: function}``."""
        return dict(self._functions)

    @property
    def definitions(self) -> List[Dict[str, Any]]:
        return [dict(d) for d in self._definitions]


class CodeInterpreterTool(Tool):
    """The code interpreter, with the uploaded ``file_ids`` it may read."""

    def __init__(self, file_ids: Optional[Sequence[str]] = None) -> None:
        self.file_ids: List[str] = list(file_ids or ())

    def add_file(self, file_id: str) -> None:
        """Let the code interpreter read one more uploaded file."""
        if file_id not in self.file_ids:
            self.file_ids.append(file_id)

    @property
    def definitions(self) -> List[Dict[str, Any]]:
        return [{"type": "code_interpreter"}]

    @property
    def resources(self) -> Dict[str, Any]:
        return {"code_interpreter": {"file_ids": list(self.file_ids)}} if self.file_ids else {}


class FileSearchTool(Tool):
    """File search over the given vector stores."""

    def __init__(self, vector_store_ids: Optional[Sequence[str]] = None) -> None:
        self.vector_store_ids: List[str] = list(vector_store_ids or ())

    def add_vector_store(self, store_id: str) -> None:
        """Search one more vector store."""
        if store_id not in self.vector_store_ids:
            self.vector_store_ids.append(store_id)

    @property
    def definitions(self) -> List[Dict[str, Any]]:
        return [{"type": "file_search"}]

    @property
    def resources(self) -> Dict[str, Any]:
        if not self.vector_store_ids:
            return {}
        return {"file_search": {"vector_store_ids": list(self.vector_store_ids)}}


class BaseToolSet:
    """Several tools given to an agent at once (``create_agent(toolset=...)``), whose
    function tools ``create_and_process`` runs by itself."""

    #: The function tool class this kind of set holds (``AsyncToolSet``: ``AsyncFunctionTool``).
    function_tool: ClassVar[Type[BaseFunctionTool]] = BaseFunctionTool

    def __init__(self) -> None:
        self._tools: List[Tool] = []

    def add(self, tool: Tool) -> None:
        """Add a tool; raises :class:`ValueError` when one of its kind is already in, or for
        a function tool of the other client's kind."""
        if not isinstance(tool, Tool):
            raise TypeError(f"{type(self).__name__}.add takes a tool helper; got "
                            f"{type(tool).__name__}")
        if isinstance(tool, BaseFunctionTool) and not isinstance(tool, self.function_tool):
            raise ValueError(f"{type(self).__name__} holds {self.function_tool.__name__}, not "
                             f"{type(tool).__name__} (on the async client, AsyncFunctionTool "
                             "takes plain and async def functions alike)")
        if any(type(held) is type(tool) for held in self._tools):
            raise ValueError(f"this ToolSet already has a {type(tool).__name__}")
        self._tools.append(tool)

    def remove(self, tool_type: type) -> None:
        """Remove the tool of ``tool_type``; raises :class:`ValueError` when there is none."""
        for held in self._tools:
            if type(held) is tool_type:
                self._tools.remove(held)
                return
        raise ValueError(f"this ToolSet has no {tool_type.__name__}")

    def get_tool(self, tool_type: type) -> Tool:
        """The tool of ``tool_type``; raises :class:`ValueError` when there is none."""
        for held in self._tools:
            if type(held) is tool_type:
                return held
        raise ValueError(f"this ToolSet has no {tool_type.__name__}")

    @property
    def definitions(self) -> List[Dict[str, Any]]:
        """Every tool's definitions, in the order the tools were added."""
        return [d for tool in self._tools for d in tool.definitions]

    @property
    def resources(self) -> Dict[str, Any]:
        """Every tool's resources, merged."""
        merged: Dict[str, Any] = {}
        for tool in self._tools:
            merged.update(tool.resources)
        return merged

    @property
    def functions(self) -> Dict[str, Callable[..., Any]]:
        """``{tool name: function}`` of its function tools."""
        found: Dict[str, Callable[..., Any]] = {}
        for tool in self._tools:
            if isinstance(tool, BaseFunctionTool):
                found.update(tool.functions)
        return found


def functions_of(tools: Any) -> Dict[str, Callable[..., Any]]:
    """``{name: function}`` from a tool set, a function tool or an iterable of callables."""
    if isinstance(tools, (BaseToolSet, BaseFunctionTool)):
        return tools.functions
    return BaseFunctionTool(tools).functions
