"""The answer to a user query, collected within its caps: rows and bytes.

A row limit alone does not bound an answer (``RETURN range(1, 10000000)`` is one row of
79 MB), so every row is measured as the JSON it will travel as, and collection stops at
whichever cap comes first. Both adapters collect through :class:`AnswerCollector`, so both
engines cut answers the same way.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from graphkit.json_values import json_value
from graphkit.store.port import QueryAnswer, StoreError


class AnswerTooLarge(StoreError):
    """Even the first row of the answer is larger than the byte cap."""


def _at_least(value: Any, budget: int) -> int:
    """A lower bound of ``value``'s JSON size, given up as soon as it passes ``budget``.

    So a row holding a list of ten million numbers is found too large from its length,
    before any of it is converted.
    """
    if isinstance(value, str):
        return len(value) + 2
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        total = len(value) + 1  # a separator per item at least
        if total > budget:
            return total
        items: Iterable[Any] = value.items() if isinstance(value, dict) else value
        for item in items:
            total += _at_least(item, budget - total)
            if total > budget:
                return total
        return total
    return 1


class AnswerCollector:
    """Rows of an answer, each measured as JSON, up to ``limit`` rows and ``max_bytes``.

    Parameters
    ----------
    columns : sequence of str
        The answer's column names.
    limit : int, optional
        At most this many rows (None: no row cap).
    max_bytes : int, optional
        At most this many bytes of row JSON (None: no byte cap).

    Examples
    --------
    >>> collector = AnswerCollector(["n"], limit=2, max_bytes=None)
    >>> [collector.add([i]) for i in range(3)]
    [True, True, False]
    >>> collector.answer().truncated_by
    'rows'
    """

    def __init__(self, columns: Sequence[str], limit: int | None, max_bytes: int | None) -> None:
        self.columns = [str(c) for c in columns]
        self.limit = limit
        self.max_bytes = max_bytes
        self.rows: list[list[Any]] = []
        self.encoded: list[bytes] = []
        self.size = 0
        self.truncated_by: str | None = None

    def add(self, row: Sequence[Any]) -> bool:
        """Keep ``row`` if it fits; False once the answer is full (then stop fetching)."""
        if self.truncated_by is not None:
            return False
        if self.limit is not None and len(self.rows) >= self.limit:
            self.truncated_by = "rows"
            return False
        room = None if self.max_bytes is None else self.max_bytes - self.size
        if room is not None and _at_least(list(row), room) > room:
            return self._full()
        encoded = json.dumps(
            json_value(list(row)), ensure_ascii=False, separators=(",", ":")
        ).encode()
        if room is not None and len(encoded) + 1 > room:
            return self._full()
        self.rows.append(list(row))
        self.encoded.append(encoded)
        self.size += len(encoded) + 1
        return True

    def _full(self) -> bool:
        if not self.rows:
            raise AnswerTooLarge(
                f"the answer's first row is larger than the cap of {self.max_bytes:,} bytes; "
                "return less per row (a slice of a list, fewer properties)"
            )
        self.truncated_by = "bytes"
        return False

    def answer(self) -> QueryAnswer:
        return QueryAnswer(
            columns=self.columns,
            rows=self.rows,
            truncated=self.truncated_by is not None,
            truncated_by=self.truncated_by,
        )

    def body(self, *, limit: int, data_version: int | None) -> bytes:
        """The answer as the API's JSON body, from the rows already encoded."""
        head = json.dumps({"columns": self.columns}, ensure_ascii=False, separators=(",", ":"))[:-1]
        tail = json.dumps(
            {
                "truncated": self.truncated_by is not None,
                "truncated_by": self.truncated_by,
                "limit": limit,
                "data_version": data_version,
            },
            separators=(",", ":"),
        )[1:]
        return b"".join(
            [head.encode(), b',"rows":[', b",".join(self.encoded), b"],", tail.encode()]
        )
