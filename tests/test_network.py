"""build_network: bulk folding of touchpoints into weighted ties."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from analysis_networks import person, snapshot, touch

from graphkit import model
from graphkit.network import build_network
from graphkit.store.port import Snapshot


def snap():
    return snapshot(
        [
            person("a", group="g1", is_pmo=True, influence=4),
            person("b", group="g2"),
            person("c", group="undeclared"),
            person("d"),
        ],
        [
            touch("a", "b", vehicle="meeting", cadence_days=7, strength=0.5),
            touch("b", "a", vehicle="newsletter", cadence_days=30, direction="out"),
            touch("b", "c", vehicle="email", cadence_days=90, last_contact=dt.date(2025, 1, 2)),
            touch("c", "d", vehicle="chat", strength=0.0),
        ],
        [model.CustomerGroup(id="g1", name="G1"), model.CustomerGroup(id="g2", name="G2")],
    )


def tie(net, u, v):
    i, j = net.index[u], net.index[v]
    eid = net.graph.get_eid(i, j, directed=net.directed, error=False)
    return None if eid < 0 else net.weight[eid]


def test_undirected_folds_per_unordered_pair():
    net = build_network(snap())
    assert list(net.ids) == ["a", "b", "c", "d"] and net.index["c"] == 2
    assert net.m == 2  # a–b (two touchpoints), b–c; c–d has weight 0 and is left out
    assert tie(net, "a", "b") == pytest.approx(0.5 * 30 / 7 + 1.0)
    assert tie(net, "b", "c") == pytest.approx(30 / 90)
    assert tie(net, "c", "d") is None
    np.testing.assert_allclose(net.distance, 1 / net.weight)
    assert net.edge_touchpoints.tolist() == [2, 1]
    assert len(net.touchpoints) == 4  # the raw touchpoints stay for gap analysis
    assert net.touchpoints.last_contact[2] == np.datetime64("2025-01-02")
    assert np.isnat(net.touchpoints.last_contact[0])


def test_directed_keeps_out_touchpoints_one_way():
    net = build_network(snap(), directed=True)
    assert tie(net, "a", "b") == pytest.approx(0.5 * 30 / 7)
    assert tie(net, "b", "a") == pytest.approx(0.5 * 30 / 7 + 1.0)
    assert tie(net, "c", "b") == pytest.approx(1 / 3)


def test_vertex_arrays():
    net = build_network(snap())
    assert net.is_pmo.tolist() == [True, False, False, False]
    assert net.influence[0] == 4 and np.isnan(net.influence[1])
    assert net.group.tolist() == ["g1", "g2", "undeclared", None]
    assert net.group_labels == ["g1", "g2", "undeclared"]
    assert net.group_index.tolist() == [0, 1, 2, -1]
    assert net.pmo.tolist() == [0]
    with pytest.raises(KeyError, match="nobody"):
        net.vertices(["nobody"])


def test_touchpoints_naming_unknown_stakeholders_are_dropped_and_counted():
    s = snap()
    rows = s.touchpoints.to_pylist() + [dict(s.touchpoints.to_pylist()[0], id="x", target="ghost")]
    s2 = Snapshot(s.groups, s.stakeholders, model.to_table("touchpoints", rows))
    net = build_network(s2)
    assert net.dropped_touchpoints == 1 and len(net.touchpoints) == 4


def test_empty_snapshot():
    net = build_network(Snapshot.empty())
    assert net.n == 0 and net.m == 0
