"""Spreadsheet cells that cannot run: the CSV formula-injection rule, both ways.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some,
a tab or carriage return) as a formula: a stakeholder named ``=HYPERLINK(…)`` in an
export would run on the sponsor's machine. Every CSV graphkit writes puts an apostrophe
before such a text cell (OWASP, "CSV Injection"); every CSV it reads takes that apostrophe
off again, so an export reads back exactly. Numbers are numbers and are written as they
are.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """``text`` as a spreadsheet shows it but never runs it."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def restore(text: str) -> str:
    """Undo :func:`neutralise` (a cell read back from one of our CSV files)."""
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_STARTS:
        return text[1:]
    return text


class SafeCsvWriter:
    """``csv.writer`` whose text cells go through :func:`neutralise`."""

    def __init__(self, out: IO[str], **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, cells: Iterable[Any]) -> None:
        self._writer.writerow([neutralise(c) if isinstance(c, str) else c for c in cells])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)
