"""Read a network from a JSON document, CSV files, an XLSX workbook, and the files of other
tools (GraphML, GEXF, Kumu and Polinode workbooks: :mod:`graphkit.io.foreign`).

Every row is checked against the model; every problem is collected with its file, row and
field, and nothing reaches a store unless the whole input is clean. Column headers and
the values of choice fields (vehicle, stance, …) are read whatever their case and
spacing: ``Name``, ``Cadence Days``, ``Meeting``, ``One to one`` are accepted.

Row numbers are the ones a person sees: in CSV and XLSX the header is row 1, so the first
record is row 2; in JSON the first object of a list is row 1; in GraphML and GEXF the
first node (edge) of the file is row 1 of its nodes (edges).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable, Iterator, Set
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
from pydantic import ValidationError

from graphkit import model
from graphkit.io.cells import restore
from graphkit.model import NETWORK_KINDS as KINDS
from graphkit.model import InvalidChange, NetworkChange, Problem, Problems
from graphkit.settings import ImportLimits

# touchpoints: target or target_group, checked row by row (a register may hold both kinds)
REQUIRED_COLUMNS = {
    "groups": {"id", "name"},
    "stakeholders": {"id", "name"},
    "touchpoints": {"source"},
    "contacts": {"touchpoint", "date"},
}
FILE_STEMS = {
    "groups": "groups",
    "stakeholders": "stakeholders",
    "touchpoints": "touchpoints",
    "contacts": "contacts",
    "customer_groups": "groups",
    "touchpoint": "touchpoints",
    "stakeholder": "stakeholders",
    "group": "groups",
    "contact": "contacts",
    "contact_log": "contacts",
}
_TRUE = {"true", "yes", "y", "1", "t"}
_FALSE = {"false", "no", "n", "0", "f"}
_BOOL_FIELDS = {"internal", "is_pmo", "influencer"}
REPORT_SHEETS = frozenset({"centrality", "coverage", "gaps", "plan", "about"})
"""Sheets of an XLSX export that hold analysis, not register rows: an import skips them,
so an exported workbook reads back."""


@dataclass
class SourceRows:
    """Rows of one kind from one file, with the row number a person would look for."""

    kind: str
    file: str
    rows: Iterable[tuple[int, dict[str, Any]]]
    columns: list[str] | None = None  # None for JSON (fields per object)
    total: int | None = None
    implied: bool = False
    """Groups named by another file's rows (a graph file's node attribute, a Kumu Type),
    created only where neither the input nor the store has them."""


@dataclass
class Sheet:
    """One sheet of a workbook as read: where it is, its header, its numbered records."""

    file: str
    columns: list[str]
    records: list[tuple[int, dict[str, Any]]]


# --- reading files into rows ---------------------------------------------------------------


def _kind_of(stem: str) -> str | None:
    return FILE_STEMS.get(stem.strip().lower())


def _csv_rows(
    name: str, text: str, kind: str, limits: ImportLimits, problems: list[Problem]
) -> SourceRows:
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader, None) or []
        header = [h.strip().lstrip("\ufeff") for h in header]
        if len(header) > limits.max_columns:
            problems.append(
                Problem(f"{len(header)} columns; at most {limits.max_columns}", file=name, row=1)
            )
            return SourceRows(kind, name, [], columns=header, total=0)
        records = []
        for record in reader:
            records.append(record)
            if len(records) > limits.max_rows:
                problems.append(
                    Problem(f"more than {limits.max_rows:,} rows; split the import", file=name)
                )
                return SourceRows(kind, name, [], columns=header, total=0)
    except csv.Error as error:
        problems.append(Problem(f"not readable as CSV: {error}", file=name, row=reader.line_num))
        return SourceRows(kind, name, [], columns=None, total=0)

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        for number, record in enumerate(records, start=2):
            if not any(cell.strip() for cell in record):
                continue
            yield number, {key: restore(cell) for key, cell in zip(header, record, strict=False)}

    return SourceRows(kind, name, rows(), columns=header, total=len(records))


def _json_rows(name: str, text: str) -> tuple[list[SourceRows], list[Problem]]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        return [], [Problem(f"not valid JSON: {error.msg}", file=name, row=error.lineno)]
    if not isinstance(document, dict):
        return [], [
            Problem(
                "a network document is a JSON object with groups, stakeholders and touchpoints",
                file=name,
            )
        ]
    problems = [
        Problem(f"unknown section '{key}' (expected {', '.join(KINDS)})", file=name, field=key)
        for key in document
        if key not in KINDS
    ]
    sources = []
    for kind in KINDS:
        items = document.get(kind, [])
        if not isinstance(items, list):
            problems.append(Problem(f"'{kind}' must be a list", file=name, field=kind))
            continue
        bad = [i for i, item in enumerate(items, start=1) if not isinstance(item, dict)]
        problems += [
            Problem(f"each of {kind} must be an object", file=f"{name} ({kind})", row=i)
            for i in bad
        ]
        sources.append(
            SourceRows(
                kind,
                f"{name} ({kind})",
                [(i, item) for i, item in enumerate(items, start=1) if isinstance(item, dict)],
                total=len(items),
            )
        )
    return sources, problems


def _inflated_size(content: bytes) -> int | None:
    """What an XLSX (a zip) unpacks to, from its directory; None if it is not a zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        return None


