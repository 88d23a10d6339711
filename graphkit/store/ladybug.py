"""The embedded adapter: Ladybug (the maintained continuation of Kùzu), a file on disk.

Two write paths. An import is diffed against the store and written in bulk: new rows go
in with ``COPY … FROM`` a private Parquet file (10^6 ties in seconds). A form or an API
call writes one entity with ``$parameter`` statements by key (a millisecond or two on
20,000 stakeholders). Snapshots come out as Arrow. Every change runs in one explicit
transaction, so it is all or nothing.
"""

from __future__ import annotations

import re
import tempfile
import threading
from pathlib import Path
from typing import Any, ClassVar, Protocol, cast

import ladybug
import pyarrow as pa
import pyarrow.compute as pc

from graphkit import model
from graphkit.files import private_files, restrict_to_owner
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
from graphkit.store.weights import MONTH_DAYS, touchpoint_weights, with_weight

ENGINE = "ladybug"
_TOUCHPOINT_PROPERTIES = [
    "id",
    "vehicle",
    "connection",
    "cadence_days",
    "last_contact",
    "strength",
    "direction",
    "weight",
]
_SAFE_PATH = re.compile(r"[A-Za-z0-9_./-]+")
_LADYBUG_TYPES = {
    "string": "STRING",
    "int64": "INT64",
    "bool": "BOOLEAN",
    "double": "DOUBLE",
    "date32[day]": "DATE",
    "list<item: string>": "STRING[]",
    "timestamp[us, tz=UTC]": "TIMESTAMP_TZ",
}
CHECKPOINT_AFTER_UPDATES = 100
"""Updated properties between checkpoints: Ladybug keeps each updated value in memory
until a checkpoint (~20-40 KB a property, more on ties; creations and deletions keep
little). 1,000 let a long run of edits hold ~100 MB, 250 ~50 MB; a checkpoint costs ~15 ms
on 20,000 stakeholders, so at 100 it adds well under 0.1 ms a write."""


class _Result(Protocol):
    """What graphkit reads of a Ladybug query result (the engine's own stubs type rows
    loosely and allow a list of results, which only a multi-statement string gives)."""

    def get_all(self) -> list[list[Any]]: ...

    def get_as_arrow(self, chunk_size: int) -> pa.Table: ...

    def get_column_names(self) -> list[str]: ...

    def has_next(self) -> bool: ...

    def get_next(self) -> list[Any]: ...

    def close(self) -> None: ...


#: Snapshots the engine returns unordered, in parts (see their .cypher files), sorted here
#: by id as every snapshot is.
UNORDERED_SNAPSHOTS = frozenset({"touchpoints"})


