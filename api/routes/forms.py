"""The pages' forms: add and edit a stakeholder, log a contact with a touchpoint, edit a
group's wanted cadence and connection, mark a plan action done or snoozed.

Editors write, viewers read (viewers are shown no forms, and their posts are refused).
Every POST carries the session's form token (:mod:`graphkit.api.csrf`) and is refused
before anything changes without it. Input is held to the model's own rules
(:mod:`graphkit.model`); a refused form comes back filled in, with each problem beside
its field (status 422). A form that succeeds redirects (303) to where the editor was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, ValidationError

from graphkit import model
from graphkit.api.csrf import CsrfRefused, csrf_token, form_editor
from graphkit.api.deps import get_service, page_user, page_viewer
from graphkit.api.service import NetworkService
from graphkit.store import Create, EntityExists, EntityNotFound, InvalidChange, Replace
from graphkit.tokens import Principal

TEMPLATES = Jinja2Templates(directory=str(files("graphkit.visualisations") / "templates"))


class FormRoute(APIRoute):
    """Answers a form posted without its session's token with a page, not JSON."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            try:
                return await handler(request)
            except CsrfRefused:
                return TEMPLATES.TemplateResponse(
                    request, "refused.html", {"user": None}, status_code=403
                )

        return guarded


router = APIRouter(include_in_schema=False, route_class=FormRoute)
page_editor = page_user("editor")


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


