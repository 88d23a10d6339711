"""The engagement plan as files: CSV for a spreadsheet, iCalendar (RFC 5545) for a diary."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from graphkit.io.cells import SafeCsvWriter

__all__ = ["CSV_COLUMNS", "plan_to_csv", "plan_to_ics"]

CSV_COLUMNS = ("rank", "kind", "severity", "score", "owner", "owner_name", "whom",
               "whom_names", "vehicle", "connection", "cadence_days", "action", "reason")


def plan_to_csv(plan: dict[str, Any]) -> str:
    """The plan's actions as CSV (header :data:`CSV_COLUMNS`; lists joined with ``;``),
    followed by the new ties as actions of kind ``new_tie``."""
    buf = io.StringIO()
    w = SafeCsvWriter(buf)
    w.writerow(CSV_COLUMNS)
    for a in _all_actions(plan):
        w.writerow([a.get("rank", ""), a["kind"], a["severity"], a["score"], a["owner"] or "",
                    a["owner_name"] or "", ";".join(a["whom"]), ";".join(a["whom_names"]),
                    a["vehicle"], a["connection"], a["cadence_days"], a["action"], a["reason"]])
    return buf.getvalue()


def _all_actions(plan: dict[str, Any]) -> list[dict[str, Any]]:
    out = list(plan["actions"])
    for t in plan.get("new_ties", {}).get("ties", []):
        out.append({"kind": "new_tie", "severity": "high", "score": "", "owner": t["owner"],
                    "owner_name": t["owner_name"], "whom": [t["whom"]],
                    "whom_names": [t["whom_name"]], "vehicle": t["vehicle"],
                    "connection": t["connection"], "cadence_days": t["cadence_days"],
                    "action": f"Open a {t['vehicle']} with {t['whom_name']} to bring "
                              f"{', '.join(t['groups'])} within reach.",
                    "reason": "fewest new ties that bring every group within reach"})
    return out


def _ics_escape(text: str) -> str:
    return (str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> list[str]:
    """RFC 5545 §3.1: lines of at most 75 octets, continued with CRLF + one space."""
    out, cur, size = [], "", 0
    limit = 75
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            out.append(cur)
            cur, size, limit = " ", 1, 75
        cur += ch
        size += n
    out.append(cur)
    return out


def _rrule(cadence: int) -> str:
    if cadence % 7 == 0:
        return f"RRULE:FREQ=WEEKLY;INTERVAL={cadence // 7}"
    return f"RRULE:FREQ=DAILY;INTERVAL={cadence}"


def plan_to_ics(plan: dict[str, Any], as_of: dt.date | None = None) -> str:
    """The plan as an iCalendar schedule: one all-day VEVENT per action (and new tie),
    recurring at its cadence (``RRULE``), starting on ``as_of`` and spread over the
    following five days so one day does not carry everything.

    Returns
    -------
    str
        RFC 5545 text with CRLF line endings; UIDs are stable for the same plan.
    """
    as_of = as_of or dt.date.fromisoformat(plan.get("as_of", dt.date.today().isoformat()))
    stamp = as_of.strftime("%Y%m%dT000000Z")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//graphkit//engagement plan//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:PMO engagement plan"]
    for i, a in enumerate(_all_actions(plan)):
        start = as_of + dt.timedelta(days=i % 5)
        end = start + dt.timedelta(days=1)
        whom = ", ".join(a["whom_names"])
        summary = f"{a['vehicle'].replace('_', ' ')}: {a['owner_name'] or 'PMO'} with {whom}"
        uid_key = "-".join([a["kind"], a["owner"] or "pmo", *a["whom"]])
        uid = "".join(c if c.isalnum() or c in "-_." else "_" for c in uid_key)
        desc = f"{a['action']}\n{a['reason']}\nSeverity: {a['severity']}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{i + 1}-{uid}@graphkit",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
            f"DTEND;VALUE=DATE:{end:%Y%m%d}",
            _rrule(int(a["cadence_days"])),
            f"SUMMARY:{_ics_escape(summary)}",
            f"DESCRIPTION:{_ics_escape(desc)}",
            f"CATEGORIES:{_ics_escape(a['kind'])}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))