class LadybugStore(NetworkStore):
    """A PMO network in a Ladybug database file.

    Only one process may open the file at a time (Ladybug's own lock); within the process
    a lock serialises calls, because a connection is not safe to share between threads.
    """

    engine = ENGINE

    def __init__(self, path: str | Path, **database_options: Any) -> None:
        # database_options go to ladybug.Database (buffer_pool_size, max_db_size,
        # max_num_threads): the query worker caps its replica's memory and threads.
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            with private_files():
                self._db = ladybug.Database(self.path, **database_options)
        except RuntimeError as error:
            raise StoreError(f"cannot open the Ladybug store at {self.path}: {error}") from error
        if self.path != ":memory:":
            restrict_to_owner(self.path)
        self._conn = ladybug.Connection(self._db)
        self._lock = threading.RLock()
        self._sources: dict[str, str] | None = None
        self._updates_since_checkpoint = 0

    # -- life cycle -------------------------------------------------------------------------
    def _execute(self, text: str, params: dict[str, Any] | None = None) -> _Result:
        """One statement on the store's connection."""
        answer = self._conn.execute(text, params)
        return cast(_Result, answer[-1] if isinstance(answer, list) else answer)

    def setup_schema(self) -> None:
        with self._lock:
            self._migrate()
            for text in statements(ENGINE, "schema"):
                self._execute(text)

    def _migrate(self) -> None:
        """Bring a store made by an earlier graphkit to today's schema, ties kept."""
        try:
            pairs = self._execute(statement(ENGINE, "touchpoint_pairs")).get_all()
        except RuntimeError:
            return  # a new store: the schema creates everything
        if not any(row[1] == "CustomerGroup" for row in pairs):
            self._migrate_group_touchpoints()
        else:
            self._migrate_weights()

    def _migrate_weights(self) -> None:
        """A store made before the stored weight: add the property and fill it from each
        touchpoint's strength and cadence (one transaction)."""
        columns = self._execute(statement(ENGINE, "touchpoint_properties")).get_as_arrow(-1)
        if "weight" in columns.column("name").to_pylist():
            return
        self._execute("BEGIN TRANSACTION")
        try:
            self._run("add_touchpoint_weight", {})
            self._run("set_touchpoint_weights", {"month_days": MONTH_DAYS})
        except BaseException:
            self._rollback()
            raise
        self._execute("COMMIT")

    def _migrate_group_touchpoints(self) -> None:
        """A store made before group touchpoints has TOUCHPOINT from Stakeholder to
        Stakeholder only: re-create the table with both pairs (and the weight), ties kept
        (one transaction; Ladybug takes DDL inside it)."""
        ties = self._execute(
            "MATCH (a:Stakeholder)-[t:TOUCHPOINT]->(b:Stakeholder) "
            "RETURN a.id AS `from`, b.id AS `to`, t.id AS id, t.vehicle AS vehicle, "
            "t.connection AS connection, t.cadence_days AS cadence_days, "
            "t.last_contact AS last_contact, t.strength AS strength, "
            "t.direction AS direction"
        ).get_as_arrow(-1)
        self._execute("BEGIN TRANSACTION")
        try:
            self._execute("DROP TABLE TOUCHPOINT")
            self._execute(statements(ENGINE, "schema")[2])
            if ties.num_rows:
                ties = ties.append_column("weight", touchpoint_weights(ties))
                with tempfile.TemporaryDirectory(prefix="graphkit-migrate-") as folder:
                    self._copy("copy_touchpoints", ties, Path(folder))
        except BaseException:
            self._rollback()
            raise
        self._execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            if not self._db.is_closed:
                self._conn.close()
                self._db.close()

    # -- reads ------------------------------------------------------------------------------
    def _arrow(self, name: str, params: dict[str, Any] | None = None) -> pa.Table:
        table: pa.Table = self._execute(statement(ENGINE, name), params or {}).get_as_arrow(-1)
        return table

    def _table(self, kind: str) -> pa.Table:
        parts = [
            self._execute(text).get_as_arrow(-1) for text in statements(ENGINE, f"snapshot_{kind}")
        ]
        raw = parts[0] if len(parts) == 1 else pa.concat_tables(parts)
        del parts
        schema = model.SCHEMAS[kind]
        if raw.num_rows == 0:
            return model.empty_table(kind)
        order = pc.sort_indices(raw.column("id")) if kind in UNORDERED_SNAPSHOTS else None
        columns = {name: raw.column(name) for name in schema.names}
        del raw  # each column is let go as soon as its sorted copy exists: one at a time
        for name in schema.names:
            column = columns[name].cast(schema.field(name).type)
            columns[name] = column if order is None else column.take(order)
        return pa.Table.from_arrays(list(columns.values()), schema=schema)

    def snapshot(self) -> Snapshot:
        with self._lock:
            return Snapshot(*(self._table(kind) for kind in KINDS))

    def plan_actions(self) -> pa.Table:
        with self._lock:
            return self._table(PLAN_ACTIONS)

    def counts(self) -> Counts:
        with self._lock:
            return Counts(
                *(
                    self._execute(statement(ENGINE, f"count_{kind}")).get_all()[0][0]
                    for kind in KINDS
                )
            )

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
        with self._lock:
            self._conn.set_query_timeout(int((timeout_s or 0) * 1000))
            try:
                return self._read_only(guarded.text, dict(params or {}), limit, max_bytes)
            except StoreError:
                raise
            except Exception as error:  # the binding raises several kinds for bad input
                raise _engine_error(error, timeout_s) from error
            finally:
                # Always disarmed, whatever failed, so no later statement (an import) is
                # interrupted by a user's timeout.
                self._conn.set_query_timeout(0)

    def _read_only(
        self, text: str, params: dict[str, Any], limit: int | None, max_bytes: int | None
    ) -> QueryAnswer:
        self._execute("BEGIN TRANSACTION READ ONLY")
        try:
            result = self._execute(text, params)
            if isinstance(result, list):  # several statements: the guard lets none through
                raise StoreError("one statement at a time")
            try:
                collector = AnswerCollector(result.get_column_names(), limit, max_bytes)
                while result.has_next() and collector.add(list(result.get_next())):
                    pass
            finally:
                result.close()
            return collector.answer()
        finally:
            # A statement that fails to bind ends the transaction itself; a ROLLBACK then
            # finds none, and that must not replace the engine's own message.
            try:
                self._execute("ROLLBACK")
            except RuntimeError:
                pass

    def load_replica(self, snapshot: Snapshot) -> None:
        """Fill this empty store with ``snapshot`` by bulk COPY, in one transaction.

        For the query worker's in-memory replica (``LadybugStore(":memory:")``): the rows
        are known new, so no change is planned: 1.5-2.1x faster than :meth:`apply` at
        20,000 stakeholders and 192,000 touchpoints (bench/bench_query_isolation.py).
        """
        people = snapshot.stakeholders
        members = people.filter(pc.is_valid(people["group"]))
        loads = [
            ("copy_groups", snapshot.groups),
            ("copy_stakeholders", people),
            ("copy_memberships", pa.table({"from": members["id"], "to": members["group"]})),
        ]
        ties = snapshot.touchpoints
        # personal ties to a stakeholder, broadcasts to a whole group (as _write files them)
        for name, end in (("copy_touchpoints", "target"), ("copy_broadcasts", "target_group")):
            some = ties.filter(pc.is_valid(ties[end]))
            loads.append((name, _copy_rows(some, end)))
        with self._lock:
            self._execute("BEGIN TRANSACTION")
            try:
                with tempfile.TemporaryDirectory(prefix="graphkit-replica-") as folder:
                    for name, rows in loads:
                        if rows.num_rows:
                            self._copy(name, rows, Path(folder))
                self._create_contacts(snapshot.contacts)
            except BaseException:
                self._rollback()
                raise
            self._execute("COMMIT")

    # -- writes -------------------------------------------------------------------------
    def write(self, writes: list[EntityWrite]) -> WriteOutcome:
        with self._lock:
            tx = _LadybugTransaction(self)
            self._execute("BEGIN TRANSACTION")
            self._begin_counting()
            try:
                outcome = run_writes(tx, writes)
                self._next_statement()  # the COMMIT: a fault here must leave nothing
            except BaseException:
                self._rollback()
                raise
            self._execute("COMMIT")
            tx.committed()
            self._updates_since_checkpoint += tx.updated_properties
            if self._updates_since_checkpoint >= CHECKPOINT_AFTER_UPDATES:
                self._execute("CHECKPOINT")
                self._updates_since_checkpoint = 0
            return outcome

    def _rollback(self) -> None:
        # A failed statement may already have ended the transaction.
        try:
            self._execute("ROLLBACK")
        except RuntimeError:
            pass

    def _touchpoint_sources(self) -> dict[str, str]:
        """Touchpoint id → source id, for the ties whose id does not say it.

        Ladybug indexes nodes by key, not ties by property, so a tie is found from its
        source. A default id (``source|target|vehicle``) names its source; this index
        holds only the others (custom ids, ties whose ends changed): a few entries where
        a full index of 10^6 ties would hold ~400 MB. Built on the first single-entity
        touchpoint write (one scan) and kept in step by every write through this
        adapter, which is the only writer: Ladybug lets one process hold the file.
        """
        if self._sources is None:
            found = self._arrow("touchpoint_sources")
            self._sources = {
                tie: source
                for tie, source in zip(
                    found.column("id").to_pylist(), found.column("source").to_pylist()
                )
                if _named_source(tie) != source
            }
        return self._sources

    def _existing(self, change: NetworkChange) -> Existing:
        current = {kind: self._table(kind) for kind in KINDS}
        members: dict[str, set[str]] = {}
        if change.delete_groups:
            for group_id, stakeholder_id in self._execute(
                statement(ENGINE, "members_of_groups"), {"ids": list(change.delete_groups)}
            ).get_all():
                members.setdefault(group_id, set()).add(stakeholder_id)
        ties = current["touchpoints"]
        cascaded: set[str] = set()
        if change.delete_stakeholders or change.delete_groups:
            people = pa.array(change.delete_stakeholders, pa.string())
            groups = pa.array(change.delete_groups, pa.string())
            touching = pc.or_(
                pc.or_(
                    pc.is_in(ties["source"], value_set=people),
                    pc.is_in(ties["target"], value_set=people),
                ),
                pc.is_in(ties["target_group"], value_set=groups),
            )
            cascaded = set(ties.filter(pc.fill_null(touching, False))["id"].to_pylist())
        going = pa.array(sorted(cascaded | set(change.delete_touchpoints)), pa.string())
        contacts = current["contacts"]
        logged = contacts.filter(pc.is_in(contacts["touchpoint"], value_set=going))
        return Existing(
            rows=current,
            stakeholder_ids=set(current["stakeholders"]["id"].to_pylist()),
            group_ids=set(current["groups"]["id"].to_pylist()),
            touchpoint_ids=set(ties["id"].to_pylist()),
            members=members,
            touchpoints_of_deleted=cascaded,
            contacts_of_deleted=set(logged["id"].to_pylist()),
        )

    def apply(self, change: NetworkChange) -> ChangeSummary:
        with self._lock:
            existing = self._existing(change)
            plan = plan_change(change, existing)
            if plan.is_empty:
                return plan.summary
            self._execute("BEGIN TRANSACTION")
            self._begin_counting()
            try:
                with tempfile.TemporaryDirectory(prefix="graphkit-copy-") as folder:
                    self._write(plan, existing, Path(folder))
                self._next_statement()  # the COMMIT: a fault here must leave nothing
            except BaseException:
                self._rollback()
                raise
            self._execute("COMMIT")
            self._sources = None  # rebuilt from the store on the next single write
            return plan.summary

    def _run(self, name: str, params: dict[str, Any]) -> None:
        self._next_statement()
        self._execute(statement(ENGINE, name), params)

    def _copy(self, name: str, table: pa.Table, folder: Path) -> None:
        """``COPY … FROM`` a private Parquet file (from a Python object it leaks, see the
        statement files); the path is ours, never a user's."""
        path = folder / f"{name}.parquet"
        import pyarrow.parquet as pq  # writes only: reading a snapshot needs none of it

        pq.write_table(table, path)
        self._next_statement()
        self._execute(statement(ENGINE, name).replace("{file}", _copy_path(path)))

    def _write(self, plan: WritePlan, existing: Existing, folder: Path) -> None:
        # Order matters: logs and ties go before the people and groups they join, people
        # before their groups; an updated touchpoint is re-created (its ends may change).
        recreated = plan.update["touchpoints"]
        dropped = set(plan.delete["touchpoints"]) | set(recreated["id"].to_pylist())
        gone = sorted(existing.touchpoints_of_deleted | set(plan.delete["touchpoints"]))
        if gone:
            self._run("delete_contacts_of", {"ids": gone})
        if dropped:
            stored = existing.rows["touchpoints"]
            at = stored.filter(
                pc.is_in(stored["id"], value_set=pa.array(sorted(dropped), pa.string()))
            )
            self._run("delete_touchpoints_at", {"rows": at.select(["id", "source"]).to_pylist()})
        if plan.delete["stakeholders"]:
            self._run("delete_stakeholders", {"ids": plan.delete["stakeholders"]})
        if plan.delete["groups"]:
            self._run("delete_groups", {"ids": plan.delete["groups"]})

        if plan.create["groups"].num_rows:
            self._copy("copy_groups", plan.create["groups"], folder)
        if plan.update["groups"].num_rows:
            self._run("update_groups", {"rows": plan.update["groups"].to_pylist()})

        if plan.create["stakeholders"].num_rows:
            self._copy("copy_stakeholders", plan.create["stakeholders"], folder)
        updated = plan.update["stakeholders"]
        if updated.num_rows:
            self._run("update_stakeholders", {"rows": updated.to_pylist()})
            self._run("delete_memberships", {"ids": updated["id"].to_pylist()})
        joining = pa.concat_tables([plan.create["stakeholders"], updated])
        joining = joining.filter(pc.is_valid(joining["group"]))
        if joining.num_rows:
            self._copy(
                "copy_memberships",
                pa.table({"from": joining["id"], "to": joining["group"]}),
                folder,
            )

        personal_again = recreated.filter(pc.is_valid(recreated["target"]))
        if personal_again.num_rows:
            self._run(
                "create_touchpoints", {"rows": [with_weight(r) for r in personal_again.to_pylist()]}
            )
        broadcasts_again = recreated.filter(pc.is_valid(recreated["target_group"]))
        if broadcasts_again.num_rows:
            self._run(
                "create_broadcasts",
                {"rows": [with_weight(r) for r in broadcasts_again.to_pylist()]},
            )
        # (tests/test_store_writes.py imports deletions, updates and new ties together:
        # an earlier Ladybug lost rows copied after a deletion in one transaction)
        ties = plan.create["touchpoints"]
        for name, end in (("copy_touchpoints", "target"), ("copy_broadcasts", "target_group")):
            some = ties.filter(pc.is_valid(ties[end]))
            if some.num_rows:
                self._copy(name, _copy_rows(some, end), folder)
        self._create_contacts(plan.create["contacts"])

    def _create_contacts(self, contacts: pa.Table) -> None:
        # not COPY: see create_contacts.cypher
        for start in range(0, contacts.num_rows, 10_000):
            self._run("create_contacts", {"rows": contacts.slice(start, 10_000).to_pylist()})


