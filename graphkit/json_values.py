"""Any value graphkit hands out — analysis numbers, query answers — as plain JSON data."""

from __future__ import annotations

import datetime as dt
import decimal
import math
import uuid
from typing import Any

import numpy as np

__all__ = ["json_value"]


def json_value(value: Any) -> Any:
    """``value`` as plain JSON data, recursively.

    NumPy scalars and arrays become Python numbers and lists; non-finite floats ``null``;
    dates, times and date-times ISO 8601 text; durations seconds; decimals floats; bytes
    hex; mappings and sequences their JSON forms; anything else its text.

    Examples
    --------
    >>> json_value({"when": dt.date(2026, 1, 2), "ids": ("a", "b"), "x": np.float64("nan")})
    {'when': '2026-01-02', 'ids': ['a', 'b'], 'x': None}
    >>> json_value(np.array([1, 2]))
    [1, 2]
    """
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value.tolist()]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal):
        return float(value) if value.is_finite() else None
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).hex()
    if isinstance(value, uuid.UUID):
        return str(value)


_PLAIN = (str, int, bool, type(None))


def _plain(value: Any) -> Any:
    """:func:`json_value` without a call for the values most reports are made of (text,
    whole numbers, finite floats): a 10^5-row report holds millions of them."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is float:
        return value if math.isfinite(value) else None
    return json_value(value)
    if isinstance(value, (int, float, str)):  # e.g. an int from np.generic.item()
        return value
    return str(value)
