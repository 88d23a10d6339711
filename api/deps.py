"""Dependencies injected into the routes: the service, settings, tokens and the caller."""

from __future__ import annotations

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from graphkit.api.errors import ApiError, LoginRequired
from graphkit.api.service import NetworkService
from graphkit.settings import Settings
from graphkit.tokens import Principal, TokenStore

SESSION_COOKIE = "gk_session"
bearer = HTTPBearer(auto_error=False, description="An API token: `graphkit token create`")


# The dependencies are async on purpose: they do microseconds of work (a dict lookup, one
# indexed SQLite read), and a sync dependency costs a threadpool hop per request.
async def get_service(request: Request) -> NetworkService:
    return request.app.state.service


async def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


async def get_tokens(request: Request) -> TokenStore:
    return request.app.state.tokens


def _from_header(request: Request, tokens: TokenStore) -> Principal | None:
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, secret = header.partition(" ")
    principal = tokens.verify(secret.strip()) if scheme.lower() == "bearer" else None
    if principal is None:
        raise ApiError(
            401,
            "unauthorized",
            "the token is not valid (or was revoked)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return principal


def _check(principal: Principal, role: str) -> Principal:
    if not principal.can(role):
        raise ApiError(
            403, "forbidden", f"this needs the {role} role; the token has the {principal.role} role"
        )
    return principal


def require(role: str):
    """A dependency: the caller's Bearer token, with at least ``role``."""

    async def dependency(
        request: Request, _: HTTPAuthorizationCredentials | None = Depends(bearer)
    ) -> Principal:
        principal = _from_header(request, request.app.state.tokens)
        if principal is None:
            raise ApiError(
                401,
                "unauthorized",
                "a token is required: send 'Authorization: Bearer <token>'",
                headers={"WWW-Authenticate": "Bearer"},
            )
        return _check(principal, role)

    return dependency


def page_user(role: str = "viewer"):
    """For pages: a Bearer token or the login session cookie; otherwise off to /login."""

    async def dependency(request: Request) -> Principal:
        tokens: TokenStore = request.app.state.tokens
        principal = _from_header(request, tokens)
        if principal is None:
            principal = tokens.session(request.cookies.get(SESSION_COOKIE))
        if principal is None:
            path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            raise LoginRequired(path)
        return _check(principal, role)

    return dependency


def reader_of_the_docs(role: str = "viewer"):
    """For what both API clients and browsers fetch (the OpenAPI document): a token or a
    session; without either, a browser goes to /login, an API client gets a 401 it can
    read."""
    as_page = page_user(role)
    as_api = require(role)

    async def dependency(request: Request) -> Principal:
        wants_page = "text/html" in request.headers.get("accept", "")
        if wants_page or request.cookies.get(SESSION_COOKIE):
            return await as_page(request)
        return await as_api(request, None)

    return dependency


viewer = require("viewer")
editor = require("editor")
admin = require("admin")
page_viewer = page_user("viewer")
docs_reader = reader_of_the_docs("viewer")
