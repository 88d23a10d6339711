"""Networks from other tools: GraphML and GEXF (NetworkX's readers), Kumu workbooks
(Elements and Connections sheets) and Polinode-style workbooks (Nodes and Edges sheets).

Each becomes rows of graphkit's own kinds (:class:`~graphkit.io.readers.SourceRows`) that
go through the same validation, cross-checks and all-or-nothing import as a register.
What cannot map is refused with its file, row and field: a connection from a label no
element has, a connection type that is neither a vehicle nor a kind of connection, a
direction other than directed / undirected / mutual.

The mapping, in short:

* **GraphML / GEXF** — a node is a stakeholder (``label`` or ``name`` → name, every field
  of the model by name in any case, other attributes kept as the stakeholder's
  ``attributes``); a node of ``kind`` ``customer_group`` (as ``graphkit export`` writes
  for touchpoints with a whole group, ``group:<id>``) is a customer group, and edges to it
  are touchpoints with the group. An edge is a touchpoint (its fields by name, its source
  the end its ``from`` names if any; in a directed file an edge without ``direction`` is
  ``out``). Visual attributes (``viz``,
  ``x``, ``y``, ``r``, ``g``, ``b``, ``size``), the ``weight`` (derived: touches a month)
  and the metrics graphkit writes are not read back. A ``group`` no file row declares
  becomes a group named by the node's ``group_name``, unless the store has it.
* **Kumu** — Elements: ``Label`` → name, ``ID`` (else the label) → id, ``Type`` → the
  customer group (made where missing), ``Description`` and ``Tags`` → attributes.
  Connections: ``From``/``To`` (labels or ids) → source/target, ``Type`` → the vehicle or
  the kind of connection it names, ``Direction`` → ``out`` (directed) or ``both``.
* **Polinode** — Nodes: ``Name`` (and ``Id`` if given); Edges: ``Source``/``Target``
  (ids or names), ``Type`` as in Kumu; other edge columns but the touchpoint's own fields
  are ignored (a touchpoint carries no free attributes).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable
from typing import Any

from graphkit import model
from graphkit.io.readers import (
    Sheet,
    SourceRows,
    choice,
    field_name,
)
from graphkit.model import CENTRALITY_MEASURES, Problem
from graphkit.settings import ImportLimits

__all__ = ["from_graph_file", "from_workbook", "workbook_style"]

GROUP_NODE = "group:"
"""Prefix of a customer group's node id in graph files graphkit writes."""

_STAKEHOLDER = frozenset(model.Stakeholder.model_fields)
_GROUP = frozenset(model.CustomerGroup.model_fields)
_TOUCHPOINT = frozenset(model.Touchpoint.model_fields)
_VISUAL = frozenset(
    {
        "viz",
        "x",
        "y",
        "z",
        "r",
        "g",
        "b",
        "size",
        "color",
        "colour",
        "label",
        "kind",
        "weight",
        "distance",
        "networkx_key",
        "from",
    }
)
#: What graphkit's own graph files add to a node: read back, it is not register data.
WRITTEN_METRICS = (*CENTRALITY_MEASURES, "community")
_NOT_ATTRIBUTES = _VISUAL | frozenset(WRITTEN_METRICS) | {"group_name", "id"}


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.strip().lower()).strip("-") or text.strip()


# --- graph files ---------------------------------------------------------------------------


