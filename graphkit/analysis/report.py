"""The whole analysis as one JSON-ready report, or any part of it alone.

``build_report(snapshot, options)`` returns a dict with the parts :data:`PARTS`;
``build_part(name, snapshot, options)`` returns one part (the API serves
``/api/analysis/<part>``). The command line prints it as tables
(:mod:`graphkit.cli.tables`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from functools import cached_property
from typing import Any, TextIO

import numpy as np

from graphkit.analysis import centrality as _centrality
from graphkit.analysis import communities as _communities
from graphkit.analysis import complexity as _complexity
from graphkit.analysis import gaps as _gaps
from graphkit.analysis import plan as _plan
from graphkit.analysis import reach as _reach
from graphkit.analysis import shelf as _shelf
from graphkit.analysis.options import AnalysisOptions
from graphkit.analysis.shelf import ResultShelf
from graphkit.json_values import json_value
from graphkit.model import Snapshot
from graphkit.network import Network, build_network

__all__ = ["PARTS", "Analysis", "assemble", "build_part", "build_report"]

PARTS = (
    "network",
    "centrality",
    "roles",
    "reach",
    "gaps",
    "communities",
    "plan",
    "complexity",
    "options",
)


class Analysis:
    """One analysis run over one network; each part computed once, on demand."""

    def __init__(
        self,
        source: Snapshot | Network,
        options: AnalysisOptions | None = None,
        plan_states: Any = None,
        shelf: ResultShelf | None = None,
    ):
        self.options = options or AnalysisOptions()
        self.plan_states = plan_states or {}
        self.shelf = shelf
        self._parts: dict[str, Any] = {}
        if isinstance(source, Network):
            self.net = source
        else:
            self.net = build_network(source, directed=self.options.directed)

    # --- heavy results, reused across analyses whose inputs are the same (shelf.py)
    HEAVY = ("centrality", "centrality_method", "roles", "reach", "communities")

    def _key(self, part: str) -> str:
        o = self.options
        if part in ("centrality", "centrality_method", "roles"):
            return (
                "c-"
                + _shelf.ties_fingerprint(self.net)
                + _shelf.digest(
                    o.centrality_budget_seconds, o.betweenness_epsilon, o.betweenness_delta, o.seed
                )[:8]
            )
        if part == "reach":
            return (
                "r-"
                + _shelf.reach_fingerprint(self.net)
                + _shelf.digest(
                    o.reach_steps,
                    o.cascade_runs,
                    o.cascade_scale,
                    o.cascade_seeds,
                    o.seed,
                    o.briefing_size,
                    o.briefing_candidates,
                )[:8]
            )
        return "g-" + _shelf.digest(
            _shelf.ties_fingerprint(self.net),
            self.net.group_index,
            self.net.group_labels,
            o.seed,
            o.community_resolution,
        )

    def ready(self, part: str) -> bool:
        """Whether a heavy part is at hand without computing (kept from an earlier
        analysis of the same ties); light parts always are."""
        if part not in self.HEAVY or part in self._parts:
            return True
        if part in ("centrality", "centrality_method", "roles") and "table" in self.__dict__:
            return True
        return self.shelf is not None and self.shelf.has(self._key(part))

    @cached_property
    def table(self) -> _centrality.CentralityTable:
        key = self._key("centrality")
        found = self.shelf.table(key) if self.shelf is not None else None
        if found is not None:
            return found
        o = self.options
        table = _centrality.centrality_table(
            self.net,
            budget_seconds=o.centrality_budget_seconds,
            epsilon=o.betweenness_epsilon,
            delta=o.betweenness_delta,
            seed=o.seed,
            threads=o.centrality_threads,
        )
        if self.shelf is not None:
            self.shelf.put_table(key, table)
        return table

    @cached_property
    def reach_index(self) -> _gaps.ReachIndex:
        """The reach graph as arrays, searched by the gaps and the plan alike."""
        return _gaps.ReachIndex(self.net)

    @cached_property
    def gap_list(self) -> list[_gaps.Gap]:
        return _gaps.find_gaps(self.net, self.options, index=self.reach_index)

    # --- parts
    @cached_property
    def _complexity(self) -> dict[str, Any]:
        return _complexity.complexity(self.net)

    def network(self) -> dict[str, Any]:
        c = self._complexity
        return {
            "stakeholders": c["stakeholders"],
            "touchpoints": c["touchpoints"],
            "ties": c["ties"],
            "groups": len(self.net.groups.ids),
            "pmo_members": int(self.net.is_pmo.sum()),
            "directed": self.net.directed,
            "density": c["density"],
            "potential_channels": c["potential_channels"],
            "components": c["components"],
            "dropped_touchpoints": self.net.dropped_touchpoints,
        }

    def centrality(self, start: int = 0, stop: int | None = None) -> list[dict[str, Any]]:
        """One row per stakeholder (those from ``start`` to ``stop`` in vertex order)."""
        net, t = self.net, self.table
        rows = slice(start, net.n if stop is None else stop)
        cols = {k: t.column(k)[rows].tolist() for k in t.MEASURES}
        ids, names = net.ids[rows].tolist(), net.name[rows].tolist()
        groups, pmo = net.group[rows].tolist(), net.is_pmo[rows].tolist()
        return [
            {
                "id": ids[i],
                "name": names[i],
                "group": groups[i],
                "is_pmo": pmo[i],
                **{k: v[i] for k, v in cols.items()},
            }
            for i in range(len(ids))
        ]

    def centrality_method(self) -> dict[str, Any]:
        """How betweenness, closeness and harmonic were computed: exact, or the estimators
        with their ε and δ (:class:`graphkit.analysis.centrality.PathMethod`)."""
        return self.table.method.as_dict()

    def roles(self) -> dict[str, Any]:
        return asdict(
            _centrality.roles(
                self.net,
                self.table,
                top=self.options.top,
                default_influence=self.options.default_influence,
            )
        )

    def reach(self) -> dict[str, Any]:
        return self._reach.as_json(self.net)

    @cached_property
    def _reach(self) -> _reach.Reach:
        o = self.options
        return _reach.reach(
            self.net,
            steps=o.reach_steps,
            runs=o.cascade_runs,
            scale=o.cascade_scale,
            seed=o.seed,
            seeds=o.cascade_seeds,
            briefing_size=o.briefing_size,
            briefing_runs=min(o.cascade_runs, 100),
            candidates=o.briefing_candidates,
        )

    def gaps(self) -> dict[str, Any]:
        gaps = self.gap_list
        shown = gaps if self.options.gap_limit is None else gaps[: self.options.gap_limit]
        return {
            "summary": _gaps.summarise(gaps),
            "items": [g.as_json() for g in shown],
            "truncated": len(shown) < len(gaps),
        }

    def communities(self) -> dict[str, Any]:
        return _communities.communities(
            self.net, seed=self.options.seed, resolution=self.options.community_resolution
        )

    @cached_property
    def ranked_actions(self) -> list[_plan.PlanAction]:
        """The plan's actions, ranked and owned, before statuses and dates."""
        return _plan.plan_actions(
            self.net, self.gap_list, self.options, score=self._plan_score, owners=self._owners
        )

    @cached_property
    def new_ties(self) -> _plan.NewTies:
        _ = self.ranked_actions  # owners' loads: the actions first
        return _plan.fewest_new_ties(
            self.net,
            owners=self._owners,
            score=self._plan_score,
            options=self.options,
            index=self.reach_index,
        )

    @cached_property
    def _owners(self) -> Any:
        return _plan._Owners(self.net, index=self.reach_index)

    @cached_property
    def _plan_score(self) -> np.ndarray:
        # PageRank from the personal ties, enough to pick whom in a group: the centrality
        # table's when it is at hand (the report computes it first), else on its own
        if self.ready("centrality"):
            return np.asarray(self.table.pagerank)
        return np.asarray(_centrality.pagerank(self.net))

    def scheduled_plan(self, states: Any = None) -> _plan.Plan:
        """The plan with ``states`` (action id → stored state) laid over it and dated."""
        new_ties = self.new_ties
        load = {
            str(self.net.ids[p]): int(self._owners.load[i]) for i, p in enumerate(self._owners.pmo)
        }
        return _plan.Plan(
            as_of=self.options.as_of,
            capacity_per_week=self.options.plan_capacity_per_week,
            actions=tuple(
                _plan.schedule(
                    self.ranked_actions,
                    self.options,
                    states if states is not None else self.plan_states,
                )
            ),
            new_ties=new_ties,
            owner_load=load,
        )

    def plan(self) -> dict[str, Any]:
        return self.scheduled_plan().as_json(limit=self.options.plan_limit)

    def complexity(self) -> dict[str, Any]:
        return self._complexity

    def options_part(self) -> dict[str, Any]:
        return self.options.reported()

    def part(self, name: str) -> Any:
        """One part, computed once (the full report and the API's parts share it); reach
        and communities come off the shelf when their inputs are unchanged."""
        if name not in PARTS and name != "centrality_method":
            raise ValueError(f"unknown analysis part {name!r}; one of {', '.join(PARTS)}")
        if name not in self._parts:
            kept = (
                self.shelf.part(self._key(name))
                if self.shelf is not None and name in ("reach", "communities")
                else None
            )
            if kept is not None:
                self._parts[name] = kept
            else:
                value = self.options_part() if name == "options" else getattr(self, name)()
                self._parts[name] = json_value(value)
                if self.shelf is not None and name in ("reach", "communities"):
                    self.shelf.put_part(self._key(name), self._parts[name])
        return self._parts[name]

    def report(self) -> dict[str, Any]:
        return assemble({name: self.part(name) for name in (*PARTS, "centrality_method")})

    def write_json(self, out: TextIO, rows_at_once: int = 5000) -> None:
        """Write :meth:`report` to ``out`` as ``json.dumps(report, ensure_ascii=False)``
        would, without holding it: the per-stakeholder lists (centrality, two-step reach)
        go out ``rows_at_once`` rows at a time, straight from the arrays. At 10^5
        stakeholders that is about 150 MB less than the report as one dict and string."""
        write = out.write
        write("{")
        for i, name in enumerate((*PARTS, "centrality_method", "gap_summary")):
            write(", " if i else "")
            write(_dumps(name) + ": ")
            if name == "centrality" and "centrality" not in self._parts:
                _write_rows(write, self.net.n, rows_at_once, self.centrality)
            elif name == "reach" and "reach" not in self._parts:
                self._write_reach(write, rows_at_once)
            elif name == "gaps":
                write(_dumps(self.part("gaps")["items"]))
            elif name == "gap_summary":
                gaps = self.part("gaps")
                write(_dumps({**gaps["summary"], "truncated": gaps["truncated"]}))
            else:
                write(_dumps(self.part(name)))
        write("}")

    def _write_reach(self, write: Callable[[str], object], rows_at_once: int) -> None:
        found, net = self._reach, self.net
        two = found.two_step
        order = np.lexsort((np.arange(net.n), -two.count))

        def ranked(start: int, stop: int) -> list[dict[str, Any]]:
            rows = order[start:stop]
            return [
                {"id": i, "name": nm, "count": c, "share": sh}
                for i, nm, c, sh in zip(
                    net.ids[rows].tolist(),
                    net.name[rows].tolist(),
                    two.count[rows].tolist(),
                    two.share[rows].tolist(),
                )
            ]

        write('{"pmo": ' + _dumps(json_value(found.pmo.as_json())) + ', "two_step": ')
        _write_rows(write, net.n, rows_at_once, ranked)
        cascade = None if found.cascade is None else found.cascade.as_json(net)
        write(', "cascade": ' + _dumps(json_value(cascade)))
        write(', "best_briefing": ' + _dumps(json_value(found.best_briefing.as_json())) + "}")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _write_rows(
    write: Callable[[str], object],
    total: int,
    rows_at_once: int,
    rows: Callable[[int, int], list[dict[str, Any]]],
) -> None:
    """A JSON list of ``total`` rows, made and written ``rows_at_once`` at a time, the
    same text as ``json.dumps`` of the whole list."""
    write("[")
    for start in range(0, total, rows_at_once):
        chunk = _dumps(json_value(rows(start, min(total, start + rows_at_once))))
        write((", " if start else "") + chunk[1:-1])
    write("]")


