"""mypy --strict over the whole import package, ``graphkit.api`` and
``graphkit.visualisations`` included.

setuptools installs ``api/`` and ``visualisations/`` as ``graphkit.api`` and
``graphkit.visualisations`` (package-dir), and the editable install finds them through an
import hook, which mypy cannot follow: run on the folders, mypy would check ``api`` as a
package of its own and see every ``graphkit.api`` import as a missing module (``Any``). So
this builds ``build/typecheck/graphkit/``, links to the folders laid out as they install,
and has mypy check the package from there; paths in its messages are the repository's.

Usage: ``python tools/typecheck.py [mypy options]`` (settings from pyproject.toml).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from mypy import api

ROOT = Path(__file__).resolve().parents[1]
TREE = ROOT / "build" / "typecheck"
# a cache of its own: `mypy graphkit` run by hand sees no graphkit.api, and must not share
CACHE = ROOT / "build" / "typecheck-cache"
# the folders that install inside graphkit/ (pyproject.toml, [tool.setuptools.package-dir])
MAPPED = {"api": ROOT / "api", "visualisations": ROOT / "visualisations", "cypher": ROOT / "cypher"}


def build_tree() -> Path:
    """``build/typecheck/graphkit/``: graphkit's own entries and the mapped folders, linked."""
    package = TREE / "graphkit"
    if TREE.exists():
        shutil.rmtree(TREE)
    package.mkdir(parents=True)
    entries = {p.name: p for p in (ROOT / "graphkit").iterdir() if p.name != "__pycache__"}
    for name, target in {**entries, **MAPPED}.items():
        (package / name).symlink_to(target, target_is_directory=target.is_dir())
    return package


def real_paths(text: str) -> str:
    """mypy's messages name the linked paths; name the repository's files instead."""
    linked = f"{TREE.relative_to(ROOT)}/graphkit/"
    for name in MAPPED:
        text = text.replace(f"{linked}{name}/", f"{name}/")
    return text.replace(linked, "graphkit/")


def main(argv: list[str]) -> int:
    build_tree()
    os.chdir(ROOT)
    os.environ["MYPYPATH"] = str(TREE.relative_to(ROOT))
    out, err, status = api.run(["--cache-dir", str(CACHE), *argv, "-p", "graphkit"])
    sys.stdout.write(real_paths(out))
    sys.stderr.write(real_paths(err))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
