"""The relationship diagram: who deals with whom, as of a date.

By default the diagram shows states, the Islamic Emirate, the Taliban movement, intergovernmental
bodies and projects; bodies and officials are folded into the state or government they act for
(``group_by_country``), so that every relation appears between the parties it binds. Edges are
drawn per relation kind, their width growing with the number of events and situations behind
them. Layouts are deterministic: ``spring`` (seeded) or ``geo`` (states at their capitals).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import networkx as nx
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch
from matplotlib.text import Text
from rdflib import Graph
from rdflib.namespace import RDFS

from regiongraph.diagrams.style import (
    NODE_STYLE,
    RELATION_STYLE,
    check_as_of,
    check_dates,
    count_sources,
    decorate,
    new_figure,
    side_legend,
    spread_labels,
)
from regiongraph.errors import RegionGraphError
from regiongraph.network import RELATIONS, check_relations, to_networkx
from regiongraph.resolve import resolve_entity

DEFAULT_KINDS = ("country", "government", "movement", "intergovernmental", "project")
GEO_KINDS = ("country", "government", "movement")
DEFAULT_RELATIONS = ("recognition", "diplomats", "ban", "talks", "project", "conflict")
SEED = 7


@dataclass
class Drawing:
    """What a network panel drew, for legends, footnotes and tests."""

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: list[tuple[str, str, str, int]] = field(default_factory=list)
    labels: list[Text] = field(default_factory=list)
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    evidence: list[dict[str, Any]] = field(default_factory=list)


def display_graph(
    g: Graph,
    as_of: date,
    relations: Sequence[str],
    node_kinds: Sequence[str],
    group_by_country: bool,
    focus: str | None = None,
    depth: int = 1,
) -> tuple[nx.MultiGraph[str], list[dict[str, Any]]]:
    """The multigraph to draw: one edge per (pair, relation) with a ``count``, and the edge data
    behind it."""
    G = to_networkx(g, as_of, relations)
    shown = set(node_kinds)
    representative: dict[str, str] = {}
    emirate = "https://w3id.org/regiongraph/id/organization/islamic-emirate"
    roots = _body_roots(g)
    for node, data in G.nodes(data=True):
        if data["kind"] == "intergovernmental" and group_by_country and node in roots:
            representative[node] = roots[node]
        elif data["kind"] in shown:
            representative[node] = node
        elif group_by_country:
            onside = node in _emirate_side(g)
            if onside:
                representative[node] = emirate
            elif data["country"]:
                first = data["country"].split(";")[0]
                representative[node] = f"https://w3id.org/regiongraph/id/country/{first}"
    H: nx.MultiGraph[str] = nx.MultiGraph()
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    evidence = []
    for u, v, data in G.edges(data=True):
        a, b = representative.get(u), representative.get(v)
        if a is None or b is None or a == b or a not in G or b not in G:
            continue
        key = (min(a, b), max(a, b), data["relation"])
        counts[key] += 1
        evidence.append(data)
    for (a, b, relation), count in counts.items():
        for node in (a, b):
            if node not in H:
                H.add_node(node, **G.nodes[node])
        H.add_edge(a, b, key=relation, relation=relation, count=count)
    if focus is not None:
        center = str(resolve_entity(g, focus))
        center = representative.get(center, center)
        if center not in H:
            raise RegionGraphError(
                f"{focus!r} has no relations of the chosen kinds as of {as_of.isoformat()}: "
                "try a later --as-of or more --kinds"
            )
        keep = nx.single_source_shortest_path_length(H, center, cutoff=depth)
        H = H.subgraph(keep).copy()
    return H, evidence


def _body_roots(g: Graph) -> dict[str, str]:
    """Intergovernmental bodies within a larger one (the UN's organs) mapped to the outermost."""
    from rdflib import URIRef

    from regiongraph.model import instances
    from regiongraph.namespaces import ORG, RG

    bodies = instances(g, RG.IntergovernmentalOrganization)
    roots = {}
    for body in bodies:
        top: URIRef = body
        for _ in range(10):
            parent = g.value(top, ORG.subOrganizationOf)
            if not isinstance(parent, URIRef) or parent not in bodies:
                break
            top = parent
        if top != body:
            roots[str(body)] = str(top)
    return roots


_SIDE_CACHE: dict[int, set[str]] = {}


def _emirate_side(g: Graph) -> set[str]:
    key = id(g)
    if key not in _SIDE_CACHE:
        from regiongraph.model import government_side

        _SIDE_CACHE.clear()
        _SIDE_CACHE[key] = {str(n) for n in government_side(g)}
    return _SIDE_CACHE[key]


KABUL = (69.183333, 34.516667)
_CENTER = {
    "https://w3id.org/regiongraph/id/organization/islamic-emirate": (0.0, 0.0),
    "https://w3id.org/regiongraph/id/organization/taliban": (0.0, -0.32),
    "https://w3id.org/regiongraph/id/country/AFG": (0.0, 0.32),
}
_RINGS = {
    "country": 1.0,
    "intergovernmental": 1.6,
    "movement": 1.6,
    "organization": 1.6,
    "body": 1.6,
    "person": 1.6,
    "place": 1.6,
    "project": 2.15,
    "government": 1.6,
}


def layout(H: nx.MultiGraph[str], how: str = "rings") -> dict[str, tuple[float, float]]:
    """Deterministic node positions.

    ``rings``: the Islamic Emirate, the movement and Afghanistan at the centre; each state on a
    ring in its true direction from Kabul; bodies on a second ring and projects on a third, each
    in the direction of those it deals with. ``geo``: states and the Islamic Emirate at their
    capitals' longitude and latitude, the others on a circle around them.
    """
    nodes = sorted(H.nodes)
    if not nodes:
        return {}
    if how == "geo":
        return _geo_layout(H, nodes)
    if how != "rings":
        raise RegionGraphError(f"unknown layout {how!r}: use rings or geo")
    angles: dict[str, float] = {}
    positions: dict[str, tuple[float, float]] = {}
    for node in nodes:
        if node in _CENTER:
            positions[node] = _CENTER[node]
        elif H.nodes[node]["kind"] == "country":
            lon, lat = H.nodes[node].get("lon"), H.nodes[node].get("lat")
            if lon is None or lat is None:
                angles[node] = math.pi
            else:
                angles[node] = math.atan2(float(lat) - KABUL[1], float(lon) - KABUL[0])
    _separate(angles, [n for n in nodes if H.nodes[n]["kind"] == "country" and n not in _CENTER])
    for node, angle in angles.items():
        positions[node] = (math.cos(angle), math.sin(angle))
    for kinds in (
        ("intergovernmental", "movement", "organization", "body", "person", "place", "government"),
        ("project",),
    ):
        ring = [n for n in nodes if H.nodes[n]["kind"] in kinds and n not in positions]
        for node in ring:
            placed = [positions[m] for m in H.neighbors(node) if m in positions]
            x = sum(p[0] for p in placed) or 1e-9
            y = sum(p[1] for p in placed)
            angles[node] = math.atan2(y, x) if placed else 0.0
        _separate(angles, ring)
        for node in ring:
            radius = _RINGS[H.nodes[node]["kind"]]
            positions[node] = (radius * math.cos(angles[node]), radius * math.sin(angles[node]))
    return dict(sorted(positions.items()))


def _separate(angles: dict[str, float], ring: list[str], passes: int = 200) -> None:
    """Spread angles on a ring so that neighbours are at least a minimum apart."""
    if len(ring) < 2:
        return
    gap = min(2 * math.pi / (len(ring) * 1.25), math.radians(24))
    for _ in range(passes):
        order = sorted(ring, key=lambda n: (angles[n], n))
        moved = False
        for a, b in zip(order, order[1:] + order[:1], strict=True):
            diff = (angles[b] - angles[a]) % (2 * math.pi)
            if diff < gap:
                push = (gap - diff) / 2 + 1e-4
                angles[a] -= push
                angles[b] += push
                moved = True
        if not moved:
            return


def _geo_layout(H: nx.MultiGraph[str], nodes: list[str]) -> dict[str, tuple[float, float]]:
    fixed: dict[str, tuple[float, float]] = {}
    for node in nodes:
        lon, lat = H.nodes[node].get("lon"), H.nodes[node].get("lat")
        # The map spans Turkey to China; states beyond it join the outer ring in their direction.
        inside = lon is not None and lat is not None and 25 <= lon <= 125 and 10 <= lat <= 65
        if inside and H.nodes[node]["kind"] == "country":
            fixed[node] = (float(lon), float(lat))
    if not fixed:
        raise RegionGraphError("no state has coordinates for a geographic layout: use rings")
    emirate = "https://w3id.org/regiongraph/id/organization/islamic-emirate"
    afghanistan = "https://w3id.org/regiongraph/id/country/AFG"
    taliban = "https://w3id.org/regiongraph/id/organization/taliban"
    if afghanistan in fixed:
        x, y = fixed[afghanistan]
        fixed[afghanistan] = (x + 2.5, y - 1.5)
        fixed.setdefault(emirate, (x, y))
        if taliban in H:
            fixed[taliban] = (x - 2.5, y - 2.5)
    rest = [n for n in nodes if n not in fixed]
    xs = [p[0] for p in fixed.values()]
    ys = [p[1] for p in fixed.values()]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    radius = max(max(xs) - min(xs), max(ys) - min(ys)) * 0.55 + 3
    angles = {}
    for node in rest:
        lon, lat = H.nodes[node].get("lon"), H.nodes[node].get("lat")
        if lon is not None and lat is not None:
            angles[node] = math.atan2(float(lat) - cy, float(lon) - cx)
            continue
        placed = [fixed[m] for m in H.neighbors(node) if m in fixed]
        mx = sum(p[0] for p in placed) / len(placed) if placed else cx + 1
        my = sum(p[1] for p in placed) / len(placed) if placed else cy
        angles[node] = math.atan2(my - cy, mx - cx)
    _separate(angles, rest)
    for node in rest:
        fixed[node] = (
            cx + radius * math.cos(angles[node]),
            cy + 0.8 * radius * math.sin(angles[node]),
        )
    return dict(sorted(fixed.items()))


def draw_network(
    axes: Axes,
    g: Graph,
    as_of: date,
    relations: Sequence[str] = DEFAULT_RELATIONS,
    node_kinds: Sequence[str] = DEFAULT_KINDS,
    group_by_country: bool = True,
    focus: str | None = None,
    depth: int = 1,
    how: str = "rings",
    lang: str = "en",
    label_kinds: Sequence[str] | None = None,
    font_size: float = 8.5,
) -> Drawing:
    """Draw the network on ``axes`` and return what was drawn."""
    H, evidence = display_graph(g, as_of, relations, node_kinds, group_by_country, focus, depth)
    drawing = Drawing(evidence=evidence)
    positions = layout(H, how)
    drawing.positions = positions
    offsets = {
        "recognition": -0.18,
        "diplomats": -0.1,
        "ban": 0.1,
        "talks": 0.0,
        "project": 0.18,
        "conflict": 0.26,
    }
    for u, v, data in sorted(H.edges(data=True), key=lambda e: (e[0], e[1], e[2]["relation"])):
        style = RELATION_STYLE[data["relation"]]
        patch = FancyArrowPatch(
            positions[u],
            positions[v],
            arrowstyle="-",
            connectionstyle=f"arc3,rad={offsets.get(data['relation'], 0.05)}",
            color=style["color"],
            linestyle=style["style"],
            linewidth=min(0.8 + 0.5 * math.log2(1 + data["count"]), 4.5),
            alpha=0.75,
            zorder=1,
        )
        axes.add_patch(patch)
        drawing.edges.append((u, v, data["relation"], data["count"]))
    for node in sorted(H.nodes):
        data = H.nodes[node]
        style = NODE_STYLE[data["kind"]]
        x, y = positions[node]
        axes.scatter(
            [x],
            [y],
            s=style["size"] * (0.45 if how == "geo" else 1.0),
            c=style["color"],
            marker=style["marker"],
            edgecolors="white",
            linewidths=1.2,
            zorder=3,
        )
        drawing.nodes[node] = data
        if label_kinds is None or data["kind"] in label_kinds:
            text = axes.text(
                x,
                y,
                _label(g, node, data, lang),
                fontsize=font_size,
                ha="center",
                va="top",
                zorder=4,
                family="DejaVu Sans",
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
            )
            drawing.labels.append(text)
    _frame(axes, positions)
    if drawing.labels:
        _shift_outward(axes, drawing.labels, positions, how)
        spread_labels(axes, drawing.labels)
    return drawing


def network_figure(
    g: Graph,
    as_of: str | date | None = None,
    focus: str | None = None,
    depth: int = 1,
    kinds: Sequence[str] | None = None,
    group_by_country: bool = True,
    geographic: bool = False,
    include: Sequence[str] | None = None,
    lang: str = "en",
) -> Figure:
    """The relationship diagram as of a date, as a matplotlib Figure.

    >>> from regiongraph.load import load_graph
    >>> figure = network_figure(load_graph(), "2025-11-30")
    >>> "as of 2025-11-30" in figure._suptitle.get_text()
    True
    """
    day = check_as_of(as_of)
    relations = check_relations(kinds) if kinds else list(DEFAULT_RELATIONS)
    if include:
        node_kinds = _check_kinds(include)
    else:
        node_kinds = list(GEO_KINDS if geographic else DEFAULT_KINDS)
    figure = new_figure(13, 9.5)
    axes = figure.add_axes((0.03, 0.05, 0.64, 0.86))
    drawing = draw_network(
        axes,
        g,
        day,
        relations,
        node_kinds,
        group_by_country,
        focus,
        depth,
        "geo" if geographic else "rings",
        lang,
    )
    if not drawing.nodes:
        raise RegionGraphError(f"nothing to draw as of {day.isoformat()}: try a later --as-of")
    title = "Dealings with the Taliban-led government"
    if focus:
        title += (
            f": around {drawing.nodes.get(str(resolve_entity(g, focus)), {}).get('label', focus)}"
        )
    decorate(figure, title, day, g, count_sources(drawing.evidence))
    _legend(figure, drawing, geographic)
    figure._regiongraph = drawing  # type: ignore[attr-defined]
    return figure


def snapshots_figure(
    g: Graph,
    dates: Sequence[str] | None = None,
    as_of: str | date | None = None,
    kinds: Sequence[str] | None = None,
) -> Figure:
    """Small multiples of the network at several dates (by default the end of each year since
    2021 and the as-of date), with the same layout in every panel so changes stand out."""
    day = check_as_of(as_of)
    if dates:
        days = check_dates(dates)
        if as_of is None or days[-1] > day:
            day = days[-1]
    else:
        days = [date(y, 12, 31) for y in range(2021, day.year) if date(y, 12, 31) < day] + [day]
    if len(days) > 9:
        raise RegionGraphError("at most 9 snapshot dates fit in one figure")
    relations = check_relations(kinds) if kinds else list(DEFAULT_RELATIONS)
    graphs = [display_graph(g, d, relations, DEFAULT_KINDS, True) for d in days]
    full: nx.MultiGraph[str] = nx.compose_all([H for H, _ in graphs])
    positions = layout(full)
    columns = 3 if len(days) > 4 else 2 if len(days) > 1 else 1
    rows = math.ceil(len(days) / columns)
    figure = new_figure(5.2 * columns, 4.6 * rows + 1.0)
    evidence: list[dict[str, Any]] = []
    panels = []
    for index, snapshot in enumerate(days):
        axes = figure.add_subplot(rows, columns, index + 1)
        H, found = graphs[index]
        evidence += found
        for u, v, data in sorted(H.edges(data=True), key=lambda e: (e[0], e[1], e[2]["relation"])):
            style = RELATION_STYLE[data["relation"]]
            axes.plot(
                *zip(positions[u], positions[v], strict=True),
                color=style["color"],
                linestyle=style["style"],
                linewidth=min(0.6 + 0.4 * math.log2(1 + data["count"]), 3),
                alpha=0.7,
                zorder=1,
            )
        texts = []
        for node in sorted(full.nodes):
            data = full.nodes[node]
            present = node in H
            style = NODE_STYLE[data["kind"]]
            x, y = positions[node]
            axes.scatter(
                [x],
                [y],
                s=style["size"] * 0.35,
                c=style["color"] if present else "#dddddd",
                marker=style["marker"],
                zorder=3,
            )
            if present and data["kind"] in ("country", "government"):
                texts.append(
                    axes.text(
                        x, y, _short(data["label"]), fontsize=6.5, ha="center", va="top", zorder=4
                    )
                )
        _frame(axes, positions)
        axes.set_title(snapshot.isoformat(), fontsize=10)
        _shift_below(axes, texts)
        spread_labels(axes, texts)
        panels.append(
            {
                "date": snapshot.isoformat(),
                "nodes": H.number_of_nodes(),
                "edges": H.number_of_edges(),
                "labels": texts,
            }
        )
    figure.subplots_adjust(left=0.02, right=0.98, top=0.86, bottom=0.12, wspace=0.05, hspace=0.18)
    decorate(
        figure,
        "Dealings with the Taliban-led government, snapshots",
        day,
        g,
        count_sources(evidence),
    )
    handles = [
        Line2D(
            [],
            [],
            color=RELATION_STYLE[r]["color"],
            linestyle=RELATION_STYLE[r]["style"],
            label=RELATION_STYLE[r]["label"],
        )
        for r in relations
    ]
    figure.legend(
        handles=handles,
        loc="lower center",
        ncol=min(len(handles), 6),
        fontsize=8,
        frameon=False,
        bbox_to_anchor=(0.5, 0.03),
    )
    figure._regiongraph = panels  # type: ignore[attr-defined]
    return figure


def _label(g: Graph, node: str, data: dict[str, Any], lang: str) -> str:
    if lang != "en":
        from rdflib import URIRef

        for value in g.objects(URIRef(node), RDFS.label):
            if getattr(value, "language", None) == lang:
                return _short(str(value))
    return _short(data["label"])


def _short(label: str) -> str:
    for long, short in (
        (
            "Islamic Emirate of Afghanistan (Taliban-led government)",
            "Islamic Emirate\n(Taliban government)",
        ),
        ("Taliban (movement)", "Taliban\n(movement)"),
        ("United Arab Emirates", "UAE"),
    ):
        if label == long:
            return short
    if len(label) > 28 and "(" in label:
        return label.split("(")[0].strip()
    return label


def _frame(axes: Axes, positions: dict[str, tuple[float, float]]) -> None:
    axes.set_axis_off()
    if not positions:
        return
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    pad_x = (max(xs) - min(xs)) * 0.26 + 0.1
    pad_y = (max(ys) - min(ys)) * 0.1 + 0.1
    axes.set_xlim(min(xs) - pad_x, max(xs) + pad_x)
    axes.set_ylim(min(ys) - pad_y, max(ys) + pad_y)


def _shift_outward(
    axes: Axes, texts: list[Text], positions: dict[str, tuple[float, float]], how: str
) -> None:
    """Put each label beside its marker on the side away from the centre of the drawing."""
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    cx, cy = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2) if how == "geo" else (0.0, 0.0)
    inverse = axes.transData.inverted()
    for text in texts:
        x, y = text.get_position()
        angle = math.atan2(y - cy, x - cx)
        if abs(x - cx) < 1e-6 and abs(y - cy) < 1e-6:
            angle = -math.pi / 2
        dx, dy = math.cos(angle), math.sin(angle)
        px, py = axes.transData.transform((x, y))
        text.set_position(inverse.transform((px + 14 * dx, py + 12 * dy)))
        text.set_horizontalalignment("left" if dx > 0.35 else "right" if dx < -0.35 else "center")
        text.set_verticalalignment("bottom" if dy > 0.35 else "top" if dy < -0.35 else "center")


