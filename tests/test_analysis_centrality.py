"""Every centrality against NetworkX, on the networks NetworkX ships and on random ones."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from analysis_networks import (nx_snapshots, random_snapshot, reference_graph, snapshot,
                               person, touch)
from graphkit.analysis import centrality as C
from graphkit.network import build_network

EXACT = 1e-9
ITERATIVE = 1e-6

CASES = nx_snapshots() + [
    ("random_components_isolated", random_snapshot(120, 300, seed=1, isolated=5, components=3)),
    ("random_weighted", random_snapshot(200, 700, seed=2, isolated=2, components=2)),
    ("random_unweighted", random_snapshot(150, 400, seed=3, isolated=3, components=4,
                                          weighted=False)),
    ("sparse_forest", random_snapshot(80, 70, seed=4, isolated=6, components=5)),
]
DIRECTED_CASES = [
    ("random_directed", random_snapshot(120, 400, seed=5, isolated=3, components=2,
                                        out_share=0.4)),
    ("random_directed_sparse", random_snapshot(90, 120, seed=6, isolated=2, components=3,
                                               out_share=0.6)),
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
    np.testing.assert_allclose(C.weighted_degree(net), as_array(net, dict(G.degree(weight="weight"))),
                               rtol=0, atol=EXACT)


def test_betweenness(case):
    net, G = case
    values, method = C.betweenness(net)
    assert method["method"] == "exact"
    ref = nx.betweenness_centrality(G, normalized=True, weight="distance")
    np.testing.assert_allclose(values, as_array(net, ref), rtol=0, atol=EXACT)


def test_betweenness_unweighted(case):
    net, G = case
    values, _ = C.betweenness(net, weighted=False)
    ref = nx.betweenness_centrality(G, normalized=True)
    np.testing.assert_allclose(values, as_array(net, ref), rtol=0, atol=EXACT)


def test_closeness(case):
    net, G = case
    ref = nx.closeness_centrality(G, distance="distance", wf_improved=True)
    np.testing.assert_allclose(C.closeness(net), as_array(net, ref), rtol=0, atol=EXACT)
    ref = nx.closeness_centrality(G, distance="distance", wf_improved=False)
    np.testing.assert_allclose(C.closeness(net, wf_improved=False), as_array(net, ref),
                               rtol=0, atol=EXACT)


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
    snap = snapshot([person("a"), person("b"), person("c"), person("lonely")],
                    [touch("a", "b"), touch("b", "c")])
    net = build_network(snap)
    i = net.index["lonely"]
    assert C.degree(net)[i] == 0
    assert C.closeness(net)[i] == 0
    assert C.harmonic(net)[i] == 0
    assert C.eigenvector(net)[i] == 0
    assert C.pagerank(net)[i] > 0  # teleports still land there
    # b is on the a–c path only: 2 ordered pairs of (n-1)(n-2) = 6
    assert C.betweenness(net)[0][net.index["b"]] == pytest.approx(1 / 3)


def test_known_weights_shape_distances():
    # a–b weekly (30/7 a month), b–c weekly, a–c quarterly: a→c goes through b
    snap = snapshot([person("a"), person("b"), person("c")],
                    [touch("a", "b", cadence_days=7), touch("b", "c", cadence_days=7),
                     touch("a", "c", cadence_days=90, strength=0.5)])
    net = build_network(snap)
    assert sorted(np.round(net.weight, 6)) == sorted(np.round([30 / 7, 30 / 7, 0.5 * 30 / 90], 6))
    bc, _ = C.betweenness(net)
    assert bc[net.index["b"]] == pytest.approx(1.0)
    bc_hops, _ = C.betweenness(net, weighted=False)
    assert bc_hops[net.index["b"]] == 0.0


def test_sampled_betweenness_is_networkx_estimator_with_stated_error():
    snap = random_snapshot(400, 1600, seed=7, isolated=3, components=2)
    net, G = build(snap)
    values, method = C.betweenness(net, exact_limit=100, k=80, seed=13)
    assert method["method"] == "sampled" and method["k"] == 80
    ref = nx.betweenness_centrality(G, k=80, seed=13, normalized=True, weight="distance")
    np.testing.assert_allclose(values, as_array(net, ref), rtol=0, atol=EXACT)
    exact, _ = C.betweenness(net)
    err = np.abs(values - exact)
    assert method["standard_error_max"] > 0
    # the estimate is within a few standard errors of the truth on average
    assert err.mean() < 4 * method["standard_error_mean"] + 1e-12


def test_sampled_closeness_and_harmonic_are_close():
    snap = random_snapshot(600, 3000, seed=8, components=1)
    net = build_network(snap)
    est = C.sampled_distances(net, k=300, seed=1)
    np.testing.assert_allclose(est["closeness"], C.closeness(net), rtol=0.1)
    np.testing.assert_allclose(est["harmonic"], C.harmonic(net), rtol=0.1)


def test_roles():
    net, _ = build(nx_snapshots()[0][1])
    table = C.centrality_table(net)
    r = C.roles(net, table, top=3)
    assert [x["id"] for x in r["connectors"]][:2] == ["33", "0"]  # karate hubs
    assert len(r["brokers"]) == 3 and r["brokers"][0]["id"] == "0"
    assert all(set(x) == {"id", "name", "group", "score"} for x in r["influencers"])
