"""The network map as one self-contained HTML file: to send to a sponsor, to show inline in
Jupyter, to open with no network at all.

The file is the app's network map (:func:`graphkit.visualisations.maps.network_map`: the
same layout, colours, sizes, gap rings and dashed stale ties) with vis-network, its style
and the page script (``visualisations/static/``) written inside it, and a legend. It loads
nothing from anywhere: no CDN, no font, no image outside the file.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from graphkit.model import Snapshot

__all__ = ["NetworkMap", "json_for_script", "map_html", "network_map"]

_STATIC = files("graphkit.visualisations") / "static"

_STYLE = """
body { font: 15px/1.4 system-ui, sans-serif; color: #1d2330; margin: 0; }
header { padding: 12px 20px 4px; }
h1 { font-size: 20px; margin: 0 0 2px; }
.muted { color: #5a6170; }
main { display: flex; gap: 16px; padding: 8px 20px 20px; }
#gk-map { flex: 1; height: 78vh; min-height: 420px; border: 1px solid #c9ced8;
          border-radius: 6px; background: #fff; }
aside { width: 240px; font-size: 14px; }
aside h2 { font-size: 14px; margin: 14px 0 6px; }
.key { display: flex; align-items: center; gap: 6px; margin: 3px 0; }
.swatch { display: inline-block; width: 14px; height: 14px; border-radius: 50%;
          border: 1px solid #4d4d4d; }
svg.mark { width: 18px; height: 18px; }
"""


def _script_text(text: str) -> str:
    """Text that cannot end the <script> element it is written in."""
    return text.replace("</script", "<\\/script").replace("<!--", "<\\!--")


def json_for_script(value: Any) -> str:
    """JSON that is safe inside a <script> element (the pages embed theirs so too)."""
    return (
        json.dumps(value, separators=(",", ":"), default=str)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )


def network_map(
    snapshot: Snapshot, report: dict[str, Any], *, size_by: str = "pagerank"
) -> dict[str, Any]:
    """The map's data (vis-network nodes, edges, options, legend) from a snapshot and its
    analysis report (:func:`graphkit.analysis.report.build_report`'s JSON)."""
    from graphkit.network import build_network
    from graphkit.visualisations import maps

    net = build_network(snapshot)
    people = {row["id"]: row for row in snapshot.stakeholders.to_pylist()}
    group_names = dict(zip(snapshot.groups["id"].to_pylist(), snapshot.groups["name"].to_pylist()))
    drawn: dict[str, Any] = maps.network_map(
        net,
        people=people,
        group_names=group_names,
        metrics=maps.MapMetrics.of(net, report.get("centrality")),
        gaps=report.get("gaps") or [],
        communities=report.get("communities"),
        size_by=size_by if size_by in maps.SIZE_METRICS else "pagerank",
        positions=maps.network_layout(net),
    )
    return drawn


def map_html(data: dict[str, Any], *, title: str = "PMO network map", subtitle: str = "") -> str:
    """One HTML document drawing ``data`` (:func:`network_map`), everything inline."""
    from graphkit.visualisations import maps

    vis = (_STATIC / "vendor" / "vis-network" / "vis-network.min.js").read_text(encoding="utf-8")
    vis_css = (_STATIC / "vendor" / "vis-network" / "vis-network.css").read_text(encoding="utf-8")
    page = (_STATIC / "map.js").read_text(encoding="utf-8")
    groups = "".join(
        f'<div class="key"><span class="swatch" style="background:{html.escape(g["colour"])}">'
        f'</span>{html.escape(str(g["name"]))} <span class="muted">({g.get("members", "")})'
        "</span></div>"
        for g in (data.get("legend") or {}).get("groups") or []
    )
    star = (
        '<svg class="mark" viewBox="0 0 20 20" aria-hidden="true"><polygon points="10,1 '
        '12.6,7 19,7.3 14,11.5 15.8,18 10,14.3 4.2,18 6,11.5 1,7.3 7.4,7" '
        f'fill="{maps.PMO_COLOUR}" stroke="#4d4d4d"/></svg>'
    )
    ring = (
        '<svg class="mark" viewBox="0 0 20 20" aria-hidden="true"><circle cx="10" cy="10" '
        'r="4.5" fill="#bdbdbd" stroke="#4d4d4d"/><circle cx="10" cy="10" r="8" '
        f'fill="none" stroke="{maps.GAP}" stroke-width="2.5"/></svg>'
    )
    dash = (
        '<svg class="mark" viewBox="0 0 20 20" aria-hidden="true"><line x1="1" y1="10" '
        f'x2="19" y2="10" stroke="{maps.GAP}" stroke-width="2.5" stroke-dasharray="4 3"/>'
        "</svg>"
    )
    size_by = html.escape(str(data.get("size_by", "")).replace("_", " "))
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>{vis_css}</style>
<style>{_STYLE}</style>
</head>
<body>
<header><h1>{html.escape(title)}</h1><div class="muted">{html.escape(subtitle)}</div></header>
<main>
<div id="gk-map" class="map" role="img" data-name="network-map" data-fit="stretch"
     aria-label="{html.escape(title)}: stakeholders coloured by group, sized by {size_by};
                 people in a gap ringed, stale ties dashed"></div>
<aside>
<h2>Groups</h2>{groups}
<div class="key">{star} PMO member</div>
<h2>Marks</h2>
<div class="key">{ring} in a gap</div>
<div class="key">{dash} stale tie</div>
<h2>Size</h2><div class="muted">by rank of {size_by}</div>
<p class="muted">Drag to move, scroll to zoom, click a person to light up their ties.</p>
</aside>
</main>
<script id="gk-data" type="application/json">{json_for_script(data)}</script>
<script>{_script_text(vis)}</script>
<script>{_script_text(page)}</script>
</body>
</html>
"""


@dataclass(frozen=True)
class NetworkMap:
    """A drawn map: ``html`` is the whole self-contained file; in Jupyter it shows inline
    (in an iframe of its own, so its script and style stay apart from the notebook's)."""

    html: str

    def save(self, path: str | Path) -> Path:
        """Write the file (readable by its owner only: it names people)."""
        from graphkit.files import private_files

        out = Path(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        with private_files():
            out.write_text(self.html, encoding="utf-8")
        return out

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{html.escape(self.html, quote=True)}" '
            'style="width:100%;height:640px;border:0" '
            'sandbox="allow-scripts allow-downloads"></iframe>'
        )
