"""The report as tables in a terminal (rich): the four questions a practitioner brings.

Who connects (connectors, brokers with the PMO left out), whom we miss (coverage of each
group), what is going stale (the most overdue ties), what to do next (the plan's next
actions with due date, owner and reason) — with group names, never ids.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.table import Table

SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "dim"}


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _names(ids: list[str], people: Mapping[str, str], groups: Mapping[str, str]) -> str:
    return ", ".join(people.get(i) or groups.get(i) or i for i in ids)


def _table(title: str, columns: Iterable[str], right: Collection[str] = ()) -> Table:
    """A table of ``columns`` (those in ``right`` right-aligned: figures)."""
    t = Table(title=title)
    for column in columns:
        t.add_column(column, justify="right" if column in right else "left")
    return t


def render_report(
    report: Mapping[str, Any],
    console: Console,
    *,
    top: int = 10,
    people: Mapping[str, str] | None = None,
    groups: Mapping[str, str] | None = None,
) -> None:
    """Print the headline tables of ``graphkit analyze``.

    Parameters
    ----------
    report : mapping
        From :func:`graphkit.analysis.report.build_report`.
    console : rich.console.Console
    top : int, default 10
        Rows per ranked table.
    people, groups : mapping, optional
        Id → name, to show names (group ids otherwise).
    """
    people = people or {r["id"]: r["name"] for r in report.get("centrality", [])}
    tables = _Tables(report, console, top, people, groups or {})
    for part in (tables.network, tables.coverage, tables.who_connects, tables.gaps, tables.plan):
        part()


@dataclass(frozen=True)
class _Tables:
    """The report's tables, for one console: ``top`` rows per ranked table, names for ids."""

    report: Mapping[str, Any]
    console: Console
    top: int
    people: Mapping[str, str]
    groups: Mapping[str, str]

    def network(self) -> None:
        net = self.report.get("network", {})
        t = _table("Network", ("measure", "value"), right=("value",))
        for key in ("stakeholders", "touchpoints", "ties", "pmo_members", "potential_channels"):
            if key in net:
                t.add_row(key.replace("_", " "), f"{net[key]:,}")
        if "density" in net:
            t.add_row("density", f"{net['density']:.4f}")
        comps = net.get("components") or {}
        if comps:
            t.add_row("components", f"{comps['count']:,} (largest {comps['largest']:,})")
        self.console.print(t)

    def coverage(self) -> None:
        rows = ((self.report.get("reach") or {}).get("pmo") or {}).get("groups") or []
        columns = ("group", "members", "within 1 step", "within 2 steps")
        t = _table("Whom the PMO reaches: coverage of each group", columns, right=columns[1:])
        for row in rows:
            name = row.get("name") or self.groups.get(row.get("group") or "", "") or "no group"
            first = row.get("share_1")
            style = (
                "bold red" if not row.get("reached_1") else "yellow" if (first or 0) < 0.25 else ""
            )
            t.add_row(
                f"[{style}]{name}[/]" if style else name,
                f"{row['members']:,}",
                f"{row.get('reached_1', 0):,} ({_share(first)})",
                f"{row.get('reached_2', 0):,} ({_share(row.get('share_2'))})",
            )
        self.console.print(t)

    def who_connects(self) -> None:
        rows = [r for r in self.report.get("centrality", []) if not r.get("is_pmo")]
        for title, metric in (
            ("Connectors (most distinct contacts)", "degree"),
            ("Brokers (on most shortest routes)", "betweenness"),
        ):
            t = _table(f"{title}, the PMO left out", ("stakeholder", "group", metric), (metric,))
            ranked = sorted(rows, key=lambda r: (-(r.get(metric) or 0), r["id"]))[: self.top]
            for r in ranked:
                value = r.get(metric) or 0
                t.add_row(
                    str(r["name"]),
                    self.groups.get(r.get("group") or "", r.get("group") or "—"),
                    f"{value:.4f}" if isinstance(value, float) else str(value),
                )
            self.console.print(t)

    def gaps(self) -> None:
        gaps = self.report.get("gaps", [])
        summary = self.report.get("gap_summary", {})
        t = Table(title=f"Gaps ({summary.get('total', 0):,})")
        t.add_column("kind")
        for sev in ("high", "medium", "low"):
            t.add_column(sev, justify="right", style=SEVERITY_STYLE[sev])
        for kind, counts in summary.get("by_kind_severity", {}).items():
            if any(counts.values()):
                t.add_row(
                    kind.replace("_", " "), *(str(counts[s]) for s in ("high", "medium", "low"))
                )
        self.console.print(t)
        # severity weighs whom a tie matters to (the PMO's own, high influence): first
        rank = {"high": 0, "medium": 1, "low": 2}
        stale = sorted(
            (g for g in gaps if g["kind"] == "stale_touchpoint"),
            key=lambda g: (rank[g["severity"]], -(g.get("days_overdue") or 0)),
        )[: self.top]
        if stale:
            t = _table(
                "Going stale: the most overdue ties that matter most",
                ("between", "vehicle", "every", "last contact", "overdue", "severity"),
                right=("every", "overdue"),
            )
            for g in stale:
                t.add_row(
                    _names(g["subject"], self.people, self.groups),
                    g["vehicle"].replace("_", " "),
                    f"{g['cadence_days']} d",
                    g.get("last_contact") or "—",
                    f"{g.get('days_overdue', 0)} d",
                    f"[{SEVERITY_STYLE[g['severity']]}]{g['severity']}[/]",
                )
            self.console.print(t)

    def plan(self) -> None:
        plan = self.report.get("plan", {})
        actions = sorted(
            (a for a in plan.get("actions", []) if a.get("status") != "done"),
            key=lambda a: (a.get("due") or "9999", a["rank"]),
        )[: self.top]
        t = _table(
            f"What to do next (the first {len(actions)} of "
            f"{plan.get('open_actions', 0):,} open actions)",
            ("due", "owner", "with", "what", "why", "severity"),
        )
        for a in actions:
            whom = ", ".join([*a.get("whom_names", []), *a.get("group_names", [])])
            t.add_row(
                a.get("due") or "—",
                a.get("owner_name") or "—",
                whom,
                a["action"],
                a["why"],
                f"[{SEVERITY_STYLE[a['severity']]}]{a['severity']}[/]",
            )
        self.console.print(t)
        ties = (plan.get("new_ties") or {}).get("ties", [])
        if ties:
            t = _table("Fewest new ties to reach every group", ("owner", "with", "brings in"))
            for x in ties:
                t.add_row(
                    str(x["owner_name"]),
                    str(x["whom_name"]),
                    ", ".join(self.groups.get(g, g) for g in x["groups"]),
                )
            self.console.print(t)
