"""Write the course notebooks from the cells below and execute them, so that they are committed
with their outputs. Run: .venv/bin/python notebooks/build.py

The notebooks use only the public Python API of regiongraph; the tests execute each of them from
scratch (tests/test_notebooks.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent

SETUP = """\
%matplotlib inline
import regiongraph as rg
from regiongraph import diagrams

g = rg.load_graph()  # the graph directory of the checkout or of the installed package
print(f"{len(g)} triples loaded")"""

NOTEBOOKS: dict[str, list[tuple[str, str]]] = {
    "01-overview.ipynb": [
        (
            "md",
            """\
# 1. Overview: load, validate, count, read the latest events

regiongraph is a sourced, time-aware knowledge graph of how the states around Afghanistan deal
with the Taliban-led government since August 2021. Every event and every situation is dated
with its precision and cites its sources. This notebook loads the graph, checks it, counts what
it holds, lists the latest events and draws one diagram.""",
        ),
        ("code", SETUP),
        (
            "md",
            """\
## Validation

`check_graph()` runs the SHACL shapes and the lints (every term declared, every IRI described,
every source cited). A conforming graph has no violations.""",
        ),
        (
            "code",
            """\
report = rg.check_graph()
print("conforms:", report.conforms, "| violations:", len(report.violations),
      "| warnings:", len(report.warnings))""",
        ),
        (
            "md",
            "## What the graph holds, and where each state stands\n\n"
            "`graph_overview()` gives the counts, the latest events and each state's position "
            "on the two tracks of the recognition ladder as of a date.",
        ),
        (
            "code",
            """\
overview = rg.graph_overview(g, as_of="2025-11-30")
overview.counts""",
        ),
        (
            "code",
            """\
rg.table(overview.latest_events)[["date", "type", "actors", "counterparts", "status", "summary"]]""",
        ),
        (
            "code",
            """\
rg.table(overview.position_rows())""",
        ),
        (
            "md",
            """\
## Every claim has its sources

Each event row carries the URLs of the reports it rests on, its certainty (confirmed, reported,
unconfirmed, denied) and whether sources dispute it.""",
        ),
        (
            "code",
            """\
events = rg.table(rg.list_events(g, countries=["Tajikistan"], as_of="2025-11-30"))
events[events["status"].str.contains("disputed")][["id", "date", "precision", "status", "sources"]]""",
        ),
        ("md", "## One diagram\n\nThe relationship diagram as of the same date."),
        (
            "code",
            """\
diagrams.network_figure(g, "2025-11-30")""",
        ),
    ],
    "02-recognition-over-time.ipynb": [
        (
            "md",
            """\
# 2. Recognition over time

Each state stands on two tracks: the **diplomatic** track (no recorded contact, working contacts,
official visits and talks, accepts Taliban-appointed diplomats, accepts an ambassador's
credentials, formal recognition) and the **legal** track (no ban recorded, banned, ban suspended,
ban lifted). Positions are computed from sourced events and situations by documented rules.""",
        ),
        ("code", SETUP),
        ("md", "## The ladder for every state, at three dates"),
        (
            "code",
            """\
for day in ("2022-06-30", "2024-06-30", "2025-11-30"):
    positions = rg.table(rg.ladder_positions(g, day))
    print(day)
    display(positions.pivot(index="country", columns="track", values="level"))""",
        ),
        ("md", "## The timeline diagram"),
        (
            "code",
            """\
diagrams.timeline_figure(g, "2025-11-30")""",
        ),
        (
            "md",
            "## Who moved when\n\nThe ladder chart shows each state's position month by month; "
            "`state_timeline()` lists the moves of one state with the facts behind them.",
        ),
        (
            "code",
            """\
diagrams.ladder_figure(g, "2025-11-30")""",
        ),
        (
            "code",
            """\
moves = rg.table(rg.state_timeline(g, "Kazakhstan"))
moves[moves["changed"]][["date", "track", "position", "evidence", "summary"]]""",
        ),
        ("md", "## What changed between two dates"),
        (
            "code",
            """\
changes = rg.changes_between(g, "2025-04-01", "2025-07-31")
rg.table(changes.moves)""",
        ),
        (
            "code",
            """\
rg.table(changes.events)[["date", "type", "actors", "counterparts", "summary"]]""",
        ),
    ],
    "03-paths-and-brokers.ipynb": [
        (
            "md",
            """\
# 3. Paths and brokers

How is Tajikistan connected to Russia through Afghanistan-related events, through whom, and how
did that change over time? The graph is projected into networkx (`to_networkx`): entities are
nodes, every event and situation is an edge keyed by its IRI, with its date and sources.""",
        ),
        ("code", SETUP),
        (
            "code",
            """\
