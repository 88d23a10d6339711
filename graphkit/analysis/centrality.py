"""Centrality of stakeholders, defined exactly as NetworkX defines it.

Every function takes a :class:`graphkit.network.Network`; single measures come back as a
numpy array in vertex order (``net.ids[i]`` is the stakeholder of entry ``i``), several as
a dataclass of such arrays (:class:`PathCentrality`, :class:`CentralityTable`) with a
typed description of how they were computed (:class:`PathMethod`, :class:`Estimate`).
Betweenness, closeness and harmonic centrality come from one compiled Dijkstra pass per
stakeholder on every core (the C kernels of :mod:`graphkit.analysis._kernels`), within a time budget
beyond which they are estimated with a stated error (:func:`path_centrality`); PageRank
and eigenvector centrality run in igraph or scipy. The conventions are NetworkX's, which
is the reference (README, "Analysis") and is what the tests compare against.

Weights and distances
---------------------
A tie's ``weight`` is touches a month (Σ strength × 30 / cadence_days) and its
``distance`` is ``1 / weight``. Metrics built on shortest paths — betweenness, closeness
and harmonic centrality — use the **distance** (a weekly tie is a shorter path than a
quarterly one), i.e. they equal ``networkx.betweenness_centrality(G, weight="distance")``,
``networkx.closeness_centrality(G, distance="distance")`` and
``networkx.harmonic_centrality(G, distance="distance")``. Metrics built on adjacency —
weighted degree, PageRank and eigenvector centrality — use the **weight**. ``degree`` is
a plain count of distinct neighbours.

Directed networks follow NetworkX: closeness and harmonic centrality measure *incoming*
distance (how easily others reach the stakeholder), PageRank follows arcs, eigenvector
centrality is the left (in-edge) eigenvector; ``degree`` counts distinct neighbours in
either direction and ``weighted_degree`` is in + out weight.

Ties of equal length
--------------------
NetworkX compares path lengths exactly, and so does the kernel here, in the same
floating-point operation (``dist[v] + length == dist[w]``), so the results are NetworkX's.
(igraph compares with a relative tolerance of 1e-10: where two paths are equal in exact
arithmetic but their float sums differ in the last bit, igraph counts both and NetworkX one,
and on the demo networks its betweenness differs from NetworkX's beyond 1e-9.) The
estimators join the two halves of a bidirectional search with a 1e-10 tolerance.
"""

from __future__ import annotations

import math
import time
import warnings
from dataclasses import asdict, dataclass
from typing import Any, ClassVar

import numpy as np

from graphkit.analysis import _kernels, cores
from graphkit.model import CENTRALITY_MEASURES
from graphkit.network import Arcs, Network, arcs, seeded_igraph

__all__ = [
    "CentralityTable",
    "Estimate",
    "PathCentrality",
    "PathMethod",
    "RankedStakeholder",
    "Roles",
    "betweenness",
    "centrality_table",
    "closeness",
    "degree",
    "eigenvector",
    "harmonic",
    "pagerank",
    "path_centrality",
    "rk_samples",
    "roles",
    "weighted_degree",
]


def degree(net: Network) -> np.ndarray:
    """Number of distinct neighbours of each stakeholder.

    Parameters
    ----------
    net : Network

    Returns
    -------
    numpy.ndarray of int
        Distinct neighbours (in either direction when the network is directed).

    Examples
    --------
    >>> from graphkit.network import build_network
    >>> # net = build_network(snapshot); degree(net)[net.index["alice"]]

    Notes
    -----
    Equals ``G.degree(v)`` for the undirected NetworkX graph (ties are folded, so there are
    no parallel edges), and ``G.to_undirected().degree(v)`` when directed.

    References
    ----------
    .. [1] Freeman, L. C. (1978). Centrality in social networks conceptual clarification.
       Social Networks 1(3), 215–239.
    """
    n = net.n
    if not net.directed:
        return np.asarray(net.graph.degree(), dtype=np.int64)
    a = np.minimum(net.edge_source, net.edge_target)
    b = np.maximum(net.edge_source, net.edge_target)
    pairs = np.unique(a * max(n, 1) + b)
    u, v = pairs // max(n, 1), pairs % max(n, 1)
    return (np.bincount(u, minlength=n) + np.bincount(v, minlength=n)).astype(np.int64)


