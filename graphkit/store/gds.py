"""Centrality and communities computed by Neo4j Graph Data Science, on the server.

``graphkit analyze --engine gds`` on a Neo4j store: the personal ties are projected into
GDS's graph catalog with a Cypher projection (``cypher/neo4j/gds_project_ties.cypher``,
``gds_project_arcs.cypher``), GDS's procedures compute the seven centralities and the
communities, and the graphs are dropped again in a ``finally``. Everything else in the
report (reach, gaps, plan, …) is graphkit's own analysis of the snapshot: the heavy,
O(n·m) measures are the ones handed to the server.

The projection gives GDS the graph ``graphkit.network`` builds, so the metrics mean the same:

* undirected (the default): one ``TIE`` per pair of stakeholders with touchpoints
  between them, undirected (GDS stores it both ways), ``weight`` = Σ touchpoint weight
  (touches a month), ``distance`` = 1 / weight; every stakeholder a node, isolated
  ones too;
* ``--directed``: one ``ARC`` per ordered pair (a two-way touchpoint gives both, a
  one-way one source → target) for the path measures, PageRank and eigenvector, and the
  ``TIE`` graph (arc weights summed per pair) for degree, weighted degree and communities,
  as :meth:`graphkit.network.Network.undirected_ties` does.

Where GDS defines a measure differently from NetworkX, the numbers are mapped here (pure
functions, tested against NetworkX without a server):

* **betweenness**: GDS returns raw sums, halved on an undirected graph (each pair once,
  as NetworkX's unnormalized value); :func:`betweenness_from_gds` scales to
  ``networkx.betweenness_centrality(normalized=True, weight="distance")``.
* **closeness, harmonic**: ``gds.closeness`` and ``gds.closeness.harmonic`` count steps
  and take no weights (and harmonic is divided by n − 1); graphkit's are over distances.
  ``gds_path_sums.cypher`` aggregates GDS's weighted all-pairs shortest paths on the
  server into, per stakeholder, how many reach it, Σ distance and Σ 1/distance;
  :func:`closeness_from_sums` applies NetworkX's Wasserman–Faust formula.
* **pagerank**: GDS's scores are unscaled ((1 − α) + α Σ …) and a stakeholder with no
  outgoing tie passes its rank to nobody; NetworkX spreads that rank evenly. The two are
  proportional (the dangling mass goes where the teleport goes), so
  :func:`pagerank_from_gds` scales to sum 1. Run to ``tolerance`` 1e-10 and up to 1,000
  iterations (GDS's defaults, 1e-7 and 20, stop short of NetworkX's 1e-6).
* **eigenvector**: weighted, GDS divides each stakeholder's share by its weighted
  out-degree (a random walk: on a connected undirected network the result is
  proportional to weighted degree), which is not NetworkX's weighted-adjacency
  eigenvector. So GDS runs it unweighted, which is
  ``networkx.eigenvector_centrality_numpy(G, weight=None)``: on networks whose ties are
  all equally strong the same as graphkit's default engine, otherwise the unweighted
  measure (the report says so in ``centrality_method``). :func:`eigenvector_from_gds`
  zeroes isolated stakeholders and stakeholders off the leading component (power
  iteration leaves them tiny, not 0) and rescales.
* **communities**: GDS's Leiden (modularity, ``gamma`` = the resolution, seeded) rather
  than igraph's: a modularity partition of the same weighted graph, not the same
  partition node for node. :func:`renumber_by_size` numbers communities 0 = largest, as
  graphkit does, and the report computes modularity and the agreement with declared
  groups the same way.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
from neo4j.exceptions import DriverError, Neo4jError

from graphkit.analysis import communities as _communities
from graphkit.analysis.centrality import EXACT, CentralityTable, PathMethod
from graphkit.analysis.options import AnalysisOptions
from graphkit.analysis.report import Analysis
from graphkit.model import Snapshot
from graphkit.network import Network
from graphkit.store.cypher import statement
from graphkit.store.neo4j import ENGINE, Neo4jStore
from graphkit.store.port import NetworkStore, StoreError

__all__ = [
    "GdsAnalysis",
    "GdsCentrality",
    "GdsSettings",
    "GdsUnavailable",
    "betweenness_from_gds",
    "build_gds_report",
    "closeness_from_sums",
    "eigenvector_from_gds",
    "gds_centrality",
    "gds_version",
    "pagerank_from_gds",
    "renumber_by_size",
]

#: How to enable GDS, quoted in every "not installed" message.
ENABLE_HINT = (
    "install the Graph Data Science plugin on the server: with docker compose, "
    "NEO4J_PLUGINS='[\"graph-data-science\"]' docker compose up -d neo4j "
    '(README, "Neo4j and Graph Data Science")'
)


class GdsUnavailable(StoreError):
    """The store is not Neo4j, or its server has no Graph Data Science."""


# --- GDS's definitions mapped to NetworkX's (pure functions) -----------------------------


def betweenness_from_gds(score: np.ndarray, n: int, directed: bool) -> np.ndarray:
    """GDS betweenness as ``networkx.betweenness_centrality(normalized=True)``.

    Parameters
    ----------
    score : numpy.ndarray
        ``gds.betweenness.stream`` scores: raw sums of pair dependencies, already halved
        on an undirected graph (GDS divides by 2 when the graph is undirected), i.e.
        ``networkx.betweenness_centrality(normalized=False)``.
    n : int
        Stakeholders (nodes of the projected graph, isolated ones included).
    directed : bool

    Returns
    -------
    numpy.ndarray
        Divided by the number of ordered pairs of others, ``(n − 1)(n − 2)``, or by the
        unordered ones, ``(n − 1)(n − 2) / 2``, when undirected; 0 below 3 stakeholders.

    Examples
    --------
    >>> betweenness_from_gds(np.array([0.0, 1.0, 0.0]), 3, directed=False)
    array([0., 1., 0.])
    """
    score = np.asarray(score, dtype=float)
    if n <= 2:
        return np.zeros_like(score)
    pairs = (n - 1) * (n - 2) / (1.0 if directed else 2.0)
    return score / pairs


def closeness_from_sums(reached: np.ndarray, distance_sum: np.ndarray, n: int) -> np.ndarray:
    """Closeness as ``networkx.closeness_centrality(wf_improved=True)`` from path sums.

    Parameters
    ----------
    reached : numpy.ndarray
        Per stakeholder, how many others reach it (``gds_path_sums.cypher``).
    distance_sum : numpy.ndarray
        Σ of their shortest distances to it.
    n : int
        Stakeholders.

    Returns
    -------
    numpy.ndarray
        ``reached / distance_sum × reached / (n − 1)`` (Wasserman–Faust), 0 where nobody
        reaches the stakeholder.

    Examples
    --------
    >>> closeness_from_sums(np.array([2, 1, 0]), np.array([2.0, 1.0, 0.0]), 4)
    array([0.66666667, 0.33333333, 0.        ])
    """
    reached = np.asarray(reached, dtype=float)
    distance_sum = np.asarray(distance_sum, dtype=float)
    out = np.zeros(len(reached))
    ok = distance_sum > 0
    out[ok] = reached[ok] / distance_sum[ok]
    if n > 1:
        out *= reached / (n - 1)
    return out


def pagerank_from_gds(score: np.ndarray) -> np.ndarray:
    """GDS PageRank as ``networkx.pagerank``: the scores scaled to sum 1.

    GDS solves ``x = (1 − α)·1 + α Pᵀx`` with a stakeholder without outgoing ties passing
    nothing on; NetworkX spreads that stakeholder's rank evenly over everyone. Because the
    spread and the teleport share one (uniform) distribution, NetworkX's vector is GDS's
    scaled to sum 1 (``x_nx = c·(I − αPᵀ)⁻¹·1`` for a scalar c), so scaling maps one onto
    the other exactly.

    Examples
    --------
    >>> pagerank_from_gds(np.array([0.15, 0.45]))
    array([0.25, 0.75])
    """
    score = np.asarray(score, dtype=float)
    total = score.sum()
    if len(score) == 0:
        return score
    return score / total if total > 0 else np.full(len(score), 1.0 / len(score))


def eigenvector_from_gds(
    score: np.ndarray, degree: np.ndarray, component: np.ndarray, floor: float = 1e-8
) -> np.ndarray:
    """GDS eigenvector centrality (unweighted) as ``networkx.eigenvector_centrality_numpy``.

    GDS iterates on ``A + I`` from a uniform start: an isolated stakeholder, or one in a
    component with a smaller leading eigenvalue, decays towards 0 without reaching it. As
    graphkit (and NetworkX's numpy solver) define the measure, the vector lives on the
    component of the largest entry and everyone else has 0. So: every other component,
    isolated stakeholders and entries below ``floor`` of the largest (on a directed
    network, stakeholders the leading strongly connected part does not reach) become 0,
    then the vector is scaled to norm 1 with a positive sum.

    Parameters
    ----------
    score : numpy.ndarray
        ``gds.eigenvector.stream`` scores (Euclidean norm 1).
    degree : numpy.ndarray
        Ties per stakeholder.
    component : numpy.ndarray of int
        (Weakly) connected component per stakeholder.
    floor : float, default 1e-8
        Share of the largest entry below which an entry is taken as 0.

    Examples
    --------
    >>> eigenvector_from_gds(np.array([0.6, 0.6, 1e-3, 1e-3, 0.2]),
    ...                      np.array([1, 1, 1, 1, 0]), np.array([0, 0, 1, 1, 2]))
    array([0.70710678, 0.70710678, 0.        , 0.        , 0.        ])
    """
    vec = np.asarray(score, dtype=float).copy()
    vec[np.asarray(degree) == 0] = 0.0
    if not len(vec) or not np.any(vec):
        return np.zeros(len(vec))
    leading = np.asarray(component)[int(np.argmax(np.abs(vec)))]
    vec[np.asarray(component) != leading] = 0.0
    vec[np.abs(vec) < floor * np.abs(vec).max()] = 0.0
    vec /= np.linalg.norm(vec)
    return vec if vec.sum() >= 0 else -vec


def renumber_by_size(labels: np.ndarray) -> np.ndarray:
    """Community labels as graphkit numbers them: 0 = largest, ties by first label.

    Examples
    --------
    >>> renumber_by_size(np.array([7, 3, 3, 9]))
    array([1, 0, 0, 2])
    """
    labels = np.asarray(labels)
    if not len(labels):
        return np.zeros(0, dtype=np.int64)
    uniq, raw = np.unique(labels, return_inverse=True)
    sizes = np.bincount(raw)
    order = np.lexsort((np.arange(len(uniq)), -sizes))
    renumber = np.empty(len(uniq), dtype=np.int64)
    renumber[order] = np.arange(len(uniq))
    return renumber[raw]


# --- running GDS --------------------------------------------------------------------------


@dataclass(frozen=True)
class GdsSettings:
    """Convergence of GDS's iterative procedures (PageRank, eigenvector).

    Attributes
    ----------
    damping_factor : float, default 0.85
        PageRank's α, as graphkit's.
    max_iterations : int, default 1000
        GDS's default is 20, too few to reach NetworkX's tolerance on slow-mixing networks.
    tolerance : float, default 1e-10
        Largest change of any score between two iterations at which they stop (GDS's
        default 1e-7).
    """

    damping_factor: float = 0.85
    max_iterations: int = 1000
    tolerance: float = 1e-10


@dataclass(frozen=True)
class GdsCentrality:
    """What GDS computed, mapped to graphkit's definitions, in the network's vertex order.

    Attributes
    ----------
    table : CentralityTable
    membership : numpy.ndarray of int
        Leiden community per stakeholder, 0 = largest.
    version : str
        The server's GDS version.
    procedures : dict
        Per measure, the GDS procedure and how its result was mapped (the report's
        ``centrality_method``).
    """

    table: CentralityTable
    membership: np.ndarray
    version: str
    procedures: dict[str, str] = field(default_factory=dict)


def _require_neo4j(store: NetworkStore) -> Neo4jStore:
    if not isinstance(store, Neo4jStore):
        raise GdsUnavailable(
            f"--engine gds needs a Neo4j store (--store bolt://… or neo4j://…); this is a "
            f"{store.engine} store. Use the default engine (--engine graphkit) here."
        )
    return store


def gds_version(store: NetworkStore) -> str:
    """The Graph Data Science version of the store's server.

    Raises
    ------
    GdsUnavailable
        The store is not Neo4j, or GDS is not installed there (the message says how to
        install it).
    """
    neo = _require_neo4j(store)
    try:
        with neo._session() as session:
            record = session.run(statement(ENGINE, "gds_version")).single(strict=True)
    except Neo4jError as error:
        if "gds.version" in (error.message or ""):
            raise GdsUnavailable(
                f"Neo4j at {neo.uri} has no Graph Data Science: {ENABLE_HINT}"
            ) from error
        raise neo._unreachable(error) from error
    except DriverError as error:
        raise neo._unreachable(error) from error
    return str(record["version"])


class _Catalog:
    """Runs the GDS statements in one session (one server) and drops what it projects."""

    def __init__(self, store: Neo4jStore, session: Any) -> None:
        self.store = store
        self.session = session
        self.graphs: list[str] = []

    def project(self, name: str, directed: bool) -> str:
        # Generated, never from the user, and passed as a parameter all the same.
        graph = f"graphkit-{uuid.uuid4().hex}"
        self.graphs.append(graph)  # before the call: a half-made graph is dropped too
        self.session.run(statement(ENGINE, name), {"graph": graph, "directed": directed}).consume()
        return graph

    def scores(
        self, name: str, graph: str, index: dict[str, int], n: int, **params: Any
    ) -> np.ndarray:
        out = np.zeros(n)
        for record in self.session.run(statement(ENGINE, name), {"graph": graph, **params}):
            out[index[record["id"]]] = record["score"]
        return out

    def rows(self, name: str, graph: str, **params: Any) -> list[Any]:
        return list(self.session.run(statement(ENGINE, name), {"graph": graph, **params}))

    def drop_all(self) -> None:
        for graph in self.graphs:
            try:
                self.session.run(statement(ENGINE, "gds_drop"), {"graph": graph}).consume()
            except (Neo4jError, DriverError):
                pass  # the graph never got made, or the connection is gone with it


def gds_centrality(
    store: NetworkStore,
    net: Network,
    *,
    seed: int = 42,
    resolution: float = 1.0,
    settings: GdsSettings | None = None,
) -> GdsCentrality:
    """The seven centralities and Leiden communities of ``net``'s stakeholders, by GDS.

    Parameters
    ----------
    store : NetworkStore
        A Neo4j store with Graph Data Science installed; ``net`` is its snapshot's network
        (it gives the vertex order and the projection's direction).
    net : Network
    seed : int, default 42
        Leiden's random seed.
    resolution : float, default 1.0
        Leiden's γ.
    settings : GdsSettings, optional

    Returns
    -------
    GdsCentrality

    Raises
    ------
    GdsUnavailable
        Not Neo4j, or no GDS on the server.
    StoreError
        The server failed; every graph projected so far is dropped.

    Examples
    --------
    >>> # with open_store("bolt://localhost:7687") as store:
    >>> #     net = build_network(store.snapshot())
    >>> #     found = gds_centrality(store, net)
    >>> #     found.table.betweenness[net.index["alice"]]
    """
    settings = settings or GdsSettings()
    version = gds_version(store)
    neo = _require_neo4j(store)
    n, index, directed = net.n, net.index, net.directed
    iterate = {"max_iterations": settings.max_iterations, "tolerance": settings.tolerance}
    try:
        with neo._session() as session:
            catalog = _Catalog(neo, session)
            try:
                ties = catalog.project("gds_project_ties", directed)
                paths = catalog.project("gds_project_arcs", True) if directed else ties
                degree = catalog.scores("gds_degree", ties, index, n)
                weighted = catalog.scores("gds_weighted_degree", ties, index, n)
                between = catalog.scores("gds_betweenness", paths, index, n)
                reached, dist_sum, harmonic = np.zeros(n), np.zeros(n), np.zeros(n)
                for record in catalog.rows("gds_path_sums", paths):
                    i = index[record["id"]]
                    reached[i] = record["reached"]
                    dist_sum[i] = record["distance_sum"]
                    harmonic[i] = record["harmonic"]
                pagerank = catalog.scores(
                    "gds_pagerank",
                    paths,
                    index,
                    n,
                    damping_factor=settings.damping_factor,
                    **iterate,
                )
                eigen = catalog.scores("gds_eigenvector", paths, index, n, **iterate)
                labels = np.zeros(n, dtype=np.int64)
                for record in catalog.rows("gds_leiden", ties, seed=seed, resolution=resolution):
                    labels[index[record["id"]]] = record["community"]
            finally:
                catalog.drop_all()
    except Neo4jError as error:
        raise neo._unreachable(error) from error
    except DriverError as error:
        raise neo._unreachable(error) from error
    degree_int = np.rint(degree).astype(np.int64)
    table = CentralityTable(
        degree=degree_int,
        weighted_degree=weighted,
        betweenness=betweenness_from_gds(between, n, directed),
        closeness=closeness_from_sums(reached, dist_sum, n),
        harmonic=harmonic,
        pagerank=pagerank_from_gds(pagerank),
        eigenvector=eigenvector_from_gds(
            eigen, degree_int, np.asarray(net.graph.connected_components(mode="weak").membership)
        ),
        method=PathMethod(
            exact=True,
            betweenness=EXACT,
            closeness=EXACT,
            harmonic=EXACT,
            budget_seconds=None,
            exact_seconds=0.0,
            seconds=0.0,
            sources=n,
            threads=0,
            seed=seed,
        ),
    )
    return GdsCentrality(
        table=table,
        membership=renumber_by_size(labels),
        version=version,
        procedures=_procedures(directed, settings),
    )


def _procedures(directed: bool, settings: GdsSettings) -> dict[str, str]:
    paths = "ARC (directed)" if directed else "TIE"
    return {
        "degree": "gds.degree on TIE (distinct neighbours)",
        "weighted_degree": "gds.degree on TIE, relationshipWeightProperty weight",
        "betweenness": f"gds.betweenness on {paths} over distance, exact; "
        "/ ((n-1)(n-2)" + ("" if directed else " / 2") + ")",
        "closeness": f"gds.allShortestPaths on {paths} over distance, summed per "
        "stakeholder on the server; Wasserman-Faust",
        "harmonic": f"gds.allShortestPaths on {paths} over distance: sum of 1 / distance",
        "pagerank": f"gds.pageRank on {paths} over weight, dampingFactor "
        f"{settings.damping_factor}, tolerance {settings.tolerance:g}, "
        f"maxIterations {settings.max_iterations}; scaled to sum 1",
        "eigenvector": f"gds.eigenvector on {paths}, unweighted (GDS weights are "
        "out-degree-normalised); isolated stakeholders 0, norm 1",
        "communities": "gds.leiden on TIE over weight, gamma = resolution, randomSeed",
    }


# --- the report ---------------------------------------------------------------------------


class GdsAnalysis(Analysis):
    """graphkit's analysis with centrality (and the roles built on it) and communities
    from GDS; every other part is graphkit's own, from the same snapshot."""

    def __init__(
        self,
        store: NetworkStore,
        source: Snapshot | Network,
        options: AnalysisOptions | None = None,
        plan_states: Any = None,
        settings: GdsSettings | None = None,
    ) -> None:
        super().__init__(source, options, plan_states)
        self.store = store
        self.settings = settings or GdsSettings()

    @cached_property
    def gds(self) -> GdsCentrality:
        return gds_centrality(
            self.store,
            self.net,
            seed=self.options.seed,
            resolution=self.options.community_resolution,
            settings=self.settings,
        )

    @cached_property
    def table(self) -> CentralityTable:
        return self.gds.table

    def centrality_method(self) -> dict[str, Any]:
        return {
            "method": "exact",
            "engine": "gds",
            "gds_version": self.gds.version,
            "weighted": True,
            "eigenvector_weighted": False,
            "procedures": dict(self.gds.procedures),
        }

    def communities(self) -> dict[str, Any]:
        return _communities.communities(
            self.net,
            seed=self.options.seed,
            resolution=self.options.community_resolution,
            membership=self.gds.membership,
            method="gds.leiden",
        )


def build_gds_report(
    store: NetworkStore,
    snapshot: Snapshot | Network,
    options: AnalysisOptions | None = None,
    plan_states: Any = None,
    settings: GdsSettings | None = None,
) -> dict[str, Any]:
    """The whole report, as :func:`graphkit.analysis.report.build_report` gives it, with
    centrality and communities computed by Graph Data Science on ``store``.

    Raises
    ------
    GdsUnavailable
        Not a Neo4j store, or no GDS on its server.
    """
    _require_neo4j(store)
    return GdsAnalysis(store, snapshot, options, plan_states, settings).report()
