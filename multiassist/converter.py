"""The one place wire JSON becomes models and models become wire JSON.

A single :class:`cattrs.Converter` is configured here at import; cattrs generates and
caches one structuring and one unstructuring function per model class, so decoding an
object costs a dict walk, not a reflection pass.  This module owns that converter, its hooks
for scalars, containers, ``Optional[X]`` (bound to ``X``'s hook once, not dispatched per
call) and models, and the public entry points :func:`structure`, :func:`unstructure` and
:func:`to_dict`; :mod:`multiassist.converter_unions` owns the tagged unions, registered on
the converter right after it is built.

The wire rules it enforces:

- Types are checked, never coerced: a string field given ``5`` is an error, not ``"5"``;
  a list field given a string is an error, not a list of characters.  Integers are
  accepted where a float is expected, and integral floats (``3.0``) where an integer is.
- Unknown keys are kept in the model's ``extra`` and written back by :func:`to_dict`.
- An optional field that was JSON ``null`` is written back as ``null``; one that was
  absent (or left ``None`` by code that built the model) is left out.
- Unions tagged by ``type`` decode an unknown tag into the union's ``Unknown*`` class;
  ``response_format`` and ``tool_choice`` also accept a bare string.
- Any failure becomes :class:`multiassist.errors.ResponseDecodeError` naming the model
  and the path of each bad field, e.g.
  ``Run: expected string, got number @ $.tools[0].function.name``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Callable, Dict, List, Optional, Type, TypeVar, Union

import attrs
import cattrs
from cattrs.errors import IterableValidationError, IterableValidationNote
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.v import format_exception, transform_error

from multiassist.converter_unions import register_unions
from multiassist.errors import ResponseDecodeError
from multiassist.models import Model

__all__ = ["structure", "to_dict", "unstructure"]

T = TypeVar("T")

_StructureHook = Callable[[Any, Any], Any]
_UnstructureHook = Callable[[Any], Any]


class _WireTypeError(TypeError):
    """A value of the wrong JSON type; its message is shown as is."""


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        return "array"
    if isinstance(value, Mapping):
        return "object"
    return type(value).__name__


def _wrong(expected: str, value: Any) -> _WireTypeError:
    return _WireTypeError(f"expected {expected}, got {_json_type(value)}")


def _structure_hook_for(t: Any) -> _StructureHook:
    """The converter's (cached) structure hook for ``t``."""
    getter = getattr(_converter, "get_structure_hook", None)
    if getter is not None:
        return getter(t)  # type: ignore[no-any-return]
    return _converter._structure_func.dispatch(t)  # type: ignore[call-arg, misc]  # cattrs < 24.1


# --- scalars: checked, not coerced ------------------------------------------------------


def _structure_str(value: Any, _: Any) -> str:
    if isinstance(value, str):
        return value
    raise _wrong("string", value)


def _structure_int(value: Any, _: Any) -> int:
    if value.__class__ is int:
        return value
    if value.__class__ is float and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    raise _wrong("integer", value)


def _structure_float(value: Any, _: Any) -> float:
    if value.__class__ is float or value.__class__ is int:
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    raise _wrong("number", value)


def _structure_bool(value: Any, _: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise _wrong("boolean", value)


# --- containers: a list must be a JSON array, a dict a JSON object ----------------------


def _is_list_type(t: Any) -> bool:
    return t is list or getattr(t, "__origin__", None) is list


def _is_dict_type(t: Any) -> bool:
    return t is dict or getattr(t, "__origin__", None) in (dict, Mapping)


def _make_list_hook(t: Any) -> _StructureHook:
    args = getattr(t, "__args__", None)
    item_type = args[0] if args else Any
    item_hook = _structure_hook_for(item_type)

    def structure_list(value: Any, _: Any) -> List[Any]:
        if not isinstance(value, (list, tuple)):
            raise _wrong("array", value)
        result = []
        errors: List[Exception] = []
        for index, item in enumerate(value):
            try:
                result.append(item_hook(item, item_type))
            except Exception as exc:  # collected so every bad item is reported, with its index
                note = IterableValidationNote(f"Structuring {t} @ index {index}", index, item_type)
                exc.__notes__ = [*getattr(exc, "__notes__", []), note]
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"While structuring {t!r}", errors, t)
        return result

    return structure_list


def _make_dict_hook(t: Any) -> _StructureHook:
    entries = _converter.gen_structure_mapping(t)

    def structure_dict(value: Any, cl: Any) -> Any:
        if value.__class__ is not dict and not isinstance(value, Mapping):
            raise _wrong("object", value)
        return entries(value, cl)

    return structure_dict


def _is_optional_type(t: Any) -> bool:
    args = getattr(t, "__args__", None)
    return (
        getattr(t, "__origin__", None) is Union
        and args is not None
        and len(args) == 2
        and type(None) in args
    )


def _make_optional_hook(t: Any) -> _StructureHook:
    # cattrs' own Optional hook dispatches on every call; this one binds the inner hook once.
    inner_type = next(arg for arg in t.__args__ if arg is not type(None))
    inner_hook = _structure_hook_for(inner_type)

    def structure_optional(value: Any, _: Any) -> Any:
        return None if value is None else inner_hook(value, inner_type)

    return structure_optional


