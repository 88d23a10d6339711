"""The ``graphkit`` commands: import, export, analyze, log, query, demo, serve, token."""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from graphkit.files import keep_files_private
from graphkit.json_values import json_value
from graphkit.settings import Settings, get_settings
from graphkit.store import (
    KINDS,
    InvalidChange,
    NetworkStore,
    ReadOnlyViolation,
    StoreError,
    open_store,
)

# Help text is printed as written: rich markup would eat "[default: ...]".
app = typer.Typer(
    help="See, measure and plan a PMO's network of stakeholders.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
token_app = typer.Typer(
    help="API tokens (stored hashed).", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(token_app, name="token")


class ExportFormat(str, Enum):
    json = "json"
    csv = "csv"
    xlsx = "xlsx"
    graphml = "graphml"
    gexf = "gexf"


class Shown(str, Enum):
    """How an answer is printed."""

    table = "table"
    json = "json"


class SizeBy(str, Enum):
    """What a map's node sizes show."""

    pagerank = "pagerank"
    degree = "degree"
    weighted_degree = "weighted_degree"
    betweenness = "betweenness"
    closeness = "closeness"
    harmonic = "harmonic"
    eigenvector = "eigenvector"


class Engine(str, Enum):
    """Who computes centrality and communities."""

    graphkit = "graphkit"
    gds = "gds"


class Role(str, Enum):
    viewer = "viewer"
    editor = "editor"
    admin = "admin"


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


def _version(shown: bool) -> None:
    if shown:
        from graphkit import __version__

        print(f"graphkit {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    store: Annotated[
        str | None,
        typer.Option(
            "--store",
            help="Ladybug path or bolt:// / neo4j:// URI "
            "[default: $GRAPHKIT_STORE or ./pmo-network.lbug]",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit"
        ),
    ] = False,
) -> None:
    keep_files_private()  # stores, tokens and exports hold personal data
    State.store_location = store


@app.command("import")
def import_(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="JSON document, stakeholders/touchpoints/groups CSV files or a folder of them, "
            "or an XLSX workbook"
        ),
    ],
    default_groups: Annotated[
        bool,
        typer.Option(
            "--default-groups",
            help="Add the seed's five customer groups where the input does not define them",
        ),
    ] = False,
) -> None:
    """Import a network: one transaction, all or nothing; a repeat changes nothing."""
    # the readers and the progress bar are only this command's: analyze does not load them
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from graphkit import io as network_io

    with _open() as store:
        try:
            with Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=errors,
                transient=True,
            ) as progress:
                task = progress.add_task("validating rows", total=None)
                change = network_io.load_paths(
                    files,
                    store,
                    default_groups=default_groups,
                    progress=lambda n: progress.advance(task, n),
                )
                progress.update(task, description="writing in one transaction")
                summary = store.apply(change)  # one transaction: all or nothing
        except InvalidChange as error:
            _refuse(error)
            raise typer.Exit(1) from error
        except FileNotFoundError as error:
            errors.print(f"[red]error:[/red] {error}")
            raise typer.Exit(2) from error
    table = Table("", "created", "updated", "unchanged", "deleted", title="Imported")
    for kind in KINDS:
        table.add_row(
            kind,
            *(
                str(getattr(summary, c)[kind])
                for c in ("created", "updated", "unchanged", "deleted")
            ),
        )
    console.print(table)


@app.command()
def export(
    out: Annotated[Path, typer.Argument(help="Output file (a folder for CSV)")],
    format: Annotated[
        ExportFormat, typer.Option("--format", "-f", case_sensitive=False, help="What to write")
    ] = ExportFormat.json,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Day of the analysis an xlsx, graphml or gexf carries (YYYY-MM-DD) "
            "[default: today]",
        ),
    ] = None,
) -> None:
    """Export the network (JSON, CSV and XLSX read back in exactly; the XLSX also holds
    centrality, coverage, gaps and plan sheets; GraphML/GEXF open in Gephi as a ready map)."""
    from graphkit import io as network_io
    from graphkit.analysis.options import AnalysisOptions

    day = _date_option(as_of, "--as-of") or dt.date.today()
    with _open() as store:
        written = network_io.export_network(
            store, format.value, out, options=AnalysisOptions(as_of=day)
        )
    console.print(f"wrote {written}")


