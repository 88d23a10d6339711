"""The maps, ego page, group map and grid of the known network (``map_network``) in real
headless Chromium against a real uvicorn server: what is drawn, what the controls do.

Expectations come from ``map_network`` (worked out by hand), never from the page's own
data. Rings are also checked in the canvas pixels.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path

import httpx
import map_network as known
import pytest
from api_testkit import ADMIN, CHROMIUM, Server, serving, settings_for

from graphkit.store import open_store

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM}")

GAP = (0xA5, 0x00, 0x21)  # the ring's colour, as the legend shows it


@pytest.fixture(scope="module")
def known_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    store = tmp_path_factory.mktemp("known-served") / "net.lbug"
    with open_store(str(store), settings_for(store)) as s:
        s.apply(known.change())
    with serving(store) as server:
        yield server


@pytest.fixture(scope="module")
def token(known_server: Server) -> str:
    r = httpx.post(
        known_server.url + "/api/tokens",
        json={"role": "viewer", "name": "maps"},
        headers={"Authorization": f"Bearer {ADMIN}"},
    )
    assert r.status_code == 201
    return str(r.json()["token"])


def _open(browser, server: Server, token: str, path: str, width: int = 1400, height: int = 900):
    context = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=1, accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server.url + "/login?next=" + path.replace("&", "%26").replace("?", "%3F"))
    page.fill("#token", token)
    page.click("button[type=submit]")
    page.wait_for_url("**" + path.split("?")[0] + "*")
    page.errors = errors  # type: ignore[attr-defined]
    return context, page


@pytest.fixture
def open_page(browser, known_server, token):
    contexts = []

    def opener(path: str, **size: int):
        context, page = _open(browser, known_server, token, path, **size)
        contexts.append((context, page))
        if page.locator("#gk-map").count():
            page.wait_for_function("window.gk && window.gk.ready === true")
        return page

    yield opener
    for context, page in contexts:
        assert not page.errors, page.errors
        context.close()


def _visible(page) -> set[str]:
    return set(page.evaluate("gk.visibleIds()"))


def _settle(page) -> None:
    page.evaluate("gk.network.redraw()")
    page.wait_for_timeout(150)


# --- rings and dashes ----------------------------------------------------------------------
RING_SAMPLES = (
    """() => {
  const net = gk.network, canvas = document.querySelector('#gk-map canvas');
  const ctx = canvas.getContext('2d'), scale = net.getScale(), out = {};
  const ratio = canvas.width / canvas.clientWidth;
  for (const id of gk.visibleIds()) {
    const n = net.body.nodes[id], p = net.canvasToDOM({x: n.x, y: n.y});
    const r = n.options.size * scale * (n.options.shape === 'star' ? 1.15 : 1) + 3.5;
    let hits = 0;
    for (let k = 0; k < 16; k++) {
      const a = 2 * Math.PI * k / 16;
      const d = ctx.getImageData(Math.round((p.x + r * Math.cos(a)) * ratio),
                                 Math.round((p.y + r * Math.sin(a)) * ratio), 1, 1).data;
      if (Math.abs(d[0] - $R) < 60 && Math.abs(d[1] - $G) < 60 && Math.abs(d[2] - $B) < 60) hits++;
    }
    out[id] = hits;
  }
  return out;
}""".replace("$R", str(GAP[0]))
    .replace("$G", str(GAP[1]))
    .replace("$B", str(GAP[2]))
)


def test_exactly_the_gap_subjects_are_ringed_in_the_canvas(open_page):
    page = open_page("/map")
    assert set(page.evaluate("gk.ringed()")) == known.RINGED
    page.uncheck("#gk-show-stale")  # stale ties share the ring's colour: leave them out
    _settle(page)
    hits = page.evaluate(RING_SAMPLES)
    ringed = {sid for sid, n in hits.items() if n >= 9}
    plain = {sid for sid, n in hits.items() if n <= 3}
    assert ringed == known.RINGED, hits
    assert plain == known.EVERYONE - known.RINGED, hits
    page.uncheck("#gk-show-rings")
    _settle(page)
    assert page.evaluate("gk.ringed()") == []
    assert max(page.evaluate(RING_SAMPLES).values()) <= 3


def test_exactly_the_stale_ties_are_dashed(open_page):
    page = open_page("/map")
    drawn = page.evaluate("""Object.values(gk.network.body.edges).map(
        (e) => [e.fromId, e.toId, !!e.options.dashes])""")
    assert {frozenset(e[:2]) for e in drawn} == known.TIES
    assert {frozenset(e[:2]) for e in drawn if e[2]} == known.STALE_PAIRS
    assert {frozenset(e) for e in page.evaluate("gk.dashed()")} == known.STALE_PAIRS
    page.uncheck("#gk-show-stale")
    assert page.evaluate("gk.dashed()") == []


TIE_SAMPLES = """() => {
  const net = gk.network, canvas = document.querySelector('#gk-map canvas');
  const ctx = canvas.getContext('2d'), ratio = canvas.width / canvas.clientWidth, out = [];
  const scale = net.getScale();
  const discs = gk.visibleIds().map((id) => {
    const n = net.body.nodes[id], p = net.canvasToDOM({x: n.x, y: n.y});
    return [p.x, p.y, n.options.size * scale * 1.2 + 8];  // the node and its label or ring
  });
  for (const e of gk.data.edges) {
    const a = net.canvasToDOM(net.getPosition(e.from)), b = net.canvasToDOM(net.getPosition(e.to));
    let hits = 0, seen = 0;
    for (let k = 0; k <= 60; k++) {
      const x = a.x + (b.x - a.x) * k / 60, y = a.y + (b.y - a.y) * k / 60;
      if (discs.some((c) => Math.hypot(x - c[0], y - c[1]) < c[2])) continue;  // under a node
      seen++;
      const d = ctx.getImageData(Math.round(x * ratio), Math.round(y * ratio), 1, 1).data;
      // a thin line is blended with the white behind it: "crimson-ish" is enough, and no
      // fill of the palette (nor grey) passes
      if (d[3] > 0 && d[0] > 120 && d[1] < 0.6 * d[0] && d[1] < 140 && d[2] < 0.75 * d[0]) hits++;
    }
    out.push([e.from, e.to, hits, seen]);
  }
  return out;
}"""


def test_large_maps_draw_ties_in_bulk_with_the_same_marks(open_page, browser, known_server, token):
    """Above a few thousand ties the page draws them itself (vis-network would build an
    object per tie); the marks must not change: force that path on the small network."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, device_scale_factor=1)
    context.add_init_script("window.GK_BULK_TIES = 0;")
    page = context.new_page()
    try:
        page.goto(known_server.url + "/login?next=/map")
        page.fill("#token", token)
        page.click("button[type=submit]")
        page.wait_for_function("window.gk && window.gk.ready === true")
        assert page.evaluate("Object.keys(gk.network.body.edges).length") == 0
        assert {frozenset(e) for e in page.evaluate("gk.dashed()")} == known.STALE_PAIRS
        assert set(page.evaluate("gk.ringed()")) == known.RINGED
        page.uncheck("#gk-show-rings")
        _settle(page)
        hits = {frozenset(h[:2]): h[2:] for h in page.evaluate(TIE_SAMPLES)}
        in_the_open = {p for p in known.STALE_PAIRS if hits[p][1] >= 3}  # not under nodes
        assert in_the_open, hits
        assert {p for p, (n, seen) in hits.items() if n >= 1} == in_the_open, hits
        page.uncheck("#gk-show-stale")
        _settle(page)
        assert all(h[2] == 0 for h in page.evaluate(TIE_SAMPLES))
        page.select_option("#gk-only", "fin")
        assert set(page.evaluate("gk.visibleIds()")) == known.SHOWN_BY_GROUP["fin"]
    finally:
        context.close()


