"""The engagement plan: every action paged and filtered, its files, and its statuses."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from graphkit.api import schemas
from graphkit.api.deps import Editor, Service, Viewer
from graphkit.api.responses import attachment

router = APIRouter(prefix="/api/plan", tags=["plan"], responses=schemas.AUTH_RESPONSES)


@router.get(
    "",
    response_model=schemas.PlanPage,
    summary="The plan, every action, paged",
    description="Open actions by due date (overdue first), then done ones; filters "
    "combine with AND.",
)
def list_plan(
    _: Viewer,
    service: Service,
    owner: str | None = Query(None, max_length=200, description="A PMO member's id"),
    kind: str | None = Query(None, max_length=40),
    severity: Literal["high", "medium", "low"] | None = None,
    status: schemas.PlanStatusName | None = None,
    group: str | None = Query(None, max_length=200, description="A customer group id"),
    due_by: dt.date | None = Query(None, description="Due on or before this day"),
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    plan = service.plan()
    actions = [
        a
        for a in plan.actions
        if (owner is None or a.owner == owner)
        and (kind is None or a.kind == kind)
        and (severity is None or a.severity == severity)
        and (status is None or a.status == status)
        and (group is None or group in a.groups)
        and (due_by is None or (a.due is not None and a.due <= due_by))
    ]
    actions.sort(key=lambda a: (a.due is None, a.due or dt.date.max, a.rank))
    return {
        "items": [a.as_json() for a in actions[offset : offset + limit]],
        "total": len(actions),
        "limit": limit,
        "offset": offset,
        "as_of": plan.as_of,
        "capacity_per_week": plan.capacity_per_week,
        "open_actions": len(plan.open),
    }


@router.get(
    "/file",
    summary="The whole plan as CSV or iCalendar",
    responses={200: {"content": {"text/csv": {}, "text/calendar": {}}}},
)
def plan_file(
    _: Viewer, service: Service, format: Literal["csv", "ics"] = Query("csv")
) -> Response:
    return attachment(*service.plan_file(format))


@router.patch(
    "/{action_id}",
    response_model=schemas.PlanActionOut,
    summary="Mark an action done, snoozed (until a date) or open again",
    description="With `log_contact`, the contact is logged with the action's "
    "touchpoint in the same transaction: both or neither.",
    responses={404: {"model": schemas.ErrorOut}, 422: {"model": schemas.ErrorOut}},
)
def change_status(
    body: schemas.PlanChange,
    user: Editor,
    service: Service,
    action_id: str = Path(min_length=1, max_length=200),
) -> dict[str, Any]:
    action = service.set_plan_status(
        action_id,
        body.status,
        by=user.name,
        snoozed_until=body.snoozed_until,
        note=body.note,
        contact=body.log_contact.model_dump() if body.log_contact else None,
    )
    return action.as_json()
