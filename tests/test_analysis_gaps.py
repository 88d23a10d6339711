"""Each gap kind: a small network where it must appear, and the healthy one where none do."""

from __future__ import annotations

import datetime as dt

import pytest
from analysis_networks import AS_OF, person, pmo_snapshot, snapshot, touch

from graphkit import model
from graphkit.analysis.gaps import KINDS, find_gaps, summarise
from graphkit.analysis.options import AnalysisOptions
from graphkit.network import build_network

RECENT = dt.date(2025, 6, 25)
OPTIONS = AnalysisOptions(as_of=AS_OF, overreliance_min_touchpoints=3)

GROUPS = [
    model.CustomerGroup(
        id="A",
        name="Group A",
        desired_cadence_days=14,
        desired_connection="operational",
        desired_links=["B"],
    ),
    model.CustomerGroup(
        id="B", name="Group B", desired_cadence_days=30, desired_connection="operational"
    ),
]


def people(**changes):
    base = {
        "pm1": dict(is_pmo=True),
        "a1": dict(group="A", influence=3),
        "a2": dict(group="A", influence=5, stance="critic"),
        "b1": dict(group="B", influence=2),
        "b2": dict(group="B", influence=2, stance="supporter"),
    }
    for k, v in changes.items():
        if v is None:
            base.pop(k)
        else:
            base[k] = v
    return [person(k, **v) for k, v in base.items()]


def ties(**changes):
    base = {
        "pm1-a1": dict(vehicle="meeting", cadence_days=7),
        "pm1-a2": dict(vehicle="one_to_one", cadence_days=7),
        "pm1-b1": dict(vehicle="meeting", cadence_days=14),
        "pm1-b2": dict(vehicle="email", cadence_days=14),
        "a1-a2": dict(vehicle="meeting", cadence_days=7),
        "b1-b2": dict(vehicle="meeting", cadence_days=7),
        "a1-b1": dict(vehicle="chat", cadence_days=7),
    }
    for k, v in changes.items():
        if v is None:
            base.pop(k)
        else:
            base[k] = {**base.get(k, {}), **v}
    out = []
    for k, v in base.items():
        s, t = k.split("-")
        out.append(touch(s, t, **{"last_contact": RECENT, "connection": "operational", **v}))
    return out


def gaps_of(stakeholders=None, touchpoints=None, groups=GROUPS, options=OPTIONS, **kw):
    snap = snapshot(stakeholders or people(), touchpoints or ties(), groups)
    return find_gaps(build_network(snap, **kw), options)


def kinds(gaps):
    return {g.kind for g in gaps}


def test_healthy_network_has_no_gap_at_all():
    assert gaps_of() == []
    assert gaps_of(directed=True) == []


def test_every_gap_has_the_documented_shape():
    gaps = gaps_of(
        people(c1=dict(group="C"), lonely=dict(group="B")),
        ties(
            **{"a1-c1": dict(vehicle="chat")}, **{"pm1-b1": dict(last_contact=dt.date(2024, 1, 1))}
        ),
        GROUPS + [model.CustomerGroup(id="C", name="Group C")],
    )
    assert gaps
    for g in gaps:
        assert {"kind", "severity", "subject", "detail", "recommendation"} <= set(g.as_json())
        assert g.kind in KINDS and g.severity in ("high", "medium", "low")
        assert isinstance(g.subject, tuple) and g.subject
    severities = [g.severity for g in gaps]
    assert severities == sorted(severities, key=["high", "medium", "low"].index)
    assert summarise(gaps)["total"] == len(gaps)


def test_uncovered_group():
    groups = GROUPS + [model.CustomerGroup(id="C", name="Group C", desired_cadence_days=30)]
    gaps = gaps_of(
        people(c1=dict(group="C"), c2=dict(group="C")),
        ties(**{"a1-c1": {}, "b1-c2": {}, "c1-c2": {}}),
        groups,
    )
    found = [g for g in gaps if g.kind == "uncovered_group"]
    assert [(g.subject, g.severity) for g in found] == [(("C",), "high")]
    # the PMO touching one of two members is 50 %: over the 25 % threshold, no gap …
    gaps = gaps_of(
        people(c1=dict(group="C"), c2=dict(group="C")),
        ties(**{"pm1-c1": {}, "c1-c2": {}, "b1-c2": {}}),
        groups,
    )
    assert "uncovered_group" not in kinds(gaps)
    # … but under a 60 % threshold it is a medium gap
    opts = OPTIONS.model_copy(update={"coverage_share": 0.6})
    gaps = gaps_of(
        people(c1=dict(group="C"), c2=dict(group="C")),
        ties(**{"pm1-c1": {}, "c1-c2": {}, "b1-c2": {}}),
        groups,
        options=opts,
    )
    assert [(g.subject, g.severity) for g in gaps if g.kind == "uncovered_group"] == [
        (("C",), "medium")
    ]


