"""Events as rows: one record per event, filtered by date, country and type.

>>> from regiongraph.load import load_graph
>>> rows = list_events(load_graph(), countries=["Russia"], types=["recognition"])
>>> rows[0].type, rows[0].date
('recognition', '2025-07-03')
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from regiongraph.dates import as_of_date
from regiongraph.model import affiliations, begin_bounds, happened_by, instances
from regiongraph.namespaces import PROV, RG, SCHEMA, SEM, TIME
from regiongraph.resolve import display_label, resolve_entity
from regiongraph.sparql import oxigraph_store
from regiongraph.tables import EVENT_COLUMNS
from regiongraph.validate import curie

COLUMNS = EVENT_COLUMNS  # the standard columns of an event row
_PRECISION = {TIME.unitDay: "day", TIME.unitMonth: "month", TIME.unitYear: "year"}


@dataclass(frozen=True)
class EventRecord:
    """One event, flattened for display."""

    id: str
    type: str
    date: str
    precision: str
    actors: list[str]
    counterparts: list[str]
    participants: list[str]
    place: str
    status: str
    summary: str
    sources: list[str]
    end_date: str = ""
    disputed_with: list[str] = field(default_factory=list)
    iri: str = ""

    def as_row(self) -> dict[str, Any]:
        """The record as a dict with the standard columns first."""
        row = asdict(self)
        return {key: row[key] for key in (*EVENT_COLUMNS, "end_date", "disputed_with", "iri")}


def event_record(g: Graph, event: URIRef) -> EventRecord:
    """Flatten one event node."""
    event_type = g.value(event, SEM.eventType)
    certainty = g.value(event, RG.certainty)
    conflicts = sorted(curie(o) for o in g.objects(event, RG.conflictsWith))
    status = str(g.value(certainty, SKOS.notation) or "")
    if conflicts:
        status += ", disputed"
    place = g.value(event, SEM.hasPlace)
    end = g.value(event, SCHEMA.endDate)
    return EventRecord(
        id=curie(event),
        type=str(g.value(event_type, SKOS.notation) or curie(event_type)),
        date=str(g.value(event, SCHEMA.startDate) or ""),
        precision=_precision(g, event),
        actors=_labels(g, g.objects(event, RG.actor)),
        counterparts=_labels(g, g.objects(event, RG.counterpart)),
        participants=_labels(g, g.objects(event, RG.participant)),
        place=display_label(g, place) if place is not None else "",
        status=status,
        summary=str(g.value(event, SCHEMA.description) or ""),
        sources=source_references(g, event),
        end_date=str(end) if end is not None else "",
        disputed_with=conflicts,
        iri=str(event),
    )


def source_references(g: Graph, node: URIRef) -> list[str]:
    """URLs (or citations, for sources without one) of the sources a claim cites."""
    from regiongraph.namespaces import DCTERMS

    refs = []
    for source in g.objects(node, PROV.wasDerivedFrom):
        url = g.value(source, SCHEMA.url) or g.value(source, DCTERMS.bibliographicCitation)
        refs.append(str(url) if url is not None else curie(source))
    return sorted(refs)


def list_events(
    g: Graph,
    as_of: str | date | None = None,
    countries: Sequence[str] = (),
    types: Sequence[str] = (),
) -> list[EventRecord]:
    """Events that had happened by ``as_of`` (default: all), involving any of ``countries``
    (by any name) and of any of ``types`` (by notation or label), oldest first."""
    day = as_of if isinstance(as_of, date) else (as_of_date(as_of) if as_of else None)
    events = instances(g, SEM.Event)
    wanted_types = {resolve_event_type(g, t) for t in types}
    wanted_countries = {
        resolve_entity(g, c, among=instances(g, SCHEMA.Country), kind="country") for c in countries
    }
    belongs = affiliations(g) if wanted_countries else {}
    native = oxigraph_store(g)
    if native is not None and (wanted_types or wanted_countries):
        events &= _candidates(native, wanted_types, wanted_countries)
    selected = []
    for event in events:
        if day is not None and not happened_by(g, event, day):
            continue
        if wanted_types and g.value(event, SEM.eventType) not in wanted_types:
            continue
        if wanted_countries and not wanted_countries & involved_countries(g, event, belongs):
            continue
        selected.append(event)
    selected.sort(key=lambda e: (begin_bounds(g, e) or (date.min, date.min), str(e)))
    return [event_record(g, e) for e in selected]


def _candidates(native: Any, types: set[URIRef], countries: set[URIRef]) -> set[URIRef]:
    """On a merged Oxigraph store, the events that may pass the type and country filters, from
    one query: a superset of what the filters keep (they run on it next), so that a large store
    is not read an event at a time."""
    import pyoxigraph

    patterns = []
    if types:
        values = " ".join(t.n3() for t in types)
        patterns.append(f"VALUES ?type {{ {values} }} ?e {SEM.eventType.n3()} ?type .")
    if countries:
        values = " ".join(c.n3() for c in countries)
        sides = "|".join(p.n3() for p in (RG.actor, RG.counterpart, RG.participant))
        patterns.append(f"VALUES ?state {{ {values} }} ?e {sides} ?side . "
                        f"?side {RG.actsFor.n3()} ?state .")  # fmt: skip
    rows = native.query(f"SELECT DISTINCT ?e WHERE {{ {' '.join(patterns)} }}")
    return {URIRef(row[0].value) for row in rows if isinstance(row[0], pyoxigraph.NamedNode)}


def involved_countries(g: Graph, event: URIRef, belongs: dict[URIRef, set[URIRef]]) -> set[URIRef]:
    """The states any side of the event belongs to."""
    found: set[URIRef] = set()
    for predicate in (RG.actor, RG.counterpart, RG.participant):
        for node in g.objects(event, predicate):
            if isinstance(node, URIRef):
                found |= belongs.get(node, set())
    return found


def resolve_event_type(g: Graph, name: str) -> URIRef:
    """The event type concept named by its notation or label."""
    concepts = set(g.subjects(SKOS.inScheme, RG.EventTypes))
    return resolve_entity(g, name, among=concepts, kind="event type")  # type: ignore[arg-type]


def _precision(g: Graph, node: URIRef) -> str:
    unit = g.value(node, RG.datePrecision)
    return _PRECISION.get(unit, "") if isinstance(unit, URIRef) else ""


def _labels(g: Graph, nodes: Iterable[object]) -> list[str]:
    return sorted(display_label(g, n) for n in nodes)