def test_pmo_members_are_stars(open_page):
    page = open_page("/map")
    shapes = page.evaluate("""Object.fromEntries(gk.visibleIds().map(
        (id) => [id, gk.network.body.nodes[id].options.shape]))""")
    assert {sid for sid, shape in shapes.items() if shape == "star"} == known.PMO


# --- filters -------------------------------------------------------------------------------
ON_SCREEN = """() => {
  const net = gk.network, box = document.querySelector('#gk-map').getBoundingClientRect();
  return gk.visibleIds().map((id) => {
    const n = net.body.nodes[id], p = net.canvasToDOM({x: n.x, y: n.y});
    return {id: id, x: p.x, y: p.y, r: n.options.size * net.getScale(),
            inside: p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height};
  });
}"""


@pytest.mark.parametrize("group", ["ext", "ops", "fin", "(pmo)"])
def test_a_group_filter_leaves_that_group_visible_and_fitted(open_page, group):
    page = open_page("/map")
    page.select_option("#gk-only", group)
    assert _visible(page) == known.SHOWN_BY_GROUP[group]
    nodes = page.evaluate(ON_SCREEN)
    assert all(n["inside"] for n in nodes), nodes  # re-fitted to what is left
    assert min(n["r"] for n in nodes) >= 4, nodes  # drawn, not sub-pixel
    _settle(page)
    labelled = set(page.evaluate("gk.labelled()"))
    assert labelled and labelled <= known.SHOWN_BY_GROUP[group]
    assert f"{len(known.SHOWN_BY_GROUP[group])} of {len(known.EVERYONE)} shown" in page.inner_text(
        "#gk-count"
    )
    page.select_option("#gk-only", "")
    assert _visible(page) == known.EVERYONE


