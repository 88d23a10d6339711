"""The pages: login, dashboard, maps, gaps, plan and grid (HTML, Jinja2 templates).

Pages accept a Bearer token or the session cookie set by ``/login``; without either they
redirect to ``/login``. Everything they load comes from ``/static``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote, urlencode

import numpy as np
from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from graphkit import model
from graphkit.analysis import ego as ego_mod
from graphkit.analysis.ego import Ego
from graphkit.analysis.gaps import KINDS
from graphkit.analysis.plan import NewTies, Plan
from graphkit.api import worklists
from graphkit.api.deps import SESSION_COOKIE, PageViewer, Service, Tokens
from graphkit.api.errors import ApiError
from graphkit.api.rendering import TEMPLATES, NotFound, PageRoute, render, safe_next
from graphkit.api.responses import attachment, cached_bytes
from graphkit.api.routes import forms
from graphkit.api.service import NetworkService
from graphkit.io.plan_files import plan_to_csv, plan_to_ics
from graphkit.map_file import json_for_script
from graphkit.network import Network
from graphkit.tokens import Principal
from graphkit.visualisations import maps

SEVERITIES = ("high", "medium", "low")

router = APIRouter(include_in_schema=False, route_class=PageRoute)
# the forms first: /stakeholders (the list) and /stakeholders/{id}/edit beside the
# person's page, /plan/{id} beside the plan's files
router.include_router(forms.router)


def _page(
    request: Request, name: str, user: Principal, status_code: int = 200, **context: Any
) -> HTMLResponse:
    """A page that shows analysis: it says which parts are still of the data before the
    latest change (being recomputed)."""
    service: NetworkService = request.app.state.service
    return render(request, name, user, status_code, recomputing=service.recomputing(), **context)


# --- login -----------------------------------------------------------------------------------
@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> HTMLResponse:
    return TEMPLATES.TemplateResponse(
        request, "login.html", {"next": safe_next(next), "error": None, "user": None}
    )


@router.post("/login")
def login(
    request: Request,
    tokens: Tokens,
    token: str = Form(""),
    next: str = Form("/"),
) -> Response:
    principal = tokens.verify(token.strip())
    if principal is None:
        return TEMPLATES.TemplateResponse(
            request,
            "login.html",
            {
                "next": safe_next(next),
                "user": None,
                "error": "That token is not valid (or was revoked).",
            },
            status_code=401,
        )
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        tokens.open_session(principal),
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        max_age=12 * 3600,
        path="/",
    )
    return response


@router.post("/logout")
def logout(request: Request, tokens: Tokens) -> Response:
    tokens.close_session(request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


# --- pages -------------------------------------------------------------------------------
def _names(service: NetworkService) -> tuple[dict[str, str], dict[str, str]]:
    people = service.cached(
        "people-names", lambda: {i["id"]: i["name"] for i in service.items("stakeholders")}
    )
    groups = service.cached(
        "group-names", lambda: {i["id"]: i["name"] for i in service.items("groups")}
    )
    return people, groups


def _net(service: NetworkService) -> Network:
    """The snapshot's network (built once per data version; no analysis needed)."""
    net: Network = service.analysis().net
    return net


def _cheap_metrics(service: NetworkService) -> dict[str, np.ndarray]:
    """Degree, weighted degree, PageRank and eigenvector centrality straight from the
    network (well under a second at 10^5 stakeholders), as the report defines them."""
    from graphkit.analysis import centrality

    def build() -> dict[str, np.ndarray]:
        net = _net(service)
        return {
            "degree": centrality.degree(net).astype(float),
            "weighted_degree": centrality.weighted_degree(net),
            "pagerank": centrality.pagerank(net),
            "eigenvector": centrality.eigenvector(net),
        }

    return service.cached("map-cheap-metrics", build)


def _degrees(service: NetworkService) -> dict[str, np.ndarray]:
    """Degree and weighted degree alone, what an ego map sizes people by: a person's page
    does not wait for PageRank and eigenvector over the whole network."""
    from graphkit.analysis import centrality

    def build() -> dict[str, np.ndarray]:
        net = _net(service)
        return {
            "degree": centrality.degree(net).astype(float),
            "weighted_degree": centrality.weighted_degree(net),
        }

    return service.cached("map-degrees", build)


