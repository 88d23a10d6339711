"""A generated PMO network that looks like a real organisation (seed 004, "PMO networks").

``generate(size, seed, as_of)`` returns a :class:`~graphkit.model.NetworkDocument`;
``generate_tables(size, seed, as_of)`` returns the same network as Arrow tables
(``groups``, ``stakeholders``, ``touchpoints``, ``contacts`` in the :mod:`graphkit.model`
schemas) and is the fast path for large sizes: ``generate`` builds its document from
exactly those rows, so the two always agree.

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
      (each looks after some projects: steering committee, weekly meeting with the
      manager, the monthly portfolio return), Communications Lead (newsletter, intranet,
      blog) and Methods & Tools Lead (training, lunch and learn). They meet weekly and
      chat daily;
    * **Senior Leadership** (source ``sponsor``, influence 4–5): sit on boards together;
      each director has department heads reporting to them and mostly sponsors the
      projects that deliver for those departments (steering committees); they know the
      external influencers;
    * **Delivery Teams & Managers** (source ``delivery_team``): project teams of 5–12 with a
      manager (attribute ``team``), dense inside (daily stand-up, chat, manager one-to-ones),
      linked to the PMO mostly through their managers, to their sponsor, to each other
      (managers' forum, community of practice) and to the department they deliver for (its
      head as business owner, some of its people); plus a few embedded PMO analysts (source
      ``team_member``, not ``is_pmo``);
    * **The Wider Business** (source ``stakeholder``, attribute ``department``): the
      largest group, in departments of about forty; colleagues e-mail each other (in a
      department of up to twelve, everyone everyone); each head meets their direct reports
      weekly and reports to a director; the PMO reaches the group by broadcasts, rarely in
      person (a few heads, a champion who sends stories for the newsletter);
    * **External Influencers** (``external_influencer``, external) and **Industry
      Acquaintances** (``industry_acquaintance``, external): LinkedIn, events, communities
      of practice, the PMO blog.

Personal ties and broadcasts
    Meetings, one-to-ones, chat, e-mail between people, steering committees, events,
    training, communities of practice and LinkedIn are personal ties (``target``). What
    one person sends to a whole customer group is one touchpoint with the group
    (``target_group``), never a tie per reader; there are a handful, whatever the size:

    * from the PMO's Communications Lead to the Wider Business: the monthly newsletter
      (on time) and the intranet pages (every 14 days, sometimes late); to the Industry
      Acquaintances: the PMO blog, gone quiet (stale);
    * from the PMO's Methods & Tools Lead to the Wider Business: a quarterly lunch and
      learn (an event);
    * from leadership (the champion) to the Wider Business: a quarterly town hall;
    * from the heads of the first departments to the Wider Business: the Finance bulletin
      (e-mail), the people newsletter (HR), the operations intranet (Operations);
    * from an industry acquaintance to the Industry Acquaintances: a PMO LinkedIn group.

    Nobody broadcasts to the Delivery Teams or to Senior Leadership (the PMO works with
    them in person) and the PMO does not broadcast to the External Influencers. So every
    PMO member has a personal degree of tens, not hundreds (at most about 90 at 2,000
    stakeholders), and the brokers outside the PMO — the ten of highest betweenness — are
    delivery managers, department heads and the odd sponsor.

Vehicles, cadences, connection kinds and strengths vary by relationship; about one
touchpoint in twenty is stale (last contact 3–8 cadences before ``as_of``), and the PMO's
LinkedIn ties to industry acquaintances are stale far more often. A few business
touchpoints have no recorded last contact (``None``), as real registers do.

The gaps planted on purpose (each present at every size, as ``find_gaps`` reports them)
    * ``uncovered_group``: the PMO barely touches the External Influencers (at most one in
      ten directly, none in small networks, no broadcast) — they hear of the PMO through
      leadership;
    * ``single_point_of_failure``: one project team is reached only through its manager
      (no member has any tie outside the team, and no broadcast goes to the delivery
      teams);
    * ``isolated_stakeholder``: a new joiner or two (more in big networks) and a newly
      appointed director who is a critic, not yet filed under a customer group, so that
      no broadcast reaches them either: no touchpoint at all;
    * ``stance_gap``: that critic (influence 4), and a critic in Senior Leadership whom
      the PMO reaches only by a stale e-mail;
    * ``vehicle_overreliance``: the Wider Business runs on e-mail (more than 60 % of the
      touchpoints touching it, about 80 % in large networks), while the PMO reaches nearly
      all of it only through the newsletter and the intranet (a few per cent have a
      personal tie with the PMO). (The External Influencers, met mostly at events, usually
      show one too; that one is not planted.);
    * ``unlinked_groups``: Industry Acquaintances should talk to External Influencers
      (``desired_links``) but no touchpoint joins them; the PMO is the only broker (no one
      at all in small networks);
    * ``stale_touchpoint``: as above, the blog among them.

The contact log
    ``contacts`` holds the history a practitioner would see on a person's page: for each
    touchpoint between a PMO member and someone outside the PMO, and each broadcast of
    the PMO's, one to three past contacts, the latest on the touchpoint's
    ``last_contact`` and the earlier ones about a cadence apart before it, each with a
    short note and ``logged_by`` the PMO member concerned. Ties between colleagues, and
    touchpoints with no ``last_contact``, have none.

Touchpoints per stakeholder average about 9 in large networks (≈ 9 × 10^5 touchpoints for
10^5 stakeholders). No touchpoint is a self loop, no two join the same pair by the same
vehicle (in either direction), so the default ids ``source|target|vehicle`` (and
``source||group|vehicle``) are unique.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from graphkit.model import (
    CONTACT_SCHEMA,
    DEFAULT_GROUPS,
    STAKEHOLDER_SCHEMA,
    TOUCHPOINT_SCHEMA,
    Connection,
    NetworkDocument,
    Vehicle,
    contact_key,
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
    "Aisha",
    "Alex",
    "Amara",
    "Andrew",
    "Anita",
    "Ben",
    "Bethany",
    "Carlos",
    "Catherine",
    "Chen",
    "Chloe",
    "Daniel",
    "Deepa",
    "Eleanor",
    "Emeka",
    "Emma",
    "Fatima",
    "Finn",
    "Freya",
    "Gareth",
    "Grace",
    "Hannah",
    "Harriet",
    "Hassan",
    "Imogen",
    "Isaac",
    "Jack",
    "James",
    "Jasmine",
    "Joanna",
    "Kai",
    "Karen",
    "Kwame",
    "Laura",
    "Liam",
    "Lucy",
    "Mark",
    "Maya",
    "Mei",
    "Michael",
    "Mohammed",
    "Nadia",
    "Naomi",
    "Neil",
    "Nikhil",
    "Olivia",
    "Omar",
    "Owen",
    "Priya",
    "Rachel",
    "Rhys",
    "Rosa",
    "Ruth",
    "Sam",
    "Sarah",
    "Sean",
    "Sofia",
    "Sunil",
    "Tariq",
    "Thomas",
    "Tom",
    "Uma",
    "Victoria",
    "Wei",
    "Yusuf",
    "Zara",
    "Zoe",
    "Ingrid",
    "Lars",
    "Marta",
    "Pedro",
    "Elif",
    "Kenji",
    "Ana",
    "Patrick",
    "Siobhan",
)
LAST_NAMES = (
    "Adams",
    "Ahmed",
    "Ali",
    "Anderson",
    "Bailey",
    "Baker",
    "Barnes",
    "Bell",
    "Brown",
    "Campbell",
    "Carter",
    "Chapman",
    "Chen",
    "Clarke",
    "Collins",
    "Cooper",
    "Davies",
    "Edwards",
    "Evans",
    "Fischer",
    "Fletcher",
    "Garcia",
    "Green",
    "Hall",
    "Harris",
    "Hughes",
    "Hussain",
    "Jackson",
    "James",
    "Jones",
    "Kaur",
    "Kelly",
    "Khan",
    "King",
    "Kowalski",
    "Lee",
    "Lewis",
    "Lopez",
    "Martin",
    "Mason",
    "Mensah",
    "Mitchell",
    "Moore",
    "Morgan",
    "Murphy",
    "Nguyen",
    "Novak",
    "O'Brien",
    "Okafor",
    "Owen",
    "Parker",
    "Patel",
    "Phillips",
    "Price",
    "Roberts",
    "Robinson",
    "Rossi",
    "Scott",
    "Shah",
    "Singh",
    "Smith",
    "Taylor",
    "Thomas",
    "Thompson",
    "Turner",
    "Walker",
    "Wang",
    "Ward",
    "Watson",
    "White",
    "Williams",
    "Wilson",
    "Wood",
    "Wright",
    "Yamamoto",
    "Young",
    "Zhang",
    "Lindqvist",
    "Silva",
    "Demir",
)
PMO_ROLES = (
    "Head of PMO",
    "Portfolio Manager",
    "PMO Communications Lead",
    "PMO Methods & Tools Lead",
)
PMO_OTHER_ROLES = (
    "PMO Analyst",
    "Portfolio Analyst",
    "Resource Manager",
    "Reporting Analyst",
    "Benefits Manager",
    "Risk Manager",
    "Planning Analyst",
    "PMO Officer",
)
LEADER_ROLES = (
    "Chief Operating Officer",
    "Chief Executive Officer",
    "Chief Financial Officer",
    "Chief Information Officer",
    "Chief People Officer",
    "Director of Transformation",
    "Director of Strategy",
    "Director of Operations",
    "Director of Customer Service",
    "Chief Data Officer",
)
LEADER_OTHER_ROLES = (
    "Divisional Director",
    "Regional Director",
    "Programme Sponsor",
    "Director of Change",
    "Head of Portfolio",
    "Managing Director",
)
MANAGER_ROLES = (
    "Project Manager",
    "Programme Manager",
    "Delivery Manager",
    "Senior Project Manager",
)
MEMBER_ROLES = (
    "Business Analyst",
    "Developer",
    "Tester",
    "Solution Architect",
    "Project Coordinator",
    "Scrum Master",
    "Change Manager",
    "Data Analyst",
    "UX Designer",
    "Product Owner",
    "Project Support Officer",
    "Engineer",
)
LIAISON_ROLES = ("Embedded PMO Analyst", "Project Support Officer", "Project Controller")
DEPARTMENTS = (
    "Finance",
    "HR",
    "Operations",
    "Sales",
    "Marketing",
    "Legal",
    "Procurement",
    "Customer Service",
    "IT Operations",
    "Facilities",
    "Risk & Compliance",
    "Estates",
    "Communications",
    "Data & Insight",
    "Supply Chain",
    "Internal Audit",
)
REGIONS = (
    "North",
    "South",
    "East",
    "West",
    "Midlands",
    "Scotland",
    "Wales",
    "Ireland",
    "Benelux",
    "Nordics",
    "Iberia",
    "DACH",
    "Americas",
    "APAC",
)
BUSINESS_POSITIONS = (
    "Officer",
    "Analyst",
    "Adviser",
    "Coordinator",
    "Specialist",
    "Assistant",
    "Team Leader",
    "Manager",
)
PROJECT_NAMES = (
    "Falcon",
    "Atlas",
    "Beacon",
    "Compass",
    "Delta",
    "Ember",
    "Fjord",
    "Granite",
    "Harbour",
    "Iris",
    "Juniper",
    "Kite",
    "Lighthouse",
    "Mosaic",
    "Nimbus",
    "Orion",
    "Pioneer",
    "Quartz",
    "Rowan",
    "Summit",
    "Tidal",
    "Unity",
    "Vanguard",
    "Willow",
    "Zephyr",
)
INFLUENCER_ROLES = (
    "Author & Speaker",
    "PMO Consultant",
    "Industry Analyst",
    "Professor of Project Management",
    "Mentor",
    "Podcast Host",
    "Association Board Member",
)
INFLUENCER_ORGS = (
    "Association for Project Management",
    "PMI UK Chapter",
    "PMO Global Alliance",
    "Northbridge University",
    "Independent",
    "Keystone Advisory",
    "The PMO Podcast",
)
INDUSTRY_ROLES = (
    "PMO Manager",
    "Project Manager",
    "Portfolio Analyst",
    "PMO Consultant",
    "Programme Manager",
    "Head of PMO",
    "Change Lead",
    "PMO Analyst",
)
INDUSTRY_ORGS = (
    "Brightwater Bank",
    "Northgate Logistics",
    "Kestrel Energy",
    "Meridian Health Trust",
    "Oakfield Council",
    "Bluefin Insurance",
    "Corvid Software",
    "Highland Water",
    "Sable Retail",
    "Tamar Rail",
    "Quayside Consulting",
    "Lumen Telecom",
)

CONTACT_NOTES: dict[str, tuple[str, ...]] = {
    "meeting": (
        "Weekly check-in: milestones and RAID log reviewed",
        "Agreed the date of the next stage gate",
        "Walked through the portfolio dashboard",
        "Reviewed the resource plan for next quarter",
        "Closed the actions from the last review",
    ),
    "one_to_one": (
        "Caught up on priorities for the quarter",
        "Talked through the benefits profile",
        "Heard their concerns about the reporting load",
        "Agreed PMO support for the business case",
    ),
    "email": (
        "Sent the monthly highlight report",
        "Chased the overdue status update",
        "Shared the updated templates",
        "Answered a question on the change request",
    ),
    "chat": (
        "Quick question on the RAID template",
        "Shared the link to the dashboard",
        "Helped with a reporting query",
    ),
    "linkedin": (
        "Commented on their post about PMO maturity",
        "Messaged after the conference",
        "Congratulated them on the new role",
    ),
    "event": (
        "Met at the PMO conference",
        "Spoke on the same panel",
        "Caught up at the APM branch evening",
    ),
    "training": (
        "Attended the planning fundamentals course",
        "Completed the RAID workshop",
        "Joined the reporting tool training",
    ),
    "community_of_practice": (
        "Presented at the community of practice",
        "Joined the lessons-learned session",
        "Led the session on estimating",
    ),
    "steering_committee": (
        "Steering committee: stage gate approved",
        "Steering committee: scope change agreed",
        "Steering committee: risks escalated to the sponsor",
    ),
    "other": (
        "Monthly portfolio return received",
        "Portfolio return chased, received late",
        "Portfolio return received with a new risk",
    ),
    "newsletter": (
        "Issue sent: portfolio highlights and upcoming gates",
        "Issue sent: the new reporting calendar",
        "Issue sent: lessons learned and PMO team news",
    ),
    "blog": (
        "Posted: what a PMO network is for",
        "Posted: lessons from our portfolio review",
        "Posted: running a community of practice",
    ),
    "intranet": (
        "Page updated: portfolio dashboard",
        "Page updated: templates and guidance",
        "Page updated: the stage gate calendar",
    ),
}
"""Short notes of logged contacts, by vehicle."""
GROUP_EVENT_NOTES = (
    "Lunch and learn: reading the portfolio dashboard",
    "Lunch and learn: risk management basics",
    "Lunch and learn: how to start a project",
)
"""Notes of an event held for a whole group (the PMO's lunch and learn)."""

IntArray: TypeAlias = npt.NDArray[np.int64]
FloatArray: TypeAlias = npt.NDArray[np.float64]
Choice: TypeAlias = "str | int | Mapping[str, float] | Mapping[int, float]"
"""One value, or ``{value: weight}`` to draw from."""

_VEHICLES = [v.value for v in Vehicle]
_VCODE = {v: i for i, v in enumerate(_VEHICLES)}
_CONNECTIONS = [c.value for c in Connection]
_CCODE = {c: i for i, c in enumerate(_CONNECTIONS)}
_GROUP_IDS = [g.id for g in DEFAULT_GROUPS]
_GCODE = {g: i for i, g in enumerate(_GROUP_IDS)}
_STANCES = ("champion", "supporter", "neutral", "sceptic", "critic", "unknown")
_EPOCH = dt.date(1970, 1, 1)
_MAX_DAYS_AGO = 1500  # a stale tie is at most about four years old
_HISTORY = 3  # most logged contacts per touchpoint
_TRAINEES_EACH = 40  # people the Methods & Tools Lead trains in person
_SMALL_DEPARTMENT = 12  # up to this many, everyone in a department e-mails everyone


def _attrs(values: dict[str, str]) -> str:
    # Exactly as graphkit.model.to_row writes attributes, so tables and documents agree.
    return json.dumps(values, sort_keys=True, ensure_ascii=False)


def _pick(rng: np.random.Generator, vocab: Sequence[str], n: int) -> list[str]:
    return [vocab[i] for i in rng.integers(0, len(vocab), n).tolist()]


def _half_up(x: float) -> int:
    return math.floor(x + 0.5)


def _sample(rng: np.random.Generator, pool: IntArray, n: int) -> IntArray:
    """``n`` draws from ``pool``, with replacement."""
    if not len(pool) or not n:
        return np.empty(0, np.int64)
    return pool[rng.integers(0, len(pool), n)]


def _some_of(rng: np.random.Generator, pool: IntArray, share: float) -> IntArray:
    """About ``share`` of ``pool``, without replacement, in pool order."""
    return np.sort(rng.permutation(pool)[: int(share * pool.size)])


def _offsets(sizes: IntArray) -> IntArray:
    """Where each block of ``sizes`` starts, counted from 0."""
    return np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)


