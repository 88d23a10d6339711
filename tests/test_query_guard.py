"""The guard on user Cypher: what it accepts, what it refuses and names, and that the engine
runs exactly what the guard read (no mocks: Ladybug answers every accepted query)."""

from __future__ import annotations

import re

import ladybug
import pytest
from engines import LADYBUG_SETTINGS, ladybug_table_functions

from graphkit.demo import generate_tables
from graphkit.store import ReadOnlyViolation, StoreError
from graphkit.store.ladybug import LadybugStore
from graphkit.store.port import Snapshot
from graphkit.store.query_guard import (
    ALLOWED_FUNCTIONS,
    MAX_NESTING,
    QueryRefused,
    QuerySyntaxError,
    canonical_string,
    guard_query,
    tokenize,
)

# Queries analysts write: the README's, the tests', and Ladybug's own dialect.
READING_QUERIES = [
    "MATCH (s:Stakeholder) RETURN count(s) AS n",
    (
        "MATCH (s:Stakeholder)-[:TOUCHPOINT]-(p:Stakeholder {is_pmo: true})\n"
        "                RETURN s.name, count(p) AS pmo_ties ORDER BY pmo_ties DESC, s.name"
    ),
    "MATCH (s:Stakeholder) WHERE s.influence >= $least RETURN s.name",
    "MATCH (s:Stakeholder) WHERE s.`group` = $g RETURN s.id ORDER BY s.id",
    (
        "MATCH (a:Stakeholder {id: $id})-[:TOUCHPOINT*1..3]-(b:Stakeholder) RETURN DISTINCT b.id "
        "ORDER BY b.id"
    ),
    (
        "MATCH (s:Stakeholder)-[:MEMBER_OF]->(g:CustomerGroup) RETURN g.name, count(*) AS members "
        "ORDER BY members DESC, g.name LIMIT 5"
    ),
    "MATCH (g:CustomerGroup)<-[:MEMBER_OF]-(s:Stakeholder) RETURN g.id, count(s) ORDER BY g.id",
    "MATCH (s:Stakeholder) WHERE s.influencer = true RETURN s.id ORDER BY s.id",
    (
        "MATCH (s:Stakeholder) OPTIONAL MATCH (s)-[t:TOUCHPOINT]-() WITH s, count(t) AS ties "
        "WHERE ties = 0 RETURN s.id, s.name ORDER BY s.id"
    ),
    (
        "MATCH (s:Stakeholder) WHERE NOT EXISTS { MATCH (s)-[:TOUCHPOINT]-(:Stakeholder "
        "{is_pmo: true}) } RETURN s.id ORDER BY s.id"
    ),
    (
        "MATCH (s:Stakeholder) RETURN s.id, COUNT { MATCH (s)-[:TOUCHPOINT]-() } AS degree "
        "ORDER BY degree DESC, s.id LIMIT 10"
    ),
    "UNWIND $ids AS id MATCH (s:Stakeholder {id: id}) RETURN s.name ORDER BY s.name",
    (
        "MATCH (a)-[t:TOUCHPOINT]->(b) WHERE t.last_contact < date('2026-10-01') "
        "RETURN a.id, b.id, t.vehicle ORDER BY t.id LIMIT 20"
    ),
    (
        "MATCH (s:Stakeholder) RETURN s.stance, collect(s.id)[0..3] AS some, "
        "avg(s.influence) AS mean ORDER BY s.stance"
    ),
    (
        "MATCH (s:Stakeholder) WHERE s.name STARTS WITH 'A' OR s.name CONTAINS 'e' "
        "RETURN s.name ORDER BY s.name SKIP 2 LIMIT 3"
    ),
    "MATCH (s:Stakeholder) RETURN s.id AS id UNION MATCH (g:CustomerGroup) RETURN g.id AS id",
    (
        "MATCH (s:Stakeholder) RETURN CASE WHEN s.influence > 3 THEN 'high' ELSE 'low' END "
        "AS band, count(*) AS n ORDER BY band"
    ),
    (
        "MATCH p = (a:Stakeholder {id: $id})-[:TOUCHPOINT*1..2]-(b) RETURN length(p) AS hops, "
        "count(*) AS paths ORDER BY hops"
    ),
    (
        "MATCH (s:Stakeholder) RETURN list_transform(range(1, 3), x -> x * s.influence) AS l "
        "ORDER BY s.id LIMIT 2"
    ),
    "RETURN 1",
    "MATCH (s:Stakeholder) WHERE s.id IN $ids RETURN s.name ORDER BY s.name",
    "// who is there\nMATCH (s:Stakeholder) RETURN s.id /* ids */ ORDER BY s.id LIMIT 2",
    "MATCH (s:Stakeholder) WITH s ORDER BY s.influence DESC, s.id LIMIT 3 RETURN s.name",
    "MATCH (s:Stakeholder) WHERE s.stance IS NULL RETURN count(*)",
    "match (s:Stakeholder) return s.id order by s.id limit 1",
    (
        "MATCH (g:CustomerGroup) WHERE size(g.desired_links) > 0 RETURN g.id, g.desired_links "
        "ORDER BY g.id"
    ),
    (
        "MATCH (s:Stakeholder) RETURN s.id, lower(s.name), substring(s.name, 0, 3), "
        "coalesce(s.role, '') ORDER BY s.id LIMIT 3"
    ),
    (
        "MATCH (a:Stakeholder)-[t:TOUCHPOINT]-(b:Stakeholder) WHERE a.is_pmo AND NOT b.is_pmo "
        "RETURN b.`group` AS g, count(DISTINCT b) AS reached ORDER BY g"
    ),
    "MATCH (s:Stakeholder) RETURN s.id ORDER BY s.id LIMIT 1;",
    (
        "MATCH p = (a:Stakeholder {id: $id})-[:TOUCHPOINT* SHORTEST 1..5]-(b:Stakeholder) "
        "RETURN b.id, length(p) ORDER BY b.id LIMIT 5"
    ),
    "RETURN CAST(1 AS STRING) AS one",
    (
        "MATCH (a:Stakeholder {id: $id})-[t:TOUCHPOINT*1..2 (r, n | WHERE r.strength > 0.5)]-(b) "
        "RETURN count(*)"
    ),
    "RETURN list_transform([1, 2], x -> x * 2) AS doubled",
    "MATCH (s:Stakeholder) WHERE s.name =~ 'A.*' RETURN count(*)",
    (
        "MATCH (a:Stakeholder {id: $id}) WHERE (a)-[:TOUCHPOINT]-(:Stakeholder {is_pmo: true}) "
        "RETURN a.id"
    ),
    "RETURN 'it\\'s' AS quoted, \"double\" AS dq, '\\u00e9t\\u00e9' AS summer",
    (
        "MATCH (s:Stakeholder) RETURN s.id, -s.influence + 2 * 3 ^ 2 % 5 AS arithmetic "
        "ORDER BY s.id LIMIT 2"
    ),
    "MATCH (s:Stakeholder) WHERE all(x IN [s.influence] WHERE x > 0) RETURN count(*)",
]


