from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from regiongraph import load as load_module
from regiongraph.cache import graph_digest
from regiongraph.errors import GraphNotFoundError
from regiongraph.load import load_graph
from regiongraph.locate import ENV_VAR, find_graph_dir
from regiongraph.namespaces import DERIVED_GRAPH, GRAPHS, ID, RG, SEM, TIME

IEA = ID["organization/islamic-emirate"]
TALIBAN = ID["organization/taliban"]


@pytest.mark.dataset_only  # reads the Dataset's named graphs
def test_each_file_is_a_named_graph(ds, graph_dir):
    names = {str(g.identifier) for g in ds.graphs()}
    assert GRAPHS + "data/countries.ttl" in names
    assert GRAPHS + "ontology/regiongraph.ttl" in names
    assert DERIVED_GRAPH in names
    files = {p.relative_to(graph_dir).as_posix() for p in load_module.turtle_files(graph_dir)}
    assert {n[len(GRAPHS) :] for n in names if n.endswith(".ttl")} == files


def test_month_precise_dates_get_bounds_not_a_first_day(ds):
    event = ID["event/2025-10-afg-tjk-wafa-yatimov-meeting"]
    assert ds.value(event, RG.datePrecision) == TIME.unitMonth
    assert ds.value(event, SEM.hasEarliestBeginTimeStamp) == Literal(
        "2025-10-01", datatype=XSD.date
    )
    assert ds.value(event, SEM.hasLatestBeginTimeStamp) == Literal("2025-10-31", datatype=XSD.date)


@pytest.mark.dataset_only  # reads the Dataset's named graphs
def test_rules_derive_shortcut_edges(ds):
    derived = ds.graph(URIRef(DERIVED_GRAPH))
    assert (ID["country/RUS"], RG.recognizes, IEA) in derived
    assert (ID["country/TJK"], RG.bans, TALIBAN) in derived
    # Kazakhstan's listing has ended, so no shortcut survives.
    assert (ID["country/KAZ"], RG.bans, TALIBAN) not in derived
    assert (ID["person/emomali-rahmon"], RG.holdsPostIn, ID["country/TJK"]) in derived
    assert (ID["country/TKM"], RG.participatesIn, ID["project/tapi"]) in derived
    assert (ID["country/TJK"], RG.engagedWith, IEA) in derived
    # Nothing derived is asserted in a data file.
    for graph in ds.graphs():
        if str(graph.identifier).startswith(GRAPHS + "data/"):
            assert not list(graph.triples((None, RG.engagedWith, None)))


def test_every_rule_is_a_construct_that_derives_something(ds, graph_dir):
    rules = sorted((graph_dir / "rules").glob("*.rq"))
    assert len(rules) >= 5
    from regiongraph.derive import run_rule

    for rule in rules:
        assert "CONSTRUCT" in rule.read_text()
        assert len(run_rule(ds, rule)) > 0, rule.name


def test_graph_dir_from_option_then_environment(graph_copy, monkeypatch, tmp_path):
    assert find_graph_dir(graph_copy) == graph_copy.resolve()
    monkeypatch.setenv(ENV_VAR, str(graph_copy))
    assert find_graph_dir() == graph_copy.resolve()
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "nowhere"))
    with pytest.raises(GraphNotFoundError, match=ENV_VAR):
        find_graph_dir()
    with pytest.raises(GraphNotFoundError, match="ontology/ and data/"):
        find_graph_dir(tmp_path)


def test_unchanged_graph_is_not_parsed_again(graph_copy, monkeypatch):
    first = load_graph(graph_copy)

    def refuse(_: Path) -> None:
        raise AssertionError("parsed again although nothing changed")

    monkeypatch.setattr(load_module, "parse_graph_dir", refuse)
    again = load_graph(graph_copy)
    assert len(again) == len(first)


def test_changed_graph_is_parsed_again(graph_copy):
    before = graph_digest(graph_copy)
    first = load_graph(graph_copy)
    extra = graph_copy / "data" / "extra.ttl"
    extra.write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://w3id.org/regiongraph/id/country/TJK> rdfs:label "Tadschikistan"@de .\n'
    )
    assert graph_digest(graph_copy) != before
    again = load_graph(graph_copy)
    assert len(again) == len(first) + 1


def test_damaged_cache_entry_is_rebuilt(graph_copy, private_cache):
    load_graph(graph_copy)
    from regiongraph.cache import code_digest

    entry = private_cache / f"dataset-{graph_digest(graph_copy)}-{code_digest()}.pickle"
    entry.write_bytes(b"not a pickle")
    assert len(load_graph(graph_copy)) > 1000


def test_import_does_no_io():
    import subprocess
    import sys

    code = (
        "import sys, regiongraph; "
        "print(any(m in sys.modules for m in ('rdflib', 'pyshacl', 'networkx', 'matplotlib')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
