"""Betweenness, closeness and harmonic centrality across sizes: no cliff at the budget.

    python bench/bench_budget.py                         # demo sizes 2,000 … 40,000
    python bench/bench_budget.py --sizes 8000 9000 10000 11000 --budget 10

For each demo network (``graphkit demo``, seed 7, built in memory) it times
``path_centrality`` with the report's defaults (budget ``--budget`` seconds, ε 0.02,
δ 0.1) and prints whether the result is exact or estimated, the stated errors, and the
time against the previous size: the aim is no step where 10% more stakeholders cost more
than 3× the time (or less than a third of it).
"""

from __future__ import annotations

import argparse
import os
import time

from graphkit.analysis import centrality as C
from graphkit.analysis.options import AnalysisOptions
from graphkit.demo import generate_tables
from graphkit.network import build_network
from graphkit.store.port import Snapshot


def main() -> None:
    defaults = AnalysisOptions()
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[
            2000,
            4000,
            6000,
            8000,
            9000,
            10_000,
            11_000,
            12_000,
            14_000,
            17_000,
            20_000,
            22_000,
            30_000,
            40_000,
        ],
    )
    parser.add_argument("--budget", type=float, default=defaults.centrality_budget_seconds)
    parser.add_argument("--epsilon", type=float, default=defaults.betweenness_epsilon)
    args = parser.parse_args()
    print(
        f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; budget "
        f"{args.budget} s, ε {args.epsilon}"
    )
    C.path_centrality(build_network(Snapshot(**generate_tables(size=300))))  # load kernels
    print(f"{'stakeholders':>12} {'ties':>9} {'seconds':>8} {'vs prev':>8} {'exact s':>8}  method")
    previous = None
    for size in args.sizes:
        net = build_network(Snapshot(**generate_tables(size=size, seed=7)))
        started = time.perf_counter()
        result = C.path_centrality(net, budget_seconds=args.budget, epsilon=args.epsilon)
        seconds = time.perf_counter() - started
        m = result.method
        if m.exact:
            how = "exact"
        else:
            how = (
                f"RK ε={m.betweenness.epsilon:.4f} ({m.betweenness.samples:,} paths), "
                f"{m.closeness.samples} pivots (ε={m.closeness.epsilon:.3f}), δ="
                f"{m.betweenness.delta}"
            )
        step = f"{seconds / previous:7.2f}x" if previous else f"{'':>8}"
        print(
            f"{size:>12,} {net.m:>9,} {seconds:>8.2f} {step} {m.exact_seconds:>8.1f}  {how}",
            flush=True,
        )
        previous = seconds
    print(f"load at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
