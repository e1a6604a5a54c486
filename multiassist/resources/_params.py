"""Checks and splits of request parameters shared by the run resources (``runs``,
``runs.steps``, ``threads.create_and_run*``): ids and ``include`` checked before anything is
sent, tool outputs validated, and a method's body parameters told from per-call options, so
the polling and streaming variants accept exactly what the plain method does and reuse its
options for their follow-up requests."""

from __future__ import annotations

import inspect
from typing import Any, Callable, Dict, FrozenSet, List, Mapping, Sequence, Union

from multiassist._types import NotGiven, compact
from multiassist.errors import InvalidRequestError
from multiassist.operations import check_id

__all__ = [
    "REQUEST_OPTION_NAMES",
    "body_parameter_names",
    "check_tool_outputs",
    "checked_body",
    "include_query",
    "request_options",
    "require_id",
]

#: Per-call options every method takes; they never travel in the body.
REQUEST_OPTION_NAMES = frozenset({"extra_headers", "extra_query", "extra_body", "timeout"})


def body_parameter_names(
    method: Callable[..., Any], *, exclude: Sequence[str] = ()
) -> FrozenSet[str]:
    """The keyword parameters of ``method`` that travel in the request body: all but the
    per-call options and ``exclude``.  The streaming variants accept exactly these."""
    return frozenset(
        name
        for name, parameter in inspect.signature(method).parameters.items()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY
        and name not in REQUEST_OPTION_NAMES
        and name not in exclude
    )


def checked_body(
    method_name: str, params: Mapping[str, Any], allowed: FrozenSet[str]
) -> Dict[str, Any]:
    """``params`` as a body, refusing (``TypeError``, like Python) a name not in ``allowed``."""
    for name in params:
        if name not in allowed:
            raise TypeError(f"{method_name}() got an unexpected keyword argument {name!r}")
    return dict(params)


def request_options(params: Mapping[str, Any]) -> Dict[str, Any]:
    """The per-call options among ``params``, to reuse for the polling requests."""
    names = ("extra_headers", "extra_query", "timeout")
    return {name: params[name] for name in names if name in params}


def refuse_stream(helper: str, params: Mapping[str, Any]) -> None:
    """A polling helper waits for the run itself: ``stream=`` makes no sense there."""
    if "stream" in params:
        raise InvalidRequestError(
            f"{helper} polls the run until it stops, so it takes no stream= argument; to "
            "stream the run's events use runs.stream(...) (or create(..., stream=True))"
        )


def require_id(name: str, value: object) -> None:
    """Refuse a bad id that travels in a body (path ids are checked when the request is
    built), by the same rule as path ids."""
    check_id(name, value)


def include_query(include: Union[Sequence[str], NotGiven]) -> Mapping[str, Any]:
    """``include`` travels as the repeated query parameter ``include[]``."""
    if isinstance(include, NotGiven):
        return {}
    if isinstance(include, str) or not all(isinstance(item, str) for item in include):
        raise InvalidRequestError(
            "include must be a list of strings such as "
            "['step_details.tool_calls[*].file_search.results[*].content']"
        )
    return {"include[]": list(include)}


def check_tool_outputs(tool_outputs: Sequence[Any]) -> List[Any]:
    """Each output needs a ``tool_call_id``; refuse the list before sending otherwise."""
    if isinstance(tool_outputs, (str, bytes)) or not isinstance(tool_outputs, (list, tuple)):
        raise InvalidRequestError(
            "tool_outputs must be a list of {'tool_call_id': ..., 'output': ...}"
        )
    checked: List[Any] = []
    for index, item in enumerate(tool_outputs):
        entry = item if isinstance(item, Mapping) else getattr(item, "__dict__", None)
        if hasattr(item, "tool_call_id"):
            entry = compact({"tool_call_id": item.tool_call_id, "output": item.output})
        if not isinstance(entry, Mapping) or not entry.get("tool_call_id"):
            raise InvalidRequestError(f"tool_outputs[{index}] has no tool_call_id")
        checked.append(dict(entry))
    return checked
