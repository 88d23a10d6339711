"""A generated PMO network that looks like a real organisation (seed 004, "PMO networks").

``generate(size, seed, as_of)`` returns a :class:`~graphkit.model.NetworkDocument`;
``generate_tables(size, seed, as_of)`` returns the same network as Arrow tables
(``groups``, ``stakeholders``, ``touchpoints`` in the :mod:`graphkit.model` schemas) and is
the fast path for large sizes: ``generate`` builds its document from exactly those rows, so
the two always agree.

Determinism
    Everything is drawn from one ``numpy.random.Generator`` seeded with ``seed`` (never
    global state), in a fixed order, so the same ``(size, seed, as_of)`` gives the same
    network, byte for byte. Dates are relative to ``as_of``, which defaults to the fixed
    date :data:`DEFAULT_AS_OF` (2026-11-01), *not* today: the same seed gives the same
    document whatever day it is run. Pass ``as_of=datetime.date.today()`` for a network
    whose staleness is measured from today.

The shape of the network (``size`` is the number of stakeholders, at least
:data:`MIN_SIZE`)
    * the five default customer groups (``DEFAULT_GROUPS``) with their desired cadence,
      connection and links;
    * **the PMO** (the hub): a handful of ``is_pmo`` stakeholders, source ``team_member``,
      *in no customer group* — the PMO is what the analysis measures from, not one of its
      customers, so group coverage and vehicle shares describe customers only. Fixed roles:
      Head of PMO (sponsors, steering committees), Portfolio Manager and the other analysts
      (delivery managers), Communications Lead (newsletter, intranet, blog) and Methods &
      Tools Lead (training, community of practice). They meet weekly and chat daily;
    * **Senior Leadership** (source ``sponsor``, influence 4–5): sit on boards together,
      sponsor the delivery projects through steering committees, head the business
      departments, and know the external influencers;
    * **Delivery Teams & Managers** (source ``delivery_team``): project teams of 5–12 with a
      manager (attribute ``team``), dense inside (daily stand-up, chat, manager one-to-ones),
      linked to the PMO mostly through their managers, to their sponsor, to each other
      (managers' forum, community of practice) and to the business people they deliver
      for; plus a few embedded PMO analysts (source ``team_member``, not ``is_pmo``);
    * **The Wider Business** (source ``stakeholder``, attribute ``department``): the
      largest group, colleagues email each other, a department head each; the PMO reaches
      it mostly by newsletter and intranet, rarely in person;
    * **External Influencers** (``external_influencer``, external) and **Industry
      Acquaintances** (``industry_acquaintance``, external): LinkedIn, events, the PMO
      blog, communities of practice.
    * Vehicles, cadences, connection kinds and strengths vary by relationship; about one
      touchpoint in twenty is stale (last contact 3–8 cadences before ``as_of``), and the
      PMO's LinkedIn ties to industry acquaintances are stale far more often. A few
      business touchpoints have no recorded last contact (``None``), as real registers do.

The gaps planted on purpose (each present at every size)
    * ``uncovered_group``: the PMO barely touches the External Influencers (at most one in
      ten directly; none in small networks) — they hear of the PMO through leadership;
    * ``single_point_of_failure``: one project team is reached only through its manager
      (no member has any tie outside the team);
    * ``isolated_stakeholder``: a new joiner or two (more in big networks) and a critic
      with no touchpoint at all;
    * ``stance_gap``: that critic (a head of department, influence 4) with no touchpoint,
      and a critic in Senior Leadership whom the PMO reaches only by a stale email;
    * ``vehicle_overreliance``: the PMO's own touchpoints with the Wider Business are
      mostly the newsletter (about three in four), and the group as a whole runs on email
      (more than half of the touchpoints touching it, from about a hundred stakeholders up;
      email and newsletter together in the smallest networks);
    * ``unlinked_groups``: Industry Acquaintances should talk to External Influencers
      (``desired_links``) but no touchpoint joins them; the PMO is the only broker;
    * ``stale_touchpoint``: as above.

Touchpoints per stakeholder average about 8–10 in large networks (≈ 10^6 touchpoints for
10^5 stakeholders). No touchpoint is a self loop, no two join the same pair by the same
vehicle (in either direction), so the default ids ``source|target|vehicle`` are unique.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from graphkit.model import (
    DEFAULT_GROUPS,
    STAKEHOLDER_SCHEMA,
    TOUCHPOINT_SCHEMA,
    Connection,
    NetworkDocument,
    Vehicle,
    to_table,
)

__all__ = ["DEFAULT_AS_OF", "MIN_SIZE", "generate", "generate_tables"]

DEFAULT_AS_OF = dt.date(2026, 11, 1)
"""The date last contacts are counted back from unless ``as_of`` is given (fixed, so that
a seed always gives the same document)."""

MIN_SIZE = 30
"""The smallest network that still holds every group and every planted gap."""

ORGANISATION = "Harbourside Group"

# --- Small built-in vocabularies (no Faker) ----------------------------------------------------

FIRST_NAMES = (
    "Aisha", "Alex", "Amara", "Andrew", "Anita", "Ben", "Bethany", "Carlos", "Catherine",
    "Chen", "Chloe", "Daniel", "Deepa", "Eleanor", "Emeka", "Emma", "Fatima", "Finn",
    "Freya", "Gareth", "Grace", "Hannah", "Harriet", "Hassan", "Imogen", "Isaac", "Jack",
    "James", "Jasmine", "Joanna", "Kai", "Karen", "Kwame", "Laura", "Liam", "Lucy", "Mark",
    "Maya", "Mei", "Michael", "Mohammed", "Nadia", "Naomi", "Neil", "Nikhil", "Olivia",
    "Omar", "Owen", "Priya", "Rachel", "Rhys", "Rosa", "Ruth", "Sam", "Sarah", "Sean",
    "Sofia", "Sunil", "Tariq", "Thomas", "Tom", "Uma", "Victoria", "Wei", "Yusuf", "Zara",
    "Zoe", "Ingrid", "Lars", "Marta", "Pedro", "Elif", "Kenji", "Ana", "Patrick", "Siobhan",
)
LAST_NAMES = (
    "Adams", "Ahmed", "Ali", "Anderson", "Bailey", "Baker", "Barnes", "Bell", "Brown",
    "Campbell", "Carter", "Chapman", "Chen", "Clarke", "Collins", "Cooper", "Davies",
    "Edwards", "Evans", "Fischer", "Fletcher", "Garcia", "Green", "Hall", "Harris",
    "Hughes", "Hussain", "Jackson", "James", "Jones", "Kaur", "Kelly", "Khan", "King",
    "Kowalski", "Lee", "Lewis", "Lopez", "Martin", "Mason", "Mensah", "Mitchell", "Moore",
    "Morgan", "Murphy", "Nguyen", "Novak", "O'Brien", "Okafor", "Owen", "Parker", "Patel",
    "Phillips", "Price", "Roberts", "Robinson", "Rossi", "Scott", "Shah", "Singh", "Smith",
    "Taylor", "Thomas", "Thompson", "Turner", "Walker", "Wang", "Ward", "Watson", "White",
    "Williams", "Wilson", "Wood", "Wright", "Yamamoto", "Young", "Zhang", "Lindqvist",
    "Silva", "Demir",
)
PMO_ROLES = ("Head of PMO", "Portfolio Manager", "PMO Communications Lead",
             "PMO Methods & Tools Lead")
PMO_OTHER_ROLES = ("PMO Analyst", "Portfolio Analyst", "Resource Manager", "Reporting Analyst",
                   "Benefits Manager", "Risk Manager", "Planning Analyst", "PMO Officer")
LEADER_ROLES = (
    "Chief Operating Officer", "Chief Executive Officer", "Chief Financial Officer",
    "Chief Information Officer", "Chief People Officer", "Director of Transformation",
    "Director of Strategy", "Director of Operations", "Director of Customer Service",
    "Chief Data Officer",
)
LEADER_OTHER_ROLES = ("Divisional Director", "Regional Director", "Programme Sponsor",
                      "Director of Change", "Head of Portfolio", "Managing Director")
MANAGER_ROLES = ("Project Manager", "Programme Manager", "Delivery Manager",
                 "Senior Project Manager")
MEMBER_ROLES = ("Business Analyst", "Developer", "Tester", "Solution Architect",
                "Project Coordinator", "Scrum Master", "Change Manager", "Data Analyst",
                "UX Designer", "Product Owner", "Project Support Officer", "Engineer")
LIAISON_ROLES = ("Embedded PMO Analyst", "Project Support Officer", "Project Controller")
DEPARTMENTS = ("Finance", "HR", "Operations", "Sales", "Marketing", "Legal", "Procurement",
               "Customer Service", "IT Operations", "Facilities", "Risk & Compliance",
               "Estates", "Communications", "Data & Insight", "Supply Chain", "Internal Audit")
REGIONS = ("North", "South", "East", "West", "Midlands", "Scotland", "Wales", "Ireland",
           "Benelux", "Nordics", "Iberia", "DACH", "Americas", "APAC")
BUSINESS_POSITIONS = ("Officer", "Analyst", "Adviser", "Coordinator", "Specialist",
                      "Assistant", "Team Leader", "Manager")
PROJECT_NAMES = ("Falcon", "Atlas", "Beacon", "Compass", "Delta", "Ember", "Fjord",
                 "Granite", "Harbour", "Iris", "Juniper", "Kite", "Lighthouse", "Mosaic",
                 "Nimbus", "Orion", "Pioneer", "Quartz", "Rowan", "Summit", "Tidal", "Unity",
                 "Vanguard", "Willow", "Zephyr")
INFLUENCER_ROLES = ("Author & Speaker", "PMO Consultant", "Industry Analyst",
                    "Professor of Project Management", "Mentor", "Podcast Host",
                    "Association Board Member")
INFLUENCER_ORGS = ("Association for Project Management", "PMI UK Chapter",
                   "PMO Global Alliance", "Northbridge University", "Independent",
                   "Keystone Advisory", "The PMO Podcast")
INDUSTRY_ROLES = ("PMO Manager", "Project Manager", "Portfolio Analyst", "PMO Consultant",
                  "Programme Manager", "Head of PMO", "Change Lead", "PMO Analyst")
INDUSTRY_ORGS = ("Brightwater Bank", "Northgate Logistics", "Kestrel Energy",
                 "Meridian Health Trust", "Oakfield Council", "Bluefin Insurance",
                 "Corvid Software", "Highland Water", "Sable Retail", "Tamar Rail",
                 "Quayside Consulting", "Lumen Telecom")

_VEHICLES = [v.value for v in Vehicle]
_VCODE = {v: i for i, v in enumerate(_VEHICLES)}
_CONNECTIONS = [c.value for c in Connection]
_CCODE = {c: i for i, c in enumerate(_CONNECTIONS)}
_DIRECTIONS = ["both", "out"]
_STANCES = ("champion", "supporter", "neutral", "sceptic", "critic", "unknown")
_EPOCH = dt.date(1970, 1, 1)
_MAX_DAYS_AGO = 1500  # a stale tie is at most about four years old


def _attrs(values: dict[str, str]) -> str:
    # Exactly as graphkit.model.to_row writes attributes, so tables and documents agree.
    return json.dumps(values, sort_keys=True, ensure_ascii=False)


def _pick(rng: np.random.Generator, vocab: Sequence[str], n: int) -> list[str]:
    return [vocab[i] for i in rng.integers(0, len(vocab), n).tolist()]


def _half_up(x: float) -> int:
    return int(math.floor(x + 0.5))


# --- Stakeholders --------------------------------------------------------------------------------


class _People:
    """Stakeholder columns, appended block by block."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.cols: dict[str, list[Any]] = {name: [] for name in STAKEHOLDER_SCHEMA.names
                                            if name != "id"}

    def __len__(self) -> int:
        return len(self.cols["name"])

    def names(self, n: int) -> list[str]:
        first = self.rng.integers(0, len(FIRST_NAMES), n)
        last = self.rng.integers(0, len(LAST_NAMES), n)
        return [f"{FIRST_NAMES[f]} {LAST_NAMES[s]}" for f, s in zip(first.tolist(), last.tolist())]

    def scores(self, n: int, low: int, high: int) -> list[int]:
        return self.rng.integers(low, high + 1, n).tolist()

    def stances(self, n: int, probs: Sequence[float]) -> list[str]:
        codes = self.rng.choice(len(_STANCES), size=n, p=np.asarray(probs) / np.sum(probs))
        return [_STANCES[c] for c in codes.tolist()]

    def add(self, n: int, *, group: str | None, source: str, organisation: str | Sequence[str],
            role: Sequence[str], internal: bool, influence: tuple[int, int],
            interest: tuple[int, int], stance: Sequence[float], attributes: str | Sequence[str],
            is_pmo: bool = False, influencer: bool = False) -> np.ndarray:
        """Append ``n`` stakeholders; return their indices."""
        start = len(self)
        if n == 0:
            return np.arange(start, start, dtype=np.int64)
        c = self.cols
        c["name"] += self.names(n)
        c["group"] += [group] * n
        c["source"] += [source] * n
        c["organisation"] += ([organisation] * n if isinstance(organisation, str)
                              else list(organisation))
        c["role"] += list(role)
        c["internal"] += [internal] * n
        c["is_pmo"] += [is_pmo] * n
        c["influencer"] += [influencer or source == "external_influencer"] * n
        c["influence"] += self.scores(n, *influence)
        c["interest"] += self.scores(n, *interest)
        c["stance"] += self.stances(n, stance)
        c["attributes"] += [attributes] * n if isinstance(attributes, str) else list(attributes)
        assert len(self) == start + n
        return np.arange(start, start + n, dtype=np.int64)

    def set(self, index: int, **values: Any) -> None:
        for key, value in values.items():
            self.cols[key][int(index)] = value


