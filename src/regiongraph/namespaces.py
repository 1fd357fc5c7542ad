"""The namespaces of the graph. ``RG`` is closed: a misspelt term fails at once, and a test checks
that every term listed here is declared in graph/ontology/."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

DATA = "https://w3id.org/regiongraph/id/"
ONTOLOGY = "https://w3id.org/regiongraph/ontology#"
GRAPHS = "https://w3id.org/regiongraph/graph/"

ID = Namespace(DATA)
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
TIME = Namespace("http://www.w3.org/2006/time#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
WD = Namespace("http://www.wikidata.org/entity/")
ET = Namespace("https://w3id.org/regiongraph/ontology/event-type/")
LEVEL = Namespace("https://w3id.org/regiongraph/ontology/level/")
CERTAINTY = Namespace("https://w3id.org/regiongraph/ontology/certainty/")
PROJECT_KIND = Namespace("https://w3id.org/regiongraph/ontology/project-kind/")

DERIVED_GRAPH = GRAPHS + "derived"


class RG(DefinedNamespace):
    """Terms of the regiongraph ontology used by the code."""

    _NS = Namespace(ONTOLOGY)
    _fail = True

    Movement: URIRef
    Government: URIRef
    IntergovernmentalOrganization: URIRef
    Project: URIRef
    Situation: URIRef
    Recognition: URIRef
    Listing: URIRef
    PostHolding: URIRef
    ProjectRole: URIRef
    BanSuspension: URIRef
    DiplomaticMission: URIRef
    BodyMembership: URIRef
    EventTypes: URIRef
    Certainty: URIRef
    DiplomaticTrack: URIRef
    LegalTrack: URIRef
    ProjectKinds: URIRef
    actor: URIRef
    counterpart: URIRef
    participant: URIRef
    certainty: URIRef
    conflictsWith: URIRef
    disputeNote: URIRef
    dateNote: URIRef
    ladderLevel: URIRef
    ladderRank: URIRef
    track: URIRef
    cameoCode: URIRef
    ploverCode: URIRef
    recognizer: URIRef
    recognized: URIRef
    listedBy: URIRef
    listedEntity: URIRef
    project: URIRef
    projectParticipant: URIRef
    role: URIRef
    party: URIRef
    postTitle: URIRef
    attestedOn: URIRef
    startedBy: URIRef
    endedBy: URIRef
    country: URIRef
    governs: URIRef
    formedBy: URIRef
    capital: URIRef
    isoAlpha3: URIRef
    projectKind: URIRef
    datePrecision: URIRef
    recognizes: URIRef
    bans: URIRef
    holdsPostIn: URIRef
    participatesIn: URIRef
    engagedWith: URIRef
    actsFor: URIRef
    onSideOf: URIRef
