"""Pages rendered by the app: content, and nothing fetched from outside."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest

PAGES = [
    "/",
    "/map",
    "/map?size=betweenness",
    "/map/groups",
    "/gaps",
    "/gaps?severity=high",
    "/plan",
    "/grid",
    "/docs",
    "/redoc",
    "/login",
]
EXTERNAL = re.compile(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", re.I)
CSS_URL = re.compile(r"""url\(\s*["']?\s*(?:https?:)?//""", re.I)
STATIC = Path(__file__).resolve().parents[2] / "visualisations" / "static"
VENDOR = STATIC / "vendor"  # third-party files, as their makers ship them


def _network_map(api, query: str = "") -> dict:
    v = api.as_("viewer")
    page = api.client.get("/map" + query, headers=v).text
    src = re.search(r'data-src="([^"]+)"', page).group(1).replace("&amp;", "&")
    r = api.client.get(src, headers=v)
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    again = api.client.get(src, headers={**v, "If-None-Match": r.headers["etag"]})
    assert again.status_code == 304
    return r.json()


def _map_data(html: str) -> dict:
    found = re.search(r'<script id="gk-data" type="application/json">(.*?)</script>', html, re.S)
    assert found, "the page embeds its map data"
    return json.loads(found.group(1))


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_and_reference_nothing_external(demo_api, path):
    r = demo_api.client.get(path, headers=demo_api.as_("viewer"))
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert not EXTERNAL.search(r.text), EXTERNAL.search(r.text).group(0)
    assert not CSS_URL.search(r.text)
    for ref in re.findall(r"""(?:src|href)=["']([^"']+)["']""", r.text):
        assert ref.startswith(("/", "#")), ref


def test_own_static_files_reference_nothing_external():
    for path in (
        list(STATIC.glob("*.css"))
        + list(STATIC.glob("*.js"))
        + list((VENDOR / "vis-network").glob("*.css"))
    ):
        text = path.read_text(encoding="utf-8")
        assert not CSS_URL.search(text), path
        if path.parent == STATIC:
            assert "http" not in text, path


def test_vis_network_is_served_with_its_licence_notes(demo_api):
    js = demo_api.client.get("/static/vendor/vis-network/vis-network.min.js").text
    assert "@license" in js and "Apache" in js and "MIT" in js
    notice = (VENDOR / "vis-network" / "NOTICE.md").read_text()
    assert "pyvis" in notice and "vis-network" in notice
    assert (VENDOR / "vis-network" / "LICENSE-pyvis-BSD.txt").exists()


def _all(api, kind: str) -> list[dict]:
    out: list[dict] = []
    while True:
        page = api.client.get(
            f"/api/{kind}?limit=1000&offset={len(out)}", headers=api.as_("viewer")
        ).json()
        out += page["items"]
        if len(out) >= page["total"]:
            return out


def _people(api) -> list[dict]:
    return _all(api, "stakeholders")


def _touchpoints(api) -> list[dict]:
    return _all(api, "touchpoints")


def _graph(api) -> nx.Graph:
    G = nx.Graph()
    G.add_nodes_from(p["id"] for p in _people(api))
    # Personal ties only: a touchpoint with a whole group (target_group) is no tie.
    G.add_edges_from((t["source"], t["target"]) for t in _touchpoints(api) if t["target"])
    return G


def test_map_marks_exactly_the_gap_subjects_stale_ties_and_pmo(demo_api):
    """On the demo: rings, dashes and stars against the gap list and the register."""
    data = _network_map(demo_api)
    people = _people(demo_api)
    ids = {p["id"] for p in people}
    gaps = demo_api.client.get("/api/analysis/gaps", headers=demo_api.as_("viewer")).json()
    assert not gaps["truncated"]
    ringed = {
        s
        for g in gaps["items"]
        if g["kind"] != "stale_touchpoint"
        for s in g["subject"]
        if s in ids
    }
    stale = {
        frozenset(g["subject"])
        for g in gaps["items"]
        if g["kind"] == "stale_touchpoint" and not g["to_group"]
    }  # broadcasts: no edge
    assert ringed and stale  # the demo plants both
    assert {n["id"] for n in data["nodes"]} == ids
    assert {n["id"] for n in data["nodes"] if n["gk_gap"]} == ringed
    assert {frozenset((e["from"], e["to"])) for e in data["edges"] if e.get("dashes")} == stale
    assert {n["id"] for n in data["nodes"] if n["shape"] == "star"} == {
        p["id"] for p in people if p["is_pmo"]
    }
    assert {frozenset((e["from"], e["to"])) for e in data["edges"]} == {
        frozenset(e) for e in _graph(demo_api).edges
    }
    colours = {n["gk_group"]: n["color"]["background"] for n in data["nodes"] if not n["gk_pmo"]}
    assert len(set(colours.values())) == len(colours)  # one colour per group
    assert data["physics"] is False and data["options"]["physics"]["enabled"] is False


def test_size_by_changes_sizes(demo_api):
    a = _network_map(demo_api, "?size=pagerank")
    b = _network_map(demo_api, "?size=betweenness")
    assert [n["size"] for n in a["nodes"]] != [n["size"] for n in b["nodes"]]


def test_group_map_volumes_equal_a_count_over_the_demo_touchpoints(demo_api):
    v = demo_api.as_("viewer")
    data = _map_data(demo_api.client.get("/map/groups", headers=v).text)
    people = {p["id"]: p for p in _people(demo_api)}

    def node(sid: str) -> str:
        return people[sid]["group"] or ("(pmo)" if people[sid]["is_pmo"] else "(none)")

    counted: dict[frozenset, int] = {}
    for t in _touchpoints(demo_api):
        if not t["target"]:
            continue  # a touchpoint with a whole group is not drawn between groups
        a, b = node(t["source"]), node(t["target"])
        if a != b:
            counted[frozenset((a, b))] = counted.get(frozenset((a, b)), 0) + 1
    assert {
        frozenset((e["from"], e["to"])): e["gk_volume"] for e in data["edges"] if "gk_volume" in e
    } == counted
    groups = demo_api.client.get("/api/groups", headers=v).json()["items"]
    assert {n["id"] for n in data["nodes"]} >= {g["id"] for g in groups}
    missing = {
        frozenset((g["id"], o))
        for g in groups
        for o in g["desired_links"]
        if frozenset((g["id"], o)) not in counted and g["id"] != o
    }
    assert {
        frozenset((e["from"], e["to"])) for e in data["edges"] if e.get("gk_missing")
    } == missing


def test_ego_page_distances_equal_networkx(demo_api):
    v = demo_api.as_("viewer")
    sid = demo_api.client.get("/api/stakeholders?is_pmo=true", headers=v).json()["items"][0]["id"]
    person = demo_api.client.get(f"/api/stakeholders/{sid}", headers=v).json()
    html = demo_api.client.get(f"/stakeholders/{sid}", headers=v).text
    assert person["name"] in html and 'data-metric="degree"' in html
    data = _map_data(html)
    expected = nx.single_source_shortest_path_length(_graph(demo_api), sid, cutoff=2)
    drawn = {n["id"]: n["gk_distance"] for n in data["nodes"]}
    assert all(expected[i] == d for i, d in drawn.items())
    if len(expected) <= 150:
        assert drawn == expected
    else:  # capped: the nearest first
        assert max(drawn.values()) <= min(d for i, d in expected.items() if i not in drawn)
    assert demo_api.client.get("/stakeholders/nobody", headers=v).status_code == 404


def test_gap_page_lists_the_demo_gaps(demo_api):
    v = demo_api.as_("viewer")
    gaps = demo_api.client.get("/api/analysis/gaps", headers=v).json()
    html = demo_api.client.get("/gaps", headers=v).text
    assert html.count('class="gap-row"') == min(50, gaps["summary"]["total"])
    for kind, n in gaps["summary"]["by_kind"].items():
        if n:
            shown = demo_api.client.get(f"/gaps?kind={kind}", headers=v).text
            assert shown.count(f'data-kind="{kind}"') == min(50, n)
            assert shown.count('class="gap-row"') == min(50, n)
    first = gaps["items"][0]
    assert first["recommendation"].split("'")[0][:30] in html.replace("&#39;", "'")


def test_plan_page_and_downloads(demo_api):
    v = demo_api.as_("viewer")
    plan = demo_api.client.get("/api/plan?limit=1", headers=v).json()
    html = demo_api.client.get("/plan", headers=v).text
    assert html.count('<tr class="action"') == min(plan["open_actions"], 50)
    assert 'href="/plan.csv"' in html and 'href="/plan.ics"' in html
    assert demo_api.client.get("/plan.ics", headers=v).text.startswith("BEGIN:VCALENDAR")


def test_grid_places_everyone_in_their_cell(demo_api):
    v = demo_api.as_("viewer")
    people = _people(demo_api)
    html = demo_api.client.get("/grid", headers=v).text
    cells = re.findall(r'data-influence="(\d)" data-interest="(\d)" data-count="(\d+)"', html)
    assert len(cells) == 25
    expected: dict[tuple[str, str], int] = {}
    for p in people:
        if p["influence"] and p["interest"]:
            key = (str(p["influence"]), str(p["interest"]))
            expected[key] = expected.get(key, 0) + 1
    assert {(i, n): int(c) for i, n, c in cells if int(c)} == expected
