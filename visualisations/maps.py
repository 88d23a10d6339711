"""Map data for vis-network: nodes, edges, options and legend, laid out on the server.

Each builder returns the JSON-ready dict that a page embeds (or serves as
``/map/data.json``) and ``static/map.js`` draws: ``{"nodes", "edges", "options",
"legend", ...}`` — vis-network's own node and edge options plus ``gk_*`` fields the page's
filters, search and legend read.

Layout is computed here, once per data version: each connected component is laid out on
its own (Fruchterman–Reingold in igraph) at the same spacing, turned so its long side is
horizontal, and the components are packed beside the largest one, so isolated people sit
next to the network instead of far out (:func:`layout`). Physics is off: the map draws at
once, at any size.

Colours are chosen for non-text contrast (WCAG 2.1, 1.4.11, at least 3:1): the gap ring
and stale ties against the white background and against every fill a node can have, node
outlines and ties against the background (:func:`contrast_ratio`).
"""

from __future__ import annotations

import hashlib
import math
import threading
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import igraph as ig
import numpy as np

from graphkit.analysis.ego import Ego
from graphkit.model import CENTRALITY_MEASURES
from graphkit.network import Network

__all__ = [
    "BACKGROUND",
    "CHEAP_METRICS",
    "GAP",
    "PALETTE",
    "PMO_COLOUR",
    "SIZE_METRICS",
    "PowerInterestGrid",
    "contrast_ratio",
    "ego_map",
    "gap_people",
    "grid",
    "group_colours",
    "group_map",
    "layout",
    "network_map",
    "radial_layout",
    "size_scale",
    "stale_pairs",
    "subjects",
]

#: What a map's node sizes may show: every centrality measure, PageRank (the default) first.
SIZE_METRICS = ("pagerank", *(m for m in CENTRALITY_MEASURES if m != "pagerank"))
#: Metrics computed from the network in well under a second even at 10^5 stakeholders;
#: the others need the report's all-pairs pass (see ``graphkit.analysis.centrality``).
CHEAP_METRICS = ("pagerank", "degree", "weighted_degree", "eigenvector")

# --- colours ---------------------------------------------------------------------------
BACKGROUND = "#ffffff"
INK = "#1d2330"
#: Gap ring and stale ties: crimson, 8:1 on white and >= 3.3:1 on every fill below.
GAP = "#a50021"
#: Mid-light fills (relative luminance 0.38–0.60), so the gap ring keeps 3:1 on each;
#: every node also has a dark outline, so it stands out from the background (8:1).
PALETTE = (
    "#56b4e9",
    "#e69f00",
    "#66c266",
    "#b39ddb",
    "#d8b365",
    "#4dc4c0",
    "#ec8fc3",
    "#b8d65a",
    "#f4a582",
    "#93a8e0",
)
#: PMO members: dark stars, unlike any group's fill (15:1 on white), drawn at least
#: mid-sized so the shape shows.
PMO_COLOUR = INK
NO_GROUP = "#bdbdbd"
OTHER_COMMUNITY = "#dcdcdc"
OUTLINE = "#4d4d4d"
TIE = "#8c8c8c"
#: Communities drawn in a colour of their own (the rest share OTHER_COMMUNITY).
COMMUNITY_COLOURS = len(PALETTE)


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a ``#rrggbb`` colour."""
    h = colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def group_colours(group_ids: Iterable[str]) -> dict[str, str]:
    """One palette colour per group id (sorted ids, so the same on every page)."""
    return {gid: PALETTE[i % len(PALETTE)] for i, gid in enumerate(sorted(set(group_ids)))}


# --- layout ------------------------------------------------------------------------------
#: Canvas pixels between neighbours: every component is scaled to this spacing.
UNIT = 100.0


