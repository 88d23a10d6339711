"""Every CSV graphkit writes is safe to open in a spreadsheet, and reads back exactly."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pytest
from command_line import graphkit

from graphkit import io as network_io
from graphkit import model
from graphkit.analysis.plan import NewTies, Plan, PlanAction
from graphkit.io.cells import neutralise, restore
from graphkit.io.plan_files import plan_to_csv
from graphkit.store import NetworkChange

HOSTILE = ['=HYPERLINK("http://evil.example","x")', "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_formula_cell_is_neutralised_and_restored(text):
    assert neutralise(text) == "'" + text
    assert restore(neutralise(text)) == text


@pytest.mark.parametrize("text", ["Ana", "'quoted'", "", "x=1", "O'Brien"])
def test_other_text_is_left_alone(text):
    assert neutralise(text) == text and restore(text) == text


def _hostile_network() -> NetworkChange:
    people = [
        model.Stakeholder(
            id=f"s{i}",
            name=name,
            role=name,
            organisation="=cmd|'/c calc'!A0",
            attributes={"note": name},
        )
        for i, name in enumerate(HOSTILE[:4])
    ]
    ties = [model.Touchpoint(source="s0", target="s1", vehicle="email")]
    return NetworkChange.from_document(model.NetworkDocument(stakeholders=people, touchpoints=ties))


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_the_csv_export_neutralises_every_formula_and_reads_back_exactly(store, tmp_path):
    store.apply(_hostile_network())
    before = store.snapshot()
    folder = network_io.export_network(store, "csv", tmp_path / "out")
    for name in ("stakeholders.csv", "touchpoints.csv", "groups.csv"):
        for cell in _cells((folder / name).read_text()):
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (name, cell)
    # and the zip the API serves is the same files
    body, _, _ = network_io.export_bytes(before, "csv")
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        for name in archive.namelist():
            for cell in _cells(archive.read(name).decode()):
                assert not cell.startswith(("=", "+", "-", "@")), (name, cell)
    change = network_io.load_paths([folder])
    assert store.apply(change).changed_anything is False  # exactly what is stored


def test_the_plan_csv_neutralises_formulas():
    action = PlanAction(
        id="a-1",
        kind="stale_touchpoint",
        severity="high",
        tier=1,
        score=3.0,
        owner="p",
        owner_name="=cmd()",
        whom=("x",),
        whom_names=("@evil",),
        groups=(),
        group_names=(),
        vehicle="email",
        connection="personal",
        cadence_days=7,
        earliest=dt.date(2026, 1, 1),
        overdue_days=-3,
        action="+renew",
        why="-late",
        rank=1,
        due=dt.date(2026, 1, 2),
    )
    plan = Plan(
        as_of=dt.date(2026, 1, 1), capacity_per_week=10, actions=(action,), new_ties=NewTies(2, ())
    )
    cells = list(csv.reader(io.StringIO(plan_to_csv(plan))))[1]
    assert "'=cmd()" in cells and "'@evil" in cells and "'+renew" in cells
    assert "'-late" in cells
    assert "-3" in cells  # a number stays a number


def test_the_cli_export_neutralises_formulas(tmp_path):
    store = tmp_path / "cli.lbug"
    from graphkit.store import open_store

    with open_store(str(store)) as opened:
        opened.apply(_hostile_network())
    out = tmp_path / "export"
    graphkit(store, "export", "--format", "csv", str(out))
    text = (out / "stakeholders.csv").read_text()
    assert "'=HYPERLINK" in text and "\n=" not in text and ",=" not in text
