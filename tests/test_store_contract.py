"""The store contract: every engine behaves the same (run on each available engine)."""

from __future__ import annotations

import pytest

from graphkit import model
from graphkit.store import (
    InvalidChange,
    NetworkChange,
    ReadOnlyViolation,
    Snapshot,
    StoreError,
    open_store,
)


def _sorted(document: model.NetworkDocument) -> model.NetworkDocument:
    return model.NetworkDocument(
        **{
            kind: sorted(getattr(document, kind), key=lambda e: e.id)
            for kind in ("groups", "stakeholders", "touchpoints")
        }
    )


@pytest.mark.parametrize(
    "adapter", ["graphkit.store.ladybug:LadybugStore", "graphkit.store.neo4j:Neo4jStore"]
)
def test_every_adapter_implements_the_whole_port(adapter):
    # Checked without a server: an adapter missing one of the port's methods cannot even be
    # constructed, which a machine without Neo4j would otherwise never notice.
    import importlib

    module, name = adapter.split(":")
    assert not getattr(importlib.import_module(module), name).__abstractmethods__


def test_a_new_store_is_empty(store):
    assert store.counts().as_dict() == {
        "groups": 0,
        "stakeholders": 0,
        "touchpoints": 0,
        "contacts": 0,
    }
    snapshot = store.snapshot()
    assert snapshot.stakeholders.num_rows == snapshot.touchpoints.num_rows == 0
    assert snapshot.stakeholders.schema == model.STAKEHOLDER_SCHEMA


def test_schema_setup_is_idempotent(loaded_store):
    before = loaded_store.snapshot()
    loaded_store.setup_schema()
    assert loaded_store.snapshot() == before


def test_snapshot_returns_exactly_what_was_written(loaded_store, network_document):
    snapshot = loaded_store.snapshot()
    assert snapshot.to_document() == _sorted(network_document)
    for kind in ("groups", "stakeholders", "touchpoints"):
        assert snapshot.table(kind).schema == model.SCHEMAS[kind]


def test_applying_the_same_change_twice_changes_nothing(loaded_store, network_document):
    before = loaded_store.snapshot()
    summary = loaded_store.apply(NetworkChange.from_document(network_document))
    assert not summary.changed_anything
    assert summary.unchanged == {"groups": 5, "stakeholders": 8, "touchpoints": 7, "contacts": 0}
    assert loaded_store.snapshot() == before


def test_an_update_rewrites_only_what_changed(loaded_store, network_document):
    edited = network_document.model_copy(deep=True)
    hal = next(s for s in edited.stakeholders if s.id == "biz-hal")
    hal.group, hal.influence, hal.attributes = "business", 3, {"team": "Ops"}
    tie = next(t for t in edited.touchpoints if t.vehicle == "linkedin")
    tie.strength, tie.last_contact = 0.8, None
    summary = loaded_store.apply(NetworkChange.from_document(edited))
    assert summary.updated == {"groups": 0, "stakeholders": 1, "touchpoints": 1, "contacts": 0}
    assert loaded_store.snapshot().to_document() == _sorted(edited)
    members = loaded_store.query(
        "MATCH (s:Stakeholder)-[:MEMBER_OF]->(g:CustomerGroup) WHERE s.id = $id RETURN g.id",
        {"id": "biz-hal"},
    )
    assert members.rows == [["business"]]


def test_a_dangling_touchpoint_is_refused_and_changes_nothing(loaded_store):
    before = loaded_store.snapshot()
    change = NetworkChange.from_document(
        model.NetworkDocument(
            stakeholders=[model.Stakeholder(id="new-person", name="New Person")],
            touchpoints=[model.Touchpoint(source="pmo-ana", target="nobody-here")],
        )
    )
    with pytest.raises(InvalidChange) as refused:
        loaded_store.apply(change)
    assert any(
        p["field"] == "target" and "nobody-here" in p["message"] for p in refused.value.problems
    )
    assert loaded_store.snapshot() == before


