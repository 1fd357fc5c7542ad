"""The timeline: one swimlane per state from August 2021 to the as-of date, each event a glyph by
kind of relation, and the state's diplomatic ladder position shaded behind."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import matplotlib.dates as mdates
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from regiongraph.diagrams.style import (
    LEVEL_COLORS,
    RELATION_STYLE,
    START,
    check_as_of,
    count_sources,
    decorate,
    new_figure,
    side_legend,
)
from regiongraph.events import involved_countries
from regiongraph.ladder import ladder_moves, ladder_positions, ladder_states
from regiongraph.model import affiliations, begin_bounds, instances
from regiongraph.namespaces import PROV, SEM
from regiongraph.network import _RELATION_OF_TYPE
from regiongraph.resolve import display_label, resolve_entity
from regiongraph.validate import curie

GLYPHS = {
    "recognition": "*",
    "diplomats": "D",
    "ban": "X",
    "talks": "o",
    "project": "P",
    "conflict": "v",
}
DIPLOMATIC_LEVELS = (
    "no-contact",
    "working-contacts",
    "official-visits",
    "accepts-diplomats",
    "accepts-ambassador",
    "formal-recognition",
)


def timeline_figure(
    g: Graph, as_of: str | date | None = None, countries: Sequence[str] = ()
) -> Figure:
    """Swimlanes per state with events and the ladder position behind them.

    >>> from regiongraph.load import load_graph
    >>> figure = timeline_figure(load_graph(), "2025-11-30", ["TJK", "RUS"])
    >>> len(figure._regiongraph["lanes"])
    2
    """
    day = check_as_of(as_of)
    states = lane_states(g, countries)
    belongs = affiliations(g)
    moves = ladder_moves(g)
    figure = new_figure(14, 0.55 * len(states) + 2.6)
    axes = figure.add_axes((0.13, 0.16, 0.63, 0.74))
    lanes: list[dict[str, Any]] = []
    shown: list[dict[str, Any]] = []
    events_by_state: dict[Any, list[Any]] = {s: [] for s in states}
    for event in instances(g, SEM.Event):
        bounds = begin_bounds(g, event)
        if bounds is None or bounds[1] > day or bounds[1] < START:
            continue
        for state in involved_countries(g, event, belongs) & set(events_by_state):
            events_by_state[state].append(event)
    months = month_starts(START, day)
    ends = [*months[1:], day + timedelta(days=1)]
    levels = {
        (first, p.country): p.level
        for first, last in zip(months, ends, strict=True)
        for p in ladder_positions(g, last - timedelta(days=1), moves=moves)
        if p.track == "diplomatic"
    }
    for row, state in enumerate(states):
        for first, last in zip(months, ends, strict=True):
            level = levels[(first, curie(state))]
            axes.axvspan(
                first,
                last,
                ymin=(row + 0.06) / len(states),
                ymax=(row + 0.94) / len(states),
                color=LEVEL_COLORS[level],
                linewidth=0,
                zorder=0,
            )
        glyphs = 0
        for event in sorted(events_by_state[state], key=str):
            bounds = begin_bounds(g, event)
            assert bounds is not None
            middle = bounds[0] + (bounds[1] - bounds[0]) / 2
            event_type = str(g.value(g.value(event, SEM.eventType), SKOS.notation) or "")
            relation = _RELATION_OF_TYPE.get(event_type, "talks")
            style = RELATION_STYLE[relation]
            axes.plot(
                [middle],
                [row],
                marker=GLYPHS[relation],
                color=style["color"],
                markersize=7 if relation != "talks" else 4.5,
                alpha=0.85,
                markeredgecolor="white",
                markeredgewidth=0.4,
                linestyle="",
                zorder=3,
            )
            if bounds[1] > bounds[0]:  # month- or year-precise: show the span it may fall in
                axes.plot(
                    [bounds[0], bounds[1]],
                    [row, row],
                    color=style["color"],
                    alpha=0.35,
                    linewidth=1.2,
                    zorder=2,
                )
            glyphs += 1
            shown.append({"sources": [str(s) for s in g.objects(event, PROV.wasDerivedFrom)]})
        lanes.append({"state": display_label(g, state), "events": glyphs})
    axes.set_yticks(range(len(states)), [display_label(g, s) for s in states], fontsize=9)
    axes.set_ylim(-0.5, len(states) - 0.5)
    axes.set_xlim(START, day)
    axes.xaxis.set_major_locator(mdates.YearLocator())
    axes.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=(4, 7, 10)))
    axes.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    axes.grid(axis="x", which="major", color="#999999", linewidth=0.6, alpha=0.6)
    for spine in ("top", "right"):
        axes.spines[spine].set_visible(False)
    decorate(figure, "Events and diplomatic position, state by state", day, g, count_sources(shown))
    glyph_handles = [
        Line2D(
            [],
            [],
            marker=GLYPHS[r],
            color=RELATION_STYLE[r]["color"],
            linestyle="",
            markersize=7,
            label=RELATION_STYLE[r]["label"],
        )
        for r in GLYPHS
    ]
    level_handles = [
        Patch(facecolor=LEVEL_COLORS[level], edgecolor="#cccccc", label=_level_label(g, level))
        for level in DIPLOMATIC_LEVELS
    ]
    side_legend(figure, glyph_handles, "Events", (0.77, 0.9))
    side_legend(figure, level_handles, "Diplomatic position (shaded)", (0.77, 0.55))
    figure.text(
        0.13,
        0.07,
        "A line through a glyph shows the span a month- or year-precise date may fall in.",
        fontsize=8,
        color="#555555",
    )
    figure._regiongraph = {"lanes": lanes}  # type: ignore[attr-defined]
    return figure


def lane_states(g: Graph, countries: Sequence[str] = ()) -> list[URIRef]:
    """The states a chart draws, one lane each: all ladder states, or the ``countries`` asked for,
    ordered so that the first alphabetically ends up at the top of the chart.

    >>> from regiongraph.load import load_graph
    >>> g = load_graph()
    >>> [display_label(g, state) for state in lane_states(g, ["TJK", "RUS"])]
    ['Tajikistan', 'Russia']
    """
    states = ladder_states(g)
    if countries:
        wanted = [resolve_entity(g, c, among=states, kind="country") for c in countries]
        states = [s for s in states if s in wanted]
    return sorted(states, key=lambda s: display_label(g, s), reverse=True)


def month_starts(first: date, last: date) -> list[date]:
    """The first day of every month from ``first``'s month up to ``last``.

    >>> month_starts(date(2021, 8, 15), date(2021, 10, 1))
    [datetime.date(2021, 8, 15), datetime.date(2021, 9, 1), datetime.date(2021, 10, 1)]
    """
    months = [first]
    current = date(first.year + (first.month // 12), first.month % 12 + 1, 1)
    while current <= last:
        months.append(current)
        current = date(current.year + (current.month // 12), current.month % 12 + 1, 1)
    return months


def _level_label(g: Graph, level: str) -> str:
    from regiongraph.namespaces import LEVEL

    return display_label(g, LEVEL[level])
