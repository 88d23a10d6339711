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
from import_kit import workbook
from test_analysis_plan import plan_of, vevents

from graphkit import io as network_io
from graphkit import model
from graphkit.io import export_bytes
from graphkit.io.plan_files import (
    CSV_COLUMNS,
    _fold,
    _ics_escape,
    plan_rows,
    plan_to_csv,
    plan_to_ics,
)
from graphkit.io.writers import to_json
from graphkit.model.problems import InvalidChange
from graphkit.store import NetworkChange


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
    return vevents(_unfold(text))


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
    assert lines[:6] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//graphkit//engagement plan//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:PMO engagement plan",
    ]
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
        assert description[3:] == (
            [f"Overdue by {action.overdue_days} days"] if action.overdue_days else []
        )
        whom = ", ".join(action.whom_names or (*action.whom_names, *action.group_names))
        owner = action.owner_name or "PMO"
        assert _unescape(event["SUMMARY"]) == (
            f"{action.vehicle.replace('_', ' ')}: {owner} with {whom}"
        )
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
        tie.owner,
        tie.owner_name,
        (tie.whom,),
        (tie.whom_name,),
    )
    assert row.groups == row.group_names == tie.groups
    assert (row.vehicle, row.connection, row.cadence_days) == (
        tie.vehicle,
        tie.connection,
        tie.cadence_days,
    )
    assert row.due == row.earliest == plan.as_of and row.overdue_days == 0
    assert row.rank == len(plan.actions) + 1
    assert row.action == (
        f"Open a {tie.vehicle.replace('_', ' ')} with {tie.whom_name} to "
        f"bring {', '.join(tie.groups)} within reach."
    )
    assert row.why == "the fewest new ties that bring every group within reach"
    # and the CSV has it as its own row, every column as the action says
    rows = list(csv.DictReader(io.StringIO(plan_to_csv(plan))))
    assert list(rows[0]) == list(CSV_COLUMNS)
    written = rows[len(plan.actions)]
    assert written == {
        "rank": str(row.rank),
        "id": row.id,
        "due": plan.as_of.isoformat(),
        "status": row.status,
        "owner": tie.owner,
        "owner_name": tie.owner_name,
        "whom": tie.whom,
        "whom_names": tie.whom_name,
        "groups": ";".join(tie.groups),
        "kind": "new_tie",
        "severity": "high",
        "vehicle": tie.vehicle,
        "connection": tie.connection,
        "cadence_days": str(tie.cadence_days),
        "overdue_days": "0",
        "action": row.action,
        "why": row.why,
    }


# -- GraphML and GEXF read back by NetworkX -------------------------------------------------
BROADCAST = {
    "id": "pmo-ana|business|newsletter",
    "source": "pmo-ana",
    "target": None,
    "target_group": "business",
    "vehicle": "newsletter",
    "connection": "operational",
    "cadence_days": 30,
    "last_contact": "2026-01-05",
    "strength": 1.0,
    "direction": "out",
}


@pytest.fixture
def exported_store(store, network_json):
    document = json.loads(network_json.read_text())
    document["touchpoints"].append(BROADCAST)
    document["stakeholders"][0]["attributes"] = {"desk": '4F <east> & "west"'}
    store.apply(NetworkChange.from_document(model.NetworkDocument.model_validate(document)))
    return store, document


PERSON_FIELDS = (
    "group",
    "source",
    "organisation",
    "role",
    "internal",
    "is_pmo",
    "influencer",
    "influence",
    "interest",
    "stance",
)


