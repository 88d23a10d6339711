"""Reach: BFS layers, group shares, Kumu two-step reach, cascade and greedy briefing."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
from analysis_networks import (
    nx_snapshots,
    person,
    random_snapshot,
    reference_graph,
    snapshot,
    touch,
)

from graphkit import model
from graphkit.analysis import reach as R
from graphkit.network import build_network


@pytest.mark.parametrize("directed", [False, True])
def test_bfs_layers_match_networkx(directed):
    snap = random_snapshot(150, 300, seed=21, isolated=4, components=3, out_share=0.5)
    net, G = build_network(snap, directed=directed), reference_graph(snap, directed=directed)
    sources = ["s0", "s7", "s99"]
    steps = R.bfs_layers(net, net.vertices(sources))
    ref = nx.multi_source_dijkstra_path_length(G, sources, weight=lambda u, v, d: 1)
    expected = np.array([ref.get(i, -1) for i in net.ids])
    np.testing.assert_array_equal(steps, expected)
    out = R.reach_from(net, sources, steps=3)
    for layer in out.layers:
        assert sorted(layer.ids) == sorted(k for k, d in ref.items() if d == layer.step)


@pytest.mark.parametrize("directed", [False, True])
def test_two_step_reach_matches_networkx(directed):
    snap = random_snapshot(200, 500, seed=22, isolated=3, components=2, out_share=0.4)
    net, G = build_network(snap, directed=directed), reference_graph(snap, directed=directed)
    two = R.two_step_reach(net)
    count, share = two.count, two.share
    ref = np.array(
        [len(nx.single_source_shortest_path_length(G, v, cutoff=2)) - 1 for v in net.ids]
    )
    np.testing.assert_array_equal(count, ref)
    np.testing.assert_allclose(share, ref / (net.n - 1))


def test_reach_from_pmo_per_group():
    groups = [model.CustomerGroup(id="A", name="A"), model.CustomerGroup(id="B", name="B")]
    people = [
        person("pm", is_pmo=True),
        person("a1", group="A"),
        person("a2", group="A"),
        person("b1", group="B"),
        person("b2", group="B"),
        person("b3", group="B"),
    ]
    ties = [touch("pm", "a1"), touch("a1", "a2"), touch("a2", "b1"), touch("b2", "b3")]
    net = build_network(snapshot(people, ties, groups))
    out = R.reach_from(net, steps=3)
    assert out.sources == ("pm",)
    assert [(x.step, x.ids) for x in out.layers] == [(1, ("a1",)), (2, ("a2",)), (3, ("b1",))]
    assert out.unreached == 2
    by = {g.group: g for g in out.groups}
    assert by["A"].share_1 == 0.5 and by["A"].share_2 == 1.0
    assert by["B"].reached_2 == 0 and by["B"].members == 3


def test_two_step_reach_runs_at_the_documented_scale():
    """10^5 stakeholders and 10^6 ties (the time is measured in bench/, not here)."""
    from analysis_networks import pmo_snapshot

    net = build_network(pmo_snapshot(100_000, 1_000_000, seed=5))
    count = R.two_step_reach(net).count
    steps = R.bfs_layers(net, net.pmo, 3)
    assert count.max() > 0 and (steps == 1).sum() > 0


def test_tie_probability_mapping():
    p = R.tie_probabilities(np.array([0.0, 4.0, 30 / 7, 1.0]), scale=4.0)
    assert p[0] == 0 and p[1] == pytest.approx(1 - math.exp(-1))
    assert p[2] == pytest.approx(0.658, abs=1e-3) and p[3] == pytest.approx(0.221, abs=1e-3)


def test_cascade_on_one_tie_matches_probability():
    net = build_network(
        snapshot([person("a"), person("b")], [touch("a", "b", cadence_days=30)])
    )  # weight 1
    out = R.cascade(net, ["a"], runs=20_000, scale=4.0, seed=3)
    p = 1 - math.exp(-1 / 4)
    assert out.probability[net.index["a"]] == 1.0
    assert abs(out.probability[net.index["b"]] - p) < 4 * math.sqrt(p * (1 - p) / 20_000)
    assert out.expected_reach == pytest.approx(1 + out.probability[1])


def test_cascade_on_a_path_multiplies_probabilities_and_is_seeded():
    people = [person(x) for x in "abcd"]
    ties = [
        touch("a", "b", cadence_days=7),
        touch("b", "c", cadence_days=7),
        touch("c", "d", cadence_days=7),
    ]
    net = build_network(snapshot(people, ties))
    out = R.cascade(net, ["a"], runs=20_000, scale=4.0, seed=1)
    p = 1 - math.exp(-(30 / 7) / 4)
    for k, x in enumerate("abcd"):
        assert out.probability[net.index[x]] == pytest.approx(p**k, abs=0.015)
    again = R.cascade(net, ["a"], runs=20_000, scale=4.0, seed=1)
    np.testing.assert_array_equal(out.probability, again.probability)


def test_cascade_directed_respects_out_touchpoints():
    people = [person(x) for x in "abc"]
    ties = [
        touch("a", "b", direction="out", cadence_days=1),
        touch("c", "b", direction="out", cadence_days=1),
    ]
    net = build_network(snapshot(people, ties), directed=True)
    out = R.cascade(net, ["b"], runs=500, seed=0)
    assert out.expected_reach == 1.0  # b tells no one
    out = R.cascade(net, ["a"], runs=500, seed=0)
    assert out.probability[net.index["c"]] == 0.0


@pytest.mark.parametrize("directed", [False, True])
def test_best_briefing_picks_the_centres_of_two_stars(directed):
    people = [person("h1"), person("h2")] + [person(f"x{i}") for i in range(12)]
    ties = [touch("h1", f"x{i}", cadence_days=1) for i in range(7)]
    ties += [touch("h2", f"x{i}", cadence_days=1) for i in range(7, 12)]
    net = build_network(snapshot(people, ties), directed=directed)
    out = R.best_briefing(net, 2, runs=50, seed=2)
    assert [c.id for c in out.chosen] == ["h1", "h2"]
    assert out.chosen[1].expected_reach == pytest.approx(14, abs=0.5)


def test_best_briefing_on_karate_beats_random_choice():
    net = build_network(nx_snapshots()[0][1])
    out = R.best_briefing(net, 3, runs=100, scale=2.0, seed=4)
    chosen = [c.id for c in out.chosen]
    greedy = R.cascade(net, chosen, runs=2000, scale=2.0, seed=9).expected_reach
    rng = np.random.default_rng(0)
    for _ in range(5):
        pick = list(rng.choice(net.ids, size=3, replace=False))
        assert R.cascade(net, pick, runs=2000, scale=2.0, seed=9).expected_reach <= greedy + 0.5
