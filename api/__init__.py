"""The graphkit HTTP service: JSON API, pages and maps (FastAPI).

Entry points: :func:`api.main.create_app`, :func:`api.server.serve`,
:func:`api.tokens.create_token`.
"""
