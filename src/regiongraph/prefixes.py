"""The project's namespace prefixes as plain strings (no rdflib import), for display and for
SPARQL text.

>>> PREFIXES["country"]
'https://w3id.org/regiongraph/id/country/'
"""

from __future__ import annotations

DATA = "https://w3id.org/regiongraph/id/"
ONTOLOGY = "https://w3id.org/regiongraph/ontology#"
_VOCABULARY = "https://w3id.org/regiongraph/ontology/"

PREFIXES: dict[str, str] = {
    "rg": ONTOLOGY,
    "country": DATA + "country/",
    "organization": DATA + "organization/",
    "person": DATA + "person/",
    "place": DATA + "place/",
    "project": DATA + "project/",
    "event": DATA + "event/",
    "situation": DATA + "situation/",
    "source": DATA + "source/",
    "publisher": DATA + "publisher/",
    "et": _VOCABULARY + "event-type/",
    "level": _VOCABULARY + "level/",
    "certainty": _VOCABULARY + "certainty/",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "wd": "http://www.wikidata.org/entity/",
    "pk": _VOCABULARY + "project-kind/",
    "rgsh": "https://w3id.org/regiongraph/shapes#",
}


def shorten(iri: str) -> str:
    """A CURIE for an IRI when a prefix fits (the local part without a slash), else ``<iri>``.

    >>> shorten("https://w3id.org/regiongraph/id/country/TJK")
    'country:TJK'
    """
    best = max(
        (p for p in PREFIXES.items() if iri.startswith(p[1])), key=lambda i: len(i[1]), default=None
    )
    if best is not None and "/" not in iri[len(best[1]) :]:
        return f"{best[0]}:{iri[len(best[1]) :]}"
    return f"<{iri}>"
