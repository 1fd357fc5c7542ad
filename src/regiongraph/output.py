"""Render rows (lists of dicts) as a text table, JSON, CSV or TSV.

>>> print(render([{"a": 1, "b": ["x", "y"]}], "csv"), end="")
a,b
1,x; y
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

TYPE_CHECKING = False  # typing is not imported at run time (see regiongraph.launch)
if TYPE_CHECKING:
    from typing import Any

FORMATS = ("table", "json", "csv", "tsv")
# Identifiers and dates stay whole in tables so that they can be copied from the screen.
_NEVER_CUT = frozenset({"id", "type", "date", "precision", "since", "rank"})


def render(
    rows: Sequence[dict[str, Any]],
    fmt: str = "table",
    columns: Sequence[str] | None = None,
    max_width: int | None = None,
) -> str:
    """Render ``rows`` in ``fmt``; ``columns`` picks and orders the keys."""
    keys = list(columns) if columns else (list(rows[0]) if rows else [])
    if fmt == "json":
        import json  # json and csv are imported for their formats only (see regiongraph.launch)

        return (
            json.dumps([{k: r.get(k) for k in keys} for r in rows], ensure_ascii=False, indent=2)
            + "\n"
        )
    if fmt in ("csv", "tsv"):
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(keys)
        for row in rows:
            writer.writerow([_flat(row.get(k)) for k in keys])
        return buffer.getvalue()
    if fmt == "table":
        return table(rows, keys, max_width)
    raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")


def table(rows: Sequence[dict[str, Any]], keys: Sequence[str], max_width: int | None = None) -> str:
    """A plain aligned text table; long cells are cut so the table fits the terminal."""
    if not rows:
        return "(no rows)\n"
    width = max_width or terminal_width()
    cells = [[_flat(r.get(k)) for k in keys] for r in rows]
    widths = [max(len(k), *(len(c[i]) for c in cells)) for i, k in enumerate(keys)]
    budget = width - 2 * (len(keys) - 1)
    shrinkable = [i for i, k in enumerate(keys) if k not in _NEVER_CUT]
    while shrinkable and sum(widths) > budget:
        widest = max(shrinkable, key=lambda i: widths[i])
        if widths[widest] <= 12:
            break
        widths[widest] -= 1
    lines = [
        "  ".join(k.ljust(w)[:w] for k, w in zip(keys, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    for row in cells:
        lines.append("  ".join(_cut(c, w) for c, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines) + "\n"


def _cut(text: str, width: int) -> str:
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"


def _flat(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(_flat(v) for v in value)
    return str(value)


def terminal_width(fallback: int = 160) -> int:
    """Columns of the terminal: ``$COLUMNS``, else the terminal's size, else ``fallback`` (as
    ``shutil.get_terminal_size``, without importing shutil on the fast path).

    >>> terminal_width() > 0
    True
    """
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns > 0:
        return columns
    stream = sys.__stdout__
    if stream is None:
        return fallback
    try:
        return os.get_terminal_size(stream.fileno()).columns or fallback
    except (AttributeError, ValueError, OSError):
        return fallback
