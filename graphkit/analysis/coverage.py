"""Coverage: how far the PMO reaches into each customer group, and whether it keeps the
group's cadence.

"Which customer groups are we not reaching?" has two halves, and a group needs both:

* **reach** — the share of the group's members within 1 and 2 steps of the PMO (steps
  follow personal ties and broadcasts: a newsletter to a group is one step to each
  member; see :mod:`graphkit.analysis.reach`);
* **cadence** — how long since anyone in the PMO last touched the group, against how
  often the group wants it (``desired_cadence_days``: how often someone in the PMO should
  touch the group; :class:`graphkit.model.CustomerGroup`).

The latest PMO contact with a group is the latest ``last_contact`` (the latest entry of
the contact log) over the touchpoints between a PMO member and a member of the group who
is not in the PMO, and the PMO's touchpoints with the whole group. Its status against the
wanted cadence ``c`` (the group's, else ``default_cadence_days``), ``d`` days after that
contact, with the gaps' ``stale_tolerance`` ``t``:

=============  ==============================================================
``on_track``   ``d < c``: the next touch is not due yet
``due``        ``c ≤ d ≤ c × t``: due now, not yet stale
``overdue``    ``d > c × t``: as late as a stale touchpoint
``never``      no PMO touchpoint with the group has happened (or none exists)
=============  ==============================================================

PMO members are not counted as members of the group they are filed under (the PMO is
where reach is measured from), as in :func:`graphkit.analysis.reach.group_reach`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import numpy as np

from graphkit.analysis.options import AnalysisOptions
from graphkit.analysis.reach import bfs_layers
from graphkit.network import Network

__all__ = [
    "CADENCE_STATUSES",
    "CadenceStatus",
    "Coverage",
    "GroupCoverage",
    "cadence_status",
    "group_coverage",
]

CadenceStatus = Literal["never", "overdue", "due", "on_track"]
#: Worst first: the order the dashboard lists groups in.
CADENCE_STATUSES: tuple[CadenceStatus, ...] = ("never", "overdue", "due", "on_track")


@dataclass(frozen=True)
class GroupCoverage:
    """One customer group as the PMO covers it.

    ``group`` is None for the stakeholders filed under no group (their row has no cadence:
    ``cadence_days``, ``status`` and ``next_due`` are None).
    """

    group: str | None
    name: str
    members: int
    reached_1: int
    reached_2: int
    share_1: float
    share_2: float
    pmo_touchpoints: int
    last_contact: dt.date | None
    days_since: int | None
    cadence_days: int | None
    cadence_is_default: bool
    next_due: dt.date | None
    status: CadenceStatus | None
    below_coverage: bool

    @property
    def unreached(self) -> int:
        """Members more than two steps from the PMO (or out of its reach)."""
        return self.members - self.reached_2


@dataclass(frozen=True)
class Coverage:
    """Every group's coverage on ``as_of``, worst first (see :func:`group_coverage`)."""

    as_of: dt.date
    pmo_members: int
    coverage_share: float
    groups: tuple[GroupCoverage, ...]

    def of(self, group: str | None) -> GroupCoverage | None:
        return next((g for g in self.groups if g.group == group), None)


def cadence_status(days_since: int | None, cadence_days: int, tolerance: float) -> CadenceStatus:
    """The status of a cadence ``days_since`` the last contact (None: never).

    Examples
    --------
    >>> [cadence_status(d, 14, 1.5) for d in (None, 3, 14, 21, 22)]
    ['never', 'on_track', 'due', 'due', 'overdue']
    """
    if days_since is None:
        return "never"
    if days_since < cadence_days:
        return "on_track"
    return "due" if days_since <= cadence_days * tolerance else "overdue"


def _latest_pmo_contact(net: Network) -> tuple[np.ndarray, np.ndarray]:
    """Per group label: the latest PMO contact (datetime64[D], NaT: none) and how many
    PMO touchpoints the group has (personal ties with its non-PMO members, broadcasts)."""
    n_labels = len(net.group_labels)
    latest = np.full(n_labels + 1, np.datetime64("NaT"), dtype="datetime64[D]")
    count = np.zeros(n_labels + 1, dtype=np.int64)
    gi = np.where(net.group_index >= 0, net.group_index, n_labels)
    pmo = net.is_pmo
    tp, b = net.touchpoints, net.broadcasts
    # a personal tie counts for the group of its non-PMO end
    ends = [
        (tp.target[pmo[tp.source] & ~pmo[tp.target]], pmo[tp.source] & ~pmo[tp.target]),
        (tp.source[pmo[tp.target] & ~pmo[tp.source]], pmo[tp.target] & ~pmo[tp.source]),
    ]
    groups = [gi[who] for who, _ in ends] + [b.target[pmo[b.source]]]
    dates = [tp.last_contact[mask] for _, mask in ends] + [b.last_contact[pmo[b.source]]]
    group = np.concatenate(groups).astype(np.int64)
    when = np.concatenate(dates).astype("datetime64[D]")
    np.add.at(count, group, 1)
    known = ~np.isnat(when)
    if known.any():
        days = when[known].astype(np.int64)
        best = np.full(n_labels + 1, np.iinfo(np.int64).min, dtype=np.int64)
        np.maximum.at(best, group[known], days)
        has = best != np.iinfo(np.int64).min
        latest[has] = best[has].astype("datetime64[D]")
    return latest, count


