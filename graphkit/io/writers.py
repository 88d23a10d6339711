"""Write a network snapshot as a JSON document, CSV files, GraphML or GEXF.

JSON and CSV carry every field and read back into the same network. GraphML and GEXF are
for Gephi, yEd and NetworkX: stakeholders as nodes, each touchpoint as its own edge, the
group kept as a node attribute.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from graphkit import model
from graphkit.io.cells import SafeCsvWriter
from graphkit.store.port import KINDS, Snapshot

FORMATS = ("json", "csv", "graphml", "gexf")


def _rows(snapshot: Snapshot, kind: str) -> list[dict[str, Any]]:
    rows = [model.json_row(kind, row) for row in snapshot.table(kind).to_pylist()]
    return sorted(rows, key=lambda r: r["id"])


def to_json(snapshot: Snapshot) -> str:
    """The network document, every field present, sorted by id."""
    return json.dumps({kind: _rows(snapshot, kind) for kind in KINDS}, indent=2,
                      ensure_ascii=False) + "\n"


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


def to_csv_files(snapshot: Snapshot) -> dict[str, str]:
    """``groups.csv``, ``stakeholders.csv``, ``touchpoints.csv``; attributes as extra columns."""
    files = {}
    for kind in KINDS:
        rows = _rows(snapshot, kind)
        columns = [name for name in model.SCHEMAS[kind].names if name != "attributes"]
        extra: list[str] = []
        if kind == "stakeholders":
            extra = sorted({key for row in rows for key in row["attributes"]} - set(columns))
        out = io.StringIO()
        writer = SafeCsvWriter(out, lineterminator="\n")
        writer.writerow(columns + extra)
        for row in rows:
            attributes = row.get("attributes", {})
            writer.writerow([_cell(row[c]) for c in columns] +
                            [attributes.get(key, "") for key in extra])
        files[f"{kind}.csv"] = out.getvalue()
    return files


_NODE_FIELDS = [
    ("kind", "string"), ("name", "string"), ("group", "string"), ("source", "string"), ("organisation", "string"),
    ("role", "string"), ("internal", "boolean"), ("is_pmo", "boolean"),
    ("influencer", "boolean"), ("influence", "long"), ("interest", "long"),
    ("stance", "string"), ("attributes", "string")]
_EDGE_FIELDS = [("vehicle", "string"), ("connection", "string"), ("cadence_days", "long"),
                ("last_contact", "string"), ("strength", "double"), ("direction", "string"),
                ("weight", "double")]


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


GROUP_NODE = "group:"
"""Prefix of a customer group's node id (touchpoints with a whole group end there)."""


def _nodes(snapshot: Snapshot) -> list[dict[str, Any]]:
    """Stakeholders, then the groups that touchpoints go to, as graph nodes."""
    nodes = [{**row, "kind": "stakeholder"} for row in snapshot.stakeholders.to_pylist()]
    targets = {g for g in snapshot.touchpoints.column("target_group").to_pylist() if g}
    for group in snapshot.groups.to_pylist():
        if group["id"] in targets:
            nodes.append({name: None for name, _ in _NODE_FIELDS} | {
                "id": GROUP_NODE + group["id"], "kind": "customer_group",
                "name": group["name"], "group": group["id"]})
    return nodes


def _edges(snapshot: Snapshot) -> list[dict[str, Any]]:
    rows = snapshot.touchpoints.to_pylist()
    for row in rows:
        row["weight"] = _tie_weight(row)
        if row["target"] is None:
            row["target"] = GROUP_NODE + row["target_group"]
    return rows


def _tie_weight(row: dict[str, Any]) -> float:
    # Touches per month, as the analysis weighs a tie (DESIGN section 3).
    return row["strength"] * 30.0 / row["cadence_days"]


