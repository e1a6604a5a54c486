"""Pure text helpers of the scripted model: tool mentions, ``key=value`` arguments, code,
and splitting text into stream deltas.

``scripted_model`` documents the grammar these implement; nothing here touches the store.
"""

from __future__ import annotations

import ast
import json
import operator
import re
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

JSONDict = Dict[str, Any]

_PAIR = re.compile(
    r"""(?<![\w=])([A-Za-z_][A-Za-z0-9_]*)=(\{[^{}]*\}|\[[^\[\]]*\]|"[^"]*"|'[^']*'|[^\s"']+)"""
)
_TRAILING = ",.;:!?"
_WORD_PIECE = re.compile(r"\S+\s*|\s+")
_JSON_PIECE = re.compile(r"\w+|[^\w]+")
_EXPRESSION = re.compile(r"[-+*/%().\d\s]*\d[-+*/%().\d\s]*")
_BINARY: Mapping[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_UNARY: Mapping[type, Callable[[Any], Any]] = {ast.USub: operator.neg, ast.UAdd: operator.pos}


def count_tokens(text: Optional[str]) -> int:
    """Deterministic token count: the number of whitespace-separated words."""
    return len(text.split()) if text else 0


def choice_mode(choice: Any) -> Tuple[str, Optional[str]]:
    """``tool_choice`` as ``(mode, forced tool)``: mode is none / auto / required / forced."""
    if isinstance(choice, dict):
        kind = str(choice.get("type"))
        if kind == "function":
            return "forced", str((choice.get("function") or {}).get("name"))
        return "forced", kind
    if choice in ("none", "required"):
        return str(choice), None
    return "auto", None


def serialize_arguments(arguments: JSONDict) -> str:
    """Function-call arguments as sent on the wire: compact JSON, keys in derivation order."""
    return json.dumps(arguments, separators=(",", ":"), ensure_ascii=False)


def first_mention(text: str, word: str) -> Optional[int]:
    """Offset of the first whole-word, case-sensitive mention of ``word`` (None if absent).

    A "word" is delimited by anything but letters, digits, ``_`` and ``-``.
    """
    match = re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)
    return match.start() if match else None


def has_word(text: str, *words: str) -> bool:
    """Whether any of ``words`` occurs in ``text`` as a whole word, ignoring case."""
    return any(re.search(rf"\b{re.escape(w)}\b", text, re.IGNORECASE) for w in words)


def pairs_by_mention(
    text: str, mentions: Sequence[Tuple[int, str]]
) -> Dict[str, List[Tuple[str, str]]]:
    """``key=value`` pairs of ``text`` grouped by the function mentioned closest before them.

    ``mentions`` are ``(offset, name)`` sorted by offset; pairs before the first mention
    belong to the first mentioned function. Quotes around a value are removed.
    """
    grouped: Dict[str, List[Tuple[str, str]]] = {name: [] for _, name in mentions}
    if not mentions:
        return grouped
    for match in _PAIR.finditer(text):
        owner = mentions[0][1]
        for offset, name in mentions:
            if offset <= match.start():
                owner = name
        raw = match.group(2)
        if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
            raw = raw[1:-1]
        elif raw[0] not in "{[":
            raw = raw.rstrip(_TRAILING) or raw
        grouped[owner].append((match.group(1), raw))
    return grouped


def _schema_type(schema: Any) -> Optional[str]:
    if not isinstance(schema, dict):
        return None
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    return kind if isinstance(kind, str) else None


def _coerce(raw: str, schema: Any) -> Any:
    kind = _schema_type(schema)
    try:
        if kind == "integer":
            return int(raw)
        if kind == "number":
            number = float(raw)
            return int(number) if number.is_integer() and "." not in raw else number
        if kind == "boolean" and raw.lower() in ("true", "false", "yes", "no", "1", "0"):
            return raw.lower() in ("true", "yes", "1")
        if kind == "array":
            if raw.startswith("["):
                value = json.loads(raw)
                return value if isinstance(value, list) else raw
            return [item for item in raw.split(",") if item]
        if kind == "object":
            value = json.loads(raw)
            return value if isinstance(value, dict) else raw
    except ValueError:
        return raw
    return raw


def placeholder(schema: Any) -> Any:
    """The stand-in value for a required property nobody gave: its first ``enum`` value,
    else by type ``""`` / ``0`` / ``false`` / ``[]`` / ``{}`` / ``null`` (``""`` if untyped)."""
    if isinstance(schema, dict) and isinstance(schema.get("enum"), list) and schema["enum"]:
        return schema["enum"][0]
    defaults: Dict[Optional[str], Any] = {
        "integer": 0,
        "number": 0,
        "boolean": False,
        "array": [],
        "object": {},
        "null": None,
    }
    return defaults.get(_schema_type(schema), "")


def derive_arguments(pairs: Sequence[Tuple[str, str]], parameters: Any) -> JSONDict:
    """The arguments object of one call: the given pairs (typed by the JSON schema's
    property types), then a placeholder for each required property not given."""
    properties = parameters.get("properties") if isinstance(parameters, dict) else None
    properties = properties if isinstance(properties, dict) else {}
    arguments: JSONDict = {}
    for key, raw in pairs:
        arguments[key] = _coerce(raw, properties.get(key))
    required = parameters.get("required") if isinstance(parameters, dict) else None
    for key in required if isinstance(required, list) else []:
        if isinstance(key, str) and key not in arguments:
            arguments[key] = placeholder(properties.get(key))
    return arguments


def _evaluate(node: ast.AST) -> Any:
    if isinstance(node, ast.Expression):
        return _evaluate(node.body)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return node.value
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        left, right = _evaluate(node.left), _evaluate(node.right)
        if isinstance(node.op, ast.Pow) and abs(right) > 64:
            raise ValueError("exponent too large")
        return _BINARY[type(node.op)](left, right)
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        return _UNARY[type(node.op)](_evaluate(node.operand))
    raise ValueError("not arithmetic")


def code_for(text: str) -> Tuple[str, str]:
    """``(input, logs)`` of the scripted code_interpreter call for a user text.

    The longest arithmetic expression in the text (digits, ``+ - * / % ( ) .``, with at
    least one operator) becomes ``print(<expr>)`` and its value the logs; without one, the
    code is ``print(<text as a Python string literal>)`` and the logs are the text.
    """
    candidates = [
        m.group(0).strip()
        for m in _EXPRESSION.finditer(text)
        if any(op in m.group(0).strip().lstrip("-+") for op in "+-*/%")
    ]
    for expression in sorted(candidates, key=len, reverse=True):
        try:
            value = _evaluate(ast.parse(expression, mode="eval"))
        except (SyntaxError, ValueError, ZeroDivisionError, OverflowError, RecursionError):
            continue
        return f"print({expression})", f"{value}\n"
    return f"print({text!r})", f"{text}\n"


def text_pieces(text: str) -> List[str]:
    """Split reply text into message deltas: one word with its trailing whitespace each."""
    return _WORD_PIECE.findall(text)


def json_pieces(text: str) -> List[str]:
    """Split a JSON string (function arguments, code input) into token-like deltas.

    ``{"city":"Paris"}`` -> ``{"``, ``city``, ``":"``, ``Paris``, ``"}``; joining the
    pieces gives the text back.
    """
    return _JSON_PIECE.findall(text) or ([text] if text else [])


def truncate_words(text: str, limit: int) -> str:
    """The first ``limit`` whitespace-separated words of ``text`` (original spacing kept)."""
    pieces = [p for p in _WORD_PIECE.findall(text) if p.strip()]
    return "".join(pieces[:limit]).rstrip()
