"""Bulk import (all or nothing) and export of the whole network."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from graphkit.api import schemas
from graphkit.api.deps import Editor, Service, Viewer
from graphkit.api.errors import ApiError, invalid
from graphkit.api.responses import attachment

router = APIRouter(prefix="/api", tags=["import and export"], responses=schemas.AUTH_RESPONSES)

_IMPORT_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/NetworkDocument"}},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {
                    "files": {"type": "array", "items": {"type": "string", "format": "binary"}}
                },
                "required": ["files"],
            }
        },
    },
}


@router.post(
    "/import",
    response_model=schemas.ImportResult,
    summary="Import a network document, CSV files or an XLSX (all or nothing)",
    description="Send the JSON document as the body, or upload `stakeholders.csv`, "
    "`touchpoints.csv`, `groups.csv`, an `.xlsx` or a `.json` as "
    "multipart `files`. Rows equal to what is stored change nothing; "
    "any problem rejects the whole import with 422 naming file, row "
    "and field.",
    openapi_extra={"requestBody": _IMPORT_BODY},
    responses={422: {"model": schemas.ErrorOut}, 415: {"model": schemas.ErrorOut}},
)
async def import_network(request: Request, _: Editor, service: Service) -> dict[str, Any]:
    from starlette.concurrency import run_in_threadpool

    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    files: list[tuple[str, bytes]] = []
    if content_type == "multipart/form-data":
        try:
            form = await request.form(max_files=20, max_part_size=service.settings.import_max_bytes)
        except Exception as error:  # malformed multipart
            raise ApiError(400, "bad_request", f"cannot read the upload: {error}") from None
        for value in form.getlist("files") + form.getlist("file"):
            if isinstance(value, str):
                raise invalid(
                    "'files' must be uploaded files, not text", why="expected a file", field="files"
                )
            files.append((value.filename or "upload", await value.read()))
        if not files:
            raise invalid(
                "upload at least one file as 'files'", why="no file uploaded", field="files"
            )
    elif content_type in ("application/json", ""):
        body = await request.body()
        if not body:
            raise invalid(
                "the body is empty: send a network document", why="empty body", file="document.json"
            )
        files.append(("document.json", body))
    else:
        raise ApiError(
            415,
            "unsupported_media_type",
            "send application/json (a network document) or multipart/form-data",
        )
    summary = await run_in_threadpool(service.import_files, files)
    return {
        "summary": summary.as_dict(),
        "counts": await run_in_threadpool(service.counts),
        "version": service.version,
    }


@router.get(
    "/export",
    summary="The whole network as json, csv (zip), xlsx, graphml or gexf",
    responses={
        200: {
            "content": {
                "application/json": {},
                "application/zip": {},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
                "application/graphml+xml": {},
                "application/gexf+xml": {},
            }
        }
    },
)
def export(
    _: Viewer,
    service: Service,
    format: Literal["json", "csv", "xlsx", "graphml", "gexf"] = Query("json"),
) -> Response:
    from graphkit import io as gio

    file = service.cached(("export", format), lambda: gio.export_bytes(service.snapshot(), format))
    return attachment(*file)
