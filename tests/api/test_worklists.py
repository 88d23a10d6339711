"""The dashboard, gaps, plan and briefing pages against expectations computed here: on the
known network (``map_network``) by hand and with NetworkX, on the demo from the JSON API
with filters applied in the test."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import map_network as known
import networkx as nx
import pytest
from api_testkit import settings_for
from conftest import Api, _make_tokens
from fastapi.testclient import TestClient

from graphkit.api.main import create_app
from graphkit.store import open_store

TODAY = dt.date.today()
WEEK_END = TODAY + dt.timedelta(days=6)


@pytest.fixture(scope="module")
def known_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    store = tmp_path_factory.mktemp("known") / "net.lbug"
    with open_store(str(store), settings_for(store)) as s:
        s.apply(known.change())
    settings = settings_for(store)
    headers = _make_tokens(settings)
    with TestClient(create_app(settings)) as client:
        yield Api(client, settings, headers)


def _rows(html: str, table: str) -> list[str]:
    body = re.search(rf'<table[^>]*id="{table}".*?<tbody>(.*?)</tbody>', html, re.S)
    assert body, f"no table {table}"
    return re.findall(r"<tr[^>]*>.*?</tr>", body.group(1), re.S)


def _attr(row: str, name: str) -> str | None:
    found = re.search(rf'{name}="([^"]*)"', row)
    return unescape(found.group(1)) if found else None


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


# --- the dashboard on the known network ----------------------------------------------------
def _known_graph() -> nx.Graph:
    """Personal ties folded as DESIGN section 3 says: weight Σ 30 / cadence (strength 1),
    distance 1 / weight."""
    g = nx.Graph()
    g.add_nodes_from(known.EVERYONE)
    for _, s, t, _, cadence, _ in known.TOUCHPOINTS:
        w = g.edges[s, t]["weight"] if g.has_edge(s, t) else 0.0
        g.add_edge(s, t, weight=w + 30 / cadence)
    for _, _, d in g.edges(data=True):
        d["distance"] = 1 / d["weight"]
    return g


def test_dashboard_coverage_equals_networkx_reach(known_api):
    html = known_api.client.get("/", headers=known_api.as_("viewer")).text
    steps = nx.multi_source_dijkstra_path_length(_known_graph(), known.PMO, weight=None)
    group_of = {p[0]: p[2] for p in known.PEOPLE}
    expected = {}
    for gid in {g["id"] for g in known.GROUPS}:
        members = [p for p, g in group_of.items() if g == gid and p not in known.PMO]
        expected[gid] = (
            len(members),
            sum(steps.get(p, 99) == 1 for p in members),
            sum(steps.get(p, 99) <= 2 for p in members),
        )
    shown = {}
    for row in _rows(html, "coverage-table"):
        if _attr(row, "data-group"):
            members, one, two = (
                int(x) for x in re.findall(r'data-(?:members|reached)="(\d+)"', row)
            )
            shown[_attr(row, "data-group")] = (members, one, two)
    assert shown == expected
    # every group has a PMO contact today except by hand: ext's is Fay–Pat today too
    assert {
        _attr(r, "data-group"): _attr(r, "data-status") for r in _rows(html, "coverage-table")
    } == {"ops": "on_track", "fin": "on_track", "ext": "on_track"}


def test_dashboard_brokers_and_connectors_equal_networkx_without_the_pmo(known_api):
    v = known_api.as_("viewer")
    g = _known_graph()
    betweenness = nx.betweenness_centrality(g, weight="distance")
    degree = dict(g.degree())
    strength = dict(g.degree(weight="weight"))
    order = {p[0]: i for i, p in enumerate(known.PEOPLE)}
    for include_pmo, query in ((False, "/"), (True, "/?pmo=1")):
        html = known_api.client.get(query, headers=v).text
        people = [p for p in known.EVERYONE if include_pmo or p not in known.PMO]
        brokers = sorted(
            (p for p in people if betweenness[p] > 0),
            key=lambda p: (-betweenness[p], -degree[p], order[p]),
        )[:10]
        connectors = sorted(
            (p for p in people if degree[p] > 0), key=lambda p: (-degree[p], -strength[p], order[p])
        )[:10]
        assert [_attr(r, "data-id") for r in _rows(html, "brokers")] == brokers
        assert [_attr(r, "data-id") for r in _rows(html, "connectors")] == connectors
        for row in _rows(html, "brokers"):
            assert float(_attr(row, "data-score")) == pytest.approx(
                betweenness[_attr(row, "data-id")], abs=1e-9
            )
        groups = {
            _attr(r, "data-id"): _text(re.findall(r"<td[^>]*>(.*?)</td>", r)[0])
            for r in _rows(html, "connectors")
        }
        if include_pmo:
            assert groups["p1"] == "PMO" and groups["p2"] == "PMO"  # never blank
        else:
            assert not set(groups) & known.PMO


def test_dashboard_lists_the_stale_ties_most_overdue_first(known_api):
    html = known_api.client.get("/", headers=known_api.as_("viewer")).text
    rows = _rows(html, "stale-table")
    # by hand: t5 and t15 are 30-day ties last touched 2000-01-01; t8 a weekly meeting
    # 100 days ago
    days = (TODAY - known.LONG_AGO).days - 30
    assert [(_attr(r, "data-touchpoint"), int(_attr(r, "data-overdue"))) for r in rows] in (
        [("t15", days), ("t5", days), ("t8", 93)],
        [("t5", days), ("t15", days), ("t8", 93)],
    )
    assert "Pat Lee ↔" in _text(rows[0]) or "Ben Okafor ↔" in _text(rows[0])


def test_dashboard_this_week_equals_the_plan_api_on_the_known_network(known_api):
    _this_week_equals_the_plan_api(known_api, has_later_weeks=False)


def test_dashboard_this_week_equals_the_plan_api_on_the_demo(demo_api):
    _this_week_equals_the_plan_api(demo_api, has_later_weeks=True)


def _this_week_equals_the_plan_api(known_api, *, has_later_weeks: bool) -> None:
    v = known_api.as_("viewer")
    html = known_api.client.get("/", headers=v).text
    api = known_api.client.get(f"/api/plan?due_by={WEEK_END}&limit=1000", headers=v).json()
    later = known_api.client.get("/api/plan?limit=1", headers=v).json()["open_actions"]
    assert not has_later_weeks or later > api["total"]
    by_owner = Counter(a["owner"] for a in api["items"])
    rows = _rows(html, "week-table")
    assert {_attr(r, "data-owner"): int(_attr(r, "data-count")) for r in rows} == by_owner
    assert re.search(r'id="week-total">(\d+)<', html).group(1) == str(api["total"])
    for row in rows:
        first = next(a for a in api["items"] if a["owner"] == _attr(row, "data-owner"))
        assert re.search(r'<td[^>]*data-action="([^"]+)"', row).group(1) == first["id"]


# --- gaps and plan on the demo -------------------------------------------------------------
def _gaps(api) -> list[dict]:
    body = api.client.get("/api/analysis/gaps", headers=api.as_("viewer")).json()
    assert not body["truncated"]
    return body["items"]


def _page(api, path: str) -> str:
    r = api.client.get(path, headers=api.as_("viewer"))
    assert r.status_code == 200, r.text[:300]
    return r.text


def _total(html: str) -> int:
    return int(re.search(r'data-total="(\d+)"', html).group(1))


def _all_rows(api, path: str, table: str) -> list[str]:
    """Every row over every page of a paged list."""
    out: list[str] = []
    number = 1
    while True:
        html = _page(api, f"{path}{'&' if '?' in path else '?'}page={number}")
        rows = [r for r in _rows(html, table) if "data-kind" in r or "data-action" in r]
        out += rows
        if len(out) >= _total(html) or not rows:
            return out
        number += 1


def test_gaps_filter_by_kind_and_severity_with_counts_from_the_api(demo_api):
    gaps = _gaps(demo_api)
    html = _page(demo_api, "/gaps")
    assert _total(html) == len(gaps)
    assert len(_rows(html, "gaps")) == min(50, len(gaps))  # paged, not 31,833 px of cards
    for kind, n in Counter(g["kind"] for g in gaps).items():
        assert _total(_page(demo_api, f"/gaps?kind={kind}")) == n, kind
    for severity, n in Counter(g["severity"] for g in gaps).items():
        shown = _page(demo_api, f"/gaps?severity={severity}")
        assert _total(shown) == n
        assert {_attr(r, "data-severity") for r in _rows(shown, "gaps")} == {severity}
    both = Counter((g["kind"], g["severity"]) for g in gaps)
    (kind, severity), n = both.most_common(1)[0]
    assert _total(_page(demo_api, f"/gaps?kind={kind}&severity={severity}")) == n


def test_gaps_pages_hold_every_gap_once(demo_api):
    gaps = _gaps(demo_api)
    stale = [g for g in gaps if g["kind"] == "stale_touchpoint"]
    rows = _all_rows(demo_api, "/gaps?kind=stale_touchpoint&sort=overdue", "gaps")
    assert sorted(_attr(r, "data-touchpoint") for r in rows) == sorted(
        g["touchpoint"] for g in stale
    )
    overdue = [int(_attr(r, "data-overdue")) for r in rows]
    assert overdue == sorted((g["days_overdue"] for g in stale), reverse=True)


def test_gaps_filter_by_group_and_owner(demo_api):
    v = demo_api.as_("viewer")
    gaps = _gaps(demo_api)
    people = {
        p["id"]: p
        for p in demo_api.client.get("/api/stakeholders?limit=1000", headers=v).json()["items"]
    }
    groups = [g["id"] for g in demo_api.client.get("/api/groups", headers=v).json()["items"]]

    def concerns(gap: dict, group: str) -> bool:  # written out here, from the gap's facts
        if gap["kind"] in (
            "uncovered_group",
            "vehicle_overreliance",
            "connection_mismatch",
            "unlinked_groups",
        ):
            return group in gap["subject"]
        if gap.get("to_group"):
            return gap["subject"][1] == group
        return any((people.get(s) or {}).get("group") == group for s in gap["subject"])

    for group in groups:
        html = _page(demo_api, f"/gaps?group={group}")
        assert _total(html) == sum(concerns(g, group) for g in gaps), group
    plan = demo_api.client.get("/api/plan?limit=1000", headers=v).json()["items"]
    owner, n = Counter(a["owner"] for a in plan).most_common(1)[0]
    assert _total(_page(demo_api, f"/gaps?owner={owner}")) == n


def _csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_plan_counts_equal_its_files(demo_api):
    v = demo_api.as_("viewer")
    html = _page(demo_api, "/plan")
    every = demo_api.client.get("/api/plan?limit=1000", headers=v).json()
    rows = _csv_rows(demo_api.client.get("/plan.csv", headers=v).text)
    events = demo_api.client.get("/plan.ics", headers=v).text.count("BEGIN:VEVENT")
    assert int(re.search(r'id="plan-total">(\d+)<', html).group(1)) == every["total"]
    assert int(re.search(r'id="csv-rows">(\d+)<', html).group(1)) == len(rows)
    assert int(re.search(r'id="ics-events">(\d+)<', html).group(1)) == events
    assert len([r for r in rows if r["kind"] != "new_tie"]) == every["total"]


@pytest.mark.parametrize(
    "query",
    [
        "owner={owner}",
        f"due_by={WEEK_END}",
        "owner={owner}&due_by=" + WEEK_END.isoformat(),
        "kind=stale_touchpoint&severity=high",
        "group={group}",
    ],
)
def test_plan_filters_equal_the_api_and_the_filtered_files(demo_api, query):
    v = demo_api.as_("viewer")
    every = demo_api.client.get("/api/plan?limit=1000", headers=v).json()["items"]
    owner = Counter(a["owner"] for a in every).most_common(1)[0][0]
    group = Counter(g for a in every for g in a["groups"]).most_common(1)[0][0]
    query = query.format(owner=owner, group=group)
    api = demo_api.client.get(f"/api/plan?limit=1000&status=open&{query}", headers=v).json()
    html = _page(demo_api, f"/plan?{query}")
    assert _total(html) == api["total"] > 0
    rows = _all_rows(demo_api, f"/plan?{query}", "plan")
    assert [_attr(r, "data-action") for r in rows] == [a["id"] for a in api["items"]]
    csv_link = unescape(
        re.search(r'href="(/plan\.csv\?[^"]+)"[^>]*id="filtered-csv"', html).group(1)
    )
    ics_link = unescape(
        re.search(r'href="(/plan\.ics\?[^"]+)"[^>]*id="filtered-ics"', html).group(1)
    )
    in_csv = _csv_rows(demo_api.client.get(csv_link, headers=v).text)
    assert sorted(r["id"] for r in in_csv) == sorted(a["id"] for a in api["items"])
    events = demo_api.client.get(ics_link, headers=v).text.count("BEGIN:VEVENT")
    assert events == api["total"]  # open actions all have a due date
    assert f"calendar ({events} events)" in html


def test_plan_sorts(demo_api):
    rows = _rows(_page(demo_api, "/plan?sort=overdue&kind=stale_touchpoint"), "plan")
    days = [
        int(re.search(r"(\d+) days overdue", r).group(1)) if "days overdue" in r else 0
        for r in rows
    ]
    assert days == sorted(days, reverse=True) and days[0] > 0
    due = [_attr(r, "data-due") for r in _rows(_page(demo_api, "/plan"), "plan")]
    assert due == sorted(due)


def test_briefing_holds_coverage_top_gaps_and_next_actions(demo_api):
    v = demo_api.as_("viewer")
    html = _page(demo_api, "/briefing")
    groups = demo_api.client.get("/api/groups", headers=v).json()["items"]
    shown = {_attr(r, "data-group") for r in _rows(html, "b-coverage-table")}
    assert {g["id"] for g in groups} <= shown
    plan = demo_api.client.get(f"/api/plan?due_by={WEEK_END}&limit=10", headers=v).json()
    assert [_attr(r, "data-action") for r in _rows(html, "b-actions")] == [
        a["id"] for a in plan["items"]
    ]
    first = demo_api.client.get("/api/plan?sort=rank&limit=1000", headers=v).json()["items"]
    ranked = sorted(first, key=lambda a: a["rank"])
    kinds = re.findall(r'<li data-kind="([^"]+)"', html)
    assert kinds == [a["kind"] for a in ranked[: len(kinds)]] and len(kinds) == 8
    assert (
        'href="/static/app.css"' in html
        and "@media print"
        in (Path(__file__).resolve().parents[2] / "visualisations/static/app.css").read_text()
    )
