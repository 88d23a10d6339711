"""Import and export: exact round trips, idempotence, and refusals that name file, row, field."""

from __future__ import annotations

import io
import json
import zipfile

import networkx as nx
import openpyxl
import pytest
from import_kit import import_paths, refused

from graphkit import io as network_io
from graphkit.io.writers import export_bytes, to_json
from graphkit.store import open_store

_import = import_paths


def test_a_json_document_round_trips_exactly(store, network_json, tmp_path):
    _import(store, network_json)
    out = network_io.export_network(store, "json", tmp_path / "out.json")
    assert out.read_text() == network_json.read_text()


def test_importing_twice_changes_nothing(store, network_json):
    first = _import(store, network_json)
    assert first.created == {"groups": 5, "stakeholders": 8, "touchpoints": 7, "contacts": 0}
    before = store.snapshot()
    second = _import(store, network_json)
    assert not second.changed_anything
    assert store.snapshot() == before


def test_csv_folder_round_trips_to_the_same_network(store, network_json, tmp_path):
    _import(store, network_json)
    folder = network_io.export_network(store, "csv", tmp_path / "csv")
    assert sorted(p.name for p in folder.iterdir()) == [
        "contacts.csv",
        "groups.csv",
        "stakeholders.csv",
        "touchpoints.csv",
    ]
    # Attributes become columns of their own, as a register would have them.
    header = (folder / "stakeholders.csv").read_text().splitlines()[0].split(",")
    assert {"email", "location"} <= set(header)
    other = open_store(str(tmp_path / "other.lbug"))
    try:
        _import(other, folder)
        assert to_json(other.snapshot()) == network_json.read_text()
        # The files one by one are the same as the folder.
        assert not _import(other, *sorted(folder.iterdir())).changed_anything
    finally:
        other.close()


def test_xlsx_workbook_imports_the_same_network(store, network_json, tmp_path):
    document = json.loads(network_json.read_text())
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for kind, rows in document.items():
        if not rows:
            continue
        sheet = workbook.create_sheet(kind)
        columns = [c for c in rows[0] if c != "attributes"]
        extra = sorted({k for r in rows for k in r.get("attributes", {})})
        sheet.append(columns + extra)
        for row in rows:
            cells = [";".join(row[c]) if isinstance(row[c], list) else row[c] for c in columns]
            sheet.append(cells + [row.get("attributes", {}).get(k) for k in extra])
    path = tmp_path / "register.xlsx"
    workbook.save(path)
    _import(store, path)
    assert to_json(store.snapshot()) == network_json.read_text()


_refusal = refused


def test_a_dangling_touchpoint_is_refused_by_file_row_and_field(store, network_json, tmp_path):
    document = json.loads(network_json.read_text())
    document["touchpoints"].append({"source": "pmo-ana", "target": "ghost"})
    path = tmp_path / "dangling.json"
    path.write_text(json.dumps(document))
    problems = _refusal(store, path)
    assert len(problems) == 1
    problem = problems[0]
    assert problem["file"].endswith("dangling.json (touchpoints)")
    assert (problem["row"], problem["field"]) == (8, "target")
    assert "ghost" in problem["message"]


def test_every_problem_is_reported_not_only_the_first(store, tmp_path):
    (tmp_path / "stakeholders.csv").write_text(
        "id,name,influence,stance,is_pmo\n"
        "a,Ann,3,champion,yes\n"
        "b,Bob,7,supporter,no\n"  # influence out of range
        "a,Ann again,2,neutral,no\n"  # duplicate id
        "c,Cy,2,fan,maybe\n"
    )  # unknown stance, not a boolean
    (tmp_path / "touchpoints.csv").write_text(
        "source,target,vehicle,cadence_days,last_contact\n"
        "a,b,meeting,7,2026-13-01\n"  # bad date
        "a,zed,carrier_pigeon,7,\n"
    )  # dangling and unknown vehicle
    problems = _refusal(store, tmp_path / "stakeholders.csv", tmp_path / "touchpoints.csv")
    found = {(p["file"].rsplit("/", 1)[-1], p["row"], p["field"]) for p in problems}
    assert {
        ("stakeholders.csv", 3, "influence"),
        ("stakeholders.csv", 4, "id"),
        ("stakeholders.csv", 5, "stance"),
        ("stakeholders.csv", 5, "is_pmo"),
        ("touchpoints.csv", 2, "last_contact"),
        ("touchpoints.csv", 3, "vehicle"),
    } <= found


def test_a_missing_column_is_named(store, tmp_path):
    (tmp_path / "stakeholders.csv").write_text("id,full_name\nx,Someone\n")
    problems = _refusal(store, tmp_path / "stakeholders.csv")
    assert [(p["row"], p["field"]) for p in problems] == [(1, "name")]
    assert "missing column 'name'" in problems[0]["message"]


def test_a_touchpoint_may_name_a_stakeholder_already_stored(store, network_json, tmp_path):
    _import(store, network_json)
    (tmp_path / "touchpoints.csv").write_text("source,target,vehicle\nbiz-hal,pmo-ben,chat\n")
    summary = _import(store, tmp_path / "touchpoints.csv")
    assert summary.created["touchpoints"] == 1


def test_default_groups_are_added_on_request(store, tmp_path):
    (tmp_path / "stakeholders.csv").write_text("id,name,group\na,Ann,leadership\n")
    problems = _refusal(store, tmp_path / "stakeholders.csv")
    assert problems[0]["field"] == "group"
    summary = _import(store, tmp_path / "stakeholders.csv", default_groups=True)
    assert summary.created == {"groups": 5, "stakeholders": 1, "touchpoints": 0, "contacts": 0}


def test_graphml_and_gexf_open_in_networkx(loaded_store, tmp_path):
    graphml = network_io.export_network(loaded_store, "graphml", tmp_path / "n.graphml")
    graph = nx.read_graphml(graphml)
    assert graph.number_of_nodes() == 8 and graph.number_of_edges() == 7
    assert graph.nodes["pmo-ana"]["group"] == "delivery"
    assert graph.nodes["pmo-ana"]["is_pmo"] is True
    gexf = network_io.export_network(loaded_store, "gexf", tmp_path / "n.gexf")
    graph = nx.read_gexf(gexf)
    assert graph.number_of_nodes() == 8 and graph.number_of_edges() == 7
    assert graph.nodes["spon-cara"]["label"] == "Cara Lind"
    weights = sorted(d["weight"] for _, _, d in graph.edges(data=True))
    assert weights[-1] == pytest.approx(0.6 * 30 / 2)


def test_export_bytes_csv_is_a_zip_of_four_files(loaded_store):
    content, media_type, name = export_bytes(loaded_store.snapshot(), "csv")
    assert media_type == "application/zip" and name.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert sorted(archive.namelist()) == [
            "contacts.csv",
            "groups.csv",
            "stakeholders.csv",
            "touchpoints.csv",
        ]
