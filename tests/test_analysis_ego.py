"""Ego networks against NetworkX: who is within k steps, and the cap's summary.

Distances are checked against ``networkx.single_source_shortest_path_length`` on the
graphs NetworkX ships; the touchpoint index against a plain scan of the touchpoints.
"""

from __future__ import annotations

from collections import Counter

import networkx as nx
import numpy as np
import pytest
from analysis_networks import from_networkx, person, random_snapshot, snapshot, touch

from graphkit.analysis.ego import (
    NO_GROUP_KEY,
    PMO_KEY,
    TouchpointIndex,
    ego_network,
    group_key,
)
from graphkit.network import build_network


def _reference(name: str) -> nx.Graph:
    if name == "karate":
        return nx.karate_club_graph()
    if name == "florentine":
        return nx.florentine_families_graph()
    if name == "les_miserables":
        return nx.les_miserables_graph()
    return nx.davis_southern_women_graph()


GRAPHS = ["karate", "florentine", "les_miserables", "davis"]


@pytest.mark.parametrize("name", GRAPHS)
@pytest.mark.parametrize("depth", [1, 2, 3])
def test_distances_equal_networkx_on_every_reference_graph(name, depth):
    G = _reference(name)
    net = build_network(from_networkx(G, weight="weight" if name == "les_miserables" else None))
    index = TouchpointIndex.of(net)
    for center in G.nodes:
        expected = nx.single_source_shortest_path_length(G, center, cutoff=depth)
        ego = ego_network(net, str(center), depth, limit=None, index=index)
        got = {str(net.ids[v]): int(d) for v, d in zip(ego.vertices, ego.distance)}
        assert got == {str(k): v for k, v in expected.items()}, (name, center)
        steps = Counter(v for v in expected.values() if v)
        assert [(s.step, s.people, s.drawn) for s in ego.steps] == [
            (k, steps[k], steps[k]) for k in sorted(steps)
        ]
        assert not ego.truncated and ego.total == len(expected)


def test_depth_one_is_the_direct_ties_and_the_centre_comes_first():
    G = nx.karate_club_graph()
    net = build_network(from_networkx(G))
    ego = ego_network(net, "0", 1, limit=None)
    assert str(net.ids[ego.vertices[0]]) == "0" and ego.distance[0] == 0
    assert {str(net.ids[v]) for v in ego.vertices[1:]} == {str(v) for v in G.neighbors(0)}


def test_the_cap_keeps_nearest_steps_and_the_strongest_ties_and_counts_the_rest():
    # centre c: ties to x1..x4 of weights 4, 3, 2, 1 (touches a month); x1 has a friend y
    people = [person(p) for p in ("c", "x1", "x2", "x3", "x4", "y")]
    ties = [
        touch("c", f"x{i}", cadence_days=30, strength=s, id=f"c-x{i}")
        for i, s in ((1, 1.0), (2, 0.75), (3, 0.5), (4, 0.25))
    ]
    ties += [touch("x1", "y", id="x1-y")]
    net = build_network(snapshot(people, ties))
    ego = ego_network(net, "c", 2, limit=3)
    drawn = [str(net.ids[v]) for v in ego.drawn]
    assert drawn[0] == "c" and set(drawn) == {"c", "x1", "x2"}  # strongest two of four
    assert ego.total == 6 and ego.truncated
    assert [(s.step, s.people, s.drawn) for s in ego.steps] == [(1, 4, 2), (2, 1, 0)]
    ids = {str(net.ids[i]) for i in ego.drawn}
    tps = {str(net.touchpoints.id[r]) for r in ego.touchpoints}
    assert tps == {"c-x1", "c-x2"} and all(t.split("-")[1] in ids for t in tps)
    # a cap of 5 takes all of step 1, then none of step 2 fits... except one place left
    ego5 = ego_network(net, "c", 2, limit=6)
    assert not ego5.truncated and len(ego5.drawn) == 6
    assert [s.drawn for s in ego_network(net, "c", 2, limit=5).steps] == [4, 0]


def test_parent_is_the_strongest_tie_one_step_nearer():
    people = [person(p) for p in ("c", "a", "b", "z")]
    ties = [
        touch("c", "a", id="1"),
        touch("c", "b", id="2"),
        touch("a", "z", cadence_days=30, id="3"),
        touch("b", "z", cadence_days=3, id="4"),
    ]
    net = build_network(snapshot(people, ties))
    ego = ego_network(net, "c", 2)
    z = net.index["z"]
    assert str(net.ids[ego.parent_of(np.array([z]))[0]]) == "b"
    assert ego.parent_of(np.array([net.index["c"]]))[0] == -1


def test_summary_counts_people_per_group_and_the_pmo_without_one():
    people = [
        person("c"),
        person("g1", group="ops"),
        person("g2", group="ops"),
        person("p", is_pmo=True, group="ops"),
        person("q", is_pmo=True),
        person("n"),
    ]
    ties = [touch("c", x, id=x) for x in ("g1", "g2", "p", "q", "n")]
    net = build_network(snapshot(people, ties))
    ego = ego_network(net, "c", 1)
    assert ego.steps[0].by_group == {"ops": 3, NO_GROUP_KEY: 1, PMO_KEY: 1}
    assert group_key(net, net.index["p"]) == "ops"
    assert group_key(net, net.index["q"]) == PMO_KEY


def test_touchpoint_index_equals_a_plain_scan():
    snap = random_snapshot(300, 900, seed=3, isolated=5, components=2)
    net = build_network(snap)
    index = TouchpointIndex.of(net)
    tp = net.touchpoints
    rng = np.random.default_rng(1)
    for _ in range(20):
        vs = rng.choice(net.n, size=int(rng.integers(1, 30)), replace=False)
        expected = np.flatnonzero(np.isin(tp.source, vs) | np.isin(tp.target, vs))
        assert index.rows_of(vs).tolist() == expected.tolist()
    assert index.rows_of(np.array([], dtype=np.int64)).tolist() == []


def test_directed_networks_count_steps_both_ways():
    people = [person(p) for p in "abc"]
    ties = [touch("a", "b", direction="out", id="1"), touch("c", "b", direction="out", id="2")]
    net = build_network(snapshot(people, ties), directed=True)
    ego = ego_network(net, "a", 2)
    assert {str(net.ids[v]): int(d) for v, d in zip(ego.vertices, ego.distance)} == {
        "a": 0,
        "b": 1,
        "c": 2,
    }


def test_bad_input_is_named():
    net = build_network(snapshot([person("a")]))
    with pytest.raises(KeyError, match="nobody"):
        ego_network(net, "nobody")
    with pytest.raises(ValueError, match="depth"):
        ego_network(net, "a", 0)
    with pytest.raises(ValueError, match="limit"):
        ego_network(net, "a", 1, limit=0)
    alone = ego_network(net, "a", 3)
    assert alone.total == 1 and alone.steps == [] and alone.drawn.tolist() == [0]
