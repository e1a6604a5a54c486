"""The one converter between wire JSON and models, and the base class every model derives from.

A single :class:`cattrs.Converter` is configured here at import; cattrs generates and
caches one structuring and one unstructuring function per model class (and per union the
first time it is decoded), so decoding an object costs a dict walk, not a reflection pass.
Optional fields bind their inner hook once instead of dispatching per call.

The wire rules it enforces:

- Types are checked, never coerced: a string field given ``5`` is an error, not ``"5"``;
  a list field given a string is an error, not a list of characters.  Integers are
  accepted where a float is expected, and integral floats (``3.0``) where an integer is.
- Unknown keys are kept in the model's ``extra`` and written back by :func:`to_dict`.
- An optional field that was JSON ``null`` is written back as ``null``; one that was
  absent (or left ``None`` by code that built the model) is left out.
- A union of models tagged by ``type`` (every union whose members include an
  :class:`UnknownVariant`) decodes an unknown tag into that ``Unknown*`` member, never into a
  known one; a union with ``str`` among its members (``response_format``, ``tool_choice``)
  also accepts a bare string.
- Any failure becomes :class:`multiassist.errors.ResponseDecodeError` naming the model
  and the path of each bad field, e.g.
  ``Run: expected string, got number @ $.tools[0].function.name``.
"""

from __future__ import annotations

import json
import typing
from collections.abc import Mapping
from typing import (
    AbstractSet,
    Any,
    Callable,
    Dict,
    FrozenSet,
    Iterator,
    List,
    Optional,
    Tuple,
    Type,
    TypeVar,
    Union,
)

import attrs
import cattrs
from cattrs.errors import IterableValidationError, IterableValidationNote
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.v import format_exception, transform_error

from multiassist.dumping import WIRE, Dumpable, DumpOptions
from multiassist.errors import ResponseDecodeError

__all__ = [
    "NOT_IN_OPENAI_PYTHON",
    "Model",
    "UnknownVariant",
    "structure",
    "to_dict",
    "unstructure",
]

T = TypeVar("T")
_M = TypeVar("_M", bound="Model")

_StructureHook = Callable[[Any, Any], Any]
_UnstructureHook = Callable[[Any], Any]


# --- the base of every model -------------------------------------------------------------

#: Field metadata of an optional field openai-python's model of the object does not have
#: (Azure's or the v1 API's, e.g. ``file_ids``): ``model_dump()`` shows it only when set,
#: so full dumps have openai-python's keys.
_NOT_IN_OPENAI_PYTHON_KEY = "multiassist.not_in_openai_python"
NOT_IN_OPENAI_PYTHON: Mapping[str, Any] = {_NOT_IN_OPENAI_PYTHON_KEY: True}