def test_stale_touchpoint():
    # weekly, last contact 40 days ago: 40 > 7 × 1.5 and over 3 cadences → high
    gaps = gaps_of(touchpoints=ties(**{"a1-a2": dict(last_contact=AS_OF - dt.timedelta(40))}))
    stale = [g for g in gaps if g.kind == "stale_touchpoint"]
    assert len(stale) == 1
    assert stale[0].subject == ("a1", "a2") and stale[0].severity == "high"
    assert stale[0].days_since == 40
    # 10 days on a weekly cadence is within the 1.5 tolerance
    gaps = gaps_of(touchpoints=ties(**{"a1-a2": dict(last_contact=AS_OF - dt.timedelta(10))}))
    assert "stale_touchpoint" not in kinds(gaps)
    # 12 days is past it, but under two cadences → low
    gaps = gaps_of(touchpoints=ties(**{"a1-a2": dict(last_contact=AS_OF - dt.timedelta(12))}))
    assert [g.severity for g in gaps if g.kind == "stale_touchpoint"] == ["low"]


def test_isolated_stakeholder():
    gaps = gaps_of(
        people(lonely=dict(group="A"), x=dict(group="B"), y=dict(group="B")), ties(**{"x-y": {}})
    )
    iso = {g.subject[0]: g for g in gaps if g.kind == "isolated_stakeholder"}
    assert set(iso) == {"lonely", "x", "y"}
    assert iso["lonely"].reason == "no_touchpoint" and iso["lonely"].severity == "high"
    assert iso["x"].reason == "unreachable"


def test_single_point_of_failure():
    gaps = gaps_of(
        people(c1=dict(group="A", influence=5), c2=dict(group="A")),
        ties(**{"a1-c1": {}, "c1-c2": {}}),
    )
    spof = [g for g in gaps if g.kind == "single_point_of_failure"]
    people_at_risk = {tuple(g.subject): g for g in spof}
    assert ("a1",) in people_at_risk and ("c1",) in people_at_risk
    assert set(people_at_risk[("a1",)].dependents) == {"c1", "c2"}
    assert people_at_risk[("a1",)].severity == "high"  # c1 has influence 5
    assert ("a1", "c1") in people_at_risk and ("c1", "c2") in people_at_risk  # bridges
    assert people_at_risk[("c1", "c2")].dependents == ("c2",)
    # a second route to c2 removes the single points of failure
    gaps = gaps_of(
        people(c1=dict(group="A", influence=5), c2=dict(group="A")),
        ties(**{"a1-c1": {}, "c1-c2": {}, "pm1-c2": {}}),
    )
    assert "single_point_of_failure" not in kinds(gaps)


def test_single_point_of_failure_among_pmo_members():
    # two PMO members; c1's only route to the PMO is pm2: pm2 and the pm2–c1 tie are at risk
    stakeholders = people(pm2=dict(is_pmo=True), c1=dict(group="B"))
    gaps = gaps_of(stakeholders, ties(**{"pm1-pm2": {}, "pm2-c1": {}}))
    spof = {tuple(g.subject): g for g in gaps if g.kind == "single_point_of_failure"}
    assert spof[("pm2",)].dependents == ("c1",)
    assert ("pm2", "c1") in spof
    # … and pm1 too: everyone else hears from the PMO only through pm1
    assert set(spof[("pm1",)].dependents) == {"a1", "a2", "b1", "b2"}
    # a tie from a1 to pm2 leaves pm2's contact c1 as the only one at risk
    gaps = gaps_of(stakeholders, ties(**{"pm1-pm2": {}, "pm2-c1": {}, "a1-pm2": {}}))
    spof = [g for g in gaps if g.kind == "single_point_of_failure"]
    assert {tuple(g.subject) for g in spof} == {("pm2",), ("pm2", "c1")}


