"""The tool helpers that call Python functions, :class:`AsyncFunctionTool` and
:class:`AsyncToolSet`, each call carried out by :func:`multiassist._async.tool_runner.call_tool`,
the one place function calls are made. On the async client a function may be a plain or a
coroutine function; the blocking client refuses a coroutine function, naming the fix.
"""

from __future__ import annotations

from typing import Any, ClassVar, Dict, List, Sequence, Type

from multiassist._async.tool_runner import call_tool
from multiassist.agents.tools import BaseFunctionTool, BaseToolSet
from multiassist.agents.views import unwrap

__all__ = ["AsyncFunctionTool", "AsyncToolSet"]


class AsyncFunctionTool(BaseFunctionTool):
    """Python functions offered to the agent as function tools, run by this client."""

    async def execute(self, tool_call: Any) -> str:
        """Run one :class:`~multiassist.agents.models.RequiredFunctionToolCall` and return
        its output text (a non-string result is JSON-encoded). Raises what the function
        raises, and :class:`~multiassist.errors.ToolCallError` for an unknown name or
        arguments that are not JSON."""
        return await call_tool(unwrap(tool_call), self._functions)


class AsyncToolSet(BaseToolSet):
    """Several tools given to an agent at once; its function tools are
    :class:`AsyncFunctionTool` objects."""

    function_tool: ClassVar[Type[BaseFunctionTool]] = AsyncFunctionTool

    async def execute_tool_calls(self, tool_calls: Sequence[Any]) -> List[Dict[str, str]]:
        """Run the function calls and return ``[{"tool_call_id", "output"}]`` (raising
        what a function raises)."""
        functions = self.functions
        return [{"tool_call_id": unwrap(call).id,
                 "output": await call_tool(unwrap(call), functions)}
                for call in tool_calls]
