"""What is wrong with input: each problem says where (file, row, field) and what."""

from __future__ import annotations

from collections.abc import Iterable


class Problem(dict[str, object]):
    """One thing wrong with input: where (file, row, field) and what."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(file=file, row=row, field=field, message=message)

    def __str__(self) -> str:
        where = []
        if self["file"]:
            where.append(str(self["file"]))
        if self["row"] is not None:
            where.append(f"row {self['row']}")
        if self["field"]:
            where.append(f"field '{self['field']}'")
        message = str(self["message"])
        return f"{', '.join(where)}: {message}" if where else message


class Problems(list[Problem]):
    """Problems found in an input, keeping at most ``cap`` but counting every one.

    A broken 2-million-row file must not answer with 2 million problems (a 193 MB error
    body once); the first ``cap`` are listed and ``total`` says how many there were.
    """

    def __init__(self, cap: int = 1000) -> None:
        super().__init__()
        self.cap = cap
        self.total = 0

    def append(self, problem: Problem) -> None:
        self.total += 1
        if len(self) < self.cap:
            super().append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.append(problem)

    def __iadd__(self, problems: Iterable[Problem]) -> Problems:  # type: ignore[override,misc]
        self.extend(problems)
        return self


class InvalidChange(Exception):
    """A change (an import, a form, an API write) that breaks the rules; nothing was written.

    ``problems`` lists them (at most the cap of a :class:`Problems`); ``total`` counts all.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        self.total: int = getattr(problems, "total", len(problems))
        shown = "\n".join(f"  - {p}" for p in self.problems[:50])
        more = f"\n  … and {self.total - 50} more" if self.total > 50 else ""
        super().__init__(f"{self.total} problem(s), nothing was changed:\n{shown}{more}")
