"""A cap on request bodies: what one request may make the server read.

Entity writes, queries and forms are small; only an import may be large. A body over its
cap is refused with 413 before it is parsed: at once when ``Content-Length`` says so,
mid-stream otherwise (chunked uploads).
"""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graphkit.api.errors import error_body

IMPORT_PATHS = ("/api/import",)


class BodyLimit:
    """ASGI middleware: ``import_max`` bytes for imports, ``default_max`` for the rest."""

    def __init__(self, app: ASGIApp, default_max: int, import_max: int) -> None:
        self.app, self.default_max, self.import_max = app, default_max, import_max

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.import_max if scope["path"] in IMPORT_PATHS else self.default_max
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _refuse(send, limit)
            return
        seen = 0
        over = False
        started = False

        async def counted() -> Message:
            nonlocal seen, over
            if over:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    # The app sees the client leave; whatever it answers is replaced by
                    # the 413 below (FastAPI turns any error while reading into a 400).
                    over = True
                    return {"type": "http.disconnect"}
            return message

        async def guarded(message: Message) -> None:
            nonlocal started
            if over:
                return
            started = True
            await send(message)

        try:
            await self.app(scope, counted, guarded)
        except Exception:
            if not over:
                raise
        if over and not started:
            await _refuse(send, limit)


async def _refuse(send: Send, limit: int) -> None:
    body = json.dumps(
        error_body("too_large", f"the request body is larger than {limit:,} bytes")
    ).encode()
    headers: list[Any] = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})
