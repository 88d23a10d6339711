"""The PMO network's domain, apart from any database.

``graphkit.model`` gathers the entities (:mod:`~graphkit.model.entities`), their columnar
form with the snapshot and change types (:mod:`~graphkit.model.tables`), the problems bad
input is refused with (:mod:`~graphkit.model.problems`), the seed's five customer groups
(:mod:`~graphkit.model.seed`) and the names of the centrality measures
(:mod:`~graphkit.model.measures`).
"""

from graphkit.model.entities import *  # noqa: F403
from graphkit.model.entities import __all__ as _entities
from graphkit.model.measures import CENTRALITY_MEASURES
from graphkit.model.problems import InvalidChange, Problem, Problems
from graphkit.model.seed import DEFAULT_GROUPS
from graphkit.model.tables import *  # noqa: F403
from graphkit.model.tables import __all__ as _tables

__all__ = [
    *_entities,
    *_tables,
    "CENTRALITY_MEASURES",
    "DEFAULT_GROUPS",
    "InvalidChange",
    "Problem",
    "Problems",
]