def _expected_nodes(document):
    """Each node's own fields, as the document gives them (metrics and drawing aside)."""
    names = {g["id"]: g["name"] for g in document["groups"]}
    nodes = {}
    for row in document["stakeholders"]:
        fields = {k: row[k] for k in PERSON_FIELDS if row[k] is not None}
        fields.update(label=row["name"], kind="stakeholder")
        if row["group"]:
            fields["group_name"] = names[row["group"]]
        if row["attributes"]:
            fields["attributes"] = json.dumps(row["attributes"], sort_keys=True)
        nodes[row["id"]] = fields
    group = next(g for g in document["groups"] if g["id"] == "business")
    nodes["group:business"] = {
        k: v
        for k, v in {
            "label": group["name"],
            "kind": "customer_group",
            "group": "business",
            "desired_cadence_days": group.get("desired_cadence_days"),
            "desired_connection": group.get("desired_connection"),
            "desired_links": ";".join(group.get("desired_links") or []) or None,
        }.items()
        if v is not None
    }
    return nodes


def _expected_edges(document):
    edges = {}
    for row in document["touchpoints"]:
        fields = {
            k: row[k]
            for k in (
                "vehicle",
                "connection",
                "cadence_days",
                "last_contact",
                "strength",
                "direction",
            )
            if row[k] is not None
        }
        fields["from"] = row["source"]
        fields["weight"] = row["strength"] * 30 / row["cadence_days"]
        edges[row["id"]] = (row["source"], row["target"] or "group:" + row["target_group"], fields)
    return edges


def _check_graph(graph, document, label_key="label"):
    expected = _expected_nodes(document)
    assert set(graph.nodes) == set(expected)
    for node, fields in expected.items():
        data = graph.nodes[node]
        for name, value in fields.items():
            assert data[label_key if name == "label" else name] == value, (node, name)
    edges = {key: (u, v, d) for u, v, key, d in graph.edges(keys=True, data=True)}
    want = _expected_edges(document)
    assert set(edges) == set(want)
    for key, (u, v, fields) in want.items():
        assert {edges[key][0], edges[key][1]} == {u, v}
        for name, value in fields.items():
            assert edges[key][2][name] == (
                pytest.approx(value) if isinstance(value, float) else value
            ), (key, name)


def test_mutation_graphml_carries_every_field_of_every_node_and_tie(exported_store, tmp_path):
    store, document = exported_store
    out = network_io.export_network(store, "graphml", tmp_path / "new" / "deeper" / "n.graphml")
    graph = nx.read_graphml(out, force_multigraph=True, edge_key_type=str)
    assert not graph.is_directed()
    _check_graph(graph, document)


def test_mutation_gexf_carries_every_field_of_every_node_and_tie(exported_store, tmp_path):
    store, document = exported_store
    out = network_io.export_network(store.snapshot(), "gexf", tmp_path / "a" / "n.gexf")
    graph = nx.read_gexf(out)
    graph = _keyed_by_id(graph)  # GEXF names edges by their id attribute
    _check_graph(graph, document)


def _keyed_by_id(graph):
    keyed = nx.MultiGraph()
    keyed.add_nodes_from(graph.nodes(data=True))
    for u, v, data in graph.edges(data=True):
        keyed.add_edge(u, v, key=data["id"], **data)
    return keyed


def test_mutation_csv_export_into_a_new_folder_reads_back(exported_store, tmp_path):
    store, document = exported_store
    folder = network_io.export_network(store, "csv", tmp_path / "x" / "y")
    assert sorted(p.name for p in folder.iterdir()) == [
        "contacts.csv",
        "groups.csv",
        "stakeholders.csv",
        "touchpoints.csv",
    ]
    people = list(csv.DictReader((folder / "stakeholders.csv").open(encoding="utf-8")))
    first = next(p for p in people if p["id"] == document["stakeholders"][0]["id"])
    assert first["desk"] == '4F <east> & "west"'
    # writing into a folder that exists already is fine too
    assert network_io.export_network(store, "csv", folder) == folder


