"""The graph as a networkx MultiDiGraph, for traversal: paths, neighbours, brokers.

Nodes are entities (states, the Islamic Emirate, the Taliban movement, bodies, people, places,
projects) with ``label``, ``kind``, ``country`` (ISO codes of the states it acts for) and, where
the graph holds them, ``lat`` and ``lon``.

Edges are the events and situations between them, each keyed by the IRI of its event or
situation, so parallel edges stay apart and nothing is merged:

- an event gives an edge from each actor to each counterpart, and between each participant and
  each side (``role`` says which); an event with actors only links the actors to its
  participants;
- a situation gives one edge (recognizer to government, list owner to movement, person to body,
  participant to project, party to party, member to body);
- ``structure`` edges hold what is always true: a body within a government or a state, a place
  within a state, a government governing a state, formed by a movement.

Every edge carries ``kind`` ("event", "situation" or "structure"), ``relation`` (recognition,
diplomats, ban, talks, project, conflict, post, membership, structure), ``type``, ``predicate``,
``date`` (and ``end``), ``earliest`` and ``latest`` (ISO days), ``status``, ``summary`` and
``sources`` (URLs).

The full projection is built once per graph and cached; ``as_of`` and ``kinds`` give read-only
views of it (:func:`networkx.subgraph_view`), so filtering costs no rebuild.

>>> from regiongraph.load import load_graph
>>> G = to_networkx(load_graph(), as_of="2025-07-03")
>>> G.has_edge("https://w3id.org/regiongraph/id/country/RUS",
...            "https://w3id.org/regiongraph/id/organization/islamic-emirate",
...            "https://w3id.org/regiongraph/id/event/2025-07-03-rus-afg-recognition")
True
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from datetime import date
from typing import Any, cast

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from regiongraph.dates import as_of_date
from regiongraph.namespaces import DCTERMS, ORG, PROV, RG, SCHEMA, SEM
from regiongraph.pathfind import NODE_KINDS, RELATIONS, check_relations, holds_on
from regiongraph.prefixes import shorten

__all__ = [
    "NODE_KINDS", "RELATIONS", "build_projection", "check_relations", "holds_on", "node_kinds",
    "project", "to_networkx",
]  # fmt: skip

_RELATION_OF_TYPE = {
    "recognition": "recognition",
    "ambassador-accreditation": "diplomats",
    "diplomat-accreditation": "diplomats",
    "embassy-handover": "diplomats",
    "listing": "ban",
    "delisting": "ban",
    "court-ruling": "ban",
    "project-milestone": "project",
    "border-clash": "conflict",
    "attack": "conflict",
    "takeover": "conflict",
}
_SITUATIONS = {
    RG.Recognition: ("recognition", RG.recognizer, RG.recognized),
    RG.Listing: ("ban", RG.listedBy, RG.listedEntity),
    RG.BanSuspension: ("ban", RG.listedBy, RG.listedEntity),
    RG.PostHolding: ("post", ORG.member, ORG.organization),
    RG.ProjectRole: ("project", RG.projectParticipant, RG.project),
    RG.BodyMembership: ("membership", ORG.member, ORG.organization),
    RG.DiplomaticMission: ("diplomats", RG.party, RG.party),
}
_NODE_CLASSES = (
    (RG.Government, "government"),
    (RG.Movement, "movement"),
    (RG.IntergovernmentalOrganization, "intergovernmental"),
    (SCHEMA.GovernmentOrganization, "body"),
    (SCHEMA.Country, "country"),
    (SCHEMA.Person, "person"),
    (RG.Project, "project"),
    (SCHEMA.Place, "place"),
    (SCHEMA.Organization, "organization"),
)

_CACHE: weakref.WeakKeyDictionary[Graph, nx.MultiDiGraph[str]] = weakref.WeakKeyDictionary()


def project(g: Graph) -> nx.MultiDiGraph[str]:
    """The full projection of ``g`` (built once per graph object, then reused)."""
    cached = _CACHE.get(g)
    if cached is None:
        cached = build_projection(g)
        _CACHE[g] = cached
    return cached


def to_networkx(
    g: Graph,
    as_of: str | date | None = None,
    kinds: Sequence[str] | None = None,
) -> nx.MultiDiGraph[str]:
    """The projection as it stood on ``as_of`` (events up to it, situations holding on it;
    default: everything), keeping only edges whose ``relation`` is in ``kinds`` (default: all).
    Returns a read-only view; ``.copy()`` it to modify."""
    G = project(g)
    if as_of is None and not kinds:
        return G
    day = (as_of if isinstance(as_of, date) else as_of_date(as_of)).isoformat() if as_of else None
    wanted = set(check_relations(kinds)) if kinds else None

    def keep(u: str, v: str, key: Any) -> bool:
        data = G.edges[u, v, key]
        if wanted is not None and data["relation"] not in wanted:
            return False
        return day is None or holds_on(data, day)

    return cast("nx.MultiDiGraph[str]", nx.subgraph_view(G, filter_edge=keep))


def build_projection(g: Graph) -> nx.MultiDiGraph[str]:
    """Build the full MultiDiGraph of entities and the events, situations and structure
    between them.

    The triples it needs are read first, a predicate at a time (straight from Oxigraph when
    ``g`` is a merged store, with no rdflib terms made), then assembled."""
    return _assemble(Facts(_read(g)))


class IRI:
    """The IRIs the builder reads, as plain strings made once (an rdflib ``Namespace`` makes and
    checks a new ``URIRef`` on every attribute access, which dominated the build at scale)."""

    bibliographicCitation = str(DCTERMS.bibliographicCitation)
    wasDerivedFrom = str(PROV.wasDerivedFrom)
    Situation = str(RG.Situation)
    actor = str(RG.actor)
    actsFor = str(RG.actsFor)
    attestedOn = str(RG.attestedOn)
    capital = str(RG.capital)
    certainty = str(RG.certainty)
    counterpart = str(RG.counterpart)
    isoAlpha3 = str(RG.isoAlpha3)
    participant = str(RG.participant)
    postTitle = str(RG.postTitle)
    role = str(RG.role)
    NewsMediaOrganization = str(SCHEMA.NewsMediaOrganization)
    description = str(SCHEMA.description)
    endDate = str(SCHEMA.endDate)
    latitude = str(SCHEMA.latitude)
    longitude = str(SCHEMA.longitude)
    startDate = str(SCHEMA.startDate)
    url = str(SCHEMA.url)
    Event = str(SEM.Event)
    eventType = str(SEM.eventType)
    hasEarliestBeginTimeStamp = str(SEM.hasEarliestBeginTimeStamp)
    hasEarliestEndTimeStamp = str(SEM.hasEarliestEndTimeStamp)
    hasLatestBeginTimeStamp = str(SEM.hasLatestBeginTimeStamp)
    hasLatestEndTimeStamp = str(SEM.hasLatestEndTimeStamp)
    hasPlace = str(SEM.hasPlace)
    notation = str(SKOS.notation)
    prefLabel = str(SKOS.prefLabel)


# A triple's object as plain data: (value, language or "", "iri" | "literal" | "blank").
Term = tuple[str, str, str]


class Facts:
    """The projection's triples by predicate: subject IRI -> objects, sorted."""

    def __init__(self, columns: dict[str, dict[str, list[Term]]]) -> None:
        self.columns = columns
        self._typed: dict[str, set[str]] | None = None

    def objects(self, subject: str, predicate: str) -> list[Term]:
        return self.columns[predicate].get(subject, [])

    def iris(self, subject: str, predicate: str) -> list[str]:
        return [value for value, _, kind in self.objects(subject, predicate) if kind == "iri"]

    def value(self, subject: str | None, predicate: str) -> str | None:
        found = self.objects(subject, predicate) if subject is not None else []
        return found[0][0] if found else None

    def instances(self, cls: str) -> set[str]:
        """Every IRI typed ``cls`` or a subclass of it."""
        if self._typed is None:
            self._typed = {}
            for subject, types in self.columns[_TYPE].items():
                if not subject.startswith("_:"):
                    for value, _, _ in types:
                        self._typed.setdefault(value, set()).add(subject)
        children: dict[str, set[str]] = {}
        for child, parents in self.columns[_SUBCLASS].items():
            for parent, _, _ in parents:
                children.setdefault(parent, set()).add(child)
        classes, todo = {cls}, [cls]
        while todo:
            for child in children.get(todo.pop(), ()):
                if child not in classes:
                    classes.add(child)
                    todo.append(child)
        return set().union(*(self._typed.get(c, set()) for c in classes))

    def label(self, node: str) -> str:
        """English label, else any label, else the CURIE (as ``display_label``)."""
        fallback = None
        for predicate in (_LABEL, _PREF_LABEL):
            for value, language, _ in self.objects(node, predicate):
                if language == "en":
                    return value
                fallback = fallback or value
        return fallback or shorten(node)


