"""The model in graph/: every minted term is labelled, commented and aligned; the SKOS schemes
exist; every class in use has a shape; the code's closed namespace matches the ontology."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from regiongraph.load import load_shapes
from regiongraph.namespaces import GRAPHS, ONTOLOGY, RG

# The ontology checks read graph/ontology through the Dataset's per-file named graphs.
pytestmark = pytest.mark.dataset_only

STANDARD = (
    "https://schema.org/",
    "http://www.w3.org/ns/prov#",
    "http://www.w3.org/2006/time#",
    "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "http://www.w3.org/ns/org#",
    "http://www.w3.org/2004/02/skos/core#",
)


def ontology(ds) -> Graph:
    g = Graph()
    for graph in ds.graphs():
        if str(graph.identifier).startswith(GRAPHS + "ontology/"):
            g += graph
    return g


def minted(g: Graph) -> set[URIRef]:
    return {s for s in g.subjects(RDF.type, None) if str(s).startswith(ONTOLOGY)}


def test_every_minted_term_has_labels_and_a_comment(ds):
    g = ontology(ds)
    terms = minted(g)
    assert len(terms) > 40
    for term in terms:
        labels = {getattr(v, "language", None) for v in g.objects(term, RDFS.label)}
        labels |= {getattr(v, "language", None) for v in g.objects(term, SKOS.prefLabel)}
        assert {"en", "ru"} <= labels, term
        assert g.value(term, RDFS.comment) or g.value(term, SKOS.definition), term


def test_minted_classes_are_aligned_to_standard_vocabularies(ds):
    g = ontology(ds)
    for cls in g.subjects(RDF.type, OWL.Class):
        if not str(cls).startswith(ONTOLOGY):
            continue
        ancestors = set(g.transitive_objects(cls, RDFS.subClassOf))
        assert any(str(a).startswith(STANDARD) for a in ancestors), cls


def test_sub_properties_point_at_standard_terms(ds):
    g = ontology(ds)
    assert (
        RG.actor,
        RDFS.subPropertyOf,
        URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/hasActor"),
    ) in g
    assert (RG.isoAlpha3, RDFS.subPropertyOf, URIRef("https://schema.org/identifier")) in g


def test_schemes_for_event_types_tracks_and_certainty(ds):
    g = ontology(ds)
    for scheme, least in (
        (RG.EventTypes, 18),
        (RG.DiplomaticTrack, 6),
        (RG.LegalTrack, 4),
        (RG.Certainty, 4),
        (RG.ProjectKinds, 5),
    ):
        assert (scheme, RDF.type, SKOS.ConceptScheme) in g
        assert len(set(g.subjects(SKOS.inScheme, scheme))) >= least, scheme
    notations = {str(g.value(c, SKOS.notation)) for c in g.subjects(SKOS.inScheme, RG.Certainty)}
    assert notations == {"confirmed", "reported", "unconfirmed", "denied"}
    ranks = [int(g.value(c, RG.ladderRank)) for c in g.subjects(SKOS.inScheme, RG.DiplomaticTrack)]
    assert sorted(ranks) == list(range(6))


def test_event_types_have_cameo_codes_except_where_none_exists(ds):
    g = ontology(ds)
    without = set()
    for concept in g.subjects(SKOS.inScheme, RG.EventTypes):
        if g.value(concept, RG.cameoCode) is None:
            without.add(str(g.value(concept, SKOS.notation)))
        else:
            assert str(g.value(concept, RG.cameoCode)).isdigit()
    # CAMEO has no code for appointments, seizures of power or analysts' assessments
    assert without == {"appointment", "assessment", "takeover"}


def test_every_class_in_use_has_a_shape(ds, graph_dir):
    shapes = load_shapes(graph_dir)
    targeted = set(shapes.objects(None, SH.targetClass))
    used = {
        o
        for s, p, o in ds.triples((None, RDF.type, None))
        if not str(o).startswith((str(OWL), str(RDF), str(RDFS)))
    }
    used -= {SKOS.ConceptScheme}
    for cls in used:
        ancestors = set(ds.transitive_objects(cls, RDFS.subClassOf))
        assert ancestors & targeted, cls


def test_code_namespace_matches_the_ontology(ds):
    declared = minted(ontology(ds))
    for name in RG.__annotations__:
        if name.startswith("_"):
            continue
        assert RG[name] in declared, name