def _xlsx_rows(
    name: str, content: bytes, limits: ImportLimits
) -> tuple[list[SourceRows], list[Problem]]:
    import openpyxl

    inflated = _inflated_size(content)
    if inflated is None:
        return [], [Problem("not a readable XLSX workbook (not a zip archive)", file=name)]
    if inflated > limits.max_inflated_bytes:
        return [], [
            Problem(
                f"the workbook unpacks to {inflated:,} bytes; at most "
                f"{limits.max_inflated_bytes:,}",
                file=name,
            )
        ]
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        return [], [Problem(f"not a readable XLSX workbook: {error}", file=name)]
    sources: list[SourceRows] = []
    problems: list[Problem] = []
    budget = _RowBudget(limits.max_rows)
    from graphkit.io import foreign  # it builds on this module's rows

    titles = {sheet.title.strip().lower() for sheet in workbook.worksheets}
    try:
        if foreign.workbook_style(titles) is not None:
            workbook_sheets = _sheet_records(name, workbook, limits, problems)
            found, trouble = foreign.from_workbook(name, workbook_sheets)
            return found, problems + trouble
        for sheet in workbook.worksheets:
            kind = _kind_of(sheet.title)
            where = f"{name} [{sheet.title}]"
            if kind is None and sheet.title.strip().lower() in REPORT_SHEETS:
                continue  # analysis written by graphkit export: nothing to import
            if kind is None:
                problems.append(
                    Problem(
                        f"sheet '{sheet.title}' is not one of groups, "
                        "stakeholders, touchpoints, contacts",
                        file=name,
                    )
                )
                continue
            read = _sheet(sheet, where, limits, budget, problems)
            if budget.spent:
                return sources, problems
            if read is not None:
                sources.append(
                    SourceRows(
                        kind, where, read.records, columns=read.columns, total=len(read.records)
                    )
                )
    finally:
        workbook.close()
    return sources, problems


def _sheet_records(
    name: str, workbook: Any, limits: ImportLimits, problems: list[Problem]
) -> dict[str, Sheet]:
    """Every sheet of a workbook as (header, numbered records), within the limits."""
    sheets: dict[str, Sheet] = {}
    budget = _RowBudget(limits.max_rows)
    for sheet in workbook.worksheets:
        read = _sheet(sheet, f"{name} [{sheet.title}]", limits, budget, problems)
        if budget.spent:
            return sheets
        if read is not None:
            sheets[sheet.title.strip().lower()] = read
    return sheets


@dataclass
class _RowBudget:
    """The rows an import may still read, over all its sheets."""

    left: int

    @property
    def spent(self) -> bool:
        return self.left < 0


