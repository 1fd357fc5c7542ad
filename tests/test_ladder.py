from datetime import date, timedelta

import pytest

from regiongraph.ladder import ladder_moves, ladder_positions, ladder_states
from regiongraph.namespaces import ID, PROV


def position(g, country, as_of, track):
    (found,) = [p for p in ladder_positions(g, as_of, [country]) if p.track == track]
    return found


@pytest.mark.parametrize(
    ("country", "as_of", "track", "level", "since"),
    [
        ("Russia", "2025-04-16", "legal", "banned", "2003-02-14"),
        ("Russia", "2025-04-17", "legal", "ban-suspended", "2025-04-17"),
        ("Russia", "2025-07-02", "diplomatic", "accepts-diplomats", "2022-03"),
        ("Russia", "2025-07-03", "diplomatic", "formal-recognition", "2025-07-03"),
        ("Kazakhstan", "2023-12-28", "legal", "banned", "2005-03-15"),
        ("Kazakhstan", "2023-12-29", "legal", "ban-lifted", "2023-12-29"),
        # Later, disputed dates of the same delisting do not move "since".
        ("Kazakhstan", "2025-01-01", "legal", "ban-lifted", "2023-12-29"),
        ("Kyrgyzstan", "2024-09-01", "legal", "banned", "2006-09-15"),
        ("Kyrgyzstan", "2024-09-02", "legal", "ban-lifted", "2024-09-02"),
        ("China", "2024-01-30", "diplomatic", "accepts-ambassador", "2023-09-13"),
        ("Tajikistan", "2025-12-31", "legal", "banned", "2006-03"),
        ("Turkmenistan", "2021-08-14", "diplomatic", "no-contact", ""),
    ],
)
def test_positions_on_known_dates(ds, country, as_of, track, level, since):
    found = position(ds, country, as_of, track)
    assert (found.level, found.since) == (level, since)


def test_every_state_has_both_tracks_on_every_date(ds):
    states = ladder_states(ds)
    assert ID["country/AFG"] not in states
    assert len(states) >= 14
    moves = ladder_moves(ds)
    day = date(2021, 8, 15)
    while day <= date.today():
        positions = ladder_positions(ds, day, moves=moves)
        assert len(positions) == 2 * len(states)
        day += timedelta(days=61)


def test_every_position_is_traceable_to_sourced_evidence(ds):
    for p in ladder_positions(ds):
        if p.level in ("no-contact", "no-ban-recorded"):
            assert p.events == []
            continue
        assert p.events, p
        for curie in p.events:
            kind, local = curie.split(":", 1)
            node = ID[f"{kind}/{local}"]
            assert list(ds.objects(node, PROV.wasDerivedFrom)), curie


def test_denied_claims_do_not_move_a_state(ds):
    from regiongraph.namespaces import CERTAINTY, RG

    denied = set(ds.subjects(RG.certainty, CERTAINTY.denied))
    assert denied
    assert not {m.evidence for m in ladder_moves(ds)} & denied