def test_mutation_each_download_names_its_type_and_file(exported_store):
    store, _ = exported_store
    snap = store.snapshot()
    assert export_bytes(snap, "json")[1:] == ("application/json", "pmo-network.json")
    assert export_bytes(snap, "csv")[1:] == ("application/zip", "pmo-network-csv.zip")
    assert json.loads(export_bytes(snap, "json")[0]) == json.loads(to_json(snap))
    message = (
        r"^unknown export format 'svg' \(expected one of json, csv, xlsx, graphml, "
        r"gexf\)$"
    )
    with pytest.raises(ValueError, match=message):
        export_bytes(snap, "svg")
    with pytest.raises(ValueError, match=message):
        network_io.export_network(snap, "svg", "unused.svg")


# -- imports checked against what is stored -------------------------------------------------
TIE_TO_STORED = (
    b"id,source,target,vehicle,connection,cadence_days\nt1,pmo-ana,biz-eve,email,operational,7\n"
)


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


# -- every refusal names file, row, field and what is wrong ---------------------------------
from graphkit.io import ImportLimits
from graphkit.io.readers import build_change, read_sources

_workbook = workbook


def _refusal(files, **options) -> list[tuple]:
    with pytest.raises(InvalidChange) as refused:
        build_change(files, **options)
    return [(p["file"], p["row"], p["field"], p["message"]) for p in refused.value.problems]


PEOPLE = b"id,name,group\np1,Pat,g1\np2,Sam,\n"


def test_mutation_oversized_csv_files_are_refused_by_file_and_row():
    limits = ImportLimits(max_rows=2, max_columns=3)
    assert _refusal([("stakeholders.csv", b"id,name,role,stance\n")], limits=limits) == [
        ("stakeholders.csv", 1, None, "4 columns; at most 3")
    ]
    assert _refusal([("stakeholders.csv", b"id,name\na,A\nb,B\nc,C\n")], limits=limits) == [
        ("stakeholders.csv", None, None, "more than 2 rows; split the import")
    ]
    # exactly at the limits is fine
    change = build_change([("stakeholders.csv", b"id,name,role\na,A,x\nb,B,y\n")], limits=limits)
    assert change.stakeholders.column("role").to_pylist() == ["x", "y"]
    # over all files together
    two = ImportLimits(max_rows=3)
    assert _refusal(
        [("stakeholders.csv", b"id,name\na,A\nb,B\n"), ("groups.csv", b"id,name\ng,G\nh,H\n")],
        limits=two,
    )[-1] == (None, None, None, "more than 3 rows in all; split the import")


def test_mutation_a_csv_header_with_a_byte_order_mark_and_spaces_reads_as_its_names():
    change = build_change([("stakeholders.csv", "\ufeff id , name \np1,Pat\n".encode())])
    assert change.stakeholders.column("id").to_pylist() == ["p1"]


def test_mutation_unreadable_files_are_named():
    assert _refusal([("people.csv", PEOPLE)]) == [
        (
            "people.csv",
            None,
            None,
            "a CSV file is named after what it holds: stakeholders.csv, "
            "touchpoints.csv, groups.csv or contacts.csv",
        )
    ]
    assert _refusal([("stakeholders.pdf", PEOPLE)]) == [
        (
            "stakeholders.pdf",
            None,
            None,
            "unknown file type (expected .json, .csv, .xlsx, .graphml or .gexf)",
        )
    ]
    assert _refusal([("stakeholders.csv", b"id,name\n\xff\xfe,x\n")]) == [
        ("stakeholders.csv", None, None, "not UTF-8 text (byte 8)"),
        ("stakeholders.csv", 1, "id", "missing column 'id'"),
        ("stakeholders.csv", 1, "name", "missing column 'name'"),
    ]


def test_mutation_json_documents_are_refused_by_section_and_item():
    assert _refusal([("n.json", b'{\n"groups": [}')]) == [
        ("n.json", 2, None, "not valid JSON: Expecting value")
    ]
    assert _refusal([("n.json", b"[]")]) == [
        (
            "n.json",
            None,
            None,
            "a network document is a JSON object with groups, stakeholders and touchpoints",
        )
    ]
    document = {"groups": {"id": "g"}, "stakeholders": [{"id": "p", "name": "P"}, 3], "people": []}
    assert _refusal([("n.json", json.dumps(document).encode())]) == [
        (
            "n.json",
            None,
            "people",
            "unknown section 'people' (expected groups, stakeholders, touchpoints, contacts)",
        ),
        ("n.json", None, "groups", "'groups' must be a list"),
        ("n.json (stakeholders)", 2, None, "each of stakeholders must be an object"),
    ]


