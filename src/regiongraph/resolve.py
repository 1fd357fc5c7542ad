"""Entity resolution: turn what a user types into the IRI it names.

A name may be a full IRI, a CURIE (``country:TJK``), an ISO 3166 alpha-3 code, or any label or
alias the graph holds in any language, matched case-insensitively. Unknown names get "did you
mean" suggestions.

>>> from regiongraph.load import load_graph
>>> g = load_graph()
>>> curie(resolve_entity(g, "tajikistan"))
'country:TJK'
>>> curie(resolve_entity(g, "Таджикистан"))
'country:TJK'
>>> resolve_entity(g, "Tajikstan")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
regiongraph.errors.UnknownEntityError: unknown entity 'Tajikstan'. Did you mean: Tajikistan, ...?
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from regiongraph.errors import AmbiguousEntityError, UnknownEntityError
from regiongraph.names import normalise
from regiongraph.namespaces import DATA, RG
from regiongraph.prefixes import PREFIXES
from regiongraph.snapshots import remembered
from regiongraph.sparql import oxigraph_store
from regiongraph.validate import curie

__all__ = [
    "display_label", "is_data_iri", "name_index", "normalise", "resolve_entity", "suggest",
]  # fmt: skip

_NAME_PREDICATES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, RG.isoAlpha3, SKOS.notation)
_NAME_PREDICATE_IRIS = frozenset(str(p) for p in _NAME_PREDICATES)


def name_index(g: Graph, subjects: Iterable[URIRef] | None = None) -> dict[str, set[URIRef]]:
    """Map every normalised name (label, alias, code, CURIE, local id) to the IRIs it names."""
    index: dict[str, set[URIRef]] = defaultdict(set)
    allowed = set(subjects) if subjects is not None else None
    pairs: Iterable[tuple[Node, Node]]
    if allowed is not None:
        # A few candidates: read their names rather than scanning every name in the graph.
        pairs = ((s, v) for s in allowed for p in _NAME_PREDICATES for v in g.objects(s, p))
    else:
        pairs = (pair for p in _NAME_PREDICATES for pair in g.subject_objects(p))
    for subject, value in pairs:
        if isinstance(subject, URIRef):
            index[normalise(str(value))].add(subject)
    named: Iterable[Node] = allowed if allowed is not None else set(g.subjects(RDF.type, None))
    for subject in named:
        if not isinstance(subject, URIRef):
            continue
        short = curie(subject)
        index[normalise(short)].add(subject)
        index[normalise(short.split(":", 1)[-1])].add(subject)
    return index


def resolve_entity(
    g: Graph, name: str, *, among: Iterable[URIRef] | None = None, kind: str = "entity"
) -> URIRef:
    """Return the one IRI that ``name`` stands for, or raise with suggestions."""
    text = name.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    candidates = set(among) if among is not None else None
    if text.startswith(("http://", "https://")):
        iri = URIRef(text)
        if (iri, None, None) in g and (candidates is None or iri in candidates):
            return iri
    if ":" in text and not text.startswith("http"):
        prefix, local = text.split(":", 1)
        if prefix in PREFIXES:
            iri = URIRef(PREFIXES[prefix] + local)
            if (iri, None, None) in g and (candidates is None or iri in candidates):
                return iri
    exact = _exact(g, text, candidates)
    if exact is not None:
        return exact
    index = name_index(g, candidates)
    matches = index.get(normalise(text), set())
    if len(matches) == 1:
        return next(iter(matches))
    ours = {m for m in matches if is_data_iri(m)}
    if len(matches) > 1 and len(ours) == 1:
        # The curated graph's entities come before merged external data of the same name.
        return next(iter(ours))
    if len(matches) > 1:
        options = ", ".join(sorted(curie(m) for m in matches))
        raise AmbiguousEntityError(f"{name!r} names several {kind}s: {options}; use one of these")
    raise UnknownEntityError(name, suggest(g, text, index), kind)


def _exact(g: Graph, text: str, candidates: set[URIRef] | None = None) -> URIRef | None:
    """The one entity of our data (among ``candidates``, when given) whose label, alias or code
    is exactly ``text``: a fast path that uses the graph's indexes instead of reading every
    name."""
    native = oxigraph_store(g)
    found: set[URIRef]
    if native is not None:  # three index reads in Oxigraph (one per form of the name)
        iris = remembered(g, ("exact name", text), lambda: _exact_in_oxigraph(native, text))
        found = {URIRef(iri) for iri in iris}
    else:
        forms = [Literal(text, lang=language) for language in ("en", "ru", None)]
        found = {
            s for p in _NAME_PREDICATES for form in forms for s in g.subjects(p, form)
            if isinstance(s, URIRef) and is_data_iri(s)
        }  # fmt: skip
    if candidates is not None:
        found &= candidates
    return next(iter(found)) if len(found) == 1 else None


def _exact_in_oxigraph(native: Any, text: str) -> frozenset[str]:
    """The IRIs of our data that hold ``text`` (in English, Russian or without a language) under
    a name predicate in the store's default graph, read from its object index: a lookup by the
    name alone and then the predicate checked here costs a third of one SPARQL query. The IRIs
    stay strings: an rdflib term is built only for the answer."""
    from pyoxigraph import DefaultGraph, NamedNode
    from pyoxigraph import Literal as Name

    default = DefaultGraph()
    found = set()
    for form in (Name(text, language="en"), Name(text, language="ru"), Name(text)):
        for quad in native.quads_for_pattern(None, None, form, default):
            subject = quad.subject
            if (quad.predicate.value in _NAME_PREDICATE_IRIS and type(subject) is NamedNode
                    and subject.value.startswith(DATA)):  # fmt: skip
                found.add(subject.value)
    return frozenset(found)


def suggest(g: Graph, text: str, index: dict[str, set[URIRef]], n: int = 3) -> list[str]:
    """Labels of the entities whose names are closest to ``text``."""
    close = difflib.get_close_matches(normalise(text), list(index), n=n * 2, cutoff=0.6)
    seen: list[str] = []
    for key in close:
        for iri in sorted(index[key]):
            label = display_label(g, iri)
            if label not in seen:
                seen.append(label)
    return seen[:n]


def display_label(g: Graph, iri: object, lang: str = "en") -> str:
    """The label to show for a node: English label, else any label, else its CURIE."""
    fallback = None
    for predicate in (RDFS.label, SKOS.prefLabel):
        for value in g.objects(iri, predicate):  # type: ignore[arg-type]
            if getattr(value, "language", None) == lang:
                return str(value)
            fallback = fallback or str(value)
    return fallback or curie(iri)


def is_data_iri(node: object) -> bool:
    """Whether a node belongs to our data namespace."""
    return isinstance(node, URIRef) and str(node).startswith(DATA)
