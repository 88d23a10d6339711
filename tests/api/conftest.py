"""Fixtures for the API tests: a real Ladybug store in a temporary folder, the app under
TestClient, tokens of each role, and a real uvicorn server in a subprocess."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from api_testkit import (
    ADMIN,
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    Server,
    load_demo,
    serving,
    settings_for,
)
from engines import ENGINE_PARAMS, engine_location
from fastapi.testclient import TestClient

from graphkit.api.main import create_app
from graphkit.settings import Settings
from graphkit.tokens import TokenStore, tokens_path

__all__ = ["ADMIN", "Api"]


@dataclass
class Api:
    """A TestClient with a header per role."""

    client: TestClient
    settings: Settings
    headers: dict[str, dict[str, str]] = field(default_factory=dict)

    def as_(self, role: str) -> dict[str, str]:
        return self.headers[role]

    @property
    def service(self):
        return self.client.app.state.service


def _make_tokens(settings: Settings) -> dict[str, dict[str, str]]:
    tokens = TokenStore(tokens_path(settings))
    try:
        made = {role: tokens.create(role, f"test {role}")[1] for role in ("viewer", "editor")}
    finally:
        tokens.close()
    made["admin"] = ADMIN
    return {role: {"Authorization": f"Bearer {secret}"} for role, secret in made.items()}


def _settings(engine: str, folder: Path) -> Settings:
    # tokens beside the test's files, whatever the engine (Neo4j has no folder of its own)
    return settings_for(engine_location(engine, folder), tokens_path=str(folder / "tokens.sqlite"))


@pytest.fixture(params=ENGINE_PARAMS)
def api(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Api]:
    """The app over an empty store, on each engine."""
    settings = _settings(request.param, tmp_path)
    headers = _make_tokens(settings)
    with TestClient(create_app(settings)) as client:
        yield Api(client, settings, headers)


@pytest.fixture(scope="module", params=ENGINE_PARAMS)
def demo_api(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Api]:
    """The app over the demo network (read-only tests share it), on each engine."""
    settings = _settings(request.param, tmp_path_factory.mktemp("demo"))
    load_demo(settings.store)
    headers = _make_tokens(settings)
    with TestClient(create_app(settings)) as client:
        yield Api(client, settings, headers)


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A real uvicorn server on 127.0.0.1 over the demo network."""
    store = tmp_path_factory.mktemp("served") / "net.lbug"
    load_demo(store)
    with serving(store) as server:
        yield server


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """Headless Chromium for a module's page tests."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield launched
        finally:
            launched.close()
