"""The ladder chart: one row per state and one column per month since August 2021, coloured by
the state's position on each track, so the reader sees who moved when."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import matplotlib.dates as mdates
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from rdflib import Graph

from regiongraph.diagrams.style import (
    LEVEL_COLORS,
    START,
    check_as_of,
    decorate,
    new_figure,
    side_legend,
)
from regiongraph.diagrams.timeline import DIPLOMATIC_LEVELS, lane_states, month_starts
from regiongraph.ladder import ladder_moves, ladder_positions
from regiongraph.namespaces import LEVEL, PROV
from regiongraph.resolve import display_label
from regiongraph.validate import curie

LEGAL_LEVELS = ("no-ban-recorded", "banned", "ban-suspended", "ban-lifted")


def ladder_figure(
    g: Graph, as_of: str | date | None = None, countries: Sequence[str] = ()
) -> Figure:
    """States by month, coloured by their position on the diplomatic and legal tracks.

    >>> from regiongraph.load import load_graph
    >>> figure = ladder_figure(load_graph(), "2025-11-30")
    >>> figure._regiongraph["months"]
    52
    """
    day = check_as_of(as_of)
    states = lane_states(g, countries)
    months = month_starts(START, day)
    ends = [*months[1:], day + timedelta(days=1)]
    moves = ladder_moves(g)
    grid = {track: [[0] * len(months) for _ in states] for track in ("diplomatic", "legal")}
    evidence: set[str] = set()
    index = {curie(s): i for i, s in enumerate(states)}
    for column, last in enumerate(ends):
        for position in ladder_positions(g, last - timedelta(days=1), moves=moves):
            row = index.get(position.country)
            if row is None:
                continue
            levels = DIPLOMATIC_LEVELS if position.track == "diplomatic" else LEGAL_LEVELS
            grid[position.track][row][column] = levels.index(position.level)
            evidence.update(position.events)
    figure = new_figure(14, 0.36 * len(states) * 2 + 3.2)
    edges = mdates.date2num([*months, day + timedelta(days=1)])
    panels = []
    for track, levels, top in (
        ("diplomatic", DIPLOMATIC_LEVELS, 0.9),
        ("legal", LEGAL_LEVELS, 0.47),
    ):
        axes = figure.add_axes((0.14, top - 0.36, 0.6, 0.33))
        colours = ListedColormap([LEVEL_COLORS[level] for level in levels])
        norm = BoundaryNorm([i - 0.5 for i in range(len(levels) + 1)], len(levels))
        axes.pcolormesh(
            edges,
            range(len(states) + 1),
            grid[track],
            cmap=colours,
            norm=norm,
            edgecolors="white",
            linewidth=0.3,
        )
        axes.set_yticks(
            [i + 0.5 for i in range(len(states))],
            [display_label(g, s) for s in states],
            fontsize=8.5,
        )
        axes.xaxis_date()
        axes.xaxis.set_major_locator(mdates.YearLocator())
        axes.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        axes.set_title(f"{track.capitalize()} track", fontsize=10, loc="left")
        handles = [
            Patch(
                facecolor=LEVEL_COLORS[level],
                edgecolor="#bbbbbb",
                label=display_label(g, LEVEL[level]),
            )
            for level in levels
        ]
        side_legend(figure, handles, f"{track.capitalize()} position", (0.76, top))
        panels.append(axes)
    sources = {str(s) for e in evidence for s in g.objects(_iri(e), PROV.wasDerivedFrom)}
    decorate(
        figure,
        "Who moved when: positions towards the Islamic Emirate, month by month",
        day,
        g,
        len(sources),
    )
    figure._regiongraph = {"months": len(months), "states": len(states), "grid": grid}  # type: ignore[attr-defined]
    return figure


def _iri(curie_text: str):  # type: ignore[no-untyped-def]
    from rdflib import URIRef

    kind, local = curie_text.split(":", 1)
    return URIRef(f"https://w3id.org/regiongraph/id/{kind}/{local}")