@pytest.fixture(scope="module")
def replica() -> LadybugStore:
    """A 60-stakeholder demo network in an in-memory store (as the worker holds it)."""
    store = LadybugStore(":memory:")
    store.setup_schema()
    store.load_replica(Snapshot(**generate_tables(60, 7)))
    return store


def _params(store: LadybugStore) -> dict[str, object]:
    first = store.snapshot().stakeholders["id"].to_pylist()[:3]
    return {"least": 4, "g": "delivery", "id": first[0], "ids": first}


def _used(cypher: str, params: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in params.items() if f"${k}" in cypher}


@pytest.mark.parametrize("cypher", READING_QUERIES)
def test_reading_queries_pass_and_answer_as_the_engine_does_on_the_raw_text(replica, cypher):
    guarded = guard_query(cypher)
    params = _used(cypher, _params(replica))
    # The raw text straight into the engine, against what the guarded query answers.
    raw = replica._conn.execute(cypher, params)
    expected = raw.get_all()
    answer = replica.query(cypher, params)
    assert answer.rows == [list(row) for row in expected]
    assert answer.columns == raw.get_column_names()
    assert set(guarded.clauses) <= {
        "MATCH",
        "OPTIONAL MATCH",
        "WHERE",
        "WITH",
        "UNWIND",
        "RETURN",
        "ORDER BY",
        "SKIP",
        "LIMIT",
        "UNION",
        "EXISTS { }",
        "COUNT { }",
    }


