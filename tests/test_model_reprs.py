"""Models print as openai-python's do: its class names and field order, from a table generated
from the openai package (scripts/generate_openai_reprs.py).  tests/test_dump.py compares real
objects from the emulator with openai-python's."""

from __future__ import annotations

import importlib
import pkgutil
from typing import List

import pytest

from multiassist.converter import Model, UnknownVariant
from multiassist.models import FileCounts, FileSearchToolResource, Thread, UnknownTool
from multiassist.models.openai_reprs import OPENAI_REPRS, OPENAI_VERSION


def every_model() -> List[type]:
    for package in ("multiassist.models", "multiassist.types", "multiassist.agents",
                    "multiassist.streaming"):
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, f"{package}."):
            importlib.import_module(info.name)
    found: List[type] = []
    pending = [Model]
    while pending:
        for sub in pending.pop().__subclasses__():
            if sub not in found:
                found.append(sub)
                pending.append(sub)
    return found


def test_the_table_matches_the_installed_openai_release() -> None:
    openai = pytest.importorskip("openai")
    if openai.__version__ != OPENAI_VERSION:
        pytest.skip(f"the table was read from openai {OPENAI_VERSION}; {openai.__version__} "
                    "is installed: run python -m scripts.generate_openai_reprs and commit it")
    from scripts.generate_openai_reprs import TARGET, render

    assert TARGET.read_text() == render(), "run python -m scripts.generate_openai_reprs"


def test_every_model_prints_through_the_one_repr() -> None:
    """A model class declared with attrs' own repr would print attrs' way: each is declared
    with ``repr=False``."""
    models = every_model()
    assert len(models) > 100
    own = [m.__qualname__ for m in models
           if m.__repr__ not in (Model.__repr__, UnknownVariant.__repr__)]
    assert own == []


def test_every_table_entry_names_a_model_and_its_fields() -> None:
    by_key = {f"{m.__module__}.{m.__qualname__}": m for m in every_model()}
    assert len(OPENAI_REPRS) > 80
    for key, (name, order) in OPENAI_REPRS.items():
        assert key in by_key, key
        assert name and order and len(set(order)) == len(order), key


def test_openai_pythons_name_and_order_then_fields_it_lacks_then_unknown_ones() -> None:
    counts = FileCounts(in_progress=1, completed=2, failed=0, cancelled=0, total=3)
    assert repr(counts) == "FileCounts(cancelled=0, completed=2, failed=0, in_progress=1, total=3)"
    assert str(FileSearchToolResource(vector_store_ids=["vs_1"])) == (
        "ToolResourcesFileSearch(vector_store_ids=['vs_1'])")
    thread = Thread.from_dict({"id": "thread_1", "object": "thread", "created_at": 1,
                               "metadata": {}, "file_ids": ["file-1"], "region": "eu"})
    assert repr(thread) == ("Thread(id='thread_1', created_at=1, metadata={}, "
                            "object='thread', tool_resources=None, file_ids=['file-1'], "
                            "region='eu')")
    unknown = UnknownTool.from_dict({"type": "web_browser", "depth": 2})
    assert repr(unknown) == "UnknownTool(type='web_browser', extra={'depth': 2})"
