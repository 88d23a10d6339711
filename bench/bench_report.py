"""The whole ``graphkit analyze`` report, side by side with NetworkX, in one run.

graphkit is timed as a user meets it: a new process (``graphkit analyze --format json``)
that starts Python, reads the snapshot from the embedded store and writes the report.
NetworkX is timed in-process on the same network, already in memory (which flatters it):
the six centralities as DESIGN.md defines them, two-step reach, articulation points and
bridges, and Louvain communities — the work behind the report's core.

    python bench/bench_report.py                    # compare at 2,000; report at 100,000
    python bench/bench_report.py --compare-size 1000 --size 20000
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from graphkit.demo import generate_tables
from graphkit.store import NetworkChange, open_store

AS_OF = dt.date(2026, 11, 1)


def load_demo(folder: Path, size: int) -> tuple[str, int]:
    location = str(folder / f"demo-{size}.lbug")
    store = open_store(location)
    tables = generate_tables(size=size, seed=7, as_of=AS_OF)
    store.apply(NetworkChange(**tables))
    touchpoints = store.counts().touchpoints
    store.close()
    return location, touchpoints


def run_analyze(location: str) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MB) of the child, bytes of JSON written."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "graphkit.cli", "--store", location, "analyze", "--format",
         "json", "--as-of", AS_OF.isoformat()], capture_output=True, check=True)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024, len(result.stdout)


def networkx_report(location: str) -> float:
    import networkx as nx

    from graphkit.network import build_network

    store = open_store(location)
    net = build_network(store.snapshot())
    store.close()
    graph = nx.Graph()
    graph.add_nodes_from(range(len(net.ids)))
    graph.add_weighted_edges_from(
        zip(net.edge_source.tolist(), net.edge_target.tolist(), net.weight.tolist()))
    for u, v, data in graph.edges(data=True):
        data["distance"] = 1.0 / data["weight"]
    started = time.perf_counter()
    dict(graph.degree())
    dict(graph.degree(weight="weight"))
    nx.betweenness_centrality(graph, weight="distance")
    nx.closeness_centrality(graph, distance="distance")
    nx.harmonic_centrality(graph, distance="distance")
    nx.pagerank(graph, alpha=0.85, weight="weight")
    for component in nx.connected_components(graph):
        if len(component) > 2:
            nx.eigenvector_centrality_numpy(graph.subgraph(component), weight="weight")
    for node in graph:
        nx.single_source_shortest_path_length(graph, node, cutoff=2)
    list(nx.articulation_points(graph))
    list(nx.bridges(graph))
    nx.community.louvain_communities(graph, weight="weight", seed=42)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--compare-size", type=int, default=2000,
                        help="stakeholders for the side-by-side run (0 to skip)")
    parser.add_argument("--size", type=int, default=100_000,
                        help="stakeholders for the large report (0 to skip)")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.compare_size:
            location, ties = load_demo(folder, args.compare_size)
            ours, peak, size = run_analyze(location)
            theirs = networkx_report(location)
            print(f"{args.compare_size:,} stakeholders / {ties:,} touchpoints: graphkit analyze "
                  f"{ours:.2f} s (new process, store read, {size / 1e6:.1f} MB JSON, peak "
                  f"{peak:,.0f} MB); NetworkX core {theirs:.2f} s; ratio {theirs / ours:.1f}x")
        if args.size:
            started = time.perf_counter()
            location, ties = load_demo(folder, args.size)
            print(f"loaded {args.size:,} stakeholders / {ties:,} touchpoints in "
                  f"{time.perf_counter() - started:.1f} s")
            ours, peak, size = run_analyze(location)
            print(f"{args.size:,} stakeholders / {ties:,} touchpoints: graphkit analyze "
                  f"{ours:.1f} s, peak memory {peak:,.0f} MB, {size / 1e6:.1f} MB JSON "
                  "(sampled betweenness, closeness, harmonic)")


if __name__ == "__main__":
    main()
