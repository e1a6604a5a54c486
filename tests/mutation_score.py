"""Print the mutation score of the last `make mutation` run, module by module, and the
mutants that were not killed (the ones tests/MUTATION.md must account for).

Usage: python tests/mutation_score.py PATTERN...  (the mutant-name patterns `make mutation`
ran; reads `mutmut results --all true` in the project root)."""

from __future__ import annotations

import datetime
import fnmatch
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Dict, List

CAUGHT = {"killed", "timeout", "caught by type check", "segfault"}


def main(patterns: List[str]) -> int:
    mutmut = Path(sys.executable).with_name("mutmut")
    listing = subprocess.run([str(mutmut), "results", "--all", "true"], check=True,
                             capture_output=True, text=True).stdout
    totals: Dict[str, List[int]] = defaultdict(lambda: [0, 0])
    missed: List[str] = []
    for line in listing.splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if not sep or not any(fnmatch.fnmatch(name, p) for p in patterns):
            continue
        module = name.split(".x")[0] if ".x" in name else name.rsplit(".", 1)[0]
        totals[module][1] += 1
        if status in CAUGHT:
            totals[module][0] += 1
        else:
            missed.append(f"{name}: {status}")
    if not totals:
        print("no mutant results: run `make mutation` first", file=sys.stderr)
        return 1
    print(f"mutation score, {datetime.date.today().isoformat()}:")
    for module, (killed, total) in sorted(totals.items()):
        print(f"  {module}: {killed}/{total} killed ({100 * killed / total:.0f}%)")
    killed = sum(k for k, _ in totals.values())
    total = sum(t for _, t in totals.values())
    print(f"  all: {killed}/{total} killed")
    print(f"\nnot killed ({len(missed)}; `.venv/bin/mutmut show NAME` shows one):")
    for entry in sorted(missed):
        print(f"  {entry}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