def group_coverage(net: Network, options: AnalysisOptions | None = None) -> Coverage:
    """How far the PMO reaches into each group, and its cadence with the group.

    Parameters
    ----------
    net : Network
    options : AnalysisOptions, optional
        ``as_of``, ``default_cadence_days`` (groups that set no cadence),
        ``stale_tolerance`` (when *due* turns *overdue*) and ``coverage_share`` (a group
        is ``below_coverage`` when fewer of its members are one step from the PMO).

    Returns
    -------
    Coverage
        One :class:`GroupCoverage` per group with members (declared groups with none are
        left out; stakeholders with no group last, as group None), ordered worst first:
        by status (:data:`CADENCE_STATUSES`), then by the share reached in one step.

    Examples
    --------
    >>> from graphkit import model
    >>> from graphkit.network import build_network
    >>> day = dt.date(2026, 3, 2)
    >>> snap = model.Snapshot(
    ...     model.to_table("groups", [
    ...         model.CustomerGroup(id="ops", name="Operations", desired_cadence_days=14)]),
    ...     model.to_table("stakeholders", [
    ...         model.Stakeholder(id="p", name="Pat", is_pmo=True),
    ...         model.Stakeholder(id="o", name="Olu", group="ops"),
    ...         model.Stakeholder(id="a", name="Ada", group="ops")]),
    ...     model.to_table("touchpoints", [
    ...         model.Touchpoint(source="p", target="o", last_contact=day - dt.timedelta(20)),
    ...         model.Touchpoint(source="o", target="a")]))
    >>> ops = group_coverage(build_network(snap), AnalysisOptions(as_of=day)).groups[0]
    >>> ops.reached_1, ops.reached_2, ops.last_contact.isoformat(), ops.status
    (1, 2, '2026-02-10', 'due')
    """
    options = options or AnalysisOptions()
    n_labels = len(net.group_labels)
    pmo = net.pmo
    steps = bfs_layers(net, pmo, max_steps=2)
    counted = ~net.is_pmo
    gi = np.where(net.group_index >= 0, net.group_index, n_labels)
    members = np.bincount(gi[counted], minlength=n_labels + 1)
    reached_1 = np.bincount(gi[counted & (steps == 1)], minlength=n_labels + 1)
    reached_2 = np.bincount(gi[counted & (steps >= 1) & (steps <= 2)], minlength=n_labels + 1)
    latest, touchpoints = _latest_pmo_contact(net)
    as_of = np.datetime64(options.as_of, "D")
    rows = []
    for g in range(n_labels + 1):
        if members[g] == 0:
            continue
        grouped = g < n_labels
        last = None if np.isnat(latest[g]) else latest[g].astype(dt.date)
        days = None if last is None else int((as_of - latest[g]).astype(np.int64))
        cadence: int | None = None
        default = False
        if grouped:
            declared = net.groups.index.get(net.group_labels[g])
            wanted = net.groups.desired_cadence_days[declared] if declared is not None else np.nan
            default = bool(np.isnan(wanted))
            cadence = options.default_cadence_days if default else int(wanted)
        share_1 = float(reached_1[g] / members[g])
        rows.append(
            GroupCoverage(
                group=net.group_labels[g] if grouped else None,
                name=(net.groups.names[g] if g < len(net.groups.names) else net.group_labels[g])
                if grouped
                else "No group",
                members=int(members[g]),
                reached_1=int(reached_1[g]),
                reached_2=int(reached_2[g]),
                share_1=share_1,
                share_2=float(reached_2[g] / members[g]),
                pmo_touchpoints=int(touchpoints[g]),
                last_contact=last,
                days_since=days,
                cadence_days=cadence,
                cadence_is_default=default,
                next_due=None
                if last is None or cadence is None
                else last + dt.timedelta(days=cadence),
                status=cadence_status(days, cadence, options.stale_tolerance)
                if cadence is not None
                else None,
                below_coverage=share_1 < options.coverage_share,
            )
        )
    order: dict[str, int] = {s: i for i, s in enumerate(CADENCE_STATUSES)}
    rows.sort(
        key=lambda r: (r.group is None, order.get(r.status or "", len(order)), r.share_1, r.name)
    )
    return Coverage(
        as_of=options.as_of,
        pmo_members=len(pmo),
        coverage_share=options.coverage_share,
        groups=tuple(rows),
    )
