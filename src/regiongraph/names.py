"""How names compare: case- and accent-insensitively, with runs of spaces as one (no rdflib)."""

from __future__ import annotations

import unicodedata


def normalise(text: str) -> str:
    """Case- and accent-insensitive form of a name.

    >>> normalise("  Émomali   RAHMON ")
    'emomali rahmon'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())
