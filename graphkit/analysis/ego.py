"""A stakeholder's ego network: who is within a few steps, and how many are beyond a cap.

``ego_network(net, center, depth, limit)`` answers in time proportional to the people it
reaches (one breadth-first search in igraph, touchpoints looked up by endpoint), never
to the whole network's analysis, so a person's page does not wait for centrality.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import igraph as ig
import numpy as np

from graphkit.network import Network

__all__ = [
    "NO_GROUP_KEY",
    "PMO_KEY",
    "Ego",
    "EgoStep",
    "TouchpointIndex",
    "ego_network",
    "group_key",
]

#: How an ego summary files people with no group: PMO members, and everyone else.
PMO_KEY = "(pmo)"
NO_GROUP_KEY = "(none)"


def group_key(net: Network, v: int) -> str:
    """The summary's key for vertex ``v``: its group id, else PMO or no group."""
    if net.group[v]:
        return str(net.group[v])
    return PMO_KEY if net.is_pmo[v] else NO_GROUP_KEY


@dataclass(frozen=True)
class TouchpointIndex:
    """The raw touchpoints of a :class:`~graphkit.network.Network` by endpoint.

    ``rows[starts[v]:starts[v + 1]]`` are the rows of ``net.touchpoints`` with ``v`` at
    either end (a CSR layout: one sort, then every lookup costs what it returns).
    """

    rows: np.ndarray
    starts: np.ndarray

    @classmethod
    def of(cls, net: Network) -> TouchpointIndex:
        tp = net.touchpoints
        ends = np.concatenate([tp.source, tp.target]).astype(np.int64)
        rows = np.concatenate([np.arange(len(tp))] * 2).astype(np.int64)
        order = np.argsort(ends, kind="stable")
        starts = np.searchsorted(ends[order], np.arange(net.n + 1), side="left")
        return cls(rows[order], starts.astype(np.int64))

    def rows_of(self, vertices: np.ndarray) -> np.ndarray:
        """Rows of the touchpoints touching any of ``vertices`` (each row once, sorted)."""
        vertices = np.asarray(vertices, dtype=np.int64)
        if not len(vertices):
            return np.zeros(0, dtype=np.int64)
        lo, hi = self.starts[vertices], self.starts[vertices + 1]
        counts = hi - lo
        # positions lo..hi-1 of every vertex, without a Python loop
        offsets = np.repeat(lo - np.concatenate([[0], np.cumsum(counts)[:-1]]), counts)
        picked = self.rows[np.arange(int(counts.sum())) + offsets]
        return np.unique(picked)


@dataclass(frozen=True)
class EgoStep:
    """The people at one step from the centre: how many, how many drawn, per group."""

    step: int
    people: int
    drawn: int
    by_group: dict[str, int]


@dataclass(frozen=True)
class Ego:
    """Everyone within ``depth`` steps of ``center`` (vertex indices of the network).

    Attributes
    ----------
    center, depth : int
    limit : int or None
        Most people drawn (the centre included); None: no cap.
    vertices, distance, parent : numpy.ndarray
        Everyone reached, nearest first; their distance in steps; and for each, the
        vertex one step nearer with whom they have the strongest tie (-1 for the centre).
    drawn : numpy.ndarray
        The vertices to draw: nearest steps first, and within the step that crosses the
        cap, those with the strongest ties to the drawn people one step nearer.
    steps : list of EgoStep
        Per step 1..depth: people reached, drawn, and reached per group.
    touchpoints : numpy.ndarray
        Rows of ``net.touchpoints`` whose two ends are both drawn.
    """

    center: int
    depth: int
    limit: int | None
    vertices: np.ndarray
    distance: np.ndarray
    parent: np.ndarray
    drawn: np.ndarray
    steps: list[EgoStep]
    touchpoints: np.ndarray

    @property
    def total(self) -> int:
        """People within ``depth`` steps, the centre included."""
        return len(self.vertices)

    @property
    def truncated(self) -> bool:
        return len(self.drawn) < len(self.vertices)

    def _lookup(self, values: np.ndarray, vertices: np.ndarray) -> np.ndarray:
        where = dict(zip(self.vertices.tolist(), range(len(self.vertices))))
        return values[[where[int(v)] for v in np.asarray(vertices).tolist()]]

    def distance_of(self, vertices: np.ndarray) -> np.ndarray:
        return self._lookup(self.distance, vertices)

    def parent_of(self, vertices: np.ndarray) -> np.ndarray:
        return self._lookup(self.parent, vertices)


