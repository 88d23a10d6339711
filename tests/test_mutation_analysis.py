"""graphkit.analysis tests written to kill mutants that survived the rest of the suite
(tools/mutation): the independent cascade and the briefing choice against probabilities
worked out by hand on small networks."""

from __future__ import annotations

import math

import numpy as np
import pytest
from analysis_networks import person, snapshot, touch

from graphkit.analysis.reach import best_briefing, cascade
from graphkit.network import build_network

# tie weight = strength × 30 / cadence_days; p = 1 − exp(−weight / 4) by default
P_PA = 1 - math.exp(-3 / 4)  # cadence 10: weight 3
P_AB = 1 - math.exp(-1 / 4)  # cadence 30: weight 1


def _chain():
    """pmo —(10 days)— a —(30 days)— b, and c alone."""
    people = [person("pmo", is_pmo=True), person("a"), person("b"), person("c")]
    ties = [touch("pmo", "a", cadence_days=10), touch("a", "b", cadence_days=30)]
    return build_network(snapshot(people, ties))


def test_mutation_cascade_hears_with_the_probabilities_of_the_chain():
    net = _chain()
    result = cascade(net, runs=20_000, seed=3)
    assert result.seeds == ("pmo",) and result.runs == 20_000 and result.scale == 4.0
    heard = dict(zip(net.ids, result.probability))
    expected = {"pmo": 1.0, "a": P_PA, "b": P_PA * P_AB, "c": 0.0}
    for sid, p in expected.items():
        assert heard[sid] == pytest.approx(p, abs=0.02), sid
    mean = 1 + P_PA + P_PA * P_AB
    assert result.expected_reach == pytest.approx(mean, abs=0.03)
    assert result.expected_share == pytest.approx(result.expected_reach / 4)
    # reach per run is 1, 2 or 3 with known chances: its spread
    var = (1 * (1 - P_PA) + 4 * P_PA * (1 - P_AB) + 9 * P_PA * P_AB) - mean**2
    assert result.reach_std == pytest.approx(math.sqrt(var), abs=0.02)
    assert result.standard_error == pytest.approx(result.reach_std / math.sqrt(20_000))


def test_mutation_cascade_scale_and_seeds_are_what_was_asked():
    net = _chain()
    result = cascade(net, ["b"], runs=20_000, scale=1.0, seed=3)
    heard = dict(zip(net.ids, result.probability))
    p_ab, p_pa = 1 - math.exp(-1), 1 - math.exp(-3)
    assert result.seeds == ("b",) and result.scale == 1.0
    assert heard["a"] == pytest.approx(p_ab, abs=0.02)
    assert heard["pmo"] == pytest.approx(p_ab * p_pa, abs=0.02)
    # the same seed gives the same answer; another seed another sample
    again = cascade(net, ["b"], runs=500, scale=1.0, seed=3)
    assert np.array_equal(
        again.probability, cascade(net, ["b"], runs=500, scale=1.0, seed=3).probability
    )


def test_mutation_a_cascade_from_no_one_reaches_no_one():
    people = [person("a"), person("b")]
    net = build_network(snapshot(people, [touch("a", "b")]))
    result = cascade(net, runs=50)
    assert (result.seeds, result.runs, result.scale) == ((), 50, 4.0)
    assert (result.expected_reach, result.expected_share) == (0.0, 0.0)
    assert (result.reach_std, result.standard_error) == (0.0, 0.0)
    assert result.probability.tolist() == [0.0, 0.0]


def test_mutation_best_briefing_picks_the_hub_first():
    # a star: hub h with four spokes (cadence 1: p ≈ 1), and a pair far away
    people = [person(x) for x in ("h", "s1", "s2", "s3", "s4", "x", "y")]
    ties = [touch("h", s, cadence_days=1) for s in ("s1", "s2", "s3", "s4")]
    ties.append(touch("x", "y", cadence_days=1))
    net = build_network(snapshot(people, ties))
    result = best_briefing(net, k=2, runs=200, seed=1)
    chosen = [c.id for c in result.chosen]
    assert chosen[0] == "h" and chosen[1] in ("x", "y")
    p = 1 - math.exp(-30 / 4)
    assert result.chosen[0].gain == pytest.approx(1 + 4 * p, abs=0.05)
    assert result.chosen[0].expected_reach == pytest.approx(1 + 4 * p, abs=0.05)
    assert result.chosen[1].gain == pytest.approx(1 + p, abs=0.05)
    assert result.chosen[1].expected_reach == pytest.approx(2 + 5 * p, abs=0.1)
    assert result.chosen[0].name == "Person h"
    assert (result.runs, result.scale) == (200, 4.0)
    assert best_briefing(net, k=0).chosen == ()


