"""The network as one XLSX workbook for spreadsheet users.

The register sheets (``groups``, ``stakeholders``, ``touchpoints``, ``contacts``: the same
columns as the CSV files, so the workbook imports back) and the analysis as of one day:
``centrality`` (every measure per stakeholder), ``coverage`` (per group, the share the PMO
reaches within one and two steps), ``gaps`` and ``plan``, and ``about`` (the day and what
each sheet holds). Text cells that a spreadsheet would run as a formula (``=``, ``+``,
``-``, ``@``, tab, carriage return) get an apostrophe first, as in the CSV files
(:mod:`graphkit.io.cells`); an import takes it off again.
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from graphkit.analysis.options import AnalysisOptions
from graphkit.analysis.report import Analysis
from graphkit.io.cells import neutralise
from graphkit.io.plan_files import CSV_COLUMNS, plan_table
from graphkit.io.writers import register_table
from graphkit.model import CENTRALITY_MEASURES, NETWORK_KINDS, Snapshot

__all__ = ["CENTRALITY_COLUMNS", "COVERAGE_COLUMNS", "GAP_COLUMNS", "to_xlsx"]

CENTRALITY_COLUMNS = ("id", "name", "group", "is_pmo", *CENTRALITY_MEASURES)
COVERAGE_COLUMNS = ("group", "name", "members", "reached_1", "share_1", "reached_2", "share_2")
GAP_COLUMNS = ("kind", "severity", "subject", "detail", "recommendation")


def _safe(value: Any) -> Any:
    if isinstance(value, str):
        return _storable(neutralise(value))
    if isinstance(value, (list, tuple)):
        return _storable(neutralise(";".join(map(str, value))))
    if isinstance(value, dict):
        return _storable(neutralise("; ".join(f"{k}: {v}" for k, v in value.items())))
    return value


def _storable(text: str) -> str:
    """Text a worksheet can hold: XLSX has no place for control characters (openpyxl
    refuses the whole file), so each becomes U+FFFD; tabs and line breaks stay."""
    return str(ILLEGAL_CHARACTERS_RE.sub("\ufffd", text))


def _sheet(book: Workbook, title: str, header: Any, rows: Any) -> WriteOnlyWorksheet:
    sheet: WriteOnlyWorksheet = book.create_sheet(title)
    sheet.append([_safe(h) for h in header])
    for row in rows:
        sheet.append([_safe(cell) for cell in row])
    return sheet


def to_xlsx(
    snapshot: Snapshot,
    *,
    options: AnalysisOptions | None = None,
    plan_states: dict[str, dict[str, Any]] | None = None,
) -> bytes:
    """The workbook as bytes (written row by row: openpyxl's write-only mode).

    Parameters
    ----------
    snapshot : Snapshot
    options : AnalysisOptions, optional
        The analysis the analysis sheets show (default: as of today).
    plan_states : dict, optional
        Stored statuses of plan actions, by action id.
    """
    options = options or AnalysisOptions()
    analysis = Analysis(snapshot, options, plan_states)
    book = Workbook(write_only=True)
    for kind in NETWORK_KINDS:
        header, body = register_table(snapshot, kind)
        _sheet(book, kind, header, body)
    centrality = analysis.part("centrality")
    _sheet(
        book,
        "centrality",
        CENTRALITY_COLUMNS,
        ([row.get(c) for c in CENTRALITY_COLUMNS] for row in centrality),
    )
    groups = analysis.part("reach")["pmo"]["groups"]
    _sheet(
        book,
        "coverage",
        COVERAGE_COLUMNS,
        ([row.get(c) for c in COVERAGE_COLUMNS] for row in groups),
    )
    gaps = analysis.gap_list
    _sheet(
        book,
        "gaps",
        GAP_COLUMNS,
        ([item.get(c) for c in GAP_COLUMNS] for item in (g.as_json() for g in gaps)),
    )
    _sheet(book, "plan", CSV_COLUMNS, plan_table(analysis.scheduled_plan()))
    _sheet(
        book,
        "about",
        ("sheet", "what it holds"),
        [
            ("as_of", options.as_of.isoformat()),
            ("groups, stakeholders, touchpoints, contacts", "the register: imports back"),
            ("centrality", "every measure per stakeholder (as NetworkX defines it)"),
            ("coverage", "per group: members the PMO reaches within 1 and 2 steps"),
            ("gaps", f"every communication gap ({len(gaps)})"),
            ("plan", "the engagement plan: every action, ranked"),
        ],
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
