"""The network in columns: one Arrow schema per entity, and the snapshot and change types.

The stores hand snapshots over as Arrow tables with exactly these columns, so that a
network of 10^6 touchpoints moves without one Python object per row; importers build
changes in the same columns; exporters write them. A field added to an entity is added
here once.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
from pydantic import BaseModel

from graphkit.model.entities import (
    Contact,
    CustomerGroup,
    NetworkDocument,
    PlanActionState,
    Stakeholder,
    Touchpoint,
)

__all__ = [
    "CONTACT_SCHEMA",
    "GROUP_SCHEMA",
    "MODELS",
    "NETWORK_KINDS",
    "PLAN_ACTION_SCHEMA",
    "SCHEMAS",
    "STAKEHOLDER_SCHEMA",
    "TOUCHPOINT_SCHEMA",
    "NetworkChange",
    "Snapshot",
    "empty_table",
    "from_row",
    "json_row",
    "to_row",
    "to_table",
]

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
        ("target", pa.string()),  # null for a touchpoint with a group
        ("target_group", pa.string()),  # null for a personal tie
        ("vehicle", pa.string()),
        ("connection", pa.string()),
        ("cadence_days", pa.int64()),
        ("last_contact", pa.date32()),
        ("strength", pa.float64()),
        ("direction", pa.string()),
    ]
)

CONTACT_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("touchpoint", pa.string()),
        ("date", pa.date32()),
        ("vehicle", pa.string()),
        ("note", pa.string()),
        ("logged_by", pa.string()),
        ("logged_at", pa.timestamp("us", tz="UTC")),
    ]
)

PLAN_ACTION_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("status", pa.string()),
        ("snoozed_until", pa.date32()),
        ("note", pa.string()),
        ("updated_by", pa.string()),
        ("updated_at", pa.timestamp("us", tz="UTC")),
    ]
)

SCHEMAS: dict[str, pa.Schema] = {
    "groups": GROUP_SCHEMA,
    "stakeholders": STAKEHOLDER_SCHEMA,
    "touchpoints": TOUCHPOINT_SCHEMA,
    "contacts": CONTACT_SCHEMA,
    "plan_actions": PLAN_ACTION_SCHEMA,
}
MODELS: dict[str, type[BaseModel]] = {
    "groups": CustomerGroup,
    "stakeholders": Stakeholder,
    "touchpoints": Touchpoint,
    "contacts": Contact,
    "plan_actions": PlanActionState,
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
    for key, value in row.items():
        if isinstance(value, (dt.date, dt.datetime)):
            row[key] = value.isoformat()
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
    # not Schema.empty_table(): that imports pandas (a quarter of a second) for nothing
    return pa.Table.from_batches([], schema=SCHEMAS[kind])


# --- A whole network, and a change to it ---------------------------------------------------

NETWORK_KINDS = ("groups", "stakeholders", "touchpoints", "contacts")
"""What a network document (and an import, a snapshot, an export) holds, in write order:
groups before the stakeholders filed under them, people before their ties, ties before
their logged contacts."""


@dataclass(frozen=True)
class Snapshot:
    """The whole network at one moment, column by column (the schemas above)."""

    groups: pa.Table
    stakeholders: pa.Table
    touchpoints: pa.Table
    contacts: pa.Table = field(default_factory=lambda: empty_table("contacts"))

    @classmethod
    def empty(cls) -> Snapshot:
        return cls(*(empty_table(kind) for kind in NETWORK_KINDS))

    def table(self, kind: str) -> pa.Table:
        table: pa.Table = getattr(self, kind)
        return table

    def to_document(self) -> NetworkDocument:
        return NetworkDocument.model_validate(
            {
                kind: [from_row(kind, row) for row in self.table(kind).to_pylist()]
                for kind in NETWORK_KINDS
            }
        )


@dataclass
class NetworkChange:
    """Upserts and deletions of the network's entities, applied as one transaction.

    Upserts are Arrow tables in the schemas above (validated before they get here);
    deletions are lists of ids. Deleting a stakeholder removes their touchpoints too.
    Contacts are history: they are only ever added.
    """

    groups: pa.Table = field(default_factory=lambda: empty_table("groups"))
    stakeholders: pa.Table = field(default_factory=lambda: empty_table("stakeholders"))
    touchpoints: pa.Table = field(default_factory=lambda: empty_table("touchpoints"))
    contacts: pa.Table = field(default_factory=lambda: empty_table("contacts"))
    delete_groups: list[str] = field(default_factory=list)
    delete_stakeholders: list[str] = field(default_factory=list)
    delete_touchpoints: list[str] = field(default_factory=list)

    @classmethod
    def from_document(cls, document: NetworkDocument) -> NetworkChange:
        return cls(**{kind: to_table(kind, getattr(document, kind)) for kind in NETWORK_KINDS})

    def table(self, kind: str) -> pa.Table:
        table: pa.Table = getattr(self, kind)
        return table

    def deletions(self, kind: str) -> list[str]:
        found: list[str] = getattr(self, f"delete_{kind}", [])
        return found

    @property
    def is_empty(self) -> bool:
        return not any(self.table(k).num_rows or self.deletions(k) for k in NETWORK_KINDS)
