"""The generated demo network: deterministic, valid, and carrying every planted gap."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter, defaultdict, deque
from functools import lru_cache

import pyarrow as pa
import pytest

from graphkit import demo
from graphkit.model import (
    DEFAULT_GROUPS,
    SCHEMAS,
    NetworkDocument,
    Source,
    Touchpoint,
    to_table,
)

AS_OF = demo.DEFAULT_AS_OF


@lru_cache(maxsize=None)
def tables(size: int, seed: int = 7) -> dict[str, pa.Table]:
    return demo.generate_tables(size, seed)


@lru_cache(maxsize=None)
def document(size: int, seed: int = 7) -> NetworkDocument:
    return demo.generate(size, seed)


class Net:
    """Plain-Python view of a generated network, for structural checks."""

    def __init__(self, t: dict[str, pa.Table]) -> None:
        self.people = t["stakeholders"].to_pylist()
        self.ties = t["touchpoints"].to_pylist()
        self.by_id = {p["id"]: p for p in self.people}
        self.group = {p["id"]: p["group"] for p in self.people}
        self.pmo = {p["id"] for p in self.people if p["is_pmo"]}
        self.adj: dict[str, set[str]] = defaultdict(set)
        for tp in self.ties:
            self.adj[tp["source"]].add(tp["target"])
            self.adj[tp["target"]].add(tp["source"])
        self.team: dict[str, list[str]] = defaultdict(list)
        for p in self.people:
            if p["source"] == "delivery_team":
                self.team[json.loads(p["attributes"])["team"]].append(p["id"])

    def members(self, group: str) -> list[str]:
        return [p["id"] for p in self.people if p["group"] == group]

    def reachable(self, start: set[str], without: set[str] = frozenset()) -> set[str]:
        seen, queue = set(start) - set(without), deque(set(start) - set(without))
        while queue:
            for nxt in self.adj[queue.popleft()]:
                if nxt not in seen and nxt not in without:
                    seen.add(nxt)
                    queue.append(nxt)
        return seen

    def group_ties(self, group: str) -> list[dict]:
        return [tp for tp in self.ties
                if self.group[tp["source"]] == group or self.group[tp["target"]] == group]


@lru_cache(maxsize=None)
def net(size: int, seed: int = 7) -> Net:
    return Net(tables(size, seed))


CASES = [(30, 7), (31, 1), (57, 3), (300, 7), (300, 42), (1200, 5), (5000, 7)]


# --- determinism ---------------------------------------------------------------------------------


def test_same_seed_gives_the_same_document_and_tables():
    assert demo.generate(300, 7).model_dump_json() == demo.generate(300, 7).model_dump_json()
    first, second = demo.generate_tables(300, 7), demo.generate_tables(300, 7)
    for kind in ("groups", "stakeholders", "touchpoints"):
        assert first[kind].equals(second[kind])


def test_default_as_of_is_fixed_not_today():
    assert demo.DEFAULT_AS_OF == dt.date(2026, 11, 1)
    assert (demo.generate(60, 7).model_dump_json()
            == demo.generate(60, 7, as_of=dt.date(2026, 11, 1)).model_dump_json())


def test_different_seed_gives_a_different_network():
    a, b = demo.generate(300, 7), demo.generate(300, 8)
    assert [s.name for s in a.stakeholders] != [s.name for s in b.stakeholders]
    assert {t.id for t in a.touchpoints} != {t.id for t in b.touchpoints}


def test_as_of_moves_the_dates_and_nothing_else():
    later = AS_OF + dt.timedelta(days=100)
    a, b = demo.generate(100, 7), demo.generate(100, 7, as_of=later)
    assert a.stakeholders == b.stakeholders
    assert len(a.touchpoints) == len(b.touchpoints)
    for x, y in zip(a.touchpoints, b.touchpoints):
        assert x.model_dump(exclude={"last_contact"}) == y.model_dump(exclude={"last_contact"})
        if x.last_contact is not None:
            assert y.last_contact - x.last_contact == dt.timedelta(days=100)
    assert max(t.last_contact for t in b.touchpoints if t.last_contact) <= later


# --- validity ------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [30, 300, 5000])
def test_document_is_valid_and_round_trips(size):
    doc = document(size)
    assert NetworkDocument.model_validate(doc.model_dump()) == doc
    assert NetworkDocument.model_validate_json(doc.model_dump_json()) == doc
    assert len(doc.stakeholders) == size
    assert [g.model_dump() for g in doc.groups] == [g.model_dump() for g in DEFAULT_GROUPS]

    ids = [s.id for s in doc.stakeholders]
    assert len(set(ids)) == size
    assert all(re.fullmatch(r"s\d{5}", i) for i in ids)
    group_ids = {g.id for g in doc.groups}
    assert all(link in group_ids for g in doc.groups for link in g.desired_links)
    assert all(s.group is None or s.group in group_ids for s in doc.stakeholders)
    assert all(s.name.strip() and s.role and s.organisation for s in doc.stakeholders)
    assert all(1 <= s.influence <= 5 and 1 <= s.interest <= 5 for s in doc.stakeholders)

    known = set(ids)
    tp_ids = [t.id for t in doc.touchpoints]
    assert len(set(tp_ids)) == len(tp_ids)
    pair_vehicle = set()
    for t in doc.touchpoints:
        assert t.source in known and t.target in known and t.source != t.target
        assert t.id == f"{t.source}|{t.target}|{t.vehicle}"
        assert t.cadence_days >= 1 and 0.0 <= t.strength <= 1.0
        assert t.last_contact is None or t.last_contact <= AS_OF
        # Not even the reverse pair repeats a vehicle: one channel per pair and vehicle.
        key = (frozenset((t.source, t.target)), t.vehicle)
        assert key not in pair_vehicle
        pair_vehicle.add(key)
        # Broadcast vehicles are one-way, from the PMO.
        if t.vehicle in ("newsletter", "intranet", "blog"):
            assert t.direction == "out"


def test_every_touchpoint_passes_the_model_on_its_own():
    for row in tables(300)["touchpoints"].to_pylist():
        assert Touchpoint.model_validate(row).id == row["id"]


def test_tables_and_document_agree():
    for size in (30, 300):
        t, doc = tables(size), document(size)
        for kind in ("groups", "stakeholders", "touchpoints"):
            assert t[kind].schema == SCHEMAS[kind]
            assert to_table(kind, list(getattr(doc, kind))).equals(t[kind]), kind


def test_size_below_minimum_is_refused():
    with pytest.raises(ValueError, match="at least 30"):
        demo.generate_tables(demo.MIN_SIZE - 1)


@pytest.mark.parametrize("size, seed", CASES)
def test_shape_of_the_organisation(size, seed):
    n = net(size, seed)
    assert len(n.people) == size
    assert {p["source"] for p in n.people} == {s.value for s in Source}
    assert {p["group"] for p in n.people} == {g.id for g in DEFAULT_GROUPS} | {None}

    # The PMO: a handful, team members, in no customer group, all talking to each other.
    assert 4 <= len(n.pmo) <= 60
    for pid in n.pmo:
        assert n.by_id[pid]["source"] == "team_member" and n.by_id[pid]["group"] is None
        assert n.pmo - {pid} <= n.adj[pid]
    # Sponsors are leadership with high influence; externals are external.
    for p in n.people:
        if p["source"] == "sponsor":
            assert p["group"] == "leadership" and p["influence"] >= 4
        if p["source"] in ("external_influencer", "industry_acquaintance"):
            assert not p["internal"]
        if p["source"] == "external_influencer":
            assert p["influencer"]
    # Project teams of 5-12, each with one manager.
    assert len(n.team) >= 2
    for team, members in n.team.items():
        assert 5 <= len(members) <= 12, team
        roles = [n.by_id[m]["role"] for m in members]
        assert sum(r in demo.MANAGER_ROLES for r in roles) == 1, team
        assert roles[0] in demo.MANAGER_ROLES
    # Champions and critics; a variety of vehicles, connections and cadences.
    stances = Counter(p["stance"] for p in n.people)
    assert stances["champion"] >= 2 and stances["critic"] >= 2
    assert len({t["vehicle"] for t in n.ties}) >= 10
    assert {t["connection"] for t in n.ties} == {"operational", "personal", "strategic"}
    assert len({t["cadence_days"] for t in n.ties}) >= 6
    # Desired links that are honoured: delivery talks to leadership and to the business.
    for a, b in (("delivery", "leadership"), ("delivery", "business")):
        assert any({n.group[t["source"]], n.group[t["target"]]} == {a, b} for t in n.ties)


# --- the planted gaps ----------------------------------------------------------------------------


@pytest.mark.parametrize("size, seed", CASES)
def test_stale_touchpoints(size, seed):
    n = net(size, seed)
    stale = [t for t in n.ties if t["last_contact"] is not None
             and (AS_OF - t["last_contact"]).days > 2 * t["cadence_days"]]
    assert stale
    assert 0.01 <= len(stale) / len(n.ties) <= 0.25
    # LinkedIn ties to industry acquaintances go stale far more often than the rest.
    linkedin = [t for t in n.ties if t["vehicle"] == "linkedin"]
    stale_linkedin = [t for t in stale if t["vehicle"] == "linkedin"]
    if len(linkedin) >= 20:
        assert len(stale_linkedin) / len(linkedin) > 2 * len(stale) / len(n.ties)


@pytest.mark.parametrize("size, seed", CASES)
def test_isolated_stakeholders_and_the_untouched_critic(size, seed):
    n = net(size, seed)
    alone = [p for p in n.people if not n.adj[p["id"]]]
    assert 1 <= len(alone) <= max(3, size // 1000)
    assert any(p["stance"] == "critic" and p["influence"] >= 4 for p in alone)
    # Everyone else hears of the PMO somehow.
    assert n.reachable(n.pmo) == {p["id"] for p in n.people} - {p["id"] for p in alone}


@pytest.mark.parametrize("size, seed", CASES)
def test_a_critic_in_leadership_is_reached_only_by_a_stale_email(size, seed):
    n = net(size, seed)
    critics = [p["id"] for p in n.people if p["group"] == "leadership" and p["stance"] == "critic"]
    assert critics
    found = False
    for c in critics:
        pmo_ties = [t for t in n.ties if {t["source"], t["target"]} & n.pmo
                    and c in (t["source"], t["target"])]
        if pmo_ties and all(t["vehicle"] == "email" and t["connection"] != "strategic"
                            and (AS_OF - t["last_contact"]).days > 2 * t["cadence_days"]
                            for t in pmo_ties):
            found = True
    assert found


@pytest.mark.parametrize("size, seed", CASES)
def test_the_pmo_barely_touches_one_group(size, seed):
    n = net(size, seed)

    def covered(group):
        members = n.members(group)
        return sum(bool(n.adj[m] & n.pmo) for m in members) / len(members)

    assert covered("influencers") <= 0.1
    assert covered("leadership") >= 0.5
    managers = [ms[0] for ms in n.team.values()]
    assert all(n.adj[m] & n.pmo for m in managers)
    # ... yet the influencers are not lost: leadership knows them.
    for m in n.members("influencers"):
        assert any(n.group[x] == "leadership" for x in n.adj[m])


@pytest.mark.parametrize("size, seed", CASES)
def test_a_team_reached_only_through_its_manager(size, seed):
    n = net(size, seed)
    hanging = []
    for team, members in n.team.items():
        inside = set(members)
        outward = [m for m in members if n.adj[m] - inside]
        if len(outward) == 1:
            hanging.append((team, outward[0]))
            # The manager is a single point of failure: without them the team is cut off.
            cut = n.reachable(n.pmo, without={outward[0]})
            assert not cut & (inside - {outward[0]})
    assert len(hanging) == 1
    assert n.by_id[hanging[0][1]]["role"] in demo.MANAGER_ROLES
    # The other teams talk to the PMO mostly through their managers, never only through them.
    for team, members in n.team.items():
        if team != hanging[0][0]:
            assert n.adj[members[0]] & n.pmo
            assert sum(bool(n.adj[m] - set(members)) for m in members) >= 2


@pytest.mark.parametrize("size, seed", CASES)
def test_the_wider_business_leans_on_email_and_newsletter(size, seed):
    n = net(size, seed)
    business = n.group_ties("business")
    vehicles = Counter(t["vehicle"] for t in business)
    # The PMO reaches the business mostly by newsletter, at every size.
    from_pmo = Counter(t["vehicle"] for t in business if {t["source"], t["target"]} & n.pmo)
    assert from_pmo["newsletter"] / sum(from_pmo.values()) > 0.6
    # Email and newsletter carry most of the group's touchpoints; from a hundred people up,
    # email alone does.
    assert (vehicles["email"] + vehicles["newsletter"]) / len(business) > 0.45
    if size >= 100:
        top, count = vehicles.most_common(1)[0]
        assert top == "email" and count / len(business) > 0.5
    # The delivery group, by contrast, is not dominated by one vehicle.
    delivery = Counter(t["vehicle"] for t in n.group_ties("delivery"))
    assert delivery.most_common(1)[0][1] / sum(delivery.values()) < 0.5


@pytest.mark.parametrize("size, seed", CASES)
def test_a_desired_link_with_no_direct_tie(size, seed):
    n = net(size, seed)
    assert "influencers" in {g.id: g for g in DEFAULT_GROUPS}["industry"].desired_links
    industry, influencers = set(n.members("industry")), set(n.members("influencers"))
    assert industry and influencers
    assert not any({t["source"], t["target"]} & industry and {t["source"], t["target"]}
                   & influencers for t in n.ties)
    # They do talk, through brokers (the PMO and leadership).
    assert n.reachable(industry) >= influencers


# --- scale ---------------------------------------------------------------------------------------


def test_large_network_is_quick_and_about_ten_touchpoints_each():
    import time

    start = time.perf_counter()
    t = demo.generate_tables(20_000, 11)
    elapsed = time.perf_counter() - start
    assert elapsed < 5
    tp = t["touchpoints"]
    assert t["stakeholders"].num_rows == 20_000
    assert 7 <= tp.num_rows / 20_000 <= 11
    assert len(set(tp.column("id").to_pylist())) == tp.num_rows
    ids = set(t["stakeholders"].column("id").to_pylist())
    assert set(tp.column("source").to_pylist()) <= ids
    assert set(tp.column("target").to_pylist()) <= ids