_TYPE = str(RDF.type)
_SITUATION_CLASSES = {str(c) for c in _SITUATIONS}
_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_PREF_LABEL = IRI.prefLabel
_STRUCTURE = (
    (ORG.subOrganizationOf, "org:subOrganizationOf"),
    (RG.country, "rg:country"),
    (RG.governs, "rg:governs"),
    (RG.formedBy, "rg:formedBy"),
    (SCHEMA.containedInPlace, "schema:containedInPlace"),
)
# Every predicate the builder reads: the IRI attributes named in lower case (the upper-case ones
# are classes), the situations' roles and the structure predicates.
_PREDICATES = sorted(
    {
        _TYPE, _SUBCLASS, _LABEL,
        *(value for name, value in vars(IRI).items() if name[:1].islower()),
        *(str(role) for _, source, target in _SITUATIONS.values() for role in (source, target)),
        *(str(predicate) for predicate, _ in _STRUCTURE),
    }
)  # fmt: skip


def _read(g: Graph) -> dict[str, dict[str, list[Term]]]:
    """The triples of every predicate the projection reads."""
    native = getattr(g.store, "_inner", None)
    columns: dict[str, dict[str, list[Term]]] = {}
    for predicate in _PREDICATES:
        column: dict[str, list[Term]] = {}
        if native is not None:
            import pyoxigraph

            iri, literal = pyoxigraph.NamedNode, pyoxigraph.Literal
            for quad in native.quads_for_pattern(
                None, iri(predicate), None, pyoxigraph.DefaultGraph()
            ):
                subject, obj = quad.subject, quad.object
                key = subject.value if type(subject) is iri else f"_:{subject.value}"
                if type(obj) is iri:
                    term: Term = (obj.value, "", "iri")
                elif type(obj) is literal:
                    term = (obj.value, obj.language or "", "literal")
                else:
                    term = (f"_:{obj.value}", "", "blank")
                column.setdefault(key, []).append(term)
        else:
            for subject, obj in g.subject_objects(URIRef(predicate)):
                column.setdefault(_rdflib_key(subject), []).append(_rdflib_term(obj))
        for values in column.values():
            values.sort()
        columns[predicate] = column
    return columns


