"""One settings object for the whole tool: environment variables prefixed ``GRAPHKIT_``
plus Neo4j's own ``NEO4J_*`` names.

Read by a plain pydantic model rather than pydantic-settings: the names are a fixed few,
and the library's import (0.04 s) was paid by every command, ``analyze`` included."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

# fields read from Neo4j's own variable names, not GRAPHKIT_<FIELD>
NEO4J_NAMES = {
    "neo4j_uri": "NEO4J_URI",
    "neo4j_user": "NEO4J_USER",
    "neo4j_password": "NEO4J_PASSWORD",
    "neo4j_database": "NEO4J_DATABASE",
}


@dataclass(frozen=True)
class ImportLimits:
    """Bounds on one import: what a hostile or mistaken upload can cost is capped.

    The defaults admit the documented scale (10^5 stakeholders, 10^6 touchpoints).
    """

    max_rows: int = 1_500_000
    """Rows over all files and sheets."""
    max_columns: int = 200
    """Columns of one CSV file or sheet."""
    max_inflated_bytes: int = 512 * 1024 * 1024
    """What an XLSX (a zip) may unpack to; a 10 MB file once inflated to 2 million rows."""
    problems_listed: int = 1000
    """Problems listed in a refusal (all are counted)."""


class Settings(BaseModel):
    """What the tool is configured with: values given here win over the environment,
    whose names are ``GRAPHKIT_<FIELD>`` (any case) or, for Neo4j, ``NEO4J_*``."""

    model_config = ConfigDict(extra="ignore")

    store: str = Field(
        default="./pmo-network.lbug",
        description="A Ladybug path or a bolt://, neo4j://, neo4j+s:// URI",
    )
    neo4j_uri: str | None = Field(default=None)
    neo4j_user: str = Field(default="neo4j")
    neo4j_password: str = Field(default="")
    neo4j_database: str = Field(default="neo4j")

    # API
    host: str = "127.0.0.1"
    port: int = 8000
    admin_token: str | None = None
    warm_analysis: bool = Field(
        default=True,
        description="Start the analysis in the background when the server "
        "starts, so the first pages need not wait for it",
    )
    results_path: str | None = Field(
        default=None,
        description="Where heavy analysis results are kept across restarts "
        "(default: beside a file store, <store>.results)",
    )
    tokens_path: str | None = Field(
        default=None, description="Where hashed API tokens live (default: beside the store)"
    )

    # User Cypher (POST /api/query, graphkit query): see the README's "Queries".
    query_row_limit: int = Field(default=1000, ge=1, description="Most rows in one answer")
    query_max_bytes: int = Field(
        default=8_000_000, ge=1_000, description="Most bytes of rows (as JSON) in one answer"
    )
    query_timeout_s: float = Field(
        default=10.0,
        gt=0,
        description="A query runs at most this long; on the server its worker is killed 2 s later",
    )
    query_memory_mb: int = Field(
        default=1024,
        ge=64,
        description="Memory a query may use in its worker: the "
        "engine's buffer pool and the worker's address "
        "space above its replica",
    )
    query_workers: int = Field(
        default=2, ge=1, le=64, description="Worker processes running user queries"
    )
    query_concurrency: int = Field(
        default=6,
        ge=1,
        description="Queries running or waiting at once, server wide; more are answered 429",
    )
    query_concurrency_per_token: int = Field(
        default=2, ge=1, description="Queries running or waiting at once per token; more are 429"
    )

    # Input limits (what one request or import may cost)
    request_max_bytes: int = Field(
        default=1024 * 1024, ge=1024, description="Largest request body but an import's"
    )
    import_max_bytes: int = Field(
        default=64 * 1024 * 1024, ge=1024, description="Largest import upload (all files together)"
    )
    import_max_rows: int = Field(
        default=1_500_000, ge=1, description="Most rows in one import, over all files"
    )
    import_max_columns: int = Field(default=200, ge=1)
    import_max_inflated_bytes: int = Field(
        default=512 * 1024 * 1024, ge=1024, description="What an XLSX may unpack to"
    )
    problems_listed: int = Field(
        default=1000, ge=1, description="Problems listed when input is refused (all are counted)"
    )

    @model_validator(mode="before")
    @classmethod
    def _environment(cls, given: Any) -> Any:
        if not isinstance(given, dict):
            return given
        environment = {name.upper(): value for name, value in os.environ.items()}
        found = {}
        for field in cls.model_fields:
            name = NEO4J_NAMES.get(field, f"GRAPHKIT_{field.upper()}")
            if name in environment:
                found[field] = environment[name]
        return {**found, **given}

    def import_limits(self) -> ImportLimits:
        return ImportLimits(
            max_rows=self.import_max_rows,
            max_columns=self.import_max_columns,
            max_inflated_bytes=self.import_max_inflated_bytes,
            problems_listed=self.problems_listed,
        )


@lru_cache
def get_settings() -> Settings:
    return Settings()
