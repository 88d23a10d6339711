"""The query pool on its own: real worker processes over an in-memory Ladybug replica."""

from __future__ import annotations

import asyncio
import os
import signal

import pytest

from graphkit.demo import generate_tables
from graphkit.store.port import Snapshot
from graphkit.store.query_pool import QueryBusy, QueryCaps, QueryPool, QueryStopped

SLOW = (
    "MATCH (a:Stakeholder), (b:Stakeholder), (c:Stakeholder), (d:Stakeholder), "
    "(e:Stakeholder) WHERE a.influence + b.influence + c.influence + d.influence "
    "+ e.influence = 99 RETURN count(*)"
)


@pytest.fixture
def versions() -> dict[int, Snapshot]:
    return {1: Snapshot(**generate_tables(60, 7)), 2: Snapshot(**generate_tables(90, 7))}


@pytest.fixture
def pool(versions):
    current = {"version": 1}
    made = QueryPool(
        {"op": "open", "engine": "ladybug"},
        QueryCaps(timeout_s=2.0, memory_mb=256, workers=1, concurrency=3, per_token=2),
        lambda: (current["version"], versions[current["version"]]),
        lambda: current["version"],
    )
    made.current = current  # type: ignore[attr-defined]
    yield made
    made.close()


def test_each_answer_reads_the_current_version_and_says_which(pool):
    first = pool.submit("MATCH (s:Stakeholder) RETURN count(s) AS n", {}, 10).result(60)
    assert first.json()["rows"] == [[60]] and first.data_version == 1
    pool.current["version"] = 2  # a write moved the data on
    second = pool.submit("MATCH (s:Stakeholder) RETURN count(s) AS n", {}, 10).result(60)
    assert second.json()["rows"] == [[90]] and second.json()["data_version"] == 2


def test_a_killed_worker_costs_one_query_and_the_next_gets_a_fresh_one(pool):
    pool.submit("RETURN 1", {}, 1).result(60)
    (pid,) = pool.worker_pids
    os.kill(pid, signal.SIGSEGV)  # what a native crash in the engine does
    with pytest.raises(QueryStopped) as stopped:
        pool.submit("RETURN 1", {}, 1).result(60)
    assert stopped.value.kind == "crashed" and "SIGSEGV" in str(stopped.value)
    assert pool.submit("RETURN 2 AS two", {}, 1).result(60).json()["rows"] == [[2]]
    assert pool.worker_pids != [pid]


def test_an_overrun_is_killed_after_the_timeout_and_its_grace(pool):
    pool.submit("RETURN 1", {}, 1).result(60)
    with pytest.raises(QueryStopped) as stopped:
        pool.submit(SLOW, {}, 1).result(60)
    assert stopped.value.kind == "timeout"


def test_a_caller_that_stops_waiting_keeps_its_place_until_the_query_ends(pool):
    pool.submit("RETURN 1", {}, 1).result(60)  # the worker is up and holds version 1

    async def scenario() -> list[object]:
        first = asyncio.ensure_future(pool.run(SLOW, {}, 1, "token-a"))
        await asyncio.sleep(0.5)  # running in the worker now
        first.cancel()  # the client hung up; its query still runs
        await asyncio.sleep(0.1)
        # token-a: the running query and one more; token-b: the server's last place
        return await asyncio.gather(
            pool.run("RETURN 1", {}, 1, "token-a"),
            pool.run("RETURN 1", {}, 1, "token-a"),
            pool.run("RETURN 1", {}, 1, "token-b"),
            pool.run("RETURN 1", {}, 1, "token-b"),
            return_exceptions=True,
        )

    answers = asyncio.run(scenario())
    refusals = [str(a) for a in answers if isinstance(a, QueryBusy)]
    assert any("this token" in r for r in refusals), answers
    assert any("the server" in r for r in refusals), answers


def test_the_replica_holds_the_whole_snapshot_broadcasts_and_contacts_too(
    tmp_path, network_document
):
    import datetime as dt

    from graphkit import model
    from graphkit.model import NetworkChange
    from graphkit.store import Create
    from graphkit.store.ladybug import LadybugStore

    def row(kind: str, **fields: object) -> dict:
        return model.to_table(kind, [model.MODELS[kind](**fields)]).to_pylist()[0]

    store = LadybugStore(tmp_path / "net.lbug")
    store.setup_schema()
    try:
        store.apply(NetworkChange.from_document(network_document))
        store.write(
            [
                Create(
                    "touchpoints",
                    row(
                        "touchpoints",
                        source="pmo-ben",
                        target_group="business",
                        vehicle="newsletter",
                        cadence_days=30,
                    ),
                ),
                Create(
                    "contacts",
                    row("contacts", touchpoint="pmo-ana|pm-dev|email", date=dt.date(2026, 10, 1)),
                ),
            ]
        )
        snapshot = store.snapshot()
    finally:
        store.close()
    replica = LadybugStore(":memory:")
    replica.setup_schema()
    replica.load_replica(snapshot)
    assert replica.snapshot() == snapshot
    assert replica.query(
        "MATCH (s:Stakeholder)-[t:TOUCHPOINT]->(g:CustomerGroup) RETURN s.id, g.id"
    ).rows == [["pmo-ben", "business"]]
    assert replica.query("MATCH (c:Contact) RETURN c.touchpoint").rows == [["pmo-ana|pm-dev|email"]]
