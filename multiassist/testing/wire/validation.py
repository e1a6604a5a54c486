"""Hand-written request validation: small check combinators that raise OpenAI-style 400s.

A check is ``check(value, param)``; ``param`` is the dotted path reported in the error's
``param`` field (``tools[0].function.name``). Messages and codes follow the real API
(``missing_required_parameter``, ``invalid_type``, ``invalid_value``, ``unknown_parameter``,
``string_above_max_length`` ...).
"""

from __future__ import annotations

import re
from typing import Any, Callable, Collection, Mapping, Optional, Sequence

from multiassist.testing.wire.problems import ApiError, bad_request, invalid_value

Check = Callable[[Any, str], None]


def describe(value: Any) -> str:
    """How the real API names a JSON value's type in messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a decimal"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def join(path: str, key: str) -> str:
    """``path.key`` (or ``key`` at the top level)."""
    return f"{path}.{key}" if path else key


def wrong_type(param: str, expected: str, value: Any) -> ApiError:
    """400 ``invalid_type``."""
    return bad_request(
        f"Invalid type for '{param}': expected {expected}, but got {describe(value)} instead.",
        param=param,
        code="invalid_type",
    )


def missing(param: str) -> ApiError:
    """400 ``missing_required_parameter``."""
    return bad_request(
        f"Missing required parameter: '{param}'.", param=param, code="missing_required_parameter"
    )


def unknown(param: str) -> ApiError:
    """400 ``unknown_parameter``."""
    return bad_request(f"Unknown parameter: '{param}'.", param=param, code="unknown_parameter")


def anything() -> Check:
    """Accept any value."""

    def check(value: Any, param: str) -> None:
        return None

    return check


def nullable(inner: Check) -> Check:
    """Accept null or whatever ``inner`` accepts."""

    def check(value: Any, param: str) -> None:
        if value is not None:
            inner(value, param)

    return check


def string(
    *,
    max_len: Optional[int] = None,
    enum: Optional[Sequence[str]] = None,
    pattern: Optional[str] = None,
) -> Check:
    """A JSON string, optionally bounded in length, from an enum, or matching a pattern."""
    compiled = re.compile(pattern) if pattern else None

    def check(value: Any, param: str) -> None:
        if not isinstance(value, str):
            raise wrong_type(param, "a string", value)
        if enum is not None and value not in enum:
            raise invalid_value(value, enum, param)
        if max_len is not None and len(value) > max_len:
            raise bad_request(
                f"Invalid '{param}': string too long. Expected a string with maximum length "
                f"{max_len}, but got a string with length {len(value)} instead.",
                param=param,
                code="string_above_max_length",
            )
        if compiled is not None and not compiled.fullmatch(value):
            raise bad_request(
                f"Invalid '{param}': string does not match pattern. Expected a string that "
                f"matches the pattern '{pattern}'.",
                param=param,
                code="invalid_value",
            )

    return check


def _bounds(kind: str, param: str, value: float, lo: Optional[float], hi: Optional[float]) -> None:
    if lo is not None and value < lo:
        raise bad_request(
            f"Invalid '{param}': {kind} below minimum value. Expected a value >= {lo}, "
            f"but got {value} instead.",
            param=param,
            code=f"{kind}_below_min_value",
        )
    if hi is not None and value > hi:
        raise bad_request(
            f"Invalid '{param}': {kind} above maximum value. Expected a value <= {hi}, "
            f"but got {value} instead.",
            param=param,
            code=f"{kind}_above_max_value",
        )


def integer(*, minimum: Optional[int] = None, maximum: Optional[int] = None) -> Check:
    """A JSON integer within optional bounds."""

    def check(value: Any, param: str) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise wrong_type(param, "an integer", value)
        _bounds("integer", param, value, minimum, maximum)

    return check


def number(*, minimum: Optional[float] = None, maximum: Optional[float] = None) -> Check:
    """A JSON number within optional bounds."""

    def check(value: Any, param: str) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise wrong_type(param, "a number", value)
        _bounds("decimal", param, float(value), minimum, maximum)

    return check


def boolean() -> Check:
    """A JSON boolean."""

    def check(value: Any, param: str) -> None:
        if not isinstance(value, bool):
            raise wrong_type(param, "a boolean", value)

    return check


def array(
    item: Check, *, min_items: Optional[int] = None, max_items: Optional[int] = None
) -> Check:
    """A JSON array whose items pass ``item``."""

    def check(value: Any, param: str) -> None:
        if not isinstance(value, list):
            raise wrong_type(param, "an array", value)
        if min_items is not None and len(value) < min_items:
            raise bad_request(
                f"Invalid '{param}': empty array. Expected an array with minimum length "
                f"{min_items}, but got an array with length {len(value)} instead.",
                param=param,
                code="empty_array",
            )
        if max_items is not None and len(value) > max_items:
            raise bad_request(
                f"Invalid '{param}': array too long. Expected an array with maximum length "
                f"{max_items}, but got an array with length {len(value)} instead.",
                param=param,
                code="array_above_max_length",
            )
        for index, element in enumerate(value):
            item(element, f"{param}[{index}]")

    return check


def obj(
    fields: Mapping[str, Check],
    *,
    required: Collection[str] = (),
    open_ended: bool = False,
) -> Check:
    """A JSON object with known ``fields``; other keys are ``unknown_parameter`` errors."""

    def check(value: Any, param: str) -> None:
        if not isinstance(value, dict):
            raise wrong_type(param or "body", "an object", value)
        for name in required:
            if name not in value:
                raise missing(join(param, name))
        for key, element in value.items():
            rule = fields.get(key)
            if rule is None:
                if open_ended:
                    continue
                raise unknown(join(param, key))
            rule(element, join(param, key))

    return check


def free_object() -> Check:
    """Any JSON object (e.g. a function's JSON Schema ``parameters``)."""

    def check(value: Any, param: str) -> None:
        if not isinstance(value, dict):
            raise wrong_type(param, "an object", value)

    return check


def tagged(variants: Mapping[str, Check], *, tag: str = "type") -> Check:
    """An object discriminated by its ``type`` field."""

    def check(value: Any, param: str) -> None:
        if not isinstance(value, dict):
            raise wrong_type(param, "an object", value)
        if tag not in value:
            raise missing(join(param, tag))
        kind = value[tag]
        if not isinstance(kind, str):
            raise wrong_type(join(param, tag), "a string", kind)
        if kind not in variants:
            raise invalid_value(kind, list(variants), join(param, tag))
        variants[kind](value, param)

    return check


def metadata() -> Check:
    """The ``Metadata`` map: null or at most 16 string pairs, keys <= 64, values <= 512 chars."""

    def check(value: Any, param: str) -> None:
        if value is None:
            return
        if not isinstance(value, dict):
            raise wrong_type(param, "an object", value)
        if len(value) > 16:
            raise bad_request(
                f"Invalid '{param}': too many properties. Expected an object with at most 16 "
                f"properties, but got an object with {len(value)} properties instead.",
                param=param,
                code="object_above_max_properties",
            )
        for key, element in value.items():
            if len(key) > 64:
                raise bad_request(
                    f"Invalid '{param}': metadata key too long. Expected a key with maximum "
                    f"length 64, but got a key with length {len(key)} instead.",
                    param=join(param, key),
                    code="string_above_max_length",
                )
            string(max_len=512)(element, join(param, key))

    return check


def validate(check: Check, body: Any) -> None:
    """Run a top-level body check (params are reported without a prefix)."""
    check(body, "")