def test_an_unknown_group_and_a_repeated_id_are_refused(loaded_store):
    before = loaded_store.counts()
    change = NetworkChange.from_document(
        model.NetworkDocument(
            stakeholders=[
                model.Stakeholder(id="x1", name="One", group="no-such-group"),
                model.Stakeholder(id="x2", name="Two"),
                model.Stakeholder(id="x2", name="Two again"),
            ]
        )
    )
    with pytest.raises(InvalidChange) as refused:
        loaded_store.apply(change)
    messages = " ".join(p["message"] for p in refused.value.problems)
    assert "no-such-group" in messages and "duplicate id 'x2'" in messages
    assert loaded_store.counts() == before


def test_deleting_a_stakeholder_takes_their_touchpoints(loaded_store):
    summary = loaded_store.apply(NetworkChange(delete_stakeholders=["pm-dev"]))
    assert summary.deleted["stakeholders"] == 1 and summary.deleted["touchpoints"] == 3
    touchpoints = loaded_store.snapshot().touchpoints
    assert "pm-dev" not in touchpoints["source"].to_pylist() + touchpoints["target"].to_pylist()
    assert loaded_store.counts().touchpoints == 4


def test_a_group_with_members_cannot_be_deleted(loaded_store):
    with pytest.raises(InvalidChange, match="still has 3 member"):
        loaded_store.apply(NetworkChange(delete_groups=["delivery"]))
    loaded_store.apply(NetworkChange(delete_stakeholders=["ind-gail"]))
    assert loaded_store.apply(NetworkChange(delete_groups=["industry"])).deleted["groups"] == 1


def test_deleting_touchpoints_by_id(loaded_store):
    summary = loaded_store.apply(
        NetworkChange(delete_touchpoints=["pmo-ana|pm-dev|email", "not-a-touchpoint"])
    )
    assert summary.deleted["touchpoints"] == 1
    assert loaded_store.counts().touchpoints == 6


def test_reads_answer_with_parameters(loaded_store):
    answer = loaded_store.query(
        "MATCH (s:Stakeholder) WHERE s.influence >= $least RETURN s.id AS id ORDER BY id",
        {"least": 4},
    )
    assert answer.columns == ["id"]
    assert answer.rows == [["ext-finn"], ["pmo-ana"], ["spon-cara"]]


def test_the_row_limit_truncates(loaded_store):
    answer = loaded_store.query("MATCH (s:Stakeholder) RETURN s.id", limit=3)
    assert len(answer.rows) == 3 and answer.truncated
    assert not loaded_store.query("MATCH (s:Stakeholder) RETURN s.id", limit=100).truncated


@pytest.mark.parametrize(
    "cypher",
    [
        "CREATE (:Stakeholder {id: 'intruder', name: 'X'})",
        "MATCH (s:Stakeholder) SET s.name = 'changed'",
        "MATCH (s:Stakeholder) DETACH DELETE s",
        "MERGE (:CustomerGroup {id: 'new-group'})",
        "MATCH (s:Stakeholder) RETURN s.id; CREATE (:Stakeholder {id: 'intruder'})",
        "MATCH (s:Stakeholder) WITH s LIMIT 1 CREATE (:Stakeholder {id: 'intruder'})",
        "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
        "LOAD FROM '/etc/passwd' RETURN *",
        "COPY Stakeholder FROM '/tmp/x.csv'",
    ],
)
def test_writes_and_escapes_through_query_are_refused(loaded_store, cypher):
    before = loaded_store.snapshot()
    with pytest.raises(ReadOnlyViolation):
        loaded_store.query(cypher)
    assert loaded_store.snapshot() == before


def test_a_query_error_is_reported_not_swallowed(loaded_store):
    with pytest.raises(StoreError):
        loaded_store.query("MATCH (s:Stakeholder RETURN s")


def test_influencers_can_be_found_by_analysts(loaded_store):
    answer = loaded_store.query(
        "MATCH (s:Stakeholder) WHERE s.influencer = true RETURN s.id ORDER BY s.id"
    )
    assert answer.rows == [["ext-finn"]]
    if loaded_store.engine == "neo4j":
        assert loaded_store.query("MATCH (i:Influencer) RETURN i.id").rows == [["ext-finn"]]


def test_acknowledged_writes_survive_reopening(store, network_document):
    store.apply(NetworkChange.from_document(network_document))
    expected = store.snapshot()
    store.close()
    reopened = open_store(store.location)
    try:
        assert reopened.snapshot() == expected
    finally:
        reopened.close()


def test_an_empty_snapshot_is_the_empty_network(store):
    assert store.snapshot() == Snapshot.empty()
