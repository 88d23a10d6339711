"""Read-only Cypher for analysts: a real-parse allow-list, then a worker process with caps.

The route is async and awaits the worker: it holds no thread of the server's pool and no
store lock while a query runs, so writes and ``/health`` never wait behind one.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from graphkit.api import schemas
from graphkit.api.deps import Service, Viewer
from graphkit.api.errors import ApiError
from graphkit.store import ReadOnlyViolation, StoreError
from graphkit.store.query_answer import AnswerTooLarge
from graphkit.store.query_guard import QueryRefused, QuerySyntaxError
from graphkit.store.query_pool import QueryBusy, QueryStopped

router = APIRouter(prefix="/api", tags=["query"], responses=schemas.AUTH_RESPONSES)

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {
        "model": schemas.ErrorOut,
        "description": "The guard cannot read the query (`query_syntax`), or the engine "
        "refused it (`query_failed`, with the engine's message)",
    },
    403: {
        "model": schemas.ErrorOut,
        "description": "A clause or function outside the allow-list (`read_only`; the "
        "message names it), or a role below viewer",
    },
    422: {
        "model": schemas.ErrorOut,
        "description": "Stopped by a cap: `query_timeout`, `query_memory`, "
        "`answer_too_large` (one row above the byte cap), or "
        "`query_crashed` (the engine crashed in the worker; the server "
        "carries on)",
    },
    429: {
        "model": schemas.ErrorOut,
        "description": "`too_many_queries`: the token's or the server's concurrent "
        "queries are at their limit (see `Retry-After`)",
    },
}


@router.post(
    "/query",
    response_model=schemas.QueryOut,
    summary="Run read-only Cypher",
    description="Only reading clauses (MATCH, OPTIONAL MATCH, WHERE, WITH, UNWIND, "
    "RETURN, ORDER BY, SKIP, LIMIT, UNION, EXISTS/COUNT subqueries) and "
    "listed functions are accepted. The query runs in a separate worker "
    "process with time, memory, row and byte caps; the answer says "
    "which data version it read (`data_version`) and which cap cut it "
    "(`truncated_by`).",
    responses=_ERRORS,
)
async def query(body: schemas.QueryIn, principal: Viewer, service: Service) -> Response:
    cap = service.settings.query_row_limit
    limit = min(body.limit or cap, cap)
    try:
        answer = await service.query(body.cypher, body.params, limit, caller=principal.id)
    except QuerySyntaxError as error:
        raise ApiError(400, "query_syntax", f"the query cannot be read: {error}") from None
    except (QueryRefused, ReadOnlyViolation) as error:
        raise ApiError(403, "read_only", str(error)) from None
    except QueryBusy as error:
        raise ApiError(
            429, "too_many_queries", str(error), headers={"Retry-After": str(error.retry_after_s)}
        ) from None
    except QueryStopped as error:
        code = {"timeout": "query_timeout", "memory": "query_memory"}.get(
            error.kind, "query_crashed"
        )
        raise ApiError(422, code, str(error)) from None
    except AnswerTooLarge as error:
        raise ApiError(422, "answer_too_large", str(error)) from None
    except StoreError as error:
        raise ApiError(400, "query_failed", f"the query could not run: {error}") from None
    return Response(answer.body, media_type="application/json")
