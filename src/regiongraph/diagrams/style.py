"""Shared look of the diagrams: colours by node kind, relation and ladder level; titles,
footnotes, legends; saving to PNG, SVG or PDF; and label de-overlapping."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text
from rdflib import Dataset, Graph

from regiongraph.dates import as_of_date, parse_date
from regiongraph.errors import RegionGraphError

START = date(2021, 8, 15)
FONT = ["DejaVu Sans"]

NODE_STYLE: dict[str, dict[str, Any]] = {
    "country": {"color": "#1f5f8b", "marker": "o", "size": 420, "label": "state"},
    "government": {
        "color": "#b22222",
        "marker": "s",
        "size": 620,
        "label": "Islamic Emirate (government)",
    },
    "movement": {"color": "#6b2f2f", "marker": "D", "size": 380, "label": "Taliban (movement)"},
    "intergovernmental": {
        "color": "#6a51a3",
        "marker": "h",
        "size": 330,
        "label": "intergovernmental body",
    },
    "body": {"color": "#4f8fbf", "marker": "v", "size": 170, "label": "state body"},
    "person": {"color": "#e08e0b", "marker": "^", "size": 140, "label": "person"},
    "project": {"color": "#2e8b57", "marker": "P", "size": 300, "label": "cross-border project"},
    "place": {"color": "#8c8c8c", "marker": ".", "size": 80, "label": "place"},
    "organization": {"color": "#8c6d31", "marker": "p", "size": 160, "label": "other organisation"},
}

RELATION_STYLE: dict[str, dict[str, Any]] = {
    "recognition": {"color": "#b22222", "style": "-", "label": "recognition"},
    "diplomats": {"color": "#d95f02", "style": "-", "label": "accredited diplomats, embassies"},
    "ban": {"color": "#4d4d4d", "style": "--", "label": "banned or delisted"},
    "talks": {"color": "#1f78b4", "style": "-", "label": "visits, talks, statements"},
    "project": {"color": "#33a02c", "style": "-.", "label": "project roles, milestones"},
    "conflict": {"color": "#e31a1c", "style": ":", "label": "clashes, attacks"},
    "post": {"color": "#e08e0b", "style": "-", "label": "post held"},
    "membership": {"color": "#6a51a3", "style": "-", "label": "membership"},
    "structure": {"color": "#bdbdbd", "style": "-", "label": "belongs to"},
}

LEVEL_COLORS = {
    "no-contact": "#f0f0f0",
    "working-contacts": "#fde0c5",
    "official-visits": "#fbb77f",
    "accepts-diplomats": "#f1803f",
    "accepts-ambassador": "#d4441c",
    "formal-recognition": "#8c1d0f",
    "no-ban-recorded": "#f0f0f0",
    "banned": "#3d3d3d",
    "ban-suspended": "#969696",
    "ban-lifted": "#c7e9c0",
}


def new_figure(width: float, height: float) -> Figure:
    """A figure detached from pyplot (no global state, never shown)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = Figure(figsize=(width, height), dpi=100, layout=None)
    FigureCanvasAgg(figure)  # measures text for label placement; saving picks its own backend
    figure.set_facecolor("white")
    return figure


def side_legend(
    figure: Figure,
    handles: Sequence[Artist],
    title: str,
    anchor: tuple[float, float],
    fontsize: int = 8,
) -> None:
    """A frameless legend to the right of the plot, its top left corner at ``anchor`` (figure
    fractions); the title is one point larger than the entries."""
    figure.legend(
        handles=handles,
        title=title,
        loc="upper left",
        bbox_to_anchor=anchor,
        fontsize=fontsize,
        title_fontsize=fontsize + 1,
        frameon=False,
    )


def check_as_of(as_of: str | date | None) -> date:
    """The as-of day of a diagram: not before the Taliban takeover of 15 August 2021."""
    day = as_of if isinstance(as_of, date) else as_of_date(as_of)
    if day < START:
        raise RegionGraphError(
            f"as-of date {day.isoformat()} is before 2021-08-15, where the diagrams begin: "
            "give a later --as-of"
        )
    return day


def check_dates(values: Sequence[str]) -> list[date]:
    """Snapshot dates, checked and sorted."""
    return sorted(check_as_of(parse_date(v).latest) for v in values)


