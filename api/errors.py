"""Every error leaves as JSON: ``{"error": code, "message": text, "problems": [...]}``."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic_core import ErrorDetails
from starlette.exceptions import HTTPException as StarletteHTTPException

from graphkit.store import (
    EntityExists,
    EntityNotFound,
    InvalidChange,
    ReadOnlyViolation,
    StoreError,
)

log = logging.getLogger("graphkit.api")


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        problems: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.problems = problems or []
        self.headers = headers


class LoginRequired(Exception):
    """A page was asked for without a token or session: send the browser to /login."""

    def __init__(self, path: str) -> None:
        self.path = path


def error_body(
    code: str, message: str, problems: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {"error": code, "message": message}
    if problems:
        body["problems"] = problems
    return body


def not_found(kind: str, entity_id: str) -> ApiError:
    return ApiError(404, "not_found", f"no {kind} with id {entity_id!r}")


def invalid(
    message: str, *, why: str, field: str | None = None, file: str | None = None
) -> ApiError:
    """422: the request is refused for one problem, ``why``, at ``field`` (or ``file``)."""
    return ApiError(
        422, "invalid", message, [{"file": file, "row": None, "field": field, "message": why}]
    )


def problems_from_validation(
    errors: Iterable[ErrorDetails], file: str | None = None, row: int | None = None
) -> list[dict[str, Any]]:
    problems = []
    for err in errors:
        loc = [str(part) for part in err.get("loc", ()) if part not in ("body",)]
        problems.append(
            {
                "file": file,
                "row": row,
                "field": ".".join(loc) or None,
                "message": err.get("msg", "invalid"),
            }
        )
    return problems


_STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
}


# What the store refuses, as HTTP (the most specific class's handler answers).
_STORE_REFUSALS: tuple[tuple[type[StoreError], int, str], ...] = (
    (EntityNotFound, 404, "not_found"),
    (EntityExists, 409, "conflict"),
    (ReadOnlyViolation, 403, "read_only"),
    (StoreError, 400, "store_refused"),
)


def _refusal(status: int, code: str) -> Callable[[Request, Exception], Awaitable[JSONResponse]]:
    async def handler(_: Request, exc: Exception) -> JSONResponse:
        return JSONResponse(error_body(code, str(exc)), status_code=status)

    return handler


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(
            error_body(exc.code, exc.message, exc.problems),
            status_code=exc.status,
            headers=exc.headers,
        )

    @app.exception_handler(LoginRequired)
    async def _login(_: Request, exc: LoginRequired) -> RedirectResponse:
        return RedirectResponse(f"/login?next={quote(exc.path, safe='/')}", status_code=303)

    @app.exception_handler(InvalidChange)
    async def _invalid(_: Request, exc: InvalidChange) -> JSONResponse:
        problems = [dict(p) for p in exc.problems]
        body = error_body("invalid_change", str(exc).splitlines()[0], problems)
        body["total_problems"] = exc.total  # the list is capped; the count is not
        return JSONResponse(body, status_code=422)

    for refused, status, code in _STORE_REFUSALS:
        app.add_exception_handler(refused, _refusal(status, code))

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = problems_from_validation(list(exc.errors()))
        first = problems[0] if problems else {"field": None, "message": "invalid request"}
        where = f" (field '{first['field']}')" if first["field"] else ""
        return JSONResponse(
            error_body("invalid", f"{first['message']}{where}", problems), status_code=422
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _STATUS_CODES.get(exc.status_code, "error")
        return JSONResponse(
            error_body(code, str(exc.detail)),
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        return JSONResponse(
            error_body("internal", "internal error: see the server log"), status_code=500
        )
