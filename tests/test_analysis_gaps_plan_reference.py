"""The array-built gaps and plan against the straightforward code they replaced.

Each reference below is the earlier per-stakeholder, per-gap implementation, kept here
verbatim in substance: Tarjan's low-link as an iterative Python DFS, reachability by BFS
layers, owners chosen from igraph's distance matrix, actions drafted, owned and ranked one
gap at a time and scheduled with ``dataclasses.replace``. The fast code must give the same
answers, in the same order, on hand-built networks and on seeded random ones (sparse ones
full of cut vertices, hubs with more neighbours than a DFS ladder rung holds, broadcasts,
directed ties, no PMO, many PMO members).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
from typing import Any

import numpy as np
import pyarrow as pa
import pytest
import scipy.sparse as sp
from analysis_networks import AS_OF, person, pmo_snapshot, snapshot, touch

from graphkit import model
from graphkit.analysis import plan as P
from graphkit.analysis.gaps import (
    SEVERITY_WEIGHT,
    VEHICLE_FOR_CONNECTION,
    Gap,
    ReachIndex,
    _codes,
    _cuts,
    _new_gap,
    collector_paused,
    find_gaps,
)
from graphkit.analysis.options import AnalysisOptions
from graphkit.analysis.reach import bfs_layers
from graphkit.network import Network, arcs, build_network

#: neighbours past which the earlier search handed a row down a ladder of extra nodes: hubs
#: around and beyond it are where a depth-first search most easily goes wrong
_CHUNK = 32


def _symmetric(n: int, a: np.ndarray, c: np.ndarray) -> sp.csr_matrix:
    """The 0/1 matrix of the ties a[i]–c[i] both ways (the reference's input)."""
    rows, cols = np.concatenate([a, c]), np.concatenate([c, a])
    matrix = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    return matrix


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


class ReferenceOwners:
    """Nearest PMO member by igraph's distance matrix, then the lightest load."""

    def __init__(self, net: Network, max_pmo_for_distances: int = 200) -> None:
        self.pmo = net.pmo
        self.load = np.zeros(len(self.pmo), dtype=np.int64)
        self.pos = {int(p): i for i, p in enumerate(self.pmo)}
        self.dist = None
        if 0 < len(self.pmo) <= max_pmo_for_distances and net.n:
            self.dist = np.asarray(
                net.reach_graph.distances(source=self.pmo.tolist(), mode="all"), dtype=float
            )

    def choose(self, whom: list[int]) -> int | None:
        if len(self.pmo) == 0:
            return None
        for w in whom:
            i = self.pos.get(w)
            if i is not None:
                self.load[i] += 1
                return w
        if self.dist is not None and whom:
            d = self.dist[:, whom].min(axis=1)
            key = np.where(np.isfinite(d), d, 1e9) * 1e7 + self.load
        else:
            key = self.load.astype(float)
        i = int(np.argmin(key))
        self.load[i] += 1
        return int(self.pmo[i])


def reference_draft(net, gap, score, options):
    kind = gap.kind
    if kind in ("uncovered_group", "connection_mismatch", "vehicle_overreliance"):
        label = gap.subject[0]
        lead = P._group_lead(net, label, score)
        if lead is None:
            return None
        conn, cadence = P._group_wants(net, label, options)
        if kind == "connection_mismatch":
            conn = gap.connection
        vehicle = VEHICLE_FOR_CONNECTION.get(conn, "meeting")
        if kind == "vehicle_overreliance" and vehicle == gap.vehicle:
            vehicle = "event" if vehicle != "event" else "one_to_one"
        text = {
            "uncovered_group": "Set up a recurring {vehicle} with {whom} of {groups}, "
            "every {cadence} days.",
            "connection_mismatch": "Make a {connection} {vehicle} with {whom} of "
            "{groups}, every {cadence} days.",
            "vehicle_overreliance": "Add a {vehicle} with {whom} of {groups}: not only "
            f"{str(gap.vehicle).replace('_', ' ')}.",
        }[kind]
        return [lead], [label], vehicle, conn, cadence, text
    if kind == "stale_touchpoint":
        cadence = int(gap.cadence_days or options.default_cadence_days)
        if gap.to_group:
            text = "Send the {vehicle} to {groups} again and keep it every {cadence} days."
            return (
                [net.index[gap.subject[0]]],
                [gap.subject[1]],
                str(gap.vehicle),
                (gap.connection),
                cadence,
                text,
            )
        text = "Renew the {vehicle} with {whom} and keep it every {cadence} days."
        whom = [net.index[x] for x in gap.subject]
        return whom, [], str(gap.vehicle), gap.connection, cadence, text
    if kind in ("isolated_stakeholder", "stance_gap", "single_point_of_failure"):
        who = gap.dependents[0] if kind == "single_point_of_failure" else gap.subject[0]
        v = net.index[who]
        conn, cadence = P._stakeholder_wants(net, v, options)
        if kind == "stance_gap":
            conn, cadence = gap.connection, int(gap.cadence_days or cadence)
        text = (
            "Open a second route to {whom}: a {vehicle} every {cadence} days."
            if kind == "single_point_of_failure"
            else "Give {whom} a {vehicle} every {cadence} days."
        )
        return [v], [], VEHICLE_FOR_CONNECTION.get(conn, "meeting"), conn, cadence, text
    if kind == "unlinked_groups":
        leads = [x for x in (P._group_lead(net, g, score) for g in gap.subject) if x is not None]
        _, cadence = P._group_wants(net, gap.subject[0], options)
        text = "Bring {whom} together in a {vehicle} so that {groups} talk directly."
        return leads, list(gap.subject), "community_of_practice", "operational", cadence, text
    return None


def reference_tier(net, gap, whom, options):
    if gap.kind in ("uncovered_group", "unlinked_groups"):
        return 0
    if gap.kind == "stance_gap" and gap.stance == "critic":
        return 0
    if gap.kind == "single_point_of_failure" and gap.severity == "high":
        return 0
    if gap.kind == "stale_touchpoint" and not gap.to_group:
        influential = net.influence[whom] >= options.high_influence
        if not net.is_pmo[whom].any() and not influential.any():
            return 2
    return 1


def reference_plan_actions(net, gaps, options, score, owners):
    """One gap at a time: draft, choose the owner, fill in the action, then rank."""
    drafted = []
    for gap in sorted(gaps, key=lambda g: -SEVERITY_WEIGHT[g.severity]):
        draft = reference_draft(net, gap, score, options)
        if draft is None:
            continue
        d_whom, d_groups, vehicle, connection, cadence, text = draft
        owner = owners.choose(d_whom)
        whom = [w for w in d_whom if w != owner]
        if not whom and not d_groups:
            continue
        influence = max(
            [x if x == x else options.default_influence for x in net.influence[d_whom].tolist()]
            or [options.default_influence]
        )
        group_names = tuple(P._group_name(net, g) for g in d_groups)
        earliest, overdue = options.as_of, 0
        if gap.kind == "stale_touchpoint" and gap.last_contact is not None:
            earliest = gap.last_contact + dt.timedelta(days=int(gap.cadence_days or 0))
            overdue = max(0, (options.as_of - earliest).days)
        names = [str(net.name[w]) for w in whom]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        drafted.append(
            dict(
                id=P._action_id(gap.kind, *gap.subject, gap.touchpoint or ""),
                kind=gap.kind,
                severity=gap.severity,
                tier=reference_tier(net, gap, d_whom, options),
                score=float(influence * SEVERITY_WEIGHT[gap.severity]),
                owner=str(net.ids[owner]) if owner is not None else None,
                owner_name=str(net.name[owner]) if owner is not None else None,
                whom=tuple(str(net.ids[w]) for w in whom),
                whom_names=tuple(str(net.name[w]) for w in whom),
                groups=tuple(d_groups),
                group_names=group_names,
                vehicle=vehicle,
                connection=connection or "operational",
                cadence_days=int(cadence),
                earliest=earliest,
                overdue_days=overdue,
                action=text.format(
                    vehicle=vehicle.replace("_", " "),
                    connection=connection or "",
                    cadence=cadence,
                    whom=listed if whom else "",
                    groups=" and ".join(group_names),
                ),
                why=gap.detail,
                touchpoint=gap.touchpoint,
            )
        )
    drafted.sort(
        key=lambda a: (a["tier"], -a["score"], -a["overdue_days"], a["cadence_days"], a["id"])
    )
    return [P.PlanAction(**fields, rank=r) for r, fields in enumerate(drafted, 1)]


def reference_schedule(actions, options, states):
    capacity, as_of = options.plan_capacity_per_week, options.as_of
    used: dict[Any, int] = {}
    full_until: dict[Any, int] = {}
    out = []
    for action in actions:
        state = states.get(action.id) or {}
        status = str(state.get("status") or "open")
        snoozed = P._date(state.get("snoozed_until"))
        note = str(state.get("note") or "")
        if status == "done":
            out.append(
                dataclasses.replace(
                    action, status=status, snoozed_until=snoozed, note=note, due=None
                )
            )
            continue
        earliest = max(action.earliest, as_of)
        if status == "snoozed" and snoozed is not None:
            earliest = max(earliest, snoozed)
        owner = action.owner
        week = max((earliest - as_of).days // 7, full_until.get(owner, 0))
        while used.get((owner, week), 0) >= capacity:
            week += 1
        slot = used.get((owner, week), 0)
        used[(owner, week)] = slot + 1
        first = full_until.get(owner, 0)
        while used.get((owner, first), 0) >= capacity:
            first += 1
        full_until[owner] = first
        start = as_of + dt.timedelta(days=7 * week)
        due = max(earliest, start + dt.timedelta(days=slot % 5))
        out.append(
            dataclasses.replace(action, status=status, snoozed_until=snoozed, note=note, due=due)
        )
    return out


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
        [(60, 55, 3), (300, 260, 5), (400, 900, 1), (200, 170, 40), (150, 500, 2), (500, 600, 150)]
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


def without_ties() -> Network:
    people = [person("pm", is_pmo=True), person("z1", group="ops"), person("z2", group="it")]
    return build_network(snapshot(people, [], GROUPS))


NETWORKS = random_networks() + [without_ties(), build_network(snapshot([], [], GROUPS))]


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
        graph = _symmetric(n, keys // n, keys % n)
        pmo = np.unique(rng.integers(0, n, size=int(rng.integers(1, 3 * _CHUNK))))
        points, ties = _cuts(arcs(n, keys // n, keys % n, both_ways=True), pmo)
        want_points, want_ties = reference_cuts(graph, pmo)
        assert [(v, d.tolist()) for v, d in points] == want_points
        assert [(u, x, d.tolist()) for u, x, d in ties] == want_ties


@pytest.mark.parametrize("net", NETWORKS, ids=range(len(NETWORKS)))
def test_reach_index_searches_as_bfs_layers_and_the_adjacency_do(net):
    index = ReachIndex(net)
    symmetric = net.reach_adjacency(symmetric=True)
    assert (index.undirected != (symmetric > 0)).nnz == 0
    either = index.either_way
    assert np.array_equal(either.ptr, symmetric.indptr)
    assert np.array_equal(either.head, symmetric.indices)
    assert np.array_equal(index.reachable, bfs_layers(net, net.pmo) >= 0)
    for steps in (None, 1, 2, 3):
        assert np.array_equal(index.steps(steps), bfs_layers(net, net.pmo, max_steps=steps))


@pytest.mark.parametrize("net", NETWORKS, ids=range(len(NETWORKS)))
def test_nearest_pmo_members_are_the_distance_matrixs(net):
    if len(net.pmo) == 0:
        return
    steps, which, sets = ReachIndex(net).nearest_pmo
    dist = np.asarray(net.reach_graph.distances(source=net.pmo.tolist(), mode="all"), float)
    assert np.array_equal(steps, dist.min(axis=0))
    for v in range(net.n):
        if np.isfinite(steps[v]):
            assert sets[which[v]] == tuple(np.flatnonzero(dist[:, v] == steps[v]).tolist())


# --- owners, actions, schedule ---------------------------------------------------------------


@pytest.mark.parametrize("max_pmo", [200, 10])
@pytest.mark.parametrize("net", NETWORKS, ids=range(len(NETWORKS)))
def test_owners_are_chosen_as_from_the_distance_matrix(net, max_pmo):
    if net.n == 0:
        assert P._Owners(net).choose([]) is None
        return
    rng = np.random.default_rng(net.n)
    fast, slow = P._Owners(net, max_pmo), ReferenceOwners(net, max_pmo)
    for _ in range(3000):  # enough for loads to tie and to round at 10^16
        whom = rng.integers(0, net.n, size=int(rng.integers(0, 4))).tolist()
        assert fast.choose(whom) == slow.choose(whom)
    assert np.array_equal(fast.load, slow.load)


def test_owners_of_people_no_one_reaches_compare_loads_as_the_matrix_did():
    # 30 PMO members in a ring; the stakeholders out of everyone's reach are owned by the
    # lightest at 10^16 + load in floating point, where loads 0 and 1 tie
    people = [person(f"p{i}", is_pmo=True) for i in range(30)] + [
        person(f"lost{i}") for i in range(5)
    ]
    ties = [touch(f"p{i}", f"p{(i + 1) % 30}") for i in range(30)]
    net = build_network(snapshot(people, ties))
    fast, slow = P._Owners(net), ReferenceOwners(net)
    sequence = [[0], [31], [32], [1], [33], [2, 34], [34]] * 40 + [[30]] * 200
    for whom in sequence:
        assert fast.choose(whom) == slow.choose(whom)


OTHER_OPTIONS = AnalysisOptions(
    as_of=AS_OF + dt.timedelta(days=40),
    plan_capacity_per_week=3,
    high_influence=3,
    default_influence=2.5,
    default_cadence_days=14,
    stale_tolerance=1.1,
)


@pytest.mark.parametrize("options", [OPTIONS, OTHER_OPTIONS], ids=["default", "other"])
@pytest.mark.parametrize("net", NETWORKS, ids=range(len(NETWORKS)))
def test_plan_actions_and_schedule_are_the_per_gap_constructions(net, options):
    gaps = find_gaps(net, options)
    score = np.random.default_rng(1).random(net.n)
    index = ReachIndex(net)
    fast = P.plan_actions(net, gaps, options, score=score, owners=P._Owners(net, index=index))
    slow = reference_plan_actions(net, gaps, options, score, ReferenceOwners(net))
    alike(fast, slow)
    states = {
        a.id: {"status": "done"}
        if i % 5 == 0
        else {"status": "snoozed", "snoozed_until": (AS_OF + dt.timedelta(days=i)).isoformat()}
        if i % 7 == 0
        else {"status": "snoozed", "note": "later"}
        for i, a in enumerate(slow)
        if i % 5 == 0 or i % 7 == 0 or i % 11 == 0
    }
    for given in ({}, states):
        alike(P.schedule(fast, options, given), reference_schedule(slow, options, given))


def test_the_whole_plan_shares_one_reach_index_and_the_owners_loads():
    net = hand_built()
    gaps = find_gaps(net, OPTIONS)
    plan = P.engagement_plan(net, gaps, OPTIONS, index=ReachIndex(net))
    owners = ReferenceOwners(net)
    slow = reference_plan_actions(net, gaps, OPTIONS, np.zeros(net.n), owners)
    alike(list(plan.actions), reference_schedule(slow, OPTIONS, {}))
    then = _Loaded(net, owners.load)  # new ties are owned after the actions
    assert plan.new_ties == P.fewest_new_ties(net, owners=then, options=OPTIONS)
    assert plan.new_ties.ties  # the hand-built network leaves a group out of reach
    assert plan.owner_load == {str(net.ids[p]): int(x) for p, x in zip(net.pmo, then.load)}


class _Loaded(P._Owners):
    """Owners whose loads start where the reference's ended."""

    def __init__(self, net: Network, load: np.ndarray) -> None:
        super().__init__(net)
        self._loads = load.tolist()


# --- cheap construction ----------------------------------------------------------------------


def test_cheaply_built_gaps_equal_the_constructors():
    facts = {"touchpoint": "t1", "to_group": False, "cadence_days": 7, "last_contact": OLD}
    made = _new_gap("stale_touchpoint", "high", ("a", "b"), "d", "r", facts)
    built = Gap("stale_touchpoint", "high", ("a", "b"), "d", "r", **facts)
    alike([made], [built])
    assert made.as_json() == built.as_json() and hash(made) == hash(built)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.kind = "x"  # type: ignore[misc]


def test_cheaply_built_actions_and_copies_equal_the_constructors():
    net = hand_built()
    gaps = find_gaps(net, OPTIONS)
    action = reference_plan_actions(net, gaps, OPTIONS, np.zeros(net.n), ReferenceOwners(net))[0]
    values = {f.name: getattr(action, f.name) for f in dataclasses.fields(action)}
    alike([P._as_action(dict(values))], [action])
    day = AS_OF + dt.timedelta(days=3)
    alike(
        [P._scheduled(action, "snoozed", day, "n", day)],
        [dataclasses.replace(action, status="snoozed", snoozed_until=day, note="n", due=day)],
    )


def test_codes_are_numpys_unique_over_the_columns():
    vehicles = ["meeting", "email", "meeting", "one_to_one", "training", "chat"]
    people = [person(x) for x in "abcdefg"]
    ties = [
        model.Touchpoint(source="a", target=t, vehicle=v, connection=c)
        for t, v, c in zip("bcdefg", vehicles, ["personal", "operational", "strategic"] * 2)
    ]
    ties.append(model.Touchpoint(source="a", target_group="ops", vehicle="newsletter"))
    snap = snapshot(people, ties, GROUPS)
    # a store may hold a touchpoint with no vehicle: it is a meeting
    tps = snap.touchpoints
    at = tps.schema.get_field_index("vehicle")
    blank = [None if v == "chat" else v for v in tps.column("vehicle").to_pylist()]
    tps = tps.set_column(at, tps.schema.field(at), pa.array(blank, pa.string()))
    net = build_network(dataclasses.replace(snap, touchpoints=tps))
    tp, b = net.touchpoints, net.broadcasts
    (ca, cb, _), words = _codes(net, "vehicle", tp.vehicle_code, b.vehicle_code)
    values, inverse = np.unique(
        np.concatenate([tp.vehicle, b.vehicle]).astype(str), return_inverse=True
    )
    assert words == values.tolist() and "meeting" in words  # a missing vehicle is a meeting
    assert np.concatenate([ca, cb]).tolist() == inverse.tolist()
    # group wishes come in as words of their own, coded alongside the touchpoints'
    (given, wished), words = _codes(
        net, "connection", tp.connection_code, extra=("strategic", "curious")
    )
    all_words = np.concatenate([tp.connection, np.array(["strategic", "curious"], dtype=object)])
    values, inverse = np.unique(all_words.astype(str), return_inverse=True)
    assert words == values.tolist()
    assert np.concatenate([given, wished]).tolist() == inverse.tolist()
    (empty, _), none = _codes(net, "vehicle", np.zeros(0, dtype=np.int32))
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


def test_the_plan_ranks_by_the_centrality_tables_pagerank_once_it_is_at_hand():
    from graphkit.analysis.centrality import pagerank
    from graphkit.analysis.report import Analysis

    net = hand_built()
    alone = Analysis(net, OPTIONS)
    assert np.allclose(alone._plan_score, pagerank(net))
    after = Analysis(net, OPTIONS)
    table = after.table  # the report computes centrality before the plan
    assert after._plan_score is table.pagerank or np.shares_memory(
        after._plan_score, table.pagerank
    )
