"""Store tests written for breakages and mutants that the rest of the suite let through
(tools/mutation/breakages.md): the engine's own query timeout, and the session mode the
Neo4j adapter asks the driver for, checked without a server."""

from __future__ import annotations

import logging

import pytest

from graphkit.demo import generate_tables
from graphkit.store import NetworkChange, StoreError
from graphkit.store.neo4j import Neo4jStore

# Five-way cross product: 60 people give 7.8 × 10^8 rows (seconds of work), far longer than the timeout below.
SLOW = (
    "MATCH (a:Stakeholder), (b:Stakeholder), (c:Stakeholder), (d:Stakeholder), "
    "(e:Stakeholder) WHERE a.influence + b.influence + c.influence + d.influence "
    "+ e.influence = 99 RETURN count(*)"
)


def test_mutation_a_query_over_its_timeout_is_stopped_by_the_store(store):
    """The store's own timeout, without the query pool's deadline around it."""
    store.apply(NetworkChange(**generate_tables(60, 3)))
    with pytest.raises(StoreError, match=r"ran longer than 0\.5 s"):
        store.query(SLOW, timeout_s=0.5)
    # the timeout is disarmed afterwards: the same store still answers
    assert store.query("MATCH (s:Stakeholder) RETURN count(s)").rows == [[60]]


def _access_modes(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        record.getMessage().split("access_mode=")[1].split(",")[0].strip("'")
        for record in caplog.records
        if "acquire routing connection" in record.getMessage()
    ]


def test_mutation_neo4j_user_queries_ask_for_a_read_session(caplog):
    """The real driver, pointed at a port where nothing listens: its routing pool logs the
    access mode each session asked for before it fails to connect. User Cypher must ask for
    READ (a cluster then routes it to a reader, and the server refuses writes in it)."""
    store = Neo4jStore("neo4j://127.0.0.1:1", user="nobody", password="nothing")
    try:
        with (
            caplog.at_level(logging.DEBUG, logger="neo4j"),
            pytest.raises(StoreError, match="cannot reach Neo4j"),
        ):
            store.query("MATCH (s:Stakeholder) RETURN s.id")
        assert _access_modes(caplog) == ["READ"]
        caplog.clear()
        # the same log shows WRITE for a write, so the check above can tell them apart
        with caplog.at_level(logging.DEBUG, logger="neo4j"), pytest.raises(StoreError):
            store.setup_schema()
        assert set(_access_modes(caplog)) == {"WRITE"}
    finally:
        store.close()


# -- the guard: patterns told from expressions, and syntax errors word for word -------------
from graphkit.store.query_guard import QuerySyntaxError, guard_query

PATTERN_PREDICATES = [
    "MATCH (a), (b) WHERE (a)-[:TOUCHPOINT]->(b) RETURN a.id",
    "MATCH (a), (b) WHERE (a)<-[:TOUCHPOINT]-(b) RETURN a.id",
    "MATCH (a), (b) WHERE (a)--(b) RETURN a.id",
    "MATCH (a), (b) WHERE (a)-->(b) RETURN a.id",
    "MATCH (a), (b) WHERE (a)<--(b) RETURN a.id",
    "MATCH (a), (b) WHERE (a)<-->(b) RETURN a.id",
]
# a parenthesised expression followed by an operator that begins like an arrow
PARENTHESISED = [
    "RETURN (1) - 2",
    "RETURN (1) -2",
    "RETURN (1) < -2",
    "RETURN (1) <- 2",
    "RETURN (1) = 1",
    "RETURN (1) < 2",
    "RETURN (1)",
]
CASTS = [
    "RETURN CAST(1 AS STRING)",
    "RETURN CAST(1.5 AS DECIMAL(10, 2))",
    "RETURN CAST([1] AS INT64[])",
    "RETURN CAST([1, 2, 3] AS INT64[3])",
    "RETURN CAST(1, 'STRING')",
]
# list and pattern comprehensions, told from list literals
COMPREHENSIONS = [
    "RETURN [x IN [1, 2] WHERE x > 1 | x * 2]",
    "RETURN [x IN [1, 2] | x]",
    "RETURN [x IN [1, 2] WHERE x > 1]",
    "RETURN [`x y` IN [1] | `x y`]",
    "MATCH (a) RETURN [(a)-->(b) | b.id]",
    "MATCH (a) RETURN [(a)-->(b) WHERE b.x = 1 | b.id]",
    "MATCH (a) RETURN [p = (a)-->(b) | p]",
    "RETURN []",
    "RETURN [1, 2]",
]


