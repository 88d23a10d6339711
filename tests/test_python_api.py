"""The Python API as an analyst uses it: the README's notebook block run as it stands, on a
store and against a running server that holds the store; the map file opened in Chromium
with nothing leaving the machine; hostile names kept inert in the file."""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

import graphkit
from graphkit import demo
from graphkit.model import NetworkChange
from graphkit.store import open_store

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "api"))
from api_testkit import ADMIN, serving  # noqa: E402

CHROMIUM = os.environ.get("GRAPHKIT_CHROMIUM", "/usr/bin/chromium")
SIZE = 120


def _readme_block() -> str:
    text = (ROOT / "README.md").read_text()
    section = text[text.index("## Python API (notebooks)") :]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("notebook") / "pmo.lbug"
    with open_store(str(where)) as opened:
        opened.apply(NetworkChange(**demo.generate_tables(SIZE, as_of=dt.date.today())))
    return where


def _run_readme(store_location: str, token: str | None, folder: Path) -> dict:
    code = _readme_block()
    if token:
        code = code.replace("graphkit.open(STORE)", "graphkit.open(STORE, token=TOKEN)")
    names: dict = {"STORE": store_location, "TOKEN": token}
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        exec(compile(code, "README.md", "exec"), names)
    finally:
        os.chdir(cwd)
    return names


def _check_walkthrough(names: dict, folder: Path) -> None:
    register, report = names["register"], names["report"]
    assert isinstance(register.stakeholders, pd.DataFrame)
    assert len(register.stakeholders) == SIZE
    assert all(isinstance(a, dict) for a in register.stakeholders["attributes"])
    assert len(report.centrality) == SIZE
    assert list(names["brokers"].columns) == ["name", "betweenness"]
    assert set(names["stale"]["kind"]) <= {"stale_touchpoint"}
    per_group = names["per_group"]
    assert list(per_group.columns) == ["grp", "people"]
    members = register.stakeholders["group"].value_counts()
    by_name = dict(zip(register.groups["id"], register.groups["name"]))
    assert dict(zip(per_group["grp"], per_group["people"])) == {
        by_name[g]: n for g, n in members.items()
    }
    graph = names["graph"]
    assert isinstance(graph, nx.Graph) and graph.number_of_nodes() == SIZE
    people = register.stakeholders.set_index("id")
    for sid, data in graph.nodes(data=True):
        assert data["name"] == people.loc[sid, "name"]
    assert set(names["pmo"]) == set(people.index[people["is_pmo"]])
    assert (folder / "pmo-network-map.html").stat().st_size > 10_000


def test_the_readme_walkthrough_runs_on_a_store(store: Path, tmp_path: Path) -> None:
    names = _run_readme(str(store), None, tmp_path)
    _check_walkthrough(names, tmp_path)
    # ties: one edge per pair of stakeholders with a personal touchpoint, weights summed
    ties = names["register"].touchpoints.dropna(subset=["target"])
    pairs = {frozenset(p) for p in zip(ties["source"], ties["target"])}
    assert names["graph"].number_of_edges() == len(pairs)
    ig = names["net"].to_igraph()
    assert ig.vs["name"] == list(names["graph"].nodes)
    assert sum(ig.es["weight"]) == pytest.approx(
        sum(w for _, _, w in names["graph"].edges(data="weight"))
    )


def test_the_readme_walkthrough_runs_against_a_server_holding_the_store(
    store: Path, tmp_path: Path
) -> None:
    with serving(store) as server:
        names = _run_readme(server.url, ADMIN, tmp_path)
    _check_walkthrough(names, tmp_path)


def test_a_server_needs_its_token() -> None:
    with pytest.raises(ValueError, match="token"):
        graphkit.open("http://127.0.0.1:1")


HOSTILE = '</script><script>window.pwned=1</script><!-- "quoted" & <b>bold</b>'


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM}")
def test_the_map_file_draws_every_stakeholder_offline_and_keeps_names_inert(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    tables = demo.generate_tables(40, as_of=dt.date.today())
    people = tables["stakeholders"].to_pylist()
    people[3]["name"] = HOSTILE
    import pyarrow as pa

    tables["stakeholders"] = pa.Table.from_pylist(people, schema=tables["stakeholders"].schema)
    where = tmp_path / "pmo.lbug"
    with open_store(str(where)) as opened:
        opened.apply(NetworkChange(**tables))
    out = graphkit.open(str(where)).map().save(tmp_path / "map.html")
    requests: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.goto(out.as_uri())
        page.wait_for_function("document.querySelector('#gk-map canvas') !== null")
        nodes = page.evaluate(
            "JSON.parse(document.getElementById('gk-data').textContent).nodes.length"
        )
        pwned = page.evaluate("window.pwned === 1")
        browser.close()
    assert nodes == 40
    assert not pwned
    outside = [u for u in requests if not u.startswith(("file:", "data:", "about:", "blob:"))]
    assert not outside, outside
