"""Diagrams: structural checks on each figure (nodes, edges, legend, title with the as-of date,
footnote, no overlapping labels), every output format written and readable, deterministic
layouts, non-Latin labels, and clear errors for bad options."""

from __future__ import annotations

import warnings
import xml.etree.ElementTree as ET

import matplotlib.image
import pytest

from regiongraph.cli import cli
from regiongraph.diagrams import (
    ladder_figure,
    network_figure,
    projects_figure,
    save_figure,
    snapshots_figure,
    timeline_figure,
    write_all,
)
from regiongraph.diagrams.style import overlapping_labels
from regiongraph.errors import RegionGraphError

AS_OF = "2025-11-30"


def texts(figure):
    found = [figure._suptitle.get_text()] if figure._suptitle else []
    found += [t.get_text() for t in figure.texts]
    return found


def legend_labels(figure):
    labels = []
    for legend in figure.legends:
        labels += [t.get_text() for t in legend.get_texts()]
    for axes in figure.axes:
        if axes.get_legend():
            labels += [t.get_text() for t in axes.get_legend().get_texts()]
    return labels


def check_common(figure, title_words):
    title = figure._suptitle.get_text()
    assert f"as of {AS_OF}" in title and title_words in title
    footnote = " ".join(texts(figure))
    assert "data version" in footnote and "sources behind this figure" in footnote
    assert legend_labels(figure)


@pytest.fixture(scope="module")
def network(ds):
    return network_figure(ds, AS_OF)


def test_network_structure(network):
    check_common(network, "Dealings with the Taliban-led government")
    drawing = network._regiongraph
    kinds = {d["kind"] for d in drawing.nodes.values()}
    assert {"country", "government", "movement", "project"} <= kinds
    relations = {r for *_, r, _ in drawing.edges}
    assert {"recognition", "talks", "ban"} <= relations
    labels = legend_labels(network)
    assert "state" in labels and "recognition" in labels and "banned or delisted" in labels
    assert len(drawing.labels) == len(drawing.nodes)
    assert overlapping_labels(network, drawing.labels) == []


def test_network_is_deterministic(ds, network):
    again = network_figure(ds, AS_OF)
    assert again._regiongraph.positions == network._regiongraph.positions
    assert [t.get_position() for t in again._regiongraph.labels] == [
        t.get_position() for t in network._regiongraph.labels
    ]


def test_geographic_layout_places_states_at_capitals(ds):
    figure = network_figure(ds, AS_OF, geographic=True)
    positions = figure._regiongraph.positions
    assert positions["https://w3id.org/regiongraph/id/country/TJK"] == pytest.approx(
        (68.7667, 38.55)
    )
    assert positions["https://w3id.org/regiongraph/id/country/CHN"] == pytest.approx(
        (116.3833, 39.9167)
    )
    assert overlapping_labels(figure, figure._regiongraph.labels) == []


def test_network_focus_kinds_and_grouping(ds):
    focused = network_figure(ds, AS_OF, focus="Tajikistan", depth=1, kinds=["talks", "conflict"])
    drawing = focused._regiongraph
    assert "https://w3id.org/regiongraph/id/country/TJK" in drawing.nodes
    assert {r for *_, r, _ in drawing.edges} <= {"talks", "conflict"}
    assert "around Tajikistan" in focused._suptitle.get_text()
    kinds = ["country", "government", "person"]
    people = network_figure(ds, AS_OF, focus="Tajikistan", include=kinds, group_by_country=False)
    assert "person" in {d["kind"] for d in people._regiongraph.nodes.values()}


def test_russian_and_persian_labels_render(ds):
    for lang, sample in (("ru", "Таджикистан"), ("fa", "ایران")):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            figure = network_figure(ds, AS_OF, lang=lang)
            figure.canvas.draw()
        labels = [t.get_text() for t in figure._regiongraph.labels]
        assert sample in labels
        assert not [w for w in caught if "missing from" in str(w.message)], lang


def test_timeline_structure(ds):
    figure = timeline_figure(ds, AS_OF)
    check_common(figure, "Events and diplomatic position")
    lanes = figure._regiongraph["lanes"]
    assert len(lanes) >= 14 and all(
        lane["events"] >= 1 for lane in lanes if lane["state"] != "United States"
    )
    labels = legend_labels(figure)
    assert "formal recognition" in labels and "clashes, attacks" in labels


def test_ladder_structure(ds):
    figure = ladder_figure(ds, AS_OF)
    check_common(figure, "Who moved when")
    grid = figure._regiongraph["grid"]
    assert figure._regiongraph["months"] == 52
    assert max(max(row) for row in grid["diplomatic"]) == 5  # formal recognition appears
    assert "ban lifted" in legend_labels(figure)


