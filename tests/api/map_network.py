"""A small network known by hand, for the map, ego, group-map and grid tests.

Everything a test expects of it is written down here, worked out by hand from the rows
below (and, where a definition allows, cross-checked with NetworkX in the tests) — never
read back from the code under test.

    groups   ops "Operations" (should talk to fin), fin "Finance" (should talk to ext),
             ext "External" (should talk to ops)
    PMO      p1 Pat Lee (no group), p2 Quinn Park (filed under ops)
    ops      a1 Ann Okafor, a2 Ben Okafor, a3 Cat Jones
    fin      f1 Dan Okafor, f2 Eve Smith
    ext      e1 Fay Brown, e2 Gus Grey (a critic), i1 Ivy Stone (no touchpoint)

Touchpoints (last contact today unless said):

     1 p1–a1 meeting 7 d          9 f2–p1 meeting 30 d
     2 p1–p2 one to one 7 d      10 e1–p1 meeting 30 d
     3 p2–a2 meeting 7 d         11 e1–p2 email 30 d
     4 a1–a2 chat 7 d            12 e1–e2 chat 30 d
     5 a2–a3 email 30 d, 2000-01-01 (stale)
     6 a3–p1 meeting 14 d        14 e1–a1 linkedin 90 d
     7 p2–f1 one to one 14 d     15 p1–a1 email 30 d, 2000-01-01 (stale)
     8 f1–f2 meeting 7 d, 100 days ago (stale)
                                 16 a1–a3 chat 7 d, never happened (not judged)
"""

from __future__ import annotations

import datetime as dt

from graphkit.store import NetworkChange

TODAY = dt.date.today()
LONG_AGO = dt.date(2000, 1, 1)

GROUPS = [
    {"id": "ops", "name": "Operations", "desired_links": ["fin"]},
    {"id": "fin", "name": "Finance", "desired_links": ["ext"]},
    {"id": "ext", "name": "External", "desired_links": ["ops"]},
]
# id, name, group, is_pmo, stance, influence, interest
PEOPLE = [
    ("p1", "Pat Lee", None, True, "champion", 4, 5),
    ("p2", "Quinn Park", "ops", True, "supporter", 3, 4),
    ("a1", "Ann Okafor", "ops", False, "neutral", 5, 1),
    ("a2", "Ben Okafor", "ops", False, "neutral", 1, 5),
    ("a3", "Cat Jones", "ops", False, "neutral", 2, 4),
    ("f1", "Dan Okafor", "fin", False, "neutral", 4, 2),
    ("f2", "Eve Smith", "fin", False, "neutral", 3, 3),
    ("e1", "Fay Brown", "ext", False, "neutral", 2, 2),
    ("e2", "Gus Grey", "ext", False, "critic", 3, 5),
    ("i1", "Ivy Stone", "ext", False, "neutral", None, 4),
]
# id, source, target, vehicle, cadence_days, last_contact
TOUCHPOINTS = [
    ("t1", "p1", "a1", "meeting", 7, TODAY),
    ("t2", "p1", "p2", "one_to_one", 7, TODAY),
    ("t3", "p2", "a2", "meeting", 7, TODAY),
    ("t4", "a1", "a2", "chat", 7, TODAY),
    ("t5", "a2", "a3", "email", 30, LONG_AGO),
    ("t6", "a3", "p1", "meeting", 14, TODAY),
    ("t7", "p2", "f1", "one_to_one", 14, TODAY),
    ("t8", "f1", "f2", "meeting", 7, TODAY - dt.timedelta(days=100)),
    ("t9", "f2", "p1", "meeting", 30, TODAY),
    ("t10", "e1", "p1", "meeting", 30, TODAY),
    ("t11", "e1", "p2", "email", 30, TODAY),
    ("t12", "e1", "e2", "chat", 30, TODAY),
    ("t14", "e1", "a1", "linkedin", 90, TODAY),
    ("t15", "p1", "a1", "email", 30, LONG_AGO),
    ("t16", "a1", "a3", "chat", 7, None),
]

NAMES = {p[0]: p[1] for p in PEOPLE}
EVERYONE = set(NAMES)
PMO = {"p1", "p2"}

