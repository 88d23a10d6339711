"""Files of other tools in (Kumu, Polinode, GraphML and GEXF as Gephi and NetworkX write
them), and ready maps out (GraphML/GEXF with colours, sizes, positions and metrics; an XLSX
with the analysis), through the same all-or-nothing import."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import networkx as nx
import openpyxl
import pytest
from import_kit import import_paths, refused, workbook

from graphkit import io as network_io
from graphkit import model
from graphkit.analysis.options import AnalysisOptions
from graphkit.analysis.report import Analysis
from graphkit.io.writers import to_json
from graphkit.store import NetworkChange, open_store

AS_OF = dt.date(2026, 6, 1)


_import, _refused = import_paths, refused


def _workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    path.write_bytes(workbook(sheets))
    return path


# --- headers and choices in any case -------------------------------------------------------


def test_headers_and_choices_are_read_in_any_case(store, tmp_path):
    (tmp_path / "stakeholders.csv").write_text(
        "ID,Name,Is PMO,Stance,Source,Desk\nann,Ann,yes,Champion,Delivery Team,3F\n"
        "bob,Bob,no,SCEPTIC,sponsor,\n"
    )
    (tmp_path / "touchpoints.csv").write_text(
        "Source,Target,Vehicle,Connection,Cadence Days,Direction\n"
        "ann,bob,Meeting,Strategic,7,Both\nann,bob,One to one,personal,14,OUT\n"
    )
    _import(store, tmp_path / "stakeholders.csv", tmp_path / "touchpoints.csv")
    people = {r["id"]: r for r in store.snapshot().stakeholders.to_pylist()}
    assert people["ann"]["is_pmo"] and people["ann"]["stance"] == "champion"
    assert people["ann"]["source"] == "delivery_team"
    assert json.loads(people["ann"]["attributes"]) == {"Desk": "3F"}  # kept as written
    ties = {r["id"]: r for r in store.snapshot().touchpoints.to_pylist()}
    assert set(ties) == {"ann|bob|meeting", "ann|bob|one_to_one"}
    assert ties["ann|bob|one_to_one"]["direction"] == "out"
    assert ties["ann|bob|meeting"]["connection"] == "strategic"


def test_a_choice_that_is_none_is_refused_by_name(store, tmp_path):
    (tmp_path / "stakeholders.csv").write_text("id,name\nann,Ann\nbob,Bob\n")
    (tmp_path / "touchpoints.csv").write_text("source,target,vehicle\nann,bob,Carrier pigeon\n")
    problems = _refused(store, tmp_path / "stakeholders.csv", tmp_path / "touchpoints.csv")
    assert [(p["row"], p["field"]) for p in problems] == [(2, "vehicle")]
    assert "Carrier pigeon" in problems[0]["message"]


# --- Kumu ----------------------------------------------------------------------------------

KUMU_ELEMENTS = [
    ["Label", "Type", "Description", "Tags", "Influence", "Stance"],
    ["Ann Archer", "PMO", "Runs the PMO", "pmo | lead", 5, "Champion"],
    ["Ben Brook", "Senior Leadership", "COO", "sponsor", 5, "supporter"],
    ["Cat Cole", "Delivery", "", "", 3, ""],
    ["Dee Dunn", "Delivery", "", "", None, None],
]
KUMU_CONNECTIONS = [
    ["From", "To", "Type", "Direction", "Strength"],
    ["Ann Archer", "Ben Brook", "Steering committee", "mutual", 0.8],
    ["Ann Archer", "cat cole", "One-to-one", "directed", None],
    ["Cat Cole", "Dee Dunn", "Operational", "undirected", None],
]


def test_a_kumu_workbook_imports(store, tmp_path):
    path = _workbook(
        tmp_path / "kumu.xlsx",
        {"Elements": KUMU_ELEMENTS, "Connections": KUMU_CONNECTIONS, "Loops": [["Name"]]},
    )
    summary = _import(store, path)
    assert summary.created["stakeholders"] == 4 and summary.created["touchpoints"] == 3
    snap = store.snapshot()
    people = {r["id"]: r for r in snap.stakeholders.to_pylist()}
    assert people["Ann Archer"]["group"] == "pmo" and people["Ben Brook"]["influence"] == 5
    assert json.loads(people["Ann Archer"]["attributes"]) == {
        "Description": "Runs the PMO",
        "Tags": "pmo;lead",
    }
    assert {g["id"]: g["name"] for g in snap.groups.to_pylist()} == {
        "pmo": "PMO",
        "senior-leadership": "Senior Leadership",
        "delivery": "Delivery",
    }
    ties = {(t["source"], t["target"]): t for t in snap.touchpoints.to_pylist()}
    assert ties[("Ann Archer", "Ben Brook")]["vehicle"] == "steering_committee"
    assert ties[("Ann Archer", "Ben Brook")]["strength"] == 0.8
    assert ties[("Ann Archer", "Cat Cole")]["direction"] == "out"  # a label in any case
    assert ties[("Cat Cole", "Dee Dunn")]["connection"] == "operational"
    assert not _import(store, path).changed_anything  # the same workbook again: nothing


def test_kumu_types_name_stored_groups_without_renaming_them(store, tmp_path):
    store.apply(
        NetworkChange(
            groups=model.to_table(
                "groups", [model.CustomerGroup(id="delivery", name="Delivery Teams & Managers")]
            )
        )
    )
    path = _workbook(tmp_path / "kumu.xlsx", {"Elements": KUMU_ELEMENTS[:1] + KUMU_ELEMENTS[3:]})
    _import(store, path)
    groups = {g["id"]: g["name"] for g in store.snapshot().groups.to_pylist()}
    assert groups["delivery"] == "Delivery Teams & Managers"


def test_what_a_kumu_workbook_cannot_map_is_named(store, tmp_path):
    path = _workbook(
        tmp_path / "kumu.xlsx",
        {
            "Elements": KUMU_ELEMENTS,
            "Connections": [
                ["From", "To", "Type", "Direction"],
                ["Ann Archer", "Zed Zimmer", "meeting", ""],
                ["Ann Archer", "Ben Brook", "friendship", "mutual"],
                ["Ben Brook", "Cat Cole", "email", "sideways"],
                ["Cat Cole", "Dee Dunn", "email", "mutual"],
            ],
        },
    )
    problems = _refused(store, path)
    where = {(p["file"], p["row"], p["field"]) for p in problems}
    sheet = f"{path} [Connections]"
    assert where == {(sheet, 2, "To"), (sheet, 3, "Type"), (sheet, 4, "Direction")}
    assert any("'Zed Zimmer' is no element" in p["message"] for p in problems)
    assert any("'friendship' is neither a vehicle" in p["message"] for p in problems)


# --- Polinode --------------------------------------------------------------------------------


def test_a_polinode_workbook_imports(store, tmp_path):
    path = _workbook(
        tmp_path / "polinode.xlsx",
        {
            "Nodes": [
                ["Name", "Organisation", "Department"],
                ["Ann", "Acme", "PMO"],
                ["Bob", "Acme", "Finance"],
                ["Cy", "Beta", "Sales"],
            ],
            "Edges": [
                ["Source", "Target", "Type", "Weight"],
                ["Ann", "Bob", "Email", 3],
                ["Bob", "Cy", "meeting", 1],
            ],
        },
    )
    _import(store, path)
    snap = store.snapshot()
    people = {r["id"]: r for r in snap.stakeholders.to_pylist()}
    assert people["Ann"]["organisation"] == "Acme"
    assert json.loads(people["Cy"]["attributes"]) == {"Department": "Sales"}
    assert sorted(snap.touchpoints["id"].to_pylist()) == ["Ann|Bob|email", "Bob|Cy|meeting"]


# --- GraphML and GEXF from other tools ---------------------------------------------------------

GEPHI_GRAPHML = """<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
<key attr.name="label" attr.type="string" for="node" id="label"/>
<key attr.name="Edge Label" attr.type="string" for="edge" id="edgelabel"/>
<key attr.name="weight" attr.type="double" for="edge" id="weight"/>
<key attr.name="Modularity Class" attr.type="int" for="node" id="modularity_class"/>
<key attr.name="r" attr.type="int" for="node" id="r"/>
<key attr.name="g" attr.type="int" for="node" id="g"/>
<key attr.name="b" attr.type="int" for="node" id="b"/>
<key attr.name="x" attr.type="float" for="node" id="x"/>
<key attr.name="y" attr.type="float" for="node" id="y"/>
<key attr.name="size" attr.type="float" for="node" id="size"/>
<graph edgedefault="directed">
<node id="n0"><data key="label">Myriel</data><data key="modularity_class">0</data>
<data key="size">28.7</data><data key="r">245</data><data key="g">91</data><data key="b">91</data>
<data key="x">-418.1</data><data key="y">-5.8</data></node>
<node id="n1"><data key="label">Napoleon</data><data key="modularity_class">0</data></node>
<node id="n2"><data key="label">Mlle.Baptistine</data><data key="modularity_class">1</data></node>
<edge id="0" source="n1" target="n0"><data key="weight">1.0</data></edge>
<edge id="1" source="n2" target="n0"><data key="weight">8.0</data></edge>
</graph>
</graphml>
"""

GEPHI_GEXF = """<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" version="1.3" xmlns:viz="http://gexf.net/1.3/viz">
  <meta lastmodifieddate="2026-01-05"><creator>Gephi 0.10.1</creator></meta>
  <graph defaultedgetype="undirected" mode="static">
    <attributes class="node" mode="static">
      <attribute id="modularity_class" title="Modularity Class" type="integer"/>
      <attribute id="role" title="Role" type="string"/>
    </attributes>
    <nodes>
      <node id="a" label="Ada">
        <attvalues><attvalue for="modularity_class" value="0"/><attvalue for="role" value="Sponsor"/></attvalues>
        <viz:size value="10.0"/><viz:position x="1.0" y="2.0"/><viz:color r="10" g="20" b="30"/>
      </node>
      <node id="b" label="Bea"><attvalues><attvalue for="modularity_class" value="1"/></attvalues></node>
      <node id="c" label="Cai"/>
    </nodes>
    <edges>
      <edge id="0" source="a" target="b" weight="2.0"/>
      <edge id="1" source="b" target="c" weight="1.0"/>
    </edges>
  </graph>