def test_mutation_workbooks_are_refused_by_sheet_and_row():
    assert _refusal([("r.xlsx", b"not a zip")]) == [
        ("r.xlsx", None, None, "not a readable XLSX workbook (not a zip archive)")
    ]
    book = _workbook(
        {
            "Stakeholders": [
                ["id", "name", "role", "stance"],
                ["p1", "P", "x", None],
                ["p2", "Q", "y", None],
                ["p3", "R", "z", None],
            ],
            "Notes": [["anything"]],
        }
    )
    problems = _refusal([("r.xlsx", book)], limits=ImportLimits(max_rows=2, max_columns=3))
    assert problems == [
        ("r.xlsx [Stakeholders]", 1, None, "more than 3 columns"),
        (
            "r.xlsx",
            None,
            None,
            "sheet 'Notes' is not one of groups, stakeholders, touchpoints, contacts",
        ),
    ]
    problems = _refusal([("r.xlsx", book)], limits=ImportLimits(max_rows=2))
    assert problems == [("r.xlsx [Stakeholders]", 4, None, "more than 2 rows; split the import")]
    problems = _refusal([("r.xlsx", book)], limits=ImportLimits(max_inflated_bytes=100))
    assert len(problems) == 1 and problems[0][3].startswith("the workbook unpacks to ")
    assert problems[0][3].endswith(" bytes; at most 100")


def test_mutation_workbook_numbers_and_dates_read_as_a_person_typed_them():
    book = _workbook(
        {
            "stakeholders": [
                ["id", "name", "influence", "joined", None],
                [1001.0, "Pat", 4, dt.datetime(2025, 3, 4), None],
                [None, None, None, None, None],
            ]
        }
    )
    change = build_change([("r.xlsx", book)])
    rows = change.stakeholders.to_pylist()
    assert [(r["id"], r["influence"], json.loads(r["attributes"])) for r in rows] == [
        ("1001", 4, {"joined": "2025-03-04"})
    ]


def test_mutation_cross_references_are_refused_by_file_row_and_field():
    groups = b"id,name,desired_links\ng1,G1,nowhere\n"
    people = b"id,name,group\np1,Pat,g1\np2,Sam,g9\np1,Pat again,\n"
    ties = (
        b"id,source,target,target_group,vehicle,connection,cadence_days\n"
        b"t1,p1,ghost,,email,operational,7\nt2,p1,,g8,newsletter,operational,30\n"
    )
    contacts = b"touchpoint,date\nt9,2025-01-01\n"
    problems = _refusal(
        [
            ("groups.csv", groups),
            ("stakeholders.csv", people),
            ("touchpoints.csv", ties),
            ("contacts.csv", contacts),
        ]
    )
    assert problems == [
        ("stakeholders.csv", 4, "id", "duplicate id 'p1' (first at stakeholders.csv row 2)"),
        (
            "stakeholders.csv",
            3,
            "group",
            "group 'g9' exists nowhere (not in the input, not in the store)",
        ),
        ("groups.csv", 2, "desired_links", "desired link to group 'nowhere', which exists nowhere"),
        (
            "touchpoints.csv",
            2,
            "target",
            "stakeholder 'ghost' exists nowhere (not in the input, not in the store)",
        ),
        (
            "touchpoints.csv",
            3,
            "target_group",
            "group 'g8' exists nowhere (not in the input, not in the store)",
        ),
        (
            "contacts.csv",
            2,
            "touchpoint",
            "touchpoint 't9' exists nowhere (not in the input, not in the store)",
        ),
    ]
    # the same names are fine once the store is said to hold them
    change = build_change(
        [
            ("stakeholders.csv", b"id,name,group\np2,Sam,g9\n"),
            ("touchpoints.csv", ties),
            ("contacts.csv", contacts),
        ],
        known_stakeholders={"p1", "ghost"},
        known_groups={"g9", "g8"},
        known_touchpoints={"t9"},
    )
    assert change.contacts.column("touchpoint").to_pylist() == ["t9"]


