"""The store contract for touchpoints with groups, the contact log and plan action states,
on every engine."""

from __future__ import annotations

import datetime as dt

import ladybug
import pytest
from engines import OLD_NODE_TABLES

from graphkit import model
from graphkit.model import InvalidChange, NetworkChange
from graphkit.store import Create, EntityExists, Remove, Replace, open_store

DAY = dt.date(2026, 10, 1)


def _row(kind: str, **fields) -> dict:
    return model.to_table(kind, [model.MODELS[kind](**fields)]).to_pylist()[0]


def _tie(store, tie_id: str) -> dict:
    return next(r for r in store.snapshot().touchpoints.to_pylist() if r["id"] == tie_id)


NEWSLETTER = "pmo-ben||business|newsletter"


def test_a_touchpoint_with_a_group_is_an_edge_to_the_group(loaded_store):
    loaded_store.write(
        [
            Create(
                "touchpoints",
                _row(
                    "touchpoints",
                    source="pmo-ben",
                    target_group="business",
                    vehicle="newsletter",
                    cadence_days=30,
                ),
            )
        ]
    )
    tie = _tie(loaded_store, NEWSLETTER)
    assert (tie["source"], tie["target"], tie["target_group"]) == ("pmo-ben", None, "business")
    edge = loaded_store.query(
        "MATCH (s:Stakeholder)-[t:TOUCHPOINT]->(g:CustomerGroup) RETURN s.id, t.id, g.id"
    )
    assert edge.rows == [["pmo-ben", NEWSLETTER, "business"]]
    # an import of the same finds it again, and a group that exists nowhere is refused
    doc = model.NetworkDocument(
        touchpoints=[
            model.Touchpoint(
                source="pmo-ben", target_group="business", vehicle="newsletter", cadence_days=30
            )
        ]
    )
    assert not loaded_store.apply(NetworkChange.from_document(doc)).changed_anything
    with pytest.raises(InvalidChange) as refused:
        loaded_store.write(
            [
                Create(
                    "touchpoints",
                    _row("touchpoints", source="pmo-ben", target_group="nowhere", vehicle="blog"),
                )
            ]
        )
    assert [p["field"] for p in refused.value.problems] == ["target_group"]


def test_deleting_a_group_or_a_person_takes_their_touchpoints_and_logs(loaded_store):
    loaded_store.write(
        [
            Create("groups", _row("groups", id="alumni", name="Alumni")),
            Create(
                "touchpoints",
                _row("touchpoints", source="pmo-ben", target_group="alumni", vehicle="newsletter"),
            ),
            Create("contacts", _row("contacts", touchpoint="pmo-ben||alumni|newsletter", date=DAY)),
            Create("contacts", _row("contacts", touchpoint="pmo-ana|pm-dev|email", date=DAY)),
        ]
    )
    assert loaded_store.counts().contacts == 2
    outcome = loaded_store.write([Remove("groups", "alumni")])
    assert outcome.removed["touchpoints"] == ["pmo-ben||alumni|newsletter"]
    assert loaded_store.counts().contacts == 1
    # an import that deletes a stakeholder takes their ties' logs too (personal data)
    summary = loaded_store.apply(NetworkChange(delete_stakeholders=["pm-dev"]))
    assert summary.deleted["contacts"] == 1
    assert loaded_store.counts().contacts == 0


def test_a_logged_contact_moves_last_contact_on_and_never_back(loaded_store):
    tie_id = "pmo-ana|pm-dev|email"
    before = _tie(loaded_store, tie_id)["last_contact"]
    later = (before or DAY) + dt.timedelta(days=10)
    outcome = loaded_store.write(
        [
            Create(
                "contacts",
                _row(
                    "contacts",
                    touchpoint=tie_id,
                    date=later,
                    note="Quarterly review",
                    logged_by="Ana",
                ),
            )
        ]
    )
    assert outcome.moved_on == {tie_id: later}
    assert _tie(loaded_store, tie_id)["last_contact"] == later
    # an older entry is history: it is kept, last_contact stays
    older = later - dt.timedelta(days=100)
    assert (
        loaded_store.write(
            [Create("contacts", _row("contacts", touchpoint=tie_id, date=older))]
        ).moved_on
        == {}
    )
    assert _tie(loaded_store, tie_id)["last_contact"] == later
    log = [c for c in loaded_store.snapshot().contacts.to_pylist() if c["touchpoint"] == tie_id]
    assert sorted(c["date"] for c in log) == [older, later]
    # re-importing the register with its old date does not move last_contact back
    tie = model.Touchpoint(
        **{**model.json_row("touchpoints", _tie(loaded_store, tie_id)), "last_contact": before}
    )
    loaded_store.apply(NetworkChange.from_document(model.NetworkDocument(touchpoints=[tie])))
    assert _tie(loaded_store, tie_id)["last_contact"] == later


