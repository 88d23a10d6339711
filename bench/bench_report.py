"""graphkit's whole report against the bare library calls it needs, side by side, in one run.

    python bench/bench_report.py                          # 2,000 5,000 20,000 100,000
    python bench/bench_report.py --sizes 2000 5000 --repeat 3

Needs the bench extra (``pip install -e '.[test,bench]'``: NetworKit, NetworkX, psutil).

For each demo size (``graphkit demo``, seed 7) the run builds the embedded store once
(``--keep DIR`` keeps the stores between runs), then, ``--repeat`` times and interleaved
so that other load on the machine hits every column alike:

* **graphkit** — ``graphkit analyze --format json`` as a user meets it: a new process
  that starts Python, loads the compiled kernels from their cache, reads the store and
  writes the whole report (every part: centrality, reach, gaps, communities, plan).
  Peak memory is that process's own maximum resident set.
* **igraph floor** — the bare igraph calls behind the report's core, in-process on the
  graph already built: degree, strength, betweenness, closeness and harmonic centrality
  (by ``distance``), PageRank, eigenvector centrality, components, two-step reach,
  articulation points, bridges, Leiden communities. Above ``--igraph-exact-limit`` the
  three all-pairs passes are timed from a random sample of the sources (a twentieth, at
  most 200) and scaled up to all of them (marked ``~``).
* **graphkit in-process** — ``centrality_table`` alone on the graph already built (the
  same scope as the igraph and NetworKit columns; kernels already loaded), with the
  report's default budget and ε.
* **NetworKit** — the same outputs from NetworKit on all cores: exact ``Betweenness``,
  ``Closeness`` (generalized, i.e. Wasserman–Faust) and ``HarmonicCloseness`` where
  graphkit is exact; where graphkit estimates, ``EstimateBetweenness`` and Dijkstra from
  as many pivots as graphkit used (NetworKit's ``ApproxBetweenness`` with the same
  (ε, δ) runs a full Dijkstra per sample and is far slower); plus PageRank, eigenvector,
  components and PLM communities.
* **NetworKit, same guarantee** — where graphkit estimates, NetworKit's own
  Riondato–Kornaropoulos (``ApproxBetweenness``) at the same (ε, δ), timed at 10ε and
  scaled by 100 (printed on its own line).
* **NetworkX** — the reference definitions, in-process, at sizes up to
  ``--networkx-limit`` (2,000) only: it takes minutes.

Minimum times are printed with the ratios (engine time / graphkit time: above 1 means
graphkit is faster). The machine's other load is printed too: on a shared machine read
the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from graphkit.analysis import centrality as C
from graphkit.analysis.options import AnalysisOptions
from graphkit.demo import generate_tables
from graphkit.network import Network, build_network
from graphkit.store import NetworkChange, open_store
from graphkit.store.port import Snapshot

AS_OF = dt.date(2026, 11, 1)
PEAK_MARK = "graphkit-bench-peak-kb="

# Runs the CLI in this process and reports its own peak resident memory on stderr. The
# peak is VmHWM, the high-water mark of this process's own memory map: getrusage's
# ru_maxrss is not, because Linux carries the parent's high-water mark into a child
# across fork and exec, so it read this benchmark's own 0.9-2 GB at 100,000.
_CHILD = (
    "import runpy, sys\n"
    "sys.argv = ['graphkit'] + sys.argv[1:]\n"
    "try:\n"
    "    runpy.run_module('graphkit.cli', run_name='__main__')\n"
    "finally:\n"
    "    hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM:')]\n"
    f"    print('{PEAK_MARK}%d' % int(hwm[0].split()[1]), file=sys.stderr)\n"
)


# A user's graphkit runs from bytecode that pip compiled at install; a shell that sets
# PYTHONDONTWRITEBYTECODE would have every run compile the package again (0.05-0.07 s).
_AS_INSTALLED = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def compile_as_installed() -> None:
    """Write the bytecode pip would have written, so no timed run pays for it."""
    for package in ("graphkit", "graphkit.api", "graphkit.visualisations", "graphkit.cypher"):
        spec = importlib.util.find_spec(package)
        for folder in (spec.submodule_search_locations or []) if spec else []:
            compileall.compile_dir(folder, quiet=1)


def load_demo(folder: Path, size: int) -> str:
    location = folder / f"demo-{size}.lbug"
    if not location.exists():
        store = open_store(str(location))
        store.apply(NetworkChange(**generate_tables(size=size, seed=7, as_of=AS_OF)))
        store.close()
    return str(location)


def run_graphkit(location: str) -> tuple[float, float, dict[str, Any]]:
    """Wall seconds, peak MB, and the report's network and centrality_method."""
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _CHILD,
            "--store",
            location,
            "analyze",
            "--format",
            "json",
            "--as-of",
            AS_OF.isoformat(),
        ],
        capture_output=True,
        check=True,
        text=True,
        env=_AS_INSTALLED,
    )
    elapsed = time.perf_counter() - started
    peak_kb = next(
        int(line.split("=", 1)[1])
        for line in done.stderr.splitlines()
        if line.startswith(PEAK_MARK)
    )
    report = json.loads(done.stdout)
    return (
        elapsed,
        peak_kb / 1024,
        {"network": report["network"], "method": report["centrality_method"]},
    )


