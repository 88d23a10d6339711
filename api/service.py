"""The app's one handle on the network: the store behind a lock, plus caches per data version.

Single-entity writes (:meth:`NetworkService.write`) go to the store as direct statements
and patch the service's registers (id → entity, as the API shows it) in place, so a write
costs what it changes. Imports (:meth:`NetworkService.import_files`) are parsed and
validated outside the store lock, applied in one transaction, and drop the registers.
Either moves the data version on, which drops every cached snapshot, analysis report and
map; they are rebuilt on demand. Reads between writes share one snapshot and compute each
analysis once (single-flight: concurrent requests for the same result wait for the first
to finish instead of recomputing it).
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

import numpy as np
import pyarrow as pa
from pydantic import BaseModel, ValidationError

from graphkit import model
from graphkit.analysis.coverage import Coverage
from graphkit.analysis.ego import Ego, TouchpointIndex, ego_network
from graphkit.analysis.plan import Plan, PlanAction
from graphkit.analysis.shelf import ResultShelf
from graphkit.api.errors import invalid
from graphkit.settings import Settings
from graphkit.store import (
    PLAN_ACTIONS,
    ChangeSummary,
    Create,
    EntityExists,
    EntityNotFound,
    EntityWrite,
    InvalidChange,
    NetworkChange,
    NetworkStore,
    Problem,
    Replace,
    Snapshot,
    WriteOutcome,
)
from graphkit.store.query_guard import guard_query
from graphkit.store.query_pool import QueryPool, WorkerAnswer

if TYPE_CHECKING:
    from graphkit.analysis.report import Analysis

KINDS = model.NETWORK_KINDS
T = TypeVar("T")
_CACHE_ENTRIES = 64


class NetworkService:
    def __init__(self, store: NetworkStore, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self._store_lock = threading.RLock()  # Ladybug connections are not thread-safe
        self._cache_lock = threading.Lock()
        self._version = 0
        self._cache: OrderedDict[Hashable, Any] = OrderedDict()
        self._inflight: dict[Hashable, threading.Lock] = {}
        # id → entity as the API shows it, per kind; patched by writes, dropped by imports.
        self._registers: dict[str, dict[str, dict[str, Any]]] = {}
        self._plan_version = 0
        self._register_lock = threading.RLock()
        self._queries: QueryPool | None = None
        # heavy results (centrality, reach, communities) kept by what they were computed
        # from, on disk beside a file store: a contact or a stance change reuses them, a
        # restart finds them again (graphkit.analysis.shelf)
        self.shelf = ResultShelf(results_path(settings))
        # the last heavy part computed, of whichever version: served, marked, while the
        # current version's is computed in the background
        self._latest: dict[tuple[str, dt.date, bool], tuple[int, Any]] = {}
        self._background = ThreadPoolExecutor(
            max_workers=1, initializer=_yield_to_requests, thread_name_prefix="graphkit-analysis"
        )
        self._pending: set[Hashable] = set()

    # -- versions and caching -----------------------------------------------------------
    @property
    def version(self) -> int:
        return self._version

    @property
    def plan_version(self) -> int:
        """Moves on when a plan action's status changes (the data version does not)."""
        return self._plan_version

    def cached(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()`` once per data version and key; concurrent callers share it."""
        version = self._version
        full = (version, key)
        # (the cache holds values of every type: under one key, what its compute gave)
        with self._cache_lock:
            if full in self._cache:
                self._cache.move_to_end(full)
                return cast(T, self._cache[full])
            gate = self._inflight.setdefault(full, threading.Lock())
        with gate:
            with self._cache_lock:
                if full in self._cache:
                    return cast(T, self._cache[full])
            try:
                value = compute()
            except BaseException:
                with self._cache_lock:
                    self._inflight.pop(full, None)
                raise
            with self._cache_lock:
                if self._version == version:
                    self._cache[full] = value
                    while len(self._cache) > _CACHE_ENTRIES:
                        self._cache.popitem(last=False)
                self._inflight.pop(full, None)
        return value

    def _invalidate(self) -> None:
        with self._cache_lock:
            self._version += 1
            self._cache.clear()

    # -- store access -------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        def read() -> Snapshot:
            with self._store_lock:
                return self.store.snapshot()

        return self.cached("snapshot", read)

    def counts(self) -> dict[str, int]:
        return {kind: len(self.register(kind)) for kind in KINDS}

    def write(self, writes: list[EntityWrite]) -> WriteOutcome:
        """Single-entity writes in one transaction; the registers are patched, not rebuilt."""
        for kind in {w.kind for w in writes}:
            self.register(kind)  # built before the write, so the patch applies to it
        with self._store_lock:
            writes = [w for w in writes if not self._unchanged(w)]
            if not writes:
                return WriteOutcome()  # nothing to change: the version stays
            outcome = self.store.write(writes)  # raises: nothing written
            self._patch_registers(outcome)
            if all(w.kind == PLAN_ACTIONS for w in writes):
                self._plan_version += 1  # the analysis stands; only the plan's statuses moved
            else:
                self._invalidate()
        return outcome

    def _patch_registers(self, outcome: WriteOutcome) -> None:
        with self._register_lock:
            for kind in (*KINDS, PLAN_ACTIONS):
                register = self._registers.get(kind)
                if register is None:
                    continue
                for entity_id in outcome.removed[kind]:
                    register.pop(entity_id, None)
                for row in outcome.written[kind]:
                    register[row["id"]] = model.json_row(kind, row)
            ties = self._registers.get("touchpoints")
            for tie_id, day in outcome.moved_on.items():
                if ties is not None and tie_id in ties:
                    ties[tie_id] = {**ties[tie_id], "last_contact": day.isoformat()}
            contacts = self._registers.get("contacts")
            gone = set(outcome.removed["touchpoints"])
            if contacts is not None and gone:
                # a tie's log goes with it
                for contact_id in [c for c, row in contacts.items() if row["touchpoint"] in gone]:
                    del contacts[contact_id]

    def _unchanged(self, write: EntityWrite) -> bool:
        """A replace with exactly the stored values (a form saved as it was)."""
        if not isinstance(write, Replace):
            return False
        current = self.register(write.kind).get(write.row["id"])
        return current is not None and current == model.json_row(write.kind, write.row)

    def apply(self, change: NetworkChange) -> ChangeSummary:
        with self._store_lock:
            summary = self.store.apply(change)  # InvalidChange: nothing written
            if summary.changed_anything:
                self._drop_registers()
                self._invalidate()
        return summary

    def import_files(self, files: list[tuple[str, bytes]]) -> ChangeSummary:
        """Parse and validate outside the store lock (writes go on meanwhile); the store
        checks the change again inside its transaction."""
        from graphkit import io as gio

        known = {
            kind: set(self.register(kind)) for kind in ("groups", "stakeholders", "touchpoints")
        }
        change = gio.load_files(files, known_ids=known, limits=self.settings.import_limits())
        return self.apply(change)

    def _drop_registers(self) -> None:
        with self._register_lock:
            self._registers.clear()

    async def query(
        self, cypher: str, params: dict[str, Any] | None, limit: int, caller: str
    ) -> WorkerAnswer:
        """Run a user's query in a worker process, within the caps of the settings.

        Holds neither the store lock nor a thread while the query runs: writes and
        ``/health`` never wait behind it. ``caller`` (the token's id) counts against the
        per-token limit. Raises what :meth:`QueryPool.run` raises.
        """
        # Refused at once, without a worker; parsed off the event loop (up to ~0.1 s for
        # the longest query accepted) so /health never waits for it.
        guarded = await asyncio.to_thread(guard_query, cypher)
        return await self.queries.run(guarded.text, params or {}, limit, caller)

    @property
    def queries(self) -> QueryPool:
        """The worker pool for user queries, started on the first query."""
        with self._cache_lock:
            if self._queries is None:
                self._queries = QueryPool.for_store(
                    self.store, self.settings, self._versioned_snapshot, lambda: self._version
                )
            return self._queries

    def _versioned_snapshot(self) -> tuple[int, Snapshot]:
        """A snapshot and the data version it is of (read again if a write came between)."""
        while True:
            version = self._version
            snapshot = self.snapshot()
            if self._version == version:
                return version, snapshot

    def stop_queries(self) -> None:
        """Stop the query workers (the app's shutdown)."""
        with self._cache_lock:
            pool, self._queries = self._queries, None
        if pool is not None:
            pool.close()

    def close(self) -> None:
        self._background.shutdown(wait=False, cancel_futures=True)
        self.stop_queries()
        with self._store_lock:
            self.store.close()

    # -- entities as JSON-ready dicts -----------------------------------------------------
    def register(self, kind: str) -> dict[str, dict[str, Any]]:
        """id → entity of ``kind`` as the API shows it (built once, then patched by writes).

        Read it under no lock only for single lookups; iterate :meth:`items` instead.
        """
        register = self._registers.get(kind)
        if register is not None:
            return register
        with self._store_lock, self._register_lock:
            register = self._registers.get(kind)
            if register is None:
                table = (
                    self.store.plan_actions()
                    if kind == PLAN_ACTIONS
                    else self.snapshot().table(kind)
                )
                register = {row["id"]: model.json_row(kind, row) for row in table.to_pylist()}
                self._registers[kind] = register
            return register

    def items(self, kind: str) -> list[dict[str, Any]]:
        """Every entity of ``kind``, as the API shows it, in id order."""

        def build() -> list[dict[str, Any]]:
            register = self.register(kind)
            with self._register_lock:
                return [register[key] for key in sorted(register)]

        return self.cached(("items", kind), build)

    def index(self, kind: str) -> dict[str, dict[str, Any]]:
        return self.register(kind)

    def get(self, kind: str, entity_id: str) -> dict[str, Any] | None:
        return self.register(kind).get(entity_id)

    # -- analysis -----------------------------------------------------------------------
    def analysis(self, as_of: dt.date | None = None, directed: bool = False) -> Analysis:
        """One :class:`graphkit.analysis.report.Analysis` per data version and options."""
        from graphkit.analysis.options import AnalysisOptions
        from graphkit.analysis.report import Analysis

        as_of = as_of or dt.date.today()
        return self.cached(
            ("analysis", as_of, directed),
            lambda: Analysis(
                self.snapshot(), AnalysisOptions(as_of=as_of, directed=directed), shelf=self.shelf
            ),
        )

    def part(self, name: str, as_of: dt.date | None = None, directed: bool = False) -> Any:
        """One part of the report for the current data version, or — for a heavy part
        (centrality, roles, reach, communities) not yet computed for it — the last one
        computed, while the current one is computed in the background
        (:meth:`part_version` says which version a part is of). The plan part carries the
        stored statuses of its actions."""
        as_of = as_of or dt.date.today()
        if name == "plan":
            return self.cached(
                ("plan-part", as_of, directed, self._plan_version),
                lambda: self.plan(as_of, directed).as_json(
                    limit=self.analysis(as_of, directed).options.plan_limit
                ),
            )
        version = self._version
        key = ("part", name, as_of, directed)
        with self._cache_lock:
            if (version, key) in self._cache:
                return self._cache[(version, key)]
        latest = self._latest.get((name, as_of, directed))
        if latest is not None and not self.analysis(as_of, directed).ready(name):
            self._compute_later(name, as_of, directed)
            return latest[1]
        return self._compute_part(name, as_of, directed)

    def part_now(self, name: str, as_of: dt.date | None = None, directed: bool = False) -> Any:
        """One part of the report for the current data version, waiting for it."""
        return self._compute_part(name, as_of or dt.date.today(), directed)

    def _compute_part(self, name: str, as_of: dt.date, directed: bool) -> Any:
        version = self._version

        def compute() -> Any:
            value = self.analysis(as_of, directed).part(name)
            self._latest[(name, as_of, directed)] = (version, value)
            return value

        return self.cached(("part", name, as_of, directed), compute)

    def _compute_later(self, name: str, as_of: dt.date, directed: bool) -> None:
        job = (self._version, name, as_of, directed)
        with self._cache_lock:
            if job in self._pending:
                return
            self._pending.add(job)

        def run() -> None:
            try:
                if self._version == job[0]:  # not overtaken by a later write
                    self._compute_part(name, as_of, directed)
            finally:
                with self._cache_lock:
                    self._pending.discard(job)

        self._background.submit(run)

    def part_version(
        self, name: str, as_of: dt.date | None = None, directed: bool = False
    ) -> tuple[int | None, int]:
        """(the data version of the part :meth:`part` serves now, the current version);
        they differ while a newer one is computed in the background."""
        as_of = as_of or dt.date.today()
        current = self._version
        with self._cache_lock:
            if (current, ("part", name, as_of, directed)) in self._cache:
                return current, current
        latest = self._latest.get((name, as_of, directed))
        return (latest[0] if latest else None), current

    def recomputing(self, as_of: dt.date | None = None, directed: bool = False) -> list[str]:
        """The heavy parts served now from an earlier version of the data, while the
        current one is computed in the background (pages say so, rather than pass old
        brokers off as today's)."""
        as_of = as_of or dt.date.today()
        behind = []
        for name in RECOMPUTED_IN_BACKGROUND:
            if (name, as_of, directed) in self._latest:
                served, current = self.part_version(name, as_of, directed)
                if served != current:
                    behind.append(name)
        return behind

    def warm(self, as_of: dt.date | None = None) -> None:
        """Start the analysis in the background (at start-up: the first page need not
        wait for the network and its heavy parts)."""

        def run() -> None:
            analysis = self.analysis(as_of)
            for name in ("centrality", "reach", "communities"):
                if self._version != 0 and analysis is not self.analysis(as_of):
                    return
                self._compute_part(name, as_of or dt.date.today(), False)

        self._background.submit(run)

    def plan(self, as_of: dt.date | None = None, directed: bool = False) -> Plan:
        """The whole plan (every action) with the stored statuses laid over it, dated.

        A status change (done, snoozed) moves only the plan's version: the analysis it
        rests on is not recomputed.
        """
        as_of = as_of or dt.date.today()
        return self.cached(
            ("plan", as_of, directed, self._plan_version),
            lambda: self.analysis(as_of, directed).scheduled_plan(self.register(PLAN_ACTIONS)),
        )

    def report(self, as_of: dt.date | None = None, directed: bool = False) -> dict[str, Any]:
        """The whole report, shaped as ``graphkit analyze --format json`` prints it."""
        as_of = as_of or dt.date.today()

        from graphkit.analysis.report import PARTS, assemble

        names = (*PARTS, "centrality_method")
        parts = {name: self.part(name, as_of, directed) for name in names}
        report = assemble(parts)
        stale = [
            name
            for name in names
            if self.part_version(name, as_of, directed)[0] not in (self._version, None)
            and name != "plan"
        ]
        report["data_version"] = self._version
        report["stale_parts"] = sorted(stale)  # of an earlier version, recomputing
        return report

    def plan_file(self, fmt: str, as_of: dt.date | None = None) -> tuple[bytes, str, str]:
        """The whole plan as a file: (content, media type, file name), ``csv`` or ``ics``."""
        from graphkit.io.plan_files import plan_to_csv, plan_to_ics

        as_of = as_of or dt.date.today()

        def build() -> tuple[bytes, str, str]:
            plan = self.plan(as_of)
            if fmt == "csv":
                return (
                    plan_to_csv(plan).encode("utf-8"),
                    "text/csv; charset=utf-8",
                    "engagement-plan.csv",
                )
            return (
                plan_to_ics(plan).encode("utf-8"),
                "text/calendar; charset=utf-8",
                "engagement-plan.ics",
            )

        return self.cached(("plan-file", fmt, as_of, self._plan_version), build)

    def set_plan_status(
        self,
        action_id: str,
        status: str,
        *,
        by: str,
        snoozed_until: dt.date | None = None,
        note: str = "",
        contact: dict[str, Any] | None = None,
    ) -> PlanAction:
        """Store an action's status (and log its contact in the same transaction).

        Raises
        ------
        EntityNotFound
            No open plan has an action with this id.
        InvalidChange
            A snooze without a date, or a contact for an action that has no touchpoint.
        """
        plan = self.plan()
        action = next((a for a in plan.actions if a.id == action_id), None)
        if action is None:
            raise EntityNotFound(PLAN_ACTIONS, action_id)
        now = dt.datetime.now(dt.UTC)
        try:
            # validated from what the caller sent (a form sends any text as the status)
            state = model.PlanActionState.model_validate(
                {
                    "id": action_id,
                    "status": status,
                    "note": note,
                    "snoozed_until": snoozed_until,
                    "updated_by": by,
                    "updated_at": now,
                }
            )
        except ValidationError as error:
            raise InvalidChange(
                [
                    Problem(e["msg"], field=".".join(map(str, e["loc"])) or "snoozed_until")
                    for e in error.errors()
                ]
            ) from None
        row = model.to_row(state)
        stored = action_id in self.register(PLAN_ACTIONS)
        writes: list[EntityWrite] = [(Replace if stored else Create)(PLAN_ACTIONS, row)]
        if contact is not None:
            if action.touchpoint is None:
                raise InvalidChange(
                    [
                        Problem(
                            "this action renews no touchpoint, so there is no contact to log; "
                            "add the touchpoint first",
                            field="log_contact",
                        )
                    ]
                )
            writes.append(
                Create("contacts", self._contact_row(action.touchpoint, contact, by, now))
            )
        self.write(writes)
        # a logged contact may close the gap: the action is then gone from the new plan
        now_planned = next((a for a in self.plan().actions if a.id == action_id), None)
        return now_planned or dataclasses.replace(
            action,
            status=status,
            snoozed_until=snoozed_until,
            note=note,
            due=None if status == "done" else action.due,
        )

    def _contact_row(
        self, touchpoint_id: str, contact: dict[str, Any], by: str, now: dt.datetime
    ) -> dict[str, Any]:
        tie = self.get("touchpoints", touchpoint_id)
        if tie is None:
            raise EntityNotFound("touchpoints", touchpoint_id)
        entry = model.Contact(
            touchpoint=touchpoint_id,
            date=contact.get("date") or now.date(),
            vehicle=contact.get("vehicle") or tie["vehicle"],
            note=contact.get("note") or "",
            logged_by=by,
            logged_at=now,
        )
        return model.to_row(entry)

    def log_contact(
        self, touchpoint_id: str, contact: dict[str, Any], *, by: str
    ) -> tuple[dict[str, Any], bool]:
        """Log one contact with a touchpoint: (the contact as stored, whether it is new).

        Logging the very same contact again (a double click) keeps the one entry.
        """
        row = self._contact_row(touchpoint_id, contact, by, dt.datetime.now(dt.UTC))
        try:
            self.write([Create("contacts", row)])
            return self.register("contacts")[row["id"]], True
        except EntityExists:
            return self.register("contacts")[row["id"]], False

    def contacts_of(self, touchpoint_id: str) -> list[dict[str, Any]]:
        """A touchpoint's contact log, the latest first."""
        contacts = self.register("contacts")
        with self._register_lock:
            found = [c for c in contacts.values() if c["touchpoint"] == touchpoint_id]
        return sorted(found, key=lambda c: (c["date"], c.get("logged_at") or ""), reverse=True)

    def all_gaps(self, as_of: dt.date | None = None) -> list[dict[str, Any]]:
        """Every gap (the report's list is cut at ``gap_limit``), as JSON, once a version."""
        as_of = as_of or dt.date.today()
        return self.cached(
            ("all-gaps", as_of), lambda: [g.as_json() for g in self.analysis(as_of).gap_list]
        )

    def coverage(self, as_of: dt.date | None = None) -> Coverage:
        """Every group's reach and cadence health (see
        :func:`graphkit.analysis.coverage.group_coverage`); needs only the network."""
        from graphkit.analysis.coverage import group_coverage

        as_of = as_of or dt.date.today()
        analysis = self.analysis(as_of)
        return self.cached(
            ("coverage", as_of), lambda: group_coverage(analysis.net, analysis.options)
        )

    def touchpoint_ends(self, stakeholder_id: str) -> dict[str, TouchpointEnds]:
        """The touchpoints a stakeholder is at either end of (their broadcasts too), by id,
        with the other end of each: from the network's arrays, so a person's page does not
        build the whole touchpoint register (181,000 rows at 20,000 stakeholders)."""
        net = self.analysis().net
        v = net.index[stakeholder_id]
        index = self.cached("touchpoint-index", lambda: TouchpointIndex.of(net))
        ends: dict[str, TouchpointEnds] = {}
        ties = net.touchpoints
        for row in map(int, index.rows_of(np.array([v]))):
            source, target = (
                str(net.ids[int(ties.source[row])]),
                str(net.ids[int(ties.target[row])]),
            )
            ends[str(ties.id[row])] = TouchpointEnds(source, target, None)
        sent = net.broadcasts
        for row in map(int, (sent.source == v).nonzero()[0]):
            group = net.group_labels[int(sent.target[row])]
            ends[str(sent.id[row])] = TouchpointEnds(stakeholder_id, None, group)
        return ends

    def contacts_with(
        self, stakeholder_id: str, mine: Iterable[str] | None = None
    ) -> list[dict[str, Any]]:
        """The contact log of every touchpoint a stakeholder is at either end of (their
        broadcasts too), the latest first; each entry names the touchpoint it belongs to.
        ``mine``: those touchpoints' ids, when the caller has them already."""
        wanted = set(self.touchpoint_ends(stakeholder_id) if mine is None else mine)
        contacts = self.register("contacts")
        with self._register_lock:
            found = [c for c in contacts.values() if c["touchpoint"] in wanted]
        return sorted(found, key=lambda c: (c["date"], c.get("logged_at") or ""), reverse=True)

    def part_state(
        self, name: str, as_of: dt.date | None = None, directed: bool = False
    ) -> PartState:
        """A report part if it is already computed for this data version, and whether a
        request is computing it now. Never computes: per-person pages answer at once from
        what is ready and say what is not."""
        as_of = as_of or dt.date.today()
        full = (self._version, ("part", name, as_of, directed))
        with self._cache_lock:
            return PartState(self._cache.get(full), full in self._inflight)

    def person_metrics(self, stakeholder_id: str, as_of: dt.date | None = None) -> PersonMetrics:
        """A stakeholder's centrality: the report's row once it is computed, else the
        measures that cost nothing (degree and weighted degree, from the network), with the
        others pending. Never waits for the report."""
        state = self.part_state("centrality", as_of)
        row = next((r for r in state.value or [] if r.get("id") == stakeholder_id), None)
        if row is not None:
            return PersonMetrics(row, (), computing=False)
        net = self.analysis().net
        v = net.index[stakeholder_id]
        cheap = {
            "id": stakeholder_id,
            "degree": int(net.graph.degree(v)),
            "weighted_degree": net.touches_of(v),
        }
        pending = tuple(m for m in model.CENTRALITY_MEASURES if m not in cheap)
        return PersonMetrics(cheap, pending, computing=state.computing)

    def ego(self, stakeholder_id: str, depth: int = 2, limit: int | None = 300) -> Ego:
        """Who is within ``depth`` steps of a stakeholder (see
        :func:`graphkit.analysis.ego.ego_network`); needs only the network, not the report."""
        net = self.analysis().net
        index = self.cached("touchpoint-index", lambda: TouchpointIndex.of(net))
        return ego_network(net, stakeholder_id, depth, limit=limit, index=index)


def stored_row(kind: str, entity: BaseModel) -> dict[str, Any]:
    """A validated entity as a row of its Arrow schema (what the store keeps).

    Through Arrow once: a value valid for pydantic but not storable (a number beyond 64
    bits) is refused here (422), before the store sees it.
    """
    try:
        row: dict[str, Any] = model.to_table(kind, [entity]).to_pylist()[0]
    except (pa.ArrowException, OverflowError, ValueError, TypeError) as error:
        raise invalid(f"a value cannot be stored: {error}", why=str(error)) from None
    return row


def _yield_to_requests() -> None:
    """The background analysis runs at a lower priority than the requests beside it (Linux
    sets a nice value per thread; the kernel's worker threads it starts inherit it), so a
    page asked for while brokers are recomputed is not slowed by them."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
    except (AttributeError, OSError):  # not Linux, or not allowed: same priority
        pass


# the heavy parts (Analysis.HEAVY) a page may show from an earlier version of the data
RECOMPUTED_IN_BACKGROUND = ("centrality", "roles", "reach", "communities")


def results_path(settings: Settings) -> str | None:
    """Where heavy analysis results are kept: ``settings.results_path``, else beside a file
    store (``<store>.results``); memory only for a server store without one set."""
    if settings.results_path:
        return settings.results_path
    if "://" in settings.store or settings.store == ":memory:":
        return None
    return f"{settings.store}.results"


@dataclass(frozen=True)
class TouchpointEnds:
    """Who a touchpoint joins: a stakeholder to a stakeholder, or to a group (a broadcast)."""

    source: str
    target: str | None
    target_group: str | None


@dataclass(frozen=True)
class PartState:
    """A report part as far as it is computed: ``value`` (None until ready), and whether
    a request is computing it now."""

    value: Any
    computing: bool

    @property
    def ready(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class PersonMetrics:
    """One stakeholder's centrality row as far as it is computed: ``pending`` names the
    measures not in it yet, ``computing`` whether a request is computing them now."""

    row: dict[str, Any]
    pending: tuple[str, ...]
    computing: bool

    @property
    def complete(self) -> bool:
        return not self.pending

    @property
    def measures(self) -> dict[str, Any]:
        """The measures alone (no id, name or group), in the report's order."""
        return {m: self.row[m] for m in model.CENTRALITY_MEASURES if m in self.row}
