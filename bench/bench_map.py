"""The network map in real headless Chromium: first draw and how much of the canvas it fills.

For each demo size (2,000 and 5,000 stakeholders by default) a store is filled, a real
uvicorn server started on it, and Chromium (``/usr/bin/chromium``) opens ``/map`` through
the login form, twice: *cold* (the server has computed nothing yet) and *warm* (its map
data is cached). Printed per run:

- ``draw``: navigation start → the map's first ``afterDrawing`` (``gk.firstDrawMs``), and
  the wall time of ``page.goto`` → ready;
- ``data``: time and size (bytes as sent, gzip) of ``/map/data.json``;
- ``fill``: the share of the canvas covered by the bounding box of the largest connected
  component (computed here with igraph from the store, independently of the page), and
  its share of the canvas width and height;
- ``radius``: the smallest and median on-screen node radius after the first fit, and
  after filtering to the smallest group (a filter must leave visible nodes).

Screenshots go to ``test-artifacts/bench-map-<size>-*.png`` (git-ignored).
Aims (issue 9): the largest component fills at least half the canvas, first draw < 3 s.

    python bench/bench_map.py [--sizes 2000 5000] [--runs 3] [--viewport 1400x900]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "api"))
sys.path.insert(0, str(ROOT))

import httpx
from api_testkit import ADMIN, ARTIFACTS, Server, free_port, load_demo

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# On-screen geometry of the drawn map, measured in the page (canvas pixels = CSS pixels).
GEOMETRY = """(ids) => {
  const net = gk.network, box = document.querySelector('#gk-map').getBoundingClientRect();
  const shown = new Set(gk.visibleIds().map(String));
  const scale = net.getScale();
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  const pos = net.getPositions(ids.filter((i) => shown.has(i)));
  for (const id in pos) {
    const p = net.canvasToDOM(pos[id]);
    x0 = Math.min(x0, p.x); y0 = Math.min(y0, p.y); x1 = Math.max(x1, p.x); y1 = Math.max(y1, p.y);
  }
  const radii = gk.visibleIds().map((id) => net.body.nodes[id].options.size * scale)
    .sort((a, b) => a - b);
  const w = Math.max(0, Math.min(x1, box.width) - Math.max(x0, 0));
  const h = Math.max(0, Math.min(y1, box.height) - Math.max(y0, 0));
  return {fill: (w * h) / (box.width * box.height), width: w / box.width,
          height: h / box.height, scale: scale, shown: radii.length,
          rmin: radii[0], rmed: radii[Math.floor(radii.length / 2)]};
}"""


def _store_facts(store: Path) -> tuple[list[str], str, int]:
    """The largest connected component's ids, and the smallest group with its size."""
    from collections import Counter

    from graphkit.network import build_network
    from graphkit.settings import Settings
    from graphkit.store import open_store

    with open_store(str(store), Settings(store=str(store))) as s:
        net = build_network(s.snapshot())
    comps = net.graph.connected_components()
    biggest = max(range(len(comps)), key=lambda c: len(comps[c]))
    counts = Counter(g for g in net.group.tolist() if g)
    gid = min(counts, key=lambda g: counts[g])
    return [str(net.ids[v]) for v in comps[biggest]], gid, counts[gid]


def _open_map(browser, base: str, token: str, viewport: tuple[int, int]):
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    page.set_default_timeout(600_000)
    page.goto(base + "/login?next=/grid")  # a page that computes no analysis
    page.fill("#token", token)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/grid")
    start = time.perf_counter()
    page.goto(base + "/map")
    page.wait_for_function("window.gk && window.gk.ready === true", timeout=600_000)
    wall = time.perf_counter() - start
    first = page.evaluate("window.gk.firstDrawMs || null")
    t = page.evaluate("window.gk.timings || {}")
    page.timings = {  # type: ignore[attr-defined]
        "server": (t.get("response", 0) - t.get("start", 0)) / 1000,
        "parse": (t.get("parsed", 0) - t.get("response", 0)) / 1000,
        "build": (t.get("network", 0) - t.get("parsed", 0)) / 1000,
        "paint": ((first or 0) - t.get("network", 0)) / 1000,
    }
    return context, page, wall, first


