"""The graphkit HTTP service: JSON API, pages and maps (FastAPI).

Entry points: :func:`graphkit.api.main.create_app`, :func:`graphkit.api.server.serve`;
API tokens live in :mod:`graphkit.tokens`, shared with the CLI.
"""