def _rdflib_key(node: Any) -> str:
    return str(node) if isinstance(node, URIRef) else f"_:{node}"


def _rdflib_term(node: Any) -> Term:
    if isinstance(node, URIRef):
        return (str(node), "", "iri")
    if isinstance(node, Literal):
        return (str(node), node.language or "", "literal")
    return (f"_:{node}", "", "blank")


def _assemble(facts: Facts) -> nx.MultiDiGraph[str]:
    G: nx.MultiDiGraph[str] = nx.MultiDiGraph(name="regiongraph")
    # Sorted throughout, so that the projection (and every path, layout and export made from
    # it) is the same in every process whatever the hash seed.
    for node, kind in sorted(_node_kinds(facts).items()):
        G.add_node(node, **_node_attributes(facts, node, kind))
    for event in sorted(facts.instances(IRI.Event)):
        _add_event(facts, G, event)
    for cls, (relation, source_role, target_role) in _SITUATIONS.items():
        for situation in sorted(facts.instances(str(cls))):
            _add_situation(facts, G, situation, relation, str(source_role), str(target_role))
    _add_structure(facts, G)
    return G


def node_kinds(g: Graph) -> dict[URIRef, str]:
    """Each entity and its kind (the first matching class in a fixed order)."""
    return {URIRef(node): kind for node, kind in _node_kinds(Facts(_read(g))).items()}


def _node_kinds(facts: Facts) -> dict[str, str]:
    kinds: dict[str, str] = {}
    publishers = facts.instances(IRI.NewsMediaOrganization)
    for cls, kind in _NODE_CLASSES:
        for node in facts.instances(str(cls)):
            if node not in kinds and node not in publishers:
                kinds[node] = kind
    return kinds


def _node_attributes(facts: Facts, node: str, kind: str) -> dict[str, Any]:
    countries = sorted(facts.value(c, IRI.isoAlpha3) or "" for c in facts.iris(node, IRI.actsFor))
    attributes: dict[str, Any] = {
        "label": facts.label(node),
        "kind": kind,
        "country": ";".join(c for c in countries if c),
    }
    for name, predicate in (("lat", IRI.latitude), ("lon", IRI.longitude)):
        value = facts.value(node, predicate)
        if value is None and kind == "country":
            value = facts.value(facts.value(node, IRI.capital), predicate)
        if value is not None:
            attributes[name] = float(value)
    return attributes


