"""The PMO network's entities and their rules (pydantic v2); nothing knows about a database.

Stakeholders, customer groups and touchpoints (personal ties, or broadcasts to a whole
group), the contact log, and the state of plan actions, with the limits every field a user
sends is held to.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from enum import Enum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "ATTRIBUTES_MAX",
    "ATTRIBUTE_KEY_MAX",
    "ATTRIBUTE_VALUE_MAX",
    "ID_MAX",
    "NAME_MAX",
    "NOTE_MAX",
    "STAKEHOLDER_FIELDS",
    "TEXT_MAX",
    "TOUCHPOINT_ID_MAX",
    "Connection",
    "Contact",
    "CustomerGroup",
    "Direction",
    "Identifier",
    "Name",
    "NetworkDocument",
    "Note",
    "OneLine",
    "PlanActionState",
    "PlanStatus",
    "Score",
    "Source",
    "Stakeholder",
    "Stance",
    "Text",
    "Touchpoint",
    "TouchpointId",
    "Vehicle",
    "contact_key",
    "parse_touchpoint_key",
    "touchpoint_key",
]


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
NOTE_MAX = 2000
"""Longest note on a logged contact or a plan action."""

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

_STRICT = ConfigDict(
    extra="forbid", use_enum_values=True, validate_default=True, str_strip_whitespace=True
)


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
                raise ValueError(
                    f"an attribute name is 1 to {ATTRIBUTE_KEY_MAX} characters (got {len(key)})"
                )
            if len(text) > ATTRIBUTE_VALUE_MAX:
                raise ValueError(
                    f"attribute '{key[:40]}' is longer than "
                    f"{ATTRIBUTE_VALUE_MAX} characters ({len(text)})"
                )
        return value

    @model_validator(mode="after")
    def _external_influencers_are_influencers(self) -> Stakeholder:
        # Influencers are source external_influencer or anyone marked so; keeping
        # the flag true for both lets analysts filter on one field in either engine.
        if self.source == Source.external_influencer.value:
            self.influencer = True
        return self


#: A stakeholder's own fields, the register's columns (further columns are its attributes).
STAKEHOLDER_FIELDS = tuple(name for name in Stakeholder.model_fields if name != "attributes")


class Touchpoint(BaseModel):
    """A recurring channel of contact from a stakeholder to another stakeholder (a personal
    tie) or to a whole customer group (a broadcast: newsletter, intranet, blog, town hall).

    Exactly one of ``target`` and ``target_group`` is given. ``id`` defaults to
    ``source|target|vehicle`` (``source||group|vehicle`` for a group): the same pair may
    share several touchpoints as long as each goes by its own vehicle, and importing a
    register twice finds the same touchpoints again. ``last_contact`` is the later of the
    register's date and the latest entry of the touchpoint's contact log.
    """

    model_config = _STRICT

    id: TouchpointId | None = None
    source: Identifier
    target: Identifier | None = None
    target_group: Identifier | None = None
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
            source, target, group = raw.get("source"), raw.get("target"), raw.get("target_group")
            vehicle = raw.get("vehicle") or Vehicle.meeting.value
            vehicle = str(getattr(vehicle, "value", vehicle)).strip()
            if isinstance(source, str) and isinstance(target, str) and group is None:
                raw = {**raw, "id": touchpoint_key(source.strip(), target.strip(), vehicle)}
            elif isinstance(source, str) and isinstance(group, str) and target is None:
                raw = {
                    **raw,
                    "id": touchpoint_key(source.strip(), group.strip(), vehicle, to_group=True),
                }
        return raw

    @model_validator(mode="after")
    def _one_target(self) -> Touchpoint:
        if (self.target is None) == (self.target_group is None):
            raise ValueError(
                "a touchpoint goes to a stakeholder (target) or to a customer "
                "group (target_group): give exactly one"
            )
        if self.source == self.target:
            raise ValueError("a touchpoint joins two different stakeholders (source equals target)")
        return self

    @property
    def to_group(self) -> bool:
        return self.target_group is not None


def touchpoint_key(source: str, target: str, vehicle: str, *, to_group: bool = False) -> str:
    """The default touchpoint id: ``source|target|vehicle``, or ``source||group|vehicle``
    for a touchpoint with a whole customer group.

    ``%`` and ``|`` inside the parts are escaped (``%25``, ``%7C``), so two different
    touchpoints never share a key: unescaped, ``a|b`` → ``c`` and ``a`` → ``b|c`` both gave
    ``a|b|c|meeting`` and one silently replaced the other. Ids are never empty, so the
    empty part of a group key cannot be a stakeholder's.
    """

    def part(text: str) -> str:
        return text.replace("%", "%25").replace("|", "%7C")

    middle = f"|{part(target)}" if to_group else part(target)
    return f"{part(source)}|{middle}|{part(vehicle)}"


def parse_touchpoint_key(key: str) -> tuple[str, str, str, bool] | None:
    """``(source, target or group, vehicle, to_group)`` of a default touchpoint id, or None
    for another id."""
    parts = key.split("|")
    to_group = len(parts) == 4 and parts[1] == ""
    if to_group:
        parts = [parts[0], parts[2], parts[3]]
    if len(parts) != 3:
        return None
    source, target, vehicle = (p.replace("%7C", "|").replace("%25", "%") for p in parts)
    if touchpoint_key(source, target, vehicle, to_group=to_group) != key:
        return None
    return source, target, vehicle, to_group


def _multi_line(text: str) -> str:
    # A note may run over several lines, but carries no other control characters.
    if _CONTROL.search(text.replace("\n", "").replace("\t", "").replace("\r", "")):
        raise ValueError("control characters (NUL, escape, …) are not allowed here")
    return text


Note = Annotated[str, Field(max_length=NOTE_MAX), AfterValidator(_multi_line)]


class Contact(BaseModel):
    """One logged occurrence of a touchpoint: the contact log is history, it only grows.

    ``id`` defaults to a digest of what happened (touchpoint, date, vehicle, note, who
    logged it), so logging the same contact twice — a double click, a re-imported log —
    keeps one entry.
    """

    model_config = _STRICT

    id: Identifier | None = None
    touchpoint: TouchpointId
    date: dt.date
    vehicle: Vehicle | None = None
    note: Note = ""
    logged_by: Name | None = None
    logged_at: dt.datetime | None = None

    @model_validator(mode="before")
    @classmethod
    def _default_id(cls, raw: Any) -> Any:
        if isinstance(raw, dict) and raw.get("id") is None and raw.get("touchpoint"):
            raw = {**raw, "id": contact_key(raw)}
        return raw

    @field_validator("date")
    @classmethod
    def _plausible(cls, value: dt.date) -> dt.date:
        if not dt.date(1950, 1, 1) <= value <= dt.date(2200, 1, 1):
            raise ValueError("a contact's date is between 1950 and 2200")
        return value


def contact_key(raw: dict[str, Any]) -> str:
    """A contact's default id: ``c-`` and a digest of touchpoint, date, vehicle, note, who."""
    parts = [
        raw.get("touchpoint"),
        raw.get("date"),
        raw.get("vehicle"),
        raw.get("note") or "",
        raw.get("logged_by") or "",
    ]
    text = "\x1f".join("" if p is None else str(getattr(p, "value", p)) for p in parts)
    return "c-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


class PlanStatus(str, Enum):
    open = "open"
    done = "done"
    snoozed = "snoozed"


class PlanActionState(BaseModel):
    """What the PMO decided about one plan action (by the action's stable id); kept in the
    store, so a re-analysis finds the action done or snoozed as it was left."""

    model_config = _STRICT

    id: Identifier
    status: PlanStatus = PlanStatus.open
    snoozed_until: dt.date | None = None
    note: Note = ""
    updated_by: Name | None = None
    updated_at: dt.datetime | None = None

    @model_validator(mode="after")
    def _snooze_has_a_date(self) -> PlanActionState:
        if (self.status == PlanStatus.snoozed.value) != (self.snoozed_until is not None):
            raise ValueError("snoozed_until is given exactly when the status is snoozed")
        return self


class NetworkDocument(BaseModel):
    """The one-file form of a whole network (import and export)."""

    model_config = ConfigDict(extra="forbid")

    groups: list[CustomerGroup] = Field(default_factory=list)
    stakeholders: list[Stakeholder] = Field(default_factory=list)
    touchpoints: list[Touchpoint] = Field(default_factory=list)
    contacts: list[Contact] = Field(default_factory=list)
