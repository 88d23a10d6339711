"""The store port: what the rest of graphkit needs from a graph database.

Each engine (Ladybug embedded, Neo4j over Bolt) is an adapter implementing
:class:`NetworkStore`; one contract suite (``tests/test_store_contract.py``) holds them all
to the same behaviour. The domain and the analysis only ever see a :class:`Snapshot`.
"""

from __future__ import annotations

import abc
import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from typing import Any

import pyarrow as pa

from graphkit import model
from graphkit.model import NetworkChange, Snapshot


class StoreError(Exception):
    """Something the store refused; the message says what and why."""


class ReadOnlyViolation(StoreError):
    """A query given as read-only tried to write (or to reach outside the graph)."""


class EntityExists(StoreError):
    """A create named an id that is already stored; nothing was written."""

    def __init__(self, kind: str, entity_id: str) -> None:
        self.kind, self.entity_id = kind, entity_id
        super().__init__(f"a {NOUNS[kind]} with id {entity_id!r} exists already")


class EntityNotFound(StoreError):
    """A change or removal named an id that is not stored; nothing was written."""

    def __init__(self, kind: str, entity_id: str) -> None:
        self.kind, self.entity_id = kind, entity_id
        super().__init__(f"no {NOUNS[kind]} with id {entity_id!r}")


NOUNS = {
    "groups": "group",
    "stakeholders": "stakeholder",
    "touchpoints": "touchpoint",
    "contacts": "contact",
    "plan_actions": "plan action",
}


KINDS = model.NETWORK_KINDS
PLAN_ACTIONS = "plan_actions"
"""The kind of a plan action's state: written one at a time, read with the plan."""


# --- single-entity writes ------------------------------------------------------------------
# A form or an API call changes one thing; these run as direct statements (cost: what they
# change), where an import's NetworkChange is diffed against the whole store.


@dataclass(frozen=True)
class Create:
    """Store a new entity; :class:`EntityExists` if its id is taken."""

    kind: str
    row: dict[str, Any]  # one row of the kind's Arrow schema (validated by the model)


@dataclass(frozen=True)
class Replace:
    """Replace every field of a stored entity; :class:`EntityNotFound` if it is absent."""

    kind: str
    row: dict[str, Any]


@dataclass(frozen=True)
class Remove:
    """Delete a stored entity (a stakeholder's touchpoints go with them)."""

    kind: str
    id: str


EntityWrite = Create | Replace | Remove


@dataclass
class WriteOutcome:
    """What a list of single-entity writes did, per kind, as stored rows and ids."""

    written: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {kind: [] for kind in (*KINDS, PLAN_ACTIONS)}
    )
    removed: dict[str, list[str]] = field(
        default_factory=lambda: {kind: [] for kind in (*KINDS, PLAN_ACTIONS)}
    )
    moved_on: dict[str, Any] = field(default_factory=dict)
    """Touchpoint id → its new ``last_contact``, moved on by a logged contact."""


@dataclass
class ChangeSummary:
    """What a change did, per entity kind: created, updated, unchanged, deleted."""

    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    updated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    unchanged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    deleted: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))

    @property
    def changed_anything(self) -> bool:
        return any(sum(d.values()) for d in (self.created, self.updated, self.deleted))

    def as_dict(self) -> dict[str, dict[str, int]]:
        return _by_field(self)


@dataclass(frozen=True)
class Counts:
    groups: int
    stakeholders: int
    touchpoints: int
    contacts: int = 0

    def as_dict(self) -> dict[str, int]:
        return _by_field(self)


def _by_field(record: Any) -> dict[str, Any]:
    """A dataclass's fields by name, in their order, the values as they are (not copied)."""
    return {f.name: getattr(record, f.name) for f in fields(record)}


