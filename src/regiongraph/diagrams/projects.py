"""The corridors crossing Afghanistan as a schematic map: states at their capitals, each project
drawn from its northern or western partners through Kabul to the others, numbered, with a table
of participants and the latest milestone as of the date."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from regiongraph.diagrams.style import check_as_of, decorate, new_figure
from regiongraph.errors import RegionGraphError
from regiongraph.model import affiliations, begin_bounds, instances, python_value
from regiongraph.namespaces import ID, PROV, RG, SCHEMA
from regiongraph.resolve import display_label

KIND_COLORS = {
    "pipeline": "#8c510a",
    "railway": "#1f78b4",
    "power-line": "#e6ab02",
    "canal": "#35978f",
    "trade-hub": "#7570b3",
    "corridor": "#d95f02",
    "extraction": "#666666",
    "airport": "#e7298a",
}
AFGHANISTAN = ID["country/AFG"]


def projects_figure(g: Graph, as_of: str | date | None = None) -> Figure:
    """The projects that cross Afghanistan with their participants and latest milestones.

    >>> from regiongraph.load import load_graph
    >>> figure = projects_figure(load_graph(), "2025-11-30")
    >>> any(p["label"].startswith("TAPI") for p in figure._regiongraph["projects"])
    True
    """
    day = check_as_of(as_of)
    coordinates = capitals(g)
    if AFGHANISTAN not in coordinates:
        raise RegionGraphError("Afghanistan's capital has no coordinates in the graph")
    rows = project_rows(g, day, coordinates)
    figure = new_figure(15, 9)
    axes = figure.add_axes((0.02, 0.06, 0.52, 0.84))
    for country, (lon, lat) in sorted(coordinates.items()):
        highlight = country == AFGHANISTAN
        axes.scatter(
            [lon],
            [lat],
            s=160 if highlight else 70,
            c="#b22222" if highlight else "#1f5f8b",
            zorder=4,
            edgecolors="white",
        )
        axes.annotate(
            display_label(g, country),
            (lon, lat),
            xytext=(5, 5),
            textcoords="offset points",
            fontsize=8.5,
            zorder=5,
            fontweight="bold" if highlight else "normal",
        )
    kabul = coordinates[AFGHANISTAN]
    for number, row in enumerate(rows, 1):
        route = row["route"]
        offset = ((number % 5) - 2) * 0.35
        xs = [p[0] + offset for p in route]
        ys = [p[1] + offset * 0.6 for p in route]
        axes.plot(
            xs,
            ys,
            color=KIND_COLORS.get(row["kind"], "#444444"),
            linewidth=2.2,
            alpha=0.85,
            zorder=2,
            solid_capstyle="round",
        )
        middle = len(route) // 2
        nearest = min(range(len(route)), key=lambda i: math.dist(route[i], kabul))
        spot = middle if middle != nearest else max(0, nearest - 1)
        x = (xs[spot] + xs[nearest]) / 2 if spot != nearest else xs[spot]
        y = (ys[spot] + ys[nearest]) / 2 if spot != nearest else ys[spot]
        axes.text(
            x,
            y,
            str(number),
            fontsize=8,
            ha="center",
            va="center",
            zorder=6,
            bbox={
                "boxstyle": "circle,pad=0.2",
                "fc": "white",
                "ec": KIND_COLORS.get(row["kind"], "#444444"),
            },
        )
        row["number"] = number
    axes.set_xlim(25, 125)
    axes.set_ylim(17, 60)
    axes.set_aspect(1.25)
    axes.set_xticks([])
    axes.set_yticks([])
    axes.set_title(
        "Schematic: lines join partners' capitals through Kabul",
        fontsize=9,
        loc="left",
        color="#555555",
    )
    table = figure.add_axes((0.56, 0.06, 0.43, 0.84))
    table.set_axis_off()
    y = 1.0
    step = min(0.028, 1.0 / (len(rows) * 3.6 + 1))
    for row in rows:
        table.text(
            0.0,
            y,
            f"{row['number']}",
            fontsize=9,
            fontweight="bold",
            va="top",
            color=KIND_COLORS.get(row["kind"], "#444444"),
        )
        table.text(0.05, y, row["label"], fontsize=8.5, fontweight="bold", va="top")
        y -= step
        table.text(
            0.05,
            y,
            "partners: " + (", ".join(row["participants"]) or "none recorded"),
            fontsize=8,
            va="top",
            wrap=True,
        )
        y -= 0.026
        milestone = (
            f"latest: {row['milestone_date']} {row['milestone']}"
            if row["milestone_date"]
            else "no milestone recorded by this date"
        )
        table.text(0.05, y, _clip(milestone, 100), fontsize=7.5, va="top", color="#444444")
        y -= step * 1.5
    handles = [
        Line2D([], [], color=color, linewidth=2.5, label=kind.replace("-", " "))
        for kind, color in KIND_COLORS.items()
        if any(r["kind"] == kind for r in rows)
    ]
    axes.legend(
        handles=handles,
        title="Kind of project",
        loc="lower left",
        fontsize=8,
        title_fontsize=9,
        frameon=True,
    )
    sources = {s for r in rows for s in r["sources"]}
    decorate(
        figure,
        "Projects crossing Afghanistan: partners and latest milestones",
        day,
        g,
        len(sources),
    )
    figure._regiongraph = {"projects": rows}  # type: ignore[attr-defined]
    return figure


def capitals(g: Graph) -> dict[URIRef, tuple[float, float]]:
    """Each state's capital as (longitude, latitude)."""
    found = {}
    for country in instances(g, SCHEMA.Country):
        capital = g.value(country, RG.capital)
        lon = python_value(g.value(capital, SCHEMA.longitude)) if capital else None
        lat = python_value(g.value(capital, SCHEMA.latitude)) if capital else None
        if lon is not None and lat is not None:
            found[country] = (float(lon), float(lat))
    return found


