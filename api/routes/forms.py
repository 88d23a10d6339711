"""The pages' forms: add and edit a stakeholder, log a contact with a touchpoint, edit a
group's wanted cadence and connection, mark a plan action done or snoozed.

Editors write, viewers read (viewers are shown no forms, and their posts are refused).
Every POST carries the session's form token (:mod:`graphkit.api.csrf`) and is refused
before anything changes without it. Input is held to the model's own rules
(:mod:`graphkit.model`); a refused form comes back filled in, with each problem beside
its field (status 422). A form that succeeds redirects (303) to where the editor was.
Each form has one function that renders it, for its GET and for its refused POST.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from graphkit import model
from graphkit.analysis.plan import PlanAction
from graphkit.api.csrf import FormEditor
from graphkit.api.deps import PageEditor, PageViewer, Service
from graphkit.api.rendering import NotFound, PageRoute, render, safe_next
from graphkit.api.service import NetworkService, stored_row
from graphkit.store import Create, EntityExists, EntityNotFound, InvalidChange, Replace
from graphkit.tokens import Principal

router = APIRouter(include_in_schema=False, route_class=PageRoute)

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


@dataclass
class FormState:
    """What a form shows: its values, and the problems found, by field ("" for the form)."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def refused(self, name: str, message: str) -> None:
        """A problem beside its field, naming the field as the form labels it."""
        self.add(name, f"{LABELS.get(name, name)}: {message}" if name else message)

    def invalid(
        self, error: ValidationError, fields: dict[str, str] | None = None, whole: str = ""
    ) -> None:
        """Pydantic's errors beside their fields (a rule over the whole entity goes beside
        ``whole``); ``fields`` renames the model's fields to the form's."""
        for e in error.errors():
            loc = [str(p) for p in e.get("loc", ())]
            name = (fields or {}).get(loc[0], loc[0]) if loc else whole
            self.refused(name, str(e.get("msg", "invalid")).removeprefix("Value error, "))

    def refused_by_store(self, error: InvalidChange, fields: dict[str, str] | None = None) -> None:
        """The store's refusal, each problem beside its field."""
        for p in error.problems:
            name = str(p.get("field") or "")
            self.refused((fields or {}).get(name, name), str(p.get("message")))


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _optional(form: FormData, name: str) -> str | None:
    return _text(form, name) or None


def _redirect(target: str) -> RedirectResponse:
    return RedirectResponse(target, status_code=303)


_NOUNS = {"groups": "customer group", "stakeholders": "stakeholder", "touchpoints": "touchpoint"}


def _existing(
    service: NetworkService, kind: str, entity_id: str, user: Principal
) -> dict[str, Any]:
    found = service.get(kind, entity_id)
    if found is None:
        raise NotFound(user, f"No {_NOUNS[kind]} with id {entity_id!r}.")
    return found


# --- stakeholders ----------------------------------------------------------------------------
#: the stakeholder's yes/no fields, shown as checkboxes (absent from a posted form: no)
CHECKBOXES = tuple(
    name for name, info in model.Stakeholder.model_fields.items() if info.annotation is bool
)
PEOPLE_PER_PAGE = 50
PMO = "(pmo)"  # the people filter's value for the PMO's own members


def _stakeholder_values(form: FormData, *, current: dict[str, Any] | None = None) -> dict[str, Any]:
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


def _stakeholder_choices(service: NetworkService) -> dict[str, Any]:
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
        state.invalid(error)
        return None


