"""Questions of traversal over the networkx projection: how two actors are connected and
through whom, who is near an actor, who brokers between otherwise separate actors.

>>> from regiongraph.load import load_graph
>>> g = load_graph()
>>> path = shortest_paths(g, "Tajikistan", "Russia", k=1)[0]
>>> path.nodes[0], path.nodes[-1]
('Tajikistan', 'Russia')
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import networkx as nx
from rdflib import Graph

from regiongraph.dates import as_of_date, parse_date
from regiongraph.errors import RegionGraphError
from regiongraph.network import project, to_networkx
from regiongraph.pathfind import Hop, NoPathError, Path, find_paths, split_via
from regiongraph.resolve import resolve_entity
from regiongraph.validate import curie

__all__ = ["Hop", "NoPathError", "Path", "brokers", "neighbours", "shortest_paths"]


def shortest_paths(
    g: Graph,
    source: str,
    target: str,
    k: int = 3,
    as_of: str | date | None = None,
    via: Sequence[str] = (),
    max_hops: int | None = None,
    directed: bool = False,
) -> list[Path]:
    """The ``k`` shortest paths from ``source`` to ``target`` (by any of their names), fewest
    hops first. ``via`` restricts the relation kinds used (recognition, talks...) and/or the
    kinds of the intermediate nodes (person, body...); ``directed`` follows edges only from
    actor to counterpart. Each hop lists its evidence, most recent first."""
    if k < 1:
        raise RegionGraphError("-k must be at least 1")
    split_via(via)
    day = (as_of if isinstance(as_of, date) else as_of_date(as_of)).isoformat() if as_of else None
    G = project(g)
    start, end = (str(resolve_entity(g, name)) for name in (source, target))
    return find_paths(G.nodes, G.edges(keys=True, data=True), start, end, k, day, via, max_hops,
                      directed, str(as_of) if as_of else None)  # fmt: skip


def collapse(G: nx.MultiDiGraph[str], directed: bool) -> nx.Graph[str]:
    """A simple graph with one edge per connected pair (the multigraph's evidence stays in G)."""
    simple: nx.Graph[str] = nx.DiGraph() if directed else nx.Graph()
    simple.add_nodes_from(sorted(G.nodes))
    simple.add_edges_from(sorted((u, v) for u, v in G.edges() if u != v))
    return simple


def neighbours(
    g: Graph, name: str, depth: int = 1, as_of: str | date | None = None
) -> list[dict[str, Any]]:
    """Actors within ``depth`` hops of an actor, nearest first, with the number of events and
    situations linking each to the previous hop."""
    if depth < 1:
        raise RegionGraphError("--depth must be at least 1")
    G = to_networkx(g, as_of)
    start = str(resolve_entity(g, name))
    if start not in G:
        raise RegionGraphError(f"{curie_of(start)} is not an actor in the network")
    simple = collapse(G, directed=False)
    distances = nx.single_source_shortest_path_length(simple, start, cutoff=depth)
    rows = []
    for node, distance in distances.items():
        if node == start:
            continue
        links = G.number_of_edges(start, node) + G.number_of_edges(node, start)
        rows.append(
            {
                "id": curie_of(node),
                "label": G.nodes[node]["label"],
                "kind": G.nodes[node]["kind"],
                "distance": distance,
                "direct_links": links,
            }
        )
    rows.sort(key=lambda r: (r["distance"], -r["direct_links"], r["label"]))
    return rows


def brokers(
    g: Graph,
    since: str | None = None,
    until: str | None = None,
    top: int = 10,
    per: str = "year",
) -> list[dict[str, Any]]:
    """Who connects otherwise separate actors: betweenness centrality on the undirected
    projection of the events in each period (a year by default, or the whole span with
    ``per='period'``) and the situations holding during it. Structure edges are left out."""
    start = parse_date(since).earliest if since else date(2021, 8, 15)
    end = parse_date(until).latest if until else as_of_date(None)
    if start > end:
        raise RegionGraphError(f"--since {since} is after --until {until}")
    periods = (
        [(start, end)]
        if per == "period"
        else [
            (max(start, date(y, 1, 1)), min(end, date(y, 12, 31)))
            for y in range(start.year, end.year + 1)
        ]
    )
    G = to_networkx(g)
    rows = []
    for first, last in periods:
        lo, hi = first.isoformat(), last.isoformat()
        simple: nx.Graph[str] = nx.Graph()
        for u, v, data in G.edges(data=True):
            if data["kind"] == "structure" or u == v:
                continue
            if data["kind"] == "event":
                inside = data["earliest"] >= lo and data["latest"] <= hi
            else:
                inside = (
                    bool(data["latest"])
                    and data["latest"] <= hi
                    and not (data["end_earliest"] and data["end_earliest"] < lo)
                )
            if inside:
                simple.add_edge(u, v)
        if simple.number_of_edges() == 0:
            continue
        scores = nx.betweenness_centrality(simple, normalized=True)
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:top]
        for rank, (node, score) in enumerate(ranked, 1):
            if score <= 0:
                break
            rows.append(
                {
                    "period": f"{lo}..{hi}",
                    "rank": rank,
                    "id": curie_of(node),
                    "label": G.nodes[node]["label"],
                    "kind": G.nodes[node]["kind"],
                    "betweenness": round(score, 4),
                    "degree": simple.degree(node),
                }
            )
    if not rows:
        raise RegionGraphError(f"no events between {start} and {end}: widen the period")
    return rows


def curie_of(iri: str) -> str:
    """A CURIE for an IRI string."""
    from rdflib import URIRef

    return curie(URIRef(iri))
