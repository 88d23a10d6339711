"""The map data, ego, group map and grid on a network known by hand (``map_network``).

Every expectation comes from ``map_network`` (worked out by hand) or from NetworkX, never
from the code under test. The same network is drawn in Chromium in ``test_map_browser``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import map_network as known
import networkx as nx
import pytest
from api_testkit import ADMIN, settings_for
from fastapi.testclient import TestClient

from graphkit.api.main import create_app
from graphkit.model import CENTRALITY_MEASURES
from graphkit.store import open_store
from graphkit.visualisations import maps

ADMIN_HEADERS = {"Authorization": f"Bearer {ADMIN}"}


def _fill(store: Path) -> None:
    with open_store(str(store), settings_for(store)) as s:
        s.apply(known.change())


@pytest.fixture(scope="module")
def known_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("known") / "net.lbug"
    _fill(store)
    return store


@pytest.fixture
def client(known_store: Path) -> Iterator[TestClient]:
    """A fresh app (nothing computed yet) over the known network."""
    with TestClient(create_app(settings_for(known_store))) as c:
        c.headers.update(ADMIN_HEADERS)
        yield c


def _map(client: TestClient, query: str = "") -> dict:
    r = client.get("/map/data.json" + query)
    assert r.status_code == 200
    return r.json()


def _embedded(html: str) -> dict:
    found = re.search(
        r'<script id="gk-data" type="application/json">(.*?)</script>', html, re.DOTALL
    )
    assert found, "the page embeds its map data"
    return json.loads(found.group(1))


def _reference() -> nx.Graph:
    G = nx.Graph()
    G.add_nodes_from(known.EVERYONE)
    G.add_edges_from(tuple(p) for p in known.TIES)
    return G


# --- the network map -----------------------------------------------------------------------
def test_map_rings_exactly_the_people_a_gap_names(client):
    data = _map(client)
    assert {n["id"] for n in data["nodes"]} == known.EVERYONE
    assert {n["id"] for n in data["nodes"] if n["gk_gap"]} == known.RINGED
    assert data["gap_people"] == len(known.RINGED)


def test_map_dashes_exactly_the_stale_ties(client):
    data = _map(client)
    assert {known.pair(e) for e in data["edges"]} == known.TIES
    dashed = {known.pair(e) for e in data["edges"] if e.get("dashes")}
    assert dashed == known.STALE_PAIRS
    assert {known.pair(e) for e in data["edges"] if e.get("gk_stale")} == known.STALE_PAIRS
    assert data["stale_ties"] == len(known.STALE_PAIRS)


def test_map_marks_exactly_the_pmo_as_stars(client):
    data = _map(client)
    assert {n["id"] for n in data["nodes"] if n["shape"] == "star"} == known.PMO
    assert {n["id"] for n in data["nodes"] if n["gk_pmo"]} == known.PMO
    fills = {n["color"]["background"] for n in data["nodes"] if n["gk_pmo"]}
    assert fills == {data["legend"]["pmo"]["colour"]}
    assert data["legend"]["pmo"]["members"] == 2


def test_map_colours_one_per_group_and_lists_them_in_the_legend(client):
    data = _map(client)
    by_group: dict[str, set[str]] = {}
    for n in data["nodes"]:
        if not n["gk_pmo"]:
            by_group.setdefault(n["gk_group"], set()).add(n["color"]["background"])
    assert set(by_group) == {"ops", "fin", "ext"}
    assert all(len(c) == 1 for c in by_group.values())
    assert len({c.pop() for c in by_group.values()}) == 3
    legend = {g["id"]: g["members"] for g in data["legend"]["groups"]}
    assert legend == {"ops": 3, "fin": 2, "ext": 3}  # Quinn (PMO, in ops) is drawn as PMO


def test_every_node_carries_what_the_filters_read(client):
    nodes = {n["id"]: n for n in _map(client)["nodes"]}
    for pid, name, group, pmo, stance, influence, interest in known.PEOPLE:
        n = nodes[pid]
        assert (
            n["label"],
            n["gk_group"] or None,
            n["gk_pmo"],
            n["gk_stance"],
            n["gk_influence"],
            n["gk_interest"],
        ) == (name, group, pmo, stance, influence, interest)


def test_sizes_follow_the_rank_of_the_chosen_measure(client):
    degree = dict(_reference().degree())
    data = _map(client, "?size=degree")
    size = {n["id"]: n["size"] for n in data["nodes"] if not n["gk_pmo"]}
    # a higher degree never gets a smaller node; equal degrees the same size
    for a, size_a in size.items():
        for b, size_b in size.items():
            if degree[a] > degree[b]:
                assert size_a > size_b, (a, b)
            if degree[a] == degree[b]:
                assert size_a == size_b
    ranks = {n["id"]: n["gk_rank"] for n in data["nodes"]}
    assert min(ranks, key=ranks.get) == known.MOST_CENTRAL
    assert sorted(ranks.values()) == list(range(len(ranks)))
    examples = data["legend"]["size"]["examples"]
    assert examples[0]["value"] == min(degree.values())
    assert examples[-1]["value"] == max(degree.values())


def test_size_by_rank_separates_people_on_a_heavy_tailed_measure():
    import numpy as np

    # one hub far above everyone else, as broadcast-style ties give a PMO member
    values = np.concatenate([[1000.0], np.linspace(0.1, 1.0, 199)])
    sizes = maps.size_scale("betweenness", values).sizes
    near_minimum = sizes <= sizes.min() + 0.05 * (sizes.max() - sizes.min())
    assert near_minimum.sum() <= 11  # 5% of 200, plus ties at the bottom
    assert len(set(sizes.tolist())) == 200


def test_map_waits_for_no_all_pairs_pass_unless_asked(client):
    service = client.app.state.service
    data = _map(client)  # PageRank costs nothing: computed from the network directly
    assert data["size_by"] == "pagerank" and data["sized_by_report"] is False
    assert not service.part_state("centrality").ready
    page = client.get("/map").text
    assert "computes the analysis" in page  # betweenness & co. say what choosing them costs
    data = _map(client, "?size=betweenness")
    assert data["size_by"] == "betweenness" and data["sized_by_report"] is True
    assert service.part_state("centrality").ready
    # once computed, the default map is sized by the report too
    assert _map(client)["sized_by_report"] is True


def test_pagerank_sizes_before_and_after_the_report_agree(client):
    before = {n["id"]: n["size"] for n in _map(client)["nodes"]}
    client.get("/api/analysis/centrality")
    after = {n["id"]: n["size"] for n in _map(client)["nodes"]}
    assert before == after


def test_communities_colour_key_matches_the_report(client):
    data = _map(client)
    membership = client.get("/api/analysis/communities").json()["membership"]
    assert {n["id"]: n["gk_community"] for n in data["nodes"]} == membership
    keyed = {c["id"] for c in data["legend"]["communities"]}
    assert keyed == set(membership.values())


def test_layout_keeps_isolated_people_close_to_the_network(client):
    data = _map(client)
    xy = {n["id"]: (n["x"], n["y"]) for n in data["nodes"]}
    main = [xy[i] for i in known.EVERYONE - {"i1"}]
    xs, ys = [p[0] for p in main], [p[1] for p in main]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    ivy = xy["i1"]
    # beside the main component, within a few spacings of its box
    assert min(xs) - 3 * maps.UNIT <= ivy[0] <= max(xs) + 3 * maps.UNIT
    assert min(ys) - 3 * maps.UNIT <= ivy[1] <= max(ys) + 3 * maps.UNIT
    assert width > 0 and height > 0


def test_layout_packs_many_components_beside_the_largest():
    import igraph as ig
    import numpy as np

    # a 400-person component, 40 pairs and 200 isolated people
    big = ig.Graph.Erdos_Renyi(n=400, m=1600)
    g = big.disjoint_union(ig.Graph(n=80, edges=[(2 * i, 2 * i + 1) for i in range(40)]))
    g = g.disjoint_union(ig.Graph(n=200))
    xy = maps.layout(g)
    comps = g.connected_components()
    largest = max(comps, key=len)
    main = xy[largest]
    box = np.ptp(main, axis=0)
    everyone = np.ptp(xy, axis=0)
    # the largest component keeps at least half of the whole picture's area
    assert box[0] * box[1] >= 0.5 * everyone[0] * everyone[1]
    # no two people on the same spot
    assert len({(round(x), round(y)) for x, y in xy}) == g.vcount()


# --- contrast ------------------------------------------------------------------------------
def _luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance, written out here independently of the code."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_wcag_formula_reference_values():
    assert _contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert _contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_non_text_contrast_of_every_mark_is_at_least_3_to_1(client):
    data = _map(client)
    marks = data["legend"]["marks"]
    background = marks["background"]
    ring = marks["gap"]
    fills = set(maps.PALETTE) | {marks["no_group"], marks["other_community"]}
    fills |= {n["color"]["background"] for n in data["nodes"] if not n["gk_pmo"]}
    fills |= {c["colour"] for c in data["legend"]["communities"]}
    for fill in fills:  # the ring next to any fill a person can have
        assert _contrast(ring, fill) >= 3, (ring, fill)
    for mark in (ring, marks["outline"], marks["tie"], data["legend"]["pmo"]["colour"]):
        assert _contrast(mark, background) >= 3, mark  # against the canvas
    stale = {e["color"]["color"] for e in data["edges"] if e.get("gk_stale")}
    assert stale and all(_contrast(c, background) >= 3 for c in stale)
    # Senior Leadership's brown of the old palette: the failure the issue reported
    assert _contrast("#d62728", "#8c564b") < 3


# --- ego -----------------------------------------------------------------------------------
@pytest.mark.parametrize("depth", [1, 2, 3])
def test_ego_distances_per_depth(client, depth):
    expected = known.EGO_DISTANCES[depth]
    reference = nx.single_source_shortest_path_length(_reference(), known.EGO_CENTER, cutoff=depth)
    assert reference == expected  # the hand-worked answer agrees with NetworkX
    api = client.get(f"/api/stakeholders/{known.EGO_CENTER}/ego?depth={depth}").json()
    assert {n["id"]: n["distance"] for n in api["nodes"]} == expected
    assert api["total"] == len(expected) and not api["truncated"]
    html = client.get(f"/stakeholders/{known.EGO_CENTER}?depth={depth}").text
    page = {n["id"]: n["gk_distance"] for n in _embedded(html)["nodes"]}
    assert page == expected
    for step in range(1, depth + 1):
        people = sum(1 for d in expected.values() if d == step)
        assert re.search(rf'data-step="{step}"><div class="n">{people}</div>', html)


def test_ego_touchpoints_are_those_among_the_people_listed(client):
    api = client.get(f"/api/stakeholders/{known.EGO_CENTER}/ego?depth=1").json()
    listed = {n["id"] for n in api["nodes"]}
    expected = {t[0] for t in known.TOUCHPOINTS if {t[1], t[2]} <= listed}
    assert {t["id"] for t in api["touchpoints"]} == expected


def test_ego_cap_keeps_the_strongest_ties_and_counts_everyone(client):
    api = client.get(f"/api/stakeholders/{known.EGO_CENTER}/ego?depth=2&limit=3").json()
    assert {n["id"] for n in api["nodes"]} == known.EGO_CAPPED_AT_3
    assert api["truncated"] and api["total"] == len(known.EGO_DISTANCES[2])
    steps = {s["step"]: (s["people"], s["drawn"]) for s in api["steps"]}
    assert steps == {1: (3, 2), 2: (3, 0)}
    # per group at two steps: Quinn (ops), Eve (fin), Fay (ext)
    assert api["steps"][1]["by_group"] == {"ops": 1, "fin": 1, "ext": 1}


def test_ego_page_answers_without_the_centrality_and_says_so(client):
    service = client.app.state.service
    html = client.get("/stakeholders/p1").text
    assert not service.part_state("centrality").ready  # nothing all-pairs was computed
    assert 'data-metric="degree"><div class="n">5</div>' in html
    assert 'data-metric="weighted_degree"' in html and 'data-metric="betweenness"' not in html
    assert 'id="metrics-pending"' in html
    api = client.get("/api/stakeholders/p1/ego").json()
    assert api["metrics"]["degree"] == 5 and "betweenness" in api["metrics_pending"]
    client.get("/api/analysis/centrality")
    html = client.get("/stakeholders/p1").text
    for key in CENTRALITY_MEASURES:
        assert f'data-metric="{key}"' in html
    assert 'id="metrics-pending"' not in html
    api = client.get("/api/stakeholders/p1/ego").json()
    assert api["metrics_pending"] == []
    weighted = nx.Graph()
    weighted.add_nodes_from(known.EVERYONE)
    for _, s, t, _, cadence, _ in known.TOUCHPOINTS:  # weight: touches a month
        w = weighted.get_edge_data(s, t, {"weight": 0.0})["weight"] + 30 / cadence
        weighted.add_edge(s, t, weight=w, distance=1 / w)
    expected = nx.betweenness_centrality(weighted, weight="distance")["p1"]
    assert api["metrics"]["id"] == "p1"
    assert api["metrics"]["betweenness"] == pytest.approx(expected, abs=1e-9)
    assert api["metrics"]["weighted_degree"] == pytest.approx(
        weighted.degree("p1", weight="weight"), abs=1e-9
    )


def test_ego_page_depth_is_chosen_on_the_page(client):
    html = client.get(f"/stakeholders/{known.EGO_CENTER}?depth=3").text
    for d in (1, 2, 3):
        assert f'href="?depth={d}"' in html
    assert re.search(r'aria-current=page data-depth="3"', html)
    clamped = client.get(f"/stakeholders/{known.EGO_CENTER}?depth=9").text
    assert {n["id"]: n["gk_distance"] for n in _embedded(clamped)["nodes"]} == known.EGO_DISTANCES[
        3
    ]


def test_ego_page_summary_counts_per_group_and_step(client):
    html = client.get(f"/stakeholders/{known.EGO_CENTER}?depth=3").text
    table = html[html.index('id="ego-summary"') :]
    table = table[: table.index("</table>")]
    counts: dict[tuple[str, int], int] = {}
    rows = re.findall(r'<tr data-group="([^"]+)">(.*?)</tr>', table, re.DOTALL)
    for gid, cells in rows:
        for step, n in re.findall(r'data-step="(\d)">(\d+)<', cells):
            counts[(gid, int(step))] = int(n)
    group = {p[0]: p[2] or ("(pmo)" if p[3] else "(none)") for p in known.PEOPLE}
    expected: dict[tuple[str, int], int] = {}
    for sid, d in known.EGO_DISTANCES[3].items():
        if d:
            expected[(group[sid], d)] = expected.get((group[sid], d), 0) + 1
    assert {k: v for k, v in counts.items() if v} == expected


# --- group map -----------------------------------------------------------------------------
def test_group_map_volumes_within_and_missing_links(client):
    html = client.get("/map/groups").text
    data = _embedded(html)
    volume = {known.pair(e): e["gk_volume"] for e in data["edges"] if "gk_volume" in e}
    assert volume == known.GROUP_VOLUME
    assert {
        known.pair(e): int(e["label"]) for e in data["edges"] if "gk_volume" in e
    } == known.GROUP_VOLUME
    missing = {known.pair(e) for e in data["edges"] if e.get("gk_missing")}
    assert missing == known.MISSING_LINKS
    assert all(e.get("dashes") for e in data["edges"] if e.get("gk_missing"))
    assert not any(e.get("dashes") for e in data["edges"] if not e.get("gk_missing"))
    assert {n["id"]: n["gk_members"] for n in data["nodes"]} == known.GROUP_MEMBERS
    assert {n["id"]: n["gk_within"] for n in data["nodes"]} == known.GROUP_WITHIN
    # and the table under the map says the same
    rows = re.findall(r'<tr data-pair="([^"]+)">.*?<td class="num">(\d+)</td>', html)
    assert {frozenset(p.split("|")): int(n) for p, n in rows} == known.GROUP_VOLUME


def test_group_map_volumes_equal_a_count_over_the_touchpoints(client):
    people = {p["id"]: p for p in client.get("/api/stakeholders").json()["items"]}
    tps = client.get("/api/touchpoints").json()["items"]

    def node(sid: str) -> str:
        p = people[sid]
        return p["group"] or ("(pmo)" if p["is_pmo"] else "(none)")

    counted: dict[frozenset, int] = {}
    for t in tps:
        a, b = node(t["source"]), node(t["target"])
        if a != b:
            counted[frozenset((a, b))] = counted.get(frozenset((a, b)), 0) + 1
    data = _embedded(client.get("/map/groups").text)
    assert {known.pair(e): e["gk_volume"] for e in data["edges"] if "gk_volume" in e} == counted


# --- grid ----------------------------------------------------------------------------------
def _cells(html: str) -> dict[str, tuple[int, int]]:
    where: dict[str, tuple[int, int]] = {}
    for inf, intr, body in re.findall(
        r'data-influence="(\d)" data-interest="(\d)"[^>]*>(.*?)</div>', html, re.DOTALL
    ):
        for sid in re.findall(r'data-id="([^"]+)"', body):
            assert sid not in where, f"{sid} sits in two cells"
            where[sid] = (int(inf), int(intr))
    return where


def test_grid_puts_each_person_in_their_cell(client):
    html = client.get("/grid").text
    assert _cells(html) == known.GRID
    unknown = html[html.index("Influence or interest unknown") :]
    assert set(re.findall(r'data-id="([^"]+)"', unknown)) == known.GRID_UNKNOWN
    # rows run from influence 5 at the top to 1; columns interest 1 to 5
    order = re.findall(r'data-influence="(\d)" data-interest="(\d)"', html)
    assert order[:5] == [("5", str(i)) for i in range(1, 6)]
    assert order[-5:] == [("1", str(i)) for i in range(1, 6)]
    # quadrant counts by hand: influence and interest 3+ is "manage closely"
    expected = {"manage_closely": 0, "keep_satisfied": 0, "keep_informed": 0, "monitor": 0}
    for inf, intr in known.GRID.values():
        key = (
            ("manage_closely" if intr >= 3 else "keep_satisfied")
            if inf >= 3
            else ("keep_informed" if intr >= 3 else "monitor")
        )
        expected[key] += 1
    assert f"Manage closely: {expected['manage_closely']}" in html
    assert f"keep satisfied: {expected['keep_satisfied']}" in html


def test_grid_cell_lists_everyone_in_it(client):
    html = client.get("/grid?influence=5&interest=1").text
    section = html[html.index('id="cell"') : html.index('class="gridwrap"')]
    assert set(re.findall(r'data-id="([^"]+)"', section)) == {
        s for s, cell in known.GRID.items() if cell == (5, 1)
    }


def test_a_write_that_leaves_the_ties_alone_keeps_every_position(known_store, tmp_path):
    import shutil

    store = tmp_path / "copy.lbug"
    if known_store.is_dir():
        shutil.copytree(known_store, store)
    else:
        shutil.copy(known_store, store)
    with TestClient(create_app(settings_for(store))) as c:
        c.headers.update(ADMIN_HEADERS)
        before = {n["id"]: (n["x"], n["y"]) for n in _map(c)["nodes"]}
        r = c.patch("/api/stakeholders/a2", json={"stance": "critic"})
        assert r.status_code == 200
        after = _map(c)
        assert {n["id"]: n["gk_stance"] for n in after["nodes"]}["a2"] == "critic"  # new data
        assert {n["id"]: (n["x"], n["y"]) for n in after["nodes"]} == before  # same layout
        r = c.post("/api/touchpoints", json={"source": "i1", "target": "e2", "vehicle": "chat"})
        assert r.status_code == 201
        moved = {n["id"]: (n["x"], n["y"]) for n in _map(c)["nodes"]}
        assert moved != before  # Ivy joined the network: laid out again
