"""The knobs of an analysis run: thresholds, seeds and limits, reported with the results."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class AnalysisOptions(BaseModel):
    """Everything an analysis run can be told; every field is echoed in the report.

    Parameters
    ----------
    as_of : date
        The day the analysis looks from (staleness is measured to it). Default: today.
    directed : bool
        Keep touchpoint direction (``out`` touchpoints carry one way only).
    top : int
        How many stakeholders each role list (connectors, brokers, influencers) holds.
    stale_tolerance : float
        A touchpoint is stale when ``last_contact + cadence_days × stale_tolerance`` is
        before ``as_of``.
    coverage_share : float
        A group is under-covered when fewer than this share of its members have a direct
        touchpoint with a PMO member (none at all: severity high).
    overreliance_share : float
        A vehicle carrying more than this share of a group's touchpoints is over-relied on.
    overreliance_min_touchpoints : int
        Groups with fewer touchpoints than this are not judged for over-reliance.
    connection_share : float
        A group's desired connection should carry at least this share of its touchpoints.
    high_influence : int
        Influence (1–5) from which a stakeholder counts as high-influence.
    default_influence : float
        Influence assumed when a stakeholder's is unknown (roles and plan ranking).
    default_cadence_days : int
        Cadence a stakeholder needs when their group sets none (stance gaps, plan).
    reach_steps : int
        How many steps the reach part reports (BFS layers 1..reach_steps).
    cascade_scale : float
        Tie weight → probability of passing a message on in the cascade:
        ``p = 1 − exp(−weight / cascade_scale)`` (weight in touches a month).
    cascade_runs : int
        Monte Carlo runs of the independent cascade.
    cascade_seeds : list of str or None
        Whom to brief in the cascade; default the PMO members.
    briefing_size : int
        How many people the greedy briefing choice picks.
    briefing_candidates : int
        The greedy choice looks at this many candidates (highest two-step reach first).
    seed : int
        Seed of every random choice (pivots, cascade, communities).
    centrality_budget_seconds : float or None
        Wall-clock seconds betweenness, closeness and harmonic centrality may take to be
        exact (one Dijkstra pass per stakeholder, forecast from the first passes as they
        run). Beyond it they are estimated in about this time, with the error stated in
        the report's ``centrality_method``. None: always exact. Default 10 s: on 2 cores
        networks up to about 10,000 stakeholders / 80,000 ties stay exact.
    betweenness_epsilon : float
        When estimated, every stakeholder's betweenness (normalized as NetworkX does) is
        within this of the exact value with probability ``1 - betweenness_delta``
        (Riondato–Kornaropoulos); spare budget makes the error smaller still.
    betweenness_delta : float
        Probability that the stated errors fail (betweenness, closeness and harmonic).
    centrality_threads : int or None
        Threads for the shortest-path passes (default: every core the process may use).
    community_resolution : float
        Resolution of the Leiden modularity partition.
    plan_limit : int
        Most actions the report's ``plan`` part lists (``total_actions`` and ``truncated``
        say when it is cut; the API pages through all, and the plan's CSV and iCalendar
        files hold all).
    plan_capacity_per_week : int
        Actions one PMO member takes on in a week: the plan spreads each owner's work over
        the weeks at this pace (the due dates).
    gap_limit : int or None
        Most gaps the report lists, most severe first (None: all; the count per kind and
        severity is always reported). A large network can have 10^5 stale ties.
    """

    model_config = ConfigDict(extra="forbid")

    as_of: dt.date = Field(default_factory=dt.date.today)
    directed: bool = False
    top: int = Field(default=10, ge=1)
    stale_tolerance: float = Field(default=1.5, gt=0)
    coverage_share: float = Field(default=0.25, ge=0, le=1)
    overreliance_share: float = Field(default=0.6, gt=0, le=1)
    overreliance_min_touchpoints: int = Field(default=5, ge=1)
    connection_share: float = Field(default=0.25, ge=0, le=1)
    high_influence: int = Field(default=4, ge=1, le=5)
    default_influence: float = Field(default=3.0, ge=1, le=5)
    default_cadence_days: int = Field(default=30, ge=1)
    reach_steps: int = Field(default=3, ge=1)
    cascade_scale: float = Field(default=4.0, gt=0)
    cascade_runs: int = Field(default=200, ge=1)
    cascade_seeds: list[str] | None = None
    briefing_size: int = Field(default=5, ge=0)
    briefing_candidates: int = Field(default=200, ge=1)
    seed: int = 42
    centrality_budget_seconds: float | None = Field(default=10.0, ge=0)
    betweenness_epsilon: float = Field(default=0.02, gt=0, lt=1)
    betweenness_delta: float = Field(default=0.1, gt=0, lt=1)
    centrality_threads: int | None = Field(default=None, ge=1)
    community_resolution: float = Field(default=1.0, gt=0)
    plan_limit: int = Field(default=500, ge=1)
    plan_capacity_per_week: int = Field(default=10, ge=1)
    gap_limit: int | None = Field(default=2000, ge=1)

    def reported(self) -> dict[str, Any]:
        """The options as JSON-ready values (``as_of`` as an ISO date)."""
        return self.model_dump(mode="json")