def test_projects_structure(ds):
    figure = projects_figure(ds, AS_OF)
    check_common(figure, "Projects crossing Afghanistan")
    rows = {r["label"]: r for r in figure._regiongraph["projects"]}
    railway = next(r for label, r in rows.items() if label.startswith("Trans-Afghan Railway"))
    assert railway["milestone_date"] == "2025-07-17"
    assert "Pakistan" in railway["participants"] and "Afghanistan" in railway["participants"]
    assert "railway" in legend_labels(figure)


def test_snapshots_structure(ds):
    figure = snapshots_figure(ds, ["2022-06-30", "2024-06-30", AS_OF])
    check_common(figure, "snapshots")
    panels = figure._regiongraph
    assert [p["date"] for p in panels] == ["2022-06-30", "2024-06-30", AS_OF]
    assert panels[0]["edges"] <= panels[-1]["edges"]
    for panel in panels:
        assert overlapping_labels(figure, panel["labels"]) == []


@pytest.mark.parametrize("suffix", ["png", "svg", "pdf"])
def test_every_format_is_written_and_readable(network, tmp_path, suffix):
    path = save_figure(network, tmp_path / f"network.{suffix}")
    data = path.read_bytes()
    if suffix == "png":
        image = matplotlib.image.imread(path)
        assert image.shape[0] > 1000 and image.shape[1] > 1500
    elif suffix == "svg":
        root = ET.fromstring(data)
        assert root.tag.endswith("svg")
        assert b"Tajikistan" in data or b"glyph" in data
    else:
        assert data.startswith(b"%PDF") and b"%%EOF" in data[-64:]


def test_saved_files_are_reproducible(ds, tmp_path):
    first = save_figure(network_figure(ds, AS_OF), tmp_path / "a.svg").read_bytes()
    second = save_figure(network_figure(ds, AS_OF), tmp_path / "b.svg").read_bytes()
    assert first == second


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda ds: network_figure(ds, "2021-06-30"), "before 2021-08-15"),
        (lambda ds: network_figure(ds, AS_OF, focus="Narnia"), "unknown entity"),
        (lambda ds: network_figure(ds, AS_OF, kinds=["friendship"]), "unknown relation kind"),
        (lambda ds: network_figure(ds, AS_OF, include=["dragon"]), "unknown node kind"),
        (lambda ds: snapshots_figure(ds, ["2020-01-01"]), "before 2021-08-15"),
        (lambda ds: timeline_figure(ds, AS_OF, ["Narnia"]), "unknown country"),
    ],
)
def test_bad_options(ds, call, fragment):
    with pytest.raises(RegionGraphError, match=fragment):
        call(ds)


def test_bad_output_file(network, tmp_path):
    with pytest.raises(RegionGraphError, match=r"must end in \.png, \.svg or \.pdf"):
        save_figure(network, tmp_path / "x.gif")
    with pytest.raises(RegionGraphError, match="does not exist"):
        save_figure(network, tmp_path / "missing" / "x.png")


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (["diagram", "pie", "-o", "x.png"], 2, "'pie' is not one of 'network'"),
        (["diagram", "network", "--as-of", "2020-01-01", "-o", "x.png"], 1, "before 2021-08-15"),
        (["diagram", "network", "--focus", "Narnia", "-o", "x.png"], 1, "unknown entity"),
        (["diagram", "network", "-o", "x.bmp"], 1, "must end in"),
    ],
)
def test_cli_errors(runner, tmp_path, args, code, fragment):
    result = runner.invoke(cli, args)
    assert result.exit_code == code and fragment in result.output
    assert "Traceback" not in result.output


def test_cli_diagram_and_report(runner, tmp_path):
    target = tmp_path / "ladder.svg"
    result = runner.invoke(cli, ["diagram", "ladder", "--as-of", AS_OF, "-o", str(target)])
    assert result.exit_code == 0 and f"Wrote the ladder diagram to {target}" in result.output
    assert target.exists()
    written = write_all(__import__("regiongraph").load_graph(), tmp_path / "all", AS_OF)
    assert sorted(p.name for p in written) == sorted(
        ["network.png", "network-geo.png", "timeline.png", "ladder.png", "projects.png",
         "snapshots.png"]
    )  # fmt: skip
    out = tmp_path / "report"
    result = runner.invoke(cli, ["report", "--as-of", AS_OF, "--out", str(out)])
    assert result.exit_code == 0
    assert f"Wrote 6 diagrams to {out}" in result.output
    assert (out / "timeline.png").exists()
