"""Benchmark: graphkit's centralities against NetworkX and igraph, side by side.

Seeded random PMO-like networks of 2,000 stakeholders / 10,000 ties and 5,000 / 25,000.
Betweenness, closeness and harmonic centrality come from one fused pass
(``path_centrality``, all cores), timed once against NetworkX's and igraph's three
separate calls; the differences to NetworkX are printed per measure.
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

from analysis_networks import pmo_snapshot, reference_graph

from graphkit.analysis import centrality as C
from graphkit.network import build_network

SIZES = ((2_000, 10_000), (5_000, 25_000))

PATHS = ("betweenness", "closeness", "harmonic")
NETWORKX = {
    "degree": lambda G: dict(G.degree()),
    "betweenness": lambda G: nx.betweenness_centrality(G, weight="distance"),
    "closeness": lambda G: nx.closeness_centrality(G, distance="distance"),
    "harmonic": lambda G: nx.harmonic_centrality(G, distance="distance"),
    "pagerank": lambda G: nx.pagerank(G, weight="weight", tol=1e-10),
    "eigenvector": lambda G: nx.eigenvector_centrality(
        G, weight="weight", max_iter=1000, tol=1e-10
    ),
}
OURS = {"degree": C.degree, "pagerank": C.pagerank, "eigenvector": C.eigenvector}


def igraph_paths(net):
    distance = net.distance.tolist()
    g = net.graph
    g.betweenness(weights=distance)
    g.closeness(weights=distance)
    g.harmonic_centrality(weights=distance)


def timed(fn, arg):
    t = time.perf_counter()
    out = fn(arg)
    return out, time.perf_counter() - t


def main() -> None:
    print(
        f"{'network':>16} {'metric':>12} {'graphkit s':>11} {'networkx s':>11} "
        f"{'ratio':>8} {'max |diff|':>11}"
    )
    C.path_centrality(build_network(pmo_snapshot(300, 1000, seed=1)))  # load the kernels
    for n, m in SIZES:
        snap = pmo_snapshot(n, m, seed=7)
        net, t_build = timed(build_network, snap)
        G = reference_graph(snap)
        label = f"{n}/{net.m}"
        print(f"{label:>16} {'build':>12} {t_build:11.4f}")
        paths, t_paths = timed(C.path_centrality, net)
        _, t_igraph = timed(igraph_paths, net)
        total_gk, total_nx = t_paths, 0.0
        t_nx_paths = 0.0
        for name, theirs in NETWORKX.items():
            b, t_b = timed(theirs, G)
            b = np.array([b[i] for i in net.ids])
            total_nx += t_b
            if name in PATHS:
                a, t_a = getattr(paths, name), float("nan")
                t_nx_paths += t_b
            else:
                a, t_a = timed(OURS[name], net)
                total_gk += t_a
            print(
                f"{label:>16} {name:>12} {t_a:11.4f} {t_b:11.4f} {t_b / t_a:7.1f}x "
                f"{np.max(np.abs(np.asarray(a, float) - b)):11.2e}"
            )
        print(
            f"{label:>16} {'3 path (1 pass)':>12} {t_paths:11.4f} {t_nx_paths:11.4f} "
            f"{t_nx_paths / t_paths:7.1f}x   (igraph's 3 calls {t_igraph:.4f} s, "
            f"{t_igraph / t_paths:.1f}x)"
        )
        print(
            f"{label:>16} {'all six':>12} {total_gk:11.4f} {total_nx:11.4f} "
            f"{total_nx / total_gk:7.1f}x"
        )


if __name__ == "__main__":
    main()
