"""The recognition ladder: where each state stands towards the Islamic Emirate on two tracks, on
any date, and which sourced events put it there.

Rules (also in graph/ontology/ladder.ttl and the README):

- Diplomatic track: the highest-ranked level set, on or before the date, by an event in which the
  state (or one of its bodies or officials) is on one side and the Islamic Emirate (or one of its
  bodies or officials) on the other. An event sets its own ``rg:ladderLevel`` if it has one, else
  its type's. Only confirmed and reported claims count. With none, "no contact".
- Legal track: the level set by the state's latest listing, ban-suspension or delisting of the
  Taliban movement on or before the date. With none, "no ban recorded".

An event counts from the last day its date may denote (see :func:`regiongraph.model.happened_by`).

>>> from regiongraph.load import load_graph
>>> [p.level for p in ladder_positions(load_graph(), "2025-08-01", ["RUS"])]
['formal-recognition', 'ban-suspended']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from regiongraph.dates import as_of_date
from regiongraph.model import (
    ISLAMIC_EMIRATE,
    affiliations,
    begin_bounds,
    end_bounds,
    government_side,
    instances,
    python_value,
)
from regiongraph.namespaces import CERTAINTY, LEVEL, RG, SCHEMA, SEM
from regiongraph.resolve import display_label, resolve_entity
from regiongraph.validate import curie

COUNTING_CERTAINTIES = {CERTAINTY.confirmed, CERTAINTY.reported}
BASELINE = {"diplomatic": LEVEL["no-contact"], "legal": LEVEL["no-ban-recorded"]}
_TRACKS = {"diplomatic": RG.DiplomaticTrack, "legal": RG.LegalTrack}


@dataclass(frozen=True)
class LadderPosition:
    """A state's level on one track on a date, with the events that set it."""

    country: str
    country_label: str
    track: str
    level: str
    level_label: str
    rank: int
    since: str
    events: list[str]

    def as_row(self) -> dict[str, Any]:
        return {
            "country": self.country_label,
            "track": self.track,
            "level": self.level,
            "rank": self.rank,
            "since": self.since,
            "events": self.events,
        }


@dataclass(frozen=True)
class LadderMove:
    """One sourced fact that set a level on a track for a state, from the last day its date may
    denote. ``evidence`` is an event, or a listing situation whose start or end set the level."""

    evidence: URIRef
    country: URIRef
    track: str
    level: URIRef
    rank: int
    latest_day: date
    date_text: str


def ladder_states(g: Graph) -> list[URIRef]:
    """The states that have a ladder: every country except the one the Islamic Emirate governs."""
    governed = set(g.objects(ISLAMIC_EMIRATE, RG.governs))
    return sorted(c for c in instances(g, SCHEMA.Country) if c not in governed)


def ladder_moves(g: Graph) -> list[LadderMove]:
    """Every event that sets a ladder level for some state, oldest first."""
    belongs = affiliations(g)
    emirate_side = government_side(g)
    states = set(ladder_states(g))
    moves = []
    for event in instances(g, SEM.Event):
        if g.value(event, RG.certainty) not in COUNTING_CERTAINTIES:
            continue
        level = g.value(event, RG.ladderLevel) or g.value(
            g.value(event, SEM.eventType), RG.ladderLevel
        )
        bounds = begin_bounds(g, event)
        if not isinstance(level, URIRef) or bounds is None:
            continue
        track = "legal" if g.value(level, RG.track) == RG.LegalTrack else "diplomatic"
        rank = int(python_value(g.value(level, RG.ladderRank)))
        actors = set(g.objects(event, RG.actor))
        others = set(g.objects(event, RG.counterpart)) | set(g.objects(event, RG.participant))
        for country in states:
            if track == "legal":
                concerned = any(country in belongs.get(a, set()) for a in actors)  # type: ignore[call-overload]
            else:
                concerned = _facing(country, actors | others, belongs, emirate_side)
            if concerned:
                date_text = str(g.value(event, SCHEMA.startDate))
                moves.append(LadderMove(event, country, track, level, rank, bounds[1], date_text))
    moves += listing_moves(g, states)
    moves.sort(key=lambda m: (m.latest_day, str(m.evidence)))
    return moves


