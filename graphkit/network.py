"""The PMO network as igraph graphs, built in bulk from a :class:`~graphkit.model.Snapshot`.

``build_network`` turns the tables of a snapshot into a :class:`Network`, in four steps a
reader can follow:

1. **stakeholders** become the vertices, in snapshot order (``_people``);
2. **groups** give each vertex a group index (``_groups``), undeclared group ids too;
3. **touchpoints** split into personal ties (to a stakeholder) and broadcasts (to a whole
   customer group), each as aligned arrays (``_touchpoints``);
4. personal touchpoints between the same two stakeholders **fold** into one weighted tie
   (``_fold_ties``), as the README's "Analysis" defines:

   * weight of a tie = Σ strength × 30 / cadence_days over its touchpoints (touches a
     month);
   * distance of a tie = 1 / weight, used wherever a metric needs path lengths.

``Network.graph`` holds the personal ties only: centrality measures people's own ties, and
a newsletter to 1,000 people is not 1,000 personal ties. ``Network.reach_graph()`` adds
one edge from a broadcast's source to every member of its group: reach, coverage and the
routes the PMO depends on count broadcasts.

Undirected (the default), touchpoints fold per unordered pair. Directed, they fold per
ordered pair: a ``direction: both`` touchpoint gives both arcs, ``direction: out`` only
source → target. Ties whose total weight is 0 (every touchpoint at strength 0) are left
out of the graph; their touchpoints stay in the raw arrays, which gap analysis reads one
touchpoint at a time.

Everything here is vectorised (pyarrow/numpy); no Python loop runs per touchpoint.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import igraph as ig
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from graphkit.model import Snapshot

if TYPE_CHECKING:
    import scipy.sparse as sp

_IGRAPH_RANDOM = threading.Lock()


@contextmanager
def seeded_igraph(seed: int) -> Iterator[None]:
    """igraph's random numbers from ``random.Random(seed)`` for the calls inside: Leiden,
    and ARPACK's start vector behind PageRank and eigenvector centrality, whose last bits
    otherwise follow the process's global random state. igraph's generator is global, so
    the calls inside run one thread at a time."""
    with _IGRAPH_RANDOM:
        ig.set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            ig.set_random_number_generator(random)


#: Weight of a tie per touchpoint: ``strength × MONTH_DAYS / cadence_days``.
MONTH_DAYS = 30.0


def touches_a_month(
    strength: np.ndarray | float, cadence_days: np.ndarray | float
) -> np.ndarray | float:
    """A touchpoint's weight: how many touches a month it carries (strength-weighted)."""
    return strength * MONTH_DAYS / cadence_days


# pyarrow's own bridges from Python and to NumPy (``to_numpy``, ``pa.array`` of a list, a
# scalar from Python) import pandas the first time they run: a quarter of a second of every
# ``graphkit analyze``. The network's columns are read from their Arrow buffers instead, and
# the few Arrow arrays it makes are made from buffers.


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


def _labels(table: pa.Table, column: str, default: str) -> np.ndarray:
    """A string column of few distinct values (source, stance) as an object ndarray whose
    equal values are one shared ``str``: 8 bytes a row rather than a string object each
    (about 55 MB a column at 10^6 touchpoints). Nulls become ``default``."""
    return _coded(table, column, default)[0]


def _coded(table: pa.Table, column: str, default: str) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """As :func:`_labels`, and each row's code: its value's position in the list of distinct
    values returned with it (Arrow's dictionary encoding, so no string is compared)."""
    n = table.num_rows
    if column not in table.column_names or n == 0:
        return np.full(n, default, dtype=object), np.zeros(n, dtype=np.int32), [default]
    encoded = pc.dictionary_encode(table.column(column).combine_chunks())
    codes, valid = _fixed(encoded.indices, pa.int32(), np.int32)
    words = [str(w) for w in encoded.dictionary.to_pylist()]
    if default not in words:
        words.append(default)
    codes = np.where(valid, codes, words.index(default)).astype(np.int32)
    labels = np.empty(len(words), dtype=object)
    labels[:] = words
    return labels[codes], codes, words