def test_group_checkboxes_stance_influence_and_gaps_filters(open_page):
    page = open_page("/map")
    page.uncheck('input[data-key="fin"]')
    assert _visible(page) == known.EVERYONE - {"f1", "f2"}
    page.click("#gk-reset")
    for stance in ("champion", "supporter", "neutral", "sceptic", "unknown"):
        page.uncheck(f'input[data-stance="{stance}"]')
    assert _visible(page) == known.SHOWN_BY_STANCE["critic"]
    page.click("#gk-reset")
    page.select_option("#gk-influence", "4")
    assert _visible(page) == known.SHOWN_INFLUENCE_AT_LEAST_4
    page.click("#gk-reset")
    page.check("#gk-gaps-only")
    assert _visible(page) == known.RINGED
    page.click("#gk-reset")
    assert _visible(page) == known.EVERYONE


def test_the_group_map_opens_the_network_map_on_that_group(open_page):
    page = open_page("/map?group=ext")
    assert _visible(page) == known.SHOWN_BY_GROUP["ext"]
    assert page.is_checked('input[data-key="ext"]')
    assert not page.is_checked('input[data-key="ops"]')


# --- search --------------------------------------------------------------------------------
def test_search_suggests_every_match_and_selects_no_one_until_one_is_picked(open_page):
    page = open_page("/map")
    page.locator("#gk-search").press_sequentially("okafor", delay=20)
    page.wait_for_selector("#gk-suggest:not([hidden])")
    suggested = set(
        page.eval_on_selector_all("#gk-suggest li", "els => els.map(e => e.dataset.id)")
    )
    assert suggested == known.OKAFOR
    assert page.evaluate("gk.network.getSelectedNodes()") == []
    assert page.evaluate("gk.highlighted()") == []
    assert "3 match" in page.inner_text("#gk-found")
    assert page.get_attribute("#gk-search", "aria-expanded") == "true"
    # keyboard: down twice, Enter picks the second suggestion
    second = page.eval_on_selector_all("#gk-suggest li", "els => els[1].dataset.id")
    page.press("#gk-search", "ArrowDown")
    page.press("#gk-search", "ArrowDown")
    page.press("#gk-search", "Enter")
    assert page.evaluate("gk.network.getSelectedNodes()") == [second]


def test_search_as_you_type_highlights_the_person_and_their_neighbours(open_page):
    page = open_page("/map")
    page.locator("#gk-search").press_sequentially("cat", delay=20)
    page.wait_for_function("gk.network.getSelectedNodes().length === 1")
    assert page.evaluate("gk.network.getSelectedNodes()") == ["a3"]
    assert set(page.evaluate("gk.highlighted()")) == {"a3"} | known.CAT_NEIGHBOURS
    opacity = page.evaluate("Object.fromEntries(gk.nodes.get().map((n) => [n.id, n.opacity]))")
    dimmed = {sid for sid, o in opacity.items() if o is not None and o < 1}
    assert dimmed == known.EVERYONE - {"a3"} - known.CAT_NEIGHBOURS
    # focused: Cat and her neighbours are all on screen, Cat near the middle
    nodes = {n["id"]: n for n in page.evaluate(ON_SCREEN)}
    assert all(nodes[i]["inside"] for i in {"a3"} | known.CAT_NEIGHBOURS)
    box = page.locator("#gk-map").bounding_box()
    assert abs(nodes["a3"]["x"] - box["width"] / 2) < box["width"] / 3
    assert "Cat Jones" in page.inner_text("#gk-info")
    page.press("#gk-search", "Escape")
    assert page.evaluate("gk.network.getSelectedNodes()") == []
    assert page.evaluate("gk.highlighted()") == []