def weighted_degree(net: Network) -> np.ndarray:
    """Sum of the weights (touches a month) of a stakeholder's ties.

    Parameters
    ----------
    net : Network

    Returns
    -------
    numpy.ndarray of float
        As ``G.degree(v, weight="weight")`` in NetworkX (in + out when directed).

    References
    ----------
    .. [1] Barrat, A., Barthélemy, M., Pastor-Satorras, R., Vespignani, A. (2004). The
       architecture of complex weighted networks. PNAS 101(11), 3747–3752.
    """
    n = net.n
    return np.bincount(net.edge_source, weights=net.weight, minlength=n) + np.bincount(
        net.edge_target, weights=net.weight, minlength=n
    )


# --- betweenness, closeness and harmonic: one pass per source ---------------------------------

#: Riondato–Kornaropoulos' universal constant c in r = c/ε² (⌊log2(VD − 2)⌋ + 1 + ln 1/δ).
#: The paper suggests about 0.5 (after Löffler and Phillips); 1.0, NetworKit's default for
#: the same estimator, is the conservative choice: the guarantee then holds for certain.
RK_CONSTANT = 1.0
#: Share of an over-budget run spent on pivots for closeness and harmonic centrality; the
#: rest goes to the betweenness sample (which never gets less than its (ε, δ) needs).
PIVOT_SHARE = 0.5
#: Components up to this size are computed exactly even when the rest is estimated: they
#: cost little, and pivots drawn from the whole network would mostly miss them.
SMALL_COMPONENT = 256


@dataclass(frozen=True)
class Estimate:
    """How one measure was obtained, and how far from exact it can be.

    Attributes
    ----------
    method : str
        ``"exact"``; ``"riondato-kornaropoulos"`` (betweenness from ``samples`` random
        shortest paths); ``"eppstein-wang"`` (closeness or harmonic centrality from
        ``samples`` pivot sources).
    samples : int
        Sampled shortest paths or pivots (0 when exact).
    epsilon, delta : float or None
        With probability at least ``1 - delta`` every stakeholder's value is within
        ``epsilon`` (in the unit ``bound`` names) of the exact one.
    bound : str
        What ``epsilon`` bounds, in words.
    """

    # the API's schema is this type (graphkit.api.schemas): an unknown key is refused
    __pydantic_config__: ClassVar[dict[str, str]] = {"extra": "forbid"}

    method: str
    samples: int = 0
    epsilon: float | None = None
    delta: float | None = None
    bound: str = ""

    @property
    def exact(self) -> bool:
        return self.method == "exact"


EXACT = Estimate("exact")


