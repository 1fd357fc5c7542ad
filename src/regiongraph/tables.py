"""Compiled tables: the curated graph flattened once into plain Python data (every event row with
its filter keys, the name indexes, the networkx projection's nodes and edges), so that the hottest
commands (``events``, ``path``) answer without importing rdflib or networkx.

The tables are built with the ordinary library functions (``list_events``, ``name_index``,
``project``) and kept in the cache under the graph's and the code's digests, so they are rebuilt
whenever graph/ or the package changes, and answers from them are the library's answers.
Names are looked up only when the lookup is unambiguous; anything else returns None and the
caller takes the ordinary path, which answers the same or raises the clear error.

>>> from regiongraph.locate import find_graph_dir
>>> table = event_table(find_graph_dir())
>>> rows = select_events(table, "2025-07-03", countries=["Russia"], types=["recognition"])
>>> [(r["type"], r["date"]) for r in rows or []]
[('recognition', '2025-07-03')]
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from regiongraph.cache import cached, graph_digest
from regiongraph.names import normalise
from regiongraph.prefixes import DATA, PREFIXES

if TYPE_CHECKING:
    from rdflib import Graph

NameIndex = dict[str, list[str]]
EVENT_COLUMNS = (
    "id", "type", "date", "precision", "actors", "counterparts", "participants", "place",
    "status", "summary", "sources",
)  # fmt: skip


@dataclass(frozen=True)
class EventEntry:
    """An event row with what the filters need: the last day its date may denote (ISO, or ""),
    its type's IRI and the IRIs of the states its sides belong to."""

    row: dict[str, Any]
    latest: str
    type: str
    countries: frozenset[str]


@dataclass(frozen=True)
class EventTable:
    """Every event row, oldest first, with the names of event types and states."""

    events: list[EventEntry]
    event_types: NameIndex
    countries: NameIndex


@dataclass(frozen=True)
class NetworkTable:
    """The projection's nodes and edges (in networkx's order) and every entity's names."""

    entities: NameIndex
    nodes: dict[str, dict[str, Any]]
    edges: list[tuple[str, str, str, dict[str, Any]]]


def event_table(graph_dir: Path, use_cache: bool = True) -> EventTable:
    """The event table of the graph in ``graph_dir``, from the cache or built (and cached)."""
    build = lambda: build_event_table(_load(graph_dir, use_cache))  # noqa: E731
    return cached("event-table", graph_digest(graph_dir), build, enabled=use_cache)


def network_table(graph_dir: Path, use_cache: bool = True) -> NetworkTable:
    """The network table of the graph in ``graph_dir``, from the cache or built (and cached)."""
    build = lambda: build_network_table(_load(graph_dir, use_cache))  # noqa: E731
    return cached("network-table", graph_digest(graph_dir), build, enabled=use_cache)


def build_event_table(g: Graph) -> EventTable:
    """Flatten the events of ``g`` with the library's own functions."""
    from rdflib import URIRef
    from rdflib.namespace import SKOS

    from regiongraph.events import involved_countries, list_events
    from regiongraph.model import affiliations, begin_bounds, instances
    from regiongraph.namespaces import RG, SCHEMA, SEM

    belongs = affiliations(g)
    entries = []
    for record in list_events(g):
        event = URIRef(record.iri)
        bounds = begin_bounds(g, event)
        entries.append(
            EventEntry(
                row=record.as_row(),
                latest=bounds[1].isoformat() if bounds else "",
                type=str(g.value(event, SEM.eventType) or ""),
                countries=frozenset(str(c) for c in involved_countries(g, event, belongs)),
            )
        )
    return EventTable(
        events=entries,
        event_types=_index(g, set(g.subjects(SKOS.inScheme, RG.EventTypes))),
        countries=_index(g, instances(g, SCHEMA.Country)),
    )


def build_network_table(g: Graph) -> NetworkTable:
    """Flatten the networkx projection of ``g``."""
    from regiongraph.network import project

    G = project(g)
    return NetworkTable(
        entities=_index(g, None),
        nodes={node: dict(data) for node, data in G.nodes(data=True)},
        edges=[(u, v, key, dict(data)) for u, v, key, data in G.edges(keys=True, data=True)],
    )


def _load(graph_dir: Path, use_cache: bool) -> Graph:
    from regiongraph.load import load_graph

    return load_graph(graph_dir, use_cache=use_cache)


def _index(g: Graph, subjects: Collection[Any] | None) -> NameIndex:
    from regiongraph.resolve import name_index

    return {key: sorted(map(str, iris)) for key, iris in name_index(g, subjects).items()}


def lookup(index: NameIndex, name: str, scoped: bool = True) -> str | None:
    """The one IRI ``name`` stands for in ``index``, by IRI or CURIE (when ``scoped``: the index
    holds every candidate) or by any name; None when that needs the ordinary resolver (several
    matches, no match, or an unscoped IRI).

    >>> lookup({"tajikistan": ["https://w3id.org/regiongraph/id/country/TJK"]}, " Tajikistan ")
    'https://w3id.org/regiongraph/id/country/TJK'
    """
    text = name.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    iri = text
    if ":" in text and not text.startswith("http") and text.split(":", 1)[0] in PREFIXES:
        iri = PREFIXES[text.split(":", 1)[0]] + text.split(":", 1)[1]
    if iri.startswith(("http://", "https://")):
        if not scoped:
            return None
        if any(iri in iris for iris in index.values()):
            return iri
    matches = index.get(normalise(text), [])
    if len(matches) == 1:
        return matches[0]
    ours = [m for m in matches if m.startswith(DATA)]
    return ours[0] if scoped and len(ours) == 1 else None


def select_events(
    table: EventTable,
    as_of_day: str | None = None,
    countries: Sequence[str] = (),
    types: Sequence[str] = (),
) -> list[dict[str, Any]] | None:
    """Rows of the events that had happened by ``as_of_day`` (ISO; default: all), involving any
    of ``countries`` and of any of ``types``, oldest first, as ``list_events`` gives them; None
    when a name needs the ordinary resolver."""
    wanted_types = {lookup(table.event_types, t) for t in types}
    wanted_countries = {lookup(table.countries, c) for c in countries}
    if None in wanted_types or None in wanted_countries:
        return None
    return [
        entry.row
        for entry in table.events
        if (as_of_day is None or (entry.latest and entry.latest <= as_of_day))
        and (not wanted_types or entry.type in wanted_types)
        and (not wanted_countries or wanted_countries & entry.countries)
    ]
