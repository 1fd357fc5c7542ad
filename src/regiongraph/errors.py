"""Errors raised by regiongraph. The CLI turns each into one line, ``Error: ...``, and exit 1."""

from __future__ import annotations


class RegionGraphError(Exception):
    """Base class: a problem the user can fix, with a message that says what, where and how."""


class GraphNotFoundError(RegionGraphError):
    """No graph directory could be found."""


class GraphSyntaxError(RegionGraphError):
    """A Turtle or SPARQL file does not parse."""

    def __init__(self, path: str, line: int | None, problem: str) -> None:
        self.path, self.line, self.problem = path, line, problem
        where = f"{path}, line {line}" if line is not None else path
        super().__init__(f"{where}: {problem}")


class UnknownEntityError(RegionGraphError):
    """A name that matches no entity; carries suggestions."""

    def __init__(self, name: str, suggestions: list[str], kind: str = "entity") -> None:
        self.name, self.suggestions = name, suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown {kind} {name!r}.{hint}")


class AmbiguousEntityError(RegionGraphError):
    """A name that matches several entities."""


class BadDateError(RegionGraphError):
    """A date that is not YYYY, YYYY-MM or YYYY-MM-DD."""
