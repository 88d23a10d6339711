"""graphkit.io tests written to kill mutants that survived the rest of the suite
(tools/mutation): the plan's calendar and CSV checked field by field against RFC 5545 and
the plan, GraphML and GEXF read back by NetworkX attribute by attribute, exports to
folders that do not exist yet, and imports checked against ids already stored."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import networkx as nx
import pytest

from graphkit import io as network_io
from graphkit import model
from graphkit.io import export_bytes
from graphkit.io.plan_files import CSV_COLUMNS, _fold, _ics_escape, plan_rows, plan_to_csv, plan_to_ics
from graphkit.model.problems import InvalidChange
from graphkit.store import NetworkChange

from test_analysis_plan import plan_of


# -- the plan as iCalendar ------------------------------------------------------------------
def _unfold(text: str) -> list[str]:
    """RFC 5545 §3.1, read independently of the writer: CRLF ends a line, a line that starts
    with one space continues the one before."""
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    physical = text.split("\r\n")[:-1]
    assert all(len(line.encode()) <= 75 for line in physical)
    logical: list[str] = []
    for line in physical:
        if line.startswith(" "):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return logical


def _unescape(value: str) -> str:
    out, chars = [], iter(value)
    for ch in chars:
        if ch == "\\":
            nxt = next(chars)
            out.append("\n" if nxt in "nN" else nxt)
        else:
            out.append(ch)
    return "".join(out)


def _events(text: str) -> list[dict[str, str]]:
    events, current = [], None
    for line in _unfold(text):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            key, _, value = line.partition(":")
            current[key] = value
    return events


def test_mutation_fold_cuts_at_75_octets_and_continues_with_one_space():
    assert _fold("a" * 75) == ["a" * 75]
    assert _fold("a" * 76) == ["a" * 75, " a"]
    assert _fold("a" * 150) == ["a" * 75, " " + "a" * 74, " a"]
    # a two-octet character never straddles a cut
    assert _fold("a" * 74 + "é") == ["a" * 74, " é"]
    assert _fold("") == [""]


def test_mutation_ics_escape_follows_rfc_5545_text():
    assert _ics_escape("a\\b;c,d\r\ne\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


def test_mutation_every_calendar_field_says_what_the_plan_says():
    plan = plan_of(states={})
    text = plan_to_ics(plan)
    lines = _unfold(text)
    assert lines[:6] == ["BEGIN:VCALENDAR", "VERSION:2.0",
                         "PRODID:-//graphkit//engagement plan//EN", "CALSCALE:GREGORIAN",
                         "METHOD:PUBLISH", "X-WR-CALNAME:PMO engagement plan"]
    assert lines[-1] == "END:VCALENDAR"
    events = _events(text)
    rows = [a for a in plan_rows(plan) if a.due is not None]
    assert len(events) == len(rows) and plan.new_ties.ties
    for event, action in zip(events, rows):
        assert event["UID"] == f"{action.id}@graphkit"
        assert event["DTSTAMP"] == f"{plan.as_of:%Y%m%d}T000000Z"
        assert event["DTSTART;VALUE=DATE"] == f"{action.due:%Y%m%d}"
        assert event["DTEND;VALUE=DATE"] == f"{action.due + dt.timedelta(days=1):%Y%m%d}"
        assert _unescape(event["CATEGORIES"]) == action.kind
        assert event["TRANSP"] == "TRANSPARENT"
        description = _unescape(event["DESCRIPTION"]).split("\n")
        assert description[:3] == [action.action, action.why, f"Severity: {action.severity}"]
        assert description[3:] == ([f"Overdue by {action.overdue_days} days"]
                                   if action.overdue_days else [])
        whom = ", ".join(action.whom_names or (*action.whom_names, *action.group_names))
        owner = action.owner_name or "PMO"
        assert _unescape(event["SUMMARY"]) == (f"{action.vehicle.replace('_', ' ')}: "
                                               f"{owner} with {whom}")
        organiser = [k for k in event if k.startswith("ORGANIZER")]
        if action.owner:
            assert organiser == [f"ORGANIZER;CN={action.owner_name}"]
            assert event[organiser[0]] == f"urn:graphkit:stakeholder:{action.owner}"
        else:
            assert organiser == []
    assert any(a.overdue_days for a in rows)  # the overdue line was checked at least once


def test_mutation_new_ties_become_actions_of_their_own():
    plan = plan_of(states={})
    tie = plan.new_ties.ties[0]
    row = plan_rows(plan)[len(plan.actions)]
    assert row.id == "t-" + "-".join([tie.whom, *tie.groups])
    assert (row.kind, row.severity, row.tier, row.score) == ("new_tie", "high", 0, 0.0)
    assert (row.owner, row.owner_name, row.whom, row.whom_names) == (
        tie.owner, tie.owner_name, (tie.whom,), (tie.whom_name,))
    assert row.groups == row.group_names == tie.groups
    assert (row.vehicle, row.connection, row.cadence_days) == (
        tie.vehicle, tie.connection, tie.cadence_days)
    assert row.due == row.earliest == plan.as_of and row.overdue_days == 0
    assert row.rank == len(plan.actions) + 1
    assert row.action == (f"Open a {tie.vehicle.replace('_', ' ')} with {tie.whom_name} to "
                          f"bring {', '.join(tie.groups)} within reach.")
    assert row.why == "the fewest new ties that bring every group within reach"
    # and the CSV has it as its own row, every column as the action says
    rows = list(csv.DictReader(io.StringIO(plan_to_csv(plan))))
    assert list(rows[0]) == list(CSV_COLUMNS)
    written = rows[len(plan.actions)]
    assert written == {"rank": str(row.rank), "id": row.id, "due": plan.as_of.isoformat(),
                       "status": row.status, "owner": tie.owner, "owner_name": tie.owner_name,
                       "whom": tie.whom, "whom_names": tie.whom_name,
                       "groups": ";".join(tie.groups), "kind": "new_tie", "severity": "high",
                       "vehicle": tie.vehicle, "connection": tie.connection,
                       "cadence_days": str(tie.cadence_days), "overdue_days": "0",
                       "action": row.action, "why": row.why}


# -- GraphML and GEXF read back by NetworkX -------------------------------------------------
BROADCAST = {"id": "pmo-ana|business|newsletter", "source": "pmo-ana", "target": None,
             "target_group": "business", "vehicle": "newsletter", "connection": "operational",
             "cadence_days": 30, "last_contact": "2026-01-05", "strength": 1.0,
             "direction": "out"}


@pytest.fixture
def exported_store(store, network_json):
    document = json.loads(network_json.read_text())
    document["touchpoints"].append(BROADCAST)
    document["stakeholders"][0]["attributes"] = {"desk": "4F <east> & \"west\""}
    store.apply(NetworkChange.from_document(model.NetworkDocument.model_validate(document)))
    return store, document


def _expected_nodes(document):
    nodes = {}
    for row in document["stakeholders"]:
        fields = {k: v for k, v in row.items() if k not in ("id", "attributes") and v is not None}
        fields["kind"] = "stakeholder"
        nodes[row["id"]] = fields
    group = next(g for g in document["groups"] if g["id"] == "business")
    nodes["group:business"] = {"kind": "customer_group", "name": group["name"], "group": "business"}
    return nodes


def _expected_edges(document):
    edges = {}
    for row in document["touchpoints"]:
        fields = {k: row[k] for k in ("vehicle", "connection", "cadence_days", "last_contact",
                                      "strength", "direction") if row[k] is not None}
        fields["weight"] = row["strength"] * 30 / row["cadence_days"]
        edges[row["id"]] = (row["source"], row["target"] or "group:" + row["target_group"],
                            fields)
    return edges


def test_mutation_graphml_carries_every_field_of_every_node_and_tie(exported_store, tmp_path):
    store, document = exported_store
    out = network_io.export_network(store, "graphml", tmp_path / "new" / "deeper" / "n.graphml")
    graph = nx.read_graphml(out, force_multigraph=True, edge_key_type=str)
    assert not graph.is_directed()
    expected = _expected_nodes(document)
    got = {n: {k: v for k, v in d.items() if k != "attributes"} for n, d in graph.nodes(data=True)}
    assert got == expected
    # the GraphML edge id is the multigraph's key
    edges = {key: (u, v, d) for u, v, key, d in graph.edges(keys=True, data=True)}
    want = _expected_edges(document)
    assert set(edges) == set(want)
    for key, (u, v, fields) in want.items():
        assert {edges[key][0], edges[key][1]} == {u, v}
        assert edges[key][2].keys() == fields.keys()
        for name, value in fields.items():
            assert edges[key][2][name] == (pytest.approx(value) if isinstance(value, float)
                                           else value), (key, name)


def test_mutation_gexf_carries_every_field_of_every_node_and_tie(exported_store, tmp_path):
    store, document = exported_store
    out = network_io.export_network(store.snapshot(), "gexf", tmp_path / "a" / "n.gexf")
    graph = nx.read_gexf(out)
    expected = _expected_nodes(document)
    got = {}
    for node, data in graph.nodes(data=True):
        fields = {k: v for k, v in data.items() if k not in ("label", "attributes")}
        fields["name"] = data["label"]
        got[node] = fields
    assert got == expected
    want = _expected_edges(document)
    edges = {d["id"]: (u, v, d) for u, v, d in graph.edges(data=True)}
    assert set(edges) == set(want)
    for key, (u, v, fields) in want.items():
        assert {edges[key][0], edges[key][1]} == {u, v}
        for name, value in fields.items():
            assert edges[key][2][name] == (pytest.approx(value) if isinstance(value, float)
                                           else value), (key, name)


def test_mutation_csv_export_into_a_new_folder_reads_back(exported_store, tmp_path):
    store, document = exported_store
    folder = network_io.export_network(store, "csv", tmp_path / "x" / "y")
    assert sorted(p.name for p in folder.iterdir()) == [
        "contacts.csv", "groups.csv", "stakeholders.csv", "touchpoints.csv"]
    people = list(csv.DictReader((folder / "stakeholders.csv").open(encoding="utf-8")))
    first = next(p for p in people if p["id"] == document["stakeholders"][0]["id"])
    assert first["desk"] == "4F <east> & \"west\""
    # writing into a folder that exists already is fine too
    assert network_io.export_network(store, "csv", folder) == folder


def test_mutation_each_download_names_its_type_and_file(exported_store):
    store, _ = exported_store
    snap = store.snapshot()
    assert export_bytes(snap, "json")[1:] == ("application/json", "pmo-network.json")
    assert export_bytes(snap, "graphml")[1:] == ("application/graphml+xml", "pmo-network.graphml")
    assert export_bytes(snap, "gexf")[1:] == ("application/gexf+xml", "pmo-network.gexf")
    assert export_bytes(snap, "csv")[1:] == ("application/zip", "pmo-network-csv.zip")
    assert json.loads(export_bytes(snap, "json")[0]) == json.loads(network_io.to_json(snap))
    with pytest.raises(ValueError, match=r"^unknown export format 'svg' \(expected one of "
                                         r"json, csv, graphml, gexf\)$"):
        export_bytes(snap, "svg")
    with pytest.raises(ValueError, match=r"^unknown export format 'svg' \(expected one of "
                                         r"json, csv, graphml, gexf\)$"):
        network_io.export_network(snap, "svg", "unused.svg")


# -- imports checked against what is stored -------------------------------------------------
TIE_TO_STORED = (b"id,source,target,vehicle,connection,cadence_days\n"
                 b"t1,pmo-ana,biz-eve,email,operational,7\n")


def test_mutation_an_import_may_name_ids_the_caller_says_are_stored(tmp_path):
    files = [("touchpoints.csv", TIE_TO_STORED)]
    with pytest.raises(InvalidChange) as refused:
        network_io.load_files(files, known_ids={})
    assert "pmo-ana" in str(refused.value) and "biz-eve" in str(refused.value)
    for kind in ("groups", "touchpoints"):  # ids of other kinds are no stakeholders
        with pytest.raises(InvalidChange):
            network_io.load_files(files, known_ids={kind: {"pmo-ana", "biz-eve"}})
    change = network_io.load_files(files, known_ids={"stakeholders": {"pmo-ana", "biz-eve"}})
    assert [t["id"] for t in change.touchpoints.to_pylist()] == ["t1"]
