"""The networkx projection, path queries, the ladder commands and the exports, each read back
with its own reader."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest
from rdflib import Dataset, Graph

from regiongraph.changes import changes_between
from regiongraph.cli import cli
from regiongraph.errors import RegionGraphError
from regiongraph.events import list_events
from regiongraph.export import EXPORT_FORMATS, export
from regiongraph.ladder import state_timeline
from regiongraph.model import instances
from regiongraph.namespaces import RG, SEM
from regiongraph.network import RELATIONS, project, to_networkx
from regiongraph.paths import NoPathError, brokers, neighbours, shortest_paths

ID = "https://w3id.org/regiongraph/id/"
RUS, TJK, IEA = ID + "country/RUS", ID + "country/TJK", ID + "organization/islamic-emirate"
RECOGNITION = ID + "event/2025-07-03-rus-afg-recognition"


def test_projection_keeps_every_event_and_situation_as_keyed_edges(ds):
    G = project(ds)
    keys = {k for *_, k in G.edges(keys=True)}
    linked = {
        str(e) for e in instances(ds, SEM.Event)
        if set(ds.objects(e, RG.counterpart)) or set(ds.objects(e, RG.participant))
    }  # fmt: skip
    assert linked <= keys
    assert {str(s) for s in instances(ds, RG.Recognition)} <= keys
    assert {str(s) for s in instances(ds, RG.PostHolding)} <= keys
    edge = G.edges[RUS, IEA, RECOGNITION]
    assert edge["type"] == "recognition" and edge["relation"] == "recognition"
    assert edge["date"] == "2025-07-03" and edge["status"] == "confirmed"
    assert edge["predicate"] == "rg:actor/rg:counterpart"
    assert any(s.startswith("https://www.lbcgroup.tv/") for s in edge["sources"])
    # parallel edges between the same pair stay apart
    assert G.number_of_edges(RUS, IEA) > 5
    assert {d["relation"] for *_, d in G.edges(data=True)} <= set(RELATIONS)


def test_nodes_carry_label_kind_and_country(ds):
    G = project(ds)
    assert G.nodes[TJK] == {"label": "Tajikistan", "kind": "country", "country": "TJK"} | {
        k: v for k, v in G.nodes[TJK].items() if k in ("lat", "lon")
    }
    assert G.nodes[IEA]["kind"] == "government"
    assert G.nodes[ID + "organization/taliban"]["kind"] == "movement"
    assert G.nodes[ID + "person/emomali-rahmon"]["kind"] == "person"
    assert G.nodes[ID + "person/emomali-rahmon"]["country"] == "TJK"


def test_as_of_views(ds):
    before = to_networkx(ds, "2025-07-02")
    after = to_networkx(ds, "2025-07-03")
    assert not before.has_edge(RUS, IEA, RECOGNITION)
    assert after.has_edge(RUS, IEA, RECOGNITION)
    # the Russian listing held until 2025-04-17
    listing = ID + "situation/listing-rus-taliban"
    assert to_networkx(ds, "2025-04-16").has_edge(RUS, ID + "organization/taliban", listing)
    assert not to_networkx(ds, "2025-04-18").has_edge(RUS, ID + "organization/taliban", listing)
    assert project(ds) is project(ds)  # built once, reused


def test_relation_views(ds):
    bans = to_networkx(ds, kinds=["ban"])
    assert {d["relation"] for *_, d in bans.edges(data=True)} == {"ban"}
    with pytest.raises(RegionGraphError, match="unknown relation kind"):
        to_networkx(ds, kinds=["friendship"])


def test_k_shortest_paths_with_evidence(ds):
    paths = shortest_paths(ds, "Tajikistan", "Russia", k=3, as_of="2025-11-30")
    assert len(paths) == 3
    assert [len(p.hops) for p in paths] == sorted(len(p.hops) for p in paths)
    first = paths[0]
    assert first.nodes[0] == "Tajikistan" and first.nodes[-1] == "Russia"
    for hop in first.hops:
        assert hop.evidence
        assert all(e["date"] <= "2025-11-30" for e in hop.evidence if e["date"])
    directed = shortest_paths(ds, "Russia", "Islamic Emirate", k=1, directed=True)
    assert directed[0].nodes == [
        "Russia",
        "Islamic Emirate of Afghanistan (Taliban-led government)",
    ]


def test_paths_via_people_and_relations(ds):
    through_people = shortest_paths(ds, "Tajikistan", "Russia", k=2, via=["person"])
    for found in through_people:
        assert all(project(ds).nodes[n]["kind"] == "person" for n in found.iris[1:-1]), found.nodes
    bans = shortest_paths(ds, "Kazakhstan", "Taliban", k=1, via=["ban"], as_of="2024-01-01")
    assert bans[0].hops[0].evidence[0]["relation"] == "ban"


def test_no_path_and_bad_names_are_clear(ds):
    with pytest.raises(NoPathError, match="no path from"):
        shortest_paths(ds, "Tajikistan", "Russia", as_of="2021-08-01", via=["recognition"])
    with pytest.raises(RegionGraphError, match="unknown --via"):
        shortest_paths(ds, "Tajikistan", "Russia", via=["friends"])
    with pytest.raises(RegionGraphError, match="Did you mean"):
        shortest_paths(ds, "Tajikstan", "Russia")


def test_neighbours(ds):
    rows = neighbours(ds, "Tajikistan", depth=1, as_of="2025-12-31")
    labels = {r["label"] for r in rows}
    assert "Islamic Emirate of Afghanistan (Taliban-led government)" in labels
    assert all(r["distance"] == 1 for r in rows)
    deeper = neighbours(ds, "Tajikistan", depth=2)
    assert len(deeper) > len(rows)


def test_brokers_per_year(ds):
    rows = brokers(ds, "2024", "2025", top=3)
    periods = {r["period"] for r in rows}
    assert periods == {"2024-01-01..2024-12-31", "2025-01-01..2025-12-31"}
    assert rows[0]["label"] == "Islamic Emirate of Afghanistan (Taliban-led government)"
    with pytest.raises(RegionGraphError, match="after"):
        brokers(ds, "2025", "2024")


def test_changes_between(ds):
    found = changes_between(ds, "2025-04-01", "2025-07-31")
    moved = {(m["country"], m["track"]) for m in found.moves}
    assert ("Russia", "diplomatic") in moved and ("Russia", "legal") in moved
    assert RECOGNITION.rsplit("/", 1)[1] in {e.id.split(":")[1] for e in found.events}
    assert any(b["kind"] == "Recognition" for b in found.began)


def test_timeline(ds):
    rows = state_timeline(ds, "Kazakhstan")
    changed = [(r["track"], r["position"]) for r in rows if r["changed"]]
    assert ("legal", "banned as terrorist or extremist") in changed
    assert ("legal", "ban lifted") in changed
    assert all(r["evidence"] for r in rows)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["path", "Tajikistan", "Russia", "-k", "1"], "Path 1"),
        (["path", "Tajikistan", "Russia", "--via", "person", "-f", "json"], '"hops"'),
        (["neighbours", "Uzbekistan", "-f", "csv"], "id,label,kind,distance,direct_links"),
        (["brokers", "--since", "2025", "--until", "2025", "--top", "2"], "betweenness"),
        (["changes", "--since", "2025-04", "--until", "2025-07"], "Positions that moved"),
        (["ladder", "--as-of", "2025-07-31", "--country", "RUS"], "formal-recognition"),
        (["timeline", "Kyrgyzstan"], "ban lifted"),
    ],
)
def test_commands(runner, args, fragment):
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert fragment in result.output


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["path", "Tajikstan", "Russia"], "Did you mean: Tajikistan"),
        (["path", "Tajikistan", "Russia", "--as-of", "2021-08-01", "--via", "recognition"],
         "no path from"),
        (["path", "Tajikistan", "Russia", "--as-of", "yesterday"], "malformed date"),
        (["neighbours", "Narnia"], "unknown entity"),
        (["brokers", "--since", "1990", "--until", "1991"], "no events between"),
        (["changes", "--since", "2025-07", "--until", "2025-01"], "after"),
        (["timeline", "Narnia"], "unknown country"),
        (["export", "-f", "pdf", "-o", "x"], "unknown format"),
    ],
)  # fmt: skip
def test_command_errors(runner, args, fragment):
    result = runner.invoke(cli, args)
    assert result.exit_code == 1
    assert "Traceback" not in result.output and fragment in result.output


@pytest.fixture(scope="module")
def network(ds):
    return nx.MultiDiGraph(to_networkx(ds, "2025-11-30"))


def test_graphml_round_trip(ds, network, tmp_path):
    path = tmp_path / "g.graphml"
    export(ds, "graphml", str(path), "2025-11-30")
    H = nx.read_graphml(path, force_multigraph=True)
    assert H.number_of_nodes() == network.number_of_nodes()
    assert H.number_of_edges() == network.number_of_edges()
    assert H.nodes[TJK]["label"] == "Tajikistan"
    data = H.get_edge_data(RUS, IEA)[RECOGNITION]
    assert data["date"] == "2025-07-03" and "lbcgroup" in data["sources"]


def test_gexf_round_trip_with_dynamic_times(ds, network, tmp_path):
    path = tmp_path / "g.gexf"
    export(ds, "gexf", str(path), "2025-11-30")
    H = nx.read_gexf(path)
    assert H.graph["mode"] == "dynamic"
    assert H.number_of_nodes() == network.number_of_nodes()
    assert H.number_of_edges() == network.number_of_edges()
    text = path.read_text()
    assert 'timeformat="date"' in text and 'start="2025-07-03"' in text
    ended = [d for *_, d in H.edges(data=True) if "end" in d]
    assert ended  # listings and posts that ended carry an end


def test_node_link_and_cytoscape(ds, network, tmp_path):
    import jsonschema

    link = tmp_path / "g.json"
    export(ds, "node-link", str(link), "2025-11-30")
    H = nx.node_link_graph(json.loads(link.read_text()), edges="edges")
    assert H.number_of_edges() == network.number_of_edges()
    cyto = tmp_path / "c.json"
    export(ds, "cytoscape", str(cyto), "2025-11-30")
    data = json.loads(cyto.read_text())
    schema = {
        "type": "object",
        "required": ["elements"],
        "properties": {"elements": {
            "type": "object", "required": ["nodes", "edges"],
            "properties": {
                "nodes": {"type": "array", "items": {"type": "object", "required": ["data"],
                          "properties": {"data": {"type": "object", "required": ["id", "label"]}}}},
                "edges": {"type": "array", "items": {"type": "object", "required": ["data"],
                          "properties": {"data": {"type": "object",
                                                  "required": ["id", "source", "target"]}}}},
            }}},
    }  # fmt: skip
    jsonschema.validate(data, schema)
    assert len(data["elements"]["nodes"]) == network.number_of_nodes()
    assert len(data["elements"]["edges"]) == network.number_of_edges()
    ids = [e["data"]["id"] for e in data["elements"]["edges"]]
    assert len(ids) == len(set(ids))


def test_events_csv_and_rdf_exports(ds, tmp_path):
    events = tmp_path / "events.csv"
    export(ds, "events-csv", str(events), "2025-11-30")
    rows = list(csv.DictReader(io.StringIO(events.read_text())))
    assert [r["id"] for r in rows] == [e.id for e in list_events(ds, "2025-11-30")]
    assert all(r["date"][:7] <= "2025-11" for r in rows)
    union = len(set(ds.triples((None, None, None))))
    for fmt, reader in (("turtle", "turtle"), ("nt", "nt"), ("json-ld", "json-ld")):
        path = tmp_path / f"g.{fmt}"
        export(ds, fmt, str(path))
        assert len(Graph().parse(path, format=reader)) == union, fmt


@pytest.mark.dataset_only
def test_trig_export_keeps_the_files_as_named_graphs(ds, tmp_path):
    union = len(set(ds.triples((None, None, None))))
    trig = tmp_path / "g.trig"
    export(ds, "trig", str(trig))
    back = Dataset(default_union=True)
    back.parse(trig, format="trig")
    assert {str(g.identifier) for g in back.graphs()} >= {
        str(g.identifier) for g in ds.graphs() if len(g)
    }
    assert len(set(back.triples((None, None, None)))) == union
    with pytest.raises(RegionGraphError, match="--as-of applies"):
        export(ds, "turtle", str(tmp_path / "x.ttl"), "2025-01-01")


def test_export_never_leaves_a_half_written_file(ds, tmp_path):
    target = tmp_path / "keep.gexf"
    target.write_text("previous")
    with pytest.raises(RegionGraphError):
        export(ds, "gexf", str(target), "not-a-date")
    assert target.read_text() == "previous"
    with pytest.raises(RegionGraphError, match="does not exist"):
        export(ds, "gexf", str(tmp_path / "missing" / "x.gexf"))
    assert set(EXPORT_FORMATS) >= {"graphml", "gexf", "node-link", "cytoscape", "trig"}
