"""Every Cypher statement graphkit runs, one folder per engine and ``shared/`` for what both
engines run as written; installed as package data ``graphkit.cypher`` and read with
:mod:`importlib.resources`."""
