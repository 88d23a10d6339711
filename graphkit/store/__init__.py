"""The store port and its adapters; :func:`open_store` picks the engine from a location."""

from __future__ import annotations

from graphkit.model import InvalidChange, NetworkChange, Problem, Problems, Snapshot
from graphkit.settings import Settings, get_settings
from graphkit.store.port import (
    KINDS,
    PLAN_ACTIONS,
    ChangeSummary,
    Counts,
    Create,
    EntityExists,
    EntityNotFound,
    EntityWrite,
    InjectedFault,
    NetworkStore,
    QueryAnswer,
    ReadOnlyViolation,
    Remove,
    Replace,
    StoreError,
    WriteOutcome,
)

NEO4J_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")


def open_store(location: str | None = None, settings: Settings | None = None) -> NetworkStore:
    """Open (and set up) the store at ``location``: a Ladybug path or a Neo4j URI.

    Without a location, ``GRAPHKIT_STORE`` (default ``./pmo-network.lbug``) is used.
    """
    settings = settings or get_settings()
    location = location or settings.store
    if location.startswith(NEO4J_SCHEMES):
        from graphkit.store.neo4j import Neo4jStore

        store: NetworkStore = Neo4jStore(
            location,
            user=settings.neo4j_user,
            password=settings.neo4j_password,
            database=settings.neo4j_database,
        )
    else:
        from graphkit.store.ladybug import LadybugStore

        store = LadybugStore(location)
    store.setup_schema()
    return store


__all__ = [
    "KINDS",
    "PLAN_ACTIONS",
    "ChangeSummary",
    "Counts",
    "Create",
    "EntityExists",
    "EntityNotFound",
    "EntityWrite",
    "InjectedFault",
    "InvalidChange",
    "NetworkChange",
    "NetworkStore",
    "Problem",
    "Problems",
    "QueryAnswer",
    "ReadOnlyViolation",
    "Remove",
    "Replace",
    "Snapshot",
    "StoreError",
    "WriteOutcome",
    "open_store",
]
