"""openai-python's dump API (``model_dump``, ``model_dump_json``, ``to_dict``, ``to_json``)
for models, pages and stream events, on attrs instead of pydantic.

Each dumpable class says which ``(key, value)`` pairs it has for a given set of options
(``_dump_items``); this module applies ``include`` / ``exclude`` (pydantic's shapes: a set
of keys, or a dict whose values are ``True`` or a nested include/exclude, with int keys and
``"__all__"`` for list items) and recurses into nested models, lists and dicts with the
same options.

"Unset" means absent from the wire: a decoded object's unset fields are the optional ones
its JSON did not have (an explicit ``null`` counts as set); in a model built in code, the
optional fields left at ``None``.
"""

from __future__ import annotations

import json
from typing import (
    AbstractSet,
    Any,
    Callable,
    Dict,
    Iterable,
    List,
    Literal,
    Mapping,
    NamedTuple,
    Optional,
    Tuple,
    Union,
)

__all__ = ["DumpOptions", "Dumpable", "IncEx", "dump_value"]

#: pydantic's include/exclude argument: a set of keys, or a dict of key -> ``True`` or a
#: nested include/exclude (int keys and ``"__all__"`` select list items).
IncEx = Union[AbstractSet[int], AbstractSet[str], Mapping[int, Any], Mapping[str, Any]]

#: A normalized include/exclude: key -> True (all of it) or a nested selection.
_Selection = Dict[Any, Any]

_JSON_SCALARS = (str, int, float, bool, type(None))
_MODES = ("python", "json")
_WARNING_VALUES = (True, False, "none", "warn", "error")


class DumpOptions(NamedTuple):
    """The options of one dump, passed unchanged to every nested object."""

    mode: str = "python"
    exclude_unset: bool = False
    exclude_defaults: bool = False
    exclude_none: bool = False
    fallback: Optional[Callable[[Any], Any]] = None


#: The options that give the wire form (what ``to_dict()`` returns by default).
WIRE = DumpOptions(exclude_unset=True)


def _normalize(selection: Any, argument: str) -> Optional[_Selection]:
    """``{"a", "b"}`` -> ``{"a": True, "b": True}``; a dict's ``...`` values -> ``True``."""
    if selection is None:
        return None
    if isinstance(selection, (set, frozenset, list, tuple)):
        return {key: True for key in selection}
    if isinstance(selection, Mapping):
        normalized: _Selection = {}
        for key, value in selection.items():
            if value is True or value is Ellipsis:
                normalized[key] = True
            elif value is False or value is None:
                continue
            else:
                nested = _normalize(value, argument)
                if nested is not None:
                    normalized[key] = nested
        return normalized
    raise TypeError(
        f"{argument} must be a set of keys or a dict of key -> True / nested selection, "
        f"got {type(selection).__name__} {selection!r}"
        + (f"; write {{{selection!r}}}" if isinstance(selection, str) else "")
    )


def _merge(first: Any, second: Any) -> Any:
    """Union of two entries for one key (a specific key and ``"__all__"``)."""
    if first is None:
        return second
    if second is None or first is True:
        return first
    if second is True:
        return True
    merged = dict(first)
    for key, value in second.items():
        merged[key] = _merge(merged.get(key), value)
    return merged


def _entry(selection: _Selection, key: Any) -> Any:
    specific = selection.get(key)
    everything = selection.get("__all__")
    if everything is None:
        return specific
    return _merge(specific, everything)


def _select(
    items: Iterable[Tuple[Any, Any]],
    options: DumpOptions,
    include: Optional[_Selection],
    exclude: Optional[_Selection],
) -> List[Tuple[Any, Any]]:
    """The pairs ``include`` / ``exclude`` keep, each value dumped with its nested selection."""
    kept: List[Tuple[Any, Any]] = []
    for key, value in items:
        sub_include: Any = None
        sub_exclude: Any = None
        if include is not None:
            sub_include = _entry(include, key)
            if sub_include is None:
                continue
            if sub_include is True:
                sub_include = None
        if exclude is not None:
            sub_exclude = _entry(exclude, key)
            if sub_exclude is True:
                continue
        kept.append((key, dump_value(value, options, sub_include, sub_exclude)))
    return kept


def dump_value(
    value: Any,
    options: DumpOptions,
    include: Optional[_Selection] = None,
    exclude: Optional[_Selection] = None,
) -> Any:
    """``value`` dumped: models, pages and events as dicts, lists and dicts item by item."""
    if isinstance(value, _JSON_SCALARS):
        return value
    if isinstance(value, Dumpable):
        return value._dump_selected(options, include, exclude)
    if isinstance(value, (list, tuple)):
        if include is None and exclude is None:
            return [dump_value(item, options) for item in value]
        return [item for _, item in _select(enumerate(value), options, include, exclude)]
    if isinstance(value, Mapping):
        if include is None and exclude is None:
            return {key: dump_value(item, options) for key, item in value.items()}
        return dict(_select(value.items(), options, include, exclude))
    if options.fallback is not None:
        return options.fallback(value)
    if options.mode == "json":
        raise TypeError(
            f"cannot dump {type(value).__name__} {value!r} as JSON; pass fallback= a function "
            "that turns it into a JSON value"
        )
    return value


def _check(mode: str, warnings: Any) -> None:
    if mode not in _MODES:
        raise ValueError(f"mode must be 'python' or 'json', got {mode!r}")
    if warnings not in _WARNING_VALUES:
        raise ValueError(
            f"warnings must be True, False, 'none', 'warn' or 'error', got {warnings!r}"
        )


