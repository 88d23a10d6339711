"""Centrality of stakeholders, defined exactly as NetworkX defines it.

Every function takes a :class:`graphkit.network.Network` and returns a numpy array in
vertex order (``net.ids[i]`` is the stakeholder of entry ``i``). The work runs in igraph
(C) or scipy; the conventions are converted to NetworkX's, which is the reference
(DESIGN.md section 3) and is what the tests compare against.

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
igraph compares path lengths with a relative tolerance of 1e-10, NetworkX exactly. Where
two paths are equal in exact arithmetic but their float sums differ in the last bit, igraph
counts both and NetworkX one; results can then differ beyond 1e-9. igraph's answer is the
mathematically exact one.
"""

from __future__ import annotations

import math
import random
from typing import Any

import numpy as np

from graphkit.network import Network

__all__ = [
    "degree",
    "weighted_degree",
    "betweenness",
    "betweenness_estimate",
    "closeness",
    "harmonic",
    "pagerank",
    "eigenvector",
    "centrality_table",
    "roles",
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
    return (np.bincount(net.edge_source, weights=net.weight, minlength=n)
            + np.bincount(net.edge_target, weights=net.weight, minlength=n))


def _bc_scale(n: int) -> float:
    return 1.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0


def betweenness(net: Network, *, exact_limit: int = 20_000, k: int = 256, seed: int = 42,
                weighted: bool = True) -> tuple[np.ndarray, dict[str, Any]]:
    """Normalized betweenness centrality, exact up to ``exact_limit`` stakeholders.

    Parameters
    ----------
    net : Network
    exact_limit : int, default 20000
        Networks with more stakeholders get an estimate from ``k`` sampled sources.
    k : int, default 256
        Number of pivots (sampled sources) for the estimate.
    seed : int, default 42
        Seed of the pivot sample (``random.Random(seed).sample``, as NetworkX samples).
    weighted : bool, default True
        Shortest paths by ``distance`` (1 / weight); False counts steps.

    Returns
    -------
    values : numpy.ndarray of float
        Exact: ``networkx.betweenness_centrality(G, normalized=True, weight="distance")``.
        Sampled: ``networkx.betweenness_centrality(G, k=k, seed=seed, ...)`` — the same
        estimator on the same pivots.
    method : dict
        ``{"method": "exact"}`` or ``{"method": "sampled", "k", "seed",
        "standard_error_mean", "standard_error_max"}``, the standard error estimated from
        the spread between 8 batches of pivots (with finite-population correction).

    Examples
    --------
    >>> # values, method = betweenness(net); method["method"]
    >>> # 'exact'

    References
    ----------
    .. [1] Brandes, U. (2001). A faster algorithm for betweenness centrality. Journal of
       Mathematical Sociology 25(2), 163–177.
    .. [2] Brandes, U., Pich, C. (2007). Centrality estimation in large networks.
       International Journal of Bifurcation and Chaos 17(7), 2303–2318.
    """
    n = net.n
    w = "distance" if weighted else None
    if n <= exact_limit or k >= n:
        if n <= 2 or net.m == 0:
            return np.zeros(n), {"method": "exact"}
        raw = np.asarray(net.graph.betweenness(directed=net.directed, weights=w))
        # igraph counts unordered pairs once in an undirected graph; NetworkX sums over
        # ordered (s, t) pairs and divides by (n-1)(n-2).
        factor = 1.0 if net.directed else 2.0
        return raw * factor * _bc_scale(n), {"method": "exact", "weighted": weighted}
    values, method = betweenness_estimate(net, k=k, seed=seed, weighted=weighted)
    return values, method


def betweenness_estimate(net: Network, *, k: int, seed: int = 42, weighted: bool = True,
                         batches: int = 8) -> tuple[np.ndarray, dict[str, Any]]:
    """Betweenness estimated from ``k`` pivots (Brandes–Pich), as NetworkX's ``k=`` does.

    Parameters
    ----------
    net : Network
    k : int
        Number of sampled sources, ``2 <= k < n``.
    seed : int
        Pivots are ``random.Random(seed).sample(range(n), k)`` — the vertices NetworkX's
        ``betweenness_centrality(G, k=k, seed=seed)`` samples when G lists its nodes in
        vertex order.
    weighted : bool
    batches : int
        The pivots are processed in this many batches; the spread between batch estimates
        gives the standard error.

    Returns
    -------
    values : numpy.ndarray
    method : dict
        ``method="sampled"``, ``k``, ``seed``, ``standard_error_mean``,
        ``standard_error_max`` (of the normalized values).

    References
    ----------
    .. [1] Brandes, U., Pich, C. (2007). Centrality estimation in large networks.
    """
    n = net.n
    k = int(min(max(k, 2), n))
    pivots = random.Random(seed).sample(range(n), k)
    w = "distance" if weighted else None
    factor = 1.0 if net.directed else 2.0
    batches = max(1, min(batches, k))
    chunks = np.array_split(np.asarray(pivots), batches)
    parts = []
    for chunk in chunks:
        raw = np.asarray(net.graph.betweenness(directed=net.directed, weights=w,
                                               sources=chunk.tolist()))
        parts.append(raw * factor)
    total = np.sum(parts, axis=0)
    # NetworkX (>= 3.5) scaling with endpoints excluded: a pivot cannot be its own source.
    is_pivot = np.zeros(n, dtype=bool)
    is_pivot[pivots] = True
    scale = np.where(is_pivot, 1.0 / ((k - 1) * (n - 2)), 1.0 / (k * (n - 2)))
    values = total * scale
    if batches > 1:
        sizes = np.array([len(c) for c in chunks], dtype=float)
        per_batch = np.array(parts) / (sizes[:, None] * (n - 2))
        sd = per_batch.std(axis=0, ddof=1)
        fpc = math.sqrt(max(0.0, 1.0 - k / n))
        se = sd / math.sqrt(batches) * fpc
        se_mean, se_max = float(se.mean()), float(se.max())
    else:
        se_mean = se_max = float("nan")
    return values, {"method": "sampled", "k": k, "seed": seed, "weighted": weighted,
                    "standard_error_mean": se_mean, "standard_error_max": se_max,
                    "batches": batches}


def _reach_counts(net: Network) -> np.ndarray:
    """Per vertex, how many vertices (itself included) reach it."""
    g = net.graph
    if not net.directed:
        memb = np.asarray(g.connected_components().membership)
        return np.bincount(memb)[memb]
    return np.asarray(g.neighborhood_size(order=max(net.n, 1), mode="in"))


def closeness(net: Network, *, wf_improved: bool = True, weighted: bool = True) -> np.ndarray:
    """Closeness centrality as ``networkx.closeness_centrality(G, distance="distance")``.

    Parameters
    ----------
    net : Network
    wf_improved : bool, default True
        Wasserman–Faust scaling for disconnected networks: the closeness within the
        reachable part times ``(r - 1) / (n - 1)``, r = vertices that reach it.
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
    n = net.n
    if n <= 1:
        return np.zeros(n)
    mode = "in" if net.directed else "all"
    raw = np.asarray(net.graph.closeness(mode=mode, weights="distance" if weighted else None,
                                         normalized=True), dtype=float)
    raw = np.nan_to_num(raw, nan=0.0)
    if wf_improved:
        r = _reach_counts(net)
        raw = raw * (r - 1) / (n - 1)
    return raw


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
    if net.n == 0:
        return np.zeros(0)
    mode = "in" if net.directed else "all"
    return np.asarray(net.graph.harmonic_centrality(
        mode=mode, weights="distance" if weighted else None, normalized=False), dtype=float)


def sampled_distances(net: Network, *, k: int, seed: int = 42) -> dict[str, Any]:
    """Closeness and harmonic centrality estimated from ``k`` pivot sources.

    For large networks (see ``betweenness_exact_limit``): from each pivot s, Dijkstra gives
    ``d(s, v)`` for every v; harmonic(v) ≈ (n−1)/k_v · Σ_s 1/d(s, v) and closeness(v) ≈
    ((r−1)/(n−1)) / mean d(s, v) over reaching pivots (r exact when undirected). This is
    the Eppstein–Wang estimator.

    Returns
    -------
    dict with ``closeness``, ``harmonic`` (arrays) and ``method``.

    References
    ----------
    .. [1] Eppstein, D., Wang, J. (2004). Fast approximation of centrality. Journal of
       Graph Algorithms and Applications 8(1), 39–45.
    """
    n = net.n
    k = int(min(max(k, 1), n))
    pivots = np.asarray(random.Random(seed).sample(range(n), k))
    inv_sum = np.zeros(n)
    d_sum = np.zeros(n)
    d_cnt = np.zeros(n)
    for chunk in np.array_split(pivots, max(1, k // 32)):
        d = np.asarray(net.graph.distances(source=chunk.tolist(), weights="distance",
                                           mode="out"), dtype=float)
        d[np.arange(len(chunk)), chunk] = np.inf  # a pivot is not its own source
        finite = np.isfinite(d)
        inv_sum += np.where(finite, 1.0 / np.where(finite, d, 1.0), 0.0).sum(axis=0)
        d_sum += np.where(finite, d, 0.0).sum(axis=0)
        d_cnt += finite.sum(axis=0)
    k_v = np.full(n, float(k))
    k_v[pivots] -= 1
    k_v = np.maximum(k_v, 1)
    harm = (n - 1) / k_v * inv_sum
    if net.directed:
        r = 1 + d_cnt / k_v * (n - 1)
    else:
        r = _reach_counts(net).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        close = np.where(d_cnt > 0, (d_cnt / np.maximum(d_sum, 1e-300)) * (r - 1) / (n - 1), 0.0)
    return {"closeness": close, "harmonic": harm,
            "method": {"method": "sampled", "k": k, "seed": seed}}


def pagerank(net: Network, *, alpha: float = 0.85) -> np.ndarray:
    """PageRank as ``networkx.pagerank(G, alpha=0.85, weight="weight")``.

    Dangling stakeholders (no outgoing tie, e.g. isolated ones) spread their rank evenly
    over everyone, as NetworkX does. Computed by igraph (ARPACK); the tests agree with NetworkX's power iteration
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
    return np.asarray(net.graph.pagerank(weights="weight", damping=alpha,
                                         directed=net.directed, implementation="arpack"),
                      dtype=float)


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
    a = net.adjacency(weighted=True)
    if n <= 1500:
        dense = a.toarray()
        if net.directed:
            vals, vecs = np.linalg.eig(dense.T)
            i = int(np.argmax(vals.real))
            vec = vecs[:, i].real
        else:
            vals, vecs = np.linalg.eigh(dense)
            vec = vecs[:, -1]
    else:
        import scipy.sparse.linalg as sla

        v0 = np.ones(n)
        if net.directed:
            vals, vecs = sla.eigs(a.T.tocsr(), k=1, which="LR", v0=v0, tol=1e-12)
            vec = vecs[:, 0].real
        else:
            vals, vecs = sla.eigsh(a, k=1, which="LA", v0=v0, tol=1e-12)
            vec = vecs[:, 0]
    vec = vec / (np.sign(vec.sum()) or 1.0) / np.linalg.norm(vec)
    deg = degree(net)
    vec[deg == 0] = 0.0
    vec[np.abs(vec) < 1e-15] = 0.0
    return vec


def centrality_table(net: Network, *, exact_limit: int = 20_000, k: int = 256,
                     seed: int = 42) -> dict[str, Any]:
    """All seven measures at once.

    Returns
    -------
    dict
        ``{"degree", "weighted_degree", "betweenness", "closeness", "harmonic",
        "pagerank", "eigenvector"}`` arrays plus ``"method"`` (exact or sampled, with the
        estimated error).
    """
    bc, method = betweenness(net, exact_limit=exact_limit, k=k, seed=seed)
    if method["method"] == "sampled":
        est = sampled_distances(net, k=k, seed=seed)
        close, harm = est["closeness"], est["harmonic"]
        method = {**method, "closeness": "sampled", "harmonic": "sampled"}
    else:
        close, harm = closeness(net), harmonic(net)
    return {
        "degree": degree(net),
        "weighted_degree": weighted_degree(net),
        "betweenness": bc,
        "closeness": close,
        "harmonic": harm,
        "pagerank": pagerank(net),
        "eigenvector": eigenvector(net),
        "method": method,
    }


def _top(net: Network, score: np.ndarray, tiebreak: np.ndarray, top: int) -> list[int]:
    order = np.lexsort((np.arange(net.n), -tiebreak, -score))
    return [int(i) for i in order[:top] if score[i] > 0]


def roles(net: Network, table: dict[str, Any], *, top: int = 10,
          default_influence: float = 3.0) -> dict[str, list[dict[str, Any]]]:
    """Connectors, brokers and influencers.

    Parameters
    ----------
    net : Network
    table : dict
        As returned by :func:`centrality_table`.
    top : int
        How many of each.
    default_influence : float
        Influence assumed when unknown.

    Returns
    -------
    dict
        ``connectors`` (top degree, ties broken by weighted degree), ``brokers`` (top
        betweenness, above 0), ``influencers`` (top pagerank × influence); each a list of
        ``{"id", "name", "group", "score"}``.
    """
    infl = np.where(np.isnan(net.influence), default_influence, net.influence)
    wd = table["weighted_degree"]
    scores = {
        "connectors": (table["degree"].astype(float), wd),
        "brokers": (table["betweenness"], table["degree"].astype(float)),
        "influencers": (table["pagerank"] * infl, table["pagerank"]),
    }
    out: dict[str, list[dict[str, Any]]] = {}
    for role, (score, tb) in scores.items():
        out[role] = [{"id": net.ids[i], "name": net.name[i], "group": net.group[i],
                      "score": float(score[i])} for i in _top(net, score, tb, top)]
    return out