def test_mutation_default_groups_fill_in_only_what_the_input_does_not_define():
    from graphkit import model as domain

    first = domain.DEFAULT_GROUPS[0]
    mine = f"id,name\n{first.id},Our own name\n".encode()
    change = build_change([("groups.csv", mine)], default_groups=True)
    names = dict(
        zip(change.groups.column("id").to_pylist(), change.groups.column("name").to_pylist())
    )
    assert names == {first.id: "Our own name", **{g.id: g.name for g in domain.DEFAULT_GROUPS[1:]}}
    assert build_change([("groups.csv", mine)]).groups.num_rows == 1
    # a duplicate among the defaults is named by its place in the default list
    problems = _refusal([("groups.csv", mine + mine.split(b"\n", 1)[1])], default_groups=True)
    assert problems == [
        ("groups.csv", 3, "id", f"duplicate id '{first.id}' (first at groups.csv row 2)")
    ]


def test_mutation_read_sources_reports_each_file_once():
    sources, problems = read_sources([("stakeholders.csv", PEOPLE), ("x.doc", b"")])
    assert [(s.kind, s.file, s.total) for s in sources] == [("stakeholders", "stakeholders.csv", 2)]
    assert [dict(p) for p in problems] == [
        {
            "file": "x.doc",
            "row": None,
            "field": None,
            "message": "unknown file type (expected .json, .csv, .xlsx, .graphml or .gexf)",
        }
    ]


# -- the files themselves: a compressed zip, a new tie as a sentence, workbook limits -------
import zipfile

from graphkit.analysis.plan import NewTie
from graphkit.io.plan_files import _new_tie_action


def test_mutation_the_csv_download_is_compressed(exported_store):
    store, _ = exported_store
    content, _, _ = export_bytes(store.snapshot(), "csv")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert {i.compress_type for i in archive.infolist()} == {zipfile.ZIP_DEFLATED}


def test_mutation_a_new_tie_across_groups_reads_as_a_sentence():
    plan = plan_of(states={})
    tie = NewTie(
        owner="pm1",
        owner_name="Pat PMO",
        whom="b1",
        whom_name="Bea",
        groups=("A", "B"),
        vehicle="one_to_one",
        connection="personal",
        cadence_days=14,
    )
    action = _new_tie_action(plan, tie, 9)
    assert action.id == "t-b1-A-B" and action.rank == 9
    assert action.action == "Open a one to one with Bea to bring A, B within reach."


def test_mutation_workbook_limits_and_formulas():
    book = _workbook({"stakeholders": [["id", "name", "role"], ["p1", "Pat", "=1+1"]]})
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        size = sum(i.file_size for i in archive.infolist())
    # exactly at the cap is fine, one byte under is refused naming the file
    change = build_change([("r.xlsx", book)], limits=ImportLimits(max_inflated_bytes=size))
    # a formula is read as the value Excel saved with it (none here), never as its text
    assert change.stakeholders.column("role").to_pylist() == [None]
    assert _refusal([("r.xlsx", book)], limits=ImportLimits(max_inflated_bytes=size - 1)) == [
        ("r.xlsx", None, None, f"the workbook unpacks to {size:,} bytes; at most {size - 1:,}")
    ]


# -- Kumu workbooks keep the same limits as a register ---------------------------------------
KUMU = {
    "Elements": [
        ["Label", "Type", "Influence"],
        ["Ann", "PMO", 5],
        [None, None, None],
        ["Ben", "Board", 4],
    ],
    "Connections": [["From", "To"], ["Ann", "Ben"]],
    "Empty": [],
}


