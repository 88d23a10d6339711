"""The one settings object reads the environment as the README documents it."""

from __future__ import annotations

import os

import pytest
from pydantic import ValidationError

from graphkit.settings import Settings


@pytest.fixture(autouse=True)
def _no_settings_from_the_shell(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.upper().startswith(("GRAPHKIT_", "NEO4J_")):
            monkeypatch.delenv(name)


def test_defaults_stand_when_the_environment_says_nothing() -> None:
    settings = Settings()
    assert settings.store == "./pmo-network.lbug"
    assert settings.neo4j_uri is None and settings.neo4j_user == "neo4j"
    assert settings.query_timeout_s == 10.0 and settings.warm_analysis is True


def test_graphkit_names_in_any_case_and_neo4j_names_are_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GRAPHKIT_STORE", "/data/pmo.lbug")
    monkeypatch.setenv("graphkit_query_timeout_s", "2.5")
    monkeypatch.setenv("GRAPHKIT_WARM_ANALYSIS", "false")
    monkeypatch.setenv("NEO4J_URI", "bolt://db:7687")
    monkeypatch.setenv("NEO4J_PASSWORD", "secret")
    settings = Settings()
    assert settings.store == "/data/pmo.lbug"
    assert settings.query_timeout_s == 2.5
    assert settings.warm_analysis is False
    assert (settings.neo4j_uri, settings.neo4j_password) == ("bolt://db:7687", "secret")


def test_neo4j_fields_are_not_read_under_the_graphkit_prefix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GRAPHKIT_NEO4J_URI", "bolt://wrong:7687")
    assert Settings().neo4j_uri is None


def test_values_given_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRAPHKIT_STORE", "/from/env.lbug")
    monkeypatch.setenv("GRAPHKIT_PORT", "9000")
    settings = Settings(store="/given.lbug")
    assert (settings.store, settings.port) == ("/given.lbug", 9000)


def test_a_bad_value_in_the_environment_is_refused_naming_the_field(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GRAPHKIT_QUERY_WORKERS", "0")
    with pytest.raises(ValidationError, match="query_workers"):
        Settings()
