"""The engagement plan: gaps turned into ranked actions and the fewest new ties that bring
every group within reach (its files, CSV and iCalendar, are written by
:mod:`graphkit.io.plan_files`).

Each action names the PMO member who owns it (the nearest PMO member in steps, ties
broken by the lightest load so far, so the work spreads), whom to touch, the vehicle,
the connection and the cadence. Actions are ranked by ``influence × severity weight``
(high 3, medium 2, low 1; influence of the most influential person touched, the
``default_influence`` when unknown).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

from graphkit.analysis.gaps import SEVERITY_WEIGHT, VEHICLE_FOR_CONNECTION, Gap
from graphkit.analysis.options import AnalysisOptions
from graphkit.network import Network

__all__ = ["engagement_plan", "fewest_new_ties"]


class _Owners:
    """Chooses the PMO member for an action: nearest in steps, then lightest load."""

    def __init__(self, net: Network, max_pmo_for_distances: int = 200) -> None:
        self.net = net
        self.pmo = net.pmo
        self.load = np.zeros(len(self.pmo), dtype=np.int64)
        self.pos = {int(p): i for i, p in enumerate(self.pmo)}
        self.dist = None
        if 0 < len(self.pmo) <= max_pmo_for_distances and net.n:
            g = net.undirected_graph()
            d = np.asarray(g.distances(source=self.pmo.tolist()), dtype=float)
            self.dist = d  # (pmo, n), inf when unreachable

    def choose(self, whom: list[int]) -> int | None:
        if len(self.pmo) == 0:
            return None
        for w in whom:  # a PMO member touched owns it
            i = self.pos.get(w)
            if i is not None:
                self.load[i] += 1
                return w
        if self.dist is not None and whom:
            d = self.dist[:, whom[0]] if len(whom) == 1 else self.dist[:, whom].min(axis=1)
            key = np.where(np.isfinite(d), d, 1e9) * 1e7 + self.load
        else:
            key = self.load
        i = int(np.argmin(key))  # nearest, then lightest load, then first
        self.load[i] += 1
        return int(self.pmo[i])


def _group_lead(net: Network, label: str, score: np.ndarray) -> int | None:
    """The group's non-PMO member with the highest influence, then score."""
    g = net.group_labels.index(label) if label in net.group_labels else -1
    members = np.flatnonzero((net.group_index == g) & ~net.is_pmo)
    if len(members) == 0:
        members = np.flatnonzero(net.group_index == g)
    if len(members) == 0:
        return None
    infl = np.nan_to_num(net.influence[members], nan=0)
    return int(members[np.lexsort((members, -score[members], -infl))[0]])


def _group_wants(net: Network, label: str, options: AnalysisOptions) -> tuple[str | None, int]:
    g = net.groups.index.get(label)
    if g is None:
        return None, options.default_cadence_days
    cad = net.groups.desired_cadence_days[g]
    return (net.groups.desired_connection[g],
            int(cad) if not np.isnan(cad) else options.default_cadence_days)


def _stakeholder_wants(net: Network, v: int, options: AnalysisOptions) -> tuple[str | None, int]:
    g = net.group_index[v]
    if g < 0:
        return None, options.default_cadence_days
    return _group_wants(net, net.group_labels[g], options)


