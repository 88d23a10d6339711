"""GraphML and GEXF for Gephi, yEd and NetworkX, written with NetworkX's own writers.

The file opens as a ready map: every stakeholder a node with its label, its group's colour
(the same palette as the app's map; PMO members dark), a size by PageRank rank (as the
map sizes), the map's layout position, every centrality and the Leiden community; every
touchpoint an edge of its own with its fields and its ``weight`` (touches a month), so a
tool that merges parallel edges (Gephi does, summing weights) folds them as graphkit does.

Touchpoints with a whole customer group end at a node ``group:<id>`` of ``kind``
``customer_group``, placed at the middle of its members, in its group's colour; the
groups' targets exist only as such nodes (a group no touchpoint goes to is a node
attribute of its members: ``group``, ``group_name``). GraphML carries the visual
properties as the node attributes Gephi reads (``r``, ``g``, ``b``, ``x``, ``y``,
``size``); GEXF as ``viz:color``, ``viz:size``, ``viz:position``.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from graphkit.analysis.options import AnalysisOptions
from graphkit.analysis.report import Analysis
from graphkit.io.foreign import GROUP_NODE, WRITTEN_METRICS
from graphkit.model import STAKEHOLDER_FIELDS, Snapshot
from graphkit.network import touches_a_month

__all__ = ["GROUP_NODE", "network_graph", "to_gexf", "to_graphml"]

# a node's own fields beside its id and label (the name)
_PERSON_FIELDS = tuple(f for f in STAKEHOLDER_FIELDS if f not in ("id", "name"))
_TIE_FIELDS = ("vehicle", "connection", "cadence_days", "last_contact", "strength", "direction")


@dataclass(frozen=True)
class _Look:
    """Where and how a node is drawn."""

    x: float
    y: float
    size: float
    colour: str


def _rgb(colour: str) -> tuple[int, int, int]:
    h = colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def _plain(value: Any) -> Any:
    """A value NetworkX's writers take: Python scalars, dates as ISO text, no None."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value


def network_graph(
    snapshot: Snapshot, *, viz: str = "gexf", options: AnalysisOptions | None = None
) -> nx.MultiGraph[str]:
    """The snapshot as a NetworkX multigraph decorated for Gephi.

    Parameters
    ----------
    snapshot : Snapshot
    viz : {"gexf", "graphml"}
        How positions, colours and sizes are carried: a ``viz`` dict (GEXF) or the node
        attributes ``x``, ``y``, ``r``, ``g``, ``b``, ``size`` (GraphML).
    options : AnalysisOptions, optional
        For the metrics (default: as of today).

    Returns
    -------
    networkx.MultiGraph
        Nodes keyed by stakeholder id (``group:<id>`` for groups touchpoints go to),
        edges keyed by touchpoint id.
    """
    from graphkit.visualisations import maps

    analysis = Analysis(snapshot, options or AnalysisOptions())
    net = analysis.net
    rows = analysis.part("centrality")
    membership = (analysis.part("communities") or {}).get("membership") or {}
    positions = maps.network_layout(net)
    colours = maps.group_colours(net.group_labels)
    sizes = maps.size_scale("pagerank", np.array([r["pagerank"] or 0.0 for r in rows])).sizes
    group_names = dict(zip(snapshot.groups["id"].to_pylist(), snapshot.groups["name"].to_pylist()))
    looks: dict[str, _Look] = {}
    graph: nx.MultiGraph[str] = nx.MultiGraph(name="PMO network")
    for person in snapshot.stakeholders.to_pylist():
        sid = person["id"]
        at = net.index[sid]
        colour = (
            maps.PMO_COLOUR
            if person["is_pmo"]
            else colours.get(person["group"] or "", maps.NO_GROUP)
        )
        looks[sid] = _Look(
            float(positions[at][0]), float(positions[at][1]), float(sizes[at]), colour
        )
        data: dict[str, Any] = {"label": person["name"], "kind": "stakeholder"}
        data.update({k: person[k] for k in _PERSON_FIELDS})
        if person["group"]:
            data["group_name"] = group_names.get(person["group"], person["group"])
        attributes = json.loads(person["attributes"] or "{}")
        if attributes:
            data["attributes"] = json.dumps(attributes, ensure_ascii=False, sort_keys=True)
        metrics = rows[at]
        data.update({m: metrics.get(m) for m in WRITTEN_METRICS if m != "community"})
        data["community"] = membership.get(sid)
        graph.add_node(
            sid, **{k: _plain(val) for k, val in data.items() if _plain(val) is not None}
        )
    _group_nodes(graph, snapshot, looks, colours)
    for tie in sorted(snapshot.touchpoints.to_pylist(), key=lambda t: t["id"]):
        end = tie["target"] if tie["target"] is not None else GROUP_NODE + tie["target_group"]
        data = {k: tie[k] for k in _TIE_FIELDS}
        # an undirected file does not say which end is the touchpoint's source
        data["from"] = tie["source"]
        data["weight"] = float(touches_a_month(tie["strength"], tie["cadence_days"]))
        if viz == "gexf":
            data["id"] = tie["id"]  # GEXF's edge id (GraphML takes the key)
        graph.add_edge(
            tie["source"],
            end,
            key=tie["id"],
            **{k: _plain(val) for k, val in data.items() if _plain(val) is not None},
        )
    for node, look in looks.items():
        _draw(graph.nodes[node], look, viz)
    return graph


