"""Tables for notebooks: pandas DataFrames where pandas is installed (the ``notebooks`` extra),
plain lists of dicts otherwise.

>>> table([{"a": 1}, {"a": 2}])["a"].tolist() if has_pandas() else [1, 2]
[1, 2]
"""

from __future__ import annotations

import dataclasses
import importlib.util
from collections.abc import Iterable
from typing import Any

from regiongraph.records import Record


def has_pandas() -> bool:
    """Whether pandas can be imported."""
    return importlib.util.find_spec("pandas") is not None


def table(records: Iterable[Any], columns: list[str] | None = None) -> Any:
    """A DataFrame of ``records`` (dicts, dataclasses, records, objects with ``as_row()``, or a
    QueryResult), or the plain rows when pandas is missing."""
    rows = _rows(records)
    if not has_pandas():
        return [{k: r.get(k) for k in columns} for r in rows] if columns else rows
    import pandas

    frame = pandas.DataFrame(rows)
    return frame[columns] if columns else frame


def _rows(records: Any) -> list[dict[str, Any]]:
    if hasattr(records, "rows") and callable(records.rows):
        return list(records.rows())
    rows = []
    for record in records:
        if isinstance(record, dict):
            rows.append(record)
        elif hasattr(record, "as_row"):
            rows.append(record.as_row())
        elif dataclasses.is_dataclass(record) and not isinstance(record, type):
            rows.append(dataclasses.asdict(record))
        elif isinstance(record, Record):
            rows.append(record.as_dict())
        else:
            raise TypeError(f"cannot make a table row of {type(record).__name__}")
    return rows