# --- Stakeholders --------------------------------------------------------------------------------


class _People:
    """Stakeholder columns, appended block by block; indices are row numbers."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.cols: dict[str, list[Any]] = {
            name: [] for name in STAKEHOLDER_SCHEMA.names if name != "id"
        }

    def __len__(self) -> int:
        return len(self.cols["name"])

    def names(self, n: int) -> list[str]:
        first = self.rng.integers(0, len(FIRST_NAMES), n)
        last = self.rng.integers(0, len(LAST_NAMES), n)
        return [f"{FIRST_NAMES[f]} {LAST_NAMES[s]}" for f, s in zip(first.tolist(), last.tolist())]

    def scores(self, n: int, low: int, high: int) -> list[int]:
        drawn: list[int] = self.rng.integers(low, high + 1, n).tolist()
        return drawn

    def stances(self, n: int, probs: Sequence[float]) -> list[str]:
        codes = self.rng.choice(len(_STANCES), size=n, p=np.asarray(probs) / np.sum(probs))
        return [_STANCES[c] for c in codes.tolist()]

    def add(
        self,
        n: int,
        *,
        group: str | None,
        source: str,
        organisation: str | Sequence[str],
        role: Sequence[str],
        internal: bool,
        influence: tuple[int, int],
        interest: tuple[int, int],
        stance: Sequence[float],
        attributes: str | Sequence[str],
        is_pmo: bool = False,
        influencer: bool = False,
    ) -> IntArray:
        """Append ``n`` stakeholders; return their indices."""
        start = len(self)
        if n == 0:
            return np.arange(start, start, dtype=np.int64)
        c = self.cols
        c["name"] += self.names(n)
        c["group"] += [group] * n
        c["source"] += [source] * n
        c["organisation"] += (
            [organisation] * n if isinstance(organisation, str) else list(organisation)
        )
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

    def set(self, index: int | np.integer[Any], **values: Any) -> None:
        for key, value in values.items():
            self.cols[key][int(index)] = value


@dataclass(frozen=True)
class _Sizes:
    """How many of each kind of stakeholder a network of ``size`` holds."""

    pmo: int
    leadership: int
    liaisons: int
    delivery: int
    business: int
    newcomers: int  # new joiners and the critic, filed under no group (planted)
    influencers: int
    industry: int

    @classmethod
    def of(cls, size: int) -> _Sizes:
        pmo = min(60, max(4, _half_up(3 + math.sqrt(size) / 4)))
        leadership = max(2, _half_up(size * 0.03))
        influencers = max(2, _half_up(size * 0.015))
        industry = max(3, _half_up(size * 0.05))
        liaisons = max(1, _half_up(size * 0.004))
        rest = size - pmo - leadership - influencers - industry - liaisons
        delivery = max(10, _half_up(rest * 0.42))
        newcomers = max(1, size // 2000) + 1
        return cls(
            pmo=pmo,
            leadership=leadership,
            liaisons=liaisons,
            delivery=delivery,
            business=rest - delivery - newcomers,
            newcomers=newcomers,
            influencers=influencers,
            industry=industry,
        )


@dataclass(frozen=True)
class _Pmo:
    members: IntArray  # Head of PMO, Portfolio Manager, the two leads, then analysts
    head: int  # sponsors, steering committees
    comms: int  # newsletter, intranet, blog
    methods: int  # training, lunch and learn
    account: IntArray  # who looks after projects and sponsors: all but the two leads


@dataclass(frozen=True)
class _Leadership:
    leaders: IntArray
    champion: int
    critic: int  # reached only by a stale e-mail (planted)
    sponsors: IntArray  # every leader but the critic


@dataclass(frozen=True)
class _Delivery:
    liaisons: IntArray  # embedded PMO analysts, not in the PMO itself
    team_start: IntArray  # first member of each team: its manager
    sizes: IntArray
    spof_team: int  # reached only through its manager (planted)
    open_members: IntArray  # members of every other team
    open_non_managers: IntArray

    @property
    def managers(self) -> IntArray:
        return self.team_start

    @property
    def n_teams(self) -> int:
        return len(self.sizes)

    @property
    def open_teams(self) -> IntArray:
        return np.flatnonzero(np.arange(self.n_teams) != self.spof_team)


@dataclass(frozen=True)
class _Business:
    active: IntArray  # everyone filed under the Wider Business
    dept_start: IntArray  # first member of each department: its head
    dept_sizes: IntArray
    dept_names: list[str]
    champion: int

    @property
    def heads(self) -> IntArray:
        return self.dept_start


@dataclass(frozen=True)
class _Portfolio:
    """Who answers to whom: each department has a director (a sponsor); each project
    delivers for one department, is mostly sponsored by that department's director and
    is looked after by one PMO member."""

    director: IntArray  # per department
    team_dept: IntArray  # per team, the department it delivers for
    team_sponsor: IntArray  # per team
    team_pmo: IntArray  # per team, the PMO member who looks after it


@dataclass(frozen=True)
class _Externals:
    influencers: IntArray
    industry: IntArray


def _add_pmo(people: _People, rng: np.random.Generator, n: int) -> _Pmo:
    roles = list(PMO_ROLES) + _pick(rng, PMO_OTHER_ROLES, n - len(PMO_ROLES))
    members = people.add(
        n,
        group=None,
        source="team_member",
        organisation=ORGANISATION,
        role=roles,
        internal=True,
        is_pmo=True,
        influence=(2, 4),
        interest=(5, 5),
        stance=(0, 1, 0, 0, 0, 0),
        attributes=_attrs({"team": "PMO"}),
    )
    people.set(members[0], stance="champion", influence=4)
    head, comms, methods = int(members[0]), int(members[2]), int(members[3])
    return _Pmo(members, head, comms, methods, account=np.concatenate([members[:2], members[4:]]))


def _add_leadership(people: _People, rng: np.random.Generator, n: int) -> _Leadership:
    roles = list(LEADER_ROLES[:n]) + _pick(rng, LEADER_OTHER_ROLES, max(0, n - len(LEADER_ROLES)))
    leaders = people.add(
        n,
        group="leadership",
        source="sponsor",
        organisation=ORGANISATION,
        role=roles,
        internal=True,
        influence=(4, 5),
        interest=(2, 5),
        stance=(25, 35, 20, 15, 0, 5),
        attributes="{}",
    )
    champion, critic = int(leaders[0]), int(leaders[-1])
    people.set(champion, stance="champion", interest=5)
    people.set(critic, stance="critic", influence=5)
    return _Leadership(leaders, champion, critic, sponsors=leaders[:-1])


def _team_sizes(rng: np.random.Generator, total: int) -> IntArray:
    """Split ``total`` (≥ 10) people into at least two teams of 5–12 (mostly 7–10)."""
    low, high = math.ceil(total / 12), total // 5
    teams = min(max(_half_up(total / 8.5), low, 2), high)
    extras = total - 5 * teams
    slots = rng.permutation(np.repeat(np.arange(teams), 7))[:extras]
    return (5 + np.bincount(slots, minlength=teams)).astype(np.int64)


def _team_name(t: int) -> str:
    lap = t // len(PROJECT_NAMES)
    return f"Project {PROJECT_NAMES[t % len(PROJECT_NAMES)]}" + (f" {lap + 1}" if lap else "")


def _add_delivery(
    people: _People, rng: np.random.Generator, n_liaisons: int, n_members: int
) -> _Delivery:
    liaisons = people.add(
        n_liaisons,
        group="delivery",
        source="team_member",
        organisation=ORGANISATION,
        role=_pick(rng, LIAISON_ROLES, n_liaisons),
        internal=True,
        influence=(2, 3),
        interest=(4, 5),
        stance=(2, 6, 2, 0, 0, 0),
        attributes=_attrs({"team": "PMO"}),
    )
    sizes = _team_sizes(rng, n_members)
    n_teams = len(sizes)
    team_of = np.repeat(np.arange(n_teams), sizes)
    roles = _pick(rng, MEMBER_ROLES, n_members)
    manager_roles = _pick(rng, MANAGER_ROLES, n_teams)
    first = _offsets(sizes)
    for t, offset in enumerate(first.tolist()):
        roles[offset] = manager_roles[t]
    team_attrs = [_attrs({"team": _team_name(t)}) for t in range(n_teams)]
    members = people.add(
        n_members,
        group="delivery",
        source="delivery_team",
        organisation=ORGANISATION,
        role=roles,
        internal=True,
        influence=(1, 3),
        interest=(2, 4),
        stance=(5, 30, 25, 8, 2, 30),
        attributes=[team_attrs[t] for t in team_of.tolist()],
    )
    team_start = members[0] + first
    for m in team_start.tolist():
        people.set(m, influence=int(rng.integers(3, 5)), interest=int(rng.integers(3, 6)))
    spof_team = int(rng.integers(0, n_teams))
    open_members = members[team_of != spof_team]
    delivery = _Delivery(
        liaisons, team_start, sizes, spof_team, open_members, np.setdiff1d(open_members, team_start)
    )
    people.set(delivery.managers[delivery.open_teams[0]], stance="champion")
    people.set(delivery.managers[spof_team], stance="sceptic")
    return delivery


def _department_names(count: int) -> list[str]:
    """Departments, then regional copies of them in very large organisations."""
    names = []
    for d in range(count):
        base = DEPARTMENTS[d % len(DEPARTMENTS)]
        tier = d // len(DEPARTMENTS)
        if tier == 0:
            names.append(base)
            continue
        region = REGIONS[(tier - 1) % len(REGIONS)]
        number = (tier - 1) // len(REGIONS)
        names.append(f"{base} – {region}" + (f" {number + 1}" if number else ""))
    return names


def _business_roles(rng: np.random.Generator, dept_of: IntArray) -> list[str]:
    positions = rng.integers(0, len(BUSINESS_POSITIONS), len(dept_of)).tolist()
    return [
        f"{DEPARTMENTS[d % len(DEPARTMENTS)]} {BUSINESS_POSITIONS[p]}"
        for d, p in zip(dept_of.tolist(), positions)
    ]


def _add_business(people: _People, rng: np.random.Generator, n: int) -> _Business:
    """Departments of about forty, each with a head; a champion; a few opinion leaders."""
    dept_count = max(1, _half_up(n / 40))
    cuts = (
        np.sort(rng.choice(np.arange(1, n), size=dept_count - 1, replace=False))
        if dept_count > 1
        else np.empty(0, np.int64)
    )
    dept_sizes = np.diff(np.concatenate([[0], cuts, [n]])).astype(np.int64)
    dept_names = _department_names(dept_count)
    dept_of = np.repeat(np.arange(dept_count), dept_sizes)
    roles = _business_roles(rng, dept_of)
    first = _offsets(dept_sizes)
    for d, offset in enumerate(first.tolist()):
        roles[offset] = f"Head of {DEPARTMENTS[d % len(DEPARTMENTS)]}"
    dept_attrs = [_attrs({"department": name}) for name in dept_names]
    active = people.add(
        n,
        group="business",
        source="stakeholder",
        organisation=ORGANISATION,
        role=roles,
        internal=True,
        influence=(1, 3),
        interest=(1, 3),
        stance=(2, 10, 25, 5, 1, 57),
        attributes=[dept_attrs[d] for d in dept_of.tolist()],
    )
    business = _Business(
        active, active[0] + first, dept_sizes, dept_names, champion=int(active[-1])
    )
    for h in business.heads.tolist():
        people.set(h, influence=int(rng.integers(3, 5)))
    people.set(business.champion, stance="champion", influence=3, interest=4)
    for b in _sample(rng, active, max(1, n // 500)).tolist():
        people.set(b, influencer=True)  # internal opinion leaders
    return business


def _add_newcomers(
    people: _People, rng: np.random.Generator, business: _Business, n: int
) -> IntArray:
    """New joiners not yet filed under a customer group — so no broadcast reaches them —
    whom nobody has met; the first is a newly appointed director, critical of the PMO.
    (Planted: ``isolated_stakeholder`` for all, ``stance_gap`` for the critic.)"""
    dept_of = rng.integers(0, len(business.dept_names), n)
    roles = _business_roles(rng, dept_of)
    roles[0] = f"{DEPARTMENTS[int(dept_of[0]) % len(DEPARTMENTS)]} Director"
    newcomers = people.add(
        n,
        group=None,
        source="stakeholder",
        organisation=ORGANISATION,
        role=roles,
        internal=True,
        influence=(1, 3),
        interest=(1, 3),
        stance=(2, 10, 25, 5, 1, 57),
        attributes=[
            _attrs({"department": business.dept_names[d], "status": "new joiner"})
            for d in dept_of.tolist()
        ],
    )
    people.set(newcomers[0], stance="critic", influence=4, interest=3)
    return newcomers


def _add_externals(
    people: _People, rng: np.random.Generator, n_influencers: int, n_industry: int
) -> _Externals:
    influencers = people.add(
        n_influencers,
        group="influencers",
        source="external_influencer",
        organisation=_pick(rng, INFLUENCER_ORGS, n_influencers),
        role=_pick(rng, INFLUENCER_ROLES, n_influencers),
        internal=False,
        influencer=True,
        influence=(3, 5),
        interest=(2, 4),
        stance=(20, 30, 20, 5, 0, 25),
        attributes="{}",
    )
    industry = people.add(
        n_industry,
        group="industry",
        source="industry_acquaintance",
        organisation=_pick(rng, INDUSTRY_ORGS, n_industry),
        role=_pick(rng, INDUSTRY_ROLES, n_industry),
        internal=False,
        influence=(1, 3),
        interest=(1, 3),
        stance=(3, 15, 20, 2, 0, 60),
        attributes="{}",
    )
    return _Externals(influencers, industry)


def _portfolio(
    rng: np.random.Generator, pmo: _Pmo, lead: _Leadership, delivery: _Delivery, business: _Business
) -> _Portfolio:
    dept_count = len(business.dept_sizes)
    directors = rng.permutation(lead.sponsors)
    director = directors[np.arange(dept_count) % len(directors)]
    team_dept = rng.integers(0, dept_count, delivery.n_teams)
    own = rng.random(delivery.n_teams) < 0.7
    team_sponsor = np.where(own, director[team_dept], _sample(rng, lead.sponsors, delivery.n_teams))
    return _Portfolio(
        director, team_dept, team_sponsor, team_pmo=_sample(rng, pmo.account, delivery.n_teams)
    )


# --- Touchpoints ---------------------------------------------------------------------------------


def _choose(
    rng: np.random.Generator, n: int, spec: Choice, codes: Mapping[str, int] | None = None
) -> npt.NDArray[Any]:
    """n values drawn from ``spec`` (as codes when ``codes`` is given)."""
    if isinstance(spec, Mapping):
        values = list(spec)
        weights = np.asarray(list(spec.values()), dtype=float)
        picked = rng.choice(len(values), size=n, p=weights / weights.sum())
        table = np.asarray([codes[str(v)] for v in values] if codes else values)
        return table[picked]
    return np.full(n, codes[str(spec)] if codes else spec)


@dataclass(frozen=True)
class _Channel:
    """How each of a batch of touchpoints goes, as aligned arrays."""

    vehicle: npt.NDArray[np.int8]  # index of _VEHICLES
    connection: npt.NDArray[np.int8]  # index of _CONNECTIONS
    cadence: IntArray
    days_ago: IntArray  # last contact this many days before as-of; -1: never recorded
    strength: FloatArray
    out: npt.NDArray[np.bool_]  # direction "out" (else "both")

    def take(self, rows: IntArray) -> _Channel:
        return _Channel(**{f.name: getattr(self, f.name)[rows] for f in fields(self)})

    @staticmethod
    def concat(parts: Sequence[_Channel]) -> _Channel:
        return _Channel(
            **{
                f.name: np.concatenate([getattr(p, f.name) for p in parts])
                for f in fields(_Channel)
            }
        )


class _Ties:
    """Touchpoints drawn batch by batch: personal ties (source → stakeholder) and
    broadcasts (source → customer group); de-duplicated and tabled at the end."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self._personal: list[tuple[IntArray, IntArray, _Channel]] = []
        self._broadcasts: list[tuple[IntArray, IntArray, _Channel]] = []

    def _channel(
        self,
        n: int,
        vehicle: Choice,
        connection: Choice,
        cadence: Choice,
        strength: tuple[float, float],
        stale: float,
        missing: float,
        out: bool,
    ) -> _Channel:
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
            days = np.where(rng.random(n) < missing, -1, days)
        return _Channel(veh, con, cad, days, stg, np.full(n, out, dtype=bool))

    def add(
        self,
        src: IntArray | int,
        tgt: IntArray | int,
        vehicle: Choice,
        connection: Choice,
        cadence: Choice,
        strength: tuple[float, float],
        *,
        stale: float = 0.04,
        missing: float = 0.0,
        out: bool = False,
    ) -> None:
        """Personal ties from each ``src`` to the ``tgt`` beside it (either may be one)."""
        s, t = np.broadcast_arrays(np.asarray(src, dtype=np.int64), np.asarray(tgt, dtype=np.int64))
        s, t = s.ravel().copy(), t.ravel().copy()
        self._personal.append(
            (
                s,
                t,
                self._channel(s.size, vehicle, connection, cadence, strength, stale, missing, out),
            )
        )

    def broadcast(
        self,
        source: int,
        group: str,
        vehicle: str,
        connection: str,
        cadence: int,
        strength: tuple[float, float],
        *,
        stale: float,
        out: bool = True,
    ) -> None:
        """One touchpoint from ``source`` to the whole customer group ``group``."""
        self._broadcasts.append(
            (
                np.array([source], np.int64),
                np.array([_GCODE[group]], np.int64),
                self._channel(1, vehicle, connection, cadence, strength, stale, 0.0, out),
            )
        )

    def personal(self, n_people: int) -> tuple[IntArray, IntArray, _Channel]:
        """Source, target and channel of the personal ties: no self loops, and the first
        of any two that join the same pair (in either direction) by the same vehicle."""
        src = np.concatenate([s for s, _, _ in self._personal])
        tgt = np.concatenate([t for _, t, _ in self._personal])
        channel = _Channel.concat([c for _, _, c in self._personal])
        keep = src != tgt
        lo, hi = np.minimum(src, tgt), np.maximum(src, tgt)
        key = (lo * n_people + hi) * len(_VEHICLES) + channel.vehicle.astype(np.int64)
        key = np.where(keep, key, -1)
        _, first = np.unique(key, return_index=True)
        first = np.sort(first)
        first = first[keep[first]]
        return src[first], tgt[first], channel.take(first)

    def broadcasts(self) -> tuple[IntArray, IntArray, _Channel]:
        """Source, group index and channel of the broadcasts (each source, group and
        vehicle once)."""
        src = np.concatenate([s for s, _, _ in self._broadcasts])
        group = np.concatenate([g for _, g, _ in self._broadcasts])
        channel = _Channel.concat([c for _, _, c in self._broadcasts])
        key = (src * len(_GROUP_IDS) + group) * len(_VEHICLES) + channel.vehicle
        assert len(np.unique(key)) == len(key), "a broadcast is drawn twice"
        return src, group, channel


