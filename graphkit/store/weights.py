"""The weight both engines store on each TOUCHPOINT edge: touches a month.

``weight = strength × 30 / cadence_days`` (:func:`graphkit.network.touches_a_month`), kept
on the edge so analysts' queries and Neo4j Graph Data Science read it without recomputing
it; the snapshot leaves it out (it is derived), and every write that sets a touchpoint's
strength or cadence sets its weight with it.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from graphkit.network import MONTH_DAYS, touches_a_month

__all__ = ["MONTH_DAYS", "touchpoint_weight", "touchpoint_weights", "with_weight"]


def touchpoint_weight(strength: float | None, cadence_days: int | None) -> float:
    """One touchpoint's weight (strength 1 and cadence 30 days when not given)."""
    cadence = cadence_days if cadence_days and cadence_days > 0 else MONTH_DAYS
    return float(touches_a_month(1.0 if strength is None else float(strength), float(cadence)))


def with_weight(row: dict[str, Any]) -> dict[str, Any]:
    """A touchpoint row with its ``weight``."""
    return {**row, "weight": touchpoint_weight(row.get("strength"), row.get("cadence_days"))}


def touchpoint_weights(table: pa.Table) -> pa.Array:
    """The weight of every touchpoint of an Arrow table (``strength``, ``cadence_days``)."""
    strength = pc.fill_null(table.column("strength").cast(pa.float64()), 1.0)
    cadence = pc.fill_null(table.column("cadence_days").cast(pa.float64()), MONTH_DAYS)
    cadence = pc.if_else(pc.greater(cadence, 0.0), cadence, MONTH_DAYS)
    return pc.divide(pc.multiply(strength, MONTH_DAYS), cadence).combine_chunks()
