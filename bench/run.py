"""Speed and scale benchmark: each figure of regiongraph next to its anchor, with the ratio
(ours / anchor; below 1 is faster than the anchor). One line per figure.

Run: .venv/bin/python bench/run.py [--sizes 10000,100000,1000000] [--repeat 5]

Synthetic graphs are shaped like ours: states, bodies and people that act for them, events with
a type, actors, counterparts, dates, places, certainty and sources. They are generated into a
temporary folder and never touch graph/.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph

BIN = Path(sys.executable).parent
REGIONGRAPH = str(BIN / "regiongraph")
PYTHON = sys.executable
RG = "https://w3id.org/regiongraph/ontology#"
SYN = "https://w3id.org/regiongraph/id/synthetic/"
TYPES = ["visit", "meeting", "talks", "statement", "agreement-signed", "aid-delivery",
         "project-milestone", "border-clash", "diplomat-accreditation"]  # fmt: skip


def line(name: str, ours: float, anchor: float, unit: str = "s", goal: float | None = None) -> None:
    ratio = ours / anchor if anchor else float("inf")
    if unit == "s" and max(ours, anchor) < 0.01:
        ours, anchor, unit = ours * 1000, anchor * 1000, "ms"
    verdict = "" if goal is None else ("  ok" if ratio <= goal else f"  goal <= {goal}")
    print(f"{name:<58} {ours:>10.3f} {anchor:>10.3f} {unit:<4} {ratio:>7.2f}{verdict}", flush=True)


def median_run(command: list[str], repeat: int, env: dict[str, str] | None = None) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def peak_run(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall time and peak resident memory (MiB) of a fresh process."""
    wrapper = [PYTHON, "-c", (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
        "print(time.perf_counter() - t, "
        "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)"
    ), *command]  # fmt: skip
    out = subprocess.run(wrapper, check=True, capture_output=True, text=True, env=env).stdout
    seconds, mib = out.split()
    return float(seconds), float(mib)


ANCHOR_QUERY = (
    "import pyoxigraph, sys; s = pyoxigraph.Store.read_only(sys.argv[1]); "
    "print(len(list(s.query(sys.argv[2]))))"
)
CAP = 60.0
# The projection's event edges (actor to counterpart, participant to each side) with their main
# attributes, from one bare SPARQL query: the anchor for building the projection.
SAME_EDGES = """
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX rg: <https://w3id.org/regiongraph/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?from ?to ?e ?type ?date ?latest ?place ?source WHERE {
  ?e a sem:Event ; sem:eventType ?type .
  { ?e rg:actor ?from ; rg:counterpart ?to }
  UNION { ?e rg:participant ?from ; rg:actor ?to }
  UNION { ?e rg:participant ?from ; rg:counterpart ?to }
  OPTIONAL { ?e schema:startDate ?date }
  OPTIONAL { ?e sem:hasLatestBeginTimeStamp ?latest }
  OPTIONAL { ?e sem:hasPlace ?place }
  OPTIONAL { ?e prov:wasDerivedFrom ?source }
}"""


def capped(command: list[str], env: dict[str, str], repeat: int = 1) -> float:
    """Median wall time of a fresh process, stopped at CAP seconds (reported as CAP). A timer
    kills a runaway, so that the wait itself is exact (``subprocess.run(timeout=...)`` polls and
    rounds short runs up to its polling steps)."""
    import threading

    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, env=env)
        timer = threading.Timer(CAP, process.kill)
        timer.start()
        code = process.wait()
        timer.cancel()
        elapsed = time.perf_counter() - started
        if code != 0 and elapsed >= CAP:
            return CAP
        if code != 0:
            raise subprocess.CalledProcessError(code, command)
        times.append(elapsed)
        if elapsed > 1.0:
            break  # one run is enough for a heavy query
    return statistics.median(times)


