"""CRUD for groups, stakeholders and touchpoints: thin routes over the network service."""

from collections.abc import Callable
from enum import Enum
from typing import Any, TypeVar
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, ValidationError

from graphkit import model
from graphkit.api import schemas
from graphkit.api.deps import Editor, Service, Viewer
from graphkit.api.errors import ApiError, invalid, not_found, problems_from_validation
from graphkit.api.responses import dumps
from graphkit.api.service import NetworkService, stored_row
from graphkit.store import Create, EntityExists, Remove, Replace

LIMIT = Query(100, ge=1, le=1000, description="Page size")
OFFSET = Query(0, ge=0, le=10_000_000, description="How many to skip")
Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])


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


def _matching(items: list[dict[str, Any]], **wanted: Any) -> list[dict[str, Any]]:
    """The items whose fields equal every filter given (a filter of None is not given)."""
    given = {k: v.value if isinstance(v, Enum) else v for k, v in wanted.items() if v is not None}
    if not given:
        return items
    return [i for i in items if all(i.get(k) == v for k, v in given.items())]


def _validated(body_model: type[BaseModel], data: dict[str, Any]) -> BaseModel:
    try:
        return body_model.model_validate(data)
    except ValidationError as error:
        problems = problems_from_validation(error.errors())
        raise ApiError(
            422, "invalid", problems[0]["message"] if problems else "invalid", problems
        ) from None


def _takes(body: type[BaseModel]) -> Callable[[Endpoint], Endpoint]:
    """The endpoint's body is ``body``: FastAPI reads the model to validate (and document)
    from the annotation, and the CRUD routes choose it per kind at run time."""

    def annotate(endpoint: Endpoint) -> Endpoint:
        endpoint.__annotations__["body"] = body
        return endpoint

    return annotate


class _Kind:
    """One kind of entity as the CRUD routes serve it."""

    def __init__(self, kind: str) -> None:
        self.kind, self.noun = kind, kind.removesuffix("s")
        self.path = f"/{kind}"
        self.domain = model.MODELS[kind]

    def existing(self, service: NetworkService, entity_id: str) -> dict[str, Any]:
        found = service.get(self.kind, entity_id)
        if found is None:
            raise not_found(self.noun, entity_id)
        return found

    def replace(
        self, service: NetworkService, entity_id: str, data: dict[str, Any]
    ) -> dict[str, Any]:
        """Store ``data`` as the entity (validated as an import would); what is stored now."""
        entity = _validated(self.domain, {**data, "id": entity_id})
        service.write([Replace(self.kind, stored_row(self.kind, entity))])
        return self.existing(service, entity_id)


def _keeps_id(given: Any, entity_id: str) -> None:
    if given not in (None, entity_id):
        raise invalid(
            f"the body's id {given!r} differs from the path's {entity_id!r}; ids cannot change",
            why="differs from the id in the path",
            field="id",
        )


