"""Cross-site request forgery protection for the pages' forms.

A browser sends the session cookie with any POST, whichever site the form was on. So every
form the pages render carries a token tied to the session — an HMAC of the session id,
which only pages served to that session can show — and every POST a form sends must carry
it back: :func:`form_editor` refuses the request (403) before anything changes otherwise.

A request that authenticates with an ``Authorization: Bearer`` header needs no form token:
a page on another site cannot make the browser add that header.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated

from fastapi import Depends, Request

from graphkit.api.deps import SESSION_COOKIE, page_editor
from graphkit.tokens import Principal

__all__ = ["FIELD", "CsrfRefused", "FormEditor", "csrf_token", "form_editor"]

#: The name of the hidden field every form carries.
FIELD = "csrf"
_PURPOSE = b"graphkit page form v1"


class CsrfRefused(Exception):
    """A form was posted without its session's token (or with another session's)."""


def csrf_token(request: Request) -> str | None:
    """The form token of the request's session (None without a session cookie)."""
    sid = request.cookies.get(SESSION_COOKIE)
    if not sid or len(sid) > 512:
        return None
    return hmac.new(sid.encode("utf-8"), _PURPOSE, hashlib.sha256).hexdigest()


async def form_editor(request: Request) -> Principal:
    """A dependency for the pages' POST handlers: an editor (Bearer token or session), and
    for a session, the form's token.

    Raises
    ------
    LoginRequired
        No token and no live session.
    ApiError
        403: the caller is not an editor.
    CsrfRefused
        The session's form token is missing or wrong.
    """
    principal = await page_editor(request)
    if request.headers.get("authorization"):
        return principal  # the header authenticated: no ambient credential to forge
    expected = csrf_token(request)
    form = await request.form()  # Starlette keeps the parsed form for the route
    sent = form.get(FIELD)
    if (
        expected is None
        or not isinstance(sent, str)
        or not hmac.compare_digest(sent.encode("utf-8"), expected.encode("utf-8"))
    ):
        raise CsrfRefused()
    return principal


#: The editor who posted a page's form (its token checked for a session)
FormEditor = Annotated[Principal, Depends(form_editor)]
