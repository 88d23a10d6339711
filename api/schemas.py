"""What the API takes and gives, apart from how the store keeps it.

The entity bodies reuse the domain's rules (graphkit.model) so that the API and an import
refuse the same things; patch bodies are the same fields, all optional.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, create_model

from graphkit import model
from graphkit.analysis.centrality import Estimate
from graphkit.analysis.gaps import Gap
from graphkit.analysis.options import AnalysisOptions
from graphkit.analysis.reach import BriefingChoice, Cascade, GroupReach, ReachLayer

T = TypeVar("T")


# --- entities -------------------------------------------------------------------------------
class GroupIn(model.CustomerGroup):
    """A customer group to create (or replace)."""


class StakeholderIn(model.Stakeholder):
    """A stakeholder to create (or replace)."""


class TouchpointIn(model.Touchpoint):
    """A touchpoint to create; ``id`` defaults to ``source|target|vehicle``."""


class Group(model.CustomerGroup):
    model_config = ConfigDict(extra="ignore", use_enum_values=True)


class Stakeholder(model.Stakeholder):
    model_config = ConfigDict(extra="ignore", use_enum_values=True)


class Touchpoint(model.Touchpoint):
    model_config = ConfigDict(extra="ignore", use_enum_values=True)
    id: str


def _optional(name: str, base: type[BaseModel], doc: str) -> type[BaseModel]:
    fields: dict[str, Any] = {}
    for field_name, info in base.model_fields.items():
        inner: Any = info.annotation  # a type built at run time, with the field's rules
        if info.metadata:
            inner = Annotated[(inner, *info.metadata)]
        fields[field_name] = (inner | None, Field(default=None, description=info.description))
    made: type[BaseModel] = create_model(
        name, __config__=ConfigDict(extra="forbid", use_enum_values=True), __doc__=doc, **fields
    )
    return made


def _replace(name: str, base: type[BaseModel], doc: str) -> type[BaseModel]:
    """The entity's fields as they are, but the id optional (it comes from the path)."""
    fields: dict[str, Any] = {}
    for field_name, info in base.model_fields.items():
        if field_name == "id":
            fields["id"] = (
                str | None,
                Field(
                    default=None,
                    description=("Optional; when given it must equal the id in the path"),
                ),
            )
        else:
            fields[field_name] = (info.annotation, info)
    made: type[BaseModel] = create_model(
        name, __config__=ConfigDict(extra="forbid", use_enum_values=True), __doc__=doc, **fields
    )
    return made


GroupReplace = _replace(
    "GroupReplace",
    model.CustomerGroup,
    "A customer group's new fields (the id comes from the path).",
)
StakeholderReplace = _replace(
    "StakeholderReplace",
    model.Stakeholder,
    "A stakeholder's new fields (the id comes from the path).",
)
TouchpointReplace = _replace(
    "TouchpointReplace", model.Touchpoint, "A touchpoint's new fields (the id comes from the path)."
)

GroupPatch = _optional(
    "GroupPatch", model.CustomerGroup, "Fields to change; the rest stay as they are."
)
StakeholderPatch = _optional(
    "StakeholderPatch", model.Stakeholder, "Fields to change; the rest stay as they are."
)
TouchpointPatch = _optional(
    "TouchpointPatch", model.Touchpoint, "Fields to change; the rest stay as they are."
)


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int = Field(description="How many match the filters, before paging")
    limit: int
    offset: int


@dataclass(frozen=True)
class EntityBodies:
    """What the API takes and gives for one kind of entity."""

    new: type[BaseModel]  # POST: the whole entity
    replace: type[BaseModel]  # PUT: the whole entity, the id from the path
    patch: type[BaseModel]  # PATCH: the fields to change
    out: type[BaseModel]  # every answer
    page: type[BaseModel]  # a page of the list


