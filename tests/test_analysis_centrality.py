"""Every centrality against NetworkX, on the networks NetworkX ships and on random ones."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from analysis_networks import (
    from_networkx,
    nx_snapshots,
    person,
    pmo_snapshot,
    random_snapshot,
    reference_graph,
    snapshot,
    touch,
)

from graphkit.analysis import centrality as C
from graphkit.network import build_network

EXACT = 1e-9
ITERATIVE = 1e-6

CASES = nx_snapshots() + [
    ("random_components_isolated", random_snapshot(120, 300, seed=1, isolated=5, components=3)),
    ("random_weighted", random_snapshot(200, 700, seed=2, isolated=2, components=2)),
    (
        "random_unweighted",
        random_snapshot(150, 400, seed=3, isolated=3, components=4, weighted=False),
    ),
    ("sparse_forest", random_snapshot(80, 70, seed=4, isolated=6, components=5)),
]


def _disconnected_reference():
    """Karate club, Florentine families and Davis side by side, plus two loners."""
    G = nx.disjoint_union_all(
        [nx.karate_club_graph(), nx.florentine_families_graph(), nx.davis_southern_women_graph()]
    )
    G.add_nodes_from(["loner_a", "loner_b"])
    return from_networkx(G)


def _directed_les_miserables():
    """Les Misérables with a seeded third of its touchpoints one-way (``direction: out``)."""
    snap = nx_snapshots()[2][1]
    import pyarrow as pa

    rng = np.random.default_rng(3)
    tp = snap.touchpoints
    direction = np.where(rng.random(tp.num_rows) < 0.35, "out", "both")
    i = tp.column_names.index("direction")
    tp = tp.set_column(i, "direction", pa.array(direction, pa.string()))
    return type(snap)(groups=snap.groups, stakeholders=snap.stakeholders, touchpoints=tp)


CASES.append(("disconnected_reference", _disconnected_reference()))
DIRECTED_CASES = [
    ("random_directed", random_snapshot(120, 400, seed=5, isolated=3, components=2, out_share=0.4)),
    (
        "random_directed_sparse",
        random_snapshot(90, 120, seed=6, isolated=2, components=3, out_share=0.6),
    ),
    ("random_directed_les_miserables", _directed_les_miserables()),
]


def as_array(net, d):
    return np.array([d[i] for i in net.ids])


def build(snap, directed=False):
    return build_network(snap, directed=directed), reference_graph(snap, directed=directed)


@pytest.fixture(params=CASES + [(n, s) for n, s in DIRECTED_CASES], ids=lambda c: c[0])
def case(request):
    name, snap = request.param
    directed = name.startswith("random_directed")
    return build(snap, directed)


def test_folding_matches_reference(case):
    net, G = case
    assert net.n == G.number_of_nodes()
    assert net.m == G.number_of_edges()
    for s, t, w in zip(net.edge_source, net.edge_target, net.weight):
        assert G[net.ids[s]][net.ids[t]]["weight"] == pytest.approx(w, rel=1e-12)


def test_degree(case):
    net, G = case
    H = G.to_undirected() if G.is_directed() else G
    np.testing.assert_array_equal(C.degree(net), as_array(net, dict(H.degree())))


def test_weighted_degree(case):
    net, G = case
    np.testing.assert_allclose(
        C.weighted_degree(net), as_array(net, dict(G.degree(weight="weight"))), rtol=0, atol=EXACT
    )


def test_betweenness(case):
    net, G = case
    ref = nx.betweenness_centrality(G, normalized=True, weight="distance")
    np.testing.assert_allclose(C.betweenness(net), as_array(net, ref), rtol=0, atol=EXACT)


def test_betweenness_unweighted(case):
    net, G = case
    ref = nx.betweenness_centrality(G, normalized=True)
    np.testing.assert_allclose(
        C.betweenness(net, weighted=False), as_array(net, ref), rtol=0, atol=EXACT
    )


def test_one_pass_gives_all_three_exactly(case):
    net, G = case
    paths = C.path_centrality(net, budget_seconds=60)
    assert paths.method.exact and paths.method.sources == net.n
    assert paths.method.betweenness == paths.method.closeness == C.EXACT
    for values, ref in (
        (paths.betweenness, nx.betweenness_centrality(G, weight="distance")),
        (paths.closeness, nx.closeness_centrality(G, distance="distance")),
        (paths.harmonic, nx.harmonic_centrality(G, distance="distance")),
    ):
        np.testing.assert_allclose(values, as_array(net, ref), rtol=0, atol=EXACT)


def test_threads_do_not_change_the_result():
    net, _ = build(random_snapshot(900, 4000, seed=21, isolated=4, components=2))
    one = C.path_centrality(net, threads=1)
    two = C.path_centrality(net, threads=2)
    assert two.method.threads == 2 and one.method.threads == 1
    for a, b in (
        (one.betweenness, two.betweenness),
        (one.closeness, two.closeness),
        (one.harmonic, two.harmonic),
    ):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)


def test_closeness(case):
    net, G = case
    ref = nx.closeness_centrality(G, distance="distance", wf_improved=True)
    np.testing.assert_allclose(C.closeness(net), as_array(net, ref), rtol=0, atol=EXACT)
    ref = nx.closeness_centrality(G, distance="distance", wf_improved=False)
    np.testing.assert_allclose(
        C.closeness(net, wf_improved=False), as_array(net, ref), rtol=0, atol=EXACT
    )


def test_harmonic(case):
    net, G = case
    ref = nx.harmonic_centrality(G, distance="distance")
    np.testing.assert_allclose(C.harmonic(net), as_array(net, ref), rtol=0, atol=EXACT)


def test_pagerank(case):
    net, G = case
    ref = nx.pagerank(G, alpha=0.85, weight="weight", tol=1e-13, max_iter=10_000)
    values = C.pagerank(net)
    np.testing.assert_allclose(values, as_array(net, ref), rtol=0, atol=ITERATIVE)
    assert values.sum() == pytest.approx(1.0)


def eigenvector_reference(G):
    """NetworkX's numpy definition; on a disconnected graph (which NetworkX refuses as
    ambiguous) the leading eigenvector of the whole matrix is that of the component with
    the largest leading eigenvalue, 0 elsewhere. Directed: NetworkX's power iteration."""
    if G.is_directed():
        return nx.eigenvector_centrality(G, weight="weight", max_iter=100_000, tol=1e-13)
    best, best_val = None, -1.0
    for comp in nx.connected_components(G):
        if len(comp) < 2:
            continue
        H = G.subgraph(comp)
        lam = max(np.linalg.eigvalsh(nx.to_numpy_array(H, weight="weight")))
        if lam > best_val + 1e-9:
            best, best_val = H, lam
    ref = dict.fromkeys(G, 0.0)
    ref.update(nx.eigenvector_centrality_numpy(best, weight="weight", max_iter=10_000, tol=1e-12))
    return ref


