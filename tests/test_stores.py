"""Merging external data into a persistent Oxigraph store, and the same answers on it: the
commands, the named queries and the ladder run on the merged store, and the curated part
answers the same with and without the merge."""

from __future__ import annotations

import bz2
import contextlib
import csv
import gzip
import io
import json
from pathlib import Path

import pytest

from regiongraph.cli import cli
from regiongraph.errors import RegionGraphError
from regiongraph.events import list_events
from regiongraph.ladder import ladder_positions
from regiongraph.queries import list_queries, run_named_query
from regiongraph.sparql import QueryRefusedError, QuerySyntaxError, run_sparql
from regiongraph.stores import merge_files, open_store
from servers import listening_endpoint
from test_queries import SLIPPERY_SERVICE, normalise

WD = "http://www.wikidata.org/entity/"
EXTERNAL_NT = (
    f'<{WD}Q863> <http://www.w3.org/2000/01/rdf-schema#label> "Tajikistan"@en .\n'
    f"<{WD}Q863> <http://www.wikidata.org/prop/direct/P36> <{WD}Q9365> .\n"
    f'<{WD}Q9365> <http://www.w3.org/2000/01/rdf-schema#label> "Dushanbe"@en .\n'
)
EXTERNAL_TTL = f'<{WD}Q889> <http://www.w3.org/2000/01/rdf-schema#label> "Afghanistan"@en .\n'
EXTERNAL_RDF = f"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">
  <rdf:Description rdf:about="{WD}Q159">
    <rdfs:label xml:lang="en">Russia</rdfs:label>
  </rdf:Description>
