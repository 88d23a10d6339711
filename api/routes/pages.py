"""The pages: login, dashboard, maps, gaps, plan and grid (HTML, Jinja2 templates).

Pages accept a Bearer token or the session cookie set by ``/login``; without either they
redirect to ``/login``. Everything they load comes from ``/static``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from importlib.resources import files
from typing import Any
from urllib.parse import urlsplit

import numpy as np
from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from graphkit.api.deps import SESSION_COOKIE, get_service, get_tokens, page_viewer
from graphkit.api.errors import ApiError
from graphkit.api.responses import cached_bytes
from graphkit.api.service import NetworkService
from graphkit.analysis import ego as ego_mod
from graphkit.analysis.ego import Ego
from graphkit.api.tokens import Principal, TokenStore
from graphkit.network import Network
from graphkit.visualisations import maps

TEMPLATES = Jinja2Templates(directory=str(files("graphkit.visualisations") / "templates"))
SEVERITIES = ("high", "medium", "low")

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") \
            or "\\" in target:
        return "/"
    return target


def _json_for_script(value: Any) -> str:
    """JSON that is safe inside a <script> element."""
    return (json.dumps(value, separators=(",", ":"), default=str)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _page(request: Request, name: str, user: Principal, status_code: int = 200,
          **context: Any) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(request, name, {"user": user, **context},
                                      status_code=status_code)


# --- login -----------------------------------------------------------------------------------
@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> HTMLResponse:
    return TEMPLATES.TemplateResponse(request, "login.html",
                                      {"next": _safe_next(next), "error": None, "user": None})


@router.post("/login")
def login(request: Request, token: str = Form(""), next: str = Form("/"),
          tokens: TokenStore = Depends(get_tokens)) -> Response:
    principal = tokens.verify(token.strip())
    if principal is None:
        return TEMPLATES.TemplateResponse(
            request, "login.html", {"next": _safe_next(next), "user": None,
                                    "error": "That token is not valid (or was revoked)."},
            status_code=401)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(SESSION_COOKIE, tokens.open_session(principal), httponly=True,
                        samesite="lax", secure=request.url.scheme == "https",
                        max_age=12 * 3600, path="/")
    return response


@router.post("/logout")
def logout(request: Request, tokens: TokenStore = Depends(get_tokens)) -> Response:
    tokens.close_session(request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


# --- API docs, behind the same login -----------------------------------------------------
@router.get("/openapi.json")
def openapi(request: Request, _: Principal = Depends(page_viewer)) -> JSONResponse:
    return JSONResponse(request.app.openapi())


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request, user: Principal = Depends(page_viewer)) -> HTMLResponse:
    spec = request.app.openapi()
    operations = []
    for path, item in spec.get("paths", {}).items():
        for method, op in item.items():
            operations.append({"method": method.upper(), "path": path,
                               "summary": op.get("summary", ""),
                               "tag": (op.get("tags") or ["other"])[0],
                               "description": op.get("description", "")})
    return _page(request, "docs.html", user, operations=operations,
                 description=spec.get("info", {}).get("description", ""))


# --- pages -------------------------------------------------------------------------------
def _as_of(as_of: str | None) -> dt.date | None:
    if not as_of:
        return None
    try:
        return dt.date.fromisoformat(as_of)
    except ValueError:
        raise ApiError(422, "invalid", f"as_of must be an ISO date, not {as_of!r}") from None


def _names(service: NetworkService) -> tuple[dict[str, str], dict[str, str]]:
    people = service.cached("people-names", lambda: {
        i["id"]: i["name"] for i in service.items("stakeholders")})
    groups = service.cached("group-names", lambda: {
        i["id"]: i["name"] for i in service.items("groups")})
    return people, groups


def _net(service: NetworkService) -> Network:
    """The snapshot's network (built once per data version; no analysis needed)."""
    net: Network = service.analysis().net
    return net


def _group_names(service: NetworkService) -> dict[str, str]:
    return {g["id"]: g["name"] for g in service.items("groups")}


def _cheap_metrics(service: NetworkService) -> dict[str, np.ndarray]:
    """Degree, weighted degree, PageRank and eigenvector centrality straight from the
    network (well under a second at 10^5 stakeholders), as the report defines them."""
    from graphkit.analysis import centrality

    def build() -> dict[str, np.ndarray]:
        net = _net(service)
        return {"degree": centrality.degree(net).astype(float),
                "weighted_degree": centrality.weighted_degree(net),
                "pagerank": centrality.pagerank(net), "eigenvector": centrality.eigenvector(net)}
    return service.cached("map-cheap-metrics", build)  # type: ignore[no-any-return]


