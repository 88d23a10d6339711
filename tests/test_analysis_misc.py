"""Communities, complexity, and the report as a whole."""

from __future__ import annotations

import io
import json

import networkx as nx
import pytest
from analysis_networks import (
    AS_OF,
    nx_snapshots,
    person,
    pmo_snapshot,
    random_snapshot,
    reference_graph,
    snapshot,
    touch,
)
from rich.console import Console

from graphkit import model
from graphkit.analysis import AnalysisOptions, build_part, build_report
from graphkit.analysis.communities import communities
from graphkit.analysis.complexity import complexity
from graphkit.analysis.report import PARTS
from graphkit.cli.tables import render_report
from graphkit.network import build_network


def two_cliques():
    groups = [model.CustomerGroup(id="L", name="Left"), model.CustomerGroup(id="R", name="Right")]
    people = [person(f"l{i}", group="L") for i in range(6)] + [
        person(f"r{i}", group="R") for i in range(6)
    ]
    ties = [touch(f"l{i}", f"l{j}") for i in range(6) for j in range(i + 1, 6)]
    ties += [touch(f"r{i}", f"r{j}") for i in range(6) for j in range(i + 1, 6)]
    ties.append(touch("l0", "r0", cadence_days=90))
    return snapshot(people, ties, groups)


def test_communities_recover_declared_groups():
    out = communities(build_network(two_cliques()), seed=1)
    assert out["count"] == 2
    assert out["agreement"]["nmi"] == pytest.approx(1.0)
    assert out["agreement"]["ari"] == pytest.approx(1.0)
    assert sorted(c["dominant_group"] for c in out["communities"]) == ["L", "R"]
    assert all(g["communities"] == 1 for g in out["groups"])
    assert out["membership"]["l3"] == out["membership"]["l5"] != out["membership"]["r1"]


def test_communities_are_seeded_and_modularity_is_igraphs():
    net = build_network(nx_snapshots()[0][1])
    a, b = communities(net, seed=5), communities(net, seed=5)
    assert a["membership"] == b["membership"]
    G = reference_graph(nx_snapshots()[0][1])
    parts = {}
    for sid, c in a["membership"].items():
        parts.setdefault(c, set()).add(sid)
    assert a["modularity"] == pytest.approx(
        nx.community.modularity(G, parts.values(), weight="weight")
    )
    assert a["modularity"] > 0.35


def test_complexity_matches_networkx():
    snap = random_snapshot(120, 260, seed=31, isolated=4, components=3)
    net, G = build_network(snap), reference_graph(snap)
    c = complexity(net)
    n = G.number_of_nodes()
    assert c["potential_channels"] == n * (n - 1) // 2
    assert c["ties"] == G.number_of_edges()
    assert c["density"] == pytest.approx(nx.density(G), abs=1e-12)
    comps = sorted((len(x) for x in nx.connected_components(G)), reverse=True)
    assert c["components"]["count"] == len(comps) and c["components"]["largest"] == comps[0]
    assert c["components"]["isolated"] == sum(1 for x in comps if x == 1)


def test_complexity_counts_pmo_touchpoints():
    snap = snapshot(
        [person("pm", is_pmo=True), person("a"), person("b")],
        [
            touch("pm", "a", vehicle="meeting"),
            touch("a", "pm", vehicle="email"),
            touch("pm", "b"),
            touch("a", "b"),
        ],
    )
    c = complexity(build_network(snap))
    assert c["pmo"] == [
        {
            "id": "pm",
            "name": "Person pm",
            "touchpoints": 3,
            "contacts": 2,
            "weight": pytest.approx(3.0),
        }
    ]
    assert c["pmo_touchpoint_share"] == 0.75


@pytest.fixture(scope="module")
def report():
    snap = pmo_snapshot(400, 1500, seed=9)
    return snap, build_report(snap, AnalysisOptions(as_of=AS_OF, top=5))


def test_report_is_json_with_every_part(report):
    _, rep = report
    json.dumps(rep, allow_nan=False)
    assert set(PARTS) <= set(rep)
    assert rep["network"]["stakeholders"] == 400
    assert {"count", "largest"} <= set(rep["network"]["components"])
    row = rep["centrality"][0]
    assert {"id", "name", "group", *model.CENTRALITY_MEASURES} <= set(row)
    assert len(rep["centrality"]) == 400
    assert rep["options"]["as_of"] == AS_OF.isoformat()
    assert rep["options"]["stale_tolerance"] == 1.5
    assert len(rep["roles"]["connectors"]) == 5
    assert rep["centrality_method"]["method"] == "exact"


def test_report_centrality_matches_networkx(report):
    snap, rep = report
    G = reference_graph(snap)
    bc = nx.betweenness_centrality(G, weight="distance")
    pr = nx.pagerank(G, weight="weight", tol=1e-12)
    for row in rep["centrality"]:
        assert row["betweenness"] == pytest.approx(bc[row["id"]], abs=1e-9)
        assert row["pagerank"] == pytest.approx(pr[row["id"]], abs=1e-6)


def test_parts_alone_equal_the_report(report):
    snap, rep = report
    opts = AnalysisOptions(as_of=AS_OF, top=5)
    for name in ("plan", "communities", "network", "options"):
        assert build_part(name, snap, opts) == rep[name]
    gaps = build_part("gaps", snap, opts)
    assert gaps["items"] == rep["gaps"]
    assert {**gaps["summary"], "truncated": gaps["truncated"]} == rep["gap_summary"]
    with pytest.raises(ValueError, match="unknown analysis part"):
        build_part("nonsense", snap, opts)
    assert set(PARTS) <= set(rep)


def test_sampled_report_states_its_error():
    snap = pmo_snapshot(600, 2400, seed=4)
    # a coarse ε: a finer one would cost more than the exact pass here, which then runs
    rep = build_report(
        snap, AnalysisOptions(as_of=AS_OF, centrality_budget_seconds=0, betweenness_epsilon=0.2)
    )
    m = rep["centrality_method"]
    assert m["method"] == "estimated" and m["budget_seconds"] == 0
    assert m["betweenness"]["method"] == "riondato-kornaropoulos"
    assert 0 < m["betweenness"]["epsilon"] <= 0.2 and m["betweenness"]["delta"] == 0.1
    assert m["closeness"]["samples"] > 0 and m["harmonic"]["epsilon"] > 0
    json.dumps(rep, allow_nan=False)


def test_the_report_tables_answer_the_four_questions_with_names(report):
    _, rep = report
    buf = io.StringIO()
    groups = {"delivery": "Delivery Teams & Managers", "business": "The Wider Business"}
    render_report(rep, Console(file=buf, width=250), top=3, groups=groups)
    text = " ".join(buf.getvalue().split())  # rich wraps titles to the table's width
    for title in (
        "Network",
        "Whom the PMO reaches",
        "Connectors",
        "Brokers",
        "the PMO left out",
        "Gaps",
        "What to do next",
    ):
        assert title in text, title
    people = [r for r in rep["centrality"] if not r["is_pmo"]]
    top = max(people, key=lambda r: (r["degree"], -ord(r["id"][0])))
    assert top["name"] in text  # the top connector by name, the PMO left out
    first = min(
        (a for a in rep["plan"]["actions"] if a["status"] != "done"),
        key=lambda a: (a["due"], a["rank"]),
    )
    assert first["due"] in text and first["owner_name"] in text
