from datetime import date

import pytest
from rdflib import Literal
from rdflib.namespace import XSD

from regiongraph.dates import as_of_date, from_literal, parse_date
from regiongraph.errors import BadDateError


@pytest.mark.parametrize(
    ("text", "precision", "earliest", "latest"),
    [
        ("2025-07-03", "day", date(2025, 7, 3), date(2025, 7, 3)),
        ("2023-12", "month", date(2023, 12, 1), date(2023, 12, 31)),
        ("2024-02", "month", date(2024, 2, 1), date(2024, 2, 29)),
        ("2023-02", "month", date(2023, 2, 1), date(2023, 2, 28)),
        ("2024", "year", date(2024, 1, 1), date(2024, 12, 31)),
    ],
)
def test_dates_keep_their_precision(text, precision, earliest, latest):
    parsed = parse_date(text)
    assert (parsed.precision, parsed.earliest, parsed.latest) == (precision, earliest, latest)
    assert str(parsed.to_literal()) == text


@pytest.mark.parametrize(
    "text", ["2025-13", "2025-02-30", "3 July 2025", "25-07-03", "", "2025/07/03"]
)
def test_malformed_dates_are_refused(text):
    with pytest.raises(BadDateError, match="date"):
        parse_date(text)


def test_literal_datatype_must_match_precision():
    assert from_literal(Literal("2023-12", datatype=XSD.gYearMonth)).precision == "month"
    assert from_literal(Literal("2023-12-01", datatype=XSD.gYearMonth)) is None
    assert from_literal(Literal("2023-13-01", datatype=XSD.date)) is None
    assert from_literal(Literal("2023")) is None


def test_as_of_means_the_last_day_denoted():
    assert as_of_date("2025") == date(2025, 12, 31)
    assert as_of_date("2025-07-03") == date(2025, 7, 3)
    assert as_of_date(None) == date.today()


def test_fuzzy_dates_behave_as_values():
    import copy
    import pickle

    month = parse_date("2024-02")
    assert month == parse_date("2024-02") and hash(month) == hash(parse_date("2024-02"))
    assert month != parse_date("2024-02-29")
    assert pickle.loads(pickle.dumps(month)) == month
    assert copy.deepcopy(month) == month and copy.copy(month) == month
    assert sorted([parse_date("2025"), month, parse_date("2024-01-31")]) == [
        parse_date("2024-01-31"), month, parse_date("2025"),
    ]  # fmt: skip
    assert repr(month).startswith("FuzzyDate(earliest=datetime.date(2024, 2, 1), latest=")
    with pytest.raises(AttributeError, match="immutable"):
        month.text = "2024-03"  # type: ignore[misc]
    with pytest.raises(TypeError):
        assert month < "2024-03"


@pytest.mark.parametrize(
    ("text", "last"),
    [("2023-12", "2023-12-31"), ("2024-02", "2024-02-29"), ("2100-02", "2100-02-28"),
     ("2025-04", "2025-04-30"), ("2025-01", "2025-01-31")],
)  # fmt: skip
def test_a_month_ends_on_its_last_day(text, last):
    assert parse_date(text).latest.isoformat() == last
