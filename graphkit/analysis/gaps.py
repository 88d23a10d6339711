"""Communication gaps (DESIGN.md section 3): where the PMO's network is missing something.

Each gap is a dict::

    {"kind": ..., "severity": "high" | "medium" | "low", "subject": [ids],
     "detail": "...", "recommendation": "...", ...}

``subject`` names the stakeholders concerned (both ends of a touchpoint, the person who is
a single point of failure) or the group ids of a group gap. Some kinds add fields the plan
uses (``dependents``, ``brokers``, ``vehicle``, ``cadence_days``, ``connection``…).

Thresholds come from :class:`~graphkit.analysis.options.AnalysisOptions`. Reachability
(isolated stakeholders, single points of failure) is judged on the undirected ties, also
when the analysis is directed: a tie that exists carries word back in practice.

Every finder is vectorised over the touchpoint arrays; only the gaps found are turned
into Python dicts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

import numpy as np
import scipy.sparse as sp

from graphkit.analysis.options import AnalysisOptions
from graphkit.network import Network

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
VEHICLE_FOR_CONNECTION = {"strategic": "one_to_one", "personal": "one_to_one",
                          "operational": "meeting", None: "meeting"}
DEPENDENTS_SHOWN = 50


def _gap(kind: str, severity: str, subject: list[str], detail: str, recommendation: str,
         **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "severity": severity, "subject": subject, "detail": detail,
            "recommendation": recommendation, **extra}


def _label(net: Network, g: int) -> str:
    return net.group_labels[g]


def _group_name(net: Network, g: int) -> str:
    return net.groups.names[g] if g < len(net.groups.names) else net.group_labels[g]


def _desired_cadence(net: Network, g: int) -> float:
    if 0 <= g < len(net.groups.ids):
        v = net.groups.desired_cadence_days[g]
        return float(v) if not np.isnan(v) else float("nan")
    return float("nan")


def _desired_connection(net: Network, g: int) -> str | None:
    if 0 <= g < len(net.groups.ids):
        return net.groups.desired_connection[g]
    return None


def _members(net: Network) -> np.ndarray:
    n_labels = len(net.group_labels)
    return np.bincount(net.group_index[net.group_index >= 0], minlength=n_labels)


def _undirected_csr(net: Network) -> sp.csr_matrix:
    a = net.adjacency(symmetric=True)
    a.data[:] = 1.0
    return a


def _reachable_from_pmo(net: Network) -> np.ndarray:
    pmo = net.pmo
    reach = np.zeros(net.n, dtype=bool)
    if len(pmo) == 0:
        return reach
    a = _undirected_csr(net)
    frontier = np.zeros(net.n, dtype=bool)
    frontier[pmo] = True
    reach |= frontier
    while frontier.any():
        nxt = (a @ frontier.astype(np.float64)) > 0
        nxt &= ~reach
        reach |= nxt
        frontier = nxt
    return reach


# --- uncovered_group -------------------------------------------------------------------------

def uncovered_groups(net: Network, options: AnalysisOptions) -> list[dict[str, Any]]:
    """Groups no PMO member touches, or whose touched share is under ``coverage_share``."""
    tp, pmo = net.touchpoints, net.is_pmo
    n_labels = len(net.group_labels)
    if n_labels == 0:
        return []
    counted = (net.group_index >= 0) & ~pmo
    members = np.bincount(net.group_index[counted], minlength=n_labels)
    # stakeholders with a direct touchpoint to some PMO member
    touched = np.zeros(net.n, dtype=bool)
    touched[tp.target[pmo[tp.source]]] = True
    touched[tp.source[pmo[tp.target]]] = True
    covered = np.bincount(net.group_index[counted & touched], minlength=n_labels)
    out = []
    for g in range(n_labels):
        if members[g] == 0:
            continue
        share = covered[g] / members[g]
        if covered[g] and share >= options.coverage_share:
            continue
        name = _group_name(net, g)
        severity = "high" if covered[g] == 0 else "medium"
        detail = (f"No PMO member touches anyone in {name} ({members[g]} members)."
                  if covered[g] == 0 else
                  f"PMO members touch {covered[g]} of {members[g]} members of {name} "
                  f"({share:.0%}, under {options.coverage_share:.0%}).")
        cadence = _desired_cadence(net, g)
        out.append(_gap("uncovered_group", severity, [_label(net, g)], detail,
                        f"Assign a PMO member to {name} and set up a recurring touchpoint"
                        + (f" every {int(cadence)} days." if cadence == cadence else "."),
                        members=int(members[g]), covered=int(covered[g]), share=float(share)))
    return out


# --- stale_touchpoint ------------------------------------------------------------------------

def stale_touchpoints(net: Network, options: AnalysisOptions) -> list[dict[str, Any]]:
    """Touchpoints whose ``last_contact + cadence_days × stale_tolerance`` is before as-of.

    Severity by how many cadences have passed since the last contact: 3 or more high,
    2 or more medium, otherwise low — for ties that touch the PMO or a high-influence
    stakeholder. Other ties (colleagues among themselves) rank one level lower, so a
    PMO's list leads with the ties it owns. Touchpoints that never happened (no
    ``last_contact``) are not judged here.
    """
    tp = net.touchpoints
    if len(tp) == 0:
        return []
    as_of = np.datetime64(options.as_of, "D")
    known = ~np.isnat(tp.last_contact)
    age = np.where(known, (as_of - tp.last_contact).astype("timedelta64[D]").astype(np.float64), 0)
    stale = known & (age > tp.cadence_days * options.stale_tolerance)
    idx = np.flatnonzero(stale)
    if len(idx) == 0:
        return []
    ratio = age[idx] / tp.cadence_days[idx]
    src, dst = tp.source[idx], tp.target[idx]
    influential = np.nan_to_num(net.influence, nan=0.0) >= options.high_influence
    owned = net.is_pmo[src] | net.is_pmo[dst] | influential[src] | influential[dst]
    level = (ratio >= 3).astype(int) + (ratio >= 2) - (~owned)
    sev = np.array(["low", "low", "medium", "high"])[np.clip(level, -1, 2) + 1]
    ids, names = net.ids, net.name
    vehicles = tp.vehicle[idx]
    cad = tp.cadence_days[idx].astype(np.int64)
    last = tp.last_contact[idx].astype(str)
    ages = age[idx].astype(np.int64)
    tids = tp.id[idx]
    conns = tp.connection[idx]
    return [
        {"kind": "stale_touchpoint", "severity": sv, "subject": [ids[s], ids[t]],
         "detail": f"{v} between {names[s]} and {names[t]} is due every {c} days; last "
                   f"contact {lc} ({a} days ago).",
         "recommendation": f"Renew the {v} with {names[t]} now and keep it every {c} days.",
         "touchpoint": tid, "vehicle": v, "connection": cn, "cadence_days": int(c),
         "last_contact": lc, "days_since": int(a)}
        for sv, s, t, v, c, lc, a, tid, cn in zip(sev.tolist(), src.tolist(), dst.tolist(),
                                                  vehicles, cad.tolist(), last, ages.tolist(),
                                                  tids, conns)
    ]


# --- isolated_stakeholder --------------------------------------------------------------------

def isolated_stakeholders(net: Network, options: AnalysisOptions,
                          reachable: np.ndarray | None = None) -> list[dict[str, Any]]:
    """Stakeholders with no touchpoint at all (high), or with some but out of the PMO's
    reach (medium; high for high-influence stakeholders). No PMO: only the first kind."""
    tp = net.touchpoints
    n = net.n
    count = np.bincount(tp.source, minlength=n) + np.bincount(tp.target, minlength=n)
    if reachable is None:
        reachable = _reachable_from_pmo(net)
    out = []
    for i in np.flatnonzero(count == 0):
        out.append(_gap("isolated_stakeholder", "high", [net.ids[i]],
                        f"{net.name[i]} has no touchpoint at all.",
                        f"Set up a touchpoint between the PMO and {net.name[i]}.",
                        reason="no_touchpoint"))
    if len(net.pmo):
        high = np.nan_to_num(net.influence, nan=0) >= options.high_influence
        for i in np.flatnonzero((count > 0) & ~reachable):
            out.append(_gap("isolated_stakeholder", "high" if high[i] else "medium",
                            [net.ids[i]],
                            f"{net.name[i]} has touchpoints but no path of ties leads from "
                            "the PMO to them.",
                            f"Connect a PMO member with {net.name[i]} or someone they talk to.",
                            reason="unreachable"))
    return out


# --- single_point_of_failure -----------------------------------------------------------------

def _dfs_cut(net: Network) -> tuple[list[tuple[int, list[int]]], list[tuple[int, int, list[int]]]]:
    """Articulation points and bridges w.r.t. reachability from the PMO.

    The PMO is contracted into one virtual root; an iterative DFS (Tarjan's low-link)
    from it finds each stakeholder or tie whose loss cuts a DFS subtree off the root.
    Returns ``([(v, [cut-off vertices])], [(u, c, [cut-off vertices])])``.
    """
    n = net.n
    pmo = net.pmo
    a = _undirected_csr(net)
    root = n
    # adjacency with the virtual root joined to every PMO member
    rows = np.concatenate([a.tocoo().row, np.full(len(pmo), root), pmo])
    cols = np.concatenate([a.tocoo().col, pmo, np.full(len(pmo), root)])
    g = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n + 1, n + 1))
    indptr, indices = g.indptr, g.indices
    disc = np.full(n + 1, -1, dtype=np.int64)
    low = np.zeros(n + 1, dtype=np.int64)
    size = np.ones(n + 1, dtype=np.int64)
    parent = np.full(n + 1, -1, dtype=np.int64)
    order: list[int] = []
    cut_children: dict[int, list[int]] = {}
    bridges: list[tuple[int, int]] = []
    disc_l = disc.tolist()
    low_l = low.tolist()
    size_l = size.tolist()
    parent_l = parent.tolist()
    indptr_l = indptr.tolist()
    indices_l = indices.tolist()
    t = 0
    disc_l[root] = low_l[root] = t
    order.append(root)
    t += 1
    stack = [(root, indptr_l[root])]
    while stack:
        v, pos = stack[-1]
        end = indptr_l[v + 1]
        if pos < end:
            w = indices_l[pos]
            stack[-1] = (v, pos + 1)
            if disc_l[w] < 0:
                parent_l[w] = v
                disc_l[w] = low_l[w] = t
                t += 1
                order.append(w)
                stack.append((w, indptr_l[w]))
            elif w != parent_l[v]:
                if disc_l[w] < low_l[v]:
                    low_l[v] = disc_l[w]
        else:
            stack.pop()
            p = parent_l[v]
            if p >= 0:
                size_l[p] += size_l[v]
                if low_l[v] < low_l[p]:
                    low_l[p] = low_l[v]
                if p != root and low_l[v] >= disc_l[p]:
                    cut_children.setdefault(p, []).append(v)
                if p != root and low_l[v] > disc_l[p]:
                    bridges.append((p, v))
    order_arr = np.asarray(order, dtype=np.int64)
    disc_arr = np.asarray(disc_l)

    def subtree(c: int) -> np.ndarray:
        start = disc_arr[c]
        return order_arr[start:start + size_l[c]]

    points = [(v, np.concatenate([subtree(c) for c in cs]).tolist())
              for v, cs in cut_children.items()]
    ties = [(p, c, subtree(c).tolist()) for p, c in bridges]
    return points, ties


def single_points_of_failure(net: Network, options: AnalysisOptions) -> list[dict[str, Any]]:
    """Stakeholders (articulation points) and ties (bridges) whose loss cuts someone off
    the PMO. A PMO member counts when others remain in the PMO (their exclusive contacts
    would be cut off from it); the only PMO member does not. Severity: high when ≥ max(5, 5 % of the stakeholders) depend on it or a
    high-influence stakeholder does; medium for 2 or more; low for one."""
    if len(net.pmo) == 0 or net.m == 0:
        return []
    points, ties = _dfs_cut(net)
    infl = np.nan_to_num(net.influence, nan=0)
    big = max(5, int(0.05 * net.n))

    def severity(dep: list[int]) -> str:
        if len(dep) >= big or (infl[dep] >= options.high_influence).any():
            return "high"
        return "medium" if len(dep) >= 2 else "low"

    def shown(dep: list[int]) -> list[str]:
        order = sorted(dep, key=lambda i: (-infl[i], i))[:DEPENDENTS_SHOWN]
        return [net.ids[i] for i in order]

    out = []
    for v, dep in sorted(points, key=lambda x: -len(x[1])):
        if net.is_pmo[v] and len(net.pmo) == 1:
            continue  # the PMO's only member is the PMO itself, not a broker to it
        who = shown(dep)
        out.append(_gap(
            "single_point_of_failure", severity(dep), [net.ids[v]],
            f"{len(dep)} stakeholder(s) hear from the PMO only through {net.name[v]}"
            f" (e.g. {', '.join(net.name[net.index[x]] for x in who[:3])}).",
            f"Give the PMO a second route to {net.name[net.index[who[0]]]}"
            + (" and the others" if len(dep) > 1 else "") + f", not via {net.name[v]}.",
            element="stakeholder", dependents=who, dependent_count=len(dep)))
    for u, c, dep in sorted(ties, key=lambda x: -len(x[2])):
        who = shown(dep)
        out.append(_gap(
            "single_point_of_failure", severity(dep), [net.ids[u], net.ids[c]],
            f"The tie between {net.name[u]} and {net.name[c]} is the only route from the PMO"
            f" to {len(dep)} stakeholder(s).",
            f"Add a second tie from the PMO to {net.name[net.index[who[0]]]}"
            f" that does not use the {net.name[u]}–{net.name[c]} tie.",
            element="tie", dependents=who, dependent_count=len(dep)))
    return out


# --- unlinked_groups -------------------------------------------------------------------------

def unlinked_groups(net: Network, options: AnalysisOptions) -> list[dict[str, Any]]:
    """Group pairs that should talk (``desired_links``) but have no direct tie, with the
    brokers through whom they talk today (stakeholders with ties into both). Severity:
    high when no one brokers them within two steps, medium with a single broker, low with
    several."""
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
    both = (gi[es] >= 0) & (gi[et] >= 0)
    a_, b_ = gi[es][both], gi[et][both]
    linked = set((np.minimum(a_, b_) * n_labels + np.maximum(a_, b_)).tolist())
    a = _undirected_csr(net)
    has = gi >= 0
    memb = sp.csr_matrix((np.ones(int(has.sum())), (np.flatnonzero(has), gi[has])),
                         shape=(net.n, n_labels))
    into = (a @ memb).toarray() if net.n * n_labels <= 5e7 else None
    wdeg = (np.bincount(es, weights=net.weight, minlength=net.n)
            + np.bincount(et, weights=net.weight, minlength=net.n))
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
        if len(brokers) == 0:
            severity = "high"
            detail = (f"{gn} and {hn} should talk directly but have no tie, and no one "
                      "talks to both.")
        else:
            severity = "medium" if len(brokers) == 1 else "low"
            names = ", ".join(net.name[b] for b in brokers[:3])
            detail = (f"{gn} and {hn} should talk directly but have no tie; today they talk "
                      f"through {names}" + (f" and {len(brokers) - 3} more" if len(brokers) > 3
                                            else "") + ".")
        out.append(_gap("unlinked_groups", severity, [_label(net, g), _label(net, h)], detail,
                        f"Cross-pollinate: bring people of {gn} and {hn} together "
                        "(a community of practice, an event or a joint meeting).",
                        brokers=[net.ids[b] for b in brokers[:DEPENDENTS_SHOWN]],
                        broker_count=int(len(brokers))))
    return out


# --- per-group touchpoint counts -------------------------------------------------------------

def _group_touchpoints(net: Network) -> tuple[np.ndarray, np.ndarray]:
    """(touchpoint index, group) pairs: each touchpoint counts once for each group at its
    ends."""
    tp = net.touchpoints
    gs, gt = net.group_index[tp.source], net.group_index[tp.target]
    idx = np.arange(len(tp))
    a = gs >= 0
    b = (gt >= 0) & (gt != gs)
    return np.concatenate([idx[a], idx[b]]), np.concatenate([gs[a], gt[b]])


def _codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    uniq, inv = np.unique(values.astype(str), return_inverse=True)
    return uniq, inv


def vehicle_overreliance(net: Network, options: AnalysisOptions) -> list[dict[str, Any]]:
    """Groups where one vehicle carries more than ``overreliance_share`` of the group's
    touchpoints (groups with at least ``overreliance_min_touchpoints``). Severity: share
    over 90 % high, over 75 % medium, else low."""
    tp = net.touchpoints
    n_labels = len(net.group_labels)
    if len(tp) == 0 or n_labels == 0:
        return []
    t_idx, grp = _group_touchpoints(net)
    vehicles, vcode = _codes(tp.vehicle)
    nv = len(vehicles)
    counts = np.bincount(grp * nv + vcode[t_idx], minlength=n_labels * nv).reshape(n_labels, nv)
    totals = counts.sum(axis=1)
    out = []
    for g in np.flatnonzero(totals >= options.overreliance_min_touchpoints):
        top = int(np.argmax(counts[g]))
        share = counts[g, top] / totals[g]
        if share <= options.overreliance_share:
            continue
        severity = "high" if share > 0.9 else "medium" if share > 0.75 else "low"
        name = _group_name(net, g)
        out.append(_gap("vehicle_overreliance", severity, [_label(net, int(g))],
                        f"{vehicles[top]} carries {counts[g, top]} of {totals[g]} touchpoints "
                        f"of {name} ({share:.0%}, over {options.overreliance_share:.0%}).",
                        f"Limit the use of {vehicles[top]} with {name}: add another vehicle "
                        "(a one-to-one, a meeting or an event).",
                        vehicle=str(vehicles[top]), share=float(share), touchpoints=int(totals[g])))
    return out


def connection_mismatches(net: Network, options: AnalysisOptions) -> list[dict[str, Any]]:
    """Groups whose touchpoints carry too little of their ``desired_connection``: none at
    all (medium; high when the group has 5+ touchpoints) or under ``connection_share``
    (low)."""
    tp = net.touchpoints
    n_groups = len(net.groups.ids)
    if len(tp) == 0 or n_groups == 0:
        return []
    t_idx, grp = _group_touchpoints(net)
    n_labels = len(net.group_labels)
    totals = np.bincount(grp, minlength=n_labels)
    out = []
    for g in range(n_groups):
        want = net.groups.desired_connection[g]
        if not want or totals[g] == 0:
            continue
        sel = t_idx[grp == g]
        have = int((tp.connection[sel] == want).sum())
        share = have / totals[g]
        if share >= options.connection_share and have:
            continue
        name = _group_name(net, g)
        severity = ("high" if totals[g] >= 5 else "medium") if have == 0 else "low"
        out.append(_gap("connection_mismatch", severity, [net.groups.ids[g]],
                        f"{name} wants {want} connection; {have} of {totals[g]} of its "
                        f"touchpoints are {want} ({share:.0%}).",
                        f"Make some touchpoints with {name} {want}, e.g. a "
                        f"{VEHICLE_FOR_CONNECTION.get(want, 'meeting')}.",
                        connection=want, share=float(share), touchpoints=int(totals[g])))
    return out


# --- stance_gap ------------------------------------------------------------------------------

def stance_gaps(net: Network, options: AnalysisOptions) -> list[dict[str, Any]]:
    """Champions, critics and high-influence stakeholders without a touchpoint *with the
    PMO* at the cadence (``<=`` the group's ``desired_cadence_days``, else
    ``default_cadence_days``) and connection (the group's ``desired_connection``, if any)
    their group needs. Without PMO members any touchpoint counts. Severity: critics and
    influence 5 high; champions and other high-influence stakeholders medium."""
    tp = net.touchpoints
    n = net.n
    infl = np.nan_to_num(net.influence, nan=0)
    stance = net.stance
    target = ~net.is_pmo & ((stance == "champion") | (stance == "critic")
                            | (infl >= options.high_influence))
    if not target.any():
        return []
    n_groups = len(net.groups.ids)
    gi = net.group_index
    cad_table = np.append(net.groups.desired_cadence_days, np.nan) if n_groups else np.array([np.nan])
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
        why = ("a critic" if stance[i] == "critic" else "a champion" if stance[i] == "champion"
               else f"high-influence ({int(infl[i])})")
        severity = "high" if stance[i] == "critic" or infl[i] >= 5 else "medium"
        cad = int(req_cad[i])
        conn = req_conn[i]
        need = f"every {cad} days or more often" + (f", {conn}" if conn else "")
        has = (f"has {pmo_count[i]} touchpoint(s) with the PMO, none {need}"
               if pmo_count[i] else "has no touchpoint with the PMO")
        out.append(_gap("stance_gap", severity, [net.ids[i]],
                        f"{net.name[i]} is {why} and {has}.",
                        f"Give {net.name[i]} a {VEHICLE_FOR_CONNECTION.get(conn, 'meeting')} "
                        f"with a PMO member {need}.",
                        stance=str(stance[i]), cadence_days=cad, connection=conn))
    return out


FINDERS: dict[str, Callable[[Network, AnalysisOptions], list[dict[str, Any]]]] = {
    "uncovered_group": uncovered_groups,
    "stale_touchpoint": stale_touchpoints,
    "isolated_stakeholder": isolated_stakeholders,
    "single_point_of_failure": single_points_of_failure,
    "unlinked_groups": unlinked_groups,
    "vehicle_overreliance": vehicle_overreliance,
    "stance_gap": stance_gaps,
    "connection_mismatch": connection_mismatches,
}


def find_gaps(net: Network, options: AnalysisOptions | None = None,
              kinds: tuple[str, ...] = KINDS) -> list[dict[str, Any]]:
    """Every gap of the given kinds, most severe first.

    Parameters
    ----------
    net : Network
    options : AnalysisOptions, optional
    kinds : tuple of str
        Any of :data:`KINDS`.

    Returns
    -------
    list of dict
        Sorted by severity (high first), then kind in :data:`KINDS` order, then found order.

    Examples
    --------
    >>> # [g["kind"] for g in find_gaps(net) if g["severity"] == "high"]
    """
    options = options or AnalysisOptions()
    gaps: list[dict[str, Any]] = []
    for kind in kinds:
        gaps.extend(FINDERS[kind](net, options))
    kind_rank = {k: i for i, k in enumerate(KINDS)}
    gaps.sort(key=lambda g: (SEVERITY_RANK[g["severity"]], kind_rank[g["kind"]]))
    return gaps


def summarise(gaps: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts by kind, by severity, and by kind and severity together."""
    by_kind = dict.fromkeys(KINDS, 0)
    by_sev = dict.fromkeys(SEVERITY_RANK, 0)
    by_both = {kind: dict.fromkeys(SEVERITY_RANK, 0) for kind in KINDS}
    for g in gaps:
        by_kind[g["kind"]] += 1
        by_sev[g["severity"]] += 1
        by_both[g["kind"]][g["severity"]] += 1
    return {"total": len(gaps), "by_kind": by_kind, "by_severity": by_sev,
            "by_kind_severity": by_both}


def as_of_date(options: AnalysisOptions) -> dt.date:
    return options.as_of
