"""The blocking modules generated from multiassist/_async match a fresh generation, so the
async source stays the one source of truth (scripts/generate_sync.py)."""

from __future__ import annotations

from scripts.generate_sync import MODULES, drifted


def test_generated_blocking_modules_match_their_async_source() -> None:
    assert drifted() == [], "run `python -m scripts.generate_sync` and commit the result"


def test_every_generated_module_names_its_source() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    for name in MODULES:
        first = (root / "multiassist" / name).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith(f"# Generated from multiassist/_async/{name} "), name