def _component_layout(graph: ig.Graph, seed: int) -> np.ndarray:
    """One connected component, spaced about UNIT apart, long side horizontal."""
    n = graph.vcount()
    if n == 1:
        return np.zeros((1, 2))
    if n == 2:
        return np.array([[-UNIT / 2, 0.0], [UNIT / 2, 0.0]])
    rng = np.random.default_rng(seed)
    # start spread out: FR's grid is only fast when the start is not one crowded cell
    start = (rng.uniform(-1, 1, size=(n, 2)) * math.sqrt(n)).tolist()
    # Above 1,000 people FR's grid variant (200x faster at 5,000); its picture settles by
    # 100-150 iterations (median tie length at 5,000: 4.8 spacings at 100, 4.9 at 300).
    coords = np.array(
        graph.layout_fruchterman_reingold(
            niter=300 if n <= 1000 else 200 if n <= 2500 else 120,
            seed=start,
            grid="grid" if n > 1000 else "nogrid",
            weights=None,
        ).coords
    )
    coords -= coords.mean(axis=0)
    # A few leaves flung far out would shrink everyone else on screen: pull whoever lies
    # beyond the 99th percentile of distance from the centre back onto that circle.
    radius = np.hypot(coords[:, 0], coords[:, 1])
    if n >= 50:
        cap = float(np.percentile(radius, 99))
        far = radius > cap
        coords[far] *= (cap / radius[far])[:, None]
    # long side horizontal (screens are wider than tall)
    cov = np.cov(coords.T)
    _, vectors = np.linalg.eigh(cov)
    coords = coords @ vectors[:, ::-1]
    # spacing: the box holds n cells of UNIT x UNIT
    span = np.ptp(coords, axis=0)
    area = float(max(span[0], 1e-9) * max(span[1], 1e-9))
    coords = coords * (UNIT * math.sqrt(n / area) if area > 0 else 1.0)
    # FR clusters people: at that spacing neighbours sit about UNIT/3 apart, and nodes
    # overlap. Fine for an overview of thousands; a small network is looked at up close,
    # so below 300 people spread it until typical neighbours are up to 1.2 UNIT apart.
    want = 1.2 * UNIT * min(max((300 - n) / 240, 0.0), 1.0)
    if want > 0:
        from scipy.spatial import cKDTree

        nearest = cKDTree(coords).query(coords, k=2)[0][:, 1]
        typical = float(np.median(nearest))
        if 0 < typical < want:
            coords *= want / typical
    return np.asarray(coords, dtype=float)


def layout(graph: ig.Graph, seed: int = 7) -> np.ndarray:
    """Positions (canvas pixels) of every vertex: components packed around the largest.

    The largest component sits at the origin; the others, largest first, fill columns to
    its right, each column as tall as the largest component, so a map fitted to a
    landscape screen gives most of it to the main network and still shows everyone.

    Parameters
    ----------
    graph : igraph.Graph
        Undirected view is used when directed.
    seed : int, default 7
        Seed of the random start positions (the layout is deterministic for a seed).

    Returns
    -------
    numpy.ndarray, shape (n, 2)
    """
    n = graph.vcount()
    out = np.zeros((n, 2))
    if n == 0:
        return out
    g = graph.as_undirected() if graph.is_directed() else graph
    members = sorted(g.connected_components(), key=lambda c: (-len(c), c[0]))
    boxes: list[tuple[list[int], np.ndarray]] = []
    for comp in members:
        coords = (
            _component_layout(g.induced_subgraph(comp), seed)
            if len(comp) > 2
            else _component_layout(
                ig.Graph(n=len(comp), edges=[(0, 1)] if len(comp) == 2 else []), seed
            )
        )
        boxes.append((comp, coords - coords.min(axis=0)))
    main_comp, main = boxes[0]
    main_size = np.ptp(main, axis=0) if len(main_comp) > 1 else np.array([UNIT, UNIT])
    out[main_comp] = main - main_size / 2
    # strip packing of the rest: columns to the right, top to bottom
    pad = UNIT
    height = max(float(main_size[1]), 3 * UNIT)
    x = float(main_size[0]) / 2 + 2 * pad
    y = -height / 2
    column_width = 0.0
    for comp, coords in boxes[1:]:
        w, h = np.ptp(coords, axis=0) if len(comp) > 1 else np.zeros(2)
        if y + h > height / 2 and y > -height / 2:
            x += column_width + pad
            y, column_width = -height / 2, 0.0
        out[comp] = coords + np.array([x, y])
        y += float(h) + pad
        column_width = max(column_width, float(w))
    return out


_LAYOUTS: OrderedDict[bytes, np.ndarray] = OrderedDict()
_LAYOUTS_LOCK = threading.Lock()


