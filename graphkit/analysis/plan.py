"""The engagement plan: what the PMO does about its gaps, who does it, and by when.

Three steps, each a pure function:

1. :func:`plan_actions` turns gaps into :class:`PlanAction` s: the PMO member who owns
   each (a PMO member the action is about; else the nearest in steps, ties broken by the
   lightest load so far), whom to touch (never the owner), the vehicle, connection and
   cadence, what to do in words, and a stable ``id`` (the same gap gives the same action
   in every analysis, so a status set on it survives re-analysis);
2. :func:`fewest_new_ties` finds the fewest new PMO ties that bring every group within
   two steps (greedy set cover);
3. :func:`schedule` lays the stored statuses (done, snoozed until a date) over the actions
   and gives every open action a due date, spreading each owner's work over the weeks
   within ``plan_capacity_per_week``.

Order (the ``rank``, and who goes first in each owner's weeks):

* **tier 0** — the group-level gaps (an uncovered group, two groups that should talk), a
  critic without the touchpoint they need, a high single point of failure;
* **tier 1** — everything else that concerns the PMO's own ties or a high-influence
  stakeholder;
* **tier 2** — stale ties between colleagues, which the PMO can only nudge;

then, within a tier, ``influence × severity weight`` (high 3, medium 2, low 1; influence
of the most influential person touched, ``default_influence`` when unknown), then the
most overdue, then the shortest cadence. An action's earliest date is when it falls due
(a stale tie: its last contact + cadence, so already past — overdue first); everything
else is due from the day of the analysis.

Files (CSV, iCalendar) are written by :mod:`graphkit.io.plan_files`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
from collections.abc import Mapping, Sequence
from dataclasses import MISSING, asdict, dataclass, field, fields, replace
from functools import cached_property
from typing import Any, NamedTuple

import numpy as np

from graphkit.analysis.gaps import (
    SEVERITY_WEIGHT,
    VEHICLE_FOR_CONNECTION,
    Gap,
    ReachIndex,
    Severity,
    collector_paused,
)
from graphkit.analysis.options import AnalysisOptions
from graphkit.network import Network

__all__ = [
    "NewTie",
    "NewTies",
    "Plan",
    "PlanAction",
    "engagement_plan",
    "fewest_new_ties",
    "plan_actions",
    "schedule",
]


@dataclass(frozen=True, slots=True)
class PlanAction:
    """One thing a PMO member does about a gap."""

    id: str
    kind: str
    severity: Severity
    tier: int
    score: float
    owner: str | None
    owner_name: str | None
    whom: tuple[str, ...]
    whom_names: tuple[str, ...]
    groups: tuple[str, ...]
    group_names: tuple[str, ...]
    vehicle: str
    connection: str
    cadence_days: int
    earliest: dt.date
    overdue_days: int
    action: str
    why: str
    touchpoint: str | None = None
    rank: int = 0
    due: dt.date | None = None
    status: str = "open"
    snoozed_until: dt.date | None = None
    note: str = ""

    def as_json(self) -> dict[str, Any]:
        # shallow, not dataclasses.asdict (a deep copy): the plan page converts every action
        out = {key: getattr(self, key) for key in _ACTION_FIELDS}
        for key, value in out.items():
            if isinstance(value, tuple):
                out[key] = list(value)
            elif isinstance(value, dt.date):
                out[key] = value.isoformat()
        return out


_ACTION_FIELDS = tuple(f.name for f in fields(PlanAction))


@dataclass(frozen=True)
class NewTie:
    owner: str
    owner_name: str
    whom: str
    whom_name: str
    groups: tuple[str, ...]
    vehicle: str
    connection: str
    cadence_days: int


@dataclass(frozen=True)
class NewTies:
    """The fewest new PMO ties that bring every group within ``within`` steps."""

    within: int
    groups_out_of_reach: tuple[str, ...]
    ties: tuple[NewTie, ...] = ()
    note: str | None = None

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "within": self.within,
            "groups_out_of_reach": list(self.groups_out_of_reach),
            "ties": [{**asdict(t), "groups": list(t.groups)} for t in self.ties],
        }
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class Plan:
    """The whole plan as scheduled on ``as_of``."""

    as_of: dt.date
    capacity_per_week: int
    actions: tuple[PlanAction, ...]
    new_ties: NewTies
    owner_load: dict[str, int] = field(default_factory=dict)

    @property
    def open(self) -> list[PlanAction]:
        return [a for a in self.actions if a.status != "done"]

    def due_by(self, day: dt.date) -> list[PlanAction]:
        """Open actions due on or before ``day`` (snoozed ones only once they wake)."""
        return [a for a in self.open if a.due is not None and a.due <= day]

    def as_json(self, limit: int | None = None) -> dict[str, Any]:
        shown = self.actions if limit is None else self.actions[:limit]
        weeks = max(
            ((a.due - self.as_of).days // 7 + 1 for a in self.open if a.due is not None), default=0
        )
        return {
            "as_of": self.as_of.isoformat(),
            "capacity_per_week": self.capacity_per_week,
            "total_actions": len(self.actions),
            "open_actions": len(self.open),
            "weeks": weeks,
            "truncated": len(shown) < len(self.actions),
            "actions": [a.as_json() for a in shown],
            "new_ties": self.new_ties.as_json(),
            "owner_load": self.owner_load,
        }


# --- owners, leads and what groups want -------------------------------------------------------


class _Owners:
    """Chooses the PMO member for an action: nearest in steps, then lightest load.

    The nearest PMO members of every stakeholder come from one search of the reach graph
    (:attr:`~graphkit.analysis.gaps.ReachIndex.nearest_pmo`), made when the first owner
    is chosen; with more than ``max_pmo_for_distances`` PMO members, only the load counts.
    """

    def __init__(
        self,
        net: Network,
        max_pmo_for_distances: int = 200,
        *,
        index: ReachIndex | None = None,
    ) -> None:
        self.net = net
        self.pmo = net.pmo
        self.pos = {int(p): i for i, p in enumerate(self.pmo)}
        self.by_distance = 0 < len(self.pmo) <= max_pmo_for_distances and net.n > 0
        self._index = index
        self._members = self.pmo.tolist()
        self._loads = [0] * len(self.pmo)
        self._everyone = tuple(range(len(self.pmo)))
        self._unions: dict[frozenset[int], tuple[int, ...]] = {}
        self._heaps: dict[tuple[tuple[int, ...], bool], list[tuple[float, int]]] = {}

    @property
    def load(self) -> np.ndarray:
        """Actions owned so far, per PMO member (in ``net.pmo`` order)."""
        return np.array(self._loads, dtype=np.int64)

    @cached_property
    def _nearest(self) -> tuple[list[float], list[int], list[tuple[int, ...]]]:
        steps, which, sets = (self._index or ReachIndex(self.net)).nearest_pmo
        return steps.tolist(), which.tolist(), sets

    def choose(self, whom: list[int]) -> int | None:
        """The owner (a vertex index) of an action about ``whom``, counted in the loads: a
        PMO member among ``whom`` (the first), else of the PMO members nearest to anyone
        in ``whom`` the one with the lightest load, then the first in ``net.pmo``.

        As the distance matrix this replaces did it: the key was ``steps × 10^7 + load``
        with ``10^9`` steps for no path, so when no PMO member reaches anyone in ``whom``
        the loads are compared as ``10^16 + load`` in floating point, which cannot tell
        some loads apart (0 from 1, 3 from 4 and 5, …). Kept, so that owners stay as
        they were.
        """
        if not self._members:
            return None
        pos = self.pos
        for w in whom:
            if w in pos:
                i = pos[w]
                break
        else:
            candidates, far = self._everyone, False
            if self.by_distance and whom:
                steps, which, sets = self._nearest
                d = min([steps[w] for w in whom])
                if d == np.inf:
                    far = True
                else:
                    near = {which[w] for w in whom if steps[w] == d}  # their nearest sets
                    if len(near) == 1:
                        candidates = sets[near.pop()]
                    else:
                        key = frozenset(near)
                        if key not in self._unions:
                            self._unions[key] = tuple(
                                sorted(set().union(*map(sets.__getitem__, key)))
                            )
                        candidates = self._unions[key]
            i = _lightest(candidates, far, self._loads, self._heaps)
        self._loads[i] += 1
        return int(self._members[i])


def _lightest(
    candidates: tuple[int, ...],
    far: bool,
    loads: list[int],
    heaps: dict[tuple[tuple[int, ...], bool], list[tuple[float, int]]],
) -> int:
    """The candidate (positions in ``net.pmo``, ascending) with the least load, then the
    first; ``far``: loads compared as ``10^16 + load`` (see :meth:`_Owners.choose`).
    ``heaps`` keeps, per large candidate set, a heap of ``(key, position)`` whose every
    key is at most the member's current one (loads only grow): a stale top goes back with
    its current key until the top is current, and is then the lightest."""

    if len(candidates) == 1:
        return candidates[0]
    if len(candidates) <= 16:
        if far:
            return min(candidates, key=lambda i: _FAR + loads[i])
        return min(candidates, key=loads.__getitem__)

    def key(i: int, extra: int = 0) -> float:
        return _FAR + (loads[i] + extra) if far else loads[i] + extra

    heap = heaps.get((candidates, far))
    if heap is None:
        heap = [(key(i), i) for i in candidates]
        heapq.heapify(heap)
        heaps[(candidates, far)] = heap
    while True:
        k, i = heap[0]
        now = key(i)
        if k == now:
            heapq.heapreplace(heap, (key(i, 1), i))  # its key once chosen
            return i
        heapq.heapreplace(heap, (now, i))


#: The key of a PMO member who reaches no one in ``whom``: 10^9 steps × 10^7.
_FAR = 1e9 * 1e7


def _group_index(net: Network, label: str) -> int:
    return net.group_labels.index(label) if label in net.group_labels else -1


def _group_name(net: Network, label: str) -> str:
    g = net.groups.index.get(label)
    return net.groups.names[g] if g is not None else label


def _group_lead(net: Network, label: str, score: np.ndarray) -> int | None:
    """The group's non-PMO member with the highest influence, then score."""
    members = net.members(_group_index(net, label))
    others = members[~net.is_pmo[members]]
    members = others if len(others) else members
    if len(members) == 0:
        return None
    infl = np.nan_to_num(net.influence[members], nan=0)
    return int(members[np.lexsort((members, -score[members], -infl))[0]])


