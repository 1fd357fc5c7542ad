"""Shared fixtures: the real graph, a private cache, a CLI runner and a throw-away copy of the
graph directory for tests that break it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from regiongraph.load import load_graph
from regiongraph.locate import find_graph_dir

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Keep the tests' cache apart from the user's."""
    path = tmp_path_factory.mktemp("cache")
    patch = pytest.MonkeyPatch()
    patch.setenv("REGIONGRAPH_CACHE", str(path))
    patch.delenv("REGIONGRAPH_GRAPH", raising=False)
    patch.setenv("COLUMNS", "120")
    yield path
    patch.undo()


@pytest.fixture(scope="session")
def graph_dir() -> Path:
    return find_graph_dir()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--graph-store",
        choices=("dataset", "oxigraph"),
        default="dataset",
        help="Which store holds the graph in the `ds` fixture: the curated rdflib Dataset, or a "
        "merged Oxigraph store (the curated graph plus external triples) opened through oxrdflib.",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "dataset_only: the test is about the rdflib Dataset itself (its named graphs)"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--graph-store") == "dataset":
        return
    skip = pytest.mark.skip(reason="about the curated rdflib Dataset, not the answers")
    for item in items:
        if "dataset_only" in item.keywords:
            item.add_marker(skip)


# Triples from outside the project, merged into the store in --graph-store oxigraph runs: none of
# them may change an answer about the curated graph.
_WD, _LABEL = "http://www.wikidata.org/entity/", "http://www.w3.org/2000/01/rdf-schema#label"
EXTERNAL = (
    f'<{_WD}Q863> <{_LABEL}> "Tajikistan"@en .\n'
    f"<{_WD}Q863> <http://www.wikidata.org/prop/direct/P36> <{_WD}Q9365> .\n"
    f'<{_WD}Q9365> <{_LABEL}> "Dushanbe"@en .\n'
    f'<{_WD}Q889> <{_LABEL}> "Афганистан"@ru .\n'
)


@pytest.fixture(scope="session")
def ds(
    graph_dir: Path, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    """The graph every answer-level test reads: the curated Dataset, or (with --graph-store
    oxigraph) a merged Oxigraph store, so the same tests check both."""
    if request.config.getoption("--graph-store") == "dataset":
        yield load_graph(graph_dir)
        return
    from regiongraph.stores import merge_files, open_store

    folder = tmp_path_factory.mktemp("merged")
    external = folder / "external.nt"
    external.write_text(EXTERNAL, encoding="utf-8")
    merge_files(folder / "store", [external], graph_dir)
    graph = open_store(folder / "store")
    yield graph
    graph.close()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def graph_copy(tmp_path: Path, graph_dir: Path) -> Path:
    """A copy of graph/ that a test may change."""
    target = tmp_path / "graph"
    shutil.copytree(graph_dir, target)
    return target
