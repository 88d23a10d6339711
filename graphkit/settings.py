"""One settings object for the whole tool: environment variables prefixed ``GRAPHKIT_``
plus Neo4j's own ``NEO4J_*`` names."""

from __future__ import annotations

from functools import lru_cache

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GRAPHKIT_", extra="ignore")

    store: str = Field(default="./pmo-network.lbug",
                       description="A Ladybug path or a bolt://, neo4j://, neo4j+s:// URI")
    neo4j_uri: str | None = Field(default=None, validation_alias=AliasChoices("NEO4J_URI"))
    neo4j_user: str = Field(default="neo4j", validation_alias=AliasChoices("NEO4J_USER"))
    neo4j_password: str = Field(default="", validation_alias=AliasChoices("NEO4J_PASSWORD"))
    neo4j_database: str = Field(default="neo4j", validation_alias=AliasChoices("NEO4J_DATABASE"))

    # API
    host: str = "127.0.0.1"
    port: int = 8000
    admin_token: str | None = None
    tokens_path: str | None = Field(
        default=None, description="Where hashed API tokens live (default: beside the store)")
    query_row_limit: int = 1000
    query_timeout_s: float = 10.0


@lru_cache
def get_settings() -> Settings:
    return Settings()
