"""Coverage per group against a small network worked out by hand.

    groups   ops "Operations" (every 14 days), fin "Finance" (every 30 days),
             ext "External" (no cadence: the default, 30), idle "Idle" (no members)
    PMO      p1 (no group), p2 (filed under ops: not counted as a member of ops)
    ops      a1, a2, a3        fin  f1, f2        ext  e1, e2        no group  n1

    p1–a1 meeting, 10 days ago          p1 → fin newsletter (broadcast), 40 days ago
    p2–a2 chat, 5 days ago              p2–f1 one to one, never happened
    a2–a3 chat, today                   f1–f2 meeting, today
    e1–e2 chat, today                   n1–a1 chat, today
    p1–p2 meeting, today (PMO to PMO: no group's contact)

By hand:
    ops   3 members; 1 step a1 a2; 2 steps + a3; 2 PMO touchpoints; last 5 days ago
          (< 14: on track), next due in 9 days
    fin   2 members; the newsletter reaches both in 1 step; 2 PMO touchpoints; last 40
          days ago: 30 ≤ 40 ≤ 45 (30 × 1.5): due
    ext   2 members; nobody within 2 steps; no PMO touchpoint: never; cadence 30 (default)
    none  n1: 0 in 1 step, 1 in 2 (via a1); no cadence
"""

from __future__ import annotations

import datetime as dt

import pytest

from graphkit import model
from graphkit.analysis.coverage import cadence_status, group_coverage
from graphkit.analysis.options import AnalysisOptions
from graphkit.network import build_network

DAY = dt.date(2026, 3, 2)


def _ago(days: int) -> dt.date:
    return DAY - dt.timedelta(days=days)


def _network(fin_days: int = 40):
    groups = [
        model.CustomerGroup(id="ops", name="Operations", desired_cadence_days=14),
        model.CustomerGroup(id="fin", name="Finance", desired_cadence_days=30),
        model.CustomerGroup(id="ext", name="External"),
        model.CustomerGroup(id="idle", name="Idle", desired_cadence_days=7),
    ]
    people = [
        model.Stakeholder(id="p1", name="Pat", is_pmo=True),
        model.Stakeholder(id="p2", name="Quinn", is_pmo=True, group="ops"),
        *[
            model.Stakeholder(id=i, name=i.upper(), group=g)
            for i, g in (
                ("a1", "ops"),
                ("a2", "ops"),
                ("a3", "ops"),
                ("f1", "fin"),
                ("f2", "fin"),
                ("e1", "ext"),
                ("e2", "ext"),
            )
        ],
        model.Stakeholder(id="n1", name="N1"),
    ]
    ties = [
        model.Touchpoint(source="p1", target="a1", last_contact=_ago(10)),
        model.Touchpoint(source="p2", target="a2", vehicle="chat", last_contact=_ago(5)),
        model.Touchpoint(source="a2", target="a3", vehicle="chat", last_contact=DAY),
        model.Touchpoint(
            source="p1", target_group="fin", vehicle="newsletter", last_contact=_ago(fin_days)
        ),
        model.Touchpoint(source="p2", target="f1", vehicle="one_to_one"),
        model.Touchpoint(source="f1", target="f2", last_contact=DAY),
        model.Touchpoint(source="e1", target="e2", vehicle="chat", last_contact=DAY),
        model.Touchpoint(source="n1", target="a1", vehicle="chat", last_contact=DAY),
        model.Touchpoint(source="p1", target="p2", last_contact=DAY),
    ]
    return build_network(
        model.Snapshot(
            model.to_table("groups", groups),
            model.to_table("stakeholders", people),
            model.to_table("touchpoints", ties),
        )
    )


def test_coverage_per_group_by_hand():
    cov = group_coverage(_network(), AnalysisOptions(as_of=DAY))
    assert cov.pmo_members == 2 and cov.as_of == DAY
    assert [g.group for g in cov.groups] == ["ext", "fin", "ops", None]  # worst first
    ops, fin, ext, none = (cov.of(g) for g in ("ops", "fin", "ext", None))
    assert cov.of("idle") is None  # no members: nothing to cover
    assert (ops.members, ops.reached_1, ops.reached_2, ops.pmo_touchpoints) == (3, 2, 3, 2)
    assert (ops.last_contact, ops.days_since, ops.cadence_days, ops.status) == (
        _ago(5),
        5,
        14,
        "on_track",
    )
    assert ops.next_due == DAY + dt.timedelta(days=9) and not ops.cadence_is_default
    assert (fin.members, fin.reached_1, fin.reached_2, fin.pmo_touchpoints) == (2, 2, 2, 2)
    assert (fin.last_contact, fin.days_since, fin.status) == (_ago(40), 40, "due")
    assert (ext.members, ext.reached_1, ext.reached_2, ext.pmo_touchpoints) == (2, 0, 0, 0)
    assert (ext.last_contact, ext.status, ext.cadence_days, ext.cadence_is_default) == (
        None,
        "never",
        30,
        True,
    )
    assert ext.below_coverage and not ops.below_coverage and ext.unreached == 2
    assert (none.name, none.members, none.reached_1, none.reached_2) == ("No group", 1, 0, 1)
    assert none.status is None and none.cadence_days is None
    assert ops.share_1 == pytest.approx(2 / 3) and fin.share_2 == 1.0


@pytest.mark.parametrize(
    ("days", "status"), [(29, "on_track"), (30, "due"), (45, "due"), (46, "overdue")]
)
def test_cadence_status_turns_at_the_cadence_and_the_stale_tolerance(days, status):
    cov = group_coverage(_network(fin_days=days), AnalysisOptions(as_of=DAY))
    assert cov.of("fin").status == status
    assert cadence_status(days, 30, 1.5) == status


def test_tolerance_and_default_cadence_come_from_the_options():
    options = AnalysisOptions(as_of=DAY, stale_tolerance=1.0, default_cadence_days=90)
    cov = group_coverage(_network(fin_days=31), options)
    assert cov.of("fin").status == "overdue"
    assert cov.of("ext").cadence_days == 90


def test_no_pmo_reaches_nobody():
    net = build_network(
        model.Snapshot(
            model.to_table("groups", [model.CustomerGroup(id="ops", name="Operations")]),
            model.to_table("stakeholders", [model.Stakeholder(id="a", name="A", group="ops")]),
            model.to_table("touchpoints", []),
        )
    )
    (ops,) = group_coverage(net, AnalysisOptions(as_of=DAY)).groups
    assert (ops.members, ops.reached_1, ops.reached_2, ops.status) == (1, 0, 0, "never")