ENTITY_BODIES = {
    "groups": EntityBodies(GroupIn, GroupReplace, GroupPatch, Group, Page[Group]),
    "stakeholders": EntityBodies(
        StakeholderIn, StakeholderReplace, StakeholderPatch, Stakeholder, Page[Stakeholder]
    ),
    "touchpoints": EntityBodies(
        TouchpointIn, TouchpointReplace, TouchpointPatch, Touchpoint, Page[Touchpoint]
    ),
}


class ChangeSummaryOut(BaseModel):
    created: dict[str, int]
    updated: dict[str, int]
    unchanged: dict[str, int]
    deleted: dict[str, int]


class ImportResult(BaseModel):
    summary: ChangeSummaryOut
    counts: dict[str, int]
    version: int


# --- errors -------------------------------------------------------------------------------
class ProblemOut(BaseModel):
    file: str | None = None
    row: int | None = None
    field: str | None = None
    message: str


class ErrorOut(BaseModel):
    """Every error the API sends, whatever the status (the body as sent)."""

    error: str
    message: str
    problems: list[ProblemOut] = Field(default_factory=list)
    total_problems: int | None = None


# --- query ----------------------------------------------------------------------------------
class QueryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cypher: str = Field(
        min_length=1,
        max_length=100_000,
        examples=["MATCH (s:Stakeholder) RETURN s.id, s.name LIMIT 5"],
    )
    params: dict[str, Any] = Field(default_factory=dict)
    limit: int | None = Field(
        default=None, ge=1, description="Row limit (capped at the server's limit)"
    )


class QueryOut(BaseModel):
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool
    truncated_by: Literal["rows", "bytes"] | None = Field(
        default=None, description="Which cap cut the answer: the row limit or the byte cap"
    )
    limit: int
    data_version: int | None = Field(
        default=None,
        description="The version of the data the query read (it moves on with every write)",
    )


# --- analysis -------------------------------------------------------------------------------
class EgoStepOut(BaseModel):
    step: int
    people: int = Field(description="People at this many steps")
    drawn: int = Field(description="Of them, listed in nodes (within the limit)")
    by_group: dict[str, int] = Field(
        description="People per group id; '(pmo)' and '(none)' for PMO members and no group"
    )


class EgoOut(BaseModel):
    center: str
    depth: int
    limit: int | None = None
    total: int = Field(0, description="Everyone within depth steps, the centre included")
    truncated: bool = False
    steps: list[EgoStepOut] = []
    nodes: list[dict[str, Any]]
    touchpoints: list[Touchpoint]
    metrics: dict[str, Any] | None = None
    metrics_pending: list[str] = Field([], description="Measures not computed yet")