def _blocks(
    starts: IntArray, sizes: IntArray, *, with_first_only: bool = False
) -> tuple[IntArray, IntArray]:
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


def _members_of(starts: IntArray, sizes: IntArray) -> IntArray:
    """Every index of the blocks ``[start, start+size)``, block after block."""
    return (
        np.repeat(starts, sizes)
        + np.arange(sizes.sum())
        - np.repeat(np.cumsum(sizes) - sizes, sizes)
    )


def _pmo_ties(ties: _Ties, pmo: _Pmo) -> None:
    """The PMO itself: weekly team meeting, daily chat, the head's one-to-ones."""
    i, j = np.triu_indices(len(pmo.members), k=1)
    ties.add(pmo.members[i], pmo.members[j], "meeting", "operational", 7, (0.7, 1.0), stale=0.0)
    ties.add(pmo.members[i], pmo.members[j], "chat", "operational", 1, (0.5, 0.9), stale=0.02)
    ties.add(
        pmo.head,
        pmo.members[1:],
        "one_to_one",
        {"personal": 2, "operational": 1},
        {7: 1, 14: 2},
        (0.7, 1.0),
        stale=0.05,
    )


def _leadership_ties(ties: _Ties, rng: np.random.Generator, pmo: _Pmo, lead: _Leadership) -> None:
    """Boards of about eight; the PMO's account with every sponsor (the head's own for
    the first three); the head on the champion's steering committee."""
    n = len(lead.leaders)
    board_sizes = _team_sizes(rng, n) if n >= 10 else np.array([n], np.int64)
    i, j = _blocks(lead.leaders[0] + _offsets(board_sizes), board_sizes)
    ties.add(i, j, "meeting", "strategic", {14: 1, 30: 2}, (0.5, 0.9), stale=0.05)
    account = np.where(
        np.arange(len(lead.sponsors)) < 3, pmo.head, _sample(rng, pmo.account, len(lead.sponsors))
    )
    ties.add(
        account,
        lead.sponsors,
        {"one_to_one": 3, "meeting": 1},
        "strategic",
        {14: 2, 30: 1},
        (0.6, 1.0),
        stale=0.06,
    )
    ties.add(pmo.head, lead.champion, "steering_committee", "strategic", 30, (0.8, 1.0), stale=0.0)


