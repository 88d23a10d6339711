"""Map data for vis-network: nodes, edges and options, laid out on the server with igraph.

Each builder returns a JSON-ready dict ``{"nodes", "edges", "options", "legend", ...}``
that the page template embeds once and ``static/map.js`` draws. Layout is computed here
(Fruchterman–Reingold in igraph, grid-accelerated for large graphs) and physics is off
above :data:`PHYSICS_LIMIT` nodes, so a map of thousands of stakeholders opens at once.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from typing import Any

import igraph as ig
import numpy as np
from pyvis.edge import Edge
from pyvis.network import Network as PyvisNetwork
from pyvis.node import Node

from graphkit.network import Network, build_network
from graphkit.store import Snapshot

PHYSICS_LIMIT = 300
SIZE_METRICS = ("pagerank", "degree", "weighted_degree", "betweenness", "closeness",
                "harmonic", "eigenvector")
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf",
           "#bcbd22", "#7f7f7f", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173"]
NO_GROUP = "#b0b0b0"
GAP_BORDER = "#d62728"
STALE_EDGE = "#e6550d"


def group_colours(group_ids: list[str]) -> dict[str, str]:
    return {gid: PALETTE[i % len(PALETTE)] for i, gid in enumerate(sorted(group_ids))}


def _options(n: int, physics: bool) -> dict[str, Any]:
    """vis-network options, starting from pyvis's defaults."""
    net = PyvisNetwork()
    net.toggle_physics(physics)
    net.toggle_stabilization(physics)
    net.set_edge_smooth("continuous")
    options = json.loads(net.get_network_data()[-1])
    options["edges"]["color"] = {"inherit": False, "color": "#9a9a9a", "highlight": "#333333"}
    options["edges"]["smooth"] = {"enabled": n <= PHYSICS_LIMIT, "type": "continuous"}
    options["interaction"].update({"hover": n <= 2000, "tooltipDelay": 150,
                                   "hideEdgesOnDrag": n > 1000, "hideEdgesOnZoom": n > 1000})
    options["nodes"] = {"font": {"size": 14}, "scaling": {"label": {"drawThreshold": 6}}}
    if physics:
        options["physics"].update({"solver": "barnesHut",
                                   "stabilization": {"enabled": True, "iterations": 150,
                                                     "fit": True}})
    return options


def layout(graph: ig.Graph, seed: int = 7) -> np.ndarray:
    """Positions in screen pixels, about 90 px between neighbours."""
    n = graph.vcount()
    if n == 0:
        return np.zeros((0, 2))
    if n == 1:
        return np.zeros((1, 2))
    rng = np.random.default_rng(seed)
    # start spread out: FR's grid is only fast when the start is not one crowded cell
    start = (rng.uniform(-1, 1, size=(n, 2)) * math.sqrt(n)).tolist()
    g = graph.as_undirected() if graph.is_directed() else graph
    coords = np.array(g.layout_fruchterman_reingold(
        niter=300 if n <= 2000 else 200, seed=start, grid="grid" if n > 1000 else "nogrid"
    ).coords)
    coords -= coords.mean(axis=0)
    spread = np.percentile(np.abs(coords), 95) or 1.0
    return coords / spread * (90.0 * math.sqrt(n) / 2)


def _stale_pairs(net, gaps: list[dict[str, Any]]) -> set[tuple[int, int]]:
    """Vertex pairs with a stale touchpoint, as the gap analysis found them."""
    pairs = set()
    for gap in gaps:
        if gap.get("kind") == "stale_touchpoint" and len(gap.get("subject") or []) == 2:
            a, b = (net.index.get(x) for x in gap["subject"])
            if a is not None and b is not None:
                pairs.add((min(a, b), max(a, b)))
    return pairs