def test_eigenvector(case):
    net, G = case
    ref = eigenvector_reference(G)
    np.testing.assert_allclose(C.eigenvector(net), as_array(net, ref), rtol=0, atol=ITERATIVE)


def test_eigenvector_matches_power_iteration_when_connected():
    net, G = build(nx_snapshots()[0][1])
    ref = nx.eigenvector_centrality(G, weight="weight", max_iter=10_000, tol=1e-12)
    np.testing.assert_allclose(C.eigenvector(net), as_array(net, ref), rtol=0, atol=ITERATIVE)


def test_eigenvector_sparse_path_matches_dense():
    # above the dense threshold the scipy (ARPACK) path runs
    snap = random_snapshot(1700, 6000, seed=11, isolated=4, components=1)
    net, G = build(snap)
    ref = eigenvector_reference(G)
    np.testing.assert_allclose(C.eigenvector(net), as_array(net, ref), rtol=0, atol=ITERATIVE)


def test_isolated_stakeholders_get_zero_but_a_pagerank_share():
    snap = snapshot(
        [person("a"), person("b"), person("c"), person("lonely")],
        [touch("a", "b"), touch("b", "c")],
    )
    net = build_network(snap)
    i = net.index["lonely"]
    assert C.degree(net)[i] == 0
    assert C.closeness(net)[i] == 0
    assert C.harmonic(net)[i] == 0
    assert C.eigenvector(net)[i] == 0
    assert C.pagerank(net)[i] > 0  # teleports still land there
    # b is on the a–c path only: 2 ordered pairs of (n-1)(n-2) = 6
    assert C.betweenness(net)[net.index["b"]] == pytest.approx(1 / 3)