def _delivery_ties(
    ties: _Ties, rng: np.random.Generator, delivery: _Delivery, portfolio: _Portfolio
) -> None:
    """Project teams: steered with their sponsor, dense inside, linked to each other by
    the managers' forum and (every team but the planted one) the community of practice."""
    managers, team_start, sizes = delivery.managers, delivery.team_start, delivery.sizes
    sponsor = portfolio.team_sponsor
    ties.add(sponsor, managers, "steering_committee", "strategic", 30, (0.6, 1.0), stale=0.04)
    some = rng.random(delivery.n_teams) < 0.4
    ties.add(
        sponsor[some],
        managers[some],
        "one_to_one",
        {"strategic": 1, "personal": 1},
        {14: 1, 30: 2},
        (0.5, 0.9),
        stale=0.08,
    )

    # Inside each team: daily stand-up, chat, manager one-to-ones.
    # (Part-timers skip the stand-up; not every pair chats or mails.)
    i, j = _blocks(team_start, sizes)
    stand_up = np.isin(i, team_start) | (rng.random(i.size) < 0.75)
    ties.add(
        i[stand_up], j[stand_up], "meeting", "operational", {1: 3, 7: 1}, (0.6, 0.95), stale=0.02
    )
    chat = rng.random(i.size) < 0.7
    ties.add(i[chat], j[chat], "chat", "operational", {1: 2, 2: 1, 7: 1}, (0.4, 0.8), stale=0.03)
    mail = rng.random(i.size) < 0.2
    ties.add(i[mail], j[mail], "email", "operational", {7: 1, 14: 1}, (0.3, 0.6), stale=0.05)
    i, j = _blocks(team_start, sizes, with_first_only=True)
    ties.add(
        i, j, "one_to_one", {"personal": 1, "operational": 2}, {7: 1, 14: 2}, (0.6, 1.0), stale=0.06
    )

    # Across teams: the managers' forum and the community of practice.
    ties.add(
        np.repeat(managers, 2),
        _sample(rng, managers, 2 * delivery.n_teams),
        "meeting",
        {"operational": 2, "personal": 1},
        14,
        (0.3, 0.6),
        stale=0.08,
    )
    cop = delivery.open_non_managers[rng.random(delivery.open_non_managers.size) < 0.5]
    ties.add(
        cop,
        _sample(rng, delivery.open_members, cop.size),
        "community_of_practice",
        {"personal": 1, "operational": 1},
        30,
        (0.2, 0.5),
        stale=0.1,
    )