def _map_metrics(service: NetworkService, size: str) -> maps.MapMetrics:
    """The report's centrality when it is computed (or the measure asked for needs it),
    else the cheap measures: the map never waits for an all-pairs pass it was not asked
    for."""
    state = service.part_state("centrality")
    rows = (
        state.value
        if state.ready
        else (service.part("centrality") if size not in maps.CHEAP_METRICS else None)
    )
    return maps.MapMetrics.of(_net(service), rows, None if rows else _cheap_metrics(service))


def _map_json(service: NetworkService, size: str) -> bytes:
    net = _net(service)
    metrics = _map_metrics(service, size)
    positions = maps.network_layout(net)
    data = maps.network_map(
        net,
        people=service.index("stakeholders"),
        group_names=_names(service)[1],
        metrics=metrics,
        gaps=service.all_gaps(),  # every gap, not the report's first few: the map shows all
        communities=service.part("communities"),
        size_by=size,
        positions=positions,
    )
    return json_for_script(data).encode("utf-8")


@router.get("/", response_class=HTMLResponse)
def dashboard(
    request: Request, user: PageViewer, service: Service, pmo: bool = False
) -> HTMLResponse:
    """The four questions: whom we miss (coverage), what to do this week, what is going
    stale, who connects (PMO members left out unless ``pmo``)."""
    plan = service.plan()
    people, groups = _names(service)
    index = service.index("stakeholders")
    gaps = service.all_gaps()
    stale, stale_total = worklists.most_overdue(gaps, index, groups)
    rows = service.part("centrality") or []
    week = worklists.this_week(plan)
    return _page(
        request,
        "dashboard.html",
        user,
        **_overview(service, plan, gaps),
        week=week,
        week_total=sum(len(w.actions) for w in week),
        stale=stale,
        stale_total=stale_total,
        connectors=worklists.top_people(
            rows, "degree", "weighted_degree", group_names=groups, include_pmo=pmo
        ),
        brokers=worklists.top_people(
            rows, "betweenness", "degree", group_names=groups, include_pmo=pmo
        ),
        include_pmo=pmo,
        people=people,
        group_names=groups,
        per_owner=3,
    )


def _overview(service: NetworkService, plan: Plan, gaps: list[dict[str, Any]]) -> dict[str, Any]:
    """The figures the dashboard and the briefing open with: the day, the register's
    counts, coverage, the gaps by severity (most severe first), the plan, this week's end."""
    summary = (service.part("gaps") or {}).get("summary") or {}
    return {
        "as_of": plan.as_of,
        "counts": service.counts(),
        "coverage": service.coverage(),
        "gap_total": len(gaps),
        "by_severity": [(s, (summary.get("by_severity") or {}).get(s, 0)) for s in SEVERITIES],
        "plan_total": len(plan.actions),
        "week_end": worklists.week_end(plan.as_of),
    }


STANCES = tuple(s.value for s in model.Stance)
METRIC_NAMES = {m: m.replace("_", " ") for m in model.CENTRALITY_MEASURES} | {
    "pagerank": "PageRank"
}


@router.get("/map", response_class=HTMLResponse)
def network_map(
    request: Request,
    user: PageViewer,
    service: Service,
    size: str = Query("pagerank"),
    group: list[str] = Query(default_factory=list),
) -> HTMLResponse:
    """The page; its data comes from /map/data.json (cached and gzipped per version)."""
    size = size if size in maps.SIZE_METRICS else "pagerank"
    members = service.cached(
        "group-members",
        lambda: Counter(
            i["group"] for i in service.items("stakeholders") if i["group"] and not i["is_pmo"]
        ),
    )
    pmo = service.cached(
        "pmo-members", lambda: sum(1 for i in service.items("stakeholders") if i["is_pmo"])
    )
    no_group = service.cached(
        "no-group",
        lambda: sum(1 for i in service.items("stakeholders") if not i["group"] and not i["is_pmo"]),
    )
    legend = [
        {"id": g["id"], "name": g["name"], "colour": c, "members": members[g["id"]]}
        for g, c in _group_colours(service)
        if members[g["id"]]
    ]
    legend.sort(key=lambda g: -g["members"])
    ready = service.part_state("centrality").ready
    metrics = [
        {"id": m, "name": METRIC_NAMES[m], "pending": not ready and m not in maps.CHEAP_METRICS}
        for m in maps.SIZE_METRICS
    ]
    return _page(
        request,
        "map.html",
        user,
        legend=legend,
        size=size,
        size_name=METRIC_NAMES[size],
        data_src=f"/map/data.json?size={size}",
        metrics=metrics,
        selected=group,
        title="Network map",
        pmo=pmo,
        no_group=no_group,
        stances=STANCES,
        pmo_colour=maps.PMO_COLOUR,
        no_group_colour=maps.NO_GROUP,
        gap_colour=maps.GAP,
        tie_colour=maps.TIE,
        total=service.counts().get("stakeholders", 0),
    )


