"""The command line, run in process with click's runner: real output, and one-line errors with
exit 1 for bad input, never a traceback."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from regiongraph.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"


def run(runner, *args: str):
    result = runner.invoke(cli, list(args), catch_exceptions=False)
    return result


def assert_clean_error(result, *fragments: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    error_lines = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(error_lines) == 1, result.output
    for fragment in fragments:
        assert fragment in error_lines[0], error_lines[0]


def test_help_lists_the_commands(runner):
    result = run(runner, "--help")
    assert result.exit_code == 0
    for command in ("info", "validate", "entity", "events", "report"):
        assert command in result.output


def test_info(runner, graph_dir):
    result = run(runner, "info")
    assert result.exit_code == 0
    assert f"graph:        {graph_dir}" in result.output
    assert "data version:" in result.output
    assert "events:" in result.output


def test_validate_passes_on_the_real_graph(runner):
    result = run(runner, "validate")
    assert result.exit_code == 0
    assert "OK: the graph conforms (0 violation(s)" in result.output


def test_entity_shows_names_identifiers_events_and_sources(runner):
    result = run(runner, "entity", "Россия")
    assert result.exit_code == 0
    out = result.output
    assert out.startswith("country:RUS")
    assert "label@ru: Россия" in out
    assert "iso3166-alpha3: RUS" in out
    assert "Russia recognises Islamic Emirate" in out
    assert "2025-07-03" in out and "source: https://" in out


def test_entity_json(runner):
    data = json.loads(run(runner, "entity", "Saimumin Yatimov", "-f", "json").output)
    assert data["id"] == "person:saymumin-yatimov"
    assert any(e["id"] == "event:2025-10-afg-tjk-wafa-yatimov-meeting" for e in data["events"])


def test_events_formats(runner):
    args = ("events", "--country", "Russia", "--type", "recognition")
    table = run(runner, *args).output.splitlines()
    assert table[0].split()[:4] == ["id", "type", "date", "precision"]
    assert "event:2025-07-03-rus-afg-recognition" in table[2]
    rows = list(csv.DictReader(io.StringIO(run(runner, *args, "-f", "csv").output)))
    assert [r["date"] for r in rows] == ["2025-07-03"]
    assert list(rows[0]) == [
        "id",
        "type",
        "date",
        "precision",
        "actors",
        "counterparts",
        "participants",
        "place",
        "status",
        "summary",
        "sources",
    ]
    data = json.loads(run(runner, *args, "-f", "json").output)
    assert any(s.startswith("https://") for s in data[0]["sources"])


def test_events_as_of(runner):
    rows = json.loads(run(runner, "events", "--as-of", "2021-09-01", "-f", "json").output)
    assert rows and all(r["date"] <= "2021-09-01" for r in rows)


def test_report_prints_the_overview(runner):
    result = run(runner, "report", "--as-of", "2025-11-30")
    assert result.exit_code == 0
    out = result.output
    assert "regiongraph report as of 2025-11-30" in out
    assert "Latest 10 events:" in out
    assert "Positions towards the Islamic Emirate" in out
    russia = next(line for line in out.splitlines() if line.startswith("Russia "))
    assert "formal recognition" in russia and "ban suspended" in russia


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (("entity", "Tajikstan"), ("unknown entity 'Tajikstan'", "Did you mean: Tajikistan")),
        (("events", "--type", "vist"), ("unknown event type 'vist'", "visit")),
        (("events", "--country", "Narnia"), ("unknown country 'Narnia'",)),
        (("events", "--as-of", "2025-13-01"), ("impossible date '2025-13-01'",)),
        (("events", "--as-of", "last week"), ("malformed date 'last week'", "YYYY-MM-DD")),
        (("report", "--as-of", "July"), ("malformed date 'July'",)),
    ],
)
def test_bad_input_gets_one_line_and_exit_1(runner, args, fragments):
    assert_clean_error(run(runner, *args), *fragments)


def test_missing_graph_dir(runner, tmp_path):
    assert_clean_error(run(runner, "--graph", str(tmp_path), "info"), "needs ontology/ and data/")


def test_turtle_syntax_error_names_file_and_line(runner, graph_copy):
    broken = graph_copy / "data" / "broken.ttl"
    broken.write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://w3id.org/regiongraph/id/country/TJK>\n"
        '    rdfs:label "Tajikistan@en .\n'
    )
    before = {p: p.read_bytes() for p in graph_copy.rglob("*.ttl")}
    result = run(runner, "--graph", str(graph_copy), "validate")
    assert_clean_error(result, "broken.ttl, line 3", "Turtle syntax error")
    assert {p: p.read_bytes() for p in graph_copy.rglob("*.ttl")} == before


def test_shacl_violation_names_node_rule_and_file(runner, graph_copy):
    shutil.copy(FIXTURES / "invalid" / "event-without-source.ttl", graph_copy / "data" / "x.ttl")
    result = run(runner, "--graph", str(graph_copy), "validate")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert (
        "violation: data/x.ttl: event:test-no-source: An event cites at least one source"
        in result.output
    )
    assert "[rgsh:EventShape prov:wasDerivedFrom MinCount]" in result.output
    assert "Error: the graph does not conform: 1 violation(s)" in result.output
    report = run(runner, "--graph", str(graph_copy), "report")
    assert_clean_error(report, "does not conform")


def test_validate_json_lists_problems(runner, graph_copy):
    shutil.copy(FIXTURES / "invalid" / "unused-source.ttl", graph_copy / "data" / "x.ttl")
    result = runner.invoke(cli, ["--graph", str(graph_copy), "validate", "-f", "json"])
    problems = json.loads(result.stdout)
    assert problems == [
        {
            "severity": "violation",
            "file": "data/x.ttl",
            "node": "source:test-uncited",
            "rule": "lint:unused-sources",
            "message": (
                "is a source that no claim cites: cite it (prov:wasDerivedFrom) or remove it"
            ),
        }
    ]
