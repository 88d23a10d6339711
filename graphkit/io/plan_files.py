"""The engagement plan as files: CSV for a spreadsheet, iCalendar (RFC 5545) for a diary.

Both hold every action of the plan (never a cut list) and the new ties, each once: the
CSV one row, the calendar one dated all-day event on the action's due date, in its
owner's name.
"""

from __future__ import annotations

import datetime as dt
import io

from graphkit.analysis.plan import NewTie, Plan, PlanAction
from graphkit.io.cells import SafeCsvWriter

__all__ = ["CSV_COLUMNS", "plan_rows", "plan_table", "plan_to_csv", "plan_to_ics"]

CSV_COLUMNS = (
    "rank",
    "id",
    "due",
    "status",
    "owner",
    "owner_name",
    "whom",
    "whom_names",
    "groups",
    "kind",
    "severity",
    "vehicle",
    "connection",
    "cadence_days",
    "overdue_days",
    "action",
    "why",
)


def _new_tie_action(plan: Plan, tie: NewTie, rank: int) -> PlanAction:
    groups = ", ".join(tie.groups)
    return PlanAction(
        id="t-" + "-".join([tie.whom, *tie.groups]),
        kind="new_tie",
        severity="high",
        tier=0,
        score=0.0,
        owner=tie.owner,
        owner_name=tie.owner_name,
        whom=(tie.whom,),
        whom_names=(tie.whom_name,),
        groups=tie.groups,
        group_names=tie.groups,
        vehicle=tie.vehicle,
        connection=tie.connection,
        cadence_days=tie.cadence_days,
        earliest=plan.as_of,
        overdue_days=0,
        action=f"Open a {tie.vehicle.replace('_', ' ')} with {tie.whom_name} to bring "
        f"{groups} within reach.",
        why="the fewest new ties that bring every group within reach",
        rank=rank,
        due=plan.as_of,
    )


def plan_rows(plan: Plan) -> list[PlanAction]:
    """Every action, then the new ties as actions of kind ``new_tie``."""
    rows = list(plan.actions)
    rows += [_new_tie_action(plan, t, len(rows) + i) for i, t in enumerate(plan.new_ties.ties, 1)]
    return rows


def plan_table(plan: Plan) -> list[list[object]]:
    """Every action as a row of :data:`CSV_COLUMNS` (lists joined with ``;``)."""
    return [
        [
            a.rank,
            a.id,
            a.due.isoformat() if a.due else "",
            a.status,
            a.owner or "",
            a.owner_name or "",
            ";".join(a.whom),
            ";".join(a.whom_names),
            ";".join(a.groups),
            a.kind,
            a.severity,
            a.vehicle,
            a.connection,
            a.cadence_days,
            a.overdue_days,
            a.action,
            a.why,
        ]
        for a in plan_rows(plan)
    ]


def plan_to_csv(plan: Plan) -> str:
    """The plan as CSV (header :data:`CSV_COLUMNS`; lists joined with ``;``)."""
    buf = io.StringIO()
    w = SafeCsvWriter(buf)
    w.writerow(CSV_COLUMNS)
    w.writerows(plan_table(plan))
    return buf.getvalue()


def _ics_escape(text: str) -> str:
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> list[str]:
    """RFC 5545 §3.1: lines of at most 75 octets, continued with CRLF + one space."""
    out, cur, size = [], "", 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > 75:
            out.append(cur)
            cur, size = " ", 1
        cur += ch
        size += n
    out.append(cur)
    return out


def plan_to_ics(plan: Plan) -> str:
    """The plan as an iCalendar file: one all-day VEVENT per open action on its due date.

    Returns
    -------
    str
        RFC 5545 text with CRLF line endings; each event's UID is its action's id, so a
        calendar that imports the plan again updates the events instead of adding copies.
    """
    stamp = dt.datetime.combine(plan.as_of, dt.time()).strftime("%Y%m%dT000000Z")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//graphkit//engagement plan//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:PMO engagement plan",
    ]
    for a in plan_rows(plan):
        if a.due is None:  # done
            continue
        whom = ", ".join([*a.whom_names, *a.group_names] if not a.whom_names else a.whom_names)
        summary = f"{a.vehicle.replace('_', ' ')}: {a.owner_name or 'PMO'} with {whom}"
        desc = f"{a.action}\n{a.why}\nSeverity: {a.severity}"
        if a.overdue_days:
            desc += f"\nOverdue by {a.overdue_days} days"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{a.id}@graphkit",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{a.due:%Y%m%d}",
            f"DTEND;VALUE=DATE:{a.due + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_ics_escape(summary)}",
            f"DESCRIPTION:{_ics_escape(desc)}",
            f"CATEGORIES:{_ics_escape(a.kind)}",
            *(
                [
                    f"ORGANIZER;CN={_ics_escape(a.owner_name or '')}:"
                    f"urn:graphkit:stakeholder:{_ics_escape(a.owner)}"
                ]
                if a.owner
                else []
            ),
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))