# -- heavy parts reused only for the same inputs (the shelf's keys) --------------------------
from graphkit.analysis.options import AnalysisOptions
from graphkit.analysis.report import Analysis
from graphkit.analysis.shelf import ResultShelf

HEAVY = ("centrality", "centrality_method", "roles", "reach", "communities")
# each option, changed, must make exactly these heavy parts be computed afresh
CHANGES = {
    "centrality_budget_seconds": (None, {"centrality", "centrality_method", "roles"}),
    "betweenness_epsilon": (0.05, {"centrality", "centrality_method", "roles"}),
    "betweenness_delta": (0.2, {"centrality", "centrality_method", "roles"}),
    "seed": (7, set(HEAVY)),
    "reach_steps": (2, {"reach"}),
    "cascade_runs": (50, {"reach"}),
    "cascade_scale": (2.0, {"reach"}),
    "cascade_seeds": (["a"], {"reach"}),
    "briefing_size": (2, {"reach"}),
    "briefing_candidates": (20, {"reach"}),
    "community_resolution": (2.0, {"communities"}),
}


def _kept(shelf, net, **options) -> set[str]:
    analysis = Analysis(net, AnalysisOptions(**options), shelf=shelf)
    return {part for part in HEAVY if analysis.ready(part)}


def test_mutation_a_heavy_part_is_reused_only_when_its_inputs_are_the_same():
    net = _chain()
    shelf = ResultShelf()
    first = Analysis(net, AnalysisOptions(), shelf=shelf)
    assert not any(first.ready(part) for part in HEAVY)
    for part in HEAVY:
        first.part(part)
    assert _kept(shelf, net) == set(HEAVY)
    for field, (value, fresh) in CHANGES.items():
        assert _kept(shelf, net, **{field: value}) == set(HEAVY) - fresh, field
    # other ties: nothing is reused; the same ties in another network object: all is
    other = build_network(
        snapshot(
            [person("pmo", is_pmo=True), person("a"), person("b"), person("c")],
            [touch("pmo", "a", cadence_days=10)],
        )
    )
    assert _kept(shelf, other) == set()
    assert _kept(shelf, _chain()) == set(HEAVY)


# -- ego networks worked out by hand ----------------------------------------------------------
from graphkit import model
from graphkit.analysis.ego import NO_GROUP_KEY as NO_GROUP
from graphkit.analysis.ego import ego_network


def _ego_net():
    """c — a1 (G2, weekly), a2 (G1, monthly), a3 (G1, daily); a1 — b1 — d; a2 — b2 — a3
    (b2's tie to a3 the stronger), a2 — b3."""
    people = [
        person("c", is_pmo=True),
        person("a1", group="G2"),
        person("a2", group="G1"),
        person("a3", group="G1"),
        person("b1", group="G2"),
        person("b2"),
        person("b3", group="G1"),
        person("d", group="G2"),
    ]
    ties = [
        touch("c", "a1", cadence_days=7),
        touch("c", "a2", cadence_days=30),
        touch("c", "a3", cadence_days=1),
        touch("a1", "b1"),
        touch("b1", "d"),
        touch("a2", "b2", cadence_days=60),
        touch("a3", "b2", cadence_days=5),
        touch("a2", "b3"),
    ]
    groups = [model.CustomerGroup(id="G1", name="G1"), model.CustomerGroup(id="G2", name="G2")]
    return build_network(snapshot(people, ties, groups))


def test_mutation_ego_steps_parents_and_cap_by_hand():
    net = _ego_net()
    ids = net.ids
    ego = ego_network(net, "c", depth=2, limit=None)
    assert (int(ego.center), ego.depth, ego.limit) == (net.index["c"], 2, None)
    got = {str(ids[v]): int(d) for v, d in zip(ego.vertices, ego.distance)}
    assert got == {"c": 0, "a1": 1, "a2": 1, "a3": 1, "b1": 2, "b2": 2, "b3": 2}
    assert ego.distance.dtype.kind == "i"
    parents = {
        str(ids[v]): (str(ids[p]) if p >= 0 else None) for v, p in zip(ego.vertices, ego.parent)
    }
    assert parents == {
        "c": None,
        "a1": "c",
        "a2": "c",
        "a3": "c",
        "b1": "a1",
        "b2": "a3",
        "b3": "a2",
    }
    # per group, most first, then by key (order matters: the page lists them so)
    assert [(s.step, s.people, s.drawn, list(s.by_group.items())) for s in ego.steps] == [
        (1, 3, 3, [("G1", 2), ("G2", 1)]),
        (2, 3, 3, [(NO_GROUP, 1), ("G1", 1), ("G2", 1)]),
    ]
    # a deeper ask stops where the network does
    assert [s.step for s in ego_network(net, "c", depth=5, limit=None).steps] == [1, 2, 3]
    # the cap keeps the strongest ties of the step that does not fit
    capped = ego_network(net, "c", depth=2, limit=3)
    assert sorted(str(ids[v]) for v in capped.drawn) == ["a1", "a3", "c"]
    assert [(s.people, s.drawn) for s in capped.steps] == [(3, 2), (3, 0)]
    exact = ego_network(net, "c", depth=1, limit=4)  # the whole step fits exactly
    assert sorted(str(ids[v]) for v in exact.drawn) == ["a1", "a2", "a3", "c"]
    alone = ego_network(net, "c", depth=2, limit=1)
    assert [str(ids[v]) for v in alone.drawn] == ["c"]
    # the centre by index, numpy's too, is the same ego
    by_index = ego_network(net, net.index["c"], depth=2, limit=None)
    assert by_index.vertices.tolist() == ego.vertices.tolist()
    assert (
        ego_network(net, np.int64(net.index["c"]), depth=1).steps
        == ego_network(net, "c", depth=1).steps
    )