def _fixed(
    column: pa.ChunkedArray | pa.Array, arrow_type: pa.DataType, dtype: Any
) -> tuple[np.ndarray, np.ndarray]:
    """The values (as ``dtype``) and validity of a column cast to a fixed-width type."""
    array = column.cast(arrow_type)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    n, offset = len(array), array.offset
    if n == 0:
        return np.zeros(0, dtype=dtype), np.zeros(0, dtype=bool)
    validity, data = array.buffers()[:2]

    def bits(buffer: pa.Buffer) -> np.ndarray:
        unpacked = np.unpackbits(np.frombuffer(buffer, dtype=np.uint8), bitorder="little")
        return unpacked[offset : offset + n].astype(bool)

    if pa.types.is_boolean(arrow_type):
        values = bits(data)
    else:
        values = np.frombuffer(data, dtype=dtype)[offset : offset + n]
    valid = np.ones(n, dtype=bool) if validity is None else bits(validity)
    return values, valid


def _numbers(
    table: pa.Table, column: str, default: float, dtype: type[np.floating[Any]] = np.float64
) -> np.ndarray:
    if column not in table.column_names:
        return np.full(table.num_rows, default, dtype=dtype)
    values, valid = _fixed(table.column(column), pa.float64(), np.float64)
    return np.where(valid, values, default).astype(dtype)


def _booleans(table: pa.Table, column: str) -> np.ndarray:
    if column not in table.column_names:
        return np.zeros(table.num_rows, dtype=bool)
    values, valid = _fixed(table.column(column), pa.bool_(), bool)
    both: np.ndarray = np.logical_and(values, valid)
    return both


def _dates(table: pa.Table, column: str) -> np.ndarray:
    """A date column as ``datetime64[D]``, NaT where missing."""
    if column not in table.column_names:
        return np.full(table.num_rows, np.datetime64("NaT"), dtype="datetime64[D]")
    days, valid = _fixed(table.column(column), pa.date32(), np.int32)
    out = days.astype(np.int64).astype("datetime64[D]")
    out[~valid] = np.datetime64("NaT")
    return out


def _arrow_strings(values: list[str]) -> pa.Array:
    """A list of Python strings as an Arrow string array, built from its buffers."""
    encoded = [v.encode("utf-8") for v in values]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int32)
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    return pa.StringArray.from_buffers(
        len(encoded), pa.py_buffer(offsets.tobytes()), pa.py_buffer(b"".join(encoded))
    )


def _arrow_positions(rows: np.ndarray) -> pa.Array:
    """Row positions as an Arrow int64 array (for ``take``), built from their buffer."""
    rows = np.ascontiguousarray(rows, dtype=np.int64)
    return pa.Array.from_buffers(pa.int64(), len(rows), [None, pa.py_buffer(rows)])


class TextColumn:
    """A column of distinct strings (touchpoint ids) kept in its Arrow buffers and read one
    at a time: each costs its bytes, not a Python string object (about 75 bytes each, 68 MB
    at 10^6 touchpoints).

    ``column[i]`` is a ``str``; ``column[rows]`` (an array of positions or a boolean mask)
    another column; iterating or ``tolist()`` gives Python strings.
    """

    def __init__(self, array: pa.Array | pa.ChunkedArray) -> None:
        if isinstance(array, pa.ChunkedArray):
            array = array.combine_chunks()
        self._array: pa.Array = array

    def __len__(self) -> int:
        return len(self._array)

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, int | np.integer):
            value = self._array[int(key)].as_py()
            return value
        rows = np.asarray(key)
        if rows.dtype == bool:
            rows = np.flatnonzero(rows)
        return TextColumn(self._array.take(_arrow_positions(rows)))

    def __iter__(self) -> Iterator[str | None]:
        return iter(self._array.to_pylist())

    def tolist(self) -> list[str | None]:
        return list(self._array.to_pylist())

    def arrow(self) -> pa.Array:
        """The strings as the Arrow array they are kept in."""
        return self._array


def _indices(ids: pa.Array, column: pa.ChunkedArray) -> np.ndarray:
    """Positions of ``column`` values in ``ids`` (-1 when absent or null), vectorised."""
    found, valid = _fixed(pc.index_in(column, value_set=ids), pa.int32(), np.int32)
    return np.where(valid, found, -1).astype(np.int64)


