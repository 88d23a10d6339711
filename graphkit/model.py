"""The PMO network's domain: stakeholders, customer groups and touchpoints.

Everything here is plain data with its rules (pydantic v2); nothing knows about a
database. The same column lists drive the stores, the importers and the exporters, so a
field added here is added everywhere.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from enum import Enum
from typing import Annotated, Any

import pyarrow as pa
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator


class Source(str, Enum):
    """Where a stakeholder comes from in the PMO's network (seed 004, "network sources")."""

    stakeholder = "stakeholder"
    delivery_team = "delivery_team"
    sponsor = "sponsor"
    team_member = "team_member"
    external_influencer = "external_influencer"
    industry_acquaintance = "industry_acquaintance"


class Stance(str, Enum):
    champion = "champion"
    supporter = "supporter"
    neutral = "neutral"
    sceptic = "sceptic"
    critic = "critic"
    unknown = "unknown"


class Connection(str, Enum):
    """The three kinds of network tie (operational, personal, strategic)."""

    operational = "operational"
    personal = "personal"
    strategic = "strategic"


class Vehicle(str, Enum):
    meeting = "meeting"
    one_to_one = "one_to_one"
    email = "email"
    newsletter = "newsletter"
    blog = "blog"
    intranet = "intranet"
    chat = "chat"
    linkedin = "linkedin"
    event = "event"
    training = "training"
    community_of_practice = "community_of_practice"
    steering_committee = "steering_committee"
    other = "other"


class Direction(str, Enum):
    both = "both"
    out = "out"


# --- Limits: everything a user sends is bounded (a 10 MB name once made a 72 MB page) ----
ID_MAX = 200
"""Longest stakeholder or group id (register ids and e-mail addresses fit)."""
TOUCHPOINT_ID_MAX = 3 * (2 * ID_MAX + 40)
"""Longest touchpoint id: room for the default ``source|target|vehicle`` with escapes."""
NAME_MAX = 200
TEXT_MAX = 500
"""Longest organisation or role."""
ATTRIBUTES_MAX = 100
"""Most further register columns kept per stakeholder."""
ATTRIBUTE_KEY_MAX = 100
ATTRIBUTE_VALUE_MAX = 2000

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _one_line(text: str) -> str:
    # No control characters (NUL, newlines, escapes) in ids and one-line text: they break
    # files, terminals and the ids other rows refer to.
    if _CONTROL.search(text):
        raise ValueError("control characters (newline, tab, NUL, …) are not allowed here")
    return text


OneLine = AfterValidator(_one_line)
Identifier = Annotated[str, Field(min_length=1, max_length=ID_MAX), OneLine]
TouchpointId = Annotated[str, Field(min_length=1, max_length=TOUCHPOINT_ID_MAX), OneLine]
Name = Annotated[str, Field(min_length=1, max_length=NAME_MAX), OneLine]
Text = Annotated[str, Field(max_length=TEXT_MAX), OneLine]
Score = Annotated[int, Field(ge=1, le=5)]

_STRICT = ConfigDict(extra="forbid", use_enum_values=True, validate_default=True,
                     str_strip_whitespace=True)


class CustomerGroup(BaseModel):
    """A group the PMO files stakeholders under, with the engagement it wants with it."""

    model_config = _STRICT

    id: Identifier
    name: Name
    desired_cadence_days: int | None = Field(default=None, ge=1, le=3650)
    desired_connection: Connection | None = None
    desired_links: list[Identifier] = Field(default_factory=list)

    @field_validator("desired_links", mode="before")
    @classmethod
    def _split_links(cls, value: Any) -> Any:
        # Spreadsheets carry lists as "a;b;c".
        if isinstance(value, str):
            return [part.strip() for part in value.replace(",", ";").split(";") if part.strip()]
        return [] if value is None else value


