"""Shared fixtures: the real graph, a private cache, a CLI runner and a throw-away copy of the
graph directory for tests that break it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset

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


@pytest.fixture(scope="session")
def ds(graph_dir: Path) -> Dataset:
    return load_graph(graph_dir)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def graph_copy(tmp_path: Path, graph_dir: Path) -> Path:
    """A copy of graph/ that a test may change."""
    target = tmp_path / "graph"
    shutil.copytree(graph_dir, target)
    return target
