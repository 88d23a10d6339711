"""Token management (admin) and health (open)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Path, Response

from graphkit import __version__
from graphkit.api import schemas
from graphkit.api.deps import Admin, Service, Tokens
from graphkit.api.errors import ApiError
from graphkit.tokens import TokenInfo

router = APIRouter(prefix="/api/tokens", tags=["tokens"], responses=schemas.AUTH_RESPONSES)
health_router = APIRouter(tags=["health"])


def _out(info: TokenInfo) -> dict[str, Any]:
    return {
        "id": info.id,
        "name": info.name,
        "role": info.role,
        "created_at": dt.datetime.fromtimestamp(info.created_at, dt.UTC),
        "revoked_at": (
            dt.datetime.fromtimestamp(info.revoked_at, dt.UTC) if info.revoked_at else None
        ),
    }


@router.get("", response_model=list[schemas.TokenOut], summary="List tokens (never secrets)")
def list_tokens(_: Admin, tokens: Tokens) -> list[dict[str, Any]]:
    return [_out(t) for t in tokens.list()]


@router.post(
    "",
    response_model=schemas.TokenCreated,
    status_code=201,
    summary="Create a token; the secret is shown once",
)
def create_token(body: schemas.TokenCreate, _: Admin, tokens: Tokens) -> dict[str, Any]:
    info, secret = tokens.create(body.role, body.name)
    return {**_out(info), "token": secret}


@router.delete(
    "/{token_id}",
    status_code=204,
    summary="Revoke a token",
    responses={404: {"model": schemas.ErrorOut}},
)
def revoke_token(
    _: Admin, tokens: Tokens, token_id: str = Path(min_length=1, max_length=100)
) -> Response:
    if not tokens.revoke(token_id):
        raise ApiError(404, "not_found", f"no token with id {token_id!r}")
    return Response(status_code=204)


@health_router.get("/health", response_model=schemas.Health, summary="Is the service up")
async def health(service: Service) -> dict[str, str]:
    # Async and lock-free: answered on the event loop, never queued behind the thread pool,
    # the store lock or a user query.
    return {"status": "ok", "version": __version__, "engine": service.store.engine}
