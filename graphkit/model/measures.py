"""The centrality measures the analysis gives every stakeholder, by name: the one list the
report's rows, the pages, the exports and the command line share."""

from __future__ import annotations

__all__ = ["CENTRALITY_MEASURES"]

#: In the order of the report's rows; each as NetworkX defines it (see the README).
CENTRALITY_MEASURES = (
    "degree",
    "weighted_degree",
    "betweenness",
    "closeness",
    "harmonic",
    "pagerank",
    "eigenvector",
)