def _sheet(
    sheet: Any, where: str, limits: ImportLimits, budget: _RowBudget, problems: list[Problem]
) -> Sheet | None:
    """A sheet's header and numbered records (blank rows skipped), within the limits.

    None for an empty sheet and for one refused, with a problem saying why: too many
    columns, or the import's rows ran out (``budget.spent`` then: read no further).
    """
    cells = sheet.iter_rows(values_only=True, max_col=limits.max_columns + 1)
    first = next(cells, None)
    if first is None:
        return None
    header = ["" if h is None else str(h).strip() for h in first]
    while header and not header[-1]:
        header.pop()  # read_only sheets pad every row to max_col
    if len(header) > limits.max_columns:
        problems.append(Problem(f"more than {limits.max_columns} columns", file=where, row=1))
        return None
    records = []
    for number, record in enumerate(cells, start=2):
        if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in record):
            continue
        budget.left -= 1
        if budget.spent:
            problems.append(
                Problem(
                    f"more than {limits.max_rows:,} rows; split the import", file=where, row=number
                )
            )
            return None
        records.append((number, {h: _cell(c) for h, c in zip(header, record) if h}))
    return Sheet(where, [h for h in header if h], records)


def _cell(value: Any) -> Any:
    # Spreadsheets turn register ids into numbers and dates into datetimes; text cells an
    # export neutralised against formula injection read back as written.
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    # openpyxl reads a whole number as an int, not a float: an id typed as 1001 must read
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if hasattr(value, "date") and callable(value.date):
        return value.date().isoformat()
    if isinstance(value, str):
        return restore(value)
    return value


def read_sources(
    files: list[tuple[str, bytes]],
    limits: ImportLimits | None = None,
    problems: list[Problem] | None = None,
) -> tuple[list[SourceRows], list[Problem]]:
    """Parse uploaded or on-disk files (name, content) into rows by kind."""
    limits = limits or ImportLimits()
    sources: list[SourceRows] = []
    problems = problems if problems is not None else Problems(limits.problems_listed)
    for name, content in files:
        suffix = Path(name).suffix.lower()
        if suffix == ".json":
            found, trouble = _json_rows(name, _text(name, content, problems))
        elif suffix in (".xlsx", ".xlsm"):
            found, trouble = _xlsx_rows(name, content, limits)
        elif suffix in (".graphml", ".gexf"):
            from graphkit.io import foreign

            found, trouble = foreign.from_graph_file(name, content, limits)
        elif suffix in (".csv", ".txt"):
            kind = _kind_of(Path(name).stem)
            if kind is None:
                problems.append(
                    Problem(
                        "a CSV file is named after what it holds: "
                        "stakeholders.csv, touchpoints.csv, groups.csv or "
                        "contacts.csv",
                        file=name,
                    )
                )
                continue
            found = [_csv_rows(name, _text(name, content, problems), kind, limits, problems)]
            trouble = []
        else:
            problems.append(
                Problem(
                    "unknown file type (expected .json, .csv, .xlsx, .graphml or .gexf)", file=name
                )
            )
            continue
        sources += found
        problems += trouble
    return sources, problems


def _text(name: str, content: bytes, problems: list[Problem]) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problems.append(Problem(f"not UTF-8 text (byte {error.start})", file=name))
        return ""


def files_from_paths(paths: Iterable[str | Path]) -> list[tuple[str, bytes]]:
    """Read paths (files, or folders holding stakeholders/touchpoints/groups CSVs)."""
    files = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(
                p for p in path.iterdir() if p.suffix.lower() == ".csv" and _kind_of(p.stem)
            )
            if not found:
                raise FileNotFoundError(
                    f"{path}: no stakeholders.csv, touchpoints.csv, "
                    f"contacts.csv or "
                    "groups.csv in this folder"
                )
            files += [(str(p), p.read_bytes()) for p in found]
        elif path.is_file():
            files.append((str(path), path.read_bytes()))
        else:
            raise FileNotFoundError(f"{path}: no such file or folder")
    return files


# --- rows into validated tables ---------------------------------------------------------------

