"""The Python API for analysts: :func:`open` a PMO network, read it as DataFrames, analyse
it, query it, hand it to NetworkX or igraph, and draw its map.

A location is a Ladybug store path, a ``bolt://``/``neo4j://`` URI, or the URL of a
running ``graphkit serve`` with a token — the last so that a notebook works while the
server holds the store's file. A local store is opened for each call and closed again, so a
notebook never keeps the file from the server either.

Examples
--------
>>> import graphkit, tempfile, os
>>> from graphkit import demo
>>> from graphkit.model import NetworkChange
>>> from graphkit.store import open_store
>>> where = os.path.join(tempfile.mkdtemp(), "pmo.lbug")
>>> with open_store(where) as store:
...     _ = store.apply(NetworkChange(**demo.generate_tables(60)))
>>> net = graphkit.open(where)
>>> frames = net.snapshot()
>>> len(frames.stakeholders)
60
>>> names = frames.stakeholders.set_index("id")["name"]
>>> net.to_networkx().nodes["s00001"]["name"] == names["s00001"]
True
"""

from __future__ import annotations

import builtins
import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from graphkit.model import NETWORK_KINDS, Snapshot

if TYPE_CHECKING:
    import igraph
    import networkx
    import pandas

    from graphkit.map_file import NetworkMap
    from graphkit.store.port import NetworkStore

__all__ = ["AnalysisFrames", "NetworkFrames", "PmoNetwork", "open"]

_SERVER_SCHEMES = ("http://", "https://")


@dataclass(frozen=True)
class NetworkFrames:
    """The register as DataFrames, one per kind (``attributes`` as dicts)."""

    groups: pandas.DataFrame
    stakeholders: pandas.DataFrame
    touchpoints: pandas.DataFrame
    contacts: pandas.DataFrame


@dataclass(frozen=True)
class AnalysisFrames:
    """The analysis report: ``report`` as ``graphkit analyze --format json`` prints it, and
    its tables as DataFrames (one row per stakeholder, gap, action or community member)."""

    report: dict[str, Any]
    centrality: pandas.DataFrame = field(repr=False)
    gaps: pandas.DataFrame = field(repr=False)
    plan: pandas.DataFrame = field(repr=False)
    communities: pandas.DataFrame = field(repr=False)