</rdf:RDF>
"""
EXTERNAL_JSONLD = json.dumps(
    {
        "@id": f"{WD}Q148",
        "http://www.w3.org/2000/01/rdf-schema#label": {"@value": "China", "@language": "en"},
    }
)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("data")
    (folder / "a.nt.gz").write_bytes(gzip.compress(EXTERNAL_NT.encode()))
    (folder / "b.ttl.bz2").write_bytes(bz2.compress(EXTERNAL_TTL.encode()))
    (folder / "c.rdf").write_text(EXTERNAL_RDF)
    (folder / "d.jsonld").write_text(EXTERNAL_JSONLD)
    directory = tmp_path_factory.mktemp("store") / "store"
    seen: list[tuple[str, int, int]] = []
    result = merge_files(directory, sorted(folder.iterdir()), progress=lambda *a: seen.append(a))
    assert result.curated_reloaded and len(result.files) == 4
    assert {name for name, *_ in seen} == {"a.nt.gz", "b.ttl.bz2", "c.rdf", "d.jsonld"}
    assert all(done <= total or name.endswith((".gz", ".bz2")) for name, done, total in seen)
    return directory


@pytest.fixture(scope="module")
def merged(store: Path):
    graph = open_store(store)
    yield graph
    graph.close()


@pytest.mark.dataset_only  # compares the store with the curated Dataset
def test_merge_adds_the_external_triples_to_the_curated_graph(ds, merged):
    union = len(set(ds.triples((None, None, None))))
    assert len(merged) == union + 6


@pytest.mark.dataset_only  # compares the store with the curated Dataset
def test_named_queries_answer_the_same_on_the_store(ds, graph_dir, merged):
    for query in list_queries(graph_dir):
        assert normalise(run_named_query(merged, query).rows()) == normalise(
            run_named_query(ds, query).rows()
        ), query.name


@pytest.mark.dataset_only  # compares the store with the curated Dataset
def test_events_and_ladder_are_the_same_on_the_store(ds, merged):
    assert [e.as_row() for e in list_events(merged, countries=["TJK"])] == [
        e.as_row() for e in list_events(ds, countries=["TJK"])
    ]
    assert ladder_positions(merged, "2025-11-30") == ladder_positions(ds, "2025-11-30")


def test_commands_run_on_the_store(runner, store):
    for args, fragment in (
        (["events", "--country", "Russia", "--type", "recognition", "-f", "csv"], "2025-07-03"),
        (["entity", "Tajikistan"], "country:TJK"),
        (["query", "recognitions", "-f", "csv"], "Russia"),
        (["path", "Tajikistan", "Russia", "-k", "1"], "Path 1"),
        (["ladder", "--country", "RUS"], "formal-recognition"),
        (["query", "-e", "SELECT ?l WHERE { <http://www.wikidata.org/entity/Q9365> rdfs:label ?l }",
          "-f", "csv"], "Dushanbe"),
    ):  # fmt: skip
        result = runner.invoke(cli, ["--store", str(store), *args])
        assert result.exit_code == 0, result.output
        assert fragment in result.output


def test_merging_again_keeps_the_curated_graph(store, tmp_path):
    extra = tmp_path / "e.nt"
    extra.write_text(f'<{WD}Q265> <http://www.w3.org/2000/01/rdf-schema#label> "Uzbekistan"@en .\n')
    again = merge_files(store, [extra])
    assert not again.curated_reloaded


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("x.csv", "a,b\n", "cannot tell the RDF format"),
        ("bad.nt", "<not a triple\n", "cannot load"),
    ],
)
def test_bad_files(tmp_path, name, content, fragment):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(RegionGraphError, match=fragment):
        merge_files(tmp_path / "store", [path])


def test_merge_command_errors(runner, tmp_path):
    result = runner.invoke(cli, ["merge", str(tmp_path / "x.nt")])
    assert result.exit_code == 2 and "give the store folder" in result.output
    result = runner.invoke(
        cli, ["--store", str(tmp_path / "s"), "merge", str(tmp_path / "none.nt")]
    )
    assert result.exit_code == 1 and "no such file" in result.output
    result = runner.invoke(cli, ["--store", str(tmp_path / "empty"), "events"])
    assert result.exit_code == 1 and "is not a regiongraph store" in result.output


def test_a_changed_graph_replaces_the_curated_triples(graph_copy, tmp_path):
    """A store follows graph/: the old curated triples go, the new ones come, merged data
    stays."""
    import pyoxigraph

    extra = tmp_path / "e.nt"
    extra.write_text(EXTERNAL_NT)
    directory = tmp_path / "store"
    assert merge_files(directory, [extra], graph_copy).curated_reloaded
    countries = graph_copy / "data" / "countries.ttl"
    countries.write_text(
        countries.read_text().replace('"Tajikistan"@en', '"Tajikistan (renamed)"@en')
    )
    assert merge_files(directory, [], graph_copy).curated_reloaded
    store = pyoxigraph.Store.read_only(str(directory))
    labels = {
        q.object.value
        for q in store.quads_for_pattern(
            pyoxigraph.NamedNode("https://w3id.org/regiongraph/id/country/TJK"),
            pyoxigraph.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
            None,
        )
    }
    assert "Tajikistan (renamed)" in labels and "Tajikistan" not in labels
    assert len(list(store.quads_for_pattern(pyoxigraph.NamedNode(f"{WD}Q863"), None, None))) == 2


@pytest.mark.dataset_only  # compares the store with the curated Dataset
def test_the_projection_is_the_same_on_the_store(ds, merged):
    """Read straight from Oxigraph or through rdflib, the projection is the same graph: the
    merged data adds no typed entity, so nodes and edges match the curated graph's exactly."""
    from regiongraph.network import build_projection

    on_store, curated = build_projection(merged), build_projection(ds)
    assert list(on_store.nodes(data=True)) == list(curated.nodes(data=True))
    assert list(on_store.edges(keys=True, data=True)) == list(curated.edges(keys=True, data=True))


@pytest.mark.parametrize("text", SLIPPERY_SERVICE)
def test_no_service_call_slips_through_on_the_store(merged, text):
    with listening_endpoint() as (url, calls):
        query = text.replace("URL", url)
        with contextlib.suppress(OSError, SyntaxError, ValueError):
            merged.store._inner.query(query)  # bare Oxigraph does call out: the test is real
        assert calls, "Oxigraph itself should have called the endpoint"
        called = len(calls)
        with pytest.raises((QueryRefusedError, QuerySyntaxError)):
            run_sparql(merged, query)
        assert len(calls) == called


def test_a_plain_query_on_the_store_skips_rdflibs_parser(merged, graph_dir, monkeypatch):
    from regiongraph import sparql
    from regiongraph.queries import find_query

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("rdflib's parser ran on a query Oxigraph could check alone")

    monkeypatch.setattr(sparql, "prepareQuery", refuse)
    rows = run_named_query(merged, find_query(graph_dir, "events-of-a-state")).rows()
    assert rows


def test_a_syntax_error_on_the_store_names_its_line_and_column(merged):
    with pytest.raises(QuerySyntaxError, match="line 2, column 3"):
        run_sparql(merged, "SELECT ?x WHERE {\n  ?x a\n}")