def network_layout(net: Network, seed: int = 7) -> np.ndarray:
    """:func:`layout` of the network's ties, remembered by who is tied to whom.

    A write that leaves the ties alone (a logged contact, a stance, a new name) moves
    the data version on but not one position: the last few layouts are kept, keyed by a
    digest of the ids and tie endpoints (positions ignore weights), so the map does not
    pay for a new layout (0.5 s at 5,000 people, 10 s at 20,000) after such a write.
    """
    digest = hashlib.blake2b(digest_size=20)
    digest.update("\x1f".join(map(str, net.ids.tolist())).encode("utf-8"))
    digest.update(np.ascontiguousarray(net.edge_source, dtype=np.int64).tobytes())
    digest.update(np.ascontiguousarray(net.edge_target, dtype=np.int64).tobytes())
    digest.update(str(seed).encode())
    key = digest.digest()
    with _LAYOUTS_LOCK:
        if key in _LAYOUTS:
            _LAYOUTS.move_to_end(key)
            return _LAYOUTS[key]
    positions = layout(net.graph, seed)
    positions.setflags(write=False)
    with _LAYOUTS_LOCK:
        _LAYOUTS[key] = positions
        while len(_LAYOUTS) > 4:
            _LAYOUTS.popitem(last=False)
    return positions


def radial_layout(distance: np.ndarray, parent: np.ndarray, order_key: np.ndarray) -> np.ndarray:
    """Rings by distance around the person at the centre (ego maps).

    Step ``k`` lies on a circle of radius about ``k`` rings (wider when crowded); on the
    first ring people are ordered by ``order_key`` (their group, so colours run together),
    on the next rings next to whoever brought them in (``parent``, an index into the same
    arrays, -1 for none).
    """
    n = len(distance)
    out = np.zeros((n, 2))
    angle = np.zeros(n)
    steps = int(distance.max(initial=0))
    counts = [int((distance == k).sum()) for k in range(1, steps + 1)]
    # evenly spaced rings, as wide as the most crowded one needs (about UNIT apart)
    gap = max([2.2 * UNIT] + [c * UNIT / (2 * math.pi) / k for k, c in enumerate(counts, 1)])
    for step in range(1, steps + 1):
        at = np.flatnonzero(distance == step)
        if not len(at):
            continue
        if step == 1:
            keys: list[tuple[Any, ...]] = [(order_key[i], i) for i in at]
        else:
            keys = [(angle[parent[i]] if parent[i] >= 0 else 0.0, order_key[i], i) for i in at]
        ordered = [k[-1] for k in sorted(keys)]
        radius = gap * step
        for j, i in enumerate(ordered):
            angle[i] = 2 * math.pi * j / len(ordered) - math.pi / 2
            out[i] = (radius * math.cos(angle[i]), radius * math.sin(angle[i]))
    return out


# --- sizes -------------------------------------------------------------------------------
SMALLEST = 0.16 * UNIT
LARGEST = 0.62 * UNIT
STAR_SIZE = 0.6 * UNIT


@dataclass(frozen=True)
class SizeScale:
    """Node radii from one metric, and a few (radius, value) pairs for the legend."""

    metric: str
    sizes: np.ndarray
    examples: list[dict[str, float]]


def size_scale(
    metric: str, values: np.ndarray, smallest: float = SMALLEST, largest: float = LARGEST
) -> SizeScale:
    """Radii by rank of ``values``: the lowest value gets ``smallest``, the highest
    ``largest``, and everyone in between by their share of people below them.

    By rank rather than by value because centralities are heavy-tailed: one hub with a
    thousand ties would leave everyone else at the minimum (on the 2,000 demo by
    betweenness: 1,604 people within 5% of the smallest size by square root of the value,
    420 by rank — those with betweenness 0). Equal values get equal radii.
    """
    v = np.nan_to_num(np.asarray(values, dtype=float), nan=0.0)
    n = len(v)
    if n == 0:
        return SizeScale(metric, np.zeros(0), [])
    uniq, inverse = np.unique(v, return_inverse=True)
    below = np.searchsorted(np.sort(v), uniq, side="left")  # people with a lower value
    share = below / max(n - 1, 1) if len(uniq) > 1 else np.full(len(uniq), 0.5)
    share = share / share.max() if share.max() > 0 else share
    sizes = (smallest + (largest - smallest) * share)[inverse]
    examples = []
    for q in (0.0, 0.5, 1.0):
        i = int(np.argsort(v, kind="stable")[min(n - 1, round(q * (n - 1)))])
        examples.append({"size": round(float(sizes[i]), 1), "value": float(v[i])})
    return SizeScale(metric, np.round(sizes, 1), examples)