def _shift_below(axes: Axes, texts: list[Text]) -> None:
    """Put each label just under its marker (a fixed offset in points)."""
    inverse = axes.transData.inverted()
    for text in texts:
        x, y = axes.transData.transform(text.get_position())
        text.set_position(inverse.transform((x, y - 11)))


def _legend(figure: Figure, drawing: Drawing, geographic: bool) -> None:
    kinds = sorted({d["kind"] for d in drawing.nodes.values()}, key=list(NODE_STYLE).index)
    node_handles = [
        Line2D(
            [],
            [],
            marker=NODE_STYLE[k]["marker"],
            linestyle="",
            markersize=9,
            markerfacecolor=NODE_STYLE[k]["color"],
            markeredgecolor="white",
            label=NODE_STYLE[k]["label"],
        )
        for k in kinds
    ]
    relations = sorted({r for *_, r, _ in drawing.edges}, key=list(RELATIONS).index)
    edge_handles = [
        Line2D(
            [],
            [],
            color=RELATION_STYLE[r]["color"],
            linestyle=RELATION_STYLE[r]["style"],
            linewidth=2,
            label=RELATION_STYLE[r]["label"],
        )
        for r in relations
    ]
    side_legend(figure, node_handles, "Nodes", (0.74, 0.88), fontsize=9)
    side_legend(
        figure, edge_handles, "Relations (width: number of events)", (0.74, 0.55), fontsize=9
    )
    note = (
        "States placed at their capitals."
        if geographic
        else "States placed in their direction from Kabul."
    )
    figure.text(
        0.745,
        0.2,
        note + "\nBodies and officials are drawn\nwith the state they act for.",
        fontsize=8,
        color="#555555",
        va="top",
    )


def _check_kinds(kinds: Sequence[str]) -> list[str]:
    unknown = [k for k in kinds if k not in NODE_STYLE]
    if unknown:
        raise RegionGraphError(
            f"unknown node kind {', '.join(unknown)}: use {', '.join(NODE_STYLE)}"
        )
    return list(kinds)