def _map_metrics(service: NetworkService, size: str) -> maps.MapMetrics:
    """The report's centrality when it is computed (or the measure asked for needs it),
    else the cheap measures: the map never waits for an all-pairs pass it was not asked
    for."""
    state = service.part_state("centrality")
    rows = state.value if state.ready else (
        service.part("centrality") if size not in maps.CHEAP_METRICS else None)
    return maps.MapMetrics.of(_net(service), rows, None if rows else _cheap_metrics(service))


def _all_gaps(service: NetworkService) -> list[dict[str, Any]]:
    """Every gap, not only the report's first ``gap_limit``: the map rings and dashes all."""
    gaps: list[dict[str, Any]] = service.all_gaps()
    return gaps


def _map_json(service: NetworkService, size: str) -> bytes:
    net = _net(service)
    metrics = _map_metrics(service, size)
    positions = maps.network_layout(net)
    data = maps.network_map(
        net, people=service.index("stakeholders"), group_names=_group_names(service),
        metrics=metrics, gaps=_all_gaps(service), communities=service.part("communities"),
        size_by=size, positions=positions)
    return _json_for_script(data).encode("utf-8")


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, user: Principal = Depends(page_viewer),
              service: NetworkService = Depends(get_service)) -> HTMLResponse:
    gaps = service.part("gaps") or {}
    summary = gaps.get("summary") or {}
    by_severity = summary.get("by_severity") or {}
    by_kind = sorted(((k, n) for k, n in (summary.get("by_kind") or {}).items() if n),
                     key=lambda kv: -kv[1])
    centrality = service.part("centrality") or []
    top = sorted(centrality, key=lambda r: -(r.get("pagerank") or 0))[:10]
    brokers = sorted(centrality, key=lambda r: -(r.get("betweenness") or 0))[:10]
    plan = service.part("plan") or {}
    _, groups = _names(service)
    return _page(request, "dashboard.html", user, counts=service.counts(),
                 network=service.part("network") or {}, complexity={},
                 by_severity=[(s, by_severity.get(s, 0)) for s in SEVERITIES],
                 by_kind=by_kind, top=top, brokers=brokers, groups=groups,
                 as_of=(service.part("options") or {}).get("as_of"),
                 plan_count=plan.get("total_actions", len(plan.get("actions") or [])))


STANCES = ("champion", "supporter", "neutral", "sceptic", "critic", "unknown")
METRIC_NAMES = {"pagerank": "PageRank", "degree": "degree", "weighted_degree": "weighted degree",
                "betweenness": "betweenness", "closeness": "closeness", "harmonic": "harmonic",
                "eigenvector": "eigenvector"}


@router.get("/map", response_class=HTMLResponse)
def network_map(request: Request, size: str = Query("pagerank"),
                group: list[str] = Query(default_factory=list),
                user: Principal = Depends(page_viewer),
                service: NetworkService = Depends(get_service)) -> HTMLResponse:
    """The page; its data comes from /map/data.json (cached and gzipped per version)."""
    size = size if size in maps.SIZE_METRICS else "pagerank"
    members = service.cached("group-members", lambda: Counter(
        i["group"] for i in service.items("stakeholders") if i["group"] and not i["is_pmo"]))
    pmo = service.cached("pmo-members", lambda: sum(
        1 for i in service.items("stakeholders") if i["is_pmo"]))
    no_group = service.cached("no-group", lambda: sum(
        1 for i in service.items("stakeholders") if not i["group"] and not i["is_pmo"]))
    legend = [{"id": g["id"], "name": g["name"], "colour": c, "members": members[g["id"]]}
              for g, c in _group_colours(service) if members[g["id"]]]
    legend.sort(key=lambda g: -g["members"])
    ready = service.part_state("centrality").ready
    metrics = [{"id": m, "name": METRIC_NAMES[m],
                "pending": not ready and m not in maps.CHEAP_METRICS} for m in maps.SIZE_METRICS]
    return _page(request, "map.html", user, legend=legend, size=size,
                 size_name=METRIC_NAMES[size], data_src=f"/map/data.json?size={size}",
                 metrics=metrics, selected=group, title="Network map", pmo=pmo,
                 no_group=no_group, stances=STANCES, pmo_colour=maps.PMO_COLOUR,
                 no_group_colour=maps.NO_GROUP, gap_colour=maps.GAP, tie_colour=maps.TIE,
                 total=service.counts().get("stakeholders", 0))


