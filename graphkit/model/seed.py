"""The seed's five customer groups (seed 004, "PMO networks"), with the engagement the PMO
wants with each."""

from __future__ import annotations

from graphkit.model.entities import Connection, CustomerGroup

DEFAULT_GROUPS: tuple[CustomerGroup, ...] = (
    CustomerGroup(
        id="delivery",
        name="Delivery Teams & Managers",
        desired_cadence_days=7,
        desired_connection=Connection.operational,
        desired_links=["leadership", "business"],
    ),
    CustomerGroup(
        id="leadership",
        name="Senior Leadership",
        desired_cadence_days=14,
        desired_connection=Connection.strategic,
        desired_links=["delivery"],
    ),
    CustomerGroup(
        id="business",
        name="The Wider Business",
        desired_cadence_days=30,
        desired_connection=Connection.operational,
        desired_links=["delivery"],
    ),
    CustomerGroup(
        id="influencers",
        name="External Influencers",
        desired_cadence_days=60,
        desired_connection=Connection.personal,
        desired_links=[],
    ),
    CustomerGroup(
        id="industry",
        name="Industry Acquaintances",
        desired_cadence_days=90,
        desired_connection=Connection.personal,
        desired_links=["influencers"],
    ),
)
