"""The generated demo network: deterministic, valid, recognisable, and carrying every
planted gap as ``find_gaps`` reports it."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter, defaultdict
from functools import cache
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from graphkit import demo
from graphkit.analysis import centrality
from graphkit.analysis.gaps import Gap, find_gaps
from graphkit.analysis.options import AnalysisOptions
from graphkit.model import (
    DEFAULT_GROUPS,
    SCHEMAS,
    Contact,
    NetworkChange,
    NetworkDocument,
    Snapshot,
    Source,
    Touchpoint,
    to_table,
)
from graphkit.network import Network, build_network

AS_OF = demo.DEFAULT_AS_OF
GROUPS = {g.id: g for g in DEFAULT_GROUPS}
CASES = [(30, 7), (31, 1), (57, 3), (300, 7), (300, 42), (1200, 5), (5000, 7)]
BROADCAST_VEHICLES = {"newsletter", "intranet", "blog"}


@cache
def tables(size: int, seed: int = 7) -> dict[str, pa.Table]:
    return demo.generate_tables(size, seed)


@cache
def document(size: int, seed: int = 7) -> NetworkDocument:
    return demo.generate(size, seed)


class Net:
    """Plain-Python view of a generated network, for structural checks."""

    def __init__(self, t: dict[str, pa.Table]) -> None:
        self.people = t["stakeholders"].to_pylist()
        touchpoints = t["touchpoints"].to_pylist()
        self.ties = [tp for tp in touchpoints if tp["target"] is not None]
        self.broadcasts = [tp for tp in touchpoints if tp["target_group"] is not None]
        self.contacts = t["contacts"].to_pylist()
        self.by_id = {p["id"]: p for p in self.people}
        self.group = {p["id"]: p["group"] for p in self.people}
        self.pmo = {p["id"] for p in self.people if p["is_pmo"]}
        self.adj: dict[str, set[str]] = defaultdict(set)  # personal ties only
        for tp in self.ties:
            self.adj[tp["source"]].add(tp["target"])
            self.adj[tp["target"]].add(tp["source"])
        self.team: dict[str, list[str]] = defaultdict(list)
        for p in self.people:
            if p["source"] == "delivery_team":
                self.team[json.loads(p["attributes"])["team"]].append(p["id"])

    def members(self, group: str) -> list[str]:
        return [p["id"] for p in self.people if p["group"] == group]

    def role(self, sid: str) -> str:
        return str(self.by_id[sid]["role"])

    def group_ties(self, group: str) -> list[dict[str, Any]]:
        """Personal ties with an end in the group, and broadcasts to it."""
        return [
            tp
            for tp in self.ties
            if self.group[tp["source"]] == group or self.group[tp["target"]] == group
        ] + [tp for tp in self.broadcasts if tp["target_group"] == group]


@cache
def net(size: int, seed: int = 7) -> Net:
    return Net(tables(size, seed))


@cache
def network(size: int, seed: int = 7) -> Network:
    return build_network(Snapshot(**tables(size, seed)))


@cache
def gaps(size: int, seed: int = 7) -> tuple[Gap, ...]:
    return tuple(find_gaps(network(size, seed), AnalysisOptions(as_of=AS_OF)))


def gaps_of(size: int, seed: int, kind: str) -> list[Gap]:
    return [g for g in gaps(size, seed) if g.kind == kind]


# --- determinism ---------------------------------------------------------------------------------


def test_same_seed_gives_the_same_document_and_tables() -> None:
    assert demo.generate(300, 7).model_dump_json() == demo.generate(300, 7).model_dump_json()
    first, second = demo.generate_tables(300, 7), demo.generate_tables(300, 7)
    assert set(first) == {"groups", "stakeholders", "touchpoints", "contacts"}
    for kind in first:
        assert first[kind].equals(second[kind])


def test_default_as_of_is_fixed_not_today() -> None:
    assert dt.date(2026, 11, 1) == demo.DEFAULT_AS_OF
    assert (
        demo.generate(60, 7).model_dump_json()
        == demo.generate(60, 7, as_of=dt.date(2026, 11, 1)).model_dump_json()
    )


def test_different_seed_gives_a_different_network() -> None:
    a, b = demo.generate(300, 7), demo.generate(300, 8)
    assert [s.name for s in a.stakeholders] != [s.name for s in b.stakeholders]
    assert {t.id for t in a.touchpoints} != {t.id for t in b.touchpoints}


def test_as_of_moves_the_dates_and_nothing_else() -> None:
    later = AS_OF + dt.timedelta(days=100)
    a, b = demo.generate(100, 7), demo.generate(100, 7, as_of=later)
    assert a.stakeholders == b.stakeholders
    assert len(a.touchpoints) == len(b.touchpoints)
    for x, y in zip(a.touchpoints, b.touchpoints):
        assert x.model_dump(exclude={"last_contact"}) == y.model_dump(exclude={"last_contact"})
        if x.last_contact is not None:
            assert y.last_contact is not None
            assert y.last_contact - x.last_contact == dt.timedelta(days=100)
    assert max(t.last_contact for t in b.touchpoints if t.last_contact) <= later
    assert len(a.contacts) == len(b.contacts)
    for c, d in zip(a.contacts, b.contacts):
        assert c.model_dump(exclude={"id", "date"}) == d.model_dump(exclude={"id", "date"})
        assert d.date - c.date == dt.timedelta(days=100)


# --- validity ------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [30, 300, 5000])
def test_document_is_valid_and_round_trips(size: int) -> None:
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
    assert all(s.influence is not None and 1 <= s.influence <= 5 for s in doc.stakeholders)
    assert all(s.interest is not None and 1 <= s.interest <= 5 for s in doc.stakeholders)

    known = set(ids)
    tp_ids = [t.id for t in doc.touchpoints]
    assert len(set(tp_ids)) == len(tp_ids)
    pair_vehicle = set()
    for t in doc.touchpoints:
        assert t.source in known and t.cadence_days >= 1 and 0.0 <= t.strength <= 1.0
        assert t.last_contact is None or t.last_contact <= AS_OF
        if t.target_group is not None:
            assert t.target is None and t.target_group in group_ids
            assert t.id == f"{t.source}||{t.target_group}|{t.vehicle}"
            continue
        assert t.target in known and t.source != t.target
        assert t.id == f"{t.source}|{t.target}|{t.vehicle}"
        # Not even the reverse pair repeats a vehicle: one channel per pair and vehicle.
        key = (frozenset((t.source, t.target)), t.vehicle)
        assert key not in pair_vehicle
        pair_vehicle.add(key)
        # What is sent to many is a touchpoint with a group, never a personal tie.
        assert t.vehicle not in BROADCAST_VEHICLES


def test_every_touchpoint_and_contact_passes_the_model_on_its_own() -> None:
    for row in tables(300)["touchpoints"].to_pylist():
        assert Touchpoint.model_validate(row).id == row["id"]
    for row in tables(300)["contacts"].to_pylist():
        # The id is the model's own default (a digest): a re-imported log keeps one entry.
        assert Contact.model_validate({**row, "id": None}).id == row["id"]


def test_tables_and_document_agree() -> None:
    for size in (30, 300):
        t, doc = tables(size), document(size)
        for kind in ("groups", "stakeholders", "touchpoints", "contacts"):
            assert t[kind].schema == SCHEMAS[kind]
            assert to_table(kind, list(getattr(doc, kind))).equals(t[kind]), kind


def test_the_tables_load_as_one_change() -> None:
    # The CLI's `graphkit demo` loads exactly this.
    change = NetworkChange(**tables(300))
    assert change.contacts.num_rows == tables(300)["contacts"].num_rows > 0
    assert not change.is_empty


def test_size_below_minimum_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 30"):
        demo.generate_tables(demo.MIN_SIZE - 1)


@pytest.mark.parametrize("size, seed", CASES)
def test_shape_of_the_organisation(size: int, seed: int) -> None:
    n = net(size, seed)
    assert len(n.people) == size
    assert {p["source"] for p in n.people} == {s.value for s in Source}
    assert {p["group"] for p in n.people} == set(GROUPS) | {None}

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
        roles = [n.role(m) for m in members]
        assert sum(r in demo.MANAGER_ROLES for r in roles) == 1, team
        assert roles[0] in demo.MANAGER_ROLES
    # Every department head reports to a director and meets their own people.
    department = {
        p["id"]: json.loads(p["attributes"])["department"]
        for p in n.people
        if p["group"] == "business"
    }
    staff = Counter(department.values())
    for sid, name in department.items():
        if n.role(sid).startswith("Head of "):
            assert any(n.group[x] == "leadership" for x in n.adj[sid])
            assert staff[name] == 1 or any(department.get(x) == name for x in n.adj[sid])
    # Champions and critics; a variety of vehicles, connections and cadences.
    stances = Counter(p["stance"] for p in n.people)
    assert stances["champion"] >= 2 and stances["critic"] >= 2
    ties = n.ties + n.broadcasts
    assert len({t["vehicle"] for t in ties}) >= 10
    assert {t["connection"] for t in ties} == {"operational", "personal", "strategic"}
    assert len({t["cadence_days"] for t in ties}) >= 6
    # Desired links that are honoured: delivery talks to leadership and to the business.
    for a, b in (("delivery", "leadership"), ("delivery", "business")):
        assert any({n.group[t["source"]], n.group[t["target"]]} == {a, b} for t in n.ties)
    assert not [
        g for g in gaps(size, seed) if g.kind == "unlinked_groups" and "delivery" in g.subject
    ]


# --- broadcasts ----------------------------------------------------------------------------------


@pytest.mark.parametrize("size, seed", CASES)
def test_broadcasts_are_touchpoints_with_a_group(size: int, seed: int) -> None:
    n = net(size, seed)
    sent = {(n.role(b["source"]), b["target_group"], b["vehicle"]) for b in n.broadcasts}
    # The PMO's Communications Lead runs the newsletter and the intranet for the wider
    # business and the blog for the industry; the Methods Lead a lunch and learn.
    assert {
        ("PMO Communications Lead", "business", "newsletter"),
        ("PMO Communications Lead", "business", "intranet"),
        ("PMO Communications Lead", "industry", "blog"),
        ("PMO Methods & Tools Lead", "business", "event"),
    } <= sent
    # Leadership holds a town hall; department heads send their own bulletins.
    assert any(n.by_id[b["source"]]["group"] == "leadership" for b in n.broadcasts)
    assert any(n.role(b["source"]).startswith("Head of ") for b in n.broadcasts)
    # A handful whatever the size, each with its cadence and connection; some stale.
    assert 5 <= len(n.broadcasts) <= 12
    assert all(b["cadence_days"] >= 7 for b in n.broadcasts)
    stale = [b for b in n.broadcasts if (AS_OF - b["last_contact"]).days > 1.5 * b["cadence_days"]]
    assert stale
    # Never to the delivery teams (the planted team would hear from the PMO past its
    # manager) or to leadership, and the PMO never broadcasts to the influencers.
    targets = {b["target_group"] for b in n.broadcasts}
    assert targets <= {"business", "industry"}
    assert not [
        b for b in n.broadcasts if b["source"] in n.pmo and b["target_group"] == "influencers"
    ]
    # Broadcasts reach every member of their group in the network's reach graph.
    net_ = network(size, seed)
    assert len(net_.broadcasts) == len(n.broadcasts)
    comms = next(p["id"] for p in n.people if p["role"] == "PMO Communications Lead")
    reached = set(net_.reach_graph.neighbors(net_.index[comms]))
    assert {net_.index[m] for m in n.members("business")} <= reached


def test_pmo_members_have_personal_degrees_of_tens_not_hundreds() -> None:
    net_ = network(2000)
    degree = centrality.degree(net_)
    assert degree[net_.pmo].max() <= 150
    # The newsletter is one touchpoint, not a tie per reader.
    assert net_.m < sum(1 for _ in net(2000).ties)


def test_the_brokers_outside_the_pmo_are_managers_heads_and_sponsors() -> None:
    net_, n = network(2000), net(2000)
    values = centrality.betweenness(net_)
    order = np.argsort(-np.where(net_.is_pmo, -1.0, values), kind="stable")[:10]
    brokers = [str(net_.ids[i]) for i in order]
    assert not set(brokers) & n.pmo
    for sid in brokers:
        role, group = n.role(sid), n.group[sid]
        assert (
            role in demo.MANAGER_ROLES
            or (group == "business" and role.startswith("Head of "))
            or n.by_id[sid]["source"] == "sponsor"
        ), (sid, role, group)
    # Both kinds of broker are among them: delivery managers and department heads.
    assert {n.group[s] for s in brokers} >= {"delivery", "business"}


# --- the planted gaps, as find_gaps reports them -------------------------------------------------


@pytest.mark.parametrize("size, seed", CASES)
def test_stale_touchpoints(size: int, seed: int) -> None:
    n = net(size, seed)
    stale = gaps_of(size, seed, "stale_touchpoint")
    assert 0.01 <= len(stale) / (len(n.ties) + len(n.broadcasts)) <= 0.25
    # The PMO blog has gone quiet.
    assert any(g.to_group and g.vehicle == "blog" and g.subject[1] == "industry" for g in stale)
    # LinkedIn ties to industry acquaintances go stale far more often than the rest.
    linkedin = [t for t in n.ties if t["vehicle"] == "linkedin"]
    stale_linkedin = [g for g in stale if g.vehicle == "linkedin" and not g.to_group]
    if len(linkedin) >= 20:
        assert len(stale_linkedin) / len(linkedin) > 2 * len(stale) / len(n.ties)


@pytest.mark.parametrize("size, seed", CASES)
def test_isolated_new_joiners_and_the_untouched_critic(size: int, seed: int) -> None:
    n = net(size, seed)
    isolated = gaps_of(size, seed, "isolated_stakeholder")
    assert all(g.reason == "no_touchpoint" for g in isolated)  # everyone else is reached
    alone = {g.subject[0] for g in isolated}
    assert 2 <= len(alone) <= max(3, size // 1000 + 1)
    # New joiners, not yet filed under a group, so no broadcast reaches them.
    for sid in alone:
        p = n.by_id[sid]
        assert p["group"] is None and not p["is_pmo"] and not n.adj[sid]
        assert json.loads(p["attributes"])["status"] == "new joiner"
    critic = [
        sid
        for sid in alone
        if n.by_id[sid]["stance"] == "critic" and n.by_id[sid]["influence"] >= 4
    ]
    assert len(critic) == 1 and n.role(critic[0]).endswith(" Director")
    # ... and the critic is a stance gap too.
    assert any(
        g.subject == (critic[0],) and g.severity == "high"
        for g in gaps_of(size, seed, "stance_gap")
    )


@pytest.mark.parametrize("size, seed", CASES)
def test_a_critic_in_leadership_is_reached_only_by_a_stale_email(size: int, seed: int) -> None:
    n = net(size, seed)
    stance = {g.subject[0]: g for g in gaps_of(size, seed, "stance_gap")}
    stale = {g.touchpoint for g in gaps_of(size, seed, "stale_touchpoint")}
    found = []
    for c in n.members("leadership"):
        if n.by_id[c]["stance"] != "critic" or c not in stance:
            continue
        pmo_ties = [
            t
            for t in n.ties
            if {t["source"], t["target"]} & n.pmo and c in (t["source"], t["target"])
        ]
        if pmo_ties and all(t["vehicle"] == "email" and t["id"] in stale for t in pmo_ties):
            found.append(c)
    assert found
    assert stance[found[0]].severity == "high"


@pytest.mark.parametrize("size, seed", CASES)
def test_the_pmo_barely_touches_the_external_influencers(size: int, seed: int) -> None:
    n = net(size, seed)
    uncovered = gaps_of(size, seed, "uncovered_group")
    assert [g.subject for g in uncovered] == [("influencers",)]
    gap = uncovered[0]
    assert gap.members == len(n.members("influencers"))
    assert gap.covered is not None and gap.covered <= 0.1 * gap.members
    assert gap.severity == ("high" if gap.covered == 0 else "medium")
    # ... yet they are not lost: leadership knows every one of them.
    for m in n.members("influencers"):
        assert any(n.group[x] == "leadership" for x in n.adj[m])


@pytest.mark.parametrize("size, seed", CASES)
def test_a_team_reached_only_through_its_manager(size: int, seed: int) -> None:
    n = net(size, seed)
    hanging = [
        (team, members)
        for team, members in n.team.items()
        if sum(bool(n.adj[m] - set(members)) for m in members) == 1
    ]
    assert len(hanging) == 1
    team, members = hanging[0]
    manager = members[0]
    assert n.role(manager) in demo.MANAGER_ROLES and n.adj[manager] - set(members)
    # find_gaps names the manager, with the rest of the team depending on them.
    spof = [
        g
        for g in gaps_of(size, seed, "single_point_of_failure")
        if g.element == "stakeholder" and g.subject == (manager,)
    ]
    assert len(spof) == 1
    assert set(members[1:]) <= set(spof[0].dependents)
    # No other manager is a single point of failure for their team.
    others = {ms[0] for t, ms in n.team.items() if t != team}
    assert not [
        g
        for g in gaps_of(size, seed, "single_point_of_failure")
        if g.element == "stakeholder" and g.subject[0] in others
    ]


@pytest.mark.parametrize("size, seed", CASES)
def test_the_wider_business_leans_on_email_and_the_newsletter(size: int, seed: int) -> None:
    n = net(size, seed)
    over = {g.subject[0]: g for g in gaps_of(size, seed, "vehicle_overreliance")}
    assert over["business"].vehicle == "email"
    # The delivery group, by contrast, is not dominated by one vehicle.
    assert "delivery" not in over
    # The PMO reaches the business through its newsletter and intranet; only a few per
    # cent of the group have a touchpoint of their own with the PMO.
    from_pmo = {
        b["vehicle"]
        for b in n.broadcasts
        if b["source"] in n.pmo and b["target_group"] == "business"
    }
    assert {"newsletter", "intranet"} <= from_pmo
    business = n.members("business")
    personal = [m for m in business if n.adj[m] & n.pmo]
    assert len(personal) <= max(2, 0.1 * len(business))
    assert not [g for g in gaps_of(size, seed, "uncovered_group") if g.subject == ("business",)]


@pytest.mark.parametrize("size, seed", CASES)
def test_a_desired_link_with_no_direct_tie(size: int, seed: int) -> None:
    n = net(size, seed)
    assert "influencers" in GROUPS["industry"].desired_links
    unlinked = gaps_of(size, seed, "unlinked_groups")
    assert [g.subject for g in unlinked] == [("influencers", "industry")]
    # The PMO is the only broker (no one at all while it mentors no influencer).
    assert set(unlinked[0].brokers) <= n.pmo
    assert unlinked[0].severity == {0: "high", 1: "medium"}.get(len(unlinked[0].brokers), "low")


# --- the contact log -----------------------------------------------------------------------------


@pytest.mark.parametrize("size, seed", CASES)
def test_the_pmo_keeps_a_short_history_of_its_touchpoints(size: int, seed: int) -> None:
    n = net(size, seed)
    touchpoints = {t["id"]: t for t in n.ties + n.broadcasts}
    log: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in n.contacts:
        log[c["touchpoint"]].append(c)
    assert log and len({c["id"] for c in n.contacts}) == len(n.contacts)
    pmo_names = {n.by_id[p]["name"] for p in n.pmo}
    for tid, entries in log.items():
        tp = touchpoints[tid]
        ends = {tp["source"], tp["target"]} - {None}
        pmo_end = ends & n.pmo
        # Only the PMO's own touchpoints with others, never colleagues' or the PMO's
        # internal ones.
        assert len(pmo_end) == 1 and (len(ends) == 1 or len(ends - n.pmo) == 1)
        assert 1 <= len(entries) <= 3
        dates = [c["date"] for c in entries]
        assert dates == sorted(dates) and len(set(dates)) == len(dates)
        assert len({c["note"] for c in entries}) == len(entries)  # no note repeats
        assert dates[-1] == tp["last_contact"]  # the latest is the touchpoint's last contact
        logger = n.by_id[next(iter(pmo_end))]["name"]
        for c in entries:
            assert c["logged_by"] == logger and logger in pmo_names
            assert c["vehicle"] == tp["vehicle"] and 10 <= len(c["note"]) <= 80
    # Every PMO touchpoint with someone else that has a last contact has a history.
    for t in n.ties + n.broadcasts:
        ends = {t["source"], t["target"]} - {None}
        if (
            t["last_contact"] is not None
            and len(ends & n.pmo) == 1
            and (len(ends) == 1 or ends - n.pmo)
        ):
            assert t["id"] in log
    # Broadcast notes read as issues and posts.
    notes = [c["note"] for c in n.contacts if touchpoints[c["touchpoint"]]["vehicle"] == "blog"]
    assert notes and all(note.startswith("Posted: ") for note in notes)


def test_the_contact_log_stays_small() -> None:
    t = tables(5000)
    # At most three entries for each of the PMO's touchpoints: a tenth of the touchpoints.
    assert t["contacts"].num_rows <= t["touchpoints"].num_rows // 4


# --- scale ---------------------------------------------------------------------------------------


def test_a_large_network_has_about_nine_touchpoints_each() -> None:
    # How fast: bench/bench_demo.py (tests never time anything).
    t = demo.generate_tables(20_000, 11)
    tp = t["touchpoints"]
    assert t["stakeholders"].num_rows == 20_000
    assert 7 <= tp.num_rows / 20_000 <= 11
    assert len(set(tp.column("id").to_pylist())) == tp.num_rows
    ids = set(t["stakeholders"].column("id").to_pylist())
    assert set(tp.column("source").to_pylist()) <= ids
    assert set(tp.column("target").drop_null().to_pylist()) <= ids
    assert tp.column("target_group").null_count >= tp.num_rows - 12
    assert set(t["contacts"].column("touchpoint").to_pylist()) <= set(tp.column("id").to_pylist())