def crud_router(kind: str) -> APIRouter:
    """get/create/replace/patch/delete for one entity kind, on a router of its own."""
    bodies = schemas.ENTITY_BODIES[kind]
    of = _Kind(kind)
    noun, path = of.noun, of.path
    router = APIRouter(prefix="/api", tags=[kind], responses=schemas.AUTH_RESPONSES)
    one = f"{path}/{{{noun}_id}}"
    entity_id_param = Path(alias=f"{noun}_id", min_length=1, max_length=200)
    missing: dict[int | str, dict[str, Any]] = {404: {"model": schemas.ErrorOut}}
    conflict: dict[int | str, dict[str, Any]] = {409: {"model": schemas.ErrorOut}}

    def on(
        method: str, where: str, verb: str, summary: str, **more: Any
    ) -> Callable[[Endpoint], Endpoint]:
        """Register an endpoint as ``verb_noun``, answering with the kind's model."""
        options: dict[str, Any] = {"response_model": bodies.out, "responses": missing, **more}
        return router.api_route(
            where, methods=[method], name=f"{verb}_{noun}", summary=summary, **options
        )

    @on("GET", one, "get", f"Get one {noun}")
    def get_one(_: Viewer, service: Service, entity_id: str = entity_id_param) -> dict[str, Any]:
        return of.existing(service, entity_id)

    @on("POST", path, "create", f"Create a {noun}", status_code=201, responses=conflict)
    @_takes(bodies.new)
    def create(body: BaseModel, response: Response, _: Editor, service: Service) -> dict[str, Any]:
        row = stored_row(kind, _validated(of.domain, body.model_dump()))
        entity_id = str(row["id"])  # a touchpoint's is made from its ends when not given
        try:
            service.write([Create(kind, row)])
        except EntityExists:
            raise ApiError(
                409,
                "conflict",
                f"a {noun} with id {entity_id!r} exists already; "
                f"use PUT or PATCH {path}/{{id}} to change it",
            ) from None
        response.headers["Location"] = f"/api{path}/{quote(entity_id, safe='')}"
        return of.existing(service, entity_id)

    @on("PUT", one, "replace", f"Replace a {noun}")
    @_takes(bodies.replace)
    def replace(
        body: BaseModel, _: Editor, service: Service, entity_id: str = entity_id_param
    ) -> dict[str, Any]:
        of.existing(service, entity_id)
        data = body.model_dump()
        _keeps_id(data.get("id"), entity_id)
        return of.replace(service, entity_id, data)

    @on("PATCH", one, "patch", f"Change a {noun}")
    @_takes(bodies.patch)
    def change(
        body: BaseModel, _: Editor, service: Service, entity_id: str = entity_id_param
    ) -> dict[str, Any]:
        current = of.existing(service, entity_id)
        updates = body.model_dump(exclude_unset=True)
        _keeps_id(updates.get("id"), entity_id)
        return of.replace(service, entity_id, {**current, **updates})

    @on(
        "DELETE",
        one,
        "delete",
        f"Delete a {noun}",
        status_code=204,
        response_model=None,
        responses={**missing, 422: {"model": schemas.ErrorOut}},
    )
    def delete(_: Editor, service: Service, entity_id: str = entity_id_param) -> Response:
        service.write([Remove(kind, entity_id)])  # EntityNotFound: 404
        return Response(status_code=204)

    return router


router = APIRouter(prefix="/api", responses=schemas.AUTH_RESPONSES)


def _listing(kind: str, summary: str) -> Callable[[Endpoint], Endpoint]:
    """Register the list of ``kind``: a page of the kind's model."""
    page = schemas.ENTITY_BODIES[kind].page
    return router.get(f"/{kind}", response_model=page, tags=[kind], summary=summary)


@_listing("groups", "List customer groups")
def list_groups(_: Viewer, service: Service, limit: int = LIMIT, offset: int = OFFSET) -> Response:
    return _page(service.items("groups"), limit, offset)


@_listing("stakeholders", "List stakeholders (filters combine with AND)")
def list_stakeholders(
    _: Viewer,
    service: Service,
    group: str | None = Query(None, max_length=200, description="Customer group id"),
    source: model.Source | None = None,
    stance: model.Stance | None = None,
    is_pmo: bool | None = None,
    internal: bool | None = None,
    influencer: bool | None = None,
    q: str | None = Query(None, max_length=200, description="Text in the name or id"),
    limit: int = LIMIT,
    offset: int = OFFSET,
) -> Response:
    items = _matching(
        service.items("stakeholders"),
        group=group,
        source=source,
        stance=stance,
        is_pmo=is_pmo,
        internal=internal,
        influencer=influencer,
    )
    if q:
        needle = q.casefold()
        items = [i for i in items if needle in i["name"].casefold() or needle in i["id"].casefold()]
    return _page(items, limit, offset)


@_listing("touchpoints", "List touchpoints (filters combine with AND)")
def list_touchpoints(
    _: Viewer,
    service: Service,
    stakeholder: str | None = Query(None, max_length=200, description="Either end"),
    source: str | None = Query(None, max_length=200),
    target: str | None = Query(None, max_length=200),
    vehicle: model.Vehicle | None = None,
    connection: model.Connection | None = None,
    limit: int = LIMIT,
    offset: int = OFFSET,
) -> Response:
    items = _matching(
        service.items("touchpoints"),
        source=source,
        target=target,
        vehicle=vehicle,
        connection=connection,
    )
    if stakeholder:
        items = [i for i in items if stakeholder in (i["source"], i["target"])]
    return _page(items, limit, offset)


groups_router = crud_router("groups")
stakeholders_router = crud_router("stakeholders")
touchpoints_router = crud_router("touchpoints")
