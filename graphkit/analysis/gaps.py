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
into Python objects. Reachability and single points of failure search the reach graph in
compiled code (:class:`ReachIndex`, built once per network and shared with the plan).
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from graphkit.analysis import _kernels
from graphkit.analysis.options import AnalysisOptions
from graphkit.network import Arcs, Network, arcs

if TYPE_CHECKING:
    import scipy.sparse as sp

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


@dataclass(frozen=True, slots=True)
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


def _new_gap(
    kind: str,
    severity: Severity,
    subject: tuple[str, ...],
    detail: str,
    recommendation: str,
    facts: dict[str, Any],
) -> Gap:
    """``Gap(kind, severity, subject, detail, recommendation, **facts)``. Slotted: a gap
    costs about 230 bytes rather than 900 with a ``__dict__`` (10^5 of them at 10^5
    stakeholders)."""
    return Gap(kind, severity, subject, detail, recommendation, **facts)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while 10^4–10^5 results are built.

    Each full collection walks every tracked object, and a growing list of results
    triggers one each time it grows by a quarter: on the 100,000-stakeholder demo that was
    a third of the time spent building the gaps and the plan. What is built here holds no
    reference cycles (reference counting frees whatever is dropped), and any cycle made
    meanwhile is only collected later; the collector runs again afterwards, unless it had
    been stopped before.
    """
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


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


class ReachIndex:
    """The reach graph (:attr:`Network.reach_edges`: personal ties and broadcasts) either
    way, as compressed rows, and the searches from the PMO that the gaps and the plan
    share.

    One per network (:class:`~graphkit.analysis.report.Analysis` keeps one for its gaps
    and its plan); the searches run in the compiled kernels
    (``graphkit/analysis/_kernels.c``) or as whole-array numpy passes, none a Python loop
    per stakeholder, and none needs the igraph reach graph.

    Parameters
    ----------
    net : Network
    """

    def __init__(self, net: Network) -> None:
        self.net = net
        self.n = net.n
        self.pmo = net.pmo

    @cached_property
    def either_way(self) -> Arcs:
        """Who can pass word to whom either way (igraph's ``mode="all"``; a directed pair
        both ways counts once), each row ascending."""
        a, c, _ = self.net.reach_edges
        if self.net.directed:
            size = max(self.n, 1)
            keys = np.unique(np.minimum(a, c) * size + np.maximum(a, c))
            a, c = keys // size, keys % size
        return arcs(self.n, a, c, both_ways=True)

    @cached_property
    def undirected(self) -> sp.csr_matrix:
        """:attr:`either_way` as a 0/1 sparse matrix (``net.reach_adjacency(symmetric=True)``
        with unit weights), for the plan's matrix products."""
        import scipy.sparse as sp  # only the plan's new ties need it: it costs 0.1 s

        e = self.either_way
        return sp.csr_matrix((np.ones(len(e.head)), e.head, e.ptr), shape=(self.n, self.n))

    def steps(self, max_steps: int | None = None) -> np.ndarray:
        """Steps from the nearest PMO member, as ``bfs_layers(net, net.pmo, max_steps)``
        (-1: not reached)."""
        from graphkit.analysis.reach import bfs_layers

        return bfs_layers(self.net, self.pmo, max_steps)

    @cached_property
    def reachable(self) -> np.ndarray:
        """Who has a path of ties from the PMO (``steps() >= 0``)."""
        return np.asarray(self.steps() >= 0)

    @cached_property
    def nearest_pmo(self) -> tuple[np.ndarray, np.ndarray, list[tuple[int, ...]]]:
        """Per stakeholder, the steps to the nearest PMO member either way (``inf``: none)
        and which PMO members are that near.

        Returns ``(steps, which, sets)``: ``sets[which[v]]`` are the positions in
        ``net.pmo`` (ascending) of the PMO members nearest to v — as
        ``reach_graph.distances(source=pmo, mode="all")`` would give, column by column,
        from one breadth-first search of all the PMO at once that carries the set of its
        nearest members (a bitset) from each layer to the next.
        """
        return _nearest_sources(self.either_way, self.pmo)

    @cached_property
    def cuts(self) -> tuple[list[tuple[int, np.ndarray]], list[tuple[int, int, np.ndarray]]]:
        """Stakeholders and ties whose loss cuts someone off the PMO: see :func:`_cuts`."""
        return _cuts(self.either_way, self.pmo)


