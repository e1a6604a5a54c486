"""Which of the given mutants a few test files kill, fast: each mutant is switched on in
mutmut's mutated copy (``mutants/``, made by a `make mutation` or `mutmut run` that has
started) and the files are run once per mutant in this one process.

Usage (from the project root)::

    .venv/bin/python tests/mutant_kills.py NAMES_FILE TEST_FILE... [-- PYTEST_ARGS...]

``NAMES_FILE`` lists mutant names (``multiassist.bridge.runs.xǁRunOpsǁ_new_run__mutmut_17``),
one a line. Prints ``killed`` or ``survived`` for each, then the survivors. The files must
pass with no mutant switched on first. A mutant counts as killed when the files fail with
it (pytest exit status 1); mutmut's own run (`make mutation`) is the score of record.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from pathlib import Path
from typing import List


def main(argv: List[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    names_file, rest = argv[0], argv[1:]
    tests, extra = (rest[:rest.index("--")], rest[rest.index("--") + 1:]) if "--" in rest \
        else (rest, [])
    names = [line.strip() for line in Path(names_file).read_text().splitlines()
             if line.strip()]
    sys.path.insert(0, str(Path("mutants").resolve()))
    import multiassist  # the mutated copy, before pytest puts the project root first

    if "mutants" not in Path(multiassist.__file__).parts:
        print("mutants/ holds no mutated copy: start `make mutation` first", file=sys.stderr)
        return 2
    import pytest

    args = ["-x", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", *extra, *tests]

    def run(mutant: str) -> int:
        os.environ["MUTANT_UNDER_TEST"] = mutant
        with contextlib.redirect_stdout(io.StringIO()):
            return int(pytest.main(args))

    if run("") != 0:
        print("the tests fail with no mutant switched on", file=sys.stderr)
        return 1
    survivors = []
    for name in names:
        code = run(name)
        print(f"{'killed' if code == 1 else 'survived' if code == 0 else f'exit {code}'}"
              f": {name}", flush=True)
        if code == 0:
            survivors.append(name)
    print(f"\n{len(names) - len(survivors)}/{len(names)} killed; survivors:")
    for name in survivors:
        print(f"  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
