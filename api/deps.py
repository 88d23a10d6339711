"""Dependencies injected into the routes: the service, the tokens and the caller.

Routes name them by type (``service: Service``, ``user: Editor``): each alias below is the
type a parameter receives, annotated with the dependency that provides it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from graphkit.api.errors import ApiError, LoginRequired
from graphkit.api.service import NetworkService
from graphkit.tokens import Principal, TokenStore

SESSION_COOKIE = "gk_session"
bearer = HTTPBearer(auto_error=False, description="An API token: `graphkit token create`")


# The dependencies are async on purpose: they do microseconds of work (a dict lookup, one
# indexed SQLite read), and a sync dependency costs a threadpool hop per request.
# (app.state is untyped: each value is named with its type where it is read.)
async def get_service(request: Request) -> NetworkService:
    service: NetworkService = request.app.state.service
    return service


async def get_tokens(request: Request) -> TokenStore:
    tokens: TokenStore = request.app.state.tokens
    return tokens


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


#: A dependency that finds the caller (a token or a session) and checks their role.
Caller = Callable[[Request], Awaitable[Principal]]


def require(role: str) -> Callable[..., Awaitable[Principal]]:
    """A dependency: the caller's Bearer token, with at least ``role``."""

    async def dependency(
        request: Request, _: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
    ) -> Principal:
        principal = _from_header(request, await get_tokens(request))
        if principal is None:
            raise ApiError(
                401,
                "unauthorized",
                "a token is required: send 'Authorization: Bearer <token>'",
                headers={"WWW-Authenticate": "Bearer"},
            )
        return _check(principal, role)

    return dependency


def page_user(role: str = "viewer") -> Caller:
    """For pages: a Bearer token or the login session cookie; otherwise off to /login."""

    async def dependency(request: Request) -> Principal:
        tokens = await get_tokens(request)
        principal = _from_header(request, tokens)
        if principal is None:
            principal = tokens.session(request.cookies.get(SESSION_COOKIE))
        if principal is None:
            path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            raise LoginRequired(path)
        return _check(principal, role)

    return dependency


def reader_of_the_docs(role: str = "viewer") -> Caller:
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
page_editor = page_user("editor")
docs_reader = reader_of_the_docs("viewer")

Service = Annotated[NetworkService, Depends(get_service)]
Tokens = Annotated[TokenStore, Depends(get_tokens)]
#: API callers by role (a Bearer token)
Viewer = Annotated[Principal, Depends(viewer)]
Editor = Annotated[Principal, Depends(editor)]
Admin = Annotated[Principal, Depends(admin)]
#: page visitors by role (a token or the login session; otherwise off to /login)
PageViewer = Annotated[Principal, Depends(page_viewer)]
PageEditor = Annotated[Principal, Depends(page_editor)]
DocsReader = Annotated[Principal, Depends(docs_reader)]