def _param(text: str) -> tuple[str, Any]:
    if "=" not in text:
        raise typer.BadParameter(f"'{text}' is not key=value")
    key, value = text.split("=", 1)
    try:
        return key, json.loads(value)
    except json.JSONDecodeError:
        return key, value


def _fail(label: str, error: Exception) -> None:
    # The message is the engine's or the guard's text: printed as is, never as markup
    # (a pattern such as -[:TOUCHPOINT*1..3]- is not a style).
    errors.print(f"[red]{label}:[/red]", end=" ")
    errors.print(str(error), markup=False, highlight=False)
    raise typer.Exit(1)


@app.command()
def query(
    cypher: Annotated[str, typer.Argument(help="A read-only Cypher query")],
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="key=value (value read as JSON if it parses)"),
    ] = None,
    format: Annotated[
        Shown, typer.Option("--format", "-f", case_sensitive=False, help="How to print the answer")
    ] = Shown.table,
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
            answer = store.query(
                cypher,
                params,
                limit=limit,
                timeout_s=settings.query_timeout_s,
                max_bytes=settings.query_max_bytes,
            )
        except ReadOnlyViolation as error:
            _fail("refused", error)
        except StoreError as error:  # the engine's own message, without a traceback
            _fail("error", error)
    if format == Shown.json:
        print(
            json.dumps(
                {
                    "columns": answer.columns,
                    "rows": json_value(answer.rows),
                    "truncated": answer.truncated,
                    "truncated_by": answer.truncated_by,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    table = Table(*answer.columns)
    for row in answer.rows:
        table.add_row(
            *(
                json.dumps(json_value(v), ensure_ascii=False)
                if isinstance(v, (dict, list))
                else str(json_value(v))
                for v in row
            )
        )
    console.print(table)
    if answer.truncated:
        cut = (
            f"the first {len(answer.rows)} rows: the answer is larger than "
            f"{settings.query_max_bytes:,} bytes"
            if answer.truncated_by == "bytes"
            else f"the first {limit} rows"
        )
        errors.print(f"({cut})")


def _date_option(text: str | None, name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError as error:
        errors.print(f"[red]error:[/red] {name} '{text}' is not a date (YYYY-MM-DD)")
        raise typer.Exit(2) from error


@app.command()
def analyze(
    format: Annotated[
        Shown, typer.Option("--format", "-f", case_sensitive=False, help="How to print the report")
    ] = Shown.table,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Date the analysis is as of (YYYY-MM-DD) [default: today]"),
    ] = None,
    directed: Annotated[
        bool, typer.Option("--directed", help="Keep touchpoint direction (out = one way)")
    ] = False,
    top: Annotated[int, typer.Option("--top", help="Rows per ranked list")] = 10,
    engine: Annotated[
        Engine,
        typer.Option(
            "--engine",
            case_sensitive=False,
            help="Who computes centrality and communities: graphkit (in this process) or gds "
            "(Neo4j Graph Data Science on the server; a bolt:// or neo4j:// store "
            "only)",
        ),
    ] = Engine.graphkit,
) -> None:
    """Who connects, whom the PMO misses, what is going stale, what to do next."""
    from graphkit.analysis.options import AnalysisOptions
    from graphkit.analysis.report import Analysis, build_report
    from graphkit.cli.tables import render_report
    from graphkit.store import NEO4J_SCHEMES

    day = _date_option(as_of, "--as-of") or dt.date.today()
    location = _settings().store
    if engine == Engine.gds and not location.startswith(NEO4J_SCHEMES):
        # Refused before the store is opened: nothing is created or changed.
        errors.print(
            f"[red]error:[/red] --engine gds needs a Neo4j store (--store bolt://… "
            f"or neo4j://…); {location!r} is an embedded Ladybug store. Leave out "
            "--engine (or use --engine graphkit) here.",
            highlight=False,
        )
        raise typer.Exit(2)
    options = AnalysisOptions(as_of=day, directed=directed, top=top)
    with _open() as store:
        snapshot = store.snapshot()
        states = {row["id"]: row for row in store.plan_actions().to_pylist()}
        if engine == Engine.gds:
            from graphkit.store.gds import build_gds_report

            try:
                report = build_gds_report(store, snapshot, options, plan_states=states)
            except StoreError as error:
                _fail("error", error)
    if engine == Engine.graphkit and format == Shown.json:
        analysis = Analysis(snapshot, options, plan_states=states)
        del snapshot  # the network holds what the report needs; the tables can go
        analysis.write_json(sys.stdout)
        sys.stdout.write("\n")
        return
    if engine == Engine.graphkit:
        report = build_report(snapshot, options, plan_states=states)
    if format == Shown.json:
        sys.stdout.write(json.dumps(report, ensure_ascii=False, default=str) + "\n")
    else:
        render_report(
            report,
            console,
            top=top,
            people=dict(
                zip(
                    snapshot.stakeholders["id"].to_pylist(),
                    snapshot.stakeholders["name"].to_pylist(),
                )
            ),
            groups=dict(
                zip(snapshot.groups["id"].to_pylist(), snapshot.groups["name"].to_pylist())
            ),
        )


@app.command("map")
def map_(
    out: Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write")] = Path(
        "pmo-network-map.html"
    ),
    size_by: Annotated[
        SizeBy, typer.Option("--size-by", case_sensitive=False, help="What node sizes show")
    ] = SizeBy.pagerank,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Date the gaps are as of (YYYY-MM-DD) [default: today]"),
    ] = None,
) -> None:
    """Write the network map as one self-contained HTML file (to send to a sponsor: it
    opens in a browser with no network access)."""
    from graphkit.analysis.options import AnalysisOptions
    from graphkit.analysis.report import build_report
    from graphkit.map_file import NetworkMap, map_html, network_map

    day = _date_option(as_of, "--as-of") or dt.date.today()
    with _open() as store:
        snapshot = store.snapshot()
    report = build_report(snapshot, AnalysisOptions(as_of=day))
    drawn = NetworkMap(
        map_html(
            network_map(snapshot, report, size_by=size_by.value),
            subtitle=f"{snapshot.stakeholders.num_rows:,} stakeholders, as of {day.isoformat()}",
        )
    )
    print(drawn.save(out))


@app.command()
def log(
    source: Annotated[str, typer.Argument(help="Who the touchpoint is from (stakeholder id)")],
    target: Annotated[
        str,
        typer.Argument(
            help="With whom: a stakeholder id, or a customer group id for a touchpoint with a group"
        ),
    ],
    vehicle: Annotated[
        str, typer.Option("--vehicle", "-v", help="The touchpoint's vehicle (meeting, email, …)")
    ],
    date: Annotated[
        str | None, typer.Option("--date", help="When it happened (YYYY-MM-DD) [default: today]")
    ] = None,
    note: Annotated[str, typer.Option("--note", "-n", help="What was said or agreed")] = "",
    by: Annotated[
        str | None, typer.Option("--by", help="Who logs it [default: the source's name]")
    ] = None,
) -> None:
    """Log one contact with a touchpoint: its last contact moves on, the history stays."""
    from graphkit import model
    from graphkit.store import Create, EntityExists, EntityNotFound

    day = _date_option(date, "--date") or dt.date.today()
    with _open() as store:
        snapshot = store.snapshot()
        ties = {row["id"]: row for row in snapshot.touchpoints.to_pylist()}
        candidates = [
            model.touchpoint_key(source, target, vehicle),
            model.touchpoint_key(source, target, vehicle, to_group=True),
        ]
        tie_id = next((c for c in candidates if c in ties), None)
        if tie_id is None:
            errors.print(
                f"[red]error:[/red] no {vehicle} touchpoint from {source!r} to "
                f"{target!r}: add it first (graphkit import, or the API)",
                highlight=False,
            )
            raise typer.Exit(1)
        names = dict(
            zip(snapshot.stakeholders["id"].to_pylist(), snapshot.stakeholders["name"].to_pylist())
        )
        try:
            contact = model.Contact(
                touchpoint=tie_id,
                date=day,
                vehicle=ties[tie_id]["vehicle"],
                note=note,
                logged_by=by or names.get(source),
                logged_at=dt.datetime.now(dt.UTC),
            )
        except ValueError as error:
            _fail("refused", error)
        try:
            outcome = store.write([Create("contacts", model.to_row(contact))])
        except EntityExists:
            console.print(f"already logged: {tie_id} on {day} (the log keeps one entry)")
            return
        except (EntityNotFound, InvalidChange) as error:
            _fail("refused", error)
    moved = outcome.moved_on.get(tie_id)
    last = moved or ties[tie_id]["last_contact"]
    console.print(
        f"logged {vehicle} {source} → {target} on {day}; last contact "
        f"{last.isoformat() if last else '—'}",
        highlight=False,
    )


@app.command()
def demo(
    size: Annotated[int, typer.Option(help="Number of stakeholders")] = 300,
    seed: Annotated[int, typer.Option(help="Same seed, same network")] = 7,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="Contact dates count back from this day (YYYY-MM-DD) [default: today]"
        ),
    ] = None,
    serve: Annotated[bool, typer.Option("--serve", help="Then serve the maps and API")] = False,
    host: Annotated[str | None, typer.Option(help="Host for --serve")] = None,
    port: Annotated[int | None, typer.Option(help="Port for --serve")] = None,
) -> None:
    """Load a generated PMO network (the seed's five groups, PMO hub, teams, broadcasts,
    a contact log, planted gaps)."""
    from graphkit.demo import generate_tables
    from graphkit.store import NetworkChange

    # Dated from today by default, so the demo's stale ties are the ones planted, not the
    # days since a fixed date; the same seed and date give the same network.
    day = _date_option(as_of, "--as-of") or dt.date.today()
    with _open() as store:
        with console.status(f"generating and loading a {size}-stakeholder network"):
            summary = store.apply(NetworkChange(**generate_tables(size=size, seed=seed, as_of=day)))
        counts = store.counts()
    console.print(
        f"demo network (seed {seed}): {counts.stakeholders} stakeholders, "
        f"{counts.touchpoints} touchpoints, {counts.groups} groups, "
        f"{counts.contacts} logged contacts "
        f"({sum(summary.created.values())} rows created, "
        f"{sum(summary.updated.values())} updated)"
    )
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
        import secrets

        settings = settings.model_copy(update={"admin_token": secrets.token_urlsafe(24)})
        console.print(
            f"Open http://{host}:{port}/login and sign in with this run's admin "
            f"token:\n  {settings.admin_token}"
        )
    elif announce_token:
        console.print(f"Open http://{host}:{port}/login and sign in with $GRAPHKIT_ADMIN_TOKEN.")
    run_server(settings, host, port)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="[default: $GRAPHKIT_HOST or 127.0.0.1]")] = None,
    port: Annotated[int | None, typer.Option(help="[default: $GRAPHKIT_PORT or 8000]")] = None,
) -> None:
    """Serve the API and the network maps on the configured store."""
    _serve(host, port)


