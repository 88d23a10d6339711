"""The engines every store-facing test runs on: Ladybug always, Neo4j whenever NEO4J_URI
is set — otherwise Neo4j's tests are collected and reported as skipped, with the reason."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graphkit.settings import Settings

NEO4J_SKIP = pytest.mark.skipif(
    not os.environ.get("NEO4J_URI"),
    reason="NEO4J_URI is not set: start Neo4j (docker compose up -d neo4j) and set NEO4J_URI, "
    "NEO4J_USER, NEO4J_PASSWORD to run these tests on Neo4j as well",
)
ENGINE_PARAMS = ["ladybug", pytest.param("neo4j", marks=NEO4J_SKIP)]


def engine_location(engine: str, folder: Path) -> str:
    """A fresh, empty store of ``engine``: a Ladybug file in ``folder``, or the Neo4j of
    NEO4J_URI wiped clean."""
    if engine == "neo4j":
        settings = Settings()
        _wipe_neo4j(settings)
        return str(settings.neo4j_uri)
    return str(folder / "network.lbug")


def _wipe_neo4j(settings: Settings) -> None:
    import neo4j

    with neo4j.GraphDatabase.driver(
        settings.neo4j_uri, auth=(settings.neo4j_user, settings.neo4j_password)
    ) as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n", database_=settings.neo4j_database)


# What a Ladybug engine offers that a user query must never reach: its table functions
# (read off the engine) and its settings (``CALL name=value``; the query guard's tests
# check each is real).
def ladybug_table_functions() -> list[str]:
    import ladybug

    connection = ladybug.Connection(ladybug.Database(":memory:"))
    return sorted(
        {
            name
            for name, kind, _ in connection.execute("CALL show_functions() RETURN *").get_all()
            if "TABLE FUNCTION" in kind
        }
    )


LADYBUG_SETTINGS = [
    "threads",
    "timeout",
    "var_length_extend_max_depth",
    "enable_semi_mask",
    "disable_map_key_check",
    "enable_zone_map",
    "home_directory",
    "file_search_path",
    "progress_bar",
    "checkpoint_threshold",
    "warning_limit",
    "spill_to_disk",
    "auto_checkpoint",
    "force_checkpoint_on_close",
    "enable_plan_optimizer",
    "enable_internal_catalog",
    "debug_enable_multi_writes",
    "recursive_pattern_semantic",
    "recursive_pattern_factor",
]


#: A Ladybug store's node tables as the first schema made them (the migration tests build
#: an old store on them; its touchpoints and memberships differ from test to test).
OLD_NODE_TABLES = (
    "CREATE NODE TABLE CustomerGroup(id STRING PRIMARY KEY, name STRING, "
    "desired_cadence_days INT64, desired_connection STRING, desired_links STRING[])",
    "CREATE NODE TABLE Stakeholder(id STRING PRIMARY KEY, name STRING, `group` "
    "STRING, source STRING, organisation STRING, role STRING, internal BOOLEAN, "
    "is_pmo BOOLEAN, influencer BOOLEAN, influence INT64, interest INT64, stance "
    "STRING, attributes STRING)",
)
