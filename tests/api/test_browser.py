"""The pages in real headless Chromium against a real uvicorn server on the demo network.

Screenshots go to ``test-artifacts/`` (kept as CI artefacts). Every request the pages make
must stay on the server: nothing is fetched from the internet.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from api_testkit import ADMIN, CHROMIUM

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM}")


@pytest.fixture(scope="module")
def viewer_token(demo_server) -> str:
    r = httpx.post(
        demo_server.url + "/api/tokens",
        json={"role": "viewer", "name": "browser"},
        headers={"Authorization": f"Bearer {ADMIN}"},
    )
    assert r.status_code == 201
    return r.json()["token"]


@pytest.fixture
def page(browser, demo_server, viewer_token, artifacts):
    """A logged-in page (through the login form); records every request's host."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    hosts: list[str] = []
    pg.on("request", lambda req: hosts.append(urlsplit(req.url).netloc or req.url[:20]))
    pg.goto(demo_server.url + "/map")
    assert "/login" in pg.url
    pg.fill("#token", viewer_token)
    pg.click("button[type=submit]")
    pg.wait_for_url("**/map")
    pg.hosts = hosts  # type: ignore[attr-defined]
    yield pg
    allowed = {urlsplit(demo_server.url).netloc}
    outside = {h for h in hosts if h not in allowed and not h.startswith(("data:", "blob:"))}
    context.close()
    assert not outside, f"pages fetched from elsewhere: {outside}"


def _wait_map(pg) -> None:
    pg.wait_for_function("window.gk && window.gk.ready === true", timeout=30_000)


def _api(demo_server, path: str):
    return httpx.get(
        demo_server.url + path, headers={"Authorization": f"Bearer {ADMIN}"}, timeout=60
    ).json()


def test_map_draws_every_node(page, demo_server, artifacts):
    _wait_map(page)
    total = _api(demo_server, "/api/stakeholders?limit=1")["total"]
    drawn = page.evaluate("gk.network.body.nodeIndices.length")
    in_view = page.evaluate("gk.view.length")
    assert drawn == total and in_view == total
    assert page.evaluate("gk.edges.length") > 0
    # the canvas really has pixels drawn on it (not a blank white box)
    painted = page.evaluate("""() => { const c = document.querySelector('#gk-map canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 0; i < d.length; i += 4) { if (d[i+3] && (d[i] < 200 ||
        d[i+1] < 200 || d[i+2] < 200)) n++; } return n; }""")
    assert painted > 1000
    page.screenshot(path=str(artifacts / "map.png"))


def test_group_filter_changes_what_is_shown(page, demo_server, artifacts):
    _wait_map(page)
    groups = _api(demo_server, "/api/groups")["items"]
    people = _api(demo_server, "/api/stakeholders?limit=1000")["items"]
    group = max(groups, key=lambda g: sum(p["group"] == g["id"] for p in people))
    members = {p["id"] for p in people if p["group"] == group["id"]}
    page.select_option("#gk-only", group["id"])
    page.wait_for_function(f"gk.network.body.nodeIndices.length === {len(members)}")
    shown = set(page.evaluate("gk.network.body.nodeIndices"))
    assert shown == members
    assert f"{len(members)} of {len(people)} shown" in page.inner_text("#gk-count")
    page.screenshot(path=str(artifacts / "map-filtered.png"))
    page.select_option("#gk-only", "")
    page.wait_for_function(f"gk.network.body.nodeIndices.length === {len(people)}")
    assert f"{len(people)} shown" in page.inner_text("#gk-count")


def test_search_focuses_a_person(page, demo_server):
    _wait_map(page)
    person = _api(demo_server, "/api/stakeholders?is_pmo=true")["items"][0]
    page.fill("#gk-search", person["name"])
    page.press("#gk-search", "Enter")
    page.wait_for_function("gk.network.getSelectedNodes().length > 0")
    selected = page.evaluate("gk.network.getSelectedNodes()")
    assert len(selected) == 1  # one person, never everyone who matches
    assert page.evaluate(f"gk.nodes.get({selected[0]!r}).label") == person["name"]


def test_clicking_a_node_opens_its_ego_page(page, demo_server, artifacts):
    _wait_map(page)
    pmo_member = _api(demo_server, "/api/stakeholders?is_pmo=true")["items"][0]["id"]
    # bring a PMO member to the middle of the screen, zoomed in, then click where it is drawn
    page.evaluate(
        f"gk.network.moveTo({{position: gk.network.getPosition({pmo_member!r}), scale: 3}})"
    )
    page.wait_for_timeout(300)
    point = page.evaluate(f"gk.network.canvasToDOM(gk.network.getPosition({pmo_member!r}))")
    box = page.locator("#gk-map").bounding_box()
    # In the dense hub a neighbour may be drawn on top; the click opens whoever is there.
    sid = page.evaluate(f"gk.network.getNodeAt({{x: {point['x']}, y: {point['y']}}})")
    assert sid is not None, "nothing drawn at the PMO member's position"
    person = _api(demo_server, f"/api/stakeholders/{sid}")
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])  # selects
    assert page.evaluate("gk.network.getSelectedNodes()") == [sid]
    page.click("#gk-open")  # the selected person's page, from the info panel
    page.wait_for_url(f"**/stakeholders/{sid}")
    assert page.inner_text("#person-name").startswith(person["name"])
    _wait_map(page)
    ego = _api(demo_server, f"/api/stakeholders/{sid}/ego?limit=150")
    assert set(page.evaluate("gk.visibleIds()")) == {n["id"] for n in ego["nodes"]}
    page.screenshot(path=str(artifacts / "ego.png"), full_page=True)


def test_gap_page_lists_the_demo_gaps(page, demo_server, artifacts):
    gaps = _api(demo_server, "/api/analysis/gaps")
    page.goto(demo_server.url + "/gaps")
    assert gaps["summary"]["total"] > 0
    assert page.locator(".gap-row").count() == min(50, gaps["summary"]["total"])
    for kind, count in gaps["summary"]["by_kind"].items():
        if count:
            page.select_option("#g-kind", kind)
            page.click("form.filters button[type=submit]")
            page.wait_for_url(f"**kind={kind}*")
            assert page.locator(f'.gap-row[data-kind="{kind}"]').count() == min(50, count)
    high = gaps["summary"]["by_severity"]["high"]
    page.goto(demo_server.url + "/gaps?severity=high")
    assert page.get_attribute("#gap-count [data-total]", "data-total") == str(high)
    page.screenshot(path=str(artifacts / "gaps.png"))


def test_other_pages_render(page, demo_server, artifacts):
    for path, name, selector in (
        ("/", "dashboard", "#coverage-table"),
        ("/map/groups", "group-map", "#gk-map"),
        ("/plan", "plan", "#plan"),
        ("/grid", "grid", "#grid"),
    ):
        page.goto(demo_server.url + path)
        page.wait_for_selector(selector)
        if selector == "#gk-map":
            _wait_map(page)
            assert page.evaluate("gk.view.length") >= 5
        page.screenshot(path=str(artifacts / f"{name}.png"))