# --- gaps on the map ---------------------------------------------------------------------
def subjects(gap: Mapping[str, Any]) -> list[str]:
    """The ids a gap names (stakeholders or groups)."""
    subject = gap.get("subject")
    if isinstance(subject, str):
        return [subject]
    if isinstance(subject, dict):
        out: list[str] = []
        for value in subject.values():
            out.extend([value] if isinstance(value, str) else list(value or []))
        return [str(s) for s in out]
    return [str(s) for s in subject or []]


def stale_pairs(net: Network, gaps: Sequence[Mapping[str, Any]]) -> set[tuple[int, int]]:
    """Vertex pairs (low, high) with a stale touchpoint, as the gap analysis found them."""
    pairs = set()
    for gap in gaps:
        if gap.get("kind") == "stale_touchpoint":
            ends = subjects(gap)
            if len(ends) == 2:
                a, b = (net.index.get(x) for x in ends)
                if a is not None and b is not None:
                    pairs.add((min(a, b), max(a, b)))
    return pairs


def gap_people(net: Network, gaps: Sequence[Mapping[str, Any]]) -> dict[str, list[str]]:
    """Stakeholders named as the subject of a gap → the kinds of gap (stale ties are drawn
    as dashed ties instead, and group gaps name groups, not people)."""
    people: dict[str, list[str]] = defaultdict(list)
    for gap in gaps:
        kind = str(gap.get("kind"))
        if kind == "stale_touchpoint":
            continue
        for subject in subjects(gap):
            if subject in net.index and kind not in people[subject]:
                people[subject].append(kind)
    return dict(people)


# --- the network map ---------------------------------------------------------------------
def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


def _options(edge_titles: bool, many: bool) -> dict[str, Any]:
    """vis-network options: positions are given, physics is off."""
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "nodes": {
            "borderWidth": 1,
            "borderWidthSelected": 3,
            "font": {
                "size": 14,
                "face": "system-ui, sans-serif",
                "color": INK,
                "strokeWidth": 3,
                "strokeColor": BACKGROUND,
            },
            "scaling": {"label": {"drawThreshold": 9}},
        },
        "edges": {
            "color": {"color": TIE, "highlight": INK, "hover": INK, "inherit": False},
            "smooth": False,
            "selectionWidth": 2,
            "hoverWidth": 1.5,
        },
        "interaction": {
            "hover": edge_titles,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": many,
            "hideEdgesOnZoom": many,
            "multiselect": False,
            "navigationButtons": False,
            "keyboard": {"enabled": True, "bindToWindow": False},
        },
    }


@dataclass
class MapMetrics:
    """What sizes the nodes: the report's centrality rows if computed, else the cheap
    measures straight from the network (see :data:`CHEAP_METRICS`)."""

    values: dict[str, np.ndarray] = field(default_factory=dict)
    complete: bool = False

    @classmethod
    def of(
        cls,
        net: Network,
        centrality: Sequence[Mapping[str, Any]] | None,
        cheap: Mapping[str, np.ndarray] | None = None,
    ) -> MapMetrics:
        if centrality:
            rows = {str(r["id"]): r for r in centrality if "id" in r}
            values = {
                m: np.array([float(rows.get(str(sid), {}).get(m) or 0.0) for sid in net.ids])
                for m in SIZE_METRICS
            }
            return cls(values, True)
        return cls({k: np.asarray(v, dtype=float) for k, v in (cheap or {}).items()}, False)