def test_known_weights_shape_distances():
    # a–b weekly (30/7 a month), b–c weekly, a–c quarterly: a→c goes through b
    snap = snapshot(
        [person("a"), person("b"), person("c")],
        [
            touch("a", "b", cadence_days=7),
            touch("b", "c", cadence_days=7),
            touch("a", "c", cadence_days=90, strength=0.5),
        ],
    )
    net = build_network(snap)
    assert sorted(np.round(net.weight, 6)) == sorted(np.round([30 / 7, 30 / 7, 0.5 * 30 / 90], 6))
    bc = C.betweenness(net)
    assert bc[net.index["b"]] == pytest.approx(1.0)
    bc_hops = C.betweenness(net, weighted=False)
    assert bc_hops[net.index["b"]] == 0.0


@pytest.fixture(scope="module")
def estimated():
    """A PMO-like network small enough for exact, estimated with no budget at all."""
    out = {}
    # directed, VD is bounded by the component size only: a looser ε keeps the sample
    # cheaper than the exact pass (else the exact pass is run instead)
    for directed, epsilon in ((False, 0.04), (True, 0.08)):
        snap = pmo_snapshot(1500, 9000, seed=17, isolated_share=0.02)
        net = build_network(snap, directed=directed)
        exact = C.path_centrality(net)
        est = C.path_centrality(net, budget_seconds=0, epsilon=epsilon, delta=0.1, seed=5)
        out[directed] = (net, exact, est, epsilon)
    return out


@pytest.mark.parametrize("directed", [False, True])
def test_estimated_betweenness_stays_within_epsilon(estimated, directed):
    net, exact, est, epsilon = estimated[directed]
    assert exact.method.exact and not est.method.exact
    m = est.method.betweenness
    assert m.method == "riondato-kornaropoulos" and m.delta == 0.1
    assert 0 < m.epsilon <= epsilon
    assert m.samples >= C.rk_samples(
        epsilon * (net.n - 2) / net.n, 0.1, est.method.vertex_diameter_bound
    )
    err = np.abs(est.betweenness - exact.betweenness)
    assert err.max() <= m.epsilon
    # and it is an estimate, not the exact answer in disguise
    assert err.max() > 0
    top = np.argsort(-exact.betweenness)[:3]
    assert (est.betweenness[top] > 0).all()


