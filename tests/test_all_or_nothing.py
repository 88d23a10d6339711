"""All or nothing, under fire: a failure at any statement of a write leaves the store
exactly as it was, on every engine.

Each test runs a write once to count its statements, then again and again on a fresh
store with the N-th statement failing (``NetworkStore.failing_at``, a hook in the real
adapter, not a mock), for every N up to and including the COMMIT.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from graphkit import model
from graphkit.model import NetworkChange
from graphkit.store import Create, InjectedFault, NetworkStore, Remove, Replace

DAY = dt.date(2026, 10, 1)


def _row(kind: str, **fields: Any) -> dict[str, Any]:
    return model.to_table(kind, [model.MODELS[kind](**fields)]).to_pylist()[0]


def _state(store: NetworkStore) -> tuple[Any, ...]:
    snapshot = store.snapshot()
    return (
        *(snapshot.table(kind) for kind in model.NETWORK_KINDS),
        store.plan_actions(),
        store.counts(),
    )


def _each_failure(store: NetworkStore, reset: Callable[[], None], write: Callable[[], Any]) -> int:
    """Run ``write`` failing at every statement in turn; the store must not change."""
    reset()
    before = _state(store)
    with store.failing_at(None):
        write()
    statements = store.statements_in_last_write
    assert statements >= 3
    after = _state(store)
    assert after != before  # the write does change something when it succeeds
    for n in range(1, statements + 1):
        reset()
        with store.failing_at(n), pytest.raises(InjectedFault):
            write()
        assert _state(store) == before, f"statement {n} of {statements} left changes"
        write()  # and the same write goes through afterwards, in full
        assert _state(store) == after, f"after a fault at {n}, the write was not whole"
    return statements


def _fresh(store: NetworkStore, document: model.NetworkDocument) -> Callable[[], None]:
    def reset() -> None:
        snapshot = store.snapshot()
        store.apply(
            NetworkChange(
                delete_touchpoints=snapshot.touchpoints.column("id").to_pylist(),
                delete_stakeholders=snapshot.stakeholders.column("id").to_pylist(),
            )
        )
        store.apply(NetworkChange(delete_groups=store.snapshot().groups.column("id").to_pylist()))
        store.apply(NetworkChange.from_document(document))

    return reset


def test_an_import_that_fails_anywhere_leaves_nothing(store, network_document):
    """An import that creates, updates and deletes every kind, contacts included."""
    edited = network_document.model_copy(deep=True)
    edited.groups.append(model.CustomerGroup(id="alumni", name="Alumni"))
    edited.stakeholders[0].role = "Changed"
    edited.stakeholders.append(model.Stakeholder(id="new", name="New", group="alumni"))
    edited.touchpoints[0].strength = 0.37
    edited.touchpoints.append(model.Touchpoint(source="new", target="pm-dev"))
    edited.touchpoints.append(
        model.Touchpoint(source="pmo-ben", target_group="alumni", vehicle="newsletter")
    )
    edited.contacts.append(model.Contact(touchpoint="pmo-ana|pm-dev|email", date=DAY))
    change = NetworkChange.from_document(edited)
    change.delete_touchpoints = ["pmo-ben|pm-dev|chat"]
    change.delete_stakeholders = ["biz-hal"]
    statements = _each_failure(store, _fresh(store, network_document), lambda: store.apply(change))
    assert statements >= 8


def test_single_writes_that_fail_anywhere_leave_nothing(store, network_document):
    writes = [
        Create("groups", _row("groups", id="alumni", name="Alumni")),
        Create("stakeholders", _row("stakeholders", id="zoe", name="Zoe", group="alumni")),
        Create("touchpoints", _row("touchpoints", source="zoe", target="pm-dev", vehicle="chat")),
        Create(
            "touchpoints",
            _row("touchpoints", source="zoe", target_group="delivery", vehicle="blog"),
        ),
        Create("contacts", _row("contacts", touchpoint="zoe|pm-dev|chat", date=DAY)),
        Replace("stakeholders", _row("stakeholders", id="pm-dev", name="Dev", group="business")),
        Replace(
            "touchpoints",
            {
                **_row("touchpoints", source="pmo-ana", target="biz-eve", vehicle="email"),
                "id": "pmo-ana|pm-dev|email",
            },
        ),
        Remove("touchpoints", "pmo-ben|pm-dev|chat"),
        Remove("stakeholders", "biz-hal"),
    ]
    statements = _each_failure(store, _fresh(store, network_document), lambda: store.write(writes))
    assert statements >= len(writes)


def test_a_plan_update_with_its_contact_that_fails_anywhere_leaves_nothing(store, network_document):
    """What PATCH /api/plan/{id} with log_contact writes: the state and the contact."""
    reset_network = _fresh(store, network_document)

    def reset() -> None:
        reset_network()
        # plan states are not part of the network: the action starts open each time
        opened = _row("plan_actions", id="a-1")
        store.write(
            [
                Replace("plan_actions", opened)
                if store.plan_actions().num_rows
                else Create("plan_actions", opened)
            ]
        )

    done = _row("plan_actions", id="a-1", status="done", note="met")
    contact = _row(
        "contacts", touchpoint="pmo-ana|pm-dev|email", date=dt.date(2030, 1, 1), note="met"
    )
    statements = _each_failure(
        store,
        reset,
        lambda: store.write([Replace("plan_actions", done), Create("contacts", contact)]),
    )
    assert statements >= 3