def test_the_log_is_never_overwritten(loaded_store):
    contact = _row("contacts", touchpoint="pmo-ana|pm-dev|email", date=DAY, note="Met")
    loaded_store.write([Create("contacts", contact)])
    with pytest.raises(EntityExists):
        loaded_store.write([Create("contacts", contact)])
    with pytest.raises(InvalidChange, match="never overwritten"):
        loaded_store.write([Replace("contacts", {**contact, "note": "Changed"})])
    rewritten = model.Contact(**{**model.json_row("contacts", contact), "note": "Changed"})
    with pytest.raises(InvalidChange, match="never overwritten"):
        loaded_store.apply(NetworkChange.from_document(model.NetworkDocument(contacts=[rewritten])))
    assert [c["note"] for c in loaded_store.snapshot().contacts.to_pylist()] == ["Met"]


def test_an_imported_log_moves_last_contact_on_and_importing_it_again_changes_nothing(loaded_store):
    tie_id = "pmo-ana|spon-cara|one_to_one"
    base = _tie(loaded_store, tie_id)["last_contact"] or DAY
    contacts = [
        model.Contact(touchpoint=tie_id, date=base + dt.timedelta(days=i), note=f"#{i}")
        for i in range(3)
    ]
    doc = model.NetworkDocument(contacts=contacts)
    first = loaded_store.apply(NetworkChange.from_document(doc))
    assert first.created["contacts"] == 3
    assert _tie(loaded_store, tie_id)["last_contact"] == base + dt.timedelta(days=2)
    again = loaded_store.apply(NetworkChange.from_document(doc))
    assert not again.changed_anything and again.unchanged["contacts"] == 3
    with pytest.raises(InvalidChange) as refused:
        loaded_store.apply(
            NetworkChange.from_document(
                model.NetworkDocument(contacts=[model.Contact(touchpoint="no|such|tie", date=DAY)])
            )
        )
    assert refused.value.problems[0]["field"] == "touchpoint"


def test_plan_action_states_are_kept(store):
    state = _row("plan_actions", id="a-1", status="snoozed", snoozed_until=DAY, note="after Q4")
    store.write([Create("plan_actions", state)])
    store.write([Replace("plan_actions", {**state, "status": "done", "snoozed_until": None})])
    kept = store.plan_actions().to_pylist()
    assert [(s["id"], s["status"], s["snoozed_until"], s["note"]) for s in kept] == [
        ("a-1", "done", None, "after Q4")
    ]


def test_a_store_from_before_group_touchpoints_is_migrated(tmp_path):
    path = tmp_path / "old.lbug"
    db = ladybug.Database(str(path))
    old = ladybug.Connection(db)
    for table in OLD_NODE_TABLES:
        old.execute(table)
    old.execute(
        "CREATE REL TABLE TOUCHPOINT(FROM Stakeholder TO Stakeholder, id STRING, vehicle "
        "STRING, connection STRING, cadence_days INT64, last_contact DATE, strength "
        "DOUBLE, direction STRING)"
    )
    old.execute("CREATE REL TABLE MEMBER_OF(FROM Stakeholder TO CustomerGroup)")
    old.execute(
        "CREATE (:Stakeholder {id: 'a', name: 'A', source: 'stakeholder', stance: "
        "'unknown', attributes: '{}'}), (:Stakeholder {id: 'b', name: 'B', source: "
        "'stakeholder', stance: 'unknown', attributes: '{}'})"
    )
    old.execute(
        "MATCH (a:Stakeholder {id: 'a'}), (b:Stakeholder {id: 'b'}) CREATE (a)-[:"
        "TOUCHPOINT {id: 'a|b|meeting', vehicle: 'meeting', connection: 'operational', "
        "cadence_days: 7, last_contact: date('2026-09-01'), strength: 1.0, "
        "direction: 'both'}]->(b)"
    )
    old.close()
    db.close()
    with open_store(str(path)) as store:
        tie = _tie(store, "a|b|meeting")
        assert (tie["target"], tie["cadence_days"], tie["last_contact"]) == (
            "b",
            7,
            dt.date(2026, 9, 1),
        )
        store.write(
            [
                Create("groups", _row("groups", id="g", name="G")),
                Create("touchpoints", _row("touchpoints", source="a", target_group="g")),
            ]
        )
        assert store.counts().touchpoints == 2