@dataclass
class PeopleFilter:
    """Which people the list shows (query parameters): text in the name or id, a group
    (or the PMO), the page."""

    q: str = ""
    group: str = ""
    page: int = 1

    def of(self, people: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The people it lets through, by name."""
        if self.group == PMO:
            people = [p for p in people if p["is_pmo"]]
        elif self.group:
            people = [p for p in people if p["group"] == self.group]
        if self.q:
            needle = self.q.casefold()
            people = [
                p for p in people if needle in p["name"].casefold() or needle in p["id"].casefold()
            ]
        return sorted(people, key=lambda p: (p["name"].casefold(), p["id"]))


@router.get("/stakeholders", response_class=HTMLResponse)
def people(
    request: Request,
    user: PageViewer,
    service: Service,
    shown: Annotated[PeopleFilter, Depends()],
    add: bool = False,
) -> HTMLResponse:
    """Everyone, searchable by name or id and filterable by group; editors add people."""
    adding = FormState({"source": "stakeholder", "stance": "unknown", "internal": True})
    return _people_page(request, user, service, shown, adding if add else None)


def _people_page(
    request: Request,
    user: Principal,
    service: NetworkService,
    shown: PeopleFilter,
    add_state: FormState | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    people = shown.of(service.items("stakeholders"))
    pages = max(1, -(-len(people) // PEOPLE_PER_PAGE))
    page = min(max(shown.page, 1), pages)
    on_page = people[(page - 1) * PEOPLE_PER_PAGE : page * PEOPLE_PER_PAGE]
    names = {g["id"]: g["name"] for g in service.items("groups")}
    query = {k: v for k, v in (("q", shown.q), ("group", shown.group)) if v}
    return render(
        request,
        "stakeholders.html",
        user,
        status_code=status_code,
        people=on_page,
        total=len(people),
        everyone=service.counts().get("stakeholders", 0),
        page=page,
        pages=pages,
        q=shown.q,
        group=shown.group,
        group_names=names,
        first=(page - 1) * PEOPLE_PER_PAGE + 1 if on_page else 0,
        page_link=lambda n: "/stakeholders?" + urlencode({**query, "page": n}),
        form=add_state,
        **_stakeholder_choices(service),
    )


@router.post("/stakeholders", response_class=HTMLResponse)
async def add_stakeholder(request: Request, user: FormEditor, service: Service) -> Response:
    state = FormState(_stakeholder_values(await request.form()))
    entity = _validate_stakeholder(state.values, state)
    if entity is not None:
        try:
            service.write([Create("stakeholders", stored_row("stakeholders", entity))])
            return _redirect(f"/stakeholders/{quote(entity.id, safe='')}?saved=1")
        except EntityExists:
            state.add("id", f"Id: a stakeholder with id {entity.id!r} exists already")
        except InvalidChange as error:
            state.refused_by_store(error)
    return _people_page(request, user, service, PeopleFilter(), state, 422)


def _stakeholder_form(
    request: Request,
    user: Principal,
    service: NetworkService,
    person: dict[str, Any],
    form: FormState,
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "stakeholder_form.html",
        user,
        status_code,
        person=person,
        form=form,
        **_stakeholder_choices(service),
    )


@router.get("/stakeholders/{stakeholder_id}/edit", response_class=HTMLResponse)
def edit_stakeholder_form(
    request: Request, stakeholder_id: str, user: PageEditor, service: Service
) -> HTMLResponse:
    current = _existing(service, "stakeholders", stakeholder_id, user)
    return _stakeholder_form(request, user, service, current, FormState(dict(current)))


@router.post("/stakeholders/{stakeholder_id}/edit", response_class=HTMLResponse)
async def edit_stakeholder(
    request: Request, stakeholder_id: str, user: FormEditor, service: Service
) -> Response:
    current = _existing(service, "stakeholders", stakeholder_id, user)
    state = FormState(_stakeholder_values(await request.form(), current=current))
    entity = _validate_stakeholder(state.values, state)
    if entity is not None:
        try:
            service.write([Replace("stakeholders", stored_row("stakeholders", entity))])
            return _redirect(f"/stakeholders/{quote(stakeholder_id, safe='')}?saved=1")
        except InvalidChange as error:
            state.refused_by_store(error)
    return _stakeholder_form(request, user, service, current, state, 422)


# --- groups ----------------------------------------------------------------------------------
def _group_form(
    request: Request,
    user: Principal,
    service: NetworkService,
    group: dict[str, Any],
    form: FormState,
    next: str,
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "group_form.html",
        user,
        status_code,
        group=group,
        form=form,
        next=next,
        others=[g for g in service.items("groups") if g["id"] != group["id"]],
        connection_options=[(c.value, c.value) for c in model.Connection],
    )


@router.get("/groups/{group_id}/edit", response_class=HTMLResponse)
def edit_group_form(
    request: Request, group_id: str, user: PageEditor, service: Service, next: str = "/"
) -> HTMLResponse:
    current = _existing(service, "groups", group_id, user)
    return _group_form(request, user, service, current, FormState(dict(current)), safe_next(next))


@router.post("/groups/{group_id}/edit", response_class=HTMLResponse)
async def edit_group(
    request: Request, group_id: str, user: FormEditor, service: Service
) -> Response:
    current = _existing(service, "groups", group_id, user)
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
        service.write([Replace("groups", stored_row("groups", entity))])
        return _redirect(target)
    except ValidationError as error:
        state.invalid(error)
    except InvalidChange as error:
        state.refused_by_store(error)
    return _group_form(request, user, service, current, state, target, 422)


# --- the contact log -------------------------------------------------------------------------
def _contact_form(
    request: Request,
    user: Principal,
    service: NetworkService,
    touchpoint_id: str,
    form: FormState,
    next: str,
    status_code: int = 200,
) -> HTMLResponse:
    """One touchpoint: its contact log, and (editors) the form to log a contact."""
    tie = _existing(service, "touchpoints", touchpoint_id, user)
    people = service.index("stakeholders")
    groups = {g["id"]: g["name"] for g in service.items("groups")}

    def name(sid: str | None) -> str:
        return str((people.get(sid or "") or {}).get("name") or sid or "")

    other = (
        groups.get(tie["target_group"], tie["target_group"])
        if tie.get("target_group")
        else name(tie.get("target"))
    )
    return render(
        request,
        "contact_form.html",
        user,
        status_code,
        next=next,
        form=form,
        today=dt.date.today().isoformat(),
        tie=tie,
        source_name=name(tie["source"]),
        other_name=other,
        history=service.contacts_of(touchpoint_id)[:50],
        vehicle_options=[(v.value, v.value.replace("_", " ")) for v in model.Vehicle],
    )


@router.get("/contacts/log", response_class=HTMLResponse)
def contact_form(
    request: Request, touchpoint: str, user: PageViewer, service: Service, next: str = "/"
) -> HTMLResponse:
    blank = FormState({"date": dt.date.today().isoformat(), "note": ""})
    return _contact_form(request, user, service, touchpoint, blank, safe_next(next))


@router.post("/contacts/log", response_class=HTMLResponse)
async def log_contact(request: Request, user: FormEditor, service: Service) -> Response:
    form = await request.form()
    touchpoint = _text(form, "touchpoint")
    target = safe_next(_text(form, "next"))
    _existing(service, "touchpoints", touchpoint, user)
    today = dt.date.today().isoformat()
    # "We met today" is its own button: today, whatever the date field says
    day = today if form.get("today") else _text(form, "date") or today
    note = form.get("note")
    values = {
        "date": day,
        "note": note if isinstance(note, str) else "",
        "vehicle": _optional(form, "vehicle"),
    }
    state = FormState(values)
    try:
        # the log's own rules: a real date between 1950 and 2200, a bounded note
        model.Contact.model_validate({"touchpoint": touchpoint, **values})
    except ValidationError as error:
        state.invalid(error)
    else:
        contact, _ = service.log_contact(
            touchpoint, {**values, "date": dt.date.fromisoformat(day)}, by=user.name
        )
        joiner = "&" if "?" in target.split("#")[0] else "?"
        path, _, anchor = target.partition("#")
        return _redirect(
            f"{path}{joiner}logged={quote(contact['id'])}" + (f"#{anchor}" if anchor else "")
        )
    return _contact_form(request, user, service, touchpoint, state, target, 422)


# --- plan actions ----------------------------------------------------------------------------
ACTION_FIELDS = {
    "log_contact.date": "contact_date",
    "log_contact.note": "contact_note",
    "date": "contact_date",
    "touchpoint": "log_contact",
}


def _action(service: NetworkService, action_id: str, user: Principal) -> PlanAction:
    found = next((a for a in service.plan().actions if a.id == action_id), None)
    if found is None:
        raise NotFound(
            user,
            f"No plan action with id {action_id!r} (it may have "
            "been closed by a contact logged since).",
        )
    return found


def _action_form(
    request: Request,
    user: Principal,
    action: PlanAction,
    form: FormState,
    next: str,
    status_code: int = 200,
) -> HTMLResponse:
    today = dt.date.today().isoformat()
    return render(
        request, "action.html", user, status_code, a=action, next=next, today=today, form=form
    )


@router.get("/plan/{action_id}", response_class=HTMLResponse)
def action_page(
    request: Request, action_id: str, user: PageViewer, service: Service, next: str = "/plan"
) -> HTMLResponse:
    action = _action(service, action_id, user)
    today = dt.date.today()
    shown = FormState(
        {
            "status": action.status,
            "note": action.note,
            "snoozed_until": (action.snoozed_until or today + dt.timedelta(days=7)).isoformat(),
            "contact_date": today.isoformat(),
        }
    )
    return _action_form(request, user, action, shown, safe_next(next, "/plan"))


@router.post("/plan/{action_id}", response_class=HTMLResponse)
async def change_action(
    request: Request, action_id: str, user: FormEditor, service: Service
) -> Response:
    form = await request.form()
    target = safe_next(_text(form, "next"), "/plan")
    action = _action(service, action_id, user)
    status = _text(form, "status") or "done"
    snooze = _optional(form, "snoozed_until") if status == "snoozed" else None
    logging = form.get("log_contact") is not None
    values = {
        "status": status,
        "note": _text(form, "note"),
        "snoozed_until": snooze,
        "log_contact": logging,
        "contact_date": _text(form, "contact_date") or dt.date.today().isoformat(),
        "contact_note": _text(form, "contact_note"),
    }
    state = FormState(values)
    contact: dict[str, Any] | None = None
    try:
        model.PlanActionState.model_validate(
            {"id": action_id, "status": status, "note": values["note"], "snoozed_until": snooze}
        )
    except ValidationError as error:
        state.invalid(error, whole="snoozed_until")  # the one rule over the whole state
    if logging:
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
            state.invalid(error, ACTION_FIELDS)
    if not state.errors:
        try:
            service.set_plan_status(
                action_id,
                status,
                by=user.name,
                note=_text(form, "note"),
                contact=contact,
                snoozed_until=dt.date.fromisoformat(snooze) if snooze else None,
            )
            return _redirect(target)
        except InvalidChange as error:
            state.refused_by_store(error, ACTION_FIELDS)
        except EntityNotFound:
            raise NotFound(user, f"No plan action with id {action_id!r}.") from None
    return _action_form(request, user, action, state, target, 422)