def fewest_new_ties(net: Network, *, within: int = 2, owners: _Owners | None = None,
                    score: np.ndarray | None = None,
                    options: AnalysisOptions | None = None) -> dict[str, Any]:
    """The fewest new PMO ties that bring every group within ``within`` steps of the PMO.

    Greedy set cover: a new tie from the PMO to stakeholder s brings within reach every
    group with a member within ``within − 1`` steps of s; pick the s covering the most
    groups still out of reach (ties broken by influence, then ``score``), repeat.

    Parameters
    ----------
    net : Network
    within : int, default 2
        A group is within reach when one of its members is this many steps from the PMO.

    Returns
    -------
    dict
        ``within``, ``groups_out_of_reach`` (before), ``ties`` (list of ``{"owner",
        "whom", "groups", ...}``); ``note`` when there is no PMO member.

    References
    ----------
    .. [1] Chvátal, V. (1979). A greedy heuristic for the set-covering problem.
       Mathematics of Operations Research 4(3), 233–235.
    """
    from graphkit.analysis.reach import bfs_layers

    options = options or AnalysisOptions()
    n_labels = len(net.group_labels)
    has = net.group_index >= 0
    members = np.bincount(net.group_index[has], minlength=n_labels)
    if len(net.pmo) == 0:
        return {"within": within, "groups_out_of_reach": [g for g, m in zip(net.group_labels, members) if m],
                "ties": [], "note": "no PMO member is marked (is_pmo): nothing to reach from"}
    steps = bfs_layers(net, net.pmo, max_steps=within)
    reached = (steps >= 0) & has
    in_reach = np.bincount(net.group_index[reached], minlength=n_labels) > 0
    missing = [g for g in range(n_labels) if members[g] and not in_reach[g]]
    out = {"within": within, "groups_out_of_reach": [net.group_labels[g] for g in missing],
           "ties": []}
    if not missing:
        return out
    owners = owners or _Owners(net)
    score = np.zeros(net.n) if score is None else score
    col = {g: j for j, g in enumerate(missing)}
    sel = has & np.isin(net.group_index, missing)
    memb = sp.csr_matrix((np.ones(int(sel.sum())),
                          (np.flatnonzero(sel), [col[g] for g in net.group_index[sel]])),
                         shape=(net.n, len(missing)))
    a = net.adjacency(symmetric=True)
    a.data[:] = 1.0
    cover = memb.copy()
    hop = memb
    for _ in range(within - 1):
        hop = a @ hop
        cover = cover + hop
    cover = (cover > 0).astype(np.int8).tocsc()
    remaining = np.ones(len(missing), dtype=bool)
    infl = np.nan_to_num(net.influence, nan=0)
    eligible = ~net.is_pmo
    while remaining.any():
        gains = np.asarray(cover[:, remaining].sum(axis=1)).ravel()
        gains = np.where(eligible, gains, 0)
        s = int(np.lexsort((np.arange(net.n), -score, -infl, -gains))[0])
        if gains[s] == 0:
            break
        got = np.flatnonzero(remaining & (cover[s].toarray().ravel() > 0))
        remaining[got] = False
        eligible[s] = False
        owner = owners.choose([s])
        conn, cad = _stakeholder_wants(net, s, options)
        out["ties"].append({
            "owner": net.ids[owner], "owner_name": net.name[owner],
            "whom": net.ids[s], "whom_name": net.name[s],
            "groups": [net.group_labels[missing[j]] for j in got],
            "vehicle": VEHICLE_FOR_CONNECTION.get(conn, "meeting"),
            "connection": conn or "operational", "cadence_days": cad,
        })
    return out


