"""Shared fixtures: a store on every engine that is available (Ladybug always; Neo4j
whenever NEO4J_URI is set, e.g. after ``docker compose up -d neo4j``)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from graphkit import model
from graphkit.settings import Settings
from graphkit.store import NetworkChange, open_store

DATA = Path(__file__).parent / "data"
ENGINES = ["ladybug"] + (["neo4j"] if os.environ.get("NEO4J_URI") else [])


def _wipe_neo4j(settings: Settings) -> None:
    import neo4j

    with neo4j.GraphDatabase.driver(settings.neo4j_uri,
                                    auth=(settings.neo4j_user, settings.neo4j_password)) as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n", database_=settings.neo4j_database)


@pytest.fixture
def store_location(request, tmp_path) -> str:
    engine = getattr(request, "param", "ladybug")
    if engine == "neo4j":
        settings = Settings()
        _wipe_neo4j(settings)
        return settings.neo4j_uri
    return str(tmp_path / "network.lbug")


@pytest.fixture(params=ENGINES)
def store(request, tmp_path):
    """A fresh, empty store on each available engine."""
    if request.param == "neo4j":
        settings = Settings()
        _wipe_neo4j(settings)
        location = settings.neo4j_uri
    else:
        location = str(tmp_path / "network.lbug")
    opened = open_store(location)
    opened.location = location
    yield opened
    opened.close()


@pytest.fixture
def network_json() -> Path:
    return DATA / "network.json"


@pytest.fixture
def network_document(network_json) -> model.NetworkDocument:
    return model.NetworkDocument.model_validate(json.loads(network_json.read_text()))


@pytest.fixture
def loaded_store(store, network_document):
    store.apply(NetworkChange.from_document(network_document))
    return store
