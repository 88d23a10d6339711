"""The engagement plan: owners, ranks, due dates within a weekly capacity, statuses, the
fewest new ties, and its CSV and iCalendar files."""

from __future__ import annotations

import csv
import datetime as dt
import io

from analysis_networks import AS_OF, person, pmo_snapshot, snapshot, touch

from graphkit import model
from graphkit.analysis.gaps import find_gaps
from graphkit.analysis.options import AnalysisOptions
from graphkit.analysis.plan import engagement_plan, fewest_new_ties
from graphkit.io.plan_files import CSV_COLUMNS, plan_to_csv, plan_to_ics
from graphkit.network import build_network

OPTIONS = AnalysisOptions(as_of=AS_OF)
GROUPS = [
    model.CustomerGroup(
        id="A", name="Group A", desired_cadence_days=14, desired_connection="operational"
    ),
    model.CustomerGroup(
        id="B",
        name='Group B, "the board"; seniors',
        desired_cadence_days=30,
        desired_connection="strategic",
    ),
    model.CustomerGroup(id="C", name="Group C", desired_cadence_days=7),
]


def network():
    people = [
        person("pm1", is_pmo=True, name="Pat PMO"),
        person("pm2", is_pmo=True),
        person("a1", group="A", influence=2),
        person("a2", group="A", influence=4),
        person("b1", group="B", influence=5, name="Bea, Board; Chair"),
        person("b2", group="B", influence=1),
        person("c1", group="C", influence=3),
        person("c2", group="C", influence=1),
        person("lonely", group="A", influence=1),
    ]
    ties = [
        touch("pm1", "a1", cadence_days=7, last_contact=dt.date(2025, 1, 1)),
        touch("a1", "a2", cadence_days=7, last_contact=dt.date(2025, 6, 28)),
        touch("pm2", "a2", cadence_days=7, last_contact=dt.date(2025, 6, 28)),
        touch("a2", "b1", cadence_days=30, last_contact=dt.date(2025, 6, 1)),
        touch("b1", "b2", cadence_days=30, last_contact=dt.date(2025, 6, 1)),
        touch("c1", "c2", cadence_days=7, last_contact=dt.date(2025, 3, 1)),
    ]
    return build_network(snapshot(people, ties, GROUPS))


def plan_of(net=None, options=OPTIONS, states=None):
    net = net or network()
    return engagement_plan(net, find_gaps(net, options), options, states=states)


def test_every_action_has_an_owner_who_is_never_among_whom_and_a_due_date():
    plan = plan_of()
    assert plan.actions
    for a in plan.actions:
        assert a.owner in ("pm1", "pm2")
        assert a.owner not in a.whom
        assert a.whom or a.groups
        assert a.due is not None and a.due >= AS_OF
        assert "Assign a PMO member" not in a.action
    assert [a.rank for a in plan.actions] == list(range(1, len(plan.actions) + 1))


def test_a_stale_tie_of_the_pmo_is_owned_by_that_member_and_overdue():
    stale = next(a for a in plan_of().actions if a.kind == "stale_touchpoint" and a.whom == ("a1",))
    # pm1 ↔ a1 weekly, last contact 2025-01-01: due 2025-01-08, 173 days late on 2025-06-30
    assert stale.owner == "pm1" and stale.owner_name == "Pat PMO"
    assert stale.earliest == dt.date(2025, 1, 8) and stale.overdue_days == 173
    assert AS_OF <= stale.due < AS_OF + dt.timedelta(days=7)  # overdue: in the first week
    assert stale.touchpoint == "pm1|a1|meeting"
    assert stale.action == "Renew the meeting with Person a1 and keep it every 7 days."


def test_uncovered_and_unlinked_groups_outrank_a_stale_tie_between_colleagues():
    plan = plan_of()
    colleagues = next(
        a for a in plan.actions if a.kind == "stale_touchpoint" and set(a.whom) == {"c1", "c2"}
    )
    assert colleagues.tier == 2
    for a in plan.actions:
        if a.kind in ("uncovered_group", "unlinked_groups"):
            assert a.rank < colleagues.rank
    b = next(a for a in plan.actions if a.kind == "uncovered_group" and a.groups == ("B",))
    # group B wants strategic ties every 30 days: a one-to-one with its most influential
    assert b.whom == ("b1",) and b.vehicle == "one_to_one" and b.cadence_days == 30
    assert b.tier == 0 and b.score == 5 * 3  # influence 5 × high
    assert b.owner == "pm2"  # b1 is 2 steps from pm2, 3 from pm1