def _strongest_ties(
    net: Network, nearer: np.ndarray, candidates: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For each candidate: the summed weight of its ties to ``nearer``, and the member of
    ``nearer`` with whom its tie is strongest (-1 if none)."""
    n = net.n
    in_nearer = np.zeros(n, dtype=bool)
    in_nearer[nearer] = True
    slot = np.full(n, -1, dtype=np.int64)
    slot[candidates] = np.arange(len(candidates))
    a, b, w = net.edge_source, net.edge_target, net.weight
    strength = np.zeros(len(candidates))
    best = np.full(len(candidates), -1, dtype=np.int64)
    best_w = np.full(len(candidates), -np.inf)
    for near, far in ((a, b), (b, a)):
        hit = in_nearer[near] & (slot[far] >= 0)
        if not hit.any():
            continue
        s, ws, ns = slot[far[hit]], w[hit], near[hit]
        np.add.at(strength, s, ws)
        order = np.lexsort((-ns, ws))  # strongest last; equal weights: lowest vertex last
        s, ws, ns = s[order], ws[order], ns[order]
        last = np.unique(s[::-1], return_index=True)[1]
        idx = len(s) - 1 - last
        better = ws[idx] > best_w[s[idx]]
        best[s[idx][better]] = ns[idx][better]
        best_w[s[idx][better]] = ws[idx][better]
    return strength, best


def ego_network(
    net: Network,
    center: str | int,
    depth: int = 2,
    *,
    limit: int | None = 300,
    index: TouchpointIndex | None = None,
) -> Ego:
    """Who is within ``depth`` steps of a stakeholder, capped at ``limit`` drawn people.

    Steps count ties in either direction (a tie carries word back in practice), whatever
    the network's direction. One breadth-first search from the centre (igraph), stopped at
    ``depth``; the cap keeps whole steps while they fit and, within the step that does
    not, the people with the strongest ties to those already drawn; the ``steps`` summary
    still counts everyone.

    Parameters
    ----------
    net : Network
    center : str or int
        A stakeholder id, or a vertex index.
    depth : int, default 2
        Steps from the centre (1 = direct ties only).
    limit : int or None, default 300
        Most people drawn, the centre included (None: all).
    index : TouchpointIndex, optional
        The touchpoints by endpoint (build once per network with
        :meth:`TouchpointIndex.of`; built here when not given).

    Returns
    -------
    Ego

    Raises
    ------
    KeyError
        ``center`` is not a stakeholder of the network.
    ValueError
        ``depth`` is below 1 or ``limit`` below 1.

    Examples
    --------
    >>> from graphkit import model
    >>> from graphkit.network import build_network
    >>> from graphkit.store.port import Snapshot
    >>> people = [model.Stakeholder(id=x, name=x.upper()) for x in "abcd"]
    >>> ties = [model.Touchpoint(source=s, target=t) for s, t in ("ab", "bc", "cd")]
    >>> net = build_network(Snapshot(model.to_table("groups", []),
    ...     model.to_table("stakeholders", people), model.to_table("touchpoints", ties)))
    >>> ego = ego_network(net, "a", depth=2)
    >>> [str(net.ids[v]) for v in ego.vertices], ego.distance.tolist()
    (['a', 'b', 'c'], [0, 1, 2])
    >>> [(s.step, s.people) for s in ego.steps]
    [(1, 1), (2, 1)]

    References
    ----------
    .. [1] Hanneman, R. A., Riddle, M. (2005). Introduction to social network methods,
       chapter 9: Ego networks. University of California, Riverside.
    """
    if depth < 1:
        raise ValueError(f"depth must be at least 1, not {depth}")
    if limit is not None and limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    c = int(center) if isinstance(center, (int, np.integer)) else net.index.get(center)
    if c is None or not 0 <= c < net.n:
        raise KeyError(f"unknown stakeholder id: {center!r}")
    vids, layers, _ = net.graph.bfs(c, mode=ig.ALL)
    layers = layers[: depth + 2]
    end = layers[min(depth + 1, len(layers) - 1)]
    vertices = np.asarray(vids[:end], dtype=np.int64)
    distance = np.zeros(len(vertices), dtype=np.int64)
    for step in range(1, len(layers) - 1):
        distance[layers[step] : layers[step + 1]] = step
    parent = np.full(len(vertices), -1, dtype=np.int64)

    cap = len(vertices) if limit is None else limit
    drawn_parts = [np.array([c], dtype=np.int64)]
    room = cap - 1
    steps = []
    for step in range(1, depth + 1):
        at = vertices[distance == step]
        if not len(at):
            break
        nearer = vertices[distance == step - 1]
        strength, best = _strongest_ties(net, nearer, at)
        parent[distance == step] = best
        if room >= len(at):
            chosen = at
        elif room > 0:
            order = np.lexsort((at, -strength))
            chosen = np.sort(at[order[:room]])
        else:
            chosen = at[:0]
        room -= len(chosen)
        drawn_parts.append(chosen)
        by_group = Counter(group_key(net, int(v)) for v in at.tolist())
        steps.append(
            EgoStep(
                step,
                len(at),
                len(chosen),
                dict(sorted(by_group.items(), key=lambda kv: (-kv[1], kv[0]))),
            )
        )
    drawn = np.concatenate(drawn_parts)

    index = index if index is not None else TouchpointIndex.of(net)
    rows = index.rows_of(drawn)
    is_drawn = np.zeros(net.n, dtype=bool)
    is_drawn[drawn] = True
    tp = net.touchpoints
    rows = rows[is_drawn[tp.source[rows]] & is_drawn[tp.target[rows]]]
    return Ego(
        center=c,
        depth=depth,
        limit=limit,
        vertices=vertices,
        distance=distance,
        parent=parent,
        drawn=drawn,
        steps=steps,
        touchpoints=rows,
    )