class Stakeholder(BaseModel):
    """One person (or, rarely, a named body) in the PMO's network."""

    model_config = _STRICT

    id: Identifier
    name: Name
    group: Identifier | None = None
    source: Source = Source.stakeholder
    organisation: Text | None = None
    role: Text | None = None
    internal: bool = True
    is_pmo: bool = False
    influencer: bool = False
    influence: Score | None = None
    interest: Score | None = None
    stance: Stance = Stance.unknown
    attributes: dict[str, str] = Field(default_factory=dict)

    @field_validator("attributes", mode="before")
    @classmethod
    def _attributes_as_strings(cls, value: Any) -> Any:
        if value is None:
            return {}
        if isinstance(value, str):
            value = json.loads(value) if value.strip() else {}
        if isinstance(value, dict):
            return {str(k): "" if v is None else str(v) for k, v in value.items()}
        return value

    @field_validator("attributes")
    @classmethod
    def _attributes_bounded(cls, value: dict[str, str]) -> dict[str, str]:
        if len(value) > ATTRIBUTES_MAX:
            raise ValueError(f"at most {ATTRIBUTES_MAX} attributes (got {len(value)})")
        for key, text in value.items():
            if not key or len(key) > ATTRIBUTE_KEY_MAX:
                raise ValueError(f"an attribute name is 1 to {ATTRIBUTE_KEY_MAX} characters "
                                 f"(got {len(key)})")
            if len(text) > ATTRIBUTE_VALUE_MAX:
                raise ValueError(f"attribute '{key[:40]}' is longer than "
                                 f"{ATTRIBUTE_VALUE_MAX} characters ({len(text)})")
        return value

    @model_validator(mode="after")
    def _external_influencers_are_influencers(self) -> Stakeholder:
        # DESIGN: influencers are source external_influencer or anyone marked so; keeping
        # the flag true for both lets analysts filter on one field in either engine.
        if self.source == Source.external_influencer.value:
            self.influencer = True
        return self


class Touchpoint(BaseModel):
    """A recurring channel of contact between two stakeholders.

    ``id`` defaults to ``source|target|vehicle``: the same pair may share several
    touchpoints as long as each goes by its own vehicle, and importing a register twice
    finds the same touchpoints again.
    """

    model_config = _STRICT

    id: TouchpointId | None = None
    source: Identifier
    target: Identifier
    vehicle: Vehicle = Vehicle.meeting
    connection: Connection = Connection.operational
    cadence_days: int = Field(default=30, ge=1, le=3650)
    last_contact: dt.date | None = None
    strength: float = Field(default=1.0, ge=0.0, le=1.0)
    direction: Direction = Direction.both

    @model_validator(mode="before")
    @classmethod
    def _default_id(cls, raw: Any) -> Any:
        # Filled before validation: setting it afterwards costs a re-validation per row.
        if isinstance(raw, dict) and raw.get("id") is None:
            source, target = raw.get("source"), raw.get("target")
            if isinstance(source, str) and isinstance(target, str):
                vehicle = raw.get("vehicle") or Vehicle.meeting.value
                raw = {**raw, "id": touchpoint_key(source.strip(), target.strip(),
                                                   str(getattr(vehicle, "value", vehicle)).strip())}
        return raw

    @model_validator(mode="after")
    def _no_self_loop(self) -> Touchpoint:
        if self.source == self.target:
            raise ValueError("a touchpoint joins two different stakeholders (source equals target)")
        return self


def touchpoint_key(source: str, target: str, vehicle: str) -> str:
    """The default touchpoint id ``source|target|vehicle``.

    ``%`` and ``|`` inside the parts are escaped (``%25``, ``%7C``), so two different
    touchpoints never share a key: unescaped, ``a|b`` → ``c`` and ``a`` → ``b|c`` both gave
    ``a|b|c|meeting`` and one silently replaced the other.
    """
    def part(text: str) -> str:
        return text.replace("%", "%25").replace("|", "%7C")

    return f"{part(source)}|{part(target)}|{part(vehicle)}"


def parse_touchpoint_key(key: str) -> tuple[str, str, str] | None:
    """``(source, target, vehicle)`` of a default touchpoint id, or None for another id."""
    parts = key.split("|")
    if len(parts) != 3:
        return None
    source, target, vehicle = (p.replace("%7C", "|").replace("%25", "%") for p in parts)
    return (source, target, vehicle) if touchpoint_key(source, target, vehicle) == key else None


class NetworkDocument(BaseModel):
    """The one-file form of a whole network (import and export)."""

    model_config = ConfigDict(extra="forbid")

    groups: list[CustomerGroup] = Field(default_factory=list)
    stakeholders: list[Stakeholder] = Field(default_factory=list)
    touchpoints: list[Touchpoint] = Field(default_factory=list)


# --- The seed's five customer groups -------------------------------------------------------

