"""The ``graphkit`` command line: import, export, analyze, log, query, demo, serve, token.

:mod:`~graphkit.cli.commands` holds the commands (typer), :mod:`~graphkit.cli.tables`
the tables they print (rich).
"""

from graphkit.cli.commands import app

__all__ = ["app"]
