"""Named queries: one ``.rq`` file per analyst question in ``graph/queries/``, the file stem being
the name. Each starts with a comment header:

    # title: Who recognised the Islamic Emirate, and when
    # description: States that formally recognised the government, with dates and sources.
    # param: as_of date = today | the date the question is asked on

A parameter has a name, a type (``date``, ``country``, ``entity``, ``string``, ``integer``), an
optional default after ``=``, and a description after ``|``. Values given by the user are turned
into RDF terms (a country by any of its names, a date checked and typed) and bound, never pasted.

>>> from regiongraph.locate import find_graph_dir
>>> "recognitions" in {q.name for q in list_queries(find_graph_dir())}
True
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from regiongraph.dates import as_of_date, parse_date
from regiongraph.errors import RegionGraphError, UnknownEntityError
from regiongraph.records import Record

TYPE_CHECKING = False  # typing is not imported at run time (see regiongraph.launch)
if TYPE_CHECKING:  # nor rdflib, which is imported where it is used
    from typing import Any

    from rdflib import Graph
    from rdflib.term import Identifier

    from regiongraph.sparql import QueryResult

PARAM_TYPES = ("date", "country", "entity", "string", "integer")
_HEADER = re.compile(r"^#\s*(title|description|param):\s*(.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?P<type>\w+)(?:\s*=\s*(?P<default>[^|]*?))?\s*"
    r"(?:\|\s*(?P<description>.*))?$"
)


class Parameter(Record):
    """A parameter of a named query."""

    __slots__ = _fields = ("name", "type", "default", "description")
    name: str
    type: str
    default: str | None
    description: str

    def __init__(self, name: str, type: str, default: str | None, description: str) -> None:
        self._set(name, type, default, description)


class NamedQuery(Record):
    """A query file with its header."""

    __slots__ = _fields = ("name", "title", "description", "parameters", "text", "path")
    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str
    path: Path

    def __init__(
        self,
        name: str,
        title: str,
        description: str,
        parameters: tuple[Parameter, ...],
        text: str,
        path: Path,
    ) -> None:
        self._set(name, title, description, parameters, text, path)

    def as_row(self) -> dict[str, Any]:
        params = ", ".join(
            f"{p.name} ({p.type}{' = ' + p.default if p.default else ''})" for p in self.parameters
        )
        return {"name": self.name, "title": self.title, "parameters": params}


def read_named_query(path: Path) -> NamedQuery:
    """Read a ``.rq`` file and its header."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise RegionGraphError(f"cannot read query file {path}: {error.strerror}") from None
    title, description, params = "", "", []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = _HEADER.match(line)
        if match is None:
            continue
        key, value = match.groups()
        if key == "title":
            title = value.strip()
        elif key == "description":
            description = (description + " " + value.strip()).strip()
        else:
            params.append(_parse_param(value.strip(), path))
    return NamedQuery(path.stem, title or path.stem, description, tuple(params), text, path)


def list_queries(graph_dir: Path) -> list[NamedQuery]:
    """Every named query of the graph directory, by name."""
    return [read_named_query(p) for p in sorted((graph_dir / "queries").glob("*.rq"))]


def find_query(graph_dir: Path, name: str) -> NamedQuery:
    """A named query by name, or a ``.rq`` file by path."""
    path = Path(name)
    if path.suffix == ".rq" and path.exists():
        return read_named_query(path)
    candidate = graph_dir / "queries" / f"{name}.rq"
    if candidate.exists():
        return read_named_query(candidate)
    if path.suffix == ".rq":
        raise RegionGraphError(f"no query file {name}: check the path")
    names = [q.name for q in list_queries(graph_dir)]
    import difflib

    close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
    raise UnknownEntityError(name, close, kind="named query (see 'regiongraph queries')")


def bind_parameters(
    g: Graph, query: NamedQuery, values: Mapping[str, str], as_of: str | None = None
) -> dict[str, Identifier]:
    """Turn user-given parameter values (and defaults) into RDF terms."""
    given = dict(values)
    if as_of is not None:
        given.setdefault("as_of", as_of)
    known = {p.name for p in query.parameters}
    unknown = sorted(set(given) - known)
    if unknown:
        listed = ", ".join(sorted(known)) or "none"
        raise RegionGraphError(
            f"query {query.name!r} has no parameter {', '.join(unknown)} (its parameters: {listed})"
        )
    bound: dict[str, Identifier] = {}
    for param in query.parameters:
        raw = given.get(param.name, param.default)
        if raw is None or raw == "":
            continue
        bound[param.name] = to_term(g, param, raw)
    return bound


def to_term(g: Graph, param: Parameter, raw: str) -> Identifier:
    """One parameter value as an RDF term."""
    # Imported per branch: an import statement costs about a microsecond even when the module
    # is loaded, a tenth of a light query's own time on a merged store.
    if param.type == "entity":
        from regiongraph.resolve import resolve_entity

        return resolve_entity(g, raw)
    if param.type == "country":
        from regiongraph.model import instances
        from regiongraph.namespaces import SCHEMA
        from regiongraph.resolve import resolve_entity

        countries = instances(g, SCHEMA.Country)
        return resolve_entity(g, raw, among=countries, kind="country")
    from rdflib import Literal
    from rdflib.namespace import XSD

    if param.type == "date":
        day: date = as_of_date(None) if raw == "today" else _day(param, raw)
        return Literal(day.isoformat(), datatype=XSD.date)
    if param.type == "integer":
        try:
            return Literal(int(raw))
        except ValueError:
            raise RegionGraphError(
                f"parameter {param.name} must be a whole number, not {raw!r}"
            ) from None
    return Literal(raw)


def run_named_query(
    g: Graph,
    query: NamedQuery,
    values: Mapping[str, str] | None = None,
    as_of: str | None = None,
) -> QueryResult:
    """Run a named query over ``g`` with its parameters bound."""
    from regiongraph.sparql import run_sparql

    bindings = bind_parameters(g, query, values or {}, as_of)
    return run_sparql(g, query.text, bindings, where=str(query.path))


def _day(param: Parameter, raw: str) -> date:
    parsed = parse_date(raw)
    return parsed.latest if param.name in ("as_of", "until") else parsed.earliest


def _parse_param(text: str, path: Path) -> Parameter:
    match = _PARAM.match(text)
    if match is None or match["type"] not in PARAM_TYPES:
        raise RegionGraphError(
            f"{path}: bad parameter line {text!r}: write '# param: NAME TYPE [= DEFAULT] | "
            f"description' with TYPE one of {', '.join(PARAM_TYPES)}"
        )
    default = match["default"].strip() if match["default"] else None
    return Parameter(match["name"], match["type"], default, (match["description"] or "").strip())