def test_clicking_selects_and_double_clicking_opens_the_persons_page(open_page):
    page = open_page("/map")
    nodes = {n["id"]: n for n in page.evaluate(ON_SCREEN)}
    box = page.locator("#gk-map").bounding_box()
    x, y = box["x"] + nodes["e1"]["x"], box["y"] + nodes["e1"]["y"]
    page.mouse.click(x, y)
    assert page.evaluate("gk.network.getSelectedNodes()") == ["e1"]
    assert set(page.evaluate("gk.highlighted()")) == {"e1", "p1", "p2", "e2", "a1"}
    page.mouse.dblclick(x, y)
    page.wait_for_url("**/stakeholders/e1")
    assert page.inner_text("#person-name").startswith("Fay Brown")


# --- labels, fit, export, colour by community ----------------------------------------------
def test_labels_name_the_most_central_when_zoomed_out(open_page):
    page = open_page("/map?size=degree")
    page.evaluate("gk.network.moveTo({scale: 0.12})")
    _settle(page)
    labelled = page.evaluate("gk.labelled()")
    assert labelled and labelled[0] == known.MOST_CENTRAL
    assert set(labelled) <= known.EVERYONE


def test_fit_brings_everyone_back_into_view(open_page):
    page = open_page("/map")
    page.evaluate("gk.network.moveTo({position: {x: 5000, y: 5000}, scale: 4})")
    assert not any(n["inside"] for n in page.evaluate(ON_SCREEN))
    page.click("#gk-fit")
    page.wait_for_timeout(600)
    assert all(n["inside"] for n in page.evaluate(ON_SCREEN))