G = rg.to_networkx(g)
print(G.number_of_nodes(), "nodes,", G.number_of_edges(), "edges")""",
        ),
        (
            "md",
            "## Tajikistan to Russia at several dates\n\nThe shortest paths, each hop with its "
            "most recent evidence.",
        ),
        (
            "code",
            """\
for day in ("2022-12-31", "2024-12-31", "2025-11-30"):
    for path in rg.shortest_paths(g, "Tajikistan", "Russia", k=2, as_of=day):
        print(day, " > ".join(path.nodes))""",
        ),
        (
            "md",
            "## Through people only\n\nWhich officials link the two states, hop by hop, with "
            "the event and the source behind each hop:",
        ),
        (
            "code",
            """\
for path in rg.shortest_paths(g, "Tajikistan", "Russia", k=2, via=["person"], as_of="2025-11-30"):
    print(" > ".join(path.nodes))
    for hop in path.hops:
        evidence = hop.evidence[0]
        print(f"  {hop.source} -- {hop.target}: {evidence['date']} {evidence['type']} "
              f"({evidence['id']})")
        print(f"    source: {evidence['sources'][0]}")""",
        ),
        (
            "md",
            "## Who brokers\n\nBetweenness centrality on the projection, year by year: who "
            "connects otherwise separate actors.",
        ),
        (
            "code",
            """\
rg.table(rg.brokers(g, "2022", "2025", top=3))""",
        ),
        ("md", "## Neighbours of Tajikistan"),
        (
            "code",
            """\
rg.table(rg.neighbours(g, "Tajikistan", depth=1, as_of="2025-11-30")).head(12)""",
        ),
        (
            "code",
            """\
diagrams.network_figure(g, "2025-11-30", focus="Tajikistan", depth=1)""",
        ),
    ],
    "04-sparql-cookbook.ipynb": [
        (
            "md",
            """\
# 4. SPARQL cookbook

Every analyst question is a named query in `graph/queries/`, with a header giving its title,
description and parameters. Parameters are bound as RDF terms, never pasted into the text.""",
        ),
        ("code", SETUP.replace("from regiongraph import diagrams\n", "")),
        (
            "code",
            """\
rg.table([q.as_row() for q in rg.list_queries(rg.find_graph_dir())])""",
        ),
        ("md", "## Running named queries"),
        (
            "code",
            """\
directory = rg.find_graph_dir()
rg.table(rg.run_named_query(g, rg.find_query(directory, "recognitions")))""",
        ),
        (
            "code",
            """\
query = rg.find_query(directory, "bans-and-delistings")
rg.table(rg.run_named_query(g, query, {"country": "Казахстан"}))""",
        ),
        (
            "code",
            """\
ladder = rg.table(rg.run_named_query(g, rg.find_query(directory, "ladder-as-of"),
                                     as_of="2024-01-31"))
ladder.pivot(index="country_label", columns="track", values="level")""",
        ),
        (
            "md",
            """\
## Writing a new query with parameters

A query is SPARQL text; `?country`, `?since` and the like are bound from Python values that are
checked and typed first (a country by any of its names, a date in ISO form).""",
        ),
        (
            "code",
            """\
from rdflib import Literal
from rdflib.namespace import XSD

text = '''
PREFIX rg: <https://w3id.org/regiongraph/ontology#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?type (COUNT(?event) AS ?events)
WHERE {
  ?event sem:eventType/skos:notation ?type ;
         rg:actor|rg:counterpart ?side ;
         sem:hasEarliestBeginTimeStamp ?day .
  ?side rg:actsFor ?country .
  FILTER (?day >= ?since)
}
GROUP BY ?type ORDER BY DESC(?events)
'''
country = rg.resolve_entity(g, "Uzbekistan")
rg.table(rg.run_sparql(g, text, {"country": country,
                                 "since": Literal("2024-01-01", datatype=XSD.date)}))""",
        ),
        (
            "md",
            """\
## Against a remote endpoint

The same named queries run on any SPARQL 1.1 endpoint. Here the project's own endpoint is
started on a free loopback port (`regiongraph serve`), queried, and stopped; a Virtuoso or Fuseki
server loaded with `regiongraph push` answers the same way.""",
        ),
        (
            "code",
            """\
import socket
import subprocess
import sys
import time
import urllib.request

with socket.socket() as probe:
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
command = [sys.executable, "-m", "regiongraph", "serve", "--port", str(port)]
server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
endpoint = f"http://127.0.0.1:{port}/sparql"
for _ in range(100):
    try:
        urllib.request.urlopen(endpoint + "?query=ASK%7B%7D", timeout=1)
        break
    except OSError:
        time.sleep(0.2)