@token_app.command("create")
def token_create(
    role: Annotated[
        Role, typer.Option(help="What the token may do", case_sensitive=False)
    ] = Role.viewer,
    name: Annotated[str, typer.Option(help="Who or what the token is for")] = "cli",
) -> None:
    """Create an API token; it is shown once and stored only as a hash."""
    from graphkit.tokens import create_token

    print(create_token(_settings(), role.value, name))


@token_app.command("list")
def token_list() -> None:
    """The tokens (never their secrets): id, name, role, made, revoked."""
    from graphkit.tokens import TokenStore, tokens_path

    tokens = TokenStore(tokens_path(_settings()))
    try:
        found = tokens.list()
    finally:
        tokens.close()
    table = Table("id", "name", "role", "created", "revoked")
    for info in found:
        when = dt.datetime.fromtimestamp(info.created_at, dt.UTC)
        gone = dt.datetime.fromtimestamp(info.revoked_at, dt.UTC) if info.revoked_at else None
        table.add_row(
            info.id,
            info.name,
            info.role,
            f"{when:%Y-%m-%d %H:%M}",
            f"{gone:%Y-%m-%d %H:%M}" if gone else "",
        )
    console.print(table)


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[str, typer.Argument(help="The token's id (token list)")],
) -> None:
    """Revoke a token: it and its browser sessions stop working at once."""
    from graphkit.tokens import TokenStore, tokens_path

    tokens = TokenStore(tokens_path(_settings()))
    try:
        found = tokens.revoke(token_id)
    finally:
        tokens.close()
    if not found:
        errors.print(f"[red]error:[/red] no token with id {token_id!r}", highlight=False)
        raise typer.Exit(1)
    console.print(f"revoked {token_id}")