@dataclass
class FormState:
    """What a form shows: its values, and the problems found, by field ("" for the form)."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)


LABELS = {
    "id": "Id",
    "name": "Name",
    "group": "Group",
    "source": "Source",
    "organisation": "Organisation",
    "role": "Role",
    "internal": "Internal",
    "is_pmo": "PMO member",
    "influencer": "Influencer",
    "influence": "Influence",
    "interest": "Interest",
    "stance": "Stance",
    "desired_cadence_days": "Wanted cadence (days)",
    "desired_connection": "Wanted connection",
    "desired_links": "Should talk to",
    "date": "Date",
    "note": "Note",
    "status": "Status",
    "snoozed_until": "Snooze until",
    "log_contact": "Log the contact",
    "contact_date": "Date of the contact",
    "contact_note": "Note on the contact",
}


def _problems(
    error: ValidationError, state: FormState, fields: dict[str, str] | None = None, whole: str = ""
) -> None:
    """Pydantic's errors beside their fields, each naming its field (a rule over the whole
    entity goes beside ``whole``)."""
    for e in error.errors():
        loc = [str(p) for p in e.get("loc", ())]
        name = (fields or {}).get(loc[0], loc[0]) if loc else whole
        message = str(e.get("msg", "invalid")).removeprefix("Value error, ")
        state.add(name, f"{LABELS.get(name, name)}: {message}" if name else message)


def _change_problems(
    error: InvalidChange, state: FormState, fields: dict[str, str] | None = None
) -> None:
    for p in error.problems:
        name = str(p.get("field") or "")
        name = (fields or {}).get(name, name)
        message = str(p.get("message"))
        state.add(name, f"{LABELS.get(name, name)}: {message}" if name else message)


def _render(
    request: Request, name: str, user: Principal, status_code: int = 200, **context: Any
) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(
        request,
        name,
        {
            "user": user,
            "csrf": csrf_token(request),
            "can_edit": user.can("editor"),
            "labels": LABELS,
            **context,
        },
        status_code=status_code,
    )


def _text(form: Any, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _optional(form: Any, name: str) -> str | None:
    return _text(form, name) or None


def _redirect(target: str) -> RedirectResponse:
    return RedirectResponse(target, status_code=303)


def _stored(kind: str, entity: BaseModel) -> dict[str, Any]:
    return model.to_table(kind, [entity]).to_pylist()[0]


def _not_found(request: Request, user: Principal, message: str) -> HTMLResponse:
    return _render(request, "not_found.html", user, status_code=404, message=message)


# --- stakeholders ----------------------------------------------------------------------------
STAKEHOLDER_FIELDS = (
    "id",
    "name",
    "group",
    "source",
    "organisation",
    "role",
    "internal",
    "is_pmo",
    "influencer",
    "influence",
    "interest",
    "stance",
)
CHECKBOXES = ("internal", "is_pmo", "influencer")


def _stakeholder_values(form: Any, *, current: dict[str, Any] | None = None) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": _text(form, "name"),
        "group": _optional(form, "group"),
        "source": _text(form, "source") or "stakeholder",
        "organisation": _optional(form, "organisation"),
        "role": _optional(form, "role"),
        "influence": _optional(form, "influence"),
        "interest": _optional(form, "interest"),
        "stance": _text(form, "stance") or "unknown",
        **{box: form.get(box) is not None for box in CHECKBOXES},
    }
    values["id"] = current["id"] if current else _text(form, "id")
    # columns the form does not show (the register's further columns) are kept as they are
    values["attributes"] = dict(current.get("attributes") or {}) if current else {}
    return values


def _stakeholder_context(service: NetworkService) -> dict[str, Any]:
    """The choices the stakeholder form offers, as (value, label) pairs."""
    return {
        "group_options": [(g["id"], g["name"]) for g in service.items("groups")],
        "source_options": [(s.value, s.value.replace("_", " ")) for s in model.Source],
        "stance_options": [(s.value, s.value) for s in model.Stance],
        "score_options": [(i, str(i)) for i in range(1, 6)],
    }


def _validate_stakeholder(values: dict[str, Any], state: FormState) -> model.Stakeholder | None:
    try:
        return model.Stakeholder.model_validate(values)
    except ValidationError as error:
        _problems(error, state)
        return None


@router.get("/stakeholders", response_class=HTMLResponse)
def people(
    request: Request,
    q: str = "",
    group: str = "",
    page: int = 1,
    add: bool = False,
    user: Principal = Depends(page_viewer),
    service: NetworkService = Depends(get_service),
) -> HTMLResponse:
    """Everyone, searchable by name or id and filterable by group; editors add people."""
    return _people_page(
        request,
        user,
        service,
        q=q,
        group=group,
        page=page,
        add_state=FormState({"source": "stakeholder", "stance": "unknown", "internal": True})
        if add
        else None,
    )


PEOPLE_PER_PAGE = 50
PMO = "(pmo)"  # the people filter's value for the PMO's own members


def _people_page(
    request: Request,
    user: Principal,
    service: NetworkService,
    *,
    q: str = "",
    group: str = "",
    page: int = 1,
    add_state: FormState | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    people = service.items("stakeholders")
    if group == PMO:
        people = [p for p in people if p["is_pmo"]]
    elif group:
        people = [p for p in people if p["group"] == group]
    if q:
        needle = q.casefold()
        people = [
            p for p in people if needle in p["name"].casefold() or needle in p["id"].casefold()
        ]
    people = sorted(people, key=lambda p: (p["name"].casefold(), p["id"]))
    pages = max(1, -(-len(people) // PEOPLE_PER_PAGE))
    page = min(max(page, 1), pages)
    shown = people[(page - 1) * PEOPLE_PER_PAGE : page * PEOPLE_PER_PAGE]
    names = {g["id"]: g["name"] for g in service.items("groups")}
    query = {k: v for k, v in (("q", q), ("group", group)) if v}
    return _render(
        request,
        "stakeholders.html",
        user,
        status_code=status_code,
        people=shown,
        total=len(people),
        everyone=service.counts().get("stakeholders", 0),
        page=page,
        pages=pages,
        q=q,
        group=group,
        group_names=names,
        first=(page - 1) * PEOPLE_PER_PAGE + 1 if shown else 0,
        page_link=lambda n: "/stakeholders?" + urlencode({**query, "page": n}),
        form=add_state,
        **_stakeholder_context(service),
    )


@router.post("/stakeholders", response_class=HTMLResponse)
async def add_stakeholder(
    request: Request,
    user: Principal = Depends(form_editor),
    service: NetworkService = Depends(get_service),
) -> Response:
    form = await request.form()
    state = FormState(_stakeholder_values(form))
    entity = _validate_stakeholder(state.values, state)
    if entity is not None:
        try:
            service.write([Create("stakeholders", _stored("stakeholders", entity))])
            return _redirect(f"/stakeholders/{quote(entity.id, safe='')}?saved=1")
        except EntityExists:
            state.add("id", f"Id: a stakeholder with id {entity.id!r} exists already")
        except InvalidChange as error:
            _change_problems(error, state)
    return _people_page(request, user, service, add_state=state, status_code=422)


@router.get("/stakeholders/{stakeholder_id}/edit", response_class=HTMLResponse)
def edit_stakeholder_form(
    request: Request,
    stakeholder_id: str,
    user: Principal = Depends(page_editor),
    service: NetworkService = Depends(get_service),
) -> HTMLResponse:
    current = service.get("stakeholders", stakeholder_id)
    if current is None:
        return _not_found(request, user, f"No stakeholder with id {stakeholder_id!r}.")
    return _render(
        request,
        "stakeholder_form.html",
        user,
        person=current,
        form=FormState(dict(current)),
        **_stakeholder_context(service),
    )


@router.post("/stakeholders/{stakeholder_id}/edit", response_class=HTMLResponse)
async def edit_stakeholder(
    request: Request,
    stakeholder_id: str,
    user: Principal = Depends(form_editor),
    service: NetworkService = Depends(get_service),
) -> Response:
    current = service.get("stakeholders", stakeholder_id)
    if current is None:
        return _not_found(request, user, f"No stakeholder with id {stakeholder_id!r}.")
    form = await request.form()
    state = FormState(_stakeholder_values(form, current=current))
    entity = _validate_stakeholder(state.values, state)
    if entity is not None:
        try:
            service.write([Replace("stakeholders", _stored("stakeholders", entity))])
            return _redirect(f"/stakeholders/{quote(stakeholder_id, safe='')}?saved=1")
        except InvalidChange as error:
            _change_problems(error, state)
    return _render(
        request,
        "stakeholder_form.html",
        user,
        status_code=422,
        person=current,
        form=state,
        **_stakeholder_context(service),
    )


# --- groups ----------------------------------------------------------------------------------
def _group_context(service: NetworkService, group_id: str) -> dict[str, Any]:
    return {
        "others": [g for g in service.items("groups") if g["id"] != group_id],
        "connection_options": [(c.value, c.value) for c in model.Connection],
    }


@router.get("/groups/{group_id}/edit", response_class=HTMLResponse)
def edit_group_form(
    request: Request,
    group_id: str,
    next: str = "/",
    user: Principal = Depends(page_editor),
    service: NetworkService = Depends(get_service),
) -> HTMLResponse:
    current = service.get("groups", group_id)
    if current is None:
        return _not_found(request, user, f"No customer group with id {group_id!r}.")
    return _render(
        request,
        "group_form.html",
        user,
        group=current,
        form=FormState(dict(current)),
        next=safe_next(next),
        **_group_context(service, group_id),
    )


@router.post("/groups/{group_id}/edit", response_class=HTMLResponse)
async def edit_group(
    request: Request,
    group_id: str,
    user: Principal = Depends(form_editor),
    service: NetworkService = Depends(get_service),
) -> Response:
    current = service.get("groups", group_id)
    if current is None:
        return _not_found(request, user, f"No customer group with id {group_id!r}.")
    form = await request.form()
    values = {
        **current,
        "desired_cadence_days": _optional(form, "desired_cadence_days"),
        "desired_connection": _optional(form, "desired_connection"),
        "desired_links": [v for v in form.getlist("desired_links") if isinstance(v, str)],
    }
    state = FormState(values)
    target = safe_next(_text(form, "next"))
    try:
        entity = model.CustomerGroup.model_validate(values)
        service.write([Replace("groups", _stored("groups", entity))])
        return _redirect(target)
    except ValidationError as error:
        _problems(error, state)
    except InvalidChange as error:
        _change_problems(error, state)
    return _render(
        request,
        "group_form.html",
        user,
        status_code=422,
        group=current,
        form=state,
        next=target,
        **_group_context(service, group_id),
    )


# --- the contact log -------------------------------------------------------------------------
def _tie_context(service: NetworkService, touchpoint_id: str) -> dict[str, Any] | None:
    tie = service.get("touchpoints", touchpoint_id)
    if tie is None:
        return None
    people = service.index("stakeholders")
    groups = {g["id"]: g["name"] for g in service.items("groups")}

    def name(sid: str | None) -> str:
        return str((people.get(sid or "") or {}).get("name") or sid or "")

    other = (
        groups.get(tie["target_group"], tie["target_group"])
        if tie.get("target_group")
        else name(tie.get("target"))
    )
    return {
        "tie": tie,
        "source_name": name(tie["source"]),
        "other_name": other,
        "history": service.contacts_of(touchpoint_id)[:50],
        "vehicle_options": [(v.value, v.value.replace("_", " ")) for v in model.Vehicle],
    }


@router.get("/contacts/log", response_class=HTMLResponse)
def contact_form(
    request: Request,
    touchpoint: str,
    next: str = "/",
    user: Principal = Depends(page_viewer),
    service: NetworkService = Depends(get_service),
) -> HTMLResponse:
    """One touchpoint: its contact log, and (editors) a form to log a contact."""
    context = _tie_context(service, touchpoint)
    if context is None:
        return _not_found(request, user, f"No touchpoint with id {touchpoint!r}.")
    return _render(
        request,
        "contact_form.html",
        user,
        next=safe_next(next),
        form=FormState({"date": dt.date.today().isoformat(), "note": ""}),
        today=dt.date.today().isoformat(),
        **context,
    )


@router.post("/contacts/log", response_class=HTMLResponse)
async def log_contact(
    request: Request,
    user: Principal = Depends(form_editor),
    service: NetworkService = Depends(get_service),
) -> Response:
    form = await request.form()
    touchpoint = _text(form, "touchpoint")
    target = safe_next(_text(form, "next"))
    context = _tie_context(service, touchpoint)
    if context is None:
        return _not_found(request, user, f"No touchpoint with id {touchpoint!r}.")
    today = dt.date.today().isoformat()
    # "We met today" is its own button: today, whatever the date field says
    values = {
        "date": today if form.get("today") else _text(form, "date") or today,
        "note": form.get("note") if isinstance(form.get("note"), str) else "",
        "vehicle": _optional(form, "vehicle"),
    }
    state = FormState(values)
    try:
        # the log's own rules: a real date between 1950 and 2200, a bounded note
        model.Contact.model_validate({"touchpoint": touchpoint, **values})
    except ValidationError as error:
        _problems(error, state)
    else:
        contact, _ = service.log_contact(
            touchpoint, {**values, "date": dt.date.fromisoformat(values["date"])}, by=user.name
        )
        joiner = "&" if "?" in target.split("#")[0] else "?"
        path, _, anchor = target.partition("#")
        return _redirect(
            f"{path}{joiner}logged={quote(contact['id'])}" + (f"#{anchor}" if anchor else "")
        )
    return _render(
        request,
        "contact_form.html",
        user,
        status_code=422,
        next=target,
        form=state,
        today=dt.date.today().isoformat(),
        **context,
    )


# --- plan actions ----------------------------------------------------------------------------
def _action(service: NetworkService, action_id: str) -> Any:
    return next((a for a in service.plan().actions if a.id == action_id), None)


@router.get("/plan/{action_id}", response_class=HTMLResponse)
def action_page(
    request: Request,
    action_id: str,
    next: str = "/plan",
    user: Principal = Depends(page_viewer),
    service: NetworkService = Depends(get_service),
) -> HTMLResponse:
    action = _action(service, action_id)
    if action is None:
        return _not_found(
            request,
            user,
            f"No plan action with id {action_id!r} (it may have "
            "been closed by a contact logged since).",
        )
    today = dt.date.today()
    return _render(
        request,
        "action.html",
        user,
        a=action,
        next=safe_next(next, "/plan"),
        today=today.isoformat(),
        form=FormState(
            {
                "status": action.status,
                "note": action.note,
                "snoozed_until": (action.snoozed_until or today + dt.timedelta(days=7)).isoformat(),
                "contact_date": today.isoformat(),
            }
        ),
    )


ACTION_FIELDS = {
    "log_contact.date": "contact_date",
    "log_contact.note": "contact_note",
    "date": "contact_date",
    "touchpoint": "log_contact",
}


@router.post("/plan/{action_id}", response_class=HTMLResponse)
async def change_action(
    request: Request,
    action_id: str,
    user: Principal = Depends(form_editor),
    service: NetworkService = Depends(get_service),
) -> Response:
    form = await request.form()
    target = safe_next(_text(form, "next"), "/plan")
    action = _action(service, action_id)
    if action is None:
        return _not_found(
            request,
            user,
            f"No plan action with id {action_id!r} (it may have "
            "been closed by a contact logged since).",
        )
    status = _text(form, "status") or "done"
    values = {
        "status": status,
        "note": _text(form, "note"),
        "snoozed_until": _optional(form, "snoozed_until") if status == "snoozed" else None,
        "log_contact": form.get("log_contact") is not None,
        "contact_date": _text(form, "contact_date") or dt.date.today().isoformat(),
        "contact_note": _text(form, "contact_note"),
    }
    state = FormState(values)
    contact: dict[str, Any] | None = None
    try:
        model.PlanActionState.model_validate(
            {"id": action_id, **{k: values[k] for k in ("status", "note", "snoozed_until")}}
        )
    except ValidationError as error:
        _problems(error, state, whole="snoozed_until")  # the one rule over the whole state
    if values["log_contact"]:
        try:
            checked = model.Contact.model_validate(
                {
                    "touchpoint": action.touchpoint or "-",
                    "date": values["contact_date"],
                    "note": values["contact_note"],
                }
            )
            contact = {"date": checked.date, "note": checked.note}
        except ValidationError as error:
            _problems(error, state, ACTION_FIELDS)
    if not state.errors:
        try:
            snooze = values["snoozed_until"]
            service.set_plan_status(
                action_id,
                status,
                by=user.name,
                note=values["note"],
                contact=contact,
                snoozed_until=dt.date.fromisoformat(snooze) if snooze else None,
            )
            return _redirect(target)
        except InvalidChange as error:
            _change_problems(error, state, ACTION_FIELDS)
        except EntityNotFound:
            return _not_found(request, user, f"No plan action with id {action_id!r}.")
    return _render(
        request,
        "action.html",
        user,
        status_code=422,
        a=action,
        next=target,
        today=dt.date.today().isoformat(),
        form=state,
    )
