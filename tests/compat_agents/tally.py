"""Which corpus programs ran unchanged in this test session, for the closing summary line."""

from __future__ import annotations

from typing import Dict, Tuple

SDK = "Microsoft's SDK"
MULTIASSIST = "multiassist.agents"

#: (side, program) -> whether the program ran and produced its expected transcript
OUTCOMES: Dict[Tuple[str, str], bool] = {}


def summary() -> str:
    """``Azure agents programs: K/N run unchanged (...)``; empty when none was run."""
    programs = sorted({program for _side, program in OUTCOMES})
    if not programs:
        return ""
    ours = sum(OUTCOMES.get((MULTIASSIST, p), False) for p in programs)
    theirs = sum(OUTCOMES.get((SDK, p), False) for p in programs)
    return (
        f"Azure agents programs: {ours}/{len(programs)} run unchanged with {MULTIASSIST} "
        f"({SDK} on the emulator: {theirs}/{len(programs)})"
    )
