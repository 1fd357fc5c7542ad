"""Relationship diagrams made with matplotlib: each function returns a ``Figure`` (never calls
``show()``), with a title carrying its as-of date, a legend, and a footnote giving the data
version and the number of sources behind it.

- :func:`network_figure`: the relationship diagram as of a date;
- :func:`timeline_figure`: swimlanes per state, events as glyphs, ladder position shaded;
- :func:`ladder_figure`: states by month, coloured by position on each track;
- :func:`projects_figure`: the corridors crossing Afghanistan as a schematic map;
- :func:`snapshots_figure`: small multiples of the network at several dates.
"""

from __future__ import annotations

import importlib
from typing import Any

_FUNCTIONS = {
    "network_figure": "regiongraph.diagrams.network",
    "timeline_figure": "regiongraph.diagrams.timeline",
    "ladder_figure": "regiongraph.diagrams.ladder",
    "projects_figure": "regiongraph.diagrams.projects",
    "snapshots_figure": "regiongraph.diagrams.network",
    "save_figure": "regiongraph.diagrams.style",
    "write_all": "regiongraph.diagrams.report",
}
KINDS = ("network", "timeline", "ladder", "projects", "snapshots")

__all__ = ["KINDS", *sorted(_FUNCTIONS)]


def __getattr__(name: str) -> Any:
    module = _FUNCTIONS.get(name)
    if module is None:
        raise AttributeError(f"module 'regiongraph.diagrams' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
