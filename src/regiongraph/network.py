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
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from regiongraph.dates import as_of_date
from regiongraph.events import source_references
from regiongraph.model import begin_bounds, end_bounds, instances, python_value
from regiongraph.namespaces import ORG, RG, SCHEMA, SEM
from regiongraph.pathfind import NODE_KINDS, RELATIONS, check_relations, holds_on
from regiongraph.resolve import display_label

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
    between them."""
    G: nx.MultiDiGraph[str] = nx.MultiDiGraph(name="regiongraph")
    # Sorted throughout, so that the projection (and every path, layout and export made from
    # it) is the same in every process whatever the hash seed.
    for node, kind in sorted(node_kinds(g).items()):
        G.add_node(str(node), **_node_attributes(g, node, kind))
    for event in sorted(instances(g, SEM.Event)):
        _add_event(g, G, event)
    for cls, (relation, source_role, target_role) in _SITUATIONS.items():
        for situation in sorted(instances(g, cls)):
            _add_situation(g, G, situation, relation, source_role, target_role)
    _add_structure(g, G)
    return G


def node_kinds(g: Graph) -> dict[URIRef, str]:
    """Each entity and its kind (the first matching class in a fixed order)."""
    kinds: dict[URIRef, str] = {}
    publishers = instances(g, SCHEMA.NewsMediaOrganization)
    for cls, kind in _NODE_CLASSES:
        for node in instances(g, cls):
            if node not in kinds and node not in publishers:
                kinds[node] = kind
    return kinds


def _node_attributes(g: Graph, node: URIRef, kind: str) -> dict[str, Any]:
    countries = sorted(str(g.value(c, RG.isoAlpha3) or "") for c in g.objects(node, RG.actsFor))
    attributes: dict[str, Any] = {
        "label": display_label(g, node),
        "kind": kind,
        "country": ";".join(c for c in countries if c),
    }
    for name, predicate in (("lat", SCHEMA.latitude), ("lon", SCHEMA.longitude)):
        value = python_value(g.value(node, predicate))
        if value is None and kind == "country":
            capital = g.value(node, RG.capital)
            value = python_value(g.value(capital, predicate)) if capital is not None else None
        if value is not None:
            attributes[name] = float(value)
    return attributes


def _timing(g: Graph, node: URIRef) -> dict[str, Any]:
    begin, end = begin_bounds(g, node), end_bounds(g, node)
    date_value = g.value(node, SCHEMA.startDate) or g.value(node, RG.attestedOn)
    return {
        "date": str(date_value or ""),
        "end": str(g.value(node, SCHEMA.endDate) or ""),
        "earliest": begin[0].isoformat() if begin else "",
        "latest": begin[1].isoformat() if begin else "",
        "end_earliest": end[0].isoformat() if end else "",
        "end_latest": end[1].isoformat() if end else "",
        "status": str(g.value(g.value(node, RG.certainty), SKOS.notation) or ""),
        "sources": source_references(g, node),
    }


def _add_event(g: Graph, G: nx.MultiDiGraph[str], event: URIRef) -> None:
    event_type = str(g.value(g.value(event, SEM.eventType), SKOS.notation) or "")
    common = {
        "kind": "event",
        "relation": _RELATION_OF_TYPE.get(event_type, "talks"),
        "type": event_type,
        "summary": str(g.value(event, SCHEMA.description) or ""),
        "place": str(g.value(event, SEM.hasPlace) or ""),
        **_timing(g, event),
    }
    actors = sorted(str(n) for n in g.objects(event, RG.actor) if str(n) in G)
    counterparts = sorted(str(n) for n in g.objects(event, RG.counterpart) if str(n) in G)
    participants = sorted(str(n) for n in g.objects(event, RG.participant) if str(n) in G)
    for actor in actors:
        for counterpart in counterparts:
            if actor != counterpart:
                G.add_edge(actor, counterpart, key=str(event), predicate="rg:actor/rg:counterpart",
                           role="actor-counterpart", **common)  # fmt: skip
    sides = actors + counterparts if counterparts else actors
    for person in participants:
        for side in sides:
            if side != person:
                G.add_edge(person, side, key=str(event), predicate="rg:participant",
                           role="participant", **common)  # fmt: skip


def _add_situation(
    g: Graph,
    G: nx.MultiDiGraph[str],
    situation: URIRef,
    relation: str,
    source_role: URIRef,
    target_role: URIRef,
) -> None:
    sources = sorted(str(n) for n in g.objects(situation, source_role) if str(n) in G)
    targets = sorted(str(n) for n in g.objects(situation, target_role) if str(n) in G)
    if source_role == target_role:  # a mission links its two parties
        sources, targets = sorted(sources)[:1], sorted(sources)[1:]
    cls = next((c for c in g.objects(situation, RDF.type) if c in _SITUATIONS), RG.Situation)
    attributes = {
        "kind": "situation",
        "relation": relation,
        "type": str(cls).rsplit("#", 1)[-1],
        "summary": str(g.value(situation, RG.postTitle) or g.value(situation, RG.role) or ""),
        "predicate": f"rg:{str(source_role).rsplit('#', 1)[-1]}",
        "role": "situation",
        "place": "",
        **_timing(g, situation),
    }
    for source in sources:
        for target in targets:
            if source != target:
                G.add_edge(source, target, key=str(situation), **attributes)


def _add_structure(g: Graph, G: nx.MultiDiGraph[str]) -> None:
    pairs = (
        (ORG.subOrganizationOf, "org:subOrganizationOf"),
        (RG.country, "rg:country"),
        (RG.governs, "rg:governs"),
        (RG.formedBy, "rg:formedBy"),
        (SCHEMA.containedInPlace, "schema:containedInPlace"),
    )
    for predicate, name in pairs:
        for s, o in sorted(g.subject_objects(predicate)):
            if str(s) in G and str(o) in G and s != o:
                G.add_edge(str(s), str(o), key=f"{s}|{name}|{o}", kind="structure",
                           relation="structure", type=name, predicate=name, role="structure",
                           summary="", place="", date="", end="", earliest="", latest="",
                           end_earliest="", end_latest="", status="", sources=[])  # fmt: skip
