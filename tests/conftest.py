"""Shared fixtures: a store on every engine (Ladybug always; Neo4j whenever NEO4J_URI is
set, e.g. after ``docker compose up -d neo4j`` — otherwise its tests are collected and
reported as skipped, with the reason, so ``pytest -rs`` shows what did not run)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from engines import ENGINE_PARAMS, engine_location

from graphkit import model
from graphkit.store import NetworkChange, open_store

DATA = Path(__file__).parent / "data"
ENGINES = [*ENGINE_PARAMS]


@pytest.fixture(params=ENGINES)
def store(request, tmp_path):
    """A fresh, empty store on each engine."""
    location = engine_location(request.param, tmp_path)
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
