"""Big JSON answers serialised once per data version, and gzipped once.

The analysis parts and the map data are the same for every caller until the next write;
encoding 10+ MB of JSON per request would dominate the server's time. These helpers cache
the bytes (and their gzip) in the service's per-version cache and answer ``If-None-Match``
with 304.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Hashable
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from graphkit.api.service import NetworkService

GZIP_FROM = 4096


def attachment(body: bytes, media_type: str, filename: str) -> Response:
    """A file to download (the browser saves it as ``filename``)."""
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def dumps(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=str).encode("utf-8")


def cached_bytes(
    request: Request,
    service: NetworkService,
    key: Hashable,
    compute: Callable[[], bytes],
    media_type: str = "application/json",
    headers: dict[str, str] | None = None,
) -> Response:
    """Answer with bytes computed once per data version (gzipped when the client can)."""
    version = service.version
    body = service.cached(("bytes", key), compute)
    etag = f'"v{version}-{abs(hash(key)) % 10**12}"'
    common = {
        "ETag": etag,
        "Cache-Control": "private, no-cache",
        "Vary": "Accept-Encoding",
        **(headers or {}),
    }
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=common)
    if len(body) >= GZIP_FROM and "gzip" in request.headers.get("accept-encoding", ""):
        packed = service.cached(("gzip", key), lambda: gzip.compress(body, 5, mtime=0))
        return Response(
            packed, media_type=media_type, headers={**common, "Content-Encoding": "gzip"}
        )
    return Response(body, media_type=media_type, headers=common)


def cached_json(
    request: Request, service: NetworkService, key: Hashable, compute: Callable[[], Any]
) -> Response:
    return cached_bytes(request, service, key, lambda: dumps(compute()))