# --- models: generated hooks plus extras and explicit nulls -----------------------------


def _is_model(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, Model)


def _make_model_structure(cls: Type[Model]) -> _StructureHook:
    fields = attrs.fields(cls)
    generated = make_dict_structure_fn(cls, _converter, extra=override(omit=True))
    known = frozenset(a.name for a in fields if a.init and a.name != "extra")
    model_name = cls.__name__

    def structure_model(data: Any, _: Any) -> Model:
        if data.__class__ is not dict and not isinstance(data, Mapping):
            raise _WireTypeError(f"expected object ({model_name}), got {_json_type(data)}")
        obj = generated(data, cls)
        extra: Optional[Dict[str, Any]] = None
        nulls: Optional[List[str]] = None
        for key, value in data.items():
            if key not in known:
                if extra is None:
                    extra = {}
                extra[key] = value
            elif value is None:
                if nulls is None:
                    nulls = []
                nulls.append(key)
        if extra is not None:
            obj.extra = extra
        if nulls is not None:
            obj._wire_nulls = frozenset(nulls)
        return obj

    structure_model.__name__ = f"structure_{model_name}"
    return structure_model


def _make_model_unstructure(cls: Type[Model]) -> _UnstructureHook:
    overrides: Dict[str, Any] = {"extra": override(omit=True)}
    for a in attrs.fields(cls):
        # Fields with a non-None default (the ``type`` tags) are always written.
        if a.default is not attrs.NOTHING and a.default is not None and a.name != "extra":
            overrides[a.name] = override(omit_if_default=False)
    generated = make_dict_unstructure_fn(
        cls, _converter, _cattrs_omit_if_default=True, **overrides
    )

    def unstructure_model(obj: Model) -> Dict[str, Any]:
        result = generated(obj)
        for key in obj._wire_nulls:
            if key not in result and getattr(obj, key) is None:
                result[key] = None
        if obj.extra:
            for key, value in obj.extra.items():
                if key not in result:
                    result[key] = _converter.unstructure(value)
        return result

    unstructure_model.__name__ = f"unstructure_{cls.__name__}"
    return unstructure_model


def _build_converter() -> cattrs.Converter:
    conv = cattrs.Converter(detailed_validation=True)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook_factory(_is_optional_type, _make_optional_hook)
    conv.register_structure_hook_factory(_is_list_type, _make_list_hook)
    conv.register_structure_hook_factory(_is_dict_type, _make_dict_hook)
    conv.register_structure_hook_factory(_is_model, _make_model_structure)
    conv.register_unstructure_hook_factory(_is_model, _make_model_unstructure)
    return conv


#: The one converter, configured once: its own hooks, then the unions (whose member hooks
#: it generates).
_converter = _build_converter()
register_unions(_converter, hook_for=_structure_hook_for, wrong=_wrong)


# --- public API -----------------------------------------------------------------------


def _format_problem(exc: BaseException, expected: Any) -> str:
    if isinstance(exc, _WireTypeError):
        return str(exc)
    if isinstance(exc, KeyError):
        return "required field missing"
    return format_exception(exc, expected)


def _type_name(cls: Any) -> str:
    """``Run``, ``List[Message]``: the short name of a type for error messages."""
    args = getattr(cls, "__args__", None)
    origin = getattr(cls, "__origin__", None)
    if args and origin is not None:
        base = getattr(origin, "__name__", str(origin)).capitalize()
        return f"{base}[{', '.join(_type_name(a) for a in args)}]"
    return str(getattr(cls, "__name__", cls))


def structure(data: Any, cls: Type[T]) -> T:
    """Build ``cls`` (a model, or e.g. ``List[Message]``) from decoded JSON ``data``.

    Raises :class:`~multiassist.errors.ResponseDecodeError` (with ``body=data``) when the
    data does not fit; the message names ``cls`` and the path of each bad field::

        Run: required field missing @ $.status; expected integer, got string @ $.created_at
    """
    try:
        return _converter.structure(data, cls)
    except Exception as exc:  # every failure, whatever raised it, is a decode error
        problems = transform_error(exc, path="$", format_exception=_format_problem)
        shown = "; ".join(problems[:5])
        if len(problems) > 5:
            shown += f"; and {len(problems) - 5} more"
        raise ResponseDecodeError(
            f"Could not decode {_type_name(cls)}: {shown}", body=data
        ) from exc


def unstructure(obj: Any) -> Any:
    """Return the wire (JSON-ready) form of ``obj``.

    Models become dicts (see :func:`to_dict`); lists, tuples and dicts are converted
    element by element, so a mix of models and plain dicts works
    (``unstructure([FunctionTool(...), {"type": "code_interpreter"}])``); other JSON
    values are returned unchanged.
    """
    return _converter.unstructure(obj)


def to_dict(model: Model) -> Dict[str, Any]:
    """Return the wire dict of one model (what :meth:`Model.to_dict` returns).

    Keys: every field that is not ``None``, every optional field that was ``null`` on the
    wire, and every unknown wire field kept in ``model.extra``.  Raises ``TypeError`` if
    ``model`` is not a model.
    """
    if not isinstance(model, Model):
        raise TypeError(f"to_dict() expects a model, got {type(model).__name__}")
    result: Dict[str, Any] = _converter.unstructure(model)
    return result

