"""Communication gaps (README, "Analysis"): where the PMO's network is missing something.

Each gap is a :class:`Gap`: ``kind``, ``severity`` (high/medium/low), ``subject`` (the
stakeholders concerned — both ends of a touchpoint, the person who is a single point of
failure — or the group ids of a group gap), ``detail`` and ``recommendation``, plus the
facts of its kind (typed, optional: ``touchpoint``, ``vehicle``, ``cadence_days``,
``dependents``, ``brokers``…) that the plan and the pages read.

Thresholds come from :class:`~graphkit.analysis.options.AnalysisOptions`.

Touchpoints with a whole group (broadcasts: newsletter, intranet, blog, town hall) count
for coverage, reach, staleness, the vehicle mix and links between groups; a stance gap
needs a touchpoint with the person (a newsletter does not engage a critic). Reachability
(isolated stakeholders, single points of failure) is judged on the undirected reach graph,
also when the analysis is directed: a tie that exists carries word back in practice.

Every finder is vectorised over the touchpoint arrays; only the gaps found are turned
into Python objects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any, Literal

import numpy as np
import scipy.sparse as sp

from graphkit.analysis.options import AnalysisOptions
from graphkit.network import Network

Severity = Literal["high", "medium", "low"]
SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}
SEVERITY_WEIGHT = {"high": 3, "medium": 2, "low": 1}
KINDS = (
    "uncovered_group",
    "stale_touchpoint",
    "isolated_stakeholder",
    "single_point_of_failure",
    "unlinked_groups",
    "vehicle_overreliance",
    "stance_gap",
    "connection_mismatch",
)
#: The vehicle suggested for each kind of connection the group wants.
VEHICLE_FOR_CONNECTION = {
    "strategic": "one_to_one",
    "personal": "one_to_one",
    "operational": "meeting",
    None: "meeting",
}
DEPENDENTS_SHOWN = 50


@dataclass(frozen=True)
class Gap:
    """One communication gap, with the facts of its kind (the rest stay ``None``)."""

    kind: str
    severity: Severity
    subject: tuple[str, ...]
    detail: str
    recommendation: str
    # stale_touchpoint, stance_gap, connection_mismatch, vehicle_overreliance
    touchpoint: str | None = None
    to_group: bool | None = None
    vehicle: str | None = None
    connection: str | None = None
    cadence_days: int | None = None
    last_contact: dt.date | None = None
    days_since: int | None = None
    days_overdue: int | None = None
    stance: str | None = None
    # uncovered_group, vehicle_overreliance, connection_mismatch
    members: int | None = None
    covered: int | None = None
    personal: int | None = None
    share: float | None = None
    touchpoints: int | None = None
    # isolated_stakeholder
    reason: str | None = None
    # single_point_of_failure
    element: str | None = None
    dependents: tuple[str, ...] = field(default_factory=tuple)
    dependent_count: int | None = None
    # unlinked_groups
    brokers: tuple[str, ...] = field(default_factory=tuple)
    broker_count: int | None = None

    @property
    def rank(self) -> tuple[int, int]:
        return SEVERITY_RANK[self.severity], KINDS.index(self.kind)

    def as_json(self) -> dict[str, Any]:
        """The gap as the report and the API carry it: the facts of its kind only."""
        out: dict[str, Any] = {}
        # by hand, not dataclasses.asdict: that deep-copies every tuple, and the dashboard
        # converts every gap of the network after each logged contact
        for key in _GAP_FIELDS:
            value = getattr(self, key)
            if value is None or (
                isinstance(value, tuple) and not value and key not in ("subject",)
            ):
                continue
            if isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, dt.date):
                value = value.isoformat()
            out[key] = value
        return out


_GAP_FIELDS = tuple(f.name for f in fields(Gap))


def _label(net: Network, g: int) -> str:
    return net.group_labels[g]


def _group_name(net: Network, g: int) -> str:
    return net.groups.names[g] if g < len(net.groups.names) else net.group_labels[g]


def _desired_cadence(net: Network, g: int) -> float:
    if 0 <= g < len(net.groups.ids):
        v = net.groups.desired_cadence_days[g]
        return float(v) if not np.isnan(v) else float("nan")
    return float("nan")


def _members(net: Network) -> np.ndarray:
    n_labels = len(net.group_labels)
    return np.bincount(net.group_index[net.group_index >= 0], minlength=n_labels)


def _unweighted(adjacency: sp.csr_matrix) -> sp.csr_matrix:
    adjacency.data[:] = 1.0
    return adjacency


def _reachable_from_pmo(net: Network) -> np.ndarray:
    from graphkit.analysis.reach import bfs_layers

    return np.asarray(bfs_layers(net, net.pmo) >= 0)


def _influential(net: Network, options: AnalysisOptions) -> np.ndarray:
    return np.asarray(np.nan_to_num(net.influence, nan=0.0) >= options.high_influence)


# --- uncovered_group -------------------------------------------------------------------------


def uncovered_groups(net: Network, options: AnalysisOptions) -> list[Gap]:
    """Groups no PMO member reaches in one step, or whose reached share is under
    ``coverage_share``. A touchpoint from a PMO member to the whole group reaches every
    member; ``personal`` counts those with a touchpoint of their own with the PMO."""
    n_labels = len(net.group_labels)
    if n_labels == 0:
        return []
    pmo = net.is_pmo
    counted = (net.group_index >= 0) & ~pmo
    members = np.bincount(net.group_index[counted], minlength=n_labels)
    tp = net.touchpoints
    personal = np.zeros(net.n, dtype=bool)
    personal[tp.target[pmo[tp.source]]] = True
    personal[tp.source[pmo[tp.target]]] = True
    told = np.zeros(n_labels, dtype=bool)  # a PMO broadcast reaches the whole group
    told[net.broadcasts.target[pmo[net.broadcasts.source]]] = True
    touched = personal | told[np.where(net.group_index >= 0, net.group_index, 0)] & (
        net.group_index >= 0
    )
    covered = np.bincount(net.group_index[counted & touched], minlength=n_labels)
    own = np.bincount(net.group_index[counted & personal], minlength=n_labels)
    out = []
    for g in range(n_labels):
        if members[g] == 0:
            continue
        share = covered[g] / members[g]
        if covered[g] and share >= options.coverage_share:
            continue
        name = _group_name(net, int(g))
        severity: Severity = "high" if covered[g] == 0 else "medium"
        detail = (
            f"No PMO member reaches anyone in {name} ({members[g]} members)."
            if covered[g] == 0
            else f"PMO members reach {covered[g]} of {members[g]} members of {name} "
            f"({share:.0%}, under {options.coverage_share:.0%})."
        )
        cadence = _desired_cadence(net, g)
        out.append(
            Gap(
                "uncovered_group",
                severity,
                (_label(net, g),),
                detail,
                f"Give {name} a recurring touchpoint with the PMO"
                + (f" every {int(cadence)} days." if cadence == cadence else "."),
                members=int(members[g]),
                covered=int(covered[g]),
                personal=int(own[g]),
                share=float(share),
            )
        )
    return out


# --- stale_touchpoint ------------------------------------------------------------------------


def _stale_severity(ratio: np.ndarray, importance: np.ndarray) -> np.ndarray:
    """How late (cadences since the last contact) against how much the tie matters.

    ``importance`` is 0 for a tie between colleagues, 1 for a tie of the PMO's or with a
    high-influence stakeholder, 2 for both. Level = (ratio ≥ 2) + (ratio ≥ 3) +
    importance − 1: a colleagues' tie is low, medium from three cadences late; the PMO's
    own tie is low, medium from two cadences, high from three; the PMO's tie with a
    high-influence stakeholder is medium, high from two cadences.
    """
    level = (ratio >= 2).astype(int) + (ratio >= 3) + importance - 1
    return np.asarray(np.array(["low", "medium", "high"])[np.clip(level, 0, 2)])


def stale_touchpoints(net: Network, options: AnalysisOptions) -> list[Gap]:
    """Touchpoints whose ``last_contact + cadence_days × stale_tolerance`` is before as-of,
    personal ties and touchpoints with a group alike (severity: :func:`_stale_severity`).
    Touchpoints that never happened (no ``last_contact``) are not judged here."""
    out: list[Gap] = []
    as_of = np.datetime64(options.as_of, "D")
    influential = _influential(net, options)
    for tp, to_group in ((net.touchpoints, False), (net.broadcasts, True)):
        if len(tp) == 0:
            continue
        known = ~np.isnat(tp.last_contact)
        age = np.where(
            known, (as_of - tp.last_contact).astype("timedelta64[D]").astype(np.float64), 0
        )
        idx = np.flatnonzero(known & (age > tp.cadence_days * options.stale_tolerance))
        if len(idx) == 0:
            continue
        src, dst = tp.source[idx], tp.target[idx]
        if to_group:
            owned = net.is_pmo[src].astype(int)
            important = owned + influential[src]
        else:
            owned = (net.is_pmo[src] | net.is_pmo[dst]).astype(int)
            important = owned + (influential[src] | influential[dst])
        ratio = age[idx] / tp.cadence_days[idx]
        severity = _stale_severity(ratio, np.minimum(important, 2))
        for i, s, t, sev in zip(idx.tolist(), src.tolist(), dst.tolist(), severity.tolist()):
            vehicle, cadence = tp.vehicle[i], int(tp.cadence_days[i])
            days = int(age[i])
            last = tp.last_contact[i].astype(dt.date)
            other = _group_name(net, t) if to_group else net.name[t]
            out.append(
                Gap(
                    "stale_touchpoint",
                    sev,
                    (net.ids[s], _label(net, t) if to_group else net.ids[t]),
                    f"The {vehicle.replace('_', ' ')} between {net.name[s]} and {other} is due "
                    f"every {cadence} days; last contact {last.isoformat()} ({days} days ago).",
                    f"Renew the {vehicle.replace('_', ' ')} with {other} now and keep it every "
                    f"{cadence} days.",
                    touchpoint=str(tp.id[i]),
                    to_group=to_group,
                    vehicle=str(vehicle),
                    connection=str(tp.connection[i]),
                    cadence_days=cadence,
                    last_contact=last,
                    days_since=days,
                    days_overdue=days - cadence,
                )
            )
    return out


# --- isolated_stakeholder --------------------------------------------------------------------


def isolated_stakeholders(
    net: Network, options: AnalysisOptions, reachable: np.ndarray | None = None
) -> list[Gap]:
    """Stakeholders with no touchpoint at all — none of their own, and none with a group
    they are in (high) — or with some but out of the PMO's reach (medium; high for
    high-influence stakeholders). No PMO: only the first kind."""
    tp = net.touchpoints
    n = net.n
    count = np.bincount(tp.source, minlength=n) + np.bincount(tp.target, minlength=n)
    count += np.bincount(net.broadcasts.source, minlength=n)
    told = np.zeros(len(net.group_labels) + 1, dtype=bool)
    told[net.broadcasts.target] = True
    count += told[net.group_index]  # group_index -1 reads the last (always False) entry
    if reachable is None:
        reachable = _reachable_from_pmo(net)
    out = []
    for i in np.flatnonzero(count == 0):
        out.append(
            Gap(
                "isolated_stakeholder",
                "high",
                (net.ids[i],),
                f"{net.name[i]} has no touchpoint at all.",
                f"Set up a touchpoint between the PMO and {net.name[i]}.",
                reason="no_touchpoint",
            )
        )
    if len(net.pmo):
        high = _influential(net, options)
        for i in np.flatnonzero((count > 0) & ~reachable):
            out.append(
                Gap(
                    "isolated_stakeholder",
                    "high" if high[i] else "medium",
                    (net.ids[i],),
                    f"{net.name[i]} has touchpoints but no path of ties leads from "
                    "the PMO to them.",
                    f"Connect a PMO member with {net.name[i]} or someone they talk to.",
                    reason="unreachable",
                )
            )
    return out


# --- single_point_of_failure -----------------------------------------------------------------


def _dfs_cut(net: Network) -> tuple[list[tuple[int, list[int]]], list[tuple[int, int, list[int]]]]:
    """Articulation points and bridges w.r.t. reachability from the PMO.

    The PMO is contracted into one virtual root; an iterative DFS (Tarjan's low-link)
    from it finds each stakeholder or tie whose loss cuts a DFS subtree off the root, and
    the subtree sizes give who depends on it — in one pass, where igraph's articulation
    points would need a search per point to say who is cut off.
    Returns ``([(v, [cut-off vertices])], [(u, c, [cut-off vertices])])``.
    """
    n = net.n
    pmo = net.pmo
    a = _unweighted(net.reach_adjacency(symmetric=True)).tocoo()
    root = n
    rows = np.concatenate([a.row, np.full(len(pmo), root), pmo])
    cols = np.concatenate([a.col, pmo, np.full(len(pmo), root)])
    g = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n + 1, n + 1))
    indptr_l, indices_l = g.indptr.tolist(), g.indices.tolist()
    disc_l = [-1] * (n + 1)
    low_l = [0] * (n + 1)
    size_l = [1] * (n + 1)
    parent_l = [-1] * (n + 1)
    order: list[int] = [root]
    cut_children: dict[int, list[int]] = {}
    bridges: list[tuple[int, int]] = []
    disc_l[root] = low_l[root] = 0
    t = 1
    stack = [(root, indptr_l[root])]
    while stack:
        v, pos = stack[-1]
        if pos < indptr_l[v + 1]:
            w = indices_l[pos]
            stack[-1] = (v, pos + 1)
            if disc_l[w] < 0:
                parent_l[w] = v
                disc_l[w] = low_l[w] = t
                t += 1
                order.append(w)
                stack.append((w, indptr_l[w]))
            elif w != parent_l[v] and disc_l[w] < low_l[v]:
                low_l[v] = disc_l[w]
        else:
            stack.pop()
            p = parent_l[v]
            if p >= 0:
                size_l[p] += size_l[v]
                low_l[p] = min(low_l[p], low_l[v])
                if p != root and low_l[v] >= disc_l[p]:
                    cut_children.setdefault(p, []).append(v)
                if p != root and low_l[v] > disc_l[p]:
                    bridges.append((p, v))
    order_arr = np.asarray(order, dtype=np.int64)

    def subtree(c: int) -> np.ndarray:
        return order_arr[disc_l[c] : disc_l[c] + size_l[c]]

    points = [
        (v, np.concatenate([subtree(c) for c in cs]).tolist()) for v, cs in cut_children.items()
    ]
    ties = [(p, c, subtree(c).tolist()) for p, c in bridges]
    return points, ties


def single_points_of_failure(net: Network, options: AnalysisOptions) -> list[Gap]:
    """Stakeholders (articulation points) and ties (bridges) whose loss cuts someone off
    the PMO. A PMO member counts when others remain in the PMO (their exclusive contacts
    would be cut off from it); the only PMO member does not. Severity: high when
    ≥ max(5, 5 % of the stakeholders) depend on it or a high-influence stakeholder does;
    medium for 2 or more; low for one."""
    if len(net.pmo) == 0 or len(net.reach_edges[0]) == 0:
        return []
    points, ties = _dfs_cut(net)
    infl = np.nan_to_num(net.influence, nan=0)
    big = max(5, int(0.05 * net.n))

    def severity(dep: list[int]) -> Severity:
        if len(dep) >= big or (infl[dep] >= options.high_influence).any():
            return "high"
        return "medium" if len(dep) >= 2 else "low"

    def shown(dep: list[int]) -> tuple[str, ...]:
        ranked = sorted(dep, key=lambda i: (-infl[i], i))[:DEPENDENTS_SHOWN]
        return tuple(net.ids[i] for i in ranked)

    out = []
    for v, dep in sorted(points, key=lambda x: -len(x[1])):
        if net.is_pmo[v] and len(net.pmo) == 1:
            continue  # the PMO's only member is the PMO itself, not a broker to it
        who = shown(dep)
        out.append(
            Gap(
                "single_point_of_failure",
                severity(dep),
                (net.ids[v],),
                f"{len(dep)} stakeholder(s) hear from the PMO only through {net.name[v]}"
                f" (e.g. {', '.join(net.name[net.index[x]] for x in who[:3])}).",
                f"Give the PMO a second route to {net.name[net.index[who[0]]]}"
                + (" and the others" if len(dep) > 1 else "")
                + f", not via {net.name[v]}.",
                element="stakeholder",
                dependents=who,
                dependent_count=len(dep),
            )
        )
    for u, c, dep in sorted(ties, key=lambda x: -len(x[2])):
        who = shown(dep)
        out.append(
            Gap(
                "single_point_of_failure",
                severity(dep),
                (net.ids[u], net.ids[c]),
                f"The tie between {net.name[u]} and {net.name[c]} is the only route from the PMO"
                f" to {len(dep)} stakeholder(s).",
                f"Add a second tie from the PMO to {net.name[net.index[who[0]]]}"
                f" that does not use the {net.name[u]}–{net.name[c]} tie.",
                element="tie",
                dependents=who,
                dependent_count=len(dep),
            )
        )
    return out


# --- unlinked_groups -------------------------------------------------------------------------


def unlinked_groups(net: Network, options: AnalysisOptions) -> list[Gap]:
    """Group pairs that should talk (``desired_links``) but have no direct tie (a personal
    tie between members, or a member's touchpoint with the other group), with the brokers
    through whom they talk today (stakeholders with personal ties into both). Severity:
    high when no one brokers them, medium with a single broker, low with several."""
    n_labels = len(net.group_labels)
    members = _members(net)
    pairs = set()
    for g, links in enumerate(net.groups.desired_links):
        for h_id in links:
            h = net.groups.index.get(h_id)
            if h is None or h == g or members[g] == 0 or members[h] == 0:
                continue
            pairs.add((min(g, h), max(g, h)))
    if not pairs:
        return []
    gi = net.group_index
    es, et = net.edge_source, net.edge_target
    bs, bt = net.broadcasts.source, net.broadcasts.target
    ends = [(gi[es], gi[et]), (gi[bs], bt)]
    linked: set[int] = set()
    for a_, b_ in ends:
        both = (a_ >= 0) & (b_ >= 0)
        a_, b_ = a_[both], b_[both]
        linked |= set((np.minimum(a_, b_) * n_labels + np.maximum(a_, b_)).tolist())
    a = _unweighted(net.adjacency(symmetric=True))
    has = gi >= 0
    memb = sp.csr_matrix(
        (np.ones(int(has.sum())), (np.flatnonzero(has), gi[has])), shape=(net.n, n_labels)
    )
    into = (a @ memb).toarray() if net.n * n_labels <= 5e7 else None
    wdeg = np.bincount(es, weights=net.weight, minlength=net.n) + np.bincount(
        et, weights=net.weight, minlength=net.n
    )
    out = []
    for g, h in sorted(pairs):
        if g * n_labels + h in linked:
            continue
        if into is not None:
            cg, ch = into[:, g], into[:, h]
        else:
            cg = (a @ memb[:, g]).toarray().ravel()
            ch = (a @ memb[:, h]).toarray().ravel()
        brokers = np.flatnonzero((cg > 0) & (ch > 0))
        brokers = brokers[np.lexsort((brokers, -wdeg[brokers], -(cg[brokers] + ch[brokers])))]
        gn, hn = _group_name(net, g), _group_name(net, h)
        severity: Severity
        if len(brokers) == 0:
            severity = "high"
            detail = (
                f"{gn} and {hn} should talk directly but have no tie, and no one talks to both."
            )
        else:
            severity = "medium" if len(brokers) == 1 else "low"
            names = ", ".join(net.name[b] for b in brokers[:3])
            detail = (
                f"{gn} and {hn} should talk directly but have no tie; today they talk "
                f"through {names}"
                + (f" and {len(brokers) - 3} more" if len(brokers) > 3 else "")
                + "."
            )
        out.append(
            Gap(
                "unlinked_groups",
                severity,
                (_label(net, g), _label(net, h)),
                detail,
                f"Cross-pollinate: bring people of {gn} and {hn} together "
                "(a community of practice, an event or a joint meeting).",
                brokers=tuple(net.ids[b] for b in brokers[:DEPENDENTS_SHOWN]),
                broker_count=len(brokers),
            )
        )
    return out


# --- per-group touchpoint counts -------------------------------------------------------------


def _group_touchpoints(net: Network) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(vehicle, connection, group) per touchpoint and group it touches: a personal
    touchpoint counts once for each group at its ends, a broadcast for its group."""
    tp, b = net.touchpoints, net.broadcasts
    gs, gt = net.group_index[tp.source], net.group_index[tp.target]
    first = gs >= 0
    second = (gt >= 0) & (gt != gs)
    vehicle = np.concatenate([tp.vehicle[first], tp.vehicle[second], b.vehicle])
    connection = np.concatenate([tp.connection[first], tp.connection[second], b.connection])
    group = np.concatenate([gs[first], gt[second], b.target]).astype(np.int64)
    return vehicle, connection, group


def vehicle_overreliance(net: Network, options: AnalysisOptions) -> list[Gap]:
    """Groups where one vehicle carries more than ``overreliance_share`` of the group's
    touchpoints (groups with at least ``overreliance_min_touchpoints``). Severity: share
    over 90 % high, over 75 % medium, else low."""
    n_labels = len(net.group_labels)
    vehicle, _, group = _group_touchpoints(net)
    if len(group) == 0 or n_labels == 0:
        return []
    vehicles, vcode = np.unique(vehicle.astype(str), return_inverse=True)
    nv = len(vehicles)
    counts = np.bincount(group * nv + vcode, minlength=n_labels * nv).reshape(n_labels, nv)
    totals = counts.sum(axis=1)
    out = []
    for g in np.flatnonzero(totals >= options.overreliance_min_touchpoints):
        top = int(np.argmax(counts[g]))
        share = counts[g, top] / totals[g]
        if share <= options.overreliance_share:
            continue
        severity: Severity = "high" if share > 0.9 else "medium" if share > 0.75 else "low"
        name = _group_name(net, int(g))
        used = str(vehicles[top]).replace("_", " ")
        out.append(
            Gap(
                "vehicle_overreliance",
                severity,
                (_label(net, int(g)),),
                f"{used} carries {counts[g, top]} of {totals[g]} touchpoints "
                f"of {name} ({share:.0%}, over {options.overreliance_share:.0%}).",
                f"Limit the use of {used} with {name}: add another vehicle "
                "(a one-to-one, a meeting or an event).",
                vehicle=str(vehicles[top]),
                share=float(share),
                touchpoints=int(totals[g]),
            )
        )
    return out


def connection_mismatches(net: Network, options: AnalysisOptions) -> list[Gap]:
    """Groups whose touchpoints carry too little of their ``desired_connection``: none at
    all (medium; high when the group has 5+ touchpoints) or under ``connection_share``
    (low)."""
    n_groups = len(net.groups.ids)
    _, connection, group = _group_touchpoints(net)
    if len(group) == 0 or n_groups == 0:
        return []
    totals = np.bincount(group, minlength=len(net.group_labels))
    out = []
    for g in range(n_groups):
        want = net.groups.desired_connection[g]
        if not want or totals[g] == 0:
            continue
        have = int((connection[group == g] == want).sum())
        share = have / totals[g]
        if share >= options.connection_share and have:
            continue
        name = _group_name(net, g)
        severity: Severity = ("high" if totals[g] >= 5 else "medium") if have == 0 else "low"
        out.append(
            Gap(
                "connection_mismatch",
                severity,
                (net.groups.ids[g],),
                f"{name} wants {want} connection; {have} of {totals[g]} of its "
                f"touchpoints are {want} ({share:.0%}).",
                f"Make some touchpoints with {name} {want}, e.g. a "
                f"{VEHICLE_FOR_CONNECTION.get(want, 'meeting').replace('_', ' ')}.",
                connection=want,
                share=float(share),
                touchpoints=int(totals[g]),
            )
        )
    return out


# --- stance_gap ------------------------------------------------------------------------------


def stance_gaps(net: Network, options: AnalysisOptions) -> list[Gap]:
    """Champions, critics and high-influence stakeholders without a touchpoint *of their
    own with the PMO* at the cadence (``<=`` the group's ``desired_cadence_days``, else
    ``default_cadence_days``) and connection (the group's ``desired_connection``, if any)
    their group needs; a touchpoint with their whole group does not count. Without PMO
    members any touchpoint counts. Severity: critics and influence 5 high; champions and
    other high-influence stakeholders medium."""
    tp = net.touchpoints
    n = net.n
    infl = np.nan_to_num(net.influence, nan=0)
    stance = net.stance
    target = ~net.is_pmo & (
        (stance == "champion") | (stance == "critic") | (infl >= options.high_influence)
    )
    if not target.any():
        return []
    n_groups = len(net.groups.ids)
    gi = net.group_index
    cad_table = (
        np.append(net.groups.desired_cadence_days, np.nan) if n_groups else np.array([np.nan])
    )
    gclip = np.where((gi >= 0) & (gi < n_groups), gi, n_groups)
    req_cad = cad_table[gclip]
    req_cad = np.where(np.isnan(req_cad), options.default_cadence_days, req_cad)
    conn_table = np.array(list(net.groups.desired_connection) + [None], dtype=object)
    req_conn = conn_table[gclip]
    any_pmo = len(net.pmo) > 0
    ok_count = np.zeros(n, dtype=np.int64)
    pmo_count = np.zeros(n, dtype=np.int64)
    for end, other in ((tp.source, tp.target), (tp.target, tp.source)):
        with_pmo = net.is_pmo[other] if any_pmo else np.ones(len(tp), dtype=bool)
        conn_ok = (req_conn[end] == None) | (tp.connection == req_conn[end])  # noqa: E711
        ok = with_pmo & (tp.cadence_days <= req_cad[end]) & conn_ok
        ok_count += np.bincount(end[ok], minlength=n)
        pmo_count += np.bincount(end[with_pmo], minlength=n)
    out = []
    for i in np.flatnonzero(target & (ok_count == 0)):
        why = (
            "a critic"
            if stance[i] == "critic"
            else "a champion"
            if stance[i] == "champion"
            else f"high-influence ({int(infl[i])})"
        )
        severity: Severity = "high" if stance[i] == "critic" or infl[i] >= 5 else "medium"
        cad = int(req_cad[i])
        conn = req_conn[i]
        need = f"every {cad} days or more often" + (f", {conn}" if conn else "")
        has = (
            f"has {pmo_count[i]} touchpoint(s) with the PMO, none {need}"
            if pmo_count[i]
            else "has no touchpoint with the PMO"
        )
        vehicle = VEHICLE_FOR_CONNECTION.get(conn, "meeting")
        out.append(
            Gap(
                "stance_gap",
                severity,
                (net.ids[i],),
                f"{net.name[i]} is {why} and {has}.",
                f"Give {net.name[i]} a {vehicle.replace('_', ' ')} with a PMO member {need}.",
                stance=str(stance[i]),
                cadence_days=cad,
                connection=conn,
                vehicle=vehicle,
            )
        )
    return out


FINDERS: dict[str, Callable[[Network, AnalysisOptions], list[Gap]]] = {
    "uncovered_group": uncovered_groups,
    "stale_touchpoint": stale_touchpoints,
    "isolated_stakeholder": isolated_stakeholders,
    "single_point_of_failure": single_points_of_failure,
    "unlinked_groups": unlinked_groups,
    "vehicle_overreliance": vehicle_overreliance,
    "stance_gap": stance_gaps,
    "connection_mismatch": connection_mismatches,
}


def find_gaps(
    net: Network, options: AnalysisOptions | None = None, kinds: tuple[str, ...] = KINDS
) -> list[Gap]:
    """Every gap of the given kinds, most severe first.

    Parameters
    ----------
    net : Network
    options : AnalysisOptions, optional
    kinds : tuple of str
        Any of :data:`KINDS`.

    Returns
    -------
    list of Gap
        Sorted by severity (high first), then kind in :data:`KINDS` order, then found order.

    Examples
    --------
    >>> from graphkit import model
    >>> from graphkit.network import build_network
    >>> snap = model.Snapshot(
    ...     model.to_table("groups", [model.CustomerGroup(id="ops", name="Operations")]),
    ...     model.to_table("stakeholders", [
    ...         model.Stakeholder(id="p", name="Pat", is_pmo=True),
    ...         model.Stakeholder(id="o", name="Olu", group="ops")]),
    ...     model.to_table("touchpoints", []))
    >>> [(g.kind, g.severity, g.subject) for g in find_gaps(build_network(snap))]
    [('uncovered_group', 'high', ('ops',)), ('isolated_stakeholder', 'high', ('p',)), \
('isolated_stakeholder', 'high', ('o',))]
    """
    options = options or AnalysisOptions()
    gaps: list[Gap] = []
    for kind in kinds:
        gaps.extend(FINDERS[kind](net, options))
    gaps.sort(key=lambda g: g.rank)
    return gaps


def summarise(gaps: list[Gap]) -> dict[str, Any]:
    """Counts by kind, by severity, and by kind and severity together."""
    by_kind = dict.fromkeys(KINDS, 0)
    by_sev = dict.fromkeys(SEVERITY_RANK, 0)
    by_both = {kind: dict.fromkeys(SEVERITY_RANK, 0) for kind in KINDS}
    for g in gaps:
        by_kind[g.kind] += 1
        by_sev[g.severity] += 1
        by_both[g.kind][g.severity] += 1
    return {
        "total": len(gaps),
        "by_kind": by_kind,
        "by_severity": by_sev,
        "by_kind_severity": by_both,
    }