@dataclass(frozen=True)
class QueryAnswer:
    """Rows of a read-only query; ``truncated`` when a cap cut it.

    ``truncated_by`` says which cap: ``"rows"`` (the row limit) or ``"bytes"`` (the
    answer's size as JSON); ``data_version`` is the version of the data the rows were read
    from, where the caller knows it.
    """

    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = False
    truncated_by: str | None = None
    data_version: int | None = None


class InjectedFault(StoreError):
    """A failure a test asked for with :meth:`NetworkStore.failing_at`."""


class NetworkStore(abc.ABC):
    """One graph database holding the PMO network."""

    engine: str = ""
    _fault_at: int | None = None
    _statements: int = 0

    # -- all or nothing, tested: a test makes the N-th statement of a write fail ------------
    @contextlib.contextmanager
    def failing_at(self, statement: int | None) -> Iterator[None]:
        """Test hook: inside the block, the ``statement``-th statement of a write (counted
        from the start of each write transaction, its COMMIT included) raises
        :class:`InjectedFault` instead of running. ``None`` injects nothing (and the count
        is still kept: :attr:`statements_in_last_write`)."""
        self._fault_at = statement
        try:
            yield
        finally:
            self._fault_at = None

    @property
    def statements_in_last_write(self) -> int:
        """How many statements the last write transaction ran (its COMMIT included)."""
        return self._statements

    def _begin_counting(self) -> None:
        self._statements = 0

    def _next_statement(self) -> None:
        """Adapters call this before each statement of a write transaction."""
        self._statements += 1
        if self._fault_at is not None and self._statements == self._fault_at:
            raise InjectedFault(f"fault injected at statement {self._statements} of the write")

    # -- life cycle
    @abc.abstractmethod
    def setup_schema(self) -> None:
        """Create tables/constraints if missing (idempotent)."""

    @abc.abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> NetworkStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reads
    @abc.abstractmethod
    def snapshot(self) -> Snapshot:
        """The whole network, read in bulk (columns, not one query per node)."""

    @abc.abstractmethod
    def counts(self) -> Counts: ...

    @abc.abstractmethod
    def query(
        self,
        cypher: str,
        params: dict[str, Any] | None = None,
        *,
        limit: int | None = None,
        timeout_s: float | None = None,
        max_bytes: int | None = None,
    ) -> QueryAnswer:
        """Run a user's Cypher **read-only**, within its caps.

        The query must pass :func:`graphkit.store.query_guard.guard_query` (reading clauses
        and listed functions only; otherwise
        :class:`~graphkit.store.query_guard.QueryRefused`, a :class:`ReadOnlyViolation`);
        it runs in a read-only transaction that is always rolled back, stopped after
        ``timeout_s``; the answer stops at ``limit`` rows or ``max_bytes`` of JSON. An
        error of the engine is raised as :class:`StoreError` with the engine's message.
        """

    @abc.abstractmethod
    def plan_actions(self) -> pa.Table:
        """The stored states of plan actions (``model.PLAN_ACTION_SCHEMA``)."""

    # -- writes
    @abc.abstractmethod
    def write(self, writes: list[EntityWrite]) -> WriteOutcome:
        """Run single-entity writes in order, in one transaction, all or nothing.

        Each costs what it changes (direct statements by id), not a read of the store.
        Raises :class:`EntityExists`, :class:`EntityNotFound` or :class:`InvalidChange`
        (a reference to a group or stakeholder that is not stored, a group that still has
        members) and then writes nothing. A removed stakeholder's touchpoints are listed in
        the outcome's ``removed["touchpoints"]``.
        """

    @abc.abstractmethod
    def apply(self, change: NetworkChange) -> ChangeSummary:
        """Apply a change in one transaction, all or nothing.

        Rows equal to what is stored count as unchanged and are not rewritten, so applying
        the same change twice changes nothing the second time. Raises
        :class:`InvalidChange` (and writes nothing) when a touchpoint would name a
        stakeholder that exists nowhere, a stakeholder a group that exists nowhere, or a
        group still holding members is deleted.
        """
