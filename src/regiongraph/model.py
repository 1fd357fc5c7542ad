"""Read helpers shared by the query modules: who belongs to which state, which side an entity is
on, and the date bounds the load derived."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from regiongraph.namespaces import ID, ORG, RG, SCHEMA, SEM

ISLAMIC_EMIRATE = ID["organization/islamic-emirate"]
TALIBAN = ID["organization/taliban"]


def instances(g: Graph, cls: URIRef) -> set[URIRef]:
    """Every IRI typed ``cls`` or a subclass of it."""
    classes = set(g.transitive_subjects(RDFS.subClassOf, cls))
    return {s for c in classes for s in g.subjects(RDF.type, c) if isinstance(s, URIRef)}


def affiliations(g: Graph) -> dict[URIRef, set[URIRef]]:
    """Map each entity to the states it belongs to or acts for.

    A state belongs to itself; a body to its ``rg:country`` or, through
    ``org:subOrganizationOf``, to its parent's; a government to the state it governs; a person to
    the states of the bodies in which they hold posts.
    """
    result: dict[URIRef, set[URIRef]] = defaultdict(set)
    for country in instances(g, SCHEMA.Country):
        result[country].add(country)
    direct: dict[URIRef, set[URIRef]] = defaultdict(set)
    for predicate in (RG.country, RG.governs):
        for s, o in g.subject_objects(predicate):
            if isinstance(s, URIRef) and isinstance(o, URIRef):
                direct[s].add(o)
    parents = {
        s: o
        for s, o in g.subject_objects(ORG.subOrganizationOf)
        if isinstance(s, URIRef) and isinstance(o, URIRef)
    }

    def countries_of(node: URIRef, depth: int = 0) -> set[URIRef]:
        found = set(direct.get(node, set()))
        parent = parents.get(node)
        if parent is not None and depth < 10:
            found |= countries_of(parent, depth + 1)
        return found

    for node in set(direct) | set(parents):
        result[node] |= countries_of(node)
    for holding in instances(g, RG.PostHolding):
        person, body = g.value(holding, ORG.member), g.value(holding, ORG.organization)
        if isinstance(person, URIRef) and isinstance(body, URIRef):
            result[person] |= result.get(body, set()) | countries_of(body)
            if body in instances(g, SCHEMA.Country):
                result[person].add(body)
    return dict(result)


def government_side(g: Graph, government: URIRef = ISLAMIC_EMIRATE) -> set[URIRef]:
    """The government, its bodies (through ``org:subOrganizationOf``) and the people holding
    posts in them."""
    side = {government} | {
        s for s in g.transitive_subjects(ORG.subOrganizationOf, government) if isinstance(s, URIRef)
    }
    for holding in instances(g, RG.PostHolding):
        body = g.value(holding, ORG.organization)
        person = g.value(holding, ORG.member)
        if body in side and isinstance(person, URIRef):
            side.add(person)
    return side


def python_value(node: Node | None) -> Any:
    """The Python value of a literal node (a date, an int...), or None for anything else.

    >>> python_value(Literal(3))
    3
    """
    return node.toPython() if isinstance(node, Literal) else None


def begin_bounds(g: Graph, node: URIRef) -> tuple[date, date] | None:
    """The earliest and latest day on which ``node`` began, as derived at load time."""
    earliest = g.value(node, SEM.hasEarliestBeginTimeStamp)
    latest = g.value(node, SEM.hasLatestBeginTimeStamp)
    if earliest is None or latest is None:
        return None
    return (python_value(earliest), python_value(latest))


def end_bounds(g: Graph, node: URIRef) -> tuple[date, date] | None:
    """The earliest and latest day on which ``node`` ended, or None if it has not ended."""
    earliest = g.value(node, SEM.hasEarliestEndTimeStamp)
    latest = g.value(node, SEM.hasLatestEndTimeStamp)
    if earliest is None or latest is None:
        return None
    return (python_value(earliest), python_value(latest))


def happened_by(g: Graph, node: URIRef, as_of: date) -> bool:
    """Whether ``node`` had certainly begun on ``as_of``: a fact dated "2025-11" counts from
    30 November 2025, not from the first."""
    bounds = begin_bounds(g, node)
    return bounds is not None and bounds[1] <= as_of
