"""CRUD for groups, stakeholders and touchpoints: thin routes over the network service."""

from typing import Any
from urllib.parse import quote

import pyarrow as pa
from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, ValidationError

from graphkit import model
from graphkit.api import schemas
from graphkit.api.deps import editor, get_service, viewer
from graphkit.api.errors import ApiError, not_found, problems_from_validation
from graphkit.api.responses import dumps
from graphkit.api.service import NetworkService
from graphkit.store import Create, EntityExists, Remove, Replace

LIMIT = Query(100, ge=1, le=1000, description="Page size")
OFFSET = Query(0, ge=0, le=10_000_000, description="How many to skip")


def _page(items: list[dict[str, Any]], limit: int, offset: int) -> Response:
    """One page of a list, serialised directly (the items are already API-shaped)."""
    return Response(
        dumps(
            {
                "items": items[offset : offset + limit],
                "total": len(items),
                "limit": limit,
                "offset": offset,
            }
        ),
        media_type="application/json",
    )


def _validated(body_model: type[BaseModel], data: dict[str, Any]) -> BaseModel:
    try:
        return body_model.model_validate(data)
    except ValidationError as error:
        problems = problems_from_validation(error.errors())
        raise ApiError(
            422, "invalid", problems[0]["message"] if problems else "invalid", problems
        ) from None


def _stored_row(kind: str, entity: BaseModel) -> dict[str, Any]:
    """The entity as a row of its Arrow schema (what the store keeps)."""
    try:
        # through Arrow once: a value valid for pydantic but not storable (a number beyond
        # 64 bits) is refused here, before the store sees it
        return model.to_table(kind, [entity]).to_pylist()[0]
    except (pa.ArrowException, OverflowError, ValueError, TypeError) as error:
        raise ApiError(
            422,
            "invalid",
            f"a value cannot be stored: {error}",
            [{"file": None, "row": None, "field": None, "message": str(error)}],
        ) from None


def crud_routes(
    router: APIRouter,
    *,
    kind: str,
    noun: str,
    path: str,
    body_in: type[BaseModel],
    replace_in: type[BaseModel],
    patch: type[BaseModel],
    out: type[BaseModel],
) -> None:
    """Register get/create/replace/patch/delete for one entity kind on ``router``."""
    domain = model.MODELS[kind]
    ident = f"{noun}_id"

    @router.get(
        f"{path}/{{{ident}}}",
        response_model=out,
        summary=f"Get one {noun}",
        responses={404: {"model": schemas.ErrorOut}},
        name=f"get_{noun}",
    )
    def get_one(
        entity_id: str = _path(ident),
        _=Depends(viewer),
        service: NetworkService = Depends(get_service),
    ) -> Any:
        found = service.get(kind, entity_id)
        if found is None:
            raise not_found(noun, entity_id)
        return found

    @router.post(
        path,
        response_model=out,
        status_code=201,
        summary=f"Create a {noun}",
        responses={409: {"model": schemas.ErrorOut}},
        name=f"create_{noun}",
    )
    def create(
        body: body_in,
        response: Response,
        _=Depends(editor),  # type: ignore[valid-type]
        service: NetworkService = Depends(get_service),
    ) -> Any:
        entity = _validated(domain, body.model_dump())  # type: ignore[attr-defined]
        entity_id = entity.id  # type: ignore[attr-defined]
        try:
            service.write([Create(kind, _stored_row(kind, entity))])
        except EntityExists:
            raise ApiError(
                409,
                "conflict",
                f"a {noun} with id {entity_id!r} exists already; "
                f"use PUT or PATCH {path}/{{id}} to change it",
            ) from None
        response.headers["Location"] = f"/api{path}/{quote(entity_id, safe='')}"
        return service.get(kind, entity.id)  # type: ignore[attr-defined]

    @router.put(
        f"{path}/{{{ident}}}",
        response_model=out,
        summary=f"Replace a {noun}",
        responses={404: {"model": schemas.ErrorOut}},
        name=f"replace_{noun}",
    )
    def replace(
        body: replace_in,
        entity_id: str = _path(ident),  # type: ignore[valid-type]
        _=Depends(editor),
        service: NetworkService = Depends(get_service),
    ) -> Any:
        if service.get(kind, entity_id) is None:
            raise not_found(noun, entity_id)
        data = body.model_dump()  # type: ignore[attr-defined]
        given = data.get("id")
        if given not in (None, entity_id):
            raise ApiError(
                422,
                "invalid",
                f"the body's id {given!r} differs from the path's {entity_id!r}; ids cannot change",
                [
                    {
                        "file": None,
                        "row": None,
                        "field": "id",
                        "message": "differs from the id in the path",
                    }
                ],
            )
        data["id"] = entity_id
        service.write([Replace(kind, _stored_row(kind, _validated(domain, data)))])
        return service.get(kind, entity_id)

    @router.patch(
        f"{path}/{{{ident}}}",
        response_model=out,
        summary=f"Change a {noun}",
        responses={404: {"model": schemas.ErrorOut}},
        name=f"patch_{noun}",
    )
    def change(
        body: patch,
        entity_id: str = _path(ident),  # type: ignore[valid-type]
        _=Depends(editor),
        service: NetworkService = Depends(get_service),
    ) -> Any:
        current = service.get(kind, entity_id)
        if current is None:
            raise not_found(noun, entity_id)
        updates = body.model_dump(exclude_unset=True)  # type: ignore[attr-defined]
        if updates.get("id") not in (None, entity_id):
            raise ApiError(
                422,
                "invalid",
                "ids cannot change",
                [
                    {
                        "file": None,
                        "row": None,
                        "field": "id",
                        "message": "differs from the id in the path",
                    }
                ],
            )
        updates.pop("id", None)
        merged = {**current, **{k: v for k, v in updates.items()}}
        merged["id"] = entity_id
        service.write([Replace(kind, _stored_row(kind, _validated(domain, merged)))])
        return service.get(kind, entity_id)

    @router.delete(
        f"{path}/{{{ident}}}",
        status_code=204,
        summary=f"Delete a {noun}",
        responses={404: {"model": schemas.ErrorOut}, 422: {"model": schemas.ErrorOut}},
        name=f"delete_{noun}",
    )
    def delete(
        entity_id: str = _path(ident),
        _=Depends(editor),
        service: NetworkService = Depends(get_service),
    ) -> Response:
        service.write([Remove(kind, entity_id)])  # EntityNotFound: 404
        return Response(status_code=204)


