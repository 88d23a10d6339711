"""Neo4j Graph Data Science: ``analyze --engine gds`` and the mapping of GDS's definitions.

Here (no Neo4j): the CLI refuses ``--engine gds`` on an embedded store and changes nothing;
the statements' lint keeps GDS inside ``gds_*.cypher``; and each mapping from a GDS
result to graphkit's (NetworkX's) definition is checked against NetworkX, with GDS's own
definition computed in numpy the way GDS's source computes it. With ``NEO4J_URI`` set
and GDS installed on that server, the whole path runs on karate club and Florentine
families and is compared with NetworkX.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from analysis_networks import (
    AS_OF,
    from_networkx,
    person,
    reference_graph,
    snapshot,
    touch,
)
from engines import NEO4J_SKIP, engine_location
from typer.testing import CliRunner

from graphkit.analysis.centrality import eigenvector
from graphkit.analysis.options import AnalysisOptions
from graphkit.analysis.report import build_report
from graphkit.cli.commands import app
from graphkit.network import build_network
from graphkit.store import NetworkChange, open_store
from graphkit.store.cypher import statement
from graphkit.store.gds import (
    GdsUnavailable,
    betweenness_from_gds,
    build_gds_report,
    closeness_from_sums,
    eigenvector_from_gds,
    gds_centrality,
    gds_version,
    pagerank_from_gds,
    renumber_by_size,
)

ROOT = Path(__file__).resolve().parents[1]
LINT = ROOT / "tools" / "cypher-lint" / "lint.mjs"
LINT_PACKAGE = ROOT / "tools" / "cypher-lint" / "node_modules" / "@neo4j-cypher"


def _flat(text: str) -> str:
    return " ".join(text.split())


def _reference_networks() -> list[tuple[str, nx.Graph]]:
    les = nx.les_miserables_graph()
    return [
        ("karate", nx.karate_club_graph()),
        ("florentine", nx.florentine_families_graph()),
        ("les_miserables", les),
    ]


def _with_weights(G: nx.Graph, seed: int = 3) -> nx.Graph:
    rng = np.random.default_rng(seed)
    H = G.copy()
    for u, v in H.edges:
        w = float(rng.choice([0.5, 1.0, 2.0, 4.0, 30.0 / 7]))
        H.edges[u, v]["weight"] = w
        H.edges[u, v]["distance"] = 1.0 / w
    return H


def _disconnected() -> nx.Graph:
    G = nx.disjoint_union_all([nx.karate_club_graph(), nx.florentine_families_graph()])
    G.add_nodes_from(["alone-1", "alone-2"])
    return G


def _directed() -> nx.DiGraph:
    rng = np.random.default_rng(11)
    G = nx.DiGraph()
    base = nx.convert_node_labels_to_integers(nx.les_miserables_graph())
    for u, v in base.edges:
        w = float(rng.choice([0.5, 1.0, 2.0, 4.0]))
        G.add_edge(u, v, weight=w, distance=1.0 / w)
        if rng.random() < 0.6:
            G.add_edge(v, u, weight=w, distance=1.0 / w)
    G.add_node("alone")
    return G


# --- the command line ---------------------------------------------------------------------


def test_engine_gds_is_refused_on_an_embedded_store_and_nothing_is_made(tmp_path):
    location = tmp_path / "network.lbug"
    done = CliRunner().invoke(app, ["--store", str(location), "analyze", "--engine", "gds"])
    assert done.exit_code == 2
    message = _flat(done.output)
    assert "--engine gds needs a Neo4j store" in message
    assert "bolt://" in message and "Ladybug" in message
    assert not location.exists()  # refused before the store was opened


def test_engine_gds_on_a_loaded_embedded_store_changes_nothing(tmp_path, network_json):
    location = str(tmp_path / "network.lbug")
    runner = CliRunner()
    assert runner.invoke(app, ["--store", location, "import", str(network_json)]).exit_code == 0
    with open_store(location) as store:
        before = store.snapshot()
    done = runner.invoke(
        app, ["--store", location, "analyze", "--engine", "gds", "--format", "json"]
    )
    assert done.exit_code == 2 and "needs a Neo4j store" in _flat(done.output)
    with open_store(location) as store:
        after = store.snapshot()
    assert after.stakeholders.equals(before.stakeholders)
    assert after.touchpoints.equals(before.touchpoints)


def test_engine_is_a_validated_choice_and_graphkit_is_the_default(tmp_path, network_json):
    location = str(tmp_path / "network.lbug")
    runner = CliRunner()
    runner.invoke(app, ["--store", location, "import", str(network_json)])
    bad = runner.invoke(app, ["--store", location, "analyze", "--engine", "networkx"])
    assert bad.exit_code == 2 and "'networkx' is not one of" in _flat(bad.output)
    default = runner.invoke(
        app, ["--store", location, "analyze", "--format", "json", "--as-of", "2025-06-30"]
    )
    named = runner.invoke(
        app,
        [
            "--store",
            location,
            "analyze",
            "--format",
            "json",
            "--as-of",
            "2025-06-30",
            "--engine",
            "graphkit",
        ],
    )
    assert default.exit_code == 0 and named.exit_code == 0
    a, b = json.loads(default.stdout), json.loads(named.stdout)
    assert set(a) == set(b) and a["gaps"] == b["gaps"]
    # (eigensolvers may differ in the last bits from one run to the next)
    assert [pytest.approx(row, abs=1e-12) for row in a["centrality"]] == b["centrality"]


def test_the_python_api_refuses_gds_on_an_embedded_store(tmp_path, network_document):
    with open_store(str(tmp_path / "network.lbug")) as store:
        store.apply(NetworkChange.from_document(network_document))
        with pytest.raises(GdsUnavailable, match="needs a Neo4j store"):
            gds_version(store)
        with pytest.raises(GdsUnavailable, match="needs a Neo4j store"):
            build_gds_report(store, store.snapshot())


def test_the_readme_shows_the_projection_that_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Neo4j and Graph Data Science", 1)[1].split("\n## ", 1)[0]
    shown = section.split("```cypher\n", 1)[1].split("```", 1)[0]
    assert _flat(shown) == _flat(statement("neo4j", "gds_project_ties"))


# --- the lint keeps GDS in its own files --------------------------------------------------


def _lint(*paths: Path) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    if node is None or not LINT_PACKAGE.is_dir():
        reason = "Cypher lint cannot run: node or tools/cypher-lint/node_modules missing"
        if os.environ.get("CI"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return subprocess.run(
        [node, str(LINT), *map(str, paths)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )


def test_gds_is_known_only_in_gds_files_and_typos_there_fail(tmp_path):
    call = "CALL gds.pageRank.stream($graph) YIELD nodeId, score\nRETURN nodeId, score;\n"
    (tmp_path / "gds_rank.cypher").write_text(call, encoding="utf-8")
    assert _lint(tmp_path / "gds_rank.cypher").returncode == 0
    (tmp_path / "rank.cypher").write_text(call, encoding="utf-8")
    outside = _lint(tmp_path / "rank.cypher")
    assert outside.returncode == 1 and "gds.pageRank.stream" in outside.stdout
    (tmp_path / "gds_typo.cypher").write_text(
        call.replace("pageRank", "pagerank"), encoding="utf-8"
    )
    typo = _lint(tmp_path / "gds_typo.cypher")
    assert typo.returncode == 1 and "gds.pagerank.stream" in typo.stdout
    (tmp_path / "gds_param.cypher").write_text(
        call.replace("$graph", "$graph_name"), encoding="utf-8"
    )
    assert "Parameter $graph_name" in _lint(tmp_path / "gds_param.cypher").stdout


# --- GDS's definitions mapped to NetworkX's -----------------------------------------------


@pytest.mark.parametrize(("name", "G"), _reference_networks() + [("disconnected", _disconnected())])
def test_betweenness_scaling_matches_networkx_undirected(name, G):
    H = _with_weights(G)
    # GDS's raw score on an undirected graph: every source's dependencies, halved
    # (BetweennessCentrality: divisor 2 when the graph is undirected) — NetworkX's
    # unnormalized undirected value.
    raw = nx.betweenness_centrality(H, normalized=False, weight="distance")
    expected = nx.betweenness_centrality(H, normalized=True, weight="distance")
    nodes = list(H)
    got = betweenness_from_gds(np.array([raw[v] for v in nodes]), len(nodes), directed=False)
    np.testing.assert_allclose(got, [expected[v] for v in nodes], rtol=1e-12, atol=1e-15)


def test_betweenness_scaling_matches_networkx_directed():
    G = _directed()
    raw = nx.betweenness_centrality(G, normalized=False, weight="distance")
    expected = nx.betweenness_centrality(G, normalized=True, weight="distance")
    nodes = list(G)
    got = betweenness_from_gds(np.array([raw[v] for v in nodes]), len(nodes), directed=True)
    np.testing.assert_allclose(got, [expected[v] for v in nodes], rtol=1e-12, atol=1e-15)
    assert not np.any(betweenness_from_gds(np.array([0.0, 0.0]), 2, directed=False))


def _path_sums(G: nx.Graph) -> tuple[list, np.ndarray, np.ndarray, np.ndarray]:
    """What gds_path_sums.cypher returns: per target, others reaching it, Σ distance,
    Σ 1/distance (over weighted all-pairs shortest paths, (v, v) and ∞ left out)."""
    nodes = list(G)
    at = {v: i for i, v in enumerate(nodes)}
    reached, dist, harm = np.zeros(len(nodes)), np.zeros(len(nodes)), np.zeros(len(nodes))
    for source, lengths in nx.all_pairs_dijkstra_path_length(G, weight="distance"):
        for target, d in lengths.items():
            if target != source:
                i = at[target]
                reached[i] += 1
                dist[i] += d
                harm[i] += 1.0 / d
    return nodes, reached, dist, harm


@pytest.mark.parametrize(
    "G",
    [_with_weights(_disconnected()), _directed(), _with_weights(nx.les_miserables_graph())],
    ids=["disconnected", "directed", "les_miserables"],
)
def test_closeness_and_harmonic_from_path_sums_match_networkx(G):
    nodes, reached, dist, harm = _path_sums(G)
    closeness = nx.closeness_centrality(G, distance="distance")
    harmonic = nx.harmonic_centrality(G, distance="distance")
    np.testing.assert_allclose(
        closeness_from_sums(reached, dist, len(nodes)),
        [closeness[v] for v in nodes],
        rtol=1e-12,
        atol=1e-15,
    )
    np.testing.assert_allclose(harm, [harmonic[v] for v in nodes], rtol=1e-12)


def _gds_pagerank(G: nx.Graph, alpha: float = 0.85) -> np.ndarray:
    """GDS's PageRank fixed point: x = (1 − α)·1 + α Pᵀx, a stakeholder without outgoing
    ties passing nothing on (PageRankComputation sends only when its degree > 0)."""
    nodes = list(G)
    A = nx.to_numpy_array(G, nodelist=nodes, weight="weight")
    out = A.sum(axis=1)
    P = np.divide(A, out[:, None], out=np.zeros_like(A), where=out[:, None] > 0)
    n = len(nodes)
    return np.linalg.solve(np.eye(n) - alpha * P.T, (1 - alpha) * np.ones(n))


@pytest.mark.parametrize(
    "G",
    [_with_weights(_disconnected()), _directed(), _with_weights(nx.karate_club_graph())],
    ids=["disconnected", "directed-with-dangling", "karate"],
)
def test_pagerank_scaled_to_one_is_networkx_pagerank(G):
    raw = _gds_pagerank(G)
    assert abs(raw.sum() - 1.0) > 1e-3  # GDS's scores are not NetworkX's as they come
    expected = nx.pagerank(G, alpha=0.85, weight="weight", tol=1e-13, max_iter=10_000)
    np.testing.assert_allclose(
        pagerank_from_gds(raw), [expected[v] for v in G], rtol=1e-8, atol=1e-12
    )


def _gds_eigenvector(
    G: nx.Graph, weighted: bool, tolerance: float = 1e-10, max_iterations: int = 1000
) -> np.ndarray:
    """GDS's eigenvector iteration (EigenvectorComputation): x ← x + Σ_in x_u·w / D(u) with
    D(u) = Σ out-weights when weighted (else 1), scaled to L2 norm 1, from 1/n, until no
    entry moves more than ``tolerance``."""
    nodes = list(G)
    A = nx.to_numpy_array(G, nodelist=nodes, weight="weight" if weighted else None)
    denominator = A.sum(axis=1) if weighted else np.ones(len(nodes))
    denominator[denominator == 0] = 1.0
    x = np.full(len(nodes), 1.0 / len(nodes))
    for _ in range(max_iterations):
        nxt = x + A.T @ (x / denominator)
        nxt /= np.linalg.norm(nxt)
        done = np.all(np.abs(nxt - x) <= tolerance)
        x = nxt
        if done:
            break
    return x


def test_eigenvector_unweighted_maps_to_networkx_on_a_disconnected_network():
    G = _disconnected()
    net = build_network(from_networkx(G))
    # the reference: NetworkX on the leading component (karate), 0 elsewhere
    lead = nx.eigenvector_centrality_numpy(nx.karate_club_graph())
    expected = np.zeros(net.n)
    for v, value in lead.items():
        expected[net.index[str(v)]] = value
    raw = _gds_eigenvector(nx.relabel_nodes(G, str), weighted=False)
    order = [net.index[str(v)] for v in G]
    raw_in_net_order = np.zeros(net.n)
    raw_in_net_order[order] = raw
    assert np.count_nonzero(raw_in_net_order) > 34  # GDS leaves the rest small, not 0
    got = eigenvector_from_gds(
        raw_in_net_order,
        np.asarray(net.graph.degree()),
        np.asarray(net.graph.connected_components().membership),
    )
    np.testing.assert_allclose(got, expected, atol=1e-8)
    np.testing.assert_allclose(got, eigenvector(net), atol=1e-8)  # graphkit's own


def test_weighted_gds_eigenvector_is_a_different_measure():
    # Why GDS's eigenvector runs unweighted: weighted, it is proportional to weighted
    # degree on a connected undirected network, not NetworkX's weighted eigenvector.
    G = _with_weights(nx.karate_club_graph())
    weighted = _gds_eigenvector(G, weighted=True, tolerance=1e-13, max_iterations=20_000)
    strength = np.array([d for _, d in G.degree(weight="weight")])
    np.testing.assert_allclose(weighted, strength / np.linalg.norm(strength), atol=1e-6)
    reference = nx.eigenvector_centrality_numpy(G, weight="weight")
    assert np.abs(weighted - [reference[v] for v in G]).max() > 0.05


def test_renumber_by_size_numbers_the_largest_community_zero():
    got = renumber_by_size(np.array([40, 12, 12, 40, 12, 7, 99]))
    assert got.tolist() == [1, 0, 0, 1, 0, 2, 3]
    assert renumber_by_size(np.array([], dtype=np.int64)).tolist() == []


def test_projection_rules_match_the_networks_fold():
    # The Cypher projections fold touchpoints as graphkit.network does; the rules they
    # encode (two-way touchpoints count once per direction in the undirected view of a
    # directed network) are checked on graphkit's side here, on the server below.
    snap = snapshot(
        [person("a"), person("b"), person("c")],
        [
            touch("a", "b", cadence_days=30, id="ab"),
            touch("b", "c", cadence_days=15, direction="out", id="bc"),
            touch("c", "b", cadence_days=30, id="cb"),
        ],
    )
    undirected = build_network(snap)
    directed = build_network(snap, directed=True)
    ties = {
        tuple(sorted((undirected.ids[a], undirected.ids[b]))): w
        for a, b, w in zip(undirected.edge_source, undirected.edge_target, undirected.weight)
    }
    assert ties == {("a", "b"): 1.0, ("b", "c"): 3.0}
    view, weights = directed.undirected_ties()
    summed = {
        tuple(sorted((directed.ids[e.source], directed.ids[e.target]))): w
        for e, w in zip(view.es, weights)
    }
    assert summed == {("a", "b"): 2.0, ("b", "c"): 4.0}  # gds_project_ties with $directed


# --- on a Neo4j server with GDS (NEO4J_URI) ----------------------------------------------

NEO4J = NEO4J_SKIP


@pytest.fixture
def gds_store(tmp_path):
    location = engine_location("neo4j", tmp_path)  # NEO4J_URI's Neo4j, wiped clean
    store = open_store(location)
    try:
        try:
            gds_version(store)
        except GdsUnavailable as error:
            pytest.skip(
                f"Graph Data Science is not installed on the Neo4j at NEO4J_URI "
                f"({error}); start it with NEO4J_PLUGINS='[\"graph-data-science\"]'"
            )
        yield store
    finally:
        store.close()


def _load(store, G: nx.Graph, weight: str | None = None):
    snap = from_networkx(G, weight=weight)
    store.apply(
        NetworkChange(
            groups=snap.groups, stakeholders=snap.stakeholders, touchpoints=snap.touchpoints
        )
    )
    return store.snapshot()


@NEO4J
@pytest.mark.parametrize(
    ("name", "G", "weight"),
    [
        ("karate", nx.karate_club_graph(), None),
        ("karate-weighted", nx.karate_club_graph(), "weight"),
        ("florentine", nx.florentine_families_graph(), None),
    ],
)
def test_gds_centrality_equals_networkx(gds_store, name, G, weight):
    snap = _load(gds_store, G, weight)
    net = build_network(snap)
    ref = reference_graph(snap)
    found = gds_centrality(gds_store, net)
    t = found.table
    ids = list(net.ids)

    def expect(values):
        return np.array([values[v] for v in ids])

    np.testing.assert_array_equal(t.degree, expect(dict(ref.degree())))
    np.testing.assert_allclose(t.weighted_degree, expect(dict(ref.degree(weight="weight"))))
    np.testing.assert_allclose(
        t.betweenness, expect(nx.betweenness_centrality(ref, weight="distance")), atol=1e-9
    )
    np.testing.assert_allclose(
        t.closeness, expect(nx.closeness_centrality(ref, distance="distance")), atol=1e-9
    )
    np.testing.assert_allclose(
        t.harmonic, expect(nx.harmonic_centrality(ref, distance="distance")), atol=1e-9
    )
    np.testing.assert_allclose(t.pagerank, expect(nx.pagerank(ref, weight="weight")), atol=1e-6)
    np.testing.assert_allclose(
        t.eigenvector, expect(nx.eigenvector_centrality_numpy(ref)), atol=1e-6
    )
    # Leiden's partition is GDS's own; its modularity is that of a good partition.
    parts = [set(np.array(ids)[found.membership == c]) for c in set(found.membership)]
    ours = build_report(snap, AnalysisOptions())["communities"]["modularity"]
    assert nx.community.modularity(ref, parts, weight="weight") >= ours - 0.05


@NEO4J
def test_gds_report_has_the_default_reports_shape(gds_store):
    snap = _load(gds_store, nx.florentine_families_graph())
    options = AnalysisOptions(as_of=AS_OF)
    ours = build_report(snap, options)
    theirs = build_gds_report(gds_store, snap, options)
    assert set(theirs) == set(ours)
    assert [list(row) for row in theirs["centrality"]] == [list(r) for r in ours["centrality"]]
    assert set(theirs["communities"]) == set(ours["communities"])
    assert theirs["centrality_method"]["engine"] == "gds"
    assert theirs["communities"]["method"] == "gds.leiden"
    listed = gds_store._driver.execute_query(
        "CALL gds.graph.list() YIELD graphName RETURN graphName", database_=gds_store.database
    ).records
    assert not [r for r in listed if r["graphName"].startswith("graphkit-")]  # dropped


@NEO4J
def test_gds_directed_matches_networkx_directed(gds_store):
    G = _directed()
    snap_people = [str(v) for v in G]
    rows = []
    for u, v in G.edges:
        if G.has_edge(v, u):
            if str(u) < str(v):
                rows.append(touch(str(u), str(v), cadence_days=30, id=f"{u}|{v}"))
        else:
            rows.append(touch(str(u), str(v), cadence_days=30, direction="out", id=f"{u}>{v}"))
    snap = snapshot([person(p) for p in snap_people], rows)
    gds_store.apply(
        NetworkChange(
            groups=snap.groups, stakeholders=snap.stakeholders, touchpoints=snap.touchpoints
        )
    )
    net = build_network(gds_store.snapshot(), directed=True)
    ref = reference_graph(snap, directed=True)
    t = gds_centrality(gds_store, net).table
    ids = list(net.ids)
    between = nx.betweenness_centrality(ref, weight="distance")
    closeness = nx.closeness_centrality(ref, distance="distance")
    np.testing.assert_allclose(t.betweenness, [between[v] for v in ids], atol=1e-9)
    np.testing.assert_allclose(t.closeness, [closeness[v] for v in ids], atol=1e-9)
    rank = nx.pagerank(ref, weight="weight")
    np.testing.assert_allclose(t.pagerank, [rank[v] for v in ids], atol=1e-6)
