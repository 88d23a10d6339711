"""Snapshots for the analysis tests, and the identical NetworkX graphs to compare with.

Snapshots are built the way a store hands them over: Arrow tables in the
``graphkit.model`` schemas, made with ``graphkit.model.to_table`` from validated models.
The reference NetworkX graph is built independently, in plain Python, from the same
touchpoint rows (weight = Σ strength × 30 / cadence_days, distance = 1 / weight).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

import networkx as nx

from graphkit import model
from graphkit.store.port import Snapshot

AS_OF = dt.date(2025, 6, 30)


def person(sid: str, **fields) -> model.Stakeholder:
    return model.Stakeholder(id=sid, name=fields.pop("name", f"Person {sid}"), **fields)


def touch(a: str, b: str, **fields) -> model.Touchpoint:
    return model.Touchpoint(source=a, target=b, **fields)


def snapshot(stakeholders, touchpoints=(), groups=()) -> Snapshot:
    return Snapshot(
        groups=model.to_table("groups", list(groups)),
        stakeholders=model.to_table("stakeholders", list(stakeholders)),
        touchpoints=model.to_table("touchpoints", list(touchpoints)),
    )


def reference_graph(snap: Snapshot, directed: bool = False) -> nx.Graph:
    """The NetworkX graph the DESIGN defines for a snapshot, built in plain Python."""
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(snap.stakeholders.column("id").to_pylist())
    weights: dict[tuple[str, str], float] = defaultdict(float)
    for row in snap.touchpoints.to_pylist():
        s, t = row["source"], row["target"]
        w = (1.0 if row["strength"] is None else row["strength"]) * 30.0 / row["cadence_days"]
        if directed:
            weights[(s, t)] += w
            if row["direction"] != "out":
                weights[(t, s)] += w
        else:
            weights[(min(s, t), max(s, t))] += w
    for (s, t), w in weights.items():
        if w > 0:
            G.add_edge(s, t, weight=w, distance=1.0 / w)
    return G


def from_networkx(G: nx.Graph, weight: str | None = None) -> Snapshot:
    """A snapshot whose folded ties reproduce ``G`` (integer weights as repeated touchpoints).

    An edge of integer weight w becomes w monthly touchpoints at strength 1 (each of weight
    1), so the folded tie weighs exactly w.
    """
    people = [person(str(v)) for v in G.nodes]
    rows = []
    for u, v, data in G.edges(data=True):
        w = int(data.get(weight, 1)) if weight else 1
        for i in range(w):
            rows.append(touch(str(u), str(v), cadence_days=30, strength=1.0, id=f"{u}|{v}|{i}"))
    return snapshot(people, rows)


CADENCES = (1, 7, 14, 30, 90)
VEHICLES = ("meeting", "one_to_one", "email", "newsletter", "chat", "event")


def random_snapshot(
    n: int,
    m: int,
    seed: int,
    *,
    isolated: int = 0,
    components: int = 1,
    weighted: bool = True,
    out_share: float = 0.0,
    repeat_share: float = 0.2,
) -> Snapshot:
    """A seeded random PMO-like network: ``components`` blocks plus ``isolated`` loners.

    Weighted: random strength in (0.05, 1] and cadence from 1..90 days, some pairs with
    several touchpoints; ``out_share`` of touchpoints have direction ``out``.
    """
    rng = random.Random(seed)
    people = [person(f"s{i}", group=None) for i in range(n + isolated)]
    # split the first n vertices into blocks
    bounds = sorted(rng.sample(range(1, n), components - 1)) if components > 1 else []
    blocks, start = [], 0
    for b in bounds + [n]:
        blocks.append(range(start, b))
        start = b
    rows, seen = [], set()
    per_block = [max(1, m * len(b) // n) for b in blocks]
    for block, mb in zip(blocks, per_block):
        if len(block) < 2:
            continue
        for _ in range(mb):
            a, c = (
                rng.sample(list(block), 2)
                if len(block) < 50
                else (rng.choice(block), rng.choice(block))
            )
            if a == c:
                continue
            vehicle = rng.choice(VEHICLES)
            key = (a, c, vehicle)
            if key in seen:
                continue
            seen.add(key)
            strength = round(rng.uniform(0.05, 1.0), 3) if weighted else 1.0
            cadence = rng.choice(CADENCES) if weighted else 30
            direction = "out" if rng.random() < out_share else "both"
            rows.append(
                touch(
                    f"s{a}",
                    f"s{c}",
                    vehicle=vehicle,
                    strength=strength,
                    cadence_days=cadence,
                    direction=direction,
                )
            )
            if weighted and rng.random() < repeat_share:
                v2 = rng.choice([v for v in VEHICLES if v != vehicle])
                if (a, c, v2) not in seen:
                    seen.add((a, c, v2))
                    rows.append(
                        touch(
                            f"s{a}",
                            f"s{c}",
                            vehicle=v2,
                            strength=round(rng.uniform(0.05, 1.0), 3),
                            cadence_days=rng.choice(CADENCES),
                        )
                    )
    return snapshot(people, rows)


def nx_snapshots():
    """The networks NetworkX ships, as (name, snapshot, weight attribute or None)."""
    out = [
        ("karate", nx.karate_club_graph(), None),
        ("florentine", nx.florentine_families_graph(), None),
        ("les_miserables", nx.les_miserables_graph(), "weight"),
        ("davis", nx.davis_southern_women_graph(), None),
    ]
    return [(name, from_networkx(G, w)) for name, G, w in out]


def pmo_snapshot(
    n: int,
    m: int,
    seed: int = 0,
    *,
    pmo: int = 5,
    isolated_share: float = 0.01,
    as_of: dt.date = AS_OF,
) -> Snapshot:
    """A seeded random PMO-like network built directly as Arrow tables (fast at 10^5).

    The five default groups, ``pmo`` PMO members who hold a share of the touchpoints,
    stances, influence, vehicles and last contacts spread over the past year; about
    ``isolated_share`` of the stakeholders have no touchpoint.
    """
    import numpy as np
    import pyarrow as pa

    rng = np.random.default_rng(seed)
    groups = [g.id for g in model.DEFAULT_GROUPS]
    ids = np.array([f"p{i}" for i in range(n)], dtype=object)
    group = rng.choice(groups, size=n, p=[0.4, 0.1, 0.35, 0.05, 0.1])
    is_pmo = np.zeros(n, dtype=bool)
    is_pmo[:pmo] = True
    stance = rng.choice(
        ["champion", "supporter", "neutral", "sceptic", "critic", "unknown"],
        size=n,
        p=[0.05, 0.25, 0.3, 0.1, 0.05, 0.25],
    )
    st = pa.table(
        {
            "id": pa.array(ids, pa.string()),
            "name": pa.array([f"Person {i}" for i in range(n)], pa.string()),
            "group": pa.array(group, pa.string()),
            "source": pa.array(["stakeholder"] * n, pa.string()),
            "organisation": pa.nulls(n, pa.string()),
            "role": pa.nulls(n, pa.string()),
            "internal": pa.array(np.ones(n, dtype=bool)),
            "is_pmo": pa.array(is_pmo),
            "influencer": pa.array(np.zeros(n, dtype=bool)),
            "influence": pa.array(rng.integers(1, 6, size=n), pa.int64()),
            "interest": pa.array(rng.integers(1, 6, size=n), pa.int64()),
            "stance": pa.array(stance, pa.string()),
            "attributes": pa.array(["{}"] * n, pa.string()),
        },
        schema=model.STAKEHOLDER_SCHEMA,
    )
    active = max(2, int(n * (1 - isolated_share)))
    # preferential-ish endpoints: a share of touchpoints go to the PMO
    src = rng.integers(0, active, size=m)
    to_pmo = rng.random(m) < 0.1
    src[to_pmo] = rng.integers(0, pmo, size=int(to_pmo.sum()))
    dst = (rng.zipf(1.6, size=m) * 7 + rng.integers(0, active, size=m)) % active
    keep = src != dst
    src, dst = src[keep], dst[keep]
    k = len(src)
    vehicles = np.array(VEHICLES, dtype=object)[rng.integers(0, len(VEHICLES), size=k)]
    cadence = np.array(CADENCES)[rng.integers(0, len(CADENCES), size=k)]
    last = np.datetime64(as_of, "D") - rng.integers(0, 365, size=k).astype("timedelta64[D]")
    tids = [f"t{i}" for i in range(k)]
    tp = pa.table(
        {
            "id": pa.array(tids, pa.string()),
            "source": pa.array(ids[src], pa.string()),
            "target": pa.array(ids[dst], pa.string()),
            "target_group": pa.nulls(k, pa.string()),
            "vehicle": pa.array(vehicles, pa.string()),
            "connection": pa.array(
                rng.choice(["operational", "personal", "strategic"], size=k), pa.string()
            ),
            "cadence_days": pa.array(cadence, pa.int64()),
            "last_contact": pa.array(last, pa.date32()),
            "strength": pa.array(np.round(rng.uniform(0.1, 1.0, size=k), 3), pa.float64()),
            "direction": pa.array(np.where(rng.random(k) < 0.1, "out", "both"), pa.string()),
        },
        schema=model.TOUCHPOINT_SCHEMA,
    )
    return Snapshot(
        groups=model.to_table("groups", list(model.DEFAULT_GROUPS)), stakeholders=st, touchpoints=tp
    )
