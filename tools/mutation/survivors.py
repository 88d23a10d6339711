"""Print the change each surviving mutant makes (one line before → after), grouped by
function, for triage: ``python tools/mutation/survivors.py STAGE_DIR [FILE_SUBSTRING]``."""

from __future__ import annotations

import ast
import difflib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from summary import STATUS, equivalent_names


def functions(source: str) -> dict[str, str]:
    """Every (method or function) definition's source by its mangled name."""
    tree = ast.parse(source)
    lines = source.splitlines()
    found: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            end = node.end_lineno or node.lineno
            found[node.name] = "\n".join(lines[node.lineno - 1 : end])
    return found


def main(stage: Path, only: str = "") -> None:
    skip = equivalent_names()
    for meta in sorted((stage / "mutants").rglob("*.py.meta")):
        if only not in str(meta):
            continue
        codes = json.loads(meta.read_text())["exit_code_by_key"]

        def order(kv: tuple[str, int]) -> tuple[str, int]:
            stem, _, number = kv[0].rpartition("_")
            return stem, int(number)

        left = [
            n
            for n, c in sorted(codes.items(), key=order)
            if STATUS.get(c, "suspicious") in ("survived", "no tests", "suspicious")
            and n not in skip
        ]
        if not left:
            continue
        source = meta.with_suffix("").read_text()
        defs = functions(source)
        print(f"== {meta.relative_to(stage)}: {len(left)} left")
        for name in left:
            short = name.rsplit(".", 1)[-1]
            base, _ = short.rsplit("__mutmut_", 1)
            orig, mutant = defs.get(base + "__mutmut_orig", ""), defs.get(short, "")
            changed = [
                line
                for line in difflib.ndiff(orig.splitlines()[1:], mutant.splitlines()[1:])
                if line[:1] in "+-"
            ]
            status = STATUS.get(codes[name], "suspicious")
            print(f"{name} [{status}]")
            for line in changed[:4]:
                print("   ", line.strip()[:150])


if __name__ == "__main__":
    main(Path(sys.argv[1]), *(sys.argv[2:3]))
