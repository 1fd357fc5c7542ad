"""K shortest paths over plain data: the projection's nodes and edges as dicts and tuples, with
no rdflib and no networkx, so the ``path`` command can answer from the compiled tables as fast as
from a loaded graph, and with the very same answers.

The search is Yen's algorithm over breadth-first searches, on a simple graph with one edge per
connected pair; the evidence of each hop comes back from the multigraph's edges. It is written
here rather than taken from a library because of start-up cost: importing networkx takes about
0.12 s and importing igraph pulls in matplotlib.pyplot (0.26 s), several times the whole answer;
rustworkx has no K shortest simple paths. Tests check it against networkx's
``shortest_simple_paths``.

>>> nodes = {"a": {"label": "A", "kind": "country"}, "b": {"label": "B", "kind": "person"},
...          "c": {"label": "C", "kind": "country"}}
>>> edge = {"kind": "event", "relation": "talks", "type": "meeting", "date": "2024-01-02",
...         "latest": "2024-01-02", "status": "confirmed", "summary": "", "sources": []}
>>> edges = [("a", "b", "https://w3id.org/regiongraph/id/event/e1", edge),
...          ("b", "c", "https://w3id.org/regiongraph/id/event/e1", edge)]
>>> [p.nodes for p in find_paths(nodes, edges, "a", "c", k=2)]
[['A', 'B', 'C']]
"""

from __future__ import annotations

import heapq
import itertools
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from regiongraph.errors import RegionGraphError
from regiongraph.prefixes import shorten

RELATIONS = (
    "recognition", "diplomats", "ban", "talks", "project", "conflict", "post", "membership",
    "structure",
)  # fmt: skip
NODE_KINDS = (
    "country", "government", "movement", "body", "intergovernmental", "person", "place",
    "project", "organization",
)  # fmt: skip

Edge = tuple[str, str, str, Mapping[str, Any]]


class NoPathError(RegionGraphError):
    """No path between two actors under the given conditions."""


@dataclass(frozen=True)
class Hop:
    """One step of a path with the events or situations that make it."""

    source: str
    target: str
    evidence: list[dict[str, Any]]


@dataclass
class Path:
    """A path between two actors, hop by hop."""

    nodes: list[str]
    iris: list[str]
    hops: list[Hop] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "nodes": self.nodes,
            "length": len(self.hops),
            "hops": [{"from": h.source, "to": h.target, "evidence": h.evidence} for h in self.hops],
        }


def holds_on(edge: Mapping[str, Any], day: str) -> bool:
    """Whether an edge had happened (an event) or held (a situation) on ``day`` (ISO).

    >>> holds_on({"kind": "event", "latest": "2025-07-03"}, "2025-07-02")
    False
    """
    if edge["kind"] == "structure":
        return True
    if edge["kind"] == "event":
        return bool(edge["latest"]) and edge["latest"] <= day
    started = bool(edge["latest"]) and edge["latest"] <= day
    ended = bool(edge.get("end_earliest")) and edge["end_earliest"] <= day
    return started and not ended


def check_relations(kinds: Iterable[str]) -> list[str]:
    """Validate relation kinds, with a clear error for unknown ones."""
    result = []
    for kind in kinds:
        if kind not in RELATIONS:
            raise RegionGraphError(
                f"unknown relation kind {kind!r}: use one of {', '.join(RELATIONS)}"
            )
        result.append(kind)
    return result


def split_via(via: Sequence[str]) -> tuple[list[str], list[str]]:
    """``--via`` values as (relation kinds, node kinds), with a clear error for unknown ones."""
    unknown = [v for v in via if v not in RELATIONS and v not in NODE_KINDS]
    if unknown:
        raise RegionGraphError(
            f"unknown --via {', '.join(unknown)}: use relation kinds ({', '.join(RELATIONS)}) "
            f"or node kinds ({', '.join(NODE_KINDS)})"
        )
    return [v for v in via if v in RELATIONS], [v for v in via if v in NODE_KINDS]


