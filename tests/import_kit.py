"""What the import tests share: import files into a store, see that a refused import
changed nothing, build a workbook to import."""

from __future__ import annotations

import io

import openpyxl
import pytest

from graphkit import io as network_io
from graphkit.store import ChangeSummary, InvalidChange, NetworkStore


def import_paths(store: NetworkStore, *paths: object, **options: object) -> ChangeSummary:
    return store.apply(network_io.load_paths(list(paths), store, **options))


def refused(store: NetworkStore, *paths: object) -> list[dict]:
    """The problems an import of ``paths`` is refused with; the store is left as it was."""
    before = store.snapshot()
    with pytest.raises(InvalidChange) as refusal:
        import_paths(store, *paths)
    assert store.snapshot() == before, "a refused import must change nothing"
    return refusal.value.problems


def workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    """An XLSX of these sheets (title → rows, the header first)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
