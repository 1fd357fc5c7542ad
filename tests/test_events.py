import csv
import io
import json
from datetime import date

import pytest

from regiongraph.errors import BadDateError, UnknownEntityError
from regiongraph.events import COLUMNS, list_events
from regiongraph.output import render


def test_all_events_have_the_standard_columns_and_are_sorted(ds):
    rows = list_events(ds)
    assert len(rows) >= 150
    for row in rows:
        assert list(row.as_row())[: len(COLUMNS)] == list(COLUMNS)
        assert row.sources and row.actors and row.summary and row.precision
    keys = [r.date for r in rows]
    assert keys[0] < keys[-1]


def test_as_of_keeps_only_what_had_certainly_happened(ds):
    rows = list_events(ds, as_of="2025-10-30")
    assert all(r.date[:7] <= "2025-10" for r in rows)
    ids = {r.id for r in rows}
    # a month-precise October event counts from 31 October only
    assert "event:2025-10-afg-tjk-wafa-yatimov-meeting" not in ids
    assert "event:2025-10-afg-tjk-wafa-yatimov-meeting" in {
        r.id for r in list_events(ds, as_of=date(2025, 10, 31))
    }


def test_country_filter_follows_bodies_and_people(ds):
    rows = list_events(ds, countries=["Tajikistan"])
    ids = {r.id for r in rows}
    assert "event:2025-10-tjk-afg-khatlon-delegation-kunduz" in ids
    assert "event:2025-07-03-rus-afg-recognition" not in ids
    # the Kazakh Security Council's version of the delisting belongs to Kazakhstan
    kaz = {r.id for r in list_events(ds, countries=["KAZ"])}
    assert "event:2023-12-kaz-taliban-delisting-security-council-version" in kaz


def test_type_filter(ds):
    rows = list_events(ds, types=["recognition"])
    assert [r.id for r in rows] == ["event:2025-07-03-rus-afg-recognition"]
    both = list_events(ds, types=["listing", "delisting"])
    assert {r.type for r in both} == {"listing", "delisting"}


def test_bad_filters_raise_clear_errors(ds):
    with pytest.raises(UnknownEntityError, match="visit"):
        list_events(ds, types=["vist"])
    with pytest.raises(UnknownEntityError, match="country"):
        list_events(ds, countries=["Narnia"])
    with pytest.raises(BadDateError):
        list_events(ds, as_of="2025-02-30")


def test_renderings_round_trip(ds):
    rows = [r.as_row() for r in list_events(ds, countries=["RUS"], types=["recognition"])]
    parsed = json.loads(render(rows, "json", COLUMNS))
    assert parsed[0]["date"] == "2025-07-03" and isinstance(parsed[0]["sources"], list)
    table = list(csv.DictReader(io.StringIO(render(rows, "csv", COLUMNS))))
    assert table[0]["type"] == "recognition"
    tsv = render(rows, "tsv", COLUMNS).splitlines()
    assert tsv[0].split("\t") == list(COLUMNS)
