"""Interactive network maps and the pages that show them.

Node and edge options are built with pyvis (``pyvis.node.Node``/``pyvis.edge.Edge``, options
from ``pyvis.network.Network``) and rendered through this package's own Jinja2 templates;
vis-network itself is served by the app from ``visualisations/static/vendor/`` (copied
from the pyvis package, licence notes kept; third-party files live under ``vendor/``), so
no page fetches anything from the internet.
"""