def test_rows_and_terms_agree_on_the_store(merged):
    from rdflib import Literal, URIRef

    result = run_sparql(
        merged,
        "SELECT ?e ?date ?place WHERE { ?e a sem:Event ; schema:startDate ?date "
        "OPTIONAL { ?e sem:hasPlace ?place } } ORDER BY ?e LIMIT 50",
    )
    rows = result.rows()
    assert len(rows) == len(result) == 50
    assert any(row["place"] is None for row in rows) and any(row["place"] for row in rows)
    terms = result.bindings
    assert rows == [{v: (str(b[v]) if v in b else None) for v in result.variables} for b in terms]
    assert all(isinstance(b["e"], URIRef) and isinstance(b["date"], Literal) for b in terms)
    assert {str(b["date"].datatype).rsplit("#", 1)[-1] for b in terms} <= {
        "date", "gYearMonth", "gYear",
    }  # fmt: skip


def test_the_endpoint_answers_in_oxigraphs_engine_on_the_store(merged, monkeypatch):
    from rdflib import Graph

    from regiongraph import serve
    from regiongraph.sparql import parse_query

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("rdflib's engine ran a query that Oxigraph can run")

    monkeypatch.setattr(Graph, "query", refuse)
    text = "SELECT ?c WHERE { ?c a schema:Country ; rg:isoAlpha3 ?code } ORDER BY ?code"
    status, media, body = serve._answer(merged, parse_query(text), {}, "text/csv", 1000, text)
    assert status == 200 and media.startswith("text/csv")
    assert "https://w3id.org/regiongraph/id/country/TJK" in body.decode().splitlines()
    status, _, body = serve._answer(merged, parse_query(text), {}, "text/csv", 3, text)
    assert status == 400 and b"result cap" in body
    ask = "ASK { ?c a schema:Country }"
    status, _, body = serve._answer(merged, parse_query(ask), {}, "", 10, ask)
    assert json.loads(body)["boolean"] is True


@pytest.mark.dataset_only  # compares the store with the curated Dataset
def test_the_endpoint_gives_the_same_named_answers_on_the_store(ds, graph_dir, merged):
    from regiongraph import serve
    from regiongraph.queries import bind_parameters, find_query
    from regiongraph.sparql import parse_query

    for name in ("events-of-a-state", "recognitions", "posts-held"):
        query = find_query(graph_dir, name)
        answers = []
        for graph in (ds, merged):
            bindings = dict(bind_parameters(graph, query, {}))
            status, _, body = serve._answer(
                graph, parse_query(query.text), bindings, "text/csv", 10_000, query.text
            )
            assert status == 200, body
            answers.append(normalise(csv.DictReader(io.StringIO(body.decode()))))
        assert answers[0] == answers[1], name


@pytest.mark.dataset_only  # compares the store with the curated Dataset
@pytest.mark.parametrize(
    "filters",
    [
        {"countries": ["Tajikistan"]},
        {"countries": ["Russia", "IRN"], "as_of": "2024-06-30"},
        {"types": ["visit"]},
        {"types": ["recognition", "delisting"], "countries": ["KAZ"]},
        {"countries": ["Kyrgyzstan"], "types": ["border-clash"]},
    ],
)
def test_filtered_events_are_the_same_on_the_store(ds, merged, filters, monkeypatch):
    from regiongraph import events as events_module

    narrowed = []
    candidates = events_module._candidates
    monkeypatch.setattr(
        events_module, "_candidates", lambda *a: narrowed.append(1) or candidates(*a)
    )
    on_store = [e.as_row() for e in list_events(merged, **filters)]
    assert narrowed, "the store should narrow the events with one query"
    assert on_store == [e.as_row() for e in list_events(ds, **filters)]
    assert on_store or filters == {"countries": ["Kyrgyzstan"], "types": ["border-clash"]}


@pytest.mark.parametrize(
    ("name", "local"),
    [
        ("Tajikistan", "country/TJK"),  # English label, also Wikidata's label for Q863 here
        ("Таджикистан", "country/TJK"),  # Russian label
        ("TJK", "country/TJK"),  # ISO code, a plain literal
        ("Emomali Rakhmon", "person/emomali-rahmon"),  # alias
        ("Afghanistan", "country/AFG"),  # also merged from Turtle for Wikidata's Q889
    ],
)
def test_exact_names_resolve_on_the_store_from_its_index(merged, name, local, monkeypatch):
    from regiongraph import resolve
    from regiongraph.namespaces import ID

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("an exact name on the store fell back to reading every name")

    monkeypatch.setattr(resolve, "name_index", refuse)
    assert resolve.resolve_entity(merged, name) == ID[local]


