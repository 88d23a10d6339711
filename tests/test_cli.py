"""The ``graphkit`` command, run as a real process against a real store."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from command_line import graphkit
from engines import ENGINE_PARAMS, engine_location


@pytest.fixture(params=ENGINE_PARAMS)
def store_path(request, tmp_path):
    """The command line runs against each engine (tokens beside the test's files)."""
    os.environ["GRAPHKIT_TOKENS_PATH"] = str(tmp_path / "tokens.sqlite")
    yield engine_location(request.param, tmp_path)
    os.environ.pop("GRAPHKIT_TOKENS_PATH", None)


def _count(store_path) -> int:
    out = graphkit(
        store_path, "query", "MATCH (s:Stakeholder) RETURN count(s) AS n", "--format", "json"
    ).stdout
    return json.loads(out)["rows"][0][0]


def test_import_query_export(store_path, network_json, tmp_path):
    result = graphkit(store_path, "import", str(network_json))
    assert "Imported" in result.stdout
    out = graphkit(
        store_path,
        "query",
        "MATCH (s:Stakeholder) WHERE s.`group` = $g RETURN s.id ORDER BY s.id",
        "--param",
        "g=delivery",
        "--format",
        "json",
    )
    assert json.loads(out.stdout)["rows"] == [["pm-dev"], ["pmo-ana"], ["pmo-ben"]]
    graphkit(store_path, "export", str(tmp_path / "out.json"), "--format", "json")
    assert (tmp_path / "out.json").read_text() == network_json.read_text()


def test_a_write_through_query_is_refused_and_changes_nothing(store_path, network_json):
    graphkit(store_path, "import", str(network_json))
    result = graphkit(
        store_path, "query", "CREATE (:Stakeholder {id: 'x', name: 'X'})", check=False
    )
    assert result.returncode == 1
    assert "read-only" in result.stderr
    assert _count(store_path) == 8


def test_a_bad_import_exits_non_zero_and_names_the_place(store_path, tmp_path):
    (tmp_path / "touchpoints.csv").write_text("source,target\na,b\n")
    result = graphkit(store_path, "import", str(tmp_path / "touchpoints.csv"), check=False)
    assert result.returncode == 1
    assert "touchpoints.csv, row 2, field 'source'" in result.stderr
    assert "unchanged" in result.stderr
    assert _count(store_path) == 0


def test_every_command_has_help_with_its_defaults_shown(store_path):
    for command in ("import", "export", "analyze", "query", "log", "demo", "serve", "token"):
        assert "Usage" in graphkit(store_path, command, "--help").stdout
    top = graphkit(store_path, "--help").stdout
    assert "[default:" in " ".join(top.split()) and "$GRAPHKIT_STORE" in top


def test_version_and_python_dash_m(store_path):
    from graphkit import __version__

    assert graphkit(store_path, "--version").stdout.strip() == f"graphkit {__version__}"
    run = subprocess.run(
        [sys.executable, "-m", "graphkit", "--version"], capture_output=True, text=True, timeout=60
    )
    assert run.stdout.strip() == f"graphkit {__version__}"


def test_a_format_that_is_not_offered_is_refused(store_path, tmp_path):
    for args in (
        ("export", str(tmp_path / "x"), "--format", "xlsx2"),
        ("analyze", "--format", "csv"),
        ("query", "RETURN 1", "--format", "csv"),
    ):
        result = graphkit(store_path, *args, check=False)
        assert result.returncode == 2 and "Invalid value" in result.stderr, args


def test_log_moves_last_contact_on_and_keeps_history(store_path, network_json):
    graphkit(store_path, "import", str(network_json))
    log = ("log", "pmo-ana", "pm-dev", "--vehicle", "email", "--date", "2026-11-20")
    out = graphkit(store_path, *log, "--note", "Weekly status").stdout
    assert "last contact 2026-11-20" in out
    again = graphkit(store_path, *log, "--note", "Weekly status").stdout  # a double click
    assert "already logged" in again
    older = graphkit(
        store_path, "log", "pmo-ana", "pm-dev", "-v", "email", "--date", "2026-01-05"
    ).stdout
    assert "last contact 2026-11-20" in older  # history kept, last contact stays
    # a touchpoint with a whole group is logged by the group's id
    graphkit(store_path, "query", "RETURN 1")
    missing = graphkit(store_path, "log", "pmo-ana", "pm-dev", "--vehicle", "blog", check=False)
    assert missing.returncode == 1 and "add it first" in missing.stderr
    rows = json.loads(
        graphkit(
            store_path,
            "query",
            "MATCH (c:Contact) RETURN c.date, c.note ORDER BY c.date",
            "--format",
            "json",
        ).stdout
    )
    assert [r[1] for r in rows["rows"]] == ["", "Weekly status"]


def test_tokens_are_created_listed_and_revoked(store_path):
    made = graphkit(store_path, "token", "create", "--role", "editor", "--name", "lead").stdout
    assert made.strip().startswith("gk_")
    listed = graphkit(store_path, "token", "list").stdout
    assert "lead" in listed and "editor" in listed and made.strip() not in listed
    token_id = next(line.split("│")[1].strip() for line in listed.splitlines() if "lead" in line)
    assert "revoked" in graphkit(store_path, "token", "revoke", token_id).stdout
    assert graphkit(store_path, "token", "revoke", "no-such-id", check=False).returncode == 1
    bad = graphkit(store_path, "token", "create", "--role", "owner", check=False)
    assert bad.returncode == 2


def test_demo_loads_the_same_network_for_the_same_seed(store_path):
    first = graphkit(
        store_path, "demo", "--size", "60", "--seed", "3", "--as-of", "2026-11-01"
    ).stdout
    assert "60 stakeholders" in first
    again = graphkit(
        store_path, "demo", "--size", "60", "--seed", "3", "--as-of", "2026-11-01"
    ).stdout
    assert "(0 rows created, 0 updated)" in " ".join(again.split())


def test_analyze_json_has_the_keys_the_design_names(store_path, network_json):
    graphkit(store_path, "import", str(network_json))
    report = json.loads(
        graphkit(store_path, "analyze", "--format", "json", "--as-of", "2026-11-22").stdout
    )
    for key in ("network", "centrality", "reach", "gaps", "communities", "plan"):
        assert key in report
    assert {"stakeholders", "density", "potential_channels", "components"} <= set(report["network"])
    assert report["network"]["potential_channels"] == 8 * 7 // 2
    assert {row["id"] for row in report["centrality"]} == {
        "pmo-ana",
        "pmo-ben",
        "spon-cara",
        "pm-dev",
        "biz-eve",
        "ext-finn",
        "ind-gail",
        "biz-hal",
    }
    assert isinstance(report["gaps"], list) and report["gaps"]
    for gap in report["gaps"]:
        assert {"kind", "severity", "subject", "detail", "recommendation"} <= set(gap)
    # Hal has no touchpoint at all; the newsletter to Eve was last sent in June.
    kinds = {(g["kind"], tuple(g["subject"])) for g in report["gaps"]}
    assert ("isolated_stakeholder", ("biz-hal",)) in kinds
    assert any(k == "stale_touchpoint" and set(s) == {"pmo-ben", "biz-eve"} for k, s in kinds)
    assert report["gap_summary"]["total"] == len(report["gaps"])


def test_analyze_loads_only_what_the_report_needs(tmp_path):
    """``graphkit analyze`` is the command a practitioner runs most: it starts no web
    framework, no dataframe library, no sparse-matrix package and no JIT compiler (each
    a tenth to half a second of every run), nor the file readers and writers of import
    and export, and the report it streams is the report."""
    from graphkit.demo import generate_tables
    from graphkit.store import NetworkChange, open_store

    location = str(tmp_path / "light.lbug")
    store = open_store(location)
    store.apply(NetworkChange(**generate_tables(size=300, seed=3)))
    store.close()
    heavy = (
        *("pandas", "scipy", "numba", "networkx", "fastapi", "openpyxl", "httpx"),
        *("graphkit.io", "rich.progress"),
    )
    probe = (
        "import io, json, runpy, sys, contextlib\n"
        f"sys.argv = ['graphkit', '--store', {location!r}, 'analyze', '--format', 'json',"
        " '--as-of', '2026-11-01']\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    try:\n"
        "        runpy.run_module('graphkit.cli', run_name='__main__')\n"
        "    except SystemExit:\n"
        "        pass\n"
        f"print(json.dumps([m for m in {heavy!r} if m in sys.modules]))\n"
        "print(len(json.loads(out.getvalue())['centrality']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    loaded, people = done.stdout.splitlines()
    assert json.loads(loaded) == []
    assert int(people) == 300
