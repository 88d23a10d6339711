"""The API described: the OpenAPI document, Swagger UI and ReDoc, served from our own static
files (no CDN), behind the same login as the pages — the document lists personal-data
endpoints."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse

from graphkit.api.deps import DocsReader, PageViewer

router = APIRouter(include_in_schema=False)

# Offline, and said so to the browser: ReDoc's sidebar links a logo on a CDN, which this
# policy keeps from loading (styles inline: both libraries set them; workers: ReDoc's search).
OWN_ORIGIN_ONLY = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "worker-src 'self' blob:; font-src 'self' data:; connect-src 'self'; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    )
}

_SWAGGER = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>graphkit API</title>
<link rel="stylesheet" href="/static/vendor/swagger-ui/swagger-ui.css">
<style>body {{ margin: 0; }} .gk-top {{ font: 14px system-ui, sans-serif; padding: 8px 16px;
  background: #1d2330; color: #fff; }} .gk-top a {{ color: #cfe0ff; }}</style>
</head>
<body>
<div class="gk-top"><a href="/">graphkit</a> · API ({user}) · <a href="/redoc">ReDoc</a> ·
<a href="/openapi.json">openapi.json</a> · Authorize with an API token to try calls.</div>
<div id="swagger-ui"></div>
<script src="/static/vendor/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/static/swagger-ui-init.js"></script>
</body>
</html>
"""

_REDOC = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>graphkit API (ReDoc)</title>
<style>body { margin: 0; }</style>
</head>
<body>
<redoc spec-url="/openapi.json"></redoc>
<script src="/static/vendor/redoc/redoc.standalone.js"></script>
</body>
</html>
"""


@router.get("/openapi.json")
def openapi(request: Request, _: DocsReader) -> JSONResponse:
    return JSONResponse(request.app.openapi())


@router.get("/docs", response_class=HTMLResponse)
def swagger_ui(user: PageViewer) -> HTMLResponse:
    import html

    return HTMLResponse(
        _SWAGGER.format(user=html.escape(f"{user.name}, {user.role}")), headers=OWN_ORIGIN_ONLY
    )


@router.get("/redoc", response_class=HTMLResponse)
def redoc(_: PageViewer) -> HTMLResponse:
    return HTMLResponse(_REDOC, headers=OWN_ORIGIN_ONLY)
