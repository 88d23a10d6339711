"""The pages' forms: editors write through them, viewers see none; each POST needs its
session's form token and is refused without it (or with another session's), changing
nothing; bad input comes back with the problem beside its field, changing nothing."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from api_testkit import STALE_TIE, TODAY, practice_network

# the practice network, with a second group, a critic in it, and a register column of Ola's
DOC = practice_network()
DOC["groups"].append({"id": "fin", "name": "Finance"})
DOC["stakeholders"][2]["attributes"] = {"desk": "3F"}
DOC["stakeholders"].append({"id": "fay", "name": "Fay Fin", "group": "fin", "stance": "critic"})
TIE = STALE_TIE
TOKEN_FIELD = re.compile(r'name="csrf" value="([^"]*)"')


def _state(api) -> str:
    """Everything a form could change: the whole document with its contact log, and the
    plan's statuses."""
    v = api.as_("admin")
    doc = api.client.get("/api/export?format=json", headers=v).json()
    plan = api.client.get("/api/plan?limit=1000&status=open", headers=v).json()["total"]
    return json.dumps([doc, plan], sort_keys=True)


def _login(api, role: str) -> str:
    """A browser session of ``role`` (through the login form); returns its cookie."""
    secret = api.headers[role]["Authorization"].split()[1]
    r = api.client.post("/login", data={"token": secret, "next": "/"}, follow_redirects=False)
    assert r.status_code == 303
    sid = r.cookies.get("gk_session")
    assert sid
    api.client.cookies.clear()
    return str(sid)


def _as(api, sid: str | None) -> None:
    api.client.cookies.clear()
    if sid:
        api.client.cookies.set("gk_session", sid)


def _token(api, sid: str, page: str) -> str:
    _as(api, sid)
    r = api.client.get(page)
    assert r.status_code == 200, r.text[:300]
    found = TOKEN_FIELD.search(r.text)
    assert found and found.group(1), f"no form token on {page}"
    return found.group(1)


@pytest.fixture
def loaded(api):
    assert api.client.post("/api/import", json=DOC, headers=api.as_("editor")).status_code == 200
    return api


def _first_action(api, **query: str) -> dict:
    items = api.client.get(
        "/api/plan", params={"limit": 1000, **query}, headers=api.as_("viewer")
    ).json()["items"]
    return items[0]


@dataclass
class FormCase:
    page: str  # where the form is shown
    post: str
    data: Callable[[object], dict[str, str]]
    changed: Callable[[object], bool]


def _renew_action(api) -> dict:
    return next(
        a
        for a in api.client.get("/api/plan?limit=1000", headers=api.as_("viewer")).json()["items"]
        if a["touchpoint"] == TIE
    )


