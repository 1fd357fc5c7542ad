"""External stores: the graph pushed into Virtuoso Open Source through the Graph Store
Protocol, and every named query answering there with the same rows as in process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph

from regiongraph.cli import cli
from regiongraph.queries import list_queries, run_named_query
from regiongraph.remote import EndpointError, run_named_query_remote, run_remote
from servers import VIRTUOSO, virtuoso_server
from test_queries import normalise

pytestmark = pytest.mark.skipif(
    VIRTUOSO is None,
    reason="Virtuoso is not installed: apt-get install virtuoso-opensource (.ci/run does)",
)
GRAPH = "https://w3id.org/regiongraph/graph"


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as base:
        yield base


@pytest.fixture(scope="module")
def pushed(virtuoso: str) -> str:
    from click.testing import CliRunner

    result = CliRunner().invoke(
        cli,
        ["push", "--endpoint", virtuoso + "/sparql-graph-crud-auth", "--graph", GRAPH,
         "--user", "dba", "--password", "dba"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Pushed ")
    return virtuoso + "/sparql"


def test_push_loads_every_triple(ds, pushed):
    union = Graph()
    for triple in ds.triples((None, None, None)):
        union.add(triple)
    answer = run_remote(
        pushed, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}"
    )
    assert int(answer.rows()[0]["n"]) == len(union)


def test_every_named_query_gives_the_same_rows_on_virtuoso(ds, graph_dir, pushed):
    for query in list_queries(graph_dir):
        local = run_named_query(ds, query).rows()
        remote = run_named_query_remote(pushed, query, {}, None, ds).rows()
        assert normalise(remote) == normalise(local), query.name


def test_parameters_reach_virtuoso(ds, graph_dir, pushed):
    from regiongraph.queries import find_query

    query = find_query(graph_dir, "events-of-a-state")
    values = {"country": "Киргизия", "as_of": "2024-09-06"}
    local = run_named_query(ds, query, values).rows()
    remote = run_named_query_remote(pushed, query, values, None, ds).rows()
    assert normalise(remote) == normalise(local) and local


def test_query_command_with_endpoint(runner, pushed):
    result = runner.invoke(cli, ["query", "recognitions", "--endpoint", pushed, "-f", "csv"])
    assert result.exit_code == 0
    assert ",Russia,2025-07-03," in result.output


def test_push_with_a_wrong_password_is_a_clear_error(runner, virtuoso):
    result = runner.invoke(
        cli,
        ["push", "--endpoint", virtuoso + "/sparql-graph-crud-auth", "--user", "dba",
         "--password", "wrong"],
    )  # fmt: skip
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.output.startswith("Error: ") and "sparql-graph-crud-auth" in result.output


def test_unreachable_endpoint(tmp_path: Path):
    with pytest.raises(EndpointError, match="cannot reach"):
        run_remote("http://127.0.0.1:9/sparql", "ASK {}", timeout=2)