def test_mutation_a_kumu_workbook_within_its_limits_imports_and_beyond_is_refused():
    book = _workbook(KUMU)
    # three columns: exactly at the limit
    change = build_change([("k.xlsx", book)], limits=ImportLimits(max_columns=3))
    assert sorted(change.stakeholders.column("id").to_pylist()) == ["Ann", "Ben"]
    assert change.touchpoints.num_rows == 1
    assert _refusal([("k.xlsx", book)], limits=ImportLimits(max_columns=2))[0] == (
        "k.xlsx [Elements]",
        1,
        None,
        "more than 2 columns",
    )
    # three rows in the sheets (the blank one does not count) fit a limit of three there;
    # the total then counts the two groups the Type column makes as well
    assert _refusal([("k.xlsx", book)], limits=ImportLimits(max_rows=3)) == [
        (None, None, None, "more than 3 rows in all; split the import")
    ]
    assert _refusal([("k.xlsx", book)], limits=ImportLimits(max_rows=2)) == [
        ("k.xlsx [Connections]", 2, None, "more than 2 rows; split the import"),
        (None, None, None, "more than 2 rows in all; split the import"),
    ]
    # a header with blank cells after it is that header
    padded = _workbook({"Elements": [["Label", "Type", None, None], ["Ann", "PMO"]]})
    assert build_change(
        [("k.xlsx", padded)], limits=ImportLimits(max_columns=2)
    ).stakeholders.column("id").to_pylist() == ["Ann"]


def test_mutation_a_kumu_workbook_whose_elements_sheet_is_empty_imports_nothing():
    """Before: KeyError 'nodes' (the workbook was taken for a Polinode one)."""
    change = build_change([("k.xlsx", _workbook({"Elements": [], "Connections": []}))])
    assert (change.stakeholders.num_rows, change.touchpoints.num_rows) == (0, 0)


def test_mutation_kumu_connections_are_refused_by_row_and_column():
    book = _workbook(
        {
            "Elements": [["Label", "Type"], ["Ann", "PMO"], ["Ben", "Board"]],
            "Connections": [
                ["From", "To", "Type", "Direction", "Strength"],
                [None, "Ben", "email", "mutual", None],
                ["Ann", "Zed", "email", "mutual", None],
                ["ann", "BEN", "carrier pigeon", "sideways", None],
                ["Ann", "Ben", "One-to-one", "directed", 0.5],
            ],
        }
    )
    vehicles = (
        "meeting, one_to_one, email, newsletter, blog, intranet, chat, linkedin, "
        "event, training, community_of_practice, steering_committee, other"
    )
    assert _refusal([("k.xlsx", book)]) == [
        ("k.xlsx [Connections]", 2, "From", "no From: every connection joins two elements"),
        ("k.xlsx [Connections]", 3, "To", "'Zed' is no element's label or id"),
        (
            "k.xlsx [Connections]",
            4,
            "Type",
            f"type 'carrier pigeon' is neither a vehicle "
            f"({vehicles}) nor a kind of connection "
            "(operational, personal, strategic)",
        ),
        (
            "k.xlsx [Connections]",
            4,
            "Direction",
            "direction 'sideways' is not directed, undirected or mutual",
        ),
    ]
    # without a To column at all, the problem names the column it wanted
    no_to = _workbook({"Elements": [["Label"], ["Ann"]], "Connections": [["From"], ["Ann"]]})
    assert _refusal([("k.xlsx", no_to)]) == [
        ("k.xlsx [Connections]", 2, "To", "no To: every connection joins two elements")
    ]
    # the good row: labels matched whatever their case, the fields carried
    good = _workbook(
        {
            "Elements": [["Label", "Type"], ["Ann", "PMO"], ["Ben", "Board"]],
            "Connections": [
                ["From", "To", "Type", "Direction", "Strength"],
                ["ann", "BEN", "One-to-one", "directed", 0.5],
            ],
        }
    )
    tie = build_change([("k.xlsx", good)]).touchpoints.to_pylist()[0]
    assert (tie["source"], tie["target"], tie["vehicle"], tie["direction"], tie["strength"]) == (
        "Ann",
        "Ben",
        "one_to_one",
        "out",
        0.5,
    )


