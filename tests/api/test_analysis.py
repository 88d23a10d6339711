"""Analysis over HTTP: the report, its parts, as_of, and the cache per data version."""

from __future__ import annotations

import datetime as dt

import graphkit.api.service as service_module
from graphkit.analysis.report import PARTS
from graphkit.model import CENTRALITY_MEASURES


def test_report_has_every_part(demo_api):
    r = demo_api.client.get("/api/analysis", headers=demo_api.as_("viewer"))
    assert r.status_code == 200
    report = r.json()
    assert set(PARTS) <= set(report)
    row = report["centrality"][0]
    assert {"id", "name", "group", *CENTRALITY_MEASURES} <= set(row)
    assert report["network"]["stakeholders"] == len(report["centrality"])


def test_parts_match_the_full_report(demo_api):
    v = demo_api.as_("viewer")
    full = demo_api.client.get("/api/analysis", headers=v).json()
    for part in ("centrality", "plan", "communities", "reach"):
        assert demo_api.client.get(f"/api/analysis/{part}", headers=v).json() == full[part]
    gaps = demo_api.client.get("/api/analysis/gaps", headers=v).json()
    assert gaps["items"] == full["gaps"]
    assert gaps["summary"]["total"] == full["gap_summary"]["total"]


def test_as_of_moves_staleness(demo_api):
    v = demo_api.as_("viewer")
    later = demo_api.client.get("/api/analysis/gaps?as_of=2100-01-01", headers=v).json()
    earlier = demo_api.client.get("/api/analysis/gaps?as_of=1990-01-01", headers=v).json()
    assert (
        later["summary"]["by_kind"]["stale_touchpoint"]
        > earlier["summary"]["by_kind"]["stale_touchpoint"]
    )
    opts = demo_api.client.get("/api/analysis?as_of=2030-05-06", headers=v).json()["options"]
    assert opts["as_of"] == "2030-05-06"
    assert demo_api.client.get("/api/analysis?as_of=yesterday", headers=v).status_code == 422


def test_plan_downloads(demo_api):
    v = demo_api.as_("viewer")
    csv = demo_api.client.get("/api/analysis/plan?format=csv", headers=v)
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.text.splitlines()[0].startswith("rank,")
    ics = demo_api.client.get("/api/analysis/plan?format=ics", headers=v)
    assert ics.text.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in ics.text


def test_ego_lists_two_steps(demo_api):
    v = demo_api.as_("viewer")
    pmo = demo_api.client.get("/api/stakeholders?is_pmo=true&limit=1", headers=v).json()
    sid = pmo["items"][0]["id"]
    ego = demo_api.client.get(f"/api/stakeholders/{sid}/ego", headers=v).json()
    assert ego["center"] == sid and ego["nodes"][0]["id"] == sid
    assert {n["distance"] for n in ego["nodes"]} <= {0, 1, 2}
    assert ego["metrics"]["id"] == sid
    one = demo_api.client.get(f"/api/stakeholders/{sid}/ego?depth=1", headers=v).json()
    assert len(one["nodes"]) < len(ego["nodes"])
    ids = {n["id"] for n in ego["nodes"]}
    assert all(t["source"] in ids and t["target"] in ids for t in ego["touchpoints"])
    assert demo_api.client.get("/api/stakeholders/ghost/ego", headers=v).status_code == 404


def test_analysis_is_cached_until_a_write(api, monkeypatch):
    from graphkit.analysis import report as report_module

    built = []
    real = report_module.Analysis

    class Counting(real):  # counts analysis runs; the store underneath is the real one
        def __init__(self, *args, **kwargs):
            built.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(report_module, "Analysis", Counting)
    ed, v = api.as_("editor"), api.as_("viewer")
    api.client.post("/api/stakeholders", json={"id": "p", "name": "P", "is_pmo": True}, headers=ed)
    api.client.post("/api/stakeholders", json={"id": "q", "name": "Q"}, headers=ed)
    first = api.client.get("/api/analysis/gaps", headers=v).json()
    api.client.get("/api/analysis", headers=v)
    api.client.get("/api/analysis/centrality", headers=v)
    assert len(built) == 1
    assert any(g["kind"] == "isolated_stakeholder" for g in first["items"])
    api.client.post("/api/touchpoints", json={"source": "p", "target": "q"}, headers=ed)
    after = api.client.get("/api/analysis/gaps", headers=v).json()
    assert len(built) == 2
    assert after != first
    assert service_module.NetworkService  # the cache lives in the service
    assert (
        dt.date.today().isoformat()
        == api.client.get("/api/analysis/plan", headers=v).json()["as_of"]
    )