class _LadybugTransaction:
    """:class:`~graphkit.store.entity_writes.EntityTransaction` on the open connection.

    One entity at a time, with ``$parameter`` statements (see create_stakeholder.cypher
    for why not the bulk UNWIND ones).
    """

    _STORED: ClassVar[dict[str, str]] = {
        "stakeholders": "stored_stakeholder",
        "groups": "stored_group",
        "contacts": "stored_contact",
        PLAN_ACTIONS: "stored_plan_action",
    }

    def __init__(self, store: LadybugStore) -> None:
        self.store = store
        # Touchpoint index changes wait for COMMIT (a rollback leaves the index as it was).
        self.sources: dict[str, str | None] = {}
        self.updated_properties = 0

    def _rows(self, name: str, params: dict[str, Any]) -> list[list[Any]]:
        self.store._next_statement()
        rows: list[list[Any]] = self.store._execute(statement(ENGINE, name), params).get_all()
        return rows

    def _source_of(self, touchpoint_id: str) -> str | None:
        """Where to look for a tie: its source, as far as the ids and the index say."""
        if touchpoint_id in self.sources:
            return self.sources[touchpoint_id]
        other = self.store._touchpoint_sources().get(touchpoint_id)
        return other if other is not None else _named_source(touchpoint_id)

    def stored(self, kind: str, entity_id: str) -> bool:
        if kind == "touchpoints":
            source = self._source_of(entity_id)
            return source is not None and bool(
                self._rows("stored_touchpoint_at", {"id": entity_id, "source": source})
            )
        return bool(self._rows(self._STORED[kind], {"id": entity_id}))

    def member_count(self, group_id: str) -> int:
        return int(self._rows("member_count", {"id": group_id})[0][0])

    def last_contact(self, touchpoint_id: str) -> Any:
        return self._stored("touchpoints", {"id": touchpoint_id})["last_contact"]

    def move_last_contact(self, touchpoint_id: str, day: Any) -> None:
        self._set("touchpoints", {"id": touchpoint_id}, {"last_contact": day})

    def create(self, kind: str, row: dict[str, Any]) -> None:
        if kind == "touchpoints":
            self._rows(
                "create_touchpoint" if row["target"] is not None else "create_broadcast",
                with_weight(row),
            )
            self.sources[row["id"]] = row["source"]
        elif kind == "groups":
            self._rows("create_group", row)
        elif kind == "contacts":
            self._rows("create_contact", row)
        elif kind == PLAN_ACTIONS:
            self._rows("create_plan_action", row)
        else:
            params = {key: value for key, value in row.items() if key != "group"}
            self._rows("create_stakeholder", {**params, "group_id": row.get("group")})
            if row.get("group") is not None:
                self._rows("create_membership", {"id": row["id"], "group_id": row["group"]})

    def _stored(self, kind: str, row: dict[str, Any]) -> dict[str, Any]:
        """The stored fields of the entity ``row`` replaces (touchpoints: with its ends)."""
        if kind == "touchpoints":
            source = self._source_of(row["id"])
            ((target, target_kind, tie),) = self._rows(
                "stored_touchpoint_at", {"id": row["id"], "source": source}
            )
            group = target_kind == "CustomerGroup"
            return {
                **tie,
                "source": source,
                "target": None if group else target,
                "target_group": target if group else None,
            }
        ((found,),) = self._rows(self._STORED[kind], {"id": row["id"]})
        return dict(found)

    def replace(self, kind: str, row: dict[str, Any]) -> None:
        before = self._stored(kind, row)
        ends = ("source", "target", "target_group")
        if kind == "touchpoints" and any(before[end] != row[end] for end in ends):
            # New ends: the tie is re-created.
            self._rows("delete_touchpoint_at", {"id": row["id"], "source": before["source"]})
            self.create(kind, row)
            return
        # Only what changed: Ladybug keeps each updated property (~20-40 KB) in memory
        # until a checkpoint, and re-filing under a group of thousands costs ~10 ms.
        changed = {
            key: value
            for key, value in row.items()
            if key not in ("id", *ends) and value != before.get(key)
        }
        if changed:
            self._set(kind, row, changed)
        if kind == "stakeholders" and "group" in changed:
            self._rows("delete_membership", {"id": row["id"]})
            if row.get("group") is not None:
                self._rows("create_membership", {"id": row["id"], "group_id": row["group"]})

    def _set(self, kind: str, row: dict[str, Any], changed: dict[str, Any]) -> None:
        schema = model.SCHEMAS[kind]
        alias = {"stakeholders": "s", "groups": "g", "touchpoints": "t", PLAN_ACTIONS: "p"}[kind]
        params: dict[str, Any] = {"id": row["id"]}
        assignments = []
        for number, (key, value) in enumerate(sorted(changed.items())):
            # the field name comes from the schema, never from the caller
            column = f"`{schema.field(key).name}`"
            params[f"p{number}"] = value
            assignments.append(
                f"{alias}.{column} = CAST($p{number} AS "
                f"{_LADYBUG_TYPES[str(schema.field(key).type)]})"
            )
        if kind == "touchpoints":
            params["source"] = self._source_of(row["id"])
            if {"strength", "cadence_days"} & changed.keys():
                params["weight"] = with_weight(row)["weight"]
                assignments.append("t.weight = CAST($weight AS DOUBLE)")
        self.updated_properties += len(changed)
        name = {
            "stakeholders": "set_stakeholder_fields",
            "groups": "set_group_fields",
            "touchpoints": "set_touchpoint_fields",
            PLAN_ACTIONS: "set_plan_action_fields",
        }[kind]
        text = statement(ENGINE, name)
        self.store._execute(text.replace("{assignments}", ", ".join(assignments)), params)

    def remove(self, kind: str, entity_id: str) -> list[str]:
        if kind in ("contacts", PLAN_ACTIONS):
            raise StoreError(f"{kind.replace('_', ' ')} are not removed one by one")
        if kind == "touchpoints":
            self._rows("delete_contacts_of", {"ids": [entity_id]})
            self._rows(
                "delete_touchpoint_at", {"id": entity_id, "source": self._source_of(entity_id)}
            )
            self.sources[entity_id] = None
            return []
        if kind == "groups":
            gone = [tie for (tie,) in self._rows("touchpoints_of_group", {"id": entity_id})]
            if gone:
                self._rows("delete_contacts_of", {"ids": gone})
            self._rows("delete_group", {"id": entity_id})
        else:
            gone = [tie for (tie,) in self._rows("touchpoints_of_stakeholder", {"id": entity_id})]
            if gone:
                self._rows("delete_contacts_of", {"ids": gone})
            self._rows("delete_stakeholder", {"id": entity_id})
        for tie in gone:
            self.sources[tie] = None
        return gone

    def committed(self) -> None:
        if not self.sources or self.store._sources is None:
            return
        index = self.store._sources
        for tie_id, source in self.sources.items():
            if source is None or _named_source(tie_id) == source:
                index.pop(tie_id, None)
            else:
                index[tie_id] = source