class PmoNetwork:
    """One PMO network, wherever it is kept (see :func:`open`)."""

    def __init__(self, location: str, *, token: str | None = None) -> None:
        self.location = location
        self.token = token
        self._remote = location.startswith(_SERVER_SCHEMES)
        if self._remote and not token:
            raise ValueError(f"{location} is a server: give its API token (token=...)")

    def __repr__(self) -> str:
        return f"PmoNetwork({self.location!r})"

    # -- where the data comes from ---------------------------------------------------------
    @contextmanager
    def _store(self) -> Iterator[NetworkStore]:
        from graphkit.store import open_store

        with open_store(self.location) as store:
            yield store

    def _get(self, path: str, **params: Any) -> Any:
        import httpx

        answer = httpx.get(
            self.location.rstrip("/") + path,
            params=params,
            timeout=600,
            headers={"Authorization": f"Bearer {self.token}"},
        )
        answer.raise_for_status()
        return answer

    def _snapshot(self) -> Snapshot:
        if not self._remote:
            with self._store() as store:
                return store.snapshot()
        from graphkit.io import load_files

        document = self._get("/api/export", format="json").content
        change = load_files([("export.json", document)])
        return Snapshot(*(change.table(kind) for kind in NETWORK_KINDS))

    # -- what an analyst asks --------------------------------------------------------------
    def snapshot(self) -> NetworkFrames:
        """The register as DataFrames."""
        snapshot = self._snapshot()
        frames = {kind: snapshot.table(kind).to_pandas() for kind in NETWORK_KINDS}
        people = frames["stakeholders"]
        if "attributes" in people:
            people["attributes"] = [
                json.loads(a) if isinstance(a, str) and a else {} for a in people["attributes"]
            ]
        return NetworkFrames(**frames)

    def analyze(self, as_of: dt.date | None = None) -> AnalysisFrames:
        """Centrality, reach, gaps, communities and the plan, as of a day (today)."""
        if self._remote:
            params = {"as_of": as_of.isoformat()} if as_of else {}
            report: dict[str, Any] = self._get("/api/analysis", **params).json()
        else:
            from graphkit.analysis.options import AnalysisOptions
            from graphkit.analysis.report import build_report

            options = AnalysisOptions(as_of=as_of) if as_of else AnalysisOptions()
            report = build_report(self._snapshot(), options)
        return _frames(report)

    def query(self, cypher: str, **params: Any) -> pandas.DataFrame:
        """A read-only Cypher query's answer (user values as ``$parameters``)."""
        import pandas as pd

        if self._remote:
            import httpx

            answer = httpx.post(
                self.location.rstrip("/") + "/api/query",
                timeout=600,
                headers={"Authorization": f"Bearer {self.token}"},
                json={"cypher": cypher, "params": params},
            )
            answer.raise_for_status()
            body = answer.json()
            return pd.DataFrame(body["rows"], columns=body["columns"])
        with self._store() as store:
            result = store.query(cypher, params)
        return pd.DataFrame(result.rows, columns=result.columns)

    def to_networkx(self) -> networkx.Graph[str]:
        """The personal ties as an undirected NetworkX graph: stakeholder ids as nodes (with
        ``name``, ``group``, ``is_pmo``), one edge per pair weighted by its touches a month
        (broadcasts to a whole group are not personal ties)."""
        import networkx as nx

        return _personal_ties(self._snapshot(), nx.Graph())

    def to_igraph(self) -> igraph.Graph:
        """The same graph in igraph: the stakeholder id is each vertex's ``name``."""
        import igraph as ig

        graph = self.to_networkx()
        ids = builtins.list(graph.nodes)
        index = {sid: i for i, sid in enumerate(ids)}
        out = ig.Graph(n=len(ids), edges=[(index[a], index[b]) for a, b in graph.edges])
        out.vs["name"] = ids
        for key in ("label", "group", "is_pmo"):
            out.vs[key] = [graph.nodes[sid].get(key) for sid in ids]
        out.es["weight"] = [float(data["weight"]) for _, _, data in graph.edges(data=True)]
        return out

    def map(self, *, size_by: str = "pagerank", as_of: dt.date | None = None) -> NetworkMap:
        """The interactive map: shows inline in Jupyter; ``.save(path)`` writes one
        self-contained HTML file that opens with no network access."""
        from graphkit.map_file import NetworkMap, map_html, network_map

        snapshot = self._snapshot()
        report = self.analyze(as_of).report
        data = network_map(snapshot, report, size_by=size_by)
        day = report.get("options", {}).get("as_of") or dt.date.today().isoformat()
        return NetworkMap(
            map_html(data, subtitle=f"{snapshot.stakeholders.num_rows} stakeholders, as of {day}")
        )


def open(location: str, *, token: str | None = None) -> PmoNetwork:
    """A PMO network to read and analyse from Python.

    Parameters
    ----------
    location : str
        A Ladybug store path, a ``bolt://``/``neo4j://`` URI (credentials from
        ``NEO4J_USER``/``NEO4J_PASSWORD``), or a running server's ``http(s)://`` URL.
    token : str, optional
        The API token, for a server.

    Returns
    -------
    PmoNetwork
    """
    return PmoNetwork(location, token=token)


def _personal_ties(snapshot: Snapshot, graph: networkx.Graph[str]) -> networkx.Graph[str]:
    from graphkit.network import touches_a_month

    for person in snapshot.stakeholders.to_pylist():
        graph.add_node(
            person["id"],
            name=person["name"],
            label=person["name"],
            group=person.get("group"),
            is_pmo=bool(person.get("is_pmo")),
        )
    for tie in snapshot.touchpoints.to_pylist():
        if tie.get("target") is None:
            continue  # a broadcast to a group
        weight = float(touches_a_month(tie.get("strength") or 1.0, tie["cadence_days"]))
        a, b = tie["source"], tie["target"]
        if graph.has_edge(a, b):
            graph[a][b]["weight"] += weight
            graph[a][b]["touchpoints"] += 1
        else:
            graph.add_edge(a, b, weight=weight, touchpoints=1)
    return graph


def _frames(report: dict[str, Any]) -> AnalysisFrames:
    import pandas as pd

    gaps = report.get("gaps") or {}
    plan = report.get("plan") or {}
    communities = report.get("communities") or {}
    members = [
        {"stakeholder": sid, "community": c}
        for sid, c in (communities.get("membership") or {}).items()
    ]
    return AnalysisFrames(
        report=report,
        centrality=pd.DataFrame(report.get("centrality") or []),
        gaps=pd.DataFrame(gaps.get("items") if isinstance(gaps, dict) else gaps),
        plan=pd.DataFrame(plan.get("actions") or []),
        communities=pd.DataFrame(members),
    )
