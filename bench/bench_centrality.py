"""Benchmark: graphkit's six centralities (igraph/scipy) against NetworkX, side by side.

Seeded random PMO-like networks of 2,000 stakeholders / 10,000 ties and 5,000 / 25,000.
Run: ``python bench/bench_centrality.py`` (prints times, speed-ups and max differences).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import networkx as nx
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from analysis_networks import pmo_snapshot, reference_graph  # noqa: E402
from graphkit.analysis import centrality as C  # noqa: E402
from graphkit.network import build_network  # noqa: E402

SIZES = ((2_000, 10_000), (5_000, 25_000))

METRICS = {
    "degree": (lambda net: C.degree(net),
               lambda G: dict(G.degree())),
    "betweenness": (lambda net: C.betweenness(net)[0],
                    lambda G: nx.betweenness_centrality(G, weight="distance")),
    "closeness": (lambda net: C.closeness(net),
                  lambda G: nx.closeness_centrality(G, distance="distance")),
    "harmonic": (lambda net: C.harmonic(net),
                 lambda G: nx.harmonic_centrality(G, distance="distance")),
    "pagerank": (lambda net: C.pagerank(net),
                 lambda G: nx.pagerank(G, weight="weight", tol=1e-10)),
    "eigenvector": (lambda net: C.eigenvector(net),
                    lambda G: nx.eigenvector_centrality(G, weight="weight", max_iter=1000,
                                                        tol=1e-10)),
}


def timed(fn, arg):
    t = time.perf_counter()
    out = fn(arg)
    return out, time.perf_counter() - t


def main() -> None:
    print(f"{'network':>16} {'metric':>12} {'graphkit s':>11} {'networkx s':>11} "
          f"{'ratio':>8} {'max |diff|':>11}")
    for n, m in SIZES:
        snap = pmo_snapshot(n, m, seed=7)
        net, t_build = timed(build_network, snap)
        G = reference_graph(snap)
        label = f"{n}/{net.m}"
        print(f"{label:>16} {'build':>12} {t_build:11.4f}")
        total_gk = total_nx = 0.0
        for name, (ours, theirs) in METRICS.items():
            a, t_a = timed(ours, net)
            b, t_b = timed(theirs, G)
            b = np.array([b[i] for i in net.ids])
            total_gk += t_a
            total_nx += t_b
            print(f"{label:>16} {name:>12} {t_a:11.4f} {t_b:11.4f} {t_b / max(t_a, 1e-9):7.1f}x "
                  f"{np.max(np.abs(np.asarray(a, float) - b)):11.2e}")
        print(f"{label:>16} {'all six':>12} {total_gk:11.4f} {total_nx:11.4f} "
              f"{total_nx / total_gk:7.1f}x")


if __name__ == "__main__":
    main()