def find_paths(
    nodes: Mapping[str, Mapping[str, Any]],
    edges: Iterable[Edge],
    start: str,
    end: str,
    k: int = 3,
    day: str | None = None,
    via: Sequence[str] = (),
    max_hops: int | None = None,
    directed: bool = False,
    as_of_text: str | None = None,
) -> list[Path]:
    """The ``k`` shortest paths from ``start`` to ``end`` (IRIs) over the edges that hold on
    ``day`` (ISO; default: all), fewest hops first. ``via`` restricts the relation kinds and/or
    the kinds of the intermediate nodes; ``directed`` follows edges from actor to counterpart
    only. Each hop lists its evidence, most recent first."""
    if k < 1:
        raise RegionGraphError("-k must be at least 1")
    relations, node_kinds = split_via(via)
    wanted = set(relations) if relations else None
    kept = [
        (u, v, key, data)
        for u, v, key, data in edges
        if (wanted is None or data["relation"] in wanted) and (day is None or holds_on(data, day))
    ]
    for node in (start, end):
        if node not in nodes:
            raise RegionGraphError(f"{shorten(node)} is not an actor in the network")
    allowed = sorted(n for n, data in nodes.items() if not node_kinds or data["kind"] in node_kinds)
    if node_kinds:
        allowed = sorted({*allowed, start, end})
    found = [
        p for p in _k_shortest(allowed, kept, start, end, k, directed)
        if max_hops is None or len(p) - 1 <= max_hops
    ]  # fmt: skip
    if not found:
        when = f" as of {as_of_text}" if as_of_text else ""
        limit = f" within {max_hops} hops" if max_hops is not None else ""
        raise NoPathError(
            f"no path from {nodes[start]['label']} to {nodes[end]['label']}{when}{limit}: "
            "try a later --as-of, more --max-hops, or fewer --via restrictions"
        )
    between: dict[tuple[str, str], list[tuple[str, Mapping[str, Any]]]] = defaultdict(list)
    for u, v, key, data in kept:
        between[u, v].append((key, data))
    return [_path(nodes, between, p, directed) for p in found]


def _k_shortest(
    allowed: list[str], edges: list[Edge], start: str, end: str, k: int, directed: bool
) -> list[list[str]]:
    """Yen's K shortest loopless paths, with breadth-first searches over sorted neighbours, so
    ties always come out in the same order."""
    index = {node: number for number, node in enumerate(allowed)}
    neighbours: dict[int, set[int]] = defaultdict(set)
    for u, v, _, _ in edges:
        if u != v and u in index and v in index:
            neighbours[index[u]].add(index[v])
            if not directed:
                neighbours[index[v]].add(index[u])
    adjacency = {node: sorted(near) for node, near in neighbours.items()}
    first = _breadth_first(adjacency, index[start], index[end], set(), set())
    if first is None:
        return []
    found = [first]
    seen = {tuple(first)}
    candidates: list[tuple[int, tuple[int, ...]]] = []
    while len(found) < k:
        last = found[-1]
        for spur_at in range(len(last) - 1):
            root = last[: spur_at + 1]
            banned_edges = {(p[spur_at], p[spur_at + 1]) for p in found if p[: spur_at + 1] == root}
            tail = _breadth_first(adjacency, root[-1], index[end], set(root[:-1]), banned_edges)
            if tail is not None:
                candidate = tuple(root[:-1] + tail)
                if candidate not in seen:
                    seen.add(candidate)
                    heapq.heappush(candidates, (len(candidate), candidate))
        if not candidates:
            break
        found.append(list(heapq.heappop(candidates)[1]))
    return [[allowed[number] for number in p] for p in found]


def _breadth_first(
    adjacency: Mapping[int, list[int]],
    start: int,
    end: int,
    banned_nodes: set[int],
    banned_edges: set[tuple[int, int]],
) -> list[int] | None:
    """A shortest path from ``start`` to ``end`` avoiding the banned nodes and edges."""
    if start == end:
        return [start]
    parent = {start: start}
    frontier = deque([start])
    while frontier:
        node = frontier.popleft()
        for near in adjacency.get(node, ()):
            if near in parent or near in banned_nodes or (node, near) in banned_edges:
                continue
            parent[near] = node
            if near == end:
                path = [end]
                while path[-1] != start:
                    path.append(parent[path[-1]])
                return path[::-1]
            frontier.append(near)
    return None


def _path(
    nodes: Mapping[str, Mapping[str, Any]],
    between: Mapping[tuple[str, str], list[tuple[str, Mapping[str, Any]]]],
    iris: list[str],
    directed: bool,
) -> Path:
    hops = []
    for u, v in itertools.pairwise(iris):
        evidence = []
        for a, b in [(u, v)] if directed else [(u, v), (v, u)]:
            for key, data in between.get((a, b), []):
                evidence.append(
                    {
                        "id": shorten(key) if "|" not in key else data["type"],
                        "from": nodes[a]["label"],
                        "to": nodes[b]["label"],
                        "type": data["type"],
                        "relation": data["relation"],
                        "date": data["date"],
                        "status": data["status"],
                        "summary": data["summary"],
                        "sources": data["sources"],
                    }
                )
        evidence.sort(key=lambda e: (e["date"], e["id"]), reverse=True)
        hops.append(Hop(nodes[u]["label"], nodes[v]["label"], evidence))
    return Path([nodes[n]["label"] for n in iris], iris, hops)
