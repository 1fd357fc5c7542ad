"""Sources and the claims they support.

>>> from regiongraph.load import load_graph
>>> rows = list_sources(load_graph())
>>> izvestia = next(r for r in rows if r.id == "source:izvestia-2025-11-tajikistan-taliban")
>>> izvestia.publisher, izvestia.language, len(izvestia.claims) > 20
('Izvestia', 'ru', True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from rdflib import Graph, URIRef

from regiongraph.events import involved_countries
from regiongraph.model import affiliations, instances
from regiongraph.namespaces import DCTERMS, PROV, SCHEMA, SEM
from regiongraph.resolve import display_label, resolve_entity
from regiongraph.validate import curie

COLUMNS = ("id", "publisher", "published", "language", "reference", "claims")


@dataclass(frozen=True)
class SourceRecord:
    """One source, where to read it, and the claims (events, situations) that cite it."""

    id: str
    publisher: str
    published: str
    language: str
    reference: str
    title: str
    claims: list[str]

    def as_row(self) -> dict[str, Any]:
        return asdict(self)


def list_sources(g: Graph, countries: Sequence[str] = ()) -> list[SourceRecord]:
    """Every source, newest first; with ``countries``, only those behind events involving them."""
    cited_by: dict[URIRef, list[URIRef]] = {}
    for claim, source in g.subject_objects(PROV.wasDerivedFrom):
        if isinstance(claim, URIRef) and isinstance(source, URIRef):
            cited_by.setdefault(source, []).append(claim)
    wanted: set[URIRef] | None = None
    if countries:
        states = {
            resolve_entity(g, c, among=instances(g, SCHEMA.Country), kind="country")
            for c in countries
        }
        belongs = affiliations(g)
        wanted = {e for e in instances(g, SEM.Event) if states & involved_countries(g, e, belongs)}
    records = []
    for source in instances(g, SCHEMA.CreativeWork):
        claims = sorted(cited_by.get(source, []), key=str)
        if wanted is not None and not set(claims) & wanted:
            continue
        reference = g.value(source, SCHEMA.url) or g.value(source, DCTERMS.bibliographicCitation)
        publisher = g.value(source, SCHEMA.publisher)
        records.append(
            SourceRecord(
                id=curie(source),
                publisher=display_label(g, publisher) if publisher is not None else "",
                published=str(g.value(source, SCHEMA.datePublished) or ""),
                language=str(g.value(source, SCHEMA.inLanguage) or ""),
                reference=str(reference or ""),
                title=str(g.value(source, SCHEMA.headline) or ""),
                claims=[curie(c) for c in claims],
            )
        )
    records.sort(key=lambda r: (r.published, r.id), reverse=True)
    return records
