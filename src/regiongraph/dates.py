"""Dates with their precision.

A fact dated "December 2023" is stored as ``"2023-12"^^xsd:gYearMonth``, not as 2023-12-01: the
datatype is the precision. For comparisons each date has two bounds, the first and the last day
it may denote.

>>> d = parse_date("2023-12")
>>> d.precision, d.earliest.isoformat(), d.latest.isoformat()
('month', '2023-12-01', '2023-12-31')
>>> parse_date("2024").latest.isoformat()
'2024-12-31'
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from regiongraph.errors import BadDateError
from regiongraph.records import Record

TYPE_CHECKING = False  # typing is not imported at run time (see regiongraph.launch)
if TYPE_CHECKING:
    from typing import Any, Literal

    Precision = Literal["day", "month", "year"]


_PATTERNS: list[tuple[re.Pattern[str], Precision]] = [
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), "day"),
    (re.compile(r"^(\d{4})-(\d{2})$"), "month"),
    (re.compile(r"^(\d{4})$"), "year"),
]
_XSD = "http://www.w3.org/2001/XMLSchema#"
_DATATYPES = {"day": _XSD + "date", "month": _XSD + "gYearMonth", "year": _XSD + "gYear"}
_PRECISION_OF_DATATYPE = {v: k for k, v in _DATATYPES.items()}


class FuzzyDate(Record):
    """A date known to a day, a month or a year, with its first and last possible day."""

    __slots__ = _fields = ("earliest", "latest", "precision", "text")
    earliest: date
    latest: date
    precision: Precision
    text: str

    def __init__(self, earliest: date, latest: date, precision: Precision, text: str) -> None:
        self._set(earliest, latest, precision, text)

    def __str__(self) -> str:
        return self.text

    def to_literal(self) -> Any:
        """The date as an RDF literal whose datatype carries the precision.

        >>> parse_date("2025-07").to_literal().datatype.endswith("gYearMonth")
        True
        """
        from rdflib import Literal as RDFLiteral
        from rdflib import URIRef

        return RDFLiteral(self.text, datatype=URIRef(_DATATYPES[self.precision]))


def parse_date(text: str) -> FuzzyDate:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise BadDateError otherwise.

    >>> parse_date("2025-07-03").precision
    'day'
    >>> parse_date("3 July 2025")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    regiongraph.errors.BadDateError: malformed date '3 July 2025': write YYYY, YYYY-MM or ...
    """
    cleaned = text.strip()
    for pattern, precision in _PATTERNS:
        match = pattern.match(cleaned)
        if not match:
            continue
        parts = [int(p) for p in match.groups()]
        try:
            if precision == "day":
                first = last = date(parts[0], parts[1], parts[2])
            elif precision == "month":
                first = date(parts[0], parts[1], 1)
                following = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
                last = following - timedelta(days=1)
            else:
                first, last = date(parts[0], 1, 1), date(parts[0], 12, 31)
        except ValueError as error:
            raise BadDateError(f"impossible date {text!r}: {error}") from None
        return FuzzyDate(first, last, precision, cleaned)
    raise BadDateError(
        f"malformed date {text!r}: write YYYY, YYYY-MM or YYYY-MM-DD, for example 2025-07-03"
    )


def from_literal(value: object) -> FuzzyDate | None:
    """The FuzzyDate of an RDF date literal, or None when it is not a well-formed date of
    one of the three precision datatypes (the SHACL shapes report those)."""
    from rdflib import Literal as RDFLiteral

    datatype = str(value.datatype) if isinstance(value, RDFLiteral) else ""
    if datatype not in _PRECISION_OF_DATATYPE:
        return None
    assert isinstance(value, RDFLiteral)
    if value.ill_typed:
        return None
    try:
        parsed = parse_date(str(value))
    except BadDateError:
        return None
    if parsed.precision != _PRECISION_OF_DATATYPE[datatype]:
        return None
    return parsed


def as_of_date(text: str | None) -> date:
    """The day an "as of" question is asked on: today when None, else the last day that the
    given date denotes (``--as-of 2024`` means the end of 2024).

    >>> as_of_date("2024-02").isoformat()
    '2024-02-29'
    """
    if text is None:
        return date.today()
    return parse_date(text).latest