def test_unlinked_groups_names_the_broker():
    gaps = gaps_of(touchpoints=ties(**{"a1-b1": None}))
    found = [g for g in gaps if g.kind == "unlinked_groups"]
    assert len(found) == 1
    assert found[0].subject == ("A", "B")
    assert found[0].brokers == ("pm1",) and found[0].severity == "medium"
    # no one talks to both → high
    gaps = gaps_of(
        people(x={}, y={}),
        ties(**{"a1-b1": None, "pm1-b1": None, "pm1-b2": None, "a1-x": {}, "x-y": {}, "y-b1": {}}),
    )
    found = [g for g in gaps if g.kind == "unlinked_groups"]
    assert found and found[0].severity == "high" and found[0].brokers == ()


def test_vehicle_overreliance():
    all_email = {k: dict(vehicle="email") for k in ("pm1-b1", "pm1-b2", "b1-b2")}
    gaps = gaps_of(touchpoints=ties(**all_email))
    found = [g for g in gaps if g.kind == "vehicle_overreliance"]
    assert [(g.subject, g.vehicle) for g in found] == [(("B",), "email")]
    assert found[0].share == pytest.approx(3 / 4)
    # the same network judged with a stricter minimum of touchpoints: none
    opts = OPTIONS.model_copy(update={"overreliance_min_touchpoints": 10})
    assert "vehicle_overreliance" not in kinds(gaps_of(touchpoints=ties(**all_email), options=opts))


def test_stance_gap():
    # the critic a2 (group A wants ≤14 days, operational) gets only a monthly touchpoint
    gaps = gaps_of(touchpoints=ties(**{"pm1-a2": dict(cadence_days=30)}))
    found = [g for g in gaps if g.kind == "stance_gap"]
    assert [(g.subject, g.severity) for g in found] == [(("a2",), "high")]
    # a weekly but personal touchpoint does not have the connection group A needs
    gaps = gaps_of(touchpoints=ties(**{"pm1-a2": dict(connection="personal")}))
    assert [g.subject for g in gaps if g.kind == "stance_gap"] == [("a2",)]
    # a champion touched only by non-PMO stakeholders
    gaps = gaps_of(people(b1=dict(group="B", stance="champion")), ties(**{"pm1-b1": None}))
    found = [g for g in gaps if g.kind == "stance_gap"]
    assert [(g.subject, g.severity) for g in found] == [(("b1",), "medium")]
    assert "no touchpoint with the PMO" in found[0].detail


def test_connection_mismatch():
    personal = {k: dict(connection="personal") for k in ("pm1-a1", "a1-a2", "a1-b1", "pm1-a2")}
    gaps = gaps_of(touchpoints=ties(**personal))
    found = [g for g in gaps if g.kind == "connection_mismatch"]
    assert [(g.subject, g.severity) for g in found] == [(("A",), "medium")]
    # group B keeps 3 of 4 operational: no mismatch for B
    assert all(g.subject != ("B",) for g in found)


def test_gaps_scale_vectorised():
    snap = pmo_snapshot(20_000, 100_000, seed=3)
    net = build_network(snap)
    gaps = find_gaps(net, AnalysisOptions(as_of=AS_OF))
    s = summarise(gaps)
    assert s["by_kind"]["stale_touchpoint"] > 10_000
    assert s["by_kind"]["isolated_stakeholder"] > 0


# --- touchpoints with a whole group (broadcasts) -------------------------------------------


def news(source, group, **fields):
    return model.Touchpoint(
        source=source,
        target_group=group,
        **{
            "vehicle": "newsletter",
            "cadence_days": 30,
            "last_contact": RECENT,
            "connection": "operational",
            **fields,
        },
    )


def test_a_pmo_broadcast_covers_its_group_and_reaches_its_members():
    # Group C has two members and no personal tie with the PMO: uncovered, and isolated.
    extra = people(c1=dict(group="C"), c2=dict(group="C"))
    groups = GROUPS + [model.CustomerGroup(id="C", name="Group C")]
    before = gaps_of(extra, ties(), groups)
    assert [g.subject for g in before if g.kind == "uncovered_group"] == [("C",)]
    assert {g.subject for g in before if g.kind == "isolated_stakeholder"} == {("c1",), ("c2",)}
    after = gaps_of(extra, [*ties(), news("pm1", "C")], groups)
    assert "uncovered_group" not in kinds(after)
    assert "isolated_stakeholder" not in kinds(after)


