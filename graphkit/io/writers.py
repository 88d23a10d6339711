"""Write a network snapshot as a JSON document, CSV files, an XLSX workbook, GraphML or GEXF.

JSON, CSV and XLSX carry every field and read back into the same network (the workbook's
analysis sheets are skipped on import). GraphML and GEXF (:mod:`graphkit.io.graph_files`)
are for Gephi, yEd and NetworkX: a ready map with colours, sizes, positions and metrics.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from typing import Any

from graphkit import model
from graphkit.analysis.options import AnalysisOptions
from graphkit.io.cells import SafeCsvWriter
from graphkit.model import NETWORK_KINDS as KINDS
from graphkit.model import Snapshot

FORMATS = ("json", "csv", "xlsx", "graphml", "gexf")
MEDIA_TYPES = {
    "json": "application/json",
    "csv": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
}


def _rows(snapshot: Snapshot, kind: str) -> list[dict[str, Any]]:
    rows = [model.json_row(kind, row) for row in snapshot.table(kind).to_pylist()]
    return sorted(rows, key=lambda r: r["id"])


def to_json(snapshot: Snapshot) -> str:
    """The network document, every field present, sorted by id."""
    return (
        json.dumps({kind: _rows(snapshot, kind) for kind in KINDS}, indent=2, ensure_ascii=False)
        + "\n"
    )


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value  # text is neutralised by the writer; numbers stay numbers


def register_table(snapshot: Snapshot, kind: str) -> tuple[list[str], list[list[Any]]]:
    """One kind as a register sheet: header and rows, attributes as columns of their own,
    lists joined with ``;``, booleans ``true``/``false``, dates ISO (text not yet
    neutralised: the CSV and XLSX writers do that)."""
    rows = _rows(snapshot, kind)
    columns = [name for name in model.SCHEMAS[kind].names if name != "attributes"]
    extra: list[str] = []
    if kind == "stakeholders":
        extra = sorted({key for row in rows for key in row["attributes"]} - set(columns))
    body = [
        [_cell(row[c]) for c in columns] + [row.get("attributes", {}).get(key, "") for key in extra]
        for row in rows
    ]
    return columns + extra, body


def to_csv_files(snapshot: Snapshot) -> dict[str, str]:
    """``groups.csv``, ``stakeholders.csv``, ``touchpoints.csv``; attributes as extra columns."""
    files = {}
    for kind in KINDS:
        header, body = register_table(snapshot, kind)
        out = io.StringIO()
        writer = SafeCsvWriter(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(body)
        files[f"{kind}.csv"] = out.getvalue()
    return files


def export_bytes(
    snapshot: Snapshot,
    fmt: str,
    *,
    options: AnalysisOptions | None = None,
    plan_states: dict[str, dict[str, Any]] | None = None,
) -> tuple[bytes, str, str]:
    """One download: (content, media type, file name). CSV comes as a zip of four files.

    ``options`` (the day the analysis is as of) and ``plan_states`` (stored statuses of plan
    actions) shape the analysis an XLSX, GraphML or GEXF carries.
    """
    if fmt == "json":
        content = to_json(snapshot).encode()
    elif fmt == "csv":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, text in to_csv_files(snapshot).items():
                archive.writestr(name, text)
        content = buffer.getvalue()
    elif fmt == "xlsx":
        from graphkit.io.workbook import to_xlsx

        content = to_xlsx(snapshot, options=options, plan_states=plan_states)
    elif fmt in ("graphml", "gexf"):
        from graphkit.io import graph_files

        writer = graph_files.to_graphml if fmt == "graphml" else graph_files.to_gexf
        content = writer(snapshot, options).encode()
    else:
        raise ValueError(f"unknown export format '{fmt}' (expected one of {', '.join(FORMATS)})")
    name = "pmo-network-csv.zip" if fmt == "csv" else f"pmo-network.{fmt}"
    return content, MEDIA_TYPES[fmt], name
