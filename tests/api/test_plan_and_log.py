"""The practitioner's week through the API: log a contact, page the plan, mark an action
done (logging its contact in the same step), snooze one."""

from __future__ import annotations

import csv
import datetime as dt
import io
from urllib.parse import quote

from api_testkit import STALE_TIE, TODAY, practice_network

DOC = practice_network()
TIE = STALE_TIE


def _load(api) -> dict[str, str]:
    ed = api.as_("editor")
    assert api.client.post("/api/import", json=DOC, headers=ed).status_code == 200
    return ed


def _stale(api) -> set[str]:
    gaps = api.client.get("/api/analysis/gaps", headers=api.as_("viewer")).json()["items"]
    return {g["touchpoint"] for g in gaps if g["kind"] == "stale_touchpoint"}


def test_logging_a_contact_moves_last_contact_on_and_keeps_history(api):
    ed = _load(api)
    assert TIE in _stale(api)
    url = f"/api/touchpoints/{quote(TIE, safe='')}/contacts"
    r = api.client.post(
        url, json={"date": TODAY.isoformat(), "note": "Caught up on Q4"}, headers=ed
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["logged"] is True and body["touchpoint"]["last_contact"] == TODAY.isoformat()
    assert body["contact"]["logged_by"] == "test editor"
    assert body["contact"]["vehicle"] == "one_to_one"  # the touchpoint's, by default
    # the same contact again (a double click) keeps one entry
    again = api.client.post(
        url, json={"date": TODAY.isoformat(), "note": "Caught up on Q4"}, headers=ed
    )
    assert again.status_code == 200 and again.json()["logged"] is False
    # an older one is history: listed, last_contact stays
    old = (TODAY - dt.timedelta(days=30)).isoformat()
    assert api.client.post(url, json={"date": old}, headers=ed).status_code == 201
    log = api.client.get(url, headers=api.as_("viewer")).json()
    assert [c["date"] for c in log] == [TODAY.isoformat(), old]
    assert TIE not in _stale(api)
    # viewers read, editors write; an unknown tie is 404
    assert api.client.post(url, json={}, headers=api.as_("viewer")).status_code == 403
    assert (
        api.client.post(
            "/api/touchpoints/no%7Csuch%7Ctie/contacts", json={}, headers=ed
        ).status_code
        == 404
    )


def _plan(api, **query) -> dict:
    r = api.client.get("/api/plan", params=query, headers=api.as_("viewer"))
    assert r.status_code == 200, r.text
    return r.json()


def test_the_plan_is_complete_and_the_page_csv_and_calendar_agree(api):
    _load(api)
    plan = _plan(api, limit=1)
    assert len(plan["items"]) == 1 and plan["total"] > 1
    everything = _plan(api, limit=1000)["items"]
    assert len(everything) == plan["total"]
    assert all(a["owner"] not in a["whom"] and a["due"] for a in everything)
    rows = list(
        csv.DictReader(
            io.StringIO(api.client.get("/api/plan/file?format=csv", headers=api.as_("viewer")).text)
        )
    )
    calendar = api.client.get("/api/plan/file?format=ics", headers=api.as_("viewer")).text
    new_ties = len([r for r in rows if r["kind"] == "new_tie"])
    assert len(rows) - new_ties == plan["total"]
    assert calendar.count("BEGIN:VEVENT") == len(rows)


def test_marking_done_with_a_contact_closes_the_gap_and_leaves_this_week(api):
    ed = _load(api)
    week = (TODAY + dt.timedelta(days=6)).isoformat()
    renew = next(a for a in _plan(api, due_by=week)["items"] if a["touchpoint"] == TIE)
    assert renew["owner"] == "pam" and renew["whom"] == ["olu"] and renew["overdue_days"] > 0
    version = api.service.version
    r = api.client.patch(
        f"/api/plan/{renew['id']}",
        headers=ed,
        json={
            "status": "done",
            "note": "Met at the quarterly",
            "log_contact": {"date": TODAY.isoformat(), "note": "Quarterly review"},
        },
    )
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "done" and r.json()["due"] is None
    assert renew["id"] not in {a["id"] for a in _plan(api, due_by=week, status="open")["items"]}
    assert api.service.version == version + 1  # the contact is data: analysis moves on
    assert TIE not in _stale(api)
    log = api.client.get(f"/api/touchpoints/{quote(TIE, safe='')}/contacts", headers=ed).json()
    assert [(c["date"], c["note"]) for c in log] == [(TODAY.isoformat(), "Quarterly review")]


def test_a_status_alone_does_not_recompute_the_analysis(api):
    ed = _load(api)
    action = _plan(api)["items"][0]
    version, plan_version = api.service.version, api.service.plan_version
    later = (TODAY + dt.timedelta(days=21)).isoformat()
    r = api.client.patch(
        f"/api/plan/{action['id']}", headers=ed, json={"status": "snoozed", "snoozed_until": later}
    )
    assert r.status_code == 200 and r.json()["due"] >= later
    assert api.service.version == version and api.service.plan_version == plan_version + 1
    again = next(a for a in _plan(api, limit=1000)["items"] if a["id"] == action["id"])
    assert again["status"] == "snoozed" and again["snoozed_until"] == later


def test_bad_status_changes_are_refused_and_change_nothing(api):
    ed = _load(api)
    actions = _plan(api, limit=1000)["items"]
    action = actions[0]
    no_date = api.client.patch(f"/api/plan/{action['id']}", headers=ed, json={"status": "snoozed"})
    assert no_date.status_code == 422
    assert no_date.json()["problems"][0]["field"] == "snoozed_until"
    without_tie = next(a for a in actions if a["touchpoint"] is None)
    logged = api.client.patch(
        f"/api/plan/{without_tie['id']}",
        headers=ed,
        json={"status": "done", "log_contact": {"date": TODAY.isoformat()}},
    )
    assert logged.status_code == 422 and logged.json()["problems"][0]["field"] == "log_contact"
    assert (
        api.client.patch("/api/plan/a-nope", headers=ed, json={"status": "done"}).status_code == 404
    )
    assert (
        api.client.patch(
            f"/api/plan/{action['id']}", headers=api.as_("viewer"), json={"status": "done"}
        ).status_code
        == 403
    )
    assert {a["status"] for a in _plan(api, limit=1000)["items"]} == {"open"}