def _to_json(value: Any, indent: Optional[int], ensure_ascii: bool) -> str:
    # pydantic writes compact JSON without spaces, or json.dumps' layout when indented.
    separators = (",", ":") if indent is None else (",", ": ")
    return json.dumps(value, indent=indent, separators=separators, ensure_ascii=ensure_ascii)


class Dumpable:
    """Gives a class openai-python's dump methods; the class provides :meth:`_dump_items`.

    The methods take openai-python's (pydantic's) arguments with the same defaults.
    ``by_alias`` / ``use_api_names`` change nothing: attribute names are the wire names.
    ``round_trip``, ``context``, ``serialize_as_any``, ``exclude_computed_fields`` and
    ``warnings`` are accepted for compatibility and change nothing either (there are no
    computed or ``Json[...]`` fields, and nothing to warn about).
    """

    __slots__ = ()

    def _dump_items(self, options: DumpOptions) -> Iterable[Tuple[Any, Any]]:
        """The ``(key, value)`` pairs this object dumps as, before include/exclude."""
        raise NotImplementedError

    def _wire_dict(self) -> Dict[str, Any]:
        """What :meth:`to_dict` returns with its defaults (a class may make it faster)."""
        return self._dump_selected(WIRE, None, None)

    def _dump_selected(
        self,
        options: DumpOptions,
        include: Optional[_Selection],
        exclude: Optional[_Selection],
    ) -> Dict[str, Any]:
        """This object dumped, with normalized include/exclude selections."""
        return dict(_select(self._dump_items(options), options, include, exclude))

    def _dump(self, options: DumpOptions, include: Any, exclude: Any) -> Dict[str, Any]:
        return self._dump_selected(
            options, _normalize(include, "include"), _normalize(exclude, "exclude")
        )

    def model_dump(
        self,
        *,
        mode: Literal["python", "json"] = "python",
        include: Optional[IncEx] = None,
        exclude: Optional[IncEx] = None,
        context: Any = None,
        by_alias: Optional[bool] = None,
        exclude_unset: bool = False,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
        exclude_computed_fields: bool = False,
        round_trip: bool = False,
        warnings: Union[bool, Literal["none", "warn", "error"]] = True,
        fallback: Optional[Callable[[Any], Any]] = None,
        serialize_as_any: bool = False,
    ) -> Dict[str, Any]:
        """This object as a dict, nested objects included (pydantic's ``model_dump``).

        - ``exclude_unset``: leave out the optional fields the API did not send (for an
          object built in code: the optional fields left at ``None``); an explicit
          ``null`` from the API is kept.  Default ``False``: every field, ``None`` where
          absent, plus the unknown wire fields kept in ``extra``.
        - ``exclude_defaults``: leave out optional fields at their default ``None``
          (``type`` tags are kept, as openai-python declares them without a default).
        - ``exclude_none``: leave out every field (and unknown field) whose value is ``None``.
        - ``include`` / ``exclude``: ``{"id", "status"}`` or nested,
          ``{"content": {0: {"text": {"value"}}}}``, ``{"data": {"__all__": {"id"}}}``.
        - ``mode="json"``: only JSON values (a non-JSON value you stored in ``extra``
          goes through ``fallback``, or raises ``TypeError``).

        Raises ``ValueError`` for an unknown ``mode`` or ``warnings`` value and
        ``TypeError`` for an ``include`` / ``exclude`` that is not a set or a dict.
        """
        _check(mode, warnings)
        options = DumpOptions(mode, exclude_unset, exclude_defaults, exclude_none, fallback)
        return self._dump(options, include, exclude)

    def model_dump_json(
        self,
        *,
        indent: Optional[int] = None,
        ensure_ascii: bool = False,
        include: Optional[IncEx] = None,
        exclude: Optional[IncEx] = None,
        context: Any = None,
        by_alias: Optional[bool] = None,
        exclude_unset: bool = False,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
        exclude_computed_fields: bool = False,
        round_trip: bool = False,
        warnings: Union[bool, Literal["none", "warn", "error"]] = True,
        fallback: Optional[Callable[[Any], Any]] = None,
        serialize_as_any: bool = False,
    ) -> str:
        """This object as a JSON string (pydantic's ``model_dump_json``): compact by
        default, ``indent=2`` for an indented one; the options are :meth:`model_dump`'s."""
        _check("json", warnings)
        options = DumpOptions("json", exclude_unset, exclude_defaults, exclude_none, fallback)
        return _to_json(self._dump(options, include, exclude), indent, ensure_ascii)

    def to_dict(
        self,
        *,
        mode: Literal["python", "json"] = "python",
        use_api_names: bool = True,
        exclude_unset: bool = True,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
        warnings: bool = True,
    ) -> Dict[str, Any]:
        """This object as the API sent it (openai-python's ``to_dict``): by default only
        the fields the API sent, unknown ones included.  The options are
        :meth:`model_dump`'s."""
        if (exclude_unset and not exclude_defaults and not exclude_none and mode == "python"
                and warnings is True):
            return self._wire_dict()
        return self.model_dump(
            mode=mode,
            by_alias=use_api_names,
            exclude_unset=exclude_unset,
            exclude_defaults=exclude_defaults,
            exclude_none=exclude_none,
            warnings=warnings,
        )

    def to_json(
        self,
        *,
        indent: Optional[int] = 2,
        use_api_names: bool = True,
        exclude_unset: bool = True,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
        warnings: bool = True,
    ) -> str:
        """This object as JSON text the way the API sent it (openai-python's ``to_json``),
        indented by 2 unless ``indent=None``; the options are :meth:`to_dict`'s."""
        return self.model_dump_json(
            indent=indent,
            by_alias=use_api_names,
            exclude_unset=exclude_unset,
            exclude_defaults=exclude_defaults,
            exclude_none=exclude_none,
            warnings=warnings,
        )
