"""The contact log of a touchpoint: log one contact, read the history."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Path, Response

from graphkit.api import schemas
from graphkit.api.deps import Editor, Service, Viewer
from graphkit.api.errors import not_found

router = APIRouter(
    prefix="/api/touchpoints", tags=["touchpoints"], responses=schemas.AUTH_RESPONSES
)
TOUCHPOINT = Path(alias="touchpoint_id", min_length=1, max_length=1300)


@router.post(
    "/{touchpoint_id}/contacts",
    response_model=schemas.ContactLogged,
    status_code=201,
    summary="Log a contact with a touchpoint",
    description="The log only grows: the touchpoint's last_contact moves on to the "
    "latest contact. Logging the very same contact again answers 200 "
    "and keeps one entry.",
    responses={200: {"model": schemas.ContactLogged}, 404: {"model": schemas.ErrorOut}},
)
def log_contact(
    body: schemas.ContactIn,
    response: Response,
    user: Editor,
    service: Service,
    touchpoint_id: str = TOUCHPOINT,
) -> dict[str, Any]:
    contact, new = service.log_contact(touchpoint_id, body.model_dump(), by=user.name)
    if not new:
        response.status_code = 200
    return {
        "contact": contact,
        "touchpoint": service.get("touchpoints", touchpoint_id),
        "logged": new,
    }


@router.get(
    "/{touchpoint_id}/contacts",
    response_model=list[schemas.ContactOut],
    summary="A touchpoint's contact log, the latest first",
    responses={404: {"model": schemas.ErrorOut}},
)
def contacts(_: Viewer, service: Service, touchpoint_id: str = TOUCHPOINT) -> list[dict[str, Any]]:
    if service.get("touchpoints", touchpoint_id) is None:
        raise not_found("touchpoint", touchpoint_id)
    return service.contacts_of(touchpoint_id)
