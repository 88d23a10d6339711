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
P_PA = 1 - math.exp(-3 / 4)     # cadence 10: weight 3
P_AB = 1 - math.exp(-1 / 4)     # cadence 30: weight 1


def _chain():
    """pmo —(10 days)— a —(30 days)— b, and c alone."""
    people = [person("pmo", is_pmo=True), person("a"), person("b"), person("c")]
    ties = [touch("pmo", "a", cadence_days=10), touch("a", "b", cadence_days=30)]
    return build_network(snapshot(people, ties))


def test_mutation_cascade_hears_with_the_probabilities_of_the_chain():
    net = _chain()
    result = cascade(net, runs=20_000, seed=3)
    assert result["seeds"] == ["pmo"] and result["runs"] == 20_000 and result["scale"] == 4.0
    heard = dict(zip(net.ids, result["probability"]))
    expected = {"pmo": 1.0, "a": P_PA, "b": P_PA * P_AB, "c": 0.0}
    for sid, p in expected.items():
        assert heard[sid] == pytest.approx(p, abs=0.02), sid
    mean = 1 + P_PA + P_PA * P_AB
    assert result["expected_reach"] == pytest.approx(mean, abs=0.03)
    assert result["expected_share"] == pytest.approx(result["expected_reach"] / 4)
    # reach per run is 1, 2 or 3 with known chances: its spread
    var = (1 * (1 - P_PA) + 4 * P_PA * (1 - P_AB) + 9 * P_PA * P_AB) - mean ** 2
    assert result["reach_std"] == pytest.approx(math.sqrt(var), abs=0.02)
    assert result["standard_error"] == pytest.approx(result["reach_std"] / math.sqrt(20_000))


def test_mutation_cascade_scale_and_seeds_are_what_was_asked():
    net = _chain()
    result = cascade(net, ["b"], runs=20_000, scale=1.0, seed=3)
    heard = dict(zip(net.ids, result["probability"]))
    p_ab, p_pa = 1 - math.exp(-1), 1 - math.exp(-3)
    assert result["seeds"] == ["b"] and result["scale"] == 1.0
    assert heard["a"] == pytest.approx(p_ab, abs=0.02)
    assert heard["pmo"] == pytest.approx(p_ab * p_pa, abs=0.02)
    # the same seed gives the same answer; another seed another sample
    again = cascade(net, ["b"], runs=500, scale=1.0, seed=3)
    assert np.array_equal(again["probability"], cascade(net, ["b"], runs=500, scale=1.0,
                                                        seed=3)["probability"])


def test_mutation_a_cascade_from_no_one_reaches_no_one():
    people = [person("a"), person("b")]
    net = build_network(snapshot(people, [touch("a", "b")]))
    result = cascade(net, runs=50)
    probability = result.pop("probability")
    assert result == {"seeds": [], "runs": 50, "expected_reach": 0.0, "expected_share": 0.0,
                      "reach_std": 0.0, "standard_error": 0.0, "scale": 4.0}
    assert probability.tolist() == [0.0, 0.0]


def test_mutation_best_briefing_picks_the_hub_first():
    # a star: hub h with four spokes (cadence 1: p ≈ 1), and a pair far away
    people = [person(x) for x in ("h", "s1", "s2", "s3", "s4", "x", "y")]
    ties = [touch("h", s, cadence_days=1) for s in ("s1", "s2", "s3", "s4")]
    ties.append(touch("x", "y", cadence_days=1))
    net = build_network(snapshot(people, ties))
    result = best_briefing(net, k=2, runs=200, seed=1)
    chosen = [c["id"] for c in result["chosen"]]
    assert chosen[0] == "h" and chosen[1] in ("x", "y")
    p = 1 - math.exp(-30 / 4)
    assert result["chosen"][0]["gain"] == pytest.approx(1 + 4 * p, abs=0.05)
    assert result["chosen"][0]["expected_reach"] == pytest.approx(1 + 4 * p, abs=0.05)
    assert result["chosen"][1]["gain"] == pytest.approx(1 + p, abs=0.05)
    assert result["chosen"][1]["expected_reach"] == pytest.approx(2 + 5 * p, abs=0.1)
    assert result["chosen"][0]["name"] == "Person h"
    assert (result["runs"], result["scale"]) == (200, 4.0)
    assert best_briefing(net, k=0)["chosen"] == []
