"""Generate a staged package's mutants and print a seeded random sample of their names.

Usage (from the stage folder, as run.sh calls it): ``python sample.py SIZE [SEED]``; the
names go to ``sample.txt`` in the stage (mutmut prints each file it mutates on stdout).

A whole package is thousands of mutants (io about 2,800, store 4,500, analysis 6,700)
and hours of a 2-core machine. A uniform random sample estimates the kill rate with a
known error (for 400 mutants at 90%, a 95% interval of about ±3 points), where a
partial full run would not: mutmut runs the mutants whose tests are fastest first, so
the ones it has checked when stopped are not a fair sample. The same seed draws the
same sample, so a rerun after new tests checks the same mutants.
"""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path

from mutmut.__main__ import (
    copy_also_copy_files,
    copy_src_dir,
    create_mutants,
    set_mutant_under_test,
    setup_source_paths,
)


def mutant_names() -> list[str]:
    """Every mutant of the stage, generating them first (mutmut skips unchanged files)."""
    os.makedirs("mutants", exist_ok=True)
    set_mutant_under_test("mutant_generation")
    copy_src_dir()
    copy_also_copy_files()
    setup_source_paths()
    create_mutants(1)
    names: list[str] = []
    for meta in sorted(Path("mutants").rglob("*.py.meta")):
        names += json.loads(meta.read_text())["exit_code_by_key"]
    return sorted(names)


def main(size: int, seed: int) -> None:
    names = mutant_names()
    chosen = random.Random(seed).sample(names, min(size, len(names)))
    Path("sample.txt").write_text("\n".join(sorted(chosen)) + "\n")
    print(f"sample: {len(chosen)} of {len(names)} mutants (seed {seed})")


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 11)