def timed(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _weighted(net: Network) -> Any:
    """The ties as igraph's own users would hold them: weights as edge attributes."""
    g = net.graph.copy()
    g.es["weight"] = net.weight.tolist()
    g.es["distance"] = net.distance.tolist()
    return g


def igraph_floor(net: Network, exact_limit: int) -> tuple[float, bool]:
    """Seconds of the bare igraph calls; True when the path passes were extrapolated."""
    g = _weighted(net)
    n = net.n
    rest = timed(
        lambda: (
            g.degree(),
            g.strength(weights="weight"),
            g.pagerank(weights="weight", implementation="arpack"),
            g.eigenvector_centrality(weights="weight"),
            g.connected_components(),
            g.neighborhood_size(order=2),
            g.articulation_points(),
            g.bridges(),
            g.community_leiden(objective_function="modularity", weights="weight"),
        )
    )
    if n <= exact_limit:
        paths = timed(
            lambda: (
                g.betweenness(weights="distance"),
                g.closeness(weights="distance"),
                g.harmonic_centrality(weights="distance"),
            )
        )
        return rest + paths, False
    share = np.random.default_rng(1).choice(n, max(1, min(n // 20, 200)), replace=False).tolist()
    paths = timed(
        lambda: (
            g.betweenness(weights="distance", sources=share),
            g.closeness(vertices=share, weights="distance"),
            g.harmonic_centrality(vertices=share, weights="distance"),
        )
    )
    return rest + paths * n / len(share), True


def networkit_rk(net: Network, epsilon: float, delta: float) -> float:
    """NetworKit's Riondato–Kornaropoulos (``ApproxBetweenness``) for the same (ε, δ).

    It runs a full Dijkstra per sampled path, so it is timed at 10ε (a hundredth of the
    paths: the sample size goes with 1/ε²) and scaled up.
    """
    import networkit as nk

    nk.setNumberOfThreads(os.cpu_count() or 1)
    g = nk.Graph(net.n, weighted=True, directed=net.directed)
    for s, t, d in zip(net.edge_source.tolist(), net.edge_target.tolist(), net.distance.tolist()):
        g.addEdge(s, t, d)
    coarse = min(0.5, 10 * epsilon)
    return (
        timed(nk.centrality.ApproxBetweenness(g, epsilon=coarse, delta=delta).run)
        * (coarse / epsilon) ** 2
    )


def networkit_calls(net: Network, pivots: int | None) -> float:
    import networkit as nk

    nk.setNumberOfThreads(os.cpu_count() or 1)
    g = nk.Graph(net.n, weighted=True, directed=net.directed)
    for s, t, d in zip(net.edge_source.tolist(), net.edge_target.tolist(), net.distance.tolist()):
        g.addEdge(s, t, d)
    gw = nk.Graph(net.n, weighted=True, directed=net.directed)
    for s, t, w in zip(net.edge_source.tolist(), net.edge_target.tolist(), net.weight.tolist()):
        gw.addEdge(s, t, w)

    def paths() -> None:
        if pivots is None:
            nk.centrality.Betweenness(g, normalized=True).run()
            nk.centrality.Closeness(g, True, nk.centrality.ClosenessVariant.GENERALIZED).run()
            nk.centrality.HarmonicCloseness(g, normalized=False).run()
        else:
            nk.centrality.EstimateBetweenness(g, pivots, normalized=True, parallel=True).run()
            chosen = np.random.default_rng(1).choice(net.n, pivots, replace=False)
            harm = np.zeros(net.n)
            total = np.zeros(net.n)
            for s in chosen.tolist():
                sssp = nk.distance.Dijkstra(g, s, storePaths=False)
                sssp.run()
                d = np.asarray(sssp.getDistances())
                ok = (d > 0) & (d < 1e300)
                harm[ok] += 1 / d[ok]
                total[ok] += d[ok]

    def rest() -> None:
        nk.centrality.DegreeCentrality(g).run()
        nk.centrality.PageRank(gw, damp=0.85).run()
        nk.centrality.EigenvectorCentrality(gw).run()
        nk.components.ConnectedComponents(g).run()
        nk.community.PLM(gw, refine=False).run()

    return timed(paths) + timed(rest)


def networkx_calls(net: Network) -> float:
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(range(net.n))
    for s, t, w, d in zip(
        net.edge_source.tolist(),
        net.edge_target.tolist(),
        net.weight.tolist(),
        net.distance.tolist(),
    ):
        graph.add_edge(s, t, weight=w, distance=d)

    def calls() -> None:
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

    return timed(calls)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 5000, 20_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3, help="interleaved runs; minimum kept")
    parser.add_argument("--networkx-limit", type=int, default=2000)
    parser.add_argument("--igraph-exact-limit", type=int, default=5000)
    parser.add_argument("--keep", type=Path, help="keep the demo stores in this folder")
    args = parser.parse_args()
    compile_as_installed()
    defaults = AnalysisOptions()
    C.path_centrality(build_network(Snapshot(**generate_tables(size=300))))  # load kernels
    print(
        f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; "
        f"python {sys.version.split()[0]}",
        flush=True,
    )
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for size in args.sizes:
            location = load_demo(folder, size)
            store = open_store(location)
            net = build_network(store.snapshot())
            store.close()
            best: dict[str, float] = {}
            peak = 0.0
            info: dict[str, Any] = {}
            approx = False

            def keep(name: str, seconds: float, best: dict[str, float] = best) -> None:
                best[name] = min(best.get(name, float("inf")), seconds)

            for _ in range(args.repeat):
                seconds, mb, info = run_graphkit(location)
                keep("graphkit", seconds)
                peak = max(peak, mb)
                method = info["method"]
                pivots = None if method["method"] == "exact" else method["sources"]
                keep(
                    "in-process",
                    timed(
                        partial(
                            C.centrality_table,
                            net,
                            budget_seconds=defaults.centrality_budget_seconds,
                            epsilon=defaults.betweenness_epsilon,
                            delta=defaults.betweenness_delta,
                        )
                    ),
                )
                floor, approx = igraph_floor(net, args.igraph_exact_limit)
                keep("igraph", floor)
                keep("networkit", networkit_calls(net, pivots))
            if size <= args.networkx_limit:
                keep("networkx", networkx_calls(net))
            method = info["method"]
            if method["method"] != "exact":
                b = method["betweenness"]
                nk_rk = networkit_rk(net, defaults.betweenness_epsilon, b["delta"])
                print(
                    f"  {size:,}: NetworKit ApproxBetweenness at ε={defaults.betweenness_epsilon}"
                    f", δ={b['delta']} (the guarantee graphkit states): ~{nk_rk:.0f} s",
                    flush=True,
                )
            if method["method"] == "exact":
                how = "exact"
            else:
                b = method["betweenness"]
                how = (
                    f"est. bc ε={b['epsilon']:.3f} δ={b['delta']}, "
                    f"{method['closeness']['samples']} pivots"
                )
            rows.append((size, net.m, best, peak, approx, how))
            print(
                f"  {size:,}: graphkit {best['graphkit']:.2f} s ({how}), peak {peak:,.0f} MB; "
                + ", ".join(f"{k} {v:.2f} s" for k, v in best.items() if k != "graphkit"),
                flush=True,
            )
    print()
    print(
        f"{'stakeholders':>12} {'ties':>9} {'graphkit s':>10} {'peak MB':>8} "
        f"{'in-proc s':>9} {'igraph s':>9} {'igraph/gk':>9} {'NetworKit s':>11} {'NK/gk':>6} "
        f"{'NetworkX s':>10} {'NX/gk':>6}  centrality"
    )
    for size, ties, best, peak, approx, how in rows:
        gk = best["graphkit"]
        ig = f"{'~' if approx else ''}{best['igraph']:.1f}"
        nxs = f"{best['networkx']:.1f}" if "networkx" in best else "-"
        nxr = f"{best['networkx'] / gk:.0f}x" if "networkx" in best else "-"
        print(
            f"{size:>12,} {ties:>9,} {gk:>10.2f} {peak:>8,.0f} "
            f"{best['in-process']:>9.2f} {ig:>9} "
            f"{best['igraph'] / gk:>8.1f}x {best['networkit']:>11.2f} "
            f"{best['networkit'] / gk:>5.1f}x {nxs:>10} {nxr:>6}  {how}"
        )
    print(f"machine load at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