def project_rows(
    g: Graph, day: date, coordinates: dict[URIRef, tuple[float, float]]
) -> list[dict[str, Any]]:
    """Per project: kind, partner states (roles and milestone events), route, latest milestone."""
    belongs = affiliations(g)
    rows = []
    for project in sorted(instances(g, RG.Project)):
        partners: set[URIRef] = set()
        sources: set[str] = set()
        for role in g.subjects(RG.project, project):
            for participant in g.objects(role, RG.projectParticipant):
                if isinstance(participant, URIRef):
                    partners |= belongs.get(participant, set())
            sources |= {str(s) for s in g.objects(role, PROV.wasDerivedFrom)}
        milestones = []
        for predicate in (RG.actor, RG.counterpart):
            for event in g.subjects(predicate, project):
                bounds = begin_bounds(g, event)
                if bounds is None or bounds[1] > day or not isinstance(event, URIRef):
                    continue
                milestones.append((bounds[1], str(event)))
                sources |= {str(s) for s in g.objects(event, PROV.wasDerivedFrom)}
                for side in (*g.objects(event, RG.actor), *g.objects(event, RG.counterpart)):
                    if isinstance(side, URIRef):
                        partners |= belongs.get(side, set())
        partners = {p for p in partners if p in coordinates}
        kabul = coordinates[AFGHANISTAN]
        others = sorted(
            (p for p in partners if p != AFGHANISTAN),
            key=lambda p: -(coordinates[p][1] - kabul[1]) + (coordinates[p][0] - kabul[0]) * 0.2,
        )
        north = [p for p in others if coordinates[p][1] >= kabul[1]]
        south = [p for p in others if coordinates[p][1] < kabul[1]]
        route = [coordinates[p] for p in north] + [kabul] + [coordinates[p] for p in south]
        latest = max(milestones) if milestones else None
        milestone = URIRef(latest[1]) if latest else None
        kind = g.value(g.value(project, RG.projectKind), SKOS.notation)
        rows.append(
            {
                "label": display_label(g, project),
                "kind": str(kind or ""),
                "participants": [display_label(g, p) for p in [*north, AFGHANISTAN, *south]],
                "route": route,
                "milestone_date": str(g.value(milestone, SCHEMA.startDate)) if milestone else "",
                "milestone": str(g.value(milestone, SCHEMA.description) or "") if milestone else "",
                "sources": sorted(sources),
            }
        )
    rows.sort(key=lambda r: (r["kind"], r["label"]))
    return rows


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