_FIELDS = {kind: frozenset(entity.model_fields) for kind, entity in model.MODELS.items()}
_CHOICES: dict[str, frozenset[str]] = {
    name: frozenset(member.value for member in enum)
    for name, enum in (
        ("source", model.Source),
        ("stance", model.Stance),
        ("vehicle", model.Vehicle),
        ("connection", model.Connection),
        ("desired_connection", model.Connection),
        ("direction", model.Direction),
        ("status", model.PlanStatus),
    )
}


def field_name(header: str) -> str:
    """A column header as a field name: ``Cadence Days`` → ``cadence_days``."""
    return "_".join(header.strip().lower().replace("-", " ").split())


def choice(field: str, value: Any) -> Any:
    """A choice field's value in the model's spelling when it is one (``Meeting``,
    ``one-to-one``), else as given (and refused by the model, naming the choices)."""
    if field in _CHOICES and isinstance(value, str):
        spelt = field_name(value)
        if spelt in _CHOICES[field]:
            return spelt
    return value


def columns_as_fields(kind: str, columns: Iterable[str]) -> list[str]:
    """Headers as the fields they name (others as they are)."""
    fields = _FIELDS[kind]
    return [field_name(c) if field_name(c) in fields else c for c in columns]


def _clean(kind: str, raw: dict[str, Any], tabular: bool) -> dict[str, Any]:
    """Spreadsheet cells to model input: blanks are absent, yes/no are booleans, headers
    and choices in any case."""
    fields = _FIELDS[kind]
    row: dict[str, Any] = {}
    extra: dict[str, str] = {}
    for key, value in raw.items():
        if isinstance(value, str):
            value = value.strip()
        if tabular and (value is None or value == ""):
            continue  # a blank cell means "not given"
        if tabular and key not in fields and field_name(key) in fields:
            key = field_name(key)
        value = choice(key, value)
        if key in fields:
            if tabular and key in _BOOL_FIELDS and isinstance(value, str):
                lowered = value.lower()
                value = True if lowered in _TRUE else False if lowered in _FALSE else value
            row[key] = value
        elif kind == "stakeholders" and tabular:
            # Further columns of a register are kept as the stakeholder's attributes.
            extra[key] = "" if value is None else str(value)
        else:
            row[key] = value  # the model refuses unknown fields, by name
    if extra:
        attributes = row.get("attributes") or {}
        if isinstance(attributes, str):
            attributes = json.loads(attributes) if attributes else {}
        row["attributes"] = {**extra, **attributes}
    return row


def validate_rows(
    source: SourceRows, problems: list[Problem], progress: Any = None
) -> list[tuple[str, int, dict[str, Any]]]:
    """Validate one source; valid rows come back as (file, row, column-form row)."""
    kind = source.kind
    if source.columns is not None:
        missing = sorted(REQUIRED_COLUMNS[kind] - set(columns_as_fields(kind, source.columns)))
        for column in missing:
            problems.append(
                Problem(f"missing column '{column}'", file=source.file, row=1, field=column)
            )
        if missing:
            return []
    entity = model.MODELS[kind]
    tabular = source.columns is not None
    valid = []
    for count, (number, raw) in enumerate(source.rows, start=1):
        try:
            item = entity.model_validate(_clean(kind, raw, tabular))
        except ValidationError as error:
            for detail in error.errors():
                field = ".".join(str(part) for part in detail["loc"]) or None
                message = detail["msg"]
                if detail["type"] == "extra_forbidden":
                    message = f"unknown field '{field}'"
                elif "input" in detail and detail["type"] != "missing":
                    message = f"{message} (got {detail['input']!r})"
                problems.append(Problem(message, file=source.file, row=number, field=field))
        except (ValueError, TypeError) as error:  # e.g. attributes that are not JSON
            problems.append(Problem(str(error), file=source.file, row=number, field="attributes"))
        else:
            valid.append((source.file, number, model.to_row(item)))
        if progress is not None and count % 10_000 == 0:
            progress(10_000)
    return valid