def test_the_engine_runs_the_re_emitted_text_without_comments():
    guarded = guard_query("MATCH (s) /* LOAD FROM 'x' */ RETURN s.name // CALL threads=1")
    assert guarded.text == "MATCH (s) RETURN s.name "
    assert guarded.clauses == ("MATCH", "RETURN")


@pytest.mark.parametrize(
    "value",
    [
        "it's",
        "back\\slash",
        "new\nline",
        "tab\t",
        "nul\x00",
        "quote\" and ' both",
        "é ü ✓ 𝄞",
        "zero\u200bwidth",
    ],
)
def test_canonical_strings_read_back_the_same_in_the_engine(value):
    connection = ladybug.Connection(ladybug.Database(":memory:"))
    text = guard_query(f"RETURN {canonical_string(value)} AS v").text
    assert connection.execute(text).get_all() == [[value]]
    assert tokenize(canonical_string(value))[0].value == value


# --- refusals: clause and function named --------------------------------------------------

REFUSED_CLAUSES = [
    ("CALL READ_CSV_SERIAL('/etc/passwd') RETURN *", "CALL READ_CSV_SERIAL"),
    ("CALL threads=1", "CALL threads"),
    ("CALL show_functions() RETURN *", "CALL show_functions"),
    ("CALL db.labels()", "CALL db.labels"),
    ("CALL apoc.load.json('file:///etc/passwd') YIELD value RETURN value", "CALL apoc.load.json"),
    ("MATCH (n) CALL { WITH n RETURN n AS m } RETURN m", "CALL { subquery }"),
    ("LOAD FROM '/etc/passwd' (file_format='csv', header=false, delim=':') RETURN *", "LOAD FROM"),
    (
        "LOAD/**/FROM '/etc/passwd' (file_format='csv', header=false, delim=':') RETURN *",
        "LOAD FROM",
    ),
    ("lOaD fRoM '/etc/passwd' RETURN *", "LOAD FROM"),
    ("LOAD\n// hidden\nFROM '/etc/passwd' RETURN *", "LOAD FROM"),
    ("LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", "LOAD CSV"),
    ("LOAD EXTENSION httpfs", "LOAD EXTENSION"),
    ("COPY Stakeholder FROM '/tmp/x.csv'", "COPY"),
    ("ATTACH '/tmp/other.lbug' AS other (dbtype lbug)", "ATTACH"),
    ("INSTALL httpfs", "INSTALL"),
    ("EXPORT DATABASE '/tmp/out'", "EXPORT DATABASE"),
    ("IMPORT DATABASE '/tmp/out'", "IMPORT DATABASE"),
    ("BEGIN TRANSACTION", "BEGIN TRANSACTION"),
    ("COMMIT", "COMMIT"),
    ("ROLLBACK", "ROLLBACK"),
    ("CHECKPOINT", "CHECKPOINT"),
    ("USE other MATCH (s) RETURN s", "USE"),
    ("CREATE (:Stakeholder {id: 'x'})", "CREATE"),
    ("MATCH (s) SET s.name = 'x'", "SET"),
    ("MATCH (s) DETACH DELETE s", "DETACH DELETE"),
    ("MATCH (s) DELETE s", "DELETE"),
    ("MERGE (g:CustomerGroup {id: 'x'})", "MERGE"),
    ("MATCH (s) REMOVE s.name", "REMOVE"),
    ("MATCH (s) WITH s LIMIT 1 CREATE (:Stakeholder {id: 'x'})", "CREATE"),
    ("UNWIND [1] AS x FOREACH (y IN [1] | CREATE (:S))", "FOREACH"),
    ("CREATE NODE TABLE X(id STRING PRIMARY KEY)", "CREATE NODE"),
    ("DROP TABLE Stakeholder", "DROP TABLE"),
    ("ALTER TABLE Stakeholder ADD x INT64", "ALTER TABLE"),
    ("CREATE MACRO m(x) AS x + 1", "CREATE MACRO"),
    ("EXPLAIN MATCH (s) RETURN s", "EXPLAIN"),
    ("PROFILE MATCH (s) RETURN s", "PROFILE"),
    ("CYPHER runtime=parallel MATCH (s) RETURN s", "CYPHER"),
    ("SHOW DATABASES", "SHOW DATABASES"),
    ("OPTIONAL CALL db.labels()", "OPTIONAL CALL"),
    ("RETURN 1; MATCH (s) DELETE s", "; (a second statement)"),
    ("MATCH (s) RETURN s.id CALL threads=1", "CALL threads"),
    ("MATCH (s) WHERE EXISTS { MATCH (s) SET s.x = 1 } RETURN s", "SET"),
    ("RETURN 1 // note\nCALL threads=1", "CALL threads"),
    ("RETURN 1 // note\rCALL threads=1", "CALL threads"),
    ("RETURN 'a\\'' CALL threads=1 //'", "CALL threads"),
    ("RETURN `x` CALL threads=1", "CALL threads"),
    ("UNWIND [1] AS call RETURN call", "CALL"),
]


