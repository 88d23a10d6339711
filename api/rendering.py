"""How the pages are rendered: the templates, what every page is given, where a link back
may lead, and the two refusals a page route answers with a page of its own."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from importlib.resources import files
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates

from graphkit.api.csrf import CsrfRefused, csrf_token
from graphkit.tokens import Principal

__all__ = ["TEMPLATES", "NotFound", "PageRoute", "render", "safe_next"]

TEMPLATES = Jinja2Templates(directory=str(files("graphkit.visualisations") / "templates"))


def render(
    request: Request, name: str, user: Principal, status_code: int = 200, **context: Any
) -> HTMLResponse:
    """The page ``name`` for ``user``: every page can carry forms, so each gets the
    session's form token and whether to show them."""
    return TEMPLATES.TemplateResponse(
        request,
        name,
        {"user": user, "csrf": csrf_token(request), "can_edit": user.can("editor"), **context},
        status_code=status_code,
    )


def safe_next(target: str | None, default: str = "/") -> str:
    """A local path to go back to (never another site)."""
    if not target:
        return default
    parts = urlsplit(target)
    if (
        parts.scheme
        or parts.netloc
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
    ):
        return default
    return target


class NotFound(Exception):
    """What a page is about does not exist: answered with the not-found page (404)."""

    def __init__(self, user: Principal, message: str) -> None:
        super().__init__(message)
        self.user, self.message = user, message


class PageRoute(APIRoute):
    """Answers with a page, not JSON: a form posted without its session's token (403), a
    page of something that does not exist (404)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            try:
                return await handler(request)
            except CsrfRefused:
                return TEMPLATES.TemplateResponse(
                    request, "refused.html", {"user": None}, status_code=403
                )
            except NotFound as missing:
                return render(request, "not_found.html", missing.user, 404, message=missing.message)

        return guarded