CASES = {
    "add a stakeholder": FormCase(
        "/stakeholders?add=1",
        "/stakeholders",
        lambda api: {
            "id": "nia",
            "name": "Nia New",
            "group": "fin",
            "source": "sponsor",
            "stance": "supporter",
            "influence": "3",
            "internal": "1",
        },
        lambda api: (
            api.client.get("/api/stakeholders/nia", headers=api.as_("viewer")).status_code == 200
        ),
    ),
    "edit a stakeholder": FormCase(
        "/stakeholders/ola/edit",
        "/stakeholders/ola/edit",
        lambda api: {
            "name": "Ola Okafor",
            "group": "ops",
            "source": "stakeholder",
            "stance": "champion",
            "influence": "5",
            "interest": "",
            "internal": "1",
        },
        lambda api: (
            api.client.get("/api/stakeholders/ola", headers=api.as_("viewer")).json()["stance"]
            == "champion"
        ),
    ),
    "log a contact": FormCase(
        "/stakeholders/olu",
        "/contacts/log",
        lambda api: {"touchpoint": TIE, "today": "1", "next": "/stakeholders/olu#ties"},
        lambda api: (
            len(
                api.client.get(
                    f"/api/touchpoints/{quote(TIE, safe='')}/contacts", headers=api.as_("viewer")
                ).json()
            )
            == 1
        ),
    ),
    "edit a group": FormCase(
        "/groups/fin/edit",
        "/groups/fin/edit",
        lambda api: {
            "desired_cadence_days": "21",
            "desired_connection": "strategic",
            "desired_links": "ops",
            "next": "/",
        },
        lambda api: (
            api.client.get("/api/groups/fin", headers=api.as_("viewer")).json()[
                "desired_cadence_days"
            ]
            == 21
        ),
    ),
    "mark an action done": FormCase(
        "/plan",
        "/plan/{action}",
        lambda api: {"status": "done", "next": "/plan"},
        lambda api: (
            api.client.get("/api/plan?status=done", headers=api.as_("viewer")).json()["total"] == 1
        ),
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_form_needs_its_sessions_token(loaded, case):
    api = loaded
    form = CASES[case]
    alice, bob = _login(api, "editor"), _login(api, "editor")
    assert alice != bob
    post = form.post.format(action=quote(_renew_action(api)["id"]))
    data = form.data(api)
    before = _state(api)
    bobs = _token(api, bob, form.page)
    alices = _token(api, alice, form.page)
    assert alices != bobs
    for sent in (None, "", bobs, alices[:-1] + ("0" if alices[-1] != "0" else "1")):
        _as(api, alice)
        body = dict(data) if sent is None else {**data, "csrf": sent}
        r = api.client.post(post, data=body, follow_redirects=False)
        assert r.status_code == 403, (sent, r.status_code)
        assert "not accepted" in r.text
        assert _state(api) == before, f"a refused form changed something ({sent!r})"
    assert not form.changed(api)
    _as(api, alice)
    r = api.client.post(post, data={**data, "csrf": alices}, follow_redirects=False)
    assert r.status_code == 303, r.text[:500]
    assert r.headers["location"].startswith("/")
    assert form.changed(api)
    assert _state(api) != before


def test_a_bearer_token_needs_no_form_token(loaded):
    """A page on another site cannot make the browser send an Authorization header."""
    api = loaded
    api.client.cookies.clear()
    r = api.client.post(
        "/groups/fin/edit",
        data={"desired_cadence_days": "9"},
        headers=api.as_("editor"),
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert (
        api.client.get("/api/groups/fin", headers=api.as_("viewer")).json()["desired_cadence_days"]
        == 9
    )


PAGES_WITH_FORMS = [
    "/",
    "/plan",
    "/gaps",
    "/stakeholders",
    "/stakeholders/olu",
    "/stakeholders/pam",
    f"/contacts/log?touchpoint={quote(TIE, safe='')}",
]


EDIT_LINKS = [
    re.compile(r'href="([^"]*/edit[^"]*)"'),
    re.compile(r'href="(/contacts/log\?[^"]*)"[^>]*>Log a contact'),
    re.compile(r'href="(/stakeholders\?add=1[^"]*)"'),
]


def _affordances(html: str) -> set[str]:
    """Forms that write, and links to them."""
    posts = set(re.findall(r'<form method="post" action="([^"]+)"', html)) - {"/logout"}
    return posts.union(*(pattern.findall(html) for pattern in EDIT_LINKS))


@pytest.mark.parametrize("page", PAGES_WITH_FORMS)
def test_viewers_see_no_forms_and_editors_do(loaded, page):
    api = loaded
    _as(api, _login(api, "viewer"))
    html = api.client.get(page).text
    assert re.findall(r'<form method="post" action="([^"]+)"', html) == ["/logout"]
    assert not _affordances(html) and "csrf" not in html
    _as(api, _login(api, "editor"))
    assert _affordances(api.client.get(page).text)


def test_viewers_are_refused_even_with_a_token(loaded):
    api = loaded
    viewer = _login(api, "viewer")
    editor = _login(api, "editor")
    token = _token(api, editor, "/stakeholders/olu")
    before = _state(api)
    _as(api, viewer)
    for path, data in (
        ("/contacts/log", {"touchpoint": TIE}),
        ("/groups/fin/edit", {"desired_cadence_days": "3"}),
        ("/stakeholders", {"id": "x", "name": "X"}),
    ):
        r = api.client.post(path, data={**data, "csrf": token}, follow_redirects=False)
        assert r.status_code == 403, path
    assert _state(api) == before
    api.client.cookies.clear()
    r = api.client.post("/contacts/log", data={"touchpoint": TIE}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert _state(api) == before


def _errors(html: str) -> dict[str, str]:
    """The problems shown beside fields: field name → message."""
    return dict(
        re.findall(r'<p class="field-error" id="[^"]+" data-field="([^"]+)">([^<]+)</p>', html)
    )


def _editor(api) -> str:
    sid = _login(api, "editor")
    _as(api, sid)
    return sid


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"id": "nia", "name": "Nia", "influence": "9"}, "influence", ["Influence", "5"]),
        ({"id": "nia", "name": "", "influence": "2"}, "name", ["Name"]),
        ({"id": "", "name": "Nia"}, "id", ["Id"]),
        ({"id": "olu", "name": "Another Olu"}, "id", ["Id", "exists"]),
        ({"id": "nia", "name": "Nia", "stance": "grumpy"}, "stance", ["Stance"]),
        ({"id": "nia", "name": "Nia\x00"}, "name", ["Name", "control"]),
    ],
)
def test_adding_a_stakeholder_shows_problems_beside_their_fields(loaded, data, field, words):
    api = loaded
    sid = _editor(api)
    token = _token(api, sid, "/stakeholders?add=1")
    before = _state(api)
    r = api.client.post("/stakeholders", data={"source": "stakeholder", **data, "csrf": token})
    assert r.status_code == 422
    errors = _errors(r.text)
    assert field in errors, errors
    assert all(w in errors[field] for w in words), errors[field]
    assert f'id="f-{field}"' in r.text and 'aria-invalid="true"' in r.text
    assert f'value="{data["id"]}"' in r.text  # the form comes back filled in
    assert _state(api) == before