def _group_wants(net: Network, label: str, options: AnalysisOptions) -> tuple[str | None, int]:
    g = net.groups.index.get(label)
    if g is None:
        return None, options.default_cadence_days
    cad = net.groups.desired_cadence_days[g]
    return (
        net.groups.desired_connection[g],
        int(cad) if not np.isnan(cad) else options.default_cadence_days,
    )


def _stakeholder_wants(net: Network, v: int, options: AnalysisOptions) -> tuple[str | None, int]:
    g = net.group_index[v]
    if g < 0:
        return None, options.default_cadence_days
    return _group_wants(net, net.group_labels[g], options)


def _action_id(*parts: object) -> str:
    text = "\x1f".join(map(str, parts))
    return "a-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _listed(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# --- gaps into actions -------------------------------------------------------------------


class _Draft(NamedTuple):
    """What a gap asks for, before an owner is chosen."""

    whom: list[int]
    groups: list[str]
    vehicle: str
    connection: str | None
    cadence: int
    text: str  # "{whom}" and "{groups}" filled once the owner is out of whom


class _Drafter:
    """What each gap asks for (:class:`_Draft`), with what many gaps share worked out once:
    a group's lead, name and wants, a stakeholder's wants."""

    def __init__(self, net: Network, score: np.ndarray, options: AnalysisOptions) -> None:
        self.net, self.score, self.options = net, score, options
        self.index = net.index
        self.group_of = net.group_index.tolist()
        self._leads: dict[str, int | None] = {}
        self._wants: dict[str, tuple[str | None, int]] = {}

    def lead(self, label: str) -> int | None:
        if label not in self._leads:
            self._leads[label] = _group_lead(self.net, label, self.score)
        return self._leads[label]

    def group_wants(self, label: str) -> tuple[str | None, int]:
        if label not in self._wants:
            self._wants[label] = _group_wants(self.net, label, self.options)
        return self._wants[label]

    def stakeholder_wants(self, v: int) -> tuple[str | None, int]:
        g = self.group_of[v]
        if g < 0:
            return None, self.options.default_cadence_days
        return self.group_wants(self.net.group_labels[g])

    def draft(self, gap: Gap) -> _Draft | None:
        kind, options = gap.kind, self.options
        if kind == "stale_touchpoint":
            if gap.to_group:
                return _Draft(
                    [self.index[gap.subject[0]]],
                    [gap.subject[1]],
                    str(gap.vehicle),
                    gap.connection,
                    int(gap.cadence_days or options.default_cadence_days),
                    "Send the {vehicle} to {groups} again and keep it every {cadence} days.",
                )
            return _Draft(
                [self.index[x] for x in gap.subject],
                [],
                str(gap.vehicle),
                gap.connection,
                int(gap.cadence_days or options.default_cadence_days),
                "Renew the {vehicle} with {whom} and keep it every {cadence} days.",
            )
        if kind in ("uncovered_group", "connection_mismatch", "vehicle_overreliance"):
            label = gap.subject[0]
            lead = self.lead(label)
            if lead is None:
                return None
            conn, cadence = self.group_wants(label)
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
            return _Draft([lead], [label], vehicle, conn, cadence, text)
        if kind in ("isolated_stakeholder", "stance_gap", "single_point_of_failure"):
            who = gap.dependents[0] if kind == "single_point_of_failure" else gap.subject[0]
            v = self.index[who]
            conn, cadence = self.stakeholder_wants(v)
            if kind == "stance_gap":
                conn, cadence = gap.connection, int(gap.cadence_days or cadence)
            text = (
                "Open a second route to {whom}: a {vehicle} every {cadence} days."
                if kind == "single_point_of_failure"
                else "Give {whom} a {vehicle} every {cadence} days."
            )
            return _Draft([v], [], VEHICLE_FOR_CONNECTION.get(conn, "meeting"), conn, cadence, text)
        if kind == "unlinked_groups":
            leads = [x for x in (self.lead(g) for g in gap.subject) if x is not None]
            _, cadence = self.group_wants(gap.subject[0])
            return _Draft(
                leads,
                list(gap.subject),
                "community_of_practice",
                "operational",
                cadence,
                "Bring {whom} together in a {vehicle} so that {groups} talk directly.",
            )
        return None


