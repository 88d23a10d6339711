"""Single-entity writes (a form, an API call): checked and run inside one transaction.

Shared by every adapter so a create, a change or a removal means the same on each
engine. The adapter supplies :class:`EntityTransaction` — lookups by id and the direct
statements — and :func:`run_writes` does the rest: refuse a taken or missing id, a
reference to a group, stakeholder or touchpoint that is not stored, a group that still
has members; move a touchpoint's ``last_contact`` on when a contact is logged. Every
lookup is by id (an index), so a write costs what it changes, not a read of the whole
store.
"""

from __future__ import annotations

from typing import Any, Protocol

from graphkit.model import InvalidChange, Problem
from graphkit.store.port import (
    Create,
    EntityExists,
    EntityNotFound,
    EntityWrite,
    Remove,
    Replace,
    WriteOutcome,
)


class EntityTransaction(Protocol):
    """What an adapter offers inside one open write transaction."""

    def stored(self, kind: str, entity_id: str) -> bool:
        """Whether an entity of ``kind`` with this id is stored (as this transaction sees it)."""

    def member_count(self, group_id: str) -> int:
        """How many stakeholders are filed under the group."""

    def last_contact(self, touchpoint_id: str) -> Any:
        """A stored touchpoint's ``last_contact`` (a date or None)."""

    def create(self, kind: str, row: dict[str, Any]) -> None:
        """Store a new entity (references already checked)."""

    def replace(self, kind: str, row: dict[str, Any]) -> None:
        """Overwrite every field of a stored entity (references already checked)."""

    def move_last_contact(self, touchpoint_id: str, day: Any) -> None:
        """Set a stored touchpoint's ``last_contact``."""

    def remove(self, kind: str, entity_id: str) -> list[str]:
        """Delete a stored entity; the ids of touchpoints that went with it (their logged
        contacts go too)."""


def _reference_problems(tx: EntityTransaction, kind: str, row: dict[str, Any]) -> list[Problem]:
    problems = []
    if kind == "stakeholders":
        group = row.get("group")
        if group is not None and not tx.stored("groups", group):
            problems.append(Problem(f"group '{group}' exists nowhere", field="group"))
    elif kind == "touchpoints":
        for end in ("source", "target"):
            if row.get(end) is not None and not tx.stored("stakeholders", row[end]):
                problems.append(Problem(f"stakeholder '{row[end]}' exists nowhere", field=end))
        group = row.get("target_group")
        if group is not None and not tx.stored("groups", group):
            problems.append(Problem(f"group '{group}' exists nowhere", field="target_group"))
    elif kind == "contacts":
        if not tx.stored("touchpoints", row["touchpoint"]):
            problems.append(
                Problem(f"touchpoint '{row['touchpoint']}' exists nowhere", field="touchpoint")
            )
    elif kind == "groups":
        for link in row.get("desired_links") or []:
            if link != row["id"] and not tx.stored("groups", link):
                problems.append(
                    Problem(
                        f"desired link to group '{link}', which exists nowhere",
                        field="desired_links",
                    )
                )
    return problems


def run_writes(tx: EntityTransaction, writes: list[EntityWrite]) -> WriteOutcome:
    """Check and run ``writes`` in order inside the caller's transaction.

    Raises
    ------
    EntityExists, EntityNotFound, InvalidChange
        The caller rolls the transaction back: nothing of ``writes`` is kept.
    """
    outcome = WriteOutcome()
    for write in writes:
        if isinstance(write, Remove):
            if not tx.stored(write.kind, write.id):
                raise EntityNotFound(write.kind, write.id)
            if write.kind == "groups":
                members = tx.member_count(write.id)
                if members:
                    raise InvalidChange(
                        [
                            Problem(
                                f"group '{write.id}' still has {members} member(s); move or delete "
                                "them first",
                                field="group",
                            )
                        ]
                    )
            outcome.removed["touchpoints"] += tx.remove(write.kind, write.id)
            outcome.removed[write.kind].append(write.id)
            continue
        kind, row = write.kind, write.row
        exists = tx.stored(kind, row["id"])
        if isinstance(write, Create) and exists:
            raise EntityExists(kind, row["id"])
        if isinstance(write, Replace) and not exists:
            raise EntityNotFound(kind, row["id"])
        problems = _reference_problems(tx, kind, row)
        if problems:
            raise InvalidChange(problems)
        if kind == "contacts" and isinstance(write, Replace):
            raise InvalidChange(
                [
                    Problem(
                        "the contact log is never overwritten: log a new contact instead",
                        field="id",
                    )
                ]
            )
        (tx.create if isinstance(write, Create) else tx.replace)(kind, row)
        outcome.written[kind].append(row)
        if kind == "contacts":
            _move_last_contact_on(tx, row, outcome)
    return outcome


def _move_last_contact_on(
    tx: EntityTransaction, contact: dict[str, Any], outcome: WriteOutcome
) -> None:
    """A logged contact later than the touchpoint's ``last_contact`` becomes it."""
    before = tx.last_contact(contact["touchpoint"])
    if before is not None and before >= contact["date"]:
        return
    tx.move_last_contact(contact["touchpoint"], contact["date"])
    outcome.moved_on[contact["touchpoint"]] = contact["date"]


__all__ = ["Create", "EntityTransaction", "Remove", "Replace", "run_writes"]