def _pmo_delivery_ties(
    ties: _Ties, rng: np.random.Generator, pmo: _Pmo, delivery: _Delivery, portfolio: _Portfolio
) -> None:
    """The PMO and the projects: the analyst looking after each project sits on its
    steering committee and meets its manager weekly — every team's lifeline, and the
    planted team's only one; two or three members of every other team directly;
    training."""
    managers, team_pmo = delivery.managers, portfolio.team_pmo
    spof = np.arange(delivery.n_teams) == delivery.spof_team
    ties.add(
        team_pmo,
        portfolio.team_sponsor,
        "steering_committee",
        "strategic",
        30,
        (0.6, 1.0),
        stale=0.04,
    )
    ties.add(team_pmo, managers, "meeting", "operational", 7, (0.6, 0.9), stale=0.03)
    mail = (rng.random(delivery.n_teams) < 0.6) & ~spof
    ties.add(
        team_pmo[mail],
        managers[mail],
        "email",
        "operational",
        {7: 2, 14: 1},
        (0.3, 0.6),
        stale=0.05,
    )
    ties.add(
        team_pmo[~spof], managers[~spof], "other", "operational", 30, (0.2, 0.5), stale=0.1
    )  # the monthly portfolio return

    # Members of the other teams, so those teams never hang on one person.
    open_teams = delivery.open_teams
    open_starts, open_sizes = delivery.team_start[open_teams], delivery.sizes[open_teams]
    order = rng.random((open_teams.size, 11))
    order[np.arange(11)[None, :] >= (open_sizes - 1)[:, None]] = 2.0  # past the team's end
    chosen = np.argsort(order, axis=1)[:, :3] + 1  # three distinct members, not the manager
    many = np.arange(3)[None, :] < rng.integers(2, 4, open_teams.size)[:, None]
    direct = (open_starts[:, None] + chosen)[many]
    ties.add(
        _sample(rng, pmo.members, direct.size),
        direct,
        {"chat": 2, "community_of_practice": 1},
        {"operational": 2, "personal": 1},
        {7: 1, 30: 1},
        (0.3, 0.7),
        stale=0.05,
    )
    # Training: the Methods & Tools Lead runs the first courses, the rest of the PMO the
    # others (one trainer for thousands would be a broadcast, not a tie).
    trained = delivery.open_non_managers[rng.random(delivery.open_non_managers.size) < 0.15]
    trainer = np.where(
        np.arange(trained.size) < _TRAINEES_EACH,
        pmo.methods,
        _sample(rng, pmo.members, trained.size),
    )
    ties.add(trainer, trained, "training", "operational", {90: 1, 180: 1}, (0.3, 0.5), stale=0.1)


