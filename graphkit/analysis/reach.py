"""Reach: whom the PMO (or anyone) reaches, in how many steps, and who hears a briefing.

Steps follow ties and broadcasts (``Network.reach_arcs``: a newsletter to a group reaches
every member in one step); in a directed network they follow arcs (who can pass word *to*
whom). The loops run in compiled code (``graphkit/analysis/_kernels.c``) on every core:
breadth-first search, two-step reach and the cascade's samples.

Cascade model
-------------
"If we brief these people, who hears it" is an independent cascade: a stakeholder who
hears the message passes it once along each tie, succeeding with probability

    p = 1 − exp(−weight / scale)

where ``weight`` is the tie's touches a month and ``scale`` (default 4) the touches a
month at which a tie passes word on with probability 1 − 1/e ≈ 0.63. Read it as: each
touch passes the message with a small chance, so more frequent, stronger contact is more
likely to carry it — a weekly tie (≈4.3 a month) passes it with p ≈ 0.66, a monthly one
with p ≈ 0.22, a quarterly one with p ≈ 0.08.

It is simulated by its live-edge form (Kempe, Kleinberg and Tardos 2003, claim 2.3): in
each run every tie is *live* with its probability, and whoever a briefed person is
connected to along live ties hears the message — the same distribution of who hears it
as passing word step by step. One set of runs then answers both questions: who hears it
from the PMO (:func:`cascade`) and whom to brief for the widest spread
(:func:`best_briefing`, which scores every choice on the same runs). Each tie's draw in
each run comes from a counter-based generator seeded by ``seed``, so results are the same
however the runs are split over cores.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from graphkit.analysis import _kernels, cores
from graphkit.network import Network

__all__ = [
    "Briefing",
    "BriefingChoice",
    "Cascade",
    "GroupReach",
    "LiveSamples",
    "PMOReach",
    "Reach",
    "ReachLayer",
    "TwoStepReach",
    "best_briefing",
    "bfs_layers",
    "cascade",
    "group_reach",
    "live_samples",
    "reach_from",
    "tie_probabilities",
    "two_step_reach",
]


# --- results -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReachLayer:
    """The stakeholders first reached at one step.

    ``share`` is of the non-source stakeholders reached so far (``cumulative``); ``ids``
    lists the layer's stakeholders (None when not asked for).
    """

    # the API's schema is this type (graphkit.api.schemas): an answer with another key
    # is refused
    __pydantic_config__: ClassVar[dict[str, str]] = {"extra": "forbid"}

    step: int
    count: int
    cumulative: int
    share: float
    ids: tuple[str, ...] | None = None

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "step": self.step,
            "count": self.count,
            "cumulative": self.cumulative,
            "share": self.share,
        }
        if self.ids is not None:
            out["ids"] = list(self.ids)
        return out


@dataclass(frozen=True)
class GroupReach:
    """A customer group's members (the sources left out) reached within 1 and 2 steps.

    ``group`` and ``name`` are None for the stakeholders filed under no group.
    """

    # the API's schema is this type (graphkit.api.schemas): an answer with another key
    # is refused
    __pydantic_config__: ClassVar[dict[str, str]] = {"extra": "forbid"}

    group: str | None
    name: str | None
    members: int
    reached_1: int
    share_1: float
    reached_2: int
    share_2: float

    def as_json(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "name": self.name,
            "members": self.members,
            "reached_1": self.reached_1,
            "share_1": self.share_1,
            "reached_2": self.reached_2,
            "share_2": self.share_2,
        }


@dataclass(frozen=True)
class PMOReach:
    """Who is reached from the sources (by default the PMO) at 1, 2, … steps."""

    sources: tuple[str, ...]
    layers: tuple[ReachLayer, ...]
    unreached: int
    groups: tuple[GroupReach, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "sources": list(self.sources),
            "layers": [layer.as_json() for layer in self.layers],
            "unreached": self.unreached,
            "groups": [g.as_json() for g in self.groups],
        }


@dataclass(frozen=True)
class TwoStepReach:
    """Kumu's *reach* of every stakeholder, in vertex order: ``count`` others within two
    steps, ``share`` = count / (n − 1)."""

    count: np.ndarray
    share: np.ndarray

    def ranked(self, net: Network) -> list[dict[str, Any]]:
        """One row per stakeholder, widest reach first (ties by vertex order)."""
        order = np.lexsort((np.arange(net.n), -self.count))
        counts, shares = self.count[order].tolist(), self.share[order].tolist()
        ids, names = net.ids[order].tolist(), net.name[order].tolist()
        return [
            {"id": i, "name": nm, "count": c, "share": s}
            for i, nm, c, s in zip(ids, names, counts, shares)
        ]


@dataclass(frozen=True)
class Cascade:
    """Who hears it if we brief ``seeds``: the cascade's Monte Carlo summary.

    ``expected_reach`` is the mean number who hear it (the seeds included),
    ``expected_share`` that of all stakeholders, ``reach_std`` its spread over runs,
    ``standard_error`` that of the mean; ``probability`` is per stakeholder (vertex order)
    the share of runs in which they heard it.
    """

    seeds: tuple[str, ...]
    runs: int
    scale: float
    expected_reach: float
    expected_share: float
    reach_std: float
    standard_error: float
    probability: np.ndarray

    def as_json(self, net: Network) -> dict[str, Any]:
        prob = self.probability
        top = np.lexsort((np.arange(net.n), -prob))
        top = top[prob[top] > 0]
        return {
            "seeds": list(self.seeds),
            "runs": self.runs,
            "scale": self.scale,
            "expected_reach": self.expected_reach,
            "expected_share": self.expected_share,
            "reach_std": self.reach_std,
            "standard_error": self.standard_error,
            "probability": dict(zip(net.ids[top].tolist(), prob[top].tolist())),
            "probability_mapping": f"p = 1 - exp(-weight / {self.scale})",
        }


@dataclass(frozen=True)
class BriefingChoice:
    """One pick of the greedy briefing: ``gain`` is the expected number of new hearers it
    adds, ``expected_reach`` the expected hearers of the picks so far together."""

    # the API's schema is this type (graphkit.api.schemas): an answer with another key
    # is refused
    __pydantic_config__: ClassVar[dict[str, str]] = {"extra": "forbid"}

    id: str
    name: str
    gain: float
    expected_reach: float


@dataclass(frozen=True)
class Briefing:
    """Whom to brief for the widest expected spread, in pick order."""

    chosen: tuple[BriefingChoice, ...]
    runs: int
    scale: float
    candidates: int

    def as_json(self) -> dict[str, Any]:
        return {
            "chosen": [
                {"id": c.id, "name": c.name, "gain": c.gain, "expected_reach": c.expected_reach}
                for c in self.chosen
            ],
            "runs": self.runs,
            "scale": self.scale,
            "candidates": self.candidates,
        }


@dataclass(frozen=True)
class Reach:
    """The report's reach part: from the PMO, two-step reach, the cascade from the PMO (None
    without a PMO or seeds) and the best briefing."""

    pmo: PMOReach
    two_step: TwoStepReach
    cascade: Cascade | None
    best_briefing: Briefing

    def as_json(self, net: Network) -> dict[str, Any]:
        return {
            "pmo": self.pmo.as_json(),
            "two_step": self.two_step.ranked(net),
            "cascade": None if self.cascade is None else self.cascade.as_json(net),
            "best_briefing": self.best_briefing.as_json(),
        }


# --- steps -------------------------------------------------------------------------------


def _sources(net: Network, sources: Iterable[str] | None) -> np.ndarray:
    if sources is None:
        return net.pmo
    return np.unique(net.vertices(list(sources)))


def bfs_layers(net: Network, sources: np.ndarray, max_steps: int | None = None) -> np.ndarray:
    """Steps from the nearest source to every stakeholder (multi-source BFS).

    Parameters
    ----------
    net : Network
    sources : array of int
        Vertex indices (step 0).
    max_steps : int, optional
        Stop after this many steps.

    Returns
    -------
    numpy.ndarray of int
        Steps per vertex, -1 where not reached (within ``max_steps``).

    Examples
    --------
    >>> from graphkit import model
    >>> from graphkit.network import build_network
    >>> snap = model.Snapshot(
    ...     model.to_table("groups", []),
    ...     model.to_table("stakeholders", [model.Stakeholder(id=x, name=x) for x in "abcd"]),
    ...     model.to_table("touchpoints", [
    ...         model.Touchpoint(source="a", target="b"),
    ...         model.Touchpoint(source="b", target="c")]))
    >>> net = build_network(snap)
    >>> bfs_layers(net, net.vertices(["a"])).tolist()
    [0, 1, 2, -1]
    """
    steps = np.full(net.n, -1, dtype=np.int64)
    if net.n == 0 or len(sources) == 0:
        return steps
    a = net.reach_arcs
    _kernels.bfs_steps(
        a.ptr,
        a.head,
        np.ascontiguousarray(sources, dtype=np.int64),
        -1 if max_steps is None else int(max_steps),
        steps,
    )
    return steps


def group_reach(net: Network, steps: np.ndarray, sources: np.ndarray) -> tuple[GroupReach, ...]:
    """Per group, its members (sources excluded) reached within 1 and 2 steps.

    Members without a group are listed last, under group ``None``.
    """
    n_labels = len(net.group_labels)
    gi = np.where(net.group_index >= 0, net.group_index, n_labels)
    counted = np.ones(net.n, dtype=bool)
    counted[sources] = False
    members = np.bincount(gi[counted], minlength=n_labels + 1)
    reached = {
        k: np.bincount(gi[counted & (steps >= 1) & (steps <= k)], minlength=n_labels + 1)
        for k in (1, 2)
    }
    out = []
    for g in range(n_labels + 1):
        if g == n_labels and members[g] == 0:
            continue
        label = net.group_labels[g] if g < n_labels else None
        name = net.groups.names[g] if g < len(net.groups.names) else label
        share = {k: float(reached[k][g] / members[g]) if members[g] else 0.0 for k in (1, 2)}
        out.append(
            GroupReach(
                group=label,
                name=name,
                members=int(members[g]),
                reached_1=int(reached[1][g]),
                share_1=share[1],
                reached_2=int(reached[2][g]),
                share_2=share[2],
            )
        )
    return tuple(out)


def reach_from(
    net: Network, sources: Iterable[str] | None = None, *, steps: int = 3, list_ids: bool = True
) -> PMOReach:
    """Who is reached from ``sources`` (default: the PMO) at 1, 2, …, ``steps`` steps.

    Parameters
    ----------
    net : Network
    sources : iterable of str, optional
        Stakeholder ids; default all ``is_pmo`` stakeholders.
    steps : int, default 3
    list_ids : bool, default True
        Include the ids of each layer.

    Returns
    -------
    PMOReach
        ``sources`` (ids), ``layers`` (one per step), ``unreached`` (count within
        ``steps``), ``groups`` (see :func:`group_reach`).

    Examples
    --------
    >>> from graphkit import model
    >>> from graphkit.network import build_network
    >>> snap = model.Snapshot(
    ...     model.to_table("groups", []),
    ...     model.to_table("stakeholders", [
    ...         model.Stakeholder(id="lead", name="Lead", is_pmo=True),
    ...         model.Stakeholder(id="b", name="B"), model.Stakeholder(id="c", name="C")]),
    ...     model.to_table("touchpoints", [
    ...         model.Touchpoint(source="lead", target="b"),
    ...         model.Touchpoint(source="b", target="c")]))
    >>> out = reach_from(build_network(snap), steps=2)
    >>> [(layer.step, layer.ids) for layer in out.layers], out.unreached
    ([(1, ('b',)), (2, ('c',))], 0)
    """
    src = _sources(net, sources)
    dist = bfs_layers(net, src, max_steps=max(steps, 2))
    others = max(net.n - len(src), 0)
    layers, cumulative = [], 0
    for k in range(1, steps + 1):
        at_k = np.flatnonzero(dist == k)
        cumulative += len(at_k)
        layers.append(
            ReachLayer(
                step=k,
                count=len(at_k),
                cumulative=cumulative,
                share=float(cumulative / others) if others else 0.0,
                ids=tuple(net.ids[at_k].tolist()) if list_ids else None,
            )
        )
    return PMOReach(
        sources=tuple(net.ids[src].tolist()),
        layers=tuple(layers),
        unreached=int(others - cumulative),
        groups=group_reach(net, dist, src),
    )


def _hub_degree(n: int) -> int:
    # past n/64 arcs, OR-ing a hub's bitset (n/64 words) beats walking its arcs
    return max(16, n // 64 + 1)


def two_step_reach(net: Network, threads: int | None = None) -> TwoStepReach:
    """Kumu's *reach*: how many others each stakeholder reaches within two steps.

    Parameters
    ----------
    net : Network
    threads : int, optional
        Default: every core.

    Returns
    -------
    TwoStepReach
        ``count``: distinct stakeholders at 1 or 2 steps (the stakeholder itself
        excluded); ``share``: ``count / (n − 1)``.

    Notes
    -----
    Equals igraph's ``neighborhood_size(order=2, mindist=1)`` and NetworkX's
    ``len(single_source_shortest_path_length(G, v, cutoff=2)) - 1``. A broadcast's sender
    is one step from every member of its group, so walking two steps through senders costs
    the square of a group's size; senders (and anyone with more than n/64 ties) are
    therefore kept as bitsets and OR-ed, which keeps 10^5 stakeholders with newsletters to
    groups of 50,000 to about a second.

    References
    ----------
    .. [1] Kumu, "Reach" metric: the share of the network within two steps.
       https://docs.kumu.io/guides/metrics
    """
    n = net.n
    count = np.zeros(n, dtype=np.int64)
    if n == 0:
        return TwoStepReach(count, np.zeros(0))
    a = net.reach_arcs
    hub = _hub_degree(n)

    def work(share: tuple[int, int]) -> None:
        _kernels.two_step_counts(a.ptr, a.head, hub, share[0], share[1], count)

    cores.in_parallel(work, cores.ranges(n, cores.threads_for(threads, n, per_thread=500)))
    return TwoStepReach(count, count / max(n - 1, 1))


# --- the cascade -------------------------------------------------------------------------


def tie_probabilities(weight: np.ndarray, scale: float = 4.0) -> np.ndarray:
    """Probability that a tie passes a message on: ``1 − exp(−weight / scale)``."""
    return -np.expm1(-np.asarray(weight, dtype=float) / scale)


#: Monte Carlo runs are capped so that runs × ties stays under this (a few seconds of work).
MAX_RUN_TIES = 5e7


def _runs_cap(runs: int, net: Network) -> int:
    return int(min(runs, max(20, MAX_RUN_TIES // max(len(net.reach_edges[0]), 1))))


@dataclass(frozen=True)
class LiveSamples:
    """Live-edge samples of the cascade, ``runs`` of them.

    Undirected: ``labels[r, v]`` is the root of v's component among the ties live in run
    ``r`` and ``sizes[r, root]`` that component's size (0 off the roots). Directed (where
    being reached is not symmetric) the samples are drawn again from the same seed for
    each set of sources (:meth:`heard`).
    """

    net: Network
    runs: int
    scale: float
    seed: int
    labels: np.ndarray | None
    sizes: np.ndarray | None

    def heard(self, sources: np.ndarray) -> np.ndarray:
        """``(runs, n)`` bool: who hears it in each run when ``sources`` are briefed."""
        net, n = self.net, self.net.n
        if self.labels is not None:
            assert self.sizes is not None
            told = np.zeros((self.runs, n), dtype=bool)
            rows = np.repeat(np.arange(self.runs), len(sources))
            told[rows, self.labels[:, sources].ravel()] = True
            return np.take_along_axis(told, self.labels, axis=1)
        a = net.reach_arcs
        p = tie_probabilities(net.reach_edges[2], self.scale)
        heard = np.zeros((self.runs, n), dtype=np.uint8)
        src = np.ascontiguousarray(sources, dtype=np.int64)

        def work(share: tuple[int, int]) -> None:
            first, last = share
            _kernels.live_reach(
                a.ptr, a.head, a.edge, p, src, self.seed, first, heard[first:last].reshape(-1)
            )

        cores.in_parallel(work, cores.ranges(self.runs, _run_threads(self.runs, net)))
        return heard.view(bool)


def _run_threads(runs: int, net: Network) -> int:
    # a thread pays off once it has about 10^5 tie draws to make
    work = runs * max(len(net.reach_edges[0]), 1)
    return cores.threads_for(None, work, per_thread=100_000)


def live_samples(net: Network, runs: int, *, scale: float = 4.0, seed: int = 42) -> LiveSamples:
    """``runs`` live-edge samples of the cascade (see the module notes), on every core."""
    if net.directed or net.n == 0:
        return LiveSamples(net, runs, scale, seed, None, None)
    tail, head, weight = net.reach_edges
    p = tie_probabilities(weight, scale)
    labels = np.empty((runs, net.n), dtype=np.int32)
    sizes = np.empty((runs, net.n), dtype=np.int32)

    def work(share: tuple[int, int]) -> None:
        first, last = share
        _kernels.live_components(
            net.n,
            tail,
            head,
            p,
            seed,
            first,
            labels[first:last].reshape(-1),
            sizes[first:last].reshape(-1),
        )

    cores.in_parallel(work, cores.ranges(runs, _run_threads(runs, net)))
    return LiveSamples(net, runs, scale, seed, labels, sizes)


def cascade(
    net: Network,
    seeds: Iterable[str] | None = None,
    *,
    runs: int = 200,
    scale: float = 4.0,
    seed: int = 42,
    samples: LiveSamples | None = None,
) -> Cascade:
    """Who hears it if we brief ``seeds``: an independent-cascade Monte Carlo simulation.

    Parameters
    ----------
    net : Network
    seeds : iterable of str, optional
        Whom we brief; default the PMO members.
    runs : int, default 200
        Monte Carlo runs (capped at ``MAX_RUN_TIES / ties``, at least 20: the result's
        ``runs`` says how many ran).
    scale : float, default 4
        Tie weight → probability, ``p = 1 − exp(−weight / scale)`` (see module notes).
    seed : int, default 42
        Seed of the tie draws.
    samples : LiveSamples, optional
        Runs already drawn (:func:`live_samples`) to reuse; ``runs``, ``scale`` and
        ``seed`` are then theirs.

    Returns
    -------
    Cascade

    Examples
    --------
    >>> from graphkit import model
    >>> from graphkit.network import build_network
    >>> snap = model.Snapshot(
    ...     model.to_table("groups", []),
    ...     model.to_table("stakeholders", [model.Stakeholder(id=x, name=x) for x in "ab"]),
    ...     model.to_table("touchpoints", [model.Touchpoint(source="a", target="b")]))
    >>> out = cascade(build_network(snap), ["a"], runs=20_000, seed=3)
    >>> round(out.expected_reach, 1)  # b hears it with 1 - exp(-1/4) ≈ 0.22
    1.2

    References
    ----------
    .. [1] Kempe, D., Kleinberg, J., Tardos, É. (2003). Maximizing the spread of influence
       through a social network. KDD '03, 137–146.
    """
    src = _sources(net, seeds)
    n = net.n
    if samples is None:
        runs = _runs_cap(runs, net)
    else:
        runs, scale, seed = samples.runs, samples.scale, samples.seed
    if n == 0 or len(src) == 0:
        return Cascade((), runs, scale, 0.0, 0.0, 0.0, 0.0, np.zeros(n))
    if samples is None:
        samples = live_samples(net, runs, scale=scale, seed=seed)
    heard = samples.heard(src)
    sizes = heard.sum(axis=1).astype(float)
    std = float(sizes.std(ddof=1)) if runs > 1 else 0.0
    return Cascade(
        seeds=tuple(net.ids[src].tolist()),
        runs=runs,
        scale=scale,
        expected_reach=float(sizes.mean()),
        expected_share=float(sizes.mean() / n),
        reach_std=std,
        standard_error=std / math.sqrt(runs),
        probability=heard.sum(axis=0) / runs,
    )


def best_briefing(
    net: Network,
    k: int = 5,
    *,
    runs: int = 100,
    scale: float = 4.0,
    seed: int = 42,
    candidates: int = 200,
    samples: LiveSamples | None = None,
    two_step: TwoStepReach | None = None,
) -> Briefing:
    """The ``k`` people to brief for the widest expected spread (CELF lazy greedy).

    Parameters
    ----------
    net : Network
    k : int, default 5
    runs : int, default 100
        Live-edge samples of the cascade (the same samples score every choice, so the
        greedy is exact on them and the result is reproducible).
    scale : float, default 4
        Tie weight → probability (see module notes).
    seed : int, default 42
    candidates : int, default 200
        Only the ``candidates`` stakeholders with the widest two-step reach are
        considered (ties broken by weighted degree).
    samples : LiveSamples, optional
        Runs already drawn to reuse (its first ``runs``; ``scale`` and ``seed`` are then
        theirs).
    two_step : TwoStepReach, optional
        Two-step reach already computed.

    Returns
    -------
    Briefing
        ``chosen`` in pick order (``gain``: the marginal expected number of new hearers),
        ``runs``, ``scale``, ``candidates``.

    Notes
    -----
    Spread is monotone submodular in the independent-cascade model, so greedy is within
    1 − 1/e of optimal; CELF re-evaluates only the candidate on top of the heap.

    References
    ----------
    .. [1] Kempe, D., Kleinberg, J., Tardos, É. (2003). Maximizing the spread of influence
       through a social network. KDD '03.
    .. [2] Leskovec, J. et al. (2007). Cost-effective outbreak detection in networks.
       KDD '07 (CELF).
    """
    n = net.n
    k = min(k, n)
    if samples is not None:
        scale, seed = samples.scale, samples.seed
        runs = min(runs, samples.runs)
    else:
        runs = _runs_cap(runs, net)
    if k <= 0 or n == 0:
        return Briefing((), runs, scale, 0)
    if samples is None or samples.runs != runs:
        samples = live_samples(net, runs, scale=scale, seed=seed)
    count = (two_step or two_step_reach(net)).count
    source, target, weight = net.reach_edges
    wdeg = np.bincount(source, weights=weight, minlength=n) + np.bincount(
        target, weights=weight, minlength=n
    )
    cand = np.lexsort((np.arange(n), -wdeg, -count))[: max(candidates, k)]

    if samples.labels is not None:
        assert samples.sizes is not None
        labels, comp = samples.labels, samples.sizes
        rows = np.arange(runs)
        covered = np.zeros((runs, n), dtype=bool)

        def gains(vs: np.ndarray) -> np.ndarray:
            lab = labels[:, vs]
            size = comp[rows[:, None], lab]
            size = np.where(covered[rows[:, None], lab], 0, size)
            return np.asarray(size.sum(axis=0) / runs, dtype=float)

        def take(v: int) -> None:
            covered[rows, labels[:, v]] = True
    else:
        heard = np.zeros((runs, n), dtype=bool)

        def gains(vs: np.ndarray) -> np.ndarray:
            return np.array(
                [(samples.heard(np.array([v])) & ~heard).sum() / runs for v in vs.tolist()],
                dtype=float,
            )

        def take(v: int) -> None:
            heard[:] |= samples.heard(np.array([v]))

    first = gains(cand).tolist()
    heap = [(-g, int(v), 0) for g, v in zip(first, cand.tolist())]
    heapq.heapify(heap)
    chosen: list[BriefingChoice] = []
    total = 0.0
    while heap and len(chosen) < k:
        neg, v, stamp = heapq.heappop(heap)
        if stamp == len(chosen):
            take(v)
            total += -neg
            chosen.append(BriefingChoice(str(net.ids[v]), str(net.name[v]), -neg, total))
        else:
            heapq.heappush(heap, (-float(gains(np.array([v]))[0]), v, len(chosen)))
    return Briefing(tuple(chosen), runs, scale, len(cand))


def reach(
    net: Network,
    *,
    steps: int = 3,
    runs: int = 200,
    scale: float = 4.0,
    seed: int = 42,
    seeds: Iterable[str] | None = None,
    briefing_size: int = 5,
    briefing_runs: int = 100,
    candidates: int = 200,
) -> Reach:
    """The report's reach part: :func:`reach_from` the PMO, :func:`two_step_reach`, the
    :func:`cascade` from ``seeds`` (default the PMO) and :func:`best_briefing`, sharing
    one set of live-edge samples (the briefing scores on the first ``briefing_runs``)."""
    pmo = reach_from(net, steps=steps)
    two = two_step_reach(net)
    capped = _runs_cap(runs, net)
    brief_runs = min(briefing_runs, capped)
    samples = live_samples(net, max(capped, brief_runs), scale=scale, seed=seed)
    told = None
    if seeds is not None or len(net.pmo):
        told = cascade(net, seeds, samples=samples)
    first = _first_runs(samples, brief_runs)
    brief = best_briefing(
        net, briefing_size, runs=brief_runs, candidates=candidates, samples=first, two_step=two
    )
    return Reach(pmo, two, told, brief)


def _first_runs(samples: LiveSamples, runs: int) -> LiveSamples:
    """The first ``runs`` of ``samples`` (the same draws: they are counter-based)."""
    runs = min(runs, samples.runs)
    labels, sizes = samples.labels, samples.sizes
    return LiveSamples(
        samples.net,
        runs,
        samples.scale,
        samples.seed,
        None if labels is None else labels[:runs],
        None if sizes is None else sizes[:runs],
    )
