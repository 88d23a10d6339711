"""The array-built gaps against the straightforward code they replaced.

Each reference below is the earlier per-stakeholder implementation, kept here in
substance: Tarjan's low-link as an iterative Python DFS, reachability by BFS layers. The
fast code must give the same answers, in the same order, on hand-built networks and on
seeded random ones (sparse ones full of cut vertices, hubs with more neighbours than a DFS
ladder rung holds, broadcasts, directed ties, no PMO, many PMO members).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp
from analysis_networks import AS_OF, person, pmo_snapshot, snapshot, touch

from graphkit import model
from graphkit.analysis.gaps import (
    _CHUNK,
    Gap,
    ReachIndex,
    _codes,
    _cuts,
    _new_gap,
    _symmetric,
    collector_paused,
)
from graphkit.analysis.options import AnalysisOptions
from graphkit.analysis.reach import bfs_layers
from graphkit.network import Network, build_network

OPTIONS = AnalysisOptions(as_of=AS_OF)


# --- references ------------------------------------------------------------------------------


def reference_cuts(graph: sp.csr_matrix, pmo: np.ndarray) -> tuple[list[Any], list[Any]]:
    """Articulation points and bridges w.r.t. the PMO: the iterative Tarjan in Python."""
    n = graph.shape[0]
    a = graph.tocoo()
    root = n
    rows = np.concatenate([a.row, np.full(len(pmo), root), pmo])
    cols = np.concatenate([a.col, pmo, np.full(len(pmo), root)])
    g = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n + 1, n + 1))
    indptr, indices = g.indptr.tolist(), g.indices.tolist()
    disc, low = [-1] * (n + 1), [0] * (n + 1)
    size, parent = [1] * (n + 1), [-1] * (n + 1)
    order = [root]
    cut_children: dict[int, list[int]] = {}
    bridges = []
    disc[root] = low[root] = 0
    t = 1
    stack = [(root, indptr[root])]
    while stack:
        v, pos = stack[-1]
        if pos < indptr[v + 1]:
            w = indices[pos]
            stack[-1] = (v, pos + 1)
            if disc[w] < 0:
                parent[w] = v
                disc[w] = low[w] = t
                t += 1
                order.append(w)
                stack.append((w, indptr[w]))
            elif w != parent[v] and disc[w] < low[v]:
                low[v] = disc[w]
        else:
            stack.pop()
            p = parent[v]
            if p >= 0:
                size[p] += size[v]
                low[p] = min(low[p], low[v])
                if p != root and low[v] >= disc[p]:
                    cut_children.setdefault(p, []).append(v)
                if p != root and low[v] > disc[p]:
                    bridges.append((p, v))

    def subtree(c: int) -> list[int]:
        return order[disc[c] : disc[c] + size[c]]

    points = [(v, [x for c in cs for x in subtree(c)]) for v, cs in cut_children.items()]
    return points, [(p, c, subtree(c)) for p, c in bridges]


def alike(a: list[Any], b: list[Any]) -> None:
    """Equal, and with the same types in every field (repr tells str from numpy str)."""
    assert a == b
    assert [repr(x) for x in a] == [repr(x) for x in b]


# --- networks --------------------------------------------------------------------------------

GROUPS = [
    model.CustomerGroup(
        id="ops",
        name="Operations",
        desired_cadence_days=14,
        desired_connection="operational",
        desired_links=["fin"],
    ),
    model.CustomerGroup(
        id="fin", name="Finance", desired_cadence_days=30, desired_connection="strategic"
    ),
    model.CustomerGroup(id="it", name="IT"),
]
OLD = dt.date(2024, 1, 1)


def hand_built() -> Network:
    """Two PMO members; a hub whose newsletter reaches more people than a DFS ladder
    rung holds, some of whom hang on one tie; a chain through a cut vertex; critics,
    champions and high-influence people with and without the touchpoint they need; an
    isolated stakeholder, a group out of the PMO's reach; stale ties of every kind."""
    people = [
        person("pm1", is_pmo=True, name="Pat"),
        person("pm2", is_pmo=True, name="Quinn"),
        person("hub", group="it", influence=5, name="Hana"),
        person("cut", group="ops", influence=3, stance="critic", name="Cato"),
        person("c1", group="ops", influence=4, name="Cleo"),
        person("c2", group="ops", stance="champion"),
        person("alone", group="fin", influence=5, name="Ali"),
        person("far1", group="fin"),
        person("far2", group="fin", influence=4),
        person("h1", group="hr"),  # a group no one declared, out of the PMO's reach
        person("h2", group="hr", influence=2),
    ]
    people += [person(f"m{i}", group="it", influence=1 + i % 5) for i in range(3 * _CHUNK)]
    ties = [
        touch("pm1", "pm2", cadence_days=7, last_contact=AS_OF),
        touch("pm1", "hub", cadence_days=7, last_contact=OLD),
        touch("pm2", "cut", cadence_days=14, last_contact=OLD, vehicle="one_to_one"),
        touch("cut", "c1", cadence_days=7, last_contact=OLD),
        touch("c1", "c2", cadence_days=30, last_contact=OLD, connection="personal"),
        touch("far1", "far2", cadence_days=7, last_contact=OLD),
        touch("h1", "h2", cadence_days=7, last_contact=OLD),
        touch("hub", "m3", cadence_days=30, last_contact=AS_OF),
        touch("m3", "m4", cadence_days=90, last_contact=OLD),
        touch("m5", "m6", cadence_days=7, last_contact=OLD),
        touch("m6", "pm2", cadence_days=30, last_contact=OLD),
        model.Touchpoint(
            source="hub", target_group="it", vehicle="newsletter", cadence_days=7, last_contact=OLD
        ),
        model.Touchpoint(source="pm2", target_group="fin", vehicle="newsletter"),
    ]
    ties += [touch(f"m{i}", f"m{i + 1}", cadence_days=30) for i in range(10, 40, 3)]
    return build_network(snapshot(people, ties, GROUPS))