def _sources(facts: Facts, node: str) -> list[str]:
    refs = []
    for source, _, kind in facts.objects(node, IRI.wasDerivedFrom):
        url = facts.value(source, IRI.url) or facts.value(source, IRI.bibliographicCitation)
        refs.append(url if url is not None else (shorten(source) if kind == "iri" else source))
    return sorted(refs)


def _timing(facts: Facts, node: str) -> dict[str, Any]:
    begin = (facts.value(node, IRI.hasEarliestBeginTimeStamp),
             facts.value(node, IRI.hasLatestBeginTimeStamp))  # fmt: skip
    end = (facts.value(node, IRI.hasEarliestEndTimeStamp),
           facts.value(node, IRI.hasLatestEndTimeStamp))  # fmt: skip
    has_begin, has_end = None not in begin, None not in end
    date_value = facts.value(node, IRI.startDate) or facts.value(node, IRI.attestedOn)
    return {
        "date": date_value or "",
        "end": facts.value(node, IRI.endDate) or "",
        "earliest": begin[0] if has_begin else "",
        "latest": begin[1] if has_begin else "",
        "end_earliest": end[0] if has_end else "",
        "end_latest": end[1] if has_end else "",
        "status": facts.value(facts.value(node, IRI.certainty), IRI.notation) or "",
        "sources": _sources(facts, node),
    }


def _add_event(facts: Facts, G: nx.MultiDiGraph[str], event: str) -> None:
    event_type = facts.value(facts.value(event, IRI.eventType), IRI.notation) or ""
    common = {
        "kind": "event",
        "relation": _RELATION_OF_TYPE.get(event_type, "talks"),
        "type": event_type,
        "summary": facts.value(event, IRI.description) or "",
        "place": facts.value(event, IRI.hasPlace) or "",
        **_timing(facts, event),
    }
    actors = [n for n in facts.iris(event, IRI.actor) if n in G]
    counterparts = [n for n in facts.iris(event, IRI.counterpart) if n in G]
    participants = [n for n in facts.iris(event, IRI.participant) if n in G]
    for actor in actors:
        for counterpart in counterparts:
            if actor != counterpart:
                G.add_edge(actor, counterpart, key=event, predicate="rg:actor/rg:counterpart",
                           role="actor-counterpart", **common)  # fmt: skip
    sides = actors + counterparts if counterparts else actors
    for person in participants:
        for side in sides:
            if side != person:
                G.add_edge(person, side, key=event, predicate="rg:participant",
                           role="participant", **common)  # fmt: skip


def _add_situation(
    facts: Facts,
    G: nx.MultiDiGraph[str],
    situation: str,
    relation: str,
    source_role: str,
    target_role: str,
) -> None:
    sources = [n for n in facts.iris(situation, source_role) if n in G]
    targets = [n for n in facts.iris(situation, target_role) if n in G]
    if source_role == target_role:  # a mission links its two parties
        sources, targets = sources[:1], sources[1:]
    cls = next((t for t in facts.iris(situation, _TYPE) if t in _SITUATION_CLASSES), IRI.Situation)
    attributes = {
        "kind": "situation",
        "relation": relation,
        "type": cls.rsplit("#", 1)[-1],
        "summary": facts.value(situation, IRI.postTitle) or facts.value(situation, IRI.role) or "",
        "predicate": f"rg:{source_role.rsplit('#', 1)[-1]}",
        "role": "situation",
        "place": "",
        **_timing(facts, situation),
    }
    for source in sources:
        for target in targets:
            if source != target:
                G.add_edge(source, target, key=situation, **attributes)


def _add_structure(facts: Facts, G: nx.MultiDiGraph[str]) -> None:
    for predicate, name in _STRUCTURE:
        pairs = sorted(
            (s, o) for s, objects in facts.columns[str(predicate)].items()
            for o, _, kind in objects if kind == "iri"
        )  # fmt: skip
        for s, o in pairs:
            if s in G and o in G and s != o:
                G.add_edge(s, o, key=f"{s}|{name}|{o}", kind="structure",
                           relation="structure", type=name, predicate=name, role="structure",
                           summary="", place="", date="", end="", earliest="", latest="",
                           end_earliest="", end_latest="", status="", sources=[])  # fmt: skip