@attrs.define(kw_only=True)
class Model(Dumpable):
    """Base of every Assistants API object.

    Attributes carry the wire names (``created_at``, ``thread_id``...).  Two extra pieces of
    state make a decoded object lossless:

    - ``extra``: every wire field this library does not know, keyed by its wire name, with
      its raw JSON value.  It takes part in ``==`` and is shown last by ``repr``.  You may also
      set it yourself to send a field this library does not model yet.
    - which optional fields were an explicit ``null`` on the wire (private).

    :meth:`to_dict` returns the wire form: a decoded object gives back the keys it was
    decoded from, unknown ones included, with any changes you made; it writes an optional
    field whose value is ``None`` only when the wire had it as ``null``, so a model built in
    code leaves unset fields out of the body.

    openai-python's model API works too: ``model_dump()``, ``model_dump_json()``,
    ``to_dict()``, ``to_json()`` (see :class:`multiassist.dumping.Dumpable`),
    ``model_validate()``, ``model_validate_json()``, ``construct()`` /
    ``model_construct()``.
    """

    extra: Dict[str, Any] = attrs.field(factory=dict, repr=False)
    # Names of optional fields that were present as JSON null when this object was decoded.
    _wire_nulls: FrozenSet[str] = attrs.field(factory=frozenset, init=False, repr=False, eq=False)
    #: The service's id of the request that returned this object (openai-python's name).
    _request_id: Optional[str] = attrs.field(default=None, init=False, repr=False, eq=False)

    @classmethod
    def from_dict(cls: Type[_M], data: Mapping[str, Any]) -> _M:
        """Build this model from wire data (a decoded JSON object).

        Raises :class:`multiassist.errors.ResponseDecodeError` when ``data`` does not fit;
        the message names the model and the path of the first bad fields.
        """
        return structure(data, cls)

    @classmethod
    def model_validate(
        cls: Type[_M],
        obj: Any,
        *,
        strict: Optional[bool] = None,
        extra: Any = None,
        from_attributes: Optional[bool] = None,
        context: Any = None,
        by_alias: Optional[bool] = None,
        by_name: Optional[bool] = None,
    ) -> _M:
        """pydantic's ``model_validate``: :meth:`from_dict`, and an instance of this class
        is returned as is.  Values are checked, never coerced (as with ``strict=True``).

        Raises :class:`multiassist.errors.ResponseDecodeError` naming each bad field.
        """
        if isinstance(obj, cls):
            return obj
        return structure(obj, cls)

    @classmethod
    def model_validate_json(
        cls: Type[_M],
        json_data: Union[str, bytes, bytearray],
        *,
        strict: Optional[bool] = None,
        extra: Any = None,
        context: Any = None,
        by_alias: Optional[bool] = None,
        by_name: Optional[bool] = None,
    ) -> _M:
        """pydantic's ``model_validate_json``: parse JSON text, then :meth:`model_validate`.

        Raises ``ValueError`` (``json.JSONDecodeError``) for text that is not JSON.
        """
        return structure(json.loads(json_data), cls)

    @classmethod
    def construct(
        cls: Type[_M], _fields_set: Optional[AbstractSet[str]] = None, **values: Any
    ) -> _M:
        """Build this model from wire values without checking them (openai-python's
        ``construct``): nested dicts become the models their fields declare (a tagged
        union's member chosen by ``type``), a value of the wrong type is kept as given,
        a missing required field is ``None`` (and dumps as ``None``), unknown keys go to
        ``extra``.  The keys
        given are the fields set (``_fields_set`` may name them instead; a field with a
        value other than ``None`` always counts as set).

        Example: ``Message.construct(id="msg_1", role="user", content=[...])``.
        """
        return _construct(cls, values, _fields_set)

    model_construct = construct

    def __repr__(self) -> str:
        """openai-python's repr of the object: ``Name(field=value, ...)`` with its class name
        and field order where ``multiassist.types`` binds the class to one of openai-python's
        (``print(batch.file_counts)`` prints ``FileCounts(cancelled=0, completed=1, ...)``);
        then fields openai-python lacks that are set, then unknown wire fields (``extra``)."""
        cls = type(self)
        name, order = _repr_spec(cls)
        own = {field for field, _, _ in _field_spec(cls)}
        parts = []
        shown = set()
        for field in order:
            value = getattr(self, field) if field in own else self.extra.get(field)
            parts.append(f"{field}={value!r}")
            shown.add(field)
        for field, _, _ in _field_spec(cls):
            value = getattr(self, field)
            if field not in shown and value is not None:
                parts.append(f"{field}={value!r}")
                shown.add(field)
        parts.extend(f"{key}={value!r}" for key, value in self.extra.items() if key not in shown)
        return f"{name}({', '.join(parts)})"

    def _dump_items(self, options: DumpOptions) -> Iterator[Tuple[str, Any]]:
        drop_none = options.exclude_none
        drop_none_optional = drop_none or options.exclude_defaults
        drop_unset = options.exclude_unset
        nulls = self._wire_nulls
        dumped = set()
        for name, optional, shown_when_set in _field_spec(self.__class__):
            value = getattr(self, name)
            if value is None:
                if optional:
                    if drop_none_optional or (
                        (drop_unset or shown_when_set) and name not in nulls
                    ):
                        continue
                elif drop_none:
                    continue
            dumped.add(name)
            yield name, value
        for key, value in self.extra.items():
            if key in dumped or (value is None and drop_none):
                continue
            yield key, value

    def _dump_selected(self, options: DumpOptions, include: Any, exclude: Any) -> Dict[str, Any]:
        if include is None and exclude is None and options == WIRE:
            return self._wire_dict()
        return Dumpable._dump_selected(self, options, include, exclude)

    def _wire_dict(self) -> Dict[str, Any]:
        """The wire form (what :meth:`to_dict` returns by default), by the converter's
        generated hooks: the fast path of streaming and request bodies."""
        try:
            result: Dict[str, Any] = _converter.unstructure(self)
        except (TypeError, AttributeError, ValueError):
            # construct() keeps values of the wrong type; only the generic walk takes them.
            return Dumpable._dump_selected(self, WIRE, None, None)
        return result


