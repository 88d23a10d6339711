"""The store contract for single-entity writes (forms, API calls), on every engine."""

from __future__ import annotations

import pytest

from graphkit import model
from graphkit.store import (
    Create,
    EntityExists,
    EntityNotFound,
    InvalidChange,
    NetworkChange,
    Remove,
    Replace,
)


def _row(kind: str, **fields) -> dict:
    return model.to_table(kind, [model.MODELS[kind](**fields)]).to_pylist()[0]


def _ids(store, kind: str) -> set[str]:
    return set(store.snapshot().table(kind).column("id").to_pylist())


def _touchpoint(store, touchpoint_id: str) -> dict:
    rows = store.snapshot().touchpoints.to_pylist()
    return next(r for r in rows if r["id"] == touchpoint_id)


def test_each_kind_is_created_replaced_and_removed(loaded_store):
    store = loaded_store
    store.write(
        [
            Create("groups", _row("groups", id="pmo", name="The PMO")),
            Create("stakeholders", _row("stakeholders", id="zoe", name="Zoe", group="pmo")),
            Create(
                "touchpoints",
                _row("touchpoints", source="zoe", target="pm-dev", vehicle="chat", cadence_days=7),
            ),
        ]
    )
    snapshot = store.snapshot()
    zoe = next(r for r in snapshot.stakeholders.to_pylist() if r["id"] == "zoe")
    assert zoe["group"] == "pmo"
    tie = _touchpoint(store, "zoe|pm-dev|chat")
    assert (tie["source"], tie["target"], tie["cadence_days"]) == ("zoe", "pm-dev", 7)
    members = store.query(
        "MATCH (s:Stakeholder)-[:MEMBER_OF]->(g:CustomerGroup {id: 'pmo'}) RETURN s.id"
    )
    assert members.rows == [["zoe"]]

    # replace: every field, ends of a tie included
    store.write(
        [
            Replace(
                "stakeholders",
                _row("stakeholders", id="zoe", name="Zoë", group="business", influence=4),
            ),
            Replace(
                "touchpoints",
                {
                    **_row("touchpoints", source="zoe", target="biz-eve", vehicle="chat"),
                    "id": "zoe|pm-dev|chat",
                },
            ),
        ]
    )
    zoe = next(r for r in store.snapshot().stakeholders.to_pylist() if r["id"] == "zoe")
    assert (zoe["name"], zoe["group"], zoe["influence"]) == ("Zoë", "business", 4)
    assert _touchpoint(store, "zoe|pm-dev|chat")["target"] == "biz-eve"
    members = store.query(
        "MATCH (s:Stakeholder {id: 'zoe'})-[:MEMBER_OF]->(g:CustomerGroup) RETURN g.id"
    )
    assert members.rows == [["business"]]

    outcome = store.write([Remove("stakeholders", "zoe"), Remove("groups", "pmo")])
    assert outcome.removed == {
        "groups": ["pmo"],
        "stakeholders": ["zoe"],
        "touchpoints": ["zoe|pm-dev|chat"],
        "contacts": [],
        "plan_actions": [],
    }
    assert "zoe" not in _ids(store, "stakeholders")
    assert "zoe|pm-dev|chat" not in _ids(store, "touchpoints")
    assert "pmo" not in _ids(store, "groups")
    assert store.counts().as_dict() == {
        "groups": 5,
        "stakeholders": 8,
        "touchpoints": 7,
        "contacts": 0,
    }


@pytest.mark.parametrize(
    "write, refusal",
    [
        (Create("stakeholders", {"id": "pm-dev"}), EntityExists),
        (Create("groups", {"id": "business"}), EntityExists),
        (Create("touchpoints", {"id": "pmo-ana|pm-dev|email"}), EntityExists),
        (Replace("stakeholders", {"id": "nobody"}), EntityNotFound),
        (Replace("touchpoints", {"id": "no|such|tie"}), EntityNotFound),
        (Remove("stakeholders", "nobody"), EntityNotFound),
        (Remove("groups", "nowhere"), EntityNotFound),
        (Remove("touchpoints", "no|such|tie"), EntityNotFound),
    ],
)
def test_a_taken_or_missing_id_is_refused_and_changes_nothing(loaded_store, write, refusal):
    full = {
        "stakeholders": _row("stakeholders", id="x", name="X"),
        "groups": _row("groups", id="x", name="X"),
        "touchpoints": _row("touchpoints", source="pmo-ana", target="pm-dev", vehicle="email"),
    }
    if not isinstance(write, Remove):
        write = type(write)(write.kind, {**full[write.kind], **write.row})
    before = loaded_store.snapshot()
    with pytest.raises(refusal):
        loaded_store.write([write])
    assert loaded_store.snapshot() == before