def _tier(gap: Gap, whom: list[int], is_pmo: list[bool], influential: list[bool]) -> int:
    if gap.kind in ("uncovered_group", "unlinked_groups"):
        return 0
    if gap.kind == "stance_gap" and gap.stance == "critic":
        return 0
    if gap.kind == "single_point_of_failure" and gap.severity == "high":
        return 0
    if gap.kind == "stale_touchpoint" and not gap.to_group:
        for w in whom:
            if is_pmo[w] or influential[w]:
                return 1
        return 2  # a tie between colleagues, neither in the PMO nor high-influence
    return 1


def _as_action(values: dict[str, Any]) -> PlanAction:
    """A :class:`PlanAction` whose fields are ``values``. Slotted: an action costs about
    230 bytes rather than 900 with a ``__dict__`` (10^4–10^5 at 10^5 stakeholders)."""
    return PlanAction(**values)


_ACTION_DEFAULTS = {f.name: f.default for f in fields(PlanAction) if f.default is not MISSING}


def plan_actions(
    net: Network,
    gaps: list[Gap],
    options: AnalysisOptions | None = None,
    *,
    score: np.ndarray | None = None,
    owners: _Owners | None = None,
) -> list[PlanAction]:
    """The gaps as ranked, owned actions (not yet scheduled: see :func:`schedule`).

    Parameters
    ----------
    net : Network
    gaps : list of Gap
        From :func:`graphkit.analysis.gaps.find_gaps`.
    options : AnalysisOptions, optional
    score : numpy.ndarray, optional
        Per-vertex tie-break when choosing whom in a group to touch (e.g. PageRank).
    owners : optional
        Shares owner loads with :func:`fewest_new_ties`.

    Returns
    -------
    list of PlanAction
        Ranked (``rank`` 1, 2, …) by tier, ``influence × severity weight``, the most
        overdue, the shortest cadence (module notes). The owner is never among ``whom``.
    """
    options = options or AnalysisOptions()
    score = np.zeros(net.n) if score is None else score
    owners = owners or _Owners(net)
    drafter = _Drafter(net, score, options)
    with collector_paused():
        return _ranked(net, gaps, options, drafter, owners)