def _gap_people(gaps: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Who is the subject of a gap (stale ties are drawn dashed instead)."""
    people: dict[str, list[str]] = defaultdict(list)
    for gap in gaps:
        if gap.get("kind") == "stale_touchpoint":
            continue
        for subject in subjects(gap):
            if gap["kind"] not in people[subject]:
                people[subject].append(gap["kind"])
    return people


def subjects(gap: dict[str, Any]) -> list[str]:
    subject = gap.get("subject")
    if isinstance(subject, str):
        return [subject]
    if isinstance(subject, dict):
        out: list[str] = []
        for value in subject.values():
            out.extend([value] if isinstance(value, str) else list(value or []))
        return [str(s) for s in out]
    return [str(s) for s in subject or []]


def _metric_table(centrality: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in centrality or [] if "id" in row}


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


def network_map(snapshot: Snapshot, *, net: Network | None = None,
                centrality: list[dict[str, Any]] | None = None,
                gaps: list[dict[str, Any]] | None = None, size_by: str = "pagerank",
                only: set[str] | None = None, center: str | None = None) -> dict[str, Any]:
    """The network (or the stakeholders in ``only``) as vis-network data.

    ``net`` is the snapshot's :class:`graphkit.network.Network` (built here if not given),
    ``centrality`` the report's centrality rows (node size), ``gaps`` the report's gap
    items (red rings on the people in a gap, dashed stale ties).
    """
    gaps = gaps or []
    size_by = size_by if size_by in SIZE_METRICS else "pagerank"
    net = net if net is not None else build_network(snapshot)
    groups = snapshot.groups.to_pylist()
    group_names = {g["id"]: g["name"] for g in groups}
    colours = group_colours([g["id"] for g in groups] + sorted(
        {g for g in net.group if g and g not in group_names}))
    metrics = _metric_table(centrality or [])
    gap_people = _gap_people(gaps)
    people = {row["id"]: row for row in snapshot.stakeholders.to_pylist()}

    keep = np.ones(net.n, dtype=bool)
    if only is not None:
        keep = np.array([sid in only for sid in net.ids], dtype=bool)
    kept = np.flatnonzero(keep)
    sub = net.graph.induced_subgraph(kept.tolist()) if only is not None else net.graph
    positions = layout(sub)
    values = np.array([float(metrics.get(net.ids[v], {}).get(size_by) or 0.0) for v in kept])
    top = values.max() if len(values) and values.max() > 0 else 1.0
    physics = len(kept) <= PHYSICS_LIMIT

    nodes = []
    for pos, v in enumerate(kept):
        sid = str(net.ids[v])
        row = people.get(sid, {})
        gid = net.group[v] or ""
        in_gaps = gap_people.get(sid, [])
        m = metrics.get(sid, {})
        title = "\n".join(filter(None, [
            row.get("name", sid) + (" (PMO)" if net.is_pmo[v] else ""),
            group_names.get(gid, gid) or "no group",
            ", ".join(filter(None, [row.get("role"), row.get("organisation")])),
            " · ".join(f"{k} {_fmt(m[k])}" for k in ("degree", size_by) if k in m),
            ("gaps: " + ", ".join(in_gaps)) if in_gaps else "",
        ]))
        colour = colours.get(gid, NO_GROUP)
        node = Node(sid, "star" if net.is_pmo[v] else "dot", row.get("name", sid),
                    title=title, size=round(8 + 26 * math.sqrt(values[pos] / top), 1),
                    x=round(float(positions[pos][0])), y=round(float(positions[pos][1])),
                    color={"background": colour,
                           "border": GAP_BORDER if in_gaps else "#333333"},
                    borderWidth=4 if in_gaps else 1, gk_group=gid, gk_gap=bool(in_gaps),
                    gk_pmo=bool(net.is_pmo[v]))
        if center is not None and sid == center:
            node.options.update(borderWidth=6, font={"size": 20, "bold": True})
        nodes.append(node.options)

    stale = _stale_pairs(net, gaps)
    vehicles: dict[tuple[int, int], list[str]] = defaultdict(list)
    tp = net.touchpoints
    for a, b, vehicle, cadence in zip(tp.source, tp.target, tp.vehicle, tp.cadence_days):
        vehicles[(min(a, b), max(a, b))].append(f"{vehicle} every {int(cadence)} d")
    edges = []
    for a, b, weight in zip(net.edge_source, net.edge_target, net.weight):
        if not (keep[a] and keep[b]):
            continue
        pair = (min(a, b), max(a, b))
        is_stale = pair in stale
        extra = {"color": STALE_EDGE, "dashes": True, "gk_stale": True} if is_stale else {}
        edge = Edge(str(net.ids[a]), str(net.ids[b]),
                    width=round(1 + math.log1p(float(weight)), 1),
                    title=("stale: " if is_stale else "") + "; ".join(vehicles.get(pair, [])),
                    **extra)
        edges.append(edge.options)

    legend = [{"id": gid, "name": group_names.get(gid, gid), "colour": colours[gid],
               "members": int(np.sum(net.group[kept] == gid))}
              for gid in colours if np.any(net.group[kept] == gid)]
    return {"nodes": nodes, "edges": edges, "options": _options(len(nodes), physics),
            "legend": legend, "size_by": size_by, "physics": physics,
            "stale_ties": sum(1 for e in edges if e.get("gk_stale")),
            "gap_people": sum(1 for n in nodes if n["gk_gap"])}


def group_map(snapshot: Snapshot) -> dict[str, Any]:
    """Customer groups as nodes (size: members), touchpoints between groups as ties.

    Desired links (``desired_links``) with no touchpoint at all are drawn dashed red:
    the cross-pollination still to do.
    """
    groups = snapshot.groups.to_pylist()
    names = {g["id"]: g["name"] for g in groups}
    member_of = dict(zip(snapshot.stakeholders.column("id").to_pylist(),
                         snapshot.stakeholders.column("group").to_pylist()))
    pmo = set(np.array(snapshot.stakeholders.column("id").to_pylist(), dtype=object)[
        np.array(snapshot.stakeholders.column("is_pmo").fill_null(False).to_pylist(),
                 dtype=bool)]) if snapshot.stakeholders.num_rows else set()
    members = Counter(g for g in member_of.values() if g)
    for gid in members:
        names.setdefault(gid, gid)
    volume: Counter[tuple[str, str]] = Counter()
    pmo_touch: Counter[str] = Counter()
    for a, b in zip(snapshot.touchpoints.column("source").to_pylist(),
                    snapshot.touchpoints.column("target").to_pylist()):
        ga, gb = member_of.get(a) or "", member_of.get(b) or ""
        if a in pmo and gb:
            pmo_touch[gb] += 1
        if b in pmo and ga:
            pmo_touch[ga] += 1
        if ga and gb and ga != gb:
            volume[tuple(sorted((ga, gb)))] += 1  # type: ignore[arg-type]
    colours = group_colours(list(names))
    ids = sorted(names)
    graph = ig.Graph(n=len(ids), edges=[(ids.index(a), ids.index(b)) for a, b in volume])
    positions = layout(graph) * 2.5 if ids else np.zeros((0, 2))
    biggest = max(members.values(), default=1)
    nodes = []
    for i, gid in enumerate(ids):
        node = Node(gid, "dot", f"{names[gid]} ({members.get(gid, 0)})",
                    title=f"{names[gid]}\n{members.get(gid, 0)} stakeholders\n"
                          f"{pmo_touch.get(gid, 0)} touchpoints with the PMO",
                    size=round(15 + 35 * math.sqrt(members.get(gid, 0) / biggest), 1),
                    color=colours[gid], x=round(float(positions[i][0]), 1),
                    y=round(float(positions[i][1]), 1), gk_group=gid, gk_gap=False,
                    gk_pmo=False)
        nodes.append(node.options)
    top = max(volume.values(), default=1)
    edges = [Edge(a, b, width=round(1 + 9 * count / top, 2), color="#7a7a7a",
                  label=str(count), title=f"{count} touchpoints between "
                                          f"{names[a]} and {names[b]}",
                  gk_stale=False).options for (a, b), count in sorted(volume.items())]
    missing = []
    for g in groups:
        for other in g.get("desired_links") or []:
            pair = tuple(sorted((g["id"], other)))
            if other in names and pair not in volume and pair not in missing:
                missing.append(pair)
                edges.append(Edge(pair[0], pair[1], width=2, color=GAP_BORDER, dashes=True,
                                  title=f"{names[pair[0]]} and {names[pair[1]]} should talk "
                                        "directly: no touchpoint yet",
                                  gk_stale=True).options)
    options = _options(len(nodes), physics=False)
    options["edges"]["font"] = {"align": "middle", "size": 14}
    return {"nodes": nodes, "edges": edges, "options": options,
            "legend": [{"id": gid, "name": names[gid], "colour": colours[gid],
                        "members": members.get(gid, 0)} for gid in ids],
            "physics": False, "missing_links": [list(p) for p in missing],
            "volume": [{"groups": [a, b], "touchpoints": c} for (a, b), c in volume.items()]}


def grid(snapshot: Snapshot) -> dict[str, Any]:
    """The power/interest grid: influence (rows, 5 at top) × interest (columns)."""
    cells: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
    unknown = []
    for row in snapshot.stakeholders.to_pylist():
        if row.get("influence") is None or row.get("interest") is None:
            unknown.append(row)
            continue
        cells[(int(row["influence"]), int(row["interest"]))].append(row)
    for people in cells.values():
        people.sort(key=lambda r: r["name"])
    quadrants = {
        "manage_closely": sum(len(v) for (i, n), v in cells.items() if i >= 3 and n >= 3),
        "keep_satisfied": sum(len(v) for (i, n), v in cells.items() if i >= 3 and n < 3),
        "keep_informed": sum(len(v) for (i, n), v in cells.items() if i < 3 and n >= 3),
        "monitor": sum(len(v) for (i, n), v in cells.items() if i < 3 and n < 3),
    }
    return {"cells": cells, "unknown": unknown, "quadrants": quadrants}