@dataclass
class Touchpoints:
    """Touchpoints one row each, as arrays aligned with each other.

    For personal ties ``target`` is a vertex index; for broadcasts it is the index of the
    customer group in ``Network.group_labels`` (see :attr:`Network.broadcasts`). Rows
    naming a stakeholder (or group) that is not in the snapshot are dropped (counted in
    ``Network.dropped_touchpoints``).
    """

    id: TextColumn
    source: np.ndarray  # int64 vertex index
    target: np.ndarray  # int64 vertex index (broadcasts: group index)
    vehicle: np.ndarray  # object
    connection: np.ndarray  # object
    cadence_days: np.ndarray  # float64 (30 when missing)
    last_contact: np.ndarray  # datetime64[D], NaT when missing
    strength: np.ndarray  # float64 (1 when missing)
    direction: np.ndarray  # object, "both" or "out"
    weight: np.ndarray  # float64: strength × 30 / cadence_days
    # vehicle and connection as positions in Network.vocabulary["vehicle" | "connection"]
    vehicle_code: np.ndarray  # int32
    connection_code: np.ndarray  # int32

    def __len__(self) -> int:
        return len(self.source)

    def take(self, rows: np.ndarray) -> Touchpoints:
        return Touchpoints(
            **{name: getattr(self, name)[rows] for name in self.__dataclass_fields__}
        )


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
    """A snapshot as igraph graphs plus aligned numpy arrays.

    Attributes
    ----------
    graph : igraph.Graph
        Vertices = stakeholders in snapshot order; edges = folded personal ties, in the
        order of ``edge_source``/``weight``/``distance`` (no edge attributes: pass
        ``weights=net.weight.tolist()`` to an igraph call that needs them).
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
        The personal touchpoints, one row each.
    broadcasts : Touchpoints
        The touchpoints with a whole group, one row each (``target``: group index).
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
    broadcasts: Touchpoints
    groups: GroupInfo
    dropped_touchpoints: int = 0
    #: The distinct values the touchpoints' ``vehicle_code`` and ``connection_code`` index.
    vocabulary: dict[str, list[str]] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return int(self.graph.vcount())

    @property
    def m(self) -> int:
        return int(self.graph.ecount())

    @property
    def pmo(self) -> np.ndarray:
        """Vertex indices of the PMO members."""
        return np.flatnonzero(self.is_pmo)

    def touches_of(self, v: int) -> float:
        """Stakeholder ``v``'s weighted degree: touches a month over their ties (one
        stakeholder's entry of :func:`graphkit.analysis.centrality.weighted_degree`)."""
        touching = (self.edge_source == v) | (self.edge_target == v)
        return float(self.weight[touching].sum())

    def vertices(self, ids: list[str] | np.ndarray) -> np.ndarray:
        """Vertex indices of stakeholder ids; raises ``KeyError`` naming an unknown id."""
        out = np.empty(len(ids), dtype=np.int64)
        for i, sid in enumerate(ids):
            try:
                out[i] = self.index[sid]
            except KeyError:
                raise KeyError(f"unknown stakeholder id: {sid!r}") from None
        return out

    def members(self, group: int) -> np.ndarray:
        """Vertex indices of the members of group ``group`` (an index of group_labels)."""
        return (
            self._members_by_group[group]
            if 0 <= group < len(self.group_labels)
            else np.zeros(0, dtype=np.int64)
        )

    @cached_property
    def _members_by_group(self) -> list[np.ndarray]:
        order = np.argsort(self.group_index, kind="stable")
        bounds = np.searchsorted(self.group_index[order], np.arange(len(self.group_labels) + 1))
        return [order[bounds[g] : bounds[g + 1]] for g in range(len(self.group_labels))]

    def undirected_ties(self) -> tuple[ig.Graph, list[float]]:
        """The ties as an undirected graph and its weights, in its edge order (the weights
        of both arcs summed when directed)."""
        if not self.directed:
            return self.graph, self.weight.tolist()
        g = self.graph.copy()
        g.es["weight"] = self.weight.tolist()
        g.to_undirected(mode="collapse", combine_edges={"weight": "sum"})
        weights: list[float] = g.es["weight"]
        del g.es["weight"]
        return g, weights

    def adjacency(self, weighted: bool = False, symmetric: bool | None = None) -> sp.csr_matrix:
        """Sparse CSR adjacency of the personal ties (``A[u, v]`` for a tie u→v);
        symmetric when undirected."""
        return _adjacency(
            self.n,
            self.edge_source,
            self.edge_target,
            self.weight if weighted else np.ones(self.m),
            (not self.directed) if symmetric is None else symmetric,
        )

    @cached_property
    def _reach_edges(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Personal ties plus broadcast source → member arcs, folded per pair."""
        b = self.broadcasts
        sizes = np.array([len(self.members(g)) for g in b.target], dtype=np.int64)
        source = np.repeat(b.source, sizes)
        target = (
            np.concatenate([self.members(g) for g in b.target])
            if len(b)
            else np.zeros(0, dtype=np.int64)
        )
        weight = np.repeat(b.weight, sizes)
        two_way = np.repeat(b.direction != "out", sizes)
        keep = source != target  # a member broadcasting to their own group
        source, target, weight, two_way = source[keep], target[keep], weight[keep], two_way[keep]
        if self.directed:
            a = np.concatenate([self.edge_source, source, target[two_way]])
            c = np.concatenate([self.edge_target, target, source[two_way]])
            w = np.concatenate([self.weight, weight, weight[two_way]])
        else:
            a = np.concatenate([self.edge_source, np.minimum(source, target)])
            c = np.concatenate([self.edge_target, np.maximum(source, target)])
            w = np.concatenate([self.weight, weight])
        n = max(self.n, 1)
        keys, folded, _ = _fold(a.astype(np.int64) * n + c, w)
        return keys // n, keys % n, folded

    @property
    def reach_edges(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The reach graph's edges as (source, target, weight) arrays."""
        return self._reach_edges

    def reach_adjacency(
        self, weighted: bool = False, symmetric: bool | None = None
    ) -> sp.csr_matrix:
        """Sparse adjacency of :meth:`reach_graph`: personal ties and broadcasts."""
        a, c, w = self._reach_edges
        return _adjacency(
            self.n,
            a,
            c,
            w if weighted else np.ones(len(a)),
            (not self.directed) if symmetric is None else symmetric,
        )

    @cached_property
    def reach_arcs(self) -> Arcs:
        """The reach graph's arcs as compressed rows (both ways when undirected): who can
        pass word to whom in one step, for the compiled reach kernels."""
        a, c, _ = self._reach_edges
        return arcs(self.n, a, c, both_ways=not self.directed)

    @cached_property
    def reach_graph(self) -> ig.Graph:
        """Who can pass word to whom: personal ties, and an edge from each broadcast's
        source to every member of its group (the weights are ``reach_edges[2]``)."""
        a, c, _ = self._reach_edges
        return ig.Graph(
            n=self.n,
            edges=np.column_stack([a, c]) if len(a) else np.zeros((0, 2), dtype=np.int64),
            directed=self.directed,
        )


@dataclass(frozen=True)
class Arcs:
    """A graph's arcs as compressed sparse rows, the form the compiled kernels read.

    The arcs leaving vertex ``v`` are ``head[ptr[v]:ptr[v + 1]]`` (sorted), each from edge
    ``edge[...]`` of the arrays it was built from, with ``length[...]`` when lengths were
    given.
    """

    ptr: np.ndarray  # int64, n + 1
    head: np.ndarray  # int32
    edge: np.ndarray  # int64
    length: np.ndarray | None = None

    @property
    def n(self) -> int:
        return len(self.ptr) - 1


def arcs(
    n: int,
    tail: np.ndarray,
    head: np.ndarray,
    *,
    both_ways: bool,
    length: np.ndarray | None = None,
) -> Arcs:
    """The edges ``tail[e] → head[e]`` as :class:`Arcs`; ``both_ways`` adds ``head → tail``
    for every edge (an undirected network)."""
    edge = np.arange(len(tail), dtype=np.int64)
    if both_ways:
        tail, head = np.concatenate([tail, head]), np.concatenate([head, tail])
        edge = np.concatenate([edge, edge])
        if length is not None:
            length = np.concatenate([length, length])
    order = np.lexsort((head, tail))
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(tail, minlength=n), out=ptr[1:])
    return Arcs(
        ptr=ptr,
        head=np.ascontiguousarray(head[order], dtype=np.int32),
        edge=edge[order],
        length=None if length is None else np.ascontiguousarray(length[order], dtype=np.float64),
    )


