"""What the practitioner's pages list: gaps and plan actions filtered, sorted and paged,
this week's actions by owner, the most overdue ties, and who connects.

Pure functions over what :class:`~graphkit.api.service.NetworkService` returns (gaps as
JSON, :class:`~graphkit.analysis.plan.Plan`, the centrality rows); the routes in
:mod:`graphkit.api.routes.pages` only read the query and render.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from graphkit.analysis.gaps import KINDS, SEVERITY_RANK
from graphkit.analysis.plan import Plan, PlanAction, _action_id

__all__ = [
    "GAP_SORTS",
    "PLAN_SORTS",
    "PMO_LABEL",
    "GapRow",
    "OwnerWeek",
    "Page",
    "Ranked",
    "StaleTie",
    "action_of_gap",
    "gap_groups",
    "gap_rows",
    "most_overdue",
    "page_of",
    "plan_rows",
    "this_week",
    "top_people",
    "week_end",
]

T = TypeVar("T")
#: How the pages name the PMO where a group would go (PMO members have no customer group).
PMO_LABEL = "PMO"
PER_PAGE = 50


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list: ``items`` are numbers ``first``–``last`` of ``total``."""

    items: list[T]
    number: int
    pages: int
    total: int
    per_page: int

    @property
    def first(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.items else 0

    @property
    def last(self) -> int:
        return self.first + len(self.items) - 1 if self.items else 0


def page_of(items: Sequence[T], number: int, per_page: int = PER_PAGE) -> Page[T]:
    """Page ``number`` (from 1; clamped to the pages there are) of ``items``."""
    pages = max(1, -(-len(items) // per_page))
    number = min(max(number, 1), pages)
    start = (number - 1) * per_page
    return Page(list(items[start : start + per_page]), number, pages, len(items), per_page)


# --- gaps ------------------------------------------------------------------------------------
def action_of_gap(gap: Mapping[str, Any]) -> str:
    """The id of the plan action a gap turns into (the plan's own stable id)."""
    return _action_id(gap["kind"], *gap["subject"], gap.get("touchpoint") or "")


def gap_groups(gap: Mapping[str, Any], people: Mapping[str, Mapping[str, Any]]) -> tuple[str, ...]:
    """The customer groups a gap concerns: its group(s) for a group gap, the group of a
    broadcast, else the groups of the people it names (PMO members have none)."""
    kind, subject = gap["kind"], list(gap["subject"])
    if kind in (
        "uncovered_group",
        "vehicle_overreliance",
        "connection_mismatch",
        "unlinked_groups",
    ):
        return tuple(subject)
    if kind == "stale_touchpoint" and gap.get("to_group"):
        return (subject[1],)
    found = [(people.get(s) or {}).get("group") for s in subject]
    return tuple(dict.fromkeys(g for g in found if g))


@dataclass(frozen=True)
class GapRow:
    """A gap as the gaps page lists it: with its groups and the plan action it became."""

    gap: dict[str, Any]
    groups: tuple[str, ...]
    action: PlanAction | None

    @property
    def days_overdue(self) -> int | None:
        value = self.gap.get("days_overdue")
        return int(value) if value is not None else None


GAP_SORTS: dict[str, Callable[[GapRow], Any]] = {
    # the report's order: severity, then kind; stable, so found order after that
    "severity": lambda r: (SEVERITY_RANK[r.gap["severity"]], KINDS.index(r.gap["kind"])),
    "overdue": lambda r: (
        r.days_overdue is None,
        -(r.days_overdue or 0),
        SEVERITY_RANK[r.gap["severity"]],
    ),
    "kind": lambda r: (KINDS.index(r.gap["kind"]), SEVERITY_RANK[r.gap["severity"]]),
    "plan": lambda r: (r.action is None, r.action.rank if r.action else 0),
}


def gap_rows(
    gaps: Iterable[dict[str, Any]],
    people: Mapping[str, Mapping[str, Any]],
    plan: Plan,
    *,
    kind: str | None = None,
    severity: str | None = None,
    group: str | None = None,
    owner: str | None = None,
    sort: str = "severity",
) -> list[GapRow]:
    """The gaps that match every filter given, sorted (:data:`GAP_SORTS`)."""
    actions = {a.id: a for a in plan.actions}
    rows = []
    for g in gaps:
        if (kind and g["kind"] != kind) or (severity and g["severity"] != severity):
            continue
        groups = gap_groups(g, people)
        if group and group not in groups:
            continue
        action = actions.get(action_of_gap(g))
        if owner and (action is None or action.owner != owner):
            continue
        rows.append(GapRow(g, groups, action))
    rows.sort(key=GAP_SORTS.get(sort, GAP_SORTS["severity"]))
    return rows


@dataclass(frozen=True)
class StaleTie:
    """One overdue touchpoint (a ``stale_touchpoint`` gap) with its ends' names."""

    gap: dict[str, Any]
    source_name: str
    other_name: str
    other_is_group: bool

    @property
    def touchpoint(self) -> str:
        return str(self.gap.get("touchpoint") or "")


def most_overdue(
    gaps: Iterable[dict[str, Any]],
    people: Mapping[str, Mapping[str, Any]],
    group_names: Mapping[str, str],
    top: int = 10,
) -> tuple[list[StaleTie], int]:
    """The ``top`` stale touchpoints by days overdue (then severity), and how many there are."""
    stale = [g for g in gaps if g["kind"] == "stale_touchpoint"]
    stale.sort(key=lambda g: (-int(g.get("days_overdue") or 0), SEVERITY_RANK[g["severity"]]))

    def name(sid: str) -> str:
        return str((people.get(sid) or {}).get("name") or sid)

    out = [
        StaleTie(
            g,
            name(g["subject"][0]),
            group_names.get(g["subject"][1], g["subject"][1])
            if g.get("to_group")
            else name(g["subject"][1]),
            bool(g.get("to_group")),
        )
        for g in stale[:top]
    ]
    return out, len(stale)


# --- the plan --------------------------------------------------------------------------------
def week_end(as_of: dt.date) -> dt.date:
    """The last day of the plan's first week (week 1 starts on the day of the analysis)."""
    return as_of + dt.timedelta(days=6)


PLAN_SORTS: dict[str, Callable[[PlanAction], Any]] = {
    "due": lambda a: (a.due is None, a.due or dt.date.max, a.rank),
    "rank": lambda a: a.rank,
    "overdue": lambda a: (-a.overdue_days, a.rank),
    "severity": lambda a: (SEVERITY_RANK[a.severity], a.rank),
}
#: The plan page's status choices: "todo" is every action not done (open or snoozed).
STATUSES = ("todo", "open", "snoozed", "done", "all")


def plan_rows(
    plan: Plan,
    *,
    owner: str | None = None,
    kind: str | None = None,
    severity: str | None = None,
    status: str = "todo",
    group: str | None = None,
    due_by: dt.date | None = None,
    sort: str = "due",
) -> list[PlanAction]:
    """The plan's actions that match every filter, sorted (:data:`PLAN_SORTS`); the same
    filters as ``GET /api/plan`` (``due_by``: due on or before the day)."""

    def wanted(a: PlanAction) -> bool:
        return (
            (owner is None or a.owner == owner)
            and (kind is None or a.kind == kind)
            and (severity is None or a.severity == severity)
            and (status == "all" or (status == "todo" and a.status != "done") or a.status == status)
            and (group is None or group in a.groups)
            and (due_by is None or (a.due is not None and a.due <= due_by))
        )

    return sorted(filter(wanted, plan.actions), key=PLAN_SORTS.get(sort, PLAN_SORTS["due"]))


@dataclass(frozen=True)
class OwnerWeek:
    """One PMO member's actions due this week, first due first."""

    owner: str | None
    name: str
    actions: list[PlanAction] = field(default_factory=list)


def this_week(plan: Plan, day: dt.date | None = None) -> list[OwnerWeek]:
    """The open actions due by the end of the plan's first week, by owner (the busiest
    first, then by name); exactly ``plan.due_by(week_end(as_of))``."""
    by_owner: dict[str | None, OwnerWeek] = {}
    for a in sorted(plan.due_by(day or week_end(plan.as_of)), key=PLAN_SORTS["due"]):
        week = by_owner.setdefault(a.owner, OwnerWeek(a.owner, a.owner_name or "No owner"))
        week.actions.append(a)
    return sorted(by_owner.values(), key=lambda w: (-len(w.actions), w.name))


# --- who connects ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Ranked:
    """A stakeholder in a role list, with the measure that ranked them."""

    id: str
    name: str
    group: str
    is_pmo: bool
    score: float
    degree: int


def top_people(
    rows: Sequence[Mapping[str, Any]],
    measure: str,
    tiebreak: str,
    *,
    group_names: Mapping[str, str],
    include_pmo: bool = False,
    top: int = 10,
) -> list[Ranked]:
    """The ``top`` stakeholders by ``measure`` (above 0), ties broken by ``tiebreak`` then
    by order in the network, as :func:`graphkit.analysis.centrality.roles` ranks them —
    PMO members left out unless ``include_pmo``; their group shows as "PMO"."""
    order = sorted(
        (
            i
            for i, r in enumerate(rows)
            if (include_pmo or not r.get("is_pmo")) and (r.get(measure) or 0) > 0
        ),
        key=lambda i: (-(rows[i].get(measure) or 0), -(rows[i].get(tiebreak) or 0), i),
    )
    out = []
    for i in order[:top]:
        r = rows[i]
        group = (
            PMO_LABEL
            if r.get("is_pmo")
            else (group_names.get(r.get("group") or "", r.get("group") or "") or "No group")
        )
        out.append(
            Ranked(
                str(r["id"]),
                str(r["name"]),
                group,
                bool(r.get("is_pmo")),
                float(r.get(measure) or 0),
                int(r.get("degree") or 0),
            )
        )
    return out