# --- the contact log ------------------------------------------------------------------------
class ContactIn(BaseModel):
    """One contact to log with a touchpoint: when it happened, by what vehicle (default the
    touchpoint's), a note. Who logged it comes from the token."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True)

    date: dt.date = Field(
        description="When it happened (default today)", default_factory=dt.date.today
    )
    vehicle: model.Vehicle | None = None
    note: model.Note = ""


class ContactOut(model.Contact):
    model_config = ConfigDict(extra="ignore", use_enum_values=True)
    id: str


class ContactLogged(BaseModel):
    contact: ContactOut
    touchpoint: Touchpoint
    logged: bool = Field(description="False when this very contact was logged already")


# --- the plan ----------------------------------------------------------------------------
PlanStatusName = Literal["open", "done", "snoozed"]


class PlanActionOut(BaseModel):
    """One action of the engagement plan (see graphkit.analysis.plan)."""

    id: str
    rank: int
    kind: str
    severity: Literal["high", "medium", "low"]
    tier: int
    score: float
    owner: str | None
    owner_name: str | None
    whom: list[str]
    whom_names: list[str]
    groups: list[str]
    group_names: list[str]
    vehicle: str
    connection: str
    cadence_days: int
    earliest: dt.date
    due: dt.date | None
    overdue_days: int
    status: PlanStatusName
    snoozed_until: dt.date | None
    note: str
    action: str
    why: str
    touchpoint: str | None


class PlanPage(BaseModel):
    items: list[PlanActionOut]
    total: int = Field(description="Actions matching the filters, before paging")
    limit: int
    offset: int
    as_of: dt.date
    capacity_per_week: int
    open_actions: int


class PlanChange(BaseModel):
    """A plan action's new status; ``log_contact`` also logs the contact with the action's
    touchpoint, in the same transaction."""

    model_config = ConfigDict(extra="forbid")

    status: PlanStatusName
    snoozed_until: dt.date | None = Field(
        default=None, description="Required when the status is snoozed"
    )
    note: model.Note = ""
    log_contact: ContactIn | None = None


# --- tokens ---------------------------------------------------------------------------------
Role = Literal["viewer", "editor", "admin"]


class TokenCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Role
    name: str = Field(default="", max_length=200)


class TokenOut(BaseModel):
    id: str
    name: str
    role: Role
    created_at: dt.datetime
    revoked_at: dt.datetime | None = None


class TokenCreated(TokenOut):
    token: str = Field(description="The secret; shown only now")


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    engine: str


AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "Missing or invalid token"},
    403: {"model": ErrorOut, "description": "The token's role is not enough"},
}


# --- analysis: what the report's parts carry (documented; tests validate real answers) ---
class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CentralityRow(_Strict):
    """One stakeholder's centralities (NetworkX's definitions; see the README)."""

    id: str
    name: str
    group: str | None
    is_pmo: bool
    degree: int
    weighted_degree: float
    betweenness: float | None
    closeness: float | None
    harmonic: float | None
    pagerank: float | None
    eigenvector: float | None


class RankedStakeholder(_Strict):
    id: str
    name: str
    group: str | None
    score: float


class RolesOut(_Strict):
    connectors: list[RankedStakeholder]
    brokers: list[RankedStakeholder]
    influencers: list[RankedStakeholder]


def _json_model(
    name: str,
    source: type,
    doc: str,
    *,
    required: set[str] | None = None,
    replaced: dict[str, Any] | None = None,
) -> type[BaseModel]:
    """A strict JSON schema from one of the analysis's dataclasses, so the two cannot
    drift: the fields in ``required`` (default every field) are required, the rest optional
    (left out when they do not apply); ``replaced`` gives the JSON type of fields whose
    Python type does not travel as it is (an array per stakeholder becomes a mapping, say),
    and fields the JSON adds; tuples travel as lists."""
    import dataclasses
    import typing

    hints = typing.get_type_hints(source)
    replaced = replaced or {}
    fields: dict[str, Any] = {}
    for item in dataclasses.fields(source):
        kind = replaced.get(item.name, hints[item.name])
        if typing.get_origin(kind) is tuple:
            kind = list[typing.get_args(kind)[0]]  # type: ignore[misc]
        needed = required is None or item.name in required
        fields[item.name] = (kind, ...) if needed else (kind | None, None)
    for extra in set(replaced) - set(fields):
        fields[extra] = (replaced[extra], ...)
    made: type[BaseModel] = create_model(
        name, __config__=ConfigDict(extra="forbid"), __doc__=doc, **fields
    )
    return made


if TYPE_CHECKING:  # made at import (below): mypy cannot see a class built so

    class GapOut(_Strict): ...

    class CascadeOut(_Strict): ...

else:
    GapOut = _json_model(
        "GapOut",
        Gap,
        "One communication gap: the facts of its kind (the others are left out).",
        required={"kind", "severity", "subject", "detail", "recommendation"},
    )
    CascadeOut = _json_model(
        "CascadeOut",
        Cascade,
        "Who hears it if the PMO briefs: the independent cascade's Monte Carlo summary.",
        replaced={"probability": dict[str, float], "probability_mapping": str},
    )


class GapSummary(_Strict):
    total: int
    by_kind: dict[str, int]
    by_severity: dict[str, int]
    by_kind_severity: dict[str, dict[str, int]]


class GapsOut(_Strict):
    summary: GapSummary
    items: list[GapOut]
    truncated: bool


class NewTieOut(_Strict):
    owner: str
    owner_name: str
    whom: str
    whom_name: str
    groups: list[str]
    vehicle: str
    connection: str
    cadence_days: int


class NewTiesOut(_Strict):
    within: int
    groups_out_of_reach: list[str]
    ties: list[NewTieOut]
    note: str | None = None


class PlanOut(_Strict):
    as_of: dt.date
    capacity_per_week: int
    total_actions: int
    open_actions: int
    weeks: int
    truncated: bool
    actions: list[PlanActionOut]
    new_ties: NewTiesOut
    owner_load: dict[str, int]


class ComponentsOut(_Strict):
    count: int
    largest: int
    isolated: int
    sizes: list[int]


class NetworkOut(_Strict):
    stakeholders: int
    touchpoints: int
    ties: int
    groups: int
    pmo_members: int
    directed: bool
    density: float
    potential_channels: int
    components: ComponentsOut
    dropped_touchpoints: int


class CommunitiesOut(BaseModel):
    """Communities found in the personal ties (Leiden), and how they line up with groups."""

    method: str
    seed: int
    resolution: float
    count: int
    modularity: float | None
    agreement: dict[str, float | None]
    communities: list[dict[str, Any]]
    groups: list[dict[str, Any]]
    membership: dict[str, int]


class PMOReachOut(_Strict):
    """Who the PMO reaches at 1, 2, 3 steps, and each group's share within 1 and 2."""

    sources: list[str]
    layers: list[ReachLayer]
    unreached: int
    groups: list[GroupReach]