# --- expectations, by hand ---------------------------------------------------------------
#: Ringed: the people named by a gap other than a stale tie. Ivy has no touchpoint
#: (isolated); Gus is a critic no PMO member talks to (stance gap); Fay is the only way
#: from the PMO to Gus, and the Fay–Gus tie the only tie to him (single points of failure:
#: Fay, and the tie Fay–Gus). Group gaps (ops–fin unlinked, ...) name groups, not people.
RINGED = {"e1", "e2", "i1"}
#: Dashed: the pairs with a stale touchpoint (t5, t8, and t15 beside the fresh t1).
STALE_PAIRS = {frozenset(p) for p in (("a2", "a3"), ("f1", "f2"), ("p1", "a1"))}
#: Every pair with a touchpoint (ties), folded.
TIES = {frozenset((s, t)) for _, s, t, *_ in TOUCHPOINTS}

#: Distances from Cat (a3), by hand: her ties a2, p1, a1; then p2, f2, e1; then f1, e2.
EGO_CENTER = "a3"
EGO_DISTANCES = {
    1: {"a3": 0, "a2": 1, "p1": 1, "a1": 1},
    2: {"a3": 0, "a2": 1, "p1": 1, "a1": 1, "p2": 2, "f2": 2, "e1": 2},
    3: {"a3": 0, "a2": 1, "p1": 1, "a1": 1, "p2": 2, "f2": 2, "e1": 2, "f1": 3, "e2": 3},
}
#: Cat's ties by weight (touches a month = 30 / cadence): a1 30/7, p1 30/14, a2 30/30,
#: so a cap of three people keeps Cat, Ann and Pat.
EGO_CAPPED_AT_3 = {"a3", "a1", "p1"}

#: Group map: people count in their group (Quinn, PMO, in ops); Pat, PMO with no group,
#: is the PMO node. Volumes by hand from the list above.
GROUP_VOLUME = {
    frozenset(("(pmo)", "ops")): 4,  # t1, t2, t6, t15
    frozenset(("ops", "fin")): 1,  # t7
    frozenset(("(pmo)", "fin")): 1,  # t9
    frozenset(("(pmo)", "ext")): 1,  # t10
    frozenset(("ext", "ops")): 2,  # t11, t14
}
GROUP_WITHIN = {"(pmo)": 0, "ops": 4, "fin": 1, "ext": 1}  # ops: t3, t4, t5, t16
GROUP_MEMBERS = {"(pmo)": 1, "ops": 4, "fin": 2, "ext": 3}
MISSING_LINKS = {frozenset(("fin", "ext"))}  # fin should talk to ext: no touchpoint

#: The grid: (influence, interest) per person; Ivy's influence is unknown.
GRID = {p[0]: (p[5], p[6]) for p in PEOPLE if p[5] is not None and p[6] is not None}
GRID_UNKNOWN = {"i1"}

#: Filters, by hand: a group shows its members (a PMO member filed under it too).
SHOWN_BY_GROUP = {
    "ext": {"e1", "e2", "i1"},
    "ops": {"a1", "a2", "a3", "p2"},
    "fin": {"f1", "f2"},
    "(pmo)": {"p1", "p2"},
}
SHOWN_BY_STANCE = {"critic": {"e2"}, "champion": {"p1"}}
SHOWN_INFLUENCE_AT_LEAST_4 = {"a1", "f1", "p1"}
#: Search: "okafor" matches three people; "cat" one, whose neighbours are a2, p1, a1.
OKAFOR = {"a1", "a2", "f1"}
CAT_NEIGHBOURS = {"a2", "p1", "a1"}
#: Most central by degree: Pat (five people: a1, p2, a3, f2, e1).
MOST_CENTRAL = "p1"


def change() -> NetworkChange:
    """The network as one change for ``store.apply``."""
    from graphkit import model

    groups = [model.CustomerGroup(**g) for g in GROUPS]
    people = [
        model.Stakeholder(id=i, name=n, group=g, is_pmo=pmo, stance=s, influence=inf, interest=intr)
        for i, n, g, pmo, s, inf, intr in PEOPLE
    ]
    tps = [
        model.Touchpoint(id=i, source=s, target=t, vehicle=v, cadence_days=c, last_contact=lc)
        for i, s, t, v, c, lc in TOUCHPOINTS
    ]
    return NetworkChange(
        groups=model.to_table("groups", groups),
        stakeholders=model.to_table("stakeholders", people),
        touchpoints=model.to_table("touchpoints", tps),
    )


def pair(edge: dict) -> frozenset:
    return frozenset((edge["from"], edge["to"]))
