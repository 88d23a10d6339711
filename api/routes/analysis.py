"""The analysis as JSON: the full report and its parts, cached per data version."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from graphkit.api import schemas
from graphkit.api.deps import Service, Viewer
from graphkit.api.errors import not_found
from graphkit.api.responses import attachment, cached_json

router = APIRouter(prefix="/api", tags=["analysis"], responses=schemas.AUTH_RESPONSES)

AS_OF = Query(None, description="The day to look from (ISO date; default today)")


@dataclass
class Looking:
    """How an analysis is asked for: the day it looks from, and whether touchpoints keep
    their direction (query parameters)."""

    as_of: dt.date | None = AS_OF
    directed: bool = Query(False, description="Keep touchpoint direction")

    @property
    def day(self) -> dt.date:
        return self.as_of or dt.date.today()


Asked = Annotated[Looking, Depends()]


@router.get(
    "/analysis",
    summary="The full analysis report",
    responses={200: {"model": schemas.ReportOut}},
)
def analysis(request: Request, asked: Asked, _: Viewer, service: Service) -> Response:
    report = service.report(asked.day, asked.directed)
    key = ("report", asked.day, asked.directed, service.plan_version, tuple(report["stale_parts"]))
    return cached_json(request, service, key, lambda: report)


def _part(name: str) -> Callable[..., Response]:
    def endpoint(request: Request, asked: Asked, _: Viewer, service: Service) -> Response:
        day, directed = asked.day, asked.directed
        value = service.part(name, day, directed)
        served, current = service.part_version(name, day, directed)
        # the bytes are kept by the version of the part served: a part of an earlier
        # version (a newer one is being computed) is not kept as this version's
        response = cached_json(
            request, service, ("part", name, day, directed, served), lambda: value
        )
        response.headers["X-Data-Version"] = str(served)
        if served != current:
            response.headers["X-Data-Version-Current"] = str(current)
            response.headers["Warning"] = (
                f'110 graphkit "of data version {served}; version {current} is being computed"'
            )
        return response

    endpoint.__name__ = f"analysis_{name}"
    return endpoint


for _name in ("centrality", "reach", "gaps", "communities", "roles", "complexity", "network"):
    _typed = schemas.PART_MODELS.get(_name)
    router.add_api_route(
        f"/analysis/{_name}",
        _part(_name),
        methods=["GET"],
        summary=f"The report's {_name}",
        name=f"analysis_{_name}",
        responses={200: {"model": _typed}} if _typed else None,
    )


@router.get(
    "/analysis/plan",
    summary="The engagement plan (JSON, CSV or iCalendar)",
    description="JSON: the report's plan part (``truncated`` says when it is cut; "
    "/api/plan pages through every action). CSV and iCalendar: every "
    "action.",
    responses={200: {"model": schemas.PlanOut, "content": {"text/csv": {}, "text/calendar": {}}}},
    response_model=None,
)
def plan(
    asked: Asked,
    _: Viewer,
    service: Service,
    format: Literal["json", "csv", "ics"] = Query("json"),
) -> dict[str, Any] | Response:
    if format == "json":
        part: dict[str, Any] = service.part("plan", asked.as_of, asked.directed)
        return part
    return attachment(*service.plan_file(format, asked.as_of))


@router.get(
    "/stakeholders/{stakeholder_id}/ego",
    response_model=schemas.EgoOut,
    tags=["stakeholders"],
    summary="Who is within a few steps of a stakeholder",
    responses={404: {"model": schemas.ErrorOut}},
)
def ego(
    stakeholder_id: str,
    _: Viewer,
    service: Service,
    depth: int = Query(2, ge=1, le=4),
    limit: int = Query(
        500,
        ge=1,
        le=20_000,
        description="Most people listed (the centre included); the steps summary counts everyone",
    ),
    as_of: dt.date | None = AS_OF,
) -> dict[str, Any]:
    """Nearest first; ``steps`` counts everyone per step and group, ``truncated`` says
    whether ``nodes`` stops at ``limit``. ``metrics`` is the person's centrality row when
    the report has computed it, else degree and weighted degree only (the others are named
    in ``metrics_pending``): this answer never waits for the whole network's analysis."""
    import pyarrow.compute as pc

    from graphkit import model

    if service.get("stakeholders", stakeholder_id) is None:
        raise not_found("stakeholder", stakeholder_id)
    found = service.ego(stakeholder_id, depth, limit)
    net = service.analysis().net
    people = service.index("stakeholders")
    distance = found.distance_of(found.drawn).tolist()
    nodes = [
        dict(people[str(net.ids[v])], distance=d) for v, d in zip(found.drawn.tolist(), distance)
    ]
    table = service.snapshot().touchpoints
    ids = net.touchpoints.id[found.touchpoints].arrow()
    rows = table.filter(pc.is_in(table.column("id"), value_set=ids)).sort_by("id")
    metrics = service.person_metrics(stakeholder_id, as_of)
    return {
        "center": stakeholder_id,
        "depth": depth,
        "limit": limit,
        "total": found.total,
        "truncated": found.truncated,
        "steps": [
            {"step": s.step, "people": s.people, "drawn": s.drawn, "by_group": s.by_group}
            for s in found.steps
        ],
        "nodes": nodes,
        "touchpoints": [model.json_row("touchpoints", r) for r in rows.to_pylist()],
        "metrics": metrics.row,
        "metrics_pending": list(metrics.pending),
    }


__all__ = ["router"]