def from_graph_file(
    name: str, content: bytes, limits: ImportLimits
) -> tuple[list[SourceRows], list[Problem]]:
    """A GraphML or GEXF file as groups, stakeholders and touchpoints."""
    import networkx as nx

    gexf = name.lower().endswith(".gexf")
    try:
        graph = (
            nx.read_gexf(io.BytesIO(content))
            if gexf
            else nx.read_graphml(io.BytesIO(content), force_multigraph=True)
        )
    except Exception as error:  # the XML parsers raise many kinds for a broken file
        kind = "GEXF" if gexf else "GraphML"
        return [], [Problem(f"not readable as {kind}: {error}", file=name)]
    if graph.number_of_nodes() + graph.number_of_edges() > limits.max_rows:
        return [], [
            Problem(f"more than {limits.max_rows:,} nodes and edges; split the import", file=name)
        ]
    nodes_file, edges_file = f"{name} (nodes)", f"{name} (edges)"
    people: list[tuple[int, dict[str, Any]]] = []
    groups: list[tuple[int, dict[str, Any]]] = []
    group_of_node: dict[str, str] = {}
    named: dict[str, str] = {}  # group id → a name, from the members' group_name
    for number, (node, data) in enumerate(graph.nodes(data=True), start=1):
        node = str(node)
        if str(data.get("kind", "")).lower() == "customer_group":
            gid = str(data.get("group") or node.removeprefix(GROUP_NODE))
            group_of_node[node] = gid
            group = {"id": gid, "name": data.get("label") or data.get("name") or gid}
            for key, value in data.items():
                if field_name(key) in _GROUP - {"id", "name"}:
                    group[field_name(key)] = choice(field_name(key), value)
            groups.append((number, group))
            continue
        people.append((number, _person(node, data)))
        if data.get("group") is not None and data.get("group_name"):
            named.setdefault(_text(data["group"]), str(data["group_name"]))
    declared = {row["id"] for _, row in groups}
    implied = sorted(
        {_text(row["group"]) for _, row in people if row.get("group") not in (None, "")} - declared
    )
    ties: list[tuple[int, dict[str, Any]]] = []
    directed = graph.is_directed()
    edges = (
        graph.edges(keys=True, data=True)  # type: ignore[call-overload]
        if graph.is_multigraph()
        else ((u, v, None, d) for u, v, d in graph.edges(data=True))
    )
    for number, (u, v, key, data) in enumerate(edges, start=1):
        u, v = str(u), str(v)
        if data.get("from") is not None and str(data["from"]) == v:
            u, v = v, u  # graphkit's files name the source: an undirected edge does not
        if u in group_of_node and v not in group_of_node:
            u, v = v, u  # a broadcast goes from a person to the group
        row: dict[str, Any] = {"source": u}
        if v in group_of_node:
            row["target_group"] = group_of_node[v]
        else:
            row["target"] = v
        for attribute, value in data.items():
            spelt = field_name(attribute)
            if spelt in _TOUCHPOINT - {"id", "source", "target", "target_group"}:
                row[spelt] = choice(spelt, value)
        if directed and "direction" not in row:
            row["direction"] = "out"
        # A graphkit edge (it carries a vehicle) keeps its touchpoint id; another tool's
        # edge ids ("0", "e12") are the file's, not the register's: the default id stands.
        edge_id = data.get("id", key)
        if "vehicle" in row and edge_id is not None:
            row["id"] = str(edge_id)
        ties.append((number, row))
    sources = [
        SourceRows("groups", nodes_file, groups, columns=None, total=len(groups)),
        SourceRows(
            "groups",
            f"{name} (groups named by nodes)",
            [(i, {"id": g, "name": named.get(g, g)}) for i, g in enumerate(implied, start=1)],
            columns=None,
            total=len(implied),
            implied=True,
        ),
        SourceRows("stakeholders", nodes_file, people, columns=None, total=len(people)),
        SourceRows("touchpoints", edges_file, ties, columns=None, total=len(ties)),
    ]
    return sources, []


def _person(node: str, data: dict[str, Any]) -> dict[str, Any]:
    """A node's attributes as a stakeholder row: fields by name, the rest as attributes."""
    row: dict[str, Any] = {"id": node}
    extra: dict[str, str] = {}
    for key, value in data.items():
        spelt = field_name(key)
        if spelt == "attributes" and isinstance(value, str):
            try:
                found = json.loads(value) if value.strip() else {}
            except json.JSONDecodeError:
                found = {"attributes": value}
            if isinstance(found, dict):
                extra.update({str(k): _text(v) for k, v in found.items() if v is not None})
            continue
        if spelt in _STAKEHOLDER - {"id", "attributes"}:
            row[spelt] = _text(value) if spelt == "group" else choice(spelt, value)
        elif spelt not in _NOT_ATTRIBUTES and value is not None:
            extra[str(key)] = _text(value)
    row.setdefault("name", data.get("label") or node)
    if extra:
        row["attributes"] = extra
    return row


# --- Kumu and Polinode workbooks ----------------------------------------------------------------


def workbook_style(titles: Iterable[str]) -> str | None:
    """``"kumu"`` (Elements and Connections sheets), ``"polinode"`` (Nodes and Edges), or
    None for a graphkit register."""
    found = set(titles)
    if "elements" in found:
        return "kumu"
    if "nodes" in found:
        return "polinode"
    return None


def from_workbook(name: str, sheets: dict[str, Sheet]) -> tuple[list[SourceRows], list[Problem]]:
    """A Kumu or Polinode workbook (sheets by lower-case title) as graphkit rows."""
    style = workbook_style(sheets)
    if style == "kumu":
        return _translate(
            name, sheets["elements"], sheets.get("connections"), ends=("from", "to"), style="Kumu"
        )
    if style == "polinode":
        return _translate(
            name, sheets["nodes"], sheets.get("edges"), ends=("source", "target"), style="Polinode"
        )
    # the sheet that made it a Kumu or Polinode workbook was empty, or refused for its
    # size (that problem is already listed): nothing to translate
    return [], []


def _by_field(record: dict[str, Any]) -> dict[str, tuple[str, Any]]:
    """A record's cells by field name (header in any case): field → (header, value)."""
    return {
        field_name(header): (header, value)
        for header, value in record.items()
        if value is not None and not (isinstance(value, str) and not value.strip())
    }