def _node(
    net: Network,
    v: int,
    *,
    person: Mapping[str, Any],
    group_names: Mapping[str, str],
    colours: Mapping[str, str],
    gaps: Sequence[str],
    size: float,
    metric_line: str,
    community: int | None,
    rank: int,
    x: float,
    y: float,
) -> dict[str, Any]:
    sid = str(net.ids[v])
    gid = net.group[v] or ""
    pmo = bool(net.is_pmo[v])
    name = str(person.get("name") or sid)
    influence = None if math.isnan(net.influence[v]) else int(net.influence[v])
    interest = None if math.isnan(net.interest[v]) else int(net.interest[v])
    stance = str(net.stance[v] or "unknown")
    title = "\n".join(
        filter(
            None,
            [
                name + (" (PMO)" if pmo else ""),
                group_names.get(gid, gid) or "no group",
                ", ".join(filter(None, [person.get("role"), person.get("organisation")])),
                f"stance {stance}"
                + (f" · influence {influence}" if influence else "")
                + (f" · interest {interest}" if interest else ""),
                metric_line,
                ("in a gap: " + ", ".join(k.replace("_", " ") for k in gaps)) if gaps else "",
            ],
        )
    )
    fill = PMO_COLOUR if pmo else colours.get(gid, NO_GROUP)
    return {
        "id": sid,
        "label": name,
        "title": title,
        "shape": "star" if pmo else "dot",
        "size": max(size, STAR_SIZE) if pmo else size,
        "x": round(x),
        "y": round(y),
        "color": {
            "background": fill,
            "border": OUTLINE,
            "highlight": {"background": fill, "border": INK},
            "hover": {"background": fill, "border": INK},
        },
        "gk_group": gid,
        "gk_pmo": pmo,
        "gk_gap": bool(gaps),
        "gk_gaps": list(gaps),
        "gk_stance": stance,
        "gk_influence": influence,
        "gk_interest": interest,
        "gk_community": community,
        "gk_rank": rank,
    }


def _tie_titles(net: Network, keep: np.ndarray) -> dict[tuple[int, int], list[str]]:
    titles: dict[tuple[int, int], list[str]] = defaultdict(list)
    tp = net.touchpoints
    for a, b, vehicle, cadence in zip(
        tp.source.tolist(), tp.target.tolist(), tp.vehicle.tolist(), tp.cadence_days.tolist()
    ):
        if keep[a] and keep[b]:
            titles[(min(a, b), max(a, b))].append(
                f"{str(vehicle).replace('_', ' ')} every {int(cadence)} d"
            )
    return titles


#: Above this many ties the map leaves out per-tie tooltips (hover is off there anyway).
TIE_TITLES_UP_TO = 20_000