def _group_colours(service: NetworkService) -> list[tuple[dict[str, Any], str]]:
    """Groups with their map colours (the same assignment as the map data's)."""
    items = list(service.items("groups"))
    declared = {g["id"] for g in items}
    items += [
        {"id": gid, "name": gid}
        for gid in sorted(
            {i["group"] for i in service.items("stakeholders") if i["group"]} - declared
        )
    ]
    colours = maps.group_colours([g["id"] for g in items])
    return [(g, colours[g["id"]]) for g in items]


@router.get("/map/data.json")
def network_map_data(
    request: Request, _: PageViewer, service: Service, size: str = Query("pagerank")
) -> Response:
    """The network map's nodes, edges and options (vis-network), laid out on the server.

    Sized by the report's centrality once it is computed; before that by the measures
    that cost nothing (PageRank, degree…), unless the size asked for needs the report.
    """
    size = size if size in maps.SIZE_METRICS else "pagerank"
    ready = service.part_state("centrality").ready or size not in maps.CHEAP_METRICS
    return cached_bytes(request, service, ("map", size, ready), lambda: _map_json(service, size))


@router.get("/map/groups", response_class=HTMLResponse)
def group_map(request: Request, user: PageViewer, service: Service) -> HTMLResponse:
    raw = service.cached("group-map", lambda: maps.group_map(_net(service), _names(service)[1]))
    data = service.cached("group-map-json", lambda: json_for_script(raw))
    return _page(
        request,
        "group_map.html",
        user,
        data=data,
        legend=raw["legend"]["groups"],
        volume=raw["volume"],
        missing=raw["missing_links"],
        names={g["id"]: g["name"] for g in raw["legend"]["groups"]},
        gap_colour=maps.GAP,
    )


EGO_LIMIT = 150


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
        out.append(
            {
                "id": str(tp.id[row]),
                "other": str(net.ids[other]),
                "other_name": str(net.name[other]),
                "vehicle": str(tp.vehicle[row]),
                "connection": str(tp.connection[row]),
                "cadence_days": int(tp.cadence_days[row]),
                "last_contact": None if np.isnat(last) else str(last),
                "strength": round(float(tp.strength[row]), 2),
            }
        )
    out.sort(key=lambda t: (t["other_name"], t["vehicle"]))
    return out


CONTACTS_SHOWN = 20


def _stale_ties(service: NetworkService, stakeholder_id: str) -> dict[str, dict[str, Any]]:
    """Touchpoint id → its stale gap, for one person's touchpoints, by the gaps' own rule
    (cheap: no other gap kind, and only that person's gaps are built)."""
    from graphkit.analysis.gaps import stale_touchpoints

    analysis = service.analysis()
    net = analysis.net
    return {
        str(g.touchpoint): g.as_json()
        for g in stale_touchpoints(net, analysis.options, person=net.index[stakeholder_id])
    }


def _contact_context(
    service: NetworkService, net: Network, stakeholder_id: str, logged: str | None
) -> dict[str, Any]:
    """What the person's page needs to log contacts: which of their touchpoints are stale,
    their broadcasts, the latest entries of their contact log, the contact just logged."""
    v = net.index[stakeholder_id]
    b = net.broadcasts
    people, names = _names(service)
    broadcasts = []
    for row in map(int, (b.source == v).nonzero()[0]):
        label = net.group_labels[int(b.target[row])]
        last = b.last_contact[row]
        broadcasts.append(
            {
                "id": str(b.id[row]),
                "group": label,
                "group_name": names.get(label, label),
                "vehicle": str(b.vehicle[row]),
                "connection": str(b.connection[row]),
                "cadence_days": int(b.cadence_days[row]),
                "last_contact": None if np.isnat(last) else str(last),
            }
        )
    ties = service.touchpoint_ends(stakeholder_id)
    history = service.contacts_with(stakeholder_id, mine=ties)

    def other(tid: str) -> str:
        t = ties.get(tid)
        if t is None:
            return ""
        if t.target_group:
            return names.get(t.target_group, t.target_group)
        end = t.target if t.source == stakeholder_id else t.source
        return people.get(end or "", end or "")

    contacts = service.index("contacts")
    just = contacts.get(logged) if logged else None
    return {
        "stale_ties": _stale_ties(service, stakeholder_id),
        "broadcasts": broadcasts,
        "history": [{**c, "with": other(c["touchpoint"])} for c in history[:CONTACTS_SHOWN]],
        "history_total": len(history),
        "today": dt.date.today().isoformat(),
        "logged": {**just, "with": other(just["touchpoint"])} if just else None,
        "here": f"/stakeholders/{quote(stakeholder_id, safe='')}",
    }