def _ranked(
    net: Network,
    gaps: list[Gap],
    options: AnalysisOptions,
    drafter: _Drafter,
    owners: _Owners,
) -> list[PlanAction]:
    """:func:`plan_actions` once its helpers are at hand."""
    # per stakeholder, as Python values: no numpy scalar per action
    ids = [str(x) for x in net.ids.tolist()]
    names = [str(x) for x in net.name.tolist()]
    is_pmo = net.is_pmo.tolist()
    influence = np.where(np.isnan(net.influence), options.default_influence, net.influence)
    influence_of = influence.tolist()
    influential = (net.influence >= options.high_influence).tolist()  # NaN: not influential
    group_names: dict[str, str] = {}
    days: dict[int, dt.timedelta] = {}
    as_of, default_influence = options.as_of, options.default_influence
    drafted: list[dict[str, Any]] = []
    keys: list[tuple[int, float, int, int, str]] = []
    # own the most severe first so the nearest PMO member goes to what matters most
    for gap in sorted(gaps, key=lambda g: -SEVERITY_WEIGHT[g.severity]):
        draft = drafter.draft(gap)
        if draft is None:
            continue
        owner = owners.choose(draft.whom)
        whom = [w for w in draft.whom if w != owner]
        if not whom and not draft.groups:
            continue  # nothing left to do for anyone but the owner
        touched = draft.whom
        if len(touched) == 1:
            best = influence_of[touched[0]]
        else:
            best = max([influence_of[w] for w in touched], default=default_influence)
        in_groups: tuple[str, ...] = ()
        if draft.groups:
            for g in draft.groups:
                if g not in group_names:
                    group_names[g] = _group_name(net, g)
            in_groups = tuple([group_names[g] for g in draft.groups])
        earliest, overdue = as_of, 0
        if gap.kind == "stale_touchpoint" and gap.last_contact is not None:
            cadence = int(gap.cadence_days or 0)
            if cadence not in days:
                days[cadence] = dt.timedelta(days=cadence)
            earliest = gap.last_contact + days[cadence]
            late = (as_of - earliest).days
            overdue = late if late > 0 else 0
        whom_names = tuple([names[w] for w in whom])
        # _action_id(kind, *subject, touchpoint or ""), every part a str already
        joined = "\x1f".join((gap.kind, *gap.subject, gap.touchpoint or ""))
        action_id = "a-" + hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]
        tier = _tier(gap, touched, is_pmo, influential)
        score = float(best * SEVERITY_WEIGHT[gap.severity])
        keys.append((tier, -score, -overdue, int(draft.cadence), action_id))
        drafted.append(
            {
                **_ACTION_DEFAULTS,
                "id": action_id,
                "kind": gap.kind,
                "severity": gap.severity,
                "tier": tier,
                "score": score,
                "owner": ids[owner] if owner is not None else None,
                "owner_name": names[owner] if owner is not None else None,
                "whom": tuple([ids[w] for w in whom]),
                "whom_names": whom_names,
                "groups": tuple(draft.groups),
                "group_names": in_groups,
                "vehicle": draft.vehicle,
                "connection": draft.connection or "operational",
                "cadence_days": int(draft.cadence),
                "earliest": earliest,
                "overdue_days": overdue,
                "action": draft.text.format(
                    vehicle=draft.vehicle.replace("_", " "),
                    connection=draft.connection or "",
                    cadence=draft.cadence,
                    whom=_listed(whom_names) if whom else "",
                    groups=" and ".join(in_groups),
                ),
                "why": gap.detail,
                "touchpoint": gap.touchpoint,
            }
        )
    # rank by tier, -score, -overdue, cadence, id: np.lexsort is stable, as the sort of
    # those tuples was (its last key first)
    tiers, scores, overdues, cadences, action_ids = zip(*keys) if keys else ((),) * 5
    order = np.lexsort(
        (np.array(action_ids, dtype=str), cadences, overdues, scores, tiers)
    ).tolist()
    out = []
    for rank, i in enumerate(order, 1):
        values = drafted[i]
        values["rank"] = rank
        out.append(_as_action(values))
    return out