def _action(net: Network, gap: Gap, owners: _Owners, score: np.ndarray,
            options: AnalysisOptions) -> dict[str, Any] | None:
    kind = gap.kind
    vehicle, conn, cadence = None, None, options.default_cadence_days
    whom: list[int] = []
    text = gap.recommendation
    if kind in ("uncovered_group", "connection_mismatch", "vehicle_overreliance"):
        lead = _group_lead(net, gap.subject[0], score)
        if lead is None:
            return None
        whom = [lead]
        conn, cadence = _group_wants(net, gap.subject[0], options)
        if kind == "connection_mismatch":
            conn = gap.connection
        vehicle = VEHICLE_FOR_CONNECTION.get(conn, "meeting")
        if kind == "vehicle_overreliance" and vehicle == gap.vehicle:
            vehicle = "event" if vehicle != "event" else "one_to_one"
    elif kind == "stale_touchpoint":
        whom = [net.index[x] for x in gap.subject]
        vehicle, conn, cadence = gap.vehicle, gap.connection, gap.cadence_days
    elif kind in ("isolated_stakeholder", "stance_gap"):
        whom = [net.index[gap.subject[0]]]
        conn, cadence = _stakeholder_wants(net, whom[0], options)
        if kind == "stance_gap":
            conn, cadence = gap.connection, gap.cadence_days
        vehicle = VEHICLE_FOR_CONNECTION.get(conn, "meeting")
    elif kind == "single_point_of_failure":
        whom = [net.index[gap.dependents[0]]]
        conn, cadence = _stakeholder_wants(net, whom[0], options)
        vehicle = VEHICLE_FOR_CONNECTION.get(conn, "meeting")
    elif kind == "unlinked_groups":
        leads = [_group_lead(net, g, score) for g in gap.subject]
        whom = [x for x in leads if x is not None]
        vehicle, conn = "community_of_practice", "operational"
        _, cadence = _group_wants(net, gap.subject[0], options)
    else:
        return None
    owner = owners.choose(whom)
    whom_names = [net.name[w] for w in whom]
    infl = [float(net.influence[w]) for w in whom]
    influence = max([x if x == x else options.default_influence for x in infl]
                    or [options.default_influence])
    return {
        "kind": kind,
        "severity": gap.severity,
        "score": influence * SEVERITY_WEIGHT[gap.severity],
        "influence": influence,
        "owner": net.ids[owner] if owner is not None else None,
        "owner_name": net.name[owner] if owner is not None else None,
        "whom": [net.ids[w] for w in whom],
        "whom_names": whom_names,
        "vehicle": vehicle or "meeting",
        "connection": conn or "operational",
        "cadence_days": int(cadence),
        "action": text,
        "reason": gap.detail,
        "subject": list(gap.subject),
    }


def engagement_plan(net: Network, gaps: list[dict[str, Any]],
                    options: AnalysisOptions | None = None, *,
                    score: np.ndarray | None = None, limit: int | None = None) -> dict[str, Any]:
    """The gaps as ranked actions, plus the fewest new ties that reach every group.

    Parameters
    ----------
    net : Network
    gaps : list of dict
        From :func:`graphkit.analysis.gaps.find_gaps`.
    options : AnalysisOptions, optional
    score : numpy.ndarray, optional
        Per-vertex tie-break when choosing whom in a group to touch (e.g. PageRank).
    limit : int, optional
        Keep the first ``limit`` actions (``total_actions`` still counts all).

    Returns
    -------
    dict
        ``actions`` (ranked, each with ``rank``, ``kind``, ``severity``, ``score``,
        ``owner``, ``whom``, ``vehicle``, ``connection``, ``cadence_days``, ``action``,
        ``reason``), ``total_actions``, ``new_ties`` (see :func:`fewest_new_ties`),
        ``owner_load`` (actions per PMO member).

    Examples
    --------
    >>> # plan = engagement_plan(net, find_gaps(net, options), options)
    >>> # plan_to_csv(plan).splitlines()[0]
    """
    options = options or AnalysisOptions()
    score = np.zeros(net.n) if score is None else score
    owners = _Owners(net)
    # own the most severe first so the nearest PMO member goes to what matters most
    order = sorted(range(len(gaps)), key=lambda i: -SEVERITY_WEIGHT[gaps[i].severity])
    actions = []
    for i in order:
        act = _action(net, gaps[i], owners, score, options)
        if act is not None:
            actions.append(act)
    actions.sort(key=lambda a: -a["score"])
    for r, a in enumerate(actions, 1):
        a["rank"] = r
    new_ties = fewest_new_ties(net, owners=owners, score=score, options=options)
    load = {net.ids[p]: int(owners.load[i]) for i, p in enumerate(owners.pmo)}
    total = len(actions)
    if limit is not None:
        actions = actions[:limit]
    return {"actions": actions, "total_actions": total, "new_ties": new_ties,
            "owner_load": load, "as_of": options.as_of.isoformat()}
