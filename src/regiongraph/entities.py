"""Everything the graph holds about one entity: names, identifiers, and the events and
situations it takes part in, each with dates and sources.

>>> from regiongraph.load import load_graph
>>> g = load_graph()
>>> info = describe_entity(g, resolve_entity(g, "RUS"))
>>> info.labels["ru"]
['Россия']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from regiongraph.events import EventRecord, event_record, source_references
from regiongraph.model import begin_bounds, instances
from regiongraph.namespaces import ORG, RG, SCHEMA, SEM
from regiongraph.resolve import display_label, resolve_entity
from regiongraph.validate import curie

__all__ = ["EntityDescription", "SituationRecord", "describe_entity", "resolve_entity"]

_SITUATION_ROLES = (
    RG.party,
    RG.recognizer,
    RG.recognized,
    RG.listedBy,
    RG.listedEntity,
    ORG.member,
    ORG.organization,
    RG.projectParticipant,
    RG.project,
)


@dataclass(frozen=True)
class SituationRecord:
    """A situation (recognition, listing, post, project role) flattened for display."""

    id: str
    kind: str
    description: str
    start: str
    end: str
    attested: str
    status: str
    sources: list[str]


@dataclass
class EntityDescription:
    """What the graph says about an entity."""

    iri: str
    id: str
    kinds: list[str]
    labels: dict[str, list[str]]
    aliases: list[str]
    identifiers: dict[str, str]
    events: list[EventRecord] = field(default_factory=list)
    situations: list[SituationRecord] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "iri": self.iri,
            "id": self.id,
            "kinds": self.kinds,
            "labels": self.labels,
            "aliases": self.aliases,
            "identifiers": self.identifiers,
            "events": [e.as_row() for e in self.events],
            "situations": [s.__dict__ for s in self.situations],
        }


def describe_entity(g: Graph, iri: URIRef) -> EntityDescription:
    """Describe ``iri`` (use :func:`resolve_entity` to get it from a name)."""
    labels: dict[str, list[str]] = {}
    for value in g.objects(iri, RDFS.label):
        labels.setdefault(getattr(value, "language", None) or "-", []).append(str(value))
    identifiers = {"iri": str(iri)}
    iso = g.value(iri, RG.isoAlpha3)
    if iso is not None:
        identifiers["iso3166-alpha3"] = str(iso)
    for match in g.objects(iri, SKOS.exactMatch):
        identifiers["wikidata"] = str(match).rsplit("/", 1)[-1]
    events = [
        e
        for e in instances(g, SEM.Event)
        if any((e, p, iri) in g for p in (RG.actor, RG.counterpart, RG.participant, SEM.hasPlace))
    ]
    events.sort(key=lambda e: (begin_bounds(g, e) or (), str(e)))
    situations = [
        s for s in instances(g, RG.Situation) if any((s, p, iri) in g for p in _SITUATION_ROLES)
    ]
    situations.sort(key=lambda s: (begin_bounds(g, s) or (), str(s)))
    return EntityDescription(
        iri=str(iri),
        id=curie(iri),
        kinds=sorted(display_label(g, c) for c in g.objects(iri, RDF.type)),
        labels={k: sorted(v) for k, v in sorted(labels.items())},
        aliases=sorted(str(a) for a in g.objects(iri, SKOS.altLabel)),
        identifiers=identifiers,
        events=[event_record(g, e) for e in events],
        situations=[situation_record(g, s) for s in situations],
    )


def situation_record(g: Graph, node: URIRef) -> SituationRecord:
    """Flatten a situation node."""
    kind = next(
        (display_label(g, c) for c in g.objects(node, RDF.type) if c != RG.Situation), "situation"
    )
    return SituationRecord(
        id=curie(node),
        kind=kind,
        description=describe_situation(g, node),
        start=str(g.value(node, SCHEMA.startDate) or ""),
        end=str(g.value(node, SCHEMA.endDate) or ""),
        attested=str(g.value(node, RG.attestedOn) or ""),
        status=str(g.value(g.value(node, RG.certainty), SKOS.notation) or ""),
        sources=source_references(g, node),
    )


def describe_situation(g: Graph, node: URIRef) -> str:
    """A short sentence built from the situation's roles."""

    def name(predicate: URIRef) -> str:
        value = g.value(node, predicate)
        return display_label(g, value) if value is not None else "?"

    if (node, RDF.type, RG.Recognition) in g:
        return f"{name(RG.recognizer)} recognises {name(RG.recognized)}"
    if (node, RDF.type, RG.Listing) in g:
        return f"{name(RG.listedBy)} lists {name(RG.listedEntity)}"
    if (node, RDF.type, RG.BanSuspension) in g:
        return f"{name(RG.listedBy)} suspends its ban on {name(RG.listedEntity)}"
    if (node, RDF.type, RG.DiplomaticMission) in g:
        parties = " and ".join(sorted(display_label(g, p) for p in g.objects(node, RG.party)))
        return f"mission between {parties}: {g.value(node, RG.role)}"
    if (node, RDF.type, RG.BodyMembership) in g:
        return f"{name(ORG.member)} in {name(ORG.organization)}: {g.value(node, RG.role)}"
    if (node, RDF.type, RG.PostHolding) in g:
        title = g.value(node, RG.postTitle)
        return f"{name(ORG.member)}: {title} ({name(ORG.organization)})"
    if (node, RDF.type, RG.ProjectRole) in g:
        return f"{name(RG.projectParticipant)} in {name(RG.project)}: {g.value(node, RG.role)}"
    return display_label(g, node)
