"""The seed's five customer groups (seed 004, "PMO networks"), with the engagement the PMO
wants with each."""

from __future__ import annotations

from graphkit.model.entities import Connection, CustomerGroup

# id, name, wanted cadence (days), wanted connection, the groups it should talk to
_SEED: tuple[tuple[str, str, int, Connection, tuple[str, ...]], ...] = (
    (
        "delivery",
        "Delivery Teams & Managers",
        7,
        Connection.operational,
        ("leadership", "business"),
    ),
    ("leadership", "Senior Leadership", 14, Connection.strategic, ("delivery",)),
    ("business", "The Wider Business", 30, Connection.operational, ("delivery",)),
    ("influencers", "External Influencers", 60, Connection.personal, ()),
    ("industry", "Industry Acquaintances", 90, Connection.personal, ("influencers",)),
)

DEFAULT_GROUPS: tuple[CustomerGroup, ...] = tuple(
    CustomerGroup(
        id=gid,
        name=name,
        desired_cadence_days=cadence,
        desired_connection=connection,
        desired_links=list(links),
    )
    for gid, name, cadence, connection, links in _SEED
)