def network_map(
    net: Network,
    *,
    people: Mapping[str, Mapping[str, Any]],
    group_names: Mapping[str, str],
    metrics: MapMetrics,
    gaps: Sequence[Mapping[str, Any]] | None = None,
    communities: Mapping[str, Any] | None = None,
    size_by: str = "pagerank",
    vertices: np.ndarray | None = None,
    positions: np.ndarray | None = None,
    center: str | None = None,
    extra: Mapping[str, Sequence[Any]] | None = None,
) -> dict[str, Any]:
    """The network (or the ``vertices`` given) as vis-network data.

    Parameters
    ----------
    net : Network
        The snapshot's network (ties folded per pair).
    people : mapping
        Stakeholder id → its row (name, role, organisation).
    group_names : mapping
        Group id → name (groups used but not declared show their id).
    metrics : MapMetrics
        Values to size nodes by; ``size_by`` falls back to weighted degree when absent.
    gaps : sequence of dict, optional
        The gap list: people who are the subject of a gap are ringed (``gk_gap``), stale
        touchpoints dash their tie (``gk_stale``).
    communities : dict, optional
        The report's ``communities`` part (``membership``): ``gk_community`` per node, and
        the legend to colour by community.
    vertices, positions : numpy.ndarray, optional
        Draw only these vertices, at these positions (default: everyone, :func:`layout`).
    center : str, optional
        The person an ego map is about (drawn larger, labelled).
    extra : mapping, optional
        Field name → one value per drawn vertex, added to each node (e.g. ``gk_distance``).

    Returns
    -------
    dict
        ``nodes``, ``edges``, ``options`` (vis-network), ``legend`` (``groups``, ``pmo``,
        ``size``, ``communities``, ``marks``), ``size_by``, ``sized_by_report`` (False
        when the report's centrality was not ready), ``stale_ties``, ``gap_people``,
        ``total`` (stakeholders in the network), ``physics`` (always False).
    """
    gaps = gaps or []
    kept = np.arange(net.n) if vertices is None else np.asarray(vertices, dtype=np.int64)
    keep = np.zeros(net.n, dtype=bool)
    keep[kept] = True
    if positions is None:
        positions = layout(
            net.graph.induced_subgraph(kept.tolist()) if vertices is not None else net.graph
        )
    if size_by not in metrics.values:
        size_by = "weighted_degree" if "weighted_degree" in metrics.values else size_by
    values = metrics.values.get(size_by, np.zeros(net.n))[kept]
    scale = size_scale(size_by, values)
    rank = np.empty(len(kept), dtype=np.int64)
    rank[np.lexsort((np.arange(len(kept)), -values))] = np.arange(len(kept))
    colours = group_colours([g for g in group_names] + [g for g in net.group_labels])
    people_in_gaps = gap_people(net, gaps)
    membership = (communities or {}).get("membership") or {}
    shown_metrics = [m for m in ("degree", size_by) if m in metrics.values]

    nodes = []
    # vis-network draws in this order: the least central first, PMO members last (on top)
    order = np.lexsort((-rank, net.is_pmo[kept]))
    for pos in order.tolist():
        v = int(kept[pos])
        sid = str(net.ids[v])
        line = " · ".join(
            f"{m.replace('_', ' ')} {_fmt(float(metrics.values[m][v]))}"
            for m in dict.fromkeys(shown_metrics)
        )
        node = _node(
            net,
            v,
            person=people.get(sid, {}),
            group_names=group_names,
            colours=colours,
            gaps=people_in_gaps.get(sid, []),
            size=float(scale.sizes[pos]),
            metric_line=line,
            community=membership.get(sid),
            rank=int(rank[pos]),
            x=float(positions[pos][0]),
            y=float(positions[pos][1]),
        )
        if center is not None and sid == center:
            node.update(
                borderWidth=3, font={"size": 18, "bold": True}, size=max(node["size"], LARGEST)
            )
        for key, column in (extra or {}).items():
            node[key] = column[pos]
        nodes.append(node)

    stale = stale_pairs(net, gaps)
    sub_edges = np.flatnonzero(keep[net.edge_source] & keep[net.edge_target])
    titles = _tie_titles(net, keep) if len(sub_edges) <= TIE_TITLES_UP_TO else {}
    ids = net.ids.tolist()
    widths = np.round(1 + np.log1p(net.weight[sub_edges]) / 2, 2).tolist()
    stale_style = {"color": GAP, "highlight": GAP, "hover": GAP}
    edges = []
    for a, b, width in zip(
        net.edge_source[sub_edges].tolist(), net.edge_target[sub_edges].tolist(), widths
    ):
        pair = (a, b) if a < b else (b, a)
        edge: dict[str, Any] = {"from": ids[a], "to": ids[b], "width": width}
        if pair in titles:
            edge["title"] = "; ".join(titles[pair])
        if pair in stale:
            edge.update(
                dashes=[8, 6],
                gk_stale=True,
                color=stale_style,
                title="stale: " + edge.get("title", "a touchpoint is overdue"),
                width=max(width, 2.0),
            )
        edges.append(edge)

    groups_here = Counter(net.group[v] or "" for v in kept.tolist() if not net.is_pmo[v])
    legend_groups = [
        {
            "id": gid,
            "name": group_names.get(gid, gid),
            "colour": colours[gid],
            "members": groups_here[gid],
        }
        for gid in sorted((g for g in groups_here if g), key=lambda g: -groups_here[g])
    ]
    if groups_here.get(""):
        legend_groups.append(
            {"id": "", "name": "no group", "colour": NO_GROUP, "members": groups_here[""]}
        )
    pmo_here = int(net.is_pmo[kept].sum())
    return {
        "nodes": nodes,
        "edges": edges,
        "options": _options(edge_titles=bool(titles) and len(kept) <= 2000, many=len(edges) > 3000),
        "legend": {
            "groups": legend_groups,
            "pmo": {"colour": PMO_COLOUR, "members": pmo_here},
            "size": {"metric": size_by, "examples": scale.examples},
            "communities": _community_legend(membership, [str(net.ids[v]) for v in kept]),
            "marks": {
                "gap": GAP,
                "tie": TIE,
                "outline": OUTLINE,
                "background": BACKGROUND,
                "other_community": OTHER_COMMUNITY,
                "no_group": NO_GROUP,
            },
        },
        "size_by": size_by,
        "sized_by_report": metrics.complete,
        "physics": False,
        "center": center,
        "stale_ties": sum(1 for e in edges if e.get("gk_stale")),
        "gap_people": sum(1 for n in nodes if n["gk_gap"]),
        "total": int(net.n),
    }