def test_a_colleagues_broadcast_does_not_cover_a_group_for_the_pmo():
    extra = people(c1=dict(group="C"), c2=dict(group="C"))
    groups = GROUPS + [model.CustomerGroup(id="C", name="Group C")]
    found = gaps_of(extra, [*ties(), news("b1", "C")], groups)
    uncovered = [g for g in found if g.kind == "uncovered_group"]
    assert [(g.subject, g.covered, g.personal) for g in uncovered] == [(("C",), 0, 0)]
    # c1 and c2 do hear from b1: reachable (two steps), not isolated
    assert "isolated_stakeholder" not in kinds(found)


def test_a_broadcast_that_stopped_is_stale_naming_its_group():
    found = gaps_of(people(), [*ties(), news("pm1", "B", last_contact=dt.date(2025, 3, 1))])
    stale = [g for g in found if g.kind == "stale_touchpoint"]
    assert [(g.subject, g.to_group, g.touchpoint) for g in stale] == [
        (("pm1", "B"), True, "pm1||B|newsletter")
    ]
    assert "Group B" in stale[0].detail
    assert stale[0].days_overdue == stale[0].days_since - 30


def test_a_broadcast_links_the_broadcasters_group_to_its_audience():
    no_link = ties(**{"a1-b1": None})
    assert "unlinked_groups" in kinds(gaps_of(people(), no_link))
    assert "unlinked_groups" not in kinds(gaps_of(people(), [*no_link, news("a1", "B")]))


def test_broadcasts_count_in_a_groups_vehicle_mix():
    # B's touchpoints: two personal meetings, one email, one chat, + three newsletters
    found = gaps_of(
        people(),
        [*ties(), news("pm1", "B"), news("a1", "B"), news("a2", "B")],
        options=AnalysisOptions(
            as_of=AS_OF, overreliance_min_touchpoints=3, overreliance_share=0.4
        ),
    )
    over = [g for g in found if g.kind == "vehicle_overreliance" and g.subject == ("B",)]
    assert [(g.vehicle, g.touchpoints) for g in over] == [("newsletter", 7)]


def test_a_newsletter_does_not_close_a_stance_gap():
    # a2 (critic, influence 5) loses the one-to-one; a newsletter to A does not engage them
    found = gaps_of(people(), [*ties(**{"pm1-a2": None}), news("pm1", "A", cadence_days=7)])
    assert [g.subject for g in found if g.kind == "stance_gap"] == [("a2",)]


def test_a_broadcast_is_a_second_route_for_single_points_of_failure():
    # c1 hears from the PMO only through a1 ...
    extra = people(c1=dict(group="C"))
    groups = GROUPS + [model.CustomerGroup(id="C", name="Group C")]
    one_route = [*ties(), touch("a1", "c1", last_contact=RECENT)]
    spof = [g for g in gaps_of(extra, one_route, groups) if g.kind == "single_point_of_failure"]
    assert {g.subject for g in spof} == {("a1",), ("a1", "c1")}
    # ... until the PMO's newsletter to C reaches them directly
    both = gaps_of(extra, [*one_route, news("pm1", "C")], groups)
    assert "single_point_of_failure" not in kinds(both)


def test_one_persons_stale_touchpoints_are_theirs_in_the_whole_list():
    """A person's page asks for their stale touchpoints only: the same gaps, field for
    field, as the whole list holds with them at either end (a broadcast: as its sender)."""
    from graphkit.analysis.gaps import stale_touchpoints

    old = dict(last_contact=AS_OF - dt.timedelta(40))
    tables = snapshot(
        people(),
        [
            *ties(**{"a1-a2": old, "pm1-a1": old, "a2-b1": {**old, "cadence_days": 7}}),
            news("pm1", "B", last_contact=dt.date(2025, 3, 1)),
            news("a1", "B", last_contact=dt.date(2025, 3, 1)),
        ],
    )
    net = build_network(tables)
    options = AnalysisOptions(as_of=AS_OF)
    everyone = stale_touchpoints(net, options)
    assert len(everyone) == 5
    for who in ("a1", "a2", "pm1", "b1", "b2"):
        mine = stale_touchpoints(net, options, person=net.index[who])
        expected = [
            g.as_json()
            for g in everyone
            if who in (g.subject[0], *(() if g.to_group else g.subject[1:]))
        ]
        assert [g.as_json() for g in mine] == expected, who
    assert len(stale_touchpoints(net, options, person=net.index["a1"])) == 3