def timed(function: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def settled(
    ours: Callable[[], object], anchor: Callable[[], object], repeat: int
) -> tuple[float, float]:
    """Time of one call of ``ours`` and of ``anchor`` in this process once warm, measured in
    turns (a loop of one, then a loop of the other, ``repeat`` times), so that a machine whose
    speed drifts (other tenants, clock scaling) slows both alike. A first run of each fills the
    store's caches and is not counted, unless one took over a second (then the first runs are
    the figures). Short calls are timed in loops of at least 0.2 s (``timeit``'s autorange);
    each figure is the median of its ``repeat`` loops divided by the loop's length, so that a
    query of 0.1 ms is not timed at the clock's grain."""
    import timeit

    firsts = []
    for function in (ours, anchor):
        started = time.perf_counter()
        function()
        firsts.append(time.perf_counter() - started)
    if max(firsts) > 1.0:
        return firsts[0], firsts[1]
    timers = [timeit.Timer(ours), timeit.Timer(anchor)]
    numbers = [timer.autorange()[0] for timer in timers]
    loops: list[list[float]] = [[], []]
    for _ in range(repeat):
        for side in (0, 1):
            loops[side].append(timers[side].timeit(numbers[side]) / numbers[side])
    return statistics.median(loops[0]), statistics.median(loops[1])


def generate(path: Path, triples: int, seed: int = 1) -> None:
    """Write a synthetic N-Triples file of about ``triples`` triples."""
    rng = random.Random(seed)
    countries = [f"{SYN}country/C{i}" for i in range(60)]
    people = [f"{SYN}person/P{i}" for i in range(max(50, triples // 200))]
    places = [f"{SYN}place/L{i}" for i in range(200)]
    sources = [f"{SYN}source/S{i}" for i in range(max(100, triples // 50))]
    written = 0
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    with path.open("w", encoding="utf-8") as out:
        for country in countries:
            out.write(f"<{country}> {rdf_type} <https://schema.org/Country> .\n")
            out.write(
                f'<{country}> <http://www.w3.org/2000/01/rdf-schema#label> "{country[-3:]}"@en .\n'
            )
            out.write(f"<{country}> <{RG}actsFor> <{country}> .\n")
            written += 3
        for person in people:
            out.write(f"<{person}> {rdf_type} <https://schema.org/Person> .\n")
            out.write(f"<{person}> <{RG}actsFor> <{rng.choice(countries)}> .\n")
            written += 2
        for source in sources:
            out.write(f"<{source}> {rdf_type} <https://schema.org/NewsArticle> .\n")
            out.write(
                f'<{source}> <https://schema.org/url> "https://example.org/{source[-6:]}" .\n'
            )
            written += 2
        number = 0
        while written < triples:
            event = f"<{SYN}event/E{number}>"
            day = f"20{rng.randint(21, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            a, b = rng.sample(countries, 2)
            out.write(
                f"{event} {rdf_type} <http://semanticweb.cs.vu.nl/2009/11/sem/Event> .\n"
                f"{event} <http://semanticweb.cs.vu.nl/2009/11/sem/eventType> "
                f"<https://w3id.org/regiongraph/ontology/event-type/{rng.choice(TYPES)}> .\n"
                f"{event} <{RG}actor> <{a}> .\n"
                f"{event} <{RG}counterpart> <{b}> .\n"
                f"{event} <{RG}participant> <{rng.choice(people)}> .\n"
                f'{event} <https://schema.org/startDate> "{day}"^^<http://www.w3.org/2001/XMLSchema#date> .\n'
                f'{event} <http://semanticweb.cs.vu.nl/2009/11/sem/hasLatestBeginTimeStamp> "{day}"^^<http://www.w3.org/2001/XMLSchema#date> .\n'
                f"{event} <http://semanticweb.cs.vu.nl/2009/11/sem/hasPlace> <{rng.choice(places)}> .\n"
                f"{event} <http://www.w3.org/ns/prov#wasDerivedFrom> <{rng.choice(sources)}> .\n"
            )  # fmt: skip
            written += 9
            number += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    sizes = [int(s) for s in options.sizes.split(",")]
    work = Path(tempfile.mkdtemp(prefix="regiongraph-bench-"))
    env = {**os.environ, "REGIONGRAPH_CACHE": str(work / "cache")}
    # Python caches compiled modules unless told not to; a machine that sets this would compile
    # regiongraph's modules from source on every run, while the anchors' libraries, installed by
    # pip with their bytecode, would not be: let both run as Python normally does.
    bytecode_off = env.pop("PYTHONDONTWRITEBYTECODE", None) is not None
    subprocess.run([REGIONGRAPH, "--help"], check=True, stdout=subprocess.DEVNULL, env=env)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; work in {work}")
    if bytecode_off:
        print("PYTHONDONTWRITEBYTECODE is set here: the runs below are without it")
    print(f"{'figure':<58} {'ours':>10} {'anchor':>10} {'unit':<4} {'ratio':>7}")
    try:
        startup(options.repeat, env)
        curated(work, options.repeat, env)
        for size in sizes:
            scale(work, size, env, options.repeat)
        validation(env)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def startup(repeat: int, env: dict[str, str]) -> None:
    ours = median_run([REGIONGRAPH, "--help"], repeat, env)
    anchor = median_run([PYTHON, "-c", "import click"], repeat, env)
    line("start-up: regiongraph --help vs import click", ours, anchor, goal=1.5)


def curated(work: Path, repeat: int, env: dict[str, str]) -> None:
    from regiongraph.locate import find_graph_dir
    from regiongraph.queries import find_query
    from regiongraph.stores import merge_files

    subprocess.run([REGIONGRAPH, "events"], check=True, stdout=subprocess.DEVNULL, env=env)
    store = work / "curated-store"
    merge_files(store, [])
    recognitions = find_query(find_graph_dir(), "recognitions").text
    anchor_script = (
        "import pyoxigraph, sys; s = pyoxigraph.Store.read_only(sys.argv[1]); "
        "r = list(s.query(sys.argv[2])); print(len(r))"
    )
    events_text = (
        "SELECT ?e ?d WHERE { ?e a <http://semanticweb.cs.vu.nl/2009/11/sem/Event> ; "
        "<https://schema.org/startDate> ?d } ORDER BY ?d"
    )
    path_text = (
        "SELECT ?x WHERE { <https://w3id.org/regiongraph/id/country/TJK> "
        "((<https://w3id.org/regiongraph/ontology#engagedWith>|^<https://w3id.org/regiongraph/ontology#engagedWith>)/"
        "(<https://w3id.org/regiongraph/ontology#engagedWith>|^<https://w3id.org/regiongraph/ontology#engagedWith>)) ?x }"
    )  # fmt: skip
    anchors = Path(__file__).resolve().parent / "anchors"
    for name, ours_command, same_question, minimal in (
        ("events", [REGIONGRAPH, "events"], (anchors / "events.rq").read_text(), events_text),
        ("query recognitions", [REGIONGRAPH, "query", "recognitions"], recognitions, None),
        ("path Tajikistan Russia", [REGIONGRAPH, "path", "Tajikistan", "Russia"],
         (anchors / "path-tjk-rus.rq").read_text(), path_text),
    ):  # fmt: skip
        ours = median_run(ours_command, repeat, env)
        anchor = median_run([PYTHON, "-c", anchor_script, str(store), same_question], repeat, env)
        line(f"curated, warm: regiongraph {name} vs pyoxigraph on disk", ours, anchor, goal=2.0)
        if minimal is not None:
            bare = median_run([PYTHON, "-c", anchor_script, str(store), minimal], repeat, env)
            line("  (the same vs a minimal pyoxigraph lookup, no goal)", ours, bare)
    ours = median_run([REGIONGRAPH, "--store", str(store), "query", "recognitions"], repeat, env)
    anchor = median_run([PYTHON, "-c", anchor_script, str(store), recognitions], repeat, env)
    line("curated, --store: query recognitions vs pyoxigraph", ours, anchor, goal=2.0)


NAME_PREDICATES = (
    "<http://www.w3.org/2000/01/rdf-schema#label>|<http://www.w3.org/2004/02/skos/core#prefLabel>|"
    "<http://www.w3.org/2004/02/skos/core#altLabel>|<https://w3id.org/regiongraph/ontology#isoAlpha3>|"
    "<http://www.w3.org/2004/02/skos/core#notation>"
)  # fmt: skip


def rows_of(native: pyoxigraph.Store, text: str) -> pyoxigraph.QuerySolutions:
    """The solutions of a SELECT query run in Oxigraph's engine alone."""
    import pyoxigraph

    answer = native.query(text)
    assert isinstance(answer, pyoxigraph.QuerySolutions)
    return answer


def by_name(query: object, graph: Graph) -> str | None:
    """The named query's text with each entity or country parameter found from its default name
    inside the query (as someone asking the engine alone would write it), the other parameters
    bound as the library binds them; None when no parameter is a name."""
    from regiongraph.queries import NamedQuery, bind_parameters
    from regiongraph.sparql import bind_as_values
    from regiongraph.sparqltext import _WHERE

    assert isinstance(query, NamedQuery)
    named = [p for p in query.parameters if p.type in ("entity", "country") and p.default]
    if not named:
        return None
    bound = bind_parameters(graph, query, {})
    others = {k: v for k, v in bound.items() if k not in {p.name for p in named}}
    text = bind_as_values(query.text, others) if others else query.text
    finders = []
    for p in named:
        forms = " ".join(f'"{p.default}"{tag}' for tag in ("@en", "@ru", ""))
        country = f" ?{p.name} a <https://schema.org/Country> ." if p.type == "country" else ""
        finders.append(
            f"{{ SELECT DISTINCT ?{p.name} WHERE {{ VALUES ?{p.name}Name {{ {forms} }} "
            f"?{p.name} {NAME_PREDICATES} ?{p.name}Name .{country} "
            f'FILTER(STRSTARTS(STR(?{p.name}), "https://w3id.org/regiongraph/id/")) }} }}'
        )
    where = _WHERE.search(text)
    assert where is not None, query.name
    return str(text[: where.end()] + " ".join(finders) + text[where.end() :])


def scale(work: Path, size: int, env: dict[str, str], repeat: int) -> None:
    import networkx as nx
    import pyoxigraph

    from regiongraph.locate import find_graph_dir
    from regiongraph.network import to_networkx
    from regiongraph.queries import NamedQuery, bind_parameters, list_queries, run_named_query
    from regiongraph.snapshots import snapshot_memo
    from regiongraph.sparql import bind_as_values
    from regiongraph.stores import open_store

    label = f"{size // 1000}k" if size < 1_000_000 else f"{size // 1_000_000}M"
    data = work / f"synthetic-{label}.nt"
    generate(data, size)
    store = work / f"store-{label}"
    ours_time, ours_mem = peak_run([REGIONGRAPH, "--store", str(store), "merge", str(data)], env)
    bare = work / f"bare-{label}"
    load_script = (
        "import pyoxigraph, sys; s = pyoxigraph.Store(sys.argv[1]); "
        "s.bulk_load(path=sys.argv[2], format=pyoxigraph.RdfFormat.N_TRIPLES); s.flush()"
    )
    anchor_time, anchor_mem = peak_run([PYTHON, "-c", load_script, str(bare), str(data)], env)
    line(f"{label}: merge (time) vs pyoxigraph bulk_load", ours_time, anchor_time, goal=1.5)
    line(f"{label}: merge (peak memory) vs pyoxigraph bulk_load", ours_mem, anchor_mem, "MiB", 1.2)
    reopen = median_run(
        [REGIONGRAPH, "--store", str(store), "query", "disputed-claims"], repeat, env
    )
    line(f"{label}: reopen, a later command on the merged store (s)", reopen, 0.1, goal=1.0)
    graph = open_store(store)
    native = pyoxigraph.Store.read_only(str(store))
    if size >= 1_000_000:
        for query in list_queries(find_graph_dir()):
            text = bind_as_values(query.text, bind_parameters(graph, query, {}))

            def ours_in_process(query: NamedQuery = query) -> object:
                return run_named_query(graph, query).rows()

            def engine_alone(text: str = text) -> list[list[str | None]]:
                return [[t and t.value for t in row] for row in rows_of(native, text)]

            ours, anchor = settled(ours_in_process, engine_alone, repeat)
            line(f"{label}: query {query.name} vs pyoxigraph's engine", ours, anchor, goal=1.5)
            asking_by_name = by_name(query, graph)
            if asking_by_name is not None:
                found = [[t and t.value for t in row] for row in rows_of(native, asking_by_name)]
                assert sorted(map(str, found)) == sorted(map(str, engine_alone(text))), query.name

                def engine_finding_names(text: str = asking_by_name) -> object:
                    return [[t and t.value for t in row] for row in rows_of(native, text)]

                ours, anchor = settled(ours_in_process, engine_finding_names, repeat)
                line("  (the same vs the engine finding the name too, no goal)", ours, anchor)

                def ours_remembering_nothing(query: NamedQuery = query) -> object:
                    memo = snapshot_memo(graph)
                    assert memo is not None
                    memo.clear()
                    return run_named_query(graph, query).rows()

                ours, anchor = settled(ours_remembering_nothing, engine_alone, repeat)
                line("  (the same, names looked up again each time, no goal)", ours, anchor)
            ours = capped([REGIONGRAPH, "--store", str(store), "query", query.name], env, repeat)
            anchor = capped([PYTHON, "-c", ANCHOR_QUERY, str(store), text], env, repeat)
            line("  (the same, each in a fresh process, no goal)", ours, anchor)
    if size <= 1_000_000:
        ours = timed(lambda: __import__("regiongraph.network").network.build_projection(graph), 1)
        edges_text = (
            "SELECT ?a ?b WHERE { ?e <https://w3id.org/regiongraph/ontology#actor> ?a ; "
            "<https://w3id.org/regiongraph/ontology#counterpart> ?b }"
        )

        def bare_networkx() -> None:
            G: nx.MultiDiGraph[str] = nx.MultiDiGraph()
            G.add_edges_from((r[0].value, r[1].value) for r in rows_of(native, edges_text))

        anchor = timed(bare_networkx, 1)

        def same_edges() -> None:
            G: nx.MultiDiGraph[str] = nx.MultiDiGraph()
            G.add_edges_from(
                (r[0].value, r[1].value, r[2].value,  # type: ignore[misc]
                 {"type": r[3].value, "date": r[4] and r[4].value, "latest": r[5] and r[5].value,
                  "place": r[6] and r[6].value, "sources": [r[7].value] if r[7] else []})
                for r in rows_of(native, SAME_EDGES)
            )  # fmt: skip

        same = timed(same_edges, 1)
        line(f"{label}: projection vs bare networkx, the same edges", ours, same, goal=1.2)
        line("  (the same vs bare actor-counterpart pairs, no goal)", ours, anchor)
        G = to_networkx(graph)
        simple: nx.Graph[str] = nx.Graph(G)
        hubs = sorted(simple.degree, key=lambda d: -d[1])[:2]
        started = time.perf_counter()
        list(
            __import__("itertools").islice(
                nx.shortest_simple_paths(simple, hubs[0][0], hubs[1][0]), 3
            )
        )
        paths = time.perf_counter() - started
        line(f"{label}: 3 shortest paths between two hubs (s)", paths, 1.0, goal=1.0)
    graph.close()


def validation(env: dict[str, str]) -> None:
    from pyshacl import validate
    from rdflib import Graph

    from regiongraph.load import load_graph, load_shapes
    from regiongraph.validate import validate_graph

    ds = load_graph(use_cache=False)
    shapes = load_shapes()
    ours = timed(lambda: validate_graph(ds, shapes), 1)
    union = Graph()
    for triple in ds.triples((None, None, None)):
        union.add(triple)
    anchor = timed(lambda: validate(union, shacl_graph=shapes, inference="none", advanced=True), 1)
    line("curated: validate (SHACL + lints) vs bare pyshacl", ours, anchor)


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_NOFILE, (4096, 4096))
    main()
