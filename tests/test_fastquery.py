"""The fast path for named queries: the same rows as the ordinary path, on the compiled curated
graph and on a merged store, without importing rdflib."""

from __future__ import annotations

import subprocess
import sys

import pytest

from fresh import modules_loaded_by
from regiongraph import fastquery
from regiongraph.queries import find_query, list_queries, run_named_query
from test_queries import normalise


def test_every_named_query_answers_the_same_on_the_fast_path(ds, graph_dir):
    for query in list_queries(graph_dir):
        found = fastquery.answer(graph_dir, query, {}, None)
        assert found is not None, query.name
        variables, rows = found
        assert variables == run_named_query(ds, query).variables, query.name
        assert normalise(rows) == normalise(run_named_query(ds, query).rows()), query.name


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"country": "Киргизия", "as_of": "2024-09-06"}, True),
        ({"country": "kgz"}, True),
        ({"country": "Kyrgyzstn"}, None),  # not an exact name: the ordinary path suggests
        ({"contry": "KGZ"}, None),  # unknown parameter: the ordinary path explains
    ],
)
def test_parameters_on_the_fast_path(ds, graph_dir, values, expected):
    query = find_query(graph_dir, "events-of-a-state")
    found = fastquery.answer(graph_dir, query, values, None)
    if expected is None:
        assert found is None
        return
    assert found is not None
    known = {k: v for k, v in values.items() if k != "contry"}
    assert normalise(found[1]) == normalise(run_named_query(ds, query, known).rows())


def test_the_fast_path_does_not_import_rdflib(private_cache):
    output, loaded = modules_loaded_by(["query", "recognitions", "-f", "csv"], {"rdflib"})
    assert "Russia" in output
    assert not loaded


def test_the_launcher_answers_without_importing_click(private_cache):
    output, loaded = modules_loaded_by(
        ["query", "recognitions", "-f", "csv"], {"click"}, entry="launch"
    )
    assert "Russia" in output
    assert not loaded


def test_a_warm_table_answer_loads_only_what_it_needs(private_cache):
    # dataclasses (with inspect), calendar, json and csv are a third of a warm answer's own
    # time; hashlib is not needed once the digests are memoised (the checkout's files are
    # older than the two seconds the memo waits for).
    output, loaded = modules_loaded_by(
        ["query", "recognitions"],
        {"click", "dataclasses", "inspect", "calendar", "json", "csv", "hashlib", "typing"},
        entry="launch",
    )
    assert "Russia" in output
    assert not loaded


def test_cli_output_is_the_same_either_way(runner):
    from regiongraph.cli import cli

    fast = runner.invoke(cli, ["query", "ladder-as-of", "--as-of", "2024-06-30", "-f", "csv"])
    slow = runner.invoke(
        cli, ["--no-cache", "query", "ladder-as-of", "--as-of", "2024-06-30", "-f", "csv"]
    )
    assert fast.exit_code == slow.exit_code == 0
    assert sorted(fast.output.splitlines()) == sorted(slow.output.splitlines())


@pytest.mark.parametrize(
    "arguments",
    [
        ["query", "recognitions"],
        ["query", "events-of-a-state", "-p", "country=Киргизия", "--as-of", "2024-09-06"],
        ["query", "ladder-as-of", "--as-of=2024-06-30", "-f", "csv"],
        ["query", "posts-held", "--format", "json"],
        ["query", "events-of-a-state", "-p", "country=Kyrgyzstn"],  # the CLI suggests
        ["query", "no-such-query"],  # the CLI explains
        ["query", "recognitions", "--as-of", "yesterday"],  # the CLI explains
        ["query", "recognitions", "-f", "turtle"],  # not on the fast path
    ],
)
def test_the_launcher_prints_what_the_click_cli_prints(private_cache, arguments):
    """``regiongraph query NAME`` answered by the launcher without click, or handed to click,
    prints the same bytes and exits the same way as the click CLI alone."""
    launcher = [sys.executable, "-m", "regiongraph", *arguments]
    clicked = [sys.executable, "-c", "from regiongraph.cli import main; main()", *arguments]
    subprocess.run(launcher, capture_output=True)  # compiles the graph once
    fast = subprocess.run(launcher, capture_output=True, text=True)
    slow = subprocess.run(clicked, capture_output=True, text=True)
    assert (fast.returncode, fast.stdout, fast.stderr) == (
        slow.returncode,
        slow.stdout,
        slow.stderr,
    )


def test_the_launcher_takes_only_plain_query_lines():
    from regiongraph.launch import fast_arguments

    assert fast_arguments(["query", "recognitions", "-p", "as_of=2024"])["params"] == {
        "as_of": "2024"
    }
    for argv in (
        ["events"],
        ["query", "x.rq"],
        ["query", "-e", "SELECT * {}"],
        ["query", "recognitions", "--endpoint", "http://localhost:1/sparql"],
        ["query", "recognitions", "-f", "csv", "-f", "json"],
        ["query", "recognitions", "extra"],
        ["-f", "csv", "query", "recognitions"],
        ["query", "--store", "s", "recognitions"],
        ["query", "recognitions", "-pcountry=TJK"],
        ["--no-cache", "query", "recognitions"],
        ["query", "recognitions", "--help"],
    ):
        assert fast_arguments(argv) is None, argv


def test_help_loads_only_click(private_cache):
    # --help is measured against a process that only imports click: nothing else heavy here.
    output, loaded = modules_loaded_by(
        ["--help"],
        {"json", "pathlib", "rdflib", "pyoxigraph", "dataclasses", "hashlib"},
        entry="launch",
    )
    assert "Usage: regiongraph" in output
    assert not loaded