def random_networks() -> list[Network]:
    nets = [hand_built(), one_way_chain(), without_pmo()]
    for seed, (n, m, pmo) in enumerate(
        [(60, 55, 3), (300, 260, 5), (400, 900, 1), (200, 170, 40), (150, 500, 2)]
    ):
        snap = pmo_snapshot(n, m, seed, pmo=pmo)
        nets += [build_network(snap), build_network(snap, directed=True)]
    return nets


def one_way_chain() -> Network:
    """Directed: one PMO member, a chain of mostly one-way ties with shortcuts."""
    people = [person("pm", is_pmo=True), *[person(f"x{i}", group="ops") for i in range(80)]]
    ties = [touch("pm", "x0", direction="out", last_contact=OLD)]
    ties += [touch(f"x{i}", f"x{i + 1}", direction="out" if i % 4 else "both") for i in range(79)]
    ties += [touch("x0", f"x{i}", direction="out") for i in range(2, 80, 2)]
    return build_network(snapshot(people, ties, GROUPS), directed=True)


def without_pmo() -> Network:
    people = [person(f"y{i}", group="ops" if i % 2 else "fin") for i in range(12)]
    ties = [touch(f"y{i}", f"y{i + 1}", last_contact=OLD) for i in range(10)]
    return build_network(snapshot(people, ties, GROUPS))


NETWORKS = random_networks()


# --- the reach index -------------------------------------------------------------------------


@pytest.mark.parametrize("net", NETWORKS, ids=range(len(NETWORKS)))
def test_cut_vertices_and_ties_are_tarjans_in_the_same_order(net):
    index = ReachIndex(net)
    points, ties = index.cuts
    want_points, want_ties = reference_cuts(index.undirected, net.pmo)
    assert [(v, d.tolist()) for v, d in points] == want_points
    assert [(u, c, d.tolist()) for u, c, d in ties] == want_ties


def test_cut_vertices_of_hubs_stars_and_chains():
    rng = np.random.default_rng(5)
    for trial in range(60):
        n = int(rng.integers(40, 1500))
        a, c = [], []
        for hub in rng.integers(0, n, size=int(rng.integers(1, 5))):
            k = int(rng.integers(_CHUNK - 2, min(n, 6 * _CHUNK)))
            a += [int(hub)] * k
            c += rng.choice(n, size=k, replace=False).tolist()
        extra = int(rng.integers(0, n))
        a += rng.integers(0, n, size=extra).tolist()
        c += rng.integers(0, n, size=extra).tolist()
        if trial % 3 == 0:  # a chain: one cut vertex after another
            a += list(range(n - 1))
            c += list(range(1, n))
        a_, c_ = np.array(a), np.array(c)
        keep = a_ != c_
        keys = np.unique(np.minimum(a_, c_)[keep] * n + np.maximum(a_, c_)[keep])
        graph = _symmetric(n, keys // n, keys % n, False)
        pmo = np.unique(rng.integers(0, n, size=int(rng.integers(1, 3 * _CHUNK))))
        points, ties = _cuts(graph, pmo)
        want_points, want_ties = reference_cuts(graph, pmo)
        assert [(v, d.tolist()) for v, d in points] == want_points
        assert [(u, x, d.tolist()) for u, x, d in ties] == want_ties


@pytest.mark.parametrize("net", NETWORKS, ids=range(len(NETWORKS)))
def test_reach_index_searches_as_bfs_layers_and_the_adjacency_do(net):
    index = ReachIndex(net)
    symmetric = net.reach_adjacency(symmetric=True)
    assert (index.undirected != (symmetric > 0)).nnz == 0
    assert (index.arcs != (net.reach_adjacency() > 0)).nnz == 0
    assert np.array_equal(index.reachable, bfs_layers(net, net.pmo) >= 0)
    for steps in (None, 1, 2, 3):
        assert np.array_equal(index.steps(steps), bfs_layers(net, net.pmo, max_steps=steps))


# --- cheap construction ----------------------------------------------------------------------


def test_cheaply_built_gaps_equal_the_constructors():
    facts = {"touchpoint": "t1", "to_group": False, "cadence_days": 7, "last_contact": OLD}
    made = _new_gap("stale_touchpoint", "high", ("a", "b"), "d", "r", facts)
    built = Gap("stale_touchpoint", "high", ("a", "b"), "d", "r", **facts)
    alike([made], [built])
    assert made.as_json() == built.as_json() and hash(made) == hash(built)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.kind = "x"  # type: ignore[misc]


def test_codes_are_numpys_unique_over_the_columns():
    a = np.array(["meeting", "email", "meeting", "one_to_one", "Émail"], dtype=object)
    b = np.array(["newsletter", "email"], dtype=object)
    (ca, cb), words = _codes(a, b)
    values, inverse = np.unique(np.concatenate([a, b]).astype(str), return_inverse=True)
    assert words == values.tolist()
    assert np.concatenate([ca, cb]).tolist() == inverse.tolist()
    (empty,), none = _codes(np.array([], dtype=object))
    assert empty.tolist() == [] and none == []


def test_the_collector_runs_again_after_a_pause_unless_it_was_stopped():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
