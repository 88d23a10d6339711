"""The PMO network as one igraph graph, built in bulk from a :class:`Snapshot`.

``build_network`` turns the three Arrow tables of a snapshot into a :class:`Network`: one
:class:`igraph.Graph` whose vertices are the stakeholders (in snapshot order) and whose
edges are the *ties* — every touchpoint between the same two stakeholders folded into one
weighted tie (DESIGN.md section 3):

* weight of a tie = Σ strength × 30 / cadence_days over its touchpoints (touches a month);
* distance of a tie = 1 / weight, used wherever a metric needs path lengths.

Undirected (the default), touchpoints fold per unordered pair. Directed, they fold per
ordered pair: a ``direction: both`` touchpoint gives both arcs, ``direction: out`` only
source → target. Ties whose total weight is 0 (every touchpoint at strength 0) are left
out of the graph; their touchpoints stay in the raw arrays, which gap analysis reads one
touchpoint at a time.

Everything here is vectorised (pyarrow/numpy); no Python loop runs per touchpoint.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import igraph as ig
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from graphkit.store.port import Snapshot

#: Weight of a tie per touchpoint: ``strength × MONTH_DAYS / cadence_days``.
MONTH_DAYS = 30.0


def _strings(table: pa.Table, column: str, default: Any = None) -> np.ndarray:
    """A string column as an object ndarray (nulls become ``default``)."""
    if column not in table.column_names:
        return np.full(table.num_rows, default, dtype=object)
    values = table.column(column).to_pylist()
    out = np.empty(len(values), dtype=object)
    out[:] = values
    if default is not None:
        out[out == None] = default  # noqa: E711  (element-wise comparison)
    return out


def _numbers(table: pa.Table, column: str, default: float, dtype=np.float64) -> np.ndarray:
    if column not in table.column_names:
        return np.full(table.num_rows, default, dtype=dtype)
    col = pc.fill_null(table.column(column).cast(pa.float64()), float(default))
    return col.to_numpy(zero_copy_only=False).astype(dtype, copy=False)


def _booleans(table: pa.Table, column: str) -> np.ndarray:
    if column not in table.column_names:
        return np.zeros(table.num_rows, dtype=bool)
    col = pc.fill_null(table.column(column), False)
    return col.to_numpy(zero_copy_only=False).astype(bool, copy=False)


def _indices(ids: pa.Array, column: pa.ChunkedArray) -> np.ndarray:
    """Positions of ``column`` values in ``ids`` (-1 when absent), vectorised."""
    found = pc.index_in(column, value_set=ids)
    return pc.fill_null(found, -1).to_numpy(zero_copy_only=False).astype(np.int64)


@dataclass
class Touchpoints:
    """The raw touchpoints (one row each), as arrays aligned with the snapshot table.

    Rows naming a stakeholder that is not in the snapshot are dropped (counted in
    ``Network.dropped_touchpoints``).
    """

    id: np.ndarray  # object
    source: np.ndarray  # int64 vertex index
    target: np.ndarray  # int64 vertex index
    vehicle: np.ndarray  # object
    connection: np.ndarray  # object
    cadence_days: np.ndarray  # float64 (30 when missing)
    last_contact: np.ndarray  # datetime64[D], NaT when missing
    strength: np.ndarray  # float64 (1 when missing)
    direction: np.ndarray  # object, "both" or "out"
    weight: np.ndarray  # float64: strength × 30 / cadence_days

    def __len__(self) -> int:
        return len(self.source)


@dataclass
class GroupInfo:
    """The declared customer groups (rows of the groups table, in order)."""

    ids: list[str]
    names: list[str]
    desired_cadence_days: np.ndarray  # float64, NaN when not set
    desired_connection: list[str | None]
    desired_links: list[list[str]]
    index: dict[str, int] = field(default_factory=dict)


@dataclass
class Network:
    """A snapshot as one igraph graph plus aligned numpy arrays.

    Attributes
    ----------
    graph : igraph.Graph
        Vertices = stakeholders in snapshot order; edges = folded ties, with edge
        attributes ``weight``, ``distance`` and ``touchpoints`` (count folded in).
    directed : bool
    ids : numpy.ndarray of str
        Vertex index → stakeholder id.
    index : dict
        Stakeholder id → vertex index.
    name, group, source, stance : numpy.ndarray of object
        Per vertex (``group`` is ``None`` for no group).
    is_pmo : numpy.ndarray of bool
    influence, interest : numpy.ndarray of float
        1–5, NaN when unknown.
    group_index : numpy.ndarray of int
        Per vertex, index into ``groups.ids`` (or into ``group_labels`` for a group id
        that is not declared), -1 for none.
    edge_source, edge_target, weight, distance, edge_touchpoints : numpy.ndarray
        Per tie (edge order of ``graph``).
    touchpoints : Touchpoints
        The raw touchpoints, one row each.
    groups : GroupInfo
    """

    graph: ig.Graph
    directed: bool
    ids: np.ndarray
    index: dict[str, int]
    name: np.ndarray
    group: np.ndarray
    source: np.ndarray
    stance: np.ndarray
    is_pmo: np.ndarray
    influence: np.ndarray
    interest: np.ndarray
    group_index: np.ndarray
    group_labels: list[str]
    edge_source: np.ndarray
    edge_target: np.ndarray
    weight: np.ndarray
    distance: np.ndarray
    edge_touchpoints: np.ndarray
    touchpoints: Touchpoints
    groups: GroupInfo
    dropped_touchpoints: int = 0

    @property
    def n(self) -> int:
        return self.graph.vcount()

    @property
    def m(self) -> int:
        return self.graph.ecount()

    @property
    def pmo(self) -> np.ndarray:
        """Vertex indices of the PMO members."""
        return np.flatnonzero(self.is_pmo)

    def vertices(self, ids: list[str] | np.ndarray) -> np.ndarray:
        """Vertex indices of stakeholder ids; raises ``KeyError`` naming an unknown id."""
        out = np.empty(len(ids), dtype=np.int64)
        for i, sid in enumerate(ids):
            try:
                out[i] = self.index[sid]
            except KeyError:
                raise KeyError(f"unknown stakeholder id: {sid!r}") from None
        return out

    def undirected_graph(self) -> ig.Graph:
        """The ties as an undirected graph (weights of both arcs summed when directed)."""
        if not self.directed:
            return self.graph
        g = self.graph.copy()
        g.to_undirected(mode="collapse", combine_edges={"weight": "sum", "touchpoints": "sum",
                                                        "distance": "first"})
        g.es["distance"] = [1.0 / w for w in g.es["weight"]]
        return g

    def adjacency(self, weighted: bool = False, symmetric: bool | None = None):
        """Sparse CSR adjacency (``A[u, v]`` for a tie u→v); symmetric when undirected."""
        import scipy.sparse as sp

        n = self.n
        data = self.weight if weighted else np.ones(self.m)
        sym = (not self.directed) if symmetric is None else symmetric
        if sym:
            rows = np.concatenate([self.edge_source, self.edge_target])
            cols = np.concatenate([self.edge_target, self.edge_source])
            data = np.concatenate([data, data])
        else:
            rows, cols = self.edge_source, self.edge_target
        a = sp.csr_matrix((data, (rows, cols)), shape=(n, n))
        a.sum_duplicates()
        return a


def _fold(keys: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    uniq, inverse = np.unique(keys, return_inverse=True)
    folded = np.bincount(inverse, weights=weights, minlength=len(uniq))
    counts = np.bincount(inverse, minlength=len(uniq))
    return uniq, folded, counts


def build_network(snapshot: Snapshot, directed: bool = False) -> Network:
    """Build the :class:`Network` of a snapshot, in bulk.

    Parameters
    ----------
    snapshot : Snapshot
        Groups, stakeholders and touchpoints as Arrow tables (``graphkit.model`` schemas).
    directed : bool, default False
        Keep the direction of touchpoints: ``both`` gives two arcs, ``out`` one.

    Returns
    -------
    Network

    Examples
    --------
    >>> from graphkit import model
    >>> from graphkit.store.port import Snapshot
    >>> snap = Snapshot(
    ...     model.to_table("groups", []),
    ...     model.to_table("stakeholders", [model.Stakeholder(id="a", name="A"),
    ...                                     model.Stakeholder(id="b", name="B")]),
    ...     model.to_table("touchpoints", [model.Touchpoint(source="a", target="b",
    ...                                                     cadence_days=7)]))
    >>> net = build_network(snap)
    >>> round(float(net.weight[0]), 4)
    4.2857
    """
    st = snapshot.stakeholders
    tp = snapshot.touchpoints
    gr = snapshot.groups
    n = st.num_rows

    id_array = pc.cast(st.column("id"), pa.string()).combine_chunks() if n else pa.array([], pa.string())
    ids = np.empty(n, dtype=object)
    ids[:] = id_array.to_pylist()
    index = {sid: i for i, sid in enumerate(ids)}

    # --- groups
    g_ids = [str(x) for x in gr.column("id").to_pylist()] if gr.num_rows else []
    groups = GroupInfo(
        ids=g_ids,
        names=[x if x is not None else g for x, g in zip(gr.column("name").to_pylist(), g_ids)]
        if gr.num_rows else [],
        desired_cadence_days=_numbers(gr, "desired_cadence_days", np.nan),
        desired_connection=gr.column("desired_connection").to_pylist() if gr.num_rows else [],
        desired_links=[list(x or []) for x in gr.column("desired_links").to_pylist()]
        if gr.num_rows else [],
        index={g: i for i, g in enumerate(g_ids)},
    )

    group = _strings(st, "group")
    group_labels = list(g_ids)
    label_index = dict(groups.index)
    group_index = np.full(n, -1, dtype=np.int64)
    if n:
        gcol = st.column("group")
        all_labels = pa.array(group_labels, pa.string())
        group_index = _indices(all_labels, gcol) if len(group_labels) else group_index
        # Group ids that are used but not declared still form a label of their own.
        missing = np.flatnonzero((group_index < 0) & (group != None))  # noqa: E711
        for i in missing:
            g = group[i]
            if g not in label_index:
                label_index[g] = len(group_labels)
                group_labels.append(g)
            group_index[i] = label_index[g]

    # --- touchpoints
    m_raw = tp.num_rows
    if m_raw:
        src = _indices(id_array, tp.column("source"))
        dst = _indices(id_array, tp.column("target"))
    else:
        src = dst = np.zeros(0, dtype=np.int64)
    keep = (src >= 0) & (dst >= 0) & (src != dst)
    dropped = int(m_raw - keep.sum())
    sel = np.flatnonzero(keep)

    def col_obj(name, default=None):
        return _strings(tp, name, default)[sel]

    strength = _numbers(tp, "strength", 1.0)[sel]
    cadence = _numbers(tp, "cadence_days", 30.0)[sel]
    cadence = np.where(cadence > 0, cadence, 30.0)
    if m_raw and "last_contact" in tp.column_names:
        lc = tp.column("last_contact").cast(pa.date32())
        last = lc.to_numpy(zero_copy_only=False).astype("datetime64[D]")[sel]
    else:
        last = np.full(len(sel), np.datetime64("NaT"), dtype="datetime64[D]")
    tweight = strength * MONTH_DAYS / cadence
    touch = Touchpoints(
        id=col_obj("id"),
        source=src[sel],
        target=dst[sel],
        vehicle=col_obj("vehicle", "meeting"),
        connection=col_obj("connection", "operational"),
        cadence_days=cadence,
        last_contact=last,
        strength=strength,
        direction=col_obj("direction", "both"),
        weight=tweight,
    )

    # --- fold into ties
    s, t = touch.source, touch.target
    if directed:
        both = touch.direction != "out"
        a = np.concatenate([s, t[both]])
        b = np.concatenate([t, s[both]])
        w = np.concatenate([tweight, tweight[both]])
    else:
        a, b, w = np.minimum(s, t), np.maximum(s, t), tweight
    keys = a.astype(np.int64) * max(n, 1) + b
    uniq, wsum, counts = _fold(keys, w)
    positive = wsum > 0
    uniq, wsum, counts = uniq[positive], wsum[positive], counts[positive]
    e_src = (uniq // max(n, 1)).astype(np.int64)
    e_dst = (uniq % max(n, 1)).astype(np.int64)
    edges = np.column_stack([e_src, e_dst]) if len(uniq) else np.zeros((0, 2), dtype=np.int64)
    graph = ig.Graph(n=n, edges=edges, directed=directed)
    graph.es["weight"] = wsum
    distance = 1.0 / wsum
    graph.es["distance"] = distance
    graph.es["touchpoints"] = counts

    influence = _numbers(st, "influence", np.nan)
    interest = _numbers(st, "interest", np.nan)
    return Network(
        graph=graph,
        directed=directed,
        ids=ids,
        index=index,
        name=_strings(st, "name"),
        group=group,
        source=_strings(st, "source", "stakeholder"),
        stance=_strings(st, "stance", "unknown"),
        is_pmo=_booleans(st, "is_pmo"),
        influence=influence,
        interest=interest,
        group_index=group_index,
        group_labels=group_labels,
        edge_source=e_src,
        edge_target=e_dst,
        weight=wsum,
        distance=distance,
        edge_touchpoints=counts,
        touchpoints=touch,
        groups=groups,
        dropped_touchpoints=dropped,
    )


def attributes_of(snapshot: Snapshot) -> list[dict[str, str]]:
    """The free ``attributes`` of each stakeholder (JSON text) as dicts, in vertex order."""
    if "attributes" not in snapshot.stakeholders.column_names:
        return [{} for _ in range(snapshot.stakeholders.num_rows)]
    return [json.loads(x) if x else {} for x in snapshot.stakeholders.column("attributes").to_pylist()]
