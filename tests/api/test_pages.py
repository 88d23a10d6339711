"""Pages rendered by the app: content, and nothing fetched from outside."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

PAGES = ["/", "/map", "/map?size=betweenness", "/map/groups", "/gaps", "/gaps?severity=high",
         "/plan", "/grid", "/docs", "/login"]
EXTERNAL = re.compile(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", re.I)
CSS_URL = re.compile(r"""url\(\s*["']?\s*(?:https?:)?//""", re.I)
STATIC = Path(__file__).resolve().parents[2] / "visualisations" / "static"


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
    for path in list(STATIC.glob("*.css")) + list(STATIC.glob("*.js")) + \
            list((STATIC / "vis-network").glob("*.css")):
        text = path.read_text(encoding="utf-8")
        assert not CSS_URL.search(text), path
        if path.parent == STATIC:
            assert "http" not in text, path


def test_vis_network_is_served_with_its_licence_notes(demo_api):
    js = demo_api.client.get("/static/vis-network/vis-network.min.js").text
    assert "@license" in js and "Apache" in js and "MIT" in js
    notice = (STATIC / "vis-network" / "NOTICE.md").read_text()
    assert "pyvis" in notice and "vis-network" in notice
    assert (STATIC / "vis-network" / "LICENSE-pyvis-BSD.txt").exists()


def test_map_embeds_every_stakeholder_coloured_sized_and_placed(demo_api):
    v = demo_api.as_("viewer")
    data = _network_map(demo_api)
    total = demo_api.client.get("/api/stakeholders", headers=v).json()["total"]
    assert len(data["nodes"]) == total
    node = data["nodes"][0]
    assert {"id", "label", "x", "y", "size", "color", "gk_group"} <= set(node)
    assert any(n["shape"] == "star" for n in data["nodes"])  # PMO members marked
    assert any(n["gk_gap"] for n in data["nodes"])  # gaps highlighted
    assert any(e.get("dashes") for e in data["edges"])  # stale ties dashed (demo has some)
    colours = {n["gk_group"]: n["color"]["background"] for n in data["nodes"]}
    assert len(set(colours.values())) == len(colours)  # one colour per group
    sizes = {n["size"] for n in data["nodes"]}
    assert len(sizes) > 5
    assert data["options"]["physics"]["enabled"] is data["physics"]


def test_size_by_changes_sizes(demo_api):
    a = _network_map(demo_api, "?size=pagerank")
    b = _network_map(demo_api, "?size=betweenness")
    assert [n["size"] for n in a["nodes"]] != [n["size"] for n in b["nodes"]]


def test_group_map_shows_groups_and_volume(demo_api):
    v = demo_api.as_("viewer")
    data = _map_data(demo_api.client.get("/map/groups", headers=v).text)
    groups = demo_api.client.get("/api/groups", headers=v).json()["items"]
    assert {n["id"] for n in data["nodes"]} >= {g["id"] for g in groups}
    assert data["edges"] and all(int(e.get("label", "1")) > 0 for e in data["edges"]
                                 if not e.get("dashes"))


def test_ego_page_shows_person_metrics_and_ties(demo_api):
    v = demo_api.as_("viewer")
    sid = demo_api.client.get("/api/stakeholders?is_pmo=true", headers=v).json()["items"][0]["id"]
    person = demo_api.client.get(f"/api/stakeholders/{sid}", headers=v).json()
    html = demo_api.client.get(f"/stakeholders/{sid}", headers=v).text
    assert person["name"] in html and "pagerank" in html
    data = _map_data(html)
    ego = demo_api.client.get(f"/api/stakeholders/{sid}/ego", headers=v).json()
    assert {n["id"] for n in data["nodes"]} == {n["id"] for n in ego["nodes"]}
    assert demo_api.client.get("/stakeholders/nobody", headers=v).status_code == 404


def test_gap_page_lists_the_demo_gaps(demo_api):
    v = demo_api.as_("viewer")
    gaps = demo_api.client.get("/api/analysis/gaps", headers=v).json()
    html = demo_api.client.get("/gaps", headers=v).text
    shown = html.count('class="gap ')
    assert shown == min(gaps["summary"]["total"], shown) and shown > 0
    for kind, n in gaps["summary"]["by_kind"].items():
        if n:
            assert f'data-kind="{kind}"' in html
    first = gaps["items"][0]
    assert first["recommendation"].split("'")[0][:30] in html.replace("&#39;", "'")


def test_plan_page_and_downloads(demo_api):
    v = demo_api.as_("viewer")
    plan = demo_api.client.get("/api/analysis/plan", headers=v).json()
    html = demo_api.client.get("/plan", headers=v).text
    assert html.count('<tr class="action">') == min(len(plan["actions"]), 1000)
    assert 'href="/plan.csv"' in html and 'href="/plan.ics"' in html
    assert demo_api.client.get("/plan.ics", headers=v).text.startswith("BEGIN:VCALENDAR")


def test_grid_places_everyone_with_scores(demo_api):
    v = demo_api.as_("viewer")
    people = demo_api.client.get("/api/stakeholders?limit=1000", headers=v).json()["items"]
    scored = [p for p in people if p["influence"] and p["interest"]]
    html = demo_api.client.get("/grid", headers=v).text
    counts = [int(n) for n in re.findall(r'data-count="(\d+)"', html)]
    assert len(counts) == 25 and sum(counts) == len(scored)