try:
    remote = rg.run_named_query_remote(endpoint, rg.find_query(directory, "recognitions"),
                                       {}, None, g)
    display(rg.table(remote))
finally:
    server.terminate()
    server.wait()""",
        ),
    ],
    "05-extending-the-graph.ipynb": [
        (
            "md",
            """\
# 5. Extending the graph

How to add a sourced event in Turtle, validate it, and see it in queries and diagrams. The work
happens in a temporary copy of the graph directory; `graph/` itself is never touched.

The example is a real claim of the Izvestia article of November 2025 that the graph does not yet
model: Dushanbe's point that ethnic Tajiks, Afghanistan's second largest group, are deprived of
political rights. It cites the article, already a source in the graph.""",
        ),
        ("code", SETUP),
        (
            "code",
            """\
import shutil
import tempfile
from pathlib import Path

work = Path(tempfile.mkdtemp()) / "graph"
shutil.copytree(rg.find_graph_dir(), work)
print("working copy:", work)""",
        ),
        (
            "md",
            "## A new event, in Turtle\n\nEvery event needs a type, an actor, a date whose "
            "datatype is its precision, a certainty, a one-sentence summary in our own words, "
            "and at least one source.",
        ),
        (
            "code",
            """\
new_event = '''
@prefix rg: <https://w3id.org/regiongraph/ontology#> .
@prefix et: <https://w3id.org/regiongraph/ontology/event-type/> .
@prefix certainty: <https://w3id.org/regiongraph/ontology/certainty/> .
@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
@prefix schema: <https://schema.org/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix country: <https://w3id.org/regiongraph/id/country/> .
@prefix organization: <https://w3id.org/regiongraph/id/organization/> .
@prefix event: <https://w3id.org/regiongraph/id/event/> .
@prefix source: <https://w3id.org/regiongraph/id/source/> .

event:2025-11-tjk-afg-tajik-rights-statement
    a sem:Event ;
    sem:eventType et:statement ;
    rg:actor country:TJK ;
    rg:counterpart organization:islamic-emirate ;
    schema:startDate "2025-11"^^xsd:gYearMonth ;
    rg:certainty certainty:reported ;
    schema:description "Dushanbe stressed that ethnic Tajiks, Afghanistan's second largest group, are kept out of political power under the Taliban-led government."@en ;
    prov:wasDerivedFrom source:izvestia-2025-11-tajikistan-taliban .
'''
(work / "data" / "events" / "notebook-example.ttl").write_text(new_event)""",
        ),
        ("md", "## Validate it"),
        (
            "code",
            """\
report = rg.check_graph(str(work), use_cache=False)
print("conforms:", report.conforms)""",
        ),
        (
            "md",
            "A broken event is reported with its node, the rule and the file. Here the same "
            "event without its source:",
        ),
        (
            "code",
            """\
source_line = " ;\\n    prov:wasDerivedFrom source:izvestia-2025-11-tajikistan-taliban ."
broken = new_event.replace(source_line, " .")
(work / "data" / "events" / "notebook-example.ttl").write_text(broken)
for problem in rg.check_graph(str(work), use_cache=False).violations:
    print(problem)
(work / "data" / "events" / "notebook-example.ttl").write_text(new_event)""",
        ),
        ("md", "## See it in queries and diagrams"),
        (
            "code",
            """\
extended = rg.load_graph(work)
rows = rg.table(rg.list_events(extended, countries=["Tajikistan"], types=["statement"]))
rows[rows["date"] == "2025-11"][["id", "date", "precision", "status", "summary", "sources"]]""",
        ),
        (
            "code",
            """\
query = rg.find_query(work, "events-of-a-state")
found = rg.table(rg.run_named_query(extended, query, {"country": "Tajikistan"}))
found[found["event"].str.endswith("tajik-rights-statement")]""",
        ),
        (
            "code",
            """\
diagrams.timeline_figure(extended, "2025-11-30", ["Tajikistan", "Uzbekistan"])""",
        ),
        (
            "code",
            """\
shutil.rmtree(work.parent)""",
        ),
    ],
}


def build(name: str, cells: list[tuple[str, str]]) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}  # fmt: skip
    notebook.cells = [
        nbformat.v4.new_markdown_cell(text) if kind == "md" else nbformat.v4.new_code_cell(text)
        for kind, text in cells
    ]
    return notebook


def main() -> None:
    names = sys.argv[1:] or list(NOTEBOOKS)
    for name in names:
        notebook = build(name, NOTEBOOKS[name])
        NotebookClient(notebook, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(HERE)}}).execute()  # fmt: skip
        nbformat.write(notebook, HERE / name)
        print("wrote", HERE / name)


if __name__ == "__main__":
    main()