def _embedded_analyst_ties(
    ties: _Ties, rng: np.random.Generator, pmo: _Pmo, delivery: _Delivery
) -> None:
    """Embedded PMO analysts: a weekly one-to-one in the PMO, the head's fortnightly
    meeting, chat with one or two teams (never the planted one)."""
    liaisons, open_teams = delivery.liaisons, delivery.open_teams
    n = len(liaisons)
    ties.add(
        _sample(rng, pmo.account, n),
        liaisons,
        "one_to_one",
        "operational",
        7,
        (0.7, 1.0),
        stale=0.02,
    )
    ties.add(liaisons, pmo.head, "meeting", "operational", 14, (0.5, 0.8), stale=0.05)
    first = min(n, open_teams.size)
    embedded = np.concatenate([open_teams[:first], _sample(rng, open_teams, n)])
    owner = np.concatenate([liaisons[:first], liaisons])
    reps = delivery.sizes[embedded]
    ties.add(
        np.repeat(owner, reps),
        _members_of(delivery.team_start[embedded], reps),
        {"chat": 3, "meeting": 1},
        "operational",
        {2: 1, 7: 2},
        (0.4, 0.8),
        stale=0.04,
    )


def _business_ties(
    ties: _Ties,
    rng: np.random.Generator,
    pmo: _Pmo,
    delivery: _Delivery,
    business: _Business,
    portfolio: _Portfolio,
) -> None:
    """The Wider Business: each project delivers for one department (its head is the
    business owner); colleagues mostly e-mail; heads report to their director; the PMO
    meets a few people in person."""
    open_teams = delivery.open_teams
    open_starts, open_sizes = delivery.team_start[open_teams], delivery.sizes[open_teams]

    # Delivery and the department it delivers for: the head as business owner, and a
    # few of the team (the manager mostly; only they, in the planted team) with a few of
    # its people.
    ties.add(
        delivery.managers,
        business.heads[portfolio.team_dept],
        "meeting",
        {"operational": 2, "strategic": 1},
        {7: 1, 14: 2},
        (0.6, 0.9),
        stale=0.06,
    )
    owner = portfolio.team_dept[open_teams]
    per_team = rng.integers(2, 7, open_teams.size)
    who = np.repeat(open_starts, per_team) + np.where(
        rng.random(per_team.sum()) < 0.7, 0, rng.integers(1, np.repeat(open_sizes, per_team))
    )
    dept = np.repeat(owner, per_team)
    whom = business.dept_start[dept] + rng.integers(0, business.dept_sizes[dept])
    ties.add(
        who,
        whom,
        {"email": 6, "meeting": 1, "other": 1},
        "operational",
        {30: 2, 60: 1},
        (0.2, 0.5),
        stale=0.06,
        missing=0.05,
    )

    # Colleagues within a department, mostly by e-mail: in a small department (up to
    # twelve) everyone e-mails everyone; in a larger one each draws eleven colleagues.
    sizes = business.dept_sizes
    small = sizes <= _SMALL_DEPARTMENT
    i, j = _blocks(business.dept_start[small], sizes[small])
    ties.add(
        i,
        j,
        "email",
        {"operational": 5, "personal": 1},
        {7: 1, 14: 2, 30: 2},
        (0.2, 0.7),
        stale=0.06,
        missing=0.02,
    )
    d_sizes = np.repeat(sizes[~small], sizes[~small])
    d_start = np.repeat(business.dept_start[~small], sizes[~small])
    src = np.repeat(_members_of(business.dept_start[~small], sizes[~small]), 11)
    if src.size:
        span = np.repeat(d_sizes, 11)
        base = np.repeat(d_start, 11)
        tgt = base + (src - base + rng.integers(1, span)) % span
        ties.add(
            src,
            tgt,
            {"email": 85, "meeting": 10, "chat": 5},
            {"operational": 5, "personal": 1},
            {7: 1, 14: 2, 30: 2},
            (0.2, 0.7),
            stale=0.06,
            missing=0.02,
        )
    # Heads meet their direct reports (a team leader for about six staff) every week, and
    # report to their director.
    heads = business.heads
    reports = np.clip(business.dept_sizes // 6, 1, 6) * (business.dept_sizes > 1)
    ties.add(
        np.repeat(heads, reports),
        _members_of(heads + 1, reports),
        "meeting",
        "operational",
        7,
        (0.6, 0.9),
        stale=0.03,
    )
    ties.add(
        heads,
        portfolio.director,
        {"meeting": 1, "one_to_one": 1},
        {"operational": 1, "strategic": 1},
        {7: 1, 14: 2},
        (0.6, 1.0),
        stale=0.05,
    )

    # The PMO in person: a few heads and a very few others, by e-mail or a meeting; the
    # business champion sends the Communications Lead stories for the newsletter.
    seen = np.concatenate([_some_of(rng, heads, 0.2), _some_of(rng, business.active, 0.02)])
    ties.add(
        _sample(rng, pmo.account, seen.size),
        seen,
        {"email": 3, "meeting": 1},
        "operational",
        30,
        (0.3, 0.6),
        stale=0.1,
    )
    ties.add(pmo.comms, business.champion, "email", "operational", 30, (0.4, 0.7), stale=0.1)


def _influencer_ties(
    ties: _Ties, rng: np.random.Generator, pmo: _Pmo, lead: _Leadership, externals: _Externals
) -> None:
    """External influencers: known to leadership and each other; the PMO mentors at most
    one in ten (planted: ``uncovered_group``)."""
    influencers = externals.influencers
    n = len(influencers)
    ties.add(
        influencers,
        _sample(rng, lead.leaders, n),
        {"event": 2, "one_to_one": 1},
        {"strategic": 2, "personal": 1},
        {60: 1, 90: 2, 180: 1},
        (0.3, 0.7),
        stale=0.1,
    )
    second = influencers[rng.random(n) < 0.5]
    ties.add(
        second,
        _sample(rng, lead.leaders, second.size),
        {"event": 1, "linkedin": 1},
        "personal",
        {90: 1, 180: 1},
        (0.2, 0.5),
        stale=0.15,
    )
    mentored = influencers[: n // 10]
    ties.add(
        _sample(rng, pmo.members, mentored.size),
        mentored,
        "one_to_one",
        "personal",
        {30: 1, 60: 1},
        (0.5, 0.9),
        stale=0.1,
    )
    if n >= 2:
        ties.add(
            influencers,
            _sample(rng, influencers, n),
            "event",
            "personal",
            180,
            (0.2, 0.5),
            stale=0.2,
        )


def _industry_ties(
    ties: _Ties, rng: np.random.Generator, pmo: _Pmo, delivery: _Delivery, externals: _Externals
) -> None:
    """Industry acquaintances: LinkedIn with the PMO (often stale), events, their own
    communities of practice, a few delivery managers — and never an external influencer
    (planted: ``unlinked_groups``)."""
    industry = externals.industry
    n = len(industry)
    ties.add(
        industry,
        _sample(rng, pmo.members, n),
        "linkedin",
        "personal",
        {30: 1, 90: 3},
        (0.1, 0.4),
        stale=0.4,
    )
    again = industry[rng.random(n) < 0.5]
    ties.add(
        again,
        _sample(rng, pmo.members, again.size),
        "linkedin",
        "personal",
        90,
        (0.1, 0.3),
        stale=0.5,
    )
    met = industry[rng.random(n) < 0.15]
    ties.add(
        _sample(rng, pmo.members, met.size),
        met,
        "event",
        {"personal": 2, "strategic": 1},
        {90: 1, 180: 2},
        (0.2, 0.5),
        stale=0.2,
    )
    ties.add(
        industry,
        _sample(rng, industry, n),
        "community_of_practice",
        "personal",
        {30: 1, 60: 1},
        (0.2, 0.5),
        stale=0.15,
    )
    managers = delivery.managers[delivery.open_teams]
    linked = managers[rng.random(managers.size) < 0.1]
    ties.add(
        linked,
        _sample(rng, industry, linked.size),
        "linkedin",
        "personal",
        90,
        (0.1, 0.3),
        stale=0.3,
    )


# Departments whose heads broadcast to the whole Wider Business, and how.
_DEPARTMENT_BROADCASTS = (("email", 30), ("newsletter", 30), ("intranet", 7))


def _broadcasts(
    ties: _Ties, pmo: _Pmo, lead: _Leadership, business: _Business, externals: _Externals
) -> None:
    """What one person sends to a whole group: a handful of touchpoints, whatever the
    size. None to the delivery teams (the planted team would hear from the PMO past its
    manager), to leadership, or from the PMO to the external influencers."""
    ties.broadcast(pmo.comms, "business", "newsletter", "operational", 30, (0.15, 0.3), stale=0.0)
    ties.broadcast(pmo.comms, "business", "intranet", "operational", 14, (0.1, 0.2), stale=0.3)
    ties.broadcast(
        pmo.methods, "business", "event", "operational", 90, (0.2, 0.4), stale=0.2, out=False
    )  # the quarterly lunch and learn
    ties.broadcast(
        lead.champion, "business", "event", "strategic", 90, (0.3, 0.5), stale=0.1, out=False
    )  # the quarterly town hall
    ties.broadcast(
        pmo.comms, "industry", "blog", "personal", 30, (0.05, 0.2), stale=1.0
    )  # the blog has gone quiet (planted: stale_touchpoint)
    for head, (vehicle, cadence) in zip(business.heads.tolist(), _DEPARTMENT_BROADCASTS):
        ties.broadcast(head, "business", vehicle, "operational", cadence, (0.1, 0.3), stale=0.15)
    ties.broadcast(
        int(externals.industry[0]),
        "industry",
        "linkedin",
        "personal",
        30,
        (0.1, 0.3),
        stale=0.2,
        out=False,
    )  # a LinkedIn group for PMO people


def _plant_gaps(ties: _Ties, pmo: _Pmo, lead: _Leadership) -> None:
    """The planted gaps that are touchpoints; the others are ties left out on purpose
    (see the module docstring and the builders above)."""
    # The critic in leadership hears from the PMO only by an e-mail that has gone stale.
    ties.add(pmo.head, lead.critic, "email", "operational", 30, (0.2, 0.4), stale=1.0)


# --- Tables --------------------------------------------------------------------------------------


def _note_table() -> tuple[list[str], IntArray, IntArray]:
    """Every note in one list, and per (vehicle code, to a group) where its notes start
    and how many there are."""
    notes: list[str] = []
    start = np.zeros(2 * len(_VEHICLES), np.int64)
    count = np.zeros(2 * len(_VEHICLES), np.int64)
    for code, vehicle in enumerate(_VEHICLES):
        for to_group in (0, 1):
            chosen = (
                GROUP_EVENT_NOTES
                if vehicle == "event" and to_group
                else CONTACT_NOTES.get(vehicle, ("",))
            )
            start[2 * code + to_group], count[2 * code + to_group] = len(notes), len(chosen)
            notes += chosen
    return notes, start, count


def _stakeholder_table(people: _People, ids: pa.Array) -> pa.Table:
    columns = {
        "id": ids,
        **{
            name: pa.array(values, STAKEHOLDER_SCHEMA.field(name).type)
            for name, values in people.cols.items()
        },
    }
    return pa.table(columns, schema=STAKEHOLDER_SCHEMA)


def _last_contact(channel: _Channel, as_of: dt.date) -> pa.Array:
    days = channel.days_ago
    return pa.array(((as_of - _EPOCH).days - days).astype(np.int32), mask=days < 0).cast(
        pa.date32()
    )


def _touchpoint_table(
    ids: pa.Array,
    src: IntArray,
    tgt: IntArray,
    bsrc: IntArray,
    bgroup: IntArray,
    channel: _Channel,
    as_of: dt.date,
) -> pa.Table:
    """Personal ties (``src``, ``tgt``) then broadcasts (``bsrc``, ``bgroup``), with the
    ``channel`` of both in that order."""
    n = len(src)
    vehicle = pa.array(_VEHICLES, pa.string()).take(pa.array(channel.vehicle.astype(np.int32)))
    source, target = ids.take(pa.array(src)), ids.take(pa.array(tgt))
    b_source = ids.take(pa.array(bsrc))
    b_group = pa.array(_GROUP_IDS, pa.string()).take(pa.array(bgroup))
    touchpoint_id = pa.concat_arrays(
        [
            pc.binary_join_element_wise(source, target, vehicle.slice(0, n), "|"),
            pc.binary_join_element_wise(b_source, "", b_group, vehicle.slice(n), "|"),
        ]
    )
    return pa.table(
        {
            "id": touchpoint_id,
            "source": pa.concat_arrays([source, b_source]),
            "target": pa.concat_arrays([target, pa.nulls(len(bsrc), pa.string())]),
            "target_group": pa.concat_arrays([pa.nulls(n, pa.string()), b_group]),
            "vehicle": vehicle,
            "connection": pa.array(_CONNECTIONS, pa.string()).take(
                pa.array(channel.connection.astype(np.int32))
            ),
            "cadence_days": pa.array(channel.cadence, pa.int64()),
            "last_contact": _last_contact(channel, as_of),
            "strength": pa.array(channel.strength.astype(np.float64), pa.float64()),
            "direction": pa.array(["both", "out"], pa.string()).take(
                pa.array(channel.out.astype(np.int8))
            ),
        },
        schema=TOUCHPOINT_SCHEMA,
    )


def _contact_table(
    rng: np.random.Generator,
    touchpoints: pa.Table,
    logger: IntArray,
    to_group: npt.NDArray[np.bool_],
    channel: _Channel,
    names: pa.Array,
    as_of: dt.date,
) -> pa.Table:
    """One to three logged contacts per touchpoint with a ``logger`` (the PMO member
    concerned, -1 for none) and a ``last_contact``: oldest first, the latest on the
    ``last_contact``, the earlier about a cadence apart, each with its own note."""
    rows = np.flatnonzero((logger >= 0) & (channel.days_ago >= 0))
    count = rng.integers(1, _HISTORY + 1, rows.size)
    row = np.repeat(rows, count)
    # k cadences (and a little) before the latest: k = count - 1 first, 0 last.
    k = np.repeat(count - 1, count) - (np.arange(row.size) - np.repeat(_offsets(count), count))
    cadence = channel.cadence[row]
    slack = rng.integers(0, cadence // 4 + 1) * (k > 0)
    days_ago = channel.days_ago[row] + k * cadence + slack
    # Each touchpoint's entries take consecutive notes from a random first one, so one
    # history never repeats a note (every vehicle has at least _HISTORY of them).
    notes, start, options = _note_table()
    key = 2 * channel.vehicle[rows].astype(np.int64) + to_group[rows]
    first = rng.integers(0, options[key])
    note = np.repeat(start[key], count) + (np.repeat(first, count) + k) % np.repeat(
        options[key], count
    )
    table = {
        "touchpoint": touchpoints.column("id").take(pa.array(row)),
        "date": pa.array(((as_of - _EPOCH).days - days_ago).astype(np.int32)).cast(pa.date32()),
        "vehicle": touchpoints.column("vehicle").take(pa.array(row)),
        "note": pa.array(notes, pa.string()).take(pa.array(note)),
        "logged_by": names.take(pa.array(logger[row])),
    }
    columns = {name: column.to_pylist() for name, column in table.items()}
    # The model's own default id (a digest), so a re-imported log finds the same entries.
    contact_id = [contact_key(dict(zip(columns, values))) for values in zip(*columns.values())]
    return pa.table(
        {
            "id": pa.array(contact_id, pa.string()),
            **table,
            "logged_at": pa.nulls(row.size, CONTACT_SCHEMA.field("logged_at").type),
        },
        schema=CONTACT_SCHEMA,
    )


def _tables(
    people: _People, ties: _Ties, rng: np.random.Generator, as_of: dt.date
) -> dict[str, pa.Table]:
    size = len(people)
    width = max(5, len(str(size)))
    ids = pa.array([f"s{x:0{width}d}" for x in range(1, size + 1)], pa.string())
    src, tgt, personal = ties.personal(size)
    bsrc, bgroup, broadcast = ties.broadcasts()
    channel = _Channel.concat([personal, broadcast])
    touchpoints = _touchpoint_table(ids, src, tgt, bsrc, bgroup, channel, as_of)
    # Logged by the PMO member at one end of a tie with someone outside the PMO, or
    # sending a broadcast; ties between colleagues keep no log.
    is_pmo = np.asarray(people.cols["is_pmo"], dtype=bool)
    logger = np.concatenate(
        [
            np.where(
                is_pmo[src] & ~is_pmo[tgt], src, np.where(is_pmo[tgt] & ~is_pmo[src], tgt, -1)
            ),
            np.where(is_pmo[bsrc], bsrc, -1),
        ]
    )
    to_group = np.arange(len(logger)) >= len(src)
    names = pa.array(people.cols["name"], pa.string())
    return {
        "groups": to_table("groups", [g.model_dump() for g in DEFAULT_GROUPS]),
        "stakeholders": _stakeholder_table(people, ids),
        "touchpoints": touchpoints,
        "contacts": _contact_table(rng, touchpoints, logger, to_group, channel, names, as_of),
    }


def _build(size: int, seed: int, as_of: dt.date) -> dict[str, pa.Table]:
    if isinstance(size, bool) or not isinstance(size, int) or size < MIN_SIZE:
        raise ValueError(
            f"size must be an integer of at least {MIN_SIZE} stakeholders, got {size!r}"
        )
    rng = np.random.default_rng(seed)
    sizes = _Sizes.of(size)
    people = _People(rng)
    pmo = _add_pmo(people, rng, sizes.pmo)
    lead = _add_leadership(people, rng, sizes.leadership)
    delivery = _add_delivery(people, rng, sizes.liaisons, sizes.delivery)
    business = _add_business(people, rng, sizes.business)
    _add_newcomers(people, rng, business, sizes.newcomers)
    externals = _add_externals(people, rng, sizes.influencers, sizes.industry)
    assert len(people) == size, (len(people), size)

    portfolio = _portfolio(rng, pmo, lead, delivery, business)

    ties = _Ties(rng)
    _pmo_ties(ties, pmo)
    _leadership_ties(ties, rng, pmo, lead)
    _delivery_ties(ties, rng, delivery, portfolio)
    _pmo_delivery_ties(ties, rng, pmo, delivery, portfolio)
    _embedded_analyst_ties(ties, rng, pmo, delivery)
    _business_ties(ties, rng, pmo, delivery, business, portfolio)
    _influencer_ties(ties, rng, pmo, lead, externals)
    _industry_ties(ties, rng, pmo, delivery, externals)
    _broadcasts(ties, pmo, lead, business, externals)
    _plant_gaps(ties, pmo, lead)
    return _tables(people, ties, rng, as_of)


def generate_tables(
    size: int = 300, seed: int = 7, as_of: dt.date | None = None
) -> dict[str, pa.Table]:
    """The demo network as Arrow tables ``groups``, ``stakeholders``, ``touchpoints``,
    ``contacts``.

    In the :mod:`graphkit.model` schemas, ready for a store's bulk load
    (``NetworkChange(**generate_tables())``); the fast path for large sizes (10^5
    stakeholders, ≈ 9 × 10^5 touchpoints in a few seconds). ``as_of`` defaults to
    :data:`DEFAULT_AS_OF` (fixed, not today), so the same seed gives the same tables.

    Examples
    --------
    >>> tables = generate_tables(60, seed=3)
    >>> tables["stakeholders"].num_rows
    60
    >>> sorted(tables)
    ['contacts', 'groups', 'stakeholders', 'touchpoints']
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
        return NetworkDocument.model_validate(
            {
                "groups": [g.model_dump() for g in DEFAULT_GROUPS],
                "stakeholders": stakeholders,
                "touchpoints": tables["touchpoints"].to_pylist(),
                "contacts": tables["contacts"].to_pylist(),
            }
        )
    finally:
        if was_enabled:
            gc.enable()