#: model class -> ((field name, whether its default is None, whether a full dump shows it
#: only when set), ...) in declaration order.
_FIELD_SPECS: Dict[type, Tuple[Tuple[str, bool, bool], ...]] = {}


def _field_spec(cls: type) -> Tuple[Tuple[str, bool, bool], ...]:
    spec = _FIELD_SPECS.get(cls)
    if spec is None:
        spec = tuple(
            (a.name, a.default is None, bool(a.metadata.get(_NOT_IN_OPENAI_PYTHON_KEY)))
            for a in attrs.fields(cls)
            if a.init and a.name != "extra"
        )
        _FIELD_SPECS[cls] = spec
    return spec


_REPR_SPECS: Dict[type, Tuple[str, Tuple[str, ...]]] = {}


def _repr_spec(cls: type) -> Tuple[str, Tuple[str, ...]]:
    """The class name and field order ``repr`` shows: openai-python's where the class stands
    for one of its models, else this class's own name and declared fields."""
    spec = _REPR_SPECS.get(cls)
    if spec is None:
        from multiassist.models.openai_reprs import OPENAI_REPRS

        spec = OPENAI_REPRS.get(f"{cls.__module__}.{cls.__qualname__}") or (
            cls.__name__, tuple(field for field, _, _ in _field_spec(cls)))
        _REPR_SPECS[cls] = spec
    return spec


@attrs.define(kw_only=True, repr=False)
class UnknownVariant(Model):
    """Base of the fallback classes for a tagged union member whose ``type`` is unknown.

    A server may add a new kind of tool, content part, annotation... before this library
    knows it.  Such an object is never forced into a known class: it becomes the union's
    ``Unknown*`` class, which keeps ``type`` and every other key (in ``extra``), and
    :meth:`to_dict` returns the object exactly as received.
    """

    type: str

    @property
    def raw(self) -> Dict[str, Any]:
        """The object as it appeared on the wire (same as :meth:`to_dict`)."""
        return self.to_dict()

    def __repr__(self) -> str:
        shown = [
            f"{a.name}={getattr(self, a.name)!r}"
            for a in attrs.fields(self.__class__)
            if a.init and a.name != "extra"
        ]
        shown.append(f"extra={self.extra!r}")
        return f"{self.__class__.__name__}({', '.join(shown)})"



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



# --- unions: tagged by ``type``, with an ``Unknown*`` fallback and maybe a bare string ------


def _union_members(t: Any) -> Optional[Tuple[Any, ...]]:
    if getattr(t, "__origin__", None) is not Union:
        return None
    args: Tuple[Any, ...] = t.__args__
    return args


def _is_model_union(t: Any) -> bool:
    """A union of models (plus maybe ``str`` and ``None``) that is not plain ``Optional[X]``."""
    members = _union_members(t)
    if members is None or _is_optional_type(t):
        return False
    models = [m for m in members if m is not str and m is not type(None)]
    return bool(models) and all(_is_model(m) for m in models)