def _group_nodes(
    graph: nx.MultiGraph[str], snapshot: Snapshot, looks: dict[str, _Look], colours: dict[str, str]
) -> None:
    """The groups touchpoints go to, as nodes in the middle of their members."""
    from graphkit.visualisations import maps

    targets = {g for g in snapshot.touchpoints.column("target_group").to_pylist() if g}
    members: dict[str, list[_Look]] = {}
    for person in snapshot.stakeholders.to_pylist():
        if person["group"] in targets:
            members.setdefault(person["group"], []).append(looks[person["id"]])
    for group in snapshot.groups.to_pylist():
        if group["id"] not in targets:
            continue
        node = GROUP_NODE + group["id"]
        at = members.get(group["id"], [])
        x = float(np.mean([m.x for m in at])) if at else 0.0
        y = float(np.mean([m.y for m in at])) if at else 0.0
        looks[node] = _Look(x, y, maps.STAR_SIZE, colours.get(group["id"], maps.NO_GROUP))
        data = {
            "label": group["name"],
            "kind": "customer_group",
            "group": group["id"],
            "desired_cadence_days": group["desired_cadence_days"],
            "desired_connection": group["desired_connection"],
            "desired_links": ";".join(group["desired_links"] or []) or None,
        }
        graph.add_node(node, **{k: v for k, v in data.items() if v is not None})


def _draw(data: dict[str, Any], look: _Look, viz: str) -> None:
    r, g, b = _rgb(look.colour)
    if viz == "gexf":
        data["viz"] = {
            "color": {"r": r, "g": g, "b": b, "a": 1.0},
            "size": round(look.size, 2),
            "position": {"x": round(look.x, 2), "y": round(-look.y, 2), "z": 0.0},
        }
    else:  # the node attributes Gephi's GraphML importer draws with
        data.update(
            r=r, g=g, b=b, x=round(look.x, 2), y=round(-look.y, 2), size=round(look.size, 2)
        )


def to_graphml(snapshot: Snapshot, options: AnalysisOptions | None = None) -> str:
    """GraphML (NetworkX's writer), every node and touchpoint with its fields and metrics."""
    return _written(nx.write_graphml, network_graph(snapshot, viz="graphml", options=options))


def to_gexf(snapshot: Snapshot, options: AnalysisOptions | None = None) -> str:
    """GEXF 1.2 (NetworkX's writer) with ``viz`` colour, size and position on every node."""
    return _written(nx.write_gexf, network_graph(snapshot, viz="gexf", options=options))


def _written(write: Callable[..., None], graph: nx.MultiGraph[str]) -> str:
    """The graph as ``write`` (one of NetworkX's writers) puts it in a file, UTF-8."""
    out = io.BytesIO()
    write(graph, out, encoding="utf-8", prettyprint=True)
    return out.getvalue().decode("utf-8")
