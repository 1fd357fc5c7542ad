"""The ``regiongraph`` command line: a thin shell over the library. Each command parses its
options, calls one library function and formats the result. Heavy libraries are imported inside
the commands, so ``regiongraph --help`` stays fast."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from regiongraph import __version__

if TYPE_CHECKING:  # pathlib and json are imported where used: --help needs neither
    from pathlib import Path

F = TypeVar("F", bound=Callable[..., Any])


class Context:
    """Options shared by every command."""

    def __init__(self, graph: str | None, use_cache: bool, store: str | None = None) -> None:
        self.graph_dir = graph
        self.use_cache = use_cache
        self.store = store
        self._loaded: Any = None

    def tables_allowed(self) -> bool:
        """Whether commands may answer from the compiled tables of the curated graph (not on a
        merged store, and not when the cache is switched off)."""
        return not self.store and self.use_cache and not os.environ.get("REGIONGRAPH_NO_CACHE")

    def graph_path(self) -> Path:
        """The graph directory in use."""
        from regiongraph.locate import find_graph_dir

        return find_graph_dir(self.graph_dir)

    def load(self) -> Any:
        """The curated graph, or the merged store when --store is given."""
        if self._loaded is None:
            if self.store:
                from regiongraph.stores import open_store

                self._loaded = open_store(self.store)
            else:
                from regiongraph.load import load_graph

                self._loaded = load_graph(self.graph_dir, use_cache=self.use_cache)
        return self._loaded


def handle_errors(command: F) -> F:
    """Turn library errors into ``Error: ...`` and exit 1, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from regiongraph.errors import RegionGraphError

        try:
            return command(*args, **kwargs)
        except RegionGraphError as error:
            raise click.ClickException(str(error)) from None
        except (click.ClickException, click.exceptions.Exit, SystemExit, BrokenPipeError):
            raise
        except Exception as error:
            if os.environ.get("REGIONGRAPH_DEBUG"):
                raise
            raise click.ClickException(
                f"internal error ({type(error).__name__}: {error}); this is a bug in regiongraph: "
                "rerun with REGIONGRAPH_DEBUG=1 for the traceback and report it"
            ) from None

    return wrapper  # type: ignore[return-value]


def format_choice(*choices: str) -> Callable[[F], F]:
    """A -f/--format option with these choices, the first being the default."""
    return click.option(
        "-f",
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=choices[0],
        show_default=True,
        help="Output format.",
    )


# The tabular commands' shared output option.
format_option = format_choice("table", "json", "csv", "tsv")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="regiongraph")
@click.option(
    "--graph",
    "graph",
    metavar="PATH",
    envvar="REGIONGRAPH_GRAPH",
    help="Graph directory (default: $REGIONGRAPH_GRAPH, the installed copy, or the checkout).",
)
@click.option("--no-cache", is_flag=True, help="Parse and validate afresh, ignoring the cache.")
@click.option(
    "--store",
    "store",
    metavar="PATH",
    envvar="REGIONGRAPH_STORE",
    help="Run on a merged Oxigraph store (see 'regiongraph merge') instead of graph/.",
)
@click.pass_context
def cli(ctx: click.Context, graph: str | None, no_cache: bool, store: str | None) -> None:
    """A sourced, time-aware knowledge graph of how the states around Afghanistan deal with
    the Taliban-led government since August 2021.

    Example:

        regiongraph events --country Tajikistan --as-of 2025-11-30
    """
    ctx.obj = Context(graph, not no_cache, store)


pass_context = click.make_pass_decorator(Context)


@cli.command()
@pass_context
@handle_errors
def info(context: Context) -> None:
    """Where the graph is, its version, and how many of each thing it holds.

    Example:

        regiongraph info
    """
    from regiongraph.cache import graph_digest
    from regiongraph.locate import find_graph_dir
    from regiongraph.overview import graph_counts

    directory = find_graph_dir(context.graph_dir)
    g = context.load()
    click.echo(f"graph:        {directory}")
    click.echo(f"data version: {graph_digest(directory)[:12]} (regiongraph {__version__})")
    for key, value in graph_counts(g).items():
        click.echo(f"{key + ':':<14}{value}")


