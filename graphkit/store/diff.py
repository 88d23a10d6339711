"""Turn a requested change into the exact writes it needs.

Shared by every adapter so that "importing twice changes nothing" and the integrity rules
mean the same on each engine: an adapter fetches what the change touches, calls
:func:`plan_change`, and executes the plan in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

from graphkit.store.port import KINDS, ChangeSummary, InvalidChange, NetworkChange, Problem


@dataclass
class Existing:
    """What the store holds that a change touches.

    ``rows`` holds, per kind, at least the stored rows whose ids the change upserts or
    deletes (more is fine). ``stakeholder_ids``/``group_ids`` hold at least the stored ids
    the change refers to. ``members`` maps each group to be deleted to its stored members.
    ``touchpoint_ends`` lists stored touchpoints (id, source, target) touching a
    stakeholder to be deleted.
    """

    rows: dict[str, pa.Table]
    stakeholder_ids: set[str]
    group_ids: set[str]
    members: dict[str, set[str]] = field(default_factory=dict)
    touchpoints_of_deleted: set[str] = field(default_factory=set)


@dataclass
class WritePlan:
    create: dict[str, pa.Table]
    update: dict[str, pa.Table]
    delete: dict[str, list[str]]
    summary: ChangeSummary

    @property
    def is_empty(self) -> bool:
        return not any(self.create[k].num_rows or self.update[k].num_rows or self.delete[k]
                       for k in KINDS)


def _by_id(table: pa.Table) -> dict[str, dict]:
    return {row["id"]: row for row in table.to_pylist()}


def _same(a: dict, b: dict) -> bool:
    # Stores may hand lists back as tuples or None for empty; compare as the model means it.
    for key, value in a.items():
        other = b.get(key)
        if isinstance(value, (list, tuple)) or isinstance(other, (list, tuple)):
            if list(value or []) != list(other or []):
                return False
        elif value != other:
            return False
    return True


def plan_change(change: NetworkChange, existing: Existing) -> WritePlan:
    """Split a change into creates, updates and deletes; raise if it breaks a rule.

    Raises
    ------
    InvalidChange
        With every problem found, when an id repeats within the change, a touchpoint
        names a stakeholder that would not exist, a stakeholder names a group that would
        not exist, or a group to be deleted keeps members.
    """
    problems: list[Problem] = []
    summary = ChangeSummary()
    create: dict[str, pa.Table] = {}
    update: dict[str, pa.Table] = {}
    delete: dict[str, list[str]] = {}

    for kind in KINDS:
        table = change.table(kind)
        ids = table.column("id").to_pylist()
        if len(set(ids)) != len(ids):
            seen: set[str] = set()
            for position, key in enumerate(ids):
                if key in seen:
                    problems.append(Problem(f"duplicate id '{key}' in {kind}", row=position + 1,
                                            field="id"))
                seen.add(key)

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
            problems.append(Problem(f"stakeholder '{sid}' is filed under group '{group}', "
                                    "which exists nowhere", row=position + 1, field="group"))

    for position, link_list in enumerate(change.groups.column("desired_links").to_pylist()):
        for link in link_list or []:
            if link not in groups_after:
                problems.append(Problem(f"desired link to group '{link}', which exists nowhere",
                                        row=position + 1, field="desired_links"))

    touchpoints = change.touchpoints
    if touchpoints.num_rows:
        for end in ("source", "target"):
            known = pc.is_in(touchpoints.column(end),
                             value_set=pa.array(list(stakeholders_after), pa.string()))
            for position in pc.indices_nonzero(pc.invert(known)).to_pylist():
                name = touchpoints.column(end)[position].as_py()
                problems.append(Problem(f"touchpoint names stakeholder '{name}', which exists "
                                        "nowhere", row=position + 1, field=end))

    for group in deleted_groups:
        staying = {s for s in existing.members.get(group, set())
                   if s not in deleted_stakeholders} - upserted_stakeholders
        moved_in = {sid for sid, g in zip(stakeholder_ids, stakeholder_groups) if g == group}
        if staying or moved_in:
            problems.append(Problem(f"group '{group}' still has {len(staying | moved_in)} "
                                    "member(s); move or delete them first", field="group"))

    if problems:
        raise InvalidChange(problems)

    for kind in KINDS:
        stored = _by_id(existing.rows[kind]) if existing.rows[kind].num_rows else {}
        table = change.table(kind)
        rows = table.to_pylist()
        new_positions, changed_positions = [], []
        for position, row in enumerate(rows):
            before = stored.get(row["id"])
            if before is None:
                new_positions.append(position)
            elif _same(row, before):
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
    # Touchpoints of deleted stakeholders go with them; count them once.
    cascaded = existing.touchpoints_of_deleted - set(delete["touchpoints"])
    summary.deleted["touchpoints"] += len(cascaded)
    return WritePlan(create=create, update=update, delete=delete, summary=summary)