def test_editing_keeps_what_the_form_does_not_show(loaded):
    api = loaded
    sid = _editor(api)
    token = _token(api, sid, "/stakeholders/ola/edit")
    r = api.client.post(
        "/stakeholders/ola/edit",
        data={
            "csrf": token,
            "name": "Ola Okafor",
            "group": "fin",
            "source": "sponsor",
            "stance": "supporter",
            "influence": "3",
            "interest": "4",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/stakeholders/ola?saved=1"
    ola = api.client.get("/api/stakeholders/ola", headers=api.as_("viewer")).json()
    assert (
        ola["name"],
        ola["group"],
        ola["source"],
        ola["stance"],
        ola["influence"],
        ola["interest"],
        ola["internal"],
        ola["attributes"],
    ) == ("Ola Okafor", "fin", "sponsor", "supporter", 3, 4, False, {"desk": "3F"})


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"desired_cadence_days": "0"}, "desired_cadence_days", ["cadence", "1"]),
        ({"desired_cadence_days": "weekly"}, "desired_cadence_days", ["cadence", "integer"]),
        ({"desired_connection": "telepathic"}, "desired_connection", ["connection"]),
    ],
)
def test_a_groups_bad_cadence_or_connection_is_refused_beside_the_field(loaded, data, field, words):
    api = loaded
    sid = _editor(api)
    token = _token(api, sid, "/groups/ops/edit")
    before = _state(api)
    r = api.client.post("/groups/ops/edit", data={**data, "csrf": token})
    assert r.status_code == 422
    errors = _errors(r.text)
    assert field in errors and all(w in errors[field] for w in words), errors
    assert _state(api) == before


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"date": "1900-01-01"}, "date"),
        ({"date": "not a date"}, "date"),
        ({"date": TODAY.isoformat(), "note": "x" * 2001}, "note"),
        ({"date": TODAY.isoformat(), "vehicle": "pigeon"}, "vehicle"),
    ],
)
def test_a_bad_contact_is_refused_beside_the_field(loaded, data, field):
    api = loaded
    sid = _editor(api)
    token = _token(api, sid, "/stakeholders/olu")
    before = _state(api)
    r = api.client.post("/contacts/log", data={"touchpoint": TIE, "csrf": token, **data})
    assert r.status_code == 422
    errors = _errors(r.text)
    assert field in errors, errors
    assert (
        errors[field]
        .lower()
        .startswith({"date": "date", "note": "note", "vehicle": "vehicle"}[field])
    )
    assert _state(api) == before


