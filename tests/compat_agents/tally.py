"""Which corpus programs ran unchanged in this test session, for the closing summary line."""

from __future__ import annotations

from typing import Dict, List, Tuple

SDK = "Microsoft's SDK"
MULTIASSIST = "multiassist.agents"

#: (side, program) -> whether the program ran and produced its expected transcript; a
#: multiassist side is ``multiassist.agents on <backend>``
OUTCOMES: Dict[Tuple[str, str], bool] = {}


def side(backend: str) -> str:
    """The side of ``multiassist.agents`` on ``backend``."""
    return f"{MULTIASSIST} on {backend}"


def summary() -> str:
    """``Azure agents programs: K/N run unchanged (...)``, K counting the programs that ran
    unchanged on every backend tried; empty when none was run."""
    programs = sorted({program for _side, program in OUTCOMES})
    if not programs:
        return ""
    ours = sorted({s for s, _program in OUTCOMES if s != SDK})
    both = sum(all(OUTCOMES.get((s, p), False) for s in ours) for p in programs) if ours else 0
    per_backend: List[str] = [
        f"{s[len(MULTIASSIST) + 4:]} {sum(OUTCOMES.get((s, p), False) for p in programs)}"
        f"/{len(programs)}" for s in ours
    ]
    theirs = sum(OUTCOMES.get((SDK, p), False) for p in programs)
    return (
        f"Azure agents programs: {both}/{len(programs)} run unchanged with {MULTIASSIST} "
        f"({', '.join(per_backend) or 'not run'}; {SDK} on the emulator: "
        f"{theirs}/{len(programs)})"
    )
