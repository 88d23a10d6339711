"""Every statement Neo4j runs (cypher/neo4j/ and cypher/shared/) passes Neo4j's own Cypher
parser and semantic analysis; and the loader finds a shared statement, but never one
written twice.

The check is ``tools/cypher-lint/lint.mjs`` (npm package ``@neo4j-cypher/language-support``,
``lintCypherQuery``), installed with ``npm ci --prefix tools/cypher-lint``. Without that
install the tests skip on a developer's machine and fail in CI (``CI`` set).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from graphkit.store.cypher import SHARED, statement_file, statements

ROOT = Path(__file__).resolve().parents[1]
CYPHER_ROOT = ROOT / "cypher"
LINT_DIR = ROOT / "tools" / "cypher-lint"
LINT = LINT_DIR / "lint.mjs"
PACKAGE = LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support"


def _require_linter() -> str:
    node = shutil.which("node")
    missing = []
    if node is None:
        missing.append("node is not on PATH")
    if not PACKAGE.is_dir():
        missing.append(
            "tools/cypher-lint/node_modules is missing (run: npm ci --prefix tools/cypher-lint)"
        )
    if missing:
        reason = "Cypher lint cannot run: " + "; ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(reason + " — CI must install it", pytrace=False)
        pytest.skip(reason)
    return node  # type: ignore[return-value]


def _lint(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    node = _require_linter()
    return subprocess.run(
        [node, str(LINT), *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )


def test_every_neo4j_statement_passes_neo4js_parser() -> None:
    files = sorted((CYPHER_ROOT / "neo4j").glob("*.cypher"))
    shared = sorted((CYPHER_ROOT / SHARED).glob("*.cypher"))
    assert files and shared, "no statements in cypher/neo4j/ or cypher/shared/"
    files += shared
    done = _lint()
    assert done.returncode == 0, f"cypher lint failed:\n{done.stdout}{done.stderr}"
    assert f"{len(files)} file(s) clean" in done.stdout


@pytest.mark.parametrize(
    ("cypher", "expected"),
    [
        ("MATCH (s:Stakeholder) RETRN s.id", "Invalid input 'RETRN'"),
        ("MATCH (s:Stakeholder) RETURN frobnicate(s.id) AS x", "Function frobnicate"),
        (
            "MATCH (s:Stakeholder) RETURN apoc.text.join([s.id], ',') AS x",
            "Function apoc.text.join",
        ),
        ("MATCH (s:Stakehodler) RETURN s.id", "Label Stakehodler"),
        (
            "MATCH (:Stakeholder)-[t:TOUCH_POINT]->(:Stakeholder) RETURN t.id",
            "Relationship type TOUCH_POINT",
        ),
        ("UNWIND $rowz AS r RETURN r", "Parameter $rowz"),
        ("MATCH (s:Stakeholder) RETURN t.id", "Variable `t` not defined"),
        (
            "MATCH (s:Stakeholder) RETURN s.id; MATCH (g:CustomerGroup) RETURN g.id",
            "2 statements where one is expected",
        ),
    ],
)
def test_the_lint_fails_on_a_broken_statement(cypher: str, expected: str) -> None:
    done = _lint("--stdin", stdin=cypher)
    assert done.returncode == 1, f"lint passed a broken statement:\n{done.stdout}"
    assert expected in done.stdout


def test_the_lint_fails_on_a_broken_file_and_names_it(tmp_path: Path) -> None:
    broken = tmp_path / "broken.cypher"
    broken.write_text(
        "// fine first, broken second\nMATCH (s:Stakeholder) RETURN s.id;\n"
        "UNWIND $ids AS i\nMATCH (s:Stakeholder {id: i})\n"
        "RETURN toUpperCase(s.name) AS n;\n",
        encoding="utf-8",
    )
    done = _lint(str(broken))
    assert done.returncode == 1
    assert "broken.cypher:5:" in done.stdout and "toUpperCase" in done.stdout


def test_the_lint_splits_files_as_the_loader_does(tmp_path: Path) -> None:
    # A file the loader reads as six statements is linted as six; a good one passes.
    schema = (CYPHER_ROOT / "neo4j" / "schema.cypher").read_text(encoding="utf-8")
    assert len(statements("neo4j", "schema")) == 6
    copy = tmp_path / "schema.cypher"
    copy.write_text(schema, encoding="utf-8")
    done = _lint(str(copy))
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_statement_is_the_engines_own_else_the_shared_one(tmp_path: Path) -> None:
    for folder, name in (
        ("ladybug", "own"),
        (SHARED, "shared"),
        ("ladybug", "both"),
        (SHARED, "both"),
    ):
        (tmp_path / folder).mkdir(exist_ok=True)
        (tmp_path / folder / f"{name}.cypher").write_text("RETURN 1;\n", encoding="utf-8")
    assert statement_file("ladybug", "own", tmp_path) == tmp_path / "ladybug" / "own.cypher"
    assert statement_file("ladybug", "shared", tmp_path) == tmp_path / SHARED / "shared.cypher"
    assert statement_file("neo4j", "shared", tmp_path) == tmp_path / SHARED / "shared.cypher"
    with pytest.raises(ValueError, match=r"both\.cypher is in both ladybug/ and shared/"):
        statement_file("ladybug", "both", tmp_path)


def test_no_statement_is_both_shared_and_an_engines_own() -> None:
    shared = {p.name for p in (CYPHER_ROOT / SHARED).glob("*.cypher")}
    assert shared, "no statements in cypher/shared/"
    for engine in ("ladybug", "neo4j"):
        twice = shared & {p.name for p in (CYPHER_ROOT / engine).glob("*.cypher")}
        assert not twice, f"in both cypher/{engine}/ and cypher/shared/: {sorted(twice)}"
        for name in shared:  # and the loader finds each for the engine
            assert statements(engine, name.removesuffix(".cypher"))