def _adjacency(
    n: int, rows: np.ndarray, cols: np.ndarray, data: np.ndarray, symmetric: bool
) -> sp.csr_matrix:
    import scipy.sparse as sp  # only where a sparse matrix is asked for: it costs 0.1 s

    if symmetric:
        rows, cols = np.concatenate([rows, cols]), np.concatenate([cols, rows])
        data = np.concatenate([data, data])
    matrix = sp.csr_matrix((data, (rows, cols)), shape=(n, n))
    matrix.sum_duplicates()
    return matrix


def _fold(keys: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    uniq, inverse = np.unique(keys, return_inverse=True)
    folded = np.bincount(inverse, weights=weights, minlength=len(uniq))
    counts = np.bincount(inverse, minlength=len(uniq))
    return uniq, folded, counts


# --- the steps of build_network ----------------------------------------------------------------


def _people(st: pa.Table) -> tuple[pa.Array, np.ndarray, dict[str, int]]:
    n = st.num_rows
    id_array = pc.cast(st.column("id"), pa.string()).combine_chunks()
    ids = np.empty(n, dtype=object)
    ids[:] = id_array.to_pylist()
    return id_array, ids, {sid: i for i, sid in enumerate(ids)}


def _groups(gr: pa.Table, st: pa.Table) -> tuple[GroupInfo, np.ndarray, list[str], np.ndarray]:
    """The declared groups, and per vertex its group id and index into the labels (group
    ids that are used but not declared still form a label of their own)."""
    g_ids = [str(x) for x in gr.column("id").to_pylist()] if gr.num_rows else []
    info = GroupInfo(
        ids=g_ids,
        names=[x if x is not None else g for x, g in zip(gr.column("name").to_pylist(), g_ids)]
        if gr.num_rows
        else [],
        desired_cadence_days=_numbers(gr, "desired_cadence_days", np.nan),
        desired_connection=gr.column("desired_connection").to_pylist() if gr.num_rows else [],
        desired_links=[list(x or []) for x in gr.column("desired_links").to_pylist()]
        if gr.num_rows
        else [],
        index={g: i for i, g in enumerate(g_ids)},
    )
    group = _strings(st, "group")
    labels = list(g_ids)
    label_index = dict(info.index)
    group_index = np.full(st.num_rows, -1, dtype=np.int64)
    if st.num_rows and labels:
        group_index = _indices(_arrow_strings(labels), st.column("group"))
    for i in np.flatnonzero((group_index < 0) & (group != None)):  # noqa: E711
        g = group[i]
        if g not in label_index:
            label_index[g] = len(labels)
            labels.append(g)
        group_index[i] = label_index[g]
    return info, group, labels, group_index


def _touchpoints(
    tp: pa.Table, id_array: pa.Array, group_labels: list[str]
) -> tuple[Touchpoints, Touchpoints, int, dict[str, list[str]]]:
    """Personal touchpoints and broadcasts as arrays, and how many rows were dropped."""
    m_raw = tp.num_rows
    src = _indices(id_array, tp.column("source")) if m_raw else np.zeros(0, dtype=np.int64)
    dst = _indices(id_array, tp.column("target")) if m_raw else np.zeros(0, dtype=np.int64)
    to_group = (
        _indices(_arrow_strings(group_labels), tp.column("target_group"))
        if m_raw and "target_group" in tp.column_names and group_labels
        else np.full(m_raw, -1, dtype=np.int64)
    )
    strength = _numbers(tp, "strength", 1.0)
    cadence = _numbers(tp, "cadence_days", 30.0)
    cadence = np.where(cadence > 0, cadence, 30.0)
    last = _dates(tp, "last_contact")
    vehicle, vehicle_code, vehicles = _coded(tp, "vehicle", "meeting")
    connection, connection_code, connections = _coded(tp, "connection", "operational")
    every = Touchpoints(
        id=TextColumn(tp.column("id")),
        source=src,
        target=dst,
        vehicle=vehicle,
        connection=connection,
        cadence_days=cadence,
        last_contact=last,
        strength=strength,
        direction=_labels(tp, "direction", "both"),
        weight=np.asarray(touches_a_month(strength, cadence)),
        vehicle_code=vehicle_code,
        connection_code=connection_code,
    )
    personal = (src >= 0) & (dst >= 0) & (src != dst)
    broadcast = (src >= 0) & (to_group >= 0)
    broadcasts = every.take(np.flatnonzero(broadcast))
    broadcasts.target = to_group[broadcast]
    dropped = int(m_raw - personal.sum() - broadcast.sum())
    vocabulary = {"vehicle": vehicles, "connection": connections}
    return every.take(np.flatnonzero(personal)), broadcasts, dropped, vocabulary


def _fold_ties(touch: Touchpoints, n: int, directed: bool) -> tuple[np.ndarray, ...]:
    """Personal touchpoints folded per pair: (source, target, weight, touchpoint count)."""
    s, t, w = touch.source, touch.target, touch.weight
    if directed:
        both = touch.direction != "out"
        a, b = np.concatenate([s, t[both]]), np.concatenate([t, s[both]])
        w = np.concatenate([w, w[both]])
    else:
        a, b = np.minimum(s, t), np.maximum(s, t)
    size = max(n, 1)
    uniq, wsum, counts = _fold(a.astype(np.int64) * size + b, w)
    positive = wsum > 0
    uniq, wsum, counts = uniq[positive], wsum[positive], counts[positive]
    return (uniq // size).astype(np.int64), (uniq % size).astype(np.int64), wsum, counts


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
    >>> snap = model.Snapshot(
    ...     model.to_table("groups", [model.CustomerGroup(id="ops", name="Operations")]),
    ...     model.to_table("stakeholders", [
    ...         model.Stakeholder(id="a", name="A"),
    ...         model.Stakeholder(id="b", name="B", group="ops"),
    ...         model.Stakeholder(id="c", name="C", group="ops")]),
    ...     model.to_table("touchpoints", [
    ...         model.Touchpoint(source="a", target="b", cadence_days=7),
    ...         model.Touchpoint(source="a", target_group="ops", vehicle="newsletter")]))
    >>> net = build_network(snap)
    >>> net.m, round(float(net.weight[0]), 4)  # one personal tie: weekly
    (1, 4.2857)
    >>> len(net.broadcasts), net.reach_graph.ecount()  # the newsletter reaches b and c
    (1, 2)
    """
    st, tp, gr = snapshot.stakeholders, snapshot.touchpoints, snapshot.groups
    id_array, ids, index = _people(st)
    groups, group, group_labels, group_index = _groups(gr, st)
    touch, broadcasts, dropped, vocabulary = _touchpoints(tp, id_array, group_labels)
    e_src, e_dst, wsum, counts = _fold_ties(touch, len(ids), directed)
    edges = np.column_stack([e_src, e_dst]) if len(e_src) else np.zeros((0, 2), dtype=np.int64)
    # no edge attributes: igraph keeps them as Python lists (75 MB at 10^6 ties); the
    # weights stay in the arrays below and are handed to igraph where a call needs them
    graph = ig.Graph(n=len(ids), edges=edges, directed=directed)
    distance = 1.0 / wsum
    return Network(
        graph=graph,
        directed=directed,
        ids=ids,
        index=index,
        name=_strings(st, "name"),
        group=group,
        source=_labels(st, "source", "stakeholder"),
        stance=_labels(st, "stance", "unknown"),
        is_pmo=_booleans(st, "is_pmo"),
        influence=_numbers(st, "influence", np.nan),
        interest=_numbers(st, "interest", np.nan),
        group_index=group_index,
        group_labels=group_labels,
        edge_source=e_src,
        edge_target=e_dst,
        weight=wsum,
        distance=distance,
        edge_touchpoints=counts,
        touchpoints=touch,
        broadcasts=broadcasts,
        groups=groups,
        dropped_touchpoints=dropped,
        vocabulary=vocabulary,
    )