def test_queries_on_the_store_get_the_project_prefixes_they_use(merged):
    uses_ours = "SELECT ?c WHERE { ?c a schema:Country ; rg:isoAlpha3 'TJK' }"
    assert [row["c"] for row in run_sparql(merged, uses_ours).rows()] == [
        "https://w3id.org/regiongraph/id/country/TJK"
    ]
    # A query's own declaration wins over the project's prefix of the same name.
    own = "PREFIX country: <urn:elsewhere:> SELECT ?x WHERE { VALUES ?x { country:TJK } }"
    assert run_sparql(merged, own).rows() == [{"x": "urn:elsewhere:TJK"}]


def test_a_read_only_store_reads_a_name_once_per_handle(store, monkeypatch):
    from regiongraph import resolve
    from regiongraph.namespaces import ID
    from regiongraph.snapshots import snapshot_memo

    reads: list[str] = []
    real = resolve._exact_in_oxigraph

    def counted(native: object, text: str) -> set[str]:
        reads.append(text)
        return real(native, text)

    monkeypatch.setattr(resolve, "_exact_in_oxigraph", counted)
    first, second = open_store(store), open_store(store)
    try:
        for _ in range(3):
            assert resolve.resolve_entity(first, "Tajikistan") == ID["country/TJK"]
        assert reads == ["Tajikistan"]
        # Another handle keeps its own memo, and names that find nothing are remembered too.
        assert resolve.resolve_entity(second, "TJK") == ID["country/TJK"]
        with pytest.raises(RegionGraphError):
            resolve.resolve_entity(second, "Atlantis")
        with pytest.raises(RegionGraphError):
            resolve.resolve_entity(second, "Atlantis")
        assert reads == ["Tajikistan", "TJK", "Atlantis"]
        memo = snapshot_memo(second)
        assert memo is not None and memo["exact name", "Atlantis"] == frozenset()
    finally:
        first.close()
        second.close()


def test_a_store_open_for_writing_is_read_every_time():
    """Only a read-only handle has a memo: on any other graph an added name is found at once."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
    from rdflib.namespace import RDF, RDFS

    from regiongraph.model import instances
    from regiongraph.namespaces import ID, SCHEMA
    from regiongraph.resolve import resolve_entity
    from regiongraph.snapshots import snapshot_memo

    # An Oxigraph store open for writing, its default graph as open_store maps it, and rdflib's.
    for graph in (Graph(store="Oxigraph", identifier=DATASET_DEFAULT_GRAPH_ID), Graph()):
        assert snapshot_memo(graph) is None
        first, second = URIRef(ID["country/AAA"]), URIRef(ID["country/BBB"])
        graph.add((first, RDFS.label, Literal("Aland", lang="en")))
        graph.add((first, RDF.type, SCHEMA.Country))
        assert resolve_entity(graph, "Aland") == first
        assert instances(graph, SCHEMA.Country) == {first}
        graph.remove((first, RDFS.label, None))
        graph.add((second, RDFS.label, Literal("Aland", lang="en")))
        graph.add((second, RDF.type, SCHEMA.Country))
        assert resolve_entity(graph, "Aland") == second
        assert instances(graph, SCHEMA.Country) == {first, second}


def test_a_full_memo_starts_again(merged, monkeypatch):
    from regiongraph import snapshots

    memo = snapshots.snapshot_memo(merged)
    assert memo is not None
    monkeypatch.setattr(snapshots, "MEMO_LIMIT", 2)
    memo.clear()
    memo.update({"a": 1, "b": 2})
    assert snapshots.snapshot_memo(merged) == {}


def test_class_members_are_kept_only_for_small_classes(merged, monkeypatch):
    from regiongraph import model
    from regiongraph.namespaces import SCHEMA, SEM
    from regiongraph.snapshots import snapshot_memo

    memo = snapshot_memo(merged)
    assert memo is not None
    monkeypatch.setattr(model, "_KEPT_MEMBERS", 100)
    countries = model.instances(merged, SCHEMA.Country)
    events = model.instances(merged, SEM.Event)
    assert 0 < len(countries) <= 100 < len(events)
    assert memo["instances", SCHEMA.Country] == countries
    assert ("instances", SEM.Event) not in memo
    # Callers get their own set: changing it leaves the memo as it was.
    countries.clear()
    assert model.instances(merged, SCHEMA.Country) == memo["instances", SCHEMA.Country] != set()