@cli.command()
@click.option("--prune", is_flag=True, help="Remove entries made for other versions of graph/.")
@click.option("--all", "everything", is_flag=True, help="With --prune: remove every entry.")
@pass_context
@handle_errors
def cache(context: Context, prune: bool, everything: bool) -> None:
    """Where the cache is and what it holds; --prune removes what the current graph and code
    no longer use (compiled graphs, tables and validation reports of earlier versions).

    Prune when no other regiongraph command is running: one reading an entry as it is removed
    may fail.

    Example:

        regiongraph cache --prune
    """
    from regiongraph.cache import cache_usage, prune_cache

    if everything and not prune:
        raise click.UsageError("--all goes with --prune: regiongraph cache --prune --all")
    if prune:
        removed = prune_cache(context.graph_path(), everything)
        click.echo(f"removed {removed.entries} entries, {_mebibytes(removed.size)} freed")
    usage = cache_usage()
    click.echo(f"cache: {usage.folder}: {usage.entries} entries, {_mebibytes(usage.size)}")


def _mebibytes(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"


@cli.command()
@click.option("--warnings/--no-warnings", default=False, help="List warnings too.")
@format_option
@pass_context
@handle_errors
def validate(context: Context, warnings: bool, fmt: str) -> None:
    """Check the graph against its SHACL shapes and lints; exit 1 if it does not conform.

    Example:

        regiongraph validate --warnings
    """
    from regiongraph.output import render
    from regiongraph.validate import check_graph

    report = check_graph(context.graph_dir, use_cache=context.use_cache)
    shown = report.problems if warnings else report.violations
    if fmt != "table":
        click.echo(
            render(
                [p.__dict__ for p in shown], fmt, ["severity", "file", "node", "rule", "message"]
            ),
            nl=False,
        )
    else:
        for problem in shown:
            click.echo(str(problem), err=True)
    summary = (
        f"{len(report.violations)} violation(s), {len(report.warnings)} warning(s) "
        f"in {report.triples} triples"
    )
    if not report.conforms:
        click.echo(f"Error: the graph does not conform: {summary}", err=True)
        sys.exit(1)
    click.echo(f"OK: the graph conforms ({summary})", err=fmt != "table")


@cli.command()
@click.argument("name")
@format_choice("text", "json")
@pass_context
@handle_errors
def entity(context: Context, name: str, fmt: str) -> None:
    """Everything about one entity: names, identifiers, events and situations, with sources.

    NAME may be an IRI, a CURIE (country:TJK), an ISO code, or a label or alias in any language.

    Example:

        regiongraph entity "Emomali Rahmon"
    """
    from regiongraph.entities import describe_entity
    from regiongraph.resolve import resolve_entity

    g = context.load()
    info = describe_entity(g, resolve_entity(g, name))
    if fmt == "json":
        click.echo(_json(info.as_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(f"{info.id}  ({', '.join(info.kinds)})")
    for lang, values in info.labels.items():
        click.echo(f"  label@{lang}: {'; '.join(values)}")
    if info.aliases:
        click.echo(f"  aliases: {'; '.join(info.aliases)}")
    for key, value in info.identifiers.items():
        click.echo(f"  {key}: {value}")
    if info.situations:
        click.echo(f"\nSituations ({len(info.situations)}):")
        for s in info.situations:
            span = f"{s.start} .. {s.end or 'now'}" if s.start else f"held on {s.attested}"
            if s.end and not s.start:
                span = f"held on {s.attested} .. {s.end}"
            click.echo(f"  {span:<26} {s.description} [{s.status}]")
            for source in s.sources:
                click.echo(f"  {'':<26}   source: {source}")
    click.echo(f"\nEvents ({len(info.events)}):")
    for e in info.events:
        click.echo(f"  {e.date:<11} {e.type:<22} {e.summary} [{e.status}]")
        for source in e.sources:
            click.echo(f"  {'':<11} {'':<22}   source: {source}")


@cli.command()
@click.option("--as-of", metavar="DATE", help="Only events that had happened by DATE.")
@click.option(
    "--country",
    "countries",
    multiple=True,
    metavar="NAME",
    help="Only events involving this state (repeatable).",
)
@click.option(
    "--type",
    "types",
    multiple=True,
    metavar="TYPE",
    help="Only events of this type, e.g. visit, recognition (repeatable).",
)
@format_option
@pass_context
@handle_errors
def events(
    context: Context,
    as_of: str | None,
    countries: tuple[str, ...],
    types: tuple[str, ...],
    fmt: str,
) -> None:
    """One row per event, oldest first.

    Example:

        regiongraph events --country TJK --type visit -f csv
    """
    from regiongraph.dates import as_of_date
    from regiongraph.output import render
    from regiongraph.tables import EVENT_COLUMNS, event_table, select_events

    day = as_of_date(as_of).isoformat() if as_of is not None else None
    rows = None
    if context.tables_allowed():
        rows = select_events(event_table(context.graph_path()), day, countries, types)
    if rows is None:
        from regiongraph.events import list_events

        rows = [e.as_row() for e in list_events(context.load(), as_of, countries, types)]
    if not rows:
        click.echo("No events match.", err=True)
    click.echo(render(rows, fmt, EVENT_COLUMNS), nl=False)


@cli.command()
@click.option("--as-of", metavar="DATE", help="Report the graph as it stood on DATE.")
@click.option("--latest", default=10, show_default=True, help="How many latest events to list.")
@click.option(
    "--out", "out", default="out", show_default=True, metavar="DIR", help="Folder for the diagrams."
)
@click.option(
    "--diagrams/--no-diagrams",
    default=True,
    show_default=True,
    help="Draw the diagrams into --out.",
)
@pass_context
@handle_errors
def report(context: Context, as_of: str | None, latest: int, out: str, diagrams: bool) -> None:
    """The main job: validate the graph, print an overview of it, and draw the diagrams.

    Example:

        regiongraph report --as-of 2025-07-31
    """
    from regiongraph.cache import graph_digest
    from regiongraph.locate import find_graph_dir
    from regiongraph.output import render
    from regiongraph.overview import graph_overview
    from regiongraph.validate import check_graph

    directory = find_graph_dir(context.graph_dir)
    checked = check_graph(context.graph_dir, use_cache=context.use_cache)
    if not checked.conforms:
        for problem in checked.violations:
            click.echo(str(problem), err=True)
        raise click.ClickException(
            f"the graph does not conform ({len(checked.violations)} violations): "
            "fix them, then run the report again"
        )
    overview = graph_overview(context.load(), as_of, latest)
    click.echo(f"regiongraph report as of {overview.as_of.isoformat()}")
    click.echo(
        f"graph {directory} · data version {graph_digest(directory)[:12]} · "
        f"valid ({len(checked.warnings)} warnings)"
    )
    click.echo(f"events from {overview.first_event} to {overview.last_event}\n")
    click.echo("  ".join(f"{k} {v}" for k, v in overview.counts.items()) + "\n")
    click.echo(f"Latest {len(overview.latest_events)} events:")
    click.echo(
        render(
            [e.as_row() for e in overview.latest_events],
            "table",
            ["date", "type", "actors", "counterparts", "status", "summary"],
        )
    )
    click.echo("Positions towards the Islamic Emirate (diplomatic and legal tracks):")
    click.echo(
        render(
            overview.position_rows(),
            "table",
            ["country", "diplomatic", "diplomatic since", "legal", "legal since"],
        ),
        nl=False,
    )
    if diagrams:
        from regiongraph.diagrams import write_all

        written = write_all(context.load(), out, as_of)
        click.echo(f"\nWrote {len(written)} diagrams to {os.path.realpath(out)}:")
        for path in written:
            click.echo(f"  {path.name}")


@cli.command()
@click.option("--as-of", metavar="DATE", help="Positions as they stood on DATE (default: today).")
@format_option
@pass_context
@handle_errors
def coverage(context: Context, as_of: str | None, fmt: str) -> None:
    """Per state: events, sources and people held, first and latest event, position today.

    Example:

        regiongraph coverage -f csv
    """
    from regiongraph.coverage import COLUMNS, state_coverage
    from regiongraph.output import render

    rows = [r.as_row() for r in state_coverage(context.load(), as_of)]
    click.echo(render(rows, fmt, COLUMNS), nl=False)


@cli.command()
@click.option(
    "--country",
    "countries",
    multiple=True,
    metavar="NAME",
    help="Only sources behind events involving this state (repeatable).",
)
@format_option
@pass_context
@handle_errors
def sources(context: Context, countries: tuple[str, ...], fmt: str) -> None:
    """Every source, newest first, with the claims (events, situations) it supports.

    Example:

        regiongraph sources --country Kyrgyzstan -f json
    """
    from regiongraph.output import render
    from regiongraph.sources import COLUMNS, list_sources

    rows = [r.as_row() for r in list_sources(context.load(), countries)]
    click.echo(render(rows, fmt, COLUMNS), nl=False)


@cli.command()
@format_option
@pass_context
@handle_errors
def queries(context: Context, fmt: str) -> None:
    """List the named queries of graph/queries/ with their parameters.

    Example:

        regiongraph queries
    """
    from regiongraph.locate import find_graph_dir
    from regiongraph.output import render
    from regiongraph.queries import list_queries

    rows = [q.as_row() for q in list_queries(find_graph_dir(context.graph_dir))]
    click.echo(render(rows, fmt, ["name", "title", "parameters"]), nl=False)


@cli.command()
@click.argument("name", required=False)
@click.option("-e", "--expression", metavar="TEXT", help="Run this SPARQL text instead of a name.")
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="A parameter of the named query (repeatable).",
)
@click.option("--as-of", metavar="DATE", help="Shortcut for -p as_of=DATE.")
@format_choice("table", "json", "csv", "tsv", "turtle")
@click.option(
    "--endpoint", metavar="URL", help="Run on this SPARQL endpoint instead of in process."
)
@click.option("--timeout", default=60.0, show_default=True, help="Seconds to wait for an endpoint.")
@pass_context
@handle_errors
def query(
    context: Context,
    name: str | None,
    expression: str | None,
    params: tuple[str, ...],
    as_of: str | None,
    fmt: str,
    endpoint: str | None,
    timeout: float,
) -> None:
    """Run a named query, a .rq file, or SPARQL text given with -e.

    Parameters are bound as RDF terms, never pasted into the text: a country is accepted by
    any of its names, a date is checked.

    Example:

        regiongraph query ladder-as-of --as-of 2024-06-30 -f csv
    """
    from regiongraph.locate import find_graph_dir
    from regiongraph.queries import NamedQuery, find_query, run_named_query

    if (name is None) == (expression is None):
        raise click.UsageError("give a query NAME or FILE.rq, or SPARQL text with -e, not both")
    values = _parse_params(params)
    if expression is not None:
        from pathlib import Path

        named = NamedQuery("expression", "expression", "", (), expression, Path("-e"))
        if values or as_of:
            raise click.UsageError("-p and --as-of apply to named queries only")
    else:
        named = find_query(find_graph_dir(context.graph_dir), name or "")
        if _fast_query(context, named, values, as_of, fmt, endpoint, name or ""):
            return
    from regiongraph.results import render_result

    if endpoint is not None:
        from regiongraph.remote import run_named_query_remote

        result = run_named_query_remote(
            endpoint, named, values, as_of, context.load(), timeout=timeout
        )
    else:
        result = run_named_query(context.load(), named, values, as_of)
    click.echo(render_result(result, fmt), nl=False)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, help="Port to listen on (0: any free).")
@click.option("--timeout", default=10.0, show_default=True, help="Seconds a query may run.")
@click.option(
    "--max-results", default=10000, show_default=True, help="Rows or triples a query may return."
)
@pass_context
@handle_errors
def serve(context: Context, host: str, port: int, timeout: float, max_results: int) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint, with a query page at /.

    Updates, LOAD, SERVICE and FROM are refused; each query has a time limit and a result cap.

    Example:

        regiongraph serve --port 8000
    """
    from regiongraph.locate import find_graph_dir
    from regiongraph.serve import Limits, make_server

    directory = find_graph_dir(context.graph_dir)
    limits = Limits(timeout=timeout, max_results=max_results)
    try:
        server = make_server(context.load(), directory, host, port, limits)
    except OSError as error:
        raise click.ClickException(
            f"cannot listen on {host}:{port}: {error.strerror}; choose another --port"
        ) from None
    click.echo(f"Serving SPARQL at {server.base_url}/sparql (query page: {server.base_url}/)")
    click.echo("Press Ctrl-C to stop.", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@cli.command()
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="Graph Store Protocol endpoint, e.g. http://127.0.0.1:8890/sparql-graph-crud-auth",
)
@click.option(
    "--graph",
    "graph_iri",
    default="https://w3id.org/regiongraph/graph",
    show_default=True,
    metavar="IRI",
    help="Named graph to replace on the server.",
)
@click.option("--user", metavar="U", help="User name (HTTP digest or basic authentication).")
@click.option(
    "--password",
    metavar="P",
    envvar="REGIONGRAPH_PASSWORD",
    help="Password (or set $REGIONGRAPH_PASSWORD).",
)
@pass_context
@handle_errors
def push(
    context: Context, endpoint: str, graph_iri: str, user: str | None, password: str | None
) -> None:
    """Load the graph (with its derived edges) into a SPARQL server's named graph, replacing it,
    through the SPARQL 1.1 Graph Store Protocol.

    Example:

        REGIONGRAPH_PASSWORD=dba regiongraph push --user dba \
            --endpoint http://127.0.0.1:8890/sparql-graph-crud-auth
    """
    from rdflib import Graph

    from regiongraph.remote import push_graph

    union = Graph()
    for triple in context.load().triples((None, None, None)):
        union.add(triple)
    count = push_graph(endpoint, union, graph_iri, user, password)
    click.echo(f"Pushed {count} triples to <{graph_iri}> at {endpoint}")


@cli.command()
@click.option("--as-of", metavar="DATE", help="Positions on DATE (default: today).")
@click.option(
    "--country", "countries", multiple=True, metavar="NAME", help="Only this state (repeatable)."
)
@format_option
@pass_context
@handle_errors
def ladder(context: Context, as_of: str | None, countries: tuple[str, ...], fmt: str) -> None:
    """Each state's position on the diplomatic and legal tracks, with the facts that set it.

    Example:

        regiongraph ladder --as-of 2025-07-31 --country Russia --country Kazakhstan
    """
    from regiongraph.ladder import ladder_positions
    from regiongraph.output import render

    rows = [p.as_row() for p in ladder_positions(context.load(), as_of, countries)]
    click.echo(render(rows, fmt, ["country", "track", "level", "since", "events"]), nl=False)


@cli.command()
@click.argument("name")
@format_option
@pass_context
@handle_errors
def timeline(context: Context, name: str, fmt: str) -> None:
    """A state's moves on both ladder tracks over time, with the facts behind them.

    Example:

        regiongraph timeline Kazakhstan
    """
    from regiongraph.ladder import state_timeline
    from regiongraph.output import render

    rows = state_timeline(context.load(), name)
    columns = ["date", "track", "sets", "changed", "position", "evidence", "summary"]
    click.echo(render(rows, fmt, columns), nl=False)


@cli.command()
@click.argument("source")
@click.argument("target")
@click.option("--as-of", metavar="DATE", help="The network as it stood on DATE.")
@click.option(
    "--via",
    multiple=True,
    metavar="KIND",
    help="Only these relation kinds (talks, ban...) or intermediate node kinds "
    "(person, body...); repeatable.",
)
@click.option("--max-hops", type=click.IntRange(min=1), metavar="N", help="Longest path to show.")
@click.option(
    "-k",
    "k",
    default=3,
    show_default=True,
    type=click.IntRange(min=1),
    help="How many shortest paths.",
)
@click.option("--directed", is_flag=True, help="Follow edges from actor to counterpart only.")
@format_choice("table", "json")
@pass_context
@handle_errors
def path(
    context: Context,
    source: str,
    target: str,
    as_of: str | None,
    via: tuple[str, ...],
    max_hops: int | None,
    k: int,
    directed: bool,
    fmt: str,
) -> None:
    """The K shortest paths between two actors, each hop with its events or situations.

    Example:

        regiongraph path Tajikistan Russia --as-of 2025-11-30 -k 2
    """
    from regiongraph.dates import as_of_date

    day = as_of_date(as_of).isoformat() if as_of is not None else None
    found = None
    if context.tables_allowed():
        from regiongraph.pathfind import find_paths
        from regiongraph.tables import lookup, network_table

        table = network_table(context.graph_path())
        start, end = (lookup(table.entities, name, scoped=False) for name in (source, target))
        if start is not None and end is not None:
            found = find_paths(table.nodes, table.edges, start, end, k, day, via, max_hops,
                               directed, as_of)  # fmt: skip
    if found is None:
        from regiongraph.paths import shortest_paths

        found = shortest_paths(context.load(), source, target, k, as_of, via, max_hops, directed)
    if fmt == "json":
        click.echo(_json([p.as_dict() for p in found], ensure_ascii=False, indent=2))
        return
    for number, found_path in enumerate(found, 1):
        click.echo(f"Path {number} ({len(found_path.hops)} hops): {' > '.join(found_path.nodes)}")
        for hop in found_path.hops:
            click.echo(f"  {hop.source} -- {hop.target}: {len(hop.evidence)} links")
            for item in hop.evidence[:3]:
                source_url = item["sources"][0] if item["sources"] else ""
                click.echo(f"    {item['date'] or '-':<10} {item['type']:<24} {item['id']}")
                if item["summary"]:
                    click.echo(f"    {'':<10} {item['summary'][:110]}")
                if source_url:
                    click.echo(f"    {'':<10} source: {source_url}")
            if len(hop.evidence) > 3:
                click.echo(f"    ... and {len(hop.evidence) - 3} more (-f json lists all)")


@cli.command()
@click.argument("name")
@click.option(
    "--depth", default=1, show_default=True, type=click.IntRange(min=1), help="How many hops away."
)
@click.option("--as-of", metavar="DATE", help="The network as it stood on DATE.")
@format_option
@pass_context
@handle_errors
def neighbours(context: Context, name: str, depth: int, as_of: str | None, fmt: str) -> None:
    """Actors within --depth hops of an actor, nearest first.

    Example:

        regiongraph neighbours "Islamic Emirate" --as-of 2022-12-31
    """
    from regiongraph.output import render
    from regiongraph.paths import neighbours as find_neighbours

    rows = find_neighbours(context.load(), name, depth, as_of)
    click.echo(render(rows, fmt, ["id", "label", "kind", "distance", "direct_links"]), nl=False)


@cli.command()
@click.option("--since", metavar="DATE", help="First day (default: 2021-08-15).")
@click.option("--until", metavar="DATE", help="Last day (default: today).")
@click.option("--top", default=5, show_default=True, help="How many brokers per period.")
@click.option(
    "--per",
    type=click.Choice(["year", "period"]),
    default="year",
    show_default=True,
    help="One ranking per calendar year, or one for the whole period.",
)
@format_option
@pass_context
@handle_errors
def brokers(
    context: Context, since: str | None, until: str | None, top: int, per: str, fmt: str
) -> None:
    """Who connects otherwise separate actors: betweenness centrality, per period.

    Example:

        regiongraph brokers --since 2024 --until 2025 --top 3
    """
    from regiongraph.output import render
    from regiongraph.paths import brokers as find_brokers

    rows = find_brokers(context.load(), since, until, top, per)
    columns = ["period", "rank", "label", "kind", "betweenness", "degree"]
    click.echo(render(rows, fmt, columns), nl=False)


@cli.command()
@click.option("--since", required=True, metavar="DATE", help="First day of the period.")
@click.option("--until", required=True, metavar="DATE", help="Last day of the period.")
@format_choice("table", "json")
@pass_context
@handle_errors
def changes(context: Context, since: str, until: str, fmt: str) -> None:
    """What happened between two dates and which ladder positions moved.

    Example:

        regiongraph changes --since 2025-04 --until 2025-07
    """
    from regiongraph.changes import changes_between
    from regiongraph.output import render

    found = changes_between(context.load(), since, until)
    if fmt == "json":
        data = {
            "since": found.since, "until": found.until, "moves": found.moves,
            "events": [e.as_row() for e in found.events], "began": found.began,
            "ended": found.ended,
        }  # fmt: skip
        click.echo(_json(data, ensure_ascii=False, indent=2))
        return
    click.echo(f"From {found.since} to {found.until}:")
    click.echo(f"\nPositions that moved ({len(found.moves)}):")
    click.echo(render(found.moves, "table", ["country", "track", "from", "to", "since"]), nl=False)
    click.echo(f"\nSituations that began ({len(found.began)}) or ended ({len(found.ended)}):")
    rows = [{**r, "change": "began"} for r in found.began] + [
        {**r, "change": "ended"} for r in found.ended
    ]
    click.echo(render(rows, "table", ["change", "start", "end", "description"]), nl=False)
    click.echo(f"\nEvents ({len(found.events)}):")
    click.echo(
        render(
            [e.as_row() for e in found.events],
            "table",
            ["date", "type", "actors", "counterparts", "summary"],
        ),
        nl=False,
    )


@cli.command(name="export")
@click.option(
    "-f",
    "--format",
    "fmt",
    required=True,
    metavar="FORMAT",
    help="graphml, gexf, node-link, cytoscape, events-csv, turtle, nt, json-ld, trig.",
)
@click.option("-o", "--output", required=True, metavar="PATH", help="File to write, - for stdout.")
@click.option("--as-of", metavar="DATE", help="The network as it stood on DATE.")
@pass_context
@handle_errors
def export_command(context: Context, fmt: str, output: str, as_of: str | None) -> None:
    """Export the network or the RDF for other tools (Gephi, Cytoscape, yEd, triple stores).

    Example:

        regiongraph export -f gexf -o regiongraph.gexf
    """
    from regiongraph.dates import parse_date
    from regiongraph.export import export

    if as_of is not None:
        parse_date(as_of)
    message = export(context.load(), fmt, output, as_of)
    if output != "-":
        click.echo(message)


@cli.command()
@click.argument(
    "kind", type=click.Choice(["network", "timeline", "ladder", "projects", "snapshots"])
)
@click.option("-o", "--output", required=True, metavar="FILE", help="A .png, .svg or .pdf file.")
@click.option(
    "--as-of", metavar="DATE", help="Draw the graph as it stood on DATE (default: today)."
)
@click.option("--focus", metavar="NAME", help="network: only this actor and its neighbours.")
@click.option(
    "--depth",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    help="network: how many hops around --focus.",
)
@click.option(
    "--kinds",
    multiple=True,
    metavar="RELATION",
    help="network, snapshots: relation kinds to draw (recognition, diplomats, ban, "
    "talks, project, conflict, post, membership); repeatable.",
)
@click.option(
    "--include",
    multiple=True,
    metavar="NODE-KIND",
    help="network: node kinds to draw (country, government, movement, body, person, "
    "intergovernmental, project...); repeatable.",
)
@click.option(
    "--group-by-country/--no-group-by-country",
    default=True,
    show_default=True,
    help="network: fold bodies and officials into the state they act for.",
)
@click.option("--geo", is_flag=True, help="network: place states at their capitals.")
@click.option(
    "--lang", default="en", show_default=True, help="network: label language (en, ru...)."
)
@click.option(
    "--country",
    "countries",
    multiple=True,
    metavar="NAME",
    help="timeline, ladder: only these states; repeatable.",
)
@click.option(
    "--date",
    "dates",
    multiple=True,
    metavar="DATE",
    help="snapshots: the dates to draw (default: each year's end and --as-of).",
)
@pass_context
@handle_errors
def diagram(
    context: Context,
    kind: str,
    output: str,
    as_of: str | None,
    focus: str | None,
    depth: int,
    kinds: tuple[str, ...],
    include: tuple[str, ...],
    group_by_country: bool,
    geo: bool,
    lang: str,
    countries: tuple[str, ...],
    dates: tuple[str, ...],
) -> None:
    """Draw a relationship diagram to a PNG, SVG or PDF file.

    Example:

        regiongraph diagram network --as-of 2025-11-30 --geo -o network.png
    """
    from regiongraph import diagrams
    from regiongraph.dates import parse_date

    if as_of is not None:
        parse_date(as_of)
    g = context.load()
    if kind == "network":
        figure = diagrams.network_figure(
            g, as_of, focus, depth, kinds or None, group_by_country, geo, include or None, lang
        )
    elif kind == "timeline":
        figure = diagrams.timeline_figure(g, as_of, countries)
    elif kind == "ladder":
        figure = diagrams.ladder_figure(g, as_of, countries)
    elif kind == "projects":
        figure = diagrams.projects_figure(g, as_of)
    else:
        figure = diagrams.snapshots_figure(g, dates or None, as_of, kinds or None)
    path = diagrams.save_figure(figure, output)
    click.echo(f"Wrote the {kind} diagram to {path}")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@pass_context
@handle_errors
def merge(context: Context, files: tuple[str, ...]) -> None:
    """Add external RDF (N-Triples, Turtle, RDF/XML, JSON-LD; .gz, .bz2, .xz) to a persistent
    Oxigraph store kept apart from graph/, together with the curated graph. Every command then
    runs on it with --store PATH.

    Example:

        regiongraph --store ~/regiongraph-store merge wikidata-extract.nt.gz
    """
    from regiongraph.stores import merge_files

    if not context.store:
        raise click.UsageError("give the store folder: regiongraph --store PATH merge FILE...")
    bars: dict[str, Any] = {}

    def progress(name: str, done: int, total: int) -> None:
        bar = bars.get(name)
        if bar is None:
            bar = click.progressbar(length=max(total, 1), label=f"loading {name}", file=sys.stderr)
            bar.__enter__()
            bars[name] = bar
        bar.update(done - bar.pos)

    try:
        result = merge_files(context.store, list(files), context.graph_dir, progress)
    finally:
        for bar in bars.values():
            bar.__exit__(None, None, None)
    reloaded = " (curated graph loaded)" if result.curated_reloaded else ""
    click.echo(
        f"Merged {len(result.files)} file(s) into {context.store}: "
        f"{result.triples} triples in the store{reloaded}"
    )


def _fast_query(
    context: Context,
    named: Any,
    values: dict[str, str],
    as_of: str | None,
    fmt: str,
    endpoint: str | None,
    name: str,
) -> bool:
    """Answer a named query through the compiled Oxigraph copy, without importing rdflib;
    False when the ordinary path must answer instead (see regiongraph.fastquery)."""
    if endpoint is not None or name.endswith(".rq") or fmt == "turtle":
        return False
    if not context.use_cache or os.environ.get("REGIONGRAPH_NO_CACHE"):
        return False
    from regiongraph import fastquery
    from regiongraph.locate import find_graph_dir

    text = fastquery.rendered(find_graph_dir(context.graph_dir), named, values, as_of, fmt,
                              context.store)  # fmt: skip
    if text is None:
        return False
    click.echo(text, nl=False)
    return True


def _parse_params(params: tuple[str, ...]) -> dict[str, str]:
    values = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.UsageError(f"parameter {item!r} is not KEY=VALUE, e.g. -p country=TJK")
        values[key.strip()] = value.strip()
    return values


def main() -> None:
    """Entry point of the console script."""
    try:
        cli(prog_name="regiongraph")
    except BrokenPipeError:
        # The reader went away (| head): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(141)


def _json(value: object, **options: Any) -> str:
    import json

    return json.dumps(value, **options)