def test_references_to_nothing_are_refused_naming_the_field(loaded_store):
    before = loaded_store.snapshot()
    cases = [
        (Create("stakeholders", _row("stakeholders", id="x", name="X", group="nowhere")), "group"),
        (Create("touchpoints", _row("touchpoints", source="pmo-ana", target="nobody")), "target"),
        (
            Create("groups", _row("groups", id="x", name="X", desired_links=["nowhere"])),
            "desired_links",
        ),
        (
            Replace("stakeholders", _row("stakeholders", id="pm-dev", name="Dev", group="nowhere")),
            "group",
        ),
    ]
    for write, field in cases:
        with pytest.raises(InvalidChange) as refused:
            loaded_store.write([write])
        assert [p["field"] for p in refused.value.problems] == [field]
    assert loaded_store.snapshot() == before


def test_a_group_with_members_is_not_removed(loaded_store):
    before = loaded_store.snapshot()
    with pytest.raises(InvalidChange, match="still has 3 member"):
        loaded_store.write([Remove("groups", "delivery")])
    assert loaded_store.snapshot() == before


def test_writes_are_all_or_nothing(loaded_store):
    """The third write is refused: the first two are not kept either."""
    before = loaded_store.snapshot()
    with pytest.raises(EntityExists):
        loaded_store.write(
            [
                Create("stakeholders", _row("stakeholders", id="new", name="New")),
                Remove("touchpoints", "pmo-ana|pm-dev|email"),
                Create("stakeholders", _row("stakeholders", id="pm-dev", name="Taken")),
            ]
        )
    assert loaded_store.snapshot() == before
    # and the store still takes the same first two afterwards
    loaded_store.write(
        [
            Create("stakeholders", _row("stakeholders", id="new", name="New")),
            Remove("touchpoints", "pmo-ana|pm-dev|email"),
        ]
    )
    assert "new" in _ids(loaded_store, "stakeholders")
    assert "pmo-ana|pm-dev|email" not in _ids(loaded_store, "touchpoints")


def test_single_writes_and_an_import_agree(loaded_store, network_document):
    """After single writes, importing the same register again changes nothing but what
    the writes changed, and a written touchpoint is found by id again."""
    loaded_store.write(
        [
            Create(
                "touchpoints",
                _row("touchpoints", source="biz-eve", target="ext-finn", vehicle="email"),
            )
        ]
    )
    summary = loaded_store.apply(NetworkChange.from_document(network_document))
    assert not summary.changed_anything
    loaded_store.write([Remove("touchpoints", "biz-eve|ext-finn|email")])
    assert loaded_store.counts().touchpoints == 7


def test_an_import_that_deletes_and_creates_ties_keeps_them_all(loaded_store, network_document):
    """Deleting, updating and creating touchpoints in one import (Ladybug once lost rows
    copied into a relationship table after a deletion in the same transaction)."""
    edited = network_document.model_copy(deep=True)
    edited.touchpoints[0].strength = 0.37
    edited.touchpoints.append(
        model.Touchpoint(source="biz-eve", target="ext-finn", vehicle="event")
    )
    change = NetworkChange.from_document(edited)
    change.delete_touchpoints = ["pmo-ben|pm-dev|chat"]
    change.delete_stakeholders = ["biz-hal"]
    loaded_store.apply(change)
    ids = _ids(loaded_store, "touchpoints")
    assert "biz-eve|ext-finn|event" in ids
    assert "pmo-ben|pm-dev|chat" not in ids
    assert len(ids) == 7
    assert _touchpoint(loaded_store, edited.touchpoints[0].id)["strength"] == 0.37


def test_default_touchpoint_ids_never_collide():
    """'a|b' → 'c' and 'a' → 'b|c' once both got the id 'a|b|c|meeting'."""
    one = model.Touchpoint(source="a|b", target="c")
    two = model.Touchpoint(source="a", target="b|c")
    three = model.Touchpoint(source="a%7Cb", target="c")
    assert len({one.id, two.id, three.id}) == 3


def test_touchpoints_whose_ids_would_have_collided_are_both_kept(store):
    store.write(
        [
            Create("stakeholders", _row("stakeholders", id=i, name=i))
            for i in ("a|b", "c", "a", "b|c")
        ]
    )
    store.write(
        [
            Create("touchpoints", _row("touchpoints", source="a|b", target="c")),
            Create("touchpoints", _row("touchpoints", source="a", target="b|c")),
        ]
    )
    ends = {(r["source"], r["target"]) for r in store.snapshot().touchpoints.to_pylist()}
    assert ends == {("a|b", "c"), ("a", "b|c")}
