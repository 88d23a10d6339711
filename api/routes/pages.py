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

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from graphkit.api.deps import SESSION_COOKIE, get_service, get_tokens, page_viewer
from graphkit.api.errors import ApiError
from graphkit.api.responses import cached_bytes
from graphkit.api.routes.analysis import plan_file
from graphkit.api.service import NetworkService
from graphkit.api.tokens import Principal, TokenStore
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


def _map_json(service: NetworkService, size: str, only: set[str] | None = None,
              center: str | None = None) -> str:
    return _json_for_script(maps.network_map(
        service.snapshot(), net=service.analysis().net,
        centrality=service.part("centrality"), gaps=service.gap_items(), size_by=size,
        only=only, center=center))


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


@router.get("/map", response_class=HTMLResponse)
def network_map(request: Request, size: str = Query("pagerank"),
                group: list[str] = Query(default_factory=list),
                user: Principal = Depends(page_viewer),
                service: NetworkService = Depends(get_service)) -> HTMLResponse:
    """The page; its data comes from /map/data.json (cached and gzipped per version)."""
    size = size if size in maps.SIZE_METRICS else "pagerank"
    _, groups = _names(service)
    members = service.cached("group-members", lambda: Counter(
        i["group"] for i in service.items("stakeholders") if i["group"]))
    legend = [{"id": g["id"], "name": g["name"], "colour": c, "members": members[g["id"]]}
              for g, c in _group_colours(service) if members[g["id"]]]
    return _page(request, "map.html", user, legend=legend, size=size, data=None,
                 data_src=f"/map/data.json?size={size}", metrics=maps.SIZE_METRICS,
                 selected=group, title="Network map")


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
    """The network map's nodes, edges and options (vis-network), laid out on the server."""
    size = size if size in maps.SIZE_METRICS else "pagerank"
    return cached_bytes(request, service, ("map", size),
                        lambda: _map_json(service, size).encode("utf-8"))


@router.get("/map/groups", response_class=HTMLResponse)
def group_map(request: Request, user: Principal = Depends(page_viewer),
              service: NetworkService = Depends(get_service)) -> HTMLResponse:
    raw = service.cached("group-map", lambda: maps.group_map(service.snapshot()))
    data = service.cached("group-map-json", lambda: _json_for_script(raw))
    return _page(request, "group_map.html", user, data=data, legend=raw["legend"],
                 volume=raw["volume"], missing=raw["missing_links"])


@router.get("/stakeholders/{stakeholder_id}", response_class=HTMLResponse)
def ego_page(request: Request, stakeholder_id: str, user: Principal = Depends(page_viewer),
             service: NetworkService = Depends(get_service)) -> HTMLResponse:
    person = service.get("stakeholders", stakeholder_id)
    if person is None:
        return _page(request, "not_found.html", user, status_code=404,
                     message=f"No stakeholder with id {stakeholder_id!r}.")
    ego = service.ego(stakeholder_id, 2)
    members = {n["id"] for n in ego["nodes"]}
    data = _map_json(service, "pagerank", only=members, center=stakeholder_id)
    names = {n["id"]: n["name"] for n in ego["nodes"]}
    ties = [dict(t, other=t["target"] if t["source"] == stakeholder_id else t["source"])
            for t in ego["touchpoints"] if stakeholder_id in (t["source"], t["target"])]
    for tie in ties:
        tie["other_name"] = names.get(tie["other"], tie["other"])
    gaps = [g for g in service.gap_items() if stakeholder_id in maps.subjects(g)]
    group = service.get("groups", person["group"]) if person.get("group") else None
    return _page(request, "ego.html", user, person=person, group=group, data=data,
                 metrics=service.metrics_of(stakeholder_id), ties=ties, gaps=gaps,
                 one_step=sum(1 for n in ego["nodes"] if n["distance"] == 1),
                 two_steps=sum(1 for n in ego["nodes"] if n["distance"] == 2))


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
    body, media, filename = plan_file(service.part("plan"), fmt)
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
def grid_page(request: Request, user: Principal = Depends(page_viewer),
              service: NetworkService = Depends(get_service)) -> HTMLResponse:
    data = service.cached("grid", lambda: maps.grid(service.snapshot()))
    return _page(request, "grid.html", user, grid=data, per_cell=12)