def decorate(figure: Figure, title: str, day: date, g: Graph, sources: int) -> None:
    """Title with the as-of date, and the footnote with data version and sources."""
    figure.suptitle(f"{title}\nas of {day.isoformat()}", fontsize=13, fontweight="bold", y=0.985)
    figure.text(
        0.01,
        0.008,
        f"regiongraph · data version {data_version(g)} · {sources} sources behind this figure · "
        "every claim is dated and sourced: https://w3id.org/regiongraph",
        fontsize=7,
        color="#555555",
        ha="left",
        va="bottom",
    )


def data_version(g: Graph) -> str:
    """A short, stable fingerprint of the loaded graph's content (its size and the digest of the
    graph directory when known)."""
    from regiongraph.cache import graph_digest
    from regiongraph.locate import find_graph_dir

    try:
        return graph_digest(find_graph_dir())[:12]
    except RegionGraphError:
        return f"{len(g)} triples"


def count_sources(items: Iterable[dict[str, Any]]) -> int:
    """Distinct sources cited by the edges or events shown."""
    found: set[str] = set()
    for item in items:
        found.update(item.get("sources") or [])
    return len(found)


def save_figure(figure: Figure, output: str | os.PathLike[str]) -> Path:
    """Save as PNG, SVG or PDF by the file's suffix, atomically."""
    path = Path(output)
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in ("png", "svg", "pdf"):
        raise RegionGraphError(
            f"cannot write {output}: the file name must end in .png, .svg or .pdf"
        )
    if not path.parent.exists():
        raise RegionGraphError(f"cannot write {output}: the folder {path.parent} does not exist")
    temporary = path.with_name(f".{path.name}.tmp")
    import matplotlib

    # A fixed salt makes the SVG ids, and so the files, the same from run to run.
    with matplotlib.rc_context({"svg.hashsalt": "regiongraph"}):
        figure.savefig(
            temporary,
            format=suffix,
            dpi=150 if suffix == "png" else 100,
            metadata=_metadata(suffix),
        )
    os.replace(temporary, path)
    return path


def _metadata(suffix: str) -> dict[str, Any]:
    # Fixed metadata keep the files reproducible (no creation dates in them).
    if suffix == "png":
        return {"Software": "regiongraph"}
    if suffix == "svg":
        return {"Date": None, "Creator": "regiongraph"}
    return {"CreationDate": None, "Creator": "regiongraph", "Producer": "regiongraph"}


def spread_labels(axes: Axes, texts: list[Text], iterations: int = 200) -> None:
    """Move labels apart until none overlaps another (deterministic)."""
    if len(texts) < 2:
        return
    figure = axes.figure
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    inverse = axes.transData.inverted()
    for _ in range(iterations):
        boxes = [t.get_window_extent(renderer).expanded(1.05, 1.15) for t in texts]
        moved = False
        for i, first in enumerate(boxes):
            for j in range(i + 1, len(boxes)):
                second = boxes[j]
                if not first.overlaps(second):
                    continue
                overlap_y = min(first.y1, second.y1) - max(first.y0, second.y0)
                direction = 1 if (second.y0 + second.y1) >= (first.y0 + first.y1) else -1
                step = overlap_y / 2 + 1
                for text, sign in ((texts[i], -direction), (texts[j], direction)):
                    x, y = axes.transData.transform(text.get_position())
                    text.set_position(inverse.transform((x, y + sign * step)))
                moved = True
                boxes = [t.get_window_extent(renderer).expanded(1.05, 1.15) for t in texts]
                first = boxes[i]
        if not moved:
            return


def overlapping_labels(figure: Figure, texts: Sequence[Artist]) -> list[tuple[str, str]]:
    """Pairs of labels whose boxes overlap (used by the tests)."""
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    boxes = [(t, t.get_window_extent(renderer)) for t in texts if t.get_visible()]
    pairs = []
    for i, (first, box) in enumerate(boxes):
        for second, other in boxes[i + 1 :]:
            if box.overlaps(other):
                pairs.append((str(first.get_text()), str(second.get_text())))  # type: ignore[attr-defined]
    return pairs


def sources_in(ds: Dataset) -> int:
    """All sources in the graph."""
    from regiongraph.model import instances
    from regiongraph.namespaces import SCHEMA

    return len(instances(ds, SCHEMA.CreativeWork))
