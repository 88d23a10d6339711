"""Summarise a mutmut run of one staged package: killed / total, the mutants triaged as
equivalent in ``tools/mutation/equivalent.md``, and the survivors left.

Usage: ``python tools/mutation/summary.py STAGE_DIR [EARLIER_STAGE_DIR]`` (run.sh calls
it). With an earlier run of the same code (e.g. a full run, then a run of its survivors
only after tests were added), a mutant the later run did not check keeps the earlier
verdict: tests are only ever added, so a kill stays a kill.

Kill rate = (killed + timeout) / (total − equivalent). A mutant with no covering test
("no tests") counts as a survivor: nothing would notice it.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

# equivalent.md, and one equivalent-PACKAGE.md per package triaged on its own
EQUIVALENT = sorted(Path(__file__).resolve().parent.glob("equivalent*.md"))

# mutmut's exit codes (mutmut/stats.py); anything else is "suspicious"
STATUS = {
    1: "killed",
    3: "killed",
    0: "survived",
    5: "no tests",
    33: "no tests",
    34: "skipped",
    36: "timeout",
    -24: "timeout",
    24: "timeout",
    152: "timeout",
    255: "timeout",
    -11: "segfault",
    -9: "segfault",
    None: "not checked",
}
CAUGHT = {"killed", "timeout", "segfault"}


@dataclass
class PackageScore:
    """The verdicts of one package's mutants."""

    by_status: Counter[str] = field(default_factory=Counter)
    equivalent: list[str] = field(default_factory=list)
    left: list[tuple[str, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def caught(self) -> int:
        return sum(self.by_status[s] for s in CAUGHT)

    @property
    def rate(self) -> float:
        judged = self.total - len(self.equivalent) - self.by_status["not checked"]
        return self.caught / judged if judged else 1.0


def equivalent_names() -> set[str]:
    """Mutant names listed (in backticks, first column) in the equivalent*.md files."""
    names: set[str] = set()
    for path in EQUIVALENT:
        names |= set(re.findall(r"^\|\s*`([\w.ǁ]+__mutmut_\d+)`", path.read_text(), re.M))
    return names


def verdicts(stage: Path) -> dict[str, int | None]:
    """Every mutant's exit code (None: not checked) in a stage's ``mutants/``."""
    codes: dict[str, int | None] = {}
    for meta in sorted((stage / "mutants").rglob("*.py.meta")):
        codes.update(json.loads(meta.read_text())["exit_code_by_key"])
    return codes


def score(stage: Path, earlier: Path | None = None) -> PackageScore:
    known = equivalent_names()
    result = PackageScore()
    codes = verdicts(stage)
    if earlier is not None:
        before = verdicts(earlier)
        codes = {name: before.get(name) if code is None else code for name, code in codes.items()}
    if True:
        for name, code in sorted(codes.items()):
            status = STATUS.get(code, "suspicious")
            result.by_status[status] += 1
            if status in CAUGHT or status == "not checked":
                continue
            if name in known:
                result.equivalent.append(name)
            else:
                result.left.append((name, status))
    return result


def by_file(stage: Path, earlier: Path | None = None) -> dict[str, Counter[str]]:
    """Verdicts per source file (the module part of a mutant's name)."""
    result = score(stage, earlier)
    files: dict[str, Counter[str]] = {}
    codes = verdicts(stage)
    before = verdicts(earlier) if earlier is not None else {}
    for name, code in codes.items():
        code = before.get(name) if code is None else code
        module = name.split(".x", 1)[0] if ".x" in name else name.rsplit(".", 1)[0]
        status = STATUS.get(code, "suspicious")
        if name in result.equivalent:
            status = "equivalent"
        files.setdefault(module, Counter())[status] += 1
    return files


def wilson(caught: int, judged: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson's score interval for a kill rate measured on a random sample of mutants."""
    if not judged:
        return 0.0, 1.0
    p = caught / judged
    centre = (p + z * z / (2 * judged)) / (1 + z * z / judged)
    spread = (p * (1 - p) / judged + z * z / (4 * judged * judged)) ** 0.5
    half = z * spread / (1 + z * z / judged)
    return max(0.0, centre - half), min(1.0, centre + half)


def main(stage: Path, earlier: Path | None = None) -> None:
    for module, counts in sorted(by_file(stage, earlier).items()):
        caught = sum(counts[s] for s in CAUGHT)
        judged = sum(counts.values()) - counts["equivalent"] - counts["not checked"]
        print(f"  {module:40} {caught:5} / {judged:5} caught  {dict(counts)}")
    result = score(stage, earlier)
    print(
        f"\n{stage.name}: {result.caught} caught of {result.total} mutants "
        f"({dict(result.by_status)}); {len(result.equivalent)} triaged equivalent"
    )
    judged = result.total - len(result.equivalent) - result.by_status["not checked"]
    low, high = wilson(result.caught, judged)
    print(
        f"kill rate of non-equivalent mutants: {result.rate:.1%} of {judged} checked"
        f" (95% interval {low:.1%}-{high:.1%}, if they are a random sample)"
    )
    for name, status in result.left:
        print(f"  {status:10} {name}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else None)
