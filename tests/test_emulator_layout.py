"""The emulator's module graph: no import cycle between its modules (counting imports inside
functions and under ``TYPE_CHECKING``), and no import of the client it emulates for."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Dict, List, Optional, Set

PACKAGE_ROOT = Path(__file__).resolve().parent.parent / "multiassist"
EMULATOR = "multiassist.testing"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE_ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(importer: str, is_package: bool, level: int, module: Optional[str]) -> str:
    """The absolute name a ``from <dots><module> import`` in ``importer`` refers to."""
    if level == 0:
        return module or ""
    base = importer.split(".")
    if not is_package:
        base.pop()
    base = base[: len(base) - (level - 1)]
    return ".".join(base + ([module] if module else []))


def import_graph(package_dir: Path) -> Dict[str, Set[str]]:
    """module -> the modules of the same tree it imports, wherever the import stands."""
    files = {_module_name(path): path for path in package_dir.rglob("*.py")}
    graph: Dict[str, Set[str]] = {name: set() for name in files}
    for name, path in files.items():
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: List[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(name, is_package, node.level, node.module)
                # ``from pkg import mod`` imports the module; ``from mod import name`` mod.
                subs = [f"{base}.{alias.name}" for alias in node.names]
                targets = [sub if sub in files else base for sub in subs]
            for target in targets:
                if target in files and target != name:
                    graph[name].add(target)
    return graph


def find_cycle(graph: Dict[str, Set[str]]) -> List[str]:
    """One import cycle as ``[a, b, ..., a]``, or ``[]`` when the graph has none."""
    state: Dict[str, int] = {}  # 1: on the current path, 2: done
    path: List[str] = []

    def visit(node: str) -> List[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return []

    for start in sorted(graph):
        if start not in state:
            found = visit(start)
            if found:
                return found
    return []


def test_find_cycle_reports_a_cycle_and_only_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) == []


def test_emulator_modules_import_no_cycle() -> None:
    graph = import_graph(PACKAGE_ROOT / "testing")
    assert len(graph) > 30  # the walk found the emulator's modules
    assert find_cycle(graph) == []


def test_emulator_imports_nothing_from_the_client() -> None:
    client_modules = {
        _module_name(path)
        for path in PACKAGE_ROOT.rglob("*.py")
        if not _module_name(path).startswith(EMULATOR)
    }
    full = import_graph(PACKAGE_ROOT)
    leaks = {
        name: sorted(targets & client_modules)
        for name, targets in full.items()
        if name.startswith(EMULATOR) and targets & client_modules
    }
    assert leaks == {}