@pytest.mark.parametrize("directed", [False, True])
def test_estimated_closeness_and_harmonic_within_stated_bounds(estimated, directed):
    net, exact, est, _ = estimated[directed]
    m = est.method
    assert m.closeness.method == m.harmonic.method == "eppstein-wang"
    assert m.closeness.samples == m.sources - int(
        (C._components(net)[1][C._components(net)[0]] <= C.SMALL_COMPONENT).sum()
    )
    eps = m.harmonic.epsilon
    memb, sizes = C._components(net)
    size = sizes[memb].astype(float)
    # harmonic / (size - 1) within eps / (shortest tie into the stakeholder)
    into = np.full(net.n, np.inf)
    np.minimum.at(into, net.edge_target, net.distance)
    if not net.directed:
        np.minimum.at(into, net.edge_source, net.distance)
    big = (size > C.SMALL_COMPONENT) & np.isfinite(into)
    harm_err = np.abs(est.harmonic - exact.harmonic)[big] / (size[big] - 1)
    assert (harm_err <= eps / into[big]).all()
    # small components are exact
    small = size <= C.SMALL_COMPONENT
    np.testing.assert_allclose(est.harmonic[small], exact.harmonic[small], rtol=0, atol=EXACT)
    np.testing.assert_allclose(est.closeness[small], exact.closeness[small], rtol=0, atol=EXACT)
    # closeness: the mean distance from the others within eps x (longest shortest path)
    if not net.directed:
        reach = size[big]
        mean_exact = (
            (reach - 1)
            / np.maximum(exact.closeness[big] * (net.n - 1) / (reach - 1), 1e-300)
            / (reach - 1)
        )
        mean_est = (
            (reach - 1)
            / np.maximum(est.closeness[big] * (net.n - 1) / (reach - 1), 1e-300)
            / (reach - 1)
        )
        diameter = net.graph.diameter(directed=False, weights=net.distance.tolist())
        assert (np.abs(mean_est - mean_exact) <= eps * diameter).all()
        # and well inside it, in practice: ranks agree at the top
        assert np.argmax(est.closeness) in np.argsort(-exact.closeness)[:5]


def test_budget_decides_exact_or_estimate():
    net, _ = build(pmo_snapshot(1200, 7000, seed=23))
    generous = C.path_centrality(net, budget_seconds=600)
    assert generous.method.exact and generous.method.budget_seconds == 600
    tight = C.path_centrality(net, budget_seconds=0, epsilon=0.15)
    assert not tight.method.exact and tight.method.sources < net.n
    assert tight.method.exact_seconds > 0
    described = tight.method.as_dict()
    assert described["method"] == "estimated"
    assert described["betweenness"]["method"] == "riondato-kornaropoulos"
    assert {"epsilon", "delta", "samples", "bound"} <= set(described["closeness"])
    assert "seconds" not in generous.method.as_dict()  # exact reports carry no timings
    # an epsilon whose sample would cost more than the exact pass gets the exact pass
    costly = C.path_centrality(net, budget_seconds=0, epsilon=0.0005)
    assert costly.method.exact
    np.testing.assert_allclose(costly.betweenness, generous.betweenness, rtol=0, atol=EXACT)
    with pytest.raises(ValueError, match="epsilon"):
        C.path_centrality(net, epsilon=0)


def test_estimate_is_seeded():
    net, _ = build(pmo_snapshot(800, 4000, seed=29))
    # with no budget to spend, the sample is exactly what (ε, δ) needs: no timing in it
    a = C.path_centrality(net, budget_seconds=0, epsilon=0.15, seed=3, threads=2)
    b = C.path_centrality(net, budget_seconds=0, epsilon=0.15, seed=3, threads=2)
    other = C.path_centrality(net, budget_seconds=0, epsilon=0.15, seed=4, threads=2)
    assert not a.method.exact and not other.method.exact
    assert a.method.betweenness == b.method.betweenness
    np.testing.assert_array_equal(a.betweenness, b.betweenness)
    np.testing.assert_array_equal(a.harmonic, b.harmonic)
    assert not np.array_equal(a.betweenness, other.betweenness)


def test_table_is_typed():
    net, _ = build(nx_snapshots()[0][1])
    table = C.centrality_table(net)
    assert isinstance(table, C.CentralityTable) and table.method.exact
    for measure in table.MEASURES:
        column = table.column(measure)
        assert isinstance(column, np.ndarray) and column.shape == (net.n,)
    with pytest.raises(KeyError):
        table.column("fame")


def test_roles():
    net, _ = build(nx_snapshots()[0][1])
    table = C.centrality_table(net)
    r = C.roles(net, table, top=3)
    assert isinstance(r, C.Roles)
    assert [x.id for x in r.connectors][:2] == ["33", "0"]  # karate hubs
    assert len(r.brokers) == 3 and r.brokers[0].id == "0"
    assert all(isinstance(x, C.RankedStakeholder) and x.score > 0 for x in r.influencers)