# --- Touchpoints ---------------------------------------------------------------------------------


def _choose(rng: np.random.Generator, n: int, spec: Any, codes: dict[str, int] | None = None
            ) -> np.ndarray:
    """``spec`` is one value, or ``{value: weight}``; returns n values (as codes if given)."""
    if isinstance(spec, dict):
        values = list(spec)
        weights = np.asarray(list(spec.values()), dtype=float)
        picked = rng.choice(len(values), size=n, p=weights / weights.sum())
        table = np.asarray([codes[v] for v in values] if codes else values)
        return table[picked]
    return np.full(n, codes[spec] if codes else spec)


class _Ties:
    """Touchpoint columns as numpy chunks; folded, de-duplicated and dated at the end."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.chunks: list[tuple[np.ndarray, ...]] = []

    def add(self, src: Any, tgt: Any, vehicle: Any, connection: Any, cadence: Any,
            strength: tuple[float, float], *, stale: float = 0.04, missing: float = 0.0,
            out: bool = False) -> None:
        src, tgt = np.broadcast_arrays(np.asarray(src, dtype=np.int64),
                                       np.asarray(tgt, dtype=np.int64))
        src, tgt = src.ravel(), tgt.ravel()
        n = src.size
        if n == 0:
            return
        rng = self.rng
        veh = _choose(rng, n, vehicle, _VCODE).astype(np.int8)
        con = _choose(rng, n, connection, _CCODE).astype(np.int8)
        cad = _choose(rng, n, cadence).astype(np.int64)
        lo, hi = strength
        stg = np.round(rng.uniform(lo, hi, n), 2)
        # Fresh ties happened within their cadence; stale ones 3–8 cadences ago.
        fresh_days = np.floor(rng.random(n) * cad).astype(np.int64)
        stale_days = np.ceil(cad * rng.uniform(3.0, 8.0, n)).astype(np.int64) + 1
        is_stale = rng.random(n) < stale
        days = np.minimum(np.where(is_stale, stale_days, fresh_days), _MAX_DAYS_AGO)
        if missing:
            days = np.where(rng.random(n) < missing, -1, days)  # -1: never recorded
        direction = np.full(n, 1 if out else 0, dtype=np.int8)
        self.chunks.append((src.copy(), tgt.copy(), veh, con, cad, days, stg, direction))

    def columns(self, n_people: int) -> tuple[np.ndarray, ...]:
        cols = [np.concatenate(parts) for parts in zip(*self.chunks)]
        src, tgt, veh = cols[0], cols[1], cols[2]
        keep = src != tgt
        lo, hi = np.minimum(src, tgt), np.maximum(src, tgt)
        key = (lo * n_people + hi) * len(_VEHICLES) + veh.astype(np.int64)
        key = np.where(keep, key, -1)
        _, first = np.unique(key, return_index=True)
        first = np.sort(first)
        first = first[keep[first]]
        return tuple(c[first] for c in cols)


# --- The network ---------------------------------------------------------------------------------


def _team_sizes(rng: np.random.Generator, total: int) -> np.ndarray:
    """Split ``total`` (≥ 10) people into at least two teams of 5–12 (mostly 7–10)."""
    low, high = math.ceil(total / 12), total // 5
    teams = min(max(_half_up(total / 8.5), low, 2), high)
    extras = total - 5 * teams
    slots = rng.permutation(np.repeat(np.arange(teams), 7))[:extras]
    return 5 + np.bincount(slots, minlength=teams)


def _pairs(starts: np.ndarray, sizes: np.ndarray, *, with_first_only: bool = False
           ) -> tuple[np.ndarray, np.ndarray]:
    """All pairs inside each block ``[start, start+size)`` (or the first with each other)."""
    src_parts, tgt_parts = [], []
    for size in np.unique(sizes).tolist():
        block = starts[sizes == size]
        if with_first_only:
            i = np.zeros(size - 1, dtype=np.int64)
            j = np.arange(1, size, dtype=np.int64)
        else:
            i, j = np.triu_indices(size, k=1)
        src_parts.append((block[:, None] + i[None, :]).ravel())
        tgt_parts.append((block[:, None] + j[None, :]).ravel())
    if not src_parts:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return np.concatenate(src_parts), np.concatenate(tgt_parts)


def _sample(rng: np.random.Generator, pool: np.ndarray, n: int) -> np.ndarray:
    return pool[rng.integers(0, len(pool), n)] if len(pool) and n else np.empty(0, np.int64)


def _counts(size: int) -> dict[str, int]:
    n_pmo = min(60, max(4, _half_up(3 + math.sqrt(size) / 4)))
    n_lead = max(2, _half_up(size * 0.03))
    n_inf = max(2, _half_up(size * 0.015))
    n_ind = max(3, _half_up(size * 0.05))
    n_liaison = max(1, _half_up(size * 0.004))
    rest = size - n_pmo - n_lead - n_inf - n_ind - n_liaison
    n_delivery = max(10, _half_up(rest * 0.42))
    n_business = rest - n_delivery
    n_isolated = 1 if size < 1000 else size // 2000  # new joiners, besides the critic
    return dict(pmo=n_pmo, leadership=n_lead, influencers=n_inf, industry=n_ind,
                liaisons=n_liaison, delivery=n_delivery, business=n_business,
                isolated=n_isolated)


def _build(size: int, seed: int, as_of: dt.date) -> dict[str, pa.Table]:
    if isinstance(size, bool) or not isinstance(size, int) or size < MIN_SIZE:
        raise ValueError(f"size must be an integer of at least {MIN_SIZE} stakeholders, "
                         f"got {size!r}")
    rng = np.random.default_rng(seed)
    k = _counts(size)
    people = _People(rng)
    ties = _Ties(rng)

    # ---- people ------------------------------------------------------------------------------
    n_pmo = k["pmo"]
    pmo_roles = list(PMO_ROLES) + _pick(rng, PMO_OTHER_ROLES, n_pmo - 4)
    pmo = people.add(n_pmo, group=None, source="team_member", organisation=ORGANISATION,
                     role=pmo_roles, internal=True, is_pmo=True, influence=(2, 4),
                     interest=(5, 5), stance=(0, 1, 0, 0, 0, 0),
                     attributes=_attrs({"team": "PMO"}))
    people.set(pmo[0], stance="champion", influence=4)
    head, portfolio, comms, methods = (int(i) for i in pmo[:4])
    pmo_account = np.concatenate([pmo[:2], pmo[4:]])  # who looks after managers and sponsors

    n_lead = k["leadership"]
    lead_roles = list(LEADER_ROLES[:n_lead]) + [
        LEADER_OTHER_ROLES[i] for i in
        rng.integers(0, len(LEADER_OTHER_ROLES), max(0, n_lead - len(LEADER_ROLES))).tolist()]
    leaders = people.add(n_lead, group="leadership", source="sponsor", organisation=ORGANISATION,
                         role=lead_roles, internal=True, influence=(4, 5), interest=(2, 5),
                         stance=(25, 35, 20, 15, 0, 5), attributes="{}")
    lead_champion, lead_critic = int(leaders[0]), int(leaders[-1])
    people.set(lead_champion, stance="champion", interest=5)
    people.set(lead_critic, stance="critic", influence=5)
    sponsors = leaders[:-1]  # the critic sponsors nothing

    n_liaison = k["liaisons"]
    liaisons = people.add(n_liaison, group="delivery", source="team_member",
                          organisation=ORGANISATION,
                          role=_pick(rng, LIAISON_ROLES, n_liaison),
                          internal=True, influence=(2, 3), interest=(4, 5),
                          stance=(2, 6, 2, 0, 0, 0), attributes=_attrs({"team": "PMO"}))

    sizes = _team_sizes(rng, k["delivery"])
    n_teams = len(sizes)
    team_names = [f"Project {PROJECT_NAMES[t % len(PROJECT_NAMES)]}"
                  + ("" if t < len(PROJECT_NAMES) else f" {t // len(PROJECT_NAMES) + 1}")
                  for t in range(n_teams)]
    team_of = np.repeat(np.arange(n_teams), sizes)
    member_roles = _pick(rng, MEMBER_ROLES, k["delivery"])
    manager_roles = rng.integers(0, len(MANAGER_ROLES), n_teams).tolist()
    team_attrs = [_attrs({"team": name}) for name in team_names]
    first_offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    for t, offset in enumerate(first_offsets.tolist()):
        member_roles[offset] = MANAGER_ROLES[manager_roles[t]]
    delivery = people.add(k["delivery"], group="delivery", source="delivery_team",
                          organisation=ORGANISATION, role=member_roles, internal=True,
                          influence=(1, 3), interest=(2, 4), stance=(5, 30, 25, 8, 2, 30),
                          attributes=[team_attrs[t] for t in team_of.tolist()])
    team_start = delivery[0] + first_offsets
    managers = team_start
    for m in managers.tolist():
        people.set(m, influence=int(rng.integers(3, 5)), interest=int(rng.integers(3, 6)))
    spof_team = int(rng.integers(0, n_teams))
    open_teams = np.flatnonzero(np.arange(n_teams) != spof_team)
    people.set(managers[open_teams[0]], stance="champion")
    people.set(managers[spof_team], stance="sceptic")
    in_spof = team_of == spof_team
    open_members = delivery[~in_spof]
    open_non_managers = np.setdiff1d(open_members, managers)

    n_business = k["business"]
    n_isolated = k["isolated"] + 1  # + the critic
    n_active = n_business - n_isolated
    dept_count = max(1, _half_up(n_active / 40))
    cuts = np.sort(rng.choice(np.arange(1, n_active), size=dept_count - 1, replace=False)) \
        if dept_count > 1 else np.empty(0, np.int64)
    dept_sizes = np.diff(np.concatenate([[0], cuts, [n_active]]))
    dept_names = []
    for d in range(dept_count):
        base = DEPARTMENTS[d % len(DEPARTMENTS)]
        tier = d // len(DEPARTMENTS)
        if tier == 0:
            dept_names.append(base)
        else:
            region = REGIONS[(tier - 1) % len(REGIONS)]
            number = (tier - 1) // len(REGIONS)
            dept_names.append(f"{base} – {region}" + (f" {number + 1}" if number else ""))
    dept_of = np.concatenate([np.repeat(np.arange(dept_count), dept_sizes),
                              rng.integers(0, dept_count, n_isolated)])
    dept_attrs = [_attrs({"department": name}) for name in dept_names]
    positions = rng.integers(0, len(BUSINESS_POSITIONS), n_business).tolist()
    business_roles = [f"{DEPARTMENTS[d % len(DEPARTMENTS)]} {BUSINESS_POSITIONS[p]}"
                      for d, p in zip(dept_of.tolist(), positions)]
    dept_first = np.concatenate([[0], np.cumsum(dept_sizes)[:-1]])
    for d, offset in enumerate(dept_first.tolist()):
        business_roles[offset] = f"Head of {DEPARTMENTS[d % len(DEPARTMENTS)]}"
    business = people.add(n_business, group="business", source="stakeholder",
                          organisation=ORGANISATION, role=business_roles, internal=True,
                          influence=(1, 3), interest=(1, 3), stance=(2, 10, 25, 5, 1, 57),
                          attributes=[dept_attrs[d] for d in dept_of.tolist()])
    active = business[:n_active]
    isolated = business[n_active:]
    dept_start = business[0] + dept_first
    heads = dept_start
    for h in heads.tolist():
        people.set(h, influence=int(rng.integers(3, 5)))
    critic = int(isolated[0])
    people.set(critic, stance="critic", influence=4, interest=3,
               role=f"{DEPARTMENTS[int(dept_of[n_active]) % len(DEPARTMENTS)]} Director")
    biz_champion = int(active[-1])
    people.set(biz_champion, stance="champion", influence=3, interest=4)
    for b in _sample(rng, active, max(1, n_active // 500)).tolist():
        people.set(b, influencer=True)  # internal opinion leaders

    n_inf = k["influencers"]
    influencers = people.add(
        n_inf, group="influencers", source="external_influencer",
        organisation=_pick(rng, INFLUENCER_ORGS, n_inf),
        role=_pick(rng, INFLUENCER_ROLES, n_inf),
        internal=False, influencer=True, influence=(3, 5), interest=(2, 4),
        stance=(20, 30, 20, 5, 0, 25), attributes="{}")

    n_ind = k["industry"]
    industry = people.add(
        n_ind, group="industry", source="industry_acquaintance",
        organisation=_pick(rng, INDUSTRY_ORGS, n_ind),
        role=_pick(rng, INDUSTRY_ROLES, n_ind),
        internal=False, influence=(1, 3), interest=(1, 3), stance=(3, 15, 20, 2, 0, 60),
        attributes="{}")
    n = len(people)
    assert n == size, (n, size)

    # ---- touchpoints -------------------------------------------------------------------------
    # The PMO itself: weekly team meeting, daily chat, the head's one-to-ones.
    i, j = np.triu_indices(n_pmo, k=1)
    ties.add(pmo[i], pmo[j], "meeting", "operational", 7, (0.7, 1.0), stale=0.0)
    ties.add(pmo[i], pmo[j], "chat", "operational", 1, (0.5, 0.9), stale=0.02)
    ties.add(head, pmo[1:], "one_to_one", {"personal": 2, "operational": 1}, {7: 1, 14: 2},
             (0.7, 1.0), stale=0.05)

    # Senior Leadership: boards of about eight, the PMO's account with every sponsor.
    board_sizes = _team_sizes(rng, n_lead) if n_lead >= 10 else np.array([n_lead])
    board_starts = leaders[0] + np.concatenate([[0], np.cumsum(board_sizes)[:-1]])
    i, j = _pairs(board_starts, board_sizes)
    ties.add(i, j, "meeting", "strategic", {14: 1, 30: 2}, (0.5, 0.9), stale=0.05)
    account = np.where(np.arange(len(sponsors)) < 3, head, _sample(rng, pmo_account,
                                                                    len(sponsors)))
    ties.add(account, sponsors, {"one_to_one": 3, "meeting": 1}, "strategic", {14: 2, 30: 1},
             (0.6, 1.0), stale=0.06)
    ties.add(head, lead_champion, "steering_committee", "strategic", 30, (0.8, 1.0), stale=0.0)
    # The critic in leadership hears from the PMO only by an email that has gone stale.
    ties.add(head, lead_critic, "email", "operational", 30, (0.2, 0.4), stale=1.0)

    # Sponsors steer the projects with the managers and the PMO.
    team_sponsor = _sample(rng, sponsors, n_teams)
    team_pmo = _sample(rng, pmo_account, n_teams)
    ties.add(team_sponsor, managers, "steering_committee", "strategic", 30, (0.6, 1.0),
             stale=0.04)
    ties.add(team_pmo, team_sponsor, "steering_committee", "strategic", 30, (0.6, 1.0),
             stale=0.04)
    some = rng.random(n_teams) < 0.4
    ties.add(team_sponsor[some], managers[some], "one_to_one", {"strategic": 1, "personal": 1},
             {14: 1, 30: 2}, (0.5, 0.9), stale=0.08)

    # Inside each project team: daily stand-up, chat, manager one-to-ones.
    # (Part-timers skip the stand-up; not every pair chats or mails.)
    i, j = _pairs(team_start, sizes)
    manager_pair = np.isin(i, team_start)
    stand_up = manager_pair | (rng.random(i.size) < 0.75)
    ties.add(i[stand_up], j[stand_up], "meeting", "operational", {1: 3, 7: 1}, (0.6, 0.95),
             stale=0.02)
    chat = rng.random(i.size) < 0.7
    ties.add(i[chat], j[chat], "chat", "operational", {1: 2, 2: 1, 7: 1}, (0.4, 0.8), stale=0.03)
    mail = rng.random(i.size) < 0.2
    ties.add(i[mail], j[mail], "email", "operational", {7: 1, 14: 1}, (0.3, 0.6), stale=0.05)
    i, j = _pairs(team_start, sizes, with_first_only=True)
    ties.add(i, j, "one_to_one", {"personal": 1, "operational": 2}, {7: 1, 14: 2}, (0.6, 1.0),
             stale=0.06)

    # The PMO and the managers (every team's lifeline; the weakest team has nothing else).
    ties.add(team_pmo, managers, "meeting", "operational", 7, (0.6, 0.9), stale=0.03)
    mail = (rng.random(n_teams) < 0.6) & (np.arange(n_teams) != spof_team)
    ties.add(team_pmo[mail], managers[mail], "email", "operational", {7: 2, 14: 1}, (0.3, 0.6),
             stale=0.05)
    ties.add(portfolio, managers[np.arange(n_teams) != spof_team], "other", "operational", 30,
             (0.2, 0.5), stale=0.1)  # the monthly portfolio return
    # ... and a few team members directly, so other teams never hang on one person.
    open_starts, open_sizes = team_start[open_teams], sizes[open_teams]
    direct = open_starts + rng.integers(1, open_sizes)
    ties.add(_sample(rng, pmo, direct.size), direct, {"chat": 2, "community_of_practice": 1},
             {"operational": 2, "personal": 1}, {7: 1, 30: 1}, (0.3, 0.7), stale=0.05)
    trained = open_non_managers[rng.random(open_non_managers.size) < 0.1]
    ties.add(methods, trained, "training", "operational", {90: 1, 180: 1}, (0.3, 0.5),
             stale=0.1)

    # Embedded PMO analysts: a weekly one-to-one in the PMO, chat with their teams.
    ties.add(_sample(rng, pmo_account, n_liaison), liaisons, "one_to_one", "operational", 7,
             (0.7, 1.0), stale=0.02)
    ties.add(liaisons, head, "meeting", "operational", 14, (0.5, 0.8), stale=0.05)
    embedded = np.concatenate([open_teams[: min(n_liaison, open_teams.size)],
                               _sample(rng, open_teams, n_liaison)])
    owner = np.concatenate([liaisons[: min(n_liaison, open_teams.size)], liaisons])
    reps = sizes[embedded]
    members = np.repeat(team_start[embedded], reps) + (
        np.arange(reps.sum()) - np.repeat(np.cumsum(reps) - reps, reps))
    ties.add(np.repeat(owner, reps), members, {"chat": 3, "meeting": 1}, "operational",
             {2: 1, 7: 2}, (0.4, 0.8), stale=0.04)

    # Across teams: the managers' forum and the community of practice.
    ties.add(np.repeat(managers, 2), _sample(rng, managers, 2 * n_teams), "meeting",
             {"operational": 2, "personal": 1}, 14, (0.3, 0.6), stale=0.08)
    cop = open_non_managers[rng.random(open_non_managers.size) < 0.5]
    ties.add(cop, _sample(rng, open_members, cop.size), "community_of_practice",
             {"personal": 1, "operational": 1}, 30, (0.2, 0.5), stale=0.1)

    # Delivery and the business people they deliver for.
    per_team = rng.integers(2, 7, open_teams.size)
    who = np.repeat(open_starts, per_team) + np.where(
        rng.random(per_team.sum()) < 0.6, 0, rng.integers(1, np.repeat(open_sizes, per_team)))
    ties.add(who, _sample(rng, active, who.size), {"email": 5, "meeting": 2, "other": 1},
             "operational", {14: 1, 30: 2}, (0.3, 0.7), stale=0.06, missing=0.05)

    # The wider business: colleagues within a department, mostly by email; each draws up
    # to eleven colleagues (fewer in a small department, so pairs do not pile up vehicles).
    d_sizes = np.repeat(dept_sizes, dept_sizes)
    d_start = np.repeat(dept_start, dept_sizes)
    draws = np.where(d_sizes > 1, np.clip((d_sizes - 1) // 2, 1, 11), 0)
    src = np.repeat(active, draws)
    if src.size:
        span = np.repeat(d_sizes, draws)
        base = np.repeat(d_start, draws)
        tgt = base + (src - base + rng.integers(1, span)) % span
        ties.add(src, tgt, {"email": 70, "meeting": 17, "chat": 13},
                 {"operational": 5, "personal": 1}, {7: 1, 14: 2, 30: 2}, (0.2, 0.7), stale=0.06,
                 missing=0.02)
    # Department heads report to a director.
    ties.add(heads, _sample(rng, leaders, heads.size), {"meeting": 1, "one_to_one": 1},
             {"operational": 1, "strategic": 1}, {14: 1, 30: 2}, (0.5, 0.9), stale=0.05)

    # The PMO and the business: newsletter and intranet for most, in person for a few.
    def some_of(pool: np.ndarray, share: float) -> np.ndarray:
        return np.sort(rng.permutation(pool)[: int(share * pool.size)])

    ties.add(comms, some_of(active, 0.85), "newsletter", "operational", 30, (0.1, 0.25),
             stale=0.0, out=True)
    ties.add(comms, some_of(active, 0.3), "intranet", "operational", 14, (0.05, 0.2),
             stale=0.0, out=True)
    seen = np.concatenate([some_of(heads, 0.2), some_of(active, 0.02)])
    ties.add(_sample(rng, pmo_account, seen.size), seen, {"email": 3, "meeting": 1},
             "operational", 30, (0.3, 0.6), stale=0.1)
    ties.add(comms, biz_champion, "newsletter", "operational", 30, (0.1, 0.25), stale=0.0,
             out=True)

    # External influencers: known to leadership; the PMO barely touches them.
    ties.add(influencers, _sample(rng, leaders, n_inf), {"event": 2, "one_to_one": 1},
             {"strategic": 2, "personal": 1}, {60: 1, 90: 2, 180: 1}, (0.3, 0.7), stale=0.1)
    second = influencers[rng.random(n_inf) < 0.5]
    ties.add(second, _sample(rng, leaders, second.size), {"event": 1, "linkedin": 1},
             "personal", {90: 1, 180: 1}, (0.2, 0.5), stale=0.15)
    mentored = influencers[: n_inf // 10]  # ≤ one in ten
    ties.add(_sample(rng, pmo, mentored.size), mentored, "one_to_one", "personal", {30: 1, 60: 1},
             (0.5, 0.9), stale=0.1)
    if n_inf >= 2:
        ties.add(influencers, _sample(rng, influencers, n_inf), "event", "personal", 180,
                 (0.2, 0.5), stale=0.2)

    # Industry acquaintances: LinkedIn (often stale), the PMO blog, events, their own CoPs.
    ties.add(industry, _sample(rng, pmo, n_ind), "linkedin", "personal", {30: 1, 90: 3},
             (0.1, 0.4), stale=0.4)
    again = industry[rng.random(n_ind) < 0.5]
    ties.add(again, _sample(rng, pmo, again.size), "linkedin", "personal", 90, (0.1, 0.3),
             stale=0.5)
    ties.add(comms, industry[rng.random(n_ind) < 0.4], "blog", "personal", 30, (0.05, 0.2),
             stale=0.0, out=True)
    met = industry[rng.random(n_ind) < 0.15]
    ties.add(_sample(rng, pmo, met.size), met, "event", {"personal": 2, "strategic": 1},
             {90: 1, 180: 2}, (0.2, 0.5), stale=0.2)
    ties.add(industry, _sample(rng, industry, n_ind), "community_of_practice", "personal",
             {30: 1, 60: 1}, (0.2, 0.5), stale=0.15)
    linked = managers[open_teams][rng.random(open_teams.size) < 0.1]
    ties.add(linked, _sample(rng, industry, linked.size), "linkedin", "personal", 90, (0.1, 0.3),
             stale=0.3)

    # ---- tables ------------------------------------------------------------------------------
    width = max(5, len(str(size)))
    ids = pa.array([f"s{x:0{width}d}" for x in range(1, size + 1)], pa.string())
    columns = {"id": ids, **{name: pa.array(values, STAKEHOLDER_SCHEMA.field(name).type)
                             for name, values in people.cols.items()}}
    stakeholders = pa.table(columns, schema=STAKEHOLDER_SCHEMA)

    src, tgt, veh, con, cad, days, stg, direction = ties.columns(size)
    source, target = ids.take(pa.array(src)), ids.take(pa.array(tgt))
    vehicle = pa.array(_VEHICLES, pa.string()).take(pa.array(veh.astype(np.int32)))
    as_of_day = (as_of - _EPOCH).days
    last = pa.array((as_of_day - days).astype(np.int32), mask=days < 0).cast(pa.date32())
    touchpoints = pa.table({
        "id": pc.binary_join_element_wise(source, target, vehicle, "|"),
        "source": source,
        "target": target,
        "target_group": pa.nulls(len(src), pa.string()),
        "vehicle": vehicle,
        "connection": pa.array(_CONNECTIONS, pa.string()).take(pa.array(con.astype(np.int32))),
        "cadence_days": pa.array(cad, pa.int64()),
        "last_contact": last,
        "strength": pa.array(stg.astype(np.float64), pa.float64()),
        "direction": pa.array(_DIRECTIONS, pa.string()).take(
            pa.array(direction.astype(np.int32))),
    }, schema=TOUCHPOINT_SCHEMA)
    groups = to_table("groups", list(DEFAULT_GROUPS))
    return {"groups": groups, "stakeholders": stakeholders, "touchpoints": touchpoints}


def generate_tables(size: int = 300, seed: int = 7, as_of: dt.date | None = None
                    ) -> dict[str, pa.Table]:
    """The demo network as Arrow tables ``groups``, ``stakeholders``, ``touchpoints``.

    In the :mod:`graphkit.model` schemas, ready for a store's bulk load; the fast path for
    large sizes (10^5 stakeholders, ≈10^6 touchpoints in a few seconds). ``as_of`` defaults
    to :data:`DEFAULT_AS_OF` (fixed, not today), so the same seed gives the same tables.
    """
    return _build(size, seed, DEFAULT_AS_OF if as_of is None else as_of)


def generate(size: int = 300, seed: int = 7, as_of: dt.date | None = None) -> NetworkDocument:
    """The demo network as a validated :class:`NetworkDocument`.

    Built from the very rows of :func:`generate_tables` (same arguments, same network), and
    validated by the models; for very large sizes prefer :func:`generate_tables`.
    ``as_of`` defaults to :data:`DEFAULT_AS_OF` (2026-11-01), so the same ``size`` and
    ``seed`` give the same document whatever today's date is.
    """
    tables = generate_tables(size, seed, as_of)
    # Millions of fresh, acyclic objects: the cyclic collector would only rescan them over
    # and over (it doubles the time at 10^6 touchpoints), so it pauses while they are built.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        stakeholders = tables["stakeholders"].to_pylist()
        for row in stakeholders:
            row["attributes"] = json.loads(row["attributes"])
        return NetworkDocument.model_validate({
            "groups": [g.model_dump() for g in DEFAULT_GROUPS],
            "stakeholders": stakeholders,
            "touchpoints": tables["touchpoints"].to_pylist(),
        })
    finally:
        if was_enabled:
            gc.enable()
