"""The engagement plan, the fewest new ties, and its CSV and iCalendar exports."""

from __future__ import annotations

import csv
import datetime as dt
import io

from analysis_networks import AS_OF, person, snapshot, touch
from graphkit import model
from graphkit.analysis.gaps import find_gaps
from graphkit.analysis.options import AnalysisOptions
from graphkit.analysis.plan import engagement_plan, fewest_new_ties
from graphkit.io.plan_files import CSV_COLUMNS, plan_to_csv, plan_to_ics
from graphkit.network import build_network

OPTIONS = AnalysisOptions(as_of=AS_OF)
GROUPS = [
    model.CustomerGroup(id="A", name="Group A", desired_cadence_days=14,
                        desired_connection="operational"),
    model.CustomerGroup(id="B", name="Group B, \"the board\"; seniors", desired_cadence_days=30,
                        desired_connection="strategic"),
    model.CustomerGroup(id="C", name="Group C", desired_cadence_days=7),
]


def network():
    people = [person("pm1", is_pmo=True, name="Pat PMO"), person("pm2", is_pmo=True),
              person("a1", group="A", influence=2), person("a2", group="A", influence=4),
              person("b1", group="B", influence=5, name="Bea, Board; Chair"),
              person("b2", group="B", influence=1),
              person("c1", group="C", influence=3), person("c2", group="C", influence=1),
              person("lonely", group="A", influence=1)]
    ties = [touch("pm1", "a1", cadence_days=7, last_contact=dt.date(2025, 1, 1)),
            touch("a1", "a2", cadence_days=7, last_contact=dt.date(2025, 6, 28)),
            touch("pm2", "a2", cadence_days=7, last_contact=dt.date(2025, 6, 28)),
            touch("a2", "b1", cadence_days=30, last_contact=dt.date(2025, 6, 1)),
            touch("b1", "b2", cadence_days=30, last_contact=dt.date(2025, 6, 1)),
            touch("c1", "c2", cadence_days=7, last_contact=dt.date(2025, 6, 28))]
    return build_network(snapshot(people, ties, GROUPS))


def test_actions_are_ranked_by_influence_times_severity_with_owners():
    net = network()
    gaps = find_gaps(net, OPTIONS)
    plan = engagement_plan(net, gaps, OPTIONS)
    actions = plan["actions"]
    assert plan["total_actions"] == len(actions) > 0
    scores = [a["score"] for a in actions]
    assert scores == sorted(scores, reverse=True)
    assert [a["rank"] for a in actions] == list(range(1, len(actions) + 1))
    assert all(a["owner"] in ("pm1", "pm2") for a in actions)
    # the stale pm1–a1 touchpoint is owned by pm1, with its own vehicle and cadence
    stale = next(a for a in actions if a["kind"] == "stale_touchpoint")
    assert stale["owner"] == "pm1" and stale["whom"] == ["pm1", "a1"]
    assert stale["cadence_days"] == 7
    # uncovered group B: touch its most influential member, strategic → one-to-one, 30 days
    b = next(a for a in actions if a["kind"] == "uncovered_group" and a["subject"] == ["B"])
    assert b["whom"] == ["b1"] and b["vehicle"] == "one_to_one" and b["cadence_days"] == 30
    assert b["score"] == 5 * 3  # influence 5 × high
    # the nearest PMO member owns it: b1 is 2 steps from pm2, 3 from pm1
    assert b["owner"] == "pm2"


def test_fewest_new_ties_reach_every_group():
    net = network()
    out = fewest_new_ties(net, within=2, options=OPTIONS)
    # within 2 steps of the PMO: A (a1, a2), B (b1 via a2); C is out of reach
    assert out["groups_out_of_reach"] == ["C"]
    assert len(out["ties"]) == 1
    tie = out["ties"][0]
    assert tie["whom"] == "c1" and tie["groups"] == ["C"]  # most influential member
    assert tie["cadence_days"] == 7
    out = fewest_new_ties(net, within=1, options=OPTIONS)
    assert set(out["groups_out_of_reach"]) == {"B", "C"}
    assert len(out["ties"]) == 2


def test_plan_csv_parses_back():
    net = network()
    plan = engagement_plan(net, find_gaps(net, OPTIONS), OPTIONS)
    text = plan_to_csv(plan)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    assert len(rows) == len(plan["actions"]) + len(plan["new_ties"]["ties"])
    first = rows[0]
    assert first["rank"] == "1" and first["owner"] == plan["actions"][0]["owner"]
    assert first["whom"].split(";") == plan["actions"][0]["whom"]
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


def test_plan_ics_is_valid_icalendar():
    net = network()
    plan = engagement_plan(net, find_gaps(net, OPTIONS), OPTIONS)
    text = plan_to_ics(plan, AS_OF)
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(x.startswith("PRODID:") for x in lines)
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
    every = plan["actions"] + plan["new_ties"]["ties"]
    assert len(events) == len(every)
    assert len({e["UID"] for e in events}) == len(events)
    for e, a in zip(events, every):
        assert {"UID", "DTSTAMP", "DTSTART;VALUE=DATE", "RRULE", "SUMMARY"} <= set(e)
        start = dt.datetime.strptime(e["DTSTART;VALUE=DATE"], "%Y%m%d").date()
        assert AS_OF <= start < AS_OF + dt.timedelta(days=5)
        rule = dict(part.split("=") for part in e["RRULE"].split(";"))
        days = int(rule["INTERVAL"]) * (7 if rule["FREQ"] == "WEEKLY" else 1)
        assert rule["FREQ"] in ("DAILY", "WEEKLY") and days == a["cadence_days"]
    # text values are escaped: commas and semicolons of "Bea, Board; Chair"
    assert any("Bea\\, Board\\; Chair" in e["SUMMARY"] for e in events)
    # a long description was folded and unfolds back whole
    assert any(len(x) > 75 for x in lines)


def test_plan_without_pmo_says_so():
    net = build_network(snapshot([person("a", group="A"), person("b", group="A")],
                                 [touch("a", "b")], GROUPS[:1]))
    plan = engagement_plan(net, find_gaps(net, OPTIONS), OPTIONS)
    assert "no PMO member" in plan["new_ties"]["note"]
    assert all(a["owner"] is None for a in plan["actions"])
    plan_to_ics(plan, AS_OF)  # still exports
    plan_to_csv(plan)