def _community_legend(membership: Mapping[str, int], ids: list[str]) -> list[dict[str, Any]]:
    """Community → colour for the largest communities among the drawn people."""
    sizes = Counter(membership[i] for i in ids if i in membership)
    out = []
    for k, (community, size) in enumerate(sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0]))):
        colour = PALETTE[k] if k < COMMUNITY_COLOURS else OTHER_COMMUNITY
        out.append({"id": int(community), "colour": colour, "members": int(size)})
    return out


# --- ego map -----------------------------------------------------------------------------
def ego_map(net: Network, ego: Ego, **kwargs: Any) -> dict[str, Any]:
    """The people an :class:`~graphkit.analysis.ego.Ego` draws, in rings by distance."""
    drawn = ego.drawn
    position = {int(v): i for i, v in enumerate(drawn.tolist())}
    parent = np.array([position.get(int(p), -1) for p in ego.parent_of(drawn)], dtype=np.int64)
    group_key = np.array([(net.group[v] or "~") for v in drawn.tolist()], dtype=object)
    positions = radial_layout(ego.distance_of(drawn), parent, group_key)
    return network_map(
        net,
        vertices=drawn,
        positions=positions,
        center=str(net.ids[ego.center]),
        extra={"gk_distance": ego.distance_of(drawn).tolist()},
        **kwargs,
    )


# --- group map ---------------------------------------------------------------------------
PMO_NODE = "(pmo)"
NO_GROUP_NODE = "(none)"


