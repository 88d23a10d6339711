"""The wheel ships every package of the source tree: setuptools installs only the packages
``pyproject.toml`` lists (the package-dir mapping rules out automatic discovery), so a new
subpackage left off the list works editable and breaks once installed."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# where each import package's files live in the repository
SOURCES = {
    "graphkit": ROOT / "graphkit",
    "graphkit.api": ROOT / "api",
    "graphkit.visualisations": ROOT / "visualisations",
    "graphkit.cypher": ROOT / "cypher",
}


def _packages_on_disk() -> set[str]:
    found: set[str] = set()
    for name, folder in SOURCES.items():
        for init in folder.rglob("__init__.py"):
            parts = init.parent.relative_to(folder).parts
            found.add(".".join((name, *parts)) if parts else name)
    return found


def test_every_package_of_the_source_tree_is_listed_for_the_wheel() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    missing = _packages_on_disk() - listed
    assert not missing, f"add to [tool.setuptools] packages in pyproject.toml: {sorted(missing)}"
    mapped = config["package-dir"]
    for name, folder in SOURCES.items():
        if name != "graphkit":
            assert mapped[name] == folder.name