@pytest.mark.parametrize(("cypher", "clause"), REFUSED_CLAUSES)
def test_clauses_outside_the_allow_list_are_refused_by_name(cypher, clause):
    with pytest.raises(QueryRefused) as refused:
        guard_query(cypher)
    assert refused.value.clause == clause
    assert clause.split()[0] in str(refused.value)
    assert isinstance(refused.value, ReadOnlyViolation)  # the API's 403


@pytest.mark.parametrize(
    ("cypher", "function"),
    [
        ("MATCH (s) RETURN nextval('seq')", "nextval"),
        ("RETURN setseed(0.5)", "setseed"),
        ("RETURN apoc.load.json('file:///etc/passwd')", "apoc.load.json"),
        (
            "RETURN apoc.cypher.runFirstColumnSingle('MATCH (n) DETACH DELETE n', {})",
            "apoc.cypher.runFirstColumnSingle",
        ),
        ("RETURN read_csv_serial('/etc/passwd')", "read_csv_serial"),
        ("RETURN db.nameFromElementId('x')", "db.nameFromElementId"),
        ("RETURN gds.version()", "gds.version"),
        ("MATCH (s) RETURN `load`(s)", "load"),
        ("RETURN size(file())", "file"),
    ],
)
def test_functions_outside_the_allow_list_are_refused_by_name(cypher, function):
    with pytest.raises(QueryRefused) as refused:
        guard_query(cypher)
    assert refused.value.function == function
    assert f"{function}()" in str(refused.value)


def test_every_table_function_and_setting_of_the_engine_is_refused():
    connection = ladybug.Connection(ladybug.Database(":memory:"))
    functions = ladybug_table_functions()
    assert {"READ_CSV_SERIAL", "READ_PARQUET", "SHOW_FUNCTIONS"} <= set(functions)
    for name in functions:
        with pytest.raises(QueryRefused, match=f"CALL {name}"):
            guard_query(f"CALL {name}('x') RETURN *")
        with pytest.raises(QueryRefused, match=name.lower()):
            guard_query(f"RETURN {name.lower()}('x')")
    for setting in LADYBUG_SETTINGS:
        # each is a real setting of this engine …
        assert connection.execute(f"CALL current_setting('{setting}') RETURN *").get_all()
        # … and changing it is refused
        with pytest.raises(QueryRefused, match=f"CALL {setting}"):
            guard_query(f"CALL {setting}=1")


