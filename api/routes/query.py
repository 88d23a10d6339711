"""Read-only Cypher for analysts: parameters, a row limit and a timeout."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from fastapi import APIRouter, Depends

from graphkit.api import schemas
from graphkit.api.deps import get_service, viewer
from graphkit.api.errors import ApiError
from graphkit.api.service import NetworkService
from graphkit.store import StoreError

router = APIRouter(prefix="/api", tags=["query"], responses=schemas.AUTH_RESPONSES)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


@router.post("/query", response_model=schemas.QueryOut, summary="Run read-only Cypher",
             description="The query runs read-only: a write is refused with 403 and changes "
                         "nothing; a query the engine cannot run gets 400.",
             responses={400: {"model": schemas.ErrorOut}, 403: {"model": schemas.ErrorOut}})
def query(body: schemas.QueryIn, _=Depends(viewer),
          service: NetworkService = Depends(get_service)) -> Any:
    cap = service.settings.query_row_limit
    limit = min(body.limit or cap, cap)
    try:
        answer = service.query(body.cypher, body.params, limit)
    except StoreError:
        raise
    except (RuntimeError, ValueError, TypeError, OverflowError) as error:
        # the engine refused it (e.g. parameters it cannot bind): the caller's mistake
        raise ApiError(400, "query_failed", f"the query could not run: {error}") from None
    return {"columns": [str(c) for c in answer.columns],
            "rows": [_plain(list(row)) for row in answer.rows],
            "truncated": answer.truncated, "limit": limit}
