"""The report's ``gaps`` and ``plan`` parts alone: time and peak memory, this tree against
other commits.

    python bench/bench_gaps_plan.py                         # 2,000 20,000 100,000
    python bench/bench_gaps_plan.py --against a47712a --repeat 3   # before and after
    taskset -c 1 python bench/bench_gaps_plan.py ...        # one core, on a shared machine

For each demo size (``graphkit demo`` tables, seed 7, as of 2026-11-01) and each tree (this
one, and with ``--against REV…`` those commits' ``graphkit/``, exported by ``git
archive``), a new process builds the network (nothing cached on it: the first step to need
the reach edges pays for them) and times ``Analysis.part("gaps")``, then the PageRank the
plan ranks by (``pagerank``; the whole report takes it from the centrality table, computed
before), then ``Analysis.part("plan")``, as the whole report runs them. Memory is each
step's peak resident set above the resident set it started from (Linux:
``/proc/self/clear_refs`` resets the peak between the steps). Each repeat runs every tree
once, in turn, so that other load on the machine hits them alike; the minimum times are
printed, and the largest peaks.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Runs in a new process: PYTHONPATH picks the tree.
_CHILD = r"""
import datetime as dt, json, sys, time
import graphkit
from graphkit.analysis.options import AnalysisOptions
from graphkit.analysis.report import Analysis
from graphkit.demo import generate_tables
from graphkit.model import Snapshot
from graphkit.network import build_network

def kb(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0

def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass

size, repeat = int(sys.argv[1]), int(sys.argv[2])
snap = Snapshot(**generate_tables(size=size, seed=7, as_of=dt.date(2026, 11, 1)))
options = AnalysisOptions(as_of=dt.date(2026, 11, 1))
for _ in range(repeat):
    analysis = Analysis(build_network(snap), options)
    row = {"tree": graphkit.__file__}
    steps = {
        "gaps": lambda: analysis.part("gaps"),
        "pagerank": lambda: analysis._plan_score,
        "plan": lambda: analysis.part("plan"),
    }
    for step, run in steps.items():
        reset_peak()
        start_kb = kb("VmRSS")
        t = time.perf_counter()
        run()
        row[step] = time.perf_counter() - t
        row[step + "_mb"] = (kb("VmHWM") - start_kb) / 1024
    row["rss_mb"] = kb("VmRSS") / 1024
    print(json.dumps(row), flush=True)
"""


def _export(rev: str, into: Path) -> Path:
    into.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "graphkit"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def _run(tree: Path, size: int, repeat: int) -> list[dict[str, float]]:
    env = {**os.environ, "PYTHONPATH": str(tree), "OMP_NUM_THREADS": "1"}
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(size), str(repeat)],
        env=env,
        cwd=tree,  # python -c puts the working directory first on sys.path
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rows = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    for row in rows:
        assert Path(str(row["tree"])).is_relative_to(tree), (row["tree"], tree)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000, 100000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--against", nargs="*", default=[], help="commits to compare with (e.g. a47712a)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        trees = {"this tree": ROOT}
        for rev in args.against:
            trees[rev] = _export(rev, Path(tmp) / rev)
        print(
            f"{'size':>8} {'tree':>10} {'gaps s':>8} {'pagerank':>8} {'plan s':>8} "
            f"{'g+p s':>8} {'gaps MB':>8} {'pr MB':>8} {'plan MB':>8}"
        )
        for size in args.sizes:
            results: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
            for _ in range(args.repeat):  # the trees interleaved, one process each time
                for name, tree in trees.items():
                    results[name] += _run(tree, size, 1)
            for name, rows in results.items():
                best = {k: min(r[k] for r in rows) for k in ("gaps", "pagerank", "plan")}
                both = min(r["gaps"] + r["plan"] for r in rows)
                peak = {k: max(r[k + "_mb"] for r in rows) for k in ("gaps", "pagerank", "plan")}
                print(
                    f"{size:>8} {name[:10]:>10} {best['gaps']:8.3f} {best['pagerank']:8.3f} "
                    f"{best['plan']:8.3f} {both:8.3f} {peak['gaps']:8.0f} "
                    f"{peak['pagerank']:8.0f} {peak['plan']:8.0f}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