def _group_colours(service: NetworkService) -> list[tuple[dict[str, Any], str]]:
    """Groups with their map colours (the same assignment as the map data's)."""
    items = list(service.items("groups"))
    declared = {g["id"] for g in items}
    items += [{"id": gid, "name": gid} for gid in sorted(
        {i["group"] for i in service.items("stakeholders") if i["group"]} - declared)]
    colours = maps.group_colours([g["id"] for g in items])
    return [(g, colours[g["id"]]) for g in items]


@router.get("/map/data.json")
def network_map_data(request: Request, size: str = Query("pagerank"),
                     _: Principal = Depends(page_viewer),
                     service: NetworkService = Depends(get_service)) -> Response:
    """The network map's nodes, edges and options (vis-network), laid out on the server.

    Sized by the report's centrality once it is computed; before that by the measures
    that cost nothing (PageRank, degree…), unless the size asked for needs the report.
    """
    size = size if size in maps.SIZE_METRICS else "pagerank"
    ready = service.part_state("centrality").ready or size not in maps.CHEAP_METRICS
    return cached_bytes(request, service, ("map", size, ready),
                        lambda: _map_json(service, size))


@router.get("/map/groups", response_class=HTMLResponse)
def group_map(request: Request, user: Principal = Depends(page_viewer),
              service: NetworkService = Depends(get_service)) -> HTMLResponse:
    raw = service.cached("group-map", lambda: maps.group_map(_net(service),
                                                             _group_names(service)))
    data = service.cached("group-map-json", lambda: _json_for_script(raw))
    return _page(request, "group_map.html", user, data=data, legend=raw["legend"]["groups"],
                 volume=raw["volume"], missing=raw["missing_links"],
                 names={g["id"]: g["name"] for g in raw["legend"]["groups"]},
                 gap_colour=maps.GAP)


EGO_LIMIT = 150
EGO_METRICS = ("degree", "weighted_degree", "betweenness", "closeness", "harmonic", "pagerank",
               "eigenvector")


def _ego_ties(net: Network, ego: Ego) -> list[dict[str, Any]]:
    """The centre's own touchpoints, from the network's arrays (no store round trip)."""
    tp = net.touchpoints
    out = []
    for row in ego.touchpoints.tolist():
        a, b = int(tp.source[row]), int(tp.target[row])
        if ego.center not in (a, b):
            continue
        other = b if a == ego.center else a
        last = tp.last_contact[row]
        out.append({"other": str(net.ids[other]), "other_name": str(net.name[other]),
                    "vehicle": str(tp.vehicle[row]), "connection": str(tp.connection[row]),
                    "cadence_days": int(tp.cadence_days[row]),
                    "last_contact": None if np.isnat(last) else str(last),
                    "strength": round(float(tp.strength[row]), 2)})
    out.sort(key=lambda t: (t["other_name"], t["vehicle"]))
    return out


def _ego_metrics(service: NetworkService, net: Network, ego: Ego
                 ) -> tuple[dict[str, Any], bool, bool]:
    """The centre's centrality if the report has it, else what costs nothing (degree and
    weighted degree); and whether the rest is ready / being computed."""
    state = service.part_state("centrality")
    sid = str(net.ids[ego.center])
    if state.ready:
        row = next((r for r in state.value if r.get("id") == sid), None)
        if row is not None:
            return {k: row[k] for k in EGO_METRICS if k in row}, True, False
    v = ego.center
    return {"degree": int(net.graph.degree(v)),
            "weighted_degree": float(net.graph.strength(v, weights="weight"))}, False, \
        state.computing


