"""Write every diagram of the report into a folder."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rdflib import Graph

from regiongraph.diagrams.ladder import ladder_figure
from regiongraph.diagrams.network import network_figure, snapshots_figure
from regiongraph.diagrams.projects import projects_figure
from regiongraph.diagrams.style import save_figure
from regiongraph.diagrams.timeline import timeline_figure
from regiongraph.errors import RegionGraphError


def write_all(
    g: Graph, folder: str | Path = "out", as_of: str | date | None = None, fmt: str = "png"
) -> list[Path]:
    """Draw every diagram as of ``as_of`` and save them in ``folder`` (created if needed)."""
    directory = Path(folder)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise RegionGraphError(f"cannot create the folder {folder}: {error.strerror}") from None
    figures = {
        "network": lambda: network_figure(g, as_of),
        "network-geo": lambda: network_figure(g, as_of, geographic=True),
        "timeline": lambda: timeline_figure(g, as_of),
        "ladder": lambda: ladder_figure(g, as_of),
        "projects": lambda: projects_figure(g, as_of),
        "snapshots": lambda: snapshots_figure(g, as_of=as_of),
    }
    return [save_figure(draw(), directory / f"{name}.{fmt}") for name, draw in figures.items()]