def test_logging_a_contact_from_the_persons_page(loaded):
    api = loaded
    _editor(api)
    page = api.client.get("/stakeholders/olu").text
    row = re.search(r'<tr data-touchpoint="' + re.escape(TIE) + r'"[^>]*>', page).group(0)
    assert "data-stale" in row  # 120 days since a fortnightly one-to-one
    token = TOKEN_FIELD.search(page).group(1)
    day = (TODAY - dt.timedelta(days=2)).isoformat()
    r = api.client.post(
        "/contacts/log",
        data={
            "csrf": token,
            "touchpoint": TIE,
            "date": day,
            "note": "Coffee after the review",
            "next": "/stakeholders/olu#ties",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert r.headers["location"].startswith("/stakeholders/olu?logged=c-")
    assert r.headers["location"].endswith("#ties")
    page = api.client.get(r.headers["location"]).text
    assert "Logged a contact with Pam PMO on " + day in page
    row = re.search(r'<tr data-touchpoint="' + re.escape(TIE) + r'"[^>]*>', page).group(0)
    assert "data-stale" not in row
    history = re.search(r'<table class="stack" id="contact-history".*?</table>', page, re.S)
    assert "Coffee after the review" in history.group(0) and day in history.group(0)
    log = api.client.get(
        f"/api/touchpoints/{quote(TIE, safe='')}/contacts", headers=api.as_("viewer")
    ).json()
    assert [(c["date"], c["note"], c["logged_by"]) for c in log] == [
        (day, "Coffee after the review", "test editor")
    ]


def test_snoozing_needs_a_date_and_a_contact_needs_a_touchpoint(loaded):
    api = loaded
    sid = _editor(api)
    renew = _renew_action(api)
    critic = next(
        a
        for a in api.client.get("/api/plan?limit=1000", headers=api.as_("viewer")).json()["items"]
        if a["touchpoint"] is None
    )
    token = _token(api, sid, f"/plan/{renew['id']}")
    before = _state(api)
    r = api.client.post(f"/plan/{renew['id']}", data={"csrf": token, "status": "snoozed"})
    assert r.status_code == 422 and "snoozed_until" in _errors(r.text)
    assert "Snooze until" in _errors(r.text)["snoozed_until"]
    r = api.client.post(
        f"/plan/{critic['id']}", data={"csrf": token, "status": "done", "log_contact": "1"}
    )
    assert r.status_code == 422 and "log_contact" in _errors(r.text)
    r = api.client.post(
        f"/plan/{renew['id']}",
        data={"csrf": token, "status": "done", "log_contact": "1", "contact_date": "1800-01-01"},
    )
    assert r.status_code == 422 and "contact_date" in _errors(r.text)
    assert _state(api) == before
    later = (TODAY + dt.timedelta(days=10)).isoformat()
    r = api.client.post(
        f"/plan/{renew['id']}",
        data={"csrf": token, "status": "snoozed", "snoozed_until": later, "next": "/plan"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/plan"
    again = next(
        a
        for a in api.client.get("/api/plan?limit=1000", headers=api.as_("viewer")).json()["items"]
        if a["id"] == renew["id"]
    )
    assert (again["status"], again["snoozed_until"]) == ("snoozed", later)
    assert again["due"] >= later


def test_done_and_met_today_closes_the_stale_tie(loaded):
    api = loaded
    _editor(api)
    renew = _renew_action(api)
    page = api.client.get("/").text
    token = TOKEN_FIELD.search(page).group(1)
    r = api.client.post(
        f"/plan/{renew['id']}",
        data={"csrf": token, "status": "done", "log_contact": "1", "next": "/#week"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/#week"
    log = api.client.get(
        f"/api/touchpoints/{quote(TIE, safe='')}/contacts", headers=api.as_("viewer")
    ).json()
    assert [c["date"] for c in log] == [TODAY.isoformat()]
    gaps = api.client.get("/api/analysis/gaps", headers=api.as_("viewer")).json()["items"]
    assert TIE not in {g.get("touchpoint") for g in gaps}


def test_a_refused_form_is_a_page_not_json(loaded):
    api = loaded
    _editor(api)
    r = api.client.post("/groups/ops/edit", data={"desired_cadence_days": "5"})
    assert r.status_code == 403 and r.headers["content-type"].startswith("text/html")
