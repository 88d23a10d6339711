"""The C kernels (graphkit/analysis/_kernels.c) against NetworkX and against themselves.

Betweenness, closeness and harmonic centrality are held to NetworkX through the public
functions (tests/test_analysis_centrality.py); here: two-step reach with and without hub
bitsets, breadth-first steps, the live-edge samples of the cascade, that no result
depends on how work is split over threads, and that bad arrays are refused rather than
read out of bounds.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from analysis_networks import person, random_snapshot, snapshot, touch

from graphkit import model
from graphkit.analysis import _kernels, reach
from graphkit.network import arcs, build_network


def _random_arcs(n: int, m: int, seed: int, directed: bool):
    rng = np.random.default_rng(seed)
    tail = rng.integers(0, n, m)
    head = rng.integers(0, n, m)
    keep = tail != head
    tail, head = tail[keep], head[keep]
    # a few vertices with many arcs: the hubs a newsletter makes
    for hub in range(3):
        spokes = rng.choice(n, n // 3, replace=False)
        spokes = spokes[spokes != hub]
        tail = np.concatenate([tail, np.full(len(spokes), hub)])
        head = np.concatenate([head, spokes])
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(range(n))
    G.add_edges_from(zip(tail.tolist(), head.tolist()))
    return arcs(n, tail, head, both_ways=not directed), G


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("hub_degree", [1, 5, 40, 10**9])
def test_two_step_counts_equal_networkx_whatever_counts_as_a_hub(directed, hub_degree):
    a, G = _random_arcs(300, 700, seed=3, directed=directed)
    counts = np.full(300, -7, dtype=np.int64)
    _kernels.two_step_counts(a.ptr, a.head, hub_degree, 0, 300, counts)
    expected = [len(nx.single_source_shortest_path_length(G, v, cutoff=2)) - 1 for v in G]
    assert counts.tolist() == expected


def test_two_step_counts_fill_only_their_range():
    a, G = _random_arcs(120, 300, seed=4, directed=False)
    counts = np.full(120, -1, dtype=np.int64)
    _kernels.two_step_counts(a.ptr, a.head, 10, 30, 70, counts)
    expected = [len(nx.single_source_shortest_path_length(G, v, cutoff=2)) - 1 for v in G]
    assert counts[30:70].tolist() == expected[30:70]
    assert (counts[:30] == -1).all() and (counts[70:] == -1).all()


def test_two_step_reach_through_broadcasts_equals_networkx():
    """A newsletter to a group is one step from its sender to every member (and back,
    undirected): the sender is a hub whose bitset the kernel ORs."""
    groups = [model.CustomerGroup(id="biz", name="Business")]
    people = [person("comms", is_pmo=True)] + [person(f"b{i}", group="biz") for i in range(60)]
    ties = [touch(f"b{i}", f"b{i + 1}") for i in range(0, 59, 3)]
    ties.append(model.Touchpoint(source="comms", target_group="biz", vehicle="newsletter"))
    snap = snapshot(people, ties, groups)
    net = build_network(snap)
    G = nx.Graph()
    G.add_nodes_from(net.ids.tolist())
    G.add_edges_from((f"b{i}", f"b{i + 1}") for i in range(0, 59, 3))
    G.add_edges_from(("comms", f"b{i}") for i in range(60))
    found = reach.two_step_reach(net)
    expected = [len(nx.single_source_shortest_path_length(G, v, cutoff=2)) - 1 for v in net.ids]
    assert found.count.tolist() == expected
    assert found.count[net.index["comms"]] == 60  # everyone in the group, in one step
    assert found.count[net.index["b5"]] == 60  # the sender, and through it everyone else


@pytest.mark.parametrize("threads", [1, 2, 3])
def test_two_step_reach_is_the_same_on_any_number_of_threads(threads):
    net = build_network(random_snapshot(400, 1200, seed=8))
    one = reach.two_step_reach(net, threads=1).count
    assert np.array_equal(reach.two_step_reach(net, threads=threads).count, one)


@pytest.mark.parametrize("max_steps", [-1, 0, 1, 2])
def test_bfs_steps_equal_networkx_and_stop_where_told(max_steps):
    a, G = _random_arcs(200, 260, seed=5, directed=True)
    sources = np.array([7, 150], dtype=np.int64)
    steps = np.zeros(200, dtype=np.int64)
    _kernels.bfs_steps(a.ptr, a.head, sources, max_steps, steps)
    cutoff = None if max_steps < 0 else max_steps
    ref = nx.multi_source_dijkstra_path_length(G, {7, 150}, cutoff=cutoff, weight=lambda *_: 1)
    assert steps.tolist() == [ref.get(v, -1) for v in range(200)]


def _components(n, tail, head, probability, runs, seed=11, first=0):
    labels = np.empty((runs, n), dtype=np.int32)
    sizes = np.empty((runs, n), dtype=np.int32)
    _kernels.live_components(
        n, tail, head, probability, seed, first, labels.reshape(-1), sizes.reshape(-1)
    )
    return labels, sizes


def test_live_components_with_every_tie_live_are_the_components():
    tail = np.array([0, 1, 3, 5, 6], dtype=np.int64)
    head = np.array([1, 2, 4, 6, 7], dtype=np.int64)
    labels, sizes = _components(9, tail, head, np.ones(5), runs=3)
    for run in range(3):
        lab = labels[run]
        assert lab[0] == lab[1] == lab[2] and lab[3] == lab[4] and lab[5] == lab[6] == lab[7]
        assert len({lab[0], lab[3], lab[5], lab[8]}) == 4
        assert sorted(sizes[run][sizes[run] > 0].tolist()) == [1, 2, 3, 3]
        assert sizes[run][lab].tolist() == [3, 3, 3, 2, 2, 3, 3, 3, 1]


def test_live_components_with_no_tie_live_are_everyone_alone():
    tail = np.array([0, 1, 2], dtype=np.int64)
    head = np.array([1, 2, 3], dtype=np.int64)
    labels, sizes = _components(4, tail, head, np.zeros(3), runs=2)
    assert labels.tolist() == [[0, 1, 2, 3], [0, 1, 2, 3]]
    assert sizes.tolist() == [[1, 1, 1, 1], [1, 1, 1, 1]]


def test_live_components_draw_each_tie_once_per_run_with_its_probability():
    """A star of 2,000 spokes at p = 0.3: the hub's component holds 1 + Binomial(2000, 0.3)
    in every run; run r is the same whether drawn alone or among others."""
    spokes = 2000
    tail = np.zeros(spokes, dtype=np.int64)
    head = np.arange(1, spokes + 1, dtype=np.int64)
    labels, sizes = _components(spokes + 1, tail, head, np.full(spokes, 0.3), runs=40)
    hub = sizes[np.arange(40), labels[:, 0]] - 1
    assert abs(hub.mean() - 600) < 4 * np.sqrt(spokes * 0.3 * 0.7 / 40)
    assert hub.std() > 5  # runs differ from each other
    alone, _ = _components(spokes + 1, tail, head, np.full(spokes, 0.3), runs=1, first=17)
    assert np.array_equal(alone[0], labels[17])


def test_live_reach_follows_only_live_arcs_out_of_the_sources():
    # 0 -> 1 -> 2, 3 -> 0: from 0, everyone after it when every arc is live
    a = arcs(4, np.array([0, 1, 3]), np.array([1, 2, 0]), both_ways=False)
    heard = np.zeros((2, 4), dtype=np.uint8)
    _kernels.live_reach(a.ptr, a.head, a.edge, np.ones(3), np.array([0]), 5, 0, heard.reshape(-1))
    assert heard.tolist() == [[1, 1, 1, 0], [1, 1, 1, 0]]
    _kernels.live_reach(a.ptr, a.head, a.edge, np.zeros(3), np.array([0]), 5, 0, heard.reshape(-1))
    assert heard.tolist() == [[1, 0, 0, 0], [1, 0, 0, 0]]


def test_live_samples_are_the_same_however_the_runs_are_split(monkeypatch):
    net = build_network(random_snapshot(300, 900, seed=2))
    monkeypatch.setattr(reach, "_run_threads", lambda runs, net: 1)
    one = reach.live_samples(net, 30, seed=9)
    monkeypatch.setattr(reach, "_run_threads", lambda runs, net: 3)
    three = reach.live_samples(net, 30, seed=9)
    assert np.array_equal(one.labels, three.labels)
    assert np.array_equal(one.sizes, three.sizes)


def test_sampled_paths_are_the_same_however_the_samples_are_split():
    net = build_network(random_snapshot(200, 600, seed=6))
    a = arcs(net.n, net.edge_source, net.edge_target, both_ways=True, length=net.distance)
    assert a.length is not None
    graph = (a.ptr, a.head, a.length, a.ptr, a.head, a.length)
    whole = np.zeros(net.n)
    connected = _kernels.sample_shortest_paths(*graph, 0, 900, 4, whole)
    parts = np.zeros(net.n)
    pieces = [_kernels.sample_shortest_paths(*graph, lo, 300, 4, parts) for lo in (0, 300, 600)]
    assert np.array_equal(whole, parts) and sum(pieces) == connected
    assert whole.sum() > 0


# -- refusals: a wrong array is an exception, never a read past its end --------------------
def _path_graph():
    a = arcs(3, np.array([0, 1]), np.array([1, 2]), both_ways=True, length=np.ones(2))
    assert a.length is not None
    return a


def test_arrays_of_the_wrong_type_are_refused():
    a = _path_graph()
    steps = np.zeros(3, dtype=np.int64)
    with pytest.raises(TypeError, match="arcs_idx must be a one-dimensional int32 array"):
        _kernels.bfs_steps(a.ptr, a.head.astype(np.int64), np.array([0]), -1, steps)
    with pytest.raises(TypeError, match="steps must be a"):
        _kernels.bfs_steps(a.ptr, a.head, np.array([0]), -1, np.zeros(3))
    with pytest.raises(TypeError, match="writable"):
        frozen = np.zeros(3, dtype=np.int64)
        frozen.flags.writeable = False
        _kernels.bfs_steps(a.ptr, a.head, np.array([0]), -1, frozen)
    with pytest.raises(TypeError, match="contiguous"):
        _kernels.bfs_steps(a.ptr, a.head, np.array([0]), -1, np.zeros(6, dtype=np.int64)[::2])


def test_indices_outside_the_graph_are_refused():
    a = _path_graph()
    steps = np.zeros(3, dtype=np.int64)
    with pytest.raises(ValueError, match="sources holds a vertex outside"):
        _kernels.bfs_steps(a.ptr, a.head, np.array([3]), -1, steps)
    bad = a.head.copy()
    bad[0] = 9
    with pytest.raises(ValueError, match="arcs_idx holds a vertex outside"):
        _kernels.bfs_steps(a.ptr, bad, np.array([0]), -1, steps)
    with pytest.raises(ValueError, match="arcs_ptr must run from 0"):
        _kernels.bfs_steps(a.ptr[:-1], a.head, np.array([0]), -1, steps)
    with pytest.raises(ValueError, match="must hold 3 entries"):
        _kernels.bfs_steps(a.ptr, a.head, np.array([0]), -1, np.zeros(2, dtype=np.int64))
    with pytest.raises(ValueError, match="hub_degree"):
        _kernels.two_step_counts(a.ptr, a.head, 0, 0, 3, steps)
    with pytest.raises(ValueError, match="first <= last <= n"):
        _kernels.two_step_counts(a.ptr, a.head, 4, 0, 4, steps)
    labels = np.zeros(6, dtype=np.int32)
    with pytest.raises(ValueError, match="tail holds a vertex outside"):
        _kernels.live_components(
            3, np.array([0, 5]), np.array([1, 2]), np.ones(2), 1, 0, labels, labels.copy()
        )


def test_the_path_kernels_refuse_mismatched_halves():
    a = _path_graph()
    small = arcs(2, np.array([0]), np.array([1]), both_ways=True, length=np.ones(1))
    assert a.length is not None and small.length is not None
    with pytest.raises(ValueError, match="same vertices"):
        _kernels.sample_shortest_paths(
            a.ptr, a.head, a.length, small.ptr, small.head, small.length, 0, 1, 0, np.zeros(3)
        )
    with pytest.raises(ValueError, match="farthest must hold 1 entries"):
        acc = np.zeros((4, 3))
        _kernels.accumulate_sources(
            a.ptr,
            a.head,
            a.length,
            a.ptr,
            a.head,
            a.length,
            np.array([0]),
            acc[0],
            acc[1],
            acc[2],
            acc[3],
            np.zeros(2),
        )
