"""The compiled tables behind the fast ``events`` and ``path`` commands: the same answers as the
library on the loaded graph, without importing rdflib or networkx; and the K shortest paths
search checked against networkx's."""

from __future__ import annotations

import itertools
import random

import networkx as nx
import pytest

from fresh import modules_loaded_by
from regiongraph.events import list_events
from regiongraph.pathfind import _k_shortest, find_paths
from regiongraph.paths import shortest_paths
from regiongraph.resolve import resolve_entity
from regiongraph.tables import event_table, lookup, network_table, select_events

FILTERS = [
    (None, (), ()),
    ("2024-01-01", (), ()),
    ("2025-07", ("Russia",), ()),
    (None, ("TJK", "Узбекистан"), ("visit",)),
    ("2023", (), ("recognition", "listing", "delisting")),
    (None, ("country:KAZ",), ()),
    ("2021-08-14", (), ()),
]


@pytest.mark.parametrize(("as_of", "countries", "types"), FILTERS)
def test_event_rows_match_the_library(ds, graph_dir, as_of, countries, types):
    from regiongraph.dates import as_of_date

    day = as_of_date(as_of).isoformat() if as_of else None
    rows = select_events(event_table(graph_dir), day, countries, types)
    assert rows is not None
    assert rows == [e.as_row() for e in list_events(ds, as_of, countries, types)]


def test_every_name_resolves_as_the_library_does(ds, graph_dir):
    """A name the tables resolve names what resolve_entity says; one they do not resolve is left
    to the ordinary resolver (which then explains or picks)."""
    from regiongraph.model import instances
    from regiongraph.namespaces import SCHEMA

    countries = instances(ds, SCHEMA.Country)
    table = event_table(graph_dir)
    checked = 0
    for name in [*table.countries, "country:TJK", "https://w3id.org/regiongraph/id/country/RUS"]:
        found = lookup(table.countries, name)
        if found is not None:
            assert found == str(resolve_entity(ds, name, among=countries)), name
            checked += 1
    entities = network_table(graph_dir).entities
    for name in random.Random(7).sample(sorted(entities), 400):
        found = lookup(entities, name, scoped=False)
        if found is not None:
            assert found == str(resolve_entity(ds, name)), name
            checked += 1
    assert checked > 300
    assert lookup(table.countries, "Kyrgyzstn") is None  # a typo: the library suggests


@pytest.mark.parametrize(
    ("source", "target", "options"),
    [
        ("Tajikistan", "Russia", {}),
        ("Tajikistan", "Russia", {"k": 5, "as_of": "2025-11-30"}),
        ("Russia", "Islamic Emirate", {"k": 2, "directed": True}),
        ("Tajikistan", "Russia", {"k": 2, "via": ["person"]}),
        ("Kazakhstan", "Taliban", {"k": 1, "via": ["ban"], "as_of": "2024-01-01"}),
        ("China", "Uzbekistan", {"k": 4, "max_hops": 2}),
    ],
)
def test_paths_match_the_library(ds, graph_dir, source, target, options):
    from regiongraph.dates import as_of_date

    table = network_table(graph_dir)
    as_of = options.get("as_of")
    found = find_paths(
        table.nodes, table.edges,
        lookup(table.entities, source, scoped=False) or "",
        lookup(table.entities, target, scoped=False) or "",
        options.get("k", 3), as_of_date(as_of).isoformat() if as_of else None,
        options.get("via", ()), options.get("max_hops"), options.get("directed", False), as_of,
    )  # fmt: skip
    expected = shortest_paths(ds, source, target, **options)
    assert [p.as_dict() for p in found] == [p.as_dict() for p in expected]


def test_k_shortest_agrees_with_networkx():
    """Same number of paths and the same lengths as networkx's shortest_simple_paths, each a
    distinct simple path along real edges, on random graphs, directed and not."""
    rng = random.Random(3)
    for trial in range(60):
        directed = trial % 2 == 1
        n = rng.randint(4, 25)
        nodes = [f"n{i:02d}" for i in range(n)]
        pairs = {tuple(rng.sample(nodes, 2)) for _ in range(rng.randint(n, 3 * n))}
        edges = [(u, v, f"{u}|{v}", {}) for u, v in sorted(pairs)]
        G = nx.DiGraph() if directed else nx.Graph()
        G.add_nodes_from(nodes)
        G.add_edges_from(pairs)
        start, end = rng.sample(nodes, 2)
        k = rng.randint(1, 8)
        ours = _k_shortest(nodes, edges, start, end, k, directed)
        try:
            theirs = list(itertools.islice(nx.shortest_simple_paths(G, start, end), k))
        except nx.NetworkXNoPath:
            theirs = []
        assert [len(p) for p in ours] == [len(p) for p in theirs], (trial, ours, theirs)
        assert len({tuple(p) for p in ours}) == len(ours)
        for p in ours:
            assert p[0] == start and p[-1] == end and len(set(p)) == len(p)
            assert all(G.has_edge(u, v) for u, v in itertools.pairwise(p))


@pytest.mark.parametrize(
    "command",
    [["events", "--country", "Tajikistan", "-f", "csv"], ["path", "Tajikistan", "Russia"]],
)
def test_warm_commands_import_neither_rdflib_nor_networkx(private_cache, command):
    output, loaded = modules_loaded_by(command, {"rdflib", "networkx"})
    assert "Russia" in output
    assert not loaded


@pytest.mark.parametrize(
    "arguments",
    [
        ["events", "--as-of", "2024-06", "--type", "visit", "-f", "json"],
        ["events", "--country", "Kyrgyzstn"],  # a typo: the ordinary path suggests
        ["path", "Tajikistan", "Russia", "-k", "4", "-f", "json"],
        ["path", "Tajikistan", "Russia", "--as-of", "2021-08-01", "--via", "recognition"],
        ["path", "country:TJK", "Kabul"],
    ],
)
def test_cli_output_is_the_same_with_and_without_tables(runner, arguments):
    from regiongraph.cli import cli

    fast = runner.invoke(cli, arguments)
    slow = runner.invoke(cli, ["--no-cache", *arguments])
    assert (fast.exit_code, fast.output) == (slow.exit_code, slow.output)
