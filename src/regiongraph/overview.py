"""The overview that ``regiongraph report`` and ``regiongraph info`` print: counts, the latest
events and each state's current position.

>>> from regiongraph.load import load_graph
>>> overview = graph_overview(load_graph())
>>> overview.counts["events"] > 10
True
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from rdflib import Graph

from regiongraph.dates import as_of_date
from regiongraph.events import EventRecord, list_events
from regiongraph.ladder import LadderPosition, ladder_positions
from regiongraph.model import instances
from regiongraph.namespaces import RG, SCHEMA, SEM


@dataclass
class Overview:
    """Counts, latest events and ladder positions as of a date."""

    as_of: date
    counts: dict[str, int]
    latest_events: list[EventRecord]
    positions: list[LadderPosition]
    first_event: str
    last_event: str

    def position_rows(self) -> list[dict[str, Any]]:
        """One row per state with both tracks side by side."""
        rows: dict[str, dict[str, Any]] = {}
        for p in self.positions:
            row = rows.setdefault(p.country_label, {"country": p.country_label})
            row[p.track] = p.level_label
            row[f"{p.track} since"] = p.since
        return sorted(rows.values(), key=lambda r: str(r["country"]))


def graph_counts(g: Graph) -> dict[str, int]:
    """How many of each kind of thing the graph holds."""
    return {
        "triples": len(g),
        "events": len(instances(g, SEM.Event)),
        "situations": len(instances(g, RG.Situation)),
        "sources": len(instances(g, SCHEMA.CreativeWork)),
        "countries": len(instances(g, SCHEMA.Country)),
        "people": len(instances(g, SCHEMA.Person)),
        "organisations": len(instances(g, SCHEMA.Organization))
        - len(instances(g, SCHEMA.NewsMediaOrganization)),
        "places": len(instances(g, SCHEMA.Place)) - len(instances(g, SCHEMA.Country)),
        "projects": len(instances(g, RG.Project)),
    }


def graph_overview(g: Graph, as_of: str | None = None, latest: int = 10) -> Overview:
    """Summarise the graph as it stood on ``as_of`` (default: today)."""
    day = as_of_date(as_of)
    events = list_events(g, as_of=day)
    return Overview(
        as_of=day,
        counts=graph_counts(g),
        latest_events=events[-latest:][::-1],
        positions=ladder_positions(g, day),
        first_event=events[0].date if events else "",
        last_event=events[-1].date if events else "",
    )