@router.get("/stakeholders/{stakeholder_id}", response_class=HTMLResponse)
def ego_page(
    request: Request,
    stakeholder_id: str,
    user: PageViewer,
    service: Service,
    depth: int = Query(2),
    logged: str | None = Query(None, max_length=200),
    saved: bool = False,
) -> HTMLResponse:
    """A person's page: their ego map (1–3 steps, at most EGO_LIMIT people drawn and the
    rest counted per group and step), ties, gaps and metrics — all from the network and
    whatever parts of the report are ready; it never waits for the whole analysis."""
    depth = min(max(depth, 1), 3)
    person = service.get("stakeholders", stakeholder_id)
    if person is None:
        raise NotFound(user, f"No stakeholder with id {stakeholder_id!r}.")
    net = _net(service)
    ego = service.ego(stakeholder_id, depth, limit=EGO_LIMIT)
    gaps_ready = service.part_state("gaps").ready
    gaps = service.all_gaps() if gaps_ready else []
    metrics = service.person_metrics(stakeholder_id)
    sized = maps.MapMetrics(_degrees(service), False)
    names = _names(service)[1]
    data = json_for_script(
        maps.ego_map(
            net,
            ego,
            people=service.index("stakeholders"),
            group_names=names,
            metrics=sized,
            gaps=gaps,
            size_by="weighted_degree",
        )
    )
    group = service.get("groups", person["group"]) if person.get("group") else None
    label = {ego_mod.PMO_KEY: "PMO", ego_mod.NO_GROUP_KEY: "no group", **names}
    groups = sorted(
        {g for s in ego.steps for g in s.by_group},
        key=lambda g: -sum(s.by_group.get(g, 0) for s in ego.steps),
    )
    return _page(
        request,
        "ego.html",
        user,
        person=person,
        group=group,
        data=data,
        depth=depth,
        depths=(1, 2, 3),
        ego=ego,
        steps=ego.steps,
        summary_groups=[(g, label.get(g, g)) for g in groups],
        drawn=len(ego.drawn),
        total=ego.total,
        metrics=metrics.measures,
        metrics_complete=metrics.complete,
        metrics_computing=metrics.computing,
        ties=_ego_ties(net, ego),
        gaps_ready=gaps_ready,
        gaps=[g for g in gaps if stakeholder_id in maps.subjects(g)],
        limit=EGO_LIMIT,
        saved=saved,
        **_contact_context(service, net, stakeholder_id, logged),
    )


def _query(**params: Any) -> dict[str, str]:
    """The non-empty query parameters, as strings (for links that keep the filters)."""
    return {k: str(v) for k, v in params.items() if v not in (None, "", False)}


def _link(path: str, params: dict[str, str], **changes: Any) -> str:
    merged = {**params, **{k: str(v) for k, v in changes.items() if v not in (None, "")}}
    for k, v in changes.items():
        if v in (None, ""):
            merged.pop(k, None)
    return path + ("?" + urlencode(merged) if merged else "")