DEFAULT_GROUPS: tuple[CustomerGroup, ...] = (
    CustomerGroup(
        id="delivery",
        name="Delivery Teams & Managers",
        desired_cadence_days=7,
        desired_connection="operational",
        desired_links=["leadership", "business"],
    ),
    CustomerGroup(
        id="leadership",
        name="Senior Leadership",
        desired_cadence_days=14,
        desired_connection="strategic",
        desired_links=["delivery"],
    ),
    CustomerGroup(
        id="business",
        name="The Wider Business",
        desired_cadence_days=30,
        desired_connection="operational",
        desired_links=["delivery"],
    ),
    CustomerGroup(
        id="influencers",
        name="External Influencers",
        desired_cadence_days=60,
        desired_connection="personal",
        desired_links=[],
    ),
    CustomerGroup(
        id="industry",
        name="Industry Acquaintances",
        desired_cadence_days=90,
        desired_connection="personal",
        desired_links=["influencers"],
    ),
)


# --- Columnar form ---------------------------------------------------------------------------
# The stores hand snapshots over as Arrow tables with exactly these columns, so that a
# network of 10^6 touchpoints moves without one Python object per row.

GROUP_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("name", pa.string()),
        ("desired_cadence_days", pa.int64()),
        ("desired_connection", pa.string()),
        ("desired_links", pa.list_(pa.string())),
    ]
)

STAKEHOLDER_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("name", pa.string()),
        ("group", pa.string()),
        ("source", pa.string()),
        ("organisation", pa.string()),
        ("role", pa.string()),
        ("internal", pa.bool_()),
        ("is_pmo", pa.bool_()),
        ("influencer", pa.bool_()),
        ("influence", pa.int64()),
        ("interest", pa.int64()),
        ("stance", pa.string()),
        ("attributes", pa.string()),  # JSON object of strings: both engines store it as text
    ]
)

TOUCHPOINT_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("source", pa.string()),
        ("target", pa.string()),
        ("vehicle", pa.string()),
        ("connection", pa.string()),
        ("cadence_days", pa.int64()),
        ("last_contact", pa.date32()),
        ("strength", pa.float64()),
        ("direction", pa.string()),
    ]
)

SCHEMAS: dict[str, pa.Schema] = {
    "groups": GROUP_SCHEMA,
    "stakeholders": STAKEHOLDER_SCHEMA,
    "touchpoints": TOUCHPOINT_SCHEMA,
}
MODELS: dict[str, type[BaseModel]] = {
    "groups": CustomerGroup,
    "stakeholders": Stakeholder,
    "touchpoints": Touchpoint,
}


def to_row(entity: BaseModel) -> dict[str, Any]:
    """One validated entity as a row of its Arrow schema."""
    row = entity.model_dump(mode="python")
    if "attributes" in row:
        row["attributes"] = json.dumps(row["attributes"], sort_keys=True, ensure_ascii=False)
    return row


def to_table(kind: str, entities: list[BaseModel] | list[dict[str, Any]]) -> pa.Table:
    """Entities (models or rows already in column form) as an Arrow table of ``kind``."""
    rows = [to_row(e) if isinstance(e, BaseModel) else e for e in entities]
    return pa.Table.from_pylist(rows, schema=SCHEMAS[kind])


def json_row(kind: str, row: dict[str, Any]) -> dict[str, Any]:
    """A stored row as the JSON document carries it: attributes an object, links a list,
    dates ISO strings."""
    row = dict(row)
    if kind == "stakeholders":
        row["attributes"] = json.loads(row.get("attributes") or "{}")
    if kind == "groups":
        row["desired_links"] = list(row.get("desired_links") or [])
    if kind == "touchpoints" and isinstance(row.get("last_contact"), dt.date):
        row["last_contact"] = row["last_contact"].isoformat()
    return row


def from_row(kind: str, row: dict[str, Any]) -> BaseModel:
    """An Arrow row back as its model (values were validated on the way in)."""
    row = dict(row)
    if kind == "stakeholders":
        row["attributes"] = json.loads(row.get("attributes") or "{}")
    if kind == "groups" and row.get("desired_links") is None:
        row["desired_links"] = []
    return MODELS[kind].model_validate(row)


def empty_table(kind: str) -> pa.Table:
    return SCHEMAS[kind].empty_table()
