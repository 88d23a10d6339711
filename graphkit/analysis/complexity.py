"""Complexity: how many channels the network could have against those it has.

"As your network grows, so does the complexity": n stakeholders have n(n−1)/2 potential
channels; the PMO members carry the touchpoints.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from graphkit.network import Network

__all__ = ["complexity", "components"]


def components(net: Network) -> dict[str, Any]:
    """Connected components of the ties (weakly connected when directed).

    Returns
    -------
    dict
        ``count``, ``largest`` (size), ``isolated`` (stakeholders with no tie),
        ``sizes`` (the 20 largest).
    """
    if net.n == 0:
        return {"count": 0, "largest": 0, "isolated": 0, "sizes": []}
    memb = np.asarray(net.graph.connected_components(mode="weak").membership)
    sizes = np.sort(np.bincount(memb))[::-1]
    return {
        "count": len(sizes),
        "largest": int(sizes[0]),
        "isolated": int((sizes == 1).sum()),
        "sizes": sizes[:20].tolist(),
    }


def complexity(net: Network) -> dict[str, Any]:
    """Potential channels, actual ties, density, components and each PMO member's load.

    Parameters
    ----------
    net : Network

    Returns
    -------
    dict
        ``stakeholders``, ``touchpoints``, ``ties``, ``potential_channels`` (n(n−1)/2),
        ``density`` (as ``networkx.density``: ties / n(n−1)/2, arcs / n(n−1) directed),
        ``components`` (see :func:`components`), ``pmo`` (per PMO member: ``id``, ``name``,
        ``touchpoints`` carried, ``contacts`` — distinct stakeholders —, ``weight`` —
        touches a month), ``pmo_touchpoint_share`` (share of all touchpoints with a PMO
        member at one end).

    Examples
    --------
    >>> # complexity(net)["potential_channels"]
    """
    n = net.n
    potential = n * (n - 1) // 2
    arcs_possible = n * (n - 1) if net.directed else potential
    tp = net.touchpoints
    carried = np.bincount(tp.source, minlength=n) + np.bincount(tp.target, minlength=n)
    tweight = np.bincount(tp.source, weights=tp.weight, minlength=n) + np.bincount(
        tp.target, weights=tp.weight, minlength=n
    )
    a, b = np.minimum(tp.source, tp.target), np.maximum(tp.source, tp.target)
    pairs = np.unique(a * max(n, 1) + b)
    contacts = np.bincount(pairs // max(n, 1), minlength=n) + np.bincount(
        pairs % max(n, 1), minlength=n
    )
    pmo = net.pmo
    pmo_rows = sorted(
        (
            {
                "id": net.ids[i],
                "name": net.name[i],
                "touchpoints": int(carried[i]),
                "contacts": int(contacts[i]),
                "weight": float(tweight[i]),
            }
            for i in pmo
        ),
        key=lambda r: -r["touchpoints"],
    )
    with_pmo = net.is_pmo[tp.source] | net.is_pmo[tp.target] if len(tp) else np.zeros(0, bool)
    return {
        "stakeholders": n,
        "touchpoints": len(tp),
        "ties": net.m,
        "potential_channels": potential,
        "density": float(net.m / arcs_possible) if arcs_possible else 0.0,
        "components": components(net),
        "pmo": pmo_rows,
        "pmo_touchpoint_share": float(with_pmo.mean()) if len(tp) else 0.0,
    }
