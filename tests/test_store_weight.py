"""Every TOUCHPOINT edge stores its weight (touches a month) on every engine, through every
write path, and a store made before the weight gets it on opening."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import ladybug
import pytest
from engines import OLD_NODE_TABLES

from graphkit import model
from graphkit.network import touches_a_month
from graphkit.store import Create, NetworkChange, Replace, open_store


def _weights(store) -> dict[str, float]:
    answer = store.query("MATCH (:Stakeholder)-[t:TOUCHPOINT]->() RETURN t.id, t.weight")
    return {tie: weight for tie, weight in answer.rows}


def _expected(store) -> dict[str, float]:
    ties = store.snapshot().touchpoints.to_pylist()
    return {t["id"]: touches_a_month(t["strength"], t["cadence_days"]) for t in ties}


def test_an_import_stores_every_weight(loaded_store):
    stored, expected = _weights(loaded_store), _expected(loaded_store)
    assert stored.keys() == expected.keys() and stored
    assert all(stored[k] == pytest.approx(expected[k], rel=1e-12) for k in expected)


def test_single_writes_keep_the_weight_in_step(store):
    rows = [
        model.to_row(e)
        for e in (
            model.CustomerGroup(id="ops", name="Operations"),
            model.Stakeholder(id="a", name="A", group="ops"),
            model.Stakeholder(id="b", name="B", group="ops"),
        )
    ]
    store.write(
        [Create(kind, row) for kind, row in zip(("groups", "stakeholders", "stakeholders"), rows)]
    )
    tie = model.Touchpoint(source="a", target="b", cadence_days=7, strength=0.5)
    news = model.Touchpoint(source="a", target_group="ops", vehicle="newsletter", cadence_days=30)
    store.write(
        [Create("touchpoints", model.to_row(tie)), Create("touchpoints", model.to_row(news))]
    )
    assert _weights(store) == pytest.approx({tie.id: 0.5 * 30 / 7, news.id: 1.0})
    # strength and cadence change in place (the ends stay): the weight follows, for a
    # personal tie and for a broadcast alike
    store.write(
        [
            Replace("touchpoints", model.to_row(tie.model_copy(update={"cadence_days": 14}))),
            Replace("touchpoints", model.to_row(news.model_copy(update={"strength": 0.25}))),
        ]
    )
    assert _weights(store) == pytest.approx({tie.id: 0.5 * 30 / 14, news.id: 0.25})
    assert _weights(store) == pytest.approx(_expected(store))


def test_an_import_that_changes_a_cadence_moves_the_weight(loaded_store, network_document):
    document = network_document.model_copy(deep=True)
    first = document.touchpoints[0]
    first.cadence_days = first.cadence_days * 2
    loaded_store.apply(NetworkChange.from_document(document))
    stored = _weights(loaded_store)
    assert stored[first.id] == pytest.approx(touches_a_month(first.strength, first.cadence_days))
    assert stored == pytest.approx(_expected(loaded_store))


OLD_TOUCHPOINT = (
    "CREATE REL TABLE TOUCHPOINT(FROM Stakeholder TO Stakeholder, FROM Stakeholder "
    "TO CustomerGroup, id STRING, vehicle STRING, connection STRING, cadence_days "
    "INT64, last_contact DATE, strength DOUBLE, direction STRING)"
)
OLDEST_TOUCHPOINT = (
    "CREATE REL TABLE TOUCHPOINT(FROM Stakeholder TO Stakeholder, id STRING, "
    "vehicle STRING, connection STRING, cadence_days INT64, last_contact DATE, "
    "strength DOUBLE, direction STRING)"
)


@pytest.mark.parametrize(
    "touchpoint_table",
    [OLD_TOUCHPOINT, OLDEST_TOUCHPOINT],
    ids=["before-weight", "before-group-touchpoints"],
)
def test_a_store_made_before_the_weight_is_migrated(tmp_path: Path, touchpoint_table: str):
    path = tmp_path / "old.lbug"
    db = ladybug.Database(str(path))
    conn = ladybug.Connection(db)
    for table in OLD_NODE_TABLES:
        conn.execute(table)
    conn.execute(touchpoint_table)
    for sid in ("a", "b", "c"):
        conn.execute(
            "CREATE (:Stakeholder {id: $id, name: $id, source: 'stakeholder', "
            "internal: true, is_pmo: false, influencer: false, stance: 'unknown', "
            "attributes: '{}'})",
            {"id": sid},
        )
    for source, target, cadence, strength in (("a", "b", 7, 1.0), ("b", "c", 60, 0.5)):
        conn.execute(
            "MATCH (a:Stakeholder {id: $s}), (b:Stakeholder {id: $t}) CREATE "
            "(a)-[:TOUCHPOINT {id: $id, vehicle: 'meeting', connection: 'operational', "
            "cadence_days: $c, last_contact: $d, strength: $w, direction: 'both'}]->(b)",
            {
                "s": source,
                "t": target,
                "id": f"{source}|{target}|meeting",
                "c": cadence,
                "w": strength,
                "d": dt.date(2026, 1, 5),
            },
        )
    conn.close()
    db.close()
    with open_store(str(path)) as store:
        assert _weights(store) == pytest.approx(
            {"a|b|meeting": 30 / 7, "b|c|meeting": 0.5 * 30 / 60}
        )
        assert store.counts().touchpoints == 2
    with open_store(str(path)) as store:  # a second opening finds nothing to do
        assert _weights(store) == pytest.approx(
            {"a|b|meeting": 30 / 7, "b|c|meeting": 0.5 * 30 / 60}
        )