def _translate(
    name: str, elements: Sheet, connections: Sheet | None, *, ends: tuple[str, str], style: str
) -> tuple[list[SourceRows], list[Problem]]:
    problems: list[Problem] = []
    people: list[tuple[int, dict[str, Any]]] = []
    by_label: dict[str, str] = {}
    by_label_folded: dict[str, str] = {}
    implied: dict[str, str] = {}  # group id → name, from a Type column
    label_column = "label" if style == "Kumu" else "name"
    for number, record in elements.records:
        cells = _by_field(record)
        label = cells.get(label_column, (None, None))[1]
        if label is None and "name" in cells:
            label = cells["name"][1]
        if label is None:
            problems.append(
                Problem(
                    f"no {label_column.title()}: every element needs one",
                    file=elements.file,
                    row=number,
                    field=label_column.title(),
                )
            )
            continue
        label = str(label).strip()
        row: dict[str, Any] = {
            "id": str(cells["id"][1]).strip() if "id" in cells else label,
            "name": label,
        }
        extra: dict[str, str] = {}
        for spelt, (header, value) in cells.items():
            if spelt in ("id", label_column, "name"):
                continue
            if spelt == "type" and "group" not in cells:
                kind = str(value).strip()
                implied.setdefault(_slug(kind), kind)
                row["group"] = _slug(kind)
            elif spelt == "tags":
                extra[header] = ";".join(
                    t.strip() for t in re.split(r"[|;,]", str(value)) if t.strip()
                )
            elif spelt in _STAKEHOLDER - {"id", "name", "attributes"}:
                row[spelt] = (
                    _text(value)
                    if isinstance(value, (int, float)) and spelt not in ("influence", "interest")
                    else value
                )
            else:
                extra[header] = _text(value)
        if extra:
            row["attributes"] = extra
        people.append((number, row))
        by_label.setdefault(label, row["id"])
        by_label.setdefault(row["id"], row["id"])
        by_label_folded.setdefault(label.casefold(), row["id"])
    ties: list[tuple[int, dict[str, Any]]] = []
    if connections is not None:
        for number, record in connections.records:
            tie, trouble = _connection(
                connections.file, number, _by_field(record), ends, by_label, by_label_folded
            )
            problems += trouble
            if tie is not None:
                ties.append((number, tie))
    where = elements.file
    sources = [
        SourceRows(
            "groups",
            f"{name} (groups named by Type)",
            [
                (i, {"id": gid, "name": implied[gid]})
                for i, gid in enumerate(sorted(implied), start=1)
            ],
            columns=None,
            total=len(implied),
            implied=True,
        ),
        SourceRows("stakeholders", where, people, columns=None, total=len(people)),
    ]
    if connections is not None:
        sources.append(
            SourceRows("touchpoints", connections.file, ties, columns=None, total=len(ties))
        )
    return sources, problems


_DIRECTIONS = {
    "directed": "out",
    "out": "out",
    "one_way": "out",
    "undirected": "both",
    "mutual": "both",
    "both": "both",
    "two_way": "both",
}


def _connection(
    file: str,
    number: int,
    cells: dict[str, tuple[str, Any]],
    ends: tuple[str, str],
    by_label: dict[str, str],
    by_label_folded: dict[str, str],
) -> tuple[dict[str, Any] | None, list[Problem]]:
    problems = []
    row: dict[str, Any] = {}
    for end, field in zip(ends, ("source", "target")):
        header, value = cells.get(end, (end.title(), None))
        if value is None:
            problems.append(
                Problem(
                    f"no {end.title()}: every connection joins two elements",
                    file=file,
                    row=number,
                    field=header,
                )
            )
            continue
        text = str(value).strip()
        found = by_label.get(text) or by_label_folded.get(text.casefold())
        if found is None:
            problems.append(
                Problem(
                    f"'{text}' is no element's label or id", file=file, row=number, field=header
                )
            )
            continue
        row[field] = found
    if "type" in cells:
        header, value = cells["type"]
        vehicle, connection = choice("vehicle", value), choice("connection", value)
        if vehicle in {v.value for v in model.Vehicle}:
            row["vehicle"] = vehicle
        elif connection in {c.value for c in model.Connection}:
            row["connection"] = connection
        else:
            problems.append(
                Problem(
                    f"type '{value}' is neither a vehicle "
                    f"({', '.join(v.value for v in model.Vehicle)}) "
                    f"nor a kind of connection (operational, personal, strategic)",
                    file=file,
                    row=number,
                    field=header,
                )
            )
    if "direction" in cells:
        header, value = cells["direction"]
        direction = _DIRECTIONS.get(field_name(str(value)))
        if direction is None:
            problems.append(
                Problem(
                    f"direction '{value}' is not directed, undirected or mutual",
                    file=file,
                    row=number,
                    field=header,
                )
            )
        else:
            row["direction"] = direction
    for spelt, (_, value) in cells.items():
        if (
            spelt in _TOUCHPOINT - {"source", "target", "target_group", "direction"}
            and spelt not in row
        ):
            row[spelt] = choice(spelt, value)
    return (None if problems else row), problems
