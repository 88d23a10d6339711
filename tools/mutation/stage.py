"""Stage the repository for a mutation run of one package.

mutmut copies the folder it mutates into ``mutants/`` and puts that folder first on
``sys.path``. Our import package ``graphkit`` is spread over the repository (``api/``,
``visualisations/`` and ``cypher/`` install as ``graphkit.api``, ``graphkit.visualisations``
and ``graphkit.cypher`` through setuptools' package-dir), so a plain copy of ``graphkit/``
would import the *unmutated* ``api/`` through the editable install. This script builds a
tree in which ``graphkit/`` is whole — the three folders copied inside it — beside
``tests/`` and a ``setup.cfg`` holding mutmut's settings for the chosen package. Python's
path finder finds ``mutants/graphkit/api`` before the editable finder is asked, so the
mutated tree wins.

Usage: ``python tools/mutation/stage.py TARGET STAGE_DIR`` (TARGET is one of TARGETS).
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Target:
    """What one mutation run mutates and which tests judge it."""

    only_mutate: tuple[str, ...]
    do_not_mutate: tuple[str, ...]
    tests: tuple[str, ...]
    # tests that cannot run under mutmut, each with its reason in TARGETS
    deselect: tuple[str, ...] = ()


# The test selection is what mutmut's stats run executes once; each mutant then runs only
# the tests that reached its function. Browser tests are left out where a package has
# faster, direct tests: they would make the stats run minutes longer for no extra kills.
TARGETS: dict[str, Target] = {
    "analysis": Target(
        # the compiled kernels (graphkit/analysis/_kernels.c) are C, which mutmut does not
        # mutate; the Python that calls them is mutated like the rest
        only_mutate=("graphkit/analysis/*",),
        do_not_mutate=(),
        tests=(
            "tests/test_analysis_centrality.py",
            "tests/test_analysis_ego.py",
            "tests/test_analysis_gaps.py",
            "tests/test_analysis_misc.py",
            "tests/test_analysis_plan.py",
            "tests/test_analysis_reach.py",
            "tests/test_analysis_coverage.py",
            "tests/test_network.py",
            "tests/test_mutation_analysis.py",
            # the server's incremental analysis (shelf.py) and the map data read it
            "tests/api/test_incremental.py",
            "tests/api/test_analysis.py",
            "tests/api/test_maps.py",
        ),
    ),
    "store": Target(
        only_mutate=("graphkit/store/*",),
        # query_worker.py runs in the worker's own process, where mutmut's record of which
        # test reaches which function does not look, so every mutant there reads "no
        # tests"; its behaviour is judged through the pool (tests/test_query_pool.py).
        # neo4j.py and gds.py need a server: mutated only when NEO4J_URI is set.
        do_not_mutate=(
            "graphkit/store/query_worker.py",
            *(
                ()
                if os.environ.get("NEO4J_URI")
                else ("graphkit/store/neo4j.py", "graphkit/store/gds.py")
            ),
        ),
        tests=(
            "tests/test_store_contract.py",
            "tests/test_store_writes.py",
            "tests/test_store_log.py",
            "tests/test_store_weight.py",
            "tests/test_all_or_nothing.py",
            "tests/test_query_guard.py",
            "tests/test_query_pool.py",
            "tests/test_mutation_store.py",
            "tests/api/test_crud.py",
            "tests/api/test_plan_and_log.py",
        ),
        # mutmut's trampoline adds frames to every call, so the guard's nesting cap (set
        # below Python's recursion limit) is reached through a deeper stack than it knows
        deselect=(
            "tests/test_query_guard.py::"
            "test_deep_nesting_and_huge_queries_are_refused_without_a_recursion_error",
        ),
    ),
    "io": Target(
        only_mutate=("graphkit/io/*",),
        do_not_mutate=(),
        tests=(
            "tests/test_io.py",
            "tests/test_interop.py",
            "tests/test_csv_safety.py",
            "tests/test_analysis_plan.py",
            "tests/test_mutation_io.py",
            "tests/test_cli.py",
            # import limits, uploads and downloads are checked through the API
            "tests/api/test_bad_input.py",
            "tests/api/test_data.py",
        ),
    ),
    "api": Target(
        only_mutate=("graphkit/api/*",),
        do_not_mutate=(),
        tests=("tests/api",),
    ),
}

# copied into graphkit/ under these names, as setuptools' package-dir maps them
INSIDE = {"api": "api", "visualisations": "visualisations", "cypher": "cypher"}


def _copy(source: Path, target: Path) -> None:
    shutil.copytree(
        source,
        target,
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "node_modules"),
    )


def stage(name: str, folder: Path) -> None:
    """Write the staged tree for target ``name`` into ``folder`` (replacing its sources,
    keeping ``mutants/`` so mutmut can resume)."""
    target = TARGETS[name]
    folder.mkdir(parents=True, exist_ok=True)
    for stale in ("graphkit", "tests", "visualisations", "tools"):
        shutil.rmtree(folder / stale, ignore_errors=True)
    _copy(ROOT / "graphkit", folder / "graphkit")
    for top, inside in INSIDE.items():
        _copy(ROOT / top, folder / "graphkit" / inside)
    _copy(ROOT / "tests", folder / "tests")
    # page tests read the static scripts through the repository layout
    _copy(ROOT / "visualisations", folder / "visualisations")
    tests = [t for t in target.tests if (folder / t).exists()]
    lines = [
        "[mutmut]",
        "source_paths = graphkit",
        "only_mutate =",
        *(f"    {p}" for p in target.only_mutate),
    ]
    if target.do_not_mutate:
        lines += ["do_not_mutate =", *(f"    {p}" for p in target.do_not_mutate)]
    lines += [
        "pytest_add_cli_args_test_selection =",
        *(f"    {t}" for t in tests),
        # -p no:cacheprovider: the stage is thrown away; -q: mutmut reads exit codes
        "pytest_add_cli_args =",
        "    -p",
        "    no:cacheprovider",
        "    -q",
        *(f"    --deselect={test}" for test in target.deselect),
        # a mutant that loops forever is killed after 15x its tests' clean time
        "timeout_multiplier = 15.0",
        # mutmut runs the tests inside mutants/: the page tests read the static
        # scripts through the repository layout
        "also_copy =",
        "    visualisations",
        # stops pytest's search for a configuration here, not in the repository's
        "[tool:pytest]",
        "addopts =",
        "",
    ]
    (folder / "setup.cfg").write_text("\n".join(lines))


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: stage.py {{{'|'.join(TARGETS)}}} STAGE_DIR")
    stage(sys.argv[1], Path(sys.argv[2]))
