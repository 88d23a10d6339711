"""Communities found in the ties (Leiden), set beside the groups the PMO declared."""

from __future__ import annotations

from typing import Any

import igraph as ig
import numpy as np

from graphkit.network import Network, seeded_igraph

__all__ = ["communities", "compare_with_groups", "detect_communities"]


def detect_communities(net: Network, *, seed: int = 42, resolution: float = 1.0) -> np.ndarray:
    """Leiden modularity partition of the weighted ties (undirected view), seeded.

    Uses ``igraph.Graph.community_leiden`` (objective ``modularity``; iterated until
    stable up to 2·10^5 ties, 5 iterations above).

    Parameters
    ----------
    net : Network
    seed : int, default 42
    resolution : float, default 1.0
        Resolution of the modularity (1.0 is plain modularity).

    Returns
    -------
    numpy.ndarray of int
        Community per vertex, numbered by decreasing size (0 = largest). Isolated
        stakeholders form communities of one.

    Examples
    --------
    >>> # membership = detect_communities(net, seed=1)

    References
    ----------
    .. [1] Traag, V. A., Waltman, L., van Eck, N. J. (2019). From Louvain to Leiden:
       guaranteeing well-connected communities. Scientific Reports 9, 5233.
    """
    if net.n == 0:
        return np.zeros(0, dtype=np.int64)
    g, weights = net.undirected_ties()
    if g.ecount() == 0:
        raw = np.arange(net.n)
    else:
        # igraph's own Leiden (C): ~2 s on 10^5 stakeholders / 10^6 ties, where leidenalg
        # takes minutes; seeded, so the same ties give the same communities.
        with seeded_igraph(seed):
            part = g.community_leiden(
                objective_function="modularity",
                weights=weights,
                resolution=resolution,
                n_iterations=-1 if g.ecount() <= 200_000 else 5,
            )
        raw = np.asarray(part.membership)
    sizes = np.bincount(raw)
    order = np.lexsort((np.arange(len(sizes)), -sizes))
    renumber = np.empty(len(sizes), dtype=np.int64)
    renumber[order] = np.arange(len(sizes))
    return renumber[raw]


def compare_with_groups(net: Network, membership: np.ndarray) -> dict[str, float | None]:
    """Agreement between communities and declared groups (stakeholders without a group
    count as one more group): normalised mutual information and adjusted Rand index."""
    if net.n < 2:
        return {"nmi": None, "ari": None}
    groups = np.where(net.group_index >= 0, net.group_index, len(net.group_labels))
    nmi = ig.compare_communities(groups.tolist(), membership.tolist(), method="nmi")
    ari = ig.compare_communities(groups.tolist(), membership.tolist(), method="adjusted_rand")
    return {"nmi": float(nmi), "ari": float(ari)}


def communities(
    net: Network,
    *,
    seed: int = 42,
    resolution: float = 1.0,
    list_members: int = 200,
    membership: np.ndarray | None = None,
    method: str = "leiden",
) -> dict[str, Any]:
    """Communities beside the declared groups.

    Parameters
    ----------
    net : Network
    seed : int, default 42
    resolution : float, default 1.0
    list_members : int, default 200
        Communities up to this size list their member ids.
    membership : numpy.ndarray of int, optional
        A partition found elsewhere (Neo4j GDS), numbered 0 = largest; by default
        :func:`detect_communities`.
    method : str, default "leiden"
        How ``membership`` was found, as reported.

    Returns
    -------
    dict
        ``method``, ``seed``, ``count``, ``modularity``, ``agreement`` (``nmi``, ``ari``),
        ``communities`` (per community: ``id``, ``size``, ``groups`` — members per group
        id —, ``dominant_group``, ``members`` when small), ``groups`` (per declared group:
        ``group``, ``members``, ``communities`` spanned, ``main_community``),
        ``membership`` (stakeholder id → community).
    """
    if membership is None:
        membership = detect_communities(net, seed=seed, resolution=resolution)
    n_labels = len(net.group_labels)
    gi = np.where(net.group_index >= 0, net.group_index, n_labels)
    labels = list(net.group_labels) + [None]
    k = int(membership.max()) + 1 if net.n else 0
    mix = (
        np.bincount(membership * (n_labels + 1) + gi, minlength=k * (n_labels + 1)).reshape(
            k, n_labels + 1
        )
        if k
        else np.zeros((0, n_labels + 1), dtype=np.int64)
    )
    comms = []
    for c in range(k):
        row = mix[c]
        nz = np.flatnonzero(row)
        entry: dict[str, Any] = {
            "id": c,
            "size": int(row.sum()),
            "groups": {
                str(labels[g]) if labels[g] is not None else "(none)": int(row[g])
                for g in nz[np.argsort(-row[nz], kind="stable")]
            },
            "dominant_group": labels[int(np.argmax(row))],
        }
        if row.sum() <= list_members:
            entry["members"] = [net.ids[i] for i in np.flatnonzero(membership == c)]
        comms.append(entry)
    groups = []
    for g in range(n_labels + 1):
        col = mix[:, g] if k else np.zeros(0)
        if col.sum() == 0 and g == n_labels:
            continue
        groups.append(
            {
                "group": labels[g],
                "members": int(col.sum()),
                "communities": int((col > 0).sum()),
                "main_community": int(np.argmax(col)) if col.sum() else None,
            }
        )
    modularity = None
    g, weights = net.undirected_ties()
    if g.ecount():
        modularity = float(g.modularity(membership.tolist(), weights=weights))
    return {
        "method": method,
        "seed": seed,
        "resolution": resolution,
        "count": k,
        "modularity": modularity,
        "agreement": compare_with_groups(net, membership),
        "communities": comms,
        "groups": groups,
        "membership": {net.ids[i]: int(membership[i]) for i in range(net.n)},
    }
