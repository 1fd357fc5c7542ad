"""How well the graph covers each state: events, sources and people, the first and latest event,
and where the state stands today.

>>> from regiongraph.load import load_graph
>>> rows = {r.country: r for r in state_coverage(load_graph())}
>>> rows["Tajikistan"].events > 20
True
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from rdflib import Graph, URIRef

from regiongraph.dates import as_of_date
from regiongraph.events import involved_countries
from regiongraph.ladder import ladder_moves, ladder_positions, ladder_states
from regiongraph.model import affiliations, begin_bounds, happened_by, instances
from regiongraph.namespaces import ORG, PROV, RG, SCHEMA, SEM
from regiongraph.resolve import display_label
from regiongraph.validate import curie

COLUMNS = (
    "country", "iso", "events", "sources", "people", "first_event", "latest_event",
    "diplomatic", "legal",
)  # fmt: skip
_SITUATION_PARTIES = (
    RG.recognizer, RG.listedBy, RG.projectParticipant, RG.party, ORG.member, ORG.organization,
)  # fmt: skip


@dataclass(frozen=True)
class StateCoverage:
    """Coverage figures for one state."""

    country: str
    iso: str
    events: int
    sources: int
    people: int
    first_event: str
    latest_event: str
    diplomatic: str
    legal: str

    def as_row(self) -> dict[str, Any]:
        return asdict(self)


def state_coverage(g: Graph, as_of: str | date | None = None) -> list[StateCoverage]:
    """One row per state that has a ladder, in alphabetical order of its English name, counting
    the events that had happened by ``as_of`` (default: today)."""
    day = as_of if isinstance(as_of, date) else as_of_date(as_of)
    belongs = affiliations(g)
    moves = ladder_moves(g)
    positions = {(p.country, p.track): p.level_label for p in ladder_positions(g, day, moves=moves)}
    events_of: dict[URIRef, list[URIRef]] = {}
    for event in instances(g, SEM.Event):
        if not happened_by(g, event, day):
            continue
        for country in involved_countries(g, event, belongs):
            events_of.setdefault(country, []).append(event)
    rows = []
    for state in ladder_states(g):
        events = sorted(
            events_of.get(state, []), key=lambda e: begin_bounds(g, e) or (date.min, date.min)
        )
        claims: set[URIRef] = set(events)
        for situation in instances(g, RG.Situation):
            parties = {o for p in _SITUATION_PARTIES for o in g.objects(situation, p)}
            if any(isinstance(o, URIRef) and state in belongs.get(o, {o}) for o in parties):
                claims.add(situation)
        sources = {s for c in claims for s in g.objects(c, PROV.wasDerivedFrom)}
        people = {
            person for person in instances(g, SCHEMA.Person) if state in belongs.get(person, set())
        }
        rows.append(
            StateCoverage(
                country=display_label(g, state),
                iso=str(g.value(state, RG.isoAlpha3) or curie(state)),
                events=len(events),
                sources=len(sources),
                people=len(people),
                first_event=str(g.value(events[0], SCHEMA.startDate)) if events else "",
                latest_event=str(g.value(events[-1], SCHEMA.startDate)) if events else "",
                diplomatic=positions[(curie(state), "diplomatic")],
                legal=positions[(curie(state), "legal")],
            )
        )
    return sorted(rows, key=lambda r: r.country)