def group_map(net: Network, group_names: Mapping[str, str]) -> dict[str, Any]:
    """Customer groups as nodes (size: members) and touchpoints between them as ties.

    Every personal touchpoint counts once for the pair of groups its two people are in
    (``volume``), as the gap analysis counts them; PMO members filed under no group form
    one node, the PMO, so the map shows how the PMO reaches each group; other people with
    no group form "no group". Touchpoints inside one group are counted on that group
    (``within``).
    Desired links (a group's ``desired_links``) with no touchpoint at all are drawn dashed
    in the gap colour: the cross-pollination still to do.
    """
    labels = list(net.group_labels)
    names = {g: group_names.get(g, g) for g in labels}
    # node per vertex: a group label index, then PMO, then no group
    pmo_slot, none_slot = len(labels), len(labels) + 1
    slot = np.where(
        net.group_index >= 0, net.group_index, np.where(net.is_pmo, pmo_slot, none_slot)
    )
    ids = labels + [PMO_NODE, NO_GROUP_NODE]
    names[PMO_NODE], names[NO_GROUP_NODE] = "PMO", "no group"
    k = len(ids)
    members = np.bincount(slot, minlength=k)
    tp = net.touchpoints
    a, b = slot[tp.source], slot[tp.target]
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    pair_counts = np.bincount(lo * k + hi, minlength=k * k).reshape(k, k)
    within = np.diag(pair_counts).copy()
    shown = [
        i for i in range(k) if members[i] or (i < len(labels) and labels[i] in net.groups.index)
    ]
    colours = group_colours(labels)
    colour = {i: colours[labels[i]] for i in range(len(labels))}
    colour[pmo_slot], colour[none_slot] = PMO_COLOUR, NO_GROUP
    # PMO in the middle, groups around it (largest at the top, clockwise)
    ring = [i for i in sorted(shown, key=lambda i: (-members[i], ids[i])) if i != pmo_slot]
    radius = 4.5 * UNIT
    pos = {pmo_slot: (0.0, 0.0)}
    for j, i in enumerate(ring):
        angle = 2 * math.pi * j / max(len(ring), 1) - math.pi / 2
        pos[i] = (radius * math.cos(angle), radius * math.sin(angle))
    biggest = max((int(members[i]) for i in shown), default=1) or 1
    nodes = []
    for i in shown:
        gid = ids[i]
        n_members = int(members[i])
        nodes.append(
            {
                "id": gid,
                "label": f"{names[gid]} ({n_members})",
                "title": f"{names[gid]}\n{n_members} "
                f"{'PMO members (no group)' if i == pmo_slot else 'stakeholders'}\n"
                f"{int(within[i])} touchpoints within",
                "shape": "star" if i == pmo_slot else "dot",
                "size": round(0.3 * UNIT + 0.5 * UNIT * math.sqrt(n_members / biggest), 1),
                "x": round(pos[i][0]),
                "y": round(pos[i][1]),
                "color": {
                    "background": colour[i],
                    "border": OUTLINE,
                    "highlight": {"background": colour[i], "border": INK},
                },
                "gk_group": gid,
                "gk_pmo": i == pmo_slot,
                "gk_gap": False,
                "gk_members": n_members,
                "gk_within": int(within[i]),
            }
        )
    volume = [
        (i, j, int(pair_counts[i, j]))
        for i in range(k)
        for j in range(i + 1, k)
        if pair_counts[i, j]
    ]
    top = max((c for _, _, c in volume), default=1)
    edges: list[dict[str, Any]] = [
        {
            "from": ids[i],
            "to": ids[j],
            "label": str(c),
            "gk_volume": c,
            "width": round(1 + 11 * math.sqrt(c / top), 2),
            "color": {"color": TIE},
            "title": f"{c} touchpoints between {names[ids[i]]} and {names[ids[j]]}",
            "font": {"size": 22, "strokeWidth": 5, "strokeColor": BACKGROUND, "color": INK},
        }
        for i, j, c in volume
    ]
    missing: list[list[str]] = []
    for gi, links in enumerate(net.groups.desired_links):
        for other in links:
            if other not in net.groups.index:
                continue
            gj = net.groups.index[other]
            i, j = min(gi, gj), max(gi, gj)
            if i == j or pair_counts[i, j] or [ids[i], ids[j]] in missing:
                continue
            missing.append([ids[i], ids[j]])
            edges.append(
                {
                    "from": ids[i],
                    "to": ids[j],
                    "width": 3,
                    "dashes": [10, 8],
                    "color": {"color": GAP, "highlight": GAP},
                    "gk_missing": True,
                    "title": f"{names[ids[i]]} and {names[ids[j]]} should talk "
                    "directly: no touchpoint yet",
                }
            )
    options = _options(edge_titles=True, many=False)
    options["edges"]["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.12}
    options["nodes"]["scaling"] = {"label": {"drawThreshold": 1}}
    options["nodes"]["font"] = dict(options["nodes"]["font"], size=24)
    return {
        "nodes": nodes,
        "edges": edges,
        "options": options,
        "physics": False,
        "legend": {
            "groups": [
                {
                    "id": ids[i],
                    "name": names[ids[i]],
                    "colour": colour[i],
                    "members": int(members[i]),
                }
                for i in shown
            ],
            "marks": {"gap": GAP, "tie": TIE},
        },
        "missing_links": missing,
        "volume": [{"groups": [ids[i], ids[j]], "touchpoints": c} for i, j, c in volume],
        "within": {ids[i]: int(within[i]) for i in shown},
    }


# --- power/interest grid -----------------------------------------------------------------
@dataclass
class PowerInterestGrid:
    """Who sits where: ``cells[(influence, interest)]`` (1–5 each) lists people by name."""

    cells: dict[tuple[int, int], list[dict[str, Any]]]
    unknown: list[dict[str, Any]]
    quadrants: dict[str, int]


def quadrant(influence: int, interest: int) -> str:
    """Mendelow's quadrant of a cell (3 and above count as high)."""
    if influence >= 3:
        return "manage_closely" if interest >= 3 else "keep_satisfied"
    return "keep_informed" if interest >= 3 else "monitor"


def grid(people: Iterable[Mapping[str, Any]]) -> PowerInterestGrid:
    """The power/interest grid: influence (rows, 5 at the top) × interest (columns)."""
    cells: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
    unknown = []
    for row in people:
        if row.get("influence") is None or row.get("interest") is None:
            unknown.append(dict(row))
            continue
        cells[(int(row["influence"]), int(row["interest"]))].append(dict(row))
    for members in cells.values():
        members.sort(key=lambda r: (str(r.get("name") or ""), str(r["id"])))
    quadrants = Counter(
        {"manage_closely": 0, "keep_satisfied": 0, "keep_informed": 0, "monitor": 0}
    )
    for (influence, interest), members in cells.items():
        quadrants[quadrant(influence, interest)] += len(members)
    unknown.sort(key=lambda r: (str(r.get("name") or ""), str(r["id"])))
    return PowerInterestGrid(dict(cells), unknown, dict(quadrants))