@router.get("/stakeholders/{stakeholder_id}", response_class=HTMLResponse)
def ego_page(request: Request, stakeholder_id: str, depth: int = Query(2),
             user: Principal = Depends(page_viewer),
             service: NetworkService = Depends(get_service)) -> HTMLResponse:
    """A person's page: their ego map (1–3 steps, at most EGO_LIMIT people drawn and the
    rest counted per group and step), ties, gaps and metrics — all from the network and
    whatever parts of the report are ready; it never waits for the whole analysis."""
    depth = min(max(depth, 1), 3)
    person = service.get("stakeholders", stakeholder_id)
    if person is None:
        return _page(request, "not_found.html", user, status_code=404,
                     message=f"No stakeholder with id {stakeholder_id!r}.")
    net = _net(service)
    ego = service.ego(stakeholder_id, depth, limit=EGO_LIMIT)
    gaps_ready = service.part_state("gaps").ready
    gaps = _all_gaps(service) if gaps_ready else []
    metrics, complete, computing = _ego_metrics(service, net, ego)
    from graphkit.analysis import centrality

    cheap = maps.MapMetrics({"degree": centrality.degree(net).astype(float),
                             "weighted_degree": centrality.weighted_degree(net)}, False)
    names = _group_names(service)
    data = _json_for_script(maps.ego_map(net, ego, people=service.index("stakeholders"),
                                         group_names=names, metrics=cheap, gaps=gaps,
                                         size_by="weighted_degree"))
    group = service.get("groups", person["group"]) if person.get("group") else None
    label = {ego_mod.PMO_KEY: "PMO", ego_mod.NO_GROUP_KEY: "no group", **names}
    groups = sorted({g for s in ego.steps for g in s.by_group},
                    key=lambda g: -sum(s.by_group.get(g, 0) for s in ego.steps))
    return _page(request, "ego.html", user, person=person, group=group, data=data,
                 depth=depth, depths=(1, 2, 3), ego=ego, steps=ego.steps,
                 summary_groups=[(g, label.get(g, g)) for g in groups], drawn=len(ego.drawn),
                 total=ego.total, metrics=metrics, metrics_complete=complete,
                 metrics_computing=computing, ties=_ego_ties(net, ego), gaps_ready=gaps_ready,
                 gaps=[g for g in gaps if stakeholder_id in maps.subjects(g)],
                 limit=EGO_LIMIT)


@router.get("/gaps", response_class=HTMLResponse)
def gaps_page(request: Request, kind: str | None = None, severity: str | None = None,
              as_of: str | None = None, user: Principal = Depends(page_viewer),
              service: NetworkService = Depends(get_service)) -> HTMLResponse:
    day = _as_of(as_of)
    gaps = service.gap_items(day)
    kinds = Counter(g.get("kind") for g in gaps)
    shown = [g for g in gaps if (not kind or g.get("kind") == kind)
             and (not severity or g.get("severity") == severity)]
    people, groups = _names(service)
    sections = []
    for sev in SEVERITIES:
        at = [g for g in shown if g.get("severity") == sev]
        by_kind: dict[str, list[dict[str, Any]]] = {}
        for g in at:
            by_kind.setdefault(g.get("kind", "other"), []).append(g)
        sections.append((sev, len(at), sorted(by_kind.items(), key=lambda kv: -len(kv[1]))))
    return _page(request, "gaps.html", user, sections=sections, kinds=kinds.most_common(),
                 kind=kind, severity=severity, total=len(gaps), people=people, groups=groups,
                 subjects=maps.subjects, per_kind=100 if not kind else 2000,
                 as_of=(service.part("options", day) or {}).get("as_of"))


PLAN_COLUMNS = ("rank", "severity", "kind", "owner_name", "whom_names", "vehicle",
                "connection", "cadence_days", "action")


@router.get("/plan", response_class=HTMLResponse)
def plan_page(request: Request, user: Principal = Depends(page_viewer),
              service: NetworkService = Depends(get_service)) -> HTMLResponse:
    plan = service.part("plan") or {}
    return _page(request, "plan.html", user, plan=plan, actions=plan.get("actions") or [],
                 new_ties=(plan.get("new_ties") or {}).get("ties") or [],
                 columns=PLAN_COLUMNS)


def _plan_download(service: NetworkService, fmt: str) -> Response:
    body, media, filename = service.plan_file(fmt)
    return Response(body, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@router.get("/plan.csv")
def plan_csv(_: Principal = Depends(page_viewer),
             service: NetworkService = Depends(get_service)) -> Response:
    return _plan_download(service, "csv")


@router.get("/plan.ics")
def plan_ics(_: Principal = Depends(page_viewer),
             service: NetworkService = Depends(get_service)) -> Response:
    return _plan_download(service, "ics")


@router.get("/grid", response_class=HTMLResponse)
def grid_page(request: Request, influence: int | None = Query(None, ge=1, le=5),
              interest: int | None = Query(None, ge=1, le=5),
              user: Principal = Depends(page_viewer),
              service: NetworkService = Depends(get_service)) -> HTMLResponse:
    """Power/interest: influence rows (5 at the top) by interest columns; a cell's link
    (``?influence=&interest=``) lists everyone in it."""
    data = service.cached("grid", lambda: maps.grid(service.items("stakeholders")))
    cell = None
    if influence is not None and interest is not None:
        cell = {"influence": influence, "interest": interest,
                "quadrant": maps.quadrant(influence, interest).replace("_", " "),
                "people": data.cells.get((influence, interest), [])}
    return _page(request, "grid.html", user, grid=data, per_cell=12, cell=cell,
                 quadrant=maps.quadrant)
