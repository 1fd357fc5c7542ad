"""SHACL and lints: the real graph conforms, and each negative fixture breaks exactly one rule,
which the report names together with the node and the file."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from regiongraph.load import load_graph, load_shapes
from regiongraph.validate import check_graph, validate_graph

FIXTURES = Path(__file__).parent / "fixtures"
INVALID = sorted((FIXTURES / "invalid").glob("*.ttl"))
BASE_FILES = (
    "countries.ttl",
    "organizations.ttl",
    "people.ttl",
    "places.ttl",
    "publishers.ttl",
)


@pytest.fixture
def minimal_graph(tmp_path: Path, graph_dir: Path) -> Path:
    """The real ontology and shapes with a few real entity files and one valid event."""
    target = tmp_path / "graph"
    for folder in ("ontology", "shapes", "rules"):
        shutil.copytree(graph_dir / folder, target / folder)
    (target / "data").mkdir()
    for name in BASE_FILES:
        shutil.copy(graph_dir / "data" / name, target / "data" / name)
    shutil.copy(FIXTURES / "minimal-data.ttl", target / "data" / "minimal.ttl")
    return target


def _validate(directory: Path):
    return validate_graph(load_graph(directory, use_cache=False), load_shapes(directory))


def test_the_real_graph_conforms():
    report = check_graph()
    assert report.conforms, "\n".join(map(str, report.violations[:20]))
    assert report.triples > 15000


def test_the_minimal_graph_conforms(minimal_graph):
    report = _validate(minimal_graph)
    assert report.conforms, "\n".join(map(str, report.violations))


@pytest.mark.parametrize("fixture", INVALID, ids=[p.stem for p in INVALID])
def test_each_fixture_breaks_exactly_one_rule(minimal_graph, fixture):
    header = fixture.read_text(encoding="utf-8")
    expected_rule = re.search(r"^# expect: (.+)$", header, re.M).group(1)
    expected_node = re.search(r"^# node: (.+)$", header, re.M).group(1)
    shutil.copy(fixture, minimal_graph / "data" / "broken.ttl")

    report = _validate(minimal_graph)

    assert not report.conforms
    rules = {p.rule for p in report.violations}
    assert len(rules) == 1, rules
    (problem, *_) = report.violations
    assert expected_rule in problem.rule
    assert problem.node == expected_node
    assert problem.file == "data/broken.ttl"
    assert len(problem.message) > 20


def test_every_fixture_says_what_it_breaks():
    assert len(INVALID) >= 15
    for fixture in INVALID:
        text = fixture.read_text(encoding="utf-8")
        assert text.startswith("# expect: "), fixture.name