def _day(value: str | None, name: str) -> dt.date | None:
    """A date the query gave (ISO), or None; anything else is refused (422)."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ApiError(422, "invalid", f"{name} must be an ISO date, not {value!r}") from None


def _owners(plan: Plan) -> list[tuple[str, str]]:
    """The PMO members who own actions, by name: (id, name)."""
    return sorted(
        {(a.owner, a.owner_name or a.owner) for a in plan.actions if a.owner},
        key=lambda o: o[1].casefold(),
    )


@router.get("/gaps", response_class=HTMLResponse)
def gaps_page(
    request: Request,
    user: PageViewer,
    service: Service,
    kind: str | None = None,
    severity: str | None = None,
    group: str | None = None,
    owner: str | None = None,
    sort: str = Query("severity", pattern="^(severity|overdue|kind|plan)$"),
    page: int = Query(1, ge=1, le=1_000_000),
    as_of: str | None = None,
) -> HTMLResponse:
    """Every gap, filtered by kind, severity, group and the owner of its action, sorted,
    50 a page."""
    day = _day(as_of, "as_of")
    everything = service.all_gaps(day)
    plan = service.plan(day)
    people, groups = _names(service)
    index = service.index("stakeholders")
    rows = worklists.gap_rows(
        everything,
        index,
        plan,
        kind=kind or None,
        severity=severity or None,
        group=group or None,
        owner=owner or None,
        sort=sort,
    )
    params = _query(
        kind=kind,
        severity=severity,
        group=group,
        owner=owner,
        sort=None if sort == "severity" else sort,
        as_of=as_of,
    )
    kinds = Counter(g["kind"] for g in everything)
    return _page(
        request,
        "gaps.html",
        user,
        page=worklists.page_of(rows, page),
        total=len(everything),
        kinds=[(k, kinds[k]) for k in KINDS if kinds[k]],
        severities=Counter(g["severity"] for g in everything),
        kind=kind,
        severity=severity,
        group=group,
        owner=owner,
        sort=sort,
        sorts=GAP_SORT_NAMES,
        owners=_owners(plan),
        group_list=sorted(groups.items(), key=lambda g: g[1]),
        people=people,
        groups=groups,
        subjects=maps.subjects,
        params=params,
        link=lambda **c: _link("/gaps", params, **c),
        as_of=plan.as_of,
    )


GAP_SORT_NAMES = {
    "severity": "severity, then kind",
    "overdue": "most days overdue",
    "kind": "kind",
    "plan": "the plan's rank",
}
PLAN_SORT_NAMES = {
    "due": "due date",
    "rank": "rank (importance)",
    "overdue": "most days overdue",
    "severity": "severity",
}
STATUS_NAMES = {
    "todo": "to do (open or snoozed)",
    "open": "open",
    "snoozed": "snoozed",
    "done": "done",
    "all": "all",
}
PlanFilters = dict[str, Any]


def _plan_filters(
    owner: str | None,
    kind: str | None,
    severity: str | None,
    status: str,
    group: str | None,
    due_by: str | None,
) -> PlanFilters:
    return {
        "owner": owner or None,
        "kind": kind or None,
        "severity": severity or None,
        "status": status,
        "group": group or None,
        "due_by": _day(due_by, "due_by"),
    }


def _filtered_plan(service: NetworkService, filters: PlanFilters) -> Plan:
    """The plan cut to the filtered actions (for its files); no filter: the whole plan."""
    plan = service.plan()
    if not any(v for k, v in filters.items() if k != "status") and filters["status"] == "all":
        return plan
    return dataclasses.replace(
        plan,
        actions=tuple(worklists.plan_rows(plan, sort="rank", **filters)),
        new_ties=NewTies(plan.new_ties.within, plan.new_ties.groups_out_of_reach),
    )


STATUS_QUERY = Query("todo", pattern="^(todo|open|snoozed|done|all)$")


@router.get("/plan", response_class=HTMLResponse)
def plan_page(
    request: Request,
    user: PageViewer,
    service: Service,
    owner: str | None = None,
    kind: str | None = None,
    severity: str | None = None,
    status: str = STATUS_QUERY,
    group: str | None = None,
    due_by: str | None = None,
    sort: str = Query("due", pattern="^(due|rank|overdue|severity)$"),
    page: int = Query(1, ge=1, le=1_000_000),
) -> HTMLResponse:
    """Every action of the plan, filtered, sorted and paged; its files whole or filtered."""
    plan = service.plan()
    filters = _plan_filters(owner, kind, severity, status, group, due_by)
    rows = worklists.plan_rows(plan, sort=sort, **filters)
    params = _query(
        owner=owner,
        kind=kind,
        severity=severity,
        status=None if status == "todo" else status,
        group=group,
        due_by=due_by,
        sort=None if sort == "due" else sort,
    )
    files = _query(
        owner=owner, kind=kind, severity=severity, status=status, group=group, due_by=due_by
    )
    statuses = Counter(a.status for a in plan.actions)
    new_ties = len(plan.new_ties.ties)
    _, groups = _names(service)
    return _page(
        request,
        "plan.html",
        user,
        plan=plan,
        page=worklists.page_of(rows, page),
        filters=filters,
        params=params,
        statuses=statuses,
        new_ties=new_ties,
        # what the files hold: the CSV every action and new tie, the calendar
        # those not done
        csv_rows=len(plan.actions) + new_ties,
        ics_events=sum(1 for a in plan.actions if a.due is not None) + new_ties,
        filtered_ics=sum(1 for a in rows if a.due is not None),
        files_query=urlencode(files),
        owners=_owners(plan),
        kinds=sorted(
            Counter(a.kind for a in plan.actions).items(),
            key=lambda kv: KINDS.index(kv[0]) if kv[0] in KINDS else len(KINDS),
        ),
        group_list=sorted(groups.items(), key=lambda g: g[1]),
        sort=sort,
        group_names=groups,
        sorts=PLAN_SORT_NAMES,
        status_names=STATUS_NAMES,
        week_end=worklists.week_end(plan.as_of),
        link=lambda **c: _link("/plan", params, **c),
        here=_link("/plan", params, page=page if page > 1 else None),
        new_tie_list=plan.new_ties.ties,
    )


def _plan_download(service: NetworkService, fmt: str, filters: PlanFilters | None) -> Response:
    if filters is None:
        return attachment(*service.plan_file(fmt))
    plan = _filtered_plan(service, filters)
    text = plan_to_csv(plan) if fmt == "csv" else plan_to_ics(plan)
    media = "text/csv; charset=utf-8" if fmt == "csv" else "text/calendar; charset=utf-8"
    return attachment(text.encode("utf-8"), media, f"engagement-plan-filtered.{fmt}")


@dataclass
class FileFilters:
    """The plan page's filters, carried on its download links (query parameters)."""

    owner: str | None = None
    kind: str | None = None
    severity: str | None = None
    status: str | None = Query(None, pattern="^(todo|open|snoozed|done|all)$")
    group: str | None = None
    due_by: str | None = None

    def filters(self) -> PlanFilters | None:
        """No filter given: None (the whole plan's cached file)."""
        if not any(dataclasses.astuple(self)):
            return None
        return _plan_filters(
            self.owner, self.kind, self.severity, self.status or "all", self.group, self.due_by
        )


