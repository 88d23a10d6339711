"""The FastAPI application: :func:`create_app` wires store, tokens, routes and pages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles

import graphkit
from graphkit import model
from graphkit.api import errors, schemas
from graphkit.api.limits import BodyLimit
from graphkit.api.routes import (
    admin,
    analysis,
    contacts,
    data,
    docs,
    entities,
    pages,
    plan,
    query,
)
from graphkit.api.service import NetworkService
from graphkit.settings import Settings, get_settings
from graphkit.store import NetworkStore, open_store
from graphkit.tokens import TokenStore, tokens_path

STATIC_DIR = Path(str(files("graphkit.visualisations") / "static"))

DESCRIPTION = """\
See, measure and plan a PMO's network of stakeholders.

Every route but `/health` needs `Authorization: Bearer <token>`: **viewer** tokens read,
**editor** tokens also write, **admin** tokens also manage tokens. Errors are JSON:
`{"error": code, "message": text, "problems": [{file, row, field, message}]}`.
"""


def create_app(settings: Settings | None = None, store: NetworkStore | None = None) -> FastAPI:
    """The app over ``settings.store`` (opened at startup, closed at shutdown).

    Pass an open ``store`` to share one the caller owns (it is then not closed here).
    """
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        opened = open_store(settings.store, settings) if store is None else store
        app.state.service = NetworkService(opened, settings)
        app.state.tokens = TokenStore(tokens_path(settings), settings.admin_token)
        if settings.warm_analysis:
            app.state.service.warm()
        try:
            yield
        finally:
            app.state.service.stop_queries()  # the query workers, started on first use
            app.state.tokens.close()
            if owned:
                app.state.service.close()

    app = FastAPI(
        title="graphkit",
        version=graphkit.__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        generate_unique_id_function=_operation_id,
    )
    app.state.settings = settings
    errors.install(app)
    # maps embed their data: a 5,000-stakeholder map is ~6 MB of JSON, ~1 MB gzipped
    app.add_middleware(GZipMiddleware, minimum_size=4096, compresslevel=4)
    app.add_middleware(
        BodyLimit, default_max=settings.request_max_bytes, import_max=settings.import_max_bytes
    )
    app.include_router(admin.health_router)
    app.include_router(entities.router)
    app.include_router(entities.groups_router)
    app.include_router(entities.stakeholders_router)
    app.include_router(analysis.router)  # before touchpoints: /stakeholders/{id}/ego
    app.include_router(contacts.router)  # before touchpoints: /touchpoints/{id}/contacts
    app.include_router(entities.touchpoints_router)
    app.include_router(plan.router)
    app.include_router(data.router)
    app.include_router(query.router)
    app.include_router(admin.router)
    app.include_router(docs.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _operation_id(route: APIRoute) -> str:
    """An operation's id is its route's name (``list_groups``), not FastAPI's default
    (``list_groups_api_groups_get``): what client generators turn into method names."""
    return route.name


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    # The import body is read by hand (JSON or multipart); publish the document's schema.
    doc = model.NetworkDocument.model_json_schema(
        ref_template="#/components/schemas/Document{model}"
    )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name, sub in doc.pop("$defs", {}).items():
        components["Document" + name] = sub
    components["NetworkDocument"] = doc
    # A refused request's body is the app's own error (errors.py), not FastAPI's default.
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            refused = operation.get("responses", {}).get("422")
            if refused is not None:
                refused["description"] = "The request was refused: what and where"
                refused["content"] = {
                    "application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}
                }
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    components.setdefault(
        "ErrorOut", schemas.ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    )
    for name, sub in components["ErrorOut"].pop("$defs", {}).items():
        components.setdefault(name, sub)
    app.openapi_schema = schema
    return schema