def fewest_new_ties(
    net: Network,
    *,
    within: int = 2,
    owners: _Owners | None = None,
    score: np.ndarray | None = None,
    options: AnalysisOptions | None = None,
    index: ReachIndex | None = None,
) -> NewTies:
    """The fewest new PMO ties that bring every group within ``within`` steps of the PMO.

    Greedy set cover: a new tie from the PMO to stakeholder s brings within reach every
    group with a member within ``within − 1`` steps of s; pick the s covering the most
    groups still out of reach (ties broken by influence, then ``score``), repeat.

    Parameters
    ----------
    net : Network
    within : int, default 2
        A group is within reach when one of its members is this many steps from the PMO.
    owners : optional
        Shares owner loads with :func:`plan_actions`.
    score : numpy.ndarray, optional
        Per-vertex tie-break after influence (e.g. PageRank).
    options : AnalysisOptions, optional
    index : ReachIndex, optional
        The reach graph as arrays, when the caller keeps one.

    Returns
    -------
    NewTies

    References
    ----------
    .. [1] Chvátal, V. (1979). A greedy heuristic for the set-covering problem.
       Mathematics of Operations Research 4(3), 233–235.
    """
    options = options or AnalysisOptions()
    n_labels = len(net.group_labels)
    has = net.group_index >= 0
    members = np.bincount(net.group_index[has], minlength=n_labels)
    if len(net.pmo) == 0:
        return NewTies(
            within,
            tuple(g for g, m in zip(net.group_labels, members) if m),
            note="no PMO member is marked (is_pmo): nothing to reach from",
        )
    index = index or ReachIndex(net)
    steps = index.steps(within)  # as reach.bfs_layers(net, net.pmo, max_steps=within)
    reached = (steps >= 0) & has
    in_reach = np.bincount(net.group_index[reached], minlength=n_labels) > 0
    missing = [g for g in range(n_labels) if members[g] and not in_reach[g]]
    out_of_reach = tuple(net.group_labels[g] for g in missing)
    if not missing:
        return NewTies(within, out_of_reach)
    owners = owners or _Owners(net, index=index)
    score = np.zeros(net.n) if score is None else score
    import scipy.sparse as sp  # only when a group is out of reach: it costs 0.1 s

    col = {g: j for j, g in enumerate(missing)}
    sel = has & np.isin(net.group_index, missing)
    memb = sp.csr_matrix(
        (np.ones(int(sel.sum())), (np.flatnonzero(sel), [col[g] for g in net.group_index[sel]])),
        shape=(net.n, len(missing)),
    )
    a = index.undirected  # net.reach_adjacency(symmetric=True), unit weights
    cover = memb.copy()
    hop = memb
    for _ in range(within - 1):
        hop = a @ hop
        cover = cover + hop
    cover = (cover > 0).astype(np.int8).tocsc()
    remaining = np.ones(len(missing), dtype=bool)
    infl = np.nan_to_num(net.influence, nan=0)
    eligible = ~net.is_pmo
    ties = []
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
        assert owner is not None  # there is a PMO
        conn, cad = _stakeholder_wants(net, s, options)
        ties.append(
            NewTie(
                owner=str(net.ids[owner]),
                owner_name=str(net.name[owner]),
                whom=str(net.ids[s]),
                whom_name=str(net.name[s]),
                groups=tuple(net.group_labels[missing[j]] for j in got),
                vehicle=VEHICLE_FOR_CONNECTION.get(conn, "meeting"),
                connection=conn or "operational",
                cadence_days=cad,
            )
        )
    return NewTies(within, out_of_reach, tuple(ties))


