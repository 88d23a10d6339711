"""Turn a requested change (an import) into the exact writes it needs.

Shared by every adapter so that "importing twice changes nothing" and the integrity rules
mean the same on each engine: an adapter fetches what the change touches, calls
:func:`plan_change`, and executes the plan in one transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from graphkit import model
from graphkit.model import InvalidChange, NetworkChange, Problem
from graphkit.store.port import KINDS, ChangeSummary


@dataclass
class Existing:
    """What the store holds that a change touches.

    ``rows`` holds, per kind, at least the stored rows whose ids the change upserts or
    deletes, and the stored touchpoints the change's contacts name (more is fine).
    ``stakeholder_ids``/``group_ids``/``touchpoint_ids`` hold at least the stored ids the
    change refers to. ``members`` maps each group to be deleted to its stored members.
    ``touchpoints_of_deleted`` lists the stored touchpoints that go with a stakeholder or a
    group to be deleted, ``contacts_of_deleted`` the stored contacts of every touchpoint
    that goes (they are personal data: a tie's log goes with it).
    """

    rows: dict[str, pa.Table]
    stakeholder_ids: set[str]
    group_ids: set[str]
    touchpoint_ids: set[str] = field(default_factory=set)
    members: dict[str, set[str]] = field(default_factory=dict)
    touchpoints_of_deleted: set[str] = field(default_factory=set)
    contacts_of_deleted: set[str] = field(default_factory=set)


@dataclass
class WritePlan:
    create: dict[str, pa.Table]
    update: dict[str, pa.Table]
    delete: dict[str, list[str]]
    summary: ChangeSummary

    @property
    def is_empty(self) -> bool:
        return not any(
            self.create[k].num_rows or self.update[k].num_rows or self.delete[k] for k in KINDS
        )


def _by_id(table: pa.Table) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in table.to_pylist()}


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    # Stores may hand lists back as tuples or None for empty; compare as the model means it.
    for key, value in a.items():
        other = b.get(key)
        if isinstance(value, (list, tuple)) or isinstance(other, (list, tuple)):
            if list(value or []) != list(other or []):
                return False
        elif value != other:
            return False
    return True


def _later(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    return b if a is None else a if b is None else max(a, b)


def _duplicates(change: NetworkChange, problems: list[Problem]) -> None:
    for kind in KINDS:
        ids = change.table(kind).column("id").to_pylist()
        if len(set(ids)) == len(ids):
            continue
        seen: set[str] = set()
        for position, key in enumerate(ids):
            if key in seen:
                problems.append(
                    Problem(f"duplicate id '{key}' in {kind}", row=position + 1, field="id")
                )
            seen.add(key)


def _reference_problems(change: NetworkChange, existing: Existing, problems: list[Problem]) -> None:
    def nowhere(what: str, position: int, field: str) -> None:
        # a row names what is neither in the store (after the change's deletes) nor in it
        problems.append(Problem(f"{what}, which exists nowhere", row=position + 1, field=field))

    deleted_stakeholders = set(change.delete_stakeholders)
    deleted_groups = set(change.delete_groups)
    upserted_stakeholders = set(change.stakeholders.column("id").to_pylist())
    upserted_groups = set(change.groups.column("id").to_pylist())
    groups_after = (existing.group_ids - deleted_groups) | upserted_groups
    stakeholders_after = (existing.stakeholder_ids - deleted_stakeholders) | upserted_stakeholders

    stakeholder_ids = change.stakeholders.column("id").to_pylist()
    stakeholder_groups = change.stakeholders.column("group").to_pylist()
    for position, (sid, group) in enumerate(zip(stakeholder_ids, stakeholder_groups)):
        if group is not None and group not in groups_after:
            nowhere(f"stakeholder '{sid}' is filed under group '{group}'", position, "group")
    for position, link_list in enumerate(change.groups.column("desired_links").to_pylist()):
        for link in link_list or []:
            if link not in groups_after:
                nowhere(f"desired link to group '{link}'", position, "desired_links")

    ties = change.touchpoints
    for end, known, noun in (
        ("source", stakeholders_after, "stakeholder"),
        ("target", stakeholders_after, "stakeholder"),
        ("target_group", groups_after, "group"),
    ):
        for position, name in enumerate(ties.column(end).to_pylist()):
            if name is not None and name not in known:
                nowhere(f"touchpoint names {noun} '{name}'", position, end)

    gone = (set(change.delete_touchpoints) | existing.touchpoints_of_deleted) - set(
        ties.column("id").to_pylist()
    )
    ties_after = (existing.touchpoint_ids - gone) | set(ties.column("id").to_pylist())
    for position, tie in enumerate(change.contacts.column("touchpoint").to_pylist()):
        if tie not in ties_after:
            nowhere(f"contact of touchpoint '{tie}'", position, "touchpoint")

    for group in deleted_groups:
        staying = {
            s for s in existing.members.get(group, set()) if s not in deleted_stakeholders
        } - upserted_stakeholders
        moved_in = {sid for sid, g in zip(stakeholder_ids, stakeholder_groups) if g == group}
        if staying or moved_in:
            problems.append(
                Problem(
                    f"group '{group}' still has {len(staying | moved_in)} "
                    "member(s); move or delete them first",
                    field="group",
                )
            )


def _touchpoint_rows(
    change: NetworkChange, existing: Existing, problems: list[Problem]
) -> list[dict[str, Any]]:
    """The change's touchpoints, with ``last_contact`` that never moves back, and the
    stored touchpoints whose ``last_contact`` the change's contacts move on."""
    stored = _by_id(existing.rows["touchpoints"]) if existing.rows["touchpoints"].num_rows else {}
    rows: list[dict[str, Any]] = change.touchpoints.to_pylist()
    latest: dict[str, dt.date] = {}
    for contact in change.contacts.to_pylist():
        latest[contact["touchpoint"]] = (
            _later(latest.get(contact["touchpoint"]), contact["date"]) or contact["date"]
        )
    given = set()
    for row in rows:
        given.add(row["id"])
        before = stored.get(row["id"])
        # the register's date, the contact log's latest: whichever is later
        row["last_contact"] = _later(
            _later(row["last_contact"], latest.get(row["id"])),
            before["last_contact"] if before else None,
        )
    for tie, day in latest.items():
        if (
            tie not in given
            and tie in stored
            and _later(stored[tie]["last_contact"], day) != stored[tie]["last_contact"]
        ):
            rows.append({**stored[tie], "last_contact": day})
    return rows


def plan_change(change: NetworkChange, existing: Existing) -> WritePlan:
    """Split a change into creates, updates and deletes; raise if it breaks a rule.

    Raises
    ------
    InvalidChange
        With every problem found, when an id repeats within the change, a touchpoint
        names a stakeholder or group that would not exist, a contact a touchpoint that
        would not exist, a stakeholder a group that would not exist, a group to be
        deleted keeps members, or a contact would overwrite a different logged one.
    """
    problems: list[Problem] = []
    _duplicates(change, problems)
    _reference_problems(change, existing, problems)
    stored_contacts = (
        _by_id(existing.rows["contacts"]) if existing.rows["contacts"].num_rows else {}
    )
    for position, contact in enumerate(change.contacts.to_pylist()):
        before = stored_contacts.get(contact["id"])
        if before is not None and not _same(
            {k: v for k, v in contact.items() if k != "logged_at"}, before
        ):
            problems.append(
                Problem(
                    f"contact '{contact['id']}' is logged already with other "
                    "details; the contact log is never overwritten",
                    row=position + 1,
                    field="id",
                )
            )
    touchpoints = _touchpoint_rows(change, existing, problems)
    if problems:
        raise InvalidChange(problems)

    summary = ChangeSummary()
    create: dict[str, pa.Table] = {}
    update: dict[str, pa.Table] = {}
    delete: dict[str, list[str]] = {}
    tables = {kind: change.table(kind) for kind in KINDS}
    tables["touchpoints"] = pa.Table.from_pylist(touchpoints, schema=model.TOUCHPOINT_SCHEMA)
    requested = change.touchpoints.num_rows
    for kind in KINDS:
        stored = _by_id(existing.rows[kind]) if existing.rows[kind].num_rows else {}
        table = tables[kind]
        new_positions, changed_positions = [], []
        for position, row in enumerate(table.to_pylist()):
            before = stored.get(row["id"])
            if before is None:
                new_positions.append(position)
            elif kind == "contacts" or _same(row, before):
                if kind != "touchpoints" or position < requested:
                    summary.unchanged[kind] += 1
            else:
                changed_positions.append(position)
        create[kind] = table.take(new_positions) if new_positions else table.slice(0, 0)
        update[kind] = table.take(changed_positions) if changed_positions else table.slice(0, 0)
        summary.created[kind] = len(new_positions)
        summary.updated[kind] = len(changed_positions)
        gone = [key for key in dict.fromkeys(change.deletions(kind)) if key in stored]
        delete[kind] = gone
        summary.deleted[kind] = len(gone)
    # What goes with a deleted stakeholder or group; count it once.
    cascaded = existing.touchpoints_of_deleted - set(delete["touchpoints"])
    summary.deleted["touchpoints"] += len(cascaded)
    summary.deleted["contacts"] += len(existing.contacts_of_deleted)
    return WritePlan(create=create, update=update, delete=delete, summary=summary)
