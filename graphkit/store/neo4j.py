"""The server adapter: Neo4j 5 over Bolt with the official ``neo4j`` driver.

Every statement lives in ``cypher/neo4j/`` and takes user values only as parameters.
A change is read, planned (:func:`graphkit.store.diff.plan_change`, shared with Ladybug so
both engines mean the same) and written in **one** managed write transaction, in
``UNWIND $rows`` batches: all or nothing. User queries run in a READ transaction, so the
server itself refuses a write, and are always rolled back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import Any, ClassVar, TypeVar

import neo4j
import pyarrow as pa
from neo4j import GraphDatabase
from neo4j.exceptions import (
    AuthError,
    ConfigurationError,
    DriverError,
    ForbiddenOnReadOnlyDatabase,
    Neo4jError,
    ServiceUnavailable,
)
from neo4j.graph import Node, Path, Relationship
from neo4j.spatial import Point
from neo4j.time import Date, DateTime, Duration, Time

from graphkit import model
from graphkit.model import NetworkChange, Snapshot
from graphkit.store.cypher import statement, statements
from graphkit.store.diff import Existing, WritePlan, plan_change
from graphkit.store.entity_writes import run_writes
from graphkit.store.port import (
    KINDS,
    PLAN_ACTIONS,
    ChangeSummary,
    Counts,
    EntityWrite,
    NetworkStore,
    QueryAnswer,
    ReadOnlyViolation,
    StoreError,
    WriteOutcome,
)
from graphkit.store.query_answer import AnswerCollector
from graphkit.store.query_guard import guard_query
from graphkit.store.weights import MONTH_DAYS, with_weight

T = TypeVar("T")
ENGINE = "neo4j"
SCHEMA_VERSION = 2
"""The data model this adapter writes: 2 stores each touchpoint's weight (touches a month).
A database at an earlier version is migrated by :meth:`Neo4jStore.setup_schema`."""
BATCH = 10_000
"""Rows (or ids) per ``UNWIND`` batch: large enough to be fast, small enough per message."""

_WRITE_REFUSED = ("Neo.ClientError.Statement.AccessMode",)
_WRITE_REFUSED_WORDS = (
    "read access mode",
    "accessmode(reads=true, writes=false",
    "write operations are not allowed",
    "schema operations are not allowed",
)


def _batches(items: list[Any], size: int | None = None) -> Iterator[list[Any]]:
    size = size or BATCH
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Neo4jStore(NetworkStore):
    """A PMO network in a Neo4j 5 database, reached over Bolt.

    ``uri`` is any URI the driver takes (``bolt://``, ``bolt+s://``, ``neo4j://``,
    ``neo4j+s://``…). The driver is thread-safe and pools connections; every call opens its
    own short session, so one store may serve many threads.
    """

    engine = ENGINE

    def __init__(
        self, uri: str, *, user: str, password: str, database: str | None = "neo4j"
    ) -> None:
        self.uri = uri
        self.database = database or None  # None: the server's default database
        try:
            # Managed transactions retry transient failures (deadlocks, a leader switch)
            # for up to this long; an unreachable server is reported after it.
            self._driver = GraphDatabase.driver(
                uri, auth=(user, password), max_transaction_retry_time=15.0
            )
        except (ConfigurationError, ValueError) as error:
            raise StoreError(f"cannot use the Neo4j URI {uri!r}: {error}") from error

    # -- plumbing ---------------------------------------------------------------------------
    def _session(self, *, read: bool = False, **config: Any) -> neo4j.Session:
        mode = neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS
        return self._driver.session(database=self.database, default_access_mode=mode, **config)

    def _unreachable(self, error: Exception) -> StoreError:
        if isinstance(error, AuthError):
            return StoreError(f"Neo4j at {self.uri} refused the credentials: {error.message}")
        if isinstance(error, ServiceUnavailable):
            return StoreError(f"cannot reach Neo4j at {self.uri}: {error}")
        if isinstance(error, Neo4jError):
            return StoreError(f"Neo4j ({error.code}): {error.message}")
        return StoreError(f"Neo4j at {self.uri}: {error}")

    # -- life cycle -------------------------------------------------------------------------
    def setup_schema(self) -> None:
        # Schema statements cannot share a transaction with each other's data writes; each
        # runs on its own, and IF NOT EXISTS makes them idempotent.
        try:
            with self._session() as session:
                for text in statements(ENGINE, "schema"):
                    session.run(text).consume()
                self._migrate(session)
        except (Neo4jError, DriverError) as error:
            raise self._unreachable(error) from error

    @staticmethod
    def _migrate(session: neo4j.Session) -> None:
        """Bring a database written by an earlier graphkit to :data:`SCHEMA_VERSION`: one
        indexed read when it is there already."""
        found = session.run(statement(ENGINE, "schema_version")).single()
        version = (found["version"] if found else None) or 1
        if version >= SCHEMA_VERSION:
            return
        # CALL … IN TRANSACTIONS runs in an implicit (auto-commit) transaction; it only
        # fills weights that are missing, so a migration cut short is simply run again.
        session.run(
            statement(ENGINE, "set_touchpoint_weights"), {"month_days": MONTH_DAYS}
        ).consume()
        session.run(statement(ENGINE, "set_schema_version"), {"version": SCHEMA_VERSION}).consume()

    def close(self) -> None:
        self._driver.close()  # the driver allows a second close

    # -- reads ------------------------------------------------------------------------------
    @staticmethod
    def _columns(
        tx: neo4j.ManagedTransaction | neo4j.Transaction,
        name: str,
        params: dict[str, Any] | None = None,
    ) -> dict[str, list[Any]]:
        """One statement's result as column lists, streamed (records are not kept)."""
        result = tx.run(statement(ENGINE, name), params or {})
        columns: dict[str, list[Any]] = {key: [] for key in result.keys()}  # noqa: SIM118 (a Result, not a dict)
        appends = [column.append for column in columns.values()]
        for record in result:
            for append, value in zip(appends, record):
                append(value)
        return columns

    @staticmethod
    def _arrow(kind: str, columns: dict[str, list[Any]]) -> pa.Table:
        """Columns from Neo4j as a table in exactly the model's schema."""
        schema = model.SCHEMAS[kind]
        arrays = []
        for field in schema:
            values = columns.get(field.name, [])
            if pa.types.is_date(field.type):
                values = [_native_date(v) for v in values]
            elif pa.types.is_timestamp(field.type):
                values = [_native_datetime(v) for v in values]
            elif field.name == "desired_links":
                values = [list(v) if v is not None else [] for v in values]
            arrays.append(pa.array(values, type=field.type))
        return pa.Table.from_arrays(arrays, schema=schema)

    def _read_many(self, tx: Any, name: str, ids: Iterable[str]) -> dict[str, list[Any]]:
        """A by-ids statement run over ``ids`` in batches, columns concatenated."""
        merged: dict[str, list[Any]] = {}
        for batch in _batches(sorted(set(ids))):
            for key, column in self._columns(tx, name, {"ids": batch}).items():
                merged.setdefault(key, []).extend(column)
        return merged

    def snapshot(self) -> Snapshot:
        def read(tx: neo4j.ManagedTransaction) -> Snapshot:
            return Snapshot(
                *(self._arrow(kind, self._columns(tx, f"snapshot_{kind}")) for kind in KINDS)
            )

        return self._read(read)

    def _read(self, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        """Run ``work(tx)`` in a managed read transaction."""
        try:
            with self._session(read=True) as session:
                return session.execute_read(work)
        except (Neo4jError, DriverError) as error:
            raise self._unreachable(error) from error

    def plan_actions(self) -> pa.Table:
        return self._read(
            lambda tx: self._arrow(PLAN_ACTIONS, self._columns(tx, "snapshot_plan_actions"))
        )

    def counts(self) -> Counts:
        def read(tx: neo4j.ManagedTransaction) -> Counts:
            return Counts(
                *(
                    tx.run(statement(ENGINE, f"count_{kind}")).single(strict=True)["n"]
                    for kind in KINDS
                )
            )

        return self._read(read)

    def query(
        self,
        cypher: str,
        params: dict[str, Any] | None = None,
        *,
        limit: int | None = None,
        timeout_s: float | None = None,
        max_bytes: int | None = None,
    ) -> QueryAnswer:
        guarded = guard_query(cypher)
        config: dict[str, Any] = {}
        if limit is not None:
            # Pull no more than we keep (plus one to know whether the limit cut it).
            config["fetch_size"] = max(1, min(limit + 1, 1000))
        try:
            with self._session(read=True, **config) as session:
                # A READ transaction with the server-side timeout: the server refuses a
                # write and stops the query itself, whatever happens to this client.
                tx = session.begin_transaction(timeout=timeout_s if timeout_s else None)
                try:
                    result = tx.run(guarded.text, dict(params or {}))
                    collector = AnswerCollector(list(result.keys()), limit, max_bytes)
                    for record in result:
                        if not collector.add([_plain(value) for value in record.values()]):
                            break
                    return collector.answer()
                finally:
                    # User queries never commit, whatever they did. After a failure the
                    # rollback may report that failure again: the first report stands.
                    try:
                        tx.rollback()
                    except (Neo4jError, DriverError):
                        pass
        except ForbiddenOnReadOnlyDatabase as error:
            raise ReadOnlyViolation("this query writes; user queries are read-only") from error
        except Neo4jError as error:
            if _refused_write(error):
                raise ReadOnlyViolation("this query writes; user queries are read-only") from error
            if "TimedOut" in (error.code or "") or "Terminated" in (error.code or ""):
                raise StoreError(
                    f"the query ran longer than {timeout_s} s and was stopped"
                ) from error
            raise StoreError(error.message or str(error)) from error
        except DriverError as error:
            raise self._unreachable(error) from error

    # -- writes -----------------------------------------------------------------------------
    def _existing(self, tx: Any, change: NetworkChange) -> Existing:
        """What the store holds that the change touches, and nothing more."""
        touched: dict[str, set[str]] = {
            kind: set(change.table(kind).column("id").to_pylist()) | set(change.deletions(kind))
            for kind in KINDS
        }
        # a contact's touchpoint may move on its last_contact: read it too
        touched["touchpoints"] |= set(change.contacts.column("touchpoint").to_pylist())
        rows = {
            kind: self._arrow(kind, self._read_many(tx, f"existing_{kind}", touched[kind]))
            for kind in KINDS
        }

        referenced_groups = set(change.groups.column("id").to_pylist())
        referenced_groups.update(change.delete_groups)
        referenced_groups.update(
            g for g in change.stakeholders.column("group").to_pylist() if g is not None
        )
        referenced_groups.update(
            g for g in change.touchpoints.column("target_group").to_pylist() if g is not None
        )
        for links in change.groups.column("desired_links").to_pylist():
            referenced_groups.update(links or [])
        group_ids = set(self._read_many(tx, "existing_group_ids", referenced_groups).get("id", []))

        referenced_stakeholders = set(change.stakeholders.column("id").to_pylist())
        referenced_stakeholders.update(change.delete_stakeholders)
        referenced_stakeholders.update(change.touchpoints.column("source").to_pylist())
        referenced_stakeholders.update(
            s for s in change.touchpoints.column("target").to_pylist() if s is not None
        )
        stakeholder_ids = set(
            self._read_many(tx, "existing_stakeholder_ids", referenced_stakeholders).get("id", [])
        )

        members: dict[str, set[str]] = {}
        if change.delete_groups:
            found = self._read_many(tx, "members_of_groups", change.delete_groups)
            for group_id, stakeholder_id in zip(found.get("group_id", []), found.get("id", [])):
                members.setdefault(group_id, set()).add(stakeholder_id)

        cascaded: set[str] = set()
        if change.delete_stakeholders:
            cascaded |= set(
                self._read_many(tx, "touchpoints_of_stakeholders", change.delete_stakeholders).get(
                    "id", []
                )
            )
        if change.delete_groups:
            cascaded |= set(
                self._read_many(tx, "touchpoints_of_groups", change.delete_groups).get("id", [])
            )
        logged = set(
            self._read_many(tx, "contacts_of", cascaded | set(change.delete_touchpoints)).get(
                "id", []
            )
        )
        return Existing(
            rows=rows,
            stakeholder_ids=stakeholder_ids,
            group_ids=group_ids,
            touchpoint_ids=set(rows["touchpoints"].column("id").to_pylist()),
            members=members,
            touchpoints_of_deleted=cascaded,
            contacts_of_deleted=logged,
        )

    def write(self, writes: list[EntityWrite]) -> WriteOutcome:
        def work(tx: neo4j.ManagedTransaction) -> WriteOutcome:
            self._begin_counting()
            outcome = run_writes(_Neo4jTransaction(self, tx), writes)
            self._next_statement()  # the COMMIT: a fault here must leave nothing
            return outcome

        return self._in_write_transaction(work)

    def apply(self, change: NetworkChange) -> ChangeSummary:
        def work(tx: neo4j.ManagedTransaction) -> ChangeSummary:
            # Read and write in the same transaction: the plan is made on what is stored
            # when it is written. InvalidChange (or any error) rolls the whole of it back.
            self._begin_counting()
            existing = self._existing(tx, change)
            plan = plan_change(change, existing)
            if not plan.is_empty:
                self._write(tx, plan, existing)
                self._next_statement()  # the COMMIT: a fault here must leave nothing
            return plan.summary

        return self._in_write_transaction(work)

    def _in_write_transaction(self, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        try:
            with self._session() as session:
                # A managed transaction: committed when ``work`` returns, rolled back when it
                # raises, retried from the start (reads included) on transient errors.
                return session.execute_write(work)
        except Neo4jError as error:
            raise StoreError(
                f"Neo4j refused the change, nothing was written ({error.code}): {error.message}"
            ) from error
        except DriverError as error:
            raise self._unreachable(error) from error

    def _run(self, tx: Any, name: str, key: str, items: list[Any]) -> dict[str, int]:
        """One write statement over ``items`` in batches; the counters added up."""
        text = statement(ENGINE, name)
        totals: dict[str, int] = {}
        for batch in _batches(items):
            self._next_statement()
            counters = tx.run(text, {key: batch}).consume().counters
            for attribute in (
                "nodes_created",
                "relationships_created",
                "relationships_deleted",
                "nodes_deleted",
            ):
                totals[attribute] = totals.get(attribute, 0) + getattr(counters, attribute)
        return totals

    def _write(self, tx: Any, plan: WritePlan, existing: Existing) -> None:
        # Order matters: logs and ties go before the people and groups they join, people
        # before their groups; an updated touchpoint is re-created (its ends may change).
        recreated = plan.update["touchpoints"]
        gone = existing.touchpoints_of_deleted | set(plan.delete["touchpoints"])
        if gone:
            self._run(tx, "delete_contacts_of", "ids", sorted(gone))
        dropped = plan.delete["touchpoints"] + recreated.column("id").to_pylist()
        if dropped:
            self._run(tx, "delete_touchpoints", "ids", dropped)
        if plan.delete["stakeholders"]:
            self._run(tx, "delete_stakeholders", "ids", plan.delete["stakeholders"])
        if plan.delete["groups"]:
            self._run(tx, "delete_groups", "ids", plan.delete["groups"])

        groups = pa.concat_tables([plan.create["groups"], plan.update["groups"]])
        if groups.num_rows:
            self._run(tx, "upsert_groups", "rows", groups.to_pylist())

        people = pa.concat_tables([plan.create["stakeholders"], plan.update["stakeholders"]])
        if people.num_rows:
            self._run(tx, "upsert_stakeholders", "rows", people.to_pylist())
            memberships = [
                {"id": sid, "group": group}
                for sid, group in zip(
                    people.column("id").to_pylist(), people.column("group").to_pylist()
                )
            ]
            joined = self._run(tx, "set_memberships", "rows", memberships)
            wanted = sum(1 for m in memberships if m["group"] is not None)
            if joined["relationships_created"] != wanted:
                raise StoreError(
                    f"{wanted - joined['relationships_created']} stakeholder(s) "
                    "name a group that vanished while the change was written"
                )

        ties = pa.concat_tables([recreated, plan.create["touchpoints"]]).to_pylist()
        for name, end in (("create_touchpoints", "target"), ("create_broadcasts", "target_group")):
            some = [with_weight(tie) for tie in ties if tie[end] is not None]
            if some:
                made = self._run(tx, name, "rows", some)
                if made["relationships_created"] != len(some):
                    raise StoreError(
                        f"{len(some) - made['relationships_created']} "
                        "touchpoint(s) name a stakeholder or group that vanished "
                        "while the change was written"
                    )
        if plan.create["contacts"].num_rows:
            self._run(tx, "create_contacts", "rows", plan.create["contacts"].to_pylist())


class _Neo4jTransaction:
    """:class:`~graphkit.store.entity_writes.EntityTransaction` in a managed transaction."""

    _EXISTING: ClassVar[dict[str, str]] = {
        "stakeholders": "existing_stakeholder_ids",
        "groups": "existing_group_ids",
        "touchpoints": "existing_touchpoint_ids",
        "contacts": "existing_contact_ids",
        PLAN_ACTIONS: "existing_plan_action_ids",
    }

    def __init__(self, store: Neo4jStore, tx: Any) -> None:
        self.store, self.tx = store, tx

    def stored(self, kind: str, entity_id: str) -> bool:
        self.store._next_statement()
        found = self.tx.run(statement(ENGINE, self._EXISTING[kind]), {"ids": [entity_id]})
        return found.single() is not None

    def member_count(self, group_id: str) -> int:
        self.store._next_statement()
        record = self.tx.run(statement(ENGINE, "member_count"), {"id": group_id}).single()
        return int(record["n"]) if record else 0

    def last_contact(self, touchpoint_id: str) -> Any:
        found = self.store._columns(self.tx, "existing_touchpoints", {"ids": [touchpoint_id]})
        return _native_date((found.get("last_contact") or [None])[0])

    def move_last_contact(self, touchpoint_id: str, day: Any) -> None:
        self.store._run(
            self.tx, "set_last_contacts", "rows", [{"id": touchpoint_id, "last_contact": day}]
        )

    def create(self, kind: str, row: dict[str, Any]) -> None:
        run = self.store._run
        if kind == "touchpoints":
            name = "create_touchpoints" if row["target"] is not None else "create_broadcasts"
            run(self.tx, name, "rows", [with_weight(row)])
        elif kind == "groups":
            run(self.tx, "upsert_groups", "rows", [row])
        elif kind == "contacts":
            run(self.tx, "create_contacts", "rows", [row])
        elif kind == PLAN_ACTIONS:
            run(self.tx, "upsert_plan_actions", "rows", [row])
        else:
            run(self.tx, "upsert_stakeholders", "rows", [row])
            run(self.tx, "set_memberships", "rows", [{"id": row["id"], "group": row.get("group")}])

    def replace(self, kind: str, row: dict[str, Any]) -> None:
        if kind == "touchpoints":
            # Its ends may change: the tie is re-created (its log stays: it names the id).
            self.store._run(self.tx, "delete_touchpoints", "ids", [row["id"]])
        self.create(kind, row)

    def remove(self, kind: str, entity_id: str) -> list[str]:
        if kind in ("contacts", PLAN_ACTIONS):
            raise StoreError(f"{kind.replace('_', ' ')} are not removed one by one")
        gone: list[str] = []
        if kind == "stakeholders":
            gone = self.store._columns(
                self.tx, "touchpoints_of_stakeholders", {"ids": [entity_id]}
            ).get("id", [])
        elif kind == "groups":
            gone = self.store._columns(self.tx, "touchpoints_of_groups", {"ids": [entity_id]}).get(
                "id", []
            )
        self.store._run(
            self.tx,
            "delete_contacts_of",
            "ids",
            [*gone, entity_id] if kind == "touchpoints" else list(gone),
        )
        self.store._run(self.tx, f"delete_{kind}", "ids", [entity_id])
        return list(gone)


# --- values ------------------------------------------------------------------------------------


def _native_date(value: Any) -> dt.date | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, Date):
        return value.to_native()
    if isinstance(value, DateTime):
        return value.to_native().date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    raise StoreError(f"last_contact holds {value!r}, which is not a date")


def _native_datetime(value: Any) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    if isinstance(value, DateTime):
        native: dt.datetime = value.to_native()
        return native
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value)
    raise StoreError(f"a timestamp holds {value!r}, which is not a date-time")


def _refused_write(error: Neo4jError) -> bool:
    code = error.code or ""
    text = f"{error.message or ''} {error}".lower()
    return code in _WRITE_REFUSED or any(word in text for word in _WRITE_REFUSED_WORDS)


def _plain(value: Any) -> Any:
    """The driver's own types in a user query's answer as plain Python.

    Nodes become their properties plus ``_id`` (element id) and ``_labels``;
    relationships their properties plus ``_id``, ``_type``, ``_start`` and ``_end``
    (element ids); paths ``{"_nodes": [...], "_rels": [...]}``. Dates, times and date-times
    become Python's own; durations ISO 8601 strings; points ``{"srid", "x", "y"[, "z"]}``.
    The rest is left to :func:`graphkit.json_values.json_value`, as on every engine.
    """
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Node):
        return {
            **{k: _plain(v) for k, v in value.items()},
            "_id": value.element_id,
            "_labels": sorted(value.labels),
        }
    if isinstance(value, Relationship):
        start, end = value.start_node, value.end_node
        return {
            **{k: _plain(v) for k, v in value.items()},
            "_id": value.element_id,
            "_type": value.type,
            "_start": start.element_id if start is not None else None,
            "_end": end.element_id if end is not None else None,
        }
    if isinstance(value, Path):
        return {
            "_nodes": [_plain(n) for n in value.nodes],
            "_rels": [_plain(r) for r in value.relationships],
        }
    if isinstance(value, (Date, Time, DateTime)):
        try:
            return value.to_native()
        except (ValueError, OverflowError):
            # Outside Python's range (year 0, nanoseconds that matter): keep ISO text.
            return value.iso_format()
    if isinstance(value, Duration):
        return value.iso_format()
    if isinstance(value, Point):
        names = ("x", "y", "z")
        return {"srid": value.srid, **dict(zip(names, value))}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