def test_work_is_spread_within_each_owners_weekly_capacity():
    options = AnalysisOptions(as_of=AS_OF, plan_capacity_per_week=3)
    net = build_network(pmo_snapshot(400, 2000, seed=3, pmo=2))
    plan = engagement_plan(net, find_gaps(net, options), options)
    per_week: dict[tuple[str, int], int] = {}
    for a in plan.actions:
        week = (a.due - AS_OF).days // 7
        per_week[(a.owner, week)] = per_week.get((a.owner, week), 0) + 1
        assert a.due >= a.earliest or a.due == AS_OF
    assert max(per_week.values()) == 3
    # and an owner's earlier weeks hold their higher-ranked actions
    for owner in {a.owner for a in plan.actions}:
        mine = [a for a in plan.actions if a.owner == owner and a.earliest <= AS_OF]
        weeks = [(a.due - AS_OF).days // 7 for a in sorted(mine, key=lambda a: a.rank)]
        assert weeks == sorted(weeks)


def test_a_done_action_leaves_the_schedule_and_a_snoozed_one_waits():
    first = plan_of()
    done, snoozed = first.actions[0], first.actions[1]
    later = AS_OF + dt.timedelta(days=20)
    plan = plan_of(
        states={
            done.id: {"status": "done"},
            snoozed.id: {"status": "snoozed", "snoozed_until": later},
        }
    )
    by_id = {a.id: a for a in plan.actions}
    assert by_id[done.id].status == "done" and by_id[done.id].due is None
    assert done.id not in {a.id for a in plan.due_by(AS_OF + dt.timedelta(days=7))}
    assert by_id[snoozed.id].due >= later
    # the same gaps give the same action ids in every analysis
    assert [a.id for a in plan_of().actions] == [a.id for a in first.actions]


def test_fewest_new_ties_reach_every_group():
    net = network()
    out = fewest_new_ties(net, within=2, options=OPTIONS)
    # within 2 steps of the PMO: A (a1, a2), B (b1 via a2); C is out of reach
    assert out.groups_out_of_reach == ("C",)
    assert [(t.whom, t.groups, t.cadence_days) for t in out.ties] == [("c1", ("C",), 7)]
    out = fewest_new_ties(net, within=1, options=OPTIONS)
    assert set(out.groups_out_of_reach) == {"B", "C"}
    assert len(out.ties) == 2


def test_plan_csv_holds_every_action_and_parses_back():
    plan = plan_of()
    rows = list(csv.DictReader(io.StringIO(plan_to_csv(plan))))
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    assert len(rows) == len(plan.actions) + len(plan.new_ties.ties)
    first = rows[0]
    assert first["rank"] == "1" and first["id"] == plan.actions[0].id
    assert first["due"] == plan.actions[0].due.isoformat()
    assert first["whom"].split(";") == list(plan.actions[0].whom)
    assert any(r["whom_names"] == "Bea, Board; Chair" for r in rows)  # quoted correctly
    assert rows[-1]["kind"] == "new_tie"


def unfold(text: str) -> list[str]:
    assert "\n" not in text.replace("\r\n", "")
    physical = text.split("\r\n")
    assert physical[-1] == ""
    for line in physical:
        assert len(line.encode("utf-8")) <= 75
    logical: list[str] = []
    for line in physical[:-1]:
        if line.startswith(" "):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return logical


def events_of(text: str) -> list[dict[str, str]]:
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(x.startswith("PRODID:") for x in lines)
    return vevents(lines)


def vevents(lines: list[str]) -> list[dict[str, str]]:
    """The VEVENT blocks of an unfolded calendar, each a dict of its properties."""
    events, current = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            key, _, value = line.partition(":")
            current[key] = value
    return events


def test_plan_ics_has_one_dated_event_per_open_action():
    plan = plan_of(states={})
    events = events_of(plan_to_ics(plan))
    every = [*plan.actions, *plan.new_ties.ties]
    assert len(events) == len(every)
    assert len({e["UID"] for e in events}) == len(events)
    for event, action in zip(events, plan.actions):
        assert event["UID"] == f"{action.id}@graphkit"
        assert "RRULE" not in event  # a dated event, not a pile of repeating ones
        start = dt.datetime.strptime(event["DTSTART;VALUE=DATE"], "%Y%m%d").date()
        assert start == action.due
    assert any("Bea\\, Board\\; Chair" in e["SUMMARY"] for e in events)  # escaped
    # a done action has no event
    done = plan_of(states={plan.actions[0].id: {"status": "done"}})
    assert len(events_of(plan_to_ics(done))) == len(events) - 1


def test_plan_without_pmo_says_so():
    net = build_network(
        snapshot([person("a", group="A"), person("b", group="A")], [touch("a", "b")], GROUPS[:1])
    )
    plan = plan_of(net)
    assert "no PMO member" in (plan.new_ties.note or "")
    assert all(a.owner is None for a in plan.actions)
    plan_to_ics(plan)  # still exports
    plan_to_csv(plan)