def to_graphml(snapshot: Snapshot) -> str:
    out = io.StringIO()
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n'
              '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n')
    for name, kind in _NODE_FIELDS:
        out.write(f'  <key id="n_{name}" for="node" attr.name="{name}" attr.type="{kind}"/>\n')
    for name, kind in _EDGE_FIELDS:
        out.write(f'  <key id="e_{name}" for="edge" attr.name="{name}" attr.type="{kind}"/>\n')
    out.write('  <graph id="pmo-network" edgedefault="undirected">\n')
    for row in _nodes(snapshot):
        out.write(f"    <node id={quoteattr(row['id'])}>")
        for name, _ in _NODE_FIELDS:
            if row[name] is not None:
                out.write(f'<data key="n_{name}">{escape(_value(row[name]))}</data>')
        out.write("</node>\n")
    for row in _edges(snapshot):
        out.write(f"    <edge id={quoteattr(row['id'])} source={quoteattr(row['source'])} "
                  f"target={quoteattr(row['target'])}>")
        for name, _ in _EDGE_FIELDS:
            if row[name] is not None:
                out.write(f'<data key="e_{name}">{escape(_value(row[name]))}</data>')
        out.write("</edge>\n")
    out.write("  </graph>\n</graphml>\n")
    return out.getvalue()


def to_gexf(snapshot: Snapshot) -> str:
    gexf_type = {"string": "string", "boolean": "boolean", "long": "long", "double": "double"}
    node_fields = [f for f in _NODE_FIELDS if f[0] != "name"]
    out = io.StringIO()
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n'
              '<gexf xmlns="http://gexf.net/1.3" version="1.3">\n'
              '  <meta><creator>graphkit</creator><description>PMO network</description></meta>\n'
              '  <graph mode="static" defaultedgetype="undirected">\n'
              '    <attributes class="node">\n')
    for index, (name, kind) in enumerate(node_fields):
        out.write(f'      <attribute id="{index}" title="{name}" type="{gexf_type[kind]}"/>\n')
    out.write('    </attributes>\n    <attributes class="edge">\n')
    edge_fields = [f for f in _EDGE_FIELDS if f[0] != "weight"]
    for index, (name, kind) in enumerate(edge_fields):
        out.write(f'      <attribute id="{index}" title="{name}" type="{gexf_type[kind]}"/>\n')
    out.write("    </attributes>\n    <nodes>\n")
    for row in _nodes(snapshot):
        out.write(f"      <node id={quoteattr(row['id'])} label={quoteattr(row['name'])}>"
                  "<attvalues>")
        for index, (name, _) in enumerate(node_fields):
            if row[name] is not None:
                out.write(f'<attvalue for="{index}" value={quoteattr(_value(row[name]))}/>')
        out.write("</attvalues></node>\n")
    out.write("    </nodes>\n    <edges>\n")
    for row in _edges(snapshot):
        # Direction stays an attribute: per-edge types (mixed graphs) break other readers.
        out.write(f"      <edge id={quoteattr(row['id'])} source={quoteattr(row['source'])} "
                  f"target={quoteattr(row['target'])} weight=\"{row['weight']!r}\">"
                  "<attvalues>")
        for index, (name, _) in enumerate(edge_fields):
            if row[name] is not None:
                out.write(f'<attvalue for="{index}" value={quoteattr(_value(row[name]))}/>')
        out.write("</attvalues></edge>\n")
    out.write("    </edges>\n  </graph>\n</gexf>\n")
    return out.getvalue()


def export_bytes(snapshot: Snapshot, fmt: str) -> tuple[bytes, str, str]:
    """One download: (content, media type, file name). CSV comes as a zip of four files."""
    if fmt == "json":
        return to_json(snapshot).encode(), "application/json", "pmo-network.json"
    if fmt == "csv":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, text in to_csv_files(snapshot).items():
                archive.writestr(name, text)
        return buffer.getvalue(), "application/zip", "pmo-network-csv.zip"
    if fmt == "graphml":
        return to_graphml(snapshot).encode(), "application/graphml+xml", "pmo-network.graphml"
    if fmt == "gexf":
        return to_gexf(snapshot).encode(), "application/gexf+xml", "pmo-network.gexf"
    raise ValueError(f"unknown export format '{fmt}' (expected one of {', '.join(FORMATS)})")
