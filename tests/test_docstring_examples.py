"""Every docstring's Examples in graphkit run, as NetworkX's do: a docstring that shows a
call shows one that works and answers what it says."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import graphkit


def _modules() -> list[str]:
    names = ["graphkit"]
    for info in pkgutil.walk_packages(graphkit.__path__, "graphkit."):
        # __main__ runs the CLI; the api, visualisations and cypher subpackages are checked
        # by their own tests (pages, Cypher lint)
        if info.name.endswith("__main__") or info.name.startswith(
            ("graphkit.api", "graphkit.visualisations", "graphkit.cypher")
        ):
            continue
        names.append(info.name)
    return names


MODULES = _modules()


def test_the_examples_are_found() -> None:
    found = sum(
        len(t.examples)
        for name in MODULES
        for t in doctest.DocTestFinder().find(importlib.import_module(name))
    )
    assert found >= 30  # a docstring losing its Examples shows here


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(
        module,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        verbose=False,
        report=False,
    )
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