def listing_moves(g: Graph, states: set[URIRef]) -> list[LadderMove]:
    """Legal-track moves from listing situations: a listing sets "banned" from its start and
    "ban lifted" from its end; a ban suspension sets "ban suspended" from its start. Each move
    points at the event that began or ended the situation, or at the situation itself."""
    moves = []
    kinds = (
        (RG.Listing, LEVEL.banned, LEVEL["ban-lifted"]),
        (RG.BanSuspension, LEVEL["ban-suspended"], None),
    )
    for cls, start_level, end_level in kinds:
        for situation in instances(g, cls):
            country = g.value(situation, RG.listedBy)
            if not isinstance(country, URIRef):
                continue
            if (
                country not in states
                or g.value(situation, RG.certainty) not in COUNTING_CERTAINTIES
            ):
                continue
            begin, end = begin_bounds(g, situation), end_bounds(g, situation)
            if begin is not None and g.value(situation, SCHEMA.startDate) is not None:
                evidence = _evidence(g, situation, RG.startedBy)
                text = str(g.value(situation, SCHEMA.startDate))
                moves.append(_listing_move(g, evidence, country, start_level, begin[1], text))
            if end is not None and end_level is not None:
                evidence = _evidence(g, situation, RG.endedBy)
                text = str(g.value(situation, SCHEMA.endDate))
                moves.append(_listing_move(g, evidence, country, end_level, end[1], text))
    return moves


def _evidence(g: Graph, situation: URIRef, predicate: URIRef) -> URIRef:
    event = g.value(situation, predicate)
    return event if isinstance(event, URIRef) else situation


def _listing_move(
    g: Graph, evidence: URIRef, country: URIRef, level: URIRef, day: date, text: str
) -> LadderMove:
    rank = int(python_value(g.value(level, RG.ladderRank)))
    return LadderMove(evidence, country, "legal", level, rank, day, text)


def ladder_positions(
    g: Graph,
    as_of: str | date | None = None,
    countries: Sequence[str] = (),
    moves: list[LadderMove] | None = None,
) -> list[LadderPosition]:
    """Each state's position on both tracks on ``as_of`` (default: today)."""
    day = as_of if isinstance(as_of, date) else as_of_date(as_of)
    states = ladder_states(g)
    if countries:
        wanted = [resolve_entity(g, c, among=states, kind="country") for c in countries]
        states = [s for s in states if s in wanted]
    all_moves = moves if moves is not None else ladder_moves(g)
    positions = []
    for country in states:
        for track in ("diplomatic", "legal"):
            relevant = [
                m
                for m in all_moves
                if m.country == country and m.track == track and m.latest_day <= day
            ]
            positions.append(_position(g, country, track, relevant))
    return positions


def _position(g: Graph, country: URIRef, track: str, moves: list[LadderMove]) -> LadderPosition:
    if not moves:
        level, setting = BASELINE[track], []
    elif track == "diplomatic":
        top = max(m.rank for m in moves)
        setting = [m for m in moves if m.rank == top]
        level = setting[0].level
    else:
        # The latest move decides; "since" is the first move of the unbroken run at that level,
        # so a later, disputed date for the same step does not move it.
        level = moves[-1].level
        run_start = len(moves) - 1
        while run_start > 0 and moves[run_start - 1].level == level:
            run_start -= 1
        setting = moves[run_start:]
    first = setting[0] if setting else None
    rank_value = g.value(level, RG.ladderRank)
    return LadderPosition(
        country=curie(country),
        country_label=display_label(g, country),
        track=track,
        level=str(g.value(level, SKOS.notation)),
        level_label=display_label(g, level),
        rank=int(python_value(rank_value) or 0),
        since=first.date_text if first else "",
        events=list(dict.fromkeys(curie(m.evidence) for m in setting)),
    )


def _facing(
    country: URIRef, sides: set[Any], belongs: dict[URIRef, set[URIRef]], emirate_side: set[URIRef]
) -> bool:
    """Whether the state and the Islamic Emirate both take part, as different nodes."""
    ours = {n for n in sides if country in belongs.get(n, set()) and n not in emirate_side}
    theirs = {n for n in sides if n in emirate_side}
    return bool(ours) and bool(theirs)


def state_timeline(g: Graph, name: str) -> list[dict[str, Any]]:
    """A state's moves over time on both tracks, oldest first: each sourced fact that set a
    level, whether it changed the state's position, and the position after it.

    >>> from regiongraph.load import load_graph
    >>> [m["position"] for m in state_timeline(load_graph(), "Kyrgyzstan") if m["changed"]][:2]
    ['banned as terrorist or extremist', 'working contacts or aid']
    """
    states = ladder_states(g)
    country = resolve_entity(g, name, among=states, kind="country")
    current: dict[str, tuple[int, URIRef] | None] = {"diplomatic": None, "legal": None}
    rows = []
    for move in ladder_moves(g):
        if move.country != country:
            continue
        before = current[move.track]
        if move.track == "diplomatic":
            higher = before is None or move.rank > before[0]
            after = (move.rank, move.level) if higher else before
        else:
            after = (move.rank, move.level)
        assert after is not None
        current[move.track] = after
        summary = g.value(move.evidence, SCHEMA.description) or g.value(move.evidence, RG.role)
        rows.append(
            {
                "date": move.date_text,
                "track": move.track,
                "sets": display_label(g, move.level),
                "changed": before is None or before[1] != after[1],
                "position": display_label(g, after[1]),
                "evidence": curie(move.evidence),
                "summary": str(summary or ""),
            }
        )
    return rows