@pytest.mark.parametrize(
    ("center", "options", "error", "message"),
    [
        ("c", {"depth": 0}, ValueError, "depth must be at least 1, not 0"),
        ("c", {"limit": 0}, ValueError, "limit must be at least 1, not 0"),
        ("nobody", {}, KeyError, "unknown stakeholder id: 'nobody'"),
        (8, {}, KeyError, "unknown stakeholder id: 8"),
        (-1, {}, KeyError, "unknown stakeholder id: -1"),
    ],
)
def test_mutation_ego_refuses_what_it_cannot_draw(center, options, error, message):
    with pytest.raises(error, match=message):
        ego_network(_ego_net(), center, **options)


# -- roles against NetworkX's measures --------------------------------------------------------
import networkx as nx

from graphkit.analysis.centrality import centrality_table, roles


def _karate_with_influence():
    G = nx.karate_club_graph()
    influence = {v: (None if v % 2 else v % 5 + 1) for v in G}
    group = {v: (None if v % 7 == 0 else f"G{v % 3}") for v in G}
    people = [person(str(v), name=f"Member {v}", influence=influence[v], group=group[v]) for v in G]
    ties = [touch(str(u), str(v), cadence_days=30) for u, v in G.edges]
    groups = [model.CustomerGroup(id=f"G{i}", name=f"G{i}") for i in range(3)]
    return G, influence, group, build_network(snapshot(people, ties, groups))


def _expected_top(score, tiebreak, order_of, top):
    ranked = sorted(score, key=lambda v: (-round(score[v], 9), -round(tiebreak[v], 9), order_of[v]))
    return [v for v in ranked[:top] if score[v] > 0]


def test_mutation_roles_rank_as_networkx_measures_say():
    G, influence, group, net = _karate_with_influence()
    table = centrality_table(net, budget_seconds=None)
    got = roles(net, table, top=8)
    order_of = {int(net.ids[i]): i for i in range(net.n)}
    degree = {v: float(d) for v, d in G.degree}
    betweenness = nx.betweenness_centrality(G)
    pagerank = nx.pagerank(G, alpha=0.85, weight=None, tol=1e-13, max_iter=10_000)
    weighted = {v: float(d) for v, d in G.degree}  # every tie one touch a month
    by_influence = {v: pagerank[v] * (3.0 if influence[v] is None else influence[v]) for v in G}
    expected = {
        "connectors": (_expected_top(degree, weighted, order_of, 8), degree),
        "brokers": (_expected_top(betweenness, degree, order_of, 8), betweenness),
        "influencers": (_expected_top(by_influence, pagerank, order_of, 8), by_influence),
    }
    for role, (who, score) in expected.items():
        ranked = getattr(got, role)
        assert [int(r.id) for r in ranked] == who, role
        for r in ranked:
            v = int(r.id)
            assert r.name == f"Member {v}" and r.group == group[v]
            assert r.score == pytest.approx(score[v], rel=1e-6)
    # the influence assumed when unknown is the one asked for
    high = roles(net, table, top=8, default_influence=5.0).influencers
    assumed = {v: pagerank[v] * (5.0 if influence[v] is None else influence[v]) for v in G}
    assert [int(r.id) for r in high] == _expected_top(assumed, pagerank, order_of, 8)


def test_mutation_the_package_hands_out_the_report_lazily():
    import graphkit.analysis as analysis
    from graphkit.analysis import report

    assert analysis.build_report is report.build_report
    assert analysis.build_part is report.build_part
    assert analysis.PARTS is report.PARTS
    with pytest.raises(AttributeError, match=r"^no_such_thing$"):
        analysis.no_such_thing  # noqa: B018
