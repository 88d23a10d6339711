"""The ``graphkit`` command: import, export, analyze, query, demo, serve, token."""

from __future__ import annotations

import datetime as dt
import json
import secrets
import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from graphkit import io as network_io
from graphkit.files import keep_files_private
from graphkit.settings import Settings, get_settings
from graphkit.store import (
    InvalidChange,
    NetworkStore,
    ReadOnlyViolation,
    StoreError,
    open_store,
)

app = typer.Typer(help="See, measure and plan a PMO's network of stakeholders.",
                  no_args_is_help=True, pretty_exceptions_enable=False)
token_app = typer.Typer(help="API tokens (stored hashed).", no_args_is_help=True)
app.add_typer(token_app, name="token")

console = Console()
errors = Console(stderr=True)


class State:
    store_location: str | None = None


def _settings() -> Settings:
    settings = get_settings()
    if State.store_location:
        settings = settings.model_copy(update={"store": State.store_location})
    return settings


def _open() -> NetworkStore:
    try:
        return open_store(settings=_settings())
    except StoreError as error:
        errors.print(f"[red]error:[/red] {error}")
        raise typer.Exit(2) from error


def _refuse(error: InvalidChange) -> None:
    errors.print(f"[red]Refused: {error.total} problem(s); the store is unchanged.[/red]")
    for problem in error.problems:
        errors.print(f"  {problem}", markup=False, highlight=False)
    if error.total > len(error.problems):
        errors.print(f"  … and {error.total - len(error.problems)} more")


@app.callback()
def main(store: Annotated[Optional[str], typer.Option(
        "--store", help="Ladybug path or bolt:// / neo4j:// URI "
                        "[default: $GRAPHKIT_STORE or ./pmo-network.lbug]")] = None) -> None:
    keep_files_private()  # stores, tokens and exports hold personal data
    State.store_location = store


@app.command("import")
def import_(
    files: Annotated[list[Path], typer.Argument(
        help="JSON document, stakeholders/touchpoints/groups CSV files or a folder of them, "
             "or an XLSX workbook")],
    default_groups: Annotated[bool, typer.Option(
        "--default-groups", help="Add the seed's five customer groups where the input "
                                 "does not define them")] = False,
) -> None:
    """Import a network: one transaction, all or nothing; a repeat changes nothing."""
    with _open() as store:
        try:
            with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                          TimeElapsedColumn(), console=errors, transient=True) as progress:
                task = progress.add_task("validating rows", total=None)
                change = network_io.load_paths(
                    files, store, default_groups=default_groups,
                    progress=lambda n: progress.advance(task, n))
                progress.update(task, description="writing in one transaction")
                summary = network_io.import_network(store, change)
        except InvalidChange as error:
            _refuse(error)
            raise typer.Exit(1) from error
        except FileNotFoundError as error:
            errors.print(f"[red]error:[/red] {error}")
            raise typer.Exit(2) from error
    table = Table("", "created", "updated", "unchanged", "deleted", title="Imported")
    for kind in ("groups", "stakeholders", "touchpoints"):
        table.add_row(kind, *(str(getattr(summary, c)[kind])
                              for c in ("created", "updated", "unchanged", "deleted")))
    console.print(table)


@app.command()
def export(
    out: Annotated[Path, typer.Argument(help="Output file (a folder for CSV)")],
    format: Annotated[str, typer.Option("--format", "-f",
                                        help="json, csv, graphml or gexf")] = "json",
) -> None:
    """Export the network (JSON and CSV read back in exactly; GraphML/GEXF for Gephi)."""
    if format not in network_io.FORMATS:
        errors.print(f"[red]error:[/red] unknown format '{format}' "
                     f"(expected {', '.join(network_io.FORMATS)})")
        raise typer.Exit(2)
    with _open() as store:
        written = network_io.export_network(store, format, out)
    console.print(f"wrote {written}")


def _param(text: str) -> tuple[str, Any]:
    if "=" not in text:
        raise typer.BadParameter(f"'{text}' is not key=value")
    key, value = text.split("=", 1)
    try:
        return key, json.loads(value)
    except json.JSONDecodeError:
        return key, value


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _fail(label: str, error: Exception) -> None:
    # The message is the engine's or the guard's text: printed as is, never as markup
    # (a pattern such as -[:TOUCHPOINT*1..3]- is not a style).
    errors.print(f"[red]{label}:[/red]", end=" ")
    errors.print(str(error), markup=False, highlight=False)
    raise typer.Exit(1)