# --- statuses and dates --------------------------------------------------------------------


def schedule(
    actions: list[PlanAction],
    options: AnalysisOptions,
    states: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[PlanAction]:
    """Lay the stored statuses over the actions and give every open action a due date.

    Parameters
    ----------
    actions : list of PlanAction
        Ranked, from :func:`plan_actions`.
    options : AnalysisOptions
        ``as_of`` (week 1 starts that day) and ``plan_capacity_per_week`` (actions one
        owner takes on in a week).
    states : mapping, optional
        Action id → stored state (``status``, ``snoozed_until``, ``note``).

    Returns
    -------
    list of PlanAction
        In rank order. An open action is due in the first week of its owner's that has
        room and does not start before the action falls due (a snoozed one: before its
        snooze ends); within a week the due days spread over five working days. A done
        action keeps no due date and takes no room.
    """
    states = states or {}
    capacity = options.plan_capacity_per_week
    as_of = options.as_of
    with collector_paused():
        return _dated(actions, capacity, as_of, states)


def _dated(
    actions: list[PlanAction],
    capacity: int,
    as_of: dt.date,
    states: Mapping[str, Mapping[str, Any]],
) -> list[PlanAction]:
    """:func:`schedule` once its inputs are read; dates as days from ``as_of``."""
    used: dict[str | None, dict[int, int]] = {}  # per owner: actions per week
    full_until: dict[str | None, int] = {}  # per owner: every week before this one is full
    dates: dict[int, dt.date] = {}  # days from as_of → the date
    out = []
    for action in actions:
        state = states.get(action.id)
        if state:
            status = str(state.get("status") or "open")
            snoozed = _date(state.get("snoozed_until"))
            note = str(state.get("note") or "")
        else:
            status, snoozed, note = "open", None, ""
        if status == "done":
            out.append(_scheduled(action, status, snoozed, note, None))
            continue
        earliest = (action.earliest - as_of).days
        if earliest < 0:
            earliest = 0
        if status == "snoozed" and snoozed is not None:
            earliest = max(earliest, (snoozed - as_of).days)
        owner = action.owner
        weeks = used.get(owner)
        if weeks is None:
            weeks = used[owner] = {}
        first = full_until.get(owner, 0)
        week = earliest // 7
        if week < first:
            week = first
        while weeks.get(week, 0) >= capacity:
            week += 1
        slot = weeks.get(week, 0)
        weeks[week] = slot + 1
        while weeks.get(first, 0) >= capacity:  # moves on only, so O(weeks) in all
            first += 1
        full_until[owner] = first
        day = 7 * week + slot % 5  # the week's start + the slot's weekday...
        if day < earliest:
            day = earliest  # ...not before the action falls due
        due = dates.get(day)
        if due is None:
            due = dates[day] = as_of + dt.timedelta(days=day)
        out.append(_scheduled(action, status, snoozed, note, due))
    return out


def _scheduled(
    action: PlanAction, status: str, snoozed: dt.date | None, note: str, due: dt.date | None
) -> PlanAction:
    """The action with its stored state and date laid over it."""
    return replace(action, status=status, snoozed_until=snoozed, note=note, due=due)


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def engagement_plan(
    net: Network,
    gaps: list[Gap],
    options: AnalysisOptions | None = None,
    *,
    score: np.ndarray | None = None,
    states: Mapping[str, Mapping[str, Any]] | None = None,
    index: ReachIndex | None = None,
) -> Plan:
    """The gaps as a scheduled plan, plus the fewest new ties that reach every group.

    ``index`` (the reach graph as arrays) is shared with :func:`find_gaps
    <graphkit.analysis.gaps.find_gaps>` when the caller keeps one.

    Examples
    --------
    >>> from graphkit import model
    >>> from graphkit.analysis.gaps import find_gaps
    >>> from graphkit.network import build_network
    >>> snap = model.Snapshot(
    ...     model.to_table("groups", [model.CustomerGroup(id="ops", name="Operations")]),
    ...     model.to_table("stakeholders", [
    ...         model.Stakeholder(id="p", name="Pat", is_pmo=True),
    ...         model.Stakeholder(id="o", name="Olu", group="ops", influence=4)]),
    ...     model.to_table("touchpoints", []))
    >>> net = build_network(snap)
    >>> options = AnalysisOptions(as_of=dt.date(2026, 11, 2))
    >>> plan = engagement_plan(net, find_gaps(net, options), options)
    >>> first = plan.actions[0]
    >>> first.kind, first.owner_name, first.whom_names, first.due.isoformat()
    ('uncovered_group', 'Pat', ('Olu',), '2026-11-02')
    >>> first.action
    'Set up a recurring meeting with Olu of Operations, every 30 days.'
    """
    options = options or AnalysisOptions()
    score = np.zeros(net.n) if score is None else score
    index = index or ReachIndex(net)
    owners = _Owners(net, index=index)
    ranked = plan_actions(net, gaps, options, score=score, owners=owners)
    new_ties = fewest_new_ties(net, owners=owners, score=score, options=options, index=index)
    load = {str(net.ids[p]): int(owners.load[i]) for i, p in enumerate(owners.pmo)}
    return Plan(
        as_of=options.as_of,
        capacity_per_week=options.plan_capacity_per_week,
        actions=tuple(schedule(ranked, options, states)),
        new_ties=new_ties,
        owner_load=load,
    )
