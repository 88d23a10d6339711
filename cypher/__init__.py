"""Every Cypher statement graphkit runs, one folder per engine; installed as package data
``graphkit.cypher`` and read with :mod:`importlib.resources`."""