# --- obfuscations --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cypher", "named"),
    [
        ("\uff2c\uff2f\uff21\uff24 FROM '/etc/passwd' RETURN *", "U+FF2C FULLWIDTH LATIN"),
        ("LO\u200bAD FROM '/etc/passwd' RETURN *", "U+200B ZERO WIDTH SPACE"),
        ("LOAD\u00a0FROM '/etc/passwd' RETURN *", "U+00A0 NO-BREAK SPACE"),
        ("CALL\u2028threads=1", "U+2028 LINE SEPARATOR"),
        ("\ufeffCALL threads=1", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
        ("MATCH (s) RETURN s\u037e CALL threads=1", "U+037E GREEK QUESTION MARK"),
        ("RETURN 1\x00; CALL threads=1", "U+0000 a control character"),
    ],
)
def test_non_ascii_outside_quotes_is_refused_by_name(cypher, named):
    with pytest.raises(QuerySyntaxError, match=re.escape(named)):
        guard_query(cypher)


def test_anything_inside_a_comment_is_dropped_before_the_engine():
    # the engine never sees a comment, so none can hide a clause from the guard
    guarded = guard_query("RETURN 1 AS x // hidden\u2028CALL threads=1")
    assert guarded.text.strip() == "RETURN 1 AS x"
    guarded = guard_query("RETURN 1 /* a /* nested */ AS x")
    assert guarded.text == "RETURN 1 AS x"


@pytest.mark.parametrize(
    "cypher",
    [
        "RETURN 'never closed",
        "RETURN 1 /* never closed",
        "RETURN `never closed",
        "RETURN '\\q'",
        "RETURN 0x1F",
        "MATCH (s RETURN s",
        "",
        "   // only a comment",
        "MATCH (s:Stakeholder)",
        "RETURN `a``b`",
    ],
)
def test_text_the_guard_cannot_read_is_a_syntax_error(cypher):
    with pytest.raises(QuerySyntaxError):
        guard_query(cypher)


def test_deep_nesting_and_huge_queries_are_refused_without_a_recursion_error():
    deep = "RETURN " + "(" * (MAX_NESTING * 20) + "1" + ")" * (MAX_NESTING * 20)
    with pytest.raises(QuerySyntaxError, match="nests deeper"):
        guard_query(deep)
    with pytest.raises(QuerySyntaxError, match="nests deeper"):
        guard_query("RETURN " + "NOT " * 3000 + "true")
    with pytest.raises(QuerySyntaxError, match="nests deeper"):
        guard_query("RETURN " + "[" * 3000 + "]" * 3000)
    # a pattern's map holding a pattern's map …: parsed once, not once per reading
    nested = "RETURN " + "({k: " * 7 + "1" + "})" * 7
    assert guard_query(nested).text == nested
    with pytest.raises(QuerySyntaxError, match="nests deeper"):
        guard_query("RETURN " + "({k: " * 40 + "1" + "})" * 40)
    with pytest.raises(QuerySyntaxError, match="characters long"):
        guard_query("RETURN 1" + " " * 30_000)


def test_the_allow_list_holds_no_function_that_changes_state():
    assert not {"nextval", "currval", "setseed", "error"} & ALLOWED_FUNCTIONS
    assert not any(
        name.split(".")[0] in ("apoc", "db", "dbms", "gds") for name in ALLOWED_FUNCTIONS
    )


def test_a_bind_error_reaches_the_user_and_leaves_no_timeout_armed(tmp_path):
    """Before: "No active transaction for ROLLBACK", and the timeout stayed armed, so the
    next import failed with "Interrupted"."""
    store = LadybugStore(tmp_path / "net.lbug")
    store.setup_schema()
    try:
        with pytest.raises(StoreError, match="Binder exception: Table Nope does not exist"):
            store.query("MATCH (n:Nope) RETURN n", timeout_s=0.001)
        # an import that takes far longer than 1 ms is not interrupted
        from graphkit.store import NetworkChange

        summary = store.apply(NetworkChange(**generate_tables(300, 7)))
        assert summary.created["stakeholders"] == 300
        assert store.query("MATCH (s:Stakeholder) RETURN count(s)").rows == [[300]]
    finally:
        store.close()