def _path(name: str) -> Any:
    from fastapi import Path

    return Path(alias=name, min_length=1, max_length=200)


router = APIRouter(prefix="/api", responses=schemas.AUTH_RESPONSES)


@router.get(
    "/groups",
    response_model=schemas.Page[schemas.Group],
    tags=["groups"],
    summary="List customer groups",
)
def list_groups(
    limit: int = LIMIT,
    offset: int = OFFSET,
    _=Depends(viewer),
    service: NetworkService = Depends(get_service),
) -> Any:
    return _page(service.items("groups"), limit, offset)


@router.get(
    "/stakeholders",
    response_model=schemas.Page[schemas.Stakeholder],
    tags=["stakeholders"],
    summary="List stakeholders (filters combine with AND)",
)
def list_stakeholders(
    group: str | None = Query(None, max_length=200, description="Customer group id"),
    source: model.Source | None = None,
    stance: model.Stance | None = None,
    is_pmo: bool | None = None,
    internal: bool | None = None,
    influencer: bool | None = None,
    q: str | None = Query(None, max_length=200, description="Text in the name or id"),
    limit: int = LIMIT,
    offset: int = OFFSET,
    _=Depends(viewer),
    service: NetworkService = Depends(get_service),
) -> Any:
    items = service.items("stakeholders")
    wanted = {
        "group": group,
        "source": source.value if source else None,
        "stance": stance.value if stance else None,
        "is_pmo": is_pmo,
        "internal": internal,
        "influencer": influencer,
    }
    wanted = {k: v for k, v in wanted.items() if v is not None}
    if wanted:
        items = [i for i in items if all(i.get(k) == v for k, v in wanted.items())]
    if q:
        needle = q.casefold()
        items = [i for i in items if needle in i["name"].casefold() or needle in i["id"].casefold()]
    return _page(items, limit, offset)


@router.get(
    "/touchpoints",
    response_model=schemas.Page[schemas.Touchpoint],
    tags=["touchpoints"],
    summary="List touchpoints (filters combine with AND)",
)
def list_touchpoints(
    stakeholder: str | None = Query(None, max_length=200, description="Either end"),
    source: str | None = Query(None, max_length=200),
    target: str | None = Query(None, max_length=200),
    vehicle: model.Vehicle | None = None,
    connection: model.Connection | None = None,
    limit: int = LIMIT,
    offset: int = OFFSET,
    _=Depends(viewer),
    service: NetworkService = Depends(get_service),
) -> Any:
    items = service.items("touchpoints")
    wanted = {
        "source": source,
        "target": target,
        "vehicle": vehicle.value if vehicle else None,
        "connection": connection.value if connection else None,
    }
    wanted = {k: v for k, v in wanted.items() if v is not None}
    if wanted:
        items = [i for i in items if all(i.get(k) == v for k, v in wanted.items())]
    if stakeholder:
        items = [i for i in items if stakeholder in (i["source"], i["target"])]
    return _page(items, limit, offset)


groups_router = APIRouter(prefix="/api", tags=["groups"], responses=schemas.AUTH_RESPONSES)
crud_routes(
    groups_router,
    kind="groups",
    noun="group",
    path="/groups",
    body_in=schemas.GroupIn,
    replace_in=schemas.GroupReplace,
    patch=schemas.GroupPatch,
    out=schemas.Group,
)
stakeholders_router = APIRouter(
    prefix="/api", tags=["stakeholders"], responses=schemas.AUTH_RESPONSES
)
crud_routes(
    stakeholders_router,
    kind="stakeholders",
    noun="stakeholder",
    path="/stakeholders",
    body_in=schemas.StakeholderIn,
    replace_in=schemas.StakeholderReplace,
    patch=schemas.StakeholderPatch,
    out=schemas.Stakeholder,
)
touchpoints_router = APIRouter(
    prefix="/api", tags=["touchpoints"], responses=schemas.AUTH_RESPONSES
)
crud_routes(
    touchpoints_router,
    kind="touchpoints",
    noun="touchpoint",
    path="/touchpoints",
    body_in=schemas.TouchpointIn,
    replace_in=schemas.TouchpointReplace,
    patch=schemas.TouchpointPatch,
    out=schemas.Touchpoint,
)
