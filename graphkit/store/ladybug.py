"""The embedded adapter: Ladybug (the maintained continuation of Kùzu), a file on disk.

Bulk paths only: new rows go in with ``COPY … FROM`` an Arrow table (10^6 ties in seconds,
where ``UNWIND … MERGE`` manages thousands a second), snapshots come out as Arrow. Every
change runs in one explicit transaction, so an import is all or nothing.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import ladybug
import pyarrow as pa
import pyarrow.compute as pc

from graphkit import model
from graphkit.store.cypher import statement, statements
from graphkit.store.diff import Existing, WritePlan, plan_change
from graphkit.store.port import (
    KINDS,
    ChangeSummary,
    Counts,
    NetworkChange,
    NetworkStore,
    QueryAnswer,
    ReadOnlyViolation,
    Snapshot,
    StoreError,
    refuse_outside_the_graph,
)

ENGINE = "ladybug"
_TOUCHPOINT_PROPERTIES = ["id", "vehicle", "connection", "cadence_days", "last_contact",
                          "strength", "direction"]


class LadybugStore(NetworkStore):
    """A PMO network in a Ladybug database file.

    Only one process may open the file at a time (Ladybug's own lock); within the process
    a lock serialises calls, because a connection is not safe to share between threads.
    """

    engine = ENGINE

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = ladybug.Database(self.path)
        except RuntimeError as error:
            raise StoreError(f"cannot open the Ladybug store at {self.path}: {error}") from error
        self._conn = ladybug.Connection(self._db)
        self._lock = threading.RLock()

    # -- life cycle -------------------------------------------------------------------------
    def setup_schema(self) -> None:
        with self._lock:
            for text in statements(ENGINE, "schema"):
                self._conn.execute(text)

    def close(self) -> None:
        with self._lock:
            if not self._db.is_closed:
                self._conn.close()
                self._db.close()

    # -- reads ------------------------------------------------------------------------------
    def _arrow(self, name: str, params: dict[str, Any] | None = None) -> pa.Table:
        return self._conn.execute(statement(ENGINE, name), params or {}).get_as_arrow(-1)

    def _table(self, kind: str) -> pa.Table:
        raw = self._arrow(f"snapshot_{kind}")
        schema = model.SCHEMAS[kind]
        if raw.num_rows == 0:
            return schema.empty_table()
        return pa.Table.from_arrays(
            [raw.column(name).cast(schema.field(name).type) for name in schema.names],
            schema=schema,
        )

    def snapshot(self) -> Snapshot:
        with self._lock:
            return Snapshot(*(self._table(kind) for kind in KINDS))

    def counts(self) -> Counts:
        with self._lock:
            return Counts(*(self._conn.execute(statement(ENGINE, f"count_{kind}")).get_all()[0][0]
                            for kind in KINDS))

    def query(self, cypher: str, params: dict[str, Any] | None = None, *,
              limit: int | None = None, timeout_s: float | None = None) -> QueryAnswer:
        refuse_outside_the_graph(cypher)
        with self._lock:
            self._conn.set_query_timeout(int((timeout_s or 0) * 1000))
            self._conn.execute("BEGIN TRANSACTION READ ONLY")
            try:
                result = self._conn.execute(cypher, dict(params or {}))
                columns = result.get_column_names()
                rows: list[list[Any]] = []
                truncated = False
                while result.has_next():
                    if limit is not None and len(rows) >= limit:
                        truncated = True
                        break
                    rows.append(list(result.get_next()))
                return QueryAnswer(columns=columns, rows=rows, truncated=truncated)
            except Exception as error:  # the binding raises several kinds for bad input
                if "read-only transaction" in str(error):
                    raise ReadOnlyViolation(
                        "this query writes; user queries are read-only") from error
                raise StoreError(str(error)) from error
            finally:
                self._conn.execute("ROLLBACK")
                self._conn.set_query_timeout(0)

    # -- writes -----------------------------------------------------------------------------
    def _existing(self, change: NetworkChange) -> Existing:
        current = {kind: self._table(kind) for kind in KINDS}
        members: dict[str, set[str]] = {}
        if change.delete_groups:
            for group_id, stakeholder_id in self._conn.execute(
                    statement(ENGINE, "members_of_groups"),
                    {"ids": list(change.delete_groups)}).get_all():
                members.setdefault(group_id, set()).add(stakeholder_id)
        cascaded: set[str] = set()
        if change.delete_stakeholders:
            touchpoints = current["touchpoints"]
            gone = pa.array(change.delete_stakeholders, pa.string())
            touching = pc.or_(pc.is_in(touchpoints["source"], value_set=gone),
                              pc.is_in(touchpoints["target"], value_set=gone))
            cascaded = set(touchpoints.filter(touching)["id"].to_pylist())
        return Existing(
            rows=current,
            stakeholder_ids=set(current["stakeholders"]["id"].to_pylist()),
            group_ids=set(current["groups"]["id"].to_pylist()),
            members=members,
            touchpoints_of_deleted=cascaded,
        )

    def apply(self, change: NetworkChange) -> ChangeSummary:
        with self._lock:
            plan = plan_change(change, self._existing(change))
            if plan.is_empty:
                return plan.summary
            self._conn.execute("BEGIN TRANSACTION")
            try:
                self._write(plan)
            except BaseException:
                # A failed statement may already have ended the transaction.
                try:
                    self._conn.execute("ROLLBACK")
                except RuntimeError:
                    pass
                raise
            self._conn.execute("COMMIT")
            return plan.summary

    def _run(self, name: str, params: dict[str, Any]) -> None:
        self._conn.execute(statement(ENGINE, name), params)

    def _write(self, plan: WritePlan) -> None:
        # Order matters: ties go before the people they join, people before their groups;
        # an updated touchpoint is re-created because its ends may have changed.
        recreated = plan.update["touchpoints"]
        dropped_touchpoints = plan.delete["touchpoints"] + recreated["id"].to_pylist()
        if dropped_touchpoints:
            self._run("delete_touchpoints", {"ids": dropped_touchpoints})
        if plan.delete["stakeholders"]:
            self._run("delete_stakeholders", {"ids": plan.delete["stakeholders"]})
        if plan.delete["groups"]:
            self._run("delete_groups", {"ids": plan.delete["groups"]})

        if plan.create["groups"].num_rows:
            self._run("copy_groups", {"rows": plan.create["groups"]})
        if plan.update["groups"].num_rows:
            self._run("update_groups", {"rows": plan.update["groups"].to_pylist()})

        if plan.create["stakeholders"].num_rows:
            self._run("copy_stakeholders", {"rows": plan.create["stakeholders"]})
        updated = plan.update["stakeholders"]
        if updated.num_rows:
            self._run("update_stakeholders", {"rows": updated.to_pylist()})
            self._run("delete_memberships", {"ids": updated["id"].to_pylist()})
        joining = pa.concat_tables([plan.create["stakeholders"], updated])
        joining = joining.filter(pc.is_valid(joining["group"]))
        if joining.num_rows:
            self._run("copy_memberships", {"rows": pa.table(
                {"from": joining["id"], "to": joining["group"]})})

        if recreated.num_rows:
            # COPY into a rel table right after deleting from it in the same transaction
            # loses the copied rows (Ladybug 0.22), so updates go row by row.
            self._run("create_touchpoints", {"rows": recreated.to_pylist()})
        ties = plan.create["touchpoints"]
        if ties.num_rows:
            columns = {"from": ties["source"], "to": ties["target"]}
            columns.update({name: ties[name] for name in _TOUCHPOINT_PROPERTIES})
            self._run("copy_touchpoints", {"rows": pa.table(columns)})