@app.command()
def query(
    cypher: Annotated[str, typer.Argument(help="A read-only Cypher query")],
    param: Annotated[Optional[list[str]], typer.Option(
        "--param", "-p", help="key=value (value read as JSON if it parses)")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table or json")] = "table",
    limit: Annotated[int, typer.Option(help="At most this many rows")] = 1000,
) -> None:
    """Run a read-only Cypher query: reading clauses and listed functions only.

    The same guard as the server's; the query runs in this process (a crash or a runaway
    costs this command only), under the same timeout, row and byte caps.
    """
    params = dict(_param(p) for p in param or [])
    settings = _settings()
    with _open() as store:
        try:
            answer = store.query(cypher, params, limit=limit,
                                 timeout_s=settings.query_timeout_s,
                                 max_bytes=settings.query_max_bytes)
        except ReadOnlyViolation as error:
            _fail("refused", error)
        except StoreError as error:  # the engine's own message, without a traceback
            _fail("error", error)
    if format == "json":
        print(json.dumps({"columns": answer.columns, "rows": _jsonable(answer.rows),
                          "truncated": answer.truncated,
                          "truncated_by": answer.truncated_by}, indent=2,
                         ensure_ascii=False))
        return
    table = Table(*answer.columns)
    for row in answer.rows:
        table.add_row(*(json.dumps(_jsonable(v), ensure_ascii=False)
                        if isinstance(v, (dict, list)) else str(_jsonable(v)) for v in row))
    console.print(table)
    if answer.truncated:
        cut = (f"the first {len(answer.rows)} rows: the answer is larger than "
               f"{settings.query_max_bytes:,} bytes" if answer.truncated_by == "bytes"
               else f"the first {limit} rows")
        errors.print(f"({cut})")


def _date_option(text: str | None, name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError as error:
        errors.print(f"[red]error:[/red] {name} '{text}' is not a date (YYYY-MM-DD)")
        raise typer.Exit(2) from error


@app.command()
def analyze(
    format: Annotated[str, typer.Option("--format", "-f", help="table or json")] = "table",
    as_of: Annotated[Optional[str], typer.Option(
        "--as-of", help="Date the analysis is as of (YYYY-MM-DD) [default: today]")] = None,
    directed: Annotated[bool, typer.Option(
        "--directed", help="Keep touchpoint direction (out = one way)")] = False,
    top: Annotated[int, typer.Option("--top", help="Rows per ranked list")] = 10,
) -> None:
    """Centrality, reach, communication gaps and the engagement plan."""
    from graphkit.analysis.options import AnalysisOptions
    from graphkit.analysis.report import build_report, render_report_tables

    day = _date_option(as_of, "--as-of") or dt.date.today()
    with _open() as store:
        snapshot = store.snapshot()
    report = build_report(snapshot, AnalysisOptions(as_of=day, directed=directed, top=top))
    if format == "json":
        sys.stdout.write(json.dumps(report, ensure_ascii=False, default=str) + "\n")
    else:
        render_report_tables(report, console, top)


@app.command()
def demo(
    size: Annotated[int, typer.Option(help="Number of stakeholders")] = 300,
    seed: Annotated[int, typer.Option(help="Same seed, same network")] = 7,
    as_of: Annotated[Optional[str], typer.Option(
        "--as-of", help="Contact dates count back from this day (YYYY-MM-DD) "
                        "[default: today]")] = None,
    serve: Annotated[bool, typer.Option("--serve", help="Then serve the maps and API")] = False,
    host: Annotated[Optional[str], typer.Option(help="Host for --serve")] = None,
    port: Annotated[Optional[int], typer.Option(help="Port for --serve")] = None,
) -> None:
    """Load a generated PMO network (the seed's five groups, PMO hub, teams, gaps)."""
    from graphkit.demo import generate_tables
    from graphkit.store import NetworkChange

    # Dated from today by default, so the demo's stale ties are the ones planted, not the
    # days since a fixed date; the same seed and date give the same network.
    day = _date_option(as_of, "--as-of") or dt.date.today()
    with _open() as store:
        with console.status(f"generating and loading a {size}-stakeholder network"):
            summary = store.apply(NetworkChange(**generate_tables(size=size, seed=seed,
                                                                  as_of=day)))
        counts = store.counts()
    console.print(f"demo network (seed {seed}): {counts.stakeholders} stakeholders, "
                  f"{counts.touchpoints} touchpoints, {counts.groups} groups "
                  f"({sum(summary.created.values())} rows created, "
                  f"{sum(summary.updated.values())} updated)")
    if serve:
        _serve(host, port, announce_token=True)


def _serve(host: str | None, port: int | None, announce_token: bool = False) -> None:
    from graphkit.api.server import serve as run_server

    settings = _settings()
    host = host or settings.host
    port = port or settings.port
    if announce_token and not settings.admin_token:
        # A fresh token for this run, so the demo opens without setting anything up first.
        # Only a token made here is printed: one the operator set is theirs to know.
        settings = settings.model_copy(update={"admin_token": secrets.token_urlsafe(24)})
        console.print(f"Open http://{host}:{port}/login and sign in with this run's admin "
                      f"token:\n  {settings.admin_token}")
    elif announce_token:
        console.print(f"Open http://{host}:{port}/login and sign in with "
                      "$GRAPHKIT_ADMIN_TOKEN.")
    run_server(settings, host, port)


@app.command()
def serve(
    host: Annotated[Optional[str], typer.Option(help="[default: $GRAPHKIT_HOST or 127.0.0.1]")]
    = None,
    port: Annotated[Optional[int], typer.Option(help="[default: $GRAPHKIT_PORT or 8000]")] = None,
) -> None:
    """Serve the API and the network maps on the configured store."""
    _serve(host, port)


@token_app.command("create")
def token_create(
    role: Annotated[str, typer.Option(help="viewer, editor or admin")] = "viewer",
    name: Annotated[str, typer.Option(help="Who or what the token is for")] = "cli",
) -> None:
    """Create an API token; it is shown once and stored only as a hash."""
    from graphkit.api.tokens import create_token

    if role not in ("viewer", "editor", "admin"):
        errors.print("[red]error:[/red] --role is viewer, editor or admin")
        raise typer.Exit(2)
    print(create_token(_settings(), role, name))


if __name__ == "__main__":
    app()