def _rows(graph: Arcs, vertices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The rows of ``vertices``, one after another: their neighbours, and where each row
    starts among them (``len(vertices) + 1`` offsets)."""
    starts = graph.ptr[vertices]
    counts = graph.ptr[vertices + 1] - starts
    offsets = np.zeros(len(vertices) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    at = np.repeat(starts - offsets[:-1], counts) + np.arange(offsets[-1])
    return graph.head[at], offsets


def _nearest_sources(
    graph: Arcs, sources: np.ndarray
) -> tuple[np.ndarray, np.ndarray, list[tuple[int, ...]]]:
    """See :attr:`ReachIndex.nearest_pmo` (``graph`` both ways, ``sources`` ascending).

    Layer by layer: the next layer is whoever the current one reaches first; each of its
    vertices ORs the bitsets of its neighbours in the current layer (its own row, masked:
    rows are contiguous, so one ``reduceat`` and no sort).
    """
    n, k = graph.n, len(sources)
    words = max(1, (k + 63) // 64)
    bits = np.zeros((n, words), dtype=np.uint64)
    pos = np.arange(k)
    bits[sources, pos // 64] = np.left_shift(np.uint64(1), (pos % 64).astype(np.uint64))
    dist = np.full(n, -1, dtype=np.int64)
    dist[sources] = 0
    frontier, step = sources, 0
    seen = np.zeros(n, dtype=bool)
    while len(frontier):
        seen[:] = False
        seen[_rows(graph, frontier)[0]] = True
        layer = np.flatnonzero(seen & (dist < 0))
        if len(layer) == 0:
            break
        neighbours, starts = _rows(graph, layer)
        heard = bits[neighbours]
        heard[dist[neighbours] != step] = 0  # only neighbours in the current layer
        bits[layer] = np.bitwise_or.reduceat(heard, starts[:-1], axis=0)
        step += 1
        dist[layer] = step
        frontier = layer
    steps = np.where(dist >= 0, dist, np.inf).astype(np.float64)
    if words == 1:
        patterns, which = np.unique(bits[:, 0], return_inverse=True)
        patterns = patterns[:, None]
    else:
        patterns, which = np.unique(bits, axis=0, return_inverse=True)
    sets = []
    for row in patterns:
        flags = np.unpackbits(row.astype("<u8").view(np.uint8), bitorder="little")[:k]
        sets.append(tuple(np.flatnonzero(flags).tolist()))
    return steps, np.asarray(which).ravel(), sets


def _cuts(
    graph: Arcs, pmo: np.ndarray
) -> tuple[list[tuple[int, np.ndarray]], list[tuple[int, int, np.ndarray]]]:
    """Articulation points and bridges w.r.t. reachability from the PMO.

    The PMO is contracted into one virtual root and searched depth-first from it by
    Tarjan's low-links (``_kernels.dfs_cuts``): a vertex cuts a child's subtree off the
    root when no tie from that subtree reaches anyone discovered before the vertex, and
    the tie to the child is a bridge when none reaches even the vertex; the subtrees say
    who depends on each.

    Returns ``([(v, cut-off vertices)], [(u, c, cut-off vertices)])`` in the order the
    search finishes them: a cut vertex when its first cut-off child finishes, a tie when
    its child does (the order ties in the number of dependents keep); the cut-off vertices
    in the order the search found them.
    """
    n = graph.n
    if n == 0 or len(pmo) == 0:
        return [], []
    order = np.empty(n + 1, dtype=np.int32)
    position = np.empty(n + 1, dtype=np.int32)
    end = np.empty(n + 1, dtype=np.int32)
    events = np.empty(3 * n, dtype=np.int32)
    _, count = _kernels.dfs_cuts(
        graph.ptr,
        graph.head,
        np.ascontiguousarray(pmo, dtype=np.int64),
        order,
        position,
        end,
        events,
    )
    flags, parents, children = events[: 3 * count].reshape(count, 3).T.tolist()

    def subtree(c: int) -> np.ndarray:
        return np.asarray(order[position[c] : end[c]], dtype=np.int64)

    # each cut vertex in the order its first cut-off child finishes; its cut-off children
    # finish in the order they were found
    points: dict[int, list[int]] = {}
    ties = []
    for flag, u, c in zip(flags, parents, children):
        points.setdefault(u, []).append(c)
        if flag & 2:
            ties.append((u, c, subtree(c)))
    out_points = [(u, np.concatenate([subtree(c) for c in cs])) for u, cs in points.items()]
    return out_points, ties


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


def stale_touchpoints(
    net: Network, options: AnalysisOptions, person: int | None = None
) -> list[Gap]:
    """Touchpoints whose ``last_contact + cadence_days × stale_tolerance`` is before as-of,
    personal ties and touchpoints with a group alike (severity: :func:`_stale_severity`).
    Touchpoints that never happened (no ``last_contact``) are not judged here.

    ``person`` (a vertex): only the touchpoints they are at either end of, the same gaps
    the whole list holds for them (a person's page needs no more)."""
    out: list[Gap] = []
    as_of = np.datetime64(options.as_of, "D")
    influential = _influential(net, options)
    names = net.name
    for tp, to_group in ((net.touchpoints, False), (net.broadcasts, True)):
        if len(tp) == 0:
            continue
        known = ~np.isnat(tp.last_contact)
        age = np.where(
            known, (as_of - tp.last_contact).astype("timedelta64[D]").astype(np.float64), 0
        )
        due = known & (age > tp.cadence_days * options.stale_tolerance)
        if person is not None:
            due &= (
                (tp.source == person) if to_group else (tp.source == person) | (tp.target == person)
            )
        idx = np.flatnonzero(due)
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
        # every column as Python values at once: no numpy scalar per gap
        if to_group:
            labels = net.group_labels
            group_names = [_group_name(net, g) for g in range(len(labels))]
            others = [group_names[t] for t in dst.tolist()]
            seconds = [labels[t] for t in dst.tolist()]
        else:
            others = names[dst].tolist()
            seconds = net.ids[dst].tolist()
        lasts = tp.last_contact[idx].tolist()  # datetime64[D] → datetime.date
        spoken = {str(v): str(v).replace("_", " ") for v in set(tp.vehicle[idx].tolist())}
        for sev, first, name, other, second, tid, vehicle, connection, cadence, days, last in zip(
            severity.tolist(),
            net.ids[src].tolist(),
            names[src].tolist(),
            others,
            seconds,
            tp.id[idx].tolist(),
            tp.vehicle[idx].tolist(),
            tp.connection[idx].tolist(),
            tp.cadence_days[idx].astype(np.int64).tolist(),
            age[idx].astype(np.int64).tolist(),
            lasts,
        ):
            said = spoken[str(vehicle)]
            out.append(
                _new_gap(
                    "stale_touchpoint",
                    sev,
                    (first, second),
                    f"The {said} between {name} and {other} is due every {cadence} days; "
                    f"last contact {last.isoformat()} ({days} days ago).",
                    f"Renew the {said} with {other} now and keep it every {cadence} days.",
                    {
                        "touchpoint": str(tid),
                        "to_group": to_group,
                        "vehicle": str(vehicle),
                        "connection": str(connection),
                        "cadence_days": cadence,
                        "last_contact": last,
                        "days_since": days,
                        "days_overdue": days - cadence,
                    },
                )
            )
    return out


# --- isolated_stakeholder --------------------------------------------------------------------


def isolated_stakeholders(
    net: Network,
    options: AnalysisOptions,
    reachable: np.ndarray | None = None,
    *,
    index: ReachIndex | None = None,
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
        if reachable is None:
            reachable = (index or ReachIndex(net)).reachable
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


def single_points_of_failure(
    net: Network, options: AnalysisOptions, *, index: ReachIndex | None = None
) -> list[Gap]:
    """Stakeholders (articulation points) and ties (bridges) whose loss cuts someone off
    the PMO. A PMO member counts when others remain in the PMO (their exclusive contacts
    would be cut off from it); the only PMO member does not. Severity: high when
    ≥ max(5, 5 % of the stakeholders) depend on it or a high-influence stakeholder does;
    medium for 2 or more; low for one. Most dependents first (then in the order a
    depth-first search from the PMO finishes them: :func:`_cuts`)."""
    if len(net.pmo) == 0 or len(net.reach_edges[0]) == 0:
        return []
    points, ties = (index or ReachIndex(net)).cuts
    infl = np.nan_to_num(net.influence, nan=0)
    high = infl >= options.high_influence
    big = max(5, int(0.05 * net.n))
    ids, names = net.ids, net.name

    def severity(dep: np.ndarray) -> Severity:
        if len(dep) >= big or high[dep].any():
            return "high"
        return "medium" if len(dep) >= 2 else "low"

    def shown(dep: np.ndarray) -> tuple[str, ...]:
        # the most influential first, then in vertex order
        ranked = dep[np.lexsort((dep, -infl[dep]))[:DEPENDENTS_SHOWN]]
        return tuple(ids[ranked].tolist())

    out = []
    for v, dep in sorted(points, key=lambda x: -len(x[1])):
        if net.is_pmo[v] and len(net.pmo) == 1:
            continue  # the PMO's only member is the PMO itself, not a broker to it
        who = shown(dep)
        out.append(
            Gap(
                "single_point_of_failure",
                severity(dep),
                (ids[v],),
                f"{len(dep)} stakeholder(s) hear from the PMO only through {names[v]}"
                f" (e.g. {', '.join(names[net.index[x]] for x in who[:3])}).",
                f"Give the PMO a second route to {names[net.index[who[0]]]}"
                + (" and the others" if len(dep) > 1 else "")
                + f", not via {names[v]}.",
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
                (ids[u], ids[c]),
                f"The tie between {names[u]} and {names[c]} is the only route from the PMO"
                f" to {len(dep)} stakeholder(s).",
                f"Add a second tie from the PMO to {names[net.index[who[0]]]}"
                f" that does not use the {names[u]}–{names[c]} tie.",
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
    linked = np.zeros(n_labels * n_labels, dtype=bool)
    for a_, b_ in ends:
        both = (a_ >= 0) & (b_ >= 0)
        a_, b_ = a_[both], b_[both]
        linked[np.minimum(a_, b_) * n_labels + np.maximum(a_, b_)] = True
    wdeg = np.bincount(es, weights=net.weight, minlength=net.n) + np.bincount(
        et, weights=net.weight, minlength=net.n
    )
    # each pair of stakeholders with a personal tie once (a directed pair's two arcs too)
    u, v = es, et
    if net.directed:
        size = max(net.n, 1)
        keys = np.unique(np.minimum(es, et) * size + np.maximum(es, et))
        u, v = keys // size, keys % size
    into: dict[int, np.ndarray] = {}

    def ties_into(g: int) -> np.ndarray:
        """Per stakeholder, how many others in group g they have a personal tie with."""
        if g not in into:
            into[g] = np.bincount(u[gi[v] == g], minlength=net.n) + np.bincount(
                v[gi[u] == g], minlength=net.n
            )
        return into[g]

    out = []
    for g, h in sorted(pairs):
        if linked[g * n_labels + h]:
            continue
        cg, ch = ties_into(g), ties_into(h)
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


def _codes(
    net: Network, column: str, *coded: np.ndarray, extra: tuple[str, ...] = ()
) -> tuple[list[np.ndarray], list[str]]:
    """The distinct values of the ``coded`` columns (touchpoints' ``vehicle_code`` or
    ``connection_code``, positions in ``net.vocabulary[column]``) and of ``extra``, sorted,
    and each column — then ``extra`` — as indices into them: ``np.unique(values.astype(str),
    return_inverse=True)`` over them together, without comparing 10^6 strings (the network
    codes its columns when it is built)."""
    words = list(net.vocabulary.get(column, []))
    known = {w: i for i, w in enumerate(words)}
    for word in extra:
        if word not in known:
            known[word] = len(words)
            words.append(word)
    extra_codes = np.array([known[w] for w in extra], dtype=np.int64)
    joined = np.concatenate([*(c.astype(np.int64) for c in coded), extra_codes])
    present = np.unique(joined)
    names = [words[i] for i in present.tolist()]
    rank = np.zeros(len(words), dtype=np.int64)
    rank[present[sorted(range(len(names)), key=names.__getitem__)]] = np.arange(len(names))
    sizes = [len(c) for c in coded] + [len(extra_codes)]
    return np.split(rank[joined], np.cumsum(sizes)[:-1]), sorted(names)


def _group_touchpoints(net: Network, column: str) -> tuple[np.ndarray, list[str], np.ndarray]:
    """Per touchpoint and group it touches — a personal touchpoint once for each group at
    its ends, a broadcast for its group — the code of its ``column`` (``vehicle`` or
    ``connection``) among the sorted distinct values, those values, and the group."""
    tp, b = net.touchpoints, net.broadcasts
    gs, gt = net.group_index[tp.source], net.group_index[tp.target]
    first = gs >= 0
    second = (gt >= 0) & (gt != gs)
    (personal, broadcast, _), values = _codes(
        net, column, getattr(tp, f"{column}_code"), getattr(b, f"{column}_code")
    )
    code = np.concatenate([personal[first], personal[second], broadcast])
    group = np.concatenate([gs[first], gt[second], b.target]).astype(np.int64)
    return code, values, group


def vehicle_overreliance(net: Network, options: AnalysisOptions) -> list[Gap]:
    """Groups where one vehicle carries more than ``overreliance_share`` of the group's
    touchpoints (groups with at least ``overreliance_min_touchpoints``). Severity: share
    over 90 % high, over 75 % medium, else low."""
    n_labels = len(net.group_labels)
    vcode, vehicles, group = _group_touchpoints(net, "vehicle")
    if len(group) == 0 or n_labels == 0:
        return []
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
        used = vehicles[top].replace("_", " ")
        out.append(
            Gap(
                "vehicle_overreliance",
                severity,
                (_label(net, int(g)),),
                f"{used} carries {counts[g, top]} of {totals[g]} touchpoints "
                f"of {name} ({share:.0%}, over {options.overreliance_share:.0%}).",
                f"Limit the use of {used} with {name}: add another vehicle "
                "(a one-to-one, a meeting or an event).",
                vehicle=vehicles[top],
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
    code, connections, group = _group_touchpoints(net, "connection")
    if len(group) == 0 or n_groups == 0:
        return []
    totals = np.bincount(group, minlength=len(net.group_labels))
    known = {c: i for i, c in enumerate(connections)}
    out = []
    for g in range(n_groups):
        want = net.groups.desired_connection[g]
        if not want or totals[g] == 0:
            continue
        have = int(((group == g) & (code == known.get(want, -1))).sum())
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
    # connections as codes (-1: the group wants none), not 10^6 string comparisons
    wanted = [g for g, c in enumerate(net.groups.desired_connection) if c is not None]
    (given, wanted_codes), _ = _codes(
        net, "connection", tp.connection_code, extra=tuple(str(conn_table[g]) for g in wanted)
    )
    req_code = np.full(n_groups + 1, -1, dtype=np.int64)
    req_code[wanted] = wanted_codes
    req_code = req_code[gclip]
    any_pmo = len(net.pmo) > 0
    ok_count = np.zeros(n, dtype=np.int64)
    pmo_count = np.zeros(n, dtype=np.int64)
    for end, other in ((tp.source, tp.target), (tp.target, tp.source)):
        with_pmo = net.is_pmo[other] if any_pmo else np.ones(len(tp), dtype=bool)
        conn_ok = (req_code[end] < 0) | (given == req_code[end])
        ok = with_pmo & (tp.cadence_days <= req_cad[end]) & conn_ok
        ok_count += np.bincount(end[ok], minlength=n)
        pmo_count += np.bincount(end[with_pmo], minlength=n)
    found = np.flatnonzero(target & (ok_count == 0))
    out = []
    for sid, name, st, influence, cad, conn, count in zip(
        net.ids[found].tolist(),
        net.name[found].tolist(),
        stance[found].tolist(),
        infl[found].tolist(),
        req_cad[found].astype(np.int64).tolist(),
        req_conn[found].tolist(),
        pmo_count[found].tolist(),
    ):
        why = (
            "a critic"
            if st == "critic"
            else "a champion"
            if st == "champion"
            else f"high-influence ({int(influence)})"
        )
        severity: Severity = "high" if st == "critic" or influence >= 5 else "medium"
        need = f"every {cad} days or more often" + (f", {conn}" if conn else "")
        has = (
            f"has {count} touchpoint(s) with the PMO, none {need}"
            if count
            else "has no touchpoint with the PMO"
        )
        vehicle = VEHICLE_FOR_CONNECTION.get(conn, "meeting")
        out.append(
            _new_gap(
                "stance_gap",
                severity,
                (sid,),
                f"{name} is {why} and {has}.",
                f"Give {name} a {vehicle.replace('_', ' ')} with a PMO member {need}.",
                {
                    "stance": str(st),
                    "cadence_days": cad,
                    "connection": conn,
                    "vehicle": vehicle,
                },
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
    net: Network,
    options: AnalysisOptions | None = None,
    kinds: tuple[str, ...] = KINDS,
    *,
    index: ReachIndex | None = None,
) -> list[Gap]:
    """Every gap of the given kinds, most severe first.

    Parameters
    ----------
    net : Network
    options : AnalysisOptions, optional
    kinds : tuple of str
        Any of :data:`KINDS`.
    index : ReachIndex, optional
        The network's reach graph as arrays, when the caller keeps one (the plan searches
        it too); else built here.

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
    index = index or ReachIndex(net)
    gaps: list[Gap] = []
    with collector_paused():
        for kind in kinds:
            if kind == "isolated_stakeholder":
                gaps.extend(isolated_stakeholders(net, options, index=index))
            elif kind == "single_point_of_failure":
                gaps.extend(single_points_of_failure(net, options, index=index))
            else:
                gaps.extend(FINDERS[kind](net, options))
    kind_rank = {kind: i for i, kind in enumerate(KINDS)}
    gaps.sort(key=lambda g: (SEVERITY_RANK[g.severity], kind_rank[g.kind]))  # Gap.rank
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