def _copy_rows(ties: pa.Table, end: str) -> pa.Table:
    """Touchpoints as a COPY file wants them: from, to (``end``), then the properties in
    table order, the weight computed here."""
    columns = {"from": ties["source"], "to": ties[end]}
    columns.update({prop: ties[prop] for prop in _TOUCHPOINT_PROPERTIES if prop != "weight"})
    columns["weight"] = touchpoint_weights(ties)
    return pa.table(columns)


def _named_source(touchpoint_id: str) -> str | None:
    """The source a default touchpoint id names (None for another id)."""
    parsed = model.parse_touchpoint_key(touchpoint_id)
    return parsed[0] if parsed else None


def _copy_path(path: Path) -> str:
    text = str(path.resolve())
    if not _SAFE_PATH.fullmatch(text):
        raise StoreError(f"temporary file path {text!r} cannot be used in a COPY statement")
    return text


def _engine_error(error: Exception, timeout_s: float | None) -> StoreError:
    """The engine's own message, as a :class:`StoreError` (a write as ReadOnlyViolation)."""
    message = str(error).strip() or type(error).__name__
    if "read-only transaction" in message:
        return ReadOnlyViolation("this query writes; user queries are read-only")
    if message.rstrip(".") == "Interrupted" and timeout_s:
        return StoreError(f"the query ran longer than {timeout_s:g} s and was stopped")
    return StoreError(message)