def test_png_export_downloads_the_drawn_map(open_page):
    page = open_page("/map")
    with page.expect_download() as info:
        page.click("#gk-export")
    body = Path(info.value.path()).read_bytes()
    assert body[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", body[16:24])
    canvas = page.evaluate(
        "[document.querySelector('#gk-map canvas').width, "
        "document.querySelector('#gk-map canvas').height]"
    )
    assert [width, height] == canvas
    assert info.value.suggested_filename == "network-map.png"


def test_colour_by_community(open_page):
    page = open_page("/map")
    page.select_option("#gk-colour", "community")
    fills = page.evaluate("""Object.fromEntries(gk.nodes.get().filter((n) => !n.gk_pmo)
        .map((n) => [n.id, [n.gk_community, n.color.background]]))""")
    by_community: dict[int, set[str]] = {}
    for community, fill in fills.values():
        by_community.setdefault(community, set()).add(fill)
    assert all(len(f) == 1 for f in by_community.values())
    assert len({f.pop() for f in by_community.values()}) == len(by_community)
    assert not page.is_hidden("#gk-key-communities") and page.is_hidden("#gk-key-groups")
    page.select_option("#gk-colour", "group")
    groups = page.evaluate("""Object.fromEntries(gk.nodes.get().filter((n) => !n.gk_pmo)
        .map((n) => [n.id, n.color.background]))""")
    assert len({groups[s] for s in ("a1", "a2", "a3")}) == 1


# --- accessibility -------------------------------------------------------------------------
def test_every_control_is_reachable_by_keyboard_and_the_map_is_labelled(open_page):
    page = open_page("/map")
    label = page.get_attribute("#gk-map", "aria-label")
    assert label and f"{len(known.EVERYONE)} stakeholders" in label
    reached = set()
    page.focus("body")
    for _ in range(60):
        page.keyboard.press("Tab")
        reached.add(
            page.evaluate(
                "document.activeElement.id || "
                "document.activeElement.getAttribute('data-key') || "
                "document.activeElement.getAttribute('data-stance') || ''"
            )
        )
    for control in (
        "gk-search",
        "gk-size",
        "gk-colour",
        "gk-only",
        "gk-fit",
        "gk-zoom-in",
        "gk-zoom-out",
        "gk-export",
        "gk-map",
        "ext",
        "critic",
        "gk-influence",
        "gk-gaps-only",
        "gk-reset",
        "gk-show-rings",
        "gk-show-stale",
    ):
        assert control in reached, (control, reached)
    page.select_option("#gk-only", "ext")
    assert "3 of 10 people shown" in page.get_attribute("#gk-map", "aria-label")


@pytest.mark.parametrize(
    "path",
    [
        "/map",
        "/map/groups",
        "/grid",
        "/grid?influence=5&interest=1",
        f"/stakeholders/{known.EGO_CENTER}?depth=3",
    ],
)
def test_no_sideways_scroll_at_390_px(open_page, path):
    page = open_page(path, width=390, height=844)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


# --- ego page ------------------------------------------------------------------------------
RADII = """() => {
  const net = gk.network, c = net.body.nodes[gk.data.center];
  return Object.fromEntries(gk.visibleIds().map((id) => {
    const n = net.body.nodes[id];
    return [id, [n.options.gk_distance, Math.hypot(n.x - c.x, n.y - c.y)]];
  }));
}"""


@pytest.mark.parametrize("depth", [1, 2, 3])
def test_ego_page_draws_rings_by_distance(open_page, depth):
    page = open_page(f"/stakeholders/{known.EGO_CENTER}?depth={depth}")
    expected = known.EGO_DISTANCES[depth]
    assert _visible(page) == set(expected)
    radii = page.evaluate(RADII)
    assert {sid: d for sid, (d, _) in radii.items()} == expected
    for step in range(depth):
        inner = max(r for d, r in radii.values() if d == step)
        outer = min(r for d, r in radii.values() if d == step + 1)
        assert inner < outer, (step, radii)


def test_ego_page_depth_links(open_page):
    page = open_page(f"/stakeholders/{known.EGO_CENTER}?depth=1")
    page.click('a[data-depth="3"]')
    page.wait_for_url("**depth=3")
    page.wait_for_function("window.gk && window.gk.ready === true")
    assert _visible(page) == set(known.EGO_DISTANCES[3])


# --- group map and grid --------------------------------------------------------------------
def test_group_map_draws_the_volumes_and_dashes_the_missing_links(open_page):
    page = open_page("/map/groups")
    edges = page.evaluate("""Object.values(gk.network.body.edges).map(
        (e) => [e.fromId, e.toId, e.options.label || null, !!e.options.dashes])""")
    volumes = {frozenset(e[:2]): int(e[2]) for e in edges if e[2] is not None}
    assert volumes == known.GROUP_VOLUME
    assert {frozenset(e[:2]) for e in edges if e[3]} == known.MISSING_LINKS
    page.evaluate("gk.network.fit()")
    _settle(page)
    node = page.evaluate("gk.network.canvasToDOM(gk.network.getPosition('ext'))")
    box = page.locator("#gk-map").bounding_box()
    page.mouse.click(box["x"] + node["x"], box["y"] + node["y"])
    page.wait_for_url("**/map?group=ext")
    page.wait_for_function("window.gk && window.gk.ready === true")
    assert _visible(page) == known.SHOWN_BY_GROUP["ext"]


def test_grid_draws_each_person_in_their_row_and_column(open_page):
    page = open_page("/grid")
    cells = page.evaluate("""Array.from(document.querySelectorAll('#grid .cell')).map((c) => {
        const b = c.getBoundingClientRect();
        return {influence: +c.dataset.influence, interest: +c.dataset.interest,
                x: b.x + b.width / 2, y: b.y + b.height / 2,
                ids: Array.from(c.querySelectorAll('[data-id]')).map((a) => a.dataset.id)};
    })""")
    rows = sorted({round(c["y"]) for c in cells})  # top to bottom
    cols = sorted({round(c["x"]) for c in cells})  # left to right
    where = {}
    for c in cells:
        for sid in c["ids"]:
            influence = 5 - rows.index(round(c["y"]))  # drawn position, not the attributes
            interest = 1 + cols.index(round(c["x"]))
            where[sid] = (influence, interest)
            assert (c["influence"], c["interest"]) == (influence, interest)
    assert where == known.GRID
    # the axes say what they are: influence up the side, interest along the bottom
    y_axis = page.locator(".grid-y").bounding_box()
    x_axis = page.locator(".grid-x").bounding_box()
    grid = page.locator("#grid").bounding_box()
    assert "Influence" in page.inner_text(".grid-y") and y_axis["x"] < grid["x"]
    assert "Interest" in page.inner_text(".grid-x") and x_axis["y"] > grid["y"] + grid["height"] - 5