</gexf>
"""


def test_a_gephi_graphml_imports(store, tmp_path):
    path = tmp_path / "lesmis.graphml"
    path.write_text(GEPHI_GRAPHML)
    _import(store, path)
    snap = store.snapshot()
    people = {r["id"]: r for r in snap.stakeholders.to_pylist()}
    assert people["n0"]["name"] == "Myriel"
    # the tool's own columns are kept; its drawing is not register data
    assert json.loads(people["n0"]["attributes"]) == {"Modularity Class": "0"}
    ties = {t["id"]: t for t in snap.touchpoints.to_pylist()}
    assert set(ties) == {"n1|n0|meeting", "n2|n0|meeting"}  # the file's edge ids are its own
    assert {t["direction"] for t in ties.values()} == {"out"}  # a directed file


def test_a_gephi_gexf_imports(store, tmp_path):
    path = tmp_path / "gephi.gexf"
    path.write_text(GEPHI_GEXF)
    _import(store, path)
    people = {r["id"]: r for r in store.snapshot().stakeholders.to_pylist()}
    assert people["a"]["name"] == "Ada" and people["a"]["role"] == "Sponsor"
    assert json.loads(people["b"]["attributes"]) == {"Modularity Class": "1"}
    assert store.counts().touchpoints == 2


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_networkx_written_reference_networks_import(store, tmp_path, fmt):
    graph = nx.florentine_families_graph()
    nx.set_node_attributes(graph, {n: n.upper() for n in graph}, "label")
    path = tmp_path / f"florentine.{fmt}"
    (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(graph, path)
    _import(store, path)
    snap = store.snapshot()
    assert sorted(snap.stakeholders["id"].to_pylist()) == sorted(graph.nodes)
    assert store.counts().touchpoints == graph.number_of_edges()


def test_a_broken_graph_file_is_refused_with_its_name(store, tmp_path):
    path = tmp_path / "broken.gexf"
    path.write_text("<gexf><graph><nodes><node id='a'")
    problems = _refused(store, path)
    assert problems[0]["file"] == str(path) and "not readable as GEXF" in problems[0]["message"]


def test_a_graph_file_edge_to_nobody_is_refused(store, tmp_path):
    graph = nx.Graph()
    graph.add_node("a", label="A", stance="Friend")
    graph.add_edge("a", "b")
    path = tmp_path / "bad.graphml"
    nx.write_graphml(graph, path)
    problems = _refused(store, path)
    where = {(p["file"], p["row"], p["field"]) for p in problems}
    assert (f"{path} (nodes)", 1, "stance") in where


# --- what graphkit writes ------------------------------------------------------------------------


@pytest.fixture
def demo_snapshot(tmp_path):
    from graphkit.demo import generate_tables

    with open_store(str(tmp_path / "demo.lbug")) as store:
        store.apply(NetworkChange(**generate_tables(size=60, seed=3, as_of=AS_OF)))
        yield store.snapshot()


def test_the_gexf_we_write_is_a_ready_map_in_networkx(demo_snapshot, tmp_path):
    out = network_io.export_network(
        demo_snapshot, "gexf", tmp_path / "map.gexf", options=AnalysisOptions(as_of=AS_OF)
    )
    graph = nx.read_gexf(out)
    people = demo_snapshot.stakeholders.to_pylist()
    for node, data in graph.nodes(data=True):
        viz = data["viz"]
        assert {"r", "g", "b"} <= set(viz["color"]) and viz["size"] > 0, node
        assert {"x", "y"} <= set(viz["position"]), node
    centrality = {
        r["id"]: r for r in Analysis(demo_snapshot, AnalysisOptions(as_of=AS_OF)).part("centrality")
    }
    for person in people:
        data = graph.nodes[person["id"]]
        assert data["label"] == person["name"]
        for metric in (
            "degree",
            "betweenness",
            "closeness",
            "harmonic",
            "pagerank",
            "eigenvector",
            "weighted_degree",
        ):
            assert data[metric] == pytest.approx(centrality[person["id"]][metric]), metric
        assert "community" in data
    # groups that touchpoints go to are nodes of their own, in their group's colour
    broadcast_groups = {g for g in demo_snapshot.touchpoints["target_group"].to_pylist() if g}
    assert {n for n, d in graph.nodes(data=True) if d.get("kind") == "customer_group"} == {
        f"group:{g}" for g in broadcast_groups
    }
    assert graph.number_of_edges() == demo_snapshot.touchpoints.num_rows


def test_the_graphml_we_write_carries_what_gephi_draws(demo_snapshot, tmp_path):
    out = network_io.export_network(
        demo_snapshot, "graphml", tmp_path / "map.graphml", options=AnalysisOptions(as_of=AS_OF)
    )
    graph = nx.read_graphml(out, force_multigraph=True)
    for node, data in graph.nodes(data=True):
        assert {"label", "r", "g", "b", "x", "y", "size"} <= set(data), node
    weights = [d["weight"] for _, _, d in graph.edges(data=True)]
    assert len(weights) == demo_snapshot.touchpoints.num_rows and min(weights) > 0


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_what_we_write_imports_back(demo_snapshot, tmp_path, fmt):
    out = network_io.export_network(
        demo_snapshot, fmt, tmp_path / f"n.{fmt}", options=AnalysisOptions(as_of=AS_OF)
    )
    with open_store(str(tmp_path / "again.lbug")) as store:
        _import(store, out)
        again = store.snapshot()
    assert again.stakeholders.select([c for c in again.stakeholders.column_names]).sort_by(
        "id"
    ) == demo_snapshot.stakeholders.sort_by("id")
    assert again.touchpoints.sort_by("id") == demo_snapshot.touchpoints.sort_by("id")


def test_the_xlsx_export_holds_the_register_and_the_analysis(tmp_path, network_json):
    store = open_store(str(tmp_path / "x.lbug"))
    try:
        document = json.loads(network_json.read_text())
        document["stakeholders"][0]["name"] = '=HYPERLINK("http://x","y")'
        source = tmp_path / "network.json"
        source.write_text(json.dumps(document))
        _import(store, source)
        out = network_io.export_network(
            store, "xlsx", tmp_path / "n.xlsx", options=AnalysisOptions(as_of=AS_OF)
        )
        exported = to_json(store.snapshot())
    finally:
        store.close()
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [
        "groups",
        "stakeholders",
        "touchpoints",
        "contacts",
        "centrality",
        "coverage",
        "gaps",
        "plan",
        "about",
    ]
    names = [row[1] for row in book["stakeholders"].iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://x","y")' in names  # shown, never run
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"a formula in {sheet.title}!{cell.coordinate}"
    header = [c.value for c in book["centrality"][1]]
    assert header[:4] == ["id", "name", "group", "is_pmo"] and "betweenness" in header
    assert book["centrality"].max_row == 1 + len(document["stakeholders"])
    assert [c.value for c in book["coverage"][1]][:3] == ["group", "name", "members"]
    assert book["gaps"].max_row > 1 and book["plan"].max_row > 1
    with open_store(str(tmp_path / "back.lbug")) as again:  # the workbook imports back
        _import(again, out)
        assert to_json(again.snapshot()) == exported


def test_the_xlsx_export_takes_control_characters_a_worksheet_cannot_hold():
    # found by the API fuzzing: a stakeholder attribute with a control character made
    # openpyxl refuse the whole workbook (a 500 from /api/export?format=xlsx)
    import io as bytes_io

    import pyarrow as pa

    from graphkit import demo
    from graphkit.io.writers import export_bytes
    from graphkit.model import Snapshot

    tables = demo.generate_tables(30, as_of=dt.date(2026, 11, 1))
    people = tables["stakeholders"].to_pylist()
    people[0]["attributes"] = json.dumps({"note": "before\x01after\ttab"})
    tables["stakeholders"] = pa.Table.from_pylist(people, schema=tables["stakeholders"].schema)
    snapshot = Snapshot(*(tables[k] for k in ("groups", "stakeholders", "touchpoints", "contacts")))
    content, _, _ = export_bytes(
        snapshot, "xlsx", options=AnalysisOptions(as_of=dt.date(2026, 11, 1))
    )
    book = openpyxl.load_workbook(bytes_io.BytesIO(content))
    cells = [c for row in book["stakeholders"].iter_rows(values_only=True) for c in row]
    assert any(isinstance(c, str) and "before\ufffdafter\ttab" in c for c in cells)