def test_mutation_an_empty_sheet_of_a_register_is_skipped():
    """Read-only openpyxl yields no row for an empty sheet (a loaded one yields a blank row,
    which would read as a sheet missing its 'id' and 'name' columns)."""
    book = _workbook({"stakeholders": [["id", "name"], ["p1", "Pat"]], "groups": []})
    change = build_change([("r.xlsx", book)])
    assert change.stakeholders.column("id").to_pylist() == ["p1"]
    assert change.groups.num_rows == 0


# -- GraphML and GEXF back in: graphkit's own files round-trip -------------------------------
from graphkit.io.graph_files import to_gexf as gexf_of
from graphkit.io.graph_files import to_graphml as graphml_of


def _document_rows(change):
    return {
        kind: sorted(getattr(change, kind).to_pylist(), key=lambda r: r["id"])
        for kind in ("groups", "stakeholders", "touchpoints")
    }


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_mutation_graphkits_graph_files_import_as_the_network_they_came_from(exported_store, fmt):
    store, _ = exported_store
    snap = store.snapshot()
    content = (graphml_of if fmt == "graphml" else gexf_of)(snap).encode()
    change = build_change([(f"n.{fmt}", content)])
    rows = _document_rows(change)
    # every stakeholder, every field
    stored = {r["id"]: r for r in snap.stakeholders.to_pylist()}
    assert {r["id"] for r in rows["stakeholders"]} == set(stored)
    for row in rows["stakeholders"]:
        for field in (
            "name",
            "group",
            "source",
            "organisation",
            "role",
            "internal",
            "is_pmo",
            "influence",
            "interest",
            "stance",
        ):
            assert row[field] == stored[row["id"]][field], (row["id"], field)
        assert json.loads(row["attributes"] or "{}") == json.loads(
            stored[row["id"]]["attributes"] or "{}"
        )
    # every touchpoint, its id and direction of travel, the broadcast to its group
    ties = {r["id"]: r for r in snap.touchpoints.to_pylist()}
    assert {r["id"] for r in rows["touchpoints"]} == set(ties)
    for row in rows["touchpoints"]:
        for field in (
            "source",
            "target",
            "target_group",
            "vehicle",
            "connection",
            "cadence_days",
            "last_contact",
            "strength",
            "direction",
        ):
            assert row[field] == ties[row["id"]][field], (row["id"], field)
    # the groups: the broadcast's as a node, the members' named by their group_name
    names = {g["id"]: g["name"] for g in snap.groups.to_pylist()}
    members = {r["group"] for r in stored.values() if r["group"]} | {"business"}
    assert {g["id"]: g["name"] for g in rows["groups"]} == {g: names[g] for g in members}


def test_mutation_graph_files_keep_the_row_limit_and_name_what_they_cannot_read(exported_store):
    store, _ = exported_store
    content = graphml_of(store.snapshot()).encode()
    size = 8 + 1 + 8  # 8 people, the broadcast's group node, 8 touchpoints
    from graphkit.io.foreign import from_graph_file

    # at the limit the file reads (the import's total then counts the groups named too)
    assert from_graph_file("n.graphml", content, ImportLimits(max_rows=size))[1] == []
    assert _refusal([("n.graphml", content)], limits=ImportLimits(max_rows=size - 1)) == [
        ("n.graphml", None, None, f"more than {size - 1:,} nodes and edges; split the import")
    ]
    for name, kind in (("x.graphml", "GraphML"), ("x.gexf", "GEXF")):
        problems = _refusal([(name, b"<not-xml")])
        assert len(problems) == 1 and problems[0][:3] == (name, None, None)
        assert problems[0][3].startswith(f"not readable as {kind}: ")