@pytest.mark.parametrize("cypher", PATTERN_PREDICATES + PARENTHESISED + CASTS + COMPREHENSIONS)
def test_mutation_the_guard_reads_patterns_expressions_and_types(cypher):
    guarded = guard_query(cypher)
    assert guarded.clauses[-1] == "RETURN"
    assert guarded.functions == (("cast",) if "CAST" in cypher else ())


@pytest.mark.parametrize(
    ("cypher", "message"),
    [
        ("RETURN CAST(1 AS 1)", "line 1, column 18: expected a type name, found '1'"),
        (
            "RETURN CAST(1 AS DECIMAL(10, 2)",
            "line 1, column 32: expected ')', found the end of the query",
        ),
        ("RETURN CAST([1] AS INT64[3)", "line 1, column 27: expected ']', found ')'"),
        ("RETURN", "line 1, column 7: expected an expression, found the end of the query"),
        (
            "MATCH (a)\nRETURN a.",
            "line 2, column 10: expected a property name, found the end of the query",
        ),
        ("RETURN CASE END", "line 1, column 16: expected WHEN, found the end of the query"),
        ("UNWIND [1] x RETURN x", "line 1, column 12: expected AS, found 'x'"),
        ("RETURN [x IN [1] | x", "line 1, column 21: expected ']', found the end of the query"),
        ("RETURN CAST(1 AS STRING, 2)", "line 1, column 24: expected ')', found ','"),
        (
            "RETURN 1 \x01",
            "line 1, column 10: U+0001 a control character is only accepted "
            "inside a 'string' or a `quoted name`",
        ),
        (
            "RETURN 1 \ue000",
            "line 1, column 10: U+E000 an unnamed character is only accepted "
            "inside a 'string' or a `quoted name`",
        ),
        (
            "RETURN 1 §",
            "line 1, column 10: U+00A7 SECTION SIGN is only accepted inside a "
            "'string' or a `quoted name`",
        ),
    ],
)
def test_mutation_syntax_errors_say_where_and_what_was_found(cypher, message):
    with pytest.raises(QuerySyntaxError) as refused:
        guard_query(cypher)
    assert str(refused.value) == message
    line, column = message.split(":")[0].replace("line ", "").split(", column ")
    assert (refused.value.line, refused.value.column) == (int(line), int(column))


# -- the query pool the server builds from its settings -------------------------------------
from graphkit.settings import Settings
from graphkit.store import Snapshot
from graphkit.store.query_pool import QueryCaps, QueryPool


def test_mutation_a_pool_for_a_ladybug_store_takes_every_cap_from_the_settings(tmp_path):
    from graphkit.store.ladybug import LadybugStore

    settings = Settings(
        query_timeout_s=3.5,
        query_memory_mb=300,
        query_max_bytes=50_000,
        query_workers=1,
        query_concurrency=4,
        query_concurrency_per_token=3,
    )
    store = LadybugStore(tmp_path / "n.lbug")
    snapshot = Snapshot(**generate_tables(30, 5))
    pool = QueryPool.for_store(store, settings, lambda: (7, snapshot), lambda: 7)
    try:
        assert pool.caps == QueryCaps(
            timeout_s=3.5, memory_mb=300, max_bytes=50_000, workers=1, concurrency=4, per_token=3
        )
        answer = pool.submit("MATCH (s:Stakeholder) RETURN count(s) AS n", {}, 10).result(60)
        assert answer.json()["rows"] == [[30]] and answer.data_version == 7
    finally:
        pool.close()
        store.close()
