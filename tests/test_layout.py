"""The package's structure holds: no import cycles, every public exception in one module, and
no family of modules left flat at the top of the package."""

from __future__ import annotations

import importlib
import inspect
from collections import Counter

import multiassist
from tests.import_graph import PACKAGE, cycles, import_graph


def test_no_module_imports_itself_through_others() -> None:
    # Function-local imports count too: a cycle hidden in a function is still a cycle.
    assert cycles(import_graph()) == []


def test_the_import_graph_sees_function_local_imports() -> None:
    graph = import_graph()
    # multiassist.http.transport imports requests lazily, but its own modules at the top;
    # the graph must hold the package's edges whatever their position.
    assert "multiassist.http.prepare" in graph["multiassist.http.transport"]
    assert "multiassist.converter" in graph["multiassist.models.runs"]


def test_public_exceptions_are_defined_in_one_module() -> None:
    defined_elsewhere = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(relative.parts)
        if parts[-1] == "__init__":
            parts.pop()
        name = ".".join(parts)
        if name.startswith("multiassist.testing") or name == "multiassist.__main__":
            continue  # the emulator has its own (wire) errors and shares nothing
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if (inspect.isclass(value) and issubclass(value, BaseException)
                    and not attr.startswith("_") and value.__module__ == name
                    and name != "multiassist.errors"):
                defined_elsewhere.add(f"{name}.{attr}")
    assert defined_elsewhere == set()


def test_exceptions_catch_as_openai_python_users_expect() -> None:
    assert issubclass(multiassist.APITimeoutError, multiassist.APIConnectionError)
    assert issubclass(multiassist.APIConnectionError, multiassist.APIError)
    assert issubclass(multiassist.NotFoundError, multiassist.APIStatusError)
    assert issubclass(multiassist.APIStatusError, multiassist.APIError)
    for own in (multiassist.WriteOutcomeUnknownError, multiassist.StreamError,
                multiassist.StreamInterruptedError, multiassist.RunTimeoutError,
                multiassist.ConfigurationError, multiassist.ToolCallError):
        assert issubclass(own, multiassist.MultiassistError)
    assert multiassist.OpenAIError is multiassist.MultiassistError


def test_no_family_of_modules_is_left_flat_at_the_top() -> None:
    top = [p.stem for p in PACKAGE.glob("*.py") if p.stem not in ("__init__", "__main__")]
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    prefixes = Counter(name.lstrip("_").split("_")[0] for name in top)
    families = {prefix for prefix, count in prefixes.items() if count > 1}
    assert families == set(), f"modules sharing a prefix belong in a package: {families}"
    shadowing = {name for name in top if name.split("_")[0] in packages}
    assert shadowing == set(), f"modules named after a package belong in it: {shadowing}"
