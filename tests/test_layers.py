"""The layers of ARCHITECTURE.md, enforced: a module may import only from its own layer or
the layers below it. Read from the source with ``ast`` (imports inside functions count too:
a lazy import is still a dependency)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = {
    "graphkit": ROOT / "graphkit",
    "graphkit.api": ROOT / "api",
    "graphkit.visualisations": ROOT / "visualisations",
}

# Lowest first. Each module (by its dotted name's prefix) belongs to the layer of the
# longest prefix listed.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("foundation", ("graphkit.files", "graphkit.json_values", "graphkit.settings")),
    ("domain", ("graphkit.model",)),
    ("network", ("graphkit.network", "graphkit.demo")),
    ("analysis", ("graphkit.analysis",)),
    # how results look (layout, colours, sizes, templates): pure, so the file exports
    # that carry a ready map (GEXF, GraphML, the map file) can use it
    ("presentation", ("graphkit.visualisations", "graphkit.map_file")),
    ("adapters", ("graphkit.store", "graphkit.io", "graphkit.tokens")),
    ("notebook", ("graphkit.notebook",)),
    ("api", ("graphkit.api",)),
    ("cli", ("graphkit.cli", "graphkit.__main__")),
]
RANK = {prefix: rank for rank, (_, prefixes) in enumerate(LAYERS) for prefix in prefixes}
# The adapters are siblings: a store does not read files, a file reader does not know the
# store. Everything both need lives in the domain below them.
SIBLINGS = {("graphkit.store", "graphkit.io"), ("graphkit.io", "graphkit.store")}


def _prefix(module: str) -> str | None:
    best = None
    for prefix in RANK:
        if (module == prefix or module.startswith(prefix + ".")) and (
            best is None or len(prefix) > len(best)
        ):
            best = prefix
    return best


def _modules() -> dict[str, Path]:
    found = {}
    for package, folder in FOLDERS.items():
        for path in folder.rglob("*.py"):
            parts = [p for p in path.relative_to(folder).with_suffix("").parts if p != "__init__"]
            found[".".join((package, *parts))] = path
    return found


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "graphkit":  # from graphkit import model
                names |= {f"graphkit.{alias.name}" for alias in node.names}
            elif node.module.startswith("graphkit."):
                names.add(node.module)
        elif isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names if alias.name.startswith("graphkit.")}
    return names


def test_every_module_has_a_layer() -> None:
    lost = [m for m in _modules() if m != "graphkit" and _prefix(m) is None]
    assert not lost, f"add these to LAYERS here and in ARCHITECTURE.md: {lost}"


def test_no_module_imports_from_a_layer_above_it() -> None:
    breaches = []
    for module, path in _modules().items():
        own = _prefix(module)
        if own is None:
            continue
        for imported in _imports(path):
            theirs = _prefix(imported)
            if theirs is None or theirs == own:
                continue
            if RANK[theirs] > RANK[own] or (own, theirs) in SIBLINGS:
                breaches.append(f"{module} imports {imported}")
    assert not breaches, "\n".join(sorted(breaches))