class TwoStepRow(_Strict):
    id: str
    name: str
    count: int
    share: float


class BriefingOut(_Strict):
    chosen: list[BriefingChoice]
    runs: int
    scale: float
    candidates: int


class ReachOut(_Strict):
    """Reach from the PMO, two-step reach of everyone, the cascade and the best briefing
    (graphkit.analysis.reach.Reach as JSON)."""

    pmo: PMOReachOut
    two_step: list[TwoStepRow]
    cascade: CascadeOut | None
    best_briefing: BriefingOut


class PMOLoadOut(_Strict):
    id: str
    name: str
    touchpoints: int
    contacts: int
    weight: float


class ComplexityOut(_Strict):
    """Potential channels against actual ties, and what each PMO member carries."""

    stakeholders: int
    touchpoints: int
    ties: int
    potential_channels: int
    density: float
    components: ComponentsOut
    pmo: list[PMOLoadOut]
    pmo_touchpoint_share: float


class CentralityMethodOut(_Strict):
    """How betweenness, closeness and harmonic centrality were computed: exact, or each
    estimated with its method, samples, ε and δ (timings only when estimated)."""

    method: Literal["exact", "estimated"]
    betweenness: Estimate
    closeness: Estimate
    harmonic: Estimate
    budget_seconds: float | None
    sources: int
    threads: int
    seed: int
    weighted: bool
    exact_seconds: float | None = None
    seconds: float | None = None
    vertex_diameter_bound: int | None = None


class GapSummaryOut(GapSummary):
    truncated: bool


class ReportOut(_Strict):
    """The whole report, as ``graphkit analyze --format json`` prints it, with the version
    of the data it is of and the parts still of an earlier one (being recomputed)."""

    network: NetworkOut
    centrality: list[CentralityRow]
    roles: RolesOut
    reach: ReachOut
    gaps: list[GapOut]
    communities: CommunitiesOut
    plan: PlanOut
    complexity: ComplexityOut
    options: AnalysisOptions
    centrality_method: CentralityMethodOut
    gap_summary: GapSummaryOut
    data_version: int
    stale_parts: list[str]


#: the model of each report part the API serves on its own
PART_MODELS: dict[str, Any] = {
    "centrality": list[CentralityRow],
    "roles": RolesOut,
    "gaps": GapsOut,
    "network": NetworkOut,
    "communities": CommunitiesOut,
    "reach": ReachOut,
    "complexity": ComplexityOut,
    "centrality_method": CentralityMethodOut,
}