def assemble(parts: dict[str, Any]) -> dict[str, Any]:
    """The report from its parts (every name of :data:`PARTS` and ``centrality_method``).

    As ``graphkit analyze --format json`` prints it: the report's ``gaps`` is the list
    itself; the counts (always complete, even when the list is cut at ``gap_limit``) stand
    beside it.
    """
    out = dict(parts)
    gaps = out["gaps"]
    out["gaps"] = gaps["items"]
    out["gap_summary"] = {**gaps["summary"], "truncated": gaps["truncated"]}
    return out


def build_report(
    snapshot: Snapshot | Network, options: AnalysisOptions | None = None, plan_states: Any = None
) -> dict[str, Any]:
    """The whole analysis of a snapshot as one JSON-serialisable dict.

    Parameters
    ----------
    snapshot : Snapshot or Network
    options : AnalysisOptions, optional
        Defaults: as of today, undirected.

    Returns
    -------
    dict
        ``network``, ``centrality`` (one object per stakeholder: ``id``, ``name``,
        ``group``, ``is_pmo``, ``degree``, ``weighted_degree``, ``betweenness``,
        ``closeness``, ``harmonic``, ``pagerank``, ``eigenvector``), ``centrality_method``
        (exact, or estimated with each measure's method, ε and δ), ``roles``, ``reach``,
        ``gaps`` (``summary``,
        ``items``), ``communities``, ``plan``, ``complexity``, ``options`` (as used,
        ``as_of`` as an ISO date).

    Examples
    --------
    >>> # report = build_report(store.snapshot(), AnalysisOptions(as_of=date(2025, 6, 30)))
    >>> # json.dumps(report)
    """
    return Analysis(snapshot, options, plan_states).report()


def build_part(
    name: str, snapshot: Snapshot | Network, options: AnalysisOptions | None = None
) -> Any:
    """One part of the report (one of :data:`PARTS`), computing only what it needs."""
    return Analysis(snapshot, options).part(name)