def build_change(
    files: list[tuple[str, bytes]],
    *,
    known_stakeholders: Set[str] = frozenset(),
    known_groups: Set[str] = frozenset(),
    known_touchpoints: Set[str] = frozenset(),
    default_groups: bool = False,
    progress: Any = None,
    limits: ImportLimits | None = None,
) -> NetworkChange:
    """Parse, validate and cross-check input files into one :class:`NetworkChange`.

    ``known_*`` are the ids already in the store: a touchpoint may name a stakeholder that
    is stored but not in this input, a contact a stored touchpoint. With
    ``default_groups`` the seed's five groups are added where the input does not define
    them.

    Raises
    ------
    InvalidChange
        Listing the problems (up to ``limits.problems_listed``; all are counted), each
        naming file, row and field.
    """
    limits = limits or ImportLimits()
    sources, problems = read_sources(files, limits)
    if sum(source.total or 0 for source in sources) > limits.max_rows:
        problems.append(Problem(f"more than {limits.max_rows:,} rows in all; split the import"))
        raise InvalidChange(problems)
    valid: dict[str, list[tuple[str, int, dict[str, Any]]]] = {kind: [] for kind in KINDS}
    for source in sources:
        valid[source.kind] += validate_rows(source, problems, progress)

    implied_files = {source.file for source in sources if source.implied}
    if implied_files:
        # groups a graph file or a Kumu Type names: only those neither declared nor stored
        declared = {row["id"] for file, _, row in valid["groups"] if file not in implied_files}
        kept, seen = [], set(declared) | set(known_groups)
        for file, number, row in valid["groups"]:
            if file in implied_files and row["id"] in seen:
                continue
            seen.add(row["id"])
            kept.append((file, number, row))
        valid["groups"] = kept

    if default_groups:
        given = {row["id"] for _, _, row in valid["groups"]}
        valid["groups"] += [
            ("(default groups)", i, model.to_row(g))
            for i, g in enumerate(model.DEFAULT_GROUPS, start=1)
            if g.id not in given
        ]

    first_seen: dict[str, dict[str, tuple[str, int]]] = {kind: {} for kind in KINDS}
    for kind in KINDS:
        for file, number, row in valid[kind]:
            earlier = first_seen[kind].setdefault(row["id"], (file, number))
            if earlier != (file, number):
                problems.append(
                    Problem(
                        f"duplicate id '{row['id']}' (first at {earlier[0]} row {earlier[1]})",
                        file=file,
                        row=number,
                        field="id",
                    )
                )

    def nowhere(message: str, file: str, number: int, field: str) -> None:
        # the row names what is neither in the input nor in the store
        problems.append(Problem(message, file=file, row=number, field=field))

    unknown = "exists nowhere (not in the input, not in the store)"
    groups = set(first_seen["groups"]) | set(known_groups)
    stakeholders = set(first_seen["stakeholders"]) | set(known_stakeholders)
    for file, number, row in valid["stakeholders"]:
        if row["group"] is not None and row["group"] not in groups:
            nowhere(f"group '{row['group']}' {unknown}", file, number, "group")
    for file, number, row in valid["groups"]:
        for link in row["desired_links"]:
            if link not in groups:
                message = f"desired link to group '{link}', which exists nowhere"
                nowhere(message, file, number, "desired_links")
    for file, number, row in valid["touchpoints"]:
        for end, known, noun in (
            ("source", stakeholders, "stakeholder"),
            ("target", stakeholders, "stakeholder"),
            ("target_group", groups, "group"),
        ):
            if row[end] is not None and row[end] not in known:
                nowhere(f"{noun} '{row[end]}' {unknown}", file, number, end)
    ties = set(first_seen["touchpoints"]) | set(known_touchpoints)
    for file, number, row in valid["contacts"]:
        if row["touchpoint"] not in ties:
            nowhere(f"touchpoint '{row['touchpoint']}' {unknown}", file, number, "touchpoint")
    if problems:
        raise InvalidChange(problems)
    return NetworkChange(
        **{
            kind: pa.Table.from_pylist(
                [row for _, _, row in valid[kind]], schema=model.SCHEMAS[kind]
            )
            for kind in KINDS
        }
    )
