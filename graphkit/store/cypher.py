"""Cypher statements live in ``cypher/<engine>/<name>.cypher`` and are loaded by name;
a statement both engines run as written lives once, in ``cypher/shared/<name>.cypher``.

Keeping them as files lets Neo4j's own parser check every statement in CI and lets a
reader see all the Cypher the tool runs in one place. User values never enter this text:
they travel as parameters.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable


def cypher_root() -> Traversable:
    """The ``cypher/`` folder: package data ``graphkit.cypher`` (installed or editable)."""
    return files("graphkit.cypher")


#: The folder of statements both engines run as written.
SHARED = "shared"


def statement_file(engine: str, name: str, root: Traversable | None = None) -> Traversable:
    """Where ``name`` is written for ``engine``: in the engine's folder, else in
    ``shared/``. A name in both is refused: which of the two runs would be a guess."""
    root = root if root is not None else cypher_root()
    own, shared = root / engine / f"{name}.cypher", root / SHARED / f"{name}.cypher"
    if own.is_file() and shared.is_file():
        raise ValueError(
            f"{name}.cypher is in both {engine}/ and {SHARED}/: keep one (shared/ holds only "
            "what both engines run as written)"
        )
    return own if own.is_file() else shared


@lru_cache
def statements(engine: str, name: str) -> tuple[str, ...]:
    """The statements of one file, comments dropped, split on a closing ``;``."""
    path = statement_file(engine, name)
    text = "\n".join(
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if not line.lstrip().startswith("//")
    )
    parts = [part.strip() for part in text.split(";\n")]
    return tuple(part.rstrip(";").strip() for part in parts if part.strip())


def statement(engine: str, name: str) -> str:
    """The single statement in ``cypher/<engine>/<name>.cypher`` (or ``shared/``)."""
    found = statements(engine, name)
    if len(found) != 1:
        raise ValueError(f"{engine}/{name}.cypher holds {len(found)} statements, expected one")
    return found[0]