def _make_union_hook(t: Any) -> _StructureHook:
    """The hook of a model union: a bare string where ``str`` is a member, ``None`` where
    ``None`` is, else the member whose ``type`` default is the value's ``type`` tag, or the
    :class:`UnknownVariant` member for a tag none has.  A union with one model member and no
    ``Unknown*`` member (``tool_choice``) decodes an object as that member.

    cattrs' ``configure_tagged_union`` is not used: on unstructure it rewrites the tag from
    the class, which would replace an unknown member's real ``type``; and its default-tag
    table remembers every unknown tag ever seen.  Member hooks are generated on the first
    decode (two threads doing that at once generate the same hooks; harmless).
    """
    members = _union_members(t) or ()
    allow_string = str in members
    allow_none = type(None) in members
    models = [m for m in members if _is_model(m)]
    unknown = [m for m in models if issubclass(m, UnknownVariant)]
    tagged: List[Tuple[str, type]] = []
    for member in models:
        if member in unknown:
            continue
        tag = attrs.fields_dict(member)["type"].default if unknown else None
        if unknown and not isinstance(tag, str):
            raise TypeError(f"{member.__name__}.type must default to its tag")
        tagged.append((tag or "", member))
    if not unknown and len(models) != 1:
        raise TypeError(f"{t} has several models but no Unknown* member to fall back on")
    expected = "string or object" if allow_string else "object"
    fallback_cls: type = unknown[0] if unknown else models[0]
    by_tag: Dict[str, Tuple[_StructureHook, type]] = {}
    fallback: List[Tuple[_StructureHook, type]] = []

    def lookup(tag: Any) -> Tuple[_StructureHook, type]:
        if not fallback:  # first decode: build the whole table, the fallback last
            if unknown:
                for member_tag, member in tagged:
                    by_tag[member_tag] = (_structure_hook_for(member), member)
            fallback.append((_structure_hook_for(fallback_cls), fallback_cls))
        return by_tag.get(tag, fallback[0]) if isinstance(tag, str) else fallback[0]

    def structure_union(value: Any, _: Any) -> Any:
        if allow_string and isinstance(value, str):
            return value
        if value is None and allow_none:
            return None
        if value.__class__ is not dict and not isinstance(value, Mapping):
            raise _wrong(expected, value)
        tag = value.get("type")
        entry = by_tag.get(tag) if isinstance(tag, str) else None
        if entry is None:
            entry = lookup(tag)
        return entry[0](value, entry[1])

    return structure_union


# --- construct: wire values turned into models without checking them ------------------

#: model class -> its resolved field types (``construct`` only).
_FIELD_TYPES: Dict[type, Dict[str, Any]] = {}


def _union_member_for(members: Tuple[Any, ...], value: Mapping[str, Any]) -> Optional[type]:
    """The model member of a union ``value`` belongs to: by ``type`` tag, else the
    ``Unknown*`` member, else the only model member."""
    models: List[type] = [m for m in members if _is_model(m)]
    tag = value.get("type")
    for member in models:
        type_field = attrs.fields_dict(member).get("type")
        if type_field is not None and type_field.default == tag and tag is not None:
            return member
    unknown = [m for m in models if issubclass(m, UnknownVariant)]
    if unknown:
        return unknown[0]
    return models[0] if len(models) == 1 else None


def _construct_value(value: Any, t: Any) -> Any:
    if value is None or t is Any:
        return value
    if _is_optional_type(t):
        return _construct_value(value, next(a for a in t.__args__ if a is not type(None)))
    if _is_model(t):
        return _construct(t, value, None) if isinstance(value, Mapping) else value
    members = _union_members(t)
    if members is not None:
        if isinstance(value, Mapping):
            member = _union_member_for(members, value)
            if member is not None:
                return _construct(member, value, None)
        return value
    args: Tuple[Any, ...] = getattr(t, "__args__", None) or ()
    if _is_list_type(t) and args and isinstance(value, (list, tuple)):
        return [_construct_value(item, args[0]) for item in value]
    if _is_dict_type(t) and len(args) == 2 and isinstance(value, Mapping):
        return {key: _construct_value(item, args[1]) for key, item in value.items()}
    return value


def _construct(
    cls: Type[_M], values: Mapping[str, Any], fields_set: Optional[AbstractSet[str]]
) -> _M:
    types = _FIELD_TYPES.get(cls)
    if types is None:
        types = _FIELD_TYPES[cls] = typing.get_type_hints(cls)
    obj = cls.__new__(cls)
    known = set()
    nulls = []
    for a in attrs.fields(cls):
        if a.init and a.name != "extra":
            known.add(a.name)
        if a.init and a.name in values:
            value = _construct_value(values[a.name], types[a.name])
            if value is None and (fields_set is None or a.name in fields_set):
                nulls.append(a.name)
        elif isinstance(a.default, attrs.Factory):  # type: ignore[arg-type]
            value = a.default.factory()
        else:
            value = None if a.default is attrs.NOTHING else a.default
        setattr(obj, a.name, value)
    obj.extra = {key: value for key, value in values.items() if key not in known}
    obj._wire_nulls = frozenset(nulls)
    return obj


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
    conv.register_structure_hook_factory(_is_model_union, _make_union_hook)
    conv.register_unstructure_hook_factory(_is_model, _make_model_unstructure)
    return conv


#: The one converter, configured once.
_converter = _build_converter()


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