Filtered = Annotated[FileFilters, Depends()]


@router.get("/plan.csv")
def plan_csv(_: PageViewer, service: Service, asked: Filtered) -> Response:
    """The plan as CSV: every action and new tie, or the actions the filters leave."""
    return _plan_download(service, "csv", asked.filters())


@router.get("/plan.ics")
def plan_ics(_: PageViewer, service: Service, asked: Filtered) -> Response:
    """The plan as iCalendar: every action not done and the new ties, or those the filters
    leave."""
    return _plan_download(service, "ics", asked.filters())


@router.get("/briefing", response_class=HTMLResponse)
def briefing(request: Request, user: PageViewer, service: Service) -> HTMLResponse:
    """One printable page: coverage, the gaps that matter most, the next actions."""
    plan = service.plan()
    gaps = service.all_gaps()
    index = service.index("stakeholders")
    people, groups = _names(service)
    top_gaps = worklists.gap_rows(gaps, index, plan, sort="plan")[:BRIEFING_GAPS]
    week = worklists.plan_rows(plan, due_by=worklists.week_end(plan.as_of))
    return _page(
        request,
        "briefing.html",
        user,
        **_overview(service, plan, gaps),
        top_gaps=top_gaps,
        by_kind=sorted(
            ((k, n) for k, n in Counter(g["kind"] for g in gaps).items()), key=lambda kv: -kv[1]
        ),
        next_actions=week[:BRIEFING_ACTIONS],
        week_total=len(week),
        people=people,
        groups=groups,
    )


BRIEFING_GAPS = 8
BRIEFING_ACTIONS = 10


@router.get("/grid", response_class=HTMLResponse)
def grid_page(
    request: Request,
    user: PageViewer,
    service: Service,
    influence: int | None = Query(None, ge=1, le=5),
    interest: int | None = Query(None, ge=1, le=5),
) -> HTMLResponse:
    """Power/interest: influence rows (5 at the top) by interest columns; a cell's link
    (``?influence=&interest=``) lists everyone in it."""
    data = service.cached("grid", lambda: maps.grid(service.items("stakeholders")))
    cell = None
    if influence is not None and interest is not None:
        cell = {
            "influence": influence,
            "interest": interest,
            "quadrant": maps.quadrant(influence, interest).replace("_", " "),
            "people": data.cells.get((influence, interest), []),
        }
    return _page(
        request, "grid.html", user, grid=data, per_cell=12, cell=cell, quadrant=maps.quadrant
    )
