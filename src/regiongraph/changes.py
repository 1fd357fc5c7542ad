"""What changed between two dates: the events of the period, the situations that began or
ended in it, and the ladder positions that moved.

>>> from regiongraph.load import load_graph
>>> report = changes_between(load_graph(), "2025-04-01", "2025-07-31")
>>> [(m["country"], m["track"], m["to"]) for m in report.moves if m["country"] == "Russia"]
[('Russia', 'diplomatic', 'formal recognition'), ('Russia', 'legal', 'ban suspended')]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from rdflib import Graph
from rdflib.namespace import RDF

from regiongraph.dates import parse_date
from regiongraph.entities import situation_record
from regiongraph.errors import RegionGraphError
from regiongraph.events import EventRecord, event_record
from regiongraph.ladder import ladder_moves, ladder_positions
from regiongraph.model import begin_bounds, end_bounds, instances
from regiongraph.namespaces import RG, SEM


@dataclass
class Changes:
    """What happened and what moved in a period."""

    since: str
    until: str
    events: list[EventRecord]
    began: list[dict[str, Any]]
    ended: list[dict[str, Any]]
    moves: list[dict[str, Any]]


def changes_between(g: Graph, since: str, until: str) -> Changes:
    """Events dated within [since, until], situations that began or ended in it, and ladder
    positions that differ between the day before ``since`` and ``until``."""
    first, last = parse_date(since).earliest, parse_date(until).latest
    if first > last:
        raise RegionGraphError(f"--since {since} is after --until {until}: swap them")
    events = []
    for event in instances(g, SEM.Event):
        bounds = begin_bounds(g, event)
        if bounds and bounds[0] >= first and bounds[1] <= last:
            events.append(event)
    events.sort(key=lambda e: (begin_bounds(g, e), str(e)))
    began, ended = [], []
    for situation in instances(g, RG.Situation):
        record = situation_record(g, situation).__dict__
        record["kind"] = next(
            (str(c).rsplit("#", 1)[-1] for c in g.objects(situation, RDF.type)), "Situation"
        )
        start, end = begin_bounds(g, situation), end_bounds(g, situation)
        if start and record["start"] and start[0] >= first and start[1] <= last:
            began.append(record)
        if end and end[0] >= first and end[1] <= last:
            ended.append(record)
    moves_cache = ladder_moves(g)
    before = {
        (p.country_label, p.track): p
        for p in ladder_positions(g, first - timedelta(days=1), moves=moves_cache)
    }
    moves = []
    for p in ladder_positions(g, last, moves=moves_cache):
        old = before[(p.country_label, p.track)]
        if old.level != p.level:
            moves.append({
                "country": p.country_label, "track": p.track, "from": old.level_label,
                "to": p.level_label, "since": p.since, "events": p.events,
            })  # fmt: skip
    return Changes(
        first.isoformat(), last.isoformat(), [event_record(g, e) for e in events],
        sorted(began, key=lambda r: r["start"]), sorted(ended, key=lambda r: r["end"]), moves,
    )  # fmt: skip