def bench_size(browser, size: int, runs: int, viewport: tuple[int, int]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "net.lbug"
        load_demo(store, size=size)
        largest, gid, members = _store_facts(store)
        results: dict[str, list[float]] = {}
        for run in range(runs):
            server = Server(store, free_port()).start(timeout=120)
            try:
                admin = {"Authorization": f"Bearer {ADMIN}"}
                token = httpx.post(
                    server.url + "/api/tokens",
                    json={"role": "viewer", "name": "bench"},
                    headers=admin,
                ).json()["token"]
                for phase in ("cold", "warm"):
                    context, page, wall, first = _open_map(browser, server.url, token, viewport)
                    geo = page.evaluate(GEOMETRY, largest)
                    t0 = time.perf_counter()
                    r = httpx.get(
                        server.url + "/map/data.json",
                        headers={"Authorization": f"Bearer {token}", "Accept-Encoding": "gzip"},
                        timeout=600,
                    )
                    data_s = time.perf_counter() - t0
                    sent = r.num_bytes_downloaded
                    for key, value in (
                        ("wall", wall),
                        ("first", (first or 0) / 1000),
                        ("fill", geo["fill"]),
                        ("width", geo["width"]),
                        ("height", geo["height"]),
                        ("rmin", geo["rmin"]),
                        ("rmed", geo["rmed"]),
                        ("data_warm_s", data_s),
                        ("bytes", sent),
                        *page.timings.items(),
                    ):
                        results.setdefault(f"{phase}_{key}", []).append(float(value))
                    if run == 0:
                        ARTIFACTS.mkdir(parents=True, exist_ok=True)
                        page.screenshot(path=str(ARTIFACTS / f"bench-map-{size}-{phase}.png"))
                    if phase == "warm" and page.locator("#gk-only").count():
                        page.select_option("#gk-only", gid)
                        page.wait_for_function(
                            f"gk.visibleIds().length === {members}", timeout=60_000
                        )
                        page.wait_for_timeout(700)  # the re-fit's animation
                        filt = page.evaluate(GEOMETRY, [])
                        results.setdefault("filtered_rmin", []).append(filt["rmin"])
                        results.setdefault("filtered_scale", []).append(filt["scale"])
                        if run == 0:
                            page.screenshot(path=str(ARTIFACTS / f"bench-map-{size}-filtered.png"))
                    context.close()
            finally:
                server.stop()
        timed = ("_first", "_wall", "_s", "_server", "_parse", "_build", "_paint")
        return {
            k: min(v) if k.endswith(timed) else statistics.median(v) for k, v in results.items()
        }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--viewport", default="1400x900")
    args = parser.parse_args(argv)
    viewport = tuple(int(x) for x in args.viewport.split("x"))
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            print(
                f"viewport {viewport[0]}x{viewport[1]}, {args.runs} runs "
                "(times: minimum; shares and radii: median)"
            )
            for size in args.sizes:
                r = bench_size(browser, size, args.runs, viewport)
                for phase in ("cold", "warm"):
                    print(
                        f"{size:>6} {phase}: first draw {r[f'{phase}_first']:.2f} s "
                        f"(goto→ready {r[f'{phase}_wall']:.2f} s) · data.json "
                        f"{r[f'{phase}_bytes'] / 1e6:.2f} MB sent, warm GET "
                        f"{r[f'{phase}_data_warm_s']:.2f} s · largest component fills "
                        f"{r[f'{phase}_fill']:.0%} of the canvas "
                        f"({r[f'{phase}_width']:.0%} wide, {r[f'{phase}_height']:.0%} high)"
                        f" · node radius min {r[f'{phase}_rmin']:.1f} px, median "
                        f"{r[f'{phase}_rmed']:.1f} px"
                    )
                    print(
                        f"{'':>6} {phase} split: data.json {r[f'{phase}_server']:.2f} s, "
                        f"parse {r[f'{phase}_parse']:.2f} s, vis-network set-up "
                        f"{r[f'{phase}_build']:.2f} s, first paint {r[f'{phase}_paint']:.2f} s"
                    )
                if "filtered_rmin" in r:
                    print(
                        f"{size:>6} smallest group alone: node radius min "
                        f"{r['filtered_rmin']:.1f} px (zoom {r['filtered_scale']:.3f})"
                    )
                ok = r["cold_first"] < 3 and r["warm_first"] < 3 and r["warm_fill"] >= 0.5
                print(
                    f"{size:>6} aims (first draw < 3 s, fill >= 50%): {'met' if ok else 'NOT met'}"
                )
        finally:
            browser.close()


if __name__ == "__main__":
    main()
