"""Read helpers shared by the query modules: who belongs to which state, which side an entity is
on, and the date bounds the load derived."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from regiongraph.namespaces import ID, RG, SEM
from regiongraph.snapshots import remembered
from regiongraph.sparql import oxigraph_store

ISLAMIC_EMIRATE = ID["organization/islamic-emirate"]
TALIBAN = ID["organization/taliban"]


_KEPT_MEMBERS = 10_000  # a merged store's classes up to this size are read once per handle


def instances(g: Graph, cls: URIRef) -> set[URIRef]:
    """Every IRI typed ``cls`` or a subclass of it."""
    native = oxigraph_store(g)
    if native is not None:  # one query in Oxigraph instead of a pattern read per class
        import pyoxigraph

        def read() -> frozenset[URIRef]:
            query = f"SELECT DISTINCT ?s WHERE {{ ?c <{RDFS.subClassOf}>* <{cls}> . ?s a ?c }}"
            rows = native.query(query)
            return frozenset(
                URIRef(row[0].value) for row in rows if isinstance(row[0], pyoxigraph.NamedNode)
            )

        kept = remembered(g, ("instances", cls), read, keep=lambda m: len(m) <= _KEPT_MEMBERS)
        return set(kept)
    classes = set(g.transitive_subjects(RDFS.subClassOf, cls))
    return {s for c in classes for s in g.subjects(RDF.type, c) if isinstance(s, URIRef)}


def affiliations(g: Graph) -> dict[URIRef, set[URIRef]]:
    """Map each entity to the states it belongs to or acts for, from the ``rg:actsFor`` edges
    that the rule ``graph/rules/acts-for.rq`` derives at load time."""
    result: dict[URIRef, set[URIRef]] = defaultdict(set)
    for node, country in g.subject_objects(RG.actsFor):
        if isinstance(node, URIRef) and isinstance(country, URIRef):
            result[node].add(country)
    return dict(result)


def government_side(g: Graph, government: URIRef = ISLAMIC_EMIRATE) -> set[URIRef]:
    """The government, its bodies and the people holding posts in them, from the
    ``rg:onSideOf`` edges derived by ``graph/rules/on-side-of.rq``."""
    return {n for n in g.subjects(RG.onSideOf, government) if isinstance(n, URIRef)}


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