@dataclass(frozen=True)
class PathMethod:
    """How betweenness, closeness and harmonic centrality were computed in one run.

    Attributes
    ----------
    exact : bool
        All three exact (the whole pass fitted ``budget_seconds``).
    betweenness, closeness, harmonic : Estimate
    budget_seconds : float or None
        The time budget (None: exact whatever it costs).
    exact_seconds : float
        Wall time the exact pass took, or was forecast to take from the timed sources.
    seconds : float
        Wall time actually spent.
    sources : int
        Single-source passes run (all stakeholders when exact; the pivots otherwise).
    threads : int
    seed : int
    weighted : bool
    vertex_diameter_bound : int
        Upper bound on the stakeholders on one shortest path (the estimate's VD).
    """

    exact: bool
    betweenness: Estimate
    closeness: Estimate
    harmonic: Estimate
    budget_seconds: float | None
    exact_seconds: float
    seconds: float
    sources: int
    threads: int
    seed: int
    weighted: bool = True
    vertex_diameter_bound: int = 0

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (the report's ``centrality_method``).

        Exact results carry no timings, so the same network gives the same report; an
        estimate says what the exact pass was forecast to cost and what it spent instead.
        """
        out = asdict(self)
        out["method"] = "exact" if self.exact else "estimated"
        del out["exact"]
        if self.exact:
            del out["exact_seconds"], out["seconds"], out["vertex_diameter_bound"]
        else:
            out["exact_seconds"] = round(self.exact_seconds, 1)
            out["seconds"] = round(self.seconds, 1)
        return out


@dataclass(frozen=True)
class PathCentrality:
    """Betweenness, closeness and harmonic centrality from one pass per source.

    Attributes
    ----------
    betweenness, closeness, harmonic : numpy.ndarray
        In vertex order, as NetworkX defines them (module docstring).
    method : PathMethod
    """

    betweenness: np.ndarray
    closeness: np.ndarray
    harmonic: np.ndarray
    method: PathMethod


@dataclass(frozen=True)
class _Arcs:
    """The graph as CSR arcs for the kernels (``graphkit/analysis/_kernels.c``): out-arcs,
    and in-arcs (the same when undirected)."""

    out: Arcs
    into: Arcs

    @property
    def n(self) -> int:
        return self.out.n

    def kernel_args(
        self,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        o, i = self.out, self.into
        assert o.length is not None and i.length is not None
        return (o.ptr, o.head, o.length, i.ptr, i.head, i.length)


def _arcs(net: Network, weighted: bool) -> _Arcs:
    length = net.distance if weighted else np.ones(net.m)
    s, t = net.edge_source, net.edge_target
    if net.directed:
        return _Arcs(
            arcs(net.n, s, t, both_ways=False, length=length),
            arcs(net.n, t, s, both_ways=False, length=length),
        )
    both = arcs(net.n, s, t, both_ways=True, length=length)
    return _Arcs(both, both)


def _threads(threads: int | None, n: int) -> int:
    return cores.threads_for(threads, n)


def _run_sources(arcs: _Arcs, sources: np.ndarray, threads: int) -> tuple[np.ndarray, np.ndarray]:
    """Sums (rows: betweenness, harmonic, distance_sum, reached_by) and eccentricities."""
    n = arcs.n
    farthest = np.zeros(len(sources))
    threads = max(1, min(threads, len(sources)))
    parts = [np.zeros((4, n)) for _ in range(threads)]
    # strided shares: neighbouring sources cost alike, so every thread gets a fair mix
    shares = [np.arange(i, len(sources), threads) for i in range(threads)]

    def work(i: int) -> None:
        ecc = np.zeros(len(shares[i]))
        acc = parts[i]
        _kernels.accumulate_sources(
            *arcs.kernel_args(),
            sources[shares[i]].astype(np.int64),
            acc[0],
            acc[1],
            acc[2],
            acc[3],
            ecc,
        )
        farthest[shares[i]] = ecc

    cores.in_parallel(work, range(threads))
    total = parts[0]
    for extra in parts[1:]:
        total += extra
    return total, farthest


def _run_samples(arcs: _Arcs, first: int, count: int, seed: int, threads: int) -> np.ndarray:
    """Hits per vertex of ``count`` sampled shortest paths (samples first..first+count-1)."""
    n = arcs.n
    threads = max(1, min(threads, count))
    bounds = np.linspace(first, first + count, threads + 1).astype(np.int64)
    parts = [np.zeros(n) for _ in range(threads)]

    def work(i: int) -> None:
        _kernels.sample_shortest_paths(
            *arcs.kernel_args(), int(bounds[i]), int(bounds[i + 1] - bounds[i]), seed, parts[i]
        )

    cores.in_parallel(work, range(threads))
    hits: np.ndarray = np.sum(parts, axis=0)
    return hits


def _components(net: Network) -> tuple[np.ndarray, np.ndarray]:
    """(Weak) component of each vertex and the size of each component."""
    memb = np.asarray(net.graph.connected_components(mode="weak").membership, dtype=np.int64)
    return memb, np.bincount(memb)


def rk_samples(epsilon: float, delta: float, vertex_diameter: int) -> int:
    """Sampled shortest paths Riondato–Kornaropoulos need for (ε, δ) on their scale.

    ``r = c/ε² (⌊log2(VD − 2)⌋ + 1 + ln(1/δ))`` with ``c =`` :data:`RK_CONSTANT`.
    """
    log_term = math.floor(math.log2(max(vertex_diameter - 2, 1))) + 1 + math.log(1 / delta)
    return math.ceil(RK_CONSTANT / epsilon**2 * log_term)


def _rk_epsilon(samples: int, delta: float, vertex_diameter: int) -> float:
    log_term = math.floor(math.log2(max(vertex_diameter - 2, 1))) + 1 + math.log(1 / delta)
    return math.sqrt(RK_CONSTANT * log_term / samples)


def _vertex_diameter_bound(
    net: Network,
    tie_length: np.ndarray,
    memb: np.ndarray,
    sizes: np.ndarray,
    sources: np.ndarray,
    farthest: np.ndarray,
) -> int:
    """An upper bound on the stakeholders on any shortest path (RK's vertex diameter VD).

    A simple path has at most as many vertices as its component. Undirected, a component
    holding a source ``s`` has no shortest path longer than ``2 ecc(s)``, and a path of h
    ties is at least as long as the h shortest ties of the network together.
    """
    bound = sizes.copy()
    if not net.directed and len(sources):
        diam = np.full(len(sizes), np.inf)
        np.minimum.at(diam, memb[sources], 2.0 * farthest)
        shortest = np.cumsum(np.sort(tie_length))
        hops = np.searchsorted(shortest, np.where(np.isfinite(diam), diam, 0.0), side="right")
        bound = np.where(np.isfinite(diam), np.minimum(bound, hops + 1), bound)
    return int(bound.max())


def path_centrality(
    net: Network,
    *,
    budget_seconds: float | None = None,
    epsilon: float = 0.02,
    delta: float = 0.1,
    seed: int = 42,
    threads: int | None = None,
    weighted: bool = True,
    wf_improved: bool = True,
) -> PathCentrality:
    """Betweenness, closeness and harmonic centrality from one Dijkstra pass per source.

    Exact when the whole pass fits ``budget_seconds`` — forecast from the first sources,
    which are timed as they run and are part of the exact result — else estimated with a
    guarantee: betweenness by Riondato–Kornaropoulos sampling of shortest paths for
    (``epsilon``, ``delta``), closeness and harmonic centrality from pivot sources
    (Eppstein–Wang) with the error their number implies. Past the budget the estimate
    still spends about the budget (more samples, smaller error), so run time grows
    smoothly with the network rather than jumping where exact stops.

    Parameters
    ----------
    net : Network
    budget_seconds : float or None, default None
        Wall-clock seconds the exact pass may take. None: exact, however long.
    epsilon : float, default 0.02
        Largest error of any stakeholder's estimated betweenness, in NetworkX's normalized
        units (the sample is at least large enough for it; a larger one shrinks it).
    delta : float, default 0.1
        Probability that some estimate is further off than its stated epsilon.
    seed : int, default 42
        Seed of the source order, the pivots and the sampled paths.
    threads : int or None
        Threads to run on (default: every core this process may use).
    weighted : bool, default True
        Path lengths in ``distance`` (1 / weight); False counts steps.
    wf_improved : bool, default True
        Wasserman–Faust closeness for disconnected networks (as NetworkX's default).

    Returns
    -------
    PathCentrality
        Exact: equal to ``networkx.betweenness_centrality(G, weight="distance")``,
        ``closeness_centrality(G, distance="distance")`` and
        ``harmonic_centrality(G, distance="distance")`` (the module docstring has the
        directed conventions). Estimated: ``method`` states samples, epsilon and delta.

    Examples
    --------
    >>> # pc = path_centrality(net, budget_seconds=20)
    >>> # pc.method.exact, pc.betweenness[net.index["alice"]]

    References
    ----------
    .. [1] Brandes, U. (2001). A faster algorithm for betweenness centrality. Journal of
       Mathematical Sociology 25(2), 163–177.
    .. [2] Riondato, M., Kornaropoulos, E. M. (2016). Fast approximation of betweenness
       centrality through sampling. Data Mining and Knowledge Discovery 30(2), 438–475.
    .. [3] Borassi, M., Natale, E. (2019). KADABRA is an adaptive algorithm for betweenness
       via random approximation. ACM Journal of Experimental Algorithmics 24.
    .. [4] Eppstein, D., Wang, J. (2004). Fast approximation of centrality. Journal of
       Graph Algorithms and Applications 8(1), 39–45.
    """
    if not 0 < epsilon < 1 or not 0 < delta < 1:
        raise ValueError("epsilon and delta must lie strictly between 0 and 1")
    run = _Pass.start(net, weighted=weighted, threads=threads, seed=seed)
    if run is None:  # no ties: every measure is 0
        zeros = np.zeros(net.n)
        method = PathMethod(
            True,
            EXACT,
            EXACT,
            EXACT,
            budget_seconds,
            0.0,
            0.0,
            0,
            _threads(threads, net.n),
            seed,
            weighted,
        )
        return PathCentrality(zeros, zeros.copy(), zeros.copy(), method)
    fits = run.exact_until(budget_seconds)
    if not fits:
        assert budget_seconds is not None
        estimate = _estimate(run, budget_seconds, epsilon, delta, wf_improved)
        if estimate is not None:
            return estimate
        run.sources_upto(run.n)  # the guarantee would cost more than finishing: finish
    bc, close, harm = _from_sums(net, run.sums, wf_improved)
    method = PathMethod(
        True,
        EXACT,
        EXACT,
        EXACT,
        budget_seconds,
        run.exact_seconds if not fits else run.elapsed(),
        run.elapsed(),
        run.n,
        run.workers,
        seed,
        weighted,
    )
    return PathCentrality(bc, close, harm, method)


class _Pass:
    """The single-source passes of one run: the sources in order, what they summed so far."""

    def __init__(
        self,
        net: Network,
        arcs: _Arcs,
        order: np.ndarray,
        n_small: int,
        memb: np.ndarray,
        sizes: np.ndarray,
        workers: int,
        seed: int,
        weighted: bool,
    ) -> None:
        self.net, self.arcs, self.order, self.n_small = net, arcs, order, n_small
        self.weighted = weighted
        self.memb, self.sizes, self.workers, self.seed = memb, sizes, workers, seed
        self.n = net.n
        self.sums = np.zeros((4, self.n))
        self.farthest = np.zeros(self.n)
        self.done = 0
        self.started = time.perf_counter()
        self.small_seconds = 0.0
        self.exact_seconds = 0.0

    @classmethod
    def start(cls, net: Network, *, weighted: bool, threads: int | None, seed: int) -> _Pass | None:
        if net.n == 0 or net.m == 0:
            return None
        started = time.perf_counter()
        memb, sizes = _components(net)
        # Small components are always exact and go first; the large ones in random order,
        # so that any prefix of the order is a uniform sample of them (the pivots).
        small = sizes[memb] <= SMALL_COMPONENT
        first = np.flatnonzero(small)
        rest = np.random.default_rng(seed).permutation(np.flatnonzero(~small))
        order = np.concatenate([first, rest]).astype(np.int64)
        run = cls(
            net,
            _arcs(net, weighted),
            order,
            len(first),
            memb,
            sizes,
            _threads(threads, net.n),
            seed,
            weighted,
        )
        run.started = started
        return run

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def sources_upto(self, stop: int) -> None:
        """Run the sources ``order[done:stop]``."""
        if stop <= self.done:
            return
        part, ecc = _run_sources(self.arcs, self.order[self.done : stop], self.workers)
        self.sums += part
        self.farthest[self.done : stop] = ecc
        self.done = stop

    def per_source(self) -> float:
        """Wall seconds a source of a sampled component costs, as measured so far."""
        timed = self.done - self.n_small
        return (self.elapsed() - self.small_seconds) / max(timed, 1)

    def exact_until(self, budget: float | None) -> bool:
        """Run sources while the forecast of the whole pass fits ``budget``; True if done."""
        self.sources_upto(self.n_small)
        self.small_seconds = self.elapsed()
        self.exact_seconds = self.small_seconds
        batch = 8 * self.workers
        while self.done < self.n:
            self.sources_upto(min(self.n, self.done + batch))
            per_source = self.per_source()
            self.exact_seconds = self.small_seconds + per_source * (self.n - self.n_small)
            # A forecast from a few sources is noisy (thread start-up, other load): it is
            # trusted once they took a tenth of the budget, or at once when far over it.
            trusted = self.elapsed() - self.small_seconds >= 0.1 * (
                budget or 0.0
            ) or self.exact_seconds > 20 * (budget or 0.0)
            if (
                budget is not None
                and self.exact_seconds > budget
                and trusted
                and self.done < self.n
            ):
                return False
            # grow the batches (fewer thread start-ups) but keep each well inside the budget
            cap = self.n if budget is None else max(batch, int(0.1 * budget / per_source))
            batch = min(2 * batch, cap)
        return True


def _from_sums(net: Network, sums: np.ndarray, wf_improved: bool) -> tuple[np.ndarray, ...]:
    """Exact NetworkX values from the sums of a pass over every source."""
    n = net.n
    bc_raw, harm, dist_sum, reached = sums
    bc = bc_raw * (1.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0)
    close = np.zeros(n)
    ok = dist_sum > 0
    close[ok] = reached[ok] / dist_sum[ok]
    if wf_improved and n > 1:
        close *= reached / (n - 1)
    return bc, close, harm.copy()


def _estimate(
    run: _Pass, budget: float, epsilon: float, delta: float, wf_improved: bool
) -> PathCentrality | None:
    """Estimates within the budget, or None when the exact pass is the cheaper way."""
    net, n, workers = run.net, run.n, run.workers
    per_source = run.per_source()
    # 1. betweenness: Riondato–Kornaropoulos, never fewer paths than (ε, δ) needs
    tie_length = net.distance if run.weighted else np.ones(net.m)
    vd = _vertex_diameter_bound(
        net, tie_length, run.memb, run.sizes, run.order[: run.done], run.farthest[: run.done]
    )
    eps_rk = epsilon * (n - 2) / n  # NetworkX's normalized value is n/(n-2) times RK's
    need = rk_samples(eps_rk, delta, vd) if vd > 2 else 0
    hits = np.zeros(n)
    probe = min(need, 256 * workers)
    per_sample = 0.0
    if need:
        t0 = time.perf_counter()
        hits += _run_samples(run.arcs, 0, probe, run.seed, workers)
        per_sample = (time.perf_counter() - t0) / probe
        if per_sample * (need - probe) >= per_source * (n - run.done):
            return None
    # 2. pivots for closeness and harmonic: PIVOT_SHARE of the budget, at least those run
    want = run.n_small + int(PIVOT_SHARE * budget / per_source)
    run.sources_upto(int(min(n - 1, max(run.done, want))))
    samples = probe
    if need:
        # the paths (ε, δ) needs, whatever they cost; then as many more as the budget has
        # room for, at the rate just measured on them
        t0 = time.perf_counter()
        hits += _run_samples(run.arcs, probe, need - probe, run.seed, workers)
        per_sample = max(
            per_sample if need == probe else 0.0, (time.perf_counter() - t0) / max(need - probe, 1)
        )
        samples = need
        more = min(int(0.9 * (budget - run.elapsed()) / per_sample), 49 * need)
        if more > 0:
            hits += _run_samples(run.arcs, need, more, run.seed, workers)
            samples += more
    if samples:
        bc = hits / samples * n / (n - 2)
        eps_bc = _rk_epsilon(samples, delta, vd) * n / (n - 2)
        bc_est = Estimate(
            "riondato-kornaropoulos",
            samples,
            eps_bc,
            delta,
            "absolute error of normalized betweenness",
        )
    else:  # no shortest path has an inner vertex: betweenness is 0 everywhere, exactly
        bc, bc_est = np.zeros(n), EXACT
    close, harm, close_est, harm_est = _pivot_estimates(run, delta, wf_improved)
    method = PathMethod(
        False,
        bc_est,
        close_est,
        harm_est,
        budget,
        run.exact_seconds,
        run.elapsed(),
        run.done,
        workers,
        run.seed,
        run.weighted,
        vd,
    )
    return PathCentrality(bc, close, harm, method)


def _pivot_estimates(
    run: _Pass, delta: float, wf_improved: bool
) -> tuple[np.ndarray, np.ndarray, Estimate, Estimate]:
    """Closeness and harmonic centrality from the pivots (Eppstein–Wang), per component.

    Within a sampled component the pivots are a uniform sample of its stakeholders, so
    ``(size - 1) / k_v`` times a pivot sum estimates the sum over everyone (``k_v``: the
    component's pivots other than v). Hoeffding's bound (which holds for sampling without
    replacement) with a union bound over the n stakeholders gives ε below.
    """
    net, n = run.net, run.n
    is_pivot = np.zeros(n, dtype=bool)
    is_pivot[run.order[: run.done]] = True
    pivots = run.order[run.n_small : run.done]
    _, harm_sum, dist_sum, reached = run.sums
    size_v = run.sizes[run.memb].astype(float)
    sampled = size_v > SMALL_COMPONENT
    pivots_in = np.bincount(run.memb[pivots], minlength=len(run.sizes)).astype(float)
    k_v = pivots_in[run.memb] - is_pivot
    scale = np.ones(n)
    scale[sampled] = (size_v[sampled] - 1) / np.maximum(k_v[sampled], 1)
    harm = harm_sum * scale
    total_dist = dist_sum * scale
    # who reaches v, itself included: the component when undirected, estimated when not
    reach = size_v if not net.directed else 1 + reached * scale
    close = np.zeros(n)
    ok = total_dist > 0
    close[ok] = (reach[ok] - 1) / total_dist[ok]
    if wf_improved:
        close *= (reach - 1) / (n - 1)
    k_min = int(k_v[sampled].min()) if sampled.any() else 0
    eps = math.sqrt(math.log(2 * n / delta) / (2 * max(k_min, 1)))
    close_est = Estimate(
        "eppstein-wang",
        len(pivots),
        eps,
        delta,
        "mean distance to the stakeholder from the others in its component, "
        "as a share of the longest shortest path there",
    )
    harm_est = Estimate(
        "eppstein-wang",
        len(pivots),
        eps,
        delta,
        "harmonic / (component size - 1), as a share of 1 / (the "
        "stakeholder's shortest incoming tie)",
    )
    return close, harm, close_est, harm_est


def betweenness(net: Network, *, weighted: bool = True, threads: int | None = None) -> np.ndarray:
    """Normalized betweenness centrality, exact.

    Parameters
    ----------
    net : Network
    weighted : bool, default True
        Shortest paths by ``distance`` (1 / weight); False counts steps.
    threads : int or None
        Threads to run on (default: every core).

    Returns
    -------
    numpy.ndarray
        ``networkx.betweenness_centrality(G, normalized=True, weight="distance")``.

    Examples
    --------
    >>> # betweenness(net)[net.index["alice"]]

    Notes
    -----
    Runs :func:`path_centrality`, which yields closeness and harmonic centrality from the
    same pass: call it to get all three.

    References
    ----------
    .. [1] Brandes, U. (2001). A faster algorithm for betweenness centrality. Journal of
       Mathematical Sociology 25(2), 163–177.
    """
    return path_centrality(net, weighted=weighted, threads=threads).betweenness


def closeness(net: Network, *, wf_improved: bool = True, weighted: bool = True) -> np.ndarray:
    """Closeness centrality as ``networkx.closeness_centrality(G, distance="distance")``.

    Parameters
    ----------
    net : Network
    wf_improved : bool, default True
        Wasserman–Faust scaling for disconnected networks: the closeness within the
        reachable part times ``(r - 1) / (n - 1)``, r = stakeholders that reach it.
    weighted : bool, default True
        Path lengths in ``distance``; False counts steps.

    Returns
    -------
    numpy.ndarray
        0 for a stakeholder nobody reaches.

    References
    ----------
    .. [1] Freeman, L. C. (1979). Centrality in networks: I. Conceptual clarification.
    .. [2] Wasserman, S., Faust, K. (1994). Social Network Analysis. Cambridge.
    """
    return path_centrality(net, weighted=weighted, wf_improved=wf_improved).closeness


def harmonic(net: Network, *, weighted: bool = True) -> np.ndarray:
    """Harmonic centrality as ``networkx.harmonic_centrality(G, distance="distance")``.

    Sum over the others of ``1 / d(other, v)`` (0 for those that cannot reach v).

    Parameters
    ----------
    net : Network
    weighted : bool, default True

    Returns
    -------
    numpy.ndarray

    References
    ----------
    .. [1] Boldi, P., Vigna, S. (2014). Axioms for centrality. Internet Mathematics
       10(3–4), 222–262.
    """
    return path_centrality(net, weighted=weighted).harmonic


def pagerank(net: Network, *, alpha: float = 0.85) -> np.ndarray:
    """PageRank as ``networkx.pagerank(G, alpha=0.85, weight="weight")``.

    Dangling stakeholders (no outgoing tie, e.g. isolated ones) spread their rank evenly
    over everyone, as NetworkX does. Computed by igraph (ARPACK); the tests agree with
    NetworkX's power iteration
    to 1e-6.

    Parameters
    ----------
    net : Network
    alpha : float, default 0.85
        Damping factor.

    Returns
    -------
    numpy.ndarray
        Sums to 1.

    References
    ----------
    .. [1] Page, L., Brin, S., Motwani, R., Winograd, T. (1999). The PageRank citation
       ranking: bringing order to the Web. Stanford InfoLab.
    """
    n = net.n
    if n == 0:
        return np.zeros(0)
    if net.m == 0:
        return np.full(n, 1.0 / n)
    # ARPACK rather than PRPACK: same values, and PRPACK's set-up costs up to a second
    # on a few-thousand-vertex graph (measured with igraph 1.0).
    with seeded_igraph(0):  # ARPACK's start vector: the same answer to the last bit
        ranks = net.graph.pagerank(
            weights=net.weight.tolist(),
            damping=alpha,
            directed=net.directed,
            implementation="arpack",
        )
    return np.asarray(ranks, dtype=float)


def eigenvector(net: Network) -> np.ndarray:
    """Eigenvector centrality as ``networkx.eigenvector_centrality_numpy(G, weight="weight")``.

    The leading eigenvector of the weighted adjacency matrix (left eigenvector — in-edges
    — when directed), scaled to Euclidean norm 1 with a positive sum. The reference is the
    numpy/scipy definition rather than the power iteration ``eigenvector_centrality``,
    which fails to converge on some disconnected networks. In a disconnected network the
    vector lives on the component with the largest eigenvalue; everyone else, and every
    isolated stakeholder, gets 0. (When two components tie for the largest eigenvalue the
    leading eigenvector is not unique, as in NetworkX.)

    Parameters
    ----------
    net : Network

    Returns
    -------
    numpy.ndarray

    References
    ----------
    .. [1] Bonacich, P. (1987). Power and centrality: a family of measures. American
       Journal of Sociology 92(5), 1170–1182.
    """
    n = net.n
    if n == 0 or net.m == 0:
        return np.zeros(n)
    # igraph's ARPACK on the weighted ties (left eigenvector when directed), rescaled
    # from its max-1 convention; it warns that a disconnected graph's vector lives on one
    # component, which is the definition here
    with warnings.catch_warnings(), seeded_igraph(0):
        warnings.simplefilter("ignore", RuntimeWarning)
        vec = np.asarray(net.graph.eigenvector_centrality(weights=net.weight.tolist()), dtype=float)
    vec = vec / (np.sign(vec.sum()) or 1.0) / np.linalg.norm(vec)
    deg = degree(net)
    vec[deg == 0] = 0.0
    vec[np.abs(vec) < 1e-15] = 0.0
    return vec


@dataclass(frozen=True)
class CentralityTable:
    """Every centrality of every stakeholder, in vertex order (``net.ids[i]`` is row i).

    Attributes
    ----------
    degree : numpy.ndarray of int
    weighted_degree, betweenness, closeness, harmonic, pagerank, eigenvector : numpy.ndarray
        As the functions of the same names define them.
    method : PathMethod
        How betweenness, closeness and harmonic centrality were computed (exact, or the
        estimators with their ε and δ).
    """

    degree: np.ndarray
    weighted_degree: np.ndarray
    betweenness: np.ndarray
    closeness: np.ndarray
    harmonic: np.ndarray
    pagerank: np.ndarray
    eigenvector: np.ndarray
    method: PathMethod

    #: The measures, in the order of the report's rows.
    MEASURES: ClassVar[tuple[str, ...]] = CENTRALITY_MEASURES

    def column(self, measure: str) -> np.ndarray:
        """One measure by name (one of :attr:`MEASURES`)."""
        if measure not in self.MEASURES:
            raise KeyError(f"unknown centrality measure {measure!r}")
        return getattr(self, measure)  # type: ignore[no-any-return]


def centrality_table(
    net: Network,
    *,
    budget_seconds: float | None = None,
    epsilon: float = 0.02,
    delta: float = 0.1,
    seed: int = 42,
    threads: int | None = None,
) -> CentralityTable:
    """All seven measures at once; the three path measures from one pass per source.

    Parameters
    ----------
    net : Network
    budget_seconds, epsilon, delta, seed, threads
        As :func:`path_centrality` takes them.

    Returns
    -------
    CentralityTable

    Examples
    --------
    >>> # table = centrality_table(net, budget_seconds=20)
    >>> # table.betweenness[net.index["alice"]], table.method.exact
    """
    paths = path_centrality(
        net, budget_seconds=budget_seconds, epsilon=epsilon, delta=delta, seed=seed, threads=threads
    )
    return CentralityTable(
        degree=degree(net),
        weighted_degree=weighted_degree(net),
        betweenness=paths.betweenness,
        closeness=paths.closeness,
        harmonic=paths.harmonic,
        pagerank=pagerank(net),
        eigenvector=eigenvector(net),
        method=paths.method,
    )


@dataclass(frozen=True)
class RankedStakeholder:
    """One stakeholder in a role list, with the score that ranked them."""

    id: str
    name: str
    group: str | None
    score: float


@dataclass(frozen=True)
class Roles:
    """The stakeholders who stand out: connectors, brokers and influencers, best first."""

    connectors: list[RankedStakeholder]
    brokers: list[RankedStakeholder]
    influencers: list[RankedStakeholder]


def _top(net: Network, score: np.ndarray, tiebreak: np.ndarray, top: int) -> list[int]:
    order = np.lexsort((np.arange(net.n), -tiebreak, -score))
    return [int(i) for i in order[:top] if score[i] > 0]


def roles(
    net: Network, table: CentralityTable, *, top: int = 10, default_influence: float = 3.0
) -> Roles:
    """Connectors, brokers and influencers.

    Parameters
    ----------
    net : Network
    table : CentralityTable
        As returned by :func:`centrality_table`.
    top : int
        How many of each.
    default_influence : float
        Influence assumed when unknown.

    Returns
    -------
    Roles
        ``connectors`` (top degree, ties broken by weighted degree), ``brokers`` (top
        betweenness, above 0), ``influencers`` (top pagerank × influence).
    """
    infl = np.where(np.isnan(net.influence), default_influence, net.influence)
    scores = {
        "connectors": (table.degree.astype(float), table.weighted_degree),
        "brokers": (table.betweenness, table.degree.astype(float)),
        "influencers": (table.pagerank * infl, table.pagerank),
    }
    ranked = {
        role: [
            RankedStakeholder(
                str(net.ids[i]),
                str(net.name[i]),
                None if net.group[i] is None else str(net.group[i]),
                float(score[i]),
            )
            for i in _top(net, score, tb, top)
        ]
        for role, (score, tb) in scores.items()
    }
    return Roles(**ranked)
